"""Findings, the checklist and the assessment: what `check` and `assure` emit.

A finding is one thing a check saw, with the plan lines that show it. The assessment groups
findings by the review's risk codes, decides the category, and lists conditions and actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["Showstopper", "Top risk", "Further risk"]
CategoryName = Literal[
    "Approved", "Approved with support", "Approved subject to conditions", "Not approved"
]
SEVERITY_ORDER: dict[str, int] = {"Showstopper": 0, "Top risk": 1, "Further risk": 2}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """A line of the plan's document (or a workbook cell), quoted as it was read."""

    line: int = Field(description="Document line, or worksheet row for a cell.")
    page: int | None = None
    cell: str | None = Field(default=None, description="Workbook cell, as 'Sheet!B7'.")
    text: str


class Finding(_Model):
    """One thing a check saw. `id` is stable across runs (code, then subject) for overrides."""

    id: str
    code: str
    subject: str | None = Field(default=None, description="What it is about: a scheme ref, …")
    title: str
    severity: Severity
    risk: str = Field(description="The review's risk code (N1, F8, A9, …).")
    conditions: list[str] = Field(default_factory=list)
    message: str
    section: str | None = None
    action: str
    owner: str
    evidence: list[Evidence] = Field(default_factory=list)
    rests_on: list[str] = Field(
        default_factory=list, description="JSON Pointers of the plan values it rests on."
    )
    confidence: Literal["high", "low"] = Field(
        default="high",
        description="low: it rests on a value read with low confidence or marked for review "
        "(see `doubts`); such a finding never alone makes a showstopper.",
    )
    doubts: list[str] = Field(
        default_factory=list, description="The values of `rests_on` to confirm by hand."
    )
    dismissed: bool = False
    review_note: str | None = Field(default=None, description="The assurer's reason, if any.")


class ChecklistEntry(_Model):
    section: str
    label: str
    complete: bool
    line: int | None = None


class CheckReport(_Model):
    """What `bettercare check` emits: every finding and the completeness checklist."""

    file: str
    framework: str
    template: str | None
    findings: list[Finding]
    checklist: list[ChecklistEntry]

    @property
    def showstoppers(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Showstopper" and not f.dismissed]


class AssessedRisk(_Model):
    """One risk of the review: a code, its worst severity, and the findings behind it."""

    code: str
    title: str
    area: str
    severity: Severity
    reasoning: str
    evidence: list[Evidence]
    findings: list[str] = Field(description="Ids of the findings behind this risk.")
    conditions: list[str] = Field(default_factory=list)


class Condition(_Model):
    code: str
    text: str


class Action(_Model):
    """One row of the action plan, in the review's columns."""

    priority: int
    area: str
    severity: Severity
    risk: str
    title: str
    reasoning: str
    discussion_notes: str = ""
    status: str
    action: str
    owner: str
    support: str = ""
    target_date: dt.date
    response: str = Field(default="", description="The plan lead's answer to the action.")


class Override(_Model):
    """An assurer's decision: dismiss or re-grade a finding, or set the category."""

    target: str = Field(description="A finding id or code, or 'category'.")
    dismiss: bool = False
    severity: Severity | None = None
    category: CategoryName | None = None
    reason: str


class ActionUpdate(_Model):
    """An assurer's or HWB's progress on one action-plan row, found by its risk code."""

    risk: str
    status: str | None = None
    discussion_notes: str | None = None
    support: str | None = None
    target_date: dt.date | None = None
    response: str | None = Field(default=None, description="The plan lead's answer.")


class ThresholdTest(_Model):
    """One threshold of a category rule, tested against the assessed risks."""

    name: Literal["showstoppers", "material", "top_risks", "unmitigated", "risks"]
    label: str = Field(description="What is counted, as the rules document names it.")
    count: int
    least: int = Field(description="The rule applies when count >= least.")
    met: bool
    risks: list[str] = Field(default_factory=list, description="Risk codes counted.")


class CategoryStep(_Model):
    """Why the plan is, or is not, in one category: one per category rule."""

    rule: str
    category: CategoryName
    relation: Literal["placed", "better", "worse"] = Field(
        description="placed: the category the rules chose; better/worse: another category, "
        "better or worse than the one chosen."
    )
    applies: bool = Field(description="Whether this rule's own thresholds are met.")
    because: str
    risks: list[str] = Field(
        default_factory=list,
        description="The risk codes that decide this step: those meeting the chosen rule's "
        "thresholds (placed, better), or those counted short of a threshold (worse).",
    )
    tests: list[ThresholdTest] = Field(default_factory=list)


class Assessment(_Model):
    category: CategoryName
    reason: str
    rule: str = Field(description="The category rule that decided it, or 'review'.")
    explanation: list[CategoryStep] = Field(
        default_factory=list,
        description="Placed in one category because …, not in each other because … "
        "(the category rules' view, before any category an assurer set).",
    )
    assessed_on: dt.date
    risks: list[AssessedRisk]
    conditions: list[Condition]
    actions: list[Action]
    checklist: list[ChecklistEntry]
    findings: list[Finding]
    reviewed_by: str | None = None
    overrides: list[Override] = Field(default_factory=list)
    action_updates: list[ActionUpdate] = Field(default_factory=list)
