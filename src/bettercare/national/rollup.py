"""The national roll-up: counts, money, ambition, risks, conditions and outliers over every
plan, with every HWB area of the gazetteer accounted for (a plan, or listed as missing).

Thresholds come from the framework (`parameters`), never from this code. Figures are sums
and medians of the plans' own figures, so a test can reproduce each from the plans it wrote.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from bettercare.frameworks import Framework
from bettercare.national.entry import FailedFile, PlanEntry

UNIDENTIFIED = "Area not identified"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegionCount(_Model):
    region: str
    areas: int = Field(description="HWB areas of the region in the gazetteer.")
    plans: int
    missing: int
    by_category: dict[str, int]


class YearMoney(_Model):
    year: str
    plans: int = Field(description="Plans stating both the minimum and the total this year.")
    minimum: int
    total: int
    above_minimum: int = Field(description="Total minus minimum, over those plans.")


class Contributions(_Model):
    plans: int = Field(description="Plans with a contributions table.")
    council: dict[str, int]
    ccg: dict[str, int]
    other: dict[str, int]


class Spread(_Model):
    count: int
    minimum: float | None
    median: float | None
    maximum: float | None


class Ambition(_Model):
    plans: int = Field(description="Plans with a non-elective baseline and plan.")
    national_minimum_percent: float
    reduction_percent: Spread
    admissions_avoided: float
    p4p_total: float
    below_minimum: int
    values: list[tuple[str, float]] = Field(description="(area, % reduction) of each plan.")


class RiskCount(_Model):
    code: str
    title: str
    plans: int


class Risks(_Model):
    top: list[RiskCount]
    by_region: dict[str, dict[str, int]] = Field(description="region → code → plans.")
    by_severity: dict[str, dict[str, int]] = Field(description="severity → code → plans.")


class ConditionCompliance(_Model):
    code: str
    text: str
    plans_evidenced: int
    plans_not_evidenced: int
    percent_evidenced: float | None


class Outlier(_Model):
    file: str
    area: str
    detail: str


class Outliers(_Model):
    ambition_below_minimum: list[Outlier]
    pooled_below_minimum: list[Outlier]
    money_units_flagged: list[Outlier]
    signoff_gaps: list[Outlier]


class MissingArea(_Model):
    code: str
    name: str
    region: str
    ons_region: str | None


class PlanRow(_Model):
    """One plan in the roll-up's table of plans."""

    file: str
    area_code: str | None
    area: str
    region: str
    category: str
    part2: bool
    pooled_minimum: int | None
    pooled_total: int | None
    above_minimum: int | None
    reduction_percent: float | None
    admissions_avoided: float | None
    p4p_pot: float | None
    population: float | None
    money_per_head: float | None = Field(description="Pooled total (£) per head, 2 decimals.")
    showstoppers: int
    top_risks: int
    further_risks: int
    risk_codes: list[str]
    conditions_not_evidenced: list[str]
    signoff_gaps: int
    needs_review: int


class AgainstRegion(_Model):
    figure: str
    value: float | None
    region_median: float | None
    difference: float | None


class ComparedArea(_Model):
    row: PlanRow
    region_plans: int
    against_region: list[AgainstRegion]


class Comparison(_Model):
    asked: list[str]
    areas: list[ComparedArea]
    not_found: list[str]


class ReviewNeeded(_Model):
    file: str
    area: str
    fields: list[str]


class Superseded(_Model):
    file: str
    area: str
    by: str


class NationalRollup(_Model):
    framework: str
    assessed_on: dt.date
    year: str
    thresholds: dict[str, float]
    plans: int
    areas_covered: int
    areas_in_gazetteer: int
    by_category: dict[str, int]
    by_region: dict[str, RegionCount]
    money: list[YearMoney]
    contributions: Contributions
    ambition: Ambition
    risks: Risks
    conditions: list[ConditionCompliance]
    outliers: Outliers
    needs_review: list[ReviewNeeded]
    missing_areas: list[MissingArea]
    failed: list[FailedFile]
    superseded: list[Superseded]
    rows: list[PlanRow]
    trajectories: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="Planned NEL admissions by quarter, per plan file."
    )
    comparison: Comparison | None = Field(
        default=None, description="Areas side by side, when asked for (see `compare`)."
    )


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def _spread(values: Sequence[float]) -> Spread:
    return Spread(
        count=len(values),
        minimum=min(values) if values else None,
        median=_median(values),
        maximum=max(values) if values else None,
    )


