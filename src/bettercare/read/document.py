"""A document as readers produce it: numbered lines, each with its page and original text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a document.

    `text` is normalised (look-alike letters folded, debris removed); `raw` is what the file
    held, kept so every extracted value can quote its source. Cells of a table row are
    separated by tabs in both. `furniture` marks page numbers and running footers.
    """

    number: int
    text: str
    raw: str
    page: int | None = None
    furniture: bool = False

    @property
    def cells(self) -> list[str]:
        return [cell.strip() for cell in self.text.split("\t")]

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Document:
    path: str
    kind: str
    lines: list[Line] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lines)


# A running head repeats the document's title on every page; a title is among its first
# lines, and a head repeats at least this often.
_TITLE_LINES = 12
_HEAD_REPEATS = 3


def _key(line: Line) -> str:
    return " ".join(line.text.casefold().split())


def mark_running_heads(document: Document) -> None:
    """Mark as furniture each repeat of a title line that comes back page after page
    ("Better Care Fund planning template – Part 1" at the top of every page)."""
    lines = document.lines
    counts = Counter(_key(line) for line in lines if "\t" not in line.text)
    titles = [line for line in lines[:_TITLE_LINES * 4] if not line.blank][:_TITLE_LINES]
    heads = {
        _key(line)
        for line in titles
        if counts[_key(line)] >= _HEAD_REPEATS
        and 3 <= len(line.text.split()) <= 15
        and not line.text.rstrip().endswith(":")
    }
    if not heads:
        return
    document.lines = [
        replace(line, furniture=True) if _key(line) in heads else line for line in lines
    ]
