"""What the live writer draws besides cells: charts, trends, colour scales, panes, printing.

:mod:`xl_kpi.excel` writes the summary's cells and styles; this module adds the rest of a
:class:`~xl_kpi.layout.SheetLayout` through xlwings, as far as its API reaches:

* **Charts**: native charts with their series, category labels, title and value-axis
  format, placed at their anchor cell (``Charts.add(anchor=...)``: the remote engine of
  xlwings Lite cannot read a cell's position, so it sends the cell's address). xlwings
  cannot mix chart types, so a chart's ``lines`` (a target) are drawn as further series
  of the chart's own kind, from one multi-area range; the remote engine takes one area
  only, so there a chart keeps its first series. Series names need xlwings' series API
  (Lite's engine only has it asynchronously: Excel's default names stay). A series that
  starts with a text gets exactly its cells through COM on Windows, since Excel would
  take the text for the series' name. xlwings cannot colour series, show data labels or
  reverse an axis, so those follow Excel's defaults.
* **Sparklines**: xlwings has no sparkline API, so each sparkline cell gets a text
  sparkline instead (:func:`~xl_kpi.layout.bars`: ``▁▃▅█``, one bar per period), in the
  colour of the native ones. A native sparkline left by a headless refresh is removed
  first on Windows (COM); other engines cannot remove it.
* **Colour scales**: native conditional formatting (xlwings 0.37.5+); with an older
  xlwings, the cells are filled with the colours the scale would give them.
* **Printing**: the print area through xlwings where the engine has it (not in Lite
  with xlwings 0.33.x); landscape, one page wide, the repeated title rows, the footer and
  the page breaks through COM on Windows. On macOS and in xlwings Lite these keep
  whatever the sheet had (a summary first written by a headless refresh or a template
  keeps its page setup across live refreshes). A COM error there (error 1004 where
  Windows has no usable printer) ends the printing settings only.
* **Frozen panes**: ``Sheet.freeze_panes`` where the engine implements it (the remote
  engines), the active window of the COM object model on Windows (which requires
  activating the summary sheet), nothing on macOS: panes are a convenience, not content.

Anything an engine lacks or refuses is left out and noted once in :class:`Shortfalls`,
never a failed refresh and never swallowed: the Refresh button says it to the user.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .excelfacts import column_letter
from .layout import COLORS, ChartSpec, ColorScale, PageSetup, SheetLayout, bars
from .problems import Words, listing, say

if TYPE_CHECKING:
    import xlwings as xw

__all__ = [
    "CHART_TYPES",
    "FEATURES",
    "Shortfalls",
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


#: What a live refresh may have to leave out, by the key :class:`Shortfalls` notes: each
#: is said in the words ``excel.lacks.<key>`` of :mod:`xl_kpi.i18n_commands`.
FEATURES = (
    "charts",
    "chart_series",
    "chart_values",
    "series_names",
    "formats",
    "sizes",
    "color_scales",
    "page_setup",
    "panes",
)


class Shortfalls:
    """What this Excel could not do during one refresh, each feature noted once with the
    first error behind it, to be said to the user once at the end (never swallowed).

    An engine lacks an operation (xlwings raises ``NotImplementedError``: Lite's engine
    has no charts in xlwings 0.33.x, no synchronous positions in 0.37.x), lacks the API
    (an older xlwings), or refuses a call at run time (a COM error such as 1004 with no
    usable printer, an AppleScript error, Office.js rejecting an action): each ends the
    feature it belongs to, never the refresh.
    """

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def note(self, feature: str, error: BaseException | None = None) -> None:
        if feature not in FEATURES:
            raise ValueError(f"Unknown feature {feature!r}")
        reason = "" if error is None else (str(error).strip() or type(error).__name__)
        self.found.setdefault(feature, reason)

    @contextlib.contextmanager
    def guard(self, feature: str) -> Iterator[None]:
        """Run a step of ``feature``; an engine's error there is noted, not raised."""
        try:
            yield
        except Exception as exc:  # noqa: BLE001  (COM, AppleScript, Office.js: no common type)
            self.note(feature, exc)

    def __bool__(self) -> bool:
        return bool(self.found)

    def say(self, lang: str = "en") -> str | None:
        """The one message that says them all, in ``lang`` (None when nothing is missing)."""
        if not self.found:
            return None
        parts = [Words(f"excel.lacks.{key}").say(lang) for key in FEATURES if key in self.found]
        return Words("excel.lacks", features=say(listing(parts), lang)).say(lang)


