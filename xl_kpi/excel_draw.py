"""What the live writer draws besides cells: charts, trends, colour scales, panes, printing.

:mod:`xl_kpi.excel` writes the summary's cells and styles; this module adds the rest of a
:class:`~xl_kpi.layout.SheetLayout` through xlwings, as far as its API reaches:

* **Charts**: native charts with their series, category labels, title and value-axis
  format. xlwings cannot mix chart types, so a chart's ``lines`` (a target) are drawn as
  further series of the chart's own kind; it cannot colour series, show data labels or
  reverse an axis, so those follow Excel's defaults.
* **Sparklines**: xlwings has no sparkline API, so each sparkline cell gets a text
  sparkline instead (:func:`~xl_kpi.layout.bars`: ``▁▃▅█``, one bar per period), in the
  colour of the native ones. A native sparkline left by a headless refresh is removed
  first on Windows (COM); other engines cannot remove it.
* **Colour scales**: native conditional formatting (xlwings 0.37.5+); with an older
  xlwings, the cells are filled with the colours the scale would give them.
* **Printing**: the print area through xlwings on every engine; landscape, one page
  wide, the repeated title rows, the footer and the page breaks through COM on Windows.
  On macOS and in xlwings Lite these keep whatever the sheet had (a summary first written
  by a headless refresh or a template keeps its page setup across live refreshes).
* **Frozen panes**: ``Sheet.freeze_panes`` where the engine implements it (the remote
  engines), the active window of the COM object model on Windows (which requires
  activating the summary sheet), nothing on macOS: panes are a convenience, not content.

Anything an engine lacks is skipped, never a failed refresh.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .excelfacts import column_letter
from .layout import COLORS, ChartSpec, ColorScale, PageSetup, SheetLayout, bars

if TYPE_CHECKING:
    import xlwings as xw

__all__ = [
    "CHART_TYPES",
    "blend",
    "check_chart",
    "draw",
    "freeze",
    "supports",
    "text_sparklines",
]

#: xlwings chart types by :attr:`ChartSpec.kind <xl_kpi.layout.ChartSpec.kind>`.
CHART_TYPES = {"column": "column_clustered", "bar": "bar_clustered", "line": "line"}

_POINTS_PER_PIXEL = 0.75  # chart sizes are pixels at 96 dpi; xlwings places charts in points
_LANDSCAPE = 2  # COM's xlLandscape
_Area = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col; zero-based


def supports(obj: Any, attribute: str) -> bool:
    """Whether the xlwings class of ``obj`` has ``attribute`` (some came in 0.37.x)."""
    return hasattr(type(obj), attribute)


def draw(sheet: xw.Sheet, layout: SheetLayout) -> None:
    """Add the layout's charts, text sparklines, colour scales and page setup to ``sheet``
    (whose cells are already written)."""
    with contextlib.suppress(NotImplementedError):  # engines without charts (Lite's 0.33.x)
        for spec in layout.charts:
            _add_chart(sheet, spec)
    _clear_native_sparklines(sheet)
    for row, col, texts in text_sparklines(layout):  # the text sparklines, in the ink colour
        last = row + len(texts)
        sheet.range((row + 1, col + 1), (last, col + 1)).font.color = COLORS["ink"]
    for scale in layout.color_scales:
        _color_scale(sheet, scale, layout)
    if layout.page is not None:
        _page_setup(sheet, layout.page)


def text_sparklines(layout: SheetLayout) -> list[tuple[int, int, list[str]]]:
    """The layout's sparklines as text (:func:`~xl_kpi.layout.bars`), in runs of cells one
    below the other: (first row, column, texts), so that each run is one write."""
    runs: list[tuple[int, int, list[str]]] = []
    for spark in sorted(layout.sparklines, key=lambda s: (s.cell[1], s.cell[0])):
        row, col = spark.cell
        text = bars(layout.values(spark.source))
        if runs and runs[-1][1] == col and runs[-1][0] + len(runs[-1][2]) == row:
            runs[-1][2].append(text)
        else:
            runs.append((row, col, [text]))
    return runs


# --- charts --------------------------------------------------------------------------------


def _address(area: _Area) -> str:
    r0, c0, r1, c1 = area
    return f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"


def _series_source(sheet: xw.Sheet, areas: list[_Area]) -> tuple[xw.Range, str]:
    """The range holding every series' values, and whether series run down columns."""
    by_rows = all(r0 == r1 for r0, _, r1, _ in areas) and any(c0 != c1 for _, c0, _, c1 in areas)
    r0, c0, r1, c1 = areas[0]
    if by_rows:
        tiled = all(a == (r0 + i, c0, r0 + i, c1) for i, a in enumerate(areas))
        last = (r0 + len(areas) - 1, c1)
    else:
        tiled = all(a == (r0, c0 + i, r1, c0 + i) for i, a in enumerate(areas))
        last = (r1, c0 + len(areas) - 1)
    if tiled:  # one rectangle
        source = sheet.range((r0 + 1, c0 + 1), (last[0] + 1, last[1] + 1))
    else:  # a multi-area range, one area per series
        source = sheet.range(",".join(_address(area) for area in areas))
    return source, "rows" if by_rows else "columns"


