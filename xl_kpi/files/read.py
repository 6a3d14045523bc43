"""Read the raw data tabs of a workbook into DataFrames, fast.

:func:`read_tabs` has :mod:`~xl_kpi.files.guard` check the file, and each wanted sheet's
cells before the sheet is read (the next sheet is scanned while the ones before it are
read, two sheets at a time where threads can start), then reads the sheets with fastexcel
(calamine), or with openpyxl where fastexcel is missing
(Pyodide) or cannot read a sheet (one stored as UTF-16; the frame's notes say so). Both
give the same frames:

* **Columns**: the header cells of row 1 as text, exactly as written; a blank one (or a
  logical value or date) gives ``""``, a number its shortest text (``2025``); a name seen
  before gets ``_1``, ``_2``... (fastexcel's scheme): ``num, num, , `` give
  ``num, num_1, "", _1``. Columns run from the first to the last column with a value.
* **Rows**: frame position ``i`` is Excel row ``i + 2``; blank rows between data rows stay
  (all blank), blank rows after the last value are dropped.
* **Values**: numbers are ``float``, text ``str`` exactly as typed (``"1 234,56"``,
  ``"=HYPERLINK(...)"``), dates ``datetime64[ms]`` (a bare time of day falls on
  31 December 1899, as Excel stores it), logical values ``bool``, durations timedeltas;
  blanks are ``None`` (text or mixed columns), ``NaN`` or ``NaT``; Excel errors
  (``#N/A``) read as blanks. A column holding one type has that dtype, else ``object``.
* With ``layout``, the header may be lower down: ``layout(sheet, rows)`` gets the sheet's
  top rows (streamed, without reading the sheet) and says which is the header and which
  columns to read; frame position ``i`` is then Excel row ``header_row + 1 + i``, with
  ``attrs["header_row"]`` (the header's Excel row) and ``attrs["above"]`` (the rows above
  it), and a blank row 1 is no error.
* **Mixed columns**: fastexcel coerces them (to text, numbers keeping about nine decimals,
  or logical values to 0 and 1) and reads texts such as ``"n/a"`` or ``"NULL"`` among
  numbers or dates as blanks, so such columns are read again and every cell is put back
  as stored: three or four more passes over a sheet with a mixed column, one more over a
  sheet with blanks among numbers or dates, none otherwise. A duration in a mixed column
  comes back as a timestamp (fastexcel cannot tell the two apart there).
* An empty sheet gives an empty frame; values below an empty row 1 raise
  :class:`MissingHeader`.

fastexcel's Arrow columns become numpy arrays through pyarrow (text as ``object`` columns
of ``str``, not pandas' string dtype, as the other readers give it).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from defusedxml import ElementTree as SafeET

from ..excelfacts import header_text
from ..paste import MAX_HEADER_ROW
from ..problems import Problem, keyed
from . import _top, guard
from ._filetype import FIX

__all__ = ["MissingHeader", "read_tabs"]

_EXCEL_DAY_ZERO = pd.Timestamp("1899-12-31")  # what a bare time of day is stored on


class MissingHeader(Problem, ValueError):
    """A sheet has values but its row 1, where the column names belong, is empty."""


def read_tabs(
    path: str | os.PathLike[str],
    wanted: Callable[[str], bool] = lambda name: True,
    columns: Callable[[str, str], bool] | None = None,
    layout: Callable[[str, list[list[Any]]], tuple[int, set[int]]] | None = None,
) -> dict[str, pd.DataFrame]:
    """Read each sheet of ``path`` whose name ``wanted`` accepts, header in row 1 (or where
    ``layout`` finds it: ``layout(sheet, top_rows)`` gives the header's index in the top rows
    and the Excel columns to read, A is 0; then ``columns`` is not asked).

    Sheets come in workbook order; sheets that are not wanted are not read at all, and
    with ``columns`` (``columns(sheet, header)``) only the columns it accepts are read.
    The frames follow the contract in this module's documentation; each frame's
    ``attrs["excel_columns"]`` holds the Excel column (0 is A) of each of its columns,
    and ``attrs["notes"]`` what the user should know about how the sheet was read (a
    sheet fastexcel cannot read is read with openpyxl, and says so).

    Raises:
        FileNotFoundError: ``path`` does not exist.
        guard.UnsafeWorkbook: not a readable ``.xlsx``/``.xlsm`` workbook, or one that is
            unsafe to read (the message says why and what to do).
        MissingHeader: a wanted sheet has data but nothing in row 1.
    """
    path = Path(path)
    book = guard.inspect_workbook(path, wanted, scan=False)
    sizes = {name: info.file_size for name, info in book.pending}
    # Small sheets first, then the large ones from the smallest: each sheet is scanned
    # by the guard while the ones before it are read, two at a time. (The largest first
    # was measured too: no faster on a quiet machine, and the two largest grids then
    # meet in memory more often.)
    order = sorted(sizes, key=lambda name: sizes[name])
    try:
        import fastexcel
    except ImportError:
        fastexcel = None
    frames: dict[str, pd.DataFrame] = {}
    with _Readers(path, fastexcel) as readers:
        with zipfile.ZipFile(path) as archive:  # the guard has checked its structure
            try:
                for sheet in guard.scan_sheets(book, order):
                    if not sheet.rows:
                        frames[sheet.name] = pd.DataFrame()
                        continue
                    try:
                        first = _first_row(archive, sheet.part)
                        head = _head(path, sheet, first, layout) if first else None
                    except SafeET.ParseError as exc:  # the sheet or its text table is not XML
                        raise _unreadable(path, sheet.name) from exc
                    if first > 1 and layout is None:
                        raise keyed(
                            MissingHeader,
                            "error.sheet.no_header",
                            sheet=repr(sheet.name),
                            file=repr(path.name),
                            row=first,
                        )
                    if head is None:
                        frames[sheet.name] = pd.DataFrame()
                        continue
                    read = functools.partial(_read_sheet, path, book, sheet, head, columns)
                    readers.submit(sheet.name, head, read)
            except BaseException:
                readers.results()  # a sheet read before says its own problem first
                raise
        for name, (frame, head) in readers.results().items():
            if layout is not None:
                frame.attrs.update(header_row=head.index + 1, above=head.above)
                frame.attrs["unread"] = head.unread(set(frame.attrs.get("excel_columns", ())))
            frames[name] = frame
    return {name: frames.get(name, pd.DataFrame()) for name, _ in book.pending}


class _Readers:
    """Sheets read two at a time, each thread with its own fastexcel reader of the file
    (calamine parses a sheet without holding the GIL, so two large sheets take about the
    time of the larger on two cores); one after the other where no thread can start
    (Pyodide). :meth:`results` gives the frames in the order the sheets were given, and
    raises the first sheet's error first."""

    def __init__(self, path: Path, fastexcel: Any) -> None:
        self.path, self.fastexcel = path, fastexcel
        self.local = threading.local()
        self.pool = ThreadPoolExecutor(2, "xl-kpi-read") if guard._can_start_threads() else None
        self.pending: dict[str, Any] = {}

    def __enter__(self) -> _Readers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            for future in self.pending.values():
                if hasattr(future, "cancel"):
                    future.cancel()
            self.pool.shutdown(wait=True)

    def submit(self, name: str, head: _Head, read: Callable[..., tuple[pd.DataFrame, Any]]) -> None:
        """Read sheet ``name`` with ``read(fastexcel, reader)``, which returns the frame
        and the reader it used (opened on first use, kept for the thread's next sheet)."""

        def one() -> tuple[pd.DataFrame, _Head]:
            frame, self.local.reader = read(self.fastexcel, getattr(self.local, "reader", None))
            return frame, head

        self.pending[name] = one() if self.pool is None else self.pool.submit(one)

    def results(self) -> dict[str, tuple[pd.DataFrame, _Head]]:
        done = {}
        for name, future in self.pending.items():
            done[name] = future.result() if hasattr(future, "result") else future
        return done


