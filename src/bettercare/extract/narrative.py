"""Narrative sections as text, and the related-documents table."""

from __future__ import annotations

import re

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.locate import Located, Span, matches_heading, strip_numbering
from bettercare.frameworks import compiled
from bettercare.model import RelatedDocument
from bettercare.read import Document, Line

_BULLET = re.compile(r"^(?:[-•·]|o(?=\s))\s*")


def is_prompt(line: Line, ctx: Extraction) -> bool:
    """Template guidance ("Please describe …"), not the plan's own words."""
    text = strip_numbering(_BULLET.sub("", line.text.strip()))
    return any(compiled(p).search(text) for p in ctx.framework.prompts)


def narrative_spans(document: Document, located: Located, ctx: Extraction) -> dict[str, Span]:
    """Each narrative heading of the template, running to the next heading of any kind."""
    lines = document.lines
    found: dict[str, int] = {}
    position = located.start
    for narrative in located.template.narratives:
        for index in range(position, located.end):
            if matches_heading(lines[index], narrative.pattern, ctx.framework.locate.heading_max):
                found[narrative.id] = index
                position = index + 1
                break
    boundaries = {span.start for span in located.sections} | set(found.values())
    for index in range(located.start, located.end):
        if any(matches_heading(lines[index], p) for p in ctx.framework.locate.boundaries):
            boundaries.add(index)
    ordered = [*sorted(boundaries), located.end]
    spans = {}
    for narrative_id, index in found.items():
        stop = next(b for b in ordered if b > index)
        spans[narrative_id] = Span(narrative_id, index, stop, lines[index].text.strip())
    return spans


def narrative_text(document: Document, span: Span, ctx: Extraction) -> tuple[str, list[Line]]:
    """The plan's words under a heading (prompts and page furniture left out)."""
    kept: list[Line] = []
    in_prompt = False
    for line in document.lines[span.start + 1 : span.end]:
        if line.blank or line.furniture:
            continue
        # A prompt wrapped onto the next line goes on in lower case.
        in_prompt = is_prompt(line, ctx) or (in_prompt and line.text.lstrip()[:1].islower())
        if not in_prompt:
            kept.append(line)
    text = "\n".join(" ".join(line.text.replace("\t", " ").split()) for line in kept)
    return text, kept


_HEADER = re.compile(
    r"^(?:no\.?|document or information(?: title)?|title|synopsis and links)$", re.I
)
_NUMBER = re.compile(r"^\d{1,3}\.?$")


def _has_words(text: str) -> bool:
    return sum(ch.isalnum() for ch in text) >= 2


def related_documents(document: Document, span: Span, ctx: Extraction) -> list[RelatedDocument]:
    """Rows of the related-documentation table; wrapped rows and OCR ghost rows rejoined.

    In a numbered table a row starts only with the next number, so a stray "10" after 15 is
    a continuation, not a new document.
    """
    documents: list[RelatedDocument] = []
    numbered = False
    for line in document.lines[span.start + 1 : span.end]:
        if line.blank or line.furniture or is_prompt(line, ctx):
            continue
        cells = line.cells
        if _HEADER.match(cells[0]) or (len(cells) > 1 and _HEADER.match(cells[1])):
            numbered = numbered or cells[0].lower().startswith("no")
            continue
        first = cells[0]
        offset = 1 if numbered else 0
        if numbered:
            starts_row = first.rstrip(".") == str(len(documents) + 1)
        else:
            starts_row = bool(first) and (bool(documents) or len(cells) > 1)
        if starts_row and len(cells) > offset and _has_words(cells[offset]):
            synopsis = " ".join(c for c in cells[offset + 1 :] if _has_words(c))
            documents.append(
                RelatedDocument(
                    number=first.rstrip(".") if numbered else None,
                    title=cells[offset],
                    synopsis=synopsis or None,
                )
            )
            ctx.cite(pointer("related_documents", len(documents) - 1, "title"), line)
        elif documents and not starts_row:
            current = documents[-1]
            more_title = cells[offset] if not first and len(cells) > offset else ""
            more_synopsis = " ".join(c for c in cells[offset + 1 :] if _has_words(c))
            if _has_words(more_title):
                current.title = f"{current.title} {more_title}"
            if more_synopsis:
                current.synopsis = f"{current.synopsis or ''} {more_synopsis}".strip()
    return documents
