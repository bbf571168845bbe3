"""Category rules, conditions, the action plan and an assurer's overrides, on fictional plans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import pytest

import bettercare.frameworks
from bettercare.assess import assess
from bettercare.assess.review import load_review
from bettercare.errors import InputError
from bettercare.frameworks import load_framework
from bettercare.model import Assessment, CategoryStep, CheckReport, Finding
from bettercare.pipeline import assure_file
from bettercare.report.html import assurance_html
from bettercare.report.text import assessment_as_text
from tests.fictional import ASSESSED_ON, CLEAN_PLAN, assure_text, variant
from tests.test_rules import BREAKS, DTOC, NEL_2015, RISK_2


def changed(*codes: str) -> list[tuple[str, str]]:
    return [change for code in codes for change in BREAKS[code][1]]


def test_only_further_risks_is_approved_with_support(tmp_path: Path) -> None:
    result = assure_text(variant(changed("metric-missing")), tmp_path)
    assessment = result.assessment
    assert assessment.category == "Approved with support"
    assert assessment.rule == "C3"
    assert [r.code for r in assessment.risks] == ["A10"]
    assert assessment.conditions == []


def test_a_material_national_condition_concern_sets_conditions(tmp_path: Path) -> None:
    result = assure_text(variant(changed("nhs-number-not-primary")), tmp_path)
    assessment = result.assessment
    assert assessment.category == "Approved subject to conditions"
    assert assessment.rule == "C2"
    assert [c.code for c in assessment.conditions] == ["1d"]
    assert "N1" in assessment.reason


def test_a_non_material_top_risk_alone_is_approved_with_support(tmp_path: Path) -> None:
    result = assure_text(variant(changed("metric-worsening-unexplained")), tmp_path)
    # The worsening DTOC also contradicts scheme B's benefit: A7, a further risk.
    assert [(r.code, r.severity) for r in result.assessment.risks] == [
        ("A9", "Top risk"),
        ("A7", "Further risk"),
    ]
    assert result.assessment.category == "Approved with support"


def test_below_minimum_funding_is_material(tmp_path: Path) -> None:
    # F8 at Top risk brings condition 2 (the minimum funding requirement).
    result = assure_text(variant(changed("pooled-below-minimum")), tmp_path)
    assert result.assessment.category == "Approved subject to conditions"
    # The lowered total no longer matches the contributions table either: F4, condition 4b.
    assert [c.code for c in result.assessment.conditions] == ["2", "4b"]


def test_the_top_risk_threshold_sets_conditions_without_a_material_risk(tmp_path: Path) -> None:
    changes = changed("investment-exceeds-pooled", "metric-worsening-unexplained")
    result = assure_text(variant(changes), tmp_path)
    tops = sorted(r.code for r in result.assessment.risks if r.severity == "Top risk")
    assert tops == ["A9", "F4"]  # conditions 4b and 4c: not material
    assert result.assessment.category == "Approved with support"  # 2 < 5 Top risks
    framework = load_framework()
    rules = list(framework.assurance.category_rules)
    rules[1] = rules[1].model_copy(update={"top_risks": 2})
    stricter = framework.model_copy(
        update={"assurance": framework.assurance.model_copy(update={"category_rules": rules})}
    )
    assessment = assess(result.report, stricter, ASSESSED_ON)
    assert assessment.category == "Approved subject to conditions"
    assert [c.code for c in assessment.conditions] == ["4b", "4c"]


def test_four_unmitigated_risks_set_conditions(tmp_path: Path) -> None:
    rows = "\n".join(
        f"{n}\tRisk number {n} of the plan\t3\t3\t9\tTo be completed\t3\t2\t6" for n in range(2, 6)
    )
    text = variant([(RISK_2, rows)])
    result = assure_text(text, tmp_path)
    unmitigated = [f for f in result.report.findings if f.code == "risk-unmitigated"]
    assert len(unmitigated) == 4
    assert result.assessment.category == "Approved subject to conditions"
    three = assure_text(variant([(RISK_2, rows.rsplit("\n", 1)[0])]), tmp_path, "three.txt")
    assert three.assessment.category == "Approved with support"


def test_a_showstopper_is_not_approved_and_leads_the_action_plan(tmp_path: Path) -> None:
    result = assure_text(variant(changed("signoff-unsigned", "metric-missing")), tmp_path)
    assessment = result.assessment
    assert assessment.category == "Not approved"
    assert assessment.rule == "C1"
    first = assessment.actions[0]
    assert (first.priority, first.risk, first.severity) == (1, "N2", "Showstopper")
    assert first.target_date == ASSESSED_ON + dt.timedelta(days=14)
    assert first.status == "Risk remains outstanding"
    assert "Samuel" not in first.reasoning
    assert "Millbrook City Council (council)" in first.action
    last = assessment.actions[-1]
    assert (last.risk, last.target_date) == ("A10", ASSESSED_ON + dt.timedelta(days=56))


def test_findings_of_one_code_group_into_one_risk(tmp_path: Path) -> None:
    changes = changed("nhs-number-not-primary", "social-care-unquantified")
    result = assure_text(variant(changes), tmp_path)
    (n1,) = result.assessment.risks
    assert n1.code == "N1"
    assert n1.findings == ["nhs-number-not-primary", "social-care-unquantified"]
    assert n1.conditions == ["1d", "1a"]
    assert [c.code for c in result.assessment.conditions] == ["1a", "1d"]


# ------------------------------------------------------------------- reviews
def _review(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "review.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_review_dismisses_regrades_and_keeps_the_automatic_view(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        variant(
            changed("nhs-number-not-primary", "metric-worsening-unexplained", "metric-missing")
        ),
        encoding="utf-8",
    )
    review = _review(
        tmp_path,
        """
