"""The shipped gazetteer of 2014 bodies and name resolution against it."""

from __future__ import annotations

import itertools
from collections import Counter
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bettercare.gazetteer import Body, gazetteer

G = gazetteer()
COUNCILS = G.bodies("council")
CCGS = G.bodies("ccg")


def code(text: str, kind: str | None = None) -> str | None:
    body = G.resolve(text, kind)
    return None if body is None else body.code


# --- the data ---------------------------------------------------------------------------------


def test_counts_are_the_real_2014_counts() -> None:
    assert len(COUNCILS) == 152
    assert len(CCGS) == 211
    assert len({b.code for b in G.bodies()}) == 363
    prefixes = Counter(b.code[:3] for b in COUNCILS)
    assert prefixes == {"E06": 56, "E08": 36, "E09": 33, "E10": 27}


def test_every_csv_says_where_it_comes_from() -> None:
    folder = resources.files("bettercare.gazetteer")
    for name in ("councils.csv", "ccgs.csv", "districts.csv"):
        header = [
            line
            for line in folder.joinpath(name).read_text("utf-8").splitlines()
            if line.startswith("#")
        ]
        text = " ".join(header)
        assert "Open Government Licence v3.0" in text
        assert "github.com/" in text


# Values read from the source lists (ONS CCG_APR_2013 / CCG13_NHSAT13 lookup, NHS Digital
# eccg.csv, mySociety and DfE local-authority lists), not from the shipped files.
CCG_CODES = {
    "09C": ("NHS Ashford CCG", "Kent and Medway", "South"),
    "08T": ("NHS Sutton CCG", "London", "London"),
    "02M": ("NHS Fylde & Wyre CCG", "Lancashire", "North"),
    "00R": ("NHS Blackpool CCG", "Lancashire", "North"),
    "07H": ("NHS West Essex CCG", "Essex", "Midlands and East"),
    "99M": ("NHS North East Hampshire and Farnham CCG", "Wessex", "South"),
    "10C": ("NHS Surrey Heath CCG", "Surrey and Sussex", "South"),
    "13P": (
        "NHS Birmingham CrossCity CCG",
        "Birmingham and the Black Country",
        "Midlands and East",
    ),
    "00D": (
        "NHS Durham Dales, Easington and Sedgefield CCG",
        "Durham, Darlington and Tees",
        "North",
    ),
    "04F": ("NHS Milton Keynes CCG", "Hertfordshire and the South Midlands", "Midlands and East"),
    "11N": ("NHS Kernow CCG", "Devon, Cornwall and Isles of Scilly", "South"),
}
COUNCIL_CODES = {
    "E10000016": ("Kent", "South East", "South"),
    "E09000029": ("Sutton", "London", "London"),
    "E06000009": ("Blackpool", "North West", "North"),
    "E06000023": ("Bristol, City of", "South West", "South"),
    "E06000010": ("Kingston upon Hull, City of", "Yorkshire and The Humber", "North"),
    "E06000019": ("Herefordshire, County of", "West Midlands", "Midlands and East"),
    "E06000028": ("Bournemouth", "South West", "South"),
    "E06000029": ("Poole", "South West", "South"),
    "E10000009": ("Dorset", "South West", "South"),
    "E08000037": ("Gateshead", "North East", "North"),
    "E06000057": ("Northumberland", "North East", "North"),
    "E10000007": ("Derbyshire", "East Midlands", "Midlands and East"),
    "E06000042": ("Milton Keynes", "South East", "Midlands and East"),
}


@pytest.mark.parametrize("ods", sorted(CCG_CODES))
def test_ccg_codes_match_the_sources(ods: str) -> None:
    body = G.by_code(ods)
    assert body is not None
    assert (body.kind, body.name, body.area_team, body.region) == ("ccg", *CCG_CODES[ods])
    assert body.ons_region is None


@pytest.mark.parametrize("ons", sorted(COUNCIL_CODES))
def test_council_codes_match_the_sources(ons: str) -> None:
    body = G.by_code(ons)
    assert body is not None
    assert (body.kind, body.name, body.ons_region, body.region) == ("council", *COUNCIL_CODES[ons])
    assert body.area_team is None


def test_by_code_takes_other_codes_and_rejects_unknown() -> None:
    assert code_of(G.by_code("E38000002")) == "09C"  # ONS code of NHS Ashford CCG
    assert code_of(G.by_code("e08000020")) == "E08000037"  # Gateshead before April 2013
    assert code_of(G.by_code(" 09c ")) == "09C"
    assert G.by_code("E07000105") is None  # Ashford district: not upper tier
    assert G.by_code("") is None


def code_of(body: Body | None) -> str | None:
    return None if body is None else body.code


