"""Framework definitions: every rule of a BCF year (labels, sections, metrics, parameters) as data.

A framework is a TOML file in this folder. Code asks the loaded `Framework` for patterns and
parameters instead of spelling them itself, so a later BCF year is a new file.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bettercare.errors import InputError
from bettercare.model.assessment import Severity

DEFAULT_FRAMEWORK = "bcf-2014"


T = TypeVar("T")


def _by_key(items: list[T], attribute: str, key: str) -> T:
    """The item whose `attribute` is `key` (KeyError if none): codes and ids are unique."""
    for item in items:
        if getattr(item, attribute) == key:
            return item
    raise KeyError(key)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


class _Rules(BaseModel):
    """Every part of a framework: read once from its TOML, never changed."""

    model_config = ConfigDict(frozen=True)


class Pattern(_Rules):
    """A named regular expression (section heading, field label, metric label)."""

    id: str
    pattern: str

    @property
    def regex(self) -> re.Pattern[str]:
        return compiled(self.pattern)


class Template(_Rules):
    id: str
    name: str
    sections: list[Pattern]
    narratives: list[Pattern]


class Metric(_Rules):
    id: str
    name: str
    unit: str
    match: str
    p4p: bool = False
    better: Literal["lower", "higher"] | None = None
    missing_risk: str
    max_improvement_percent: float | None = Field(
        default=None, description="A one-year improvement above this is over-ambitious."
    )
    min_improvement_percent: float | None = Field(
        default=None, description="A one-year improvement below this is no ambition."
    )


class VersionMarker(_Rules):
    pattern: str
    template: str


class OtherRound(_Rules):
    round: str
    pattern: str


class Locate(_Rules):
    start: list[str]
    end: list[str]
    boundaries: list[str]
    version_markers: list[VersionMarker]
    round_window: int = 3000
    other_rounds: list[OtherRound] = Field(default_factory=list)


class FormField(_Rules):
    """A field of the plan-details form: its labels as plain words, and how its value is read."""

    id: str
    kind: Literal["organisations", "text", "date", "money"]
    labels: list[str]
    body: Literal["council", "ccg"] | None = None
    anywhere: bool = False
    start_labels: list[str] = Field(default_factory=list)
    max_words: int | None = None
    cell_labels: list[str] = Field(default_factory=list)


class SignoffKind(_Rules):
    kind: Literal["ccg", "council", "hwb"]
    name: str = Field(description="How a finding names a block of this kind.")
    words: list[str]


class SignoffRole(_Rules):
    role: Literal["organisation", "name", "signature", "position", "date"]
    labels: list[str]


class SignoffForm(_Rules):
    start: list[str]
    block: list[str]
    named_block: list[str]
    kinds: list[SignoffKind]
    roles: list[SignoffRole]
    chair: list[str]
    chair_position: str
    position_words: list[str]


class Form(_Rules):
    """The plan-details and sign-off form, found by its labels (see `extract.form`)."""

    fuzzy_ratio: float
    fuzzy_from: int
    start: list[str]
    end: list[str]
    pooled_budget_low: int
    pooled_budget_high: int
    fields: list[FormField]
    signoff: SignoffForm


class Schemes(_Rules):
    list_header: str
    changes_header: str
    ref: str
    annex_name: str
    annex_ref_label: str
    annex_fields: list[Pattern]
    investment_prompt: str


class RiskHeader(_Rules):
    kind: str
    pattern: str


class ContributionColumn(Pattern):
    label: str | None = None
    year: str | None = None
    against: Literal["minimum", "total"] | None = None


class Contributions(_Rules):
    header: str
    total_row: str
    columns: list[ContributionColumn]


class Check(_Rules):
    """One entry of the check catalogue: what a finding of this code means for the review."""

    code: str
    title: str
    severity: Severity
    risk: str
    conditions: list[str]
    message: str
    action: str
    action_many: str | None = None
    owner: str


class RiskCode(_Rules):
    code: str
    title: str

    @property
    def area(self) -> str:
        return self.code[0]


class Condition(_Rules):
    code: str
    text: str


class Category(_Rules):
    name: str
    meaning: str


class CategoryRule(_Rules):
    """The first rule any of whose thresholds is met decides the category (none: always)."""

    id: str
    category: str
    reason: str
    showstoppers: int | None = None
    material: int | None = None
    material_conditions: list[str] = Field(default_factory=list)
    top_risks: int | None = None
    unmitigated: int | None = None
    risks: int | None = None


class ChecklistItem(_Rules):
    section: str
    label: str
    pointer: str
    risk: str
    templates: list[str] = Field(default_factory=list)


class Assurance(_Rules):
    severities: list[Severity]
    statuses: list[str]
    areas: dict[str, str]
    target_days: dict[Severity, int]
    parameters: dict[str, float | list[str]]
    patterns: dict[str, str]
    categories: list[Category]
    category_rules: list[CategoryRule]
    risk_codes: list[RiskCode]
    conditions: list[Condition]
    condition_narratives: dict[str, list[str]]
    evidence_narratives: dict[str, str]
    checklist: list[ChecklistItem]
    doubtful_showstopper: Severity = Field(
        description="The severity a showstopper is held at while it rests on a value read "
        "with low confidence."
    )

    def number(self, name: str) -> float:
        value = self.parameters[name]
        if not isinstance(value, float | int):
            raise TypeError(f"assurance parameter {name} is not a number")
        return value

    def words(self, name: str) -> list[str]:
        value = self.parameters[name]
        if not isinstance(value, list):
            raise TypeError(f"assurance parameter {name} is not a list")
        return value

    def risk_code(self, code: str) -> RiskCode:
        return _by_key(self.risk_codes, "code", code)


CellKind = Literal["text", "choice", "money", "number", "change", "percent"]


class Part2Cell(_Rules):
    """A labelled input of the Part 2 workbook: a field or a table column."""

    id: str
    label: str
    pattern: str
    kind: CellKind
    required: bool = False
    choices: list[str] = Field(default_factory=list)


class Part2Sheet(_Rules):
    id: str
    name: str
    pattern: str
    fields: list[Part2Cell] = Field(default_factory=list)
    columns: list[Part2Cell] = Field(default_factory=list)
    rows: list[str] = Field(default_factory=list, description="First-column values prefilled.")


class Part2Rules(_Rules):
    version: str
    benefit_tolerance_percent: float
    sheets: list[Part2Sheet]

    def sheet(self, sheet_id: str) -> Part2Sheet:
        return _by_key(self.sheets, "id", sheet_id)


class Monitoring(_Rules):
    metric_amber_percent: float
    spend_amber_percent: float
    spend_red_percent: float


class Framework(_Rules):
    """One BCF year's rules, loaded from `frameworks/<id>.toml`."""

    id: str
    name: str
    years: list[str]
    parameters: dict[str, float]
    parameter_sources: dict[str, str]
    locate: Locate
    placeholders: list[str]
    organisations: dict[str, list[str]]
    titles: list[str]
    honours: list[str]
    form: Form
    templates: list[Template]
    prompts: list[str]
    national_condition_narratives: list[str]
    schemes: Schemes
    risk_headers: list[RiskHeader] = Field(default_factory=list)
    metrics: list[Metric]
    provider_commentary: list[Pattern]
    contributions: Contributions
    part2: Part2Rules
    monitoring: Monitoring
    assurance: Assurance
    checks: list[Check]

    @model_validator(mode="after")
    def _codes_known(self) -> Framework:
        """Every check names a known risk code and condition, so a typo fails at load."""
        risks = {risk.code for risk in self.assurance.risk_codes}
        conditions = {condition.code for condition in self.assurance.conditions}
        named = [check.risk for check in self.checks]
        named += [item.risk for item in self.assurance.checklist]
        named += [metric.missing_risk for metric in self.metrics]
        unknown = set(named) - risks
        for check in self.checks:
            unknown |= set(check.conditions) - conditions
        for codes in self.assurance.condition_narratives.values():
            unknown |= set(codes) - conditions
        if unknown:
            raise ValueError(f"unknown risk or condition codes: {sorted(unknown)}")
        return self

    @property
    def p4p_metric(self) -> str:
        """The id of the metric payment for performance is paid on (NEL in 2014)."""
        return next(metric.id for metric in self.metrics if metric.p4p)

    def check(self, code: str) -> Check:
        return _by_key(self.checks, "code", code)

    @field_validator("templates")
    @classmethod
    def _at_least_one_template(cls, value: list[Template]) -> list[Template]:
        if not value:
            raise ValueError("a framework needs at least one template")
        return value

    def template(self, template_id: str) -> Template:
        return _by_key(self.templates, "id", template_id)