reviewer: A. Assurer
findings:
  - id: nhs-number-not-primary
    dismiss: true
    reason: The HWB showed the NHS Number in use at the review meeting.
  - id: metric-worsening-unexplained:DTOC
    severity: Further risk
    reason: Rise agreed with the area team as demographic growth.
""",
    )
    result = assure_file(plan, review=review, on=ASSESSED_ON)
    assert result.automatic.category == "Approved subject to conditions"
    assert result.reviewed is not None
    reviewed = result.reviewed
    assert reviewed.category == "Approved with support"
    assert reviewed.reviewed_by == "A. Assurer"
    assert "N1" not in {r.code for r in reviewed.risks}
    assert {r.code: r.severity for r in reviewed.risks}["A9"] == "Further risk"
    dismissed = next(f for f in reviewed.findings if f.id == "nhs-number-not-primary")
    assert dismissed.dismissed and dismissed.review_note.startswith("The HWB showed")
    data = result.as_json()
    assert data["assessment"]["category"] == "Approved with support"  # type: ignore[index]
    assert data["automatic_assessment"]["category"] == "Approved subject to conditions"  # type: ignore[index]


def test_review_sets_the_category_with_its_reason(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(variant(changed("metric-missing")), encoding="utf-8")
    review = _review(
        tmp_path,
        "category:\n  name: Approved\n  reason: The metric is in Part 2, seen at moderation.\n",
    )
    result = assure_file(plan, review=review, on=ASSESSED_ON)
    assert result.automatic.category == "Approved with support"
    assert result.assessment.category == "Approved"
    assert result.assessment.rule == "review"
    assert result.assessment.reason == "The metric is in Part 2, seen at moderation."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("findings:\n  - id: no-such-finding\n    dismiss: true\n    reason: x\n", "no finding"),
        ("findings:\n  - id: metric-missing\n    reason: x\n", "dismiss: true or a new severity"),
        ("findings:\n  - id: metric-missing\n    dismiss: true\n", "reason"),
        ("category:\n  name: Approved-ish\n  reason: x\n", "category.name"),
        ("findings: [unclosed\n", "not valid YAML"),
        ("surprise: 1\n", "surprise"),
    ],
)
def test_bad_review_files_are_input_errors(tmp_path: Path, text: str, message: str) -> None:
    result = assure_text(variant(changed("metric-missing")), tmp_path)
    with pytest.raises(InputError) as raised:
        load_review(_review(tmp_path, text), result.report.findings)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_dtoc_rise_with_a_rationale_is_not_raised(tmp_path: Path) -> None:
    rising = "285.0\t290.0\t295.0\t300.0\t305.0\t310.0\t315.0\t320.0"
    text = variant(
        [
            (DTOC, rising),
            (
                "\n6) ALIGNMENT",
                "\nDelayed transfers of care rise because the number of people aged over 85 "
                "grows by 6% a year.\n\n6) ALIGNMENT",
            ),
        ]
    )
    result = assure_text(text, tmp_path)
    assert "metric-worsening-unexplained:DTOC" not in {f.id for f in result.report.findings}


def test_review_records_progress_on_action_rows(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(variant(changed("metric-missing", "scheme-no-investment")), encoding="utf-8")
    review = _review(
        tmp_path,
        """
