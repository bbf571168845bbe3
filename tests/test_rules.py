"""Every check in the catalogue: the clean fictional plan passes it, a changed copy fails it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bettercare.frameworks import load_framework
from tests.fictional import CLEAN_PLAN, assure_text, variant

NEL_2015 = "2,440\t2,420\t2,400\t2,380"
DTOC = "320.0\t315.0\t310.0\t305.0\t300.0\t295.0\t290.0\t285.0"
EXP_ROW = "Patient experience: people who felt supported (%)\t60.0\t61.0\t62.0\t63.0\t64.0\t65.0\t66.0\t67.0\n"
RISK_2 = "2\tRecruitment of community nurses\t3\t4\t12\tJoint recruitment campaign with the council\t3\t2\t6"

# code → (finding id expected, changes that break exactly that rule's premise)
BREAKS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "section-missing": ("section-missing:alignment", [("6) ALIGNMENT\n", "\n")]),
    "item-missing": (
        "item-missing:date_submitted",
        [("Date submitted:\t19/09/14", "Date submitted:\t<dd/mm/yyyy>")],
    ),
    "unfinished-text": (
        "unfinished-text:plan_details",
        [("The board's strategy for 2013 to 2016.", "To be confirmed")],
    ),
    "signoff-block-missing": (
        "signoff-block-missing:ccg:Riverside CCG",
        [("Groups\tMillbrook CCG\n", "Groups\tMillbrook CCG\n\tRiverside CCG\n")],
    ),
    "signoff-unsigned": ("signoff-unsigned:council:1", [("By\tSamuel Reid", "By\t<Name of Signatory>")]),
    "signoff-unconfirmed": (
        "signoff-unconfirmed:council:1",
        [("Position\tChief Executive\nDate\t18/09/14", "Position\tChief Executive\nDate\tthe week after")],
    ),
    "signoff-informal": (
        "signoff-informal",
        [("reports to the Health and Wellbeing Board every quarter.",
          "reports to the board. The plan was informally approved; formal approval will follow.")],
    ),
    "dates-inconsistent": (
        "dates-inconsistent:submitted-before-agreed",
        [("Date submitted:\t19/09/14", "Date submitted:\t05/09/14")],
    ),
    "pooled-below-minimum": (
        "pooled-below-minimum:2015/16",
        [("Total agreed value of pooled budget: 2014/15\t£2,100,000\n2015/16\t£9,500,000",
          "Total agreed value of pooled budget: 2014/15\t£2,100,000\n2015/16\t£8,500,000")],
    ),
    "pooled-below-minimum-lead-in": (
        "pooled-below-minimum-lead-in:2014/15",
        [("pooled budget: 2014/15\t£2,100,000", "pooled budget: 2014/15\t£1,900,000")],
    ),
    "money-unit-implausible": (
        "money-unit-implausible:minimum:2015/16",
        [("2015/16\t£9,000,000", "2015/16\t£9,000.00")],
    ),
    "contributions-mismatch": (
        "contributions-mismatch:actual_2015_16:sum",
        [("BCF Total\t\t2,100,000\t9,000,000\t9,500,000", "BCF Total\t\t2,100,000\t9,000,000\t9,600,000")],
    ),
    "contributions-below-minimum": (
        "contributions-below-minimum:minimum_2015_16:minimum",
        [("Y\t600,000\t1,000,000\t1,000,000", "Y\t600,000\t900,000\t1,000,000"),
         ("BCF Total\t\t2,100,000\t9,000,000", "BCF Total\t\t2,100,000\t8,900,000")],
    ),
    # 14/15 spending of 1,900,000 against the 2014/15 (lead-in) minimum of £2,000,000.
    "contributions-below-minimum-lead-in": (
        "contributions-below-minimum-lead-in:spending_2014_15:minimum",
        [("Y\t600,000\t1,000,000", "Y\t400,000\t1,000,000"),
         ("BCF Total\t\t2,100,000", "BCF Total\t\t1,900,000")],
    ),
    "scheme-no-annex": (
        "scheme-no-annex:C",
        [("after reablement\n", "after reablement\nC\tFalls service\tFewer falls\n")],
    ),
    "scheme-no-investment": ("scheme-no-investment:B", [("£900,000", "Funding to be agreed")]),
    "investment-exceeds-pooled": ("investment-exceeds-pooled", [("£5,000,000", "£12,000,000")]),
    "nel-rising": ("nel-rising", [(NEL_2015, "2,500\t2,510\t2,520\t2,530")]),
    "nel-reduction-below-minimum": (
        "nel-reduction-below-minimum",
        [(NEL_2015, "2,480\t2,470\t2,460\t2,450")],
    ),
    # The provider's whole planned change (1.6%) is smaller than the BCF's 3.6% reduction.
    "reduction-mismatch": ("reduction-mismatch", [("360 (3.6%)", "160 (1.6%)")]),
    "metric-worsening-unexplained": (
        "metric-worsening-unexplained:DTOC",
        [(DTOC, "285.0\t290.0\t295.0\t300.0\t305.0\t310.0\t315.0\t320.0")],
    ),
    "metric-missing": ("metric-missing:EXP", [(EXP_ROW, "")]),
    "condition-unanswered": (
        "condition-unanswered:data_sharing",
        [("The NHS Number is used as the primary identifier in health and social care records.",
          "To follow.")],
    ),
    "nhs-number-not-primary": (
        "nhs-number-not-primary",
        [("The NHS Number is used as the primary identifier in health and social care records.",
          "We intend to use the NHS Number as the primary identifier in future, once systems allow.")],
    ),
    "seven-day-unevidenced": (
        "seven-day-unevidenced",
        [("The discharge team and reablement service work seven days a week from April 2015.",
          "We are developing plans with partners for services to support discharge at weekends.")],
    ),
    "high-risk-unstated": (
        "high-risk-unstated",
        [("3% of adults are at high risk of admission, found with a risk stratification tool;",
          "Adults at high risk of admission will be found by their GP practice;")],
    ),
    "social-care-unquantified": (
        "social-care-unquantified",
        [("£1.5m of the fund protects", "Part of the fund protects")],
    ),
    "acute-impact-unquantified": (
        "acute-impact-unquantified",
        [("expects 360 fewer emergency admissions in 2015/16, which is the 3.6% reduction in "
          "non-elective admissions this plan sets out.",
          "expects fewer emergency admissions in 2015/16 and is working on the figures with us.")],
    ),
    "risk-unrated": (
        "risk-unrated:2",
        [(RISK_2, "2\tRecruitment of community nurses\t\t\t\tJoint recruitment campaign with the council\t\t\t")],
    ),
    "risk-unmitigated": (
        "risk-unmitigated:2",
        [("Joint recruitment campaign with the council", "To be completed")],
    ),
}  # fmt: skip


def test_every_catalogue_code_has_a_breaking_case() -> None:
    from tests.test_panel_checks import PANEL_BREAKS  # built as Plan objects, no document
    from tests.test_part2 import CROSS_BREAKS  # Part 1 ↔ Part 2 checks need a workbook

    assert not set(BREAKS) & set(CROSS_BREAKS)
    assert not (set(BREAKS) | set(CROSS_BREAKS)) & set(PANEL_BREAKS)
    covered = set(BREAKS) | set(CROSS_BREAKS) | set(PANEL_BREAKS)
    assert covered == {check.code for check in load_framework().checks}


def test_the_clean_plan_passes_every_check(tmp_path: Path) -> None:
    assured = assure_text(CLEAN_PLAN, tmp_path)
    assert assured.report.findings == []
    assert assured.assessment.category == "Approved"
    assert assured.assessment.rule == "C4"
    assert all(entry.complete for entry in assured.report.checklist)


@pytest.mark.parametrize("code", sorted(BREAKS))
def test_a_changed_plan_fails_the_check(code: str, tmp_path: Path) -> None:
    expected_id, changes = BREAKS[code]
    assured = assure_text(variant(changes), tmp_path)
    found = {f.id: f for f in assured.report.findings}
    assert expected_id in found, sorted(found)
    finding = found[expected_id]
    catalogue = load_framework().check(code)
    assert finding.severity == catalogue.severity
    assert finding.message and "{" not in finding.message
    assert finding.action and "{" not in finding.action


def test_every_evidence_check_reads_a_named_answer() -> None:
    from bettercare.check.conditions import EVIDENCE_CHECKS

    framework = load_framework()
    assert set(EVIDENCE_CHECKS) == set(framework.assurance.evidence_narratives)
    narratives = set(framework.national_condition_narratives)
    assert set(framework.assurance.evidence_narratives.values()) <= narratives


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # The council signs on 25/09/14, after the 19/09/14 submission.
        ([("Chief Executive\nDate\t18/09/14", "Chief Executive\nDate\t25/09/14")],
         "dates-inconsistent:signed-after-submission:1"),
        # The HWB chair signs on 05/09/14, before the board agreed the plan on 10/09/2014.
        ([("Cllr Anita Shah\nDate\t19/09/14", "Cllr Anita Shah\nDate\t05/09/14")],
         "dates-inconsistent:hwb-signed-before-agreed:2"),
        # "31/02/2014" is not a date.
        ([("Date submitted:\t19/09/14", "Date submitted:\t31/02/2014")],
         "dates-inconsistent:line-13"),
    ],
)  # fmt: skip
def test_each_kind_of_date_inconsistency(
    changes: list[tuple[str, str]], expected: str, tmp_path: Path
) -> None:
    found = {f.id for f in assure_text(variant(changes), tmp_path).report.findings}
    assert expected in found, sorted(found)
