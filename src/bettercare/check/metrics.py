"""Metrics: a non-elective trajectory that rises against a promised reduction, reductions
stated differently in different places, supporting metrics that worsen without a rationale,
and metrics missing from the plan."""

from __future__ import annotations

from itertools import pairwise

from bettercare.calc import percent_change
from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.frameworks import Metric, compiled
from bettercare.model import MetricSeries, PlanLine

CODES = frozenset(
    {
        "nel-rising",
        "nel-reduction-below-minimum",
        "reduction-mismatch",
        "metric-worsening-unexplained",
        "metric-missing",
    }
)

_QUARTERS = 4


def _year_values(series: MetricSeries, year: str) -> list[float]:
    return [value for value in series.quarters(year) if value is not None]


def _series(ctx: CheckContext, metric_id: str) -> tuple[int, MetricSeries] | None:
    for number, series in enumerate(ctx.plan.metrics):
        if series.id == metric_id:
            return number, series
    return None


def _claims(ctx: CheckContext) -> list[tuple[float, PlanLine]]:
    """Every "3.5% reduction in non-elective admissions" the plan's words make."""
    pattern = ctx.pattern("reduction_claim")
    found: list[tuple[float, PlanLine]] = []
    for line in ctx.plan_lines():
        for match in pattern.finditer(line.text):
            found.append((float(match.group(1)), line))
    return found


def check_nel(ctx: CheckContext) -> None:
    if ctx.framework.p4p_metric is None:
        return  # a round without payment for performance
    located = _series(ctx, ctx.framework.p4p_metric)
    if located is None:
        return
    number, series = located
    *earlier, year = ctx.framework.years
    planned = _year_values(series, year)
    if len(planned) < 2:
        return
    previous = _year_values(series, earlier[-1]) if earlier else []
    if len(planned) == len(previous) == _QUARTERS and sum(previous) > 0:
        change = percent_change(sum(previous), sum(planned))
        against = earlier[-1]
    elif planned[0] > 0:
        change = percent_change(planned[0], planned[-1])
        against = f"{year} Q1"
    else:
        return  # no change can be measured from zero
    row = ctx.source_evidence(pointer("metrics", number, "values"))
    claims = _claims(ctx)
    # Against a full previous year the promise is judged year on year: quarters rising within
    # the year (winter pressure, growth) do not break a reduction the year as a whole delivers.
    # Without a previous year, `change` compares the year's last quarter with its first.
    rising = change > 0
    if claims and rising:
        ctx.raise_finding(
            "nel-rising",
            evidence=[*ctx.evidence(claims[0][1]), *row],
            claim=f"{claims[0][0]:g}",
            year=year,
            first=planned[0],
            last=planned[-1],
            change=change,
            previous=against,
        )
    minimum = ctx.framework.parameters["national_minimum_nel_reduction_percent"]
    if against != f"{year} Q1" and change > -minimum:
        ctx.raise_finding(
            "nel-reduction-below-minimum",
            evidence=row,
            year=year,
            previous=against,
            change=change,
            minimum=f"{minimum:g}",
        )


def _annex2(ctx: CheckContext, fields: list[str]) -> list[tuple[float, int | None]]:
    """The percentages Annex 2 gives in `fields`, with their lines."""
    found: list[tuple[float, int | None]] = []
    for index, commentary in enumerate(ctx.plan.provider_commentary):
        for field, figure in commentary.figures.items():
            if field in fields and figure.percent is not None and figure.percent > 0:
                source = ctx.plan.sources.get(
                    pointer("provider_commentary", index, "figures", field)
                )
                found.append((figure.percent, source.line if source else None))
    return found


def check_stated_reductions(ctx: CheckContext) -> None:
    """The BCF reduction the narrative promises and the one Annex 2 says the BCF prevents
    agree; the provider's whole planned change (the operational plan, of which the BCF is a
    part) may be larger, but not smaller than the BCF's reduction."""
    assurance = ctx.framework.assurance
    tolerance = assurance.number("reduction_tolerance_points")
    stated: list[tuple[float, int | None]] = [(p, line.number) for p, line in _claims(ctx)]
    stated += _annex2(ctx, assurance.words("bcf_reduction_fields"))
    bcf = [percent for percent, _ in stated]
    if bcf:
        stated += [
            (percent, line)
            for percent, line in _annex2(ctx, assurance.words("operational_change_fields"))
            if percent < max(bcf) - tolerance
        ]
    values = sorted({percent for percent, _ in stated})
    if len(values) < 2 or values[-1] - values[0] <= tolerance:
        return
    lines = [line for _, line in stated]
    first_lines = {percent: line for percent, line in reversed(stated)}
    described = ", ".join(f"{p:g}% (line {first_lines[p]})" for p in values)
    ctx.raise_finding("reduction-mismatch", evidence=ctx.evidence(*lines), stated=described)


def _explained(ctx: CheckContext, metric: Metric, row: int | None) -> bool:
    rationale = ctx.pattern("rationale")
    window = int(ctx.framework.assurance.number("rationale_window_lines"))
    if row is not None:
        for number in range(row + 1, row + 1 + window):
            line = ctx.line(number)
            if line is not None and rationale.search(line.text):
                return True
    named = compiled(metric.match)
    return any(named.search(ln.text) and rationale.search(ln.text) for ln in ctx.plan_lines())


def check_supporting(ctx: CheckContext) -> None:
    for metric in ctx.framework.metrics:
        located = _series(ctx, metric.id)
        if metric.p4p or metric.better is None or located is None:
            continue
        number, series = located
        values = [v.value for v in series.values]
        if len(values) < 2:
            continue
        steps = list(pairwise(values))
        if metric.better == "lower":
            worse, every = values[-1] > values[0], all(b > a for a, b in steps)
        else:
            worse, every = values[-1] < values[0], all(b < a for a, b in steps)
        source = ctx.plan.sources.get(pointer("metrics", number, "values"))
        if not worse or _explained(ctx, metric, source.line if source else None):
            continue
        ctx.raise_finding(
            "metric-worsening-unexplained",
            metric.id,
            evidence=ctx.source_evidence(pointer("metrics", number, "values")),
            metric=metric.name,
            first=values[0],
            last=values[-1],
            start=series.values[0].period,
            end=series.values[-1].period,
            steady=", worse every quarter" if every else "",
        )


def check_missing(ctx: CheckContext) -> None:
    present = {series.id for series in ctx.plan.metrics}
    part2 = ctx.plan.part2
    if part2 is not None:
        present |= {s.metric for s in part2.supporting if s.baseline is not None and s.plan}
        p4p = ctx.framework.p4p_metric
        if (
            p4p
            and part2.p4p
            and all(q.baseline is not None and q.plan is not None for q in part2.p4p)
        ):
            present.add(p4p)
    for metric in ctx.framework.metrics:
        if metric.id not in present:
            ctx.raise_finding(
                "metric-missing", metric.id, risk=metric.missing_risk, metric=metric.name
            )


def run(ctx: CheckContext) -> None:
    check_nel(ctx)
    check_stated_reductions(ctx)
    check_supporting(ctx)
    check_missing(ctx)
