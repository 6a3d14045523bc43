"""The small module of Excel facts every layer shares."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from xl_kpi import excelfacts as xf


def test_column_letters_and_numbers_are_inverse() -> None:
    known = {1: "A", 26: "Z", 27: "AA", 702: "ZZ", 703: "AAA", 16384: "XFD"}
    for number, letters in known.items():
        assert xf.column_letter(number - 1) == letters
        assert xf.column_number(letters) == number
    assert all(xf.column_number(xf.column_letter(n)) == n + 1 for n in range(0, 20000, 37))


def test_quoting_doubles_apostrophes_and_keeps_plain_names_plain_when_asked() -> None:
    assert xf.quote_sheet("Don't") == "'Don''t'"
    assert xf.quote_sheet("Orders", always=False) == "Orders"
    assert xf.quote_sheet("KPI Summary", always=False) == "'KPI Summary'"
    assert xf.quote_sheet("Заказы", always=False) == "'Заказы'"


@pytest.mark.parametrize(
    ("value", "text"), [("Дата", "Дата"), (2025.0, "2025"), (0.5, "0.5"), (True, ""), (None, "")]
)
def test_header_text(value: object, text: str) -> None:
    assert xf.header_text(value) == text


def test_serials_round_trip_through_the_phantom_leap_day() -> None:
    days = np.array(["1900-01-01", "1900-02-28", "1900-03-01", "2025-12-31"], "datetime64[ms]")
    numbers = xf.serials(days)
    assert numbers.tolist() == [1.0, 59.0, 61.0, 46022.0]
    assert [xf.serial_to_datetime(n) for n in numbers] == [
        dt.datetime(1900, 1, 1), dt.datetime(1900, 2, 28), dt.datetime(1900, 3, 1),
        dt.datetime(2025, 12, 31),
    ]  # fmt: skip
    with pytest.raises(ValueError, match="not an Excel date"):
        xf.serial_to_datetime(xf.MAX_SERIAL)


def test_limits() -> None:
    assert (xf.MAX_ROWS, xf.MAX_COLUMNS, xf.MAX_DATA_ROWS) == (2**20, 2**14, 2**20 - 1)
    assert xf.column_letter(xf.MAX_COLUMNS - 1) == "XFD"
