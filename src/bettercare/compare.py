"""Two submissions of one area compared (draft → final → revised): values changed, each with
its source in both documents; sections added or emptied; findings opened and closed.

Values are matched by what they are, not where they sit: schemes by ref, risks by number,
sign-off blocks by kind and order, metrics by id and period, so a moved line is not a change.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bettercare.extract.context import pointer
from bettercare.model import CategoryName, Plan
from bettercare.pipeline import Assured

Scalar = str | int | float | bool | None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Quote(_Model):
    line: int
    text: str


class ValueChange(_Model):
    field: str = Field(description="What changed, in words: 'Scheme B investment'.")
    old: Scalar
    new: Scalar
    pounds: bool = Field(default=False, description="The values are amounts in pounds.")
    old_source: Quote | None = None
    new_source: Quote | None = None


class SectionChange(_Model):
    section: str
    change: Literal["added", "emptied", "rewritten"]
    old_words: int
    new_words: int


class FindingChange(_Model):
    id: str
    risk: str
    severity: str
    message: str


class Comparison(_Model):
    old_file: str
    new_file: str
    old_category: CategoryName
    new_category: CategoryName
    changes: list[ValueChange]
    sections: list[SectionChange]
    findings_opened: list[FindingChange]
    findings_closed: list[FindingChange]


# field label → (pointer in the plan, value)
Values = dict[str, tuple[str, Scalar]]
_POUNDS = ("Pooled budget", "investment", "Contribution")


def _values(plan: Plan) -> Values:
    values: Values = {}

    def put(label: str, where: str, value: Any) -> None:
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value) or None
        elif value is not None and not isinstance(value, str | int | float | bool):
            value = str(value)
        values[label] = (where, value)

    put("Local authorities", pointer("local_authorities"), plan.local_authorities)
    put("CCGs", pointer("ccgs"), plan.ccgs)
    put(
        "Health and Wellbeing Board",
        pointer("health_and_wellbeing_board"),
        plan.health_and_wellbeing_board,
    )
    put("Date agreed at HWB", pointer("date_agreed_at_hwb"), plan.date_agreed_at_hwb)
    put("Date submitted", pointer("date_submitted"), plan.date_submitted)
    for kind in ("minimum", "total"):
        for year, amount in getattr(plan.pooled_budget, kind).items():
            put(f"Pooled budget {kind} {year}", pointer("pooled_budget", kind, year), amount)
    seen: dict[str, int] = {}
    for index, signatory in enumerate(plan.signatories):
        seen[signatory.on_behalf_of] = seen.get(signatory.on_behalf_of, 0) + 1
        who = f"Sign-off {signatory.on_behalf_of} {seen[signatory.on_behalf_of]}"
        for name in ("organisation", "name", "position", "date"):
            put(f"{who} {name}", pointer("signatories", index, name), getattr(signatory, name))
    for index, scheme in enumerate(plan.schemes):
        key = f"Scheme {scheme.ref or index + 1}"
        put(f"{key} name", pointer("schemes", index, "name"), scheme.name)
        put(f"{key} investment", pointer("schemes", index, "investment"), scheme.investment)
        put(f"{key} Annex 1 description", pointer("schemes", index, "annex1"), scheme.annex1)
    for index, risk in enumerate(plan.risks):
        key = f"Risk {risk.number or index + 1}"
        put(f"{key} description", pointer("risks", index, "description"), risk.description)
        put(f"{key} rating", pointer("risks", index, "rating"), risk.rating)
        put(f"{key} mitigation", pointer("risks", index, "mitigation"), risk.mitigation)
        for side in ("gross", "net"):
            score = getattr(risk, side)
            put(
                f"{key} {side} score", pointer("risks", index, side), score.score if score else None
            )
    for index, series in enumerate(plan.metrics):
        for item in series.values:
            label = f"Metric {series.id or series.label[:30]} {item.period}"
            put(label, pointer("metrics", index, "values"), item.value)
    for index, row in enumerate(plan.contributions):
        for column, amount in row.amounts.items():
            put(
                f"Contribution {row.organisation} {column}", pointer("contributions", index), amount
            )
    for index, commentary in enumerate(plan.provider_commentary):
        for name, figure in commentary.figures.items():
            where = pointer("provider_commentary", index, "figures", name)
            put(f"Provider {commentary.provider or index + 1} {name}", where, figure.text)
    return values


def _quote(plan: Plan, where: str) -> Quote | None:
    source = plan.sources.get(where)
    return Quote(line=source.line, text=source.text) if source else None


def _sections(old: Plan, new: Plan) -> list[SectionChange]:
    changes = []
    for section in dict.fromkeys([*old.narratives, *new.narratives]):
        before = len((old.narratives.get(section) or "").split())
        after = len((new.narratives.get(section) or "").split())
        if before == 0 and after > 0:
            change: Literal["added", "emptied", "rewritten"] = "added"
        elif before > 0 and after == 0:
            change = "emptied"
        elif old.narratives.get(section) != new.narratives.get(section):
            change = "rewritten"
        else:
            continue
        changes.append(
            SectionChange(section=section, change=change, old_words=before, new_words=after)
        )
    return changes


def compare(old: Assured, new: Assured) -> Comparison:
    before, after = _values(old.plan), _values(new.plan)
    changes = []
    for label in dict.fromkeys([*before, *after]):
        old_where, old_value = before.get(label, ("", None))
        new_where, new_value = after.get(label, ("", None))
        if old_value == new_value:
            continue
        changes.append(
            ValueChange(
                field=label,
                old=old_value,
                new=new_value,
                old_source=_quote(old.plan, old_where) if old_value is not None else None,
                new_source=_quote(new.plan, new_where) if new_value is not None else None,
                pounds=any(word in label for word in _POUNDS),
            )
        )
    old_findings = {f.id: f for f in old.assessment.findings if not f.dismissed}
    new_findings = {f.id: f for f in new.assessment.findings if not f.dismissed}

    def listed(findings: dict[str, Any], ids: list[str]) -> list[FindingChange]:
        return [
            FindingChange(
                id=i,
                risk=findings[i].risk,
                severity=findings[i].severity,
                message=findings[i].message,
            )
            for i in ids
        ]

    return Comparison(
        old_file=old.report.file,
        new_file=new.report.file,
        old_category=old.assessment.category,
        new_category=new.assessment.category,
        changes=changes,
        sections=_sections(old.plan, new.plan),
        findings_opened=listed(new_findings, [i for i in new_findings if i not in old_findings]),
        findings_closed=listed(old_findings, [i for i in old_findings if i not in new_findings]),
    )
