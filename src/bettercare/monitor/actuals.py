"""Quarterly actuals from CSV or XLSX: rows of `metric, period, value` and `scheme, period,
spend`, found by their header labels. A row that cannot be read is reported with its place
(file:line or Sheet!row) and left out; a file with no readable row is an `InputError`."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from bettercare.errors import InputError
from bettercare.extract.values import parse_money, parse_number
from bettercare.read import check_bytes
from bettercare.read.workbook import read_workbook_bytes

_PERIOD = re.compile(
    r"^(?:(?P<a>20\d\d|\d\d)\s?[-/]\s?(?P<b>\d\d)\s*q(?P<q>[1-4])|q(?P<q2>[1-4])\s*(?P<c>20\d\d|\d\d)\s?[-/]\s?(?P<d>\d\d))$",
    re.IGNORECASE,
)


class MetricActual(BaseModel):
    model_config = ConfigDict(frozen=True)
    metric: str
    period: str
    value: float
    source: str


class SpendActual(BaseModel):
    model_config = ConfigDict(frozen=True)
    scheme: str
    period: str
    spend: int
    source: str


class Actuals(BaseModel):
    metrics: list[MetricActual] = []
    spend: list[SpendActual] = []
    problems: list[str] = []

    @classmethod
    def merged(cls, parts: list[Actuals]) -> Actuals:
        """Several files' actuals as one (a metrics file and a spend file, say)."""
        return cls(
            metrics=[m for part in parts for m in part.metrics],
            spend=[s for part in parts for s in part.spend],
            problems=[p for part in parts for p in part.problems],
        )


def period(text: str) -> str | None:
    """'2015/16 Q1' from '2015/16 Q1', '15-16 Q1', 'Q1 2015/16'; None if not a quarter."""
    match = _PERIOD.match(" ".join(text.split()))
    if not match:
        return None
    first = match.group("a") or match.group("c")
    second = match.group("b") or match.group("d")
    quarter = match.group("q") or match.group("q2")
    start = int(first) if len(first) == 4 else 2000 + int(first)
    if (start + 1) % 100 != int(second):
        return None
    return f"{start}/{second} Q{quarter}"


def _rows(path: Path, data: bytes) -> list[tuple[str, list[str]]]:
    """(place, cells) for every row, from a CSV file or every sheet of a workbook."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        book = read_workbook_bytes(str(path), data)
        return [
            (f"{sheet.title}!{number}", ["" if c.value is None else str(c.value) for c in row])
            for sheet in book.sheets
            for number, row in enumerate(sheet.rows, start=1)
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [(f"{path.name}:{number}", row) for number, row in enumerate(reader, start=1)]
    except csv.Error as error:
        raise InputError(str(path), f"not a readable CSV file ({error})") from error


def read_actuals(path: str | Path) -> Actuals:
    file = Path(path)
    if not file.is_file():
        raise InputError(str(path), "no such file")
    check_bytes(str(path), file.stat().st_size)
    actuals = Actuals()
    header: dict[str, int] | None = None
    for place, cells in _rows(file, file.read_bytes()):
        lowered = [c.strip().lower() for c in cells]
        if {"period"} <= set(lowered) and (
            {"metric", "value"} <= set(lowered) or {"scheme", "spend"} <= set(lowered)
        ):
            header = {name: lowered.index(name) for name in lowered if name}
            continue
        if header is None or not any(c.strip() for c in cells):
            continue
        _row(actuals, header, cells, place)
    if not actuals.metrics and not actuals.spend:
        raise InputError(str(path), "no rows of 'metric, period, value' or 'scheme, period, spend'")
    return actuals


def _cell(cells: list[str], header: dict[str, int], name: str) -> str:
    index = header.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _row(actuals: Actuals, header: dict[str, int], cells: list[str], place: str) -> None:
    quarter = period(_cell(cells, header, "period"))
    if quarter is None:
        actuals.problems.append(
            f"{place}: '{_cell(cells, header, 'period')}' is not a quarter like 2015/16 Q1"
        )
        return
    if "metric" in header:
        value = parse_number(_cell(cells, header, "value"))
        metric = _cell(cells, header, "metric").upper()
        if value is None or not metric:
            actuals.problems.append(f"{place}: no metric and number")
            return
        actuals.metrics.append(
            MetricActual(metric=metric, period=quarter, value=value, source=place)
        )
    else:
        text = _cell(cells, header, "spend")
        money = parse_money(text)
        amount = money.pounds if money else parse_number(text)
        scheme = _cell(cells, header, "scheme")
        if amount is None or not scheme:
            actuals.problems.append(f"{place}: no scheme and amount")
            return
        actuals.spend.append(
            SpendActual(scheme=scheme, period=quarter, spend=round(amount), source=place)
        )
