"""The plan as plain text for a terminal: what was read, and where."""

from __future__ import annotations

from bettercare.compare import Comparison
from bettercare.model import SEVERITY_ORDER, Assessment, CheckReport, Plan
from bettercare.monitor import Monitoring


def _money(value: int | None) -> str:
    return "—" if value is None else f"£{value:,}"


def plan_as_text(plan: Plan) -> str:
    """A short, readable summary of an extracted plan."""
    out: list[str] = []
    add = out.append
    if plan.round is not None:
        add(f"Round: {plan.round} (no framework file holds it: extracted, not assessed)")
    add(f"Template: {plan.template_name or 'unknown'} (lines {plan.start_line}–{plan.end_line})")
    if plan.area is not None:
        add(f"Area: {plan.area}")
    add(f"Local authorities: {', '.join(plan.local_authorities) or '—'}")
    add(f"CCGs: {', '.join(plan.ccgs) or '—'}")
    add(f"Health and Wellbeing Board: {plan.health_and_wellbeing_board or '—'}")
    add(f"Date agreed at HWB: {plan.date_agreed_at_hwb or '—'}")
    add(f"Date submitted: {plan.date_submitted or '—'}")
    for kind in ("minimum", "total"):
        values = getattr(plan.pooled_budget, kind)
        years = ", ".join(f"{year} {_money(values.get(year))}" for year in sorted(values))
        add(f"Pooled budget ({kind}): {years or '—'}")
    add("")
    add("Sign-off:")
    for s in plan.signatories:
        person = " ".join(p for p in (s.title, s.name, s.honours) if p) or "(no name)"
        add(
            f"  {s.on_behalf_of:8} {s.organisation or '(no organisation)'}: {person}, "
            f"{s.position or '(no position)'}, {s.date or '(no date)'}"
        )
    if plan.sign_off_stages:
        add("")
        add("Sign-off stages (version and sign-off table):")
        for stage in plan.sign_off_stages:
            marks = [m for m in (stage.on_behalf_of, "submitted" if stage.submitted else "") if m]
            note = f" [{', '.join(marks)}]" if marks else ""
            add(f"  {stage.date or '(no date)'}  {stage.text}{note}")
    if plan.schemes:
        add("")
        add("Schemes:")
        for scheme in plan.schemes:
            annex = "Annex 1" if scheme.annex1 else "no Annex 1"
            money = _money(scheme.investment)
            add(f"  {scheme.ref or '?':3} {scheme.name or ''} [{annex}; {money}]")
    if plan.risks:
        add("")
        add("Risks:")
        for risk in plan.risks:
            grade = risk.rating or (
                f"gross {risk.gross.score}, net {risk.net.score if risk.net else '—'}"
                if risk.gross
                else "no rating"
            )
            add(f"  {risk.number}. {risk.description[:90]} [{grade}]")
    for series in plan.metrics:
        add("")
        add(f"Metric {series.id or '?'}: {series.label}")
        add("  " + ", ".join(f"{v.period}: {v.value:g}" for v in series.values))
    review = {where: read for where, read in plan.fields.items() if read.needs_review}
    if review:
        add("")
        add("Fields to check by hand:")
        for where, read in review.items():
            source = plan.sources.get(where)
            line = f" (line {source.line})" if source else ""
            add(f"  {where}: {read.state}{line}{f' — {read.reason}' if read.reason else ''}")
    if plan.warnings:
        add("")
        add("Warnings:")
        for warning in plan.warnings:
            where = f"line {warning.line}: " if warning.line else ""
            add(f"  [{warning.code}] {where}{warning.message}")
    return "\n".join(out) + "\n"


def findings_as_text(report: CheckReport) -> str:
    """One block per finding: severity, risk code, finding id, message, evidence lines."""
    out: list[str] = []
    for finding in sorted(report.findings, key=lambda f: SEVERITY_ORDER[f.severity]):
        out.append(f"{finding.severity:<12} {finding.risk:<4} {finding.id}")
        out.append(f"    {finding.message}")
        for item in finding.evidence:
            out.append(f"    line {item.line}: {item.text[:110]}")
    missing = [entry for entry in report.checklist if not entry.complete]
    done = len(report.checklist) - len(missing)
    out.append(f"Checklist: {done} of {len(report.checklist)} required items filled.")
    counts = {s: sum(f.severity == s for f in report.findings) for s in SEVERITY_ORDER}
    out.append("Findings: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(out) + "\n"


def assessment_as_text(assessment: Assessment, automatic: Assessment | None = None) -> str:
    out = [f"Category: {assessment.category}", f"Reason: {assessment.reason}"]
    if automatic is not None and automatic.category != assessment.category:
        out.append(f"Automatic assessment: {automatic.category} (before the review)")
    out += explanation_lines(assessment)
    out.append("")
    for risk in assessment.risks:
        out.append(f"{risk.severity:<12} {risk.code:<4} {risk.title}")
        out.append(f"    {risk.reasoning}")
        lines = ", ".join(str(e.line) for e in risk.evidence)
        if lines:
            out.append(f"    evidence lines: {lines}")
    if assessment.conditions:
        out.append("")
        out.append("Conditions: " + "; ".join(f"{c.code} {c.text}" for c in assessment.conditions))
    return "\n".join(out) + "\n"


_STEP = {
    "placed": "Placed in {category}",
    "better": "Not in {category}",
    "worse": "Not in {category}",
}


def explanation_lines(assessment: Assessment) -> list[str]:
    """Why the category rules place the plan where they do, and not in each other category."""
    if not assessment.explanation:
        return []
    title = "Why this category" if assessment.rule != "review" else "The rules' view"
    out = ["", f"{title}:"]
    for step in assessment.explanation:
        head = _STEP[step.relation].format(category=step.category)
        out.append(f"  {head} ({step.rule}) because {step.because}.")
    return out


def comparison_as_text(comparison: Comparison) -> str:
    out = [f"Category: {comparison.old_category} → {comparison.new_category}"]
    for change in comparison.changes:
        out.append(f"changed  {change.field}: {change.old} → {change.new}")
    for section in comparison.sections:
        out.append(f"section  {section.section} {section.change}")
    out += [f"closed   {f.risk} {f.message}" for f in comparison.findings_closed]
    out += [f"opened   {f.risk} {f.message}" for f in comparison.findings_opened]
    return "\n".join(out) + "\n"


def monitoring_as_text(monitoring: Monitoring) -> str:
    out = [f"Monitoring {monitoring.year}: {monitoring.hwb or 'unnamed area'}"]
    for metric in monitoring.metrics:
        for q in metric.quarters:
            if q.actual is not None:
                plan = "—" if q.plan is None else f"{q.plan:,.1f}"
                out.append(
                    f"{metric.metric:<6} {q.period}  plan {plan}  actual {q.actual:,.1f}  "
                    f"{q.rag or 'no plan'}"
                )
    if monitoring.p4p is not None:
        out.append(f"P4P earned £{monitoring.p4p.earned:,.0f} of £{monitoring.p4p.available:,.0f}")
    for scheme in monitoring.spend:
        out.append(
            f"scheme {scheme.scheme}: £{scheme.actual_to_date:,} spent, "
            f"£{scheme.planned_to_date or 0:,} planned to date  {scheme.rag or 'no plan'}"
        )
    out += [f"not read: {problem}" for problem in monitoring.problems]
    return "\n".join(out) + "\n"
