"""Plain text as extracted from PDF or Word: one line per line, form feeds as page breaks."""

from __future__ import annotations

from bettercare.errors import InputError
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


def lines_from_text(path: str, kind: str, text: str, page_breaks: bool = True) -> Document:
    """Split text into numbered lines; a form feed starts a new page when the text has any."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paged = page_breaks and "\f" in text
    page: int | None = 1 if paged else None
    document = Document(path=path, kind=kind)
    for number, raw in enumerate(text.split("\n"), start=1):
        if paged and "\f" in raw:
            assert page is not None
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        clean = normalise(raw)
        document.lines.append(
            Line(number=number, text=clean, raw=raw, page=page, furniture=is_furniture(clean))
        )
    return document


def read_text(path: str, data: bytes) -> Document:
    return lines_from_text(path, "txt", decode(path, data))
