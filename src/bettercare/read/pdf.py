"""PDF text layer, page by page. Wide gaps between words become tabs, so table cells survive."""

from __future__ import annotations

import io
from typing import Any

from bettercare.errors import InputError
from bettercare.read.document import Document, Line
from bettercare.read.normalise import is_furniture, normalise

# A gap wider than this many points between two words on a line separates table cells.
_CELL_GAP = 12.0
# Words whose tops differ by less than this many points are on the same line.
_LINE_TOLERANCE = 3.0


def _page_lines(words: list[dict[str, Any]]) -> list[str]:
    """Words → lines; a line that starts right of the page's left margin starts with an empty
    cell (as in "<TAB>South Eastbrook CCG" under "Clinical Commissioning Groups")."""
    margin = min((float(w["x0"]) for w in words), default=0.0)
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"]), 1), float(w["x0"]))):
        if rows and abs(float(rows[-1][0]["top"]) - float(word["top"])) <= _LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: float(w["x0"]))
        parts: list[str] = ["\t"] if float(row[0]["x0"]) - margin > 2 * _CELL_GAP else []
        previous_end: float | None = None
        for word in row:
            if previous_end is not None:
                gap = float(word["x0"]) - previous_end
                parts.append("\t" if gap > _CELL_GAP else " ")
            parts.append(str(word["text"]))
            previous_end = float(word["x1"])
        lines.append("".join(parts))
    return lines


def read_pdf(path: str, data: bytes) -> Document:
    try:
        import pdfplumber

        document = Document(path=path, kind="pdf")
        number = 0
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page_number, page in enumerate(pdf.pages, start=1):
                words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
                for raw in _page_lines(words):
                    number += 1
                    text = normalise(raw)
                    document.lines.append(
                        Line(number, text, raw, page=page_number, furniture=is_furniture(text))
                    )
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
