"""A small, faithful stand-in for the part of xlwings' object model that ``xl_kpi.excel`` uses.

No Excel is needed: a :class:`FakeBook` holds sheets of cells in memory, and its objects
answer the same calls as ``xlwings.Book``/``Sheet``/``Range``/``Chart``/``Names`` with the
same names, signatures and semantics as far as the adapter relies on them. Each fake class
names the real class it mirrors (``_mirrors``); the tests check that every public name of
a fake exists on its real class, and that every attribute ``xl_kpi.excel`` touched on a
fake (recorded in :data:`ACCESSED`) exists on the real class, so the stand-in cannot drift
from the real API. Names starting with ``fake_`` are inspection helpers for tests only.

Emulated:

* 1-based addressing: ``sheet.range("A1")``, ``"A1:C3"``, ``"$A$1"``, whole ``"A:B"``
  columns and ``"1:3"`` rows, multi-area ``"A1:A3,C1:C3"`` (for chart sources; the
  ``"remote"`` engine refuses them with :class:`ValueError`, as xlwings' parser there does),
  ``sheet.range((row, col), (row2, col2))``, ``sheet.cells(row, col)``, ``sheet["A1"]``;
  0-based tuples raise :class:`IndexError` as in xlwings.
* ``Range.options(ndim=, empty=, dates=, numbers=, err_to_str=, chunksize=).value`` with
  xlwings' reading rules (a ``chunksize`` reads that many rows per call): numbers come
  back as ``float`` (Excel stores doubles), blanks and empty strings as ``empty``, errors
  as ``None`` or their text with ``err_to_str``, dates through the ``dates`` builder, and
  the ``ndim`` squeezing of xlwings. Other options raise :class:`NotImplementedError`.
* Assignment: a 2-D list expands from the top-left cell, a flat list fills one row, a
  scalar fills the whole range; ``None``/NaN clear the value and keep the format;
  ragged rows are refused.
* How Excel parses a string assigned to a cell, like typed input, unless the cell's number
  format is ``"@"`` or the string starts with an apostrophe (then the text is kept and the
  apostrophe is not part of ``.value``): ``"=..."`` becomes a formula; ``"+x"``/``"-x"``
  that are not numbers become formulas; ``"#N/A"`` and the other error literals become
  errors; ``"TRUE"``/``"FALSE"`` booleans; dates (``dd.mm``, ``dd.mm.yyyy``, ``m/d/yyyy``,
  ``yyyy-mm-dd``) dates; and numbers (``1234``, ``1,234.5``, ``1 234,5`` with ordinary,
  no-break or narrow no-break spaces, ``1E5``, ``12%``) numbers. It converts whatever an
  English *or* a Russian Excel would convert, so it is stricter than any single locale.
  Percentages and dates also get a number format, as in Excel.
* ``used_range`` (cells with a value or a format; ``A1`` on an empty sheet), number formats, fonts
  (bold, italic, size, colour), fill ``color``, ``borders.set``/``clear``, ``wrap_text``,
  ``horizontal_alignment``, ``column_width``, ``row_height``, cell ``left``/``top`` in points
  (default widths of 8.43 characters, rows of 15 points), ``Sheet.clear`` (values and formats, not
  widths or charts), sheet names (Excel's rules, case-insensitive uniqueness), ``sheets.add(name,
  before, after)`` activating the new sheet, workbook and sheet-scoped defined names (a
  sheet-scoped name reads ``Sheet!name``, follows renames, and goes with its sheet),
  ``charts.add`` with its series built from the source columns or rows, ``set_x_axis_values``,
  series names, titles, value axis formats, two- and three-colour scales
  (``Range.conditional_formats.add_color_scale``, cleared with the sheet),
  ``Sheet.page_setup.print_area``, and ``app.alert``.
* Engines, chosen with ``FakeApp(engine=...)``: ``"windows"`` (classic xlwings: no
  ``freeze_panes``, but ``app.api.ActiveWindow`` with ``FreezePanes``/``SplitRow``/
  ``SplitColumn``/``ScrollRow``/``ScrollColumn``, ``Name.api.Visible``, and ``Sheet.api``
  with ``PageSetup`` (``Orientation``, ``Zoom``, ``FitToPagesWide``/``Tall``,
  ``PrintTitleRows``, ``CenterFooter``), ``ResetAllPageBreaks``, ``HPageBreaks.Add`` of
  ``Rows(n)`` and ``Cells.SparklineGroups.ClearGroups``), ``"mac"`` (none of these),
  ``"remote"`` (``freeze_panes.freeze_at`` works; ``Sheet.api`` is the payload of values
  the add-in sent, from A1; no other ``.api``); an engine that leaves some of xlwings'
  operations unimplemented is ``FakeApp(unimplemented=...)`` with the operations
  ``tests/engine_scan.py`` finds an engine lacks (``("Range", "left", "get")``; or the
  short names of :data:`UNIMPLEMENTABLE`): asked by the live layer, those raise
  :class:`NotImplementedError`, as xlwings' base classes do for what an engine does not
  override; ``FakeApp(faults=...)`` makes an operation or a COM page-setup call raise a
  given error, as an engine's own error would.

Not emulated: calculation (a formula cell reads back as a :class:`Formula` marker, never
a result), chart rendering and Excel's automatic choices beyond building series,
automatic row heights, merged cells, fonts' effect on widths, UsedRange not shrinking
until the file is saved, times of day and currency symbols in typed input, COM error
types (the fake raises Python errors), events, and everything the adapter does not use.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, get_args

from xlwings.main import (
    CHART_PLOT_BY,
    CHART_TYPES,
    HORIZONTAL_ALIGNMENTS,
    BorderLineStyle,
    BorderWeight,
)

__all__ = [
    "ACCESSED",
    "CellError",
    "FakeApp",
    "FakeBook",
    "Formula",
    "UNIMPLEMENTABLE",
    "USED",
    "WATCHED_MODULES",
]

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
_READ_LIMIT = 5_000_000  # cells: a guard against reading a whole sheet by mistake
_FORMAT_LIMIT = 1_000_000  # cells: formatting whole columns or rows is not emulated
_DEFAULT_WIDTH = 8.43  # characters
_ROW_HEIGHT = 15.0  # points
_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
_ERRORS += ("#GETTING_DATA", "#SPILL!", "#CALC!")
_LINE_STYLES = get_args(BorderLineStyle)
_WEIGHTS = get_args(BorderWeight)
_SIDES = ("top", "bottom", "left", "right")
_EDGES = ["edge_top", "edge_bottom", "edge_left", "edge_right"]
_INSIDES = ["inside_vertical", "inside_horizontal"]
_UNSET: Any = object()

#: (fake class name, attribute) for each public attribute code in :data:`WATCHED_MODULES`
#: read or set on a fake object.
ACCESSED: set[tuple[str, str]] = set()

#: (real class name, attribute, "get" | "set" | "call") for each operation code in
#: :data:`WATCHED_MODULES` asked of a fake: what the capability scan checks each engine for.
USED: set[tuple[str, str, str]] = set()

#: Short names for operations a :class:`FakeApp` can be told its engine does not implement
#: (kept for the tests that name them so).
UNIMPLEMENTABLE: dict[str, frozenset[tuple[str, str, str]]] = {
    "charts": frozenset({("Sheet", "charts", "get")}),
    "column_width": frozenset({("Range", "column_width", "set")}),
    "row_height": frozenset({("Range", "row_height", "set")}),
    "wrap_text": frozenset({("Range", "wrap_text", "set")}),
    "screen_updating": frozenset(
        {("App", "screen_updating", "get"), ("App", "screen_updating", "set")}
    ),
}

#: Modules whose use of the fake is recorded in :data:`ACCESSED`.
WATCHED_MODULES: frozenset[str] = frozenset(
    {"xl_kpi.excel", "xl_kpi.excel_draw", "xl_kpi.excel_styles"}
)


@dataclass(frozen=True)
class Formula:
    """What a cell holds after Excel took a string for a formula (the fake never calculates)."""

    text: str


@dataclass(frozen=True)
class CellError:
    """An Excel error value such as ``#N/A``."""

    text: str