def supports(obj: Any, attribute: str) -> bool:
    """Whether the xlwings class of ``obj`` has ``attribute`` (some came in 0.37.x)."""
    return hasattr(type(obj), attribute)


def draw(sheet: xw.Sheet, layout: SheetLayout, lacks: Shortfalls | None = None) -> None:
    """Add the layout's charts, text sparklines, colour scales and page setup to ``sheet``
    (whose cells are already written); what the engine cannot do is noted in ``lacks``."""
    lacks = lacks if lacks is not None else Shortfalls()
    for spec in layout.charts:
        _add_chart(sheet, spec, lacks, _leading_text(layout, spec))
        if "charts" in lacks.found and not _has_charts(sheet):
            break  # an engine without charts: said once, not tried per chart
    _clear_native_sparklines(sheet)
    with lacks.guard("formats"):
        for row, col, texts in text_sparklines(layout):  # the text sparklines, in ink colour
            last = row + len(texts)
            sheet.range((row + 1, col + 1), (last, col + 1)).font.color = COLORS["ink"]
    for scale in layout.color_scales:
        with lacks.guard("color_scales"):
            _color_scale(sheet, scale, layout)
    if layout.page is not None:
        _page_setup(sheet, layout.page, lacks)


def _leading_text(layout: SheetLayout, spec: ChartSpec) -> bool:
    """Whether a series of the chart starts with a text ("–", "no data"): Excel's
    ``SetSourceData`` takes such a cell for the series' name and shifts the points."""
    for _name, area in [*spec.series, *spec.lines]:
        values = layout.values(area)
        if values and isinstance(values[0], str) and len(values) > 1:
            return True
    return False


def _has_charts(sheet: xw.Sheet) -> bool:
    try:
        sheet.charts  # noqa: B018  (the engine refuses the collection itself)
    except NotImplementedError:
        return False
    return True


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


def _series_source(sheet: xw.Sheet, areas: list[_Area]) -> tuple[xw.Range, str, int]:
    """The range holding the series' values, whether series run down columns, and how
    many series it holds: all of them, or only the first where the series are not one
    rectangle and the engine takes no multi-area range (xlwings' remote engine)."""
    by_rows = all(r0 == r1 for r0, _, r1, _ in areas) and any(c0 != c1 for _, c0, _, c1 in areas)
    r0, c0, r1, c1 = areas[0]
    if by_rows:
        tiled = all(a == (r0 + i, c0, r0 + i, c1) for i, a in enumerate(areas))
        last = (r0 + len(areas) - 1, c1)
    else:
        tiled = all(a == (r0, c0 + i, r1, c0 + i) for i, a in enumerate(areas))
        last = (r1, c0 + len(areas) - 1)
    plot_by = "rows" if by_rows else "columns"
    if tiled:  # one rectangle
        source = sheet.range((r0 + 1, c0 + 1), (last[0] + 1, last[1] + 1))
        return source, plot_by, len(areas)
    try:  # a multi-area range, one area per series
        return sheet.range(",".join(_address(area) for area in areas)), plot_by, len(areas)
    except ValueError:  # the remote engine's address parser takes one area
        return sheet.range((r0 + 1, c0 + 1), (r1 + 1, c1 + 1)), plot_by, 1


def _pin_values(sheet: xw.Sheet, chart: xw.Chart, areas: list[_Area], lacks: Shortfalls) -> None:
    """Give each series exactly its cells, where a leading text may have been taken for
    its name: through COM's ``Series.Values`` on Windows (xlwings has no API for a
    series' values); elsewhere the shift is said."""
    try:
        com = chart.api[1]
        ranges = [sheet.range((r0 + 1, c0 + 1), (r1 + 1, c1 + 1)).api for r0, c0, r1, c1 in areas]
        for index, rng in enumerate(ranges, start=1):
            com.SeriesCollection(index).Values = rng
    except Exception as exc:  # noqa: BLE001  (macOS and the remote engines: no COM series)
        lacks.note("chart_values", exc)


def _takes_anchor(charts: Any) -> bool:
    """Whether ``Charts.add`` places a chart at a cell (xlwings 0.37+): engines that
    cannot read a cell's position synchronously (Lite) place it by the cell's address."""
    try:
        return "anchor" in inspect.signature(charts.add).parameters
    except (TypeError, ValueError):
        return False