def _latest(entries: list[PlanEntry]) -> tuple[list[PlanEntry], list[Superseded]]:
    """One plan per area: the latest submitted (then the last file name); the rest listed."""
    chosen: dict[str, PlanEntry] = {}
    order: list[PlanEntry] = []
    superseded: list[Superseded] = []
    for entry in sorted(entries, key=lambda e: (e.date_submitted or dt.date.min, e.file)):
        if entry.area_code is None:
            order.append(entry)
            continue
        previous = chosen.get(entry.area_code)
        if previous is not None:
            order.remove(previous)
            superseded.append(Superseded(file=previous.file, area=previous.label, by=entry.file))
        chosen[entry.area_code] = entry
        order.append(entry)
    return sorted(order, key=lambda e: e.file), superseded


def _row(entry: PlanEntry, year: str) -> PlanRow:
    severities = Counter(risk.severity for risk in entry.risks)
    minimum, total = entry.pooled_minimum.get(year), entry.pooled_total.get(year)
    per_head = (
        round(total / entry.population, 2) if total is not None and entry.population else None
    )
    return PlanRow(
        file=entry.file,
        area_code=entry.area_code,
        area=entry.label,
        region=entry.region or UNIDENTIFIED,
        category=entry.category,
        part2=entry.part2,
        pooled_minimum=minimum,
        pooled_total=total,
        above_minimum=total - minimum if minimum is not None and total is not None else None,
        reduction_percent=entry.reduction_percent,
        admissions_avoided=entry.admissions_avoided,
        p4p_pot=entry.p4p_pot,
        population=entry.population,
        money_per_head=per_head,
        showstoppers=severities["Showstopper"],
        top_risks=severities["Top risk"],
        further_risks=severities["Further risk"],
        risk_codes=[risk.code for risk in entry.risks],
        conditions_not_evidenced=entry.conditions_not_evidenced,
        signoff_gaps=len(entry.signoff_gaps),
        needs_review=len(entry.needs_review),
    )


def _money(entries: list[PlanEntry], years: list[str]) -> list[YearMoney]:
    money = []
    for year in years:
        both = [
            (e.pooled_minimum[year], e.pooled_total[year])
            for e in entries
            if e.pooled_minimum.get(year) is not None and e.pooled_total.get(year) is not None
        ]
        minimum = sum(m for m, _ in both if m is not None)
        total = sum(t for _, t in both if t is not None)
        money.append(
            YearMoney(
                year=year,
                plans=len(both),
                minimum=minimum,
                total=total,
                above_minimum=total - minimum,
            )
        )
    return money


def _contributions(entries: list[PlanEntry]) -> Contributions:
    sums: dict[str, dict[str, int]] = {"council": {}, "ccg": {}, "other": {}}
    with_table = 0
    for entry in entries:
        with_table += bool(entry.contributions)
        for kind, columns in entry.contributions.items():
            for column, amount in columns.items():
                sums[kind][column] = sums[kind].get(column, 0) + amount
    return Contributions(plans=with_table, **sums)


def _ambition(entries: list[PlanEntry], minimum_percent: float) -> Ambition:
    with_nel = [e for e in entries if e.reduction_percent is not None]
    reductions = [e.reduction_percent for e in with_nel if e.reduction_percent is not None]
    return Ambition(
        plans=len(with_nel),
        national_minimum_percent=minimum_percent,
        reduction_percent=_spread(reductions),
        admissions_avoided=sum(e.admissions_avoided or 0.0 for e in with_nel),
        p4p_total=sum(e.p4p_pot or 0.0 for e in with_nel),
        below_minimum=sum(1 for r in reductions if r < minimum_percent),
        values=[
            (e.label, e.reduction_percent) for e in with_nel if e.reduction_percent is not None
        ],
    )


def _risks(entries: list[PlanEntry], severities: list[str]) -> Risks:
    plans: Counter[str] = Counter()
    titles: dict[str, str] = {}
    by_region: dict[str, Counter[str]] = {}
    by_severity: dict[str, Counter[str]] = {severity: Counter() for severity in severities}
    for entry in entries:
        region = by_region.setdefault(entry.region or UNIDENTIFIED, Counter())
        for risk in entry.risks:
            plans[risk.code] += 1
            titles[risk.code] = risk.title
            region[risk.code] += 1
            by_severity.setdefault(risk.severity, Counter())[risk.code] += 1
    top = [
        RiskCount(code=code, title=titles[code], plans=count)
        for code, count in sorted(plans.items(), key=lambda item: (-item[1], item[0]))
    ]
    return Risks(
        top=top,
        by_region={r: dict(sorted(c.items())) for r, c in sorted(by_region.items())},
        by_severity={s: dict(sorted(c.items())) for s, c in by_severity.items()},
    )


