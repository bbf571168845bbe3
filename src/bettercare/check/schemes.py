"""Schemes: each listed scheme has an Annex 1 description and a stated investment."""

from __future__ import annotations

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.model import Scheme

CODES = frozenset(
    {
        "scheme-no-annex",
        "scheme-no-investment",
    }
)


def _why(scheme: Scheme) -> str:
    if not scheme.annex1:
        return " (it has no Annex 1 description)"
    if scheme.investment_lines:
        return f" (the investment box says '{scheme.investment_lines[0].text}')"
    return " (its investment box is empty)"


def run(ctx: CheckContext) -> None:
    if ctx.plan.template is None:
        return
    template = ctx.framework.template(ctx.plan.template)
    if "annex1" not in {section.id for section in template.sections}:
        return  # the original template describes schemes in Part 2 only
    for number, scheme in enumerate(ctx.plan.schemes):
        ref = scheme.ref or str(number + 1)
        name = scheme.name or scheme.annex_name or "unnamed"
        evidence = ctx.source_evidence(
            pointer("schemes", number, "name"), pointer("schemes", number, "annex1")
        )
        if not scheme.annex1:
            ctx.raise_finding(
                "scheme-no-annex", ref, evidence=evidence, section="annex1", ref=ref, name=name
            )
        amounts = [line for line in scheme.investment_lines if line.amount is not None]
        if scheme.investment is None and not amounts:
            lines = [line.line for line in scheme.investment_lines]
            ctx.raise_finding(
                "scheme-no-investment",
                ref,
                evidence=[*evidence, *ctx.evidence(*lines)],
                section="annex1",
                ref=ref,
                name=name,
                why=_why(scheme),
            )
