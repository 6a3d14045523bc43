"""A sheet as data: blocks of values with style names, column widths and chart specs.

The summary is laid out once, here, as a :class:`SheetLayout`; the two writers (xlsxwriter
for files, xlwings for a live workbook) only put it on a sheet, so both show the same
cells.  Coordinates are zero-based (row 0, column 0 is A1).  Text values are always text:
writers must store them as strings, never as formulas.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .formats import CHANGE_FORMATS, EXCEL_FORMATS, RUSSIAN_LOCALE

__all__ = [
    "CHART_COLORS",
    "COLORS",
    "PAPER_CODES",
    "STYLES",
    "Block",
    "ButtonSpec",
    "ChartSpec",
    "ColorScale",
    "PageSetup",
    "SheetLayout",
    "Sparkline",
    "Value",
    "bars",
    "number_style",
]

Value = float | int | str | dt.datetime | None
Area = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col; inclusive

#: The few colours of the summary's one look. Blue and orange stay apart for colour-blind
#: readers and in grey print (dark against mid grey); status cells add a glyph and a word,
#: so they never rest on colour alone.
COLORS: Mapping[str, str] = {
    "ink": "#1F4E78",  # titles, the main series
    "accent": "#ED7D31",  # the second series, targets, the latest period
    "muted": "#595959",  # subtitles and notes
    "band": "#DDEBF7",  # table headings
    "good_fill": "#C6EFCE",
    "good_ink": "#006100",
    "bad_fill": "#FFC7CE",
    "bad_ink": "#9C0006",
    "scale_low": "#FFFFFF",  # colour scales run from white...
    "scale_high": "#5B9BD5",  # ...to a mid blue that black text stays readable on
}

#: Series colours of charts, in series order.
CHART_COLORS: tuple[str, ...] = (COLORS["ink"], COLORS["accent"], "#A5A5A5")

#: Cell styles by name, as format properties both writers understand (xlsxwriter's
#: names: bold, italic, font_size, font_color, bg_color, num_format, align, text_wrap,
#: border).
STYLES: Mapping[str, Mapping[str, Any]] = {
    "title": {"bold": True, "font_size": 16, "font_color": COLORS["ink"]},
    "subtitle": {"italic": True, "font_color": COLORS["muted"]},
    "section": {"bold": True, "font_size": 12, "font_color": COLORS["ink"]},
    "header": {
        "bold": True,
        "bg_color": COLORS["band"],
        "border": 1,
        "text_wrap": True,
        "align": "center",
    },
    "band": {"bold": True, "bg_color": COLORS["band"]},  # a heading row without a grid
    "label": {"border": 1},
    "text": {"border": 1},
    "note": {"font_color": COLORS["muted"]},
    "good": {
        "border": 1,
        "bold": True,
        "bg_color": COLORS["good_fill"],
        "font_color": COLORS["good_ink"],
    },
    "bad": {
        "border": 1,
        "bold": True,
        "bg_color": COLORS["bad_fill"],
        "font_color": COLORS["bad_ink"],
    },
    "nodata": {"border": 1, "font_color": "#808080", "italic": True, "align": "right"},
    **{unit.value: {"border": 1, "num_format": fmt} for unit, fmt in EXCEL_FORMATS.items()},
    # the same numbers written the Russian way (see formats.RUSSIAN_LOCALE): "money.ru"
    **{
        f"{unit.value}.ru": {"border": 1, "num_format": RUSSIAN_LOCALE + fmt}
        for unit, fmt in EXCEL_FORMATS.items()
    },
    # the change from the previous period: "change.%", "change.pp", their ".ru" forms
    "change.%": {"border": 1, "num_format": CHANGE_FORMATS["%"]},
    "change.%.ru": {"border": 1, "num_format": RUSSIAN_LOCALE + CHANGE_FORMATS["%"]},
    "change.pp": {"border": 1, "num_format": CHANGE_FORMATS["pp"]},
    "change.pp.ru": {"border": 1, "num_format": RUSSIAN_LOCALE + CHANGE_FORMATS["pp.ru"]},
    "tile_label": {"bold": True, "font_color": COLORS["muted"]},
    "tile_value": {"bold": True, "font_size": 18, "font_color": COLORS["ink"]},
    "tile_note": {"font_color": COLORS["muted"]},
    "tile_good": {"bold": True, "font_color": COLORS["good_ink"]},
    "tile_bad": {"bold": True, "font_color": COLORS["bad_ink"]},
}


def number_style(unit: str, lang: str) -> str:
    """The style of a number of ``unit`` (a :class:`~xl_kpi.catalogue.Unit` value) or of a
    change (``change.%``, ``change.pp``), as the language writes numbers."""
    return f"{unit}.ru" if lang == "ru" else unit


#: Eight heights of a text sparkline, lowest first (the live writer's stand-in for a
#: native sparkline, which xlwings cannot draw).
_BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Block:
    """A rectangle of values written at once, with a style name per cell (None: plain)."""

    row: int
    col: int
    values: tuple[tuple[Value, ...], ...]
    styles: tuple[tuple[str | None, ...], ...]

    def __post_init__(self) -> None:
        if [len(r) for r in self.values] != [len(r) for r in self.styles]:
            raise ValueError("a block needs one style per value")

    @property
    def height(self) -> int:
        return len(self.values)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.values), default=0)

    def cells(self) -> Iterator[tuple[int, int, Value, str | None]]:
        """Each cell as (row, column, value, style)."""
        for i, (values, styles) in enumerate(zip(self.values, self.styles)):
            for j, (value, style) in enumerate(zip(values, styles)):
                yield self.row + i, self.col + j, value, style


@dataclass(frozen=True)
class ChartSpec:
    """A native Excel chart over ranges of the same sheet.

    ``categories`` and each series' ``values`` are (first_row, first_col, last_row,
    last_col), zero-based and inclusive. ``lines`` are further series drawn as lines over
    the chart's own kind (a target over columns), or as marks (``marks``); ``labels``
    shows each point's value.
    A ``bar`` chart lists its categories top to bottom, in the order of their cells.
    """

    kind: str  # "column", "bar" or "line"
    title: str
    categories: Area
    series: tuple[tuple[str, Area], ...]
    anchor: tuple[int, int]
    number_format: str = "General"
    size: tuple[int, int] = (640, 300)  # width, height in pixels
    lines: tuple[tuple[str, Area], ...] = ()
    labels: bool = False
    #: Draw ``lines`` as a mark at each point, not joined: a target set per period.
    marks: bool = False


@dataclass(frozen=True)
class Sparkline:
    """A native in-cell chart of one row or column of numbers: columns, one per value."""

    cell: tuple[int, int]
    source: Area


@dataclass(frozen=True)
class ColorScale:
    """Conditional formatting that shades the numbers of ``area`` from ``low`` (the
    smallest) to ``high`` (the largest); text and blank cells stay unshaded."""

    area: Area
    low: str = COLORS["scale_low"]
    high: str = COLORS["scale_high"]


@dataclass(frozen=True)
class PageSetup:
    """How the sheet prints: orientation, fit, repeated rows, print area, page breaks.

    ``repeat_rows`` (first, last) print at the top of every page; ``breaks`` are the rows
    that start a new page; ``footer`` uses Excel's header codes (``&P`` the page number,
    ``&N`` the number of pages); ``paper`` is ``a4`` or ``letter`` (blank: the printer's)
    and ``margins`` (left, right, top, bottom) are in inches.
    """

    area: Area
    landscape: bool = True
    fit_width: bool = True  # one page wide, as many pages tall as it takes
    repeat_rows: tuple[int, int] | None = None
    breaks: tuple[int, ...] = ()
    footer: str = ""
    paper: str = ""
    margins: tuple[float, float, float, float] = (0.4, 0.4, 0.6, 0.6)


#: Excel's paper size codes (``PageSetup.PaperSize``, ``<pageSetup paperSize>``).
PAPER_CODES: Mapping[str, int] = {"letter": 1, "a4": 9}


@dataclass(frozen=True)
class ButtonSpec:
    """A clickable shape: it runs ``macro`` (classic xlwings: a VBA macro), or selects the
    ``link`` cell, which xlwings Lite watches to run a script bound to the shape's name."""

    name: str
    caption: str
    anchor: tuple[int, int]
    size: tuple[int, int] = (150, 36)  # width, height in pixels
    macro: str | None = None
    link: tuple[int, int] | None = None


@dataclass(frozen=True)
class SheetLayout:
    """Everything a writer puts on one sheet."""

    name: str
    blocks: tuple[Block, ...]
    column_widths: Mapping[int, float] = field(default_factory=dict)  # in characters
    charts: tuple[ChartSpec, ...] = ()
    freeze: tuple[int, int] | None = None
    buttons: tuple[ButtonSpec, ...] = ()
    row_heights: Mapping[int, float] = field(default_factory=dict)  # in points
    sparklines: tuple[Sparkline, ...] = ()
    color_scales: tuple[ColorScale, ...] = ()
    page: PageSetup | None = None

    def cells(self) -> Iterator[tuple[int, int, Value, str | None]]:
        """Every cell of every block."""
        for block in self.blocks:
            yield from block.cells()

    def values(self, area: Area) -> list[Value]:
        """The values of the cells of ``area`` that blocks set, row by row."""
        r0, c0, r1, c1 = area
        return [v for r, c, v, _ in self.cells() if r0 <= r <= r1 and c0 <= c <= c1]


def bars(values: Iterable[Value]) -> str:
    """A text sparkline: one bar per number, scaled from the smallest to the largest; a
    blank or text value is a space.

    >>> bars([1.0, 2.0, 3.0, None, 8.0])
    '▁▂▃ █'
    >>> bars([5.0, 5.0]), bars(["no data"])
    ('▄▄', ' ')
    """
    items = list(values)
    numbers = [v for v in items if _is_number(v)]
    if not numbers:
        return " " * len(items)
    low, high = min(numbers), max(numbers)  # type: ignore[type-var]
    span = high - low  # type: ignore[operator]
    out = []
    for v in items:
        if not _is_number(v):
            out.append(" ")
        elif span == 0:
            out.append(_BARS[3])
        else:
            out.append(_BARS[round((v - low) / span * (len(_BARS) - 1))])  # type: ignore[operator]
    return "".join(out)


def _is_number(value: Value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
