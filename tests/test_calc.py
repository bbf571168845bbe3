"""Calculations against examples worked by hand (the working is in each test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bettercare.calc import (
    admissions_avoided,
    count_from_rate,
    p4p_pot,
    p4p_summary,
    percent_change,
    planned_at_reduction,
    rate_per_100k,
)
from bettercare.frameworks import load_framework


def test_admissions_avoided_and_pot_by_hand() -> None:
    # Baseline 2,500 + 2,480 + 2,520 + 2,500 = 10,000; plan 2,440 + 2,420 + 2,400 + 2,380 = 9,640.
    baseline, planned = [2500, 2480, 2520, 2500], [2440, 2420, 2400, 2380]
    assert admissions_avoided(baseline, planned) == 360
    assert percent_change(10_000, 9_640) == pytest.approx(-3.6)
    # 360 admissions × £1,490 = £536,400.
    assert p4p_pot(360, 1490) == 536_400
    summary = p4p_summary(baseline, planned, 1490, 3.5)
    assert summary.meets_minimum and summary.pot == 536_400


def test_blackpool_baseline_quarters_at_the_national_minimum() -> None:
    # Blackpool pack line 3117: baseline quarters 13-14 Q4 4,851; 14-15 Q1 4,983; Q2 4,646;
    # Q3 4,916 (the 2014 calendar year the plan says it measures against, line 3501).
    baseline = [4851, 4983, 4646, 4916]
    assert sum(baseline) == 19_396
    planned = planned_at_reduction(baseline, 3.5)
    # 3.5% of 19,396 = 678.86 admissions avoided.
    avoided = admissions_avoided(baseline, planned)
    assert avoided == pytest.approx(678.86)
    # At the framework's £1,490: 678.86 × 1,490 = £1,011,501.40.
    unit_cost = load_framework().parameters["p4p_unit_cost"]
    assert unit_cost == 1490
    assert p4p_pot(avoided, unit_cost) == pytest.approx(1_011_501.40)
    # At the pack's own £1,700 a non-elective admission: 678.86 × 1,700 = £1,154,062.
    assert p4p_pot(avoided, 1700) == pytest.approx(1_154_062.0)
    # The plan's own 2015/16 quarters (4,899 … 4,935 = 19,668) rise: nothing is avoided.
    summary = p4p_summary(baseline, [4899, 4911, 4923, 4935], 1490, 3.5)
    assert summary.avoided == -272 and summary.pot == 0 and not summary.meets_minimum
    assert summary.change_percent == pytest.approx(1.402, abs=0.001)


def test_blackpool_review_summary_arithmetic() -> None:
    # Review summary (reference): minimum CCG £12,432k + additional CCG £1,149k + council
    # £1,649k = total £15,230k, the plan's line 2434.
    assert 12_432_000 + 1_149_000 + 1_649_000 == 15_230_000
    # Its P4P of £1,332k at £1,490 an admission is 894 admissions (1,332,060 / 1,490 = 894),
    # i.e. 3.5% of a 25,543 baseline: a CCG-wide figure the pack does not print.
    assert p4p_pot(894, 1490) == 1_332_060
    assert pytest.approx(25_542.857, abs=0.001) == 894 / 0.035


def test_rates_per_100k_by_hand() -> None:
    # 412 permanent admissions among 31,000 people aged 65+ = 1,329.03 per 100,000.
    assert rate_per_100k(412, 31_000) == pytest.approx(1329.032, abs=0.001)
    # A DTOC rate of 825.3 per 100,000 aged 18+ in a population of 113,000 = 932.6 days.
    assert count_from_rate(825.3, 113_000) == pytest.approx(932.589)
    with pytest.raises(ValueError):
        rate_per_100k(1, 0)


def test_unequal_quarters_are_refused() -> None:
    with pytest.raises(ValueError):
        admissions_avoided([1, 2, 3, 4], [1, 2, 3])


def test_blackpool_figures_in_the_assessment() -> None:
    from bettercare.pipeline import assure_file
    from tests.conftest import corpus_file

    figures = assure_file(corpus_file("blackpool-hwb-pack-2014-12.txt")).figures
    # Line 2434 total £15,230,000 minus line 2432's minimum £14,081,000: the review's £1,149k
    # additional CCG contribution.
    assert (figures.pooled_total, figures.pooled_minimum) == (15_230_000, 14_081_000)
    assert figures.additional_contribution == 1_149_000
    # Line 3117: 2014/15 quarters 4,983 + 4,646 + 4,916 + 4,887 = 19,432; 2015/16 = 19,668.
    assert (figures.nel_baseline, figures.nel_planned) == (19_432, 19_668)
    assert figures.admissions_avoided == -236 and figures.p4p_pot == 0
    assert figures.meets_minimum is False


def test_rates_and_unit_cost_override_on_the_fictional_pair(tmp_path: Path) -> None:
    from bettercare.pipeline import assure_file
    from tests.fictional import ASSESSED_ON, CLEAN_PLAN, clean_workbook

    plan = tmp_path / "plan.txt"
    plan.write_text(CLEAN_PLAN, encoding="utf-8")
    workbook = clean_workbook(tmp_path)
    figures = assure_file(plan, on=ASSESSED_ON, part2=workbook, unit_cost=1700).figures
    assert figures.nel_source == "Part 2, tab 5"
    # 10,000 baseline and 9,640 planned admissions in a population of 250,000.
    assert figures.nel_baseline_per_100k == pytest.approx(4000.0)
    assert figures.nel_planned_per_100k == pytest.approx(3856.0)
    # The last planned DTOC rate, 285.0 per 100,000 aged 18+, among 198,000 adults = 564.3 days.
    assert figures.dtoc_planned_days == pytest.approx(564.3)
    # 360 admissions avoided at the overriding £1,700 = £612,000.
    assert (figures.unit_cost, figures.p4p_pot) == (1700, 612_000)
