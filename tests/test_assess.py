"""Category rules, conditions, the action plan and an assurer's overrides, on fictional plans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bettercare.assess import assess
from bettercare.assess.review import load_review
from bettercare.errors import InputError
from bettercare.frameworks import load_framework
from bettercare.pipeline import assure_file
from tests.fictional import ASSESSED_ON, assure_text, variant
from tests.test_rules import BREAKS, DTOC, RISK_2


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
