"""Reading single values as plans write them: money, dates, years, names, placeholders.

Plans are typed by hand, converted from Word and PDF, and sometimes OCR'd, so one value comes in
many spellings ("£10.3m", "(£'000) 10,295", "£1O,295,OOO"; "18th Sept 2014", "18-Sep-14";
"14-15", "FY 2014/15"). Each reader here keeps the text it read from, so a caller can quote it.

Every pattern is bounded or unambiguous: no nested repetition that can backtrack without limit,
so a hostile 100,000-character line is read in linear time.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from bettercare.frameworks import Framework, compiled

# ------------------------------------------------------------------ money

# One digit of an amount, allowing the OCR slips plans really carry: "l"/"I" for 1, "O"/"o" for
# 0, and "S" for 5 only between two digits (so "£5S" or "£Sm" are never read).
_DIGIT = r"(?:[0-9lIOo]|(?<=[0-9])S(?=[0-9]))"
# An amount's number, loosely: digit runs joined by single commas, an optional fraction, or a
# fraction alone ("£.848m"). The comma and point are not digits, so this cannot backtrack
# exponentially; after a £ it is atomic, so "£10,000Only" is no amount rather than "£10".
# Grouping is checked afterwards in Python.
_NUMBER_TOKEN = rf"(?:{_DIGIT}+(?:,{_DIGIT}+)*(?:\.{_DIGIT}+)?|\.{_DIGIT}+)"
_OWN_UNIT = r"(?i:billions?|bn|millions?|mn|m|thousands?|k)"
_MINUS = "-\u2212"
_POUND_AMOUNT = re.compile(
    rf"(?P<open>\(\s{{0,2}})?(?:(?<![\w£)%.,])(?P<minus>[{_MINUS}])\s{{0,2}})?£\s{{0,2}}"
    rf"(?P<open2>\(\s{{0,2}})?(?:(?P<minus2>[{_MINUS}])\s{{0,2}})?(?P<num>(?>{_NUMBER_TOKEN}))"
    rf"(?:\s{{0,2}}(?P<unit>{_OWN_UNIT})(?![A-Za-z]))?(?![A-Za-z0-9])(?P<close>\s{{0,2}}\))?"
)
# A cell that is only a number ("2,150,000", "(14,939)", "10.3m"), read as pounds.
_BARE_AMOUNT = re.compile(
    rf"(?P<open>\()?\s{{0,2}}(?P<minus>[{_MINUS}])?\s{{0,2}}(?P<num>{_NUMBER_TOKEN})"
    rf"(?:\s{{0,2}}(?P<unit>{_OWN_UNIT}))?\s{{0,2}}(?P<close>\))?\s{{0,2}}\*?"
)
_BARE_MAX = 80  # a longer cell is prose, not a number
_MAX_WHOLE_DIGITS = 15  # £ 999 trillion: anything longer is not an amount (and int() would balk)

_OWN_SCALE = {
    "k": 1_000,
    "thousand": 1_000,
    "thousands": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
    "billions": 1_000_000_000,
}
_OWN_UNIT_NAME = {1_000: "£k", 1_000_000: "£m", 1_000_000_000: "£bn"}
_LABEL_UNIT_NAME = {1: "£", 1_000: "£000s", 1_000_000: "£m", 1_000_000_000: "£bn"}
_SLIPS = {"l": "1", "I": "1", "O": "0", "o": "0", "S": "5"}
_SLIP_TABLE = {ord(slip): digit for slip, digit in _SLIPS.items()}

# A unit stated by a label or header: "£000s", "(£'000)", "(000s)", "£k", "£ millions".
_QUOTE = "['\u2018\u2019`]"
_UNIT_LABEL = re.compile(
    r"(?:\(\s?)?(?:"
    rf"(?P<k>£\s?{_QUOTE}?\s?000{_QUOTE}?[sS]?(?![0-9A-Za-z]|[.,][0-9])"
    rf"|\(\s?{_QUOTE}?000{_QUOTE}?[sS]?\s?\)"
    r"|£\s?(?i:k|thousands?)(?![A-Za-z0-9])|(?i:\bthousands of pounds\b))"
    r"|(?P<m>£\s?(?i:m|mn|millions?)(?![A-Za-z0-9])|(?i:\bmillions of pounds\b))"
    r"|(?P<bn>£\s?(?i:bn|billions?)(?![A-Za-z0-9]))"
    r")(?:\s?\))?"
)

# Words that say a cell has no amount, and why. "NA" only in capitals: "na" is too common.
_NULL_WORD = re.compile(
    r"(?P<placeholder><[^<>\n]{1,120}>)"
    r"|(?P<tbc>(?i:\btb[acd]\b|\bto be (?:confirmed|agreed|determined|advised)\b))"
    r"|(?P<na>(?i:\bn\s?/\s?a\b|\bn\.a\.|\bnot applicable\b)|\bNA\b)"
    r"|(?P<nil>(?i:\bnil\b|\bnone\b))"
)
_NULL_REASON = {
    "placeholder": "placeholder",
    "tbc": "to be confirmed",
    "na": "not applicable",
    "nil": "nil",
}
# An accountant's dash alone in a cell means nil.
_NIL_DASH = re.compile(r"£?\s{0,2}[-\u2013\u2014]")


@dataclass(frozen=True)
class Money:
    pounds: int
    text: str
    scaled_by_label: bool = False


@dataclass(frozen=True)
class AmountRead:
    """One amount as a plan wrote it: the pounds, the text to quote, and how it was scaled.

    `pounds` is None when the text says there is no amount (`null_reason` says why). `corrected`
    notes an OCR digit slip that was fixed, so a reader can check the source.
    """

    pounds: int | None
    text: str
    unit: str
    null_reason: str | None = None
    corrected: str | None = None
    scaled_by_label: bool = False


def unit_scale(text: str) -> int | None:
    """The unit a label or header states ("£000s" → 1000, "(£m)" → 1,000,000), else None.

    Tables put the unit once in a header; every bare figure under it is in that unit.
    """
    label = _UNIT_LABEL.search(text)
    return None if label is None else _label_scale(label)


def _label_scale(label: re.Match[str]) -> int:
    if label["k"] is not None:
        return 1_000
    if label["m"] is not None:
        return 1_000_000
    return 1_000_000_000


def _correct(token: str) -> tuple[str, str | None]:
    """The token with OCR slips turned into digits, and a note of what was changed."""
    slips = [char for char in dict.fromkeys(token) if char in _SLIPS]  # in order of first use
    if not slips:
        return token, None
    fixed = token.translate(_SLIP_TABLE)
    note = "OCR slip: " + ", ".join(f"'{slip}' read as '{_SLIPS[slip]}'" for slip in slips)
    return fixed, note


def _grouped_prefix(number: str) -> str:
    """The longest prefix of a number whose thousands grouping is right ("1,234,56" → "1,234")."""
    whole = number.partition(".")[0]
    groups = whole.split(",")
    if len(groups) == 1:
        return number
    if not 1 <= len(groups[0]) <= 3:
        return groups[0]
    kept = [groups[0]]
    for group in groups[1:]:
        if len(group) != 3:
            return ",".join(kept)
        kept.append(group)
    return number


def _pounds(number: str, multiplier: int) -> int | None:
    """Exact pounds for a cleaned number times a unit, rounded half up; None when absurd."""
    whole = number.split(".")[0].replace(",", "")
    if len(whole.lstrip("0")) > _MAX_WHOLE_DIGITS:
        return None
    with decimal.localcontext() as context:
        context.prec = 80
        value = decimal.Decimal(number.replace(",", "")[:120] or "0") * multiplier
        return int(value.quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))


def _amount(
    text: str, match: re.Match[str], scale: int | None, opens: tuple[str, ...]
) -> AmountRead | None:
    """An AmountRead from a match of _POUND_AMOUNT or _BARE_AMOUNT."""
    raw = match["num"]
    if not any(char.isdigit() for char in raw):
        return None  # only look-alike letters: "£lOO" is a word as likely as a number
    fixed, note = _correct(raw)
    number = _grouped_prefix(fixed)
    minus = any(match[name] for name in ("minus", "minus2") if name in match.re.groupindex)
    negative = minus or (any(match[name] for name in opens) and bool(match["close"]))
    end, unit_text = match.end(), match["unit"]
    if number != fixed:  # bad grouping: read what is well formed, without the unit after it
        end, unit_text, negative = match.start("num") + len(number), None, minus
        note = _correct(raw[: len(number)])[1]
    number = number.rstrip(".")
    if unit_text:
        multiplier = _OWN_SCALE[unit_text.lower()]
        unit, by_label = _OWN_UNIT_NAME[multiplier], False
    elif scale is not None and scale != 1:
        multiplier, unit, by_label = scale, _LABEL_UNIT_NAME.get(scale, f"£×{scale:,}"), True
    else:
        multiplier, unit, by_label = 1, "£", False
    pounds = _pounds(number, multiplier)
    if pounds is None:
        return None
    quoted = text[match.start() : end].strip()
    return AmountRead(-pounds if negative else pounds, quoted, unit, None, note, by_label)


def _pound_amounts(text: str, scale: int | None) -> Iterator[tuple[int, AmountRead]]:
    """Every £ amount in a text with where it starts, each scaled by its own unit or `scale`."""
    for match in _POUND_AMOUNT.finditer(text):
        read = _amount(text, match, scale, ("open", "open2"))
        if read is not None:
            yield match.start(), read


def read_amount(text: str, scale: int | None = None) -> AmountRead | None:
    """The first amount in a cell or value text, in pounds, with the text it was read from.

    A unit on the amount itself wins ("£10.3m", "£10,295k"); `scale` — the unit the row's or
    column's label stated, from unit_scale — applies only to an amount without one, and so does
    a unit label in the text itself ("10,295 (£000s)"). A number alone in the cell is pounds
    too. "N/A", "nil", "tbc" or "<amount>" give pounds None with the reason; None when the
    text holds neither an amount nor such a word.
    """
    label = _UNIT_LABEL.search(text)
    if scale is None and label is not None:
        scale = _label_scale(label)
    for start, read in _pound_amounts(text, scale):
        if label is not None and label.start() <= start < label.end():
            continue  # "£000" in "£000s" is the label, not an amount
        return read
    bare = text.strip()
    if label is not None:  # "10,295 (£000s)": the number beside the label, never across it
        before, after = text[: label.start()].strip(), text[label.end() :].strip()
        bare = "" if before and after else before or after
    if bare and len(bare) <= _BARE_MAX:
        match = _BARE_AMOUNT.fullmatch(bare)
        if match is not None:
            bare_read = _amount(bare, match, scale, ("open",))
            balanced = (match["open"] is None) == (match["close"] is None)
            if bare_read is not None and balanced:
                return bare_read
    unit = _LABEL_UNIT_NAME.get(scale or 1, "£")
    null = _NULL_WORD.search(text)
    if null is not None:
        reason = _NULL_REASON[null.lastgroup or "nil"]
        return AmountRead(None, null.group(0), unit, reason)
    stripped = text.strip()
    if stripped and len(stripped) <= 6 and _NIL_DASH.fullmatch(stripped):
        return AmountRead(None, stripped, unit, "nil")
    return None


def plausible_pooled_budget(pounds: int, low: int, high: int) -> bool:
    """Whether a pooled budget lies in the framework's bounds; kept here so every caller agrees.

    An amount far below the low bound was almost certainly written in £000s.
    """
    return low <= pounds <= high


def find_money(text: str, thousands: bool = False) -> list[Money]:
    """Every £ amount in a text, in pounds.

    "£17.43m" → 17,430,000; "(£14,939)" → -14,939; under a "£000's" label (`thousands`)
    an amount without its own unit is multiplied by 1,000.
    """
    return [
        Money(read.pounds, read.text, read.scaled_by_label)
        for _, read in _pound_amounts(text, 1000 if thousands else None)
        if read.pounds is not None
    ]


def parse_money(text: str, thousands: bool = False) -> Money | None:
    """The first £ amount in a text; a bare number ("7500000") is read as pounds too."""
    read = read_amount(text, 1000 if thousands else None)
    if read is None or read.pounds is None:
        return None
    return Money(read.pounds, read.text, read.scaled_by_label)


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


# ------------------------------------------------------------ financial years

# "2014/15", "2014-2015", "14/15", "2014 – 15", "FY 2014/15", "2014 to 2015". Not part of a date
# ("1/14/15") or of a longer run ("2014/15/16", which could mean two years or none).
_FINANCIAL_YEAR = re.compile(
    r"(?<![A-Za-z0-9])(?<![0-9][/.])(?:(?i:fy)\s?)?"
    r"(?P<first>(?:19|20)[0-9]{2}|[0-9]{2})"
    r"(?:\s{0,2}[/\-\u2013\u2014\u2212]\s{0,2}|(?P<to>\s{1,2}(?i:to)\s{1,2}))"
    r"(?P<second>[0-9]{4}|[0-9]{2})(?![0-9])(?![/.][0-9])"
)


def _financial_year(match: re.Match[str]) -> str | None:
    first, second = match["first"], match["second"]
    if len(first) == 2 and (len(second) == 4 or match["to"]):
        return None  # "14/2015" and "14 to 15" are not how years are written
    start = int(first) + (2000 if len(first) == 2 else 0)
    follows = int(second) == (start + 1 if len(second) == 4 else (start + 1) % 100)
    return f"{start}/{(start + 1) % 100:02d}" if follows else None


def find_years(text: str) -> list[tuple[str, int, int]]:
    """Every financial year in a text as ("2014/15", start, end); spans cover any "FY".

    One canonical form lets a label's "14-15" meet a table's "2014/2015".
    """
    found = []
    position = 0
    while (match := _FINANCIAL_YEAR.search(text, position)) is not None:
        year = _financial_year(match)
        if year is None:
            position = match.start() + 1
            continue
        found.append((year, match.start(), match.end()))
        position = match.end()
    return found


def read_year(text: str) -> str | None:
    """The first financial year in a text, as "2014/15"; the second year must follow the first."""
    years = find_years(text)
    return years[0][0] if years else None


# ------------------------------------------------------------------ dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february", "febuary", "teb"),
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
# Every quantifier is bounded, so a candidate is at most a few dozen characters long.
_ORDINAL = r"(?:\s?(?:st|nd|rd|th)\b)?"
_YEAR = r"(?P<year>[0-9]{1,5})(?![0-9])"
_DATE_FORMS: tuple[tuple[re.Pattern[str], Literal["day", "month"]], ...] = (
    # 15/09/2014, 15/9/14, 15.09.2014, 1.4.14, 15-09-2014 (day first, one separator)
    (
        re.compile(
            r"(?<![0-9])(?<![0-9][/.])(?P<day>[0-9]{1,2})\s?(?P<sep>[/.\-])\s?"
            rf"(?P<month>[0-9]{{1,2}})\s?(?P=sep)\s?{_YEAR}"
        ),
        "day",
    ),
    # 2014-09-15 (ISO)
    (
        re.compile(
            r"(?<![0-9])(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})(?![0-9])"
        ),
        "day",
    ),
    # 18th September 2014, 18 th Sept. 2014, 18 of Sept, 2014, 18-Sep-14
    (
        re.compile(
            rf"(?i:\b(?P<day>[0-9]{{1,2}}){_ORDINAL}\.?(?:\s{{1,3}}of)?"
            r"(?:\s{1,3}|\s{0,2}[-/.]\s{0,2})(?P<month>[a-z]{3,9})\b\.?"
            rf"(?:,?\s{{1,3}}|\s{{0,2}}[-/.]\s{{0,2}}){_YEAR})"
        ),
        "day",
    ),
    # September 18, 2014; Sept. 18th 2014
    (
        re.compile(
            rf"(?i:\b(?P<month>[a-z]{{3,9}})\b\.?\s{{1,3}}(?P<day>[0-9]{{1,2}}){_ORDINAL}"
            rf",?\s{{1,3}}{_YEAR})"
        ),
        "day",
    ),
    # September 2014, Sept. 2014, Sep-14, Sept '14 (the month; read as its 1st)
    (
        re.compile(
            r"(?i:\b(?P<month>[a-z]{3,9})\b\.?,?"
            r"(?:\s{1,3}(?P<year>[0-9]{4})|\s?[-'\u2019]\s?(?P<short>[0-9]{2}))(?![0-9]))"
        ),
        "month",
    ),
)


class DateError(ValueError):
    """A text that looks like a date but is not a possible one ("7 March 20014")."""


@dataclass(frozen=True)
class DateRead:
    """A date as a plan wrote it, how precisely, and the text it was read from.

    `date` is None with an `error` when the text is plainly meant as a date but cannot be one
    ("31/02/2014"), so a checker can report it rather than treat the date as missing.
    """

    date: dt.date | None
    precision: Literal["day", "month"] | None
    text: str
    error: str | None = None


def _date_candidate(match: re.Match[str], precision: Literal["day", "month"]) -> DateRead | None:
    """The date a form's match states, an impossible-date read, or None when it is no date."""
    groups = match.groupdict()
    month_text = groups["month"]
    if month_text.isdigit():
        month = int(month_text)
    elif month_text.lower() in _MONTHS:
        month = _MONTHS[month_text.lower()]
    else:
        return None  # "Scheme 12 2014": the word is not a month
    year_text = groups.get("year") or groups.get("short") or ""
    text = match.group(0)
    if len(year_text) == 1:
        return None  # "3.2.1" is a section number, not a date
    if month_text.isdigit() and "sep" not in groups and month > 12:
        return None  # ISO form: "2014-15-16" is a run of years, not a date
    impossible = DateRead(None, precision, text, f"'{text}' is not a possible date")
    if len(year_text) not in (2, 4):
        return impossible
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    day = int(groups["day"]) if precision == "day" else 1
    try:
        return DateRead(dt.date(year, month, day), precision, text)
    except ValueError:
        return impossible


