"""Assessment like the 2014 national review: findings grouped into the review's risks, the
category decided by the framework's category rules, conditions and an action plan.

An assurer's review (see `assess.review`) can dismiss or re-grade findings and set the
category; `assess` is then run again on the reviewed findings, so both views are kept.
"""

from __future__ import annotations

import datetime as dt

from bettercare.frameworks import CategoryRule, Framework
from bettercare.model import (
    SEVERITY_ORDER,
    Action,
    ActionUpdate,
    AssessedRisk,
    Assessment,
    CheckReport,
    Condition,
    Evidence,
    Finding,
    Override,
)

_AREA_ORDER = {"N": 0, "F": 1, "A": 2}
_LISTED = 4  # risks named in a category reason before "and N more"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _risks(findings: list[Finding], framework: Framework) -> list[AssessedRisk]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        if not finding.dismissed:
            grouped.setdefault(finding.risk, []).append(finding)
    risks = []
    limit = int(framework.assurance.number("max_evidence")) * 2
    for code, found in grouped.items():
        members = sorted(found, key=lambda f: SEVERITY_ORDER[f.severity])  # worst first
        catalogue = framework.assurance.risk_code(code)
        severity = members[0].severity
        evidence: dict[tuple[str, int], Evidence] = {}  # a workbook row is not a document line
        for finding in members:
            for item in finding.evidence:
                evidence.setdefault((item.cell or "", item.line), item)
        conditions = [c for f in members if SEVERITY_ORDER[f.severity] <= 1 for c in f.conditions]
        risks.append(
            AssessedRisk(
                code=code,
                title=catalogue.title,
                area=framework.assurance.areas[catalogue.area],
                severity=severity,
                reasoning=" ".join(_unique([f.message for f in members])),
                evidence=sorted(evidence.values(), key=lambda e: (e.cell or "", e.line))[:limit],
                findings=[f.id for f in members],
                conditions=_unique(conditions),
            )
        )
    risks.sort(
        key=lambda r: (
            SEVERITY_ORDER[r.severity],
            _AREA_ORDER.get(r.code[0], 9),
            len(r.code),
            r.code,
        )
    )
    return risks


def _named(risks: list[AssessedRisk]) -> str:
    names = [f"{r.code} ({r.title})" for r in risks[:_LISTED]]
    if len(risks) > _LISTED:
        names.append(f"and {len(risks) - _LISTED} more")
    return "; ".join(names) or "none"


def _applies(rule: CategoryRule, risks: list[AssessedRisk], unmitigated: int) -> bool:
    counts = {
        "showstoppers": sum(r.severity == "Showstopper" for r in risks),
        "material": sum(
            r.severity == "Top risk" and bool(set(r.conditions) & set(rule.material_conditions))
            for r in risks
        ),
        "top_risks": sum(r.severity == "Top risk" for r in risks),
        "unmitigated": unmitigated,
        "risks": len(risks),
    }
    thresholds = {name: getattr(rule, name) for name in counts if getattr(rule, name) is not None}
    return not thresholds or any(counts[name] >= least for name, least in thresholds.items())


def _category(
    risks: list[AssessedRisk], findings: list[Finding], framework: Framework
) -> tuple[CategoryRule, str]:
    unmitigated = sum(f.code == "risk-unmitigated" and not f.dismissed for f in findings)
    for rule in framework.assurance.category_rules:
        if _applies(rule, risks, unmitigated):
            reason = rule.reason.format(
                showstoppers=_named([r for r in risks if r.severity == "Showstopper"]),
                top=_named([r for r in risks if r.severity != "Further risk"]),
                all=_named(risks),
            )
            return rule, reason
    raise ValueError("the framework's category rules must end with one that always applies")


def _conditions(risks: list[AssessedRisk], framework: Framework) -> list[Condition]:
    wanted = {code for risk in risks for code in risk.conditions}
    return [
        Condition(code=c.code, text=c.text)
        for c in framework.assurance.conditions
        if c.code in wanted
    ]


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _action(group: list[Finding], framework: Framework) -> str:
    """One action for the findings of one code: the catalogue's `action_many` for several."""
    many = framework.check(group[0].code).action_many
    subjects = [f.subject.replace("_", " ").replace(":", " ") for f in group if f.subject]
    if len(group) > 1 and many and len(subjects) == len(group):
        return many.format(subjects=_and_list(subjects))
    return " ".join(_unique([f.action for f in group]))


def _actions(
    risks: list[AssessedRisk], findings: list[Finding], framework: Framework, on: dt.date
) -> list[Action]:
    by_id = {f.id: f for f in findings}
    actions = []
    for priority, risk in enumerate(risks, start=1):
        members = [by_id[i] for i in risk.findings]
        by_code: dict[str, list[Finding]] = {}
        for finding in members:
            by_code.setdefault(finding.code, []).append(finding)
        days = framework.assurance.target_days[risk.severity]
        actions.append(
            Action(
                priority=priority,
                area=risk.area,
                severity=risk.severity,
                risk=risk.code,
                title=risk.title,
                reasoning=risk.reasoning,
                status=framework.assurance.statuses[0],
                action=" ".join(_unique([_action(group, framework) for group in by_code.values()])),
                owner="; ".join(_unique([f.owner for f in members])),
                target_date=on + dt.timedelta(days=days),
            )
        )
    return actions


def assess(
    report: CheckReport,
    framework: Framework,
    on: dt.date,
    overrides: list[Override] | None = None,
    reviewed_by: str | None = None,
    updates: list[ActionUpdate] | None = None,
) -> Assessment:
    """Assess a plan's check report as of `on` (target dates count from it)."""
    overrides = overrides or []
    updates = updates or []
    findings = apply_overrides(report.findings, overrides)
    risks = _risks(findings, framework)
    rule, reason = _category(risks, findings, framework)
    category, rule_id = rule.category, rule.id
    for override in overrides:
        if override.category is not None:
            category, reason, rule_id = override.category, override.reason, "review"
    conditions = (
        _conditions(risks, framework) if category == "Approved subject to conditions" else []
    )
    return Assessment.model_validate(
        {
            "category": category,
            "reason": reason,
            "rule": rule_id,
            "assessed_on": on,
            "risks": risks,
            "conditions": conditions,
            "actions": _updated(_actions(risks, findings, framework, on), updates),
            "checklist": report.checklist,
            "findings": findings,
            "reviewed_by": reviewed_by,
            "overrides": overrides,
            "action_updates": updates,
        }
    )


def _updated(actions: list[Action], updates: list[ActionUpdate]) -> list[Action]:
    """Action rows with progress recorded against them (status, notes, support, date)."""
    by_risk = {action.risk: action for action in actions}
    for update in updates:
        action = by_risk.get(update.risk)
        if action is None:
            continue  # its findings were all dismissed: no row is left to update
        changes = update.model_dump(exclude={"risk"}, exclude_none=True)
        by_risk[update.risk] = action.model_copy(update=changes)
    return [by_risk[action.risk] for action in actions]


def apply_overrides(findings: list[Finding], overrides: list[Override]) -> list[Finding]:
    """Findings with an assurer's dismissals and re-gradings applied (copies; input kept)."""
    result = [finding.model_copy(deep=True) for finding in findings]
    for override in overrides:
        if override.target == "category":
            continue
        matched = [f for f in result if override.target in (f.id, f.code)]
        if not matched:
            raise KeyError(override.target)
        for finding in matched:
            finding.review_note = override.reason
            if override.dismiss:
                finding.dismissed = True
            if override.severity is not None:
                finding.severity = override.severity
    return result


__all__ = ["apply_overrides", "assess"]