class _Head(NamedTuple):
    """Where a sheet's header is (0-based row), the columns to read (None: by ``columns``),
    and the rows above the header."""

    index: int
    columns: set[int] | None
    above: list[list[Any]]
    header: list[Any] = []

    def unread(self, read: set[int]) -> list[tuple[int, str]]:
        """The header cells of the columns not read (Excel column, A is 0; its text)."""
        return [
            (j, str(cell).strip())
            for j, cell in enumerate(self.header)
            if j not in read and cell is not None and str(cell).strip()
        ]


def _head(
    path: Path,
    sheet: guard.SheetCheck,
    first: int,
    layout: Callable[[str, list[list[Any]]], tuple[int, set[int]]] | None,
) -> _Head:
    """Where ``layout`` finds the header of a sheet among its top rows (row 1 without one)."""
    if layout is None:
        return _Head(0, None, [])
    rows = _top.top_rows(path, {sheet.name: sheet.part}, MAX_HEADER_ROW)[sheet.name]
    index, wanted = layout(sheet.name, rows)
    if not any(v is not None for v in (rows[index] if index < len(rows) else [])):
        index = first - 1  # nothing at the top: the first filled row
    return _Head(index, wanted, rows[:index], list(rows[index]) if index < len(rows) else [])


def _read_sheet(
    path: Path,
    book: guard.Workbook,
    sheet: guard.SheetCheck,
    head: _Head,
    columns: Callable[[str, str], bool] | None,
    fastexcel: Any,
    reader: Any,
) -> tuple[pd.DataFrame, Any]:
    """One sheet, through fastexcel where it can (the module and its reader of this file,
    opened on first use and returned), else openpyxl, which says so."""
    why = _slow_reason(fastexcel, book, sheet)
    if why is None:
        if reader is None:
            reader = _open_fastexcel(fastexcel, path)
        keep = _keep(columns, sheet.name, head)
        try:
            return _read_fastexcel(fastexcel, reader, sheet.name, keep, head), reader
        except fastexcel.FastExcelError:
            why = "fastexcel could not read it"
    frame = _read_openpyxl(path, {sheet.name: head}, columns)[sheet.name]
    if fastexcel is not None:
        frame.attrs["notes"] = [f"read with the slower reader (openpyxl): {why}"]
    return frame, reader


