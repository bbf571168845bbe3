"""`bettercare check` and `bettercare assure` as pipelines call them: contract keys, exit
codes 0/1/2, files written, the action-plan workbook."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from bettercare.pipeline import AssureOutput
from tests.conftest import EXAMPLES
from tests.fictional import CLEAN_PLAN, variant
from tests.test_cli import RIVERTON, run

EASTBROOK = EXAMPLES / "eastbrook-2014-original.txt"


def test_assure_json_contract() -> None:
    result = run("assure", str(RIVERTON), "--on", "2014-10-20")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"plan", "assessment", "figures"}
    AssureOutput.model_validate(data)  # the output is what docs/assure.schema.json describes
    assessment = data["assessment"]
    assert assessment["category"] == "Approved with support"
    assert assessment["reason"]
    first = assessment["risks"][0]
    assert set(first) >= {"code", "area", "severity", "reasoning", "evidence"}
    assert first["severity"] in ("Showstopper", "Top risk", "Further risk")
    assert {"line", "text"} <= set(first["evidence"][0])
    # Riverton's scheme C investment says "tbc" (line 179 of the example).
    f3 = next(r for r in assessment["risks"] if r["code"] == "F3")
    assert "Scheme C" in f3["reasoning"] and 179 in [e["line"] for e in f3["evidence"]]
    assert assessment["actions"][0]["target_date"] == "2014-12-15"
    assert isinstance(assessment["conditions"], list)


def test_assure_exits_1_on_a_showstopper() -> None:
    # Eastbrook's council block is all placeholders.
    result = run("assure", str(EASTBROOK), "--format", "text")
    assert result.returncode == 1
    assert result.stdout.startswith("Category: Not approved")
    assert "N2" in result.stdout


def test_check_text_and_json(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN_PLAN, encoding="utf-8")
    result = run("check", str(clean))
    assert result.returncode == 0, result.stderr
    assert "Checklist: 21 of 21 required items filled." in result.stdout
    broken = tmp_path / "broken.txt"
    broken.write_text(variant([("By\tSamuel Reid", "By\t<Name of Signatory>")]), "utf-8")
    result = run("check", str(broken), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    codes = sorted(f["id"] for f in report["findings"])
    assert codes == ["signoff-unsigned:council:1", "unfinished-text:plan_details"]
    finding = next(f for f in report["findings"] if f["code"] == "signoff-unsigned")
    assert finding["severity"] == "Showstopper"
    assert finding["evidence"][1] == {
        "line": 27,
        "page": None,
        "cell": None,
        "text": "By\t<Name of Signatory>",
    }


def test_unreadable_input_exits_2_with_one_line(tmp_path: Path) -> None:
    for command in ("check", "assure"):
        result = run(command, str(tmp_path / "missing.docx"))
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_assure_out_writes_report_and_action_plan(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        "assure", str(RIVERTON), "--format", "html", "--out", str(out), "--on", "2014-10-20"
    )
    assert result.returncode == 0, result.stderr
    html = (out / "riverton-2014-revised.assurance.html").read_text(encoding="utf-8")
    assert "Approved with support" in html
    book = load_workbook(out / "riverton-2014-revised.actions.xlsx")
    sheet = book["Action plan"]
    header = [cell.value for cell in sheet[3]]
    assert header[:6] == [
        "Priority",
        "Review area",
        "Severity",
        "Risk code",
        "Risk",
        "Reviewer's reasoning",
    ]
    assert "Outcome status" in header and "Target date" in header and "Owner" in header
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    assert rows[0][header.index("Outcome status")] == "Risk remains outstanding"
    (validation,) = sheet.data_validations.dataValidation
    assert "No longer a risk" in validation.formula1
    assert not list(out.glob(".*partial"))


def test_assure_batch_on_two_workers(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for number in range(4):
        (folder / f"riverton-{number}.txt").write_text(RIVERTON.read_text("utf-8"), "utf-8")
    (folder / "eastbrook.txt").write_text(EASTBROOK.read_text("utf-8"), "utf-8")
    (folder / "broken.pdf").write_bytes(b"not a pdf")
    out = tmp_path / "out"
    result = run("assure", str(folder), "--out", str(out), "--jobs", "2")
    assert result.returncode == 2  # one file unreadable
    assert "5 of 6 plans assured" in result.stderr and "1 with a showstopper" in result.stderr
    assert len(list(out.glob("*.assurance.json"))) == 5
    assert len(list(out.glob("*.actions.xlsx"))) == 5
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert [row["file"] for row in rows] == [
        "broken.pdf", "eastbrook.txt", "riverton-0.txt", "riverton-1.txt", "riverton-2.txt",
        "riverton-3.txt",
    ]  # fmt: skip
    assert rows[0]["status"] == "failed" and rows[0]["reason"] and not rows[0]["category"]
    assert rows[1]["status"] == "assured" and rows[1]["report"] == "eastbrook.assurance.json"
    assert (rows[1]["category"], rows[1]["showstoppers"]) == ("Not approved", "1")
    assert rows[2]["category"] == "Approved with support"
    # N9: Riverton's engagement (111, 115) says nothing of what changed; A4: its scheme A
    # quantifies 200 admissions avoided (143) of the 295 its trajectory avoids (81).
    assert rows[2]["risk_codes"] == "N4 N9 F3 A3 A4 A9 A10 A11"
    assert rows[2]["pooled_total_2015_16"] == "10250000"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Approved with support: 4" in index and "Not approved: 1" in index
    assert "failed: " in index and 'href="' not in index  # JSON reports: nothing to link


def test_assure_html_batch_index_links_each_report(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "riverton.txt").write_text(RIVERTON.read_text("utf-8"), "utf-8")
    (folder / "eastbrook.txt").write_text(EASTBROOK.read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    result = run("assure", str(folder), "--out", str(out), "--format", "html", "--jobs", "1")
    assert result.returncode == 1  # Eastbrook has a showstopper
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="eastbrook.assurance.html">eastbrook.txt</a>' in index
    assert '<a href="riverton.assurance.html">riverton.txt</a>' in index
    assert (out / "riverton.assurance.html").is_file()


def test_assure_with_review_file(tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    review.write_text(
        "reviewer: R. Viewer\nfindings:\n  - id: scheme-no-investment:C\n    dismiss: true\n"
        "    reason: Part 2 tab 3 gives £400,000 for falls prevention.\n",
        encoding="utf-8",
    )
    result = run("assure", str(RIVERTON), "--review", str(review))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "F3" not in [r["code"] for r in data["assessment"]["risks"]]
    assert "F3" in [r["code"] for r in data["automatic_assessment"]["risks"]]
    assert data["assessment"]["overrides"][0]["reason"].startswith("Part 2 tab 3")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "findings:\n  - id: nothing-like-this\n    dismiss: true\n    reason: x\n", "utf-8"
    )
    result = run("assure", str(RIVERTON), "--review", str(bad))
    assert result.returncode == 2
    assert "no finding 'nothing-like-this'" in result.stderr


def test_rules_doc_is_current() -> None:
    result = run("rules")
    assert result.returncode == 0
    published = Path(__file__).resolve().parent.parent / "docs" / "assurance-rules.md"
    assert published.read_text(encoding="utf-8") == result.stdout, (
        "run: bettercare rules > docs/assurance-rules.md"
    )


def test_shipped_review_and_actuals_examples() -> None:
    review = EXAMPLES / "riverton-review.yaml"
    result = run("assure", str(RIVERTON), "--review", str(review), "--format", "text")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Category: Approved subject to conditions"
    assert lines[2] == "Automatic assessment: Approved with support (before the review)"
    actuals = EXAMPLES / "riverton-actuals-2015-16.csv"
    result = run("monitor", str(RIVERTON), str(actuals), "--format", "text")
    # Riverton's NEL baseline (2014/15) and plan (2015/16) quarters, line 81 of the example:
    # Q1 2,455 → 2,370 (85 to avoid; 155 avoided), Q2 2,390 → 2,330 (60; 30), Q3 2,470 →
    # 2,400 (70; 50): earned (85 + 30 + 50) × £1,490 = £245,850 of (85+60+70+80) × £1,490.
    assert "P4P earned £245,850 of £439,550" in result.stdout


def test_the_plan_leads_answer_reaches_the_action_plan(tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    review.write_text(
        "reviewer: A. Assurer\nactions:\n  - risk: F3\n"
        "    response: Tab 3 of Part 2 will be sent by 31 October.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("assure", str(RIVERTON), "--review", str(review), "--out", str(out))
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out / "riverton-2014-revised.actions.xlsx")["Action plan"]
    header = [cell.value for cell in sheet[3]]
    rows = {row[3]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["F3"][header.index("HWB response")] == "Tab 3 of Part 2 will be sent by 31 October."
    assert not rows["N4"][header.index("HWB response")]
