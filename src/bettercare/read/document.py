"""A document as readers produce it: numbered lines, each with its page and original text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

#: What a reader writes where a table cell holds a picture and no text (a scanned signature),
#: so the cell is not taken for an empty one.
IMAGE = "[image]"


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
    #: Pages that hold only images (scanned without a text layer): nothing on them was read.
    pages_without_text: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lines)


# A running head repeats the document's title at the top or foot of its pages: a line of
# the title area that comes back at least this often, beside a page number or a page break.
_TITLE_LINES = 8
_HEAD_REPEATS = 2
_BESIDE = 2


def _key(line: Line) -> str:
    return " ".join(line.text.casefold().split())


def mark_running_heads(document: Document) -> None:
    """Mark as furniture each repeat of a title line that stands at a page's edge, beside
    its page number or its page break ("Better Care Fund planning template – Part 1" over
    every page), but not the same words used as a value elsewhere."""
    lines = document.lines
    counts = Counter(_key(line) for line in lines if "\t" not in line.text)
    titles = [line for line in lines[: _TITLE_LINES * 4] if not line.blank][:_TITLE_LINES]
    heads = {
        _key(line)
        for line in titles
        if counts[_key(line)] >= _HEAD_REPEATS
        and 3 <= len(line.text.split()) <= 15
        and not line.text.rstrip().endswith(":")
    }
    if not heads:
        return

    def at_page_edge(index: int) -> bool:
        near = range(max(0, index - _BESIDE), min(len(lines), index + _BESIDE + 1))
        if any(lines[at].furniture for at in near if at != index):
            return True
        return index > 0 and lines[index].page != lines[index - 1].page

    document.lines = [
        replace(line, furniture=True) if _key(line) in heads and at_page_edge(i) else line
        for i, line in enumerate(lines)
    ]
