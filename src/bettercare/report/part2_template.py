"""The Part 2 workbook template, written from the framework's `[[part2.sheets]]`.

Input cells are yellow and validated (drop-down lists, whole pounds, numbers in range); a
checklist sheet shows per required cell whether it is filled, the way later official
templates did. Given a Part 1 plan, the cover, schemes and metrics are prefilled from it.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bettercare.frameworks import Framework, Part2Cell, Part2Sheet
from bettercare.model import Plan
from bettercare.report.cells import safe_text

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="1D2329")
BLANK_ROWS = 20
_WRAP = Alignment(wrap_text=True, vertical="top")


def _validation(rule: Part2Cell) -> DataValidation | None:
    message = f"{rule.label}: "
    if rule.kind == "choice":
        validation = DataValidation(type="list", formula1='"' + ",".join(rule.choices) + '"')
        message += "choose from the list"
    elif rule.kind == "money":
        validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        message += "whole pounds, 0 or more"
    elif rule.kind == "number":
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        message += "a number, 0 or more"
    elif rule.kind == "percent":
        validation = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100"
        )
        message += "a percentage from 0 to 100"
    elif rule.kind == "change":
        validation = DataValidation(
            type="decimal", operator="between", formula1="-1000000000", formula2="1000000000"
        )
        message += "a number; negative for a reduction"
    else:
        return None
    validation.error = message
    validation.errorTitle = "Not accepted"
    validation.showErrorMessage = True
    validation.allow_blank = True
    return validation


Value = str | int | float | None


def _input(sheet: Worksheet, row: int, column: int, value: object = None) -> None:
    """An input cell, prefilled with `value`: a number as a number, text from the plan as safe
    text (never a formula: the template's own formulas are written elsewhere)."""
    scalar: Value = (
        value if isinstance(value, int | float) and not isinstance(value, bool) else None
    )
    if isinstance(value, str):
        scalar = safe_text(value)
    cell = sheet.cell(row=row, column=column, value=scalar)
    cell.fill = INPUT_FILL
    cell.alignment = _WRAP


def _validate(sheet: Worksheet, rule: Part2Cell, cells: str) -> None:
    validation = _validation(rule)
    if validation is not None:
        validation.add(cells)
        sheet.add_data_validation(validation)


class _Writer:
    def __init__(self, framework: Framework, plan: Plan | None) -> None:
        self.framework = framework
        self.plan = plan
        self.book = Workbook()
        self.checklist: list[tuple[str, str, str]] = []  # sheet, item, formula
        self.ranges: dict[tuple[str, str], str] = {}  # (sheet id, column id) → "$C$6:$C$9"

    def sheet(self, rule: Part2Sheet) -> Worksheet:
        if self.book.worksheets and self.book.worksheets[0].title == "Sheet":
            sheet = self.book.worksheets[0]
            sheet.title = rule.name
        else:
            sheet = self.book.create_sheet(rule.name)
        sheet["A1"] = rule.name
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = "Yellow cells are for you to fill in."
        sheet["A2"].font = Font(italic=True, color="5B6670")
        return sheet

    def fields(self, sheet: Worksheet, rule: Part2Sheet, values: dict[str, object]) -> int:
        row = 4
        for field in rule.fields:
            sheet.cell(row=row, column=1, value=field.label).font = Font(bold=True)
            _input(sheet, row, 2, values.get(field.id))
            _validate(sheet, field, f"B{row}")
            if field.required:
                ref = f"{quote_sheetname(sheet.title)}!$B${row}"
                self.checklist.append(
                    (sheet.title, field.label, f'=IF(ISBLANK({ref}),"Missing","Filled")')
                )
            row += 1
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 40
        return row + 1

    def table(
        self, sheet: Worksheet, rule: Part2Sheet, start: int, rows: list[dict[str, object]]
    ) -> None:
        for column, cell_rule in enumerate(rule.columns, start=1):
            cell = sheet.cell(row=start, column=column, value=cell_rule.label)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
            cell.alignment = _WRAP
            sheet.column_dimensions[get_column_letter(column)].width = max(
                14, len(cell_rule.label) + 2
            )
        if not rows:
            rows = [{rule.columns[0].id: first} for first in rule.rows]
        count = max(len(rows), len(rule.rows) or BLANK_ROWS)
        first, last = start + 1, start + count
        for offset in range(count):
            values = rows[offset] if offset < len(rows) else {}
            for column, cell_rule in enumerate(rule.columns, start=1):
                _input(sheet, first + offset, column, values.get(cell_rule.id))
        key = get_column_letter(1)
        keys = f"{quote_sheetname(sheet.title)}!${key}${first}:${key}${last}"
        for column, cell_rule in enumerate(rule.columns, start=1):
            letter = get_column_letter(column)
            _validate(sheet, cell_rule, f"{letter}{first}:{letter}{last}")
            cells = f"{quote_sheetname(sheet.title)}!${letter}${first}:${letter}${last}"
            self.ranges[(rule.id, cell_rule.id)] = cells
            if not cell_rule.required or column == 1:
                continue
            if rule.rows:  # fixed rows (quarters, metrics): one entry per cell
                for offset, key in enumerate(rule.rows):
                    ref = f"{quote_sheetname(sheet.title)}!${letter}${first + offset}"
                    formula = f'=IF(ISBLANK({ref}),"Missing","Filled")'
                    self.checklist.append((sheet.title, f"{cell_rule.label}: {key}", formula))
            else:  # rows the plan adds: each row that has a key needs this cell
                formula = f'=IF(COUNTIFS({keys},"<>",{cells},"")=0,"Filled","Missing")'
                self.checklist.append((sheet.title, f"{cell_rule.label} of each row", formula))
        sheet.freeze_panes = f"A{first}"

    def trends(self, rule: Part2Sheet) -> None:
        sheet = self.sheet(rule)
        baseline = self.ranges.get(("p4p", "baseline"))
        planned = self.ranges.get(("p4p", "plan"))
        quarters = self.ranges.get(("p4p", "quarter"))
        if not (baseline and planned and quarters):
            return
        headers = ["Quarter", "Baseline", "Plan", "Change (%)"]
        for column, header in enumerate(headers, start=1):
            cell = sheet.cell(row=4, column=column, value=header)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
        p4p = self.framework.part2_rules.sheet("p4p")
        for offset in range(len(p4p.rows)):
            row = 5 + offset
            for column, source in enumerate((quarters, baseline, planned), start=1):
                sheet_name, cells = source.split("!")
                top = int(cells.split(":")[0].split("$")[-1]) + offset
                letter = cells.split("$")[1]
                sheet.cell(row=row, column=column, value=f"={sheet_name}!{letter}{top}")
            sheet.cell(row=row, column=4, value=f'=IF(B{row}=0,"",(C{row}-B{row})/B{row}*100)')
        chart = LineChart()
        chart.title = "Non-elective admissions: baseline and plan"
        chart.y_axis.title = "Admissions"
        last = 4 + len(p4p.rows)
        chart.add_data(
            Reference(sheet, min_col=2, max_col=3, min_row=4, max_row=last), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=5, max_row=last))
        sheet.add_chart(chart, "F4")

    def checklist_sheet(self) -> None:
        sheet = self.book.create_sheet("Checklist")
        sheet["A1"] = "Checklist: every required cell"
        sheet["A1"].font = Font(bold=True, size=14)
        for column, header in enumerate(("Sheet", "Item", "Status"), start=1):
            cell = sheet.cell(row=3, column=column, value=header)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
        for row, (sheet_name, item, formula) in enumerate(self.checklist, start=4):
            sheet.cell(row=row, column=1, value=sheet_name)
            sheet.cell(row=row, column=2, value=item)
            sheet.cell(row=row, column=3, value=formula)
        for letter, width in (("A", 28), ("B", 44), ("C", 12)):
            sheet.column_dimensions[letter].width = width


