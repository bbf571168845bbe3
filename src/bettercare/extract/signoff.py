"""Authorisation and sign-off: one block per CCG, per council and for the HWB."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.values import DateError, is_placeholder, parse_date, split_name
from bettercare.frameworks import compiled
from bettercare.model import Signatory
from bettercare.read import Line


@dataclass
class _Block:
    kind: str
    label: str
    start: Line
    organisation: tuple[str, Line] | None = None
    name: tuple[str, Line] | None = None
    loose_name: tuple[str, Line] | None = None
    position: tuple[str, Line] | None = None
    date: tuple[str, Line] | None = None
    done: bool = False
    awaiting: str | None = None  # the field whose value may stand on the next line


# A block label that is whole; otherwise it was wrapped ("…the Clinical" / "Commissioning Group").
_COMPLETE_LABEL = re.compile(r"(?:group|council|board|ccg|authority)\W*$", re.IGNORECASE)


def _is_date(text: str) -> bool:
    try:
        return parse_date(text) is not None
    except DateError:
        return True


def _kind(label: str, ctx: Extraction) -> str | None:
    for kind in ctx.framework.signoff.kinds:
        if compiled(kind.pattern).search(label):
            return kind.kind
    return None


def _is_field(label: str, ctx: Extraction) -> bool:
    rules = ctx.framework.signoff
    return any(compiled(p).search(label) for p in (rules.by, rules.position, rules.date))


def _after(label: str, ctx: Extraction) -> str:
    """A value written in the label's own cell: "By: Jo Bloggs", "Date 19/09/14"."""
    rules = ctx.framework.signoff
    if compiled(rules.by_with_position).search(label):
        return ""
    for pattern in (rules.by, rules.position, rules.date):
        match = compiled(pattern).search(label)
        if match:
            return label[match.end() :].strip(" :")
    return ""


def read_signoff(lines: list[Line], ctx: Extraction) -> list[Signatory]:
    """Find each "Signed on behalf of …" block and read By, Position and Date under it."""
    rules = ctx.framework.signoff
    blocks: list[_Block] = []
    block: _Block | None = None
    consumed: set[int] = set()
    for index, line in enumerate(lines):
        if line.number in consumed:
            continue
        if line.blank or line.furniture:
            continue
        cells = line.cells
        label, value = cells[0], " ".join(c for c in cells[1:] if c)
        start = compiled(rules.start).search(label)
        if start:
            label_rest = label[start.end() :]
            following = next((ln for ln in lines[index + 1 :] if not ln.blank), None)
            # A label wrapped over two lines: "…the Clinical" / "Commissioning Group<TAB>X".
            if (
                following is not None
                and following.cells[0]
                and not _is_field(following.cells[0], ctx)
                and not compiled(rules.start).search(following.cells[0])
                and len(following.cells[0]) < 40
                and not value
                and not _COMPLETE_LABEL.search(label_rest)
            ):
                label_rest = f"{label_rest} {following.cells[0]}"
                value = " ".join(c for c in following.cells[1:] if c)
                consumed.add(following.number)
                line_for_value = following
            else:
                line_for_value = line
            if ":" in label_rest and not value:  # "…the Council: Riverton Council"
                label_rest, value = (part.strip() for part in label_rest.split(":", 1))
            kind = _kind(label_rest, ctx)
            if kind is None:
                block = None
                continue
            block = _Block(kind=kind, label=label_rest.strip(), start=line)
            blocks.append(block)
            if value:
                block.organisation = (value, line_for_value)
            else:
                block.awaiting = "organisation"
            continue
        if block is None or block.done:
            if block is not None and block.done and label and not _is_field(label, ctx):
                block = None
            continue
        lone = bool(label) and len(cells) == 1 and not _is_field(label, ctx)
        if block.awaiting and lone and (block.awaiting != "date" or _is_date(label)):
            # A value on the line below its label ("By" / "Jo Bloggs").
            setattr(block, block.awaiting, (label, line))
            block.done = block.awaiting == "date"
            block.awaiting = None
            continue
        block.awaiting = None
        value = value or _after(label, ctx)
        by_position = compiled(rules.by_with_position).search(label)
        if by_position:
            position = by_position.group(1)
            if ":" in position and not value:  # "By Chair of …: Cllr Jo Bloggs"
                position, value = (part.strip() for part in position.split(":", 1))
            block.position = (position, line)
            if value:
                block.name = (value, line)
            else:
                block.awaiting = "name"
        elif compiled(rules.by).search(label):
            if value:
                block.name = (value, line)
            else:
                block.awaiting = "name"
        elif compiled(rules.position).search(label):
            if value:
                block.position = (value, line)
            else:
                block.awaiting = "position"
        elif compiled(rules.date).search(label):
            if value:
                block.date = (value, line)
                block.done = True
            else:
                block.awaiting = "date"
        elif not label and value:
            if block.name is None and block.loose_name is None:
                block.loose_name = (value, line)
        else:
            block = None
    return [_signatory(number, b, ctx) for number, b in enumerate(blocks)]


def _signatory(number: int, block: _Block, ctx: Extraction) -> Signatory:
    framework = ctx.framework
    signatory = Signatory(on_behalf_of=block.kind)
    where = f"sign-off ({block.kind})"
    held = [block.organisation, block.name, block.loose_name, block.position, block.date]
    last = max((item[1] for item in held if item), key=lambda line: line.number, default=None)
    ctx.cite(pointer("signatories", number), block.start, last)

    def usable(item: tuple[str, Line] | None, what: str) -> tuple[str, Line] | None:
        if item is None:
            return None
        if is_placeholder(item[0], framework):
            ctx.warn("placeholder", f"{where} {what}: '{item[0]}' is a placeholder", item[1])
            return None
        return item

    organisation = usable(block.organisation, "organisation")
    if organisation:
        signatory.organisation = organisation[0]
        ctx.cite(pointer("signatories", number, "organisation"), organisation[1])
    name = usable(block.name or block.loose_name, "name")
    if name:
        person = split_name(name[0], framework)
        signatory.name, signatory.title, signatory.honours = (
            person.name,
            person.title,
            person.honours,
        )
        ctx.cite(pointer("signatories", number, "name"), name[1])
    position = usable(block.position, "position")
    if position:
        signatory.position = position[0]
        ctx.cite(pointer("signatories", number, "position"), position[1])
    date = usable(block.date, "date")
    if date:
        try:
            signatory.date = parse_date(date[0])
        except DateError as error:
            ctx.warn("date-invalid", f"{where} date: {error}", date[1])
        else:
            if signatory.date is None:
                ctx.warn("date-invalid", f"{where} date: no date in '{date[0]}'", date[1])
            else:
                ctx.cite(pointer("signatories", number, "date"), date[1])
    if signatory.name is None or signatory.date is None:
        ctx.warn(
            "signoff-incomplete",
            f"{where} has no {'name' if signatory.name is None else 'date'}",
            block.start,
        )
    return signatory
