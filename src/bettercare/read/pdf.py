"""PDF text layer, page by page. Wide gaps between words become tabs, so table cells survive."""

from __future__ import annotations

import io
from itertools import islice
from typing import Any

from bettercare.errors import InputError
from bettercare.read.budgets import Budgets, Deadline, amount, current, over
from bettercare.read.document import IMAGE, Document, Line
from bettercare.read.normalise import is_furniture, normalise
from bettercare.read.text import check_chars, check_line

# A gap wider than this many points between two words on a line separates table cells.
_CELL_GAP = 12.0
# Words whose tops differ by less than this many points are on the same line.
_LINE_TOLERANCE = 3.0


def _line_text(row: list[dict[str, Any]], margin: float) -> str:
    """One line's words; a wide gap becomes a tab, and a line that starts right of the page's
    left margin starts with an empty cell (as in "<TAB>South Eastbrook CCG" under "Clinical
    Commissioning Groups")."""
    row = sorted(row, key=lambda w: float(w["x0"]))
    parts: list[str] = ["\t"] if float(row[0]["x0"]) - margin > 2 * _CELL_GAP else []
    previous_end: float | None = None
    for word in row:
        if previous_end is not None:
            gap = float(word["x0"]) - previous_end
            parts.append("\t" if gap > _CELL_GAP else " ")
        parts.append(str(word["text"]))
        previous_end = float(word["x1"])
    return "".join(parts)


Box = tuple[float, float, float, float]


def _inside(word: dict[str, Any], box: Box) -> bool:
    middle_x = (float(word["x0"]) + float(word["x1"])) / 2
    middle_y = (float(word["top"]) + float(word["bottom"])) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _overlaps(box: Box, other: Box) -> bool:
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


def _cell_lines(words: list[dict[str, Any]]) -> list[str]:
    """The words of one table cell, line by line (top to bottom)."""
    return [" ".join(str(w["text"]) for w in line) for line in _group_lines(words)]


def _row_lines(
    row_cells: list[Box | None], words: list[dict[str, Any]], images: list[Box]
) -> list[str]:
    """A ruled table row as lines: line j holds the j-th line of every cell, tab-separated,
    so a cell's text keeps its own lines and every cell keeps its column. A cell with no
    words but a picture (a scanned signature) reads as `IMAGE`."""
    cells = [_cell_lines([w for w in words if _inside(w, box)]) if box else [] for box in row_cells]
    for number, box in enumerate(row_cells):
        if box and not cells[number] and any(_overlaps(box, image) for image in images):
            cells[number] = [IMAGE]
    height = max((len(cell) for cell in cells), default=0)
    lines = []
    for j in range(height):
        lines.append("\t".join(cell[j] if j < len(cell) else "" for cell in cells).rstrip("\t"))
    return lines


def _page_blocks(page: Any) -> list[str]:
    """A page's lines in reading order: ruled tables by their cells, other text by position."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    placed: list[tuple[float, list[str]]] = []
    taken: set[int] = set()
    images = [
        (float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"])) for i in page.images
    ]
    for table in page.find_tables():
        for row in table.rows:
            if row.bbox is None:
                continue
            cells = [box for box in row.cells if box is not None]
            # Words of the row that fall in none of its cells (a row under a cell merged
            # down over it) are left to be read as a line of their own.
            in_row = [
                w for w in words if id(w) not in taken and any(_inside(w, box) for box in cells)
            ]
            taken.update(id(w) for w in in_row)
            placed.append((float(row.bbox[1]), _row_lines(list(row.cells), in_row, images)))
    free = [w for w in words if id(w) not in taken]
    margin = min((float(w["x0"]) for w in words), default=0.0)
    for line_words in _group_lines(free):
        placed.append((float(line_words[0]["top"]), [_line_text(line_words, margin)]))
    placed.sort(key=lambda item: item[0])
    return [line for _, lines in placed for line in lines]


def _group_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"]), 1), float(w["x0"]))):
        if rows and abs(float(rows[-1][0]["top"]) - float(word["top"])) <= _LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: float(w["x0"])) for row in rows]


def _count_pages(path: str, pdf: Any, budgets: Budgets) -> None:
    """Refuse a PDF past the page budget before any page is read: by the page tree's /Count,
    then by counting the pages themselves, one past the budget at most (a /Count may lie)."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    limit = budgets.max_pages
    try:
        declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # a damaged page tree: the count below still stands
        declared = None
    if isinstance(declared, int) and declared > limit:
        raise over(path, "max_pages", amount(declared, "page"), limit, "for one plan")
    counted = sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), limit + 1))
    if counted > limit:
        found = f"more than {amount(limit, 'page')}"
        raise over(path, "max_pages", found, limit, "for one plan", verb="are over")
    if counted == 0:
        raise InputError(path, "the PDF has no pages")


def read_pdf(path: str, data: bytes, budgets: Budgets | None = None) -> Document:
    """The text of each page, read one page at a time: the page count is checked first, each
    page's cached layout is let go once read (memory does not grow with pages), images are
    never decoded, and the time and character budgets are checked between pages."""
    budgets = budgets or current()
    deadline = Deadline(path, budgets)
    chars = 0
    try:
        import pdfplumber

        document = Document(path=path, kind="pdf")
        number = 0
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            _count_pages(path, pdf, budgets)
            for page_number, page in enumerate(pdf.pages, start=1):
                deadline.check(f"page {page_number:,}")
                blocks = _page_blocks(page)
                if not blocks and page.images:
                    document.pages_without_text.append(page_number)
                page.close()  # its characters, words and layout: not needed again
                for raw in blocks:
                    number += 1
                    check_line(path, number, raw, budgets)
                    chars += len(raw) + 1
                    text = normalise(raw)
                    document.lines.append(
                        Line(number, text, raw, page=page_number, furniture=is_furniture(text))
                    )
                check_chars(path, chars, budgets)
    except InputError:
        raise
    except Exception as error:  # pdfminer raises many types on damaged or encrypted files
        name = type(error).__name__
        if "Password" in name or "encrypt" in str(error).lower():
            raise InputError(path, "the PDF is encrypted") from error
        raise InputError(path, f"damaged or unreadable PDF ({name})") from error
    if not any(line.text for line in document.lines):
        raise InputError(path, "the PDF has no text layer (scanned images need OCR first)")
    return document
