"""Finding the plan inside a document, its template version, and its sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bettercare.errors import InputError
from bettercare.extract.context import Extraction
from bettercare.extract.form import Label, Stream, pieces_of
from bettercare.frameworks import Framework, Template, compiled
from bettercare.read import Document, Line

# Numbering before a heading: "1)", "1.", "a)", "(b)", "iv)", bullets, markdown "##".
_NUMBERING = re.compile(
    r"^(?:#{1,6}\s*)?(?:[•·\-–*▪●◦]\s*)?"
    r"(?:\(?\d{1,2}[.)]\s*|\(?[a-h]\)\s*|\(?[ivx]{1,4}\)\s*)?",
    re.IGNORECASE,
)
_HEADING_MAX = 140


def strip_numbering(text: str) -> str:
    """ "1) PLAN DETAILS" → "PLAN DETAILS"; "- i) Please outline" → "Please outline"."""
    return _NUMBERING.sub("", text.strip(), count=1).strip()


def heading_text(line: Line, limit: int = _HEADING_MAX) -> str | None:
    """The words of a line that could be a heading, without numbering; None if it cannot be
    (`limit`: the longest heading, in characters)."""
    text = line.text.strip()
    if not text or len(text) > limit:
        return None
    cells = [cell for cell in line.cells if cell]
    if len(cells) != 1:
        return None
    text = strip_numbering(cells[0]).rstrip(":").strip()
    return " ".join(text.split()) or None


def matches_heading(line: Line, pattern: str, limit: int = _HEADING_MAX) -> bool:
    text = heading_text(line, limit)
    return text is not None and compiled(pattern).search(text) is not None


@dataclass(frozen=True)
class Span:
    """Lines [start, end) of the document, as list indexes."""

    id: str
    start: int
    end: int
    heading: str = ""


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    template: Template
    sections: list[Span]

    def section(self, section_id: str) -> Span | None:
        for span in self.sections:
            if span.id == section_id:
                return span
        return None


def _first(lines: list[Line], patterns: list[str], start: int, end: int) -> int | None:
    regexes = [compiled(p) for p in patterns]
    for index in range(start, end):
        text = lines[index].text.strip()
        if text and len(text) <= _HEADING_MAX * 2 and any(r.search(text) for r in regexes):
            return index
    return None


def _template(document: Document, start: int, end: int, ctx: Extraction) -> Template:
    framework = ctx.framework
    window_start = max(0, start - 20)
    for marker in framework.locate.version_markers:
        if _first(document.lines, [marker.pattern], window_start, min(end, start + 40)) is not None:
            return framework.template(marker.template)
    # No marker: choose the template whose own section headings are found most often.
    best = framework.templates[0]
    best_count = -1
    for template in framework.templates:
        count = sum(
            1
            for section in template.sections
            if any(matches_heading(document.lines[i], section.pattern) for i in range(start, end))
        )
        if count > best_count:
            best, best_count = template, count
    return best


def _sections(
    document: Document, start: int, end: int, template: Template, ctx: Extraction
) -> list[Span]:
    found: list[tuple[str, int, str]] = []
    position = start
    for section in template.sections:
        for index in range(position, end):
            line = document.lines[index]
            if matches_heading(line, section.pattern, ctx.framework.locate.heading_max):
                found.append((section.id, index, line.text.strip()))
                position = index + 1
                break
        else:
            ctx.warn("section-missing", f"section '{section.id}' of the template was not found")
    spans = []
    for number, (section_id, index, heading) in enumerate(found):
        stop = found[number + 1][1] if number + 1 < len(found) else end
        spans.append(Span(section_id, index, stop, heading))
    return spans


# Without a template title, a document is taken for a plan when this many of the form's
# labels are found in its opening lines.
_CONTENT_LABELS = 2
_CONTENT_LINES = 400


def _has_plan_content(document: Document, framework: Framework) -> bool:
    form = framework.form
    labels = [Label(item.id, words) for item in form.fields for words in item.labels]
    labels += [Label("block", words) for words in form.signoff.block]
    stream = Stream(pieces_of(document.lines[:_CONTENT_LINES]))
    hits = stream.find(labels, form.fuzzy_ratio, form.fuzzy_from)
    return len({hit.owner for hit in hits}) >= _CONTENT_LABELS


def locate(document: Document, ctx: Extraction, known_plan: bool = False) -> Located:
    """Where the Part 1 plan starts and ends, which template it follows, and its sections.

    `known_plan`: the document's opening already names a round of the fund (a narrative plan
    with no template title or form is still a plan)."""
    framework = ctx.framework
    lines = document.lines
    total = len(lines)
    start = _first(lines, framework.locate.start, 0, total)
    if start is None:
        if not known_plan and not _has_plan_content(document, framework):
            raise InputError(
                document.path,
                "no Better Care Fund plan found (no template title, plan details or sign-off)",
            )
        ctx.warn("plan-not-located", "no Part 1 template title; reading the whole document")
        start = 0
    for marker in framework.locate.version_markers:
        found = _first(lines, [marker.pattern], max(0, start - 5), start)
        if found is not None:
            start = found
    # The plan ends at the first mark of other business (the next agenda item, minutes)
    # after its last template section: never earlier, so its own annexes stay in it.
    limit = _first(lines, framework.locate.end, start + 1, total)
    template = _template(document, start, limit or total, ctx)
    sections = _sections(document, start, total, template, ctx)
    last = sections[-1].start if sections else start
    end = _first(lines, framework.locate.end, last + 1, total)
    end = total if end is None else end
    sections = [Span(s.id, s.start, min(s.end, end), s.heading) for s in sections if s.start < end]
    return Located(start, end, template, sections)


def is_template_heading(line: Line, ctx: Extraction) -> bool:
    """A section or narrative heading of any template: the end of a table above it."""
    text = heading_text(line)
    if text is None:
        return False
    patterns = [s.pattern for t in ctx.framework.templates for s in (*t.sections, *t.narratives)]
    patterns += ctx.framework.locate.boundaries
    return any(compiled(p).search(text) for p in patterns)
