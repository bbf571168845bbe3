"""The lines of the plan a scheme's own words were read from, for checks that quote them.

A scheme keeps its Annex 1 fields as text; its lines are found again in its Annex 1 block
(from its description to the next scheme's) and in its row of the list of schemes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.model import PlanLine

_SPACE = re.compile(r"\s+")
# Lines of the list of schemes a row may wrap over.
_ROW_LINES = 4


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def _block(ctx: CheckContext, index: int) -> list[PlanLine]:
    """The scheme's Annex 1 lines (empty when it has no Annex 1 description)."""
    source = ctx.plan.sources.get(pointer("schemes", index, "annex1"))
    if source is None:
        return []
    starts = sorted(
        s.line
        for key, s in ctx.plan.sources.items()
        if key.startswith("/schemes/") and key.endswith("/annex1") and s.line > source.line
    )
    end = starts[0] - 1 if starts else (ctx.plan.end_line or 10**9)
    return [line for line in ctx.plan_lines() if source.line <= line.number <= end]


def _row(ctx: CheckContext, index: int) -> list[PlanLine]:
    source = ctx.plan.sources.get(pointer("schemes", index, "name"))
    if source is None:
        return []
    found = (ctx.line(n) for n in range(source.line, source.line + _ROW_LINES))
    return [line for line in found if line is not None]


def matches(
    ctx: CheckContext, index: int, fields: tuple[str, ...], pattern: re.Pattern[str]
) -> Iterator[tuple[re.Match[str], PlanLine]]:
    """Each match of `pattern` in the scheme's `fields`, with the line it stands on.

    A match counts only where its words are part of one of the fields' text, so a heading
    or a neighbouring field of the same block is never read as the scheme's claim.
    """
    scheme = ctx.plan.schemes[index]
    texts = [_flat(getattr(scheme, field) or "") for field in fields]
    texts = [text for text in texts if text]
    if not texts:
        return
    seen: set[int] = set()
    for line in [*_row(ctx, index), *_block(ctx, index)]:
        if line.number in seen:
            continue
        seen.add(line.number)
        for match in pattern.finditer(line.text):
            words = _flat(match.group(0))
            if any(words in text for text in texts):
                yield match, line
