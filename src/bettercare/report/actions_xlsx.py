"""The action plan as an Excel workbook in the review's columns, one row per risk.

The status column offers the review's three outcome statuses as a drop-down, so the HWB and
area team can keep the same file up to date.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bettercare.frameworks import Framework
from bettercare.model import Assessment
from bettercare.report.cells import safe_cell

# (header, width, value of an Action)
COLUMNS: list[tuple[str, int, str]] = [
    ("Priority", 9, "priority"),
    ("Review area", 12, "area"),
    ("Severity", 13, "severity"),
    ("Risk code", 9, "risk"),
    ("Risk", 40, "title"),
    ("Reviewer's reasoning", 60, "reasoning"),
    ("Notes of discussion with HWB and area team", 40, "discussion_notes"),
    ("Outcome status", 30, "status"),
    ("Action required", 50, "action"),
    ("Owner", 30, "owner"),
    ("Skills / support needed", 30, "support"),
    ("Target date", 13, "target_date"),
    ("HWB response", 40, "response"),
]
_HEADER_FILL = PatternFill("solid", fgColor="1D2329")
_WRAP = Alignment(wrap_text=True, vertical="top")


def actions_workbook(assessment: Assessment, framework: Framework, area: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Action plan"
    sheet.append([safe_cell(f"BCF assurance action plan – {area}")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [f"Category: {assessment.category}", None, None, None, f"Assessed {assessment.assessed_on}"]
    )  # framework words and a date: no document text
    sheet.append([header for header, _, _ in COLUMNS])
    for index, (_, width, _) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=3, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width
    for action in assessment.actions:
        # Document text (scheme names, quoted lines, a review's notes) written as safe text.
        sheet.append([safe_cell(getattr(action, attribute)) for _, _, attribute in COLUMNS])
        for cell in sheet[sheet.max_row]:
            cell.alignment = _WRAP
        sheet.cell(row=sheet.max_row, column=len(COLUMNS)).number_format = "dd/mm/yyyy"
    statuses = ",".join(s.replace(",", " ") for s in framework.assurance.statuses)
    validation = DataValidation(type="list", formula1=f'"{statuses}"', allow_blank=False)
    status_column = next(i for i, c in enumerate(COLUMNS, start=1) if c[2] == "status")
    letter = get_column_letter(status_column)
    if assessment.actions:
        validation.add(f"{letter}4:{letter}{3 + len(assessment.actions)}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A4"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
