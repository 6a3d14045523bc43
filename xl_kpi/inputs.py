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
    ``mm/dd/yyyy`` (US English), optionally followed by a time and a UTC offset (the date
    is the local date as written: ``2025-03-16 23:55:00 +0300`` is 16 March); compact
    ``yyyymmdd`` and ``yyyymmddhh`` as text or numbers (GA4: ``20250301``); and month names
    in English or Russian (``July 8, 2025``, ``8 July 2025``, ``8 июля 2025``).
Blanks
    ``None``, ``NaN``, ``NaT``, empty or all-space text, and what exports write for "no
    value": dashes (``--``, ``—``), ``n/a`` and ranges such as ``< 10%`` are blank:
    skipped, never 0.  A single ``-`` is not blank.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from typing import Any

import numpy as np

from .excelfacts import serial_to_datetime
from .problems import Problem

__all__ = [
    "EXCEL_ERRORS",
    "PLACEHOLDER_FIRST",
    "InputError",
    "cell_position",
    "currency_code",
    "currency_of",
    "flatten",
    "is_blank",
    "parse_date",
    "parse_number",
    "shown",
]

#: Excel's error values as they reach Python when a cell holds one.
EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"}
)

_CURRENCY = re.compile(
    r"(?i)(?:руб\.?|р\.|rub|rur|usd|eur|kzt|byn|uah|gbp|cny|inr|jpy|[₽$€£¥₸₴₼₹])"
)
#: Currency signs and words as written, to their ISO code.
_CODES = {
    "₽": "RUB", "руб": "RUB", "руб.": "RUB", "р.": "RUB", "rub": "RUB", "rur": "RUB",
    "рубли": "RUB", "рубль": "RUB", "рублей": "RUB", "$": "USD", "usd": "USD",
    "доллар": "USD", "доллары": "USD", "€": "EUR", "eur": "EUR", "евро": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "cny": "CNY", "юань": "CNY",
    "₸": "KZT", "kzt": "KZT", "тенге": "KZT", "byn": "BYN", "₴": "UAH", "uah": "UAH",
    "₼": "AZN", "₹": "INR", "inr": "INR",
}  # fmt: skip
#: The first characters of the texts exports write for "no value" (a quick test).
PLACEHOLDER_FIRST = frozenset("-—–nNнН<>")
_ISO_CODE = re.compile(r"^[A-Z]{3}$")
#: Texts exports write for "no value": dashes, n/a, ranges such as "< 10%" or "> 90%".
_PLACEHOLDER = re.compile(r"^(?:-{2,}|[—–]+|n/a|н/д|[<>]\s*\d+(?:[.,]\d+)?\s*%)$", re.IGNORECASE)
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
_TIME = re.compile(
    r"^(?P<date>\S+?)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})?$")
