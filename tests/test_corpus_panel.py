"""The checks with the panel's depth on the corpus plans: what each raises, read off the
document lines named in the comments, and what none of them raises."""

from __future__ import annotations

from bettercare.check import check_plan
from bettercare.model import Finding
from tests.conftest import corpus_plan
from tests.test_panel_checks import PANEL_CODES


def _panel(name: str) -> dict[str, Finding]:
    report = check_plan(corpus_plan(name))
    return {f.id: f for f in report.findings if f.code in PANEL_CODES}


def test_blackpool() -> None:
    found = _panel("blackpool-hwb-pack-2014-12.txt")
    assert sorted(found) == [
        "metric-impact-not-planned:DTOC",
        "savings-exceed-investment:J",
        "savings-unevidenced:E",
        "schemes-nel-impact-mismatch",
    ]
    # Only further risks: none brings a material condition or counts as a top risk.
    assert {f.severity for f in found.values()} == {"Further risk"}
    # Scheme E: "Reduction in non-elective admissions of 100" (4001); scheme J:
    # "152AvoidedAdmissions" (4456); Annex 2: the BCF is to prevent "700 (3.5%)*" (4936).
    a4 = found["schemes-nel-impact-mismatch"]
    assert "quantify 252 non-elective admissions avoided" in a4.message
    assert "short of the 700" in a4.message
    assert [e.line for e in a4.evidence] == [4001, 4456, 4936]
    # DTOC rises every quarter, 825.3 to 999.9 (3121), while schemes G (its row, 3029:
    # "Reduce delayed transfers of care"), H (impact, 4262: "Reduction in Dtoc") and M (row,
    # 3036: "Reduced length of stay and delayed transfers of care") claim to cut it.
    a7 = found["metric-impact-not-planned:DTOC"]
    assert "Scheme(s) G, H, M claim an impact on Delayed transfers of care" in a7.message
    assert [e.line for e in a7.evidence] == [3121, 3029, 4262, 3036]
    # Scheme E claims "savings of £170k" (4001); its evidence base (3976–3981) holds only
    # the template's prompts.
    assert "£170,000" in found["savings-unevidenced:E"].message
    # Scheme J: "Total Gross Savings =£317,990" (4460) on an investment of £100,000 (4443).
    j = found["savings-exceed-investment:J"]
    assert "£317,990 against an investment of £100,000 (3.2 times" in j.message
    assert [e.line for e in j.evidence] == [4460, 4443]


def test_fylde_wyre_draft() -> None:
    found = _panel("fylde-wyre-2014-02-draft.txt")
    # The vision (83–207) names outcomes ("live as independent and productive a life as
    # possible", 83; "admissions to hospital ... will be reduced", 97) but no year or span
    # for them: the template asks for the vision "for 2018/19" (prompt, 78).
    assert sorted(found) == ["vision-unclear"]
    vision = found["vision-unclear"]
    assert vision.message.startswith("The vision does not name a timescale")
    assert "outcomes" not in vision.message
    assert vision.evidence[0].line == 83


def test_west_essex() -> None:
    # A vision with outcomes ("maximise their health and live fulfilled lives", 117) and a
    # timetable (2014/15 to 2016/17, 2017-19 at 150); engagement with providers and patients
    # that "contributed directly to how we plan to design and shape our services" (49); no
    # metric tables, no Annex 1 and no Annex 2 to judge ambition or savings by.
    assert _panel("west-essex-2014-03.txt") == {}
