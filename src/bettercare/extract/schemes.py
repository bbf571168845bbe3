"""Schemes: the revised template's scheme list, and each Annex 1 Detailed Scheme Description."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.locate import heading_text, is_template_heading, matches_heading
from bettercare.extract.narrative import is_prompt
from bettercare.extract.values import find_money, is_placeholder
from bettercare.frameworks import compiled
from bettercare.model import InvestmentLine, Scheme
from bettercare.read import Line

_REF_SPLIT = re.compile(r"\s*(?:&|,|/|\band\b)\s*", re.IGNORECASE)
_CONTINUATION = re.compile(r"^[a-z]")
# Where a cell that begins mid-sentence starts its own text: the first capitalised word
# followed by a lower-case word ("…Anticipatory Care Plan | To broaden the scope…").
_SENTENCE_START = re.compile(r"\s(?=[A-Z][a-z]*\s+[a-z])")
_TOTAL = re.compile(r"\btotal\b", re.IGNORECASE)


def _join(*parts: str | None) -> str | None:
    text = " ".join(p for p in parts if p)
    return " ".join(text.split()) or None


# ---------------------------------------------------------------- scheme list


def read_scheme_list(lines: list[Line], ctx: Extraction) -> list[tuple[Scheme, Line]]:
    """The table "Scheme Ref | Planned Schemes | Expected benefits"."""
    rules = ctx.framework.scheme_rules
    header = next(
        (i for i, ln in enumerate(lines) if compiled(rules.list_header).search(ln.text)), None
    )
    if header is None:
        return []
    ref_pattern = re.compile(rules.ref)
    schemes: list[tuple[Scheme, Line]] = []
    for line in lines[header + 1 :]:
        if line.blank or line.furniture:
            continue
        cells = line.cells
        if ref_pattern.match(cells[0]):
            name = cells[1] if len(cells) > 1 else ""
            if schemes and _CONTINUATION.match(name):
                split = _SENTENCE_START.search(name)
                head, name = (name[: split.start()], name[split.end() :]) if split else (name, "")
                previous = schemes[-1][0]
                previous.name = _join(previous.name, head)
            scheme = Scheme(ref=cells[0], name=_join(name), expected_benefits=_join(*cells[2:]))
            schemes.append((scheme, line))
        elif not cells[0] and schemes:
            previous = schemes[-1][0]
            previous.name = _join(previous.name, cells[1] if len(cells) > 1 else None)
            previous.expected_benefits = _join(previous.expected_benefits, *cells[2:])
        elif heading_text(line) is not None or cells[0]:
            break
    return schemes


_CELL_MAX = 120  # a wrapped cell line is short; a longer line without cells is prose


def read_planned_changes(lines: list[Line], ctx: Extraction) -> list[tuple[Scheme, Line]]:
    """The original template's table "Actions | By When | Expected benefits".

    A row starts where both the action and its date are written and the action starts a
    sentence; any other line carries on the row above (the table wraps its cells).
    """
    pattern = compiled(ctx.framework.scheme_rules.changes_header)
    header = next((i for i, ln in enumerate(lines) if pattern.search(ln.text)), None)
    if header is None:
        return []
    schemes: list[tuple[Scheme, Line]] = []
    for line in lines[header + 1 :]:
        if line.blank or line.furniture:
            continue
        cells = [*line.cells, "", ""]
        if is_template_heading(line, ctx) or ("\t" not in line.raw and len(line.text) > _CELL_MAX):
            break  # a heading or a paragraph ends the table
        action, when, benefits = cells[0], cells[1], _join(*cells[2:])
        if action and when and not action[0].islower():
            scheme = Scheme(name=_join(action), by_when=_join(when), expected_benefits=benefits)
            schemes.append((scheme, line))
        elif schemes:
            previous = schemes[-1][0]
            previous.name = _join(previous.name, action)
            previous.by_when = _join(previous.by_when, when)
            previous.expected_benefits = _join(previous.expected_benefits, benefits)
    return schemes


# ------------------------------------------------------------------- Annex 1


@dataclass
class _Block:
    ref_text: str | None
    ref_line: Line | None
    name_line: Line
    name_index: int
    start: int
    end: int = 0
    refs: list[str] = field(default_factory=list)


def _annex_blocks(lines: list[Line], ctx: Extraction) -> list[_Block]:
    rules = ctx.framework.scheme_rules
    name_indexes = [i for i, ln in enumerate(lines) if matches_heading(ln, rules.annex_name)]
    blocks: list[_Block] = []
    for index in name_indexes:
        ref_text: str | None = None
        ref_line: Line | None = None
        start = index
        looked = 0
        for back in range(index - 1, max(-1, index - 12), -1):
            line = lines[back]
            if line.blank or (line.furniture and line.text.strip().lower().startswith("page")):
                continue
            text = line.text.strip()
            if compiled(rules.annex_ref_label).search(text) or (
                "ref" in text.lower() and len(text) < 30
            ):
                start = back
                break
            looked += 1
            if looked > 1:
                break
            if len(text) <= 12:
                ref_text, ref_line, start = text.replace("\t", " "), line, back
            else:
                break
        blocks.append(_Block(ref_text, ref_line, lines[index], index, start))
    for number, block in enumerate(blocks):
        block.end = blocks[number + 1].start if number + 1 < len(blocks) else len(lines)
    return blocks


def _assign_refs(blocks: list[_Block], listed: list[str], ctx: Extraction) -> None:
    """Read each block's ref; infer unreadable ones ("1" for "I") from their neighbours."""
    ref_pattern = re.compile(ctx.framework.scheme_rules.ref)
    listed_set = set(listed)
    for block in blocks:
        if block.ref_text:
            parts = [p.strip() for p in _REF_SPLIT.split(block.ref_text) if p.strip()]
            readable = bool(parts) and all(ref_pattern.match(p) for p in parts)
            if readable and (not listed or all(p in listed_set for p in parts)):
                block.refs = parts
    if not listed:
        return
    position = {ref: i for i, ref in enumerate(listed)}
    known = [i for i, b in enumerate(blocks) if b.refs]
    for number, block in enumerate(blocks):
        if block.refs:
            continue
        before = max((k for k in known if k < number), default=None)
        after = min((k for k in known if k > number), default=None)
        low = max(position[r] for r in blocks[before].refs) if before is not None else -1
        high = min(position[r] for r in blocks[after].refs) if after is not None else len(listed)
        gap_blocks = [
            k for k in range(before + 1 if before is not None else 0, after or len(blocks))
        ]
        candidates = listed[low + 1 : high]
        if len(candidates) == len(gap_blocks):
            block.refs = [candidates[gap_blocks.index(number)]]
            ctx.warn(
                "scheme-ref-inferred",
                f"Annex 1 scheme ref '{block.ref_text or ''}' read as '{block.refs[0]}' "
                "from the refs around it",
                block.ref_line or block.name_line,
            )


