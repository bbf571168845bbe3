"""Dates: impossible ones, submission before agreement, sign-off after submission."""

from __future__ import annotations

import datetime as dt

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer


def _show(day: dt.date) -> str:
    return day.strftime("%d %B %Y").lstrip("0")


def run(ctx: CheckContext) -> None:
    plan = ctx.plan
    for warning in plan.warnings:
        if warning.code == "date-invalid":
            ctx.raise_finding(
                "dates-inconsistent",
                f"line-{warning.line}",
                evidence=ctx.evidence(warning.line),
                detail=f"Impossible or unreadable date: {warning.message}.",
            )
    agreed, submitted = plan.date_agreed_at_hwb, plan.date_submitted
    if agreed and submitted and submitted < agreed:
        ctx.raise_finding(
            "dates-inconsistent",
            "submitted-before-agreed",
            evidence=ctx.source_evidence(pointer("date_agreed_at_hwb"), pointer("date_submitted")),
            detail=f"Submitted on {_show(submitted)}, before the HWB agreed it on {_show(agreed)}.",
        )
    for number, signatory in enumerate(plan.signatories):
        signed = signatory.date
        if signed is None:
            continue
        where = pointer("signatories", number, "date")
        if submitted and signed > submitted:
            ctx.raise_finding(
                "dates-inconsistent",
                f"signed-after-submission:{number}",
                evidence=ctx.source_evidence(where, pointer("date_submitted")),
                detail=f"The {signatory.on_behalf_of} sign-off ({_show(signed)}) is dated after "
                f"the submission ({_show(submitted)}).",
            )
        if signatory.on_behalf_of == "hwb" and agreed and signed < agreed:
            ctx.raise_finding(
                "dates-inconsistent",
                f"hwb-signed-before-agreed:{number}",
                evidence=ctx.source_evidence(where, pointer("date_agreed_at_hwb")),
                detail=f"The HWB chair signed on {_show(signed)}, before the HWB agreed the plan "
                f"on {_show(agreed)}.",
            )
