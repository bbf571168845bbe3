"""Readers: a file in, a `Document` of numbered lines out, or one `InputError`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bettercare.errors import InputError
from bettercare.read.budgets import MAX_BYTES as _DEFAULT_MAX_BYTES
from bettercare.read.budgets import Budgets, amount, current, over
from bettercare.read.document import IMAGE, Document, Line, mark_running_heads
from bettercare.read.docx import read_docx
from bettercare.read.pdf import read_pdf
from bettercare.read.text import read_text
from bettercare.read.workbook import Workbook, read_workbook_bytes

__all__ = [
    "IMAGE",
    "MAX_BYTES",
    "WORKBOOK_SUFFIXES",
    "Budgets",
    "Document",
    "Line",
    "Workbook",
    "current_budgets",
    "file_bytes",
    "read_bytes",
    "read_file",
    "read_workbook",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

#: Bytes of one file on disk (`budgets.MAX_BYTES`), for callers that check a size themselves.
#: The readers take it as the default of `Budgets.max_bytes`; BETTERCARE_MAX_BYTES overrides it.
MAX_BYTES = _DEFAULT_MAX_BYTES

_READERS: dict[str, Callable[[str, bytes, Budgets], Document]] = {
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


def current_budgets() -> Budgets:
    """The budgets of this run: `budgets.Budgets` defaults (with `MAX_BYTES` above) and the
    environment's BETTERCARE_MAX_* overrides."""
    return current(max_bytes=MAX_BYTES)


def check_bytes(path: str, size: int, limits: Budgets | None = None) -> None:
    """Refuse a file larger on disk than the byte budget, in one line."""
    limits = limits or current_budgets()
    if size > limits.max_bytes:
        found = amount(size, "byte")
        raise over(path, "max_bytes", found, limits.max_bytes, "for one file", "is larger than")


def read_bytes(
    path: str, data: bytes, kind: str | None = None, limits: Budgets | None = None
) -> Document:
    """Read a document from bytes. `kind` is txt, docx or pdf; sniffed when not given."""
    limits = limits or current_budgets()
    check_bytes(path, len(data), limits)
    if not data.strip():
        raise InputError(path, "the file is empty")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "an old binary Office file (.doc/.xls); save it as .docx")
    sniffed = _sniff(data)
    kind = kind or sniffed
    if kind != sniffed and sniffed != "txt":
        kind = sniffed  # trust the content over the name
    elif kind in ("pdf", "docx") and sniffed == "txt":
        raise InputError(path, f"not a {kind.upper()} file (its content is not {kind})")
    document = _READERS[kind](path, data, limits)
    if not any(line.text for line in document.lines):
        raise InputError(path, "the document has no text")
    mark_running_heads(document)
    return document


def file_bytes(path: str | Path, limits: Budgets) -> bytes:
    """A file's bytes, after checking it is a file within the byte budget (else one line)."""
    file = Path(path)
    name = str(path)
    if not file.exists():
        raise InputError(name, "no such file")
    if not file.is_file():
        raise InputError(name, "not a file")
    check_bytes(name, file.stat().st_size, limits)
    try:
        return file.read_bytes()
    except OSError as error:
        raise InputError(name, f"cannot be read ({error.strerror or error})") from error


def read_file(path: str | Path) -> Document:
    """Read a .txt, .docx or .pdf file into lines with positions."""
    suffix = Path(path).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        raise InputError(
            str(path), "a Part 2 workbook: use extract, or assure the Part 1 plan with --part2"
        )
    limits = current_budgets()
    return read_bytes(str(path), file_bytes(path, limits), _SUFFIXES.get(suffix), limits)


def read_workbook(path: str | Path) -> Workbook:
    """Read a Part 2 .xlsx workbook into sheets of cell values."""
    limits = current_budgets()
    return read_workbook_bytes(str(path), file_bytes(path, limits), limits)
