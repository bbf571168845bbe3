"""The plan as plain text for a terminal: what was read, and where."""

from __future__ import annotations

from bettercare.model import Plan


def _money(value: int | None) -> str:
    return "—" if value is None else f"£{value:,}"


def plan_as_text(plan: Plan) -> str:
    """A short, readable summary of an extracted plan."""
    out: list[str] = []
    add = out.append
    add(f"Template: {plan.template_name or 'unknown'} (lines {plan.start_line}–{plan.end_line})")
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
    if plan.warnings:
        add("")
        add("Warnings:")
        for warning in plan.warnings:
            where = f"line {warning.line}: " if warning.line else ""
            add(f"  [{warning.code}] {where}{warning.message}")
    return "\n".join(out) + "\n"