def _add_chart(sheet: xw.Sheet, spec: ChartSpec) -> None:
    anchor = sheet.range((spec.anchor[0] + 1, spec.anchor[1] + 1))
    width, height = (pixels * _POINTS_PER_PIXEL for pixels in spec.size)
    chart = sheet.charts.add(anchor.left, anchor.top, width, height)
    every = [*spec.series, *spec.lines]  # xlwings draws a chart in one type
    if every:
        source, plot_by = _series_source(sheet, [area for _, area in every])
        if supports(chart, "plot_by"):
            chart.set_source_data(source, plot_by=plot_by)
        else:
            chart.set_source_data(source)
    chart.chart_type = CHART_TYPES[spec.kind]  # after the data, as xlwings itself does
    if every and supports(chart, "set_x_axis_values"):
        r0, c0, r1, c1 = spec.categories
        chart.set_x_axis_values(sheet.range((r0 + 1, c0 + 1), (r1 + 1, c1 + 1)))
    if supports(chart, "series"):
        for series, (name, _area) in zip(chart.series, every):
            series.name = name
    if spec.title and supports(chart, "title"):
        chart.title = spec.title
    if spec.number_format != "General" and supports(chart, "value_axis"):
        chart.value_axis.number_format = spec.number_format


# --- sparklines and colour scales ----------------------------------------------------------


def _clear_native_sparklines(sheet: xw.Sheet) -> None:
    """Remove native sparklines a headless refresh drew, where COM reaches (Windows)."""
    with contextlib.suppress(Exception):
        sheet.api.Cells.SparklineGroups.ClearGroups()


def _color_scale(sheet: xw.Sheet, scale: ColorScale, layout: SheetLayout) -> None:
    r0, c0, r1, c1 = scale.area
    rng = sheet.range((r0 + 1, c0 + 1), (r1 + 1, c1 + 1))
    if supports(rng, "conditional_formats"):
        rng.conditional_formats.add_color_scale([scale.low, scale.high])
        return
    # Without conditional formats: each number's cell gets the colour the scale gives it.
    cells = [
        (r, c, v)
        for r, c, v, _ in layout.cells()
        if r0 <= r <= r1 and c0 <= c <= c1 and isinstance(v, float)
    ]
    if not cells:
        return
    low, high = min(v for *_, v in cells), max(v for *_, v in cells)
    for r, c, value in cells:
        share = (value - low) / (high - low) if high > low else 0.0
        sheet.range((r + 1, c + 1)).color = blend(scale.low, scale.high, share)


def blend(low: str, high: str, share: float) -> str:
    """The colour ``share`` of the way from ``low`` to ``high`` (``#RRGGBB``).

    >>> blend("#FFFFFF", "#5B9BD5", 0.0), blend("#FFFFFF", "#5B9BD5", 1.0)
    ('#FFFFFF', '#5B9BD5')
    >>> blend("#000000", "#FFFFFF", 0.5)
    '#808080'
    """
    a = [int(low[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))


# --- printing and panes --------------------------------------------------------------------


def _page_setup(sheet: xw.Sheet, page: PageSetup) -> None:
    r0, c0, r1, c1 = page.area
    if supports(sheet, "page_setup"):
        with contextlib.suppress(NotImplementedError, AttributeError):
            sheet.page_setup.print_area = f"$A${r0 + 1}:${column_letter(c1)}${r1 + 1}"
    try:
        com = sheet.api
        setup = com.PageSetup
    except Exception:  # macOS (AppleScript) and the remote engines: no COM PageSetup
        return
    if page.landscape:
        setup.Orientation = _LANDSCAPE
    if page.fit_width:
        setup.Zoom = False
        setup.FitToPagesWide = 1
        setup.FitToPagesTall = False
    if page.repeat_rows is not None:
        first, last = page.repeat_rows
        setup.PrintTitleRows = f"${first + 1}:${last + 1}"
    setup.CenterFooter = page.footer
    com.ResetAllPageBreaks()
    for row in page.breaks:
        com.HPageBreaks.Add(com.Rows(row + 1))


def _frozen_address(rows: int, cols: int) -> str:
    """The frozen cells as ``freeze_at`` takes them: rows 1..rows, columns A..cols."""
    if not cols:
        return f"1:{rows}"
    if not rows:
        return f"A:{column_letter(cols - 1)}"
    return f"A1:{column_letter(cols - 1)}{rows}"


def freeze(sheet: xw.Sheet, rows: int, cols: int) -> None:
    """Freeze the top ``rows`` rows and left ``cols`` columns, where the engine allows it."""
    if rows <= 0 and cols <= 0:
        return
    try:
        sheet.freeze_panes.freeze_at(_frozen_address(rows, cols))
        return
    except (AttributeError, NotImplementedError):  # classic xlwings implements no freeze_panes
        pass
    try:  # Windows: the COM window of the active sheet
        sheet.activate()
        window = sheet.book.app.api.ActiveWindow
        window.FreezePanes = False
        window.ScrollRow = 1
        window.ScrollColumn = 1
        window.SplitRow = rows
        window.SplitColumn = cols
        window.FreezePanes = True
    except Exception:  # macOS (AppleScript) has no such window object: leave panes unfrozen
        return


def check_chart(spec: ChartSpec) -> Iterable[str]:
    """What is wrong with a chart for this writer (nothing: an empty iterable)."""
    if spec.kind not in CHART_TYPES:
        yield f"Chart {spec.title!r} has an unknown kind {spec.kind!r}."
    every = [*spec.series, *spec.lines]
    for name, (r0, c0, r1, c1) in every:
        if r0 != r1 and c0 != c1:
            yield f"Chart series {name!r} must be one row or one column."
    along = {r0 == r1 for _, (r0, c0, r1, c1) in every if (r0, c0) != (r1, c1)}
    if len(along) > 1:
        yield f"Chart {spec.title!r} mixes series along rows and columns."
