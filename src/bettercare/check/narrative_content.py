"""Narratives judged on what they say, not only on being there (N3, N5, N9).

- `vision-unclear` (N3): the vision names no measurable outcome or no timescale.
- `alignment-unclear` (N5): the alignment answer names no other local plan.
- `engagement-unclear` (N9): the engagement answers, taken together, do not name the
  providers engaged, the patients, service users or public engaged, or what changed as a
  result.

Each runs only on an answer of at least `condition_min_words` words: an absent or empty one
is `item-missing`'s. The narratives judged and the words looked for are framework data.
"""

from __future__ import annotations

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.model import PlanLine

CODES = frozenset({"vision-unclear", "alignment-unclear", "engagement-unclear"})

# (pattern, what the finding says is missing when it is not found)
VISION = (
    ("vision_outcome", "the outcomes it will achieve (admissions, independence, wellbeing…)"),
    ("vision_timescale", "a timescale (a year such as 2019/20, or 'over five years')"),
)
ALIGNMENT = (("alignment_plans", "another local plan it aligns with"),)
ENGAGEMENT = (
    ("engagement_providers", "which providers were engaged"),
    ("engagement_public", "how patients, service users and the public were engaged"),
    ("engagement_changed", "what changed as a result of engagement"),
)


def _answers(ctx: CheckContext, parameter: str) -> tuple[str, list[PlanLine], list[str]]:
    """The text, lines and pointers of the narratives a check reads (present ones only)."""
    texts, lines, pointers = [], [], []
    for narrative in ctx.framework.assurance.words(parameter):
        text = ctx.plan.narratives.get(narrative) or ""
        if not text.strip():
            continue
        where = pointer("narratives", narrative)
        texts.append(text)
        lines.extend(ctx.value_lines(where))
        pointers.append(where)
    return "\n".join(texts), lines, pointers


def _long_enough(ctx: CheckContext, text: str) -> bool:
    return len(text.split()) >= ctx.framework.assurance.number("condition_min_words")


def _missing(ctx: CheckContext, text: str, wanted: tuple[tuple[str, str], ...]) -> list[str]:
    return [label for name, label in wanted if not ctx.pattern(name).search(text)]


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def _judge(
    ctx: CheckContext, code: str, narratives: str, wanted: tuple[tuple[str, str], ...]
) -> None:
    """Raise `code` naming what the answers (the `narratives` parameter's) do not say."""
    text, lines, pointers = _answers(ctx, narratives)
    if not _long_enough(ctx, text):
        return
    missing = _missing(ctx, text, wanted)
    if missing:
        ctx.raise_finding(
            code, evidence=ctx.evidence(*lines), rests_on=pointers, missing=_joined(missing)
        )


def run(ctx: CheckContext) -> None:
    _judge(ctx, "vision-unclear", "vision_narratives", VISION)
    _judge(ctx, "alignment-unclear", "alignment_narratives", ALIGNMENT)
    _judge(ctx, "engagement-unclear", "engagement_narratives", ENGAGEMENT)
