"""Reading single values: money, dates, names, placeholders, look-alike letters."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bettercare.extract.values import (
    AmountRead,
    DateError,
    DateRead,
    find_money,
    find_years,
    is_placeholder,
    parse_date,
    parse_figure,
    parse_money,
    plausible_pooled_budget,
    read_amount,
    read_date,
    read_year,
    split_name,
    unit_scale,
)
from bettercare.frameworks import load_framework
from bettercare.read.normalise import is_furniture, normalise

FRAMEWORK = load_framework()


@pytest.mark.parametrize(
    ("text", "pounds"),
    [
        ("£0.00", 0),
        ("£17.43m", 17_430_000),
        ("£7,530,000", 7_530_000),
        ("£1.209m", 1_209_000),
        ("£22k", 22_000),
        ("£3.8bn", 3_800_000_000),
        ("(£14,939)", -14_939),
        ("(proposed) £10,295.00", 10_295),
        ("7500000", 7_500_000),
    ],
)
def test_money(text: str, pounds: int) -> None:
    money = parse_money(text)
    assert money is not None and money.pounds == pounds


def test_money_under_a_thousands_label() -> None:
    money = parse_money("£15,843", thousands=True)
    assert money is not None and money.pounds == 15_843_000 and money.scaled_by_label
    # an amount with its own unit is not scaled again
    assert parse_money("£1.2m", thousands=True).pounds == 1_200_000  # type: ignore[union-attr]


def test_several_amounts_in_one_line() -> None:
    found = find_money("NWAS £35,000 and SMC £35,000, savings of £170k")
    assert [m.pounds for m in found] == [35_000, 35_000, 170_000]


def test_no_money() -> None:
    assert parse_money("tbc") is None
    assert parse_money("") is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("19/09/14", dt.date(2014, 9, 19)),
        ("03/09/2014", dt.date(2014, 9, 3)),
        ("14.02.2014", dt.date(2014, 2, 14)),
        ("28th Jan 2014", dt.date(2014, 1, 28)),
        ("21st January 2014", dt.date(2014, 1, 21)),
        ("3 September 2014", dt.date(2014, 9, 3)),
        ("12 noon on 19th September 2014", dt.date(2014, 9, 19)),
    ],
)
def test_dates(text: str, date: dt.date) -> None:
    assert parse_date(normalise(text)) == date


@pytest.mark.parametrize("text", ["7 March 20014", "31/02/2014", "45/13/14"])
def test_impossible_dates_are_errors(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


def test_no_date() -> None:
    assert parse_date("Cabinet Member to be Confirmed") is None


def test_ordinal_split_by_extraction_is_joined() -> None:
    assert normalise("28 th Jan 2014") == "28th Jan 2014"


@pytest.mark.parametrize(
    "text",
    ["<Name of Signatory>", "<dd/mm/yyyy>", "<CCG Name/s>", "TBC", "tbc", "To be confirmed",
     "Cabinet Member to be Confirmed", "To be embedded by 14 Feb 2014"],
)  # fmt: skip
def test_placeholders(text: str) -> None:
    assert is_placeholder(text, FRAMEWORK)


@pytest.mark.parametrize("text", ["Tony Naughton", "Blackpool CCG", "£100,000", "High"])
def test_values_are_not_placeholders(text: str) -> None:
    assert not is_placeholder(text, FRAMEWORK)


def test_names_keep_titles_and_honours_apart() -> None:
    name = split_name("Dr Amanda Doyle OBE", FRAMEWORK)
    assert (name.title, name.name, name.honours) == ("Dr", "Amanda Doyle", "OBE")
    name = split_name("Councillor Ruth Okafor", FRAMEWORK)
    assert (name.title, name.name) == ("Councillor", "Ruth Okafor")
    assert split_name("Delyth Curtis", FRAMEWORK).title is None


def test_lookalike_letters_fold_to_latin() -> None:
    assert normalise("Ву") == "By"  # Cyrillic
    assert normalise("В") == "B"
    assert normalise("Υ") == "Y"  # Greek
    assert normalise("Ε") == "E"


def test_converter_debris_is_removed() -> None:
    text = normalise('clear on: <ul style="list-style-type: none"> • Financial objectives')
    assert text == "clear on: • Financial objectives"
    assert normalise("from **July 2014**") == "from July 2014"
    assert normalise("Innovation projects^{\\$}") == "Innovation projects$"
    # a placeholder in angle brackets is not HTML
    assert normalise("<Name of Signatory>") == "<Name of Signatory>"


def test_page_furniture() -> None:
    assert is_furniture("Page 49 of 107")
    assert is_furniture("12")
    assert not is_furniture("£4,851")
    assert not is_furniture("Blackpool CCG")


def test_figures() -> None:
    assert parse_figure("1125 (5.5%)") == (1125, 5.5)
    assert parse_figure("700 (3.5%)*") == (700, 3.5)
    assert parse_figure("20477") == (20477, None)


# ------------------------------------------------------------ amounts: every form, by hand


@pytest.mark.parametrize(
    ("text", "scale", "pounds", "unit"),
    [
        ("£10.3m", None, 10_300_000, "£m"),
        ("£.848m", None, 848_000, "£m"),
        ("£10,295k", None, 10_295_000, "£k"),
        ("£22K", None, 22_000, "£k"),
        ("£1.2bn", None, 1_200_000_000, "£bn"),
        ("£14.6 million", None, 14_600_000, "£m"),
        ("£3 thousand", None, 3_000, "£k"),
        ("£2,150,000", None, 2_150_000, "£"),
        ("2,150,000", None, 2_150_000, "£"),
        ("£2,150,000.00", None, 2_150_000, "£"),
        ("£ 2,150,000", None, 2_150_000, "£"),
        ("£1,148.50", None, 1_149, "£"),  # pence round half up (half-even would give 1,148)
        ("(£14,939)", None, -14_939, "£"),
        ("-£14,939", None, -14_939, "£"),
        ("(14,939)", None, -14_939, "£"),
        ("£1m-£2m", None, 1_000_000, "£m"),  # a range: the first, and the dash is no minus
        ("Total £17.43m (was £15m)", None, 17_430_000, "£m"),
        ("(proposed) £10,295.00", None, 10_295, "£"),
        # a unit stated by the row's or column's label scales only a bare amount
        ("£10,295", 1_000, 10_295_000, "£000s"),
        ("10,295", 1_000, 10_295_000, "£000s"),
        ("10.3", 1_000_000, 10_300_000, "£m"),
        ("£10.3m", 1_000, 10_300_000, "£m"),
        ("£10,295", 1, 10_295, "£"),
        # ... and so does a label in the cell itself
        ("10,295 (£000s)", None, 10_295_000, "£000s"),
        ("(£m) 4.5", None, 4_500_000, "£m"),
    ],
)
def test_read_amount(text: str, scale: int | None, pounds: int, unit: str) -> None:
    read = read_amount(text, scale)
    assert read is not None
    assert (read.pounds, read.unit, read.null_reason, read.corrected) == (pounds, unit, None, None)
    assert read.text in text


def test_read_amount_quotes_what_it_read_and_says_when_a_label_scaled_it() -> None:
    assert read_amount("Total (£14,939) net") == AmountRead(-14_939, "(£14,939)", "£")
    read = read_amount("£10,295", 1_000)
    assert read is not None and read.scaled_by_label
    read = read_amount("£10,295k", 1_000)
    assert read is not None and not read.scaled_by_label


@pytest.mark.parametrize(
    ("text", "pounds", "note"),
    [
        ("£1O,295,OOO", 10_295_000, "OCR slip: 'O' read as '0'"),
        ("£l2,168,000", 12_168_000, "OCR slip: 'l' read as '1'"),
        ("£I2,5OO", 12_500, "OCR slip: 'I' read as '1', 'O' read as '0'"),
        ("£1o.3m", 10_300_000, "OCR slip: 'o' read as '0'"),
        ("£1S0,000", 150_000, "OCR slip: 'S' read as '5'"),
        ("1O,295", 10_295, "OCR slip: 'O' read as '0'"),
    ],
)
def test_read_amount_corrects_ocr_digit_slips(text: str, pounds: int, note: str) -> None:
    read = read_amount(text)
    assert read is not None and (read.pounds, read.corrected) == (pounds, note)
    assert read.text == text  # quoted as the plan has it


@pytest.mark.parametrize(
    ("text", "pounds"),
    [("£150 Sales", 150), ("£2,500 Ongoing", 2_500), ("£5 Sm", 5)],
)
def test_letters_beside_an_amount_are_not_slips(text: str, pounds: int) -> None:
    read = read_amount(text)
    assert read is not None and (read.pounds, read.corrected) == (pounds, None)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("N/A", "not applicable"),
        ("n/a", "not applicable"),
        ("NA", "not applicable"),
        ("Not applicable", "not applicable"),
        ("nil", "nil"),
        ("None", "nil"),
        ("-", "nil"),
        ("tbc", "to be confirmed"),
        ("TBA", "to be confirmed"),
        ("To be confirmed", "to be confirmed"),
        ("<amount>", "placeholder"),
        ("<£ Value>", "placeholder"),
    ],
)
def test_read_amount_null_words(text: str, reason: str) -> None:
    read = read_amount(text)
    assert read is not None and (read.pounds, read.null_reason) == (None, reason)


@pytest.mark.parametrize(
    "text", ["", "   ", "Blackpool CCG", "£", "£lOO", "£10,000Only", "£000s", "3.5%", "2014/15"]
)
def test_read_amount_no_amount(text: str) -> None:
    assert read_amount(text) is None


def test_an_amount_wins_over_a_null_word() -> None:
    read = read_amount("tbc, estimate £2m")
    assert read is not None and read.pounds == 2_000_000


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("£000s", 1_000),
        ("£000's", 1_000),
        ("(£'000)", 1_000),
        ("£’000", 1_000),
        ("Spend (000s)", 1_000),
        ("£k", 1_000),
        ("(£k)", 1_000),
        ("£ thousands", 1_000),
        ("£m", 1_000_000),
        ("(£m)", 1_000_000),
        ("£ millions", 1_000_000),
        ("2015/16 (£m)", 1_000_000),
        ("£bn", 1_000_000_000),
        ("£10m", None),
        ("£0.00", None),
        ("Minimum value of pooled budget", None),
        ("", None),
    ],
)
def test_unit_scale(text: str, scale: int | None) -> None:
    assert unit_scale(text) == scale


def test_plausible_pooled_budget() -> None:
    assert plausible_pooled_budget(15_230_000, 250_000, 10**9)
    assert not plausible_pooled_budget(15_230, 250_000, 10**9)
    assert not plausible_pooled_budget(10**10, 250_000, 10**9)
    assert plausible_pooled_budget(250_000, 250_000, 10**9)


def test_parse_money_reads_the_new_forms_too() -> None:
    money = parse_money("£1O,295,OOO")
    assert money is not None and money.pounds == 10_295_000
    money = parse_money("£.848m")
    assert money is not None and money.pounds == 848_000
    assert parse_money("N/A") is None
    assert [m.pounds for m in find_money("£1m-£2m, (£3k)")] == [1_000_000, 2_000_000, -3_000]


# --------------------------------------------------------------- dates: every form, by hand

SEP_18 = dt.date(2014, 9, 18)


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("15/09/2014", dt.date(2014, 9, 15), "day"),
        ("15/9/14", dt.date(2014, 9, 15), "day"),
        ("15.09.2014", dt.date(2014, 9, 15), "day"),
        ("1.4.14", dt.date(2014, 4, 1), "day"),
        ("15-09-2014", dt.date(2014, 9, 15), "day"),
        ("2014-09-15", dt.date(2014, 9, 15), "day"),
        ("18th September 2014", SEP_18, "day"),
        ("18 th Sept 2014", SEP_18, "day"),
        ("18 Sept. 2014", SEP_18, "day"),
        ("18th of Sept, 2014", SEP_18, "day"),
        ("September 18, 2014", SEP_18, "day"),
        ("Thursday, Sept. 18th 2014", SEP_18, "day"),
        ("18-Sep-14", SEP_18, "day"),
        ("18 SEPTEMBER 2014", SEP_18, "day"),
        ("w/c 15 September 2014", dt.date(2014, 9, 15), "day"),
        ("12 noon on 19th September 2014", dt.date(2014, 9, 19), "day"),
        ("Sept 2014", dt.date(2014, 9, 1), "month"),
        ("September 2014", dt.date(2014, 9, 1), "month"),
        ("Sep-14", dt.date(2014, 9, 1), "month"),
        ("from April 2014 to 31 March 2015", dt.date(2014, 4, 1), "month"),  # the first
        ("Agreed 18/09/2014, submitted 19 September 2014", SEP_18, "day"),
        ("Submitted 19 September 2014, agreed 18/09/2014", dt.date(2014, 9, 19), "day"),
    ],
)
def test_read_date(text: str, date: dt.date, precision: str) -> None:
    read = read_date(text)
    assert read is not None
    assert (read.date, read.precision, read.error) == (date, precision, None)
    assert read.text in text


@pytest.mark.parametrize(
    "text", ["31/02/2014", "7 March 20014", "45/13/14", "29 February 2015", "2014-02-30"]
)
def test_read_date_impossible(text: str) -> None:
    read = read_date(text)
    assert read is not None and read.date is None
    assert read.error == f"'{text}' is not a possible date"


@pytest.mark.parametrize(
    "text",
    ["<dd/mm/yyyy>", "dd/mm/yy", "", "section 3.2.1", "2014/15", "2014-15-16", "18 Septober 2014",
     "Cabinet Member to be Confirmed", "in September", "Sept 18"],
)  # fmt: skip
def test_read_date_no_date(text: str) -> None:
    assert read_date(text) is None


def test_parse_date_keeps_to_day_dates() -> None:
    assert parse_date("September 2014") is None
    assert parse_date("September 2014 meeting; signed 18/09/2014") == SEP_18
    assert parse_date("2014-09-18") == SEP_18
    with pytest.raises(DateError, match="is not a possible date"):
        parse_date("2014-02-30")


# ------------------------------------------------------- financial years: every form, by hand


@pytest.mark.parametrize(
    "text",
    ["2014/15", "2014/2015", "2014-15", "2014 - 15", "14/15", "14-15", "FY 2014/15", "FY14/15",
     "2014–15", "2014 – 2015", "2014 to 2015", "Q1 2014/15 (£000s)"],
)  # fmt: skip
def test_read_year(text: str) -> None:
    assert read_year(text) == "2014/15"


@pytest.mark.parametrize(
    "text", ["2014/16", "2017/19", "2014-2016", "15/09/2014", "1/14/15", "2014/15/16", "2014", ""]
)
def test_read_year_none(text: str) -> None:
    assert read_year(text) is None


def test_find_years_with_spans() -> None:
    text = "Spend 2014/15 and FY 15-16, not 2016/18; 2016–17"
    assert find_years(text) == [("2014/15", 6, 13), ("2015/16", 18, 26), ("2016/17", 41, 48)]
    for year, start, end in find_years(text):
        assert read_year(text[start:end]) == year


def test_years_cross_the_century() -> None:
    assert read_year("1999/00") == "1999/00"
    assert read_year("1999/01") is None
    assert read_year("1999/2000") == "1999/00"
    assert read_year("99/00") == "2099/00"


# ----------------------------------------------------------------- properties

_UNITS: list[tuple[int, list[str]]] = [
    (1_000, ["k", "K", " k", "thousand", " thousand"]),
    (1_000_000, ["m", "M", " m", "mn", " million", " millions"]),
    (1_000_000_000, ["bn", " bn", " billion"]),
]


def _plain(value: Decimal, grouped: bool) -> str:
    text = format(value, ",f" if grouped else "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _renderings(pounds: int) -> list[tuple[str, int | None]]:
    """The amount in every form a plan writes it, with the label scale that goes with it."""
    forms: list[tuple[str, int | None]] = [
        (f"£{pounds:,}", None),
        (f"£{pounds}", None),
        (f"{pounds:,}", None),
        (f"{pounds}", None),
        (f"£{pounds:,}.00", None),
        (f"£ {pounds:,}", None),
        (f"Total: £{pounds:,} in 2014/15", None),
    ]
    for multiplier, suffixes in _UNITS:
        value = Decimal(pounds) / multiplier
        for grouped in (True, False):
            number = _plain(value, grouped)
            forms += [(f"£{number}{suffix}", None) for suffix in suffixes]
            forms += [(f"{number}{suffixes[0]}", None)]
            forms += [(f"£{number}", multiplier), (number, multiplier)]
            if number.startswith("0."):
                forms += [(f"£{number[1:]}{suffixes[0]}", None)]
    return forms


@given(st.integers(min_value=0, max_value=10**12))
def test_every_rendering_of_an_amount_reads_back(pounds: int) -> None:
    for text, scale in _renderings(pounds):
        read = read_amount(text, scale)
        assert read is not None, text
        assert read.pounds == pounds, (text, scale, read)
        assert read.corrected is None, text


@given(st.integers(min_value=1, max_value=10**12))
def test_negative_amounts_read_back(pounds: int) -> None:
    for text in (f"(£{pounds:,})", f"-£{pounds:,}", f"£-{pounds:,}", f"({pounds:,})"):
        read = read_amount(text)
        assert read is not None and read.pounds == -pounds, text


@given(st.integers(min_value=10, max_value=10**12), st.data())
def test_ocr_slips_read_back(pounds: int, data: st.DataObject) -> None:
    text = f"£{pounds:,}"
    digits = [i for i, char in enumerate(text) if char in "01"]
    if len(digits) < 1 or all(char in "01,£" for char in text):
        return  # keep one real digit that is not itself slipped
    slipped = data.draw(st.sets(st.sampled_from(digits), min_size=1))
    chars = list(text)
    for i in slipped:
        chars[i] = data.draw(st.sampled_from("lI" if chars[i] == "1" else "Oo"))
    garbled = "".join(chars)
    read = read_amount(garbled)
    assert read is not None and read.pounds == pounds, garbled
    assert read.corrected is not None and read.corrected.startswith("OCR slip: "), garbled


_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _short(month: int) -> str:
    return "Sept" if month == 9 else _MONTH_NAMES[month - 1][:3]


_DAY_FORMS: list[Callable[[dt.date], str]] = [
    lambda d: f"{d:%d/%m/%Y}",
    lambda d: f"{d.day}/{d.month}/{d:%y}",
    lambda d: f"{d:%d.%m.%Y}",
    lambda d: f"{d.day}.{d.month}.{d:%y}",
    lambda d: f"{d:%d-%m-%Y}",
    lambda d: d.isoformat(),
    lambda d: f"{_ordinal(d.day)} {_MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {_ordinal(d.day)[-2:]} {_short(d.month)} {d.year}",
    lambda d: f"{d.day} {_short(d.month)}. {d.year}",
    lambda d: f"{d.day} {_MONTH_NAMES[d.month - 1].upper()} {d.year}",
    lambda d: f"{_ordinal(d.day)} of {_MONTH_NAMES[d.month - 1]}, {d.year}",
    lambda d: f"{_MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{_short(d.month)}. {_ordinal(d.day)} {d.year}",
    lambda d: f"{d.day:02d}-{_MONTH_NAMES[d.month - 1][:3]}-{d:%y}",
]
_MONTH_FORMS: list[Callable[[dt.date], str]] = [
    lambda d: f"{_MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{_short(d.month)} {d.year}",
    lambda d: f"{_MONTH_NAMES[d.month - 1][:3]}-{d:%y}",
]


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_rendering_of_a_date_reads_back(date: dt.date) -> None:
    for forms, precision, expected in (
        (_DAY_FORMS, "day", date),
        (_MONTH_FORMS, "month", date.replace(day=1)),
    ):
        for form in forms:
            for text in (form(date), f"Signed off on {form(date)}."):
                read = read_date(text)
                assert read == DateRead(expected, precision, form(date)), text  # type: ignore[arg-type]


_YEAR_FORMS: list[Callable[[int], str]] = [
    lambda y: f"{y}/{(y + 1) % 100:02d}",
    lambda y: f"{y}/{y + 1}",
    lambda y: f"{y}-{(y + 1) % 100:02d}",
    lambda y: f"{y} - {(y + 1) % 100:02d}",
    lambda y: f"{y % 100:02d}/{(y + 1) % 100:02d}",
    lambda y: f"{y % 100:02d}-{(y + 1) % 100:02d}",
    lambda y: f"FY {y}/{(y + 1) % 100:02d}",
    lambda y: f"FY{y % 100:02d}/{(y + 1) % 100:02d}",
    lambda y: f"{y}–{(y + 1) % 100:02d}",
    lambda y: f"{y} to {y + 1}",
]


@given(st.integers(min_value=2000, max_value=2099))
def test_every_rendering_of_a_year_reads_back(year: int) -> None:
    canonical = f"{year}/{(year + 1) % 100:02d}"
    for form in _YEAR_FORMS:
        for text in (form(year), f"Planned spend {form(year)} (£000s)"):
            assert read_year(text) == canonical, text
            assert [found[0] for found in find_years(text)] == [canonical], text
    assert read_year(f"{year}/{(year + 2) % 100:02d}") is None


_NUMBERISH = st.text(alphabet="0123456789,.£()-/ lIOoSkmbn'sNA<>tTh", max_size=40)


@given(st.one_of(st.text(), _NUMBERISH), st.sampled_from([None, 1, 1_000, 1_000_000]))
def test_read_amount_never_raises(text: str, scale: int | None) -> None:
    read = read_amount(text, scale)
    assert read is None or isinstance(read, AmountRead)
    if read is not None:
        assert read.text in text
        assert (read.pounds is None) == (read.null_reason is not None)
    assert unit_scale(text) in (None, 1_000, 1_000_000, 1_000_000_000)


@given(st.one_of(st.text(), st.text(alphabet="0123456789/.- SeptMarch,th", max_size=40)))
def test_read_date_never_raises(text: str) -> None:
    read = read_date(text)
    assert read is None or isinstance(read, DateRead)
    if read is not None:
        assert read.text in text
        assert (read.date is None) == (read.error is not None)


@given(st.one_of(st.text(), st.text(alphabet="0123456789/-– FYto", max_size=40)))
def test_read_year_never_raises(text: str) -> None:
    year = read_year(text)
    assert year is None or re.fullmatch(r"\d{4}/\d{2}", year)
    for found, start, end in find_years(text):
        assert 0 <= start < end <= len(text) and read_year(text[start:end]) == found


@pytest.mark.parametrize(
    "line",
    ["£" + "1," * 50_000, "1" * 100_000, "£1" * 50_000, "(£" * 50_000, "£1,OOO," * 14_000,
     ("£9,99" * 25_000), "1/" * 50_000, "14/" * 33_000, "1 Sept " * 14_000, "<" + "a" * 99_999],
)  # fmt: skip
def test_hostile_lines_are_read_fast(line: str) -> None:
    start = time.perf_counter()
    read_amount(line)
    read_amount(line, 1_000)
    unit_scale(line)
    read_date(line)
    read_year(line)
    find_years(line)
    assert time.perf_counter() - start < 2.0
