"""The Part 2 workbook → `Part2`, found by sheet names and header labels, not fixed cells.

Every cell that cannot be read is a warning addressed "Sheet!B7" with what was wrong, and the
value is left empty; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bettercare.extract.context import pointer
from bettercare.extract.values import parse_money, parse_number
from bettercare.frameworks import Framework, Part2Cell, Part2Sheet, compiled, load_framework
from bettercare.model import Plan, ReadWarning
from bettercare.model.part2 import BenefitLine, ExpenditureLine, P4PQuarter, Part2, SupportingLine
from bettercare.model.warnings import WARNINGS
from bettercare.read.workbook import Cell, Sheet, Workbook

_HEADER_SEARCH_ROWS = 40
_ROW_TYPES: dict[str, type[Any]] = {
    "expenditure": ExpenditureLine,
    "benefits": BenefitLine,
    "p4p": P4PQuarter,
    "supporting": SupportingLine,
}
_SPACE = re.compile(r"\s+")
_TOTAL = re.compile(r"^(?:grand )?totals?\b", re.IGNORECASE)


class CellError(ValueError):
    """A cell's value does not fit its kind; the message says how."""


def _text(value: Any) -> str:
    return _SPACE.sub(" ", str(value)).strip() if value is not None else ""


def convert(cell: Cell, rule: Part2Cell) -> Any:
    """A cell's value as its kind requires, None when blank; `CellError` when it does not fit."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if rule.kind == "text":
        return _text(value)
    if rule.kind == "choice":
        for choice in rule.choices:
            if _text(value).lower() == choice.lower():
                return choice
        raise CellError(f"'{_text(value)}' is not one of: {', '.join(rule.choices)}")
    number: float | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float):
        number = float(value) * (100 if rule.kind == "percent" and cell.percent else 1)
    elif rule.kind == "money":
        money = parse_money(_text(value))
        number = float(money.pounds) if money else parse_number(_text(value))
    else:
        number = parse_number(_text(value).rstrip("%").strip())
    if number is None:
        raise CellError(f"'{_text(value)[:60]}' is not a number")
    if rule.kind != "change" and number < 0:
        raise CellError(f"{number:g} is negative")
    if rule.kind == "percent" and number > 100:
        raise CellError(f"{number:g}% is over 100%")
    if rule.kind == "money":
        return round(number)
    return number


@dataclass
class _Reading:
    framework: Framework
    warnings: list[ReadWarning] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)

    def warn(self, code: str, message: str, cell: str | None = None) -> None:
        if code not in WARNINGS:
            raise KeyError(code)
        self.warnings.append(ReadWarning(code=code, message=message, cell=cell))

    def read(self, sheet: Sheet, row: int, column: int, rule: Part2Cell, where: str) -> Any:
        address = sheet.address(row, column)
        try:
            value = convert(sheet.value(row, column), rule)
        except CellError as error:
            self.warn("cell-invalid", f"{address}: {rule.label}: {error}", address)
            return None
        if value is not None:
            self.cells[where] = address
        return value


def _find_sheet(book: Workbook, rule: Part2Sheet) -> Sheet | None:
    for sheet in book.sheets:
        if compiled(rule.pattern).search(_text(sheet.title)):
            return sheet
    return None


def _fields(sheet: Sheet, rule: Part2Sheet, reading: _Reading, into: dict[str, Any]) -> None:
    for field_rule in rule.fields:
        blank = True
        for row_number, row in enumerate(sheet.rows, start=1):
            column = next(
                (
                    i
                    for i, c in enumerate(row, 1)
                    if compiled(field_rule.pattern).search(_text(c.value))
                ),
                None,
            )
            if column is None:
                continue
            value_column = column + 1
            while value_column <= len(row) and row[value_column - 1].value is None:
                value_column += 1
            blank = _text(sheet.value(row_number, value_column).value) == ""
            into[field_rule.id] = reading.read(
                sheet, row_number, value_column, field_rule, pointer(field_rule.id)
            )
            break
        if blank and field_rule.required:
            reading.warn("cell-missing", f"{sheet.title}: '{field_rule.label}' is missing or empty")


def _header(sheet: Sheet, rule: Part2Sheet) -> tuple[int, dict[str, int]] | None:
    """The header row and column of each column id, by label; best row in the first rows."""
    best: tuple[int, dict[str, int]] | None = None
    for row_number, row in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS], start=1):
        found: dict[str, int] = {}
        for column_rule in rule.columns:
            for column, cell in enumerate(row, start=1):
                if column in found.values():
                    continue
                if compiled(column_rule.pattern).search(_text(cell.value)):
                    found[column_rule.id] = column
                    break
        if len(found) > len(best[1] if best else {}):
            best = (row_number, found)
    if best is None or len(best[1]) * 2 < len(rule.columns):
        return None
    return best


def _table(sheet: Sheet, rule: Part2Sheet, reading: _Reading) -> list[Any]:
    header = _header(sheet, rule)
    if header is None:
        reading.warn("part2-column-missing", f"{sheet.title}: no header row with the columns")
        return []
    header_row, columns = header
    for column_rule in rule.columns:
        if column_rule.id not in columns:
            reading.warn("part2-column-missing", f"{sheet.title}: no '{column_rule.label}' column")
    rows: list[Any] = []
    for row_number in range(header_row + 1, len(sheet.rows) + 1):
        cells = {cid: sheet.value(row_number, column) for cid, column in columns.items()}
        if all(_text(cell.value) == "" for cell in cells.values()):
            continue  # a blank row inside the table is skipped, never the end of reading
        if _TOTAL.match(_text(sheet.value(row_number, min(columns.values())).value)):
            continue  # the sheet's own total row is not a line
        values: dict[str, Any] = {"row": row_number}
        for column_rule in rule.columns:
            if column_rule.id not in columns:
                continue
            where = pointer(rule.id, len(rows), column_rule.id)
            value = reading.read(sheet, row_number, columns[column_rule.id], column_rule, where)
            values[column_rule.id] = value
            filled = _text(cells[column_rule.id].value) != ""
            if column_rule.required and value is None and not filled:
                address = sheet.address(row_number, columns[column_rule.id])
                reading.warn("cell-missing", f"{address}: {column_rule.label} is empty", address)
        rows.append(_ROW_TYPES[rule.id].model_validate(values))
    return rows


def extract_part2(book: Workbook, framework: Framework | None = None) -> Plan:
    """A Plan holding the workbook's Part 2 data (and its HWB), with cell-addressed warnings."""
    framework = framework or load_framework()
    reading = _Reading(framework)
    data: dict[str, Any] = {}
    for rule in framework.part2_rules.sheets:
        if not rule.fields and not rule.columns:
            continue
        sheet = _find_sheet(book, rule)
        if sheet is None:
            reading.warn("part2-sheet-missing", f"no sheet named like '{rule.name}'")
            continue
        _fields(sheet, rule, reading, data)
        if rule.columns:
            data[rule.id] = _table(sheet, rule, reading)
    part2 = Part2.model_validate({**data, "cells": reading.cells})
    current = framework.part2_rules.version
    if part2.version != current:
        reading.warn(
            "part2-version-old",
            f"the workbook's template version is {part2.version or 'not stated'!s}, "
            f"not the current '{current}'",
            reading.cells.get(pointer("version")),
        )
    return Plan(
        framework=framework.id,
        template="part2",
        template_name=f"Part 2 workbook ({part2.version or 'version not stated'})",
        health_and_wellbeing_board=part2.hwb,
        local_authorities=[part2.local_authorities] if part2.local_authorities else [],
        ccgs=[part2.ccgs] if part2.ccgs else [],
        part2=part2,
        warnings=reading.warnings,
    )
