"""The field-by-field scorer on hand-made plans, and extraction accuracy on the real corpus."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bettercare.evaluate import FieldResult, accuracy, score_corpus, score_fields
from tests.conftest import CORPUS, ROOT

GOLD = ROOT / "tests" / "gold"


def _gold(**fields: Any) -> dict[str, Any]:
    """Gold fields with everything absent except what is given."""
    base: dict[str, Any] = {
        "local_authorities": [],
        "ccgs": [],
        "health_and_wellbeing_board": None,
        "date_agreed_at_hwb": None,
        "date_submitted": None,
        "pooled_budget": {"minimum": {}, "total": {}},
        "signatories": [],
    }
    return base | fields


def _verdicts(plan: dict[str, Any], gold: dict[str, Any]) -> dict[str, bool]:
    return {result.field: result.right for result in score_fields(plan, gold)}


def _signatory(kind: str, **values: Any) -> dict[str, Any]:
    return {"on_behalf_of": kind, "organisation": None, "name": None, "position": None,
            "date": None} | values  # fmt: skip


def test_everything_absent_on_both_sides_is_right() -> None:
    results = score_fields({}, _gold())
    assert [r.field for r in results] == [
        "/health_and_wellbeing_board", "/date_agreed_at_hwb", "/date_submitted",
    ]  # fmt: skip
    assert accuracy(results) == 1.0


def test_null_expected_is_right_only_against_null() -> None:
    gold = _gold(pooled_budget={"minimum": {"2014/15": None}, "total": {"2014/15": 0}})
    assert _verdicts({"pooled_budget": {"minimum": {"2014/15": 0}}}, gold) == {
        "/health_and_wellbeing_board": True,
        "/date_agreed_at_hwb": True,
        "/date_submitted": True,
        "/pooled_budget/minimum/2014~115": False,  # 0 is not absent
        "/pooled_budget/total/2014~115": False,  # absent is not 0
    }
    right = {"pooled_budget": {"minimum": {"2014/15": None}, "total": {"2014/15": 0}}}
    assert accuracy(score_fields(right, gold)) == 1.0


def test_an_amount_for_a_year_the_gold_lacks_is_wrong() -> None:
    gold = _gold(pooled_budget={"minimum": {"2015/16": 10_295_000}, "total": {}})
    plan = {"pooled_budget": {"minimum": {"2015/16": 10_295, "2016/17": None},
                              "total": {"2016/17": 5}}}  # fmt: skip
    results = [r for r in score_fields(plan, gold) if r.field.startswith("/pooled")]
    assert results == [
        FieldResult("/pooled_budget/minimum/2015~116", 10_295_000, 10_295, False),
        FieldResult("/pooled_budget/total/2016~117", None, 5, False),
    ]


def test_dates_compare_as_iso_strings() -> None:
    gold = _gold(date_agreed_at_hwb="2014-09-15", date_submitted=None)
    verdicts = _verdicts({"date_agreed_at_hwb": "2014-09-15", "date_submitted": "2014-03-07"}, gold)
    assert verdicts["/date_agreed_at_hwb"] is True
    assert verdicts["/date_submitted"] is False
    assert _verdicts({"date_agreed_at_hwb": "2014-09-16"}, gold)["/date_agreed_at_hwb"] is False


@pytest.mark.parametrize(
    ("expected", "got"),
    [
        ("Sutton Health & Wellbeing Board", "Sutton Health and Wellbeing Board"),  # & / and
        ("Blackpool Health and Well-Being Board", "blackpool health and wellbeing board"),
        ("Blackpool Health and Wellbeing Board", "Blackpool  Health and Wellbeing\nBoard."),
        ("Health and Well Being Board", "Health & Wellbeing Board"),
    ],
)
def test_hwb_name_normalisation(expected: str, got: str) -> None:
    gold = _gold(health_and_wellbeing_board=expected)
    assert _verdicts({"health_and_wellbeing_board": got}, gold)["/health_and_wellbeing_board"]


def test_hwb_name_must_still_match() -> None:
    gold = _gold(health_and_wellbeing_board="Sutton Health & Wellbeing Board")
    plan = {"health_and_wellbeing_board": "Merton Health & Wellbeing Board"}
    assert not _verdicts(plan, gold)["/health_and_wellbeing_board"]


@pytest.mark.parametrize(
    "got", ["NHS Ashford CCG", "Ashford CCG", "Ashford Clinical Commissioning Group", "ASHFORD ccg"]
)
def test_ccg_spellings_are_the_same_organisation(got: str) -> None:
    gold = _gold(ccgs=["NHS Ashford CCG"])
    assert _verdicts({"ccgs": [got]}, gold) == _verdicts({"ccgs": ["NHS Ashford CCG"]}, gold)
    assert _verdicts({"ccgs": [got]}, gold)["/ccgs/0"] is True


def test_a_different_ccg_is_wrong() -> None:
    gold = _gold(ccgs=["NHS Ashford CCG"])
    assert _verdicts({"ccgs": ["NHS Canterbury and Coastal CCG"]}, gold)["/ccgs/0"] is False


def test_organisation_lists_are_multisets() -> None:
    gold = _gold(ccgs=["NHS Ashford CCG", "NHS Canterbury and Coastal CCG"])
    swapped = {"ccgs": ["Canterbury & Coastal CCG", "Ashford CCG"]}
    assert [r.right for r in score_fields(swapped, gold) if r.field.startswith("/ccgs")] == [
        True,
        True,
    ]


def test_missing_and_extra_names_each_count_wrong() -> None:
    gold = _gold(local_authorities=["Kent County Council"], ccgs=["A CCG", "B CCG"])
    plan = {"local_authorities": ["Kent County Council", "Swale Borough Council"], "ccgs": []}
    results = [r for r in score_fields(plan, gold) if r.field.startswith(("/local", "/ccgs"))]
    assert results == [
        FieldResult("/local_authorities/0", "Kent County Council", "Kent County Council", True),
        FieldResult("/local_authorities/1", None, "Swale Borough Council", False),
        FieldResult("/ccgs/0", "A CCG", None, False),
        FieldResult("/ccgs/1", "B CCG", None, False),
    ]


def test_a_wrong_name_pairs_with_the_unmatched_one() -> None:
    gold = _gold(ccgs=["A CCG", "B CCG"])
    results = [r for r in score_fields({"ccgs": ["C CCG", "A CCG"]}, gold) if "ccgs" in r.field]
    assert results == [
        FieldResult("/ccgs/0", "A CCG", "A CCG", True),
        FieldResult("/ccgs/1", "B CCG", "C CCG", False),
    ]


@pytest.mark.parametrize(
    "got",
    [
        "Dr Amanda Doyle OBE",
        "Amanda Doyle",
        "amanda  doyle",
        "Dr. Amanda Doyle",
        "Professor Amanda Doyle MBBS FRCGP",
    ],
)
def test_person_names_without_titles_or_post_nominals(got: str) -> None:
    gold = _gold(signatories=[_signatory("ccg", name="Amanda Doyle")])
    plan = {"signatories": [_signatory("ccg", name=got)]}
    assert _verdicts(plan, gold)["/signatories/0/name"] is True


@pytest.mark.parametrize("title", ["Cllr", "Councillor", "Mr", "Mrs", "Ms"])
def test_each_title_is_dropped(title: str) -> None:
    gold = _gold(signatories=[_signatory("hwb", name="Ruth Dombey")])
    plan = {"signatories": [_signatory("hwb", name=f"{title} Ruth Dombey")]}
    assert _verdicts(plan, gold)["/signatories/0/name"] is True


def test_a_different_person_is_wrong() -> None:
    gold = _gold(signatories=[_signatory("ccg", name="Amanda Doyle")])
    plan = {"signatories": [_signatory("ccg", name="Dr Amanda Doyle-Smith")]}
    assert _verdicts(plan, gold)["/signatories/0/name"] is False


def test_signatory_organisation_position_and_date() -> None:
    gold = _gold(
        signatories=[
            _signatory(
                "council",
                organisation="London Borough of Sutton",
                position="Strategic Director – Adult Social Services, Housing & Health",
                date="2014-09-18",
            )
        ]
    )
    plan = {
        "signatories": [
            _signatory(
                "council",
                organisation="london borough of sutton",
                position="Strategic Director - Adult Social Services, Housing and Health",
                date="2014-09-19",
            )
        ]
    }
    assert _verdicts(plan, gold) == {
        "/health_and_wellbeing_board": True,
        "/date_agreed_at_hwb": True,
        "/date_submitted": True,
        "/signatories/0/organisation": True,
        "/signatories/0/name": True,
        "/signatories/0/position": True,
        "/signatories/0/date": False,
    }


def test_signatories_pair_by_kind_then_order() -> None:
    gold = _gold(
        signatories=[
            _signatory("ccg", name="Chris Elliott"),
            _signatory("council", name="Adi Cooper"),
            _signatory("hwb", name="Ruth Dombey"),
        ]
    )
    plan = {  # another order, as the program might list them
        "signatories": [
            _signatory("hwb", name="Ruth Dombey"),
            _signatory("council", name="Adi Cooper"),
            _signatory("ccg", name="Chris Elliott"),
        ]
    }
    assert accuracy(score_fields(plan, gold)) == 1.0
    plan["signatories"][0]["on_behalf_of"] = "council"  # now two councils and no HWB
    verdicts = [(r.field, r.right) for r in score_fields(plan, gold) if r.field.endswith("name")]
    assert verdicts == [
        ("/signatories/0/name", True),
        ("/signatories/1/name", False),  # Adi Cooper against Ruth Dombey, the first council
        ("/signatories/2/name", False),  # no HWB signatory found
    ]


def test_missing_signatory_counts_only_its_stated_values() -> None:
    gold = _gold(
        signatories=[
            _signatory("ccg", organisation="South Tees CCG"),  # a placeholder-only block
            _signatory("hwb"),
        ]
    )
    results = [r for r in score_fields({}, gold) if r.field.startswith("/signatories")]
    assert len(results) == 8
    assert [r.field for r in results if not r.right] == ["/signatories/0/organisation"]


def test_extra_signatories_are_each_wrong() -> None:
    gold = _gold(signatories=[_signatory("ccg", name="Simon Perks")])
    extra = _signatory("council", name="Someone Else")
    plan = {"signatories": [_signatory("ccg", name="Simon Perks"), extra, _signatory("ccg")]}
    results = [r for r in score_fields(plan, gold) if r.field.startswith("/signatories")]
    assert [r for r in results if not r.right] == [
        FieldResult("/signatories/-", None, _signatory("ccg"), False),
        FieldResult("/signatories/-", None, extra, False),
    ]
    assert sum(r.right for r in results) == 4


def test_accuracy() -> None:
    results = [FieldResult("/a", 1, 1, True), FieldResult("/b", 1, 2, False)]
    assert accuracy(results) == 0.5
    assert accuracy(iter(results)) == 0.5
    assert accuracy([]) == 1.0


def test_gold_files_are_well_formed() -> None:
    keys = {
        "local_authorities", "ccgs", "health_and_wellbeing_board", "date_agreed_at_hwb",
        "date_submitted", "pooled_budget", "signatories",
    }  # fmt: skip
    files = sorted(GOLD.glob("*.json"))
    assert len(files) == 14
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert set(gold) == {"document", "round", "fields", "notes"}, path.name
        assert gold["document"].removeprefix("excerpts/") == f"{path.stem}.txt"
        assert gold["round"] in {"2014", "2016/17", "2017-19"}
        assert set(gold["fields"]) == keys, path.name
        assert set(gold["fields"]["pooled_budget"]) == {"minimum", "total"}, path.name
        for signatory in gold["fields"]["signatories"]:
            assert set(signatory) == {"on_behalf_of", *("organisation", "name", "position", "date")}
            assert signatory["on_behalf_of"] in {"ccg", "council", "hwb"}


def test_corpus_accuracy_is_at_least_97_percent() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus {CORPUS} is missing (clone with ../shared beside the repo)")
    scores = score_corpus(CORPUS, GOLD)
    assert len(scores) == 14
    wrong = [f"{doc}{r.field}: {r.expected!r} ≠ {r.got!r}" for doc, rs in scores.items()
             for r in rs if not r.right]  # fmt: skip
    overall = accuracy(r for results in scores.values() for r in results)
    assert overall >= 0.97, "\n".join([f"overall {overall:.3f}", *wrong])