def _first_of_form(
    pattern: re.Pattern[str], precision: Literal["day", "month"], text: str, position: int
) -> tuple[int, int, DateRead] | None:
    while (match := pattern.search(text, position)) is not None:
        read = _date_candidate(match, precision)
        if read is not None:
            return match.start(), -len(match.group(0)), read
        position = match.start() + 1
    return None


def _date_reads(text: str) -> Iterator[DateRead]:
    """Every date in a text, in order; where two forms overlap the earlier, longer one wins.

    Each form's next candidate is kept until it is passed, so the scan stays linear.
    """
    forms = range(len(_DATE_FORMS))
    upcoming = [_first_of_form(*_DATE_FORMS[form], text, 0) for form in forms]
    position = 0
    while True:
        for form in forms:
            found = upcoming[form]
            if found is not None and found[0] < position:
                upcoming[form] = _first_of_form(*_DATE_FORMS[form], text, position)
        live = [found for found in upcoming if found is not None]
        if not live:
            return
        start, negative_length, read = min(live, key=lambda found: (found[0], found[1]))
        yield read
        position = start - negative_length


def read_date(text: str) -> DateRead | None:
    """The first date in a text, day first as in the UK, with its precision.

    "15/09/2014", "1.4.14", "2014-09-15", "18 th Sept. 2014", "September 18, 2014",
    "18-Sep-14"; "Sept 2014" and "Sep-14" are month-precise (the 1st). An impossible date
    ("31/02/2014", "7 March 20014") is a read with an error; "<dd/mm/yyyy>" is no date.
    """
    return next(_date_reads(text), None)


def parse_date(text: str) -> dt.date | None:
    """A date as plans write it: "19/09/14", "14.02.2014", "28th Jan 2014", "3 September 2014".

    Returns None where the text holds no day-precise date; raises DateError for an impossible
    one.
    """
    for read in _date_reads(text):
        if read.error is not None:
            raise DateError(read.error)
        if read.precision == "day":
            return read.date
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