def _conditions(entries: list[PlanEntry], framework: Framework) -> list[ConditionCompliance]:
    rows = []
    for condition in framework.assurance.conditions:
        failing = sum(1 for e in entries if condition.code in e.conditions_not_evidenced)
        rows.append(
            ConditionCompliance(
                code=condition.code,
                text=condition.text,
                plans_evidenced=len(entries) - failing,
                plans_not_evidenced=failing,
                percent_evidenced=(
                    round((len(entries) - failing) / len(entries) * 100, 1) if entries else None
                ),
            )
        )
    return rows


def _outliers(entries: list[PlanEntry], minimum_percent: float) -> Outliers:
    low: list[Outlier] = []
    short: list[Outlier] = []
    units: list[Outlier] = []
    unsigned: list[Outlier] = []
    for e in entries:
        if e.reduction_percent is not None and e.reduction_percent < minimum_percent:
            low.append(Outlier(file=e.file, area=e.label, detail=f"{e.reduction_percent:.2f}%"))
        for year, total in sorted(e.pooled_total.items()):
            minimum = e.pooled_minimum.get(year)
            if total is not None and minimum is not None and total < minimum:
                detail = f"{year}: total £{total:,} below minimum £{minimum:,}"
                short.append(Outlier(file=e.file, area=e.label, detail=detail))
        units.extend(Outlier(file=e.file, area=e.label, detail=flag) for flag in e.money_flags)
        unsigned.extend(Outlier(file=e.file, area=e.label, detail=gap) for gap in e.signoff_gaps)
    return Outliers(
        ambition_below_minimum=low,
        pooled_below_minimum=short,
        money_units_flagged=units,
        signoff_gaps=unsigned,
    )


def build_rollup(
    outcomes: Iterable[PlanEntry | FailedFile], framework: Framework, on: dt.date
) -> NationalRollup:
    """The national picture of every outcome (entries and failures) of a run."""
    from bettercare.gazetteer import gazetteer

    listed = list(outcomes)
    failed = sorted((o for o in listed if isinstance(o, FailedFile)), key=lambda f: f.file)
    entries, superseded = _latest([o for o in listed if isinstance(o, PlanEntry)])
    minimum_percent = float(framework.parameters["national_minimum_nel_reduction_percent"])
    year = framework.years[-1]
    categories = [category.name for category in framework.assurance.categories]
    councils = gazetteer().bodies("council")
    covered = {code for e in entries for code in e.covers}
    missing = [
        MissingArea(code=c.code, name=c.name, region=c.region, ons_region=c.ons_region)
        for c in councils
        if c.code not in covered
    ]
    by_region: dict[str, RegionCount] = {}
    for region in sorted({c.region for c in councils}):
        in_region = [e for e in entries if e.region == region]
        by_region[region] = RegionCount(
            region=region,
            areas=sum(1 for c in councils if c.region == region),
            plans=len(in_region),
            missing=sum(1 for m in missing if m.region == region),
            by_category={
                name: sum(1 for e in in_region if e.category == name) for name in categories
            },
        )
    unknown = [e for e in entries if e.region is None]
    if unknown:
        by_region[UNIDENTIFIED] = RegionCount(
            region=UNIDENTIFIED,
            areas=0,
            plans=len(unknown),
            missing=0,
            by_category={
                name: sum(1 for e in unknown if e.category == name) for name in categories
            },
        )
    return NationalRollup(
        framework=framework.id,
        assessed_on=on,
        year=year,
        thresholds={"national_minimum_nel_reduction_percent": minimum_percent},
        plans=len(entries),
        areas_covered=len(covered & {c.code for c in councils}),
        areas_in_gazetteer=len(councils),
        by_category={name: sum(1 for e in entries if e.category == name) for name in categories},
        by_region=by_region,
        money=_money(entries, framework.years),
        contributions=_contributions(entries),
        ambition=_ambition(entries, minimum_percent),
        risks=_risks(entries, list(framework.assurance.severities)),
        conditions=_conditions(entries, framework),
        outliers=_outliers(entries, minimum_percent),
        needs_review=[
            ReviewNeeded(file=e.file, area=e.label, fields=e.needs_review)
            for e in entries
            if e.needs_review
        ],
        missing_areas=missing,
        failed=failed,
        superseded=sorted(superseded, key=lambda s: s.file),
        rows=[_row(e, year) for e in entries],
        trajectories={e.file: e.nel_plan for e in entries if e.nel_plan},
    )
