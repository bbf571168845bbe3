"""The Part 2 workbook as typed data. Field names are the column ids of the framework's
`[[part2.sheets]]`; `cells` maps each value's JSON Pointer to its "Sheet!B7" address."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")
    row: int = Field(description="Worksheet row the values were read from.")


class ExpenditureLine(_Row):
    ref: str | None = None
    name: str | None = None
    area_of_spend: str | None = None
    commissioner: str | None = None
    provider: str | None = None
    source_of_funding: str | None = None
    spend_2014_15: int | None = None
    spend_2015_16: int | None = None


class BenefitLine(_Row):
    ref: str | None = None
    benefit: str | None = None
    metric: str | None = None
    units: str | None = None
    change_2015_16: float | None = None
    savings_2014_15: int | None = None
    savings_2015_16: int | None = None


class P4PQuarter(_Row):
    quarter: str | None = None
    baseline: float | None = None
    plan: float | None = None


class SupportingLine(_Row):
    metric: str | None = None
    name: str | None = None
    baseline: float | None = None
    plan: float | None = None
    rationale: str | None = None


class Part2(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str | None = None
    hwb: str | None = None
    local_authorities: str | None = None
    ccgs: str | None = None
    population: float | None = None
    population_65: float | None = None
    population_18: float | None = None
    expenditure: list[ExpenditureLine] = Field(default_factory=list)
    benefits: list[BenefitLine] = Field(default_factory=list)
    stated_reduction_percent: float | None = None
    stated_avoided: float | None = None
    p4p: list[P4PQuarter] = Field(default_factory=list)
    supporting: list[SupportingLine] = Field(default_factory=list)
    cells: dict[str, str] = Field(
        default_factory=dict, description="JSON Pointer of each value → 'Sheet!B7'."
    )
