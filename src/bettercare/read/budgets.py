"""Budgets: how much of one file the readers take on before they refuse it.

Every limit of every reader is here, with why it has its value. A file past a budget is refused
with one `InputError` line that names the limit, the amount found and the environment variable
that raises it, e.g. ``plan.pdf: 2,000 pages is over the 600-page limit for one plan
(BETTERCARE_MAX_PAGES raises it)``. Each budget is checked before the work it bounds: the zip
directory before anything is inflated, the page count before any page is read, a sheet's
declared size before its cells.

The defaults are set well above the largest real file (a Part 1 plan is tens of pages; a board
pack holding one is a few hundred; a Part 2 workbook is tens of sheets of a few hundred rows)
and well below what makes a reader slow or large. `BETTERCARE_MAX_PAGES=1000` and the like raise
one for a run; an invalid value is itself a one-line error.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, fields, replace
from typing import Any

from bettercare.errors import InputError

MIB = 1024 * 1024

#: Bytes of one file on disk. A plan, even inside a board pack with its pictures, is a few MB;
#: every reader holds the whole file in memory, so this bounds the start of every read.
MAX_BYTES = 50 * MIB


@dataclass(frozen=True)
class Budgets:
    """Every limit of the readers. `current()` gives the defaults with the environment's
    overrides; each field's docstring says what it bounds and why it has its value."""

    max_bytes: int = MAX_BYTES
    """Bytes of one file on disk (`MAX_BYTES`)."""

    max_inflated_bytes: int = 200 * MIB
    """Bytes of a .docx or .xlsx after decompression: the sum of every member's `file_size` in
    the zip directory, checked before anything is inflated (zipfile never inflates a member past
    its declared size). A 400-page board pack's document.xml is about 25 MB and its pictures
    are no larger inflated than on disk (under 50 MB); a zip bomb of 800 MB is refused."""

    max_members: int = 5_000
    """Members of a .docx or .xlsx zip, read from its end record before the directory is
    parsed. A Word file has tens of members, a Part 2 workbook a few hundred; a directory of a
    million tiny members would cost more memory to list than the file is worth."""

    max_ratio: int = 100
    """Compression ratio of one member larger than `ratio_from_bytes` inflated. Word and Excel
    XML compresses 5-20 times; a 100:1 member of several MB is padding made to inflate."""

    ratio_from_bytes: int = 5 * MIB
    """The inflated size from which `max_ratio` applies: small members (a styles part of
    repeated blank entries) may compress better than 100:1 and cost nothing."""

    max_xml_tags: int = 10_000_000
    """Tags ('<') in the XML members of a .docx or .xlsx, counted while streaming them once
    before the real parse. python-docx holds the whole tree (about 120 bytes a node), so
    200 MB of `<a/>` would take 6 GB; a 400-page document has about a million tags and a
    Part 2 workbook under two million. The same scan refuses any `<!DOCTYPE` (Word and Excel
    never write one; it is how entity-expansion bombs start)."""

    max_pages: int = 600
    """Pages of one PDF. A plan is well under 300 pages and a board pack holding one about
    400; pdfplumber takes about 0.2 s a page, so 600 pages is about two minutes. Counted from
    the page tree before any page is read (a lying /Count is caught by counting the pages
    themselves, one past the limit at most)."""

    max_rows: int = 10_000
    """Rows of one workbook sheet, as its `<dimension>` declares and as met when reading. A
    Part 2 sheet has a few hundred rows; a dimension of a million rows would otherwise make
    the reader produce a million empty rows."""

    max_columns: int = 500
    """Columns of one workbook sheet, as its `<dimension>` declares. A Part 2 sheet has tens of
    columns; a sheet as wide as Excel allows (16,384) is refused. Only the first
    `READ_COLUMNS` columns are read in any case."""

    max_line_chars: int = 20_000
    """Characters of one line of text (a paragraph of a Word file, a line of a text file or a
    PDF). The longest real line seen is about 1,600 characters (a page flattened into one
    paragraph is 3,000-6,000); some value patterns cost the square of a line's length, so a
    100,000-character line of figures takes 16 s to extract and a 50 MB line would never end.
    A longer line is refused, not cut: cutting would change the line numbers evidence cites."""

    max_chars: int = 10_000_000
    """Characters of one document's text. A board pack of 500 pages is about 1.5 million."""

    max_seconds: float = 300.0
    """Seconds to read one file, checked between pages, rows and lines: the last resort when
    everything else is in budget but a file is still slow (a page of a million drawn lines).
    A 600-page PDF reads in about two minutes on a slow machine."""


