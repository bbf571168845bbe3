"""Section 1 "Plan details": authorities, CCGs, boundary, dates and the pooled budget."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.locate import strip_numbering
from bettercare.extract.values import (
    DateError,
    is_placeholder,
    looks_like,
    parse_date,
    parse_money,
)
from bettercare.frameworks import compiled
from bettercare.model import PooledBudget
from bettercare.read import Line

_YEAR = re.compile(r"\b(20\d\d)\s?[/-]\s?(\d\d)\b")
_ORG_SPLIT = re.compile(r"\s*;\s*|\s*,\s*(?=[^,]*\b(?:ccg|council)\b)", re.IGNORECASE)


@dataclass
class PlanDetails:
    local_authorities: list[str] = field(default_factory=list)
    ccgs: list[str] = field(default_factory=list)
    boundary_differences: str | None = None
    date_agreed_at_hwb: dt.date | None = None
    date_submitted: dt.date | None = None
    pooled_budget: PooledBudget = field(default_factory=PooledBudget)


def _field_of(label: str, ctx: Extraction) -> tuple[str, str] | None:
    """The field a label names, and any value written after it in the same cell
    ("Date submitted: 19/09/14" where the extraction lost the tab)."""
    if not label or len(label) > 200:
        return None
    for name, patterns in ctx.framework.details.items():
        if name == "thousands_label":
            continue
        for pattern in patterns:
            match = compiled(pattern).search(label)
            if match:
                return name, label[match.end() :].strip(" :\t")
    return None


def _year_of(text: str, years: list[str]) -> str | None:
    match = _YEAR.search(text)
    if not match:
        return None
    year = f"{match.group(1)}/{match.group(2)}"
    return year if year in years else None


def _value(cells: list[str]) -> str:
    return " ".join(cell for cell in cells[1:] if cell).strip()


def read_details(lines: list[Line], ctx: Extraction) -> PlanDetails:
    """Read label–value rows; a row with no label continues the field above it."""
    framework = ctx.framework
    details = PlanDetails()
    thousands = any(
        compiled(p).search(line.text)
        for line in lines
        for p in framework.details["thousands_label"]
    )
    current: str | None = None
    year: str | None = None
    pending: str | None = None  # a label whose value may stand on the next line
    for line in lines:
        if line.blank or line.furniture:
            continue
        cells = line.cells
        label = cells[0]
        found = _field_of(label, ctx)
        name, rest = found if found else (None, "")
        if name and name.endswith("pooled_budget"):
            rest = _YEAR.sub("", rest, count=1).strip(" :")  # the year belongs to the label
        year_only = _YEAR.match(label) if found is None else None
        if year_only:
            rest = label[year_only.end() :].strip(" :")
        if name is None and label and not _year_of(label, framework.years):
            if compiled(framework.signoff.start).search(label):
                break
            if pending and len(cells) == 1 and _fits(pending, label):
                _take(details, pending, label, year, line, thousands, ctx)
                pending = None  # the field stays current: a year row may follow
                continue
            current = pending = None
            continue
        if name is not None:
            current = name
        if current is None:
            continue
        value = _value(cells) or rest
        year = _year_of(label, framework.years) or (year if name is None else None)
        pending = current if not value else None
        _take(details, current, value, year, line, thousands, ctx)
    return details


def _fits(name: str, text: str) -> bool:
    """Whether a line on its own can be the value of the label above it."""
    if strip_numbering(text) != text.strip():  # numbered like a heading: "b) Authorisation"
        return False
    if name.startswith("date"):
        try:
            return parse_date(text) is not None
        except DateError:
            return True
    if name.endswith("pooled_budget"):
        return parse_money(text) is not None
    return True


def _take(
    details: PlanDetails,
    name: str,
    value: str,
    year: str | None,
    line: Line,
    thousands: bool,
    ctx: Extraction,
) -> None:
    framework = ctx.framework
    if name in ("local_authorities", "ccgs"):
        _take_organisations(details, name, value, line, ctx)
        return
    if not value:
        return
    if is_placeholder(value, framework):
        where = pointer(name) if year is None else None
        if name in ("minimum_pooled_budget", "total_pooled_budget") and year:
            where = pointer("pooled_budget", name.split("_")[0], year)
        ctx.warn(
            "placeholder", f"{name.replace('_', ' ')}: '{value}' is a placeholder", line, where
        )
        return
    if name == "boundary_differences":
        details.boundary_differences = value
        ctx.cite(pointer(name), line)
    elif name in ("date_agreed_at_hwb", "date_submitted"):
        try:
            date = parse_date(value)
        except DateError as error:
            ctx.warn("date-invalid", f"{name.replace('_', ' ')}: {error}", line, pointer(name))
            return
        if date is None:
            message = f"{name.replace('_', ' ')}: no date in '{value}'"
            ctx.warn("date-invalid", message, line, pointer(name))
            return
        setattr(details, name, date)
        ctx.cite(pointer(name), line)
    elif name in ("minimum_pooled_budget", "total_pooled_budget") and year:
        money = parse_money(value, thousands)
        which = "minimum" if name.startswith("minimum") else "total"
        if money is None:
            message = f"{which} pooled budget {year}: '{value}'"
            ctx.warn("money-invalid", message, line, pointer("pooled_budget", which, year))
            return
        if money.scaled_by_label:
            ctx.warn("money-unit-assumed", f"'{money.text}' read as £000s", line)
        getattr(details.pooled_budget, which)[year] = money.pounds
        ctx.cite(pointer("pooled_budget", which, year), line)


def _take_organisations(
    details: PlanDetails, name: str, value: str, line: Line, ctx: Extraction
) -> None:
    kind = "council" if name == "local_authorities" else "ccg"
    target: list[str] = getattr(details, name)
    continuation = bool(target) and not line.cells[0]
    for part in _ORG_SPLIT.split(value):
        part = part.strip(" .")
        if not part:
            continue
        if is_placeholder(part, ctx.framework):
            message = f"{name.replace('_', ' ')}: '{part}' is a placeholder"
            ctx.warn("placeholder", message, line, pointer(name))
            continue
        if continuation and not looks_like(kind, part, ctx.framework):
            ctx.warn(
                "organisation-unrecognised",
                f"'{part}' under {name.replace('_', ' ')} does not look like a {kind}; ignored",
                line,
            )
            continue
        if part not in target:
            ctx.cite(pointer(name, len(target)), line)
            target.append(part)