@dataclass
class _Cell:
    value: Any = None
    prefix: str = ""
    number_format: str = "General"
    bold: bool = False
    italic: bool = False
    size: float = 11.0
    font_color: tuple[int, int, int] = (0, 0, 0)
    fill: tuple[int, int, int] | None = None
    borders: dict[str, tuple[str, str, tuple[int, int, int]]] = field(default_factory=dict)
    wrap: bool = False
    align: str = "general"

    def formatted(self) -> bool:
        plain = _Cell()
        return any(
            getattr(self, name) != getattr(plain, name)
            for name in self.__dataclass_fields__
            if name not in ("value", "prefix")
        )

    def used(self) -> bool:
        return self.value is not None or self.formatted()


class _Mirror:
    """Base of the fakes: records the attributes watched modules use, and refuses the
    operations the engine of the book's :class:`FakeApp` leaves unimplemented."""

    _mirrors: ClassVar[str] = ""  # the dotted name of the real xlwings class

    def __getattribute__(self, name: str) -> Any:
        if name[0] != "_" and sys._getframe(1).f_globals.get("__name__") in WATCHED_MODULES:
            ACCESSED.add((type(self).__name__, name))
            object.__getattribute__(self, "_fake_use")(name, "get")
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name[0] != "_" and sys._getframe(1).f_globals.get("__name__") in WATCHED_MODULES:
            ACCESSED.add((type(self).__name__, name))
            self._fake_use(name, "set")
        object.__setattr__(self, name, value)

    def _fake_use(self, name: str, mode: str) -> None:
        """Record the use of ``name`` (``get``: read or method; ``set``; ``call``: a dunder
        such as ``__iter__``) and raise as the engine would where it lacks it."""
        operation = (type(self)._mirrors.rpartition(".")[2], name, mode)
        USED.add(operation)
        app = self._fake_app()
        if app is not None and app._fake_refuses(operation):
            raise NotImplementedError(f"{operation[0]}.{name} is not implemented")

    def _fake_app(self) -> FakeApp | None:
        obj: Any = self
        for _ in range(8):
            if isinstance(obj, FakeApp):
                return obj
            links = object.__getattribute__(obj, "__dict__")
            obj = next(
                (links[k] for k in ("_app", "_book", "_sheet", "_range", "_chart") if k in links),
                None,
            )
            if obj is None:
                return None
        return None


# --- addresses -----------------------------------------------------------------------------

_Area = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col; 1-based
_CELL = re.compile(r"([A-Z]{1,3})(\d+)")
_COLS = re.compile(r"([A-Z]{1,3}):([A-Z]{1,3})")
_ROWS = re.compile(r"(\d+):(\d+)")


def _letters(col: int) -> str:
    text = ""
    while col:
        col, rest = divmod(col - 1, 26)
        text = chr(65 + rest) + text
    return text


def _col_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _check_area(area: _Area) -> _Area:
    r0, c0, r1, c1 = area
    r0, r1 = sorted((r0, r1))
    c0, c1 = sorted((c0, c1))
    if r0 < 1 or c0 < 1:
        raise IndexError("Attempted to access 0-based Range. xlwings/Excel Ranges are 1-based.")
    if r1 > MAX_ROWS or c1 > MAX_COLUMNS:
        raise IndexError(f"Range beyond the sheet: {(r0, c0, r1, c1)}")
    return r0, c0, r1, c1


def _parse_area(text: str) -> _Area:
    part = text.replace("$", "").strip().upper()
    if m := _COLS.fullmatch(part):
        return _check_area((1, _col_number(m[1]), MAX_ROWS, _col_number(m[2])))
    if m := _ROWS.fullmatch(part):
        return _check_area((int(m[1]), 1, int(m[2]), MAX_COLUMNS))
    corners = [_CELL.fullmatch(corner) for corner in part.split(":")]
    if len(corners) > 2 or not all(corners):
        raise ValueError(f"Not a range address: {text!r}")
    first, last = corners[0], corners[-1]
    assert first is not None and last is not None
    return _check_area((int(first[2]), _col_number(first[1]), int(last[2]), _col_number(last[1])))


def _area_address(area: _Area) -> str:
    r0, c0, r1, c1 = area
    first = f"${_letters(c0)}${r0}"
    return first if (r0, c0) == (r1, c1) else f"{first}:${_letters(c1)}${r1}"


def _points(width: float) -> float:
    """A column width in characters as points, as Excel converts it for Calibri 11."""
    return 0.0 if width <= 0 else round(width * 7 + 5) * 0.75


# --- how Excel parses typed input ----------------------------------------------------------

_GROUP = "[ \u00a0\u202f]"
_NUMBER = re.compile(
    r"[+-]?(?:"
    r"\d{1,3}(?:,\d{3})+(?:\.\d*)?"  # 1,234.5
    rf"|\d{{1,3}}(?:{_GROUP}\d{{3}})+(?:,\d*)?"  # 1 234,5
    r"|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?"  # 1234.5, 1E5
    r"|\.\d+(?:[eE][+-]?\d+)?"  # .5
    r"|\d+,\d*|,\d+"  # 1,5 ,5
    r")"
)
_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?")
_MDY = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _year(text: str | None) -> int:
    if text is None:
        return dt.date.today().year
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900
    return year


def _typed_date(text: str) -> dt.datetime | None:
    parts: tuple[int, int, int] | None = None
    if m := _ISO.fullmatch(text):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _DMY.fullmatch(text):
        parts = (_year(m[3]), int(m[2]), int(m[1]))
    elif m := _MDY.fullmatch(text):
        parts = (_year(m[3]), int(m[1]), int(m[2]))
    if parts is None:
        return None
    try:
        return dt.datetime(*parts)
    except ValueError:
        return None


def _typed_number(text: str) -> tuple[float, bool] | None:
    percent = text.endswith("%")
    core = text[:-1].rstrip() if percent else text
    if not _NUMBER.fullmatch(core):
        return None
    if "," in core and "." not in core and not re.search(r",\d{3}(?:,|$)", core):
        core = core.replace(",", ".")  # a decimal comma
    value = float(re.sub(rf"[,{_GROUP[1:-1]}]", "", core))
    return (value / 100 if percent else value), percent


def typed(text: str, number_format: str = "General") -> tuple[Any, str, str | None]:
    """What Excel stores when ``text`` is assigned to a cell with ``number_format``.

    Returns the stored value, the prefix character, and the number format Excel gives
    the cell (``None``: unchanged).
    """
    if number_format == "@":
        return text, "", None
    if text.startswith("'"):
        return text[1:], "'", None
    if text == "":
        return None, "", None
    if text[0] == "=" and len(text) > 1:
        return Formula(text), "", None
    stripped = text.strip()
    if stripped.upper() in _ERRORS:
        return CellError(stripped.upper()), "", None
    if stripped.upper() in ("TRUE", "FALSE"):
        return stripped.upper() == "TRUE", "", None
    if (date := _typed_date(stripped)) is not None:
        return date, "", "dd.mm.yyyy"
    if (number := _typed_number(stripped)) is not None:
        value, percent = number
        return value, "", "0%" if percent else None
    if text[0] in "+-" and len(text) > 1:
        return Formula("=" + text), "", None
    return text, "", None


def _stored(value: Any, number_format: str) -> tuple[Any, str, str | None]:
    """What a cell holds after xlwings wrote the Python ``value`` to it."""
    if hasattr(value, "dtype") and hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    if value is None:
        return None, "", None
    if isinstance(value, bool):
        return value, "", None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None), "", "m/d/yyyy"
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), "", "m/d/yyyy"
    if isinstance(value, str):
        return typed(value, number_format)
    if isinstance(value, (int, float)):
        return (None if math.isnan(value) else float(value)), "", None
    raise TypeError(f"The fake cannot write a {type(value).__name__} to a cell.")


