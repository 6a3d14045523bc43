"""A sheet as data: blocks of values with style names, column widths and chart specs.

The summary is laid out once, here, as a :class:`SheetLayout`; the two writers (xlsxwriter
for files, xlwings for a live workbook) only put it on a sheet, so both show the same
cells.  Coordinates are zero-based (row 0, column 0 is A1).  Text values are always text:
writers must store them as strings, never as formulas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .formats import EXCEL_FORMATS

__all__ = [
    "STYLES",
    "Block",
    "ButtonSpec",
    "ChartSpec",
    "SheetLayout",
    "Value",
]

Value = float | int | str | dt.datetime | None

#: Cell styles by name, as format properties both writers understand (xlsxwriter's
#: names: bold, italic, font_size, font_color, bg_color, num_format, align, text_wrap,
#: border).
STYLES: Mapping[str, Mapping[str, Any]] = {
    "title": {"bold": True, "font_size": 16},
    "subtitle": {"italic": True, "font_color": "#595959"},
    "section": {"bold": True, "font_size": 12, "font_color": "#1F4E78"},
    "header": {
        "bold": True,
        "bg_color": "#DDEBF7",
        "border": 1,
        "text_wrap": True,
        "align": "center",
    },
    "label": {"border": 1},
    "text": {"border": 1},
    "note": {"font_color": "#595959"},
    "good": {"border": 1, "bg_color": "#C6EFCE", "font_color": "#006100"},
    "bad": {"border": 1, "bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "nodata": {"border": 1, "font_color": "#808080", "italic": True, "align": "right"},
    **{unit.value: {"border": 1, "num_format": fmt} for unit, fmt in EXCEL_FORMATS.items()},
}


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
    last_col), zero-based and inclusive.
    """

    kind: str  # "column", "bar" or "line"
    title: str
    categories: tuple[int, int, int, int]
    series: tuple[tuple[str, tuple[int, int, int, int]], ...]
    anchor: tuple[int, int]
    number_format: str = "General"
    size: tuple[int, int] = (640, 300)  # width, height in pixels


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

    def cells(self) -> Iterator[tuple[int, int, Value, str | None]]:
        """Every cell of every block."""
        for block in self.blocks:
            yield from block.cells()
