"""Section 1a "Summary of Plan": authorities, CCGs, boundary, dates and the pooled budget,
read by their labels (framework `[form]`) wherever the layout puts them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.form import (
    Fragment,
    Hit,
    Label,
    Stream,
    fold,
    join_wrapped_labels,
    labels_for,
    pieces_of,
    side_by_side,
)
from bettercare.extract.organisations import is_list_of, read_organisations
from bettercare.extract.values import (
    DateRead,
    find_years,
    is_placeholder,
    plausible_pooled_budget,
    read_amount,
    read_date,
    unit_scale,
)
from bettercare.frameworks import FormField
from bettercare.gazetteer import gazetteer
from bettercare.model import FieldRead, PooledBudget
from bettercare.read import Line

# A piece this long is a flattened paragraph, not a cell.
_FLATTENED = 300
# The owner suffix of a label that counts only where it opens a cell or line.
_AT_START = "@start"
# … and of one that counts only as a whole cell ("Health and Wellbeing Board" in a table).
_WHOLE_CELL = "@cell"
# How far past a start label the form is looked for (a flattened page is one long line).
_FORM_TOKENS = 4000


@dataclass(frozen=True)
class FormArea:
    """Where the form sits in the stream: details in [start, signoff), sign-off up to end."""

    stream: Stream
    start: int
    signoff: int
    end: int
    hits: list[Hit]


@dataclass
class PlanDetails:
    area: str | None = None
    local_authorities: list[str] = field(default_factory=list)
    ccgs: list[str] = field(default_factory=list)
    district_councils: list[str] = field(default_factory=list)
    boundary_differences: str | None = None
    health_and_wellbeing_board: str | None = None
    date_agreed_at_hwb: dt.date | None = None
    date_submitted: dt.date | None = None
    pooled_budget: PooledBudget = field(default_factory=PooledBudget)


def _all_labels(ctx: Extraction) -> list[Label]:
    form = ctx.framework.form
    labels = labels_for("start", form.start) + labels_for("end", form.end)
    labels += labels_for("signoff", form.signoff.start)
    for item in form.fields:
        labels += labels_for(item.id, item.labels)
        labels += labels_for(f"{item.id}{_AT_START}", item.start_labels)
        labels += labels_for(f"{item.id}{_WHOLE_CELL}", item.cell_labels)
    for kind in form.signoff.kinds:
        labels += [
            Label(f"block:{kind.kind}", f"{block} {words}")
            for block in form.signoff.block
            for words in kind.words
        ]
    # The kind of a block named by its body ("Signed on behalf of NHS Bury CCG") is unknown
    # until the body's name is read.
    labels += labels_for("block:?", form.signoff.named_block)
    return labels


def locate_form(lines: list[Line], ctx: Extraction) -> FormArea | None:
    """The stretch of the plan's opening that holds the form: of every place a start label
    ("Summary of Plan") opens, the one followed by the most field labels (a contents page
    names the same headings with no form after them)."""
    form = ctx.framework.form
    openings = tuple(fold(block) for block in form.signoff.block)
    labels = _all_labels(ctx)
    keys = [label.key for label in labels] + [fold(words) for words in form.signoff.chair]
    pieces = side_by_side(pieces_of(lines, keys), lambda text: fold(text).startswith(openings))
    stream = Stream(join_wrapped_labels(pieces, keys))
    if not len(stream):
        return None
    hits = [
        Hit(h.owner.split("@")[0], h.start, h.end, h.exact, h.score, h.size)
        for h in stream.find(labels, form.fuzzy_ratio, form.fuzzy_from)
        if (not h.owner.endswith(_AT_START) or _stands_alone(stream, h))
        and (not h.owner.endswith(_WHOLE_CELL) or stream.is_whole_piece(h.start, h.end))
    ]
    fields = {item.id for item in form.fields}
    starts = [0] + [h.end for h in hits if h.owner == "start"]
    best: tuple[int, int] | None = None
    for start in starts:
        stop = start + _FORM_TOKENS
        owners = {h.owner for h in hits if start <= h.start < stop}
        score = len(owners & fields) + sum(1 for o in owners if o.startswith("block:"))
        if best is None or score > best[0]:
            best = (score, start)
    if best is None or best[0] == 0:
        return None
    start = best[1]
    inside = [h for h in hits if start <= h.start < start + _FORM_TOKENS]
    blocks = [h.start for h in inside if h.owner.startswith("block:")]
    last = blocks[-1] if blocks else start
    end = next((h.start for h in inside if h.owner == "end" and h.start > last), None)
    end = min(len(stream), start + _FORM_TOKENS) if end is None else end
    first_block = next((h.start for h in inside if h.owner.startswith("block:")), end)
    signoff = next(
        (h.start for h in inside if h.owner == "signoff" and h.start <= first_block), first_block
    )
    area_hits = [h for h in inside if h.start < end]
    return FormArea(stream, start, min(signoff, end), end, area_hits)


def _stands_alone(stream: Stream, hit: Hit) -> bool:
    """A short label ("CCGs") counts where it opens a cell or line, or, in a flattened
    paragraph, where it is not the end of a known body's name ("NHS Bury CCG")."""
    if stream.is_piece_start(hit.start):
        return True
    token = stream.tokens[hit.start]
    piece = stream.pieces[token.piece]
    if len(piece.text) < _FLATTENED or not stream.tokens[hit.end - 1].key.endswith("s"):
        return False  # mid-paragraph only the plural "CCGs": "… CCG" ends a name
    return not any(m.start <= token.start < m.end for m in gazetteer().find_all(piece.text, "ccg"))


