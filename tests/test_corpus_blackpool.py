"""Blackpool HWB pack, 3 Dec 2014: the revised plan (Appendix 6a) inside a 6,300-line board pack.

Expected values are read off the document lines named in each comment.
"""

from __future__ import annotations

import datetime as dt

from tests.conftest import plan_fixture

NAME = "blackpool-hwb-pack-2014-12.txt"

plan = plan_fixture(NAME)


def test_plan_is_found_inside_the_pack(plan) -> None:  # type: ignore[no-untyped-def]
    # 2409 "Updated July 2014"; the next agenda item's "Report to:" is line 4968.
    assert plan.template == "revised"
    assert plan.start_line == 2409
    assert plan.end_line == 4967
    assert [s.id for s in plan.sections] == [
        "plan_details", "vision", "case_for_change", "plan_of_action", "risks", "alignment",
        "national_conditions", "engagement", "annex1", "annex2",
    ]  # fmt: skip
    assert [s.line for s in plan.sections][:3] == [2421, 2522, 2835]


def test_plan_details(plan) -> None:  # type: ignore[no-untyped-def]
    # 2425–2434
    assert plan.local_authorities == ["Blackpool Council"]  # "DI I LOGO" (2426) is a logo
    assert plan.ccgs == ["Blackpool CCG"]
    assert plan.health_and_wellbeing_board == "Blackpool Health and Wellbeing Board"
    assert plan.boundary_differences.startswith("Blackpool Council and CCG are co-terminus")
    assert plan.date_agreed_at_hwb == dt.date(2014, 9, 3)
    assert plan.date_submitted == dt.date(2014, 9, 19)
    assert plan.pooled_budget.minimum == {"2014/15": 7_530_000, "2015/16": 14_081_000}
    assert plan.pooled_budget.total == {"2014/15": 0, "2015/16": 15_230_000}


def test_every_value_points_to_its_line(plan) -> None:  # type: ignore[no-untyped-def]
    source = plan.sources["/pooled_budget/minimum/2015~116"]
    assert source.line == 2432
    assert "£14,081,000" in source.text
    assert plan.sources["/date_submitted"].line == 2430
    assert plan.sources["/signatories/0/name"].line == 2440
    assert plan.sources["/schemes/3/investment"].line == 3824


def test_signoff_blocks(plan) -> None:  # type: ignore[no-untyped-def]
    # 2438–2454: the CCG and HWB names sit on the line above an empty (Cyrillic) "Ву".
    blocks = [
        (s.on_behalf_of, s.organisation, s.title, s.name, s.honours, s.position, s.date)
        for s in plan.signatories
    ]
    assert blocks == [
        ("ccg", "Blackpool CCG", "Dr", "Amanda Doyle", "OBE", "Chief Clinical Officer",
         dt.date(2014, 9, 19)),
        ("council", "Blackpool Council", None, "Delyth Curtis", None,
         "Director Adult Social Services", dt.date(2014, 9, 19)),
        ("hwb", "Blackpool Health and Wellbeing Board", "Cllr", "Simon Blackburn", None,
         "Chair of Health and Wellbeing Board", dt.date(2014, 9, 19)),
    ]  # fmt: skip


def test_related_documents(plan) -> None:  # type: ignore[no-untyped-def]
    # 2460–2520: 16 numbered rows; the OCR ghost "10 Carore Sandras…" (2516) is not a row.
    assert [d.number for d in plan.related_documents] == [str(n) for n in range(1, 17)]
    assert plan.related_documents[0].title == "Unscheduled Care Strategy"
    assert plan.related_documents[8].title == "NHS Blackpool 5 Year Strategic Plan 2014-2019"
    assert plan.related_documents[15].title.startswith("Carers Services Specification")


def test_scheme_list_A_to_N(plan) -> None:  # type: ignore[no-untyped-def]
    # 3020–3037; B, C and H are Cyrillic look-alikes; J's name runs on into K's row.
    names = {s.ref: s.name for s in plan.schemes}
    assert list(names) == list("ABCDEFGHIJKLMN")
    assert names["A"] == "Extensivist Model"
    assert names["B"] == "Enhanced Primary Care"
    assert (
        names["C"] == "Implementation of Electronic Palliative Care Co-ordination System (EPaCCS)"
    )
    assert names["F"] == "Review Falls Lifting Service linked to the Vitaline Pendant Scheme"
    assert names["H"].startswith("Review all urgent and emergency services to assess 7 day")
    assert names["J"] == (
        "Using existing risk stratification tools build on the current Care Co-ordination pilot, "
        "broadening scope to include social care risk factors and increase the number of people "
        "with an Anticipatory Care Plan"
    )
    assert names["K"].startswith("To broaden the scope of existing 999 frequent callers pilot")
    assert names["N"] == "Scope the increased use of telecare / telemedicine and telehealth"