def _slow_reason(fastexcel: Any, book: guard.Workbook, sheet: guard.SheetCheck) -> str | None:
    """Why this sheet must be read with openpyxl (None: fastexcel reads it)."""
    if fastexcel is None:
        return "fastexcel is not installed"
    if not sheet.utf8:
        return f"the sheet is stored as {sheet.encoding.upper()} text"
    if not book.utf8:
        return "the workbook's parts are not stored as UTF-8 text"
    return None


def _open_fastexcel(fastexcel: Any, path: Path) -> Any:
    try:
        return fastexcel.read_excel(path)
    except fastexcel.FastExcelError as exc:
        raise keyed(
            guard.UnsafeWorkbook, "error.read.fastexcel", file=repr(path.name), fix=FIX
        ) from exc


# --------------------------------------------------------------------------- row 1
def _first_row(archive: zipfile.ZipFile, part: str) -> int:
    """Stream the sheet until its first cell with a value (``<v>`` or ``<is>``); 0 for a
    sheet without any."""
    row = 0
    with archive.open(part) as stream:
        for _, element in SafeET.iterparse(stream, events=("start",)):
            tag = element.tag.rpartition("}")[2]
            if tag == "row":
                number = element.get("r", "")
                row = int(number) if number.isdigit() else row + 1
            elif tag in ("v", "is") and row:
                return row
    return 0


# --------------------------------------------------------------------------- fastexcel
def _keep(
    columns: Callable[[str, str], bool] | None, sheet: str, head: _Head
) -> Callable[[str, int], bool] | None:
    """Whether to read a column of ``sheet`` by its header and Excel column (None: all)."""
    if head.columns is not None:
        return lambda name, column: column in head.columns
    if columns is None:
        return None
    return lambda name, column: bool(name) and columns(sheet, name)