def _chosen(area: FormArea, ctx: Extraction) -> list[tuple[FormField, Hit]]:
    """Each field's label, taken in template order: a label word inside an earlier value
    ("…both Local Authority returns" in boundary text) is not taken for a later field."""
    chosen: list[tuple[FormField, Hit]] = []
    after = area.start - 1
    stream = area.stream
    for item in ctx.framework.form.fields:
        hits = [h for h in area.hits if h.owner == item.id and after < h.start < area.signoff]
        hit = next((h for h in hits if stream.is_piece_start(h.start)), None)
        hit = hit or next(iter(hits), None)
        if hit is None:
            continue
        if item.kind == "date":
            hit = _last_repeat(hit, area)
        chosen.append((item, hit))
        if not item.anywhere:
            after = hit.start
    return sorted(chosen, key=lambda pair: pair[1].start)


def _last_repeat(hit: Hit, area: FormArea) -> Hit:
    """The last of a run of the same label with no other field's label between."""
    following = [h for h in area.hits if h.start > hit.start and h.start < area.signoff]
    for other in following:
        if other.owner != hit.owner:
            break
        hit = other
    return hit


def read_details(area: FormArea | None, ctx: Extraction) -> PlanDetails:
    """Read every field of the summary; each gets a read state in `ctx.fields`."""
    details = PlanDetails()
    form = ctx.framework.form
    if area is None:
        for item in form.fields:
            for where in _pointers(item, ctx):
                ctx.state(where, FieldRead(state="absent"))
        return details
    chosen = _chosen(area, ctx)
    found = {item.id for item, _ in chosen}
    values: dict[str, list[Fragment]] = {}
    header_scale: int | None = None  # a "£000's" line over the pooled-budget rows
    for index, (item, hit) in enumerate(chosen):
        stop = chosen[index + 1][1].start if index + 1 < len(chosen) else area.signoff
        fragments = area.stream.between(hit.end, stop)
        units = [f for f in fragments if unit_scale(f.text) and read_amount(f.text) is None]
        if units and item.kind != "money":
            header_scale = unit_scale(units[-1].text)
            # a line that is only the unit ("£000's") is no part of this field's value
            fragments = [f for f in fragments if f not in units or _UNIT_WORDS.sub("", f.text)]
        values[item.id] = fragments
    _redistribute(chosen, values, ctx)
    spill: list[Fragment] = []
    for item, hit in chosen:
        fragments = values[item.id]
        how = "exact" if hit.exact else "fuzzy"
        label_line = area.stream.line_of(hit.start)
        if item.id == "boundary_differences" and spill:
            fragments = spill + fragments
        if item.kind == "organisations":
            names, prose = read_organisations(item, fragments, label_line, how, ctx)
            setattr(details, item.id, names)
            spill = prose if "boundary_differences" in found else []
        elif item.kind == "text":
            _text(details, item, fragments, how, ctx)
        elif item.kind == "date":
            _date(details, item, fragments, label_line, how, ctx)
        elif item.kind == "money":
            label_text = area.stream.pieces[area.stream.tokens[hit.start].piece].text
            scale = unit_scale(label_text) or header_scale
            _money(details, item, scale, fragments, how, ctx)
    for item in form.fields:
        if item.id not in found:
            for where in _pointers(item, ctx):
                ctx.state(where, FieldRead(state="absent"))
    _unfilled_budget(details, ctx)
    _same_unit(details, ctx)
    return details


