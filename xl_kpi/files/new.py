"""Write a fresh workbook holding raw data tabs, one sheet per DataFrame.

The workbook is streamed by xlsxwriter in ``constant_memory`` mode (each row goes to a
temporary file as soon as the next row starts), so a full sheet of 1,048,575 rows is
written with little memory. Text is always stored as text, never as a formula, a link
or a number; blank cells (``None``, ``NaN``, ``NaT``) are left empty.

A table's sheet may carry a short note in row 1, right of its headers after one blank
column (readers ignore a column whose cells below the header are all blank), and the
workbook may get sheets of its own before and after the tables, a VBA project, and a
fixed creation date (so that the same call always writes the same bytes).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import math
import numbers
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.worksheet import Worksheet

from ..excelfacts import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    MAX_COLUMNS,
    MAX_DATA_ROWS,
    serial_to_datetime64,
    serials,
)
from . import save

__all__ = [
    "MONEY_FORMAT",
    "NOTE_STYLE",
    "SheetWriter",
    "write_workbook",
]

#: Number format of money columns written by :func:`write_workbook`.
MONEY_FORMAT = "#,##0.00"
#: The look of a table's note in row 1: grey italic, apart from the data.
NOTE_STYLE: Mapping[str, Any] = {"italic": True, "font_color": "#808080"}
_WIDTH_SAMPLE = 2_000  # rows looked at to size a column
_CHUNK = 65_536  # rows converted to Python values at a time
_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

# A cell writer: (row, column, value) -> None, with the column's format bound in.
_Writer = Callable[[int, int, Any], Any]

#: Fills one sheet of the caller's own: ``(sheet, workbook)``, the workbook for its formats.
#: Rows must be written top to bottom (the workbook streams each row to disk once the
#: next one starts).
SheetWriter = Callable[[Worksheet, xlsxwriter.Workbook], None]


def write_workbook(
    path: str | os.PathLike[str],
    tables: Mapping[str, pd.DataFrame],
    *,
    overwrite: bool = False,
    notes: Mapping[str, str] | None = None,
    before: Mapping[str, SheetWriter] | None = None,
    after: Mapping[str, SheetWriter] | None = None,
    vba_project: bytes | None = None,
    properties: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``tables`` to a new ``.xlsx`` workbook at ``path``, one sheet per table.

    Sheets come in the mapping's order and are named by its keys. Row 1 holds the
    frame's column names (bold, frozen, with an autofilter); each frame row follows
    on its own Excel row. Numbers are numbers (stored, as xlsxwriter does, to 16
    significant digits); a float column whose values all have at most two decimals,
    some of them cents (money), gets ``#,##0.00``; dates get ``yyyy-mm-dd`` (with
    ``hh:mm:ss`` when a column has times of day); logical values are TRUE/FALSE; any
    other value is written as text, exactly as given (``"=SUM(A1)"`` stays text).
    Dates before 1 January 1900, which Excel cannot hold, are written as ISO text.

    The file is written to a temporary file beside ``path`` and moved into place
    only once complete.

    Args:
        path: Where to write the workbook: ``.xlsm`` with a VBA project, else ``.xlsx``.
        tables: Sheet name -> frame; names must be valid, distinct Excel sheet names.
        overwrite: Replace ``path`` if it exists (otherwise that is an error).
        notes: Sheet name -> text written in row 1 of that table's sheet, one blank
            column right of its last header, in :data:`NOTE_STYLE`.
        before: Sheets of the caller's own written before the tables, in order, each
            filled by its :data:`SheetWriter`; the first sheet of the workbook is the
            one that opens.
        after: The same, for sheets after the tables.
        vba_project: The bytes of a ``vbaProject.bin`` to carry (the workbook's and its
            sheets' code names are then ``ThisWorkbook`` and ``Sheet1``, ``Sheet2``...).
        properties: Document properties, as xlsxwriter's ``set_properties`` takes them
            (``title``, ``subject``, ``created``...). Without ``created`` the workbook is
            stamped with the time of writing; give it for a file that is the same on
            every run.

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Raises:
        FileExistsError: ``path`` exists and ``overwrite`` is false.
        ValueError: no tables, a table too large for a sheet, a bad or repeated sheet
            name, a note for a table that is not given, or a file name whose extension
            does not match the content (a VBA project needs ``.xlsm``; an ``.xlsm``
            without one would not open in Excel).
        save.WorkbookLocked: ``path`` is open in Excel.
    """
    path = Path(path)
    notes = dict(notes or {})
    _check_tables(tables, notes)
    _check_macros(path, vba_project)
    save.ensure_new(path, overwrite)
    save.ensure_not_open(path)
    with save.atomic_write(path) as handle:
        workbook = xlsxwriter.Workbook(handle, _OPTIONS)
        try:
            if properties:
                workbook.set_properties(dict(properties))
            if vba_project is not None:
                workbook.add_vba_project(io.BytesIO(vba_project), is_stream=True)
            formats = _Formats(workbook)
            for name, fill in (before or {}).items():
                fill(_add_sheet(workbook, name), workbook)
            for name, frame in tables.items():
                _write_table(_add_sheet(workbook, name), frame, formats, notes.get(name))
            for name, fill in (after or {}).items():
                fill(_add_sheet(workbook, name), workbook)
        finally:
            workbook.close()
    return path