def test_regions_and_area_teams_are_from_the_known_sets() -> None:
    assert {b.region for b in G.bodies()} == {"North", "Midlands and East", "London", "South"}
    assert {b.ons_region for b in COUNCILS} == {
        "North East",
        "North West",
        "Yorkshire and The Humber",
        "East Midlands",
        "West Midlands",
        "East of England",
        "London",
        "South East",
        "South West",
    }
    assert len({b.area_team for b in CCGS}) == 25
    assert Counter(b.region for b in CCGS) == {
        "North": 68,
        "Midlands and East": 61,
        "South": 50,
        "London": 32,
    }


def test_small_authorities_are_there_and_marked() -> None:
    folder = resources.files("bettercare.gazetteer")
    rows = folder.joinpath("councils.csv").read_text("utf-8")
    scilly = next(line for line in rows.splitlines() if line.startswith("E06000053"))
    city = next(line for line in rows.splitlines() if line.startswith("E09000001"))
    assert "Cornwall" in scilly
    assert "Hackney" in city


# --- resolve ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "NHS Ashford CCG",
        "Ashford CCG",
        "Ashford Clinical Commissioning Group",
        "NHS Ashford Clinical Commissioning Group",
        "Ashford C.C.G.",
        "nhs ashford ccg",
        "NHS ASHFORD CCG",
        "  NHS Ashford CCG. ",
        "NHS Ashforrd CCG",  # OCR slip
    ],
)
def test_resolve_ccg_forms(text: str) -> None:
    assert code(text) == "09C"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NHS Fylde and Wyre CCG", "02M"),
        ("Fylde & Wyre Clinical Commissioning Group", "02M"),
        ("NHS Fylde-and-Wyre CCG", "02M"),
        ("NHS St. Helens CCG", "01X"),
        ("NHS Saint Helens CCG", "01X"),
        ("NHS Stoke-on-Trent CCG", "05W"),
        ("NHS Windsor Ascot and Maidenhead CCG", "11C"),
        ("NHS Northern, Eastern and Western Devon CCG", "99P"),
        ("NHS West London CCG", "08Y"),
        ("NHS Guildford & Waverly CCG", "09N"),
        ("Kernow", "11N"),
        ("Sutton", "E09000029"),
    ],
)
def test_resolve_ccg_spellings(text: str, expected: str) -> None:
    assert code(text) == expected


def test_kind_decides_bare_names() -> None:
    assert code("Sutton", "ccg") == "08T"
    assert code("Sutton", "council") == "E09000029"
    assert code("Blackpool CCG", "council") is None
    assert code("Blackpool Council", "ccg") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kent County Council", "E10000016"),
        ("Kent", "E10000016"),
        ("London Borough of Sutton", "E09000029"),
        ("Sutton Council", "E09000029"),
        ("Royal Borough of Kensington and Chelsea", "E09000020"),
        ("City of Bristol", "E06000023"),
        ("Bristol City Council", "E06000023"),
        ("Bristol, City of", "E06000023"),
        ("Blackpool Council", "E06000009"),
        ("Blackpool Borough Council", "E06000009"),
        ("Middlesbrough Council", "E06000002"),
        ("Herefordshire Council", "E06000019"),
        ("Kingston upon Hull City Council", "E06000010"),
        ("Kingston-upon-Hull City Council", "E06000010"),
        ("Hull City Council", "E06000010"),
        ("Council of the Isles of Scilly", "E06000053"),
        ("Barnsley Metropolitan Borough Council", "E08000016"),
        ("Wakefield Metropolitan District Council", "E08000036"),
        ("St. Helens Council", "E08000013"),
        ("Stoke on Trent City Council", "E06000021"),
        ("Durham County Council", "E06000047"),
        ("City of London", "E09000001"),
        ("City of London Corporation", "E09000001"),
        ("Bournemouth Borough Council", "E06000028"),
        ("Blackpool Health and Wellbeing Board", "E06000009"),
        ("Blackpool Health & Well-being Board", "E06000009"),
        ("Blackpool HWB", "E06000009"),
        ("Kent Health and Wellbeing Board", "E10000016"),
        ("Kent Countv Council", "E10000016"),  # OCR slip in an organisation word
        ("Northumberlnd County Council", "E06000057"),  # OCR slip in the name
    ],
)
def test_resolve_council_forms(text: str, expected: str) -> None:
    assert code(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ashford Borough Council",
        "Swale Borough Council",
        "Lincoln City Council",
        "Gloucester City Council",
        "Newcastle-under-Lyme Borough Council",
        "Shepway District Council",
        "Ashford",
    ],
)
def test_district_councils_are_not_upper_tier(text: str) -> None:
    assert code(text, "council") is None
    assert code(text) is None or text == "Ashford"


def test_ashford_alone_is_only_a_ccg_when_asked() -> None:
    assert code("Ashford") is None
    assert code("Ashford", "ccg") == "09C"


@pytest.mark.parametrize(
    "text",
    [
        "We worked with Kent County Council on this plan.",
        "The plan was agreed. NHS Ashford CCG signed it",
        "Kent County Council and Medway Council",
        "",
        "Council",
        "NHS",
        "CCG",
        "Health and Wellbeing Board",
        "London",
        "NHS Nowhere CCG",
    ],
)
def test_resolve_returns_none_for_sentences_and_non_names(text: str) -> None:
    assert G.resolve(text) is None


