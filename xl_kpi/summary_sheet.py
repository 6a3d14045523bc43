"""The KPI Summary sheet as it is filled: blocks placed top to bottom under a cursor, the
printed page's size, and the cells every part of the summary writes the same way (a
number, a target, a status).

:mod:`xl_kpi.summary` lays the sheet out with these; :mod:`xl_kpi.summary_tables` writes its
data tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from . import summary_charts as charts
from .catalogue import Unit
from .layout import Block, ColorScale, Sparkline, Value, number_style

#: The status markers before "on track" and "behind": two shapes, so that the status
#: reads in grey print and without telling red from green.
STATUS_MARKS = {True: "●", False: "▲"}
TITLE_ROWS = (0, 1)  # repeated at the top of every printed page
#: The printed page's width in columns (A to M, 1250 pixels): it prints one page wide at
#: about 75% or more on A4 or Letter, so 11-point text stays above 8 points on paper.
#: Every table is at most this wide; the scorecard's periods go on in tables below.
PAGE_COLUMNS = 13
#: Rows that fit a printed page under the repeated title rows (at 15 points a row).
PAGE_ROWS = 40


@dataclass
class Sheet:
    """Blocks placed top to bottom, with a cursor row, and what else the sheet carries."""

    row: int = 0
    blocks: list[Block] = field(default_factory=list)
    sparklines: list[Sparkline] = field(default_factory=list)
    scales: list[ColorScale] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    places: charts.Places = field(default_factory=charts.Places)
    tall_rows: list[int] = field(default_factory=list)

    def put(
        self, rows: Sequence[Sequence[Value]], styles: Sequence[Sequence[str | None]], col: int = 0
    ) -> int:
        """Add a block at the cursor; return its first row and move the cursor below it."""
        top = self.row
        self.blocks.append(Block(top, col, tuple(map(tuple, rows)), tuple(map(tuple, styles))))
        self.row += len(rows)
        return top

    def header_rows(self) -> list[int]:
        """Rows that open a table: their headings wrap, so they get room for two lines."""
        return [b.row for b in self.blocks if b.values and set(b.styles[0]) == {"header"}]

    def line(self, text: str, style: str) -> int:
        return self.put([[text]], [[style]])

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def new_page(self) -> None:
        """Start the next section on a new printed page."""
        if self.row > 0 and (not self.breaks or self.breaks[-1] != self.row):
            self.breaks.append(self.row)

    def keep(self, rows: int) -> None:
        """Start a new page unless the next ``rows`` rows fit on the current one, so a
        table is not cut in two (a table longer than a page starts a page)."""
        top = self.breaks[-1] if self.breaks else 0
        used = self.row - top + (0 if self.breaks else -len(TITLE_ROWS))
        if used > 0 and used + rows > PAGE_ROWS:
            self.new_page()

    @property
    def columns(self) -> int:
        """How many columns the blocks use."""
        return max((b.col + b.width for b in self.blocks), default=1)


def value_cell(
    value: float, unit: Unit, has_data: bool, t: Mapping[str, str], lang: str = "en"
) -> tuple[Value, str]:
    """A number's cell and style; the words for no data, or for a value not defined."""
    if not has_data:
        return t["no_data"], "nodata"
    if value is None or math.isnan(value):
        return t["undefined"], "nodata"
    return float(value), number_style(unit.value, lang)


def target_cell(value: float | None, unit: Unit, lang: str = "en") -> tuple[Value, str]:
    """A target's (or a benchmark's) cell and style: blank where there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, "text"
    return float(value), number_style(unit.value, lang)


def status_of(on_track: bool | None, t: Mapping[str, str]) -> tuple[Value, str]:
    """The status cell, a marker and its word, and its style: blank without a target."""
    if on_track is None:
        return None, "text"
    word = t["on_track"] if on_track else t["behind"]
    return f"{STATUS_MARKS[on_track]} {word}", "good" if on_track else "bad"
