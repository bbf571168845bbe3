"""Assessment like the 2014 national review: findings grouped into the review's risks, the
category decided by the framework's category rules, conditions and an action plan.

An assurer's review (see `assess.review`) can dismiss or re-grade findings and set the
category; `assess` is then run again on the reviewed findings, so both views are kept.
"""

from __future__ import annotations

import datetime as dt

from bettercare.frameworks import THRESHOLDS, CategoryRule, Framework
from bettercare.model import (
    SEVERITY_ORDER,
    Action,
    ActionUpdate,
    AssessedRisk,
    Assessment,
    CategoryStep,
    CheckReport,
    Condition,
    Evidence,
    Finding,
    Override,
    ThresholdTest,
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


def _material(
    rule: CategoryRule, risks: list[AssessedRisk], by_id: dict[str, Finding]
) -> dict[str, list[str]]:
    """The Top risks that are a material concern: each code with the material conditions it
    brings. Only a finding held at Top risk with high confidence counts: one resting on a
    doubtful value is a question to settle by hand, never alone a material concern."""
    wanted = rule.material_conditions
    found: dict[str, list[str]] = {}
    for risk in risks:
        if risk.severity != "Top risk":
            continue
        members = [by_id[i] for i in risk.findings if i in by_id]
        codes = [
            c
            for f in members
            if f.severity == "Top risk" and f.confidence == "high"
            for c in f.conditions
            if c in wanted
        ]
        if codes:
            found[risk.code] = _unique(codes)
    return found


def _tests(
    rule: CategoryRule, risks: list[AssessedRisk], findings: list[Finding]
) -> list[tuple[ThresholdTest, str]]:
    """Each threshold of `rule` tested against the risks, with the counted risks described."""
    live = [f for f in findings if not f.dismissed]
    material = _material(rule, risks, {f.id: f for f in live})
    unmitigated = [f for f in live if f.code == "risk-unmitigated"]
    counted: dict[str, tuple[int, list[str], str]] = {}
    for name in THRESHOLDS:
        if name == "material":
            codes = list(material)
            detail = ", ".join(f"{c} [{', '.join(material[c])}]" for c in codes)
            counted[name] = (len(codes), codes, detail)
        elif name == "unmitigated":
            codes = _unique([f.risk for f in unmitigated])
            subjects = [f.subject or f.id for f in unmitigated]
            detail = f"{', '.join(codes)}: risk-log entries {', '.join(subjects)}" if codes else ""
            counted[name] = (len(unmitigated), codes, detail)
        else:
            codes = [
                r.code
                for r in risks
                if name == "risks"
                or (name == "showstoppers" and r.severity == "Showstopper")
                or (name == "top_risks" and r.severity == "Top risk")
            ]
            counted[name] = (len(codes), codes, ", ".join(codes))
    tests = []
    for name, label in THRESHOLDS.items():
        least = getattr(rule, name)
        if least is None:
            continue
        count, codes, detail = counted[name]
        test = ThresholdTest(
            name=name,
            label=label.format(codes=", ".join(rule.material_conditions)),
            count=count,
            least=least,
            met=count >= least,
            risks=codes,
        )
        tests.append((test, detail))
    return tests


def _described(test: ThresholdTest, detail: str) -> str:
    shown = f" ({detail})" if detail else ""
    return f"{test.label}: {test.count}{shown} {'≥' if test.met else '<'} {test.least}"


def _met(tests: list[tuple[ThresholdTest, str]]) -> tuple[str, list[str]]:
    """What met the thresholds of an applying rule, and the risk codes it counted."""
    if not tests:
        return "it has no threshold, so it applies when no earlier rule does", []
    met = [(test, detail) for test, detail in tests if test.met]
    return "; ".join(_described(t, d) for t, d in met), _unique(
        [c for t, _ in met for c in t.risks]
    )


def _applies(tests: list[tuple[ThresholdTest, str]]) -> bool:
    return not tests or any(test.met for test, _ in tests)


def _explain(
    rules: list[CategoryRule], tested: list[list[tuple[ThresholdTest, str]]], chosen: int
) -> list[CategoryStep]:
    """Placed in the chosen rule's category because …; not in each better category because
    the chosen rule (and any rule between) is tested first and applies; not in each worse
    category because none of its thresholds is met."""
    steps = []
    because, risks = _met(tested[chosen])
    steps.append(
        CategoryStep(
            rule=rules[chosen].id,
            category=rules[chosen].category,
            relation="placed",
            applies=True,
            because=f"rule {rules[chosen].id} applies: {because}",
            risks=risks,
            tests=[test for test, _ in tested[chosen]],
        )
    )
    for index in range(len(rules) - 1, chosen, -1):
        reasons, codes = [], []
        for earlier in range(chosen, index):
            if earlier == chosen or _applies(tested[earlier]):
                met, found = _met(tested[earlier])
                rule = rules[earlier]
                first = "is tested first" if earlier == chosen else "also comes before it"
                reasons.append(f"rule {rule.id} ({rule.category}) {first} and applies: {met}")
                codes += found
        steps.append(
            CategoryStep(
                rule=rules[index].id,
                category=rules[index].category,
                relation="better",
                applies=_applies(tested[index]),
                because="; ".join(reasons),
                risks=_unique(codes),
                tests=[test for test, _ in tested[index]],
            )
        )
    for index in range(chosen - 1, -1, -1):
        tests = tested[index]
        steps.append(
            CategoryStep(
                rule=rules[index].id,
                category=rules[index].category,
                relation="worse",
                applies=False,
                because=f"rule {rules[index].id} does not apply: "
                + "; ".join(_described(t, d) for t, d in tests),
                risks=_unique([c for t, _ in tests for c in t.risks]),
                tests=[test for test, _ in tests],
            )
        )
    return steps


def _category(
    risks: list[AssessedRisk], findings: list[Finding], framework: Framework
) -> tuple[CategoryRule, str, list[CategoryStep]]:
    rules = framework.assurance.category_rules
    tested = [_tests(rule, risks, findings) for rule in rules]
    for index, rule in enumerate(rules):
        if _applies(tested[index]):
            decisive = _met(tested[index])[1]
            reason = rule.reason.format(
                showstoppers=_named([r for r in risks if r.severity == "Showstopper"]),
                top=_named([r for r in risks if r.severity != "Further risk"]),
                all=_named(risks),
                decisive=_named([r for r in risks if r.code in decisive]),
            )
            return rule, reason, _explain(rules, tested, index)
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
    rule, reason, explanation = _category(risks, findings, framework)
    category, rule_id = rule.category, rule.id
    for override in overrides:
        if override.category is not None:
            category, reason, rule_id = override.category, override.reason, "review"
    sets = {c.name for c in framework.assurance.categories if c.sets_conditions}
    conditions = _conditions(risks, framework) if category in sets else []
    return Assessment.model_validate(
        {
            "category": category,
            "reason": reason,
            "rule": rule_id,
            "explanation": explanation,
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