def _rgb(color: Any) -> tuple[int, int, int]:
    if isinstance(color, str) and re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
    if isinstance(color, tuple) and len(color) == 3 and all(0 <= c <= 255 for c in color):
        return int(color[0]), int(color[1]), int(color[2])
    raise ValueError(f"Not a colour: {color!r}")


# --- application and book ------------------------------------------------------------------


class _ComWindow:
    """The sliver of COM's ``Application.ActiveWindow`` used to freeze panes on Windows."""

    __slots__ = ("_app", "_freeze", "ScrollColumn", "ScrollRow", "SplitColumn", "SplitRow")

    def __init__(self, app: FakeApp) -> None:
        self._app = app
        self._freeze = False
        self.ScrollRow = self.ScrollColumn = 1
        self.SplitRow = self.SplitColumn = 0

    @property
    def FreezePanes(self) -> bool:  # noqa: N802 - COM's name
        return self._freeze

    @FreezePanes.setter
    def FreezePanes(self, value: bool) -> None:  # noqa: N802 - COM's name
        self._freeze = bool(value)
        sheet = self._app._active_book._active
        sheet.fake_frozen = (self.SplitRow, self.SplitColumn) if value else None


class _ComApp:
    __slots__ = ("ActiveWindow",)

    def __init__(self, app: FakeApp) -> None:
        self.ActiveWindow = _ComWindow(app)


class _ComName:
    """The sliver of COM's ``Name`` object: ``Visible``."""

    __slots__ = ("_entry",)

    def __init__(self, entry: _NameEntry) -> None:
        self._entry = entry

    @property
    def Visible(self) -> bool:  # noqa: N802 - COM's name
        return self._entry.visible

    @Visible.setter
    def Visible(self, value: bool) -> None:  # noqa: N802 - COM's name
        self._entry.visible = bool(value)


class _ComPageSetup:
    """The sliver of COM's ``PageSetup`` the adapter sets."""

    __slots__ = (
        "CenterFooter", "FitToPagesTall", "FitToPagesWide", "Orientation", "PrintTitleRows", "Zoom",
        "_app",
    )  # fmt: skip

    def __init__(self, app: FakeApp | None = None) -> None:
        self._app = None
        self.Orientation = 1  # xlPortrait
        self.Zoom: Any = 100
        self.FitToPagesWide: Any = 1
        self.FitToPagesTall: Any = 1
        self.PrintTitleRows = ""
        self.CenterFooter = ""
        self._app = app

    def __setattr__(self, name: str, value: Any) -> None:
        app = getattr(self, "_app", None)
        if app is not None and name[0] != "_":  # a COM error, where a test injects one
            app._fake_refuses(("PageSetup", name, "set"))
        object.__setattr__(self, name, value)


@dataclass(frozen=True)
class _ComRow:
    number: int


class _ComPageBreaks:
    __slots__ = ("_app", "_rows")

    def __init__(self, rows: list[int], app: FakeApp | None = None) -> None:
        self._rows = rows
        self._app = app

    def Add(self, Before: _ComRow) -> None:  # noqa: N802, N803 - COM's names
        if self._app is not None:
            self._app._fake_refuses(("HPageBreaks", "Add", "call"))
        if not isinstance(Before, _ComRow):
            raise TypeError("HPageBreaks.Add takes the row (a Range) the page starts at")
        self._rows.append(Before.number)


class _ComSparklineGroups:
    __slots__ = ("_sheet",)

    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    def ClearGroups(self) -> None:  # noqa: N802 - COM's name
        self._sheet.fake_sparklines_cleared += 1


class _ComCells:
    __slots__ = ("SparklineGroups",)

    def __init__(self, sheet: FakeSheet) -> None:
        self.SparklineGroups = _ComSparklineGroups(sheet)


class _ComSheet:
    """The sliver of COM's ``Worksheet`` used for printing: ``PageSetup``, page breaks."""

    __slots__ = ("Cells", "HPageBreaks", "PageSetup", "_breaks")

    def __init__(self, sheet: FakeSheet) -> None:
        app = sheet._book._app
        self.PageSetup = _ComPageSetup(app)
        self._breaks: list[int] = []
        self.HPageBreaks = _ComPageBreaks(self._breaks, app)
        self.Cells = _ComCells(sheet)

    def Rows(self, number: int) -> _ComRow:  # noqa: N802 - COM's name
        return _ComRow(number)

    def ResetAllPageBreaks(self) -> None:  # noqa: N802 - COM's name
        self._breaks.clear()


class _ComSeries:
    """COM's ``Series``: its ``Values`` (a range's COM object)."""

    __slots__ = ("_series",)

    def __init__(self, series: FakeChartSeries) -> None:
        self._series = series

    @property
    def Values(self) -> Any:  # noqa: N802 - COM's name
        return _ComRange(self._series.fake_values)

    @Values.setter
    def Values(self, value: _ComRange) -> None:  # noqa: N802 - COM's name
        if not isinstance(value, _ComRange):
            raise TypeError("Series.Values takes a range")
        self._series.fake_values = value._range


class _ComChart:
    """COM's ``Chart``: its ``SeriesCollection(n)``, 1-based."""

    __slots__ = ("_chart",)

    def __init__(self, chart: FakeChart) -> None:
        self._chart = chart

    def SeriesCollection(self, index: int) -> _ComSeries:  # noqa: N802 - COM's name
        return _ComSeries(self._chart._series[index - 1])


@dataclass(frozen=True)
class _ComRange:
    """COM's ``Range`` object of a fake range (``Range.api`` on Windows)."""

    _range: FakeRange


class FakeApp(_Mirror):
    """An Excel instance. ``engine`` is ``"windows"``, ``"mac"`` or ``"remote"``;
    ``alerts=False`` emulates an engine without message boxes; ``unimplemented`` one
    that leaves those operations unimplemented: ``(class, attribute, mode)`` as
    ``tests/engine_scan.py`` reports them (``("Range", "left", "get")``), or the names of
    :data:`UNIMPLEMENTABLE`; ``faults`` makes an operation (the same triples, or a COM
    call such as ``("PageSetup", "Orientation", "set")``) raise the exception given, as
    an engine's own error (a COM error, an AppleScript error, Office.js refusing)."""

    _mirrors = "xlwings.App"

    def __init__(
        self,
        engine: str = "windows",
        alerts: bool = True,
        unimplemented: Iterable[str | tuple[str, str, str]] = (),
        faults: dict[tuple[str, str, str], BaseException] | None = None,
    ) -> None:
        if engine not in ("windows", "mac", "remote"):
            raise ValueError(f"Unknown engine {engine!r}")
        refused: set[tuple[str, str, str]] = set()
        for item in unimplemented:
            if isinstance(item, str):
                if item not in UNIMPLEMENTABLE:
                    raise ValueError(f"Unknown operation {item!r}")
                refused.update(UNIMPLEMENTABLE[item])
            else:
                refused.add(tuple(item))  # type: ignore[arg-type]
        self._unimplemented = frozenset(refused)
        self._faults = dict(faults or {})
        self._engine = engine
        self._alerts = alerts
        self._screen_updating = True
        self._active_book: FakeBook | None = None
        self._com = _ComApp(self) if engine == "windows" else None
        self.fake_alerts: list[dict[str, Any]] = []
        self.fake_log: list[tuple[str, str, str]] = []
        self.fake_status: list[str | bool] = []  # what the status bar showed, in order
        self.fake_faults: list[tuple[str, str, str]] = []  # the faults raised, in order

    @property
    def api(self) -> Any:
        if self._engine == "remote":
            raise NotImplementedError("remote engines have no native object")
        return self._com if self._com is not None else object()

    @property
    def screen_updating(self) -> bool:
        return self._screen_updating

    @screen_updating.setter
    def screen_updating(self, value: bool) -> None:
        self._screen_updating = bool(value)

    def _fake_refuses(self, operation: tuple[str, str, str]) -> bool:
        """Raise the fault set for ``operation``; whether the engine lacks it."""
        cls, name, mode = operation
        fault = self._faults.get(operation)
        if fault is not None:
            self.fake_faults.append(operation)
            raise fault
        return operation in self._unimplemented or (
            mode == "get" and (cls, name, "call") in self._unimplemented
        )

    @property
    def status_bar(self) -> str | bool:
        if self._engine == "remote":
            raise NotImplementedError("remote engines have no status bar")
        return self.fake_status[-1] if self.fake_status else False

    @status_bar.setter
    def status_bar(self, value: str | bool) -> None:
        if self._engine == "remote":
            raise NotImplementedError("remote engines have no status bar")
        self.fake_status.append(value)

    def alert(
        self,
        prompt: str,
        title: str | None = None,
        buttons: str = "ok",
        mode: str | None = None,
        callback: str | None = None,
    ) -> str | None:
        if not self._alerts:
            raise NotImplementedError("this engine has no message box")
        if buttons not in ("ok", "ok_cancel", "yes_no", "yes_no_cancel"):
            raise KeyError(buttons)
        if mode not in (None, "info", "critical"):
            raise KeyError(mode)
        self.fake_alerts.append({"prompt": prompt, "title": title, "mode": mode})
        return "ok"


