"""Unrealistic savings (F9): savings a scheme claims, in Part 2's benefits tab or in its own
Annex 1 impact, judged against its evidence base, its investment and the admissions it
avoids.

- `savings-unevidenced`: a scheme with an Annex 1 description claims savings and its
  evidence base is empty (shorter than an answer: `condition_min_words`).
- `savings-exceed-investment`: in-year savings above `savings_investment_ratio` times the
  scheme's in-year investment (Part 2 expenditure, else the Annex 1 investment).
- `savings-exceed-activity`: a Part 2 benefits row on non-elective admissions whose £
  savings exceed `savings_activity_ratio` times admissions avoided × the P4P unit cost.
"""

from __future__ import annotations

from dataclasses import dataclass

from bettercare.check import scheme_text
from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.extract.values import find_money
from bettercare.model import Evidence, Scheme

CODES = frozenset({"savings-unevidenced", "savings-exceed-investment", "savings-exceed-activity"})


@dataclass
class Claim:
    """The savings one scheme claims, where they are read, and what they rest on."""

    ref: str
    name: str
    savings: int
    evidence: list[Evidence]
    rests_on: list[str]
    scheme: int | None = None  # index in the plan's schemes, when Part 1 lists it


def _name(scheme: Scheme | None, ref: str) -> str:
    if scheme is None:
        return ref
    return scheme.name or scheme.annex_name or "unnamed"


def _from_part2(ctx: CheckContext) -> dict[str, Claim]:
    part2 = ctx.plan.part2
    claims: dict[str, Claim] = {}
    if part2 is None:
        return claims
    refs = {s.ref: i for i, s in enumerate(ctx.plan.schemes) if s.ref}
    year = ctx.framework.years[-1].replace("/", "_")
    for index, row in enumerate(part2.benefits):
        savings = getattr(row, f"savings_{year}", None)
        if not row.ref or not savings:
            continue
        where = pointer("benefits", index, f"savings_{year}")
        number = refs.get(row.ref)
        scheme = ctx.plan.schemes[number] if number is not None else None
        claim = claims.setdefault(
            row.ref, Claim(row.ref, _name(scheme, row.ref), 0, [], [], number)
        )
        claim.savings += int(savings)
        claim.rests_on.append(f"/part2{where}")
        address = part2.cells.get(where)
        if address:
            claim.evidence.append(Evidence(line=row.row, cell=address, text=f"{savings:,}"))
    return claims


def _from_text(ctx: CheckContext, index: int, scheme: Scheme) -> Claim | None:
    """The largest £ amount on a line of the scheme's impact that claims a saving."""
    pattern = ctx.pattern("savings_claim")
    best = None
    for _, line in scheme_text.matches(ctx, index, ("impact",), pattern):
        for money in find_money(line.text):
            if best is None or money.pounds > best[0]:
                best = (money.pounds, line)
    if best is None or best[0] <= 0:
        return None
    ref = scheme.ref or str(index + 1)
    return Claim(
        ref,
        _name(scheme, ref),
        best[0],
        ctx.evidence(best[1]),
        [pointer("schemes", index, "impact")],
        index,
    )


def claims(ctx: CheckContext) -> list[Claim]:
    """Part 2's savings per scheme, else the savings each scheme's impact states."""
    found = _from_part2(ctx)
    for index, scheme in enumerate(ctx.plan.schemes):
        ref = scheme.ref or str(index + 1)
        if ref not in found:
            claim = _from_text(ctx, index, scheme)
            if claim is not None:
                found[ref] = claim
    return list(found.values())


def _investment(ctx: CheckContext, claim: Claim) -> tuple[int, list[Evidence], str] | None:
    part2 = ctx.plan.part2
    if part2 is not None:
        year = ctx.framework.years[-1].replace("/", "_")
        for index, line in enumerate(part2.expenditure):
            spend = getattr(line, f"spend_{year}", None)
            if line.ref == claim.ref and spend:
                where = pointer("expenditure", index, f"spend_{year}")
                address = part2.cells.get(where)
                cells = (
                    [Evidence(line=line.row, cell=address, text=f"{spend:,}")] if address else []
                )
                return int(spend), cells, f"/part2{where}"
    if claim.scheme is None:
        return None
    scheme = ctx.plan.schemes[claim.scheme]
    amounts = [line for line in scheme.investment_lines if line.amount]
    total = scheme.investment or sum(line.amount or 0 for line in amounts)
    if not total:
        return None
    where = pointer("schemes", claim.scheme, "investment")
    evidence = ctx.source_evidence(where) or ctx.evidence(*(line.line for line in amounts))
    return total, evidence, where


def check_evidence_base(ctx: CheckContext, claim: Claim) -> None:
    if claim.scheme is None:
        return
    scheme = ctx.plan.schemes[claim.scheme]
    minimum = ctx.framework.assurance.number("condition_min_words")
    if not scheme.annex1 or len((scheme.evidence_base or "").split()) >= minimum:
        return
    ctx.raise_finding(
        "savings-unevidenced",
        claim.ref,
        evidence=ctx.joined(
            claim.evidence, ctx.source_evidence(pointer("schemes", claim.scheme, "annex1"))
        ),
        section="annex1",
        rests_on=[*claim.rests_on, pointer("schemes", claim.scheme, "evidence_base")],
        ref=claim.ref,
        name=claim.name,
        savings=claim.savings,
    )


def check_investment(ctx: CheckContext, claim: Claim) -> None:
    found = _investment(ctx, claim)
    if found is None:
        return
    investment, evidence, where = found
    limit = ctx.framework.assurance.number("savings_investment_ratio")
    if investment <= 0 or claim.savings <= limit * investment:
        return
    ctx.raise_finding(
        "savings-exceed-investment",
        claim.ref,
        evidence=ctx.joined(claim.evidence, evidence),
        rests_on=[*claim.rests_on, where],
        ref=claim.ref,
        name=claim.name,
        savings=claim.savings,
        investment=investment,
        ratio=claim.savings / investment,
        limit=limit,
    )


def check_activity(ctx: CheckContext) -> None:
    part2 = ctx.plan.part2
    if part2 is None:
        return
    unit_cost = ctx.framework.parameters["p4p_unit_cost"]
    limit = ctx.framework.assurance.number("savings_activity_ratio")
    year = ctx.framework.years[-1].replace("/", "_")
    for index, row in enumerate(part2.benefits):
        savings = getattr(row, f"savings_{year}", None)
        change = getattr(row, f"change_{year}", None)
        if row.metric != ctx.framework.p4p_metric or not savings or not change or change >= 0:
            continue
        implied = -change * unit_cost
        if savings <= limit * implied:
            continue
        where = [pointer("benefits", index, f) for f in (f"change_{year}", f"savings_{year}")]
        cells = [
            Evidence(line=row.row, cell=part2.cells[item], text=str(value))
            for item, value in zip(where, (change, savings), strict=True)
            if item in part2.cells
        ]
        ref = row.ref or f"row {row.row}"
        ctx.raise_finding(
            "savings-exceed-activity",
            ref,
            evidence=cells,
            rests_on=[f"/part2{item}" for item in where],
            ref=ref,
            avoided=-change,
            savings=int(savings),
            implied=implied,
            unit_cost=unit_cost,
            ratio=savings / implied,
        )


def run(ctx: CheckContext) -> None:
    for claim in claims(ctx):
        check_evidence_base(ctx, claim)
        check_investment(ctx, claim)
    check_activity(ctx)
