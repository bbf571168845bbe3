"""Money: the pooled budget against the minimum, implausible units, contributions that do
not add up, scheme investment against the pooled budget."""

from __future__ import annotations

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.model import Contribution

CODES = frozenset(
    {
        "pooled-below-minimum",
        "pooled-below-minimum-lead-in",
        "money-unit-implausible",
        "contributions-mismatch",
        "contributions-below-minimum",
        "contributions-below-minimum-lead-in",
        "investment-exceeds-pooled",
    }
)

_THOUSAND = 1000


def check_minimum(ctx: CheckContext) -> None:
    budget = ctx.plan.pooled_budget
    funded = ctx.framework.assurance.words("funded_years")
    for year, minimum in budget.minimum.items():
        total = budget.total.get(year)
        if minimum is None or total is None or total >= minimum:
            continue
        code = "pooled-below-minimum" if year in funded else "pooled-below-minimum-lead-in"
        ctx.raise_finding(
            code,
            year,
            evidence=ctx.source_evidence(
                pointer("pooled_budget", "minimum", year), pointer("pooled_budget", "total", year)
            ),
            section="plan_details",
            year=year,
            total=total,
            minimum=minimum,
            gap=minimum - total,
        )


def check_units(ctx: CheckContext) -> None:
    """A county's pooled budget of "£10,295.00" is almost certainly £10,295,000: the reader
    read it so and said why (a `money-unit-assumed` warning on the value); the plan must
    restate it."""
    budget = ctx.plan.pooled_budget
    for warning in ctx.plan.warnings:
        where = warning.pointer or ""
        if warning.code != "money-unit-assumed" or not where.startswith("/pooled_budget/"):
            continue
        kind, year = (part.replace("~1", "/").replace("~0", "~") for part in where.split("/")[2:])
        amount = getattr(budget, kind).get(year)
        if not amount:
            continue
        ctx.raise_finding(
            "money-unit-implausible",
            f"{kind}:{year}",
            evidence=ctx.source_evidence(where),
            section="plan_details",
            label=f"The {kind} pooled budget for {year}",
            amount=amount // _THOUSAND,
            scaled=amount,
        )


def _column_total(rows: list[Contribution], column: str) -> int | None:
    amounts = [row.amounts.get(column) for row in rows if not row.total]
    known = [amount for amount in amounts if amount is not None]
    return sum(known) if known else None


def check_contributions(ctx: CheckContext) -> None:
    """The contributions table adds up, and agrees with the pooled budget in plan details."""
    rows = ctx.plan.contributions
    if not rows or ctx.framework.contributions is None:
        return
    budget = ctx.plan.pooled_budget
    total_row = next((row for row in rows if row.total), None)
    evidence = ctx.evidence(*(row.line for row in rows))
    labels = {c.id: c.label or c.id for c in ctx.framework.contribution_rules.columns}
    columns = {column for row in rows for column in row.amounts}
    for column in sorted(columns):
        added = _column_total(rows, column)
        stated = total_row.amounts.get(column) if total_row else None
        if added is not None and stated is not None and added != stated:
            ctx.raise_finding(
                "contributions-mismatch",
                f"{column}:sum",
                evidence=evidence,
                detail=f"The contributions in column '{labels.get(column, column)}' add up to "
                f"£{added:,}, "
                f"not the £{stated:,} stated as their total.",
            )
    for definition in ctx.framework.contribution_rules.columns:
        column, year, kind = definition.id, definition.year, definition.against
        if year is None or kind is None:
            continue
        amount = (total_row.amounts.get(column) if total_row else None) or _column_total(
            rows, column
        )
        stated = getattr(budget, kind).get(year)
        if amount is None or not stated or amount == stated:
            continue
        if kind == "minimum" and amount > stated:
            continue
        if kind == "minimum":
            # As for the pooled budget: the minimum is the national condition only in a funded
            # year; a shortfall in a lead-in year is explained, not a condition on funding.
            funded = year in ctx.framework.assurance.words("funded_years")
            code = "contributions-below-minimum" + ("" if funded else "-lead-in")
        else:
            code = "contributions-mismatch"
        where = pointer("pooled_budget", kind, year)
        ctx.raise_finding(
            code,
            f"{column}:{kind}",
            evidence=[*evidence, *ctx.source_evidence(where)],
            detail=f"The contributions table gives £{amount:,} for {year} ({labels[column]}) "
            f"but the {kind} pooled budget in plan details is £{stated:,}: a difference of "
            f"£{abs(stated - amount):,}.",
        )


def check_investment(ctx: CheckContext) -> None:
    stated = [s.investment for s in ctx.plan.schemes if s.investment is not None]
    totals = [t for t in ctx.plan.pooled_budget.total.values() if t]
    if not stated or not totals:
        return
    investment, total = sum(stated), max(totals)
    if investment > total:
        lines = [line.line for s in ctx.plan.schemes for line in s.investment_lines if line.amount]
        ctx.raise_finding(
            "investment-exceeds-pooled",
            evidence=ctx.evidence(*lines),
            investment=investment,
            total=total,
        )


def run(ctx: CheckContext) -> None:
    check_minimum(ctx)
    check_units(ctx)
    check_contributions(ctx)
    check_investment(ctx)