@dataclass
class _NameEntry:
    name: str
    refers_to: str
    sheet: FakeSheet | None  # None: workbook scope
    visible: bool = True


class FakeBook(_Mirror):
    """An open workbook with sheets ``sheets`` (names in order); the first is active."""

    _mirrors = "xlwings.Book"

    def __init__(
        self,
        sheets: Iterable[str] = ("Sheet1",),
        *,
        name: str = "Book1.xlsx",
        app: FakeApp | None = None,
    ) -> None:
        self._name = name
        self._app = app if app is not None else FakeApp()
        self._sheets: list[FakeSheet] = []
        self._names: list[_NameEntry] = []
        self._counter = 0
        for sheet_name in sheets:
            self._sheets.append(FakeSheet(self, _check_sheet_name(sheet_name, self._sheets)))
        if not self._sheets:
            raise ValueError("A workbook has at least one sheet.")
        self._active = self._sheets[0]
        self._app._active_book = self

    @property
    def name(self) -> str:
        return self._name

    @property
    def app(self) -> FakeApp:
        return self._app

    @property
    def sheets(self) -> FakeSheets:
        return FakeSheets(self)

    @property
    def sheet_names(self) -> list[str]:
        return [sheet._name for sheet in self._sheets]

    @property
    def names(self) -> FakeNames:
        return FakeNames(self, None)

    def activate(self, steal_focus: bool = False) -> None:
        self._app._active_book = self

    def _log(self, kind: str, sheet: FakeSheet, detail: str) -> None:
        self._app.fake_log.append((kind, sheet._name, detail))


def _check_sheet_name(name: str, sheets: list[FakeSheet], keep: FakeSheet | None = None) -> str:
    if not isinstance(name, str) or not 1 <= len(name) <= 31:
        raise ValueError(f"A sheet name has 1 to 31 characters: {name!r}")
    if re.search(r"[\[\]:*?/\\]", name) or name[0] == "'" or name[-1] == "'":
        raise ValueError(f"{name!r} is not a valid sheet name.")
    if name.casefold() == "history":
        raise ValueError("'History' is reserved by Excel.")
    if any(s is not keep and s._name.casefold() == name.casefold() for s in sheets):
        raise ValueError(f"Sheet named '{name}' already present in workbook")
    return name


