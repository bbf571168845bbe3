"""Framework definitions: every rule of a BCF year (labels, sections, metrics, parameters) as data.

A framework is a TOML file in this folder. Code asks the loaded `Framework` for patterns and
parameters instead of spelling them itself, so a later BCF year is a new file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
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


def _needed(part: T | None, framework_id: str, name: str) -> T:
    if part is None:
        raise LookupError(f"framework {framework_id} has no [{name}] rules")
    return part


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
    delayed_days_per_100k_18: bool = Field(
        default=False,
        description="Its rate is delayed days per 100,000 aged 18+, so a count of days follows "
        "from the Part 2 population aged 18+.",
    )


class VersionMarker(_Rules):
    pattern: str
    template: str


class Marker(_Rules):
    """A mark of a round in a document's opening. A `weak` mark (words a later round may
    repeat, "Integration and Better Care Fund") counts only where no strong one is found."""

    pattern: str
    weak: bool = False


class Recognise(_Rules):
    """How a document of this round is recognised from its own opening (see `recognise`)."""

    round: str
    markers: list[Marker]


class Round(Recognise):
    """A round of the fund no framework file holds: recognised, never assessed."""


class Locate(_Rules):
    start: list[str]
    end: list[str]
    boundaries: list[str] = Field(default_factory=list)
    version_markers: list[VersionMarker] = Field(default_factory=list)
    # The longest line, in characters, taken for a section or narrative heading.
    heading_max: int = 140


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


class StageTable(_Rules):
    """A version and sign-off table ("Version | Sign Off | Date"): each row a stage of
    agreement (a body, a date), read into `Plan.sign_off_stages` (see `extract.stages`)."""

    header: list[str]
    date: str
    version: str
    row_max_words: int
    kinds: list[SignoffKind]
    submitted: list[str]


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
    stages: StageTable | None = None


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
    sets_conditions: bool = Field(
        default=False, description="A plan placed here is set the conditions its risks bring."
    )


THRESHOLDS: dict[str, str] = {
    "showstoppers": "Showstopper risks",
    "material": "Top risks bringing a material condition ({codes})",
    "top_risks": "Top risks",
    "unmitigated": "risk-log entries without mitigation",
    "risks": "risks of any severity",
}
"""Each threshold of a category rule, in the order they are tested, and how it is named."""


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
    why: dict[str, str] = Field(
        default_factory=dict,
        description="The reason for each threshold's value, by threshold name ('always' for a "
        "rule without one): shown in the rules document.",
    )

    @model_validator(mode="after")
    def _why_named(self) -> CategoryRule:
        unknown = set(self.why) - {*THRESHOLDS, "always"}
        if unknown:
            raise ValueError(f"rule {self.id}: why names no threshold: {sorted(unknown)}")
        return self


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
    recognise: Recognise | None = None
    parameters: dict[str, float] = Field(default_factory=dict)
    parameter_sources: dict[str, str] = Field(default_factory=dict)
    locate: Locate
    placeholders: list[str]
    organisations: dict[str, list[str]]
    titles: list[str]
    honours: list[str]
    form: Form
    templates: list[Template]
    prompts: list[str] = Field(default_factory=list)
    national_condition_narratives: list[str]
    # Parts a later round has no counterpart of are None (or empty): the extractor and the
    # checks leave them out for that round.
    schemes: Schemes | None = None
    risk_headers: list[RiskHeader] = Field(default_factory=list)
    metrics: list[Metric]
    provider_commentary: list[Pattern] = Field(default_factory=list)
    contributions: Contributions | None = None
    part2: Part2Rules | None = None
    monitoring: Monitoring | None = None
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
    def p4p_metric(self) -> str | None:
        """The id of the metric payment for performance is paid on (NEL in 2014); None in a
        round without payment for performance."""
        return next((metric.id for metric in self.metrics if metric.p4p), None)

    def check(self, code: str) -> Check:
        return _by_key(self.checks, "code", code)

    # The parts a later round may lack, for code that runs only where the part exists (it
    # checks the optional field first): a LookupError names a part the framework lacks.
    @property
    def scheme_rules(self) -> Schemes:
        return _needed(self.schemes, self.id, "schemes")

    @property
    def contribution_rules(self) -> Contributions:
        return _needed(self.contributions, self.id, "contributions")

    @property
    def part2_rules(self) -> Part2Rules:
        return _needed(self.part2, self.id, "part2")

    @property
    def monitoring_rules(self) -> Monitoring:
        return _needed(self.monitoring, self.id, "monitoring")

    @field_validator("templates")
    @classmethod
    def _at_least_one_template(cls, value: list[Template]) -> list[Template]:
        if not value:
            raise ValueError("a framework needs at least one template")
        return value

    def template(self, template_id: str) -> Template:
        return _by_key(self.templates, "id", template_id)


def _from_toml(data: dict[str, Any]) -> Framework:
    parts = ("recognise", "parameters", "parameter_sources", "schemes", "contributions")
    optional: dict[str, Any] = {
        key: data[key] for key in (*parts, "part2", "monitoring") if key in data
    }
    return Framework(
        id=data["id"],
        name=data["name"],
        years=data["years"],
        locate=data["locate"],
        placeholders=data["placeholders"]["patterns"],
        organisations=data["organisations"],
        titles=data["names"]["titles"],
        honours=data["names"]["honours"],
        form=data["form"],
        templates=data["templates"],
        prompts=data.get("prompts", {}).get("patterns", []),
        national_condition_narratives=data["national_conditions"]["narratives"],
        risk_headers=data.get("risks", {}).get("headers", []),
        metrics=data["metrics"],
        provider_commentary=data.get("provider_commentary", {}).get("fields", []),
        assurance=data["assurance"],
        checks=data["checks"],
        **optional,
    )


# A file of this folder holding the marks of rounds no framework file holds (not a framework:
# its name is no framework id).
_UNHELD_ROUNDS = "_rounds.toml"


def _shipped() -> Any:
    return resources.files(__package__)


def framework_ids() -> list[str]:
    """The ids of the frameworks shipped with bettercare, oldest round first."""
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in _shipped().iterdir()
        if entry.name.endswith(".toml") and re.fullmatch(r"[a-z0-9-]+\.toml", entry.name)
    )


@cache
def load_framework(name: str = DEFAULT_FRAMEWORK) -> Framework:
    """Load a framework by its id (a shipped TOML file's stem) or from a TOML file's path.

    Raises `InputError` (one line: which file, what is wrong) for an unknown name or a file
    that is not a valid framework.
    """
    if re.fullmatch(r"[a-z0-9-]+", name) and name in framework_ids():
        source = _shipped().joinpath(f"{name}.toml")
        shown, text = f"frameworks/{name}.toml", source.read_text(encoding="utf-8")
    elif name.endswith(".toml") or "/" in name:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(name, f"the framework file cannot be read ({error})") from None
        shown = name
    else:
        known = ", ".join(framework_ids())
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
def _rounds_file() -> dict[str, Any]:
    return tomllib.loads(_shipped().joinpath(_UNHELD_ROUNDS).read_text(encoding="utf-8"))


def unheld_rounds() -> list[Round]:
    """Rounds of the fund recognised from a document's opening that no framework holds."""
    return [Round.model_validate(item) for item in _rounds_file()["rounds"]]


def opening_window() -> int:
    """How many characters of a document's opening are searched for the marks of its round."""
    return int(_rounds_file()["window"])


# How many of a document's first lines make its opening (a flattened page is one line).
_OPENING_LINES = 200


@dataclass(frozen=True)
class Recognised:
    """The round a document's opening names: `framework` when a file holds it, else
    `round` alone (a round no file holds); both None when nothing names one."""

    framework: str | None
    round: str | None
    marker: str | None = None


def opening_text(lines: list[str]) -> str:
    """A document's opening: the first `opening_window()` characters of its first lines."""
    return " ".join(lines[:_OPENING_LINES])[: opening_window()]


def recognise(opening: str) -> Recognised:
    """The round of the fund a document's opening names. Of the marks of every round (each
    framework's `[recognise]`, and the rounds no file holds), the strong mark found first in
    the text wins; weak marks count only where no strong mark is found."""
    candidates: list[tuple[Recognise, str | None]] = []
    for held in framework_ids():
        marks = load_framework(held).recognise
        if marks is not None:
            candidates.append((marks, held))
    candidates += [(other, None) for other in unheld_rounds()]
    for weak in (False, True):
        best: tuple[int, Recognised] | None = None
        for marks, framework_id in candidates:
            for marker in marks.markers:
                if marker.weak is not weak:
                    continue
                found = compiled(marker.pattern).search(opening)
                if found and (best is None or found.start() < best[0]):
                    round_name = None if framework_id else marks.round
                    best = (found.start(), Recognised(framework_id, round_name, marker.pattern))
        if best is not None:
            return best[1]
    return Recognised(None, None)


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """Compile a framework pattern once (case-insensitive)."""
    return _compile(pattern)
