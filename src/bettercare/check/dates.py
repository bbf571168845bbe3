"""Dates: impossible ones, submission before agreement, sign-off after submission."""

from __future__ import annotations

import datetime as dt

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer

CODES = frozenset(
    {
        "dates-inconsistent",
    }
)

# A dated value: the date (or None) and the JSON Pointer it was read from.
Dated = tuple[dt.date | None, str]


def _show(day: dt.date) -> str:
    return day.strftime("%d %B %Y").lstrip("0")


def _in_order(ctx: CheckContext, subject: str, earlier: Dated, later: Dated, detail: str) -> None:
    """Raise `dates-inconsistent` when `later` is dated before `earlier`.

    `detail` is filled with {earlier} and {later}, the two dates in words.
    """
    (first, first_at), (second, second_at) = earlier, later
    if first is None or second is None or second >= first:
        return
    ctx.raise_finding(
        "dates-inconsistent",
        subject,
        evidence=ctx.source_evidence(first_at, second_at),
        detail=detail.format(earlier=_show(first), later=_show(second)),
    )


def run(ctx: CheckContext) -> None:
    plan = ctx.plan
    for warning in plan.warnings:
        if warning.code != "date-invalid":
            continue
        if warning.pointer and plan.value_at(warning.pointer) is not None:
            continue  # the field holds a date now: a person has corrected it
        ctx.raise_finding(
            "dates-inconsistent",
            f"line-{warning.line}",
            evidence=ctx.evidence(warning.line),
            rests_on=[warning.pointer] if warning.pointer else [],
            detail=f"Impossible or unreadable date: {warning.message}.",
        )
    agreed: Dated = (plan.date_agreed_at_hwb, pointer("date_agreed_at_hwb"))
    submitted: Dated = (plan.date_submitted, pointer("date_submitted"))
    _in_order(
        ctx,
        "submitted-before-agreed",
        agreed,
        submitted,
        "Submitted on {later}, before the HWB agreed it on {earlier}.",
    )
    for number, signatory in enumerate(plan.signatories):
        signed: Dated = (signatory.date, pointer("signatories", number, "date"))
        _in_order(
            ctx,
            f"signed-after-submission:{number}",
            signed,
            submitted,
            f"The {signatory.on_behalf_of} sign-off ({{earlier}}) is dated after the "
            "submission ({later}).",
        )
        if signatory.on_behalf_of == "hwb":
            _in_order(
                ctx,
                f"hwb-signed-before-agreed:{number}",
                agreed,
                signed,
                "The HWB chair signed on {later}, before the HWB agreed the plan on {earlier}.",
            )
