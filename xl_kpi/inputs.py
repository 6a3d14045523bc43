"""Read the values users give: numbers and dates as Excel, numpy, pandas or text hold them.

Everything the product takes in goes through here, so a cell typed ``1 234,56`` in a
Russian workbook, ``$1,200`` in an English one and a real Excel number all mean the
same to every KPI, the cell functions and the Refresh summary alike.

Text numbers
    ``1,234.56`` and ``1 234,56`` (space, no-break space or narrow no-break space as the
    thousands separator, comma or point as the decimal mark), a currency sign or code
    (``1 500 ₽``, ``$1,200``, ``1500 руб.``), a percent sign (``15%`` is 0.15), a leading
    minus or accounting brackets (``(500)`` is -500).  A single comma followed by exactly
    three digits (``1,234``) is a thousands separator, as in English writing; any other
    single comma (``1,5``, ``0,125``) is a decimal mark, as in Russian writing.
Dates
    Real dates (``datetime``, ``date``, pandas and numpy timestamps), Excel serial numbers
    (the 1900 date system), and text as ``dd.mm.yyyy`` (Russian), ``yyyy-mm-dd`` (ISO) or
    ``mm/dd/yyyy`` (US English), optionally followed by a time.
Blanks
    ``None``, ``NaN``, ``NaT`` and empty or all-space text are blank: skipped, never 0.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from typing import Any

import numpy as np

from .excelfacts import serial_to_datetime

__all__ = [
    "EXCEL_ERRORS",
    "InputError",
    "cell_position",
    "flatten",
    "is_blank",
    "parse_date",
    "parse_number",
]

#: Excel's error values as they reach Python when a cell holds one.
EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"}
)

_CURRENCY = re.compile(r"(?i)(?:руб\.?|р\.|rub|usd|eur|kzt|byn|uah|gbp|cny|[₽$€£¥₸₴₼])")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_PLAIN = re.compile(r"^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$", re.IGNORECASE)
_THOUSANDS_COMMA = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")
_THOUSANDS_POINT = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3}){2,}(?:,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^\d*,\d+$")
#: How each writing of a number becomes Python's: (pattern, rewrite).
_WRITINGS = (
    (_PLAIN, lambda s: s),
    (_THOUSANDS_COMMA, lambda s: s.replace(",", "")),
    (_THOUSANDS_POINT, lambda s: s.replace(".", "").replace(",", ".")),
    (_DECIMAL_COMMA, lambda s: s.replace(",", ".")),
)

_DATE_FORMATS = (
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), ("day", "month", "year")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("year", "month", "day")),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("month", "day", "year")),
)
_TIME = re.compile(r"^(?P<date>\S+?)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")


class InputError(ValueError):
    """A value that cannot be read as what the argument or column needs."""


def is_blank(value: Any) -> bool:
    """Whether a value is an empty cell: None, NaN, NaT, pandas' NA or empty text.

    >>> [is_blank(v) for v in (None, float("nan"), "  ", 0, "0")]
    [True, True, True, False, False]
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, (float, np.floating, np.datetime64)):
        return bool(np.isnan(value))
    return False


def parse_number(text: str) -> float:
    """Read a number written as text in English or Russian style.

    Raises :class:`InputError` when the text is not a number.

    >>> parse_number("1 234,56"), parse_number("$1,200"), parse_number("15%")
    (1234.56, 1200.0, 0.15)
    >>> parse_number("1\\u00a0500 ₽"), parse_number("(500)"), parse_number("0,125")
    (1500.0, -500.0, 0.125)
    """
    s = text.strip()
    if s in EXCEL_ERRORS:
        raise InputError(f"the cell holds the Excel error {s}")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    s = _SPACES.sub("", _CURRENCY.sub("", s))
    if s[:1] in "+-" and len(s) > 1:
        negative ^= s[0] == "-"
        s = s[1:]
    written = next((plain for pattern, plain in _WRITINGS if pattern.match(s)), None)
    if written is None:
        raise InputError(f"{text!r} is not a number")
    number = float(written(s))
    if not math.isfinite(number):
        raise InputError(f"{text!r} is not a finite number")
    if negative:
        number = -number
    return number / 100 if percent else number


def parse_date(value: Any) -> dt.datetime:
    """Read a date from a real date, an Excel serial number or text.

    Raises :class:`InputError` when the value is not a date.

    >>> parse_date("31.12.2025"), parse_date(46022)
    (datetime.datetime(2025, 12, 31, 0, 0), datetime.datetime(2025, 12, 31, 0, 0))
    >>> parse_date("2025-12-31 18:30")
    datetime.datetime(2025, 12, 31, 18, 30)
    """
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, np.datetime64):
        return _from_numpy(value)
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return _from_serial(float(value))
    if isinstance(value, str):
        return _parse_date_text(value)
    raise InputError(f"{value!r} is not a date")


def _from_numpy(value: np.datetime64) -> dt.datetime:
    seconds = value.astype("datetime64[us]").astype("int64") / 1e6
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds)


def _from_serial(serial: float) -> dt.datetime:
    try:
        return serial_to_datetime(serial)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _parse_date_text(text: str) -> dt.datetime:
    s = text.strip()
    if s in EXCEL_ERRORS:
        raise InputError(f"the cell holds the Excel error {s}")
    m = _TIME.match(s)
    if m:
        date_part = m.group("date")
        hour, minute, second = (int(g) if g else 0 for g in m.groups()[1:])
        for pattern, order in _DATE_FORMATS:
            d = pattern.match(date_part)
            if d:
                parts = dict(zip(order, map(int, d.groups())))
                try:
                    return dt.datetime(
                        parts["year"], parts["month"], parts["day"], hour, minute, second
                    )
                except ValueError:
                    break
    raise InputError(f"{text!r} is not a date (write dd.mm.yyyy or yyyy-mm-dd)")


def flatten(value: Any) -> tuple[list[Any], tuple[int, int]]:
    """Flatten any accepted input shape to a list of cells and the shape it had.

    Scalars are one cell; Excel ranges arrive as lists (one row or column) or lists of
    lists; numpy arrays and pandas Series or DataFrames keep their shape.  The input is
    never modified.

    >>> flatten([[1, None], [3, 4]])
    ([1, None, 3, 4], (2, 2))
    >>> flatten(5)
    ([5], (1, 1))
    """
    if hasattr(value, "to_numpy") and hasattr(value, "ndim"):  # pandas
        value = value.to_numpy()
    if isinstance(value, np.ndarray):
        arr = value.reshape(value.shape[0], -1) if value.ndim > 1 else value.reshape(-1, 1)
        if value.ndim == 0:
            arr = value.reshape(1, 1)
        return arr.ravel().tolist(), (arr.shape[0], arr.shape[1])
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(row, (list, tuple)) for row in value):
            widths = set(map(len, value))
            width = max(widths)
            if len(widths) == 1:
                cells = list(itertools.chain.from_iterable(value))
            else:
                cells = [c for row in value for c in (*row, *([None] * (width - len(row))))]
            return cells, (len(value), width)
        for cell in value:
            if isinstance(cell, (list, tuple)):
                raise InputError("a range mixes single values and rows")
        return list(value), (len(value), 1)
    return [value], (1, 1)


def cell_position(index: int, shape: tuple[int, int]) -> str:
    """Where a flat index sits in a range, as a person counts: ``row 2, column 1``."""
    rows, cols = shape
    if rows * cols <= 1:
        return ""
    row, col = divmod(index, cols)
    if cols == 1:
        return f"row {row + 1}"
    if rows == 1:
        return f"column {col + 1}"
    return f"row {row + 1}, column {col + 1}"