def _same_unit(details: PlanDetails, ctx: Extraction) -> None:
    """A total about a thousand times smaller than its minimum is in the minimum's £000s (a
    unit stated on one row of the table only): scaled, and flagged for review."""
    budget = details.pooled_budget
    for year, total in budget.total.items():
        minimum = budget.minimum.get(year)
        if not total or not minimum or total * 1000 < minimum or total * 10 >= minimum:
            continue
        where = pointer("pooled_budget", "total", year)
        budget.total[year] = total * 1000
        reason = f"£{total:,} is below the minimum £{minimum:,}; read in £000s like it"
        ctx.warn("money-unit-assumed", f"total pooled budget {year}: {reason}", where=where)
        ctx.state(where, FieldRead(state="found", reason=reason, needs_review=True))


def _unfilled_budget(details: PlanDetails, ctx: Extraction) -> None:
    """Every pooled-budget amount £0.00: the template's own figures, never filled in."""
    budget = details.pooled_budget
    amounts = [*budget.minimum.values(), *budget.total.values()]
    if len(amounts) < 2 or any(amount != 0 for amount in amounts):
        return
    for which in ("minimum", "total"):
        for year in getattr(budget, which):
            getattr(budget, which)[year] = None
            where = pointer("pooled_budget", which, year)
            ctx.sources.pop(where, None)
            ctx.state(where, FieldRead(state="blank", reason="£0.00 as the template has it"))
    ctx.warn("placeholder", "every pooled-budget amount is £0.00: the template was not filled in")


def _pointers(item: FormField, ctx: Extraction) -> list[str]:
    if item.kind == "money":
        which = _which(item)
        return [pointer("pooled_budget", which, year) for year in ctx.framework.years]
    return [pointer(item.id)]


def _which(item: FormField) -> str:
    return "minimum" if item.id.startswith("minimum") else "total"


def _fits(item: FormField, text: str, ctx: Extraction) -> bool:
    """Whether a piece could be this field's value (for values placed after all labels)."""
    if is_placeholder(text, ctx.framework):
        return True
    if item.kind == "date":
        return read_date(text) is not None
    if item.kind == "money":
        return _amount_text(text) is not None
    if item.kind == "organisations":
        return is_list_of(item.body or "council", text, ctx)
    return True


def _amount_text(text: str) -> str | None:
    """The text of an amount with any financial years taken out; None if it holds none."""
    rest = text
    for _, start, end in reversed(find_years(text)):
        rest = f"{rest[:start]} {rest[end:]}"
    return rest if read_amount(rest) is not None else None


def _has_value(item: FormField, fragments: list[Fragment], ctx: Extraction) -> bool:
    if item.kind == "money":
        return any(_fits(item, f.text, ctx) for f in fragments)
    return bool(fragments)


def _redistribute(
    chosen: list[tuple[FormField, Hit]], values: dict[str, list[Fragment]], ctx: Extraction
) -> None:
    """Labels with nothing after them, then all the values (a table read column by column):
    hand the values out in order, each field taking the pieces that fit it."""
    fields = [item for item, _ in chosen]
    empty = [not _has_value(item, values[item.id], ctx) for item in fields]
    if sum(empty) < 2 or (not empty[0] and empty.count(True) < 2):
        return
    first = empty.index(True)
    holder = next((i for i in range(first, len(fields)) if not empty[i]), None)
    if holder is None:
        return
    run = fields[first : holder + 1]
    pool = [f for f in values[run[-1].id] if not _only_years(f.text)]
    if len(pool) < len(run):
        return
    years = len(ctx.framework.years)
    for position, item in enumerate(run):
        following = run[position + 1] if position + 1 < len(run) else None
        taken: list[Fragment] = []
        while pool and _fits(item, pool[0].text, ctx):
            if taken and is_placeholder(pool[0].text, ctx.framework):
                break  # a placeholder stands for one whole value
            if (
                taken
                and item.kind == "text"
                and following is not None
                and following.kind != "text"
                and _fits(following, pool[0].text, ctx)
            ):
                break
            taken.append(pool.pop(0))
            if item.kind == "date" or (item.kind == "money" and len(taken) == years):
                break
        values[item.id] = taken
        ctx.positional.add(item.id)


