"""The national roll-up as one CSV in long form: one row per figure (table, row, column,
value), so every table of the roll-up fits one file and loads into any tool. Every cell
passes through `report.cells.safe_cell`."""

from __future__ import annotations

import csv
import io

from bettercare.national.rollup import NationalRollup
from bettercare.national.tables import rollup_tables
from bettercare.report.cells import safe_cell

HEADER = ["table", "row", "column", "value"]


def national_csv(rollup: NationalRollup) -> str:
    """Each table's rows keyed by their first cell; a row's other cells one line each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(HEADER)
    for table in rollup_tables(rollup):
        for number, row in enumerate(table.rows, start=1):
            key = row[0] if row[0] is not None else str(number)
            for column, value in zip(table.columns[1:], row[1:], strict=True):
                cells = [table.name, key, column.header, "" if value is None else value]
                writer.writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()
