"""A document as readers produce it: numbered lines, each with its page and original text."""

from __future__ import annotations

from dataclasses import dataclass, field


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
