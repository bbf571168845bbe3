"""The risk log: each risk rated (or scored) and with a mitigating action."""

from __future__ import annotations

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.extract.values import is_placeholder
from bettercare.model import Risk

CODES = frozenset(
    {
        "risk-unrated",
        "risk-unmitigated",
    }
)

_SHORT = 60


def _scored(risk: Risk) -> bool:
    return any(s is not None and s.score is not None for s in (risk.gross, risk.net))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def run(ctx: CheckContext) -> None:
    for index, risk in enumerate(ctx.plan.risks):
        number = risk.number or index + 1
        evidence = ctx.source_evidence(pointer("risks", index, "description"))
        description = _short(risk.description)
        rating = risk.rating or ""
        if (not rating or is_placeholder(rating, ctx.framework)) and not _scored(risk):
            ctx.raise_finding(
                "risk-unrated",
                str(number),
                evidence=evidence,
                section="risks",
                number=number,
                description=description,
            )
        mitigation = (risk.mitigation or "").strip()
        if not mitigation or is_placeholder(mitigation, ctx.framework):
            ctx.raise_finding(
                "risk-unmitigated",
                str(number),
                evidence=evidence,
                section="risks",
                number=number,
                description=description,
            )
