"""Reading single values: money, dates, names, placeholders, look-alike letters."""

from __future__ import annotations

import datetime as dt

import pytest

from bettercare.extract.values import (
    DateError,
    find_money,
    is_placeholder,
    parse_date,
    parse_figure,
    parse_money,
    split_name,
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
