"""A version and sign-off table ("Version | Sign Off | Date"), as later rounds' narrative plans
open: each row a stage of agreement (a version, the body that signed it off, a date).

The table is found by its header (framework `[form.stages]`); its rows are cut at their dates,
since a flattened page runs every row into one line ("… v9 HWBB 19/04/16 V10 HWBB 28/04/16 …").
A table flattened onto its header's line is read from that line alone; otherwise rows are read
from the lines that follow until a stretch of words with no date (the table has ended).
"""

from __future__ import annotations

import re

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.values import read_date
from bettercare.frameworks import StageTable, compiled
from bettercare.model import FieldRead, SignOffStage
from bettercare.read import Line

# Lines after the header searched for rows (a table of one row a line, with blank lines).
_TABLE_LINES = 80
_STRIP = " ·|:-–•"


def _kind(text: str, rules: StageTable) -> str | None:
    for kind in rules.kinds:
        for words in kind.words:
            if re.search(rf"\b{re.escape(words)}\b", text, re.IGNORECASE):
                return kind.kind
    return None


def _rows(pieces: list[tuple[Line, str]], rules: StageTable, ctx: Extraction) -> list[SignOffStage]:
    """Rows cut at their dates, until a stretch of more than `row_max_words` words with no
    date: the table has ended. Where that prose runs on from a row's date on the same line,
    the date was the prose's own ("In the year to 31/03/2017 the partners …"): no row."""
    date = compiled(rules.date)
    stages: list[SignOffStage] = []
    words: list[str] = []
    first: Line | None = None  # where the words of the row being read began
    dated: Line | None = None  # where the last row's date was

    def ended() -> list[SignOffStage]:
        if stages and first is not None and first is dated:
            stages.pop()
            ctx.sources = {
                k: v for k, v in ctx.sources.items() if not k.startswith(_pointer(len(stages)))
            }
        return stages

    for line, text in pieces:
        position = 0
        for found in date.finditer(text):
            words += text[position : found.start()].split()
            if words and first is None:
                first = line
            position = found.end()
            row = " ".join(words).strip(_STRIP)
            if len(row.split()) > rules.row_max_words:
                return ended()  # prose before this date: the table has ended
            words = []
            if row:
                stages.append(_stage(len(stages), row, found.group(0), first or line, line, rules))
                ctx.cite(pointer("sign_off_stages", len(stages) - 1, "text"), first or line, line)
                ctx.cite(pointer("sign_off_stages", len(stages) - 1, "date"), line)
                dated = line
            first = None
        words += text[position:].split()
        if words and first is None:
            first = line
        if len(words) > rules.row_max_words:
            return ended()
    return stages


def _pointer(number: int) -> str:
    return pointer("sign_off_stages", number) + "/"


def _stage(
    number: int, row: str, date_text: str, first: Line, line: Line, rules: StageTable
) -> SignOffStage:
    version = compiled(rules.version).search(row)
    read = read_date(date_text)
    submitted = any(
        re.search(rf"\b{re.escape(words)}\b", row, re.IGNORECASE) for words in rules.submitted
    )
    return SignOffStage(
        text=row,
        version=version.group(0) if version else None,
        on_behalf_of=_kind(row, rules),
        submitted=submitted,
        date=read.date if read is not None else None,
    )


def _unreadable(stages: list[SignOffStage], ctx: Extraction) -> None:
    """A row whose date is impossible ("31/02/17"): kept, its date flagged."""
    for number, stage in enumerate(stages):
        if stage.date is not None:
            continue
        where = pointer("sign_off_stages", number, "date")
        source = ctx.sources.get(where)
        reason = f"no valid date in the row '{stage.text}'"
        ctx.warn("date-invalid", f"sign-off stage: {reason}", None, where)
        if source is not None:
            ctx.warnings[-1].line = source.line
        ctx.state(where, FieldRead(state="unreadable", reason=reason, needs_review=True))


def read_stages(lines: list[Line], rules: StageTable, ctx: Extraction) -> list[SignOffStage]:
    """The rows of the first version and sign-off table in `lines` that has any."""
    headers = [compiled(pattern) for pattern in rules.header]
    date = compiled(rules.date)
    for index, line in enumerate(lines):
        found = next((m for m in (h.search(line.text) for h in headers) if m), None)
        if found is None:
            continue
        rest = line.text[found.end() :]
        pieces = [(line, rest)]
        if not date.search(rest):
            following = lines[index + 1 : index + 1 + _TABLE_LINES]
            pieces += [(other, other.text) for other in following if other.text.strip()]
        stages = _rows(pieces, rules, ctx)
        if stages:
            _unreadable(stages, ctx)
            return stages
    return []
