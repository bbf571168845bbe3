"""Authorisation and sign-off: one block per CCG, per council and for the HWB.

A block opens with "Signed on behalf of …"; its rows are found by role labels (By, Name,
Signed by, Position, Role, Title, Date …) in any order, whether each value sits beside its
label, under it, or after all the labels. A field is blank only on positive evidence (the
label is there with nothing or a placeholder after it); a field with no label at all is
absent and needs review, so an unread block is never taken for an unsigned one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Literal

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.details import FormArea, date_in
from bettercare.extract.form import Fragment, Hit, Label, Piece, fold, labels_for, text_of
from bettercare.extract.values import is_placeholder, read_date, split_name
from bettercare.gazetteer import gazetteer
from bettercare.model import FieldRead, Signatory
from bettercare.read import IMAGE, Line

_READ_ROLES = ("organisation", "name", "position", "date")
# A line of the sign-off section that could head a block has at most this many words.
_BLOCK_LINE_WORDS = 15
# Column headers of a sign-off grid that name the organisation signing.
_ORGANISATION_HEADS = ("organisation", "on behalf of", "signed on behalf of", "body", "partner")
# "Tom Reed (Chief Executive)": a position in brackets after the name.
_BRACKETED = re.compile(r"^(?P<name>[^()]{3,80})\((?P<position>[^()]{3,120})\)\s*$")
# A line that ends an organisation's name begun on the line above.
_NAME_GOES_ON = re.compile(
    r"^(?:[a-z]|\)|&|CCG\b|(?:Clinical|Commissioning|Group|Council|Board|Borough)\b)"
)


@dataclass
class _Field:
    """A field's value and how its label was found (by position when it had none)."""

    fragments: list[Fragment]
    how: str = "position"


def _role_labels(ctx: Extraction) -> list[Label]:
    rules = ctx.framework.form.signoff
    labels = labels_for("chair", rules.chair)
    for role in rules.roles:
        labels += labels_for(role.role, role.labels)
    return labels


def read_signoff(area: FormArea | None, ctx: Extraction) -> list[Signatory]:
    """Every sign-off block of the form, in document order."""
    if area is None:
        return []
    grid = _grid(area, ctx)
    if grid:
        return grid
    form = ctx.framework.form
    stream = area.stream
    blocks = [h for h in area.hits if h.owner.startswith("block:") and h.start >= area.signoff]
    block_labels = [h for h in area.hits if h.owner.startswith("block:")]
    found = stream.find(
        _role_labels(ctx) + [Label(h.owner, text_of(stream, h.start, h.end)) for h in blocks],
        form.fuzzy_ratio,
        form.fuzzy_from,
        area.signoff,
        area.end,
    )
    roles = [h for h in found if not h.owner.startswith("block:")]
    roles = [r for r in roles if all(r.end <= b.start or r.start >= b.end for b in block_labels)]
    blocks = blocks or _headed(area, roles, ctx)
    signatories: list[Signatory] = []
    for number, block in enumerate(blocks):
        stop = blocks[number + 1].start if number + 1 < len(blocks) else area.end
        signatory = _block(len(signatories), block, stop, roles, area, ctx)
        if signatory is not None:
            signatories.append(signatory)
    _unread_text(area, len(signatories), ctx)
    return signatories


def _unread_text(area: FormArea, blocks: int, ctx: Extraction) -> None:
    """Whether all of the sign-off section was read: a line naming a kind of body ("…
    Health and Wellbeing Board Chair") outside every block read means a block may have been
    missed, so a missing block is to be checked by hand, not taken as unsigned."""
    stream = area.stream
    if not blocks or area.signoff >= min(area.end, len(stream)):
        return
    claimed: set[int] = set()
    for number in range(blocks):
        block = ctx.sources.get(pointer("signatories", number))
        if block is None:
            continue
        read = [ctx.sources.get(pointer("signatories", number, role)) for role in _READ_ROLES]
        last = max((r.end_line or r.line for r in read if r is not None), default=block.line)
        claimed.update(range(block.line, max(last, block.line) + 1))
    heading = stream.line_of(area.signoff).number
    words = [fold(w) for kind in ctx.framework.form.signoff.kinds for w in kind.words]
    where = pointer("signatories")
    for token in range(area.signoff, min(area.end, len(stream))):
        line = stream.line_of(token)
        if line.number in claimed or line.number == heading or line.number < heading:
            continue
        short = len(line.text.split()) <= _BLOCK_LINE_WORDS  # a heading, not a paragraph
        if short and any(word in fold(line.text) for word in words):
            ctx.cite(where, line)
            reason = f"line {line.number} of the sign-off section was not read as a block"
            ctx.state(where, FieldRead(state="unreadable", reason=reason, needs_review=True))
            return
    ctx.state(where, FieldRead(state="found"))


