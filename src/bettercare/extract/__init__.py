"""Lines → plan. Each part of the template has its own module; this one puts them together."""

from __future__ import annotations

from pathlib import Path

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.contributions import read_contributions
from bettercare.extract.details import locate_form, read_details
from bettercare.extract.locate import Located, locate
from bettercare.extract.metrics import read_metrics
from bettercare.extract.narrative import narrative_spans, narrative_text, related_documents
from bettercare.extract.organisations import hwb_body
from bettercare.extract.part2 import extract_part2
from bettercare.extract.provider import read_provider_commentary
from bettercare.extract.risks import read_risks
from bettercare.extract.schemes import read_schemes
from bettercare.extract.signoff import read_signoff
from bettercare.extract.stages import read_stages
from bettercare.frameworks import (
    DEFAULT_FRAMEWORK,
    Framework,
    load_framework,
    opening_text,
    recognise,
)
from bettercare.model import FieldRead, Plan, PlanLine, Section
from bettercare.read import WORKBOOK_SUFFIXES, Document, Line, read_file, read_workbook
from bettercare.read.saved import SAVED_SUFFIXES, read_saved_plan

__all__ = ["extract_file", "extract_plan"]

# Where the plan-details section is not found, the form is looked for in this many lines
# from the plan's start (a sign-off for nine councils and seven CCGs runs to ~100 lines).
_DETAILS_FALLBACK_LINES = 400


def _lines(document: Document, located: Located, section_id: str) -> list[Line] | None:
    span = located.section(section_id)
    return document.lines[span.start : span.end] if span else None


def extract_plan(document: Document, framework: Framework | None = None) -> Plan:
    """Turn a document into a typed plan whose every value points back to its line.

    Without a framework, the round is recognised from the document's own opening (its title,
    template version, contents) and that round's framework is used; one given is used as is.
    A round no framework file holds is read with the default framework's labels and named
    in `plan.round`, with a `round-unsupported` warning.
    """
    found = recognise(opening_text([line.text for line in document.lines]))
    if framework is None:
        framework = load_framework(found.framework or DEFAULT_FRAMEWORK)
    ctx = Extraction(framework)
    plan_round = found.round
    if plan_round is not None:
        ctx.warn(
            "round-unsupported",
            f"a {plan_round} plan: no framework file holds this round; extracted with "
            f"{framework.id}'s labels, not assessable by them",
        )
    elif found.framework is not None and found.framework != framework.id:
        ctx.warn(
            "round-forced",
            f"the document reads as a {found.framework} plan; extracted with {framework.id}",
        )
    for page in document.pages_without_text:
        message = f"page {page} is an image with no text layer (scanned): run OCR to read it"
        ctx.warn("page-without-text", message)
    located = locate(
        document, ctx, known_plan=found.framework is not None or plan_round is not None
    )
    plan_lines = document.lines[located.start : located.end]
    details_lines = (
        _lines(document, located, "plan_details") or plan_lines[:_DETAILS_FALLBACK_LINES]
    )

    plan = Plan(
        framework=framework.id,
        round=plan_round,
        template=located.template.id,
        template_name=located.template.name,
        start_line=document.lines[located.start].number if plan_lines else None,
        end_line=document.lines[located.end - 1].number if plan_lines else None,
        sections=[
            Section(id=s.id, heading=s.heading, line=document.lines[s.start].number)
            for s in located.sections
        ],
    )

    form = locate_form(details_lines, ctx)
    details = read_details(form, ctx)
    plan.area = details.area
    plan.local_authorities = details.local_authorities
    plan.ccgs = details.ccgs
    plan.district_councils = details.district_councils
    plan.boundary_differences = details.boundary_differences
    plan.health_and_wellbeing_board = details.health_and_wellbeing_board
    plan.date_agreed_at_hwb = details.date_agreed_at_hwb
    plan.date_submitted = details.date_submitted
    plan.pooled_budget = details.pooled_budget
    plan.signatories = read_signoff(form, ctx)

    spans = narrative_spans(document, located, ctx)
    for narrative_id, span in spans.items():
        if narrative_id == "related_documentation":
            plan.related_documents = related_documents(document, span, ctx)
            continue
        text, kept = narrative_text(document, span, ctx)
        plan.narratives[narrative_id] = text
        if kept:
            ctx.cite(pointer("narratives", narrative_id), kept[0], kept[-1])
    plan.national_conditions = {
        condition: plan.narratives.get(condition) or None
        for condition in framework.national_condition_narratives
    }

    if framework.form.stages is not None:
        plan.sign_off_stages = read_stages(
            document.lines[:_DETAILS_FALLBACK_LINES], framework.form.stages, ctx
        )
        _dates_from_stages(plan, ctx)

    # The parts of a plan a round's framework has rules for; a later round without them
    # (no scheme annex, no contributions table) leaves them empty.
    if framework.schemes is not None:
        annex = _lines(document, located, "annex1")
        before_annex = plan_lines
        if annex is not None:
            before_annex = document.lines[located.start : located.section("annex1").start]  # type: ignore[union-attr]
        plan.schemes = read_schemes(before_annex, annex, ctx)
    if framework.contributions is not None:
        plan.contributions = read_contributions(plan_lines, ctx)
    if framework.risk_headers:
        risk_lines = _lines(document, located, "risks") or plan_lines
        plan.risks = read_risks(risk_lines, ctx)
    plan.metrics = read_metrics(plan_lines, ctx)

    annex2 = _lines(document, located, "annex2")
    hwb = None
    if annex2 is not None and framework.provider_commentary:
        plan.provider_commentary, hwb = read_provider_commentary(annex2, ctx)
    _name_hwb(plan, hwb, ctx)

    if plan.health_and_wellbeing_board:
        ctx.bodies.append(hwb_body(plan.health_and_wellbeing_board))
    plan.bodies = ctx.bodies
    plan.fields = ctx.fields
    plan.sources = ctx.sources
    plan.warnings = ctx.warnings
    plan.text = _plan_text(document, plan_lines, plan)
    return plan