_MONTH_FIRST = re.compile(r"^(?P<month>[^\W\d_]{3,9})\.? (?P<day>\d{1,2}),? (?P<year>\d{4})$")
_DAY_FIRST = re.compile(
    r"^(?P<day>\d{1,2}) (?P<month>[^\W\d_]{3,9})\.? (?P<year>\d{4})(?: ?г\.?| года)?$"
)
_MONTHS = {
    **{m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    **{m: i for i, m in enumerate("янв фев мар апр мая июн июл авг сен окт ноя дек".split(), 1)},
    "май": 5, "мае": 5,
}  # fmt: skip


class InputError(Problem, ValueError):
    """A value that cannot be read as what the argument or column needs.

    Raised with ``InputError.of(key, **params)``: ``key`` names the reason in
    :mod:`xl_kpi.i18n_notes` (``input.*``), so that a data note can say it in Russian too.
    """


def shown(value: Any) -> str:
    """A value as a note shows it: text quoted, numbers and dates as people write them,
    never a Python repr such as ``np.float64(20250301.0)``.

    >>> shown(np.float64(20250301.0)), shown("abc"), shown(1.5), shown(True)
    ('20250301', "'abc'", '1.5', 'TRUE')
    >>> shown(np.datetime64("2025-03-01")), shown(dt.datetime(2025, 3, 1, 17, 55))
    ('2025-03-01', '2025-03-01 17:55:00')
    """
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if number.is_integer() and abs(number) < 1e16:
            return str(int(number))
        return repr(number)
    if isinstance(value, np.datetime64) or hasattr(value, "to_pydatetime"):
        value = (
            _from_numpy(np.datetime64(value))
            if isinstance(value, np.datetime64)
            else (value.to_pydatetime())
        )
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d" if value.time() == dt.time() else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def is_blank(value: Any) -> bool:
    """Whether a value is an empty cell: None, NaN, NaT, pandas' NA or empty text.

    >>> [is_blank(v) for v in (None, float("nan"), "  ", 0, "0", " --", "—", "< 10%", "-")]
    [True, True, True, False, False, True, True, True, False]
    """
    if value is None:
        return True
    if isinstance(value, str):
        s = value.strip()
        return not s or (
            len(s) <= 12 and s[0] in PLACEHOLDER_FIRST and _PLACEHOLDER.match(s) is not None
        )
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
        raise InputError.of("input.excel_error", error=s)
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
        raise InputError.of("input.not_number", value=repr(text))
    number = float(written(s))
    if not math.isfinite(number):
        raise InputError.of("input.not_finite", value=repr(text))
    if negative:
        number = -number
    return number / 100 if percent else number


def parse_date(value: Any) -> dt.datetime:
    """Read a date from a real date, an Excel serial number or text.

    Raises :class:`InputError` when the value is not a date.

    >>> parse_date("31.12.2025"), parse_date(46022)
    (datetime.datetime(2025, 12, 31, 0, 0), datetime.datetime(2025, 12, 31, 0, 0))
    >>> parse_date("2025-12-31 18:30"), parse_date("2025-03-16 23:55:00 +0300")
    (datetime.datetime(2025, 12, 31, 18, 30), datetime.datetime(2025, 3, 16, 23, 55))
    >>> parse_date(20250301), parse_date("2024041623")
    (datetime.datetime(2025, 3, 1, 0, 0), datetime.datetime(2024, 4, 16, 23, 0))
    >>> parse_date("8 июля 2025"), parse_date("July 31, 2025")
    (datetime.datetime(2025, 7, 8, 0, 0), datetime.datetime(2025, 7, 31, 0, 0))
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
        number = float(value)
        if number.is_integer() and 19_000_101 <= number < 10_000_000_000:
            return _compact(str(int(number)), shown(value))
        return _from_serial(number)
    if isinstance(value, str):
        return _parse_date_text(value)
    raise InputError.of("input.not_date", value=shown(value))


def _from_numpy(value: np.datetime64) -> dt.datetime:
    seconds = value.astype("datetime64[us]").astype("int64") / 1e6
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds)


def _from_serial(serial: float) -> dt.datetime:
    try:
        return serial_to_datetime(serial)
    except ValueError:
        raise InputError.of("input.not_serial", value=shown(serial)) from None


def _compact(digits: str, written: str) -> dt.datetime:
    """``yyyymmdd`` or ``yyyymmddhh`` (GA4's dates and hours)."""
    m = _COMPACT.match(digits)
    try:
        if m:
            year, month, day, hour = (int(g) if g else 0 for g in m.groups())
            return dt.datetime(year, month, day, hour)
    except ValueError:
        pass
    raise InputError.of("input.not_date", value=written)


def _named_month(s: str) -> dt.datetime | None:
    """``July 8, 2025``, ``8 Jul 2025``, ``8 июля 2025 г.``; None if not written so."""
    m = _MONTH_FIRST.match(s) or _DAY_FIRST.match(s.casefold())
    if not m:
        return None
    month = _MONTHS.get(m.group("month").casefold()[:3])
    try:
        return dt.datetime(int(m.group("year")), month, int(m.group("day"))) if month else None
    except ValueError:
        return None


def _parse_date_text(text: str) -> dt.datetime:
    s = text.strip()
    if s in EXCEL_ERRORS:
        raise InputError.of("input.excel_error", error=s)
    if s.isdigit() and len(s) in (8, 10):
        return _compact(s, repr(text))
    named = _named_month(s)
    if named is not None:
        return named
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
    raise InputError.of("input.not_date", value=repr(text))


def currency_code(token: str) -> str | None:
    """The ISO code of a currency as written: a sign, a word or a code; None if it is none.

    >>> currency_code("₽"), currency_code("руб."), currency_code("usd"), currency_code("IDR")
    ('RUB', 'RUB', 'USD', 'IDR')
    """
    s = token.strip()
    return _CODES.get(s.casefold()) or (s if _ISO_CODE.match(s) else None)


def currency_of(text: str) -> str | None:
    """The currency a text number is written in (``$1,200`` is USD); None if it names none.

    >>> currency_of("1 500 ₽"), currency_of("$1,200"), currency_of("1500 руб."), currency_of("15")
    ('RUB', 'USD', 'RUB', None)
    """
    m = _CURRENCY.search(text)
    return None if m is None else currency_code(m.group(0))


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
                raise InputError.of("input.mixed_range")
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
