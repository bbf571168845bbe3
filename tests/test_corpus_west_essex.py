"""West Essex, March 2014: original template, placeholders everywhere, "7 March 20014"."""

from __future__ import annotations

from tests.conftest import plan_fixture

NAME = "west-essex-2014-03.txt"

plan = plan_fixture(NAME)


def test_plan_details(plan) -> None:  # type: ignore[no-untyped-def]
    # lines 15–27
    assert plan.template == "original"
    assert plan.local_authorities == ["Essex County Council"]
    assert plan.ccgs == ["West Essex CCG"]  # four "<CCG Name/s>" rows dropped
    assert plan.health_and_wellbeing_board is None
    assert plan.boundary_differences is None  # a placeholder
    assert plan.date_agreed_at_hwb is None  # "<dd/mm/yyyy>"
    assert plan.date_submitted is None  # "7 March 20014"
    assert plan.pooled_budget.minimum == {"2014/15": 0, "2015/16": 17_430_000}
    assert plan.pooled_budget.total == {"2014/15": 0, "2015/16": 18_980_000}


def test_impossible_date_is_a_warning_on_its_line(plan) -> None:  # type: ignore[no-untyped-def]
    warnings = [(w.code, w.line) for w in plan.warnings]
    assert ("date-invalid", 23) in warnings
    assert ("placeholder", 17) in warnings


def test_signoff_blocks_hold_only_placeholders(plan) -> None:  # type: ignore[no-untyped-def]
    # lines 31–43
    assert [s.on_behalf_of for s in plan.signatories] == ["ccg", "council", "hwb"]
    for signatory in plan.signatories:
        assert signatory.organisation is None
        assert signatory.name is None
        assert signatory.date is None
    assert [s.position for s in plan.signatories] == [
        None,
        None,
        "Chair of Health and Wellbeing Board",
    ]


def test_nine_risk_ratings(plan) -> None:  # type: ignore[no-untyped-def]
    # lines 338–347
    assert [r.rating for r in plan.risks] == [
        "High", "Low", "Medium", "Medium to High", "Low", "Medium", "Medium", "Low", "Low",
    ]  # fmt: skip
    assert plan.risks[0].description.startswith("Financial – failure to realise efficiency")
    assert "<ul" not in (plan.risks[0].mitigation or "")  # HTML debris removed
    assert plan.risks[8].mitigation == (
        "Early prioritising of a pragmatic population cohort that can be identified and measured"
    )


def test_one_programme_no_scheme_list(plan) -> None:  # type: ignore[no-untyped-def]
    assert plan.schemes == []


def test_related_documents(plan) -> None:  # type: ignore[no-untyped-def]
    # lines 101–104
    assert [d.title for d in plan.related_documents] == [
        "Frailty Mandate",
        "Frailty Business Case",
        "West Essex CCG Planning for Transformation 2014/15",
        "West Essex JSNA",
    ]


def test_narratives_leave_out_template_prompts(plan) -> None:  # type: ignore[no-untyped-def]
    acute = plan.national_conditions["acute_sector_implications"]
    assert acute.startswith("The BCF fund spending plan will have a significant impact")
    assert plan.national_conditions["data_sharing"].startswith(
        "It is our intention to use the NHS number as the primary identifier in the future."
    )