def _headed(area: FormArea, roles: list[Hit], ctx: Extraction) -> list[Hit]:
    """Blocks headed by the kind of body alone, with no "Signed on behalf of" ("Clinical
    Commissioning Group<TAB>NHS Bury CCG" then Name, Position, Date rows): a cell that is
    only a kind's words, opening its line in the sign-off section, with a role label after it
    before the next such cell."""
    stream = area.stream
    kinds = {
        fold(words): kind.kind for kind in ctx.framework.form.signoff.kinds for words in kind.words
    }
    heads: list[Hit] = []
    token = area.signoff
    while token < min(area.end, len(stream)):
        piece = stream.tokens[token].piece
        end = token
        while end < len(stream) and stream.tokens[end].piece == piece:
            end += 1
        text = fold(stream.pieces[piece].text)
        if stream.pieces[piece].col == 0 and text in kinds:
            heads.append(Hit(f"block:{kinds[text]}", token, end, True, 100.0, len(text)))
        token = end
    if not heads:
        return []
    bounds = [h.start for h in heads[1:]] + [area.end]
    return [
        head
        for head, stop in zip(heads, bounds, strict=True)
        if any(head.end <= role.start < stop for role in roles)
    ]


def _grid(area: FormArea, ctx: Extraction) -> list[Signatory]:
    """Sign-off as one grid, a block a row, under a header row naming the columns
    ("Signed on behalf of | Name | Position | Date")."""
    rules = ctx.framework.form.signoff
    stream = area.stream
    if not len(stream) or area.signoff >= len(stream):
        return []
    first = stream.tokens[area.signoff].piece
    last = stream.tokens[min(area.end, len(stream)) - 1].piece
    rows: list[list[tuple[int, Piece]]] = []
    for index in range(first, last + 1):
        piece = stream.pieces[index]
        if rows and rows[-1][0][1].line is piece.line:
            rows[-1].append((index, piece))
        else:
            rows.append([(index, piece)])
    heads = {fold(words) for words in rules.block} | {fold(w) for w in _ORGANISATION_HEADS}
    roles = {fold(label): role.role for role in rules.roles for label in role.labels}
    for at, header in enumerate(rows):
        org_col = next((p.col for _, p in header if fold(p.text) in heads), None)
        columns = {p.col: roles[fold(p.text)] for _, p in header if fold(p.text) in roles}
        if org_col is None or len(columns) < 2 or "name" not in columns.values():
            continue
        signatories: list[Signatory] = []
        for row in rows[at + 1 :]:
            cells = {p.col: (i, p) for i, p in row}
            kind = _kind_of(cells[org_col][1].text, ctx) if org_col in cells else None
            if kind is None:
                break
            fields: dict[str, _Field] = {
                role: _Field([Fragment(cells[col][1].text, cells[col][1].line, cells[col][0])])
                if col in cells and cells[col][1].text
                else _Field([])
                for col, role in columns.items()
            }
            index, organisation = cells[org_col]
            fields["organisation"] = _Field([Fragment(organisation.text, organisation.line, index)])
            fields.pop("signature", None)
            signatories.append(
                _signatory(len(signatories), kind, fields, organisation.line, None, ctx)
            )
        return signatories
    return []


def _kind(text: str) -> Literal["ccg", "council", "hwb"] | None:
    """A block label's kind ("block:ccg" → "ccg"); None for a block named by its body."""
    return text if text in ("ccg", "council", "hwb") else None  # type: ignore[return-value]


def _kind_of(text: str, ctx: Extraction) -> Literal["ccg", "council", "hwb"] | None:
    """Which kind of body signs, from its name: "… Health and Wellbeing Board", "… CCG"."""
    words = fold(text)
    for kind in ctx.framework.form.signoff.kinds:
        if any(fold(w) in words for w in kind.words):
            return kind.kind
    if gazetteer().resolve(text, "ccg") is not None:
        return "ccg"
    if gazetteer().resolve(text, "council") is not None:
        return "council"
    return None


