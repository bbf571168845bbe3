"""Extraction accuracy against the hand-written gold answers in tests/gold/.

Run: .venv/bin/python bench/accuracy.py [CORPUS_DIR]   (default: ../shared/corpus)
Prints accuracy per document, per kind of field and overall, then every wrong field.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from bettercare.evaluate import FieldResult, accuracy, score_corpus

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
KINDS = {
    "local_authorities": "local authorities",
    "ccgs": "CCGs",
    "health_and_wellbeing_board": "HWB",
    "date_agreed_at_hwb": "dates",
    "date_submitted": "dates",
    "pooled_budget": "pooled budget",
}


def kind(field: str) -> str:
    """The kind of field a result is about: "/signatories/0/name" → "signatory name"."""
    parts = field.strip("/").split("/")
    if parts[0] != "signatories":
        return KINDS[parts[0]]
    return f"signatory {parts[2]}" if len(parts) == 3 else "signatory (extra)"


def line(label: str, results: list[FieldResult]) -> str:
    right = sum(result.right for result in results)
    return f"  {label:<52} {accuracy(results):6.1%}  ({right}/{len(results)})"


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        sys.exit(f"corpus {corpus} is missing (pass its folder, or clone ../shared beside)")
    scores = score_corpus(corpus, GOLD)
    by_kind: dict[str, list[FieldResult]] = defaultdict(list)
    print("per document:")
    for document, results in scores.items():
        print(line(document, results))
        for result in results:
            by_kind[kind(result.field)].append(result)
    print("per kind of field:")
    for label in sorted(by_kind, key=lambda k: (k.startswith("signatory"), k)):
        print(line(label, by_kind[label]))
    everything = [result for results in scores.values() for result in results]
    print(line("overall", everything))
    print("wrong:")
    for document, results in scores.items():
        for result in results:
            if not result.right:
                got = f"got {result.got!r}"
                print(f"  {document}  {result.field}: expected {result.expected!r}, {got}")


if __name__ == "__main__":
    main()