def _add_chart(sheet: xw.Sheet, spec: ChartSpec, lacks: Shortfalls, text: bool = False) -> None:
    """Draw one chart; what the engine refuses is noted, and a chart it could not make
    whole is removed rather than left half drawn. ``text``: a series starts with a text."""
    every = [*spec.series, *spec.lines]  # xlwings draws a chart in one type
    made: list[xw.Chart] = []
    try:
        drawn = _chart_with_data(sheet, spec, every, made)
        if text:
            _pin_values(sheet, made[0], [area for _, area in every[:drawn]], lacks)
    except Exception as exc:  # noqa: BLE001  (the engine's error: no common type)
        lacks.note("charts", exc)
        for chart in made:
            with contextlib.suppress(Exception):
                chart.delete()
        return
    chart = made[0]
    if drawn < len(every):
        lacks.note("chart_series")
    if supports(chart, "series"):
        with lacks.guard("series_names"):
            for series, (name, _area) in zip(chart.series, every[:drawn]):
                series.name = name
    else:
        lacks.note("series_names")
    with lacks.guard("charts"):
        if spec.title and supports(chart, "title"):
            chart.title = spec.title
        if spec.number_format != "General" and supports(chart, "value_axis"):
            chart.value_axis.number_format = spec.number_format


def _chart_with_data(
    sheet: xw.Sheet, spec: ChartSpec, every: list[tuple[str, _Area]], made: list[xw.Chart]
) -> int:
    """Add the chart (into ``made``) with its data, type and categories; how many of the
    series it holds."""
    source = plot_by = None
    drawn = 0
    if every:  # before the chart: a source the engine cannot take adds no chart
        source, plot_by, drawn = _series_source(sheet, [area for _, area in every])
    charts = sheet.charts
    anchor = sheet.range((spec.anchor[0] + 1, spec.anchor[1] + 1))
    width, height = (pixels * _POINTS_PER_PIXEL for pixels in spec.size)
    if _takes_anchor(charts):
        chart = charts.add(width=width, height=height, anchor=anchor)
    else:
        chart = charts.add(anchor.left, anchor.top, width, height)
    made.append(chart)
    if source is not None:
        if supports(chart, "plot_by"):
            chart.set_source_data(source, plot_by=plot_by)
        else:
            chart.set_source_data(source)
    chart.chart_type = CHART_TYPES[spec.kind]  # after the data, as xlwings itself does
    if every and supports(chart, "set_x_axis_values"):
        r0, c0, r1, c1 = spec.categories
        chart.set_x_axis_values(sheet.range((r0 + 1, c0 + 1), (r1 + 1, c1 + 1)))
    return drawn


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


def _page_setup(sheet: xw.Sheet, page: PageSetup, lacks: Shortfalls) -> None:
    r0, c0, r1, c1 = page.area
    if supports(sheet, "page_setup"):
        with lacks.guard("page_setup"):
            sheet.page_setup.print_area = f"$A${r0 + 1}:${column_letter(c1)}${r1 + 1}"
    try:
        com = sheet.api
        setup = com.PageSetup
    except Exception:  # noqa: BLE001  (macOS and the remote engines: no COM PageSetup)
        lacks.note("page_setup")
        return
    # Each COM call may fail on its own (error 1004 where Windows has no usable printer):
    # one failure ends the printing settings, said once, and the rest of the refresh goes on.
    with lacks.guard("page_setup"):
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


def freeze(sheet: xw.Sheet, rows: int, cols: int, lacks: Shortfalls | None = None) -> None:
    """Freeze the top ``rows`` rows and left ``cols`` columns, where the engine allows it."""
    lacks = lacks if lacks is not None else Shortfalls()
    if rows <= 0 and cols <= 0:
        return
    try:
        sheet.freeze_panes.freeze_at(_frozen_address(rows, cols))
        return
    except (AttributeError, NotImplementedError):  # classic xlwings implements no freeze_panes
        pass
    except Exception as exc:  # noqa: BLE001  (Office.js refusing)
        lacks.note("panes", exc)
        return
    try:  # Windows: the COM window of the active sheet
        window = sheet.book.app.api.ActiveWindow
    except Exception as exc:  # noqa: BLE001  (macOS (AppleScript) has no such window object)
        lacks.note("panes", exc)
        return
    with lacks.guard("panes"):
        sheet.activate()
        window = sheet.book.app.api.ActiveWindow
        window.FreezePanes = False
        window.ScrollRow = 1
        window.ScrollColumn = 1
        window.SplitRow = rows
        window.SplitColumn = cols
        window.FreezePanes = True


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