def _sheet_ref(name: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted when it needs to be."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name) and not _CELL.fullmatch(name.upper()):
        return name
    return "'" + name.replace("'", "''") + "'"


class FakeSheets(_Mirror):
    """The worksheets of a book, like ``xlwings.main.Sheets``."""

    _mirrors = "xlwings.main.Sheets"

    def __init__(self, book: FakeBook) -> None:
        self._book = book

    def __len__(self) -> int:
        return len(self._book._sheets)

    @property
    def count(self) -> int:
        return len(self)

    def __iter__(self) -> Iterator[FakeSheet]:
        return iter(list(self._book._sheets))

    def __call__(self, name_or_index: int | str | FakeSheet) -> FakeSheet:
        if isinstance(name_or_index, FakeSheet):
            return name_or_index
        if isinstance(name_or_index, int):
            if not 1 <= name_or_index <= len(self):
                raise IndexError(name_or_index)
            return self._book._sheets[name_or_index - 1]
        for sheet in self._book._sheets:
            if sheet._name.casefold() == name_or_index.casefold():
                return sheet
        raise KeyError(name_or_index)

    def __getitem__(self, key: int | str) -> FakeSheet:
        if isinstance(key, int):
            length = len(self)
            if not -length <= key < length:
                raise IndexError(f"Index {key} out of range ({length} elements)")
            return self(key % length + 1)
        return self(key)

    def __contains__(self, key: str) -> bool:
        return any(s._name.casefold() == key.casefold() for s in self._book._sheets)

    @property
    def active(self) -> FakeSheet:
        return self._book._active

    def add(
        self,
        name: str | None = None,
        before: FakeSheet | None = None,
        after: FakeSheet | None = None,
    ) -> FakeSheet:
        book = self._book
        if name is not None and name.lower() in (s._name.lower() for s in book._sheets):
            raise ValueError(f"Sheet named '{name}' already present in workbook")
        if before is not None and not isinstance(before, FakeSheet):
            before = self(before)
        if after is not None and not isinstance(after, FakeSheet):
            after = self(after)
        if name is None:
            number = len(book._sheets) + 1
            while f"Sheet{number}" in self:
                number += 1
            name = f"Sheet{number}"
        sheet = FakeSheet(book, _check_sheet_name(name, book._sheets))
        if after is not None:
            position = book._sheets.index(after) + 1
        elif before is not None:
            position = book._sheets.index(before)
        else:  # Excel inserts before the active sheet
            position = book._sheets.index(book._active)
        book._sheets.insert(position, sheet)
        book._active = sheet
        return sheet


# --- sheets --------------------------------------------------------------------------------


class FakeFreezePanes(_Mirror):
    """``Sheet.freeze_panes`` of the engines that implement it."""

    _mirrors = "xlwings.main.FreezePanes"

    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    def freeze_at(self, frozen_range: str | FakeRange) -> None:
        if isinstance(frozen_range, FakeRange):
            if frozen_range._sheet is not self._sheet:
                raise ValueError("Range object is on a different sheet.")
            frozen_range = frozen_range.address
        r0, c0, r1, c1 = _parse_area(frozen_range)
        if r0 != 1 or c0 != 1:
            raise ValueError("The frozen cells start at the top-left corner.")
        rows = 0 if r1 == MAX_ROWS else r1
        cols = 0 if c1 == MAX_COLUMNS else c1
        self._sheet.fake_frozen = (rows, cols)

    def unfreeze(self) -> None:
        self._sheet.fake_frozen = None


class FakePageSetup(_Mirror):
    """A sheet's page setup: its print area."""

    _mirrors = "xlwings.main.PageSetup"

    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    @property
    def print_area(self) -> str | None:
        return self._sheet._print_area

    @print_area.setter
    def print_area(self, value: str | None) -> None:
        if value is not None:
            _parse_area(value.replace("$", ""))
        self._sheet._print_area = value


class FakeConditionalFormats(_Mirror):
    """The conditional formats of a range: colour scales can be added."""

    _mirrors = "xlwings.main.ConditionalFormats"

    def __init__(self, rng: FakeRange) -> None:
        self._range = rng

    def add_color_scale(
        self,
        colors: Any,
        *,
        thresholds: Any = None,
        threshold_type: str = "number",
    ) -> FakeConditionalFormat:
        if len(colors) not in (2, 3) or thresholds is not None:
            raise NotImplementedError("the fake has two- and three-colour scales, no thresholds")
        rgb = tuple(_rgb(color) for color in colors)
        self._range._sheet.fake_color_scales.append((self._range.address, rgb))
        return FakeConditionalFormat("color_scale")

    def clear(self) -> None:
        sheet, address = self._range._sheet, self._range.address
        sheet.fake_color_scales[:] = [c for c in sheet.fake_color_scales if c[0] != address]


class FakeConditionalFormat(_Mirror):
    """One conditional-format rule."""

    _mirrors = "xlwings.main.ConditionalFormat"

    def __init__(self, kind: str) -> None:
        self._kind = kind

    @property
    def type(self) -> str:
        return self._kind


class FakeSheet(_Mirror):
    """A worksheet: cells, column widths, charts."""

    _mirrors = "xlwings.Sheet"

    def __init__(self, book: FakeBook, name: str) -> None:
        self._book = book
        self._name = name
        self._cells: dict[tuple[int, int], _Cell] = {}
        self._widths: dict[int, float] = {}
        self._heights: dict[int, float] = {}
        self._charts: list[FakeChart] = []
        self._chart_counter = 0
        self._print_area: str | None = None
        self._com = _ComSheet(self) if book._app._engine == "windows" else None
        self.fake_frozen: tuple[int, int] | None = None
        self.fake_color_scales: list[tuple[str, tuple[tuple[int, int, int], ...]]] = []
        self.fake_sparklines_cleared = 0

    def __repr__(self) -> str:
        return f"<FakeSheet [{self._book._name}]{self._name}>"

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        book = self._book
        value = _check_sheet_name(value, book._sheets, keep=self)
        old = re.escape(_sheet_ref(self._name))
        pattern = re.compile(rf"(?<![\w'])(?:{old}|'{re.escape(self._name)}')!")
        for entry in book._names:
            entry.refers_to = pattern.sub(_sheet_ref(value) + "!", entry.refers_to)
        self._name = value

    @property
    def book(self) -> FakeBook:
        return self._book

    @property
    def index(self) -> int:
        return self._book._sheets.index(self) + 1

    @property
    def names(self) -> FakeNames:
        return FakeNames(self._book, self)

    @property
    def charts(self) -> FakeCharts:
        return FakeCharts(self)

    @property
    def api(self) -> Any:
        if self._book._app._engine == "remote":  # the payload the add-in sent: values from A1
            filled = [key for key, cell in self._cells.items() if cell.value is not None]
            rows = max((r for r, _ in filled), default=0)
            cols = max((c for _, c in filled), default=0)
            values = [
                [
                    "" if (cell := self._cells.get((r, c))) is None or cell.value is None
                    else cell.value
                    for c in range(1, cols + 1)
                ]
                for r in range(1, rows + 1)
            ]  # fmt: skip
            return {"name": self._name, "values": values or [[]]}
        return self._com if self._com is not None else object()

    @property
    def page_setup(self) -> FakePageSetup:
        return FakePageSetup(self)

    @property
    def fake_page(self) -> Any:
        """The COM page setup (Windows), its page breaks and the print area."""
        com = self._com
        return (
            (com.PageSetup if com else None),
            (list(com._breaks) if com else []),
            (self._print_area),
        )

    @property
    def freeze_panes(self) -> FakeFreezePanes:
        if self._book._app._engine != "remote":
            raise NotImplementedError()  # as xlwings' Windows and macOS engines
        return FakeFreezePanes(self)

    def range(
        self,
        cell1: str | tuple[int, int] | FakeRange,
        cell2: str | tuple[int, int] | FakeRange | None = None,
    ) -> FakeRange:
        first = self._areas(cell1)
        if cell2 is None:
            return FakeRange(self, first)
        second = self._areas(cell2)
        if len(first) != 1 or len(second) != 1:
            raise ValueError("Two corners must be single areas.")
        (a, b, c, d), (e, f, g, h) = first[0], second[0]
        return FakeRange(self, [(min(a, e), min(b, f), max(c, g), max(d, h))])

    def _areas(self, cell: str | tuple[int, int] | FakeRange) -> list[_Area]:
        if isinstance(cell, FakeRange):
            if cell._sheet is not self:
                raise ValueError("Range is not on this sheet")
            return list(cell._areas)
        if isinstance(cell, tuple):
            row, col = cell
            return [_check_area((row, col, row, col))]
        if isinstance(cell, str):
            if "," in cell and self._book._app._engine == "remote":
                # the remote engine's address parser (xlwings.utils.a1_to_tuples) splits
                # on ":" only: "D5:D7,C5:C7" fails to unpack, in 0.33.x and 0.37.x alike
                raise ValueError("too many values to unpack (expected 2)")
            return [_parse_area(part) for part in cell.split(",")]
        raise TypeError(f"Not a cell: {cell!r}")

    def __getitem__(self, item: str | tuple[int, int]) -> FakeRange:
        if isinstance(item, str):
            return self.range(item)
        row, col = item
        return self.range((row + 1, col + 1))

    @property
    def cells(self) -> FakeRange:
        return FakeRange(self, [(1, 1, MAX_ROWS, MAX_COLUMNS)])

    @property
    def used_range(self) -> FakeRange:
        used = [key for key, cell in self._cells.items() if cell.used()]
        if not used:
            return self.range("A1")
        rows = [r for r, _ in used]
        cols = [c for _, c in used]
        return FakeRange(self, [(min(rows), min(cols), max(rows), max(cols))])

    def clear(self) -> None:
        self._cells.clear()
        self.fake_color_scales.clear()  # conditional formats are formats: Clear removes them
        self._book._log("clear", self, "all")

    def clear_contents(self) -> None:
        for cell in self._cells.values():
            cell.value, cell.prefix = None, ""

    def clear_formats(self) -> None:
        for key, cell in list(self._cells.items()):
            self._cells[key] = _Cell(value=cell.value, prefix=cell.prefix)

    def activate(self) -> None:
        self._book.activate()
        self._book._active = self

    def delete(self) -> None:
        book = self._book
        if len(book._sheets) == 1:
            raise ValueError("A workbook must contain at least one visible worksheet.")
        position = book._sheets.index(self)
        book._sheets.remove(self)
        book._names = [entry for entry in book._names if entry.sheet is not self]
        if book._active is self:
            book._active = book._sheets[max(position - 1, 0)]

    def fake_cell(self, row: int, col: int) -> _Cell:
        """The stored cell at 1-based ``row``, ``col`` (a blank one if never touched)."""
        return self._cells.get((row, col), _Cell())


# --- ranges --------------------------------------------------------------------------------

_READ_OPTIONS = frozenset({"ndim", "empty", "dates", "numbers", "err_to_str", "chunksize"})
_DATE_BUILDERS: dict[Any, Any] = {
    dt.datetime: dt.datetime,
    dt.date: lambda year, month, day, **kwargs: dt.date(year, month, day),
}
_NUMBER_BUILDERS: dict[Any, Any] = {int: lambda x: int(round(x)), "raw int": int}


class FakeRange(_Mirror):
    """One or more rectangles of cells of a sheet (more than one only for chart sources)."""

    _mirrors = "xlwings.Range"

    def __init__(
        self, sheet: FakeSheet, areas: list[_Area], options: dict[str, Any] | None = None
    ) -> None:
        self._sheet = sheet
        self._areas = areas
        self._options = options or {}

    def __repr__(self) -> str:
        return f"<FakeRange [{self._sheet._name}]{self.address}>"

    def _area(self) -> _Area:
        if len(self._areas) != 1:
            raise NotImplementedError("The fake reads and writes single-area ranges only.")
        return self._areas[0]

    def _keys(self, limit: int = _FORMAT_LIMIT) -> Iterator[tuple[int, int]]:
        for r0, c0, r1, c1 in self._areas:
            if (r1 - r0 + 1) * (c1 - c0 + 1) > limit:
                raise NotImplementedError("The fake does not format whole rows or columns.")
            for row in range(r0, r1 + 1):
                for col in range(c0, c1 + 1):
                    yield row, col

    def _touch(self, what: str) -> list[_Cell]:
        self._sheet._book._log("format", self._sheet, f"{what} {self.address}")
        return [self._sheet._cells.setdefault(key, _Cell()) for key in self._keys()]

    def _common(self, attribute: str) -> Any:
        values = {getattr(self._sheet.fake_cell(*key), attribute) for key in self._keys()}
        return values.pop() if len(values) == 1 else None

    # position and shape

    @property
    def sheet(self) -> FakeSheet:
        return self._sheet

    @property
    def row(self) -> int:
        return self._areas[0][0]

    @property
    def column(self) -> int:
        return self._areas[0][1]

    @property
    def shape(self) -> tuple[int, int]:
        r0, c0, r1, c1 = self._area()
        return r1 - r0 + 1, c1 - c0 + 1

    @property
    def count(self) -> int:
        return sum((r1 - r0 + 1) * (c1 - c0 + 1) for r0, c0, r1, c1 in self._areas)

    @property
    def api(self) -> Any:
        """COM's ``Range`` on Windows (enough to hand to a chart series); no other engine's
        native object is emulated."""
        if self._sheet._book._app._engine == "windows":
            return _ComRange(self)
        raise NotImplementedError("the fake emulates the COM range only")

    @property
    def address(self) -> str:
        return ",".join(_area_address(area) for area in self._areas)

    def __call__(self, *args: int) -> FakeRange:
        row, col = args
        r0, c0 = self._areas[0][:2]
        return self._sheet.range((r0 + row - 1, c0 + col - 1))

    @property
    def left(self) -> float:
        widths = self._sheet._widths
        return sum(_points(widths.get(c, _DEFAULT_WIDTH)) for c in range(1, self.column))

    @property
    def top(self) -> float:
        heights = self._sheet._heights
        return sum(heights.get(r, _ROW_HEIGHT) for r in range(1, self.row))

    @property
    def width(self) -> float:
        _, c0, _, c1 = self._area()
        widths = self._sheet._widths
        return sum(_points(widths.get(c, _DEFAULT_WIDTH)) for c in range(c0, c1 + 1))

    @property
    def height(self) -> float:
        r0, _, r1, _ = self._area()
        return sum(self._sheet._heights.get(r, _ROW_HEIGHT) for r in range(r0, r1 + 1))

    # values

    def options(self, convert: Any = None, **options: Any) -> FakeRange:
        if convert is not None:
            raise NotImplementedError("The fake emulates the default converter only.")
        unknown = set(options) - _READ_OPTIONS
        if unknown:
            raise NotImplementedError(f"The fake does not emulate the options {sorted(unknown)}.")
        return FakeRange(self._sheet, self._areas, options)

    @property
    def value(self) -> Any:
        r0, c0, r1, c1 = self._area()
        if (r1 - r0 + 1) * (c1 - c0 + 1) > _READ_LIMIT:
            raise NotImplementedError("The fake does not read more than 5,000,000 cells.")
        step = self._options.get("chunksize") or (r1 - r0 + 1)  # xlwings reads row chunks
        rows = []
        for first in range(r0, r1 + 1, step):
            last = min(r1, first + step - 1)
            chunk = FakeRange(self._sheet, [(first, c0, last, c1)])
            self._sheet._book._log("read", self._sheet, chunk.address)
            rows += [
                [self._clean(self._sheet.fake_cell(row, col).value) for col in range(c0, c1 + 1)]
                for row in range(first, last + 1)
            ]
        return self._dimensions(rows)

    def _clean(self, value: Any) -> Any:
        options = self._options
        if value is None or value == "":
            return options.get("empty")
        if isinstance(value, CellError):
            return value.text if options.get("err_to_str", False) else None
        if isinstance(value, dt.datetime):
            dates = options.get("dates", dt.datetime)
            builder = _DATE_BUILDERS.get(dates, dates)
            return builder(
                month=value.month,
                day=value.day,
                year=value.year,
                hour=value.hour,
                minute=value.minute,
                second=value.second,
                microsecond=value.microsecond,
                tzinfo=None,
            )
        numbers = options.get("numbers")
        if numbers is not None and isinstance(value, float):
            return _NUMBER_BUILDERS.get(numbers, numbers)(value)
        return value

    def _dimensions(self, rows: list[list[Any]]) -> Any:
        ndim = self._options.get("ndim")
        if ndim in (None, "squeeze"):
            if len(rows) == 1:
                return rows[0][0] if len(rows[0]) == 1 else rows[0]
            if len(rows[0]) == 1:
                return [row[0] for row in rows]
            return rows
        if ndim == 1:
            if len(rows) == 1:
                return rows[0]
            if len(rows[0]) == 1:
                return [row[0] for row in rows]
            raise Exception("Range must be 1-by-n or n-by-1 when ndim=1.")
        if ndim == "natural":
            if len(rows) == 1:
                return rows[0][0] if len(rows[0]) == 1 else rows[0]
            return rows
        if ndim != 2:
            raise ValueError(f"Invalid c.value ndim={ndim}")
        return rows

    @value.setter
    def value(self, data: Any) -> None:
        if self._options:
            raise NotImplementedError("The fake writes without options only.")
        r0, c0, r1, c1 = self._area()
        if isinstance(data, (list, tuple)):
            if not data:
                return
            rows = [list(r) for r in data] if isinstance(data[0], (list, tuple)) else [list(data)]
            if not rows[0] or any(len(r) != len(rows[0]) for r in rows):
                raise ValueError("All rows of a 2-D list must have the same, non-zero length.")
            r1, c1 = r0 + len(rows) - 1, c0 + len(rows[0]) - 1
            _check_area((r0, c0, r1, c1))
        elif hasattr(data, "shape") or hasattr(data, "columns"):
            raise NotImplementedError("The fake writes Python values, not arrays or frames.")
        else:
            rows = [[data] * (c1 - c0 + 1) for _ in range(r0, r1 + 1)]
        self._sheet._book._log("value", self._sheet, _area_address((r0, c0, r1, c1)))
        cells = self._sheet._cells
        for i, row in enumerate(rows):
            for j, item in enumerate(row):
                cell = cells.setdefault((r0 + i, c0 + j), _Cell())
                cell.value, cell.prefix, number_format = _stored(item, cell.number_format)
                if number_format is not None and cell.number_format == "General":
                    cell.number_format = number_format

    def clear(self) -> None:
        for key in self._keys():
            self._sheet._cells.pop(key, None)

    def clear_contents(self) -> None:
        for key in self._keys():
            if key in self._sheet._cells:
                self._sheet._cells[key].value = None
                self._sheet._cells[key].prefix = ""

    # formats

    @property
    def number_format(self) -> str | None:
        return self._common("number_format")

    @number_format.setter
    def number_format(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("A number format is a string.")
        for cell in self._touch("number_format"):
            cell.number_format = value

    @property
    def font(self) -> FakeFont:
        return FakeFont(self)

    @property
    def color(self) -> tuple[int, int, int] | None:
        return self._common("fill")

    @color.setter
    def color(self, color_or_rgb: tuple[int, int, int] | str | None) -> None:
        fill = None if color_or_rgb is None else _rgb(color_or_rgb)
        for cell in self._touch("color"):
            cell.fill = fill

    @property
    def borders(self) -> FakeBorders:
        return FakeBorders(self)

    @property
    def conditional_formats(self) -> FakeConditionalFormats:
        return FakeConditionalFormats(self)

    @property
    def wrap_text(self) -> bool | None:
        return self._common("wrap")

    @wrap_text.setter
    def wrap_text(self, value: bool) -> None:
        for cell in self._touch("wrap_text"):
            cell.wrap = bool(value)

    @property
    def horizontal_alignment(self) -> str | None:
        return self._common("align")

    @horizontal_alignment.setter
    def horizontal_alignment(self, value: str) -> None:
        if value not in HORIZONTAL_ALIGNMENTS:
            raise ValueError(f"Invalid horizontal_alignment {value!r}.")
        for cell in self._touch("horizontal_alignment"):
            cell.align = value

    @property
    def row_height(self) -> float | None:
        heights = {
            self._sheet._heights.get(r, _ROW_HEIGHT)
            for r0, _, r1, _ in self._areas
            for r in range(r0, r1 + 1)
        }
        return heights.pop() if len(heights) == 1 else None

    @row_height.setter
    def row_height(self, value: float) -> None:
        if not 0 <= value <= 409:
            raise ValueError("A row height is 0 to 409 points.")
        self._sheet._book._log("format", self._sheet, f"row_height {self.address}")
        for r0, _, r1, _ in self._areas:
            for row in range(r0, r1 + 1):
                self._sheet._heights[row] = float(value)

    @property
    def column_width(self) -> float | None:
        widths = {
            self._sheet._widths.get(c, _DEFAULT_WIDTH)
            for _, c0, _, c1 in self._areas
            for c in range(c0, c1 + 1)
        }
        return widths.pop() if len(widths) == 1 else None

    @column_width.setter
    def column_width(self, value: float) -> None:
        if not 0 <= value <= 255:
            raise ValueError("A column width is 0 to 255 characters.")
        self._sheet._book._log("format", self._sheet, f"column_width {self.address}")
        for _, c0, _, c1 in self._areas:
            for col in range(c0, c1 + 1):
                self._sheet._widths[col] = float(value)


class FakeFont(_Mirror):
    """The font of a range."""

    _mirrors = "xlwings.main.Font"

    def __init__(self, rng: FakeRange) -> None:
        self._range = rng

    @property
    def bold(self) -> bool | None:
        return self._range._common("bold")

    @bold.setter
    def bold(self, value: bool) -> None:
        for cell in self._range._touch("font.bold"):
            cell.bold = bool(value)

    @property
    def italic(self) -> bool | None:
        return self._range._common("italic")

    @italic.setter
    def italic(self, value: bool) -> None:
        for cell in self._range._touch("font.italic"):
            cell.italic = bool(value)

    @property
    def size(self) -> float | None:
        return self._range._common("size")

    @size.setter
    def size(self, value: float) -> None:
        if not 1 <= value <= 409:
            raise ValueError("A font size is 1 to 409 points.")
        for cell in self._range._touch("font.size"):
            cell.size = float(value)

    @property
    def color(self) -> tuple[int, int, int] | None:
        return self._range._common("font_color")

    @color.setter
    def color(self, value: tuple[int, int, int] | str) -> None:
        rgb = _rgb(value)
        for cell in self._range._touch("font.color"):
            cell.font_color = rgb


class FakeBorders(_Mirror):
    """The borders of a range; a cell stores the style of each of its four sides."""

    _mirrors = "xlwings.main.Borders"

    def __init__(self, rng: FakeRange) -> None:
        self._range = rng

    def set(
        self,
        which: str | list[str] = "all",
        *,
        line_style: str | None = _UNSET,
        weight: str = _UNSET,
        color: tuple[int, int, int] | str | int = _UNSET,
    ) -> None:
        groups = {
            "outside": _EDGES,
            "inside": _INSIDES,
            "all": _EDGES + _INSIDES,
            "everything": _EDGES + _INSIDES,  # the diagonals are not emulated
        }
        sides = groups.get(which) if isinstance(which, str) else list(which)
        if sides is None:
            sides = [which]
        if any(side not in _EDGES + _INSIDES for side in sides):
            raise NotImplementedError(f"The fake sets the edges and inside borders, not {which!r}.")
        if line_style is not _UNSET and line_style not in (*_LINE_STYLES, None):
            raise ValueError(f"Invalid line_style {line_style!r}.")
        if weight is not _UNSET and weight not in _WEIGHTS:
            raise ValueError(f"Invalid weight {weight!r}.")
        if line_style is _UNSET and weight is _UNSET and color is _UNSET:
            return
        rgb = (0, 0, 0) if color is _UNSET else _rgb(color)
        r0, c0, r1, c1 = self._range._area()
        for cell_key, cell in zip(self._range._keys(), self._range._touch("borders")):
            row, col = cell_key
            chosen = {  # a cell's side is drawn by the range's edge or inside border there
                "top": "edge_top" in sides if row == r0 else "inside_horizontal" in sides,
                "bottom": "edge_bottom" in sides if row == r1 else "inside_horizontal" in sides,
                "left": "edge_left" in sides if col == c0 else "inside_vertical" in sides,
                "right": "edge_right" in sides if col == c1 else "inside_vertical" in sides,
            }
            for side in _SIDES:
                if not chosen[side]:
                    continue
                style, old_weight, old_color = cell.borders.get(side, ("continuous", "thin", rgb))
                if line_style is None or line_style == "none":
                    cell.borders.pop(side, None)
                    continue
                cell.borders[side] = (
                    style if line_style is _UNSET else line_style,
                    old_weight if weight is _UNSET else weight,
                    old_color if color is _UNSET else rgb,
                )

    def clear(self, which: str | list[str] = "everything") -> None:
        self.set(which, line_style=None)


# --- charts --------------------------------------------------------------------------------


class FakeChartAxis(_Mirror):
    """A chart axis: its number format."""

    _mirrors = "xlwings.main.ChartAxis"

    def __init__(self) -> None:
        self._number_format = "General"

    @property
    def number_format(self) -> str:
        return self._number_format

    @number_format.setter
    def number_format(self, value: str) -> None:
        self._number_format = value


class FakeChartSeries(_Mirror):
    """A data series: its name, values and category (x-axis) range."""

    _mirrors = "xlwings.main.ChartSeries"

    def __init__(self, name: str, values: FakeRange) -> None:
        self._name = name
        self.fake_values = values
        self.fake_x_values: FakeRange | None = None

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name = str(value)


class FakeChartSeriesCollection(_Mirror):
    """A chart's series, indexed from 0."""

    _mirrors = "xlwings.main.ChartSeriesCollection"

    def __init__(self, series: list[FakeChartSeries], chart: FakeChart | None = None) -> None:
        self._series = series
        self._chart = chart

    def __len__(self) -> int:
        return len(self._series)

    @property
    def count(self) -> int:
        return len(self._series)

    def __iter__(self) -> Iterator[FakeChartSeries]:
        if sys._getframe(1).f_globals.get("__name__") in WATCHED_MODULES:
            self._fake_use("__iter__", "call")
        return iter(list(self._series))

    def __getitem__(self, key: int) -> FakeChartSeries:
        return self._series[key]


class FakeChart(_Mirror):
    """An embedded chart. Setting the source builds one series per column or row."""

    _mirrors = "xlwings.Chart"

    def __init__(self, sheet: FakeSheet, name: str, box: tuple[float, float, float, float]):
        self._sheet = sheet
        self._name = name
        self.left, self.top, self.width, self.height = box
        self._chart_type = "column_clustered"
        self._plot_by = "columns"
        self._title: str | None = None
        self._series: list[FakeChartSeries] = []
        self._value_axis = FakeChartAxis()
        self.fake_source: FakeRange | None = None
        self.fake_style: int | None = None

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name = value

    @property
    def api(self) -> Any:
        """As xlwings: (ChartObject, Chart) of COM on Windows; a payload dict remotely."""
        engine = self._sheet._book._app._engine
        if engine == "windows":
            return None, _ComChart(self)
        return {} if engine == "remote" else (object(), object())

    @property
    def parent(self) -> FakeSheet:
        return self._sheet

    @property
    def chart_type(self) -> str:
        return self._chart_type

    @chart_type.setter
    def chart_type(self, value: str) -> None:
        if value not in CHART_TYPES:
            raise ValueError(f"Invalid chart type {value!r}.")
        self._chart_type = value

    @property
    def plot_by(self) -> str:
        return self._plot_by

    @plot_by.setter
    def plot_by(self, value: str) -> None:
        if value not in CHART_PLOT_BY:
            raise ValueError(f"Invalid plot_by {value!r}.")
        self._plot_by = value

    def set_source_data(self, source: FakeRange, plot_by: str | None = None) -> None:
        if plot_by is not None and plot_by not in CHART_PLOT_BY:
            raise ValueError(f"Invalid plot_by {plot_by!r}.")
        r0, c0, r1, c1 = source._areas[0]
        if plot_by is None:  # Excel: more rows than columns -> series in columns
            plot_by = "columns" if r1 - r0 >= c1 - c0 else "rows"
        series = []
        for a0, b0, a1, b1 in source._areas:
            if plot_by == "columns":
                lines = [(a0, c, a1, c) for c in range(b0, b1 + 1)]
            else:
                lines = [(r, b0, r, b1) for r in range(a0, a1 + 1)]
            for area in lines:
                name = f"Series{len(series) + 1}"
                a, b, c, d = area
                first = source._sheet.fake_cell(a, b)
                if isinstance(first.value, str) and (a, b) != (c, d):
                    # Excel takes a line's leading text for the series' name and plots the
                    # rest: the points shift against the categories
                    name = first.value
                    area = (a + 1, b, c, d) if plot_by == "columns" else (a, b + 1, c, d)
                values = FakeRange(source._sheet, [area])
                series.append(FakeChartSeries(name, values))
        self._series = series
        self._plot_by = plot_by
        self.fake_source = source

    def set_x_axis_values(self, source: FakeRange) -> None:
        for series in self._series:
            series.fake_x_values = source

    @property
    def series(self) -> FakeChartSeriesCollection:
        return FakeChartSeriesCollection(self._series, self)

    @property
    def title(self) -> str | None:
        return self._title

    @title.setter
    def title(self, value: str | None) -> None:
        if value is not None and not isinstance(value, str):
            raise ValueError(f"Invalid title {value!r}. Must be a string or None to hide it.")
        self._title = value

    @property
    def value_axis(self) -> FakeChartAxis:
        return self._value_axis

    def delete(self) -> None:
        self._sheet._charts.remove(self)


class FakeCharts(_Mirror):
    """The charts embedded in a sheet."""

    _mirrors = "xlwings.main.Charts"

    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    @property
    def parent(self) -> FakeSheet:
        return self._sheet

    def __len__(self) -> int:
        return len(self._sheet._charts)

    @property
    def count(self) -> int:
        return len(self)

    def __iter__(self) -> Iterator[FakeChart]:
        return iter(list(self._sheet._charts))

    def __call__(self, name_or_index: int | str) -> FakeChart:
        if isinstance(name_or_index, int):
            return self._sheet._charts[name_or_index - 1]
        for chart in self._sheet._charts:
            if chart._name == name_or_index:
                return chart
        raise KeyError(name_or_index)

    def __getitem__(self, key: int | str) -> FakeChart:
        return self._sheet._charts[key] if isinstance(key, int) else self(key)

    def __contains__(self, key: str) -> bool:
        return any(chart._name == key for chart in self._sheet._charts)

    def add(
        self,
        left: float = 0,
        top: float = 0,
        width: float = 355,
        height: float = 211,
        chart_type: str | None = None,
        source: FakeRange | None = None,
        plot_by: str | None = None,
        name: str | None = None,
        anchor: FakeRange | None = None,
        style: int | None = 227,
    ) -> FakeChart:
        if anchor:
            if top or left:
                raise ValueError("You must either provide 'anchor' or 'top'/'left', but not both.")
            left, top = anchor.left, anchor.top
        if plot_by is not None and source is None:
            raise ValueError("'plot_by' requires 'source'.")
        if name and name in self:
            raise ValueError(f"'{name}' is already present on {self._sheet._name}.")
        sheet = self._sheet
        sheet._chart_counter += 1
        chart = FakeChart(sheet, f"Chart {sheet._chart_counter}", (left, top, width, height))
        sheet._charts.append(chart)
        sheet._book._log("chart", sheet, chart._name)
        if source is not None:
            chart.set_source_data(source, plot_by)
        if chart_type is not None:
            chart.chart_type = chart_type
        chart.fake_style = style
        if name is not None:
            chart.name = name
        return chart


# --- defined names -------------------------------------------------------------------------


class FakeName(_Mirror):
    """A defined name; a sheet-scoped one reads ``Sheet!name`` as on Windows."""

    _mirrors = "xlwings.main.Name"

    def __init__(self, book: FakeBook, entry: _NameEntry) -> None:
        self._book = book
        self._entry = entry

    @property
    def name(self) -> str:
        entry = self._entry
        if entry.sheet is None:
            return entry.name
        return f"{_sheet_ref(entry.sheet._name)}!{entry.name}"

    @property
    def refers_to(self) -> str:
        return self._entry.refers_to

    @refers_to.setter
    def refers_to(self, value: str) -> None:
        self._entry.refers_to = value

    @property
    def api(self) -> Any:
        engine = self._book._app._engine
        if engine == "remote":
            raise NotImplementedError("remote engines have no native object")
        return _ComName(self._entry) if engine == "windows" else object()

    def delete(self) -> None:
        self._book._names.remove(self._entry)


class FakeNames(_Mirror):
    """The defined names of a book (all of them) or of a sheet (its own)."""

    _mirrors = "xlwings.main.Names"

    def __init__(self, book: FakeBook, sheet: FakeSheet | None) -> None:
        self._book = book
        self._sheet = sheet

    def _entries(self) -> list[_NameEntry]:
        entries = self._book._names
        if self._sheet is None:
            return list(entries)
        return [entry for entry in entries if entry.sheet is self._sheet]

    def __len__(self) -> int:
        return len(self._entries())

    @property
    def count(self) -> int:
        return len(self)

    def __iter__(self) -> Iterator[FakeName]:
        return iter([FakeName(self._book, entry) for entry in self._entries()])

    def __call__(self, name_or_index: int | str) -> FakeName:
        entries = self._entries()
        if isinstance(name_or_index, int):
            if name_or_index < 1:
                raise IndexError("Name indices start at 1")
            return FakeName(self._book, entries[name_or_index - 1])
        wanted = name_or_index.casefold()
        for entry in entries:
            full = FakeName(self._book, entry).name.casefold()
            if wanted in (full, entry.name.casefold()) and (
                self._sheet is not None or entry.sheet is None or "!" in wanted
            ):
                return FakeName(self._book, entry)
        raise KeyError(name_or_index)

    def __getitem__(self, item: int | str) -> FakeName:
        return FakeName(self._book, self._entries()[item]) if isinstance(item, int) else self(item)

    def contains(self, name_or_index: int | str) -> bool:
        try:
            self(name_or_index)
        except (KeyError, IndexError):
            return False
        return True

    def __contains__(self, item: int | str) -> bool:
        return self.contains(item)

    def add(self, name: str, refers_to: str) -> FakeName:
        sheet = self._sheet
        scope, _, local = name.rpartition("!")
        if scope:
            sheet = self._book.sheets(scope[1:-1].replace("''", "'") if scope[0] == "'" else scope)
        if not re.fullmatch(r"[A-Za-z_\\][\w.\\]*", local) or _CELL.fullmatch(local.upper()):
            raise ValueError(f"{local!r} is not a valid name.")
        for entry in self._book._names:
            if entry.sheet is sheet and entry.name.casefold() == local.casefold():
                entry.refers_to = refers_to  # Excel redefines an existing name
                return FakeName(self._book, entry)
        entry = _NameEntry(local, refers_to, sheet)
        self._book._names.append(entry)
        return FakeName(self._book, entry)