def _read_fastexcel(
    fastexcel: Any, reader: Any, name: str, keep: Callable[[str, int], bool] | None, head: _Head
) -> pd.DataFrame:
    """One sheet: one pass when each column holds one type of value, more otherwise."""
    chosen = None if keep is None else (lambda info: keep(info.name, info.absolute_index))
    load = functools.partial(
        reader.load_sheet,
        name,
        header_row=head.index,
        schema_sample_rows=None,
        use_columns=chosen,
    )
    try:
        infos, columns = _arrow_columns(load, dtype_coercion="strict")
    except fastexcel.UnsupportedColumnTypeCombinationError:
        try:
            infos, columns = _arrow_columns(load, dtype_coercion="coerce")
        except fastexcel.UnsupportedColumnTypeCombinationError:  # e.g. durations among dates
            infos, columns = _arrow_columns(load, dtypes="string")
        # Coercion made text of mixed columns and 0 and 1 of logical values among numbers.
        text = [k for k, info in enumerate(infos) if info.dtype == "string"]
        floats = [k for k, info in enumerate(infos) if info.dtype == "float"]
        suspects = sorted(text + floats)
        stamps = dict(zip(suspects, _reread(load, infos, suspects, "datetime")))
        typed = {k: pd.notna(v) for k, v in zip(text, _reread(load, infos, text, "boolean"))}
        typed.update({k: pd.notna(columns[k]) for k in floats})
        numbers = {k: columns[k] for k in floats}
        numeric = [k for k in text if typed[k].any()]
        numbers.update(zip(numeric, _reread(load, infos, numeric, "float")))
        for k in suspects:
            columns[k] = _restore(columns[k], typed[k], numbers.get(k), stamps[k])
    # Among numbers, dates or logical values, "n/a", "NA", "NULL", "None", "#N/A" and ""
    # read as blanks and "nan" as NaN: put such texts back.
    gaps = [k for k, c in enumerate(columns) if infos[k].dtype != "string" and pd.isna(c).any()]
    for k, text in zip(gaps, _reread(load, infos, gaps, "string")):
        blank = pd.isna(columns[k])
        if (blank & pd.notna(text)).any():
            values = np.where(blank, text, pd.Series(columns[k], dtype=object))
            columns[k] = _tidy(values)
    names = ["" if info.column_name_from == "generated" else info.name for info in infos]
    frame = _build(names, columns)  # fastexcel generates names for blank header cells
    frame.attrs["excel_columns"] = [info.absolute_index for info in infos]
    return frame


def _reread(load: Callable[..., Any], infos: list[Any], picked: list[int], kind: str) -> list:
    """Columns ``picked`` (positions) of the sheet read again, all as fastexcel ``kind``."""
    if not picked:
        return []
    names = [infos[k].name for k in picked]
    return _arrow_columns(load, use_columns=names, dtypes=dict.fromkeys(names, kind))[1]


def _restore(
    cells: np.ndarray, typed: np.ndarray, number: np.ndarray | None, stamp: np.ndarray
) -> np.ndarray:
    """A coerced column's cells as stored. ``typed`` marks numbers and logical values,
    ``number`` holds their exact values (logical values as 0 and 1) and ``stamp`` the
    column read as dates, which is blank for logical values but not for numbers."""
    number = np.full(len(cells), np.nan) if number is None else number
    values = np.where(pd.isna(cells), None, cells.astype(object))
    is_logical = typed & np.isnat(stamp) & np.isin(number, (0.0, 1.0))
    is_date = ~typed & ~np.isnat(stamp)
    values[typed] = number[typed]
    values[is_logical] = (number[is_logical] == 1.0).tolist()
    values[is_date] = pd.DatetimeIndex(stamp[is_date]).astype(object)
    return _tidy(values)


def _arrow_columns(load: Callable[..., Any], **how: Any) -> tuple[list[Any], list[np.ndarray]]:
    """The column infos of the sheet ``load(**how)`` gives and each column as a numpy
    array, through pyarrow."""
    import pyarrow as pa

    sheet = load(**how)
    batch = pa.record_batch(sheet)  # fastexcel exports Arrow through its PyCapsule interface
    infos = list(sheet.selected_columns)
    del sheet  # its grid of every cell, freed before the columns are converted
    columns = [_column(batch.column(j)) for j in range(batch.num_columns)]
    return infos, columns


def _column(array: Any) -> np.ndarray | pd.Categorical:
    """One Arrow column as float64, bool, datetime64[ms], timedelta64[ms], object, or for
    text a categorical of ``str``."""
    import pyarrow as pa

    kind = array.type
    if pa.types.is_null(kind) or len(array) == 0:
        return np.full(len(array), None, dtype=object)
    if pa.types.is_floating(kind) or pa.types.is_integer(kind):
        return array.cast(pa.float64()).to_numpy(zero_copy_only=False)  # nulls become NaN
    if pa.types.is_boolean(kind):
        values = array.to_numpy(zero_copy_only=False)
        return values.astype(bool) if array.null_count == 0 else values.astype(object)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        # Text as a categorical of its distinct values: a channel or status column of a
        # million rows holds a handful of strings, made into Python objects once each.
        encoded = array.dictionary_encode()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        texts = encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)
        return pd.Categorical.from_codes(
            codes.astype(np.int64), categories=pd.Index(texts, dtype=object)
        )
    if pa.types.is_timestamp(kind):
        return array.cast(pa.timestamp("ms")).to_numpy(zero_copy_only=False)
    if pa.types.is_duration(kind):
        return array.cast(pa.duration("ms")).to_numpy(zero_copy_only=False)
    raise ValueError(f"Unsupported column type {kind} from fastexcel.")


