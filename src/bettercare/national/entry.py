"""One plan as the national roll-up needs it: a small record built once from the plan's
assessment, so that thousands of plans roll up (and are cached) without keeping whole plans.

Every figure is the plan's own (`calc.plan_figures`, the extracted pooled budget and
contributions table); the area, its code and its regions come from the gazetteer.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from bettercare.pipeline import Assured

ENTRY_VERSION = "1"
"""Bumped whenever `PlanEntry` changes, so entries cached by an older version are not read."""

MONEY_FLAGS = ("money-implausible", "money-unit-assumed", "money-invalid", "money-ocr")
"""Read warnings that put a plan's money (its units or its reading) in doubt."""

ContributorKind = Literal["council", "ccg", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RiskEntry(_Model):
    code: str
    title: str
    severity: str


class PlanEntry(_Model):
    """One assured plan, reduced to what the national picture counts."""

    file: str = Field(description="The file as the run named it (its path inside the folder).")
    sha256: str = Field(description="Content hash of the file (and its Part 2, if any).")
    part2: bool = False
    area_code: str | None = Field(default=None, description="ONS code of the HWB area.")
    area: str | None = Field(default=None, description="The area's name in the gazetteer.")
    region: str | None = Field(default=None, description="NHS England region (2014).")
    ons_region: str | None = None
    covers: list[str] = Field(
        default_factory=list, description="ONS codes of every council the plan names."
    )
    hwb: str | None = Field(default=None, description="The board as the plan writes it.")
    date_submitted: dt.date | None = None
    category: str
    category_reason: str
    pooled_minimum: dict[str, int | None] = Field(default_factory=dict)
    pooled_total: dict[str, int | None] = Field(default_factory=dict)
    contributions: dict[ContributorKind, dict[str, int]] = Field(
        default_factory=dict,
        description="Sums of the contributions table's columns by kind of organisation.",
    )
    nel_baseline: float | None = None
    nel_planned: float | None = None
    admissions_avoided: float | None = None
    reduction_percent: float | None = Field(
        default=None, description="Planned reduction in non-elective admissions, 2 decimals."
    )
    meets_minimum: bool | None = None
    unit_cost: float
    p4p_pot: float | None = None
    nel_plan: dict[str, float] = Field(
        default_factory=dict, description="Planned NEL admissions by quarter ('2015/16 Q1')."
    )
    population: float | None = None
    risks: list[RiskEntry] = Field(default_factory=list)
    conditions_not_evidenced: list[str] = Field(
        default_factory=list,
        description="Condition codes (1a–4c) a standing finding says are not evidenced.",
    )
    conditions_set: list[str] = Field(default_factory=list)
    signoff_gaps: list[str] = Field(default_factory=list)
    money_flags: list[str] = Field(default_factory=list)
    needs_review: list[str] = Field(
        default_factory=list, description="JSON Pointers of fields a person should confirm."
    )

    @property
    def label(self) -> str:
        """How pages name the plan: its area, else its board, else its file."""
        return self.area or self.hwb or self.file

    @property
    def funded_year(self) -> str | None:
        """The last year the plan states money for (2015/16 in the 2014 round)."""
        years = sorted({*self.pooled_minimum, *self.pooled_total})
        return years[-1] if years else None


class FailedFile(_Model):
    """A file the run could not assure, with its one-line reason."""

    file: str
    sha256: str | None = None
    reason: str


def _contributor(organisation: str) -> ContributorKind:
    from bettercare.gazetteer import gazetteer

    body = gazetteer().resolve(organisation)
    if body is not None:
        return body.kind
    words = organisation.casefold()
    if "ccg" in words or "clinical commissioning" in words:
        return "ccg"
    if "council" in words or "borough" in words or "county" in words:
        return "council"
    return "other"


def _signoff_gaps(assured: Assured) -> list[str]:
    gaps = []
    for signatory in assured.plan.signatories:
        missing = [
            part
            for part, value in (("name", signatory.name), ("date", signatory.date))
            if value is None
        ]
        if missing:
            who = signatory.organisation or signatory.on_behalf_of
            gaps.append(f"{signatory.on_behalf_of} block ({who}): no {' or '.join(missing)}")
    kinds = {signatory.on_behalf_of for signatory in assured.plan.signatories}
    for kind in ("ccg", "council", "hwb"):
        if kind not in kinds:
            gaps.append(f"no {kind} sign-off block")
    return gaps


def plan_entry(assured: Assured, file: str, sha256: str, part2: bool = False) -> PlanEntry:
    """The national record of one assured plan."""
    from bettercare.gazetteer import gazetteer

    plan, figures, assessment = assured.plan, assured.figures, assured.assessment
    places = gazetteer()
    councils = [b for b in plan.bodies if b.kind in ("council", "hwb") and b.code]
    covers = sorted({b.code for b in councils if b.code})
    first = next(
        (places.by_code(b.code) for b in councils if b.code and places.by_code(b.code)), None
    )
    contributions: dict[ContributorKind, dict[str, int]] = {}
    for row in plan.contributions:
        if row.total:
            continue
        sums = contributions.setdefault(_contributor(row.organisation), {})
        for column, amount in row.amounts.items():
            if amount is not None:
                sums[column] = sums.get(column, 0) + amount
    standing = [f for f in assessment.findings if not f.dismissed]
    year = figures.year
    nel = assured.framework.p4p_metric
    series = plan.series(nel) if nel else None
    nel_plan = {
        v.period: v.value for v in (series.values if series else []) if v.period.startswith(year)
    }
    if plan.part2 and len(plan.part2.p4p) == 4 and all(q.plan for q in plan.part2.p4p):
        nel_plan = {f"{year} Q{n}": q.plan or 0.0 for n, q in enumerate(plan.part2.p4p, 1)}
    money_doubts = [f"{w.code}: {w.message}" for w in plan.warnings if w.code in MONEY_FLAGS] + [
        f"needs review: {pointer}"
        for pointer, read in plan.fields.items()
        if read.needs_review and pointer.startswith("/pooled_budget")
    ]
    reduction = round(-figures.change_percent, 2) if figures.change_percent is not None else None
    return PlanEntry(
        file=file,
        sha256=sha256,
        part2=part2,
        area_code=first.code if first else None,
        area=first.name if first else None,
        region=first.region if first else None,
        ons_region=first.ons_region if first else None,
        covers=covers,
        hwb=plan.health_and_wellbeing_board,
        date_submitted=plan.date_submitted,
        category=assessment.category,
        category_reason=assessment.reason,
        pooled_minimum=dict(plan.pooled_budget.minimum),
        pooled_total=dict(plan.pooled_budget.total),
        contributions=contributions,
        nel_baseline=figures.nel_baseline,
        nel_planned=figures.nel_planned,
        admissions_avoided=figures.admissions_avoided,
        reduction_percent=reduction,
        meets_minimum=figures.meets_minimum,
        unit_cost=figures.unit_cost,
        p4p_pot=figures.p4p_pot,
        nel_plan=nel_plan,
        population=figures.population,
        risks=[
            RiskEntry(code=r.code, title=r.title, severity=r.severity) for r in assessment.risks
        ],
        conditions_not_evidenced=sorted({c for f in standing for c in f.conditions}),
        conditions_set=[c.code for c in assessment.conditions],
        signoff_gaps=_signoff_gaps(assured),
        money_flags=money_doubts,
        needs_review=sorted(p for p, read in plan.fields.items() if read.needs_review),
    )