actions:
  - risk: F3
    status: No longer a risk – if the following action is put in place
    discussion_notes: HWB to send Part 2, tab 3 by 31 October.
    target_date: 2014-10-31
""",
    )
    result = assure_file(plan, review=review, on=ASSESSED_ON)
    f3 = next(a for a in result.assessment.actions if a.risk == "F3")
    assert f3.status == "No longer a risk – if the following action is put in place"
    assert f3.discussion_notes == "HWB to send Part 2, tab 3 by 31 October."
    assert f3.target_date == dt.date(2014, 10, 31)
    a10 = next(a for a in result.assessment.actions if a.risk == "A10")
    assert a10.status == "Risk remains outstanding"
    assert next(a for a in result.automatic.actions if a.risk == "F3").discussion_notes == ""
    bad = _review(tmp_path, "actions:\n  - risk: F3\n    status: Sorted\n")
    with pytest.raises(InputError, match="status must be one of"):
        assure_file(plan, review=bad, on=ASSESSED_ON)
    unknown = _review(tmp_path, "actions:\n  - risk: N9\n    status: Sorted\n")
    with pytest.raises(InputError, match="no action for risk 'N9'"):
        assure_file(plan, review=unknown, on=ASSESSED_ON)


# --------------------------------------------------------------- explanation
def _steps(assessment: Assessment) -> dict[str, CategoryStep]:
    return {step.category: step for step in assessment.explanation}


def test_a_clean_plan_is_approved_and_says_why_not_worse(tmp_path: Path) -> None:
    assessment = assure_text(CLEAN_PLAN, tmp_path).assessment
    assert (assessment.category, assessment.rule) == ("Approved", "C4")
    steps = _steps(assessment)
    assert [s.relation for s in assessment.explanation] == ["placed", "worse", "worse", "worse"]
    assert "no threshold" in steps["Approved"].because
    assert steps["Approved with support"].because == (
        "rule C3 does not apply: risks of any severity: 0 < 1"
    )
    assert "Top risks: 0 < 5" in steps["Approved subject to conditions"].because
    assert steps["Not approved"].because == "rule C1 does not apply: Showstopper risks: 0 < 1"


def test_approved_with_support_names_its_risks_and_why_not_approved(tmp_path: Path) -> None:
    assessment = assure_text(variant(changed("metric-missing")), tmp_path).assessment
    steps = _steps(assessment)
    placed = steps["Approved with support"]
    assert (placed.relation, placed.rule, placed.risks) == ("placed", "C3", ["A10"])
    assert placed.because == "rule C3 applies: risks of any severity: 1 (A10) ≥ 1"
    approved = steps["Approved"]
    assert approved.relation == "better" and approved.risks == ["A10"]
    assert approved.because.startswith("rule C3 (Approved with support) is tested first")
    worse = steps["Approved subject to conditions"]
    assert worse.relation == "worse" and not worse.applies
    assert "Top risks bringing a material condition (1a, 1b, 1c, 1d, 1e, 1f, 2, 3): 0 < 1" in (
        worse.because
    )


def test_conditions_name_the_material_risk_and_its_condition(tmp_path: Path) -> None:
    assessment = assure_text(variant(changed("nhs-number-not-primary")), tmp_path).assessment
    steps = _steps(assessment)
    placed = steps["Approved subject to conditions"]
    assert placed.rule == "C2" and placed.risks == ["N1"]
    assert (
        "Top risks bringing a material condition (1a, 1b, 1c, 1d, 1e, 1f, 2, 3): 1 (N1 [1d])"
        in (placed.because)
    )
    assert "Top risks: 1" not in placed.because  # only the thresholds met are the reason
    for better in ("Approved with support", "Approved"):
        assert steps[better].relation == "better" and steps[better].risks[0] == "N1"
        assert "rule C2 (Approved subject to conditions) is tested first and applies" in (
            steps[better].because
        )
    assert "N1" in assessment.reason and "Material concerns" in assessment.reason


def test_not_approved_names_the_showstopper_before_better_categories(tmp_path: Path) -> None:
    changes = changed("signoff-unsigned", "nhs-number-not-primary")
    assessment = assure_text(variant(changes), tmp_path).assessment
    steps = _steps(assessment)
    assert steps["Not approved"].because == "rule C1 applies: Showstopper risks: 1 (N2) ≥ 1"
    conditions = steps["Approved subject to conditions"]
    assert conditions.relation == "better" and conditions.risks == ["N2"]
    assert conditions.applies  # N1 would set conditions on its own …
    assert conditions.because.startswith("rule C1 (Not approved) is tested first")  # … but C1
    assert "rule C2 (Approved subject to conditions) also comes before it" in (
        steps["Approved"].because
    )


def test_explanation_is_shown_escaped_and_old_json_still_validates(tmp_path: Path) -> None:
    result = assure_text(variant(changed("metric-missing")), tmp_path)
    text = assessment_as_text(result.assessment)
    assert "Placed in Approved with support (C3) because rule C3 applies: risks of any " in text
    assert "Not in Approved subject to conditions (C2) because rule C2 does not apply:" in text
    html = assurance_html(result)
    assert 'data-relation="worse" data-rule="C1"' in html
    assert "Showstopper risks: 0 &lt; 1" in html and "0 < 1" not in html
    data = result.assessment.model_dump(mode="json")
    del data["explanation"]
    assert Assessment.model_validate(data).explanation == []


def _report(*findings: Finding) -> CheckReport:
    return CheckReport(
        file="fictional.txt", framework="bcf-2014", template=None, findings=list(findings),
        checklist=[],
    )  # fmt: skip


def _nhs_number(confidence: Literal["high", "low"]) -> Finding:
    return Finding(
        id="nhs-number-not-primary",
        code="nhs-number-not-primary",
        title="NHS Number not the primary identifier",
        severity="Top risk",
        risk="N1",
        conditions=["1d"],
        message="The data-sharing answer does not commit to the NHS Number.",
        action="Commit to the NHS Number.",
        owner="IG leads",
        confidence=confidence,
        doubts=["/national_conditions/data_sharing"] if confidence == "low" else [],
    )


def test_a_material_concern_must_rest_on_a_confident_reading() -> None:
    framework = load_framework()
    sure = assess(_report(_nhs_number("high")), framework, ASSESSED_ON)
    assert sure.category == "Approved subject to conditions"
    doubtful = assess(_report(_nhs_number("low")), framework, ASSESSED_ON)
    assert doubtful.category == "Approved with support"
    step = _steps(doubtful)["Approved subject to conditions"]
    assert "Top risks bringing a material condition" in step.because and ": 0 < 1" in step.because
    assert "Top risks: 1 (N1) < 5" in step.because


def test_a_threshold_changed_in_a_copied_framework_changes_the_placement(
    tmp_path: Path,
) -> None:
    result = assure_text(
        variant(changed("investment-exceeds-pooled", "metric-worsening-unexplained")), tmp_path
    )
    assert result.assessment.category == "Approved with support"
    shipped = Path(bettercare.frameworks.__file__).with_name("bcf-2014.toml")
    text = shipped.read_text(encoding="utf-8")
    assert text.count("top_risks = 5\n") == 1
    copy = tmp_path / "stricter.toml"
    copy.write_text(text.replace("top_risks = 5\n", "top_risks = 2\n"), encoding="utf-8")
    stricter = assess(result.report, load_framework(str(copy)), ASSESSED_ON)
    assert (stricter.category, stricter.rule) == ("Approved subject to conditions", "C2")
    placed = _steps(stricter)["Approved subject to conditions"]
    assert placed.because == "rule C2 applies: Top risks: 2 (F4, A9) ≥ 2"


def test_nel_quarters_rising_within_a_year_that_falls_are_not_a_broken_promise(
    tmp_path: Path,
) -> None:
    # 2014/15: 2,500 + 2,480 + 2,520 + 2,500 = 10,000; 2015/16: 9,500 (−5%), rising by quarter.
    result = assure_text(variant([(NEL_2015, "2,300\t2,350\t2,400\t2,450")]), tmp_path)
    codes = {f.code for f in result.report.findings}
    assert "nel-rising" not in codes and "nel-reduction-below-minimum" not in codes


def test_an_operational_change_larger_than_the_bcf_reduction_is_consistent(
    tmp_path: Path,
) -> None:
    # The narrative's 3.6% is the BCF's; Annex 2's 5.6% is the provider's whole change.
    larger = assure_text(variant([("360 (3.6%)", "560 (5.6%)")]), tmp_path, "larger.txt")
    assert "reduction-mismatch" not in {f.code for f in larger.report.findings}
    smaller = assure_text(variant([("360 (3.6%)", "160 (1.6%)")]), tmp_path, "smaller.txt")
    mismatch = next(f for f in smaller.report.findings if f.code == "reduction-mismatch")
    assert "1.6%" in mismatch.message and "3.6%" in mismatch.message
    assert mismatch.conditions == ["4c"]