def _block(
    number: int, block: Hit, stop: int, roles: list[Hit], area: FormArea, ctx: Extraction
) -> Signatory | None:
    stream = area.stream
    named = block.owner.split(":", 1)[1]
    taken: dict[str, Hit] = {}
    for hit in roles:
        role = "name" if hit.owner == "chair" else hit.owner
        if block.end <= hit.start < stop and role not in taken:
            taken[role] = hit
    ordered = sorted(taken.values(), key=lambda h: h.start)
    first = ordered[0].start if ordered else stop
    how = "exact" if block.exact else "fuzzy"
    fields: dict[str, _Field] = {"organisation": _Field(stream.between(block.end, first), how)}
    for index, hit in enumerate(ordered):
        end = ordered[index + 1].start if index + 1 < len(ordered) else stop
        role = "name" if hit.owner == "chair" else hit.owner
        value = stream.between(hit.end, end)
        if role == "organisation":  # an "Organisation" row: the block label's text ends there
            value = fields["organisation"].fragments + value
        fields[role] = _Field(value, "exact" if hit.exact else "fuzzy")
    order = ["name" if h.owner == "chair" else h.owner for h in ordered]
    order = [role for role in order if role != "organisation"]
    _redistribute(fields, order)
    _pull_back(fields, ["organisation", *order], area)
    if "name" not in fields and "signature" in fields:
        fields["name"] = fields.pop("signature")
    fields.pop("signature", None)

    organisation = " ".join(f.text for f in fields["organisation"].fragments)
    kind = _kind(named) or _kind_of(organisation, ctx)
    if kind is None:  # "Signed on behalf of" something that is no CCG, council or HWB
        return None
    chair = next((h for h in ordered if h.owner == "chair"), None)
    chair_line = stream.line_of(chair.start) if chair is not None else None
    return _signatory(number, kind, fields, stream.line_of(block.start), chair_line, ctx)


def _signatory(
    number: int,
    kind: Literal["ccg", "council", "hwb"],
    fields: dict[str, _Field],
    first: Line,
    chair: Line | None,
    ctx: Extraction,
) -> Signatory:
    """One block's fields read into a signatory, each with its read state. `chair` is the
    line of a "By Chair of Health and Wellbeing Board" label, which names the position."""
    signatory = Signatory(on_behalf_of=kind)
    where = f"sign-off ({kind})"
    last = max(
        (f.line for field in fields.values() for f in field.fragments),
        key=lambda line: line.number,
        default=None,
    )
    ctx.cite(pointer("signatories", number), first, last)
    extra = _take_name(number, signatory, fields.get("name"), where, ctx)
    position = fields.get("position")
    if extra and not (position and position.fragments):  # written after the name
        fields["position"] = _Field(extra, "position")
    roles = ["organisation", "position", "date"]
    if chair is not None and "position" not in fields:  # "By Chair of …" is the position
        roles.remove("position")
        signatory.position = ctx.framework.form.signoff.chair_position
        ctx.cite(pointer("signatories", number, "position"), chair)
        ctx.state(pointer("signatories", number, "position"), FieldRead(state="found"))
    for role in roles:
        _take(number, signatory, role, fields.get(role), where, ctx)
    if signatory.name is None or signatory.date is None:
        ctx.warn(
            "signoff-incomplete",
            f"{where} has no {'name' if signatory.name is None else 'date'}",
            first,
        )
    return signatory


def _pull_back(fields: dict[str, _Field], order: list[str], area: FormArea) -> None:
    """A value cell printed above its label (a vertically centred cell: "<TAB>Dr A Doyle"
    then "By"): an empty role takes the last value line of the field before it, when that
    line has nothing in its label column."""
    for before, role in itertools.pairwise(order):
        previous = fields[before].fragments
        if role == "signature" or fields[role].fragments or len(previous) < 2:
            continue
        piece = area.stream.pieces[previous[-1].piece]
        if _NAME_GOES_ON.match(piece.text):
            continue  # the rest of an organisation's name wrapped in its cell
        if piece.col >= 1 and not any(
            p.line is piece.line and p.col == 0 for p in area.stream.pieces
        ):
            fields[role] = _Field([previous.pop()], "position")


def _redistribute(fields: dict[str, _Field], order: list[str]) -> None:
    """All the labels first, then all the values (a table read column by column)."""
    if len(order) < 2 or any(fields[role].fragments for role in order[:-1]):
        return
    pool = fields[order[-1]].fragments
    if pool and order[-1] == "date" and read_date(pool[0].text) is not None:
        return  # the last label's own value comes first: nothing was read column-wise
    run = order if fields["organisation"].fragments else ["organisation", *order]
    if len(pool) < len(run):
        return
    for index, role in enumerate(run):
        taken = pool[index : index + 1] if index < len(run) - 1 else pool[index:]
        fields[role] = _Field(taken, "position")


def _usable(field: _Field | None, ctx: Extraction) -> list[Fragment] | None:
    """The fragments that hold a value; [] when the field is blank; None when absent."""
    if field is None:
        return None
    return [
        f for f in field.fragments if f.text != IMAGE and not is_placeholder(f.text, ctx.framework)
    ]