def _prefill(plan: Plan | None, framework: Framework) -> dict[str, object]:
    """Values for each sheet from a Part 1 plan: cover, schemes and metrics."""
    values: dict[str, object] = {"version": framework.part2_rules.version}
    if plan is None:
        return values
    values.update(
        hwb=plan.health_and_wellbeing_board,
        local_authorities="; ".join(plan.local_authorities) or None,
        ccgs="; ".join(plan.ccgs) or None,
        expenditure=[
            {"ref": s.ref, "name": s.name or s.annex_name, "spend_2015_16": s.investment}
            for s in plan.schemes
        ],
    )
    *earlier, year = framework.years
    nel = plan.series(framework.p4p_metric) if framework.p4p_metric else None
    baseline = nel.quarters(earlier[-1] if earlier else year) if nel else [None] * 4
    planned = nel.quarters(year) if nel else [None] * 4
    values["p4p"] = [
        {"quarter": f"Q{q + 1}", "baseline": baseline[q], "plan": planned[q]} for q in range(4)
    ]
    supporting = []
    for metric_id in framework.part2_rules.sheet("supporting").rows:
        metric = next(m for m in framework.metrics if m.id == metric_id)
        found = plan.series(metric_id)
        supporting.append(
            {
                "metric": metric_id,
                "name": metric.name,
                "baseline": found.values[0].value if found and found.values else None,
                "plan": found.values[-1].value if found and found.values else None,
            }
        )
    values["supporting"] = supporting
    return values


def part2_template(framework: Framework, plan: Plan | None = None) -> bytes:
    """The workbook as .xlsx bytes, prefilled from `plan` when one is given."""
    writer = _Writer(framework, plan)
    values = _prefill(plan, framework)
    if "supporting" not in values:
        values["supporting"] = [
            {"metric": m.id, "name": m.name}
            for metric_id in framework.part2_rules.sheet("supporting").rows
            for m in framework.metrics
            if m.id == metric_id
        ]
    for rule in framework.part2_rules.sheets:
        if not rule.fields and not rule.columns:
            writer.trends(rule)
            continue
        sheet = writer.sheet(rule)
        start = writer.fields(sheet, rule, values)
        if rule.columns:
            rows = values.get(rule.id)
            writer.table(sheet, rule, start, rows if isinstance(rows, list) else [])
    writer.checklist_sheet()
    buffer = BytesIO()
    writer.book.save(buffer)
    return buffer.getvalue()
