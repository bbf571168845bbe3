"""Readers: a file in, a `Document` of numbered lines out, or one `InputError`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bettercare.errors import InputError
from bettercare.read.document import Document, Line, mark_running_heads
from bettercare.read.docx import read_docx
from bettercare.read.pdf import read_pdf
from bettercare.read.text import read_text
from bettercare.read.workbook import Workbook, read_workbook_bytes

__all__ = [
    "MAX_BYTES",
    "WORKBOOK_SUFFIXES",
    "Document",
    "Line",
    "Workbook",
    "read_bytes",
    "read_file",
    "read_workbook",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

#: Larger files are refused: a plan, even inside a board pack, is a few MB.
MAX_BYTES = 50 * 1024 * 1024

_READERS: dict[str, Callable[[str, bytes], Document]] = {
    "txt": read_text,
    "docx": read_docx,
    "pdf": read_pdf,
}
_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "txt", ".docx": "docx", ".pdf": "pdf"}


def _sniff(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    return "txt"


def read_bytes(path: str, data: bytes, kind: str | None = None) -> Document:
    """Read a document from bytes. `kind` is txt, docx or pdf; sniffed when not given."""
    if not data.strip():
        raise InputError(path, "the file is empty")
    if len(data) > MAX_BYTES:
        raise InputError(path, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "an old binary Office file (.doc/.xls); save it as .docx")
    sniffed = _sniff(data)
    kind = kind or sniffed
    if kind != sniffed and sniffed != "txt":
        kind = sniffed  # trust the content over the name
    elif kind in ("pdf", "docx") and sniffed == "txt":
        raise InputError(path, f"not a {kind.upper()} file (its content is not {kind})")
    document = _READERS[kind](path, data)
    if not any(line.text for line in document.lines):
        raise InputError(path, "the document has no text")
    mark_running_heads(document)
    return document


def read_file(path: str | Path) -> Document:
    """Read a .txt, .docx or .pdf file into lines with positions."""
    file = Path(path)
    name = str(path)
    if not file.exists():
        raise InputError(name, "no such file")
    if not file.is_file():
        raise InputError(name, "not a file")
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise InputError(name, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if file.suffix.lower() in WORKBOOK_SUFFIXES:
        raise InputError(
            name, "a Part 2 workbook: use extract, or assure the Part 1 plan with --part2"
        )
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputError(name, f"cannot be read ({error.strerror or error})") from error
    return read_bytes(name, data, _SUFFIXES.get(file.suffix.lower()))


def read_workbook(path: str | Path) -> Workbook:
    """Read a Part 2 .xlsx workbook into sheets of cell values."""
    file = Path(path)
    name = str(path)
    if not file.is_file():
        raise InputError(name, "no such file")
    if file.stat().st_size > MAX_BYTES:
        raise InputError(name, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputError(name, f"cannot be read ({error.strerror or error})") from error
    return read_workbook_bytes(name, data)
