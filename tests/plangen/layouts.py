"""Layouts: a plan's truth written the way councils' Word, PDF and web output writes it.

Each layout is a named function `(truth, source) -> Rendered`; `LAYOUTS` lists them with the
formats each is rendered in. Every layout uses the Part 1 template's own labels (or their
real variants), the template's opening text before the plan details and a few narrative
sections after them, so the document looks like a plan.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.plangen.render import (
    Block,
    PageBreak,
    Para,
    Positioned,
    Table,
    doc_text,
    positioned_text,
)
from tests.plangen.truth import HWB_POSITION, YEARS, Source, Truth
from tests.plangen.truth import Block as SignBlock

# ------------------------------------------------------------------ values

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


DATE_FORMS: dict[str, Callable[[dt.date], str]] = {
    "dd/mm/yyyy": lambda d: d.strftime("%d/%m/%Y"),
    "dd/mm/yy": lambda d: d.strftime("%d/%m/%y"),
    "ordinal": lambda d: f"{_ordinal(d.day)} {_MONTHS[d.month - 1]} {d.year}",
    "abbrev": lambda d: f"{d.day} {'Sept' if d.month == 9 else _MONTHS[d.month - 1][:3]} {d.year}",
    "iso": lambda d: d.isoformat(),
    "dotted": lambda d: f"{d.day}.{d.month}.{d:%y}",
    "long": lambda d: f"{d.day} {_MONTHS[d.month - 1]} {d.year}",
}
YEAR_FORMS: dict[str, Callable[[str], str]] = {
    "2014/15": lambda y: y,
    "2014/2015": lambda y: f"{y[:4]}/20{y[5:]}",
    "2014-15": lambda y: y.replace("/", "-"),
}
PLACEHOLDER_DATES = ("<date>", "<date>", "<dd/mm/yyyy>")


def money_forms(pounds: int) -> list[str]:
    """Every way of writing an amount that is exact for it (no rounding)."""
    forms = [f"£{pounds:,}", f"{pounds}", f"£{pounds:,}.00", f"£ {pounds:,}", f"£{pounds}"]
    if pounds % 1000 == 0:
        millions = f"{pounds / 1_000_000:.3f}".rstrip("0").rstrip(".")
        forms += [f"£{pounds // 1000:,}k", f"£{millions}m", f"£{millions}m", f"£{millions} million"]
    return forms


def thousands_forms(pounds: int) -> list[str]:
    """An amount written under a "£000s" label."""
    return [f"{pounds // 1000:,}", f"£{pounds // 1000:,}", f"{pounds // 1000}"]


# ------------------------------------------------------------------ styles


@dataclass
class Style:
    """The wording choices of one document: labels, years, dates, money, list joins."""

    la: str = "Local Authority"
    ccg: str = "Clinical Commissioning Groups"
    boundary: str = "Boundary Differences"
    agreed: str = "Date agreed at Health and Well-Being Board:"
    submitted: str = "Date submitted:"
    minimum: str = "Minimum required value of BCF pooled budget:"
    total: str = "Total agreed value of pooled budget:"
    year: str = "2014/15"
    date_form: str = "dd/mm/yyyy"
    thousands: bool = False
    thousands_row: bool = False  # the "£000s" label as its own row rather than in a label
    list_join: str = "\n"
    la_join: str = "\n"
    # sign-off
    ccg_block: str = "Signed on behalf of the Clinical Commissioning Group"
    council_block: str = "Signed on behalf of the Council"
    hwb_block: str = "Signed on behalf of the Health and Wellbeing Board"
    by: str = "By"
    position: str = "Position"
    date: str = "Date"
    hwb_by: str | None = "By Chair of Health and Wellbeing Board"  # None: name + position rows
    date_first: bool = False
    signature_row: bool = False
    extra_rows_note: bool = False
    money_mix: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def draw_style(
    truth: Truth, src: Source, variants: bool = False, sign_variants: bool = False
) -> Style:
    s = Style()
    if variants:
        s.la = src.choice(("Local Authority", "Local Authorities", "Local Authority(ies)"))
        s.ccg = src.choice(
            ("Clinical Commissioning Groups", "Clinical Commissioning Group", "CCGs",
             "Clinical Commissioning Group(s)")
        )  # fmt: skip
        s.agreed = src.choice(
            ("Date agreed at Health and Well-Being Board:", "Date agreed at Health and "
             "Wellbeing Board:", "Date agreed at HWB:", "Date agreed at Health and Well-Being "
             "Board")
        )  # fmt: skip
        s.submitted = src.choice(("Date submitted:", "Date submitted", "Date Submitted:"))
        s.minimum = src.choice(
            ("Minimum required value of BCF pooled budget:", "Minimum required value of ITF "
             "pooled budget:", "Minimum required value of pooled budget:")
        )  # fmt: skip
        s.total = src.choice(
            ("Total agreed value of pooled budget:", "Total agreed value of BCF pooled budget:")
        )
    s.year = src.choice(tuple(YEAR_FORMS))
    s.date_form = src.choice(tuple(DATE_FORMS))
    s.thousands = all(v % 1000 == 0 for v in truth.money) and src.chance(0.25)
    s.thousands_row = src.chance(0.5)
    s.list_join = src.choice(("\n", "\n", "; ", ", ", " and ", " "))
    s.la_join = src.choice(("\n", "; ", ", ", " and "))
    s.money_mix = src.chance(0.5)
    s.extra_rows_note = src.chance(0.3)
    if sign_variants:
        s.by = src.choice(("By", "Signed by", "Name", "Name of signatory", "Signed"))
        s.position = src.choice(("Position", "Role", "Title", "Job title", "Designation"))
        s.date = src.choice(("Date", "Date signed", "Date:"))
        s.hwb_by = src.choice(("By Chair of Health and Wellbeing Board", None))
        s.date_first = src.chance(0.5)
        s.signature_row = src.chance(0.5)
        s.hwb_block = src.choice(
            ("Signed on behalf of the Health and Wellbeing Board",
             "Signed on behalf of the HWB", "Signed on behalf of the Health & Wellbeing Board")
        )  # fmt: skip
        s.council_block = src.choice(
            ("Signed on behalf of the Council", "Signed on behalf of the Local Authority")
        )
    return s


def date_text(d: dt.date, s: Style, src: Source) -> str:
    form = s.date_form if src.chance(0.8) else src.choice(tuple(DATE_FORMS))
    return DATE_FORMS[form](d)


def money_text(pounds: int, s: Style, src: Source) -> str:
    if s.thousands:
        return src.choice(thousands_forms(pounds))
    forms = money_forms(pounds)
    if not s.money_mix:
        return forms[0]
    return src.choice(forms)


def joined(items: tuple[str, ...], join: str) -> str:
    if join == " and " and len(items) > 2:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return join.join(items)


# --------------------------------------------------------------- rows


@dataclass
class Row:
    """A plan-details row: label, year (pooled budget rows) and value (may hold "\\n")."""

    label: str
    value: str
    year: str | None = None

    @property
    def flat_label(self) -> str:
        return " ".join(p for p in (self.label, self.year) if p)


def detail_rows(truth: Truth, s: Style, src: Source) -> list[Row]:
    rows = [
        Row(s.la, joined(truth.councils, s.la_join)),
        Row(s.ccg, joined(truth.ccgs, s.list_join)),
        Row(s.boundary, truth.boundary),
        Row(s.agreed, date_text(truth.date_agreed, s, src)),
        Row(s.submitted, date_text(truth.date_submitted, s, src)),
    ]
    if s.thousands and s.thousands_row:
        rows.append(Row(src.choice(("£000s", "£000's", "(£000s)")), ""))
    for label, amounts in ((s.minimum, truth.minimum), (s.total, truth.total)):
        for i, year in enumerate(YEARS):
            text = money_text(amounts[year], s, src)
            row_label = label if i == 0 else ""
            if i == 0 and label == s.minimum and s.thousands and not s.thousands_row:
                row_label = label.rstrip(":") + " (£000s):"
            rows.append(Row(row_label, text, YEAR_FORMS[s.year](year)))
    return rows


def block_rows(block: SignBlock, s: Style, src: Source) -> list[tuple[str, str]]:
    """One sign-off block as (label, value) rows."""
    several = len(block.organisations) > 1
    head = {
        "ccg": s.ccg_block + ("s" if several and s.ccg_block.endswith("Group") else ""),
        "council": s.council_block,
        "hwb": s.hwb_block,
    }[block.kind]
    name = "<Name of Signatory>" if block.person is None else block.person.written
    position = block.position or "<Job Title>"
    date = date_text(block.date, s, src) if block.date else src.choice(PLACEHOLDER_DATES)
    rows = [(head, block.organisation)]
    if block.kind == "hwb" and s.hwb_by:
        rows += [(s.hwb_by, name), (s.date, date)]
        return rows
    tail = [(s.position, position if block.kind != "hwb" else HWB_POSITION), (s.date, date)]
    if s.date_first:
        tail.reverse()
    if s.signature_row:
        rows.append(("Signature", ""))
    rows.append((s.by, name))
    return rows + tail


def signoff_blocks(truth: Truth, s: Style, src: Source) -> list[list[tuple[str, str]]]:
    return [block_rows(block, s, src) for block in truth.blocks]


# ------------------------------------------------------------ template text

OPENING_REVISED = [
    "Updated July 2014",
    "Better Care Fund planning template – Part 1",
    "Please note, there are two parts to the Better Care Fund planning template. Both parts "
    "must be completed as part of your Better Care Fund Submission. Part 2 is in Excel and "
    "contains metrics and finance.",
    "Both parts of the plans are to be submitted by 12 noon on 19th September 2014. Please send "
    "as attachments to the relevant NHS England Area Team and Local government representative.",
    "To find your relevant Area Team and local government representative, and for additional "
    "support, guidance and contact details, please see the Better Care Fund pages on the NHS "
    "England or LGA websites.",
]
OPENING_ORIGINAL = [
    "Better Care Fund planning template – Part 1",
    "Please note, there are two parts to the template. Part 2 is in Excel and contains metrics "
    "and finance. Both parts must be completed as part of your Better Care Fund Submission.",
    "Plans are to be submitted to the relevant NHS England Area Team and Local government "
    "representative.",
    "To find your relevant Area Team and local government representative, and for additional "
    "support, guidance and contact details, please see the Better Care Fund pages on the NHS "
    "England or LGA websites.",
]


def opening(truth: Truth, original: bool = False) -> list[Block]:
    paras: list[Block] = [Para(f"{truth.place} Better Care Fund plan")]
    paras += [Para(t) for t in (OPENING_ORIGINAL if original else OPENING_REVISED)]
    return paras


def narrative(truth: Truth, original: bool = False) -> list[Block]:
    p = truth.place
    related = Table(
        [
            ["No.", "Document or information title", "Synopsis and links"],
            ["1", f"{p} Joint Health and Wellbeing Strategy", "The board's strategy to 2016."],
            ["2", f"{p} Joint Strategic Needs Assessment", "Population needs, refreshed."],
        ]
    )
    if original:
        return [
            Para("c) Service provider engagement", heading=True),
            Para(f"Providers in {p} took part in four workshops while the plan was written."),
            Para("d) Patient, service user and public engagement", heading=True),
            Para(f"Healthwatch {p} ran listening events with people who use services."),
            Para("e) Related documentation", heading=True),
            related,
            Para("2) VISION AND SCHEMES", heading=True),
            Para("a) Vision for health and care services", heading=True),
            Para(f"By 2018 people in {p} will be supported to live well at home for longer."),
            Para("3) NATIONAL CONDITIONS", heading=True),
            Para("a) Protecting social care services", heading=True),
            Para("Social care services that keep people out of hospital keep their funding."),
            Para("4) RISKS", heading=True),
            Para("The main risk is that admissions do not fall as fast as planned."),
        ]
    return [
        Para("c) Related documentation", heading=True),
        Para(
            "Please include information/links to any related documents such as the full project "
            "plan for the scheme, and documents related to each national condition."
        ),
        related,
        Para("2) VISION FOR HEALTH AND CARE SERVICES", heading=True),
        Para(
            "a) Drawing on your JSNA, JHWS and patient and service user feedback, please "
            "describe the vision for health and social care services for this community for "
            "2019/2020"
        ),
        Para(
            f"By 2019 people in {p} will be supported to stay well at home, with one team "
            "around each neighbourhood of general practices."
        ),
        Para("3) CASE FOR CHANGE", heading=True),
        Para(
            f"{p} has an older population than England, and emergency admissions of people "
            "over 75 have risen every year since 2011."
        ),
        Para("4) PLAN OF ACTION", heading=True),
        Para(f"The {p} Integration Board reports to the Health and Wellbeing Board every quarter."),
        Para("5) RISKS AND CONTINGENCY", heading=True),
        Para("The main risk is that the schemes do not reduce emergency admissions as planned."),
    ]


def details_heads(original: bool = False) -> tuple[list[Block], list[Block]]:
    return (
        [Para("1) PLAN DETAILS", heading=True), Para("a) Summary of Plan", heading=True)],
        [Para("b) Authorisation and signoff", heading=True)],
    )


@dataclass
class Rendered:
    text: str
    doc: list[Block] | None = None
    running_footer: str | None = None


# ------------------------------------------------------------ table layouts


def _table_doc(
    truth: Truth,
    s: Style,
    src: Source,
    original: bool = False,
    signoff: Callable[[Truth, Style, Source], list[Block]] | None = None,
) -> list[Block]:
    rows = detail_rows(truth, s, src)
    head, sign_head = details_heads(original)
    doc: list[Block] = opening(truth, original) + head
    doc.append(Table([[r.flat_label, r.value] for r in rows], widths=[2, 3]))
    doc += sign_head
    if signoff is not None:
        doc += signoff(truth, s, src)
    else:
        for block, rows_ in zip(truth.blocks, signoff_blocks(truth, s, src), strict=True):
            doc.append(Table([list(r) for r in rows_], widths=[2, 3]))
            if s.extra_rows_note:
                doc.append(Para(f"<Insert extra rows for additional {_plural(block)} as required>"))
    return doc + narrative(truth, original)


def _plural(block: SignBlock) -> str:
    return {"ccg": "CCGs", "council": "Councils", "hwb": "Health and Wellbeing Boards"}[block.kind]


def tabs(truth: Truth, src: Source) -> Rendered:
    """(1) The clean layout: a table's cells joined by tabs, one label per line."""
    doc = _table_doc(truth, draw_style(truth, src), src)
    return Rendered(doc_text(doc, "\t"), doc)


