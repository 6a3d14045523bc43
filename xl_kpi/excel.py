"""The live-workbook adapter: read the data tabs of an open workbook, write the summary sheet.

This module is the thin layer between an open workbook (an ``xlwings.Book``) and the core:
:func:`read_tabs` turns sheets into DataFrames, :func:`write_layout` puts a
:class:`~xl_kpi.layout.SheetLayout` on the summary sheet, :func:`refresh_book` does both,
and :func:`show_error` tells the Excel user what went wrong. No KPI logic lives here.

Choices, and why:

* **Text stays text.** Excel parses a string assigned to a cell like typed input: ``"=..."``
  becomes a formula, ``"1 234"`` or ``"5%"`` a number, ``"01.02"`` a date, ``"#N/A"`` an
  error, ``"TRUE"`` a boolean. Every non-empty text value is therefore written with a
  leading apostrophe (:data:`TEXT_PREFIX`), Excel's own "this is text" prefix, which Excel
  stores as the cell's prefix character and never shows in the value. It works cell by cell
  inside the single 2-D assignment of a block, costs no extra call, and does not depend on
  the cell's number format, so a style's number format never turns text back into input
  (the alternative, number format ``"@"``, needs a format call per text run before the
  write and is lost when a style's format is applied). A text that itself starts with an
  apostrophe keeps it: only the added one is consumed. An empty string is written as a
  blank cell.
* **Marker.** The summary sheet carries a hidden sheet-scoped defined name
  :data:`MARKER_NAME` (the same marker the file writer uses), so a refresh finds it again
  after the user renamed or moved it, and never overwrites a sheet the user made. The name
  is hidden through the native object (``Name.api.Visible``) where that exists (Windows);
  elsewhere it stays visible in the Name Manager.
* **Few calls.** Each block is one value assignment; styles are applied per style property
  to the largest rectangles of cells sharing it, leaving out what a cleared cell already
  has (not bold, not italic, no wrapping); a thin border is one line style per side (Excel
  draws a continuous line thin), not a style and a weight, and inside borders only where a
  range has more than one row or column; equal adjacent column widths
  share a call; screen updating is paused while writing where the engine allows it. On a
  Mac every call is an Apple Event and in xlwings Lite an Office.js action, so the count
  matters (``benchmarks/bench_excel.py`` counts them).
* **Beyond cells.** Charts, sparklines (as text sparklines: xlwings has no sparkline
  API), colour scales, printing and frozen panes are drawn by :mod:`xl_kpi.excel_draw`,
  which says what each engine can and cannot do.
* **What an engine lacks is said, not raised.** xlwings' engines do not all implement
  every operation: the remote engine of xlwings Lite has no used range, charts, column
  widths, row heights, wrapping or print area with xlwings 0.33.x, and no synchronous
  cell positions, chart series or multi-area ranges with 0.37.x; macOS has no COM page
  setup and no panes to freeze; borders, alignment and chart titles came in xlwings 0.37.
  An engine may also refuse a call at run time (a COM error on Windows, an AppleScript
  error on a Mac, Office.js in Lite). Every value is always written; anything beyond the
  values that the engine cannot do is left out and noted once in the
  :class:`~xl_kpi.excel_draw.Shortfalls` :func:`write_layout` returns, which the Refresh
  button says to the user in the workbook's language. The values, number formats, fonts
  and fills always make a readable summary.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import numbers
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .excel_draw import (
    CHART_TYPES,
    Shortfalls,
    check_chart,
    draw,
    freeze,
    text_sparklines,
)
from .excel_styles import apply_styles, set_column_widths
from .excelfacts import MARKER_NAME, TEXT_PREFIX, column_letter, header_text, quote_sheet
from .layout import STYLES, Block, SheetLayout, Value
from .problems import Problem, Words, keyed, listing

if TYPE_CHECKING:
    import xlwings as xw

__all__ = [
    "ALERT_TITLE",
    "CHART_TYPES",
    "ExcelError",
    "MARKER_NAME",
    "Shortfalls",
    "SummaryError",
    "TEXT_PREFIX",
    "read_tabs",
    "refresh_book",
    "book_folder",
    "show_error",
    "status_bar",
    "tell",
    "write_layout",
]

#: The title of the message box :func:`show_error` opens.
ALERT_TITLE = "xl-kpi"

#: Cells per read call. On a Mac one read is one Apple Event, whose reply has a size cap in
#: bytes (error -1741): xlwings chunks reads of more than 1.5 million cells itself, a
#: budget measured with numbers, so a tab of long texts needs smaller reads. A tab of up to
#: this many cells is still one call.
_READ_CELLS = 100_000
_PLAIN = frozenset({type(None), str, bool, float, dt.datetime})


# --- reading -------------------------------------------------------------------------------


class ExcelError(Problem, RuntimeError):
    """Excel (or the engine xlwings drives) refused the summary's values."""


