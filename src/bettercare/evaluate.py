"""Score an extracted plan against hand-written gold answers, one result per gold value.

Gold files (`tests/gold/<document stem>.json`) hold a document's path relative to the corpus,
its round, the expected `fields` and free-text notes. `score_fields` compares the plan details
and sign-off of a plan (as `bettercare extract` prints it) with those fields; `score_corpus`
does so for every corpus document that has a gold file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

from bettercare.errors import InputError
from bettercare.extract import extract_file

TITLES = {"dr", "cllr", "councillor", "mr", "mrs", "ms", "miss", "professor", "prof"}
POST_NOMINALS = {
    "obe", "mbe", "cbe", "dbe", "kbe", "jp", "dl", "mp", "phd", "md", "msc", "bsc", "ma", "ba",
    "mbbs", "mbchb", "frcp", "frcgp", "mrcgp", "mrcp", "frcs", "frcpsych", "ffph", "rgn", "rmn",
}  # fmt: skip
SIGNATORY_FIELDS = ("organisation", "name", "position", "date")


@dataclass(frozen=True)
class FieldResult:
    """One gold value (or one value the program found that the gold lacks) and its verdict."""

    field: str
    expected: object
    got: object
    right: bool


def normalise_text(text: str) -> str:
    """Lower case, "&" as "and", "Well-Being" as "wellbeing", no punctuation, single spaces."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"well[\s-]*being", "wellbeing", text)
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def normalise_organisation(name: str) -> str:
    """As `normalise_text`, and "NHS X CCG" = "X CCG" = "X Clinical Commissioning Group"."""
    text = normalise_text(name).replace("clinical commissioning group", "ccg")
    return text.removeprefix("nhs ")


def normalise_person(name: str) -> str:
    """As `normalise_text`, without leading titles (Dr, Cllr, …) or trailing post-nominals."""
    words = normalise_text(name).split()
    while len(words) > 1 and words[0] in TITLES:
        words.pop(0)
    while len(words) > 2 and words[-1] in POST_NOMINALS:
        words.pop()
    return " ".join(words)


def _verdict(
    field: str, expected: object, got: object, normalise: Callable[[str], str] | None = None
) -> FieldResult:
    """Compare one value: null is right only against null; strings through `normalise`."""
    if expected is None or got is None:
        right = expected is None and got is None
    elif normalise is not None and isinstance(expected, str) and isinstance(got, str):
        right = normalise(expected) == normalise(got)
    else:
        right = expected == got
    return FieldResult(field, expected, got, right)


def _score_names(key: str, expected: list[str], got: list[str]) -> list[FieldResult]:
    """Organisation lists in any order: matches first, then the rest paired off as wrong."""
    unmatched = list(got)
    right: list[tuple[str, str]] = []
    missing: list[str] = []
    for name in expected:
        found = next(
            (g for g in unmatched if normalise_organisation(g) == normalise_organisation(name)),
            None,
        )
        if found is None:
            missing.append(name)
        else:
            unmatched.remove(found)
            right.append((name, found))
    results = [FieldResult(f"/{key}/{i}", e, g, True) for i, (e, g) in enumerate(right)]
    for e, g in zip_longest(missing, unmatched):
        results.append(FieldResult(f"/{key}/{len(results)}", e, g, False))
    return results


def _score_pooled_budget(
    expected: Mapping[str, Any] | None, got: Mapping[str, Any] | None
) -> list[FieldResult]:
    """Each gold amount, plus any amount the program gives for a year the gold does not list."""
    results = []
    for kind in ("minimum", "total"):
        want: Mapping[str, Any] = (expected or {}).get(kind) or {}
        have: Mapping[str, Any] = (got or {}).get(kind) or {}
        years = list(want) + [y for y in have if y not in want and have[y] is not None]
        for year in years:
            pointer = f"/pooled_budget/{kind}/{year.replace('~', '~0').replace('/', '~1')}"
            results.append(_verdict(pointer, want.get(year), have.get(year)))
    return results


def _score_signatories(
    expected: list[Mapping[str, Any]], got: list[Mapping[str, Any]]
) -> list[FieldResult]:
    """Pair signatories by kind (ccg, council, hwb) and order within it; extras are wrong."""
    found: dict[str, list[Mapping[str, Any]]] = {}
    for signatory in got:
        found.setdefault(signatory.get("on_behalf_of", ""), []).append(signatory)
    normalisers: dict[str, Callable[[str], str]] = {
        "organisation": normalise_organisation,
        "name": normalise_person,
        "position": normalise_text,
    }
    results = []
    for number, want in enumerate(expected):
        same_kind = found.get(want["on_behalf_of"], [])
        have = same_kind.pop(0) if same_kind else {}
        for key in SIGNATORY_FIELDS:
            pointer = f"/signatories/{number}/{key}"
            results.append(_verdict(pointer, want.get(key), have.get(key), normalisers.get(key)))
    for extras in found.values():
        results.extend(FieldResult("/signatories/-", None, dict(extra), False) for extra in extras)
    return results


def score_fields(plan: Mapping[str, Any], gold_fields: Mapping[str, Any]) -> list[FieldResult]:
    """Compare a plan's JSON (`Plan.model_dump(mode="json")`) with a gold file's `fields`."""
    results = []
    for key in ("local_authorities", "ccgs"):
        results += _score_names(key, gold_fields.get(key) or [], plan.get(key) or [])
    results.append(
        _verdict(
            "/health_and_wellbeing_board",
            gold_fields.get("health_and_wellbeing_board"),
            plan.get("health_and_wellbeing_board"),
            normalise_organisation,
        )
    )
    for key in ("date_agreed_at_hwb", "date_submitted"):
        results.append(_verdict(f"/{key}", gold_fields.get(key), plan.get(key)))
    results += _score_pooled_budget(gold_fields.get("pooled_budget"), plan.get("pooled_budget"))
    results += _score_signatories(
        gold_fields.get("signatories") or [], plan.get("signatories") or []
    )
    return results


def accuracy(results: Iterable[FieldResult]) -> float:
    """The share of results that are right (1.0 when there is nothing to score)."""
    verdicts = [result.right for result in results]
    return sum(verdicts) / len(verdicts) if verdicts else 1.0


def score_corpus(corpus: Path, gold_dir: Path) -> dict[str, list[FieldResult]]:
    """Extract every corpus document that has a gold file and score it, keyed by document.

    A document the program refuses (`InputError`) is scored as if every value were absent;
    a gold file whose document is not in the corpus is left out.
    """
    scores = {}
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        path = corpus / gold["document"]
        if not path.is_file():
            continue
        try:
            plan: Mapping[str, Any] = extract_file(path).model_dump(mode="json")
        except InputError:
            plan = {}
        scores[gold["document"]] = score_fields(plan, gold["fields"])
    return scores