def _state(field: _Field | None, fragments: list[Fragment] | None) -> FieldRead:
    if field is None:
        return FieldRead(state="absent", needs_review=True, reason="no label for it in the block")
    if not fragments and any(f.text == IMAGE for f in field.fragments):
        return FieldRead(
            state="unreadable", reason="a picture (a signature?), not text", needs_review=True
        )
    if not fragments:
        return FieldRead(state="blank", how=field.how)
    return FieldRead(state="found", how=field.how)


def _take_name(
    number: int, signatory: Signatory, field: _Field | None, where: str, ctx: Extraction
) -> list[Fragment]:
    """Read the signatory's name; return what followed it that reads as a position."""
    fragments = _usable(field, ctx)
    at = pointer("signatories", number, "name")
    if field is not None and fragments is not None and len(fragments) < len(field.fragments):
        ctx.warn("placeholder", f"{where} name is a placeholder", field.fragments[0].line, at)
    ctx.state(at, _state(field, fragments))
    if not fragments:
        return []
    # A name broken over lines ("Dr" / "Alys Abernethy OBE") is joined up again.
    taken = 1
    while taken < len(fragments) and _name_goes_on(fragments[:taken], fragments[taken], ctx):
        taken += 1
    text, position = _split_position(" ".join(f.text for f in fragments[:taken]), ctx)
    person = split_name(text, ctx.framework)
    signatory.name, signatory.title, signatory.honours = person.name, person.title, person.honours
    ctx.cite(at, fragments[0].line, fragments[taken - 1].line)
    rest = fragments[taken:]
    if position:
        rest = [Fragment(position, fragments[0].line, fragments[0].piece), *rest]
    return rest


def _name_goes_on(name: list[Fragment], following: Fragment, ctx: Extraction) -> bool:
    """Whether the next line carries the name on: the name so far is only a title ("Dr"),
    or the next line is a surname wrapped in a narrow cell ("Isadora" / "Ashdown-Pryce")."""
    words = " ".join(f.text for f in name).split()
    titles = {t.lower() for t in ctx.framework.titles}
    if all(w.lower() in titles for w in words):
        return True
    more = following.text.split()
    opening = set(ctx.framework.form.signoff.position_words)
    return (
        len(words) - sum(w.lower() in titles for w in words) == 1
        and len(more) <= 2
        and all(w[:1].isupper() and w.lower() not in opening for w in more)
        and read_date(following.text) is None
    )


def _split_position(text: str, ctx: Extraction) -> tuple[str, str | None]:
    """ "Councillor Ruth Dombey Leader of …", "Tom Reed (Chief Executive)", "Ann Lake,
    Chief Officer" → the name, and the position after it."""
    bracketed = _BRACKETED.match(text)
    if bracketed:
        return bracketed["name"].strip(), bracketed["position"].strip()
    if "," in text:
        name, after = (part.strip() for part in text.split(",", 1))
        first = after.split()[:1]
        if first and first[0].lower() in ctx.framework.form.signoff.position_words:
            return name, after
    words = text.split()
    opening = set(ctx.framework.form.signoff.position_words)
    titles = {t.lower() for t in ctx.framework.titles}
    start = 0
    while start < len(words) and words[start].lower() in titles:
        start += 1
    for index in range(start + 2, len(words)):
        if words[index].lower() in opening and words[index][:1].isupper():
            return " ".join(words[:index]), " ".join(words[index:])
    return text, None


def _take(
    number: int,
    signatory: Signatory,
    role: str,
    field: _Field | None,
    where: str,
    ctx: Extraction,
) -> None:
    at = pointer("signatories", number, role)
    fragments = _usable(field, ctx)
    if (
        role == "date"
        and field
        and field.fragments
        and is_placeholder(field.fragments[0].text, ctx.framework)
    ):
        fragments = []  # "<date>": what follows it is not this block's date
    if field is not None and fragments is not None and len(fragments) < len(field.fragments):
        ctx.warn("placeholder", f"{where} {role} is a placeholder", field.fragments[0].line, at)
    if role == "organisation" and field is not None and not field.fragments:
        ctx.state(at, FieldRead(state="blank", how=field.how))
        return
    if role != "date" or not fragments:
        ctx.state(at, _state(field, fragments))
        if fragments:
            setattr(signatory, role, " ".join(f.text for f in fragments))
            ctx.cite(at, fragments[0].line, fragments[-1].line)
        return
    found = date_in(fragments, at, f"{where} date", ctx)
    if found is not None:
        read, fragment = found
        if read.date is None:
            return
        signatory.date = read.date
        ctx.cite(at, fragment.line)
        ctx.state(at, _state(field, fragments))
        return
    text = " ".join(f.text for f in fragments)[:80]
    ctx.warn("date-invalid", f"{where} date: no date in '{text}'", fragments[0].line, at)
    ctx.state(at, FieldRead(state="unreadable", reason=f"no date in '{text}'", needs_review=True))
