"""Calculations the review and the monitoring use: admissions avoided, % change against the
national minimum, the payment-for-performance (P4P) pot, and rates per 100,000.

Plain functions on numbers, so a board paper, a test or a notebook can reproduce every figure.
The unit cost of a non-elective admission is a framework parameter (`p4p_unit_cost`), never a
constant here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from bettercare.frameworks import Framework
from bettercare.model import Plan

PER = 100_000


def admissions_avoided(baseline: Sequence[float], planned: Sequence[float]) -> float:
    """Baseline quarters minus planned quarters (positive when admissions fall)."""
    if len(baseline) != len(planned):
        raise ValueError("baseline and planned need the same number of quarters")
    return sum(baseline) - sum(planned)


def percent_change(before: float, after: float) -> float:
    """Change from `before` to `after` in per cent (negative is a reduction)."""
    if before == 0:
        raise ValueError("no change can be measured from zero")
    return (after - before) / before * 100


def p4p_pot(avoided: float, unit_cost: float) -> float:
    """The P4P pot: admissions avoided × the average cost of a non-elective admission."""
    return max(avoided, 0.0) * unit_cost


def rate_per_100k(count: float, population: float) -> float:
    """A count as a rate per 100,000 of the population it is drawn from."""
    if population <= 0:
        raise ValueError("population must be positive")
    return count / population * PER


def count_from_rate(rate: float, population: float) -> float:
    """The count behind a rate per 100,000 (e.g. delayed days from a DTOC rate)."""
    return rate * population / PER


@dataclass(frozen=True)
class P4PSummary:
    """The P4P line of a review summary, reproduced from its inputs."""

    baseline: float
    planned: float
    avoided: float
    change_percent: float
    meets_minimum: bool
    unit_cost: float
    pot: float


def p4p_summary(
    baseline: Sequence[float], planned: Sequence[float], unit_cost: float, minimum_percent: float
) -> P4PSummary:
    """Admissions avoided, % change, whether it meets the national minimum, and the pot."""
    avoided = admissions_avoided(baseline, planned)
    change = percent_change(sum(baseline), sum(planned))
    return P4PSummary(
        baseline=sum(baseline),
        planned=sum(planned),
        avoided=avoided,
        change_percent=change,
        meets_minimum=change <= -minimum_percent,
        unit_cost=unit_cost,
        pot=p4p_pot(avoided, unit_cost),
    )


def planned_at_reduction(baseline: Sequence[float], reduction_percent: float) -> list[float]:
    """Each baseline quarter reduced by a percentage (the national minimum is 3.5%)."""
    return [value * (1 - reduction_percent / 100) for value in baseline]


class PlanFigures(BaseModel):
    """The review summary's figures for one plan, each reproduced from the plan's own inputs."""

    model_config = ConfigDict(extra="forbid")
    year: str = Field(description="The plan year the figures are for (2015/16).")
    nel_source: str | None = Field(default=None, description="Where the NEL quarters came from.")
    nel_baseline: float | None = None
    nel_planned: float | None = None
    admissions_avoided: float | None = None
    change_percent: float | None = None
    national_minimum_percent: float | None = Field(
        default=None, description="None in a round without a national NEL minimum."
    )
    meets_minimum: bool | None = None
    unit_cost: float | None = Field(
        default=None, description="£ per admission avoided; None in a round without P4P."
    )
    p4p_pot: float | None = None
    pooled_minimum: int | None = None
    pooled_total: int | None = None
    additional_contribution: int | None = Field(
        default=None, description="Total pooled budget above the minimum."
    )
    population: float | None = None
    nel_baseline_per_100k: float | None = None
    nel_planned_per_100k: float | None = None
    population_18: float | None = None
    dtoc_planned_days: float | None = Field(
        default=None, description="Delayed days implied by the last planned DTOC rate (18+)."
    )


def _quarters(plan: Plan, metric_id: str, year: str) -> list[float]:
    """All four quarters of a year, or none: a part year has no annual figure."""
    series = plan.series(metric_id)
    values = series.quarters(year) if series else []
    return [v for v in values if v is not None] if values and None not in values else []


def plan_figures(plan: Plan, framework: Framework) -> PlanFigures:
    """NEL ambition and P4P, the pooled budget above its minimum, and rates per 100,000."""
    minimum_percent = framework.parameters.get("national_minimum_nel_reduction_percent")
    year = framework.years[-1]
    figures = PlanFigures(
        year=year,
        national_minimum_percent=minimum_percent,
        unit_cost=framework.parameters.get("p4p_unit_cost"),
    )
    previous = framework.years[-2] if len(framework.years) > 1 else year
    nel = framework.p4p_metric
    # A round without payment for performance has no NEL ambition to reproduce here.
    p4p = nel is not None and figures.unit_cost is not None and minimum_percent is not None
    baseline = _quarters(plan, nel, previous) if p4p and nel else []
    planned = _quarters(plan, nel, year) if p4p and nel else []
    figures.nel_source = (
        f"Part 1 table ({previous} against {year})" if baseline and planned else None
    )
    part2 = plan.part2
    if p4p and part2 and len(part2.p4p) == 4 and all(q.baseline and q.plan for q in part2.p4p):
        baseline = [q.baseline for q in part2.p4p]  # type: ignore[misc]
        planned = [q.plan for q in part2.p4p]  # type: ignore[misc]
        figures.nel_source = "Part 2, tab 5"
    unit_cost = figures.unit_cost
    if baseline and planned and sum(baseline) > 0 and unit_cost and minimum_percent is not None:
        summary = p4p_summary(baseline, planned, unit_cost, minimum_percent)
        figures.nel_baseline, figures.nel_planned = summary.baseline, summary.planned
        figures.admissions_avoided, figures.change_percent = summary.avoided, summary.change_percent
        figures.meets_minimum, figures.p4p_pot = summary.meets_minimum, summary.pot
    figures.pooled_minimum = plan.pooled_budget.minimum.get(year)
    figures.pooled_total = plan.pooled_budget.total.get(year)
    if figures.pooled_minimum is not None and figures.pooled_total is not None:
        figures.additional_contribution = figures.pooled_total - figures.pooled_minimum
    if part2 is not None:
        figures.population, figures.population_18 = part2.population, part2.population_18
    if figures.population and figures.nel_baseline is not None and figures.nel_planned is not None:
        figures.nel_baseline_per_100k = rate_per_100k(figures.nel_baseline, figures.population)
        figures.nel_planned_per_100k = rate_per_100k(figures.nel_planned, figures.population)
    dtoc_id = next((m.id for m in framework.metrics if m.delayed_days_per_100k_18), None)
    dtoc = _quarters(plan, dtoc_id, year) if dtoc_id else []
    if figures.population_18 and dtoc:
        figures.dtoc_planned_days = count_from_rate(dtoc[-1], figures.population_18)
    return figures


def with_unit_cost(framework: Framework, unit_cost: float | None) -> Framework:
    """The framework with its P4P unit cost overridden (a local cost, say), else unchanged."""
    if unit_cost is None:
        return framework
    parameters = {**framework.parameters, "p4p_unit_cost": unit_cost}
    return framework.model_copy(update={"parameters": parameters})
