"""Pasting an export into Excel, for the tests: the CSV text as cells, at A1.

A paste of a CSV (or Text Import with every column as text) gives text cells as the tool
wrote them; Excel's own paste turns what it reads as a number or date in its locale into
one (``1,234.56`` in English Excel, ``1 234,56`` in Russian Excel) and leaves the rest as
text.  The conversion here is written independently of :mod:`xl_kpi.inputs`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from xl_kpi.excelfacts import header_text

Rows = list[list[Any]]


def csv_rows(text: str, delimiter: str = ",") -> Rows:
    """The cells of a CSV text as Excel shows them after a paste: blank fields empty."""
    lines = text.strip("\n").split("\n")
    return [
        [cell if cell != "" else None for cell in row]
        for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    ]


def frame(rows: Rows) -> pd.DataFrame:
    """Rows pasted at A1, as the workbook readers give them: row 1 the column names."""
    width = max(len(r) for r in rows)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]
    return pd.DataFrame(rows[1:], columns=[header_text(v) for v in rows[0]], dtype=object)


_EN_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_RU_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?: \d{3})+|\d+)(?:,\d+)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$")
_RU_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$")


def _stamp(y: str, mo: str, d: str, h: str | None, mi: str | None, s: str | None) -> Any:
    return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))


def excel_cell(value: Any, locale: str) -> Any:
    """What Excel in ``locale`` (``en`` or ``ru``) makes of a pasted text cell."""
    if not isinstance(value, str):
        return value
    s = value.strip()
    percent = s.endswith("%") and len(s) > 1
    body = s[:-1].strip() if percent else s
    if locale == "en":
        body = body[1:] if body.startswith("$") else body
        if _EN_NUMBER.match(body):
            number = float(body.replace(",", ""))
            return number / 100 if percent else number
    else:
        body = body.replace("\u00a0", " ")
        if _RU_NUMBER.match(body):
            number = float(body.replace(" ", "").replace(",", "."))
            return number / 100 if percent else number
        if m := _RU_DATE.match(s):
            day, month, year, *time = m.groups()
            return _stamp(year, month, day, *time)
    if m := _ISO.match(s):
        return _stamp(*m.groups())
    return value


def excel_rows(rows: Rows, locale: str) -> Rows:
    """Rows as Excel in ``locale`` pastes them: numbers and dates it reads become those."""
    return [[excel_cell(v, locale) for v in row] for row in rows]


def write_book(path: Path, sheets: dict[str, Rows]) -> Path:
    """A workbook with each sheet's rows from A1, as the cells are (text stays text)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        put_rows(book.create_sheet(name), rows)
    book.save(path)
    return path


def put_rows(sheet: Any, rows: Rows) -> None:
    """``rows`` into an openpyxl sheet from A1, as the cells are (text stays text)."""
    for i, row in enumerate(rows, 1):
        for j, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(i, j).value = value
                if isinstance(value, str):
                    sheet.cell(i, j).data_type = "s"  # never a formula
