"""Metric tables: a header row of quarters and rows of numbers under it."""

from __future__ import annotations

import re

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.values import parse_number
from bettercare.frameworks import compiled
from bettercare.model import MetricSeries, MetricValue
from bettercare.read import Line

# "13-14 Q4", "Q1 14/15", "Q1"
_QUARTER = re.compile(
    r"^(?:(?P<y1>\d{2}|20\d{2})\s?[-/]\s?(?P<y2>\d{2})\s+)?Q(?P<q>[1-4])(?:\s+(?P<y3>\d{2}|20\d{2})\s?[-/]\s?(?P<y4>\d{2}))?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:^|\s)(?P<a>\d{2}|20\d{2})\s?[-/]\s?(?P<b>\d{2})$")
_ROWS_AFTER_HEADER = 4


def _fiscal(first: str, second: str) -> str:
    start = int(first) if len(first) == 4 else 2000 + int(first)
    return f"{start}/{second}"


def _periods(header: Line, above: Line | None) -> dict[int, str]:
    """Column index → period ("2014/15 Q1").

    Quarters without their own year take the years of the row above in order, moving to the
    next year wherever the quarters start again (Q4 → Q1): extracted year cells rarely sit
    over the columns they span.
    """
    years = []
    if above is not None:
        for cell in above.cells:
            match = _YEAR.search(cell)
            if match:
                years.append(_fiscal(match["a"], match["b"]))
    periods: dict[int, str] = {}
    year_index = 0
    last_quarter = 0
    for index, cell in enumerate(header.cells):
        match = _QUARTER.match(cell)
        if not match:
            continue
        quarter = int(match["q"])
        if last_quarter and quarter <= last_quarter:
            year_index += 1
        last_quarter = quarter
        if match["y1"]:
            year = _fiscal(match["y1"], match["y2"])
        elif match["y3"]:
            year = _fiscal(match["y3"], match["y4"])
        else:
            year = years[year_index] if year_index < len(years) else ""
        periods[index] = f"{year} Q{quarter}".strip()
    return periods


def _metric_id(label: str, ctx: Extraction) -> str | None:
    for metric in ctx.framework.metrics:
        if compiled(metric.match).search(label):
            return metric.id
    return None


def read_metrics(lines: list[Line], ctx: Extraction) -> list[MetricSeries]:
    series: list[MetricSeries] = []
    for index, header in enumerate(lines):
        if header.blank or "q" not in header.text.lower():
            continue
        quarters = sum(1 for cell in header.cells if _QUARTER.match(cell))
        if quarters < 3:
            continue
        above = next(
            (ln for ln in reversed(lines[max(0, index - 3) : index]) if not ln.blank), None
        )
        periods = _periods(header, above)
        seen = 0
        for row in lines[index + 1 :]:
            if row.blank:
                continue
            seen += 1
            if seen > _ROWS_AFTER_HEADER:
                break
            item = _row(row, periods, ctx)
            if item is None:
                break
            number = len(series)
            series.append(item)
            ctx.cite(pointer("metrics", number, "values"), row)
    return series


def _row(row: Line, periods: dict[int, str], ctx: Extraction) -> MetricSeries | None:
    cells = row.cells
    numeric = {i: parse_number(c) for i, c in enumerate(cells) if parse_number(c) is not None}
    if len(numeric) < 3 or not cells[0] or parse_number(cells[0]) is not None:
        return None
    label = " ".join(cells[0].split())
    first_number = min(numeric)
    measure = " ".join(c for c in cells[1:first_number] if c) or None
    values: list[MetricValue] = []
    if all(i in periods for i in numeric):
        values = [
            MetricValue(period=periods[i], value=v) for i, v in numeric.items() if v is not None
        ]
    elif len(numeric) == len(periods):
        values = [
            MetricValue(period=period, value=value)
            for period, value in zip(periods.values(), numeric.values(), strict=True)
            if value is not None
        ]
    else:
        ctx.warn(
            "metric-value-invalid",
            f"metric '{label[:60]}': {len(numeric)} numbers under {len(periods)} periods",
            row,
        )
        return None
    return MetricSeries(
        id=_metric_id(f"{label} {measure or ''}", ctx), label=label, measure=measure, values=values
    )