def thousands(truth: Truth, src: Source) -> Rendered:
    """Every amount in £000s, with the "£000s" label on one row only."""
    s = draw_style(truth, src)
    s.thousands = True
    doc = _table_doc(truth, s, src)
    return Rendered(doc_text(doc, "\t"), doc)


def slashes(truth: Truth, src: Source) -> Rendered:
    """(2) Cells joined by " / " (a Word table saved as text by some converters)."""
    s = draw_style(truth, src, variants=True)
    s.list_join = src.choice(("; ", ", ", " and ", " "))
    s.la_join = src.choice(("; ", ", ", " and "))
    doc = _table_doc(truth, s, src)
    return Rendered(doc_text(doc, " / "))


def ccg_lists(truth: Truth, src: Source) -> Rendered:
    """(7) Lists of CCGs and councils run together, one per line, or joined by ; , and."""
    s = draw_style(truth, src)
    s.list_join = src.choice(("\n", " ", "; ", ", ", " and "))
    s.la_join = src.choice(("\n", "; ", ", ", " and "))
    doc = _table_doc(truth, s, src)
    return Rendered(doc_text(doc, "\t"), doc)


def _side_by_side(truth: Truth, s: Style, src: Source) -> list[Block]:
    blocks = list(truth.blocks)
    per = src.choice((2, 3, 3, 4))
    tables: list[Block] = []
    for start in range(0, len(blocks), per):
        chunk = blocks[start : start + per]
        rows: list[list[str]] = [[""], ["Organisation"], [s.by], [s.position], [s.date]]
        heads = {
            "ccg": s.ccg_block,
            "council": s.council_block,
            "hwb": s.hwb_block,
        }
        for block in chunk:
            rows[0].append(heads[block.kind])
            rows[1].append(block.organisation)
            rows[2].append(block.person.written if block.person else "<Name of Signatory>")
            rows[3].append(block.position or "<Job Title>")
            rows[4].append(
                date_text(block.date, s, src) if block.date else src.choice(PLACEHOLDER_DATES)
            )
        if s.date_first:
            rows[3], rows[4] = rows[4], rows[3]
        tables.append(Table(rows, widths=[1] + [2] * len(chunk)))
    return tables