def test_annex1_descriptions_and_investments(plan) -> None:  # type: ignore[no-untyped-def]
    schemes = {s.ref: s for s in plan.schemes}
    # 3824 D £100,000; 3987 E £223,000; 4345 I £125,000; 4443 J £100,000; 4582 K "£65,000 total"
    assert {ref: schemes[ref].investment for ref in "DEIJK"} == {
        "D": 100_000, "E": 223_000, "I": 125_000, "J": 100_000, "K": 65_000,
    }  # fmt: skip
    # I, J and L are OCR'd as "1" (4275, 4369, 4640); their names tell them apart.
    assert schemes["I"].annex_name == "Improved services for Carers"
    assert schemes["J"].annex_name == "Care Co-ordination"
    assert schemes["L"].annex_name == "Increased Reablement capacity"
    # F has no Annex 1 block; G's box is empty; M says "tbc"; H lists four unlabelled sums.
    assert not schemes["F"].annex1
    assert schemes["G"].investment is None and schemes["G"].investment_lines == []
    assert schemes["M"].investment is None
    assert [line.amount for line in schemes["H"].investment_lines] == [
        225_000, 25_000, 149_670, 239_545,
    ]  # fmt: skip
    assert schemes["H"].investment is None
    assert (
        schemes["A"].annex_name
        == schemes["B"].annex_name
        == ("New Models of Care: Extensivist and Enhanced Primary Care")
    )
    codes = {(w.code, w.line) for w in plan.warnings}
    assert ("investment-tbc", 4802) in codes
    assert ("scheme-ref-inferred", 4275) in codes


def test_risk_log_scores(plan) -> None:  # type: ignore[no-untyped-def]
    # 3073–3103: impact, likelihood and score, gross then net.
    scores = [
        (r.number, (r.gross.impact, r.gross.likelihood, r.gross.score),
         (r.net.impact, r.net.likelihood, r.net.score))
        for r in plan.risks
    ]  # fmt: skip
    assert scores == [
        (1, (4, 4, 16), (4, 3, 12)),
        (2, (4, 4, 16), (4, 3, 12)),
        (3, (5, 3, 15), (4, 3, 12)),
        (4, (5, 4, 20), (5, 2, 10)),
        (5, (5, 4, 20), (5, 3, 15)),
        (6, (4, 4, 16), (4, 3, 12)),
        (7, (5, 3, 15), (5, 2, 10)),
        (8, (4, 3, 12), (4, 2, 8)),
    ]
    assert (
        plan.risks[0].description == "Pressure on Council budgets reduces the effectiveness of BCF"
    )
    assert plan.risks[2].description == (
        "Recruitment and retention of specialised health professionals"
    )
    assert plan.risks[7].description == (
        "Inadequate level of commissioning support to deliver the agenda"
    )
    assert "Section 75".lower() in (plan.risks[0].mitigation or "").lower()


def test_quarterly_metric_tables(plan) -> None:  # type: ignore[no-untyped-def]
    series = {m.id: m for m in plan.metrics}
    # 3116–3117
    assert [(v.period, v.value) for v in series["NEL"].values] == [
        ("2013/14 Q4", 4851), ("2014/15 Q1", 4983), ("2014/15 Q2", 4646), ("2014/15 Q3", 4916),
        ("2014/15 Q4", 4887), ("2015/16 Q1", 4899), ("2015/16 Q2", 4911), ("2015/16 Q3", 4923),
        ("2015/16 Q4", 4935),
    ]  # fmt: skip
    # 3119–3121
    assert [(v.period, v.value) for v in series["DTOC"].values] == [
        ("2014/15 Q1", 825.3), ("2014/15 Q2", 850.1), ("2014/15 Q3", 874.8),
        ("2014/15 Q4", 899.8), ("2015/16 Q1", 924.5), ("2015/16 Q2", 949.3),
        ("2015/16 Q3", 974.0), ("2015/16 Q4", 999.9),
    ]  # fmt: skip
    assert series["DTOC"].measure == "Quarterly rate"


def test_provider_commentary(plan) -> None:  # type: ignore[no-untyped-def]
    # 4923–4936
    (commentary,) = plan.provider_commentary
    assert commentary.provider == "Blackpool Teaching Hospitals NHS Foundation Trust"
    assert commentary.ceo == "Gary Doherty"
    assert commentary.figures["outturn_2013_14"].value == 20477
    assert commentary.figures["plan_2015_16"].value == 19352
    change = commentary.figures["change_2015_16"]
    assert (change.text, change.value, change.percent) == ("1125 (5.5%)", 1125, 5.5)
    assert commentary.figures["prevent_2015_16"].percent == 3.5


def test_national_conditions_answered(plan) -> None:  # type: ignore[no-untyped-def]
    conditions = plan.national_conditions
    assert "£4.989m has been allocated" in conditions["protecting_social_care"]  # 3220
    assert "Rapid Response Nursing Service" in conditions["seven_day_services"]  # 3255
    assert "NHS Number" in conditions["data_sharing"]  # 3290
    assert "1505 (17.5%)" in conditions["joint_assessment"]  # 3353
    assert "Please" not in conditions["protecting_social_care"].split("\n")[0]


def test_vision_starts_after_its_prompt(plan) -> None:  # type: ignore[no-untyped-def]
    # Line 2524 is the template's prompt ("a) Drawing on your JSNA, …, please describe the
    # vision …"); line 2526 is the plan's first sentence: "By 2019 we will have created …".
    source = plan.sources["/narratives/vision"]
    assert source.line == 2526
    assert plan.narratives["vision"].startswith("By 2019 we will have created a truly integrated")
