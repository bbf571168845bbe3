"""Rendering a generated plan, extracting it and scoring it with the project's scorer
(`bettercare.evaluate.score_fields`, the same one the corpus gold answers use)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from bettercare.evaluate import FieldResult, accuracy, score_fields
from tests.plangen.layouts import Layout
from tests.plangen.render import write
from tests.plangen.truth import RandomSource, Source, Truth

ASSESSED_ON = dt.date(2014, 10, 20)

__all__ = ["FieldResult", "accuracy", "category", "extract_json", "render_to", "score", "wrong"]


def score(plan_json: dict[str, Any], gold: dict[str, Any]) -> list[FieldResult]:
    return score_fields(plan_json, gold)


def wrong(results: list[FieldResult]) -> list[FieldResult]:
    return [r for r in results if not r.right]


def render_to(
    layout: Layout, truth: Truth, fmt: str, directory: Path, src: Source | None = None
) -> Path:
    """Render one plan in one layout and format into `directory`."""
    rendered = layout.make(truth, src or RandomSource(random.Random(0)))
    return write(rendered, fmt, directory, layout.name)


def extract_json(path: Path) -> dict[str, Any]:
    from bettercare.extract import extract_file

    return extract_file(path).model_dump(mode="json")


def category(path: Path) -> str:
    from bettercare.pipeline import assure_file

    return str(assure_file(path, on=ASSESSED_ON).assessment.category)