def signoff_side_by_side(truth: Truth, src: Source) -> Rendered:
    """(9) Sign-off blocks side by side in one table: CCG | Council | HWB as columns."""
    s = draw_style(truth, src, sign_variants=src.chance(0.5))
    doc = _table_doc(truth, s, src, signoff=_side_by_side)
    return Rendered(doc_text(doc, "\t"), doc)


def signoff_variants(truth: Truth, src: Source) -> Rendered:
    """(10) Sign-off rows in another order with other labels: Name, Signed by, Signature,
    Role, Title; date before position."""
    s = draw_style(truth, src, variants=True, sign_variants=True)
    doc = _table_doc(truth, s, src)
    return Rendered(doc_text(doc, "\t"), doc)


def shared_ccg_block(truth: Truth, src: Source) -> Rendered:
    """(11) One signatory block signs for several CCGs."""
    s = draw_style(truth, src, variants=src.chance(0.5))
    doc = _table_doc(truth, s, src)
    return Rendered(doc_text(doc, src.choice(("\t", " / "))), doc)


def template_table(truth: Truth, src: Source) -> Rendered:
    """(16) The template's own Word table: label | year | value, with the pooled-budget label
    cells merged down over both years and each sign-off block's organisation merged across."""
    s = draw_style(truth, src)
    rows = detail_rows(truth, s, src)
    cells: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    for r in rows:
        if r.year is None:
            cells.append([r.label, r.value, ""])
            merges.append((len(cells) - 1, 1, len(cells) - 1, 2))
        elif r.label:
            cells.append([r.label, r.year, r.value])
        else:
            cells.append(["", r.year, r.value])
            merges.append((len(cells) - 2, 0, len(cells) - 1, 0))
    head, sign_head = details_heads()
    doc: list[Block] = opening(truth) + head + [Table(cells, merges, widths=[3, 1, 3])]
    doc += sign_head
    sign_cells: list[list[str]] = []
    sign_merges: list[tuple[int, int, int, int]] = []
    for rows_ in signoff_blocks(truth, s, src):
        for label, value in rows_:
            sign_cells.append([label, value, ""])
            sign_merges.append((len(sign_cells) - 1, 1, len(sign_cells) - 1, 2))
    doc.append(Table(sign_cells, sign_merges, widths=[3, 2, 2]))
    doc += narrative(truth)
    return Rendered(doc_text(doc, "\t"), doc)