_POUND = re.compile(r"(?=£)")
_UNIT_WORDS = re.compile(r"[£()'’\s:]|000s?|thousands?|millions?|\bin\b|\bk\b|\bm\b", re.I)


def _segments(text: str) -> list[str]:
    """A value's text cut at its financial years and before each "£", so each part holds at
    most one amount ("2014/15 £6.4m 2015/16 £11,609,000" in one flattened line)."""
    parts: list[str] = []
    last = 0
    for _, start, end in find_years(text):
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    pieces = (piece.strip(" :/-–") for part in parts for piece in _POUND.split(part))
    return [piece for piece in pieces if piece]


def _only_years(text: str) -> bool:
    rest = text
    for _, start, end in reversed(find_years(text)):
        rest = f"{rest[:start]} {rest[end:]}"
    return bool(find_years(text)) and not rest.strip(" :/-")


def _text(
    details: PlanDetails, item: FormField, fragments: list[Fragment], how: str, ctx: Extraction
) -> None:
    where = pointer(item.id)
    if all(is_placeholder(f.text, ctx.framework) for f in fragments):
        ctx.state(where, FieldRead(state="blank", how=ctx.how(item.id, how)))
        return
    text = " ".join(f.text for f in fragments)
    ctx.cite(where, fragments[0].line, fragments[-1].line)
    words = len(text.split())
    if item.max_words is not None and words > item.max_words:
        reason = f"{words} words where a name of at most {item.max_words} was expected"
        ctx.state(where, FieldRead(state="unreadable", reason=reason, needs_review=True))
        return
    setattr(details, item.id, text)
    ctx.state(where, FieldRead(state="found", how=ctx.how(item.id, how)))


def _date(
    details: PlanDetails,
    item: FormField,
    fragments: list[Fragment],
    label_line: Line,
    how: str,
    ctx: Extraction,
) -> None:
    where = pointer(item.id)
    label = item.id.replace("_", " ")
    found = date_in(fragments, where, label, ctx)
    if found is not None:
        read, fragment = found
        if read.date is None:
            return
        setattr(details, item.id, read.date)
        ctx.cite(where, fragment.line)
        review = read.precision != "day"
        reason = "only the month is given" if review else None
        state = FieldRead(state="found", how=ctx.how(item.id, how), reason=reason)
        ctx.state(where, state.model_copy(update={"needs_review": review}))
        return
    text = " ".join(f.text for f in fragments)
    if not fragments or is_placeholder(fragments[0].text, ctx.framework):
        if fragments:
            text = fragments[0].text
            ctx.warn("placeholder", f"{label}: '{text}' is a placeholder", label_line, where)
        ctx.state(where, FieldRead(state="blank", how=ctx.how(item.id, how)))
        return
    ctx.warn("date-invalid", f"{label}: no date in '{text[:80]}'", fragments[0].line, where)
    ctx.state(
        where, FieldRead(state="unreadable", reason=f"no date in '{text[:80]}'", needs_review=True)
    )


def date_in(
    fragments: list[Fragment], where: str, label: str, ctx: Extraction
) -> tuple[DateRead, Fragment] | None:
    """The first date in a value, and the fragment it is in; a date broken over lines is
    read from the joined text; a placeholder first ("<date>") means there is none. An
    impossible date ("7 March 20014") is recorded as unreadable, with a warning."""
    if not fragments or is_placeholder(fragments[0].text, ctx.framework):
        return None
    first = fragments[0]
    joined = Fragment(" ".join(f.text for f in fragments), first.line, first.piece)
    for fragment in [*fragments, joined]:
        if is_placeholder(fragment.text, ctx.framework):
            continue
        read = read_date(fragment.text)
        if read is None:
            continue
        if read.date is None:
            ctx.warn("date-invalid", f"{label}: {read.error}", fragment.line, where)
            ctx.state(where, FieldRead(state="unreadable", reason=read.error, needs_review=True))
        return read, fragment
    return None


