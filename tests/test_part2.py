"""The Part 2 workbook: template written and read back, damage reported cell by cell, and the
Part 1 ↔ Part 2 cross-checks passed by a clean pair and failed by one change each."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bettercare import extract_file
from bettercare.frameworks import load_framework
from bettercare.pipeline import assure_file
from bettercare.report.part2_template import part2_template
from tests.fictional import ASSESSED_ON, CLEAN_PLAN, clean_workbook
from tests.test_cli import run

EXPENDITURE = "3. HWB Expenditure Plan"


def warnings_of(path: Path) -> list[tuple[str, str]]:
    return [(w.code, w.message) for w in extract_file(path).warnings]


# ------------------------------------------------------------------- template
def test_blank_template_has_every_sheet_validated_inputs_and_a_checklist(tmp_path: Path) -> None:
    book = load_workbook(BytesIO(part2_template(load_framework())))
    assert book.sheetnames == [
        "1. Cover",
        EXPENDITURE,
        "4. HWB Benefits Plan",
        "5. HWB P4P metric",
        "6. HWB Supporting Metrics",
        "7. Metric Trends",
        "Checklist",
    ]
    spend = book[EXPENDITURE]
    assert [c.value for c in spend[5]] == [
        "Scheme ref", "Scheme name", "Area of spend", "Commissioner", "Provider",
        "Source of funding", "2014/15 (£)", "2015/16 (£)",
    ]  # fmt: skip
    rules = {str(v.sqref): v for v in spend.data_validations.dataValidation}
    assert rules["C6:C25"].type == "list" and "Social care" in rules["C6:C25"].formula1
    assert rules["H6:H25"].type == "whole" and rules["H6:H25"].formula1 == "0"
    assert spend["H6"].fill.fgColor.rgb.endswith("FFF2CC")
    checklist = book["Checklist"]
    items = {(row[0].value, row[1].value): row[2].value for row in checklist.iter_rows(min_row=4)}
    assert items[("1. Cover", "Health and Wellbeing Board")] == (
        '=IF(ISBLANK(\'1. Cover\'!$B$4),"Missing","Filled")'
    )
    assert items[(EXPENDITURE, "2015/16 (£) of each row")] == (
        "=IF(COUNTIFS('3. HWB Expenditure Plan'!$A$6:$A$25,\"<>\","
        '\'3. HWB Expenditure Plan\'!$H$6:$H$25,"")=0,"Filled","Missing")'
    )
    assert items[("5. HWB P4P metric", "Planned admissions (2015/16): Q3")] == (
        '=IF(ISBLANK(\'5. HWB P4P metric\'!$C$10),"Missing","Filled")'
    )
    assert ("6. HWB Supporting Metrics", "Plan 2015/16: DTOC") in items
    assert book["7. Metric Trends"]._charts  # the baseline/plan line chart
    assert book["1. Cover"]["B10"].value == load_framework().part2.version


def test_prefilled_from_part1_and_filled_by_hand_round_trips(tmp_path: Path) -> None:
    part2 = extract_file(clean_workbook(tmp_path)).part2
    assert part2 is not None
    assert part2.hwb == "Millbrook Health and Wellbeing Board"  # prefilled from the sign-off
    assert part2.population_18 == 198_000
    first, second = part2.expenditure
    assert (first.ref, first.name, first.spend_2015_16) == (
        "A",
        "Neighbourhood care teams",
        5_000_000,
    )
    assert (first.area_of_spend, first.commissioner, first.spend_2014_15) == (
        "Community health", "Joint", 4_000_000,
    )  # fmt: skip
    assert (second.ref, second.source_of_funding, second.spend_2015_16) == (
        "B",
        "Local authority",
        900_000,
    )
    # P4P prefilled from the Part 1 NEL table: 2014/15 quarters as baseline, 2015/16 as plan.
    assert [(q.quarter, q.baseline, q.plan) for q in part2.p4p] == [
        ("Q1", 2500, 2440), ("Q2", 2480, 2420), ("Q3", 2520, 2400), ("Q4", 2500, 2380),
    ]  # fmt: skip
    assert (part2.stated_reduction_percent, part2.stated_avoided) == (3.6, 360)
    assert [(b.metric, b.change_2015_16) for b in part2.benefits][:2] == [
        ("NEL", -330),
        ("DTOC", -40),
    ]
    assert [(s.metric, s.baseline, s.plan) for s in part2.supporting][2] == ("DTOC", 320, 285)
    assert part2.cells["/expenditure/0/spend_2015_16"] == f"{EXPENDITURE}!H6"
    assert extract_file(clean_workbook(tmp_path, "again.xlsx")).warnings == []


# ------------------------------------------------------------- damaged workbooks
def _edit(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def test_a_deleted_row_and_a_moved_column_still_read(tmp_path: Path) -> None:
    def damage(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book[EXPENDITURE]
        sheet.delete_rows(3)  # the guidance line: the header moves up to row 4
        sheet.move_range("H4:H30", cols=2)  # 2015/16 (£) moves from H to J
        sheet.insert_cols(1)  # and everything moves right by one

    part2 = extract_file(_edit(clean_workbook(tmp_path), damage)).part2
    assert part2 is not None
    assert [(e.ref, e.spend_2015_16) for e in part2.expenditure] == [
        ("A", 5_000_000),
        ("B", 900_000),
    ]
    assert part2.cells["/expenditure/0/spend_2015_16"] == f"{EXPENDITURE}!K5"


def test_a_blank_row_inserted_inside_a_table_loses_nothing(tmp_path: Path) -> None:
    def damage(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book[EXPENDITURE]
        sheet.insert_rows(7)  # between schemes A (row 6) and B (now row 8)
        sheet["A10"], sheet["H10"] = "Total", 5_900_000

    part2 = extract_file(_edit(clean_workbook(tmp_path), damage)).part2
    assert part2 is not None
    assert [(e.ref, e.row) for e in part2.expenditure] == [("A", 6), ("B", 8)]


def test_bad_cells_are_reported_by_address(tmp_path: Path) -> None:
    def damage(book) -> None:  # type: ignore[no-untyped-def]
        book[EXPENDITURE]["H7"] = "about 900k"
        book[EXPENDITURE]["C6"] = "Housing"
        book[EXPENDITURE]["F7"] = None
        book["5. HWB P4P metric"]["B4"] = 350
        book["1. Cover"]["B10"] = "BCF Part 2 draft v0.3"

    path = _edit(clean_workbook(tmp_path), damage)
    assert warnings_of(path) == [
        ("cell-invalid", f"{EXPENDITURE}!C6: Area of spend: 'Housing' is not one of: Social care, "
                         "Community health, Acute, Mental health, Primary care, Other"),
        ("cell-missing", f"{EXPENDITURE}!F7: Source of funding is empty"),
        ("cell-invalid", f"{EXPENDITURE}!H7: 2015/16 (£): 'about 900k' is not a number"),
        ("cell-invalid", "5. HWB P4P metric!B4: Planned reduction (%): 350% is over 100%"),
        ("part2-version-old", "the workbook's template version is BCF Part 2 draft v0.3, not the "
                              "current 'BCF Part 2 2014/15–2015/16 v1'"),
    ]  # fmt: skip
    part2 = extract_file(path).part2
    assert part2 is not None and part2.expenditure[1].spend_2015_16 is None  # never guessed
    warning = extract_file(path).warnings[2]
    assert warning.cell == f"{EXPENDITURE}!H7"


def test_a_missing_sheet_and_an_unreadable_file(tmp_path: Path) -> None:
    path = _edit(clean_workbook(tmp_path), lambda book: book.remove(book["4. HWB Benefits Plan"]))
    assert ("part2-sheet-missing", "no sheet named like '4. HWB Benefits Plan'") in warnings_of(
        path
    )
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = run("extract", str(broken))
    assert result.returncode == 2 and "damaged workbook" in result.stderr


# ------------------------------------------------------------ cross-checks
def _assure(tmp_path: Path, damage=None, plan_text: str = CLEAN_PLAN):  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.txt"
    plan.write_text(plan_text, encoding="utf-8")
    workbook = clean_workbook(tmp_path)
    if damage is not None:
        _edit(workbook, damage)
    # Part 1 is checked from its saved plan JSON: the cross-checks need no document either.
    saved = tmp_path / "plan.json"
    saved.write_text(extract_file(plan).model_dump_json(), encoding="utf-8")
    return assure_file(saved, on=ASSESSED_ON, part2=workbook)


def test_the_clean_pair_passes_every_cross_check(tmp_path: Path) -> None:
    result = _assure(tmp_path)
    assert result.report.findings == []
    assert result.assessment.category == "Approved"


def _set(sheet: str, **cells: object):  # type: ignore[no-untyped-def]
    def damage(book) -> None:  # type: ignore[no-untyped-def]
        for address, value in cells.items():
            book[sheet][address] = value

    return damage


CROSS_BREAKS = {
    "part2-scheme-unfunded": ("part2-scheme-unfunded:B", _set(EXPENDITURE, A7="Z")),
    "part2-expenditure-unlisted": ("part2-expenditure-unlisted:Z", _set(EXPENDITURE, A7="Z")),
    "benefits-short-of-ambition": (
        "benefits-short-of-ambition",
        _set("4. HWB Benefits Plan", E6=-100),
    ),
    "p4p-values-inconsistent": ("p4p-values-inconsistent", _set("5. HWB P4P metric", B4=5.0)),
    "supporting-ambition-unsupported": (
        "supporting-ambition-unsupported:EXP",
        _set("4. HWB Benefits Plan", C10="Other"),
    ),
    "supporting-worsening-unexplained": (
        "supporting-worsening-unexplained:DTOC",
        _set("6. HWB Supporting Metrics", D8=340.0),
    ),
}


@pytest.mark.parametrize("code", sorted(CROSS_BREAKS))
def test_a_changed_workbook_fails_the_cross_check(code: str, tmp_path: Path) -> None:
    expected, damage = CROSS_BREAKS[code]
    result = _assure(tmp_path, damage)
    found = {f.id: f for f in result.report.findings}
    assert expected in found, sorted(found)
    assert found[expected].severity == load_framework().check(code).severity


def test_cross_check_messages_and_cells(tmp_path: Path) -> None:
    result = _assure(tmp_path, _set("5. HWB P4P metric", B4=5.0, B5=500))
    (finding,) = result.report.findings
    assert finding.message == (
        "P4P sheet: the stated reduction of 5% is not the 3.6% its baseline (10,000) and plan "
        "(9,640) give; the stated 500 admissions avoided are not the 360 of baseline minus plan."
    )
    assert [e.cell for e in finding.evidence][:2] == [
        "5. HWB P4P metric!B4",
        "5. HWB P4P metric!B5",
    ]
    short = _assure(tmp_path, _set("4. HWB Benefits Plan", E6=-100)).report.findings[0]
    assert short.message == (
        "The schemes' quantified impact on non-elective admissions (100 fewer) does not match "
        "the 360 admissions the P4P plan avoids."
    )


def test_template_command_prefills_from_a_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(CLEAN_PLAN, encoding="utf-8")
    out = tmp_path / "part2.xlsx"
    result = run("template", "part2", str(out), "--plan", str(plan))
    assert result.returncode == 0, result.stderr
    assert load_workbook(out)[EXPENDITURE]["B6"].value == "Neighbourhood care teams"
    result = run("assure", str(plan), "--part2", str(out), "--format", "text")
    assert result.returncode == 0
    # The prefilled workbook still lacks area of spend, benefits and so on.
    assert "A4" in result.stdout
    result = run("check", str(plan), "--part2", str(out))
    assert result.returncode == 0 and "benefits-short-of-ambition" in result.stdout


def test_zero_baselines_measure_nothing_and_do_not_fail(tmp_path: Path) -> None:
    zeros = _set("5. HWB P4P metric", B8=0, B9=0, B10=0, B11=0)
    result = _assure(tmp_path, zeros)
    assert "p4p-values-inconsistent" not in {f.code for f in result.report.findings}
    nel_zero = CLEAN_PLAN.replace("2,500\t2,480\t2,520\t2,500", "0\t0\t0\t0")
    result = _assure(tmp_path, None, nel_zero)
    assert result.figures.nel_baseline is not None  # from Part 2, tab 5
    assert "nel-reduction-below-minimum" not in {f.code for f in result.report.findings}