def colon_lines(truth: Truth, src: Source) -> Rendered:
    """(17) A form filled in without tables: "Label: value" on one line each."""
    s = draw_style(truth, src, variants=True, sign_variants=src.chance(0.5))
    s.list_join = src.choice(("; ", ", ", " and "))
    s.la_join = src.choice(("; ", ", ", " and "))
    head, sign_head = details_heads()
    doc: list[Block] = opening(truth) + head
    for r in detail_rows(truth, s, src):
        label = r.flat_label.rstrip(":")
        doc.append(Para(f"{label}: {r.value}" if r.value else label))
    doc += sign_head
    for rows_ in signoff_blocks(truth, s, src):
        for label, value in rows_:
            doc.append(Para(f"{label.rstrip(':')}: {value}"))
        doc.append(Para(""))
    doc += narrative(truth)
    return Rendered(doc_text(doc), doc)


def original_template(truth: Truth, src: Source) -> Rendered:
    """(18) The January 2014 template: "ITF pooled budget", "<Insert extra rows …>" notes,
    and its own sections (service provider engagement, vision and schemes …)."""
    s = draw_style(truth, src)
    s.minimum = "Minimum required value of ITF pooled budget:"
    s.extra_rows_note = True
    doc = _table_doc(truth, s, src, original=True)
    return Rendered(doc_text(doc, src.choice(("\t", " / "))), doc)