# --------------------------------------------------------------------------- openpyxl
def _read_openpyxl(
    path: Path, heads: dict[str, _Head], columns: Callable[[str, str], bool] | None
) -> dict[str, pd.DataFrame]:
    """The same frames through openpyxl (read-only, cached formula values).

    Raises:
        guard.UnsafeWorkbook: openpyxl cannot read a sheet either.
    """
    if not heads:
        return {}
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any failure of the last reader is the file's
        raise _unreadable(path, None) from exc
    try:
        frames = {}
        for name, head in heads.items():
            try:
                frames[name] = _openpyxl_frame(book[name], _keep(columns, name, head), head.index)
            except Exception as exc:
                raise _unreadable(path, name) from exc
        return frames
    finally:
        book.close()


def _unreadable(path: Path, sheet: str | None) -> guard.UnsafeWorkbook:
    if sheet:
        return keyed(
            guard.UnsafeWorkbook,
            "error.read.damaged_sheet",
            file=repr(path.name),
            sheet=repr(sheet),
            fix=FIX,
        )
    return keyed(guard.UnsafeWorkbook, "error.read.damaged", file=repr(path.name), fix=FIX)


def _openpyxl_frame(
    sheet: Any, keep: Callable[[str, int], bool] | None, index: int = 0
) -> pd.DataFrame:
    sheet.reset_dimensions()  # trust the cells, not the stored dimension
    rows = [[_cell_value(cell) for cell in cells] for cells in sheet.iter_rows()]
    used = [[j for j, v in enumerate(row) if v is not None] for row in rows]
    while rows and not used[-1]:  # blank rows after the last value
        rows.pop()
        used.pop()
    first = min((u[0] for u in used if u), default=0)
    last = max((u[-1] for u in used if u), default=-1)
    grid = [row[first : last + 1] + [None] * (last + 1 - max(len(row), first)) for row in rows]
    header = [header_text(v) for v in grid[index]] if len(grid) > index else []
    kept = [j for j, name in enumerate(header) if keep is None or keep(name, first + j)]
    body = grid[index + 1 :]
    columns = [_tidy(np.array([row[j] for row in body], dtype=object)) for j in kept]
    frame = _build([header[j] for j in kept], columns)
    frame.attrs["excel_columns"] = [first + j for j in kept]
    return frame


def _cell_value(cell: Any) -> Any:
    """An openpyxl cell's value in the contract's types (errors are blanks)."""
    value = cell.value
    if value is None or cell.data_type == "e":
        return None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return pd.Timestamp(value).as_unit("ms")
    if isinstance(value, dt.time):
        return _EXCEL_DAY_ZERO + pd.Timedelta(value.isoformat())
    if isinstance(value, dt.timedelta):
        return pd.Timedelta(value).as_unit("ms")
    return str(value)


# --------------------------------------------------------------------------- frames
def _build(names: Iterable[str], columns: list[np.ndarray]) -> pd.DataFrame:
    """Columns under unique names; object arrays stay ``object`` (not pandas' ``str``) and
    text columns categoricals of ``str``."""
    data = {
        name: pd.Series(values, dtype=values.dtype) for name, values in zip(_unique(names), columns)
    }
    return pd.DataFrame(data, index=pd.RangeIndex(len(columns[0]) if columns else 0))


def _unique(names: Iterable[str]) -> list[str]:
    """Names made distinct the way fastexcel does it: ``a, a, a_1`` -> ``a, a_1, a_1_1``."""
    seen: set[str] = set()
    unique = []
    for name in names:
        candidate, k = name, 1
        while candidate in seen:
            candidate, k = f"{name}_{k}", k + 1
        seen.add(candidate)
        unique.append(candidate)
    return unique


def _tidy(values: np.ndarray) -> np.ndarray:
    """An ``object`` column as the typed array a reader would give for its cells."""
    present = pd.notna(values)
    kinds = {type(v) for v in values[present]}
    if kinds and kinds <= {float}:
        return np.where(present, values, np.nan).astype(np.float64)
    if kinds and kinds <= {pd.Timestamp}:
        return pd.DatetimeIndex(np.where(present, values, pd.NaT)).as_unit("ms").to_numpy()
    if kinds and kinds <= {pd.Timedelta}:
        return pd.TimedeltaIndex(np.where(present, values, pd.NaT)).as_unit("ms").to_numpy()
    if kinds == {bool} and present.all():
        return values.astype(bool)
    return np.where(present, values, None)