class SummaryError(Problem, ValueError):
    """The summary sheet cannot be placed in the workbook (the message says why)."""


def read_tabs(book: xw.Book, wanted: Callable[[str], bool]) -> dict[str, pd.DataFrame]:
    """Read every sheet whose name ``wanted`` accepts, in workbook order.

    Each sheet's used range is read in one call, or in calls of at most 100,000 cells
    (:data:`_READ_CELLS`) for a larger one. The DataFrame has:

    * columns: the texts of the cells of Excel row 1 exactly as written (spaces kept); a
      number becomes its shortest text (``2025``, ``1.5``); a blank cell, a logical value
      or a date gives ``""`` (as the file reader); column ``j`` is Excel column ``j + 1``
      (A is 0), also when the used range starts to the right of column A;
    * one row per Excel row from row 2: frame position ``i`` is Excel row ``i + 2``, blank
      rows in the middle included; blank rows below the last value and blank columns to
      the right of the last value or header are dropped (Excel counts formatted empty cells
      as used);
    * values as Python scalars, object dtype: ``float`` for numbers, ``str`` for text
      (verbatim), ``datetime.datetime`` for dates, ``bool``, ``None`` for blanks; Excel
      error values (``#N/A``) read as blanks, as in the file reader.

    A sheet without values gives an empty DataFrame (no columns, no rows).
    """
    tabs: dict[str, pd.DataFrame] = {}
    for sheet in book.sheets:
        name = sheet.name
        if wanted(name):
            tabs[name] = _read_sheet(sheet)
    return tabs


