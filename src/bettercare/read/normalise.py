"""Text normalisation that keeps the original: readers store both.

Published plans come through PDF extraction and OCR, so a "By" may be Cyrillic "Ву", a scheme
ref "B" Greek "Β", and HTML or markdown from a converter may be left in the text.
"""

from __future__ import annotations

import re
import unicodedata

# Cyrillic and Greek letters that look like Latin ones. In an English plan they are OCR noise.
_LOOKALIKES = {
    # Cyrillic capitals and small letters
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K",
    "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y",
    "а": "a", "с": "c", "е": "e", "і": "i", "ј": "j", "о": "o", "р": "p", "ѕ": "s",
    "у": "y", "х": "x", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    # Greek capitals and small letters
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
    "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    # typographic look-alikes
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": "", "\u200c": "", "\u200d": "",
    "\ufeff": "", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-",
    "\u2011": "-", "\u2012": "-", "\u2212": "-", "\u00ad": "",
}  # fmt: skip
_TABLE = str.maketrans(_LOOKALIKES)

_HTML_TAG = re.compile(
    r"</?(?:u|b|i|em|strong|ul|ol|li|p|br|span|div|sup|sub|table|tr|td|th|a|font|strike|s)"
    r"(?:\s[^<>]{0,300})?/?>",
    re.IGNORECASE,
)
_MARKDOWN_BOLD = re.compile(r"\*\*([^*\n]{1,500})\*\*")
_LATEX_SUPERSCRIPT = re.compile(r"\^\{\\?([^{}]{0,10})\}")
_ORDINAL = re.compile(r"\b(\d{1,2})\s+(st|nd|rd|th)\b", re.IGNORECASE)
_SPACES = re.compile(r" {2,}")
# Three or more spaces, or two not after a sentence's end, between words or at the start.
_COLUMN_GAP = re.compile(r"(?:^|(?<=[^\s.!?:])) {2,}(?=\S)|(?<=\S) {3,}(?=\S)|^ {2,}(?=\S)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_PAGE_OF = re.compile(r"^page\s+\d{1,4}(?:\s+of\s+\d{1,4})?$", re.IGNORECASE)
_LONE_NUMBER = re.compile(r"^[-–]?\s?\d{1,3}\s?[-–]?$")
_FOOTER_MAX = 160


def normalise(raw: str) -> str:
    """Fold look-alikes, drop converter debris and join split ordinals ("28 th" → "28th")."""
    text = unicodedata.normalize("NFKC", raw).translate(_TABLE)
    text = _CONTROL.sub("", text)
    # Runs of spaces are the columns of pdftotext -layout: a cell boundary, as a tab.
    text = _COLUMN_GAP.sub("\t", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "**" in text:
        text = _MARKDOWN_BOLD.sub(r"\1", text)
    if "^{" in text:
        text = _LATEX_SUPERSCRIPT.sub(r"\1", text)
    text = _ORDINAL.sub(r"\1\2", text)
    text = _SPACES.sub(" ", text)
    return "\t".join(cell.strip() for cell in text.split("\t")).rstrip("\t ")


def is_furniture(text: str) -> bool:
    """Page furniture: "Page 49 of 107", a page number alone on its line, or a running
    footer that ends in its page number ("Kent BCF Plan – Final<TAB>Page 3")."""
    stripped = text.strip()
    if not stripped:
        return False
    if len(stripped) <= 20 and (_PAGE_OF.match(stripped) or _LONE_NUMBER.match(stripped)):
        return True
    last = stripped.split("\t")[-1].strip()
    return "\t" in stripped and len(stripped) <= _FOOTER_MAX and bool(_PAGE_OF.match(last))