# ------------------------------------------------------------ line layouts


def _lines(truth: Truth, s: Style, src: Source) -> tuple[list[str], list[str], list[str]]:
    """Opening, details-and-sign-off, and narrative as plain lines (tables as tab rows)."""
    head, sign_head = details_heads()
    top = doc_text(opening(truth)).splitlines()
    middle = doc_text([*head, Table([[r.flat_label, r.value] for r in detail_rows(truth, s, src)])])
    middle += doc_text(sign_head)
    for rows_ in signoff_blocks(truth, s, src):
        middle += doc_text([Table([list(r) for r in rows_]), Para("")])
    return top, middle.splitlines(), doc_text(narrative(truth)).splitlines()


def cell_per_line(truth: Truth, src: Source) -> Rendered:
    """(4) One cell per line: the label on one line, its value on the next."""
    s = draw_style(truth, src, variants=src.chance(0.5))
    top, middle, bottom = _lines(truth, s, src)
    out: list[str] = []
    for line in middle:
        out.extend(cell for cell in line.split("\t") if cell)
    text = "\n".join(top + out + bottom) + "\n"
    return Rendered(text)


def _cells(truth: Truth, s: Style, src: Source) -> list[tuple[str, list[str]]]:
    """(label, value lines) for every detail and sign-off row, headings as (heading, [])."""
    items: list[tuple[str, list[str]]] = [("1) PLAN DETAILS", []), ("a) Summary of Plan", [])]
    for r in detail_rows(truth, s, src):
        items.append((r.flat_label, r.value.split("\n") if r.value else []))
    items.append(("b) Authorisation and signoff", []))
    for rows_ in signoff_blocks(truth, s, src):
        items += [(label, value.split("\n") if value else []) for label, value in rows_]
    return items


def centred_cells(truth: Truth, src: Source) -> Rendered:
    """(5) Labels wrapped over two or three lines with the value line between the label's
    lines, as pdftotext makes of vertically centred cells."""
    s = draw_style(truth, src, variants=src.chance(0.3))
    width = src.integer(16, 30)
    out: list[str] = []
    for label, values in _cells(truth, s, src):
        parts = textwrap.wrap(label, width) if not label[:2].endswith(")") else [label]
        if len(parts) == 1:
            if values and len(values) == 1 and src.chance(0.5):
                out.append(f"{label} {values[0]}")
            else:
                out += parts + values
            continue
        at = src.integer(1, len(parts) - 1)
        out += parts[:at] + values + parts[at:]
    top = doc_text(opening(truth)).splitlines()
    bottom = doc_text(narrative(truth)).splitlines()
    return Rendered("\n".join(top + out + bottom) + "\n")


def columns_first(truth: Truth, src: Source) -> Rendered:
    """(8) A table read column by column: all the labels, then all the values."""
    s = draw_style(truth, src, variants=src.chance(0.3))
    rows = detail_rows(truth, s, src)
    out = ["1) PLAN DETAILS", "a) Summary of Plan"]
    out += [r.flat_label for r in rows]
    out += [line for r in rows for line in r.value.split("\n") if line]
    out.append("b) Authorisation and signoff")
    for rows_ in signoff_blocks(truth, s, src):
        out += [label for label, _ in rows_]
        out += [value for _, value in rows_ if value]
    top = doc_text(opening(truth)).splitlines()
    bottom = doc_text(narrative(truth)).splitlines()
    return Rendered("\n".join(top + out + bottom) + "\n")