def _fields(
    lines: list[Line], block: _Block, ctx: Extraction
) -> dict[str, tuple[list[Line], Line]]:
    rules = ctx.framework.scheme_rules
    found: list[tuple[str, int]] = []
    for index in range(block.start, block.end):
        for field_rule in rules.annex_fields:
            if matches_heading(lines[index], field_rule.pattern):
                found.append((field_rule.id, index))
                break
    result: dict[str, tuple[list[Line], Line]] = {}
    for number, (field_id, index) in enumerate(found):
        stop = found[number + 1][1] if number + 1 < len(found) else block.end
        result[field_id] = (list(lines[index + 1 : stop]), lines[index])
    return result


def _text(lines: list[Line], ctx: Extraction) -> str | None:
    kept = [
        " ".join(ln.text.replace("\t", " ").split())
        for ln in lines
        if not (ln.blank or ln.furniture or is_prompt(ln, ctx))
    ]
    return "\n".join(kept) or None


def _investment(
    lines: list[Line], scheme: Scheme, ctx: Extraction
) -> list[tuple[InvestmentLine, Line]]:
    """Each line of the box with its £ amount; `investment` only where one amount is stated."""
    prompt = compiled(ctx.framework.scheme_rules.investment_prompt)
    kept: list[tuple[InvestmentLine, Line]] = []
    for line in lines:
        if line.blank or line.furniture:
            continue
        text = " ".join(line.text.replace("\t", " ").split())
        match = prompt.search(text)
        if match:
            text = text[match.end() :].strip()
        elif is_prompt(line, ctx):
            continue
        text = text.lstrip("-• ").strip()
        if not text:
            continue
        amounts = find_money(text)
        amount = amounts[0].pounds if len(amounts) == 1 else None
        kept.append((InvestmentLine(text=text, amount=amount, line=line.number), line))
    with_amounts = [(item, line) for item, line in kept if item.amount is not None]
    totals = [(item, line) for item, line in with_amounts if _TOTAL.search(item.text)]
    chosen = (
        totals[0] if len(totals) == 1 else (with_amounts[0] if len(with_amounts) == 1 else None)
    )
    if chosen is not None:
        scheme.investment = chosen[0].amount
    elif len(with_amounts) > 1:
        ctx.warn(
            "investment-unlabelled",
            f"scheme {scheme.ref}: {len(with_amounts)} amounts and no total",
            with_amounts[0][1],
        )
    elif any(is_placeholder(item.text, ctx.framework) for item, _ in kept):
        line = next(ln for item, ln in kept if is_placeholder(item.text, ctx.framework))
        ctx.warn("investment-tbc", f"scheme {scheme.ref}: investment '{line.text}'", line)
    scheme.investment_lines = [item for item, _ in kept]
    return [chosen] if chosen is not None else []


