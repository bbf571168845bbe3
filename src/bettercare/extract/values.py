"""Reading single values as plans write them: money, dates, people's names, placeholders."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bettercare.frameworks import Framework, compiled

# ------------------------------------------------------------------ money

_MONEY = re.compile(
    r"(?P<neg>\()?\s?(?P<minus>-)?\s?£\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s?(?P<unit>bn|billion|m|million|k|thousand)?\b\)?",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\(?-?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?$|^\(?-?\d+(?:\.\d+)?\)?$")
_SCALE = {"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3}


@dataclass(frozen=True)
class Money:
    pounds: int
    text: str
    scaled_by_label: bool = False


def find_money(text: str, thousands: bool = False) -> list[Money]:
    """Every £ amount in a text, in pounds.

    "£17.43m" → 17,430,000; "(£14,939)" → -14,939; under a "£000's" label (`thousands`)
    an amount without its own unit is multiplied by 1,000.
    """
    found = []
    for match in _MONEY.finditer(text):
        value = float(match["num"].replace(",", ""))
        unit = (match["unit"] or "").lower()
        scaled = False
        if unit:
            value *= _SCALE[unit]
        elif thousands:
            value *= 1000
            scaled = True
        if (match["neg"] and match.group(0).rstrip().endswith(")")) or match["minus"]:
            value = -value
        found.append(Money(round(value), match.group(0).strip(), scaled))
    return found


def parse_money(text: str, thousands: bool = False) -> Money | None:
    """The first £ amount in a text; a bare number ("7500000") is read as pounds too."""
    found = find_money(text, thousands)
    if found:
        return found[0]
    stripped = text.strip()
    if _BARE_NUMBER.match(stripped):
        number = parse_number(stripped)
        if number is not None:
            pounds = number * 1000 if thousands else number
            return Money(round(pounds), stripped, thousands)
    return None


_NUMBER = re.compile(r"^\(?(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\)?%?\*?$")


def parse_number(text: str) -> float | None:
    """A table cell as a number: "4,851" → 4851.0, "825.3" → 825.3; anything else → None."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    return -value if text.strip().startswith("(") and text.strip().endswith(")") else value


_FIGURE = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)(?:\s*\((-?\d+(?:\.\d+)?)\s?%\))?")


def parse_figure(text: str) -> tuple[float | None, float | None]:
    """A count with an optional percentage: "1125 (5.5%)" → (1125.0, 5.5)."""
    match = _FIGURE.search(text)
    if not match:
        return None, None
    value = float(match.group(1).replace(",", ""))
    percent = float(match.group(2)) if match.group(2) else None
    return value, percent


# ------------------------------------------------------------------ dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february", "teb"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d+)\b")
_WORDY_DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d+)\b", re.IGNORECASE
)


class DateError(ValueError):
    """A text that looks like a date but is not a possible one ("7 March 20014")."""


def _year(text: str) -> int:
    if len(text) == 2:
        return 2000 + int(text)
    if len(text) == 4:
        return int(text)
    raise DateError(f"year '{text}' is not a year")


def parse_date(text: str) -> dt.date | None:
    """A date as plans write it: "19/09/14", "14.02.2014", "28th Jan 2014", "3 September 2014".

    Returns None where the text holds no date; raises DateError for an impossible one.
    """
    for match in _NUMERIC_DATE.finditer(text):
        day, month, year = match.groups()
        try:
            return dt.date(_year(year), int(month), int(day))
        except ValueError as error:
            raise DateError(f"'{match.group(0)}' is not a possible date") from error
    for match in _WORDY_DATE.finditer(text):
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        if month is None:
            continue
        try:
            return dt.date(_year(year), month, int(day))
        except ValueError as error:
            raise DateError(f"'{match.group(0)}' is not a possible date") from error
    return None


# --------------------------------------------------------------- placeholders


def is_placeholder(text: str, framework: Framework) -> bool:
    """Template text left in place of a value ("<Name of Signatory>", "TBC", "to be confirmed")."""
    stripped = text.strip()
    if not stripped:
        return False
    return any(compiled(p).search(stripped) for p in framework.placeholders)


# --------------------------------------------------------------------- names


@dataclass(frozen=True)
class PersonName:
    name: str
    title: str | None = None
    honours: str | None = None


def split_name(text: str, framework: Framework) -> PersonName:
    """ "Dr Amanda Doyle OBE" → name "Amanda Doyle", title "Dr", honours "OBE"."""
    words = text.replace(",", " ").split()
    titles: list[str] = []
    honours: list[str] = []
    lowered_titles = {t.lower() for t in framework.titles}
    while len(words) > 1:
        two = " ".join(words[:2]).lower()
        if two in lowered_titles:
            titles.append(" ".join(words[:2]))
            words = words[2:]
        elif words[0].lower() in lowered_titles:
            titles.append(words.pop(0))
        else:
            break
    honour_set = {h.lower() for h in framework.honours}
    while len(words) > 1 and words[-1].lower().strip(".") in honour_set:
        honours.insert(0, words.pop())
    return PersonName(
        name=" ".join(words),
        title=" ".join(titles) or None,
        honours=" ".join(honours) or None,
    )


def looks_like(kind: str, text: str, framework: Framework) -> bool:
    """Whether a text names an organisation of a kind (council, ccg, hwb)."""
    return any(compiled(p).search(text) for p in framework.organisations[kind])