def test_every_body_resolves_from_its_own_name() -> None:
    for body in G.bodies():
        assert G.resolve(body.name) == body, body


def _case(text: str, how: int) -> str:
    return [text, text.upper(), text.lower(), text.title()][how]


@settings(max_examples=400, deadline=None)
@given(
    body=st.sampled_from(CCGS),
    nhs=st.booleans(),
    long_suffix=st.booleans(),
    how=st.integers(0, 3),
)
def test_ccg_name_variants_resolve_to_the_same_body(
    body: Body, nhs: bool, long_suffix: bool, how: int
) -> None:
    core = body.name.removeprefix("NHS ").removesuffix(" CCG")
    text = ("NHS " if nhs else "") + core
    text += " Clinical Commissioning Group" if long_suffix else " CCG"
    assert G.resolve(_case(text, how)) == body
    assert G.resolve(_case(text, how), "ccg") == body


@settings(max_examples=300, deadline=None)
@given(
    body=st.sampled_from(COUNCILS),
    form=st.sampled_from(["{}", "{} Council", "{} Health and Wellbeing Board", "{} HWB"]),
    how=st.integers(0, 3),
)
def test_council_name_variants_resolve_to_the_same_body(body: Body, form: str, how: int) -> None:
    text = _case(form.format(body.name), how)
    assert G.resolve(text) == body
    assert G.resolve(text, "council") == body


# --- find_all and split --------------------------------------------------------------------------

SURREY = (
    "NHS East Surrey CCG NHS Guildford and Waverley CCG NHS North East Hampshire and Farnham "
    "CCG NHS North West Surrey CCG NHS Surrey Downs CCG NHS Surrey Heath CCG NHS Windsor "
    "Ascot and Maidenhead CCG"
)


def test_find_all_reads_a_run_together_list() -> None:
    found = G.find_all(SURREY, "ccg")
    assert [m.body.code for m in found] == ["09L", "09N", "99M", "09Y", "99H", "10C", "11C"]
    assert found[2].text == "NHS North East Hampshire and Farnham CCG"
    for m in found:
        assert SURREY[m.start : m.end] == m.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert [m.body.code for m in G.find_all(SURREY)] == [m.body.code for m in found]


def test_find_all_mixes_kinds_and_skips_districts() -> None:
    text = (
        "Signed by Kent County Council, Ashford Borough Council and NHS Ashford CCG "
        "for the Kent Health and Wellbeing Board; Blackpool Council; London Borough of Sutton."
    )
    found = G.find_all(text)
    assert [(m.body.kind, m.body.code) for m in found] == [
        ("council", "E10000016"),
        ("ccg", "09C"),
        ("council", "E10000016"),
        ("council", "E06000009"),
        ("council", "E09000029"),
    ]
    assert [m.text for m in found][2] == "Kent Health and Wellbeing Board"
    assert [m.body.code for m in G.find_all(text, "ccg")] == ["09C"]
    assert G.find_all("Newcastle-under-Lyme Borough Council", "council") == []


def test_find_all_longest_match_wins() -> None:
    found = G.find_all("NHS North East Hampshire and Farnham CCG", "ccg")
    assert [m.body.code for m in found] == ["99M"]
    assert [m.body.code for m in G.find_all("Hampshire County Council")] == ["E10000014"]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "Guildford and Waverley, Fylde and Wyre; Brighton and Hove & Sutton",
            "ccg",
            ["Guildford and Waverley", "Fylde and Wyre", "Brighton and Hove", "Sutton"],
        ),
        (
            "NHS Windsor, Ascot and Maidenhead CCG and NHS Bracknell and Ascot CCG",
            "ccg",
            ["NHS Windsor, Ascot and Maidenhead CCG", "NHS Bracknell and Ascot CCG"],
        ),
        (
            "Kent County Council\nMedway Council\tAshford Borough Council",
            "council",
            ["Kent County Council", "Medway Council", "Ashford Borough Council"],
        ),
        (
            "Brighton and Hove City Council and East Sussex County Council",
            "council",
            ["Brighton and Hove City Council", "East Sussex County Council"],
        ),
        (
            "NHS Blackpool CCG NHS Fylde and Wyre CCG, Blackpool Teaching Hospitals & Someone Else",
            "ccg",
            [
                "NHS Blackpool CCG",
                "NHS Fylde and Wyre CCG",
                "Blackpool Teaching Hospitals",
                "Someone Else",
            ],
        ),
        (SURREY, "ccg", [m.text for m in G.find_all(SURREY, "ccg")]),
        ("", "ccg", []),
    ],
)
def test_split(text: str, kind: str, expected: list[str]) -> None:
    assert G.split(text, kind) == expected
