"""Fylde & Wyre draft, 28 Jan 2014: wrapped tables, Cyrillic "Ву", empty risk ratings."""

from __future__ import annotations

import datetime as dt

from tests.conftest import plan_fixture

NAME = "fylde-wyre-2014-02-draft.txt"

plan = plan_fixture(NAME)


def test_plan_details(plan) -> None:  # type: ignore[no-untyped-def]
    # lines 7–15
    assert plan.template == "original"
    assert plan.local_authorities == ["Lancashire County Council"]
    assert plan.ccgs == ["Fylde and Wyre CCG"]
    assert plan.boundary_differences.startswith("For the Local Authority Fylde & Wyre area")
    assert plan.date_agreed_at_hwb is None  # empty
    assert plan.date_submitted == dt.date(2014, 1, 28)  # "28 th Jan 2014"
    # "(proposed) £10,295.00": as written; the unit is the checker's question, not the reader's.
    # Lines 13 and 15: "(proposed) £10,295.00" is implausible in pounds for a county's pooled
    # budget: read as £000s, flagged for review and warned about.
    assert plan.pooled_budget.minimum == {"2014/15": 0, "2015/16": 10_295_000}
    assert plan.pooled_budget.total == {"2014/15": 0, "2015/16": 10_295_000}
    read = plan.fields["/pooled_budget/minimum/2015~116"]
    assert read.state == "found" and read.needs_review
    assert "£000s" in (read.reason or "")


def test_signoff_blocks(plan) -> None:  # type: ignore[no-untyped-def]
    # lines 20–32: Cyrillic "Ву"; "Cabinet Member to be Confirmed" is a placeholder.
    ccg, council, hwb = plan.signatories
    assert (ccg.on_behalf_of, ccg.organisation, ccg.name, ccg.position, ccg.date) == (
        "ccg", "Fylde and Wyre CCG", "Tony Naughton", "Clinical Chief Officer Fylde and Wyre CCG",
        dt.date(2014, 1, 21),
    )  # fmt: skip
    assert (council.on_behalf_of, council.organisation, council.name, council.date) == (
        "council", "Lancashire County Council", None, None,
    )  # fmt: skip
    assert council.position == "Lancashire County Council elected member"
    assert (hwb.on_behalf_of, hwb.organisation, hwb.name, hwb.date) == (
        "hwb", None, None, dt.date(2014, 1, 28),
    )  # fmt: skip
    assert ("placeholder", 26) in {(w.code, w.line) for w in plan.warnings}


def test_wrapped_risk_rows_rejoined_with_empty_ratings(plan) -> None:  # type: ignore[no-untyped-def]
    # lines 481–523: eight risks wrapped line by line; ratings and mitigations empty.
    assert len(plan.risks) == 8
    assert all(r.rating is None and r.mitigation is None for r in plan.risks)
    assert plan.risks[0].description == (
        "Maintaining the integrity of the partnership, with competing financial pressures and "
        "performance indictors amongst the key partners, and a political agenda and context to "
        "change."
    )
    assert plan.risks[2].description == (
        "The scale of change and interdependency of work streams could be overwhelming at a time "
        "of reducing workforce capacity within the County Council"
    )
    assert plan.risks[7].description.startswith(
        "Introduction of the Care and Support Bill will bring additional cost pressures"
    )


def test_related_documents(plan) -> None:  # type: ignore[no-untyped-def]
    # lines 56–71: a wrapped header ("title"), twelve rows.
    titles = [d.title for d in plan.related_documents]
    assert len(titles) == 12
    assert titles[1] == "H&C Strategy"
    assert plan.related_documents[1].synopsis == "To be embedded by 14 Feb 2014"
    assert titles[-1] == "FYLDE & WYRE CCG FOCUS GROUPS"


def test_prompt_wrapped_over_two_lines_is_left_out(plan) -> None:  # type: ignore[no-untyped-def]
    assert plan.national_conditions["joint_assessment"].startswith(
        "A number of work streams are already in place"
    )
    assert plan.national_conditions["acute_sector_implications"] == (
        "Response currently being developed with partners."
    )


def test_planned_changes_table_read_as_schemes(plan) -> None:  # type: ignore[no-untyped-def]
    # Lines 296-301: "Actions | By When | Expected benefits", then five one-line rows.
    first = [(s.name, s.by_when) for s in plan.schemes[:5]]
    assert first == [
        ("Implementation of Electronic Palliative Care Co-ordination System (EPaCCS)", "Q1 2014"),
        ("Development and implementation of Care plans for all patients who are identified as "
         "End of Life", "2014-2015"),
        ("Design and implement Care Homes Commissioning and Support Plan",
         "Design by April 2014 Implementation from April 2014- Mar 2015"),
        # Line 300 holds two actions run together by the PDF extraction, kept as written.
        ("Commission pilot for Community Palliative Care Service including an End of Life Rapid "
         "Response Service, Hospice at Home and Sitting Service Commission a pilot for the "
         "expansion of the existing Falls Advice and Assessment Service to: Receive referrals "
         "from all primary care, community and third sector organisations Provide community "
         "falls prevention events", "April 2014 April 2014"),
        ("Commission a pilot for a Falls Lifting Service linked to the Lifeline Pendant Scheme",
         "April 2014"),
    ]  # fmt: skip
    # Lines 303-308 carry on row 5's benefits; lines 311-313 wrap one action over three lines.
    assert plan.schemes[4].expected_benefits.endswith(
        "Reduce the admissions to long term care. Improve the long term outcomes for older people."
    )
    assert (plan.schemes[5].name, plan.schemes[5].by_when) == (
        "Implement recommendations of hospital discharge review", "September 2014",
    )  # fmt: skip
    # Line 372 "care review" (lower case) carries on line 371's "Community therapy …" row.
    last = plan.schemes[-1]
    assert last.name.startswith("Community therapy In line with Intermediate care review")
    assert all(s.ref is None and not s.annex1 for s in plan.schemes)
