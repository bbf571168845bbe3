"""The non-elective ambition against the admissions the schemes themselves quantify (A4).

Part 2's benefits plan is checked against the P4P tab by `part2` (benefits-short-of-ambition);
this family judges the plans that give no such rows: the admissions avoided the schemes'
own words state (Annex 1 "Impact of scheme", or the expected benefits of the list of
schemes) against the admissions the plan sets out to avoid — from Part 2's P4P tab, the
non-elective trajectory (baseline year against plan year), or the provider commentary.
Both directions count: schemes that claim far more than the ambition, and an ambition the
schemes' stated numbers fall short of. A plan whose schemes state no number is not judged:
the template puts their quantified impact in Part 2, tab 4.
"""

from __future__ import annotations

from dataclasses import dataclass

from bettercare.calc import admissions_avoided
from bettercare.check import scheme_text
from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.model import Evidence, PlanLine

CODES = frozenset({"schemes-nel-impact-mismatch"})

# Where a scheme states its impact.
FIELDS = ("impact", "expected_benefits")


@dataclass(frozen=True)
class Ambition:
    """The admissions the plan sets out to avoid in its plan year, and where that is read."""

    avoided: float
    source: str
    pointers: list[str]
    evidence: list[Evidence]


def _from_part2(ctx: CheckContext) -> Ambition | None:
    part2 = ctx.plan.part2
    if part2 is None or not part2.p4p:
        return None
    if any(q.baseline is None or q.plan is None for q in part2.p4p):
        return None
    baseline = [q.baseline or 0.0 for q in part2.p4p]
    planned = [q.plan or 0.0 for q in part2.p4p]
    avoided = admissions_avoided(baseline, planned)
    if sum(baseline) <= 0 or avoided <= 0:
        return None
    where = [pointer("p4p", i, "plan") for i in range(len(planned))]
    cells = [
        Evidence(line=quarter.row, cell=part2.cells[item], text=f"{quarter.plan:g}")
        for item, quarter in zip(where, part2.p4p, strict=True)
        if item in part2.cells
    ]
    return Ambition(avoided, "Part 2, P4P tab", [f"/part2{item}" for item in where], cells)


def _from_trajectory(ctx: CheckContext) -> Ambition | None:
    *earlier, year = ctx.framework.years
    if not earlier:
        return None
    for number, series in enumerate(ctx.plan.metrics):
        if series.id != ctx.framework.p4p_metric:
            continue
        before, after = series.quarters(earlier[-1]), series.quarters(year)
        if None in before or None in after:
            return None
        avoided = admissions_avoided([v or 0.0 for v in before], [v or 0.0 for v in after])
        if avoided <= 0:
            return None  # a rising trajectory is `nel-rising`'s, not a scheme question
        where = pointer("metrics", number, "values")
        source = ctx.plan.sources.get(where)
        line = f", line {source.line}" if source else ""
        return Ambition(
            avoided,
            f"{year} against {earlier[-1]} trajectory{line}",
            [where],
            ctx.source_evidence(where),
        )
    return None


def _from_commentary(ctx: CheckContext) -> Ambition | None:
    for index, commentary in enumerate(ctx.plan.provider_commentary):
        for field in ctx.framework.assurance.words("ambition_figures"):
            figure = commentary.figures.get(field)
            if figure is None or not figure.value or figure.value <= 0:
                continue
            where = pointer("provider_commentary", index, "figures", field)
            source = ctx.plan.sources.get(where)
            line = f", line {source.line}" if source else ""
            return Ambition(
                figure.value, f"provider commentary{line}", [where], ctx.source_evidence(where)
            )
    return None


def ambition(ctx: CheckContext) -> Ambition | None:
    """The first source that states a reduction: Part 2, the trajectory, Annex 2."""
    return _from_part2(ctx) or _from_trajectory(ctx) or _from_commentary(ctx)


def scheme_claims(ctx: CheckContext) -> list[tuple[int, float, PlanLine]]:
    """(scheme index, admissions avoided, line) for each number a scheme's words state; a
    line shared by two schemes (one description read twice) counts once."""
    pattern = ctx.pattern("scheme_admissions_avoided")
    claims: list[tuple[int, float, PlanLine]] = []
    seen: set[int] = set()
    for index in range(len(ctx.plan.schemes)):
        for match, line in scheme_text.matches(ctx, index, FIELDS, pattern):
            number = next((group for group in match.groups() if group), None)
            if number is None or line.number in seen:
                continue
            seen.add(line.number)
            claims.append((index, float(number.replace(",", "")), line))
    return claims


def run(ctx: CheckContext) -> None:
    part2 = ctx.plan.part2
    if part2 is not None and any(b.metric == ctx.framework.p4p_metric for b in part2.benefits):
        return  # Part 2 benefits against the P4P tab: `benefits-short-of-ambition`
    target = ambition(ctx)
    if target is None or not ctx.plan.schemes:
        return
    claims = scheme_claims(ctx)
    if not claims:
        return  # schemes quantify their impact in Part 2, tab 4: no words are no evidence
    quantified = sum(avoided for _, avoided, _ in claims)
    tolerance = ctx.framework.assurance.number("scheme_impact_tolerance_percent")
    if abs(quantified - target.avoided) <= tolerance / 100 * target.avoided:
        return
    direction = "short of" if quantified < target.avoided else "more than"
    described = ", ".join(
        f"scheme {ctx.plan.schemes[i].ref or i + 1}: {n:,.0f} (line {line.number})"
        for i, n, line in claims
    )
    evidence = ctx.joined(ctx.evidence(*(line for _, _, line in claims)), target.evidence[:1])
    ctx.raise_finding(
        "schemes-nel-impact-mismatch",
        evidence=evidence,
        rests_on=[
            *target.pointers,
            *(pointer("schemes", i, "impact") for i, _, _ in claims),
        ],
        quantified=quantified,
        claims=described,
        direction=direction,
        ambition=target.avoided,
        source=target.source,
    )