def flattened(truth: Truth, src: Source) -> Rendered:
    """(6) A whole page flattened into one paragraph: no separators between labels, values
    and CCG names."""
    s = draw_style(truth, src, variants=src.chance(0.3))
    s.list_join = " "
    top, middle, bottom = _lines(truth, s, src)
    words = " ".join(line.replace("\t", " ") for line in top + middle if line.strip())
    if src.chance(0.5):
        words = f"Draft for approval 1 {words}"
    return Rendered("\n".join([re.sub(r"\s+", " ", words), *bottom]) + "\n")


def pdf_layout(truth: Truth, src: Source) -> Rendered:
    """(3) pdftotext -layout: columns separated by runs of spaces, the label column wrapping
    over 2–3 lines, amounts aligned right. As .txt, and as a PDF with the text at the same
    positions."""
    s = draw_style(truth, src, variants=src.chance(0.3))
    label_width = src.integer(18, 30)
    value_at = label_width + src.integer(4, 12)
    right = value_at + src.integer(20, 40)
    lines: list[list[tuple[int, str]]] = []
    for para in opening(truth):
        assert isinstance(para, Para)
        lines += [[(0, part)] for part in textwrap.wrap(para.text, 90)] + [[]]
    for label, values in _cells(truth, s, src):
        if not values and label[:2].endswith(")"):
            lines += [[(0, label)], []]
            continue
        parts = textwrap.wrap(label, label_width)
        value_lines: list[str] = []
        for value in values:
            value_lines += textwrap.wrap(value, 90 - value_at) or [""]
        money = len(value_lines) == 1 and bool(re.fullmatch(r"[£\d,. km]+(?:million)?", values[0]))
        at = 0 if src.chance(0.5) or len(parts) < 3 else 1
        height = max(len(parts), at + len(value_lines))
        for i in range(height):
            segs = [(0, parts[i])] if i < len(parts) else []
            j = i - at
            if 0 <= j < len(value_lines) and value_lines[j]:
                column = max(value_at, right - len(value_lines[j])) if money else value_at
                segs.append((column, value_lines[j]))
            lines.append(segs)
        if src.chance(0.4):
            lines.append([])
    for block in narrative(truth):
        if isinstance(block, Para):
            lines += [[(0, part)] for part in textwrap.wrap(block.text, 90)]
        elif isinstance(block, Table):
            lines += [[(0, row[0]), (6, row[1]), (50, row[2])] for row in block.rows]
    positioned = Positioned(lines)
    text = "\n".join(positioned_text(positioned)) + "\n"
    return Rendered(text, [positioned])


# ------------------------------------------------------------- page layouts


def furniture_lines(truth: Truth, src: Source, page: int) -> list[str]:
    pages = src.integer(page + 5, 60)
    return [
        src.choice(
            (
                f"Page {page} of {pages}",
                f"{page}",
                f"{truth.place} Better Care Fund Plan – Final – September 2014    Page {page}",
                f"- {page} -",
            )
        ),
        "\f" + src.choice(("Better Care Fund planning template – Part 1", "Updated July 2014", "")),
    ]


def _insert_furniture(lines: list[str], truth: Truth, src: Source, times: int) -> list[str]:
    out = list(lines)
    for k in range(times):
        at = src.integer(1, max(1, len(out) - 1))
        out[at:at] = [x for x in furniture_lines(truth, src, 2 + k) if x.strip("\f")]
    return out


def page_furniture(truth: Truth, src: Source) -> Rendered:
    """(14) Page headers and footers ("Page 3 of 40", running footers) in the middle of the
    plan details and sign-off."""
    s = draw_style(truth, src)
    top, middle, bottom = _lines(truth, s, src)
    middle = _insert_furniture(middle, truth, src, src.integer(1, 3))
    text = "\n".join(top + middle + bottom) + "\n"
    # The PDF breaks the page inside the details table, with a running footer on each page.
    rows = detail_rows(truth, s, src)
    cut = src.integer(1, len(rows) - 1)
    head, sign_head = details_heads()
    footer = f"{truth.place} Better Care Fund Plan – Final – September 2014"
    doc: list[Block] = opening(truth) + head
    doc += [
        Table([[r.flat_label, r.value] for r in rows[:cut]], widths=[2, 3]),
        PageBreak(header="Better Care Fund planning template – Part 1"),
        Table([[r.flat_label, r.value] for r in rows[cut:]], widths=[2, 3]),
    ]
    doc += sign_head
    for i, rows_ in enumerate(signoff_blocks(truth, s, src)):
        if i == 1:
            doc.append(PageBreak(header="Updated July 2014"))
        doc.append(Table([list(r) for r in rows_], widths=[2, 3]))
    doc += narrative(truth)
    return Rendered(text, doc, running_footer=footer)


