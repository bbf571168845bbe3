"""Part 1 ↔ Part 2 cross-checks: schemes and expenditure lines, benefits against the
non-elective ambition, P4P values against their own baseline, supporting metrics."""

from __future__ import annotations

from bettercare.calc import admissions_avoided, percent_change
from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.model import Evidence
from bettercare.model.part2 import Part2

CODES = frozenset(
    {
        "part2-scheme-unfunded",
        "part2-expenditure-unlisted",
        "benefits-short-of-ambition",
        "p4p-values-inconsistent",
        "supporting-ambition-unsupported",
        "supporting-worsening-unexplained",
    }
)


def _cells(ctx: CheckContext, part2: Part2, *where: str) -> list[Evidence]:
    """Evidence for values of the workbook, by their JSON Pointer within `part2`."""
    found = []
    for item in where:
        address = part2.cells.get(item)
        if address is None:
            continue
        value = _value(part2, item)
        row = int("".join(ch for ch in address.rsplit("!", 1)[1] if ch.isdigit()))
        found.append(Evidence(line=row, cell=address, text=str(value)))
    return found


def _value(part2: Part2, where: str) -> object:
    data: object = part2.model_dump()
    for part in where.strip("/").split("/"):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit():
            data = data[int(part)]
    return data


def check_schemes(ctx: CheckContext, part2: Part2) -> None:
    spent = {line.ref: line for line in part2.expenditure if line.ref}
    listed = {s.ref for s in ctx.plan.schemes if s.ref}
    for number, scheme in enumerate(ctx.plan.schemes):
        line = spent.get(scheme.ref) if scheme.ref else None
        if line is None or not line.spend_2015_16:
            ref = scheme.ref or str(number + 1)
            ctx.raise_finding(
                "part2-scheme-unfunded",
                ref,
                evidence=ctx.source_evidence(pointer("schemes", number, "name")),
                ref=ref,
                name=scheme.name or scheme.annex_name or "unnamed",
            )
    for index, line in enumerate(part2.expenditure):
        if line.ref and line.ref not in listed and listed:
            ctx.raise_finding(
                "part2-expenditure-unlisted",
                line.ref,
                evidence=_cells(ctx, part2, pointer("expenditure", index, "ref")),
                ref=line.ref,
                spend=line.spend_2015_16 or 0,
            )


def _p4p(part2: Part2) -> tuple[list[float], list[float]] | None:
    quarters = [q for q in part2.p4p if q.baseline is not None and q.plan is not None]
    if not quarters or len(quarters) != len(part2.p4p):
        return None
    return [q.baseline for q in quarters], [q.plan for q in quarters]  # type: ignore[misc]


def check_p4p(ctx: CheckContext, part2: Part2) -> None:
    values = _p4p(part2)
    if values is None:
        return
    baseline, planned = values
    if sum(baseline) <= 0:
        return  # no reduction can be measured from a zero baseline
    avoided = admissions_avoided(baseline, planned)
    change = percent_change(sum(baseline), sum(planned))
    problems, where = [], []
    tolerance = ctx.framework.assurance.number("reduction_tolerance_points")
    stated = part2.stated_reduction_percent
    if stated is not None and abs(stated - (-change)) > tolerance:
        problems.append(
            f"the stated reduction of {stated:g}% is not the {-change:.1f}% its baseline "
            f"({sum(baseline):,.0f}) and plan ({sum(planned):,.0f}) give"
        )
        where.append(pointer("stated_reduction_percent"))
    if part2.stated_avoided is not None and abs(part2.stated_avoided - avoided) > 0.5:
        problems.append(
            f"the stated {part2.stated_avoided:,.0f} admissions avoided are not the "
            f"{avoided:,.0f} of baseline minus plan"
        )
        where.append(pointer("stated_avoided"))
    if problems:
        detail = "P4P sheet: " + "; ".join(problems) + "."
        cells = [*where, *(pointer("p4p", i, "plan") for i in range(len(planned)))]
        ctx.raise_finding(
            "p4p-values-inconsistent", evidence=_cells(ctx, part2, *cells), detail=detail
        )
    benefits = -sum(
        b.change_2015_16 or 0 for b in part2.benefits if b.metric == ctx.framework.p4p_metric
    )
    allowed = ctx.framework.part2_rules.benefit_tolerance_percent / 100 * max(avoided, 0)
    if avoided > 0 and abs(benefits - avoided) > allowed:
        rows = [
            pointer("benefits", i, "change_2015_16")
            for i, b in enumerate(part2.benefits)
            if b.metric == ctx.framework.p4p_metric
        ]
        ctx.raise_finding(
            "benefits-short-of-ambition",
            evidence=_cells(ctx, part2, *rows),
            benefits=benefits,
            avoided=avoided,
        )


def check_supporting(ctx: CheckContext, part2: Part2) -> None:
    measured = {b.metric for b in part2.benefits}
    directions = {m.id: m.better for m in ctx.framework.metrics}
    names = {m.id: m.name for m in ctx.framework.metrics}
    for index, line in enumerate(part2.supporting):
        better = directions.get(line.metric or "")
        if better is None or line.baseline is None or line.plan is None:
            continue
        improves = line.plan < line.baseline if better == "lower" else line.plan > line.baseline
        worsens = line.plan > line.baseline if better == "lower" else line.plan < line.baseline
        metric = names.get(line.metric or "", line.name or "")
        cells = _cells(
            ctx,
            part2,
            pointer("supporting", index, "baseline"),
            pointer("supporting", index, "plan"),
        )
        code = None
        if improves and line.metric not in measured:
            code = "supporting-ambition-unsupported"
        if worsens and not (line.rationale or "").strip():
            code = "supporting-worsening-unexplained"
        if code:
            ctx.raise_finding(
                code, line.metric, cells, metric=metric, baseline=line.baseline, plan=line.plan
            )


def run(ctx: CheckContext) -> None:
    part2 = ctx.plan.part2
    if part2 is None or ctx.framework.part2 is None:
        return
    check_schemes(ctx, part2)
    check_p4p(ctx, part2)
    check_supporting(ctx, part2)