def _from_toml(data: dict[str, Any]) -> Framework:
    return Framework(
        id=data["id"],
        name=data["name"],
        years=data["years"],
        parameters=data["parameters"],
        parameter_sources=data["parameter_sources"],
        locate=data["locate"],
        placeholders=data["placeholders"]["patterns"],
        organisations=data["organisations"],
        titles=data["names"]["titles"],
        honours=data["names"]["honours"],
        form=data["form"],
        templates=data["templates"],
        prompts=data["prompts"]["patterns"],
        national_condition_narratives=data["national_conditions"]["narratives"],
        schemes=data["schemes"],
        risk_headers=data["risks"]["headers"],
        metrics=data["metrics"],
        provider_commentary=data["provider_commentary"]["fields"],
        contributions=data["contributions"],
        part2=data["part2"],
        monitoring=data["monitoring"],
        assurance=data["assurance"],
        checks=data["checks"],
    )


def shipped_frameworks() -> list[str]:
    """The ids of the frameworks shipped with bettercare (one TOML file per round)."""
    folder = resources.files(__package__)
    return sorted(
        item.name.removesuffix(".toml") for item in folder.iterdir() if item.name.endswith(".toml")
    )


@cache
def load_framework(name: str = DEFAULT_FRAMEWORK) -> Framework:
    """Load a framework by its id (a shipped TOML file's stem) or from a TOML file's path.

    Raises `InputError` (one line: which file, what is wrong) for an unknown name or a file
    that is not a valid framework.
    """
    if re.fullmatch(r"[a-z0-9-]+", name) and name in shipped_frameworks():
        source = resources.files(__package__).joinpath(f"{name}.toml")
        shown, text = f"frameworks/{name}.toml", source.read_text(encoding="utf-8")
    elif name.endswith(".toml") or "/" in name:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(name, f"the framework file cannot be read ({error})") from None
        shown = name
    else:
        known = ", ".join(shipped_frameworks())
        raise InputError(name, f"no such framework (shipped: {known}; or give a .toml path)")
    try:
        return _from_toml(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise InputError(shown, f"not valid TOML ({error})") from None
    except KeyError as error:
        raise InputError(shown, f"not a framework: it has no {error} table") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "framework"
        raise InputError(
            shown, f"not a valid framework: {where}: {first['msg']} ({error.error_count()} errors)"
        ) from None


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """Compile a framework pattern once (case-insensitive)."""
    return _compile(pattern)
