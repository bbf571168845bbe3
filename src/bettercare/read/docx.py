"""Word .docx: paragraphs and table rows in document order, table cells joined by tabs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from bettercare.errors import InputError
from bettercare.read.archive import open_archive
from bettercare.read.budgets import Budgets, Deadline, current
from bettercare.read.document import IMAGE, Document
from bettercare.read.text import lines_from_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(element: Any) -> str:
    parts: list[str] = []
    for node in element.iter():
        tag = node.tag
        if tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag in (f"{_W}drawing", f"{_W}pict", f"{_W}object"):
            parts.append(f" {IMAGE} ")
    return "".join(parts)


def _content(element: Any) -> Iterator[Any]:
    """An element's children, looking through content controls (`w:sdt`), which Word
    templates wrap around paragraphs, rows and cells alike."""
    for child in element.iterchildren():
        if child.tag == f"{_W}sdt":
            for content in child.iterchildren(f"{_W}sdtContent"):
                yield from _content(content)
        else:
            yield child


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs, and any table nested in it, as one line of text."""
    parts: list[str] = []
    for child in _content(cell):
        if child.tag == f"{_W}p":
            parts.append(_paragraph_text(child))
        elif child.tag == f"{_W}tbl":  # its rows as a list: "NHS Bury CCG; NHS Bolton CCG"
            rows = [", ".join(c for c in _row_cells(row) if c) for row in _table_rows(child)]
            parts.append("; ".join(row for row in rows if row))
    return " ".join(t.replace("\t", " ").replace("\n", " ") for t in parts if t.strip())


def _table_rows(table: Any) -> Iterator[Any]:
    return (child for child in _content(table) if child.tag == f"{_W}tr")


def _row_cells(row: Any) -> list[str]:
    return [_cell_text(cell) for cell in _content(row) if cell.tag == f"{_W}tc"]


def _block_lines(body: object, deadline: Deadline) -> Iterator[str]:
    """Walk the body: a paragraph gives its lines; a table gives one line per row, its
    cells joined by tabs (a table nested in a cell stays inside that cell's text)."""
    for index, child in enumerate(_content(body)):
        if index % 256 == 0:
            deadline.check(f"block {index + 1}")
        if child.tag == f"{_W}p":
            yield from _paragraph_text(child).split("\n")
        elif child.tag == f"{_W}tbl":
            for row in _table_rows(child):
                yield "\t".join(_row_cells(row))


def read_docx(path: str, data: bytes, budgets: Budgets | None = None) -> Document:
    """Paragraphs and table rows of a .docx, once its zip is within budget (sizes, ratio,
    members, XML tags, no DOCTYPE): nothing is parsed before."""
    budgets = budgets or current()
    deadline = Deadline(path, budgets)
    try:
        archive = open_archive(path, data, budgets, deadline)
    except zipfile.BadZipFile as error:
        raise InputError(path, "not a Word .docx file (not a zip archive)") from error
    if "word/document.xml" not in archive.namelist():
        raise InputError(path, "not a Word .docx file (no word/document.xml inside)")
    try:
        import docx

        body = docx.Document(io.BytesIO(data)).element.body
        text = "\n".join(_block_lines(body, deadline))
    except InputError:
        raise
    except Exception as error:  # python-docx raises many types on damaged files
        raise InputError(path, f"damaged Word file ({type(error).__name__})") from error
    return lines_from_text(
        path, "docx", text, page_breaks=False, budgets=budgets, deadline=deadline
    )