def read_schemes(lines: list[Line], annex: list[Line] | None, ctx: Extraction) -> list[Scheme]:
    """Schemes from the list, each completed from its Annex 1 block (matched by ref)."""
    listed = read_scheme_list(lines, ctx) or read_planned_changes(lines, ctx)
    schemes = [scheme for scheme, _ in listed]
    by_ref = {scheme.ref: scheme for scheme in schemes if scheme.ref}
    blocks = _annex_blocks(annex, ctx) if annex else []
    _assign_refs(blocks, [s.ref for s in schemes if s.ref], ctx)
    annex_lines = annex or []
    investment_sources: dict[int, Line] = {}
    annex_sources: dict[int, Line] = {}
    for block in blocks:
        fields = _fields(annex_lines, block, ctx)
        name_lines = [
            ln
            for ln in annex_lines[block.name_index + 1 : block.end]
            if not (ln.blank or ln.furniture)
        ][:1]
        annex_name = _text(name_lines, ctx) if name_lines else None
        targets = [by_ref[r] for r in block.refs if r in by_ref]
        if not targets:
            if schemes and block.ref_text:
                ctx.warn(
                    "scheme-ref-unknown",
                    f"Annex 1 block '{block.ref_text}' ({annex_name}) matches no listed scheme",
                    block.ref_line,
                )
            scheme = Scheme(ref=block.refs[0] if block.refs else block.ref_text, name=annex_name)
            schemes.append(scheme)
            targets = [scheme]
        for scheme in targets:
            annex_sources[id(scheme)] = annex_lines[block.start]
            scheme.annex1 = True
            scheme.annex_name = annex_name
            for field_id, found in fields.items():  # the framework's Annex 1 text fields
                if field_id != "investment" and field_id in Scheme.model_fields:
                    setattr(scheme, field_id, _text(found[0], ctx))
            if "investment" in fields and len(targets) == 1:
                chosen = _investment(fields["investment"][0], scheme, ctx)
                if chosen:
                    investment_sources[id(scheme)] = chosen[0][1]
    for number, scheme in enumerate(schemes):
        source = next((ln for s, ln in listed if s is scheme), None)
        if source is not None:
            ctx.cite(pointer("schemes", number, "name"), source)
        if id(scheme) in annex_sources:
            ctx.cite(pointer("schemes", number, "annex1"), annex_sources[id(scheme)])
        if id(scheme) in investment_sources:
            ctx.cite(pointer("schemes", number, "investment"), investment_sources[id(scheme)])
    return schemes
