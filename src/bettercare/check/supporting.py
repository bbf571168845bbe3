"""Supporting metrics against the schemes and against a plausible band (A7, A8).

For each supporting metric with a direction (lower or higher is better) the plan is read
from Part 2's supporting-metrics tab, else from the plan's metric table (the plan year's
quarters against the year before, or its first value against its last).

- `metric-ambition-no-scheme` (A7): the metric improves in the Part 1 table but no scheme
  names it in its expected benefits or impact (with Part 2 that is
  `supporting-ambition-unsupported`, from the benefits tab).
- `metric-impact-not-planned` (A7): schemes (their words, or Part 2 benefits rows) claim
  an impact on the metric, but its plan does not improve.
- `metric-ambition-implausible` (A8): a one-year change above the metric's
  `max_improvement_percent` (over-ambitious) or, not worsening, below its
  `min_improvement_percent` (no ambition). A worsening is the rationale checks' (A9).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bettercare.check import scheme_text
from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.frameworks import Metric, compiled
from bettercare.model import Evidence, PlanLine

CODES = frozenset(
    {"metric-ambition-no-scheme", "metric-impact-not-planned", "metric-ambition-implausible"}
)

FIELDS = ("impact", "expected_benefits")


@dataclass
class MetricPlan:
    first: float
    last: float
    source: str
    pointers: list[str]
    evidence: list[Evidence]
    one_year: bool  # baseline and plan a year apart, so a change per year can be judged
    part2: bool

    def improvement(self, better: str) -> float | None:
        """Improvement in per cent of the first value (negative: a worsening)."""
        if self.first == 0:
            return None
        change = (self.last - self.first) / abs(self.first) * 100
        return -change if better == "lower" else change


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known and len(known) == len(values) else None


def metric_plan(ctx: CheckContext, metric: Metric) -> MetricPlan | None:
    part2 = ctx.plan.part2
    if part2 is not None:
        for index, line in enumerate(part2.supporting):
            if line.metric != metric.id or line.baseline is None or line.plan is None:
                continue
            addresses = [pointer("supporting", index, field) for field in ("baseline", "plan")]
            cells = [
                Evidence(line=line.row, cell=part2.cells[item], text=f"{value:g}")
                for item, value in zip(addresses, (line.baseline, line.plan), strict=True)
                if item in part2.cells
            ]
            return MetricPlan(
                line.baseline,
                line.plan,
                "Part 2, supporting metrics tab",
                [f"/part2{item}" for item in addresses],
                cells,
                one_year=True,
                part2=True,
            )
    for number, series in enumerate(ctx.plan.metrics):
        if series.id != metric.id or len(series.values) < 2:
            continue
        at = pointer("metrics", number, "values")
        source = ctx.plan.sources.get(at)
        where = f", line {source.line}" if source else ""
        evidence = ctx.source_evidence(at)
        *earlier, year = ctx.framework.years
        before = _mean(series.quarters(earlier[-1])) if earlier else None
        after = _mean(series.quarters(year))
        if before is not None and after is not None:
            label = f"{year} average against {earlier[-1]}{where}"
            return MetricPlan(before, after, label, [at], evidence, True, False)
        first, last = series.values[0], series.values[-1]
        label = f"{first.period} to {last.period}{where}"
        return MetricPlan(first.value, last.value, label, [at], evidence, False, False)
    return None


def _claims(ctx: CheckContext, metric: Metric) -> tuple[list[str], list[PlanLine], list[str]]:
    """Schemes whose words claim an impact on the metric: their refs, lines and pointers."""
    pattern = compiled(metric.match)
    refs: list[str] = []
    lines: list[PlanLine] = []
    pointers: list[str] = []
    for index, scheme in enumerate(ctx.plan.schemes):
        found = [line for _, line in scheme_text.matches(ctx, index, FIELDS, pattern)]
        if found:
            refs.append(scheme.ref or str(index + 1))
            lines.extend(found[:1])
            pointers.append(pointer("schemes", index, "impact"))
    return refs, lines, pointers


def _part2_claims(ctx: CheckContext, metric: Metric) -> tuple[list[str], list[Evidence]]:
    part2 = ctx.plan.part2
    if part2 is None:
        return [], []
    refs, cells = [], []
    for index, row in enumerate(part2.benefits):
        if row.metric != metric.id:
            continue
        refs.append(row.ref or f"row {row.row}")
        address = part2.cells.get(pointer("benefits", index, "metric"))
        if address:
            cells.append(Evidence(line=row.row, cell=address, text=row.metric or ""))
    return refs, cells


def check_metric(ctx: CheckContext, metric: Metric) -> None:
    if metric.p4p or metric.better is None:
        return
    planned = metric_plan(ctx, metric)
    if planned is None:
        return
    improvement = planned.improvement(metric.better)
    if improvement is None:
        return
    refs, lines, pointers = _claims(ctx, metric)
    refs2, cells = _part2_claims(ctx, metric)
    names: dict[str, Any] = {"metric": metric.name, "first": planned.first, "last": planned.last}
    if improvement > 0 and not planned.part2 and not refs and not refs2:
        ctx.raise_finding(
            "metric-ambition-no-scheme",
            metric.id,
            evidence=planned.evidence,
            rests_on=planned.pointers,
            **names,
        )
    claimed = list(dict.fromkeys([*refs, *refs2]))
    if improvement <= 0 and claimed:
        ctx.raise_finding(
            "metric-impact-not-planned",
            metric.id,
            evidence=ctx.joined(planned.evidence, ctx.evidence(*lines), cells),
            rests_on=[*planned.pointers, *pointers],
            schemes=", ".join(claimed),
            **names,
        )
    if not planned.one_year:
        return
    detail = None
    high, low = metric.max_improvement_percent, metric.min_improvement_percent
    if high is not None and improvement > high:
        detail = (
            f"an improvement of {improvement:.1f}% in a year, above the {high:g}% that is "
            "plausible: over-ambitious"
        )
    elif low is not None and 0 <= improvement < low:
        detail = (
            f"an improvement of {improvement:.1f}%, below the {low:g}% that shows any "
            "ambition: under-ambitious"
        )
    if detail:
        ctx.raise_finding(
            "metric-ambition-implausible",
            metric.id,
            evidence=planned.evidence,
            rests_on=planned.pointers,
            source=planned.source,
            detail=detail,
            **names,
        )


def run(ctx: CheckContext) -> None:
    for metric in ctx.framework.metrics:
        check_metric(ctx, metric)
