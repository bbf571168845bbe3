"""Plain text as extracted from PDF or Word: one line per line, form feeds as page breaks."""

from __future__ import annotations

from bettercare.errors import InputError
from bettercare.read.budgets import Budgets, Deadline, amount, current, over
from bettercare.read.document import Document, Line
from bettercare.read.normalise import is_furniture, normalise


def decode(path: str, data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252, never a crash."""
    if b"\x00" in data[:65536]:
        raise InputError(path, "not a text file (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def lines_from_text(
    path: str,
    kind: str,
    text: str,
    page_breaks: bool = True,
    budgets: Budgets | None = None,
    deadline: Deadline | None = None,
) -> Document:
    """Split text into numbered lines; a form feed starts a new page when the text has any.

    Text past the character budgets (in all, or on one line) is refused before any line is
    normalised: some value patterns cost the square of a line's length."""
    budgets = budgets or current()
    deadline = deadline or Deadline(path, budgets)
    check_chars(path, len(text), budgets)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raws = text.split("\n")
    for number, raw in enumerate(raws, start=1):
        check_line(path, number, raw, budgets)
    paged = page_breaks and "\f" in text
    page: int | None = 1 if paged else None
    document = Document(path=path, kind=kind)
    for number, raw in enumerate(raws, start=1):
        if number % 1024 == 0:
            deadline.check(f"line {number:,}")
        if paged and "\f" in raw:
            assert page is not None
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        clean = normalise(raw)
        document.lines.append(
            Line(number=number, text=clean, raw=raw, page=page, furniture=is_furniture(clean))
        )
    return document


def check_chars(path: str, chars: int, budgets: Budgets) -> None:
    """Refuse a document whose text is past the budget of characters in all."""
    if chars > budgets.max_chars:
        found = f"the text has {amount(chars, 'character')},"
        raise over(path, "max_chars", found, budgets.max_chars, "for one document", verb="over")


def check_line(path: str, number: int, raw: str, budgets: Budgets) -> None:
    """Refuse a line past the budget of characters on one line."""
    if len(raw) > budgets.max_line_chars:
        found = f"line {number:,} has {amount(len(raw), 'character')},"
        raise over(
            path, "max_line_chars", found, budgets.max_line_chars, "for one line", verb="over"
        )


def read_text(path: str, data: bytes, budgets: Budgets | None = None) -> Document:
    budgets = budgets or current()
    return lines_from_text(path, "txt", decode(path, data), budgets=budgets)