def _money(
    details: PlanDetails,
    item: FormField,
    label_scale: int | None,
    fragments: list[Fragment],
    how: str,
    ctx: Extraction,
) -> None:
    """Pair the years and amounts of a pooled-budget field, in the order written: "2014/15
    £6,437,351 2015/16 £11,609,000", or both years then both amounts (a wrapped label)."""
    form = ctx.framework.form
    which = _which(item)
    years: list[tuple[str, Fragment]] = []
    amounts: list[tuple[int | None, str | None, Fragment, str]] = []
    # A unit written with the label or its first row ("pooled budget (£000s): 2014/15")
    # holds for the field's other year; a unit on one amount holds for that amount.
    stated = next((unit_scale(f.text) for f in fragments if unit_scale(f.text)), None)
    for fragment in fragments:
        scale = unit_scale(fragment.text) or stated or label_scale
        found_years = find_years(fragment.text)
        years += [(year, fragment) for year, _, _ in found_years if year in ctx.framework.years]
        for segment in _segments(fragment.text):
            if is_placeholder(segment.strip(" :£"), ctx.framework):
                amounts.append((None, "placeholder", fragment, segment.strip()))
                continue
            read = read_amount(segment, scale)
            if read is None:
                continue
            amounts.append((read.pounds, read.null_reason, fragment, read.text))
            if read.corrected:
                ctx.warn("money-ocr", f"{which} pooled budget: {read.corrected}", fragment.line)
            if read.unit == "£000s" and scale and not unit_scale(read.text):
                ctx.warn("money-unit-assumed", f"'{read.text}' read as £000s", fragment.line)
    order = [y for y, _ in years] or list(ctx.framework.years)
    if len(amounts) > len(order):  # a stray page number among the rows ("2"): not money
        amounts = [a for a in amounts if a[0] is None or a[0] * 1000 >= form.pooled_budget_low]
    if len(years) > len(amounts) and amounts:
        order = order[: len(amounts)]
    seen: set[str] = set()
    for year, (pounds, reason, fragment, text) in zip(order, amounts, strict=False):
        if year in seen:
            continue
        seen.add(year)
        where = pointer("pooled_budget", which, year)
        label = f"{which} pooled budget {year}"
        if pounds is None:
            if reason == "placeholder":
                ctx.warn("placeholder", f"{label}: '{text}' is a placeholder", fragment.line, where)
            getattr(details.pooled_budget, which)[year] = None
            state = "blank" if reason in ("placeholder", None) else "found"
            ctx.state(where, FieldRead(state=state, how=ctx.how(item.id, how), reason=reason))
            continue
        if not plausible_pooled_budget(pounds, form.pooled_budget_low, form.pooled_budget_high):
            scaled = pounds * 1000
            if pounds and plausible_pooled_budget(
                scaled, form.pooled_budget_low, form.pooled_budget_high
            ):
                ctx.warn(
                    "money-unit-assumed",
                    f"{label}: '{text}' is too small for a pooled budget; read as £000s",
                    fragment.line,
                    where,
                )
                getattr(details.pooled_budget, which)[year] = scaled
                ctx.cite(where, fragment.line)
                ctx.state(
                    where,
                    FieldRead(
                        state="found",
                        how=ctx.how(item.id, how),
                        reason=f"'{text}' read as £000s",
                        needs_review=True,
                    ),
                )
                continue
            if pounds:
                message = f"{label}: £{pounds:,} is not plausible for one HWB's pooled budget"
                ctx.warn("money-implausible", message, fragment.line, where)
                ctx.state(
                    where,
                    FieldRead(
                        state="unreadable", reason=message.split(": ", 1)[1], needs_review=True
                    ),
                )
                continue
        getattr(details.pooled_budget, which)[year] = pounds
        ctx.cite(where, fragment.line)
        ctx.state(where, FieldRead(state="found", how=ctx.how(item.id, how)))
    for year in ctx.framework.years:
        where = pointer("pooled_budget", which, year)
        if where not in ctx.fields:
            ctx.state(where, FieldRead(state="blank", how=ctx.how(item.id, how)))