_OCR = {
    "Clinical": ("Clinlcal", "C1inical", "Clinica l"),
    "submitted": ("subrnitted", "subm itted", "submltted"),
    "Authority": ("Authorlty", "Auth ority"),
    "Boundary": ("Boundarv", "Bound ary"),
    "Position": ("Positlon", "Posit ion"),
    "behalf": ("beha1f", "behalf"),
    "pooled": ("poo1ed", "pooied"),
    "Minimum": ("Mininum", "Minimurn"),
    "Well-Being": ("Well-Belng", "Weil-Being"),
}


def ocr_label(label: str, src: Source, upper: bool) -> str:
    for word, slips in _OCR.items():
        if word in label and src.chance(0.5):
            label = label.replace(word, src.choice(slips), 1)
    return label.upper() if upper else label


def upper_ocr(truth: Truth, src: Source) -> Rendered:
    """(15) UPPER CASE labels and OCR slips in labels ("Clinlcal Commissioning Groups",
    "Date subrnitted")."""
    s = draw_style(truth, src)
    upper = src.chance(0.7)
    top, middle, bottom = _lines(truth, s, src)
    out = []
    for line in middle:
        cells = line.split("\t")
        if cells[0] and len(cells) > 1:
            cells[0] = ocr_label(cells[0], src, upper)
        elif cells[0] and not cells[0][:2].endswith(")"):
            cells[0] = (
                ocr_label(cells[0], src, upper) if not re.search(r"\d", cells[0]) else cells[0]
            )
        out.append("\t".join(cells))
    return Rendered("\n".join(top + out + bottom) + "\n")


DEBRIS = (
    "Skip to main content",
    "Home > Your council > Health and Wellbeing Board > Better Care Fund",
    "Page 2: Better Care Fund plan",
    "Back to top",
    "Print this page",
    "Was this page useful? Yes / No",
)


def markdown(truth: Truth, src: Source) -> Rendered:
    """(12) A web page saved as markdown: pipe tables or "Label: value" lines, with page
    debris ("Page 2: …", navigation)."""
    s = draw_style(truth, src, variants=src.chance(0.5), sign_variants=src.chance(0.3))
    s.list_join = src.choice(("; ", ", ", " and ", "<br>"))
    s.la_join = src.choice(("; ", ", ", " and "))
    pipes = src.chance(0.6)
    out = [DEBRIS[0], DEBRIS[1], "", "# Better Care Fund planning template – Part 1", ""]
    out += [p.text for p in opening(truth)[2:] if isinstance(p, Para)]
    out += ["", "## 1) PLAN DETAILS", "", "### a) Summary of Plan", ""]

    def table(rows: list[tuple[str, str]]) -> list[str]:
        if pipes:
            lines = [f"| {rows[0][0]} | {rows[0][1]} |", "|---|---|"]
            return lines + [f"| {a} | {b} |" for a, b in rows[1:]] + [""]
        return [f"**{a.rstrip(':')}:** {b}" if b else f"**{a}**" for a, b in rows] + [""]

    out += table([(r.flat_label, r.value) for r in detail_rows(truth, s, src)])
    out += [f"Page 2: {truth.place} Better Care Fund plan", ""]
    out += ["### b) Authorisation and signoff", ""]
    for rows_ in signoff_blocks(truth, s, src):
        out += table(rows_)
    for block in narrative(truth):
        if isinstance(block, Para):
            out += [("## " if block.heading else "") + block.text, ""]
        elif isinstance(block, Table):
            out += [f"| {' | '.join(row)} |" for row in block.rows[:1]]
            out += ["|---|---|---|"] + [f"| {' | '.join(row)} |" for row in block.rows[1:]]
    out += ["", DEBRIS[3], DEBRIS[5]]
    return Rendered("\n".join(out) + "\n")


def pack_before(truth: Truth, src: Source) -> list[Block]:
    p = truth.place
    meeting = truth.date_agreed
    earlier = meeting - dt.timedelta(days=src.integer(40, 70))
    later = meeting + dt.timedelta(days=src.integer(50, 70))
    amount = money_forms(src.integer(5, 90) * 100_000)[0]
    return [
        Para(f"{p} Health and Wellbeing Board", heading=True),
        Para(f"Agenda for the meeting on {DATE_FORMS['long'](meeting)} at 2.00 pm"),
        Table(
            [
                ["Item", "Title", "Lead"],
                ["1", "Apologies and declarations of interest", "Chair"],
                ["2", f"Minutes of the meeting held on {DATE_FORMS['long'](earlier)}", "Chair"],
                ["3", "Better Care Fund plan 2014/15 – 2015/16", "Director of Adult Services"],
                ["4", "Pharmaceutical Needs Assessment", "Director of Public Health"],
            ]
        ),
        Para("Item 2: Minutes of the previous meeting", heading=True),
        Para(
            f"Present: the Board's members. Apologies were received. The Board noted a "
            f"forecast overspend of {amount} in community equipment and agreed to meet "
            f"again on {DATE_FORMS['dd/mm/yyyy'](later)}."
        ),
        Para("Item 3: Better Care Fund plan", heading=True),
        Para("The plan below is presented for the Board's agreement.", heading=False),
        PageBreak(header=f"{p} Health and Wellbeing Board – {DATE_FORMS['long'](meeting)}"),
    ]


