"""Reading numbers, dates and blanks the way English and Russian users write them."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from xl_kpi.inputs import InputError, flatten, is_blank, parse_date, parse_number

NUMBERS = [
    ("1234.56", 1234.56),
    ("1,234.56", 1234.56),
    ("1,234", 1234.0),
    ("12,345,678", 12345678.0),
    ("1 234,56", 1234.56),
    ("1\u00a0234,56", 1234.56),
    ("1\u202f234,56", 1234.56),
    ("1.234.567,89", 1234567.89),
    ("1,5", 1.5),
    ("0,125", 0.125),
    ("1 500 ₽", 1500.0),
    ("1500 руб.", 1500.0),
    ("1500р.", 1500.0),
    ("$1,200", 1200.0),
    ("€ 99,90", 99.9),
    ("-1 234,5", -1234.5),
    ("(500)", -500.0),
    ("15%", 0.15),
    ("12,5 %", 0.125),
    ("  42  ", 42.0),
    ("1e3", 1000.0),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_text_numbers_in_english_and_russian_writing(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text", ["abc", "12abc", "1,2,3", "nan", "inf", "#DIV/0!", "#N/A", "--5", "1 2 3,4,5"]
)
def test_text_that_is_not_a_number_is_refused(text):
    with pytest.raises(InputError, match="not a number|Excel error|not a finite"):
        parse_number(text)


DATES = [
    ("31.12.2025", dt.datetime(2025, 12, 31)),
    ("1.2.2026", dt.datetime(2026, 2, 1)),
    ("2026-02-01", dt.datetime(2026, 2, 1)),
    ("2026-02-01 13:45:10", dt.datetime(2026, 2, 1, 13, 45, 10)),
    ("2026-02-01T13:45", dt.datetime(2026, 2, 1, 13, 45)),
    ("02/01/2026", dt.datetime(2026, 2, 1)),
    (46022, dt.datetime(2025, 12, 31)),
    (46022.5, dt.datetime(2025, 12, 31, 12)),
    (1, dt.datetime(1900, 1, 1)),
    (61, dt.datetime(1900, 3, 1)),
    (dt.date(2026, 1, 5), dt.datetime(2026, 1, 5)),
    (pd.Timestamp("2026-01-05 10:00"), dt.datetime(2026, 1, 5, 10)),
    (np.datetime64("2026-01-05"), dt.datetime(2026, 1, 5)),
]


@pytest.mark.parametrize(("value", "expected"), DATES)
def test_dates_from_excel_text_and_python(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31.02.2026", "2026-13-01", "yesterday", "#REF!", -5, True])
def test_what_is_not_a_date_is_refused(value):
    with pytest.raises(InputError):
        parse_date(value)


def test_blanks():
    assert all(is_blank(v) for v in (None, math.nan, np.nan, pd.NaT, pd.NA, "", " \t"))
    assert not any(is_blank(v) for v in (0, 0.0, "0", False, "-"))


def test_flatten_keeps_shape_and_never_mutates():
    rows = [[1, None], [3]]
    assert flatten(rows) == ([1, None, 3, None], (2, 2))
    assert rows == [[1, None], [3]]
    assert flatten(np.arange(6).reshape(3, 2))[1] == (3, 2)
    assert flatten(pd.Series([1, 2, 3]))[1] == (3, 1)
    with pytest.raises(InputError, match="mixes"):
        flatten([1, [2]])
