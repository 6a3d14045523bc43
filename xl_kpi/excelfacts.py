"""Facts about Excel that every layer needs, with no dependency beyond numpy.

Sheet-name quoting, column letters, how a header cell reads as text, the sheet and row
limits, the number formats of dates, the 1900 date system's serial numbers, and the
hidden name that marks the summary sheet the product created.  The readers, the writers
and the core take them from here, so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import numpy as np

__all__ = [
    "DATETIME_FORMAT",
    "DEFAULT_COLUMN_WIDTH",
    "DATE_FORMAT",
    "EXCEL_EPOCH",
    "MARKER_NAME",
    "MAX_COLUMNS",
    "MAX_DATA_ROWS",
    "MAX_ROWS",
    "MAX_SERIAL",
    "ROW_PIXELS",
    "TEXT_PREFIX",
    "column_letter",
    "column_pixels",
    "column_number",
    "header_text",
    "quote_sheet",
    "reference",
    "serial_to_datetime",
    "serial_to_datetime64",
    "serials",
]

#: Rows and columns of a worksheet, and the data rows that fit below a header row.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_DATA_ROWS = MAX_ROWS - 1

#: The hidden sheet-scoped defined name that marks the summary sheet the product created;
#: the file writer and the live writer look for the same name.
MARKER_NAME = "xlkpi_summary"

#: Excel's text prefix: a string typed or written with it is stored as text, without it.
TEXT_PREFIX = "'"

#: The width of a column nobody sized, in characters.
DEFAULT_COLUMN_WIDTH = 8.43

#: The height of a default row in pixels (15 points at 96 dpi).
ROW_PIXELS = 20

#: Number formats of date cells and of date-and-time cells.
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"

#: Day 0 of the serials from 1 March 1900 on (Excel counts a 29 February 1900 that never was).
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
#: The serial of 1 January 10000, the first day Excel cannot hold.
MAX_SERIAL = 2_958_466
_EPOCH64 = np.datetime64("1899-12-30", "ms")
_MS_PER_DAY = 86_400_000
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def column_letter(col: int) -> str:
    """Excel's letters for a zero-based column: 0 is A, 26 is AA.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    col += 1
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_pixels(width: float) -> int:
    """The pixels a column ``width`` characters wide takes with the default font (Calibri
    11, whose digits are 7 pixels wide, plus 5 pixels of padding).

    >>> column_pixels(DEFAULT_COLUMN_WIDTH), column_pixels(30), column_pixels(0)
    (64, 215, 0)
    """
    if width <= 0:
        return 0
    if width < 1:
        return int(width * 12 + 0.5)
    return int(width * 7 + 0.5) + 5


def column_number(letters: str) -> int:
    """The one-based number of a column's letters: A is 1, XFD is 16384.

    >>> column_number("A"), column_number("AA"), column_number("XFD")
    (1, 27, 16384)
    """
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def quote_sheet(name: str, *, always: bool = True) -> str:
    """A sheet name as a formula writes it: ``'KPI Summary'``, ``'It''s'``.

    With ``always=False`` a plain name (letters, digits, ``_`` and ``.``) stays unquoted,
    as Excel itself writes it.

    >>> quote_sheet("KPI Summary"), quote_sheet("Orders", always=False), quote_sheet("It's")
    ("'KPI Summary'", 'Orders', "'It''s'")
    """
    if not always and _PLAIN_NAME.fullmatch(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def reference(sheet: str, row: int, col: int) -> str:
    """A reference to one cell of a sheet, zero-based: ``'KPI Summary'!J1``.

    >>> reference("KPI Summary", 0, 9)
    "'KPI Summary'!J1"
    """
    return f"{quote_sheet(sheet)}!{column_letter(col)}{row + 1}"


def header_text(value: Any) -> str:
    """A header cell as a column name: text as written, a number as its shortest text
    (``2025``, ``1.5``), anything else (blank, logical value, date) as ``""``.

    >>> header_text("Revenue"), header_text(2025.0), header_text(1.5), header_text(None)
    ('Revenue', '2025', '1.5', '')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    return ""


def serial_to_datetime(serial: float) -> dt.datetime:
    """The date of an Excel serial number (1900 date system).

    Serial 60 is Excel's 29 February 1900, a day that never was; serials after it count
    from 30 December 1899, as every later day in Excel does.  Raises ``ValueError``
    outside Excel's dates (1 to 31 December 9999).

    >>> serial_to_datetime(46022), serial_to_datetime(1)
    (datetime.datetime(2025, 12, 31, 0, 0), datetime.datetime(1900, 1, 1, 0, 0))
    """
    if math.isnan(serial) or not 1 <= serial < MAX_SERIAL:
        raise ValueError(f"{serial!r} is not an Excel date serial number")
    return EXCEL_EPOCH + dt.timedelta(days=serial if serial >= 61 else serial + 1)


def serials(stamps: np.ndarray) -> np.ndarray:
    """Excel serials of ``datetime64[ms]`` values; ``NaN`` for NaT.

    Serials before 1 March 1900 are shifted by Excel's phantom 29 February 1900; a date
    before 1 January 1900 gets a serial below 1, which Excel cannot show as a date.
    """
    missing = np.isnat(stamps)
    days = (stamps - _EPOCH64).astype(np.int64) / _MS_PER_DAY
    days = np.where(days < 61, days - 1, days)
    return np.where(missing, np.nan, days)


def serial_to_datetime64(serial: float) -> np.datetime64:
    """The inverse of :func:`serials` for one value, below 1 included (for text output)."""
    shifted = serial + 1 if serial < 60 else serial
    return _EPOCH64 + np.timedelta64(round(shifted * _MS_PER_DAY), "ms")