def _plan_text(document: Document, plan_lines: list[Line], plan: Plan) -> list[PlanLine]:
    """The plan's own lines, and any line outside them that a value or warning cites."""
    cited = {source.line for source in plan.sources.values()}
    cited |= {
        number
        for source in plan.sources.values()
        if source.end_line
        for number in range(source.line, source.end_line + 1)
    }
    cited |= {warning.line for warning in plan.warnings if warning.line is not None}
    inside = {line.number for line in plan_lines}
    kept = [line for line in plan_lines if not line.blank and not line.furniture]
    outside = cited - inside
    kept += [line for line in document.lines if line.number in outside and not line.blank]
    kept.sort(key=lambda line: line.number)
    return [
        PlanLine(
            number=line.number,
            page=line.page,
            text=line.text,
            raw_text=line.raw if line.raw != line.text else None,
        )
        for line in kept
    ]


def _dates_from_stages(plan: Plan, ctx: Extraction) -> None:
    """Where plan details give no date agreed or submitted, a version and sign-off table's
    last dated HWB row and last dated submission row do (a later version's sign-off stands)."""
    hwb = [i for i, s in enumerate(plan.sign_off_stages) if s.on_behalf_of == "hwb" and s.date]
    sent = [i for i, s in enumerate(plan.sign_off_stages) if s.submitted and s.date]
    for field, rows in (("date_agreed_at_hwb", hwb), ("date_submitted", sent)):
        where = pointer(field)
        if getattr(plan, field) is not None or not rows:
            continue
        stage = plan.sign_off_stages[rows[-1]]
        setattr(plan, field, stage.date)
        source = ctx.sources.get(pointer("sign_off_stages", rows[-1], "date"))
        if source is not None:
            ctx.sources[where] = source
        reason = f"from the sign-off table's row '{stage.text}'"
        ctx.state(where, FieldRead(state="found", reason=reason))


def _name_hwb(plan: Plan, annex_hwb: tuple[str, Line] | None, ctx: Extraction) -> None:
    """The HWB is named in its sign-off block, in plan details, or at the top of Annex 2."""
    for number, signatory in enumerate(plan.signatories):
        if signatory.on_behalf_of == "hwb" and signatory.organisation:
            plan.health_and_wellbeing_board = signatory.organisation
            source = ctx.sources.get(pointer("signatories", number, "organisation"))
            if source is not None:
                ctx.sources[pointer("health_and_wellbeing_board")] = source
            ctx.state(pointer("health_and_wellbeing_board"), FieldRead(state="found"))
            return
    if plan.health_and_wellbeing_board:  # named in plan details (later rounds' form)
        return
    if annex_hwb is not None:
        plan.health_and_wellbeing_board = annex_hwb[0]
        ctx.cite(pointer("health_and_wellbeing_board"), annex_hwb[1])
        ctx.state(pointer("health_and_wellbeing_board"), FieldRead(state="found"))
        return
    if pointer("health_and_wellbeing_board") not in ctx.fields:  # keep "unreadable"
        ctx.state(pointer("health_and_wellbeing_board"), FieldRead(state="absent"))


def extract_file(path: str | Path, framework: Framework | None = None) -> Plan:
    """Read and extract in one step (raises `InputError` for unreadable input).

    A Part 2 workbook (.xlsx) gives a plan holding only its `part2` data; a plan saved as
    JSON (by `extract`, or inside an `assure` output) is read back as it was saved.
    """
    suffix = Path(path).suffix.lower()
    if suffix in SAVED_SUFFIXES:
        return read_saved_plan(path)
    if suffix in WORKBOOK_SUFFIXES:
        return extract_part2(read_workbook(path), framework)
    return extract_plan(read_file(path), framework)


def attach_part2(plan: Plan, workbook: str | Path, framework: Framework | None = None) -> None:
    """Read a Part 2 workbook into a Part 1 plan, so the two can be checked against each other."""
    read = extract_part2(read_workbook(workbook), framework)
    plan.part2 = read.part2
    plan.warnings = [*plan.warnings, *read.warnings]