def _read_sheet(sheet: xw.Sheet) -> pd.DataFrame:
    used = _used_range(sheet)
    rows_per_read = max(1, _READ_CELLS // max(1, used.shape[1]))
    grid = used.options(
        ndim=2, empty=None, dates=dt.datetime, err_to_str=False, chunksize=rows_per_read
    ).value
    top, left = used.row, used.column
    width = left - 1 + max((len(row) for row in grid), default=0)
    rows: list[list[Any]] = [[None] * width for _ in range(top - 1)]
    pad = [None] * (left - 1)
    rows.extend(pad + [_scalar(value) for value in row] for row in grid)
    return _frame(rows)


def _used_range(sheet: xw.Sheet) -> xw.Range:
    """The sheet's used range, or where the engine has none (xlwings Lite with xlwings
    0.33.11 to 0.36.x: ``NotImplementedError``) the extent of the values it was sent.

    That engine holds each sheet's values as the add-in sent them, anchored at A1 (its
    native object, ``Sheet.api``, is that payload); xlwings 0.37 derives its own
    ``used_range`` from the same values the same way.
    """
    try:
        return sheet.used_range
    except NotImplementedError:
        values = sheet.api["values"]
    rows = len(values)
    cols = max((len(row) for row in values), default=0)
    if not rows or not cols:
        return sheet.range((1, 1))
    return sheet.range((1, 1), (rows, cols))


def _frame(rows: list[list[Any]]) -> pd.DataFrame:
    """Rows from Excel row 1 as the DataFrame of :func:`read_tabs`, trailing blanks dropped."""
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    if not rows:
        return pd.DataFrame()
    width = len(rows[0])
    while width and all(row[width - 1] is None for row in rows):
        width -= 1
    header = [header_text(value) for value in rows[0][:width]]
    return pd.DataFrame([row[:width] for row in rows[1:]], columns=header, dtype=object)


def _scalar(value: Any) -> Any:
    """A cell value as one of the Python types of the :func:`read_tabs` contract."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dt.datetime):  # a subclass, e.g. a COM time
        return dt.datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
        )
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (numbers.Real, decimal.Decimal)):  # int, currency, numpy numbers
        return float(value)
    return value


# --- writing -------------------------------------------------------------------------------


def write_layout(book: xw.Book, layout: SheetLayout, lacks: Shortfalls | None = None) -> Shortfalls:
    """Put ``layout`` on the summary sheet of ``book``, replacing what an earlier run wrote.

    The summary sheet is the sheet carrying :data:`MARKER_NAME`, and it keeps the name it
    has (a user who renamed it meant it). Without one, a sheet ``layout.name`` is added
    after the last sheet and marked. When several sheets carry it (Excel's Move or Copy
    keeps the hidden name on a copy), nothing is written: the error names them, with the
    words of the file writer's refusal, since either could be the user's kept copy. The
    sheet's old values, formats and charts are removed; other sheets are not touched.
    Column widths the layout does not set keep their width. Buttons of the layout are not
    drawn: in a live workbook the Refresh button that was
    clicked is already there, and clearing the sheet leaves shapes alone.

    Every value is written. What the engine cannot do beyond them (charts, formats, sizes,
    printing, panes: see :class:`~xl_kpi.excel_draw.Shortfalls`) is left out and noted in
    the shortfalls returned (``lacks`` when given), for the caller to say once.

    Raises:
        ValueError: the workbook has a sheet called ``layout.name`` that xl-kpi did not
            create, several sheets carry the marker, or the layout uses an unknown style
            or chart kind (checked before anything is changed).
    """
    _check(layout)
    lacks = lacks if lacks is not None else Shortfalls()
    sheet = _summary_sheet(book, layout.name)
    with _screen_paused(book.app):
        try:
            _clear(sheet)
            for block in layout.blocks:
                _write_block(sheet, block)
            for row, col, texts in text_sparklines(layout):  # xlwings draws no sparklines
                sheet.range((row + 1, col + 1)).value = [[_cell_input(t)] for t in texts]
            apply_styles(sheet, layout, lacks)
        except Exception as exc:  # an engine's error amid the values: no half summary
            with contextlib.suppress(Exception):
                sheet.clear()
            raise keyed(ExcelError, "excel.engine_error", reason=_reason(exc)) from exc
        with lacks.guard("sizes"):
            set_column_widths(sheet, layout.column_widths)
            for row, height in sorted(layout.row_heights.items()):
                sheet.range((row + 1, 1)).row_height = height
        draw(sheet, layout, lacks)
    if layout.freeze is not None:  # after screen updating is back: Excel splits the view
        freeze(sheet, *layout.freeze, lacks=lacks)
    return lacks


def refresh_book(
    book: xw.Book,
    build: Callable[[dict[str, pd.DataFrame]], SheetLayout],
    wanted: Callable[[str], bool],
    lacks: Shortfalls | None = None,
) -> SheetLayout:
    """Read the tabs ``wanted`` accepts, ``build`` the summary from them, write it; return it.
    What the engine could not do is noted in ``lacks`` (see :func:`write_layout`)."""
    layout = build(read_tabs(book, wanted))
    write_layout(book, layout, lacks)
    return layout


def status_bar(book: xw.Book) -> Callable[[str], None]:
    """Show a line in Excel's status bar (where the engine has one); ``""`` hands the bar
    back to Excel."""

    def show(text: str) -> None:
        with contextlib.suppress(Exception):  # engines without a status bar: nothing shown
            book.app.status_bar = text or False

    return show


def tell(book: xw.Book, message: str) -> None:
    """Say something the user should read after a refresh that went through: in the
    status bar of desktop Excel, and in the output pane of xlwings Lite (what a script
    prints)."""
    status_bar(book)(message)
    print(message)  # noqa: T201  (xlwings Lite's output pane)


def _reason(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__


def book_folder(book: xw.Book) -> Path | None:
    """The folder of a workbook saved on this computer (None for a new or web workbook)."""
    try:
        path = Path(book.fullname)
    except Exception:  # noqa: BLE001  (engines without file names)
        return None
    return path.parent if path.is_absolute() and path.parent.is_dir() else None


def show_error(book: xw.Book, message: str) -> None:
    """Tell the Excel user about an error.

    Opens a message box titled :data:`ALERT_TITLE`. Where the engine has no message box,
    the message is written (as text) into A1 of the summary sheet instead; without a
    summary sheet either, :class:`RuntimeError` carrying the message is raised, so the
    error still reaches the user through the caller (classic xlwings shows it). The
    message is also printed: xlwings Lite shows what a script prints in its output pane.
    """
    print(message)  # noqa: T201  (xlwings Lite's output pane)
    try:
        book.app.alert(message, title=ALERT_TITLE, mode="critical")
        return
    except Exception as exc:  # engines without message boxes raise NotImplementedError
        failure = exc
    entries = _sheet_entries(book)
    found = _marked(entries)
    if len(found) != 1:  # none, or copies of which one may be a user's kept snapshot
        raise RuntimeError(message) from failure
    entries[found[0]][0].range("A1").value = _cell_input(message)


# --- the summary sheet ---------------------------------------------------------------------


def _check(layout: SheetLayout) -> None:
    for row, col, _value, style in layout.cells():
        if style is not None and style not in STYLES:
            raise ValueError(f"Cell {column_letter(col)}{row + 1} has an unknown style {style!r}.")
    for spec in layout.charts:
        for problem in check_chart(spec):
            raise ValueError(problem)


def _sheet_entries(book: xw.Book) -> list[tuple[xw.Sheet, str]]:
    return [(sheet, sheet.name) for sheet in book.sheets]


def _marked(entries: list[tuple[xw.Sheet, str]]) -> list[int]:
    """The positions of the sheets carrying the marker."""
    return [i for i, (sheet, name) in enumerate(entries) if _is_marked(sheet, name)]


def _is_marked(sheet: xw.Sheet, sheet_name: str) -> bool:
    """Whether ``sheet`` holds the marker as one of its own (sheet-scoped) names."""
    for defined in sheet.names:
        scope, _, local = defined.name.rpartition("!")
        if local.casefold() != MARKER_NAME:
            continue
        if not scope or _unquote(scope).casefold() == sheet_name.casefold():
            return True
    return False


def _summary_sheet(book: xw.Book, name: str) -> xw.Sheet:
    entries = _sheet_entries(book)
    found = _marked(entries)
    if len(found) > 1:  # refused as the file writer refuses, in the same words
        raise keyed(
            SummaryError,
            "error.summary.several",
            count=len(found),
            sheets=listing([repr(entries[i][1]) for i in found]),
            choose=Words("error.summary.choose_excel"),
        )
    if found:  # it keeps its name, as the file writer keeps it
        return entries[found[0]][0]
    for _, existing in entries:
        if existing.casefold() == name.casefold():
            raise keyed(SummaryError, "error.summary.taken", sheet=existing)
    sheet = book.sheets.add(name=name, after=entries[-1][0] if entries else None)
    marker = sheet.names.add(MARKER_NAME, f"={quote_sheet(name)}!$A$1")
    with contextlib.suppress(Exception):  # only the COM object model can hide a name
        marker.api.Visible = False
    return sheet


def _unquote(scope: str) -> str:
    if len(scope) >= 2 and scope[0] == scope[-1] == "'":
        return scope[1:-1].replace("''", "'")
    return scope


def _clear(sheet: xw.Sheet) -> None:
    try:
        charts = list(sheet.charts)
    except NotImplementedError:  # engines without charts have none
        charts = []
    for chart in reversed(charts):  # last first: positions stay valid
        chart.delete()
    sheet.clear()


@contextlib.contextmanager
def _screen_paused(app: xw.App) -> Iterator[None]:
    """Pause screen updating while writing, where the engine supports it."""
    paused = False
    before = True
    try:
        before = app.screen_updating
        app.screen_updating = False
        paused = True
    except Exception:  # noqa: BLE001  (engines without it: NotImplementedError or their own)
        pass
    try:
        yield
    finally:
        if paused:
            with contextlib.suppress(Exception):  # never hide the error that ended the write
                app.screen_updating = before


# --- values --------------------------------------------------------------------------------


def _cell_input(value: Value) -> Any:
    """What to assign for ``value`` so that Excel stores it as it is (text stays text)."""
    if isinstance(value, str):
        return TEXT_PREFIX + value if value else None
    return value


def _write_block(sheet: xw.Sheet, block: Block) -> None:
    if not block.height or not block.width:
        return
    rows = [
        [_cell_input(value) for value in row] + [None] * (block.width - len(row))
        for row in block.values
    ]
    sheet.range((block.row + 1, block.col + 1)).value = rows
