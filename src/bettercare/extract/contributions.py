"""The contributions table of Annex 1: each organisation's share of the pooled budget."""

from __future__ import annotations

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.values import parse_number
from bettercare.frameworks import compiled
from bettercare.model import Contribution
from bettercare.read import Line

_YES = {"y", "yes"}
_NO = {"n", "no"}


def _columns(header: Line, ctx: Extraction) -> dict[int, str]:
    """Header cell index → column id, by the framework's column labels."""
    found: dict[int, str] = {}
    for index, cell in enumerate(header.cells):
        for column in ctx.framework.contribution_rules.columns:
            if compiled(column.pattern).search(cell) and column.id not in found.values():
                found[index] = column.id
                break
    return found


def read_contributions(lines: list[Line], ctx: Extraction) -> list[Contribution]:
    """Rows under the first contributions header, up to the first line that is not a row."""
    rules = ctx.framework.contribution_rules
    for position, line in enumerate(lines):
        if compiled(rules.header).search(line.text.strip()):
            columns = _columns(line, ctx)
            if len(columns) >= 2:
                return _rows(lines[position + 1 :], columns, ctx)
    return []


def _rows(lines: list[Line], columns: dict[int, str], ctx: Extraction) -> list[Contribution]:
    rows: list[Contribution] = []
    for line in lines:
        if line.blank or line.furniture:
            if rows:
                break
            continue
        cells = line.cells
        if len(cells) < 2:
            break
        row = Contribution(
            organisation=cells[0].strip(),
            total=bool(
                compiled(ctx.framework.contribution_rules.total_row).search(cells[0].strip())
            ),
            line=line.number,
        )
        for index, column in columns.items():
            cell = cells[index].strip() if index < len(cells) else ""
            if column == "holds_pooled_budget":
                answer = cell.lower()
                row.holds_pooled_budget = (
                    True if answer in _YES else False if answer in _NO else None
                )
            else:
                number = parse_number(cell)
                row.amounts[column] = round(number) if number is not None else None
        ctx.cite(pointer("contributions", len(rows)), line)
        rows.append(row)
    return rows
