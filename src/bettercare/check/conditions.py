"""National conditions 2–6: each answered, and each answer carrying the evidence the review
asked for (an amount for social care, a dated NHS Number commitment, 7-day services, the
high-risk population and how it is found, a quantified impact on the acute sector)."""

from __future__ import annotations

import re

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")


def _answer(ctx: CheckContext, narrative: str) -> str:
    return ctx.plan.national_conditions.get(narrative) or ""


def _labels(ctx: CheckContext) -> dict[str, str]:
    return {
        item.pointer.rsplit("/", 1)[-1]: item.label
        for item in ctx.framework.assurance.checklist
        if item.pointer.startswith("/national_conditions/")
    }


def check_answered(ctx: CheckContext) -> set[str]:
    """Raise `condition-unanswered`; return the narratives that do answer."""
    minimum = ctx.framework.assurance.number("condition_min_words")
    labels = _labels(ctx)
    answered: set[str] = set()
    for narrative, conditions in ctx.framework.assurance.condition_narratives.items():
        words = len(_answer(ctx, narrative).split())
        if words >= minimum:
            answered.add(narrative)
            continue
        finding = ctx.raise_finding(
            "condition-unanswered",
            narrative,
            evidence=ctx.evidence(*ctx.value_lines(pointer("narratives", narrative))),
            section="national_conditions",
            condition=labels.get(narrative, narrative),
            words=words,
        )
        finding.conditions = list(conditions)
    return answered


def _evidence(ctx: CheckContext, narrative: str, pattern: str) -> list[int]:
    """Lines of an answer where `pattern` is found (for quoting), else its first line."""
    lines = ctx.value_lines(pointer("narratives", narrative))
    hits = [ln.number for ln in lines if ctx.pattern(pattern).search(ln.text)]
    return hits or [ln.number for ln in lines[:1]]


def check_nhs_number(ctx: CheckContext) -> None:
    text = _answer(ctx, "data_sharing")
    in_use = ctx.pattern("nhs_number_in_use").search(text)
    dated = any(
        ctx.pattern("nhs_number").search(sentence)
        and ctx.pattern("dated_commitment").search(sentence)
        for sentence in _SENTENCE.split(text)
    )
    if not (in_use or dated):
        lines = _evidence(ctx, "data_sharing", "nhs_number")
        ctx.raise_finding(
            "nhs-number-not-primary", evidence=ctx.evidence(*lines), section="national_conditions"
        )


def check_seven_day(ctx: CheckContext) -> None:
    text = _answer(ctx, "seven_day_services")
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
        lines = _evidence(ctx, "seven_day_services", "seven_day")
        ctx.raise_finding(
            "seven-day-unevidenced", evidence=ctx.evidence(*lines), section="national_conditions"
        )


def check_high_risk(ctx: CheckContext) -> None:
    text = _answer(ctx, "joint_assessment")
    missing = []
    if not ctx.pattern("proportion").search(text):
        missing.append("the proportion of the population at high risk")
    if not ctx.pattern("stratification").search(text):
        missing.append("how people at high risk are identified (risk stratification)")
    if missing:
        lines = _evidence(ctx, "joint_assessment", "stratification")
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


def run(ctx: CheckContext) -> None:
    answered = check_answered(ctx)
    if "data_sharing" in answered:
        check_nhs_number(ctx)
    if "seven_day_services" in answered:
        check_seven_day(ctx)
    if "joint_assessment" in answered:
        check_high_risk(ctx)
    if "protecting_social_care" in answered:
        _quantified(ctx, "protecting_social_care", "social-care-unquantified", "money")
    if "acute_sector_implications" in answered:
        _quantified(ctx, "acute_sector_implications", "acute-impact-unquantified", "quantity")
