"""Quarterly monitoring: actuals against the plan per metric and quarter with a RAG status,
P4P earned to date, and spend against plan per scheme.

The plan's quarters come from its metric tables (Part 1) or, where given, its Part 2
workbook; a scheme's planned spend is its 2015/16 expenditure (Part 2) or its investment
(Part 1), a quarter of it each quarter. Thresholds are framework parameters.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from bettercare.calc import p4p_pot
from bettercare.frameworks import Framework
from bettercare.model import Plan
from bettercare.monitor.actuals import Actuals

Rag = Literal["Green", "Amber", "Red"]
_QUARTERS = 4


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QuarterStatus(_Model):
    period: str
    plan: float | None
    actual: float | None
    worse_by_percent: float | None
    rag: Rag | None
    source: str | None = None


class MetricStatus(_Model):
    metric: str
    name: str
    better: str | None
    quarters: list[QuarterStatus]


class P4PQuarter(_Model):
    period: str
    baseline: float
    plan: float
    actual: float
    planned_avoided: float
    avoided: float
    earned: float


class P4PEarned(_Model):
    unit_cost: float
    quarters: list[P4PQuarter]
    earned: float
    available: float


class SchemeSpend(_Model):
    scheme: str
    name: str | None
    planned_year: int | None
    planned_to_date: int | None
    actual_to_date: int
    difference_percent: float | None
    rag: Rag | None


class Monitoring(_Model):
    hwb: str | None
    year: str
    metrics: list[MetricStatus]
    p4p: P4PEarned | None
    spend: list[SchemeSpend]
    problems: list[str]


def _planned_series(plan: Plan, framework: Framework) -> dict[str, dict[str, float]]:
    """Metric id → period → planned value, from Part 1 tables then Part 2."""
    planned: dict[str, dict[str, float]] = {}
    for series in plan.metrics:
        if series.id and series.id not in planned:
            planned[series.id] = {v.period: v.value for v in series.values}
    year = framework.years[-1]
    previous = framework.years[-2] if len(framework.years) > 1 else year
    nel = framework.p4p_metric
    if nel is not None and plan.part2 and nel not in planned:
        quarters = [q for q in plan.part2.p4p if q.plan is not None and q.baseline is not None]
        if len(quarters) == _QUARTERS:
            planned[nel] = {}
            for number, q in enumerate(quarters, start=1):
                planned[nel][f"{previous} Q{number}"] = q.baseline  # type: ignore[assignment]
                planned[nel][f"{year} Q{number}"] = q.plan  # type: ignore[assignment]
    return planned


def _rag(worse_by: float, amber: float) -> Rag:
    if worse_by <= 0:
        return "Green"
    return "Amber" if worse_by <= amber else "Red"


def _metrics(
    plan: Plan, actuals: Actuals, framework: Framework, planned: dict[str, dict[str, float]]
) -> list[MetricStatus]:
    year = framework.years[-1]
    amber = framework.monitoring_rules.metric_amber_percent
    statuses = []
    for metric in framework.metrics:
        targets = planned.get(metric.id, {})
        actual = {a.period: a for a in actuals.metrics if a.metric == metric.id}
        periods = sorted({p for p in targets if p.startswith(year)} | set(actual))
        if not periods:
            continue
        quarters = []
        for period in periods:
            target, seen = targets.get(period), actual.get(period)
            worse_by = rag = None
            if target and seen is not None and metric.better:
                sign = 1 if metric.better == "lower" else -1
                worse_by = sign * (seen.value - target) / target * 100
                rag = _rag(worse_by, amber)
            quarters.append(
                QuarterStatus(
                    period=period,
                    plan=target,
                    actual=seen.value if seen else None,
                    worse_by_percent=worse_by,
                    rag=rag,
                    source=seen.source if seen else None,
                )
            )
        statuses.append(
            MetricStatus(
                metric=metric.id, name=metric.name, better=metric.better, quarters=quarters
            )
        )
    return statuses


def _p4p(
    actuals: Actuals, framework: Framework, planned: dict[str, dict[str, float]]
) -> P4PEarned | None:
    """Earned each quarter: admissions avoided against the baseline quarter, up to the plan."""
    nel = framework.p4p_metric
    targets = planned.get(nel) if nel is not None else None
    if not targets or len(framework.years) < 2 or "p4p_unit_cost" not in framework.parameters:
        return None  # a round without payment for performance earns none
    year, previous = framework.years[-1], framework.years[-2]
    unit_cost = framework.parameters["p4p_unit_cost"]
    actual = {a.period: a.value for a in actuals.metrics if a.metric == nel}
    quarters = []
    for number in range(1, _QUARTERS + 1):
        period = f"{year} Q{number}"
        baseline, target = targets.get(f"{previous} Q{number}"), targets.get(period)
        if baseline is None or target is None or period not in actual:
            continue
        planned_avoided = max(baseline - target, 0.0)
        avoided = baseline - actual[period]
        earned = p4p_pot(min(avoided, planned_avoided), unit_cost)
        quarters.append(
            P4PQuarter(
                period=period,
                baseline=baseline,
                plan=target,
                actual=actual[period],
                planned_avoided=planned_avoided,
                avoided=avoided,
                earned=earned,
            )
        )
    available = sum(
        p4p_pot(max(targets[f"{previous} Q{n}"] - targets[f"{year} Q{n}"], 0), unit_cost)
        for n in range(1, _QUARTERS + 1)
        if f"{previous} Q{n}" in targets and f"{year} Q{n}" in targets
    )
    return P4PEarned(
        unit_cost=unit_cost,
        quarters=quarters,
        earned=sum(q.earned for q in quarters),
        available=available,
    )


def _spend(plan: Plan, actuals: Actuals, framework: Framework) -> list[SchemeSpend]:
    year = framework.years[-1]
    yearly: dict[str, tuple[str | None, int | None]] = {
        s.ref: (s.name or s.annex_name, s.investment) for s in plan.schemes if s.ref
    }
    if plan.part2:
        for line in plan.part2.expenditure:
            if line.ref:
                yearly[line.ref] = (
                    line.name or yearly.get(line.ref, (None, None))[0],
                    line.spend_2015_16,
                )
    amber = framework.monitoring_rules.spend_amber_percent
    red = framework.monitoring_rules.spend_red_percent
    reported = {a.period for a in actuals.spend if a.period.startswith(year)}
    quarters = len(reported)  # a scheme with nothing spent in a reported quarter spent £0
    rows = []
    for scheme in dict.fromkeys([*yearly, *(a.scheme for a in actuals.spend)]):
        spent = [a for a in actuals.spend if a.scheme == scheme and a.period in reported]
        name, planned_year = yearly.get(scheme, (None, None))
        to_date = round(planned_year * quarters / _QUARTERS) if planned_year is not None else None
        actual = sum(a.spend for a in spent)
        difference = rag = None
        if to_date:
            difference = (actual - to_date) / to_date * 100
            rag = (
                "Green"
                if abs(difference) <= amber
                else "Amber"
                if abs(difference) <= red
                else "Red"
            )
        rows.append(
            SchemeSpend(
                scheme=scheme,
                name=name,
                planned_year=planned_year,
                planned_to_date=to_date,
                actual_to_date=actual,
                difference_percent=difference,
                rag=rag,
            )
        )
    return rows


def monitor(plan: Plan, actuals: Actuals, framework: Framework) -> Monitoring:
    planned = _planned_series(plan, framework)
    return Monitoring(
        hwb=plan.health_and_wellbeing_board,
        year=framework.years[-1],
        metrics=_metrics(plan, actuals, framework, planned),
        p4p=_p4p(actuals, framework, planned),
        spend=_spend(plan, actuals, framework),
        problems=actuals.problems,
    )
