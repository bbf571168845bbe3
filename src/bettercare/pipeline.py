"""The whole one-way flow for one file: document → plan → findings → assessment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bettercare.assess import assess
from bettercare.assess.review import load_review
from bettercare.calc import PlanFigures, plan_figures, with_unit_cost
from bettercare.check import check_file
from bettercare.frameworks import Framework, load_framework
from bettercare.model import Assessment, CheckReport, Plan


@dataclass(frozen=True)
class Assured:
    """A plan with its checks and assessment; `reviewed` only when an assurer's file was given."""

    plan: Plan
    report: CheckReport
    automatic: Assessment
    figures: PlanFigures
    framework: Framework
    reviewed: Assessment | None = None

    @property
    def assessment(self) -> Assessment:
        """The view that stands: the assurer's where there is one."""
        return self.reviewed or self.automatic

    def as_json(self) -> dict[str, object]:
        """The `assure` JSON contract (its schema: `AssureOutput`)."""
        output = AssureOutput(
            plan=self.plan,
            assessment=self.assessment,
            automatic_assessment=self.automatic if self.reviewed else None,
            figures=self.figures,
        )
        exclude = {"automatic_assessment"} if self.reviewed is None else set()
        return output.model_dump(mode="json", exclude=exclude)


class AssureOutput(BaseModel):
    """What `bettercare assure --format json` prints for one plan."""

    model_config = ConfigDict(extra="forbid")
    plan: Plan
    assessment: Assessment = Field(description="The view that stands: the assurer's if reviewed.")
    automatic_assessment: Assessment | None = Field(
        default=None, description="The machine's view, present when a review changed it."
    )
    figures: PlanFigures


def assure_file(
    path: str | Path,
    review: str | Path | None = None,
    on: dt.date | None = None,
    part2: str | Path | None = None,
    unit_cost: float | None = None,
    framework: Framework | None = None,
) -> Assured:
    """Read, extract, check and assess one Part 1 file — or a plan saved as JSON — with its
    Part 2 workbook if given (raises `InputError` on unreadable input). The framework is the
    one given, else the one the plan's round was recognised as."""
    on = on or dt.date.today()
    plan, report = check_file(path, part2, framework)
    framework = with_unit_cost(framework or load_framework(plan.framework), unit_cost)
    automatic = assess(report, framework, on)
    reviewed = None
    if review is not None:
        decisions = load_review(review, report.findings, framework.assurance.statuses)
        reviewed = assess(
            report,
            framework,
            on,
            decisions.overrides(),
            reviewed_by=decisions.reviewer,
            updates=decisions.actions,
        )
    return Assured(plan, report, automatic, plan_figures(plan, framework), framework, reviewed)
