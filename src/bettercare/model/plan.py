"""The typed plan: what `bettercare extract` emits. Its JSON is a published contract."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_jsonable_python

from bettercare.model.part2 import Part2

SCHEMA_VERSION = "1.3"

SignatoryKind = Literal["ccg", "council", "hwb"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    """Where a value was read: the document line (1-based), page if known, and its raw text."""

    line: int
    page: int | None = None
    text: str
    end_line: int | None = Field(
        default=None, description="Last line, for a value read from several lines."
    )


class ReadWarning(_Model):
    """Something that could not be read cleanly. `code` is stable (see `model.warnings`)."""

    code: str
    message: str
    line: int | None = None
    cell: str | None = Field(default=None, description="Workbook cell, as 'Sheet!B7'.")
    pointer: str | None = Field(
        default=None, description="JSON Pointer of the value this left empty, if any."
    )


ReadState = Literal["found", "blank", "absent", "unreadable"]


class FieldRead(_Model):
    """How one field of the form was read, so a missing value is never mistaken for a gap.

    `found`: a value was read; `blank`: the label is there but its value is empty or a
    template placeholder (positive evidence of a gap); `absent`: no label in the document;
    `unreadable`: something is there that could not be read (`reason` says what).
    """

    state: ReadState
    how: Literal["exact", "fuzzy", "position"] | None = Field(
        default=None, description="How the label was found: exactly, fuzzily, or by position."
    )
    reason: str | None = None
    needs_review: bool = Field(
        default=False, description="A person should confirm this value against the document."
    )


class Body(_Model):
    """An organisation the plan names, resolved against the gazetteer of 2014 bodies."""

    kind: Literal["council", "ccg", "hwb"]
    name: str = Field(description="As written in the plan.")
    official_name: str | None = None
    code: str | None = Field(default=None, description="ONS code (council) or ODS code (CCG).")
    region: str | None = Field(default=None, description="NHS England region (2014).")
    known: bool = Field(description="Found in the gazetteer; if not, flagged for review.")


class PooledBudget(_Model):
    """Pounds by financial year ("2014/15", "2015/16"); null where absent or a placeholder."""

    minimum: dict[str, int | None] = Field(default_factory=dict)
    total: dict[str, int | None] = Field(default_factory=dict)


class Signatory(_Model):
    on_behalf_of: SignatoryKind
    organisation: str | None = None
    name: str | None = None
    title: str | None = Field(
        default=None, description="Honorific kept out of the name (Dr, Cllr)."
    )
    honours: str | None = Field(default=None, description="Post-nominals kept out of the name.")
    position: str | None = None
    date: dt.date | None = None


class SignOffStage(_Model):
    """A row of a version and sign-off table ("v9 | HWBB | 19/04/16"): a stage of agreement."""

    text: str = Field(description="The row as written, without its date.")
    version: str | None = Field(default=None, description="A version number the row names.")
    on_behalf_of: SignatoryKind | None = Field(
        default=None, description="The body the row names, where it is an HWB, CCG or council."
    )
    submitted: bool = Field(default=False, description="The row records the submission.")
    date: dt.date | None = None


class RelatedDocument(_Model):
    number: str | None = None
    title: str
    synopsis: str | None = None


class InvestmentLine(_Model):
    """One line of an Annex 1 'Investment requirements' box, with the amount it states."""

    text: str
    amount: int | None = None
    line: int


class Scheme(_Model):
    ref: str | None = None
    name: str | None = None
    expected_benefits: str | None = None
    by_when: str | None = Field(default=None, description="Planned changes table (original).")
    annex1: bool = Field(default=False, description="An Annex 1 description exists.")
    annex_name: str | None = None
    objective: str | None = None
    overview: str | None = None
    delivery_chain: str | None = None
    evidence_base: str | None = None
    investment: int | None = Field(
        default=None, description="Pounds, where the plan states one amount for the scheme."
    )
    investment_lines: list[InvestmentLine] = Field(default_factory=list)
    impact: str | None = None
    feedback_loop: str | None = None
    success_factors: str | None = None


class Contribution(_Model):
    """A row of the contributions table: pounds by column id (see the framework)."""

    organisation: str
    holds_pooled_budget: bool | None = None
    amounts: dict[str, int | None] = Field(default_factory=dict)
    total: bool = Field(default=False, description="The table's own total row.")
    line: int


class RiskScore(_Model):
    impact: int | None = None
    likelihood: int | None = None
    score: int | None = None


class Risk(_Model):
    number: int | None = None
    description: str
    rating: str | None = Field(default=None, description="As written: High, Medium to High, …")
    mitigation: str | None = None
    gross: RiskScore | None = None
    net: RiskScore | None = None


class MetricValue(_Model):
    period: str
    value: float


class MetricSeries(_Model):
    id: str | None = Field(default=None, description="Framework metric id (NEL, DTOC, …).")
    label: str
    measure: str | None = None
    values: list[MetricValue] = Field(default_factory=list)

    def quarters(self, year: str) -> list[float | None]:
        """The values of Q1–Q4 of a financial year ("2015/16"), None where absent."""
        found = {value.period: value.value for value in self.values}
        return [found.get(f"{year} Q{quarter}") for quarter in range(1, 5)]


class Figure(_Model):
    """A number as written ("1125 (5.5%)"), with the count and percentage read from it."""

    text: str
    value: float | None = None
    percent: float | None = None


class ProviderCommentary(_Model):
    provider: str | None = None
    ceo: str | None = None
    signature: str | None = None
    figures: dict[str, Figure] = Field(default_factory=dict)


class PlanLine(_Model):
    """One line of the plan's own text, kept in the plan so it can be checked, quoted and
    re-assessed without its document. `raw` is given only where it differs from `text`."""

    number: int
    page: int | None = None
    text: str = Field(description="Normalised: look-alike letters folded, cells tab-separated.")
    raw_text: str | None = Field(default=None, description="As the file held it, if different.")

    @property
    def raw(self) -> str:
        return self.raw_text if self.raw_text is not None else self.text


class Section(_Model):
    id: str
    heading: str
    line: int


class Plan(_Model):
    schema_version: str = SCHEMA_VERSION
    framework: str
    template: str | None = Field(default=None, description="Template version id.")
    round: str | None = Field(
        default=None,
        description="A round of the fund the document is from, when no framework file "
        "holds it (the plan is extracted but not assessed).",
    )
    template_name: str | None = None
    start_line: int | None = None
    end_line: int | None = None
    area: str | None = Field(
        default=None, description="The plan's area as its details name it (later rounds)."
    )
    local_authorities: list[str] = Field(default_factory=list)
    ccgs: list[str] = Field(default_factory=list)
    district_councils: list[str] = Field(
        default_factory=list,
        description="District and borough councils of a two-tier area (2016/17 plan details).",
    )
    health_and_wellbeing_board: str | None = None
    boundary_differences: str | None = None
    date_agreed_at_hwb: dt.date | None = None
    date_submitted: dt.date | None = None
    pooled_budget: PooledBudget = Field(default_factory=PooledBudget)
    signatories: list[Signatory] = Field(default_factory=list)
    sign_off_stages: list[SignOffStage] = Field(
        default_factory=list,
        description="The rows of a version and sign-off table, where the plan has one.",
    )
    related_documents: list[RelatedDocument] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    narratives: dict[str, str] = Field(default_factory=dict)
    national_conditions: dict[str, str | None] = Field(default_factory=dict)
    schemes: list[Scheme] = Field(default_factory=list)
    contributions: list[Contribution] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    metrics: list[MetricSeries] = Field(default_factory=list)
    provider_commentary: list[ProviderCommentary] = Field(default_factory=list)
    bodies: list[Body] = Field(
        default_factory=list, description="The councils, CCGs and HWB named, with their codes."
    )
    fields: dict[str, FieldRead] = Field(
        default_factory=dict,
        description="JSON Pointer of each plan-details and sign-off field → how it was read.",
    )
    sources: dict[str, Source] = Field(
        default_factory=dict, description="JSON Pointer of each extracted value → its source."
    )
    text: list[PlanLine] = Field(
        default_factory=list,
        description="The plan's own lines (blank lines and page furniture left out), so a "
        "saved plan is checked and its evidence quoted with no document.",
    )
    part2: Part2 | None = Field(default=None, description="The Part 2 workbook, when read.")
    warnings: list[ReadWarning] = Field(default_factory=list)

    def value_at(self, pointer: str) -> Any:
        """The value at a JSON Pointer ("/signatories/0/date"), as the plan's JSON holds it;
        None where the path does not exist."""
        name, *rest = pointer.lstrip("/").split("/")
        if name not in type(self).model_fields:
            return None
        data: Any = to_jsonable_python(getattr(self, name))  # only the field looked at
        for part in rest:
            key = part.replace("~1", "/").replace("~0", "~")
            if isinstance(data, dict):
                data = data.get(key)
            elif isinstance(data, list) and key.isdigit() and int(key) < len(data):
                data = data[int(key)]
            else:
                return None
        return data

    def series(self, metric_id: str) -> MetricSeries | None:
        """The first metric table row of a framework metric (NEL, DTOC, …)."""
        return next((series for series in self.metrics if series.id == metric_id), None)
