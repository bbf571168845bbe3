"""The national roll-up as an Excel workbook: one sheet per table, frozen header row, number
formats by column kind (pounds, counts, per cent). Every cell through `report.cells`."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from bettercare.national.rollup import NationalRollup
from bettercare.national.tables import Kind, rollup_tables
from bettercare.report.cells import safe_cell

FORMATS: dict[Kind, str] = {
    "money": '"£"#,##0',
    "count": "#,##0",
    "percent": '0.00"%"',
    "number": "#,##0.##",
    "text": "General",
}
_HEADER_FILL = PatternFill("solid", fgColor="1D2329")


def national_workbook(rollup: NationalRollup) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table in rollup_tables(rollup):
        sheet = book.create_sheet(table.name[:31])
        sheet.append([column.header for column in table.columns])
        for index, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = _HEADER_FILL
            width = 14 if column.kind != "text" else 28
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row in table.rows:
            sheet.append([safe_cell(value) for value in row])
            for index, column in enumerate(table.columns, start=1):
                if column.kind != "text":
                    sheet.cell(row=sheet.max_row, column=index).number_format = FORMATS[column.kind]
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