#: Columns of a workbook sheet that are read: Part 2 data lies in the first 60 columns. Not a
#: budget (a wider sheet is read, only its first columns kept).
READ_COLUMNS = 60

#: The environment variable and the unit of each budget, as the error message says them.
_NAMES: dict[str, tuple[str, str]] = {
    "max_bytes": ("BETTERCARE_MAX_BYTES", "byte"),
    "max_inflated_bytes": ("BETTERCARE_MAX_INFLATED_BYTES", "byte"),
    "max_members": ("BETTERCARE_MAX_MEMBERS", "member"),
    "max_ratio": ("BETTERCARE_MAX_RATIO", "ratio"),
    "ratio_from_bytes": ("BETTERCARE_RATIO_FROM_BYTES", "byte"),
    "max_xml_tags": ("BETTERCARE_MAX_XML_TAGS", "tag"),
    "max_pages": ("BETTERCARE_MAX_PAGES", "page"),
    "max_rows": ("BETTERCARE_MAX_ROWS", "row"),
    "max_columns": ("BETTERCARE_MAX_COLUMNS", "column"),
    "max_line_chars": ("BETTERCARE_MAX_LINE_CHARS", "character"),
    "max_chars": ("BETTERCARE_MAX_CHARS", "character"),
    "max_seconds": ("BETTERCARE_MAX_SECONDS", "second"),
}


def env_name(budget: str) -> str:
    """The environment variable that sets a budget: `max_pages` → BETTERCARE_MAX_PAGES."""
    return _NAMES[budget][0]


def _parse(name: str, text: str, kind: type) -> Any:
    cleaned = text.strip().replace("_", "").replace(",", "")
    try:
        value = kind(cleaned)
    except ValueError:
        value = None
    if value is None or not value > 0:
        what = "a positive number" if kind is float else "a positive whole number"
        raise InputError(name, f"{text!r} is not {what}")
    return value


def current(**defaults: Any) -> Budgets:
    """The budgets for this run: the defaults (or those given), each overridden by its
    environment variable when set. An invalid value raises a one-line `InputError`."""
    budgets = Budgets(**defaults)
    changes: dict[str, Any] = {}
    for item in fields(Budgets):
        name = env_name(item.name)
        text = os.environ.get(name)
        if text is not None and text.strip():
            kind = float if item.name == "max_seconds" else int
            changes[item.name] = _parse(name, text, kind)
    return replace(budgets, **changes) if changes else budgets


def amount(value: float, unit: str) -> str:
    """A figure as the messages say it: '2,000 pages', '62.5 MB', '1 row'."""
    if unit == "byte":
        if value >= MIB:
            return f"{value / MIB:,.1f} MB".replace(".0 MB", " MB")
        return f"{value:,.0f} byte{'s' if value != 1 else ''}"
    if unit == "ratio":
        return f"{value:,.0f}:1"
    return f"{value:,.0f} {unit}{'s' if value != 1 else ''}"


def _limit(value: float, unit: str) -> str:
    """A limit as the messages say it: 'the 600-page limit', 'the 50 MB limit'."""
    if unit == "byte" and value >= MIB:
        return amount(value, unit)
    if unit == "ratio":
        return f"{value:,.0f}:1"
    return f"{value:,.0f}-{unit}"


def over(
    path: str, budget: str, found: str, limit: float, scope: str, verb: str = "is over"
) -> InputError:
    """The one-line error of a file past a budget, e.g. `over(path, "max_pages",
    amount(2000, "page"), 600, "for one plan")` gives 'plan.pdf: 2,000 pages is over the
    600-page limit for one plan (BETTERCARE_MAX_PAGES raises it)'."""
    name, unit = _NAMES[budget]
    return InputError(
        path, f"{found} {verb} the {_limit(limit, unit)} limit {scope} ({name} raises it)"
    )


class Deadline:
    """The time budget of one read, checked between pages, rows and lines."""

    def __init__(self, path: str, budgets: Budgets) -> None:
        self.path = path
        self.seconds = budgets.max_seconds
        self.started = time.monotonic()
        self.ends = self.started + self.seconds

    def check(self, where: str = "") -> None:
        """Raise the one-line error once the read has taken longer than its budget."""
        if time.monotonic() > self.ends:
            name = env_name("max_seconds")
            at = f" (stopped at {where})" if where else ""
            raise InputError(
                self.path,
                f"reading took longer than the {self.seconds:,g}-second limit for one "
                f"file{at} ({name} raises it)",
            )
