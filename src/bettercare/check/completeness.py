"""Completeness, like the official checklist: sections present, required items filled, no
unfinished text ("to be completed", "TBC", placeholders)."""

from __future__ import annotations

from typing import Any

from bettercare.check.context import CheckContext
from bettercare.extract.locate import strip_numbering
from bettercare.model import ChecklistEntry


def _filled(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return bool(value)
    return value is not None


CHECKLIST_CODES = frozenset({"item-missing"})
CODES = frozenset({"section-missing", "unfinished-text"})


def checklist(ctx: CheckContext) -> None:
    """One entry per required item of this plan's template; raises `item-missing`."""
    entries: list[ChecklistEntry] = []
    for item in ctx.framework.assurance.checklist:
        if item.templates and ctx.plan.template not in item.templates:
            continue
        complete = _filled(ctx.plan.value_at(item.pointer))
        # A list (CCGs, schemes) is cited item by item: its first item gives the line.
        source = ctx.plan.sources.get(item.pointer) or ctx.plan.sources.get(f"{item.pointer}/0")
        entries.append(
            ChecklistEntry(
                section=item.section,
                label=item.label,
                complete=complete,
                line=source.line if source else None,
            )
        )
        if not complete:
            subject = item.pointer.strip("/").replace("~1", "/")
            # Where the plan holds a placeholder or an unreadable value instead, quote it.
            looked = [w.line for w in ctx.plan.warnings if w.pointer == item.pointer and w.line]
            ctx.raise_finding(
                "item-missing",
                subject,
                evidence=ctx.evidence(*looked),
                risk=item.risk,
                section=item.section,
                label=item.label,
            )
    ctx.checklist = entries


def _section_name(ctx: CheckContext, section_id: str) -> str:
    """A section as the plan heads it ("risks and contingency"), for messages."""
    for section in ctx.plan.sections:
        if section.id == section_id:
            return strip_numbering(section.heading.lstrip("•·- ")).lower()
    return section_id.replace("_", " ")


def check_sections(ctx: CheckContext) -> None:
    if ctx.plan.template is None:
        return
    template = ctx.framework.template(ctx.plan.template)
    present = {section.id for section in ctx.plan.sections}
    risks = {item.section: item.risk for item in reversed(ctx.framework.assurance.checklist)}
    for section in template.sections:
        if section.id not in present:
            ctx.raise_finding(
                "section-missing",
                section.id,
                risk=risks.get(section.id),
                section=section.id,
                name=section.id.replace("_", " "),
                template=template.name,
            )


def check_unfinished_text(ctx: CheckContext) -> None:
    """Lines still holding "to be completed", "TBC" or a <placeholder>, grouped by section."""
    unfinished = ctx.pattern("unfinished")
    by_section: dict[str, list[int]] = {}
    for line in ctx.plan_lines():
        if unfinished.search(line.text):
            by_section.setdefault(ctx.section_of(line.number) or "plan", []).append(line.number)
    for section, numbers in by_section.items():
        ctx.raise_finding(
            "unfinished-text",
            section,
            evidence=ctx.evidence(*numbers),
            section=section,
            count=len(numbers),
            where=_section_name(ctx, section),
        )


def run(ctx: CheckContext) -> None:
    check_sections(ctx)
    check_unfinished_text(ctx)
