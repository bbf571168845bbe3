"""`bettercare monitor` on a fictional year of Millbrook actuals, against figures worked by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from bettercare import extract_file
from bettercare.errors import InputError
from bettercare.frameworks import load_framework
from bettercare.monitor import monitor
from bettercare.monitor.actuals import period, read_actuals
from bettercare.report.html import monitor_html
from tests.browser import artifact
from tests.fictional import CLEAN_PLAN
from tests.test_cli import run

# Millbrook's plan: NEL 2014/15 quarters 2,500 2,480 2,520 2,500 (baseline) and 2015/16
# 2,440 2,420 2,400 2,380 (plan); DTOC plan 300.0 295.0 290.0 285.0; schemes A £5,000,000 and
# B £900,000 for the year.
ACTUALS = """metric,period,value
NEL,2015/16 Q1,2400
NEL,2015/16 Q2,2450
NEL,2015/16 Q3,2500
NEL,2015/16 Q4,2390
DTOC,2015/16 Q1,300.0
DTOC,2015/16 Q2,301.0
DTOC,2015/16 Q3,310.0
DTOC,Q4 2015/16,280.0
scheme,period,spend
A,2015/16 Q1,"£1,250,000"
A,2015/16 Q2,"£1,300,000"
A,2015/16 Q3,"£1,100,000"
A,2015/16 Q4,"£1,200,000"
B,2015/16 Q1,100000
B,2015/16 Q2,100000
B,2015/16 Q3,100000
B,2015/16 Q4,100000
B,2015/16 Q5,100000
"""


def _inputs(folder: Path) -> tuple[Path, Path]:
    plan, actuals = folder / "plan.txt", folder / "actuals.csv"
    plan.write_text(CLEAN_PLAN, encoding="utf-8")
    actuals.write_text(ACTUALS, encoding="utf-8")
    return plan, actuals


def test_rag_p4p_and_spend_worked_by_hand(tmp_path: Path) -> None:
    plan, actuals = _inputs(tmp_path)
    result = monitor(extract_file(plan), read_actuals(actuals), load_framework())
    nel = next(m for m in result.metrics if m.metric == "NEL")
    # Worse-than-plan %: Q1 (2400-2440)/2440 = -1.6 → Green; Q2 (2450-2420)/2420 = +1.24 →
    # Amber (≤ 2.5); Q3 (2500-2400)/2400 = +4.17 → Red; Q4 (2390-2380)/2380 = +0.42 → Amber.
    assert [q.rag for q in nel.quarters] == ["Green", "Amber", "Red", "Amber"]
    assert [round(q.worse_by_percent or 0, 2) for q in nel.quarters] == [-1.64, 1.24, 4.17, 0.42]
    dtoc = next(m for m in result.metrics if m.metric == "DTOC")
    # 300 vs 300 → 0 Green; 301 vs 295 → +2.03 Amber; 310 vs 290 → +6.9 Red; 280 vs 285 Green.
    assert [q.rag for q in dtoc.quarters] == ["Green", "Amber", "Red", "Green"]
    p4p = result.p4p
    assert p4p is not None and p4p.unit_cost == 1490
    # Planned to avoid: 60, 60, 120, 120 (= 360). Avoided: 100, 30, 20, 110.
    # Earned (up to plan): 60 + 30 + 20 + 110 = 220 admissions × £1,490 = £327,800.
    assert [(q.planned_avoided, q.avoided) for q in p4p.quarters] == [
        (60, 100), (60, 30), (120, 20), (120, 110),
    ]  # fmt: skip
    assert p4p.earned == 327_800
    assert p4p.available == 360 * 1490
    spend = {s.scheme: s for s in result.spend}
    # A: £4,850,000 spent against £5,000,000 → -3.0% Green. B: £400,000 against £900,000 →
    # -55.6% Red (its Q5 row is not a quarter and is reported, not counted).
    assert (spend["A"].actual_to_date, spend["A"].planned_to_date, spend["A"].rag) == (
        4_850_000, 5_000_000, "Green",
    )  # fmt: skip
    assert (spend["B"].actual_to_date, spend["B"].rag) == (400_000, "Red")
    assert round(spend["B"].difference_percent or 0, 1) == -55.6
    assert result.problems == ["actuals.csv:19: '2015/16 Q5' is not a quarter like 2015/16 Q1"]


def test_half_a_year_of_actuals_counts_half_the_planned_spend(tmp_path: Path) -> None:
    plan, actuals = _inputs(tmp_path)
    lines = [
        ln for ln in ACTUALS.splitlines() if "Q3" not in ln and "Q4" not in ln and "Q5" not in ln
    ]
    actuals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = monitor(extract_file(plan), read_actuals(actuals), load_framework())
    spend = {s.scheme: s for s in result.spend}
    # A: £2,550,000 against half of £5,000,000 = +2.0% → Green; B: £200,000 against £450,000.
    assert (spend["A"].planned_to_date, spend["A"].actual_to_date) == (2_500_000, 2_550_000)
    assert spend["B"].planned_to_date == 450_000
    assert result.p4p is not None and result.p4p.earned == (60 + 30) * 1490


def test_actuals_from_a_workbook(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Metrics"
    sheet.append(["Metric", "Period", "Value"])
    sheet.append(["NEL", "2015/16 Q1", 2400])
    spend = book.create_sheet("Spend")
    spend.append(["Scheme", "Period", "Spend"])
    spend.append(["A", "15-16 Q1", 1_250_000])
    path = tmp_path / "actuals.xlsx"
    book.save(path)
    actuals = read_actuals(path)
    assert [(m.metric, m.period, m.value, m.source) for m in actuals.metrics] == [
        ("NEL", "2015/16 Q1", 2400.0, "Metrics!2")
    ]
    assert [(s.scheme, s.spend) for s in actuals.spend] == [("A", 1_250_000)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2015/16 Q1", "2015/16 Q1"), ("15-16 q2", "2015/16 Q2"), ("Q3 2015/16", "2015/16 Q3"),
     ("2015/17 Q1", None), ("2015 Q1", None), ("Q5 2015/16", None)],
)  # fmt: skip
def test_quarter_labels(text: str, expected: str | None) -> None:
    assert period(text) == expected


def test_actuals_without_rows_are_an_input_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("when,what\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no rows of"):
        read_actuals(empty)
    plan, _ = _inputs(tmp_path)
    result = run("monitor", str(plan), str(empty))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_monitor_page_in_chromium_shows_charts_with_points(browser: Any, tmp_path: Path) -> None:
    plan, actuals = _inputs(tmp_path)
    result = run("monitor", str(plan), str(actuals), "--format", "html")
    assert result.returncode == 0, result.stderr
    page_file = tmp_path / "monitor.html"
    page_file.write_text(result.stdout, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    page.goto(page_file.as_uri())
    chart = page.locator("#metric-NEL svg")
    assert chart.is_visible()
    assert page.locator("#metric-NEL svg g#NEL-actual use").count() == 4
    assert page.locator("#metric-NEL svg g#NEL-plan use").count() == 4
    assert page.locator("#metric-NEL .rag.Red").count() == 1
    assert "£327,800" in page.locator("#category").inner_text()
    page.screenshot(path=str(artifact("monitor-millbrook.png")), full_page=True)
    page.close()
    data = json.loads(run("monitor", str(plan), str(actuals)).stdout)
    assert data["p4p"]["earned"] == 327_800


def test_monitor_html_escapes_scheme_names(tmp_path: Path) -> None:
    plan, actuals = _inputs(tmp_path)
    read = read_actuals(actuals)
    read.spend[0] = read.spend[0].model_copy(update={"scheme": "<script>x()</script>"})
    html = monitor_html(monitor(extract_file(plan), read, load_framework()), "p", ["a"])
    assert "<script>x()" not in html and "&lt;script&gt;x()" in html


def test_monitor_text_for_a_terminal(tmp_path: Path) -> None:
    plan, actuals = _inputs(tmp_path)
    result = run("monitor", str(plan), str(actuals), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "NEL    2015/16 Q3  plan 2,400.0  actual 2,500.0  Red" in result.stdout
    assert "P4P earned £327,800 of £536,400" in result.stdout
    assert "not read: actuals.csv:19:" in result.stdout