def _check_tables(tables: Mapping[str, pd.DataFrame], notes: Mapping[str, str]) -> None:
    """Raise ``ValueError`` unless every table fits a sheet and every note has its table."""
    if not tables:
        raise ValueError("There are no tables to write: give at least one.")
    for name, frame in tables.items():
        if len(frame) > MAX_DATA_ROWS or frame.shape[1] > MAX_COLUMNS:
            raise ValueError(
                f"Table {name!r} has {len(frame):,} rows and {frame.shape[1]:,} columns; a "
                f"sheet holds at most {MAX_DATA_ROWS:,} rows below its header and "
                f"{MAX_COLUMNS:,} columns."
            )
    if unknown := [name for name in notes if name not in tables]:
        raise ValueError(f"Notes are given for sheets that are not tables: {unknown}.")


def _check_macros(path: Path, vba_project: bytes | None) -> None:
    """Raise ``ValueError`` unless the file name matches whether it carries macros."""
    macro = path.suffix.lower() == ".xlsm"
    if vba_project is not None and not macro:
        raise ValueError(f"A workbook with a VBA project must be named .xlsm, not {path.name!r}.")
    if macro and vba_project is None:
        raise ValueError(
            f"{path.name!r}: an .xlsm workbook needs a VBA project; without one, name it .xlsx."
        )


def _add_sheet(workbook: xlsxwriter.Workbook, name: str) -> Worksheet:
    """A new sheet named ``name``; a name Excel refuses is a ``ValueError``."""
    try:
        return workbook.add_worksheet(name)
    except XlsxWriterException as exc:
        raise ValueError(f"{name!r} cannot be a sheet name: {exc}") from exc


class _Formats:
    """The few cell formats of a data workbook, each created once."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.header = workbook.add_format({"bold": True})
        self.date = workbook.add_format({"num_format": DATE_FORMAT})
        self.datetime = workbook.add_format({"num_format": DATETIME_FORMAT})
        self.money = workbook.add_format({"num_format": MONEY_FORMAT})
        self.note = workbook.add_format(dict(NOTE_STYLE))


def _write_table(
    sheet: Worksheet, frame: pd.DataFrame, formats: _Formats, note: str | None = None
) -> None:
    """Header (and note), column widths, frozen header and autofilter, then the rows."""
    n_rows, n_cols = frame.shape
    headers = ["" if h is None else str(h) for h in frame.columns]
    writers = _writers(sheet, formats)
    columns = [_Column(frame.iloc[:, j]) for j in range(n_cols)]
    for j, (header, column) in enumerate(zip(headers, columns)):
        sheet.set_column(j, j, min(max(column.width, len(header) + 4.0, 8.0), 60.0))
        sheet.write_string(0, j, header, formats.header)
    if note:
        sheet.write_string(0, n_cols + 1, note, formats.note)
    sheet.freeze_panes(1, 0)
    if n_cols:
        sheet.autofilter(0, 0, max(n_rows, 1), n_cols - 1)
    for start in range(0, n_rows, _CHUNK):  # converting a chunk at a time keeps memory low
        stop = min(start + _CHUNK, n_rows)
        cells = [(j, c.values(start, stop), writers[c.kind]) for j, c in enumerate(columns)]
        for i in range(stop - start):  # constant_memory: a row's cells before the next row
            row = start + i + 1
            for j, values, writer in cells:
                value = values[i]
                if value is not None:
                    writer(row, j, value)


def _writers(sheet: Worksheet, formats: _Formats) -> dict[str, _Writer]:
    """One cell writer per kind of column, with the kind's format bound in."""
    number = sheet.write_number
    date, stamp, money = formats.date, formats.datetime, formats.money
    return {
        "bool": sheet.write_boolean,
        "number": number,
        "money": lambda r, c, v: number(r, c, v, money),
        "date": lambda r, c, v: number(r, c, v, date) if v >= 1 else _text_date(sheet, r, c, v),
        "datetime": lambda r, c, v: (
            number(r, c, v, stamp) if v >= 1 else _text_date(sheet, r, c, v)
        ),
        "text": sheet.write_string,
        "any": lambda r, c, v: _write_any(sheet, r, c, v, formats),
    }


