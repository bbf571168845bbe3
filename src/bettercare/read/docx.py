"""Word .docx: paragraphs and table rows in document order, table cells joined by tabs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from bettercare.errors import InputError
from bettercare.read.archive import open_archive
from bettercare.read.budgets import Budgets, Deadline, current
from bettercare.read.document import IMAGE, Document
from bettercare.read.text import lines_from_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(element: object) -> str:
    from docx.oxml.text.paragraph import CT_P

    assert isinstance(element, CT_P)
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


def _block_lines(body: object, deadline: Deadline) -> Iterator[str]:
    """Walk the body: a paragraph gives its lines; a table gives one line per row."""
    from docx.oxml.table import CT_Tbl
    from docx.oxml.text.paragraph import CT_P

    for index, child in enumerate(body.iterchildren()):  # type: ignore[attr-defined]
        if index % 256 == 0:
            deadline.check(f"block {index + 1}")
        if isinstance(child, CT_P):
            yield from _paragraph_text(child).split("\n")
        elif isinstance(child, CT_Tbl):
            for row in child.iter(f"{_W}tr"):
                cells = []
                for cell in row.iterchildren(f"{_W}tc"):
                    texts = [_paragraph_text(p) for p in cell.iterchildren(f"{_W}p")]
                    cells.append(" ".join(t.replace("\t", " ") for t in texts if t.strip()))
                yield "\t".join(cells)


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
