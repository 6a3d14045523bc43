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

import functools
import os
import threading
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
from defusedxml import ElementTree as SafeET

from ..paste import MAX_HEADER_ROW
from ..problems import Problem, keyed
from . import _top, guard
from ._cells import openpyxl_frame, read_fastexcel
from ._filetype import FIX

__all__ = ["MissingHeader", "read_tabs"]


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
            return read_fastexcel(fastexcel, reader, sheet.name, keep, head.index), reader
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
                frames[name] = openpyxl_frame(book[name], _keep(columns, name, head), head.index)
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