def pack_after(truth: Truth, src: Source) -> list[Block]:
    p = truth.place
    other = money_forms(src.integer(1, 400) * 250_000)
    when = truth.date_submitted + dt.timedelta(days=src.integer(10, 60))
    return [
        PageBreak(header=f"{p} Health and Wellbeing Board"),
        Para("Item 4: Pharmaceutical Needs Assessment", heading=True),
        Para(
            "The draft Pharmaceutical Needs Assessment was agreed subject to formal approval by "
            f"the Cabinet on {DATE_FORMS['ordinal'](when)}. Its cost of {src.choice(other)} "
            "falls in 2015/16."
        ),
        Para("Appendix C: draft section 75 agreement – signature page", heading=True),
        Table(
            [
                ["Signed on behalf of the Council", "<to be confirmed>"],
                ["By", "<to be confirmed>"],
                ["Date", "<to be confirmed>"],
            ]
        ),
        Para(
            f"Date of next meeting: {DATE_FORMS['dd/mm/yy'](when)}. Total agreed value of the "
            f"equipment contract: {src.choice(other)}."
        ),
    ]


def board_pack(truth: Truth, src: Source) -> Rendered:
    """(13) A board pack: agenda and minutes before the plan, other items after it with
    tempting text ("subject to formal approval", an unsigned signature page, other dates and
    £ amounts)."""
    inner = _table_doc(truth, draw_style(truth, src), src)
    doc = pack_before(truth, src) + inner + pack_after(truth, src)
    return Rendered(doc_text(doc, "\t"), doc)


# --------------------------------------------------------- metamorphic tools


def rewrap(text: str, width: int) -> str:
    """Every line longer than `width` broken at spaces, as a narrower page would."""
    out: list[str] = []
    for line in text.split("\n"):
        out += textwrap.wrap(line, width, break_long_words=False) if len(line) > width else [line]
    return "\n".join(out)


def upper_labels(text: str) -> str:
    """Every label cell (the text before a tab) in upper case."""
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            label, rest = line.split("\t", 1)
            line = f"{label.upper()}\t{rest}"
        out.append(line)
    return "\n".join(out)


def add_furniture(text: str, truth: Truth, src: Source) -> str:
    """Page headers and footers dropped into the plan details and sign-off."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if "PLAN DETAILS" in line.upper())
    end = next(
        (i for i, line in enumerate(lines) if "related documentation" in line.lower()), len(lines)
    )
    middle = _insert_furniture(lines[start + 1 : end], truth, src, src.integer(1, 3))
    return "\n".join(lines[: start + 1] + middle + lines[end:])


def in_board_pack(text: str, truth: Truth, src: Source) -> str:
    """The plan's text inside a board pack (agenda and minutes before, other items after)."""
    return doc_text(pack_before(truth, src)) + text + doc_text(pack_after(truth, src))


# ------------------------------------------------------------------ registry


@dataclass(frozen=True)
class Layout:
    name: str
    make: Callable[[Truth, Source], Rendered]
    formats: tuple[str, ...] = ("txt",)
    plan_options: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def description(self) -> str:
        return (self.make.__doc__ or "").split("\n")[0]


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout("tabs", tabs, ("txt", "docx", "pdf")),
        Layout("slashes", slashes),
        Layout("pdf_layout", pdf_layout, ("txt", "pdf")),
        Layout("cell_per_line", cell_per_line),
        Layout("centred_cells", centred_cells),
        Layout("flattened", flattened),
        Layout("ccg_lists", ccg_lists, ("txt", "docx")),
        Layout("columns_first", columns_first),
        Layout("signoff_side_by_side", signoff_side_by_side, ("txt", "docx", "pdf")),
        Layout("signoff_variants", signoff_variants, ("txt", "docx", "pdf")),
        Layout("shared_ccg_block", shared_ccg_block, ("txt", "docx"), {"shared_ccg_block": True}),
        Layout("markdown", markdown, ("md",)),
        Layout("board_pack", board_pack, ("txt", "docx", "pdf")),
        Layout("page_furniture", page_furniture, ("txt", "pdf")),
        Layout("upper_ocr", upper_ocr),
        Layout("template_table", template_table, ("txt", "docx", "pdf")),
        Layout("colon_lines", colon_lines, ("txt", "docx")),
        Layout("original_template", original_template, ("txt", "docx")),
        Layout("thousands", thousands, ("txt", "docx"), {"thousands": True}),
    )
}