class _Column:
    """How one frame column is written: its kind of cells, its width and its values."""

    def __init__(self, series: pd.Series) -> None:
        dtype = series.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            series, dtype = series.astype(object), np.dtype(object)
        self.kind, self.width = "any", 8.0
        if pd.api.types.is_bool_dtype(dtype):
            self.kind, self._data = "bool", series.astype(object).where(series.notna(), None)
            self._data = self._data.to_numpy(object)
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            stamps = pd.DatetimeIndex(series)
            if stamps.tz is not None:
                stamps = stamps.tz_localize(None)
            timed = bool((stamps.notna() & (stamps != stamps.normalize())).any())
            self.kind, self.width = ("datetime", 21.0) if timed else ("date", 12.0)
            self._data = serials(stamps.as_unit("ms").to_numpy())
        elif pd.api.types.is_numeric_dtype(dtype):
            self._data = series.to_numpy(dtype=np.float64, na_value=np.nan)
            sample = self._data[np.isfinite(self._data)]
            self.kind = "money" if _is_money(sample) else "number"
            sample = sample[:_WIDTH_SAMPLE]
            texts = (f"{v:,.2f}" if self.kind == "money" else repr(v) for v in sample.tolist())
            self.width = _width(texts)
        else:
            self._data = series.to_numpy(dtype=object)
            present = [v for v in self._data.tolist() if not _blank(v)]
            if all(type(v) is str for v in present):
                self.kind = "text"
            self.width = _width(str(v) for v in present[:_WIDTH_SAMPLE])

    def values(self, start: int, stop: int) -> list[Any]:
        """Cell values of rows ``start`` to ``stop`` (frame positions); ``None`` is blank."""
        chunk = self._data[start:stop]
        if chunk.dtype == np.float64:
            return np.where(np.isfinite(chunk), chunk, None).tolist()
        return [None if _blank(v) else v for v in chunk.tolist()]


def _is_money(floats: np.ndarray) -> bool:
    """True if some values have cents and none has finer decimals.

    Such a column shows every stored decimal under ``#,##0.00``; a column with a third
    decimal anywhere (a rate such as 0.015) keeps the General format, which hides none.
    """
    if not floats.size:
        return False
    cents = np.round(floats * 100.0)
    return bool(
        np.all(np.abs(cents - floats * 100.0) < 1e-6 * np.maximum(1.0, np.abs(cents)))
    ) and bool(np.any(cents % 100 != 0))


def _text_date(sheet: Worksheet, row: int, col: int, serial: float) -> None:
    """A date Excel cannot hold (before 1900) as ISO text."""
    stamp = serial_to_datetime64(serial)
    sheet.write_string(row, col, str(pd.Timestamp(stamp).isoformat()).replace("T00:00:00", ""))


def _write_any(sheet: Worksheet, row: int, col: int, value: Any, formats: _Formats) -> None:
    """A cell of a mixed (object) column, by the type of its value."""
    if isinstance(value, str):
        sheet.write_string(row, col, value)
    elif isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, (numbers.Real, decimal.Decimal)):
        if math.isfinite(float(value)):
            sheet.write_number(row, col, float(value))
    elif isinstance(value, (dt.date, np.datetime64)):
        stamp = pd.Timestamp(value).as_unit("ms")
        if stamp.tzinfo is not None:
            stamp = stamp.tz_localize(None)
        serial = float(serials(np.array([stamp.to_datetime64()], dtype="datetime64[ms]"))[0])
        timed = stamp != stamp.normalize()
        if serial < 1:
            _text_date(sheet, row, col, serial)
        else:
            sheet.write_number(row, col, serial, formats.datetime if timed else formats.date)
    else:
        sheet.write_string(row, col, str(value))


def _blank(value: Any) -> bool:
    """True for None, NaN, NaT (pandas' and numpy's) and pandas' NA."""
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return isinstance(value, float) and math.isnan(value)


def _width(texts: Iterable[str]) -> float:
    """A column width that fits the longest of ``texts`` (a sample), within limits."""
    return float(max((len(t) for t in texts), default=0) + 2)
