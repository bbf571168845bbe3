"""The form reader: labels found wherever they sit, and each label's value cut up to the next.

Plans lay the same form out in many ways: label and value in two cells of a table row, joined
by " / ", in columns of spaces (pdftotext -layout), the value on the line after its label, a
label wrapped over lines with its value between them, or a whole page flattened into one
paragraph. All of them become one stream of words that remembers each word's line and cell;
labels (plain words from the framework file) are matched in that stream after folding case,
punctuation and spacing, fuzzily for long labels; a value is the text between its label and
the next label found, kept as the pieces (cells, lines) it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bettercare.read import Line

# Cells within one line: tabs (Word and PDF tables, pdftotext columns turned into tabs by the
# readers) and " / " (cells joined by web pages that show a document's text).
_CELLS = re.compile(r"\t|\s+/\s+|\s+\|\s+")
# How many lines a wrapped label's value may sit between the label's first and second line;
# a short last line of the label ("Group") may come after a value of up to `_LOOKAHEAD_TAIL`
# lines (a list of CCGs in a vertically centred cell).
_LOOKAHEAD = 2
_LOOKAHEAD_TAIL = 9
# The numbering or markup that opens a heading: "c)", "2.", "(iv)", "## 3)".
_NUMBERING = re.compile(r"(?:^|\s)[#*]*\s*\(?(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s*[#*]*$", re.I)
# Labels this long or longer (but short of fuzzy) still match with one letter misread.
_ONE_SLIP_FROM = 6
# A word this close (rapidfuzz ratio) to a label's first word may be it misread ("C1INICAL").
_SLIPPED_WORD = 70
_AWAITS_VALUE = re.compile(r"(?::|\b(?:20)?\d\d\s?[/-]\s?(?:20)?\d\d|£\s?000'?s|\(£k\))\s*$")
_LONE_VALUE = re.compile(r"^(?:£\s?)?[\d.,/]+(?:\s?(?:m|k|million))?$")
# A paragraph hard-wrapped at a width: lines of at least this share of the widest, this
# many in a row, on a page at least this wide.
_FULL = 0.8
_WRAPPED_RUN = 3
_WRAP_MIN_WIDTH = 40
_LONE_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})*$")
_OPENING_NUMBER = re.compile(r"^\(?(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s")
_TOKEN = re.compile(r"<[^<>\n]{0,120}>|[^\W_]+|&")


@dataclass(frozen=True, slots=True)
class Piece:
    """One cell of one line (the whole line where it has no cells)."""

    text: str
    line: Line
    col: int


@dataclass(frozen=True, slots=True)
class _Token:
    key: str
    piece: int
    start: int
    end: int
    placeholder: bool


@dataclass(frozen=True, slots=True)
class Label:
    """A label to look for: `owner` is what it opens (a field id, a role, "end")."""

    owner: str
    words: str

    @property
    def key(self) -> str:
        return fold(self.words)


@dataclass(frozen=True, slots=True)
class Hit:
    """A label found: tokens [start, end) of the stream, and whether it matched exactly."""

    owner: str
    start: int
    end: int
    exact: bool
    score: float
    size: int


@dataclass(frozen=True, slots=True)
class Fragment:
    """Part of a value that came from one piece: its text and its line."""

    text: str
    line: Line
    piece: int


def _keys(text: str) -> list[str]:
    return [_fold(m.group(0)) for m in _TOKEN.finditer(text) if not m.group(0).startswith("<")]


def fold(text: str) -> str:
    """A text as label matching sees it: its words folded and joined ("Well-Being" =
    "wellbeing")."""
    return "".join(_keys(text))


def _fold(word: str) -> str:
    return "and" if word == "&" else word.casefold()


def split_cells(text: str) -> list[str]:
    """A line's cells: tab-, " / "- or pipe-separated; the whole line when it has none.
    Empty cells inside a row are kept, so columns stay aligned."""
    text = text.strip(" ")
    if text.startswith("|") and text.endswith("|"):
        text = text[1:-1]
    cells = [cell.strip() for cell in _CELLS.split(text)]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def pieces_of(lines: Sequence[Line], keys: Sequence[str] = ()) -> list[Piece]:
    """Lines → pieces, in reading order; blank lines and page furniture dropped. A lone
    number right under a label that awaits it ("… pooled budget: 2014/15" / "500", or a
    label `keys` shows is not finished), or in a column of lone values, is a value, not a
    page number."""
    result: list[Piece] = []
    paragraph_ends = _soft_wrapped(lines)
    joining: Piece | None = None
    for index, line in enumerate(lines):
        if line.blank:
            continue
        if line.furniture and not _held_in(lines, index, keys):
            continue
        if index in paragraph_ends or joining is not None:
            text = line.text if joining is None else _rejoined(joining.text, line.text)
            joining = Piece(text, line if joining is None else joining.line, 0)
            if paragraph_ends.get(index) is False:
                continue
            result.append(joining)
            joining = None
            continue
        for col, cell in enumerate(split_cells(line.text)):
            if cell or col:
                result.append(Piece(cell, line, col))
    if joining is not None:
        result.append(joining)
    return result


def _rejoined(before: str, after: str) -> str:
    """Two lines of a wrapped paragraph: a word broken at its hyphen ("Well-" / "being")
    is joined without a space."""
    if before.endswith("-") and before[-2:-1].isalpha():
        return before + after
    return f"{before} {after}"


def _soft_wrapped(lines: Sequence[Line]) -> dict[int, bool]:
    """Paragraphs hard-wrapped at a fixed width (a page flattened, then wrapped again):
    runs of at least `_WRAPPED_RUN` lines filled to the width, with the short line that ends
    each. Their line breaks mean nothing, so they are read as one piece. Maps the index of
    each line in such a run to whether it ends its paragraph."""
    plain = [len(line.text) for line in lines if "\t" not in line.text]
    width = max(plain, default=0)
    if width < _WRAP_MIN_WIDTH:
        return {}

    def full(at: int) -> bool:
        text = lines[at].text
        return "\t" not in text and len(text) >= _FULL * width and not lines[at].furniture

    runs: dict[int, bool] = {}
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and full(end):
            end += 1
        if end - index >= _WRAPPED_RUN:
            last = end if end < len(lines) and not lines[end].blank else end - 1
            last = last if "\t" not in lines[last].text else end - 1
            for at in range(index, last + 1):
                runs[at] = at == last
            index = last + 1
        else:
            index = max(end, index + 1)
    return runs


def _held_in(lines: Sequence[Line], index: int, keys: Sequence[str]) -> bool:
    if not _LONE_NUMBER.match(lines[index].text.strip()):
        return False
    before = lines[index - 1].text if index > 0 else ""
    awaited = bool(_AWAITS_VALUE.search(before)) or _unfinished(fold(before), keys)
    in_column = any(
        0 <= at < len(lines) and _LONE_VALUE.match(lines[at].text.strip())
        for at in (index - 1, index + 1)
    )
    if not awaited and not in_column:
        return False

    def text(at: int) -> bool:
        return 0 <= at < len(lines) and not lines[at].blank and not lines[at].furniture

    return text(index - 1) and text(index + 1)


class Stream:
    """Pieces as one sequence of folded words, each word traced back to its piece. At most
    `MAX_WORDS` words are kept: a form is a few thousand, and a hostile file must not make
    the label search slow."""

    MAX_WORDS = 20_000

    def __init__(self, pieces: Sequence[Piece]) -> None:
        self.pieces: list[Piece] = []
        self.tokens: list[_Token] = []
        for piece in pieces:
            index = len(self.pieces)
            self.pieces.append(piece)
            for match in _TOKEN.finditer(piece.text):
                word = match.group(0)
                placeholder = word.startswith("<")
                key = "" if placeholder else _fold(word)
                self.tokens.append(_Token(key, index, match.start(), match.end(), placeholder))
                if len(self.tokens) >= self.MAX_WORDS:
                    return

    def __len__(self) -> int:
        return len(self.tokens)

    def find(
        self,
        labels: Sequence[Label],
        fuzzy_ratio: float,
        fuzzy_from: int,
        start: int = 0,
        end: int | None = None,
    ) -> list[Hit]:
        """Every label found in tokens [start, end); of overlapping hits, the longer label
        (weighted by how closely it matched) wins."""
        end = len(self.tokens) if end is None else end
        candidates: list[Hit] = []
        keys = [token.key for token in self.tokens]
        # Where each letter opens a word: a label is tried only where its first letter is.
        opening: dict[str, list[int]] = {}
        for i in range(start, end):
            if keys[i]:
                opening.setdefault(keys[i][0], []).append(i)
        for label in labels:
            target = label.key
            if not target:
                continue
            label_words = _keys(label.words)
            words = len(label_words)
            opening_word = label_words[0]
            fuzzy = len(target) >= fuzzy_from
            one_slip = _ONE_SLIP_FROM <= len(target) < fuzzy_from
            for i in opening.get(target[0], []):
                first = keys[i]
                if first[:2] != target[:2] and fuzz.ratio(first, opening_word) < _SLIPPED_WORD:
                    continue  # not even a misread of the label's first word
                if not fuzzy and not one_slip and not target.startswith(first):
                    continue
                best: Hit | None = None
                for size in range(max(1, words - 2), words + 3):
                    if i + size > end:
                        break
                    window = self.tokens[i : i + size]
                    if any(t.placeholder for t in window):
                        break
                    joined = "".join(t.key for t in window)
                    if joined == target:
                        best = Hit(label.owner, i, i + size, True, 100.0, len(target))
                        break
                    if one_slip and _one_letter_apart(joined, target):
                        best = Hit(label.owner, i, i + size, False, 90.0, len(target))
                        continue
                    if fuzzy and abs(len(joined) - len(target)) <= max(2, len(target) // 10):
                        score = fuzz.ratio(joined, target)
                        if (
                            score >= fuzzy_ratio
                            and (best is None or score > best.score)
                            and _each_word_fits(window, target, label_words)
                        ):
                            best = Hit(label.owner, i, i + size, False, score, len(target))
                if best is not None:
                    candidates.append(best)
        # The label that explains most of the text wins: its length, weighted by how
        # closely it matched (to the fourth power, so a slightly longer near-miss does not beat an
        # exact label: "… the Councils" is not read into "… the Council St Helens").
        candidates.sort(key=lambda h: (-h.size * h.score**4, not h.exact, h.start))
        taken: list[Hit] = []
        for hit in candidates:
            if all(hit.end <= other.start or hit.start >= other.end for other in taken):
                taken.append(hit)
        return sorted(taken, key=lambda h: h.start)

    def between(self, start: int, end: int) -> list[Fragment]:
        """The text from the end of token `start - 1` to the start of token `end`, by piece
        (`start` is the first token after a label; `end` the next label's first token)."""
        if start >= len(self.tokens) and start > 0:
            return []
        first_piece = self.tokens[start - 1].piece if start > 0 else 0
        first_char = self.tokens[start - 1].end if start > 0 else 0
        if end < len(self.tokens):
            last_piece, last_char = self.tokens[end].piece, self.tokens[end].start
        else:
            last_piece, last_char = len(self.pieces) - 1, len(self.pieces[-1].text)
        fragments = []
        for index in range(first_piece, last_piece + 1):
            piece = self.pieces[index]
            text = piece.text
            if index == last_piece:
                text = text[:last_char]
            if index == first_piece:
                text = text[first_char:] if index != last_piece else text[first_char:last_char]
            text = text.strip()
            if index == first_piece:  # what joins the label to its value: "Date: …"
                text = text.lstrip(" \t:;,-–/|.")
            if index == last_piece and end < len(self.tokens):
                text = _NUMBERING.sub("", text)  # "c)" of the heading that ends the value
                text = text.rstrip(" \t:;,-–/|")
            if text and not any(c.isalnum() for c in text) and "<" not in text:
                text = ""  # punctuation left between a label and the next: "(ies):"
            if text:
                fragments.append(Fragment(text, piece.line, index))
        return fragments

    def line_of(self, token: int) -> Line:
        return self.pieces[self.tokens[min(token, len(self.tokens) - 1)].piece].line

    def is_whole_piece(self, start: int, end: int) -> bool:
        """Whether tokens [start, end) are all the words of their piece (a label cell)."""
        piece = self.tokens[start].piece
        before = start == 0 or self.tokens[start - 1].piece != piece
        after = end >= len(self.tokens) or self.tokens[end].piece != piece
        return before and after

    def is_piece_start(self, token: int) -> bool:
        """Whether a token opens its piece (a label at the start of a cell or line)."""
        return token == 0 or self.tokens[token - 1].piece != self.tokens[token].piece


def _each_word_fits(window: Sequence[_Token], target: str, label_words: list[str]) -> bool:
    """A near match must be the label misread or re-spaced, word by word: each word is part
    of the label ("Well" of "wellbeing") or a misreading of one of its words ("BEHA1F"); a
    name in place of a label word ("… of Bury Council" for "… of the Council") is not."""
    return all(
        token.key in target or max(fuzz.ratio(token.key, word) for word in label_words) >= 70
        for token in window
    )


def _one_letter_apart(text: str, target: str) -> bool:
    return len(text) == len(target) and sum(a != b for a, b in zip(text, target, strict=True)) == 1


def labels_for(owner: str, phrases: Iterable[str]) -> list[Label]:
    return [Label(owner, phrase) for phrase in phrases]


def first_hit(hits: Sequence[Hit], owner: str, after: int = -1) -> Hit | None:
    return next((h for h in hits if h.owner == owner and h.start > after), None)


def text_of(stream: Stream, start: int, end: int) -> str:
    """The words of tokens [start, end) as written, one space between pieces."""
    parts: list[str] = []
    for index in range(start, end):
        token = stream.tokens[index]
        text = stream.pieces[token.piece].text
        if index > start and stream.tokens[index - 1].piece == token.piece:
            previous = stream.tokens[index - 1]
            parts.append(text[previous.end : token.end])
        else:
            parts.append((" " if parts else "") + text[token.start : token.end])
    return "".join(parts).strip()


def _rows(pieces: list[Piece]) -> list[list[Piece]]:
    rows: list[list[Piece]] = []
    for piece in pieces:
        if rows and rows[-1][0].line is piece.line:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return rows


def side_by_side(pieces: list[Piece], opens: Callable[[str], bool]) -> list[Piece]:
    """Blocks laid side by side in one table (CCG | Council | HWB, rows By / Position / Date)
    read one block after another: each column with the row labels of the first column."""
    rows = _rows(pieces)
    result: list[Piece] = []
    index = 0
    while index < len(rows):
        header = rows[index]
        columns = [piece.col for piece in header if opens(piece.text)]
        if len(columns) < 2:
            result += header
            index += 1
            continue
        body = [header]
        index += 1
        while index < len(rows) and not any(opens(p.text) for p in rows[index][:1]):
            row = rows[index]
            carries_on = (
                row[0].col == 0
                and row[0].text[:1].islower()
                and not _OPENING_NUMBER.match(row[0].text)  # "c) Related documentation"
            )
            if carries_on and len(body) > 1 and body[-1][0].col == 0:
                # the row label wrapped onto the next line: "Name of" / "signatory"
                head = body[-1][0]
                body[-1] = [Piece(f"{head.text} {row[0].text}", head.line, 0), *body[-1][1:]]
                row = row[1:]
                index += 1
                if row:
                    body.append(row)
                continue
            if not any(p.col in columns for p in row):
                break
            body.append(row)
            index += 1
        for column in columns:
            for row in body:
                by_col = {piece.col: piece for piece in row}
                label = by_col.get(0)
                if 0 not in columns and label and row is not header:
                    result.append(label)
                if column in by_col:
                    result.append(by_col[column])
    return result


def join_wrapped_labels(pieces: list[Piece], keys: Sequence[str]) -> list[Piece]:
    """A label wrapped over lines, with its value beside its first line (pdftotext -layout,
    a PDF table cell: "Signed on behalf of the<gap>NHS X CCG" / "Clinical Commissioning" /
    "Group") or between its lines (a vertically centred cell read line by line: "Date agreed
    at Health and" / "07/09/2014" / "Well-Being Board:"). The label's later lines are moved
    up to join it, ahead of the values, while each carries on a label the first line began."""
    rows = _rows(pieces)
    result: list[Piece] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        index += 1
        head = row[0]
        if head.col != 0 or not _unfinished(fold(head.text), keys):
            result += row
            continue
        label = [head]
        values = row[1:]
        while index < len(rows):
            found = _continuation(label, rows, index, keys, lookahead=not values)
            if found is None:
                break
            at, ends = found
            skipped = rows[index:at]
            label.append(rows[at][0])
            values += [p for r in skipped for p in r] + rows[at][1:]
            index = at + 1
            if ends:
                break
        result += label + values
    return result


def _continuation(
    label: list[Piece], rows: list[list[Piece]], index: int, keys: Sequence[str], lookahead: bool
) -> tuple[int, bool] | None:
    """The row (at `index`, or a little after it when the value sits between the label's
    lines) whose first cell carries the label on, and whether it completes it."""
    so_far = fold(" ".join(p.text for p in label))
    last = index + (_LOOKAHEAD_TAIL if lookahead else 0)
    for at in range(index, min(last + 1, len(rows))):
        near = at - index <= _LOOKAHEAD
        first = rows[at][0]
        if first.col != 0:
            return None
        if not fold(first.text):  # a placeholder ("<date>") carries no label on
            if len(rows[at]) > 1:
                return None
            continue
        words = _keys(f"{' '.join(p.text for p in label)} {first.text}")
        joined = "".join(words)
        breaks = {sum(len(w) for w in words[:n]) for n in range(1, len(words) + 1)}
        ends = any(joined.startswith(k) and len(k) > len(so_far) and len(k) in breaks for k in keys)
        goes_on = any(k.startswith(joined) and len(k) > len(joined) for k in keys)
        if near and (ends or goes_on):
            return at, not goes_on
        if ends and len(first.text.split()) <= 3:  # further off, a short line ending the label
            return at, True
        if len(rows[at]) > 1:
            return None
    return None


def _unfinished(text: str, keys: Sequence[str]) -> bool:
    return bool(text) and any(k.startswith(text) and k != text for k in keys)
