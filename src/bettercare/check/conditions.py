"""National conditions 2–6: each answered, and each answer carrying the evidence the review
asked for (an amount for social care, a dated NHS Number commitment, 7-day services, the
high-risk population and how it is found, a quantified impact on the acute sector)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer

CODES = frozenset({"condition-unanswered"})
EVIDENCE_CODES = frozenset(
    {
        "nhs-number-not-primary",
        "seven-day-unevidenced",
        "high-risk-unstated",
        "social-care-unquantified",
        "acute-impact-unquantified",
    }
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")


def _answer(ctx: CheckContext, narrative: str) -> str:
    return ctx.plan.national_conditions.get(narrative) or ""


def _labels(ctx: CheckContext) -> dict[str, str]:
    return {
        item.pointer.rsplit("/", 1)[-1]: item.label
        for item in ctx.framework.assurance.checklist
        if item.pointer.startswith("/national_conditions/")
    }


def _words(ctx: CheckContext, narrative: str) -> int:
    return len(_answer(ctx, narrative).split())


def _answered(ctx: CheckContext, narrative: str) -> bool:
    return _words(ctx, narrative) >= ctx.framework.assurance.number("condition_min_words")


def run(ctx: CheckContext) -> None:
    """Raise `condition-unanswered` for each national condition without a real answer."""
    labels = _labels(ctx)
    for narrative, conditions in ctx.framework.assurance.condition_narratives.items():
        if _answered(ctx, narrative):
            continue
        words = _words(ctx, narrative)
        finding = ctx.raise_finding(
            "condition-unanswered",
            narrative,
            evidence=ctx.evidence(*ctx.value_lines(pointer("narratives", narrative))),
            section="national_conditions",
            condition=labels.get(narrative, narrative),
            words=words,
        )
        finding.conditions = list(conditions)


def _evidence(ctx: CheckContext, narrative: str, pattern: str) -> list[int]:
    """Lines of an answer where `pattern` is found (for quoting), else its first line."""
    lines = ctx.value_lines(pointer("narratives", narrative))
    hits = [ln.number for ln in lines if ctx.pattern(pattern).search(ln.text)]
    return hits or [ln.number for ln in lines[:1]]


def check_nhs_number(ctx: CheckContext, narrative: str) -> None:
    text = _answer(ctx, narrative)
    in_use = ctx.pattern("nhs_number_in_use").search(text)
    dated = any(
        ctx.pattern("nhs_number").search(sentence)
        and ctx.pattern("dated_commitment").search(sentence)
        for sentence in _SENTENCE.split(text)
    )
    if not (in_use or dated):
        lines = _evidence(ctx, narrative, "nhs_number")
        ctx.raise_finding(
            "nhs-number-not-primary", evidence=ctx.evidence(*lines), section="national_conditions"
        )


def check_seven_day(ctx: CheckContext, narrative: str) -> None:
    text = _answer(ctx, narrative)
    concrete = any(
        ctx.pattern("seven_day").search(sentence)
        and (
            ctx.pattern("dated_commitment").search(sentence)
            or ctx.pattern("quantity").search(sentence)
            or re.search(r"\b(?:already|now|currently)\b", sentence, re.I)
        )
        for sentence in _SENTENCE.split(text)
    )
    if not concrete:
        lines = _evidence(ctx, narrative, "seven_day")
        ctx.raise_finding(
            "seven-day-unevidenced", evidence=ctx.evidence(*lines), section="national_conditions"
        )


def check_high_risk(ctx: CheckContext, narrative: str) -> None:
    text = _answer(ctx, narrative)
    missing = []
    if not ctx.pattern("proportion").search(text):
        missing.append("the proportion of the population at high risk")
    if not ctx.pattern("stratification").search(text):
        missing.append("how people at high risk are identified (risk stratification)")
    if missing:
        lines = _evidence(ctx, narrative, "stratification")
        ctx.raise_finding(
            "high-risk-unstated",
            evidence=ctx.evidence(*lines),
            section="national_conditions",
            missing=" or ".join(missing),
        )


def _quantified(ctx: CheckContext, narrative: str, code: str, pattern: str) -> None:
    if not ctx.pattern(pattern).search(_answer(ctx, narrative)):
        lines = ctx.value_lines(pointer("narratives", narrative))
        ctx.raise_finding(code, evidence=ctx.evidence(*lines), section="national_conditions")


# Each evidence check, by code; which answer it reads is framework data.
EVIDENCE_CHECKS: dict[str, Callable[[CheckContext, str], None]] = {
    "nhs-number-not-primary": check_nhs_number,
    "seven-day-unevidenced": check_seven_day,
    "high-risk-unstated": check_high_risk,
    "social-care-unquantified": partial(
        _quantified, code="social-care-unquantified", pattern="money"
    ),
    "acute-impact-unquantified": partial(
        _quantified, code="acute-impact-unquantified", pattern="quantity"
    ),
}


def run_evidence(ctx: CheckContext) -> None:
    """Each answered condition carries the evidence the review asked for (an unanswered one
    is already a finding of its own)."""
    for code, narrative in ctx.framework.assurance.evidence_narratives.items():
        if _answered(ctx, narrative):
            EVIDENCE_CHECKS[code](ctx, narrative)
