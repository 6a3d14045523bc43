"""Put a :class:`~xl_kpi.layout.SheetLayout` into a workbook file.

:func:`render_donor` renders the layout with xlsxwriter into a small, one-sheet *donor*
workbook in memory; :func:`write_summary` splices that sheet into the user's workbook
(see :mod:`xl_kpi.files.splice`), so nothing else in the workbook is rewritten, and
replaces the file atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import os
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..excelfacts import DATE_FORMAT, DATETIME_FORMAT, quote_sheet
from ..layout import (
    CHART_COLORS,
    COLORS,
    PAPER_CODES,
    STYLES,
    ButtonSpec,
    ChartSpec,
    PageSetup,
    SheetLayout,
)
from ..problems import keyed
from . import save, splice
from ._errors import MissingFile

__all__ = ["Written", "render_donor", "write_summary"]

#: Creation date stamped on every donor, so one layout always renders to the same bytes.
_CREATED = dt.datetime(2000, 1, 1)
_CHART_FONT = 11  # points: every text of a chart
_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def render_donor(layout: SheetLayout) -> bytes:
    """The layout as an ``.xlsx`` workbook with one worksheet named ``layout.name``.

    Text is always written as text (``"=HYPERLINK(...)"``, ``"#N/A"`` and ``"1 234"``
    stay strings); numbers as numbers (``NaN`` and infinities as styled blanks); logical
    values as TRUE/FALSE; dates with :data:`DATE_FORMAT` (or :data:`DATETIME_FORMAT` when
    they have a time of day) on top of their style; ``None`` as a styled blank. Column
    widths, frozen panes, native charts, sparklines (one group, in the sheet's own
    extension list), colour scales (conditional formats of the sheet) and the page setup
    follow the layout. The same layout always gives the same bytes.

    Raises:
        ValueError: a cell names a style that is not in :data:`~xl_kpi.layout.STYLES`,
            or holds a value of another type.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _OPTIONS)
    workbook.set_properties({"created": _CREATED})
    sheet = workbook.add_worksheet(layout.name)
    formats = _Formats(workbook)
    for row, col, value, style in layout.cells():
        _write(sheet, row, col, value, style, formats)
    for col, width in sorted(layout.column_widths.items()):
        sheet.set_column(col, col, width)
    for row, height in sorted(layout.row_heights.items()):
        sheet.set_row(row, height)
    if layout.freeze is not None:
        sheet.freeze_panes(*layout.freeze)
    for spec in layout.charts:
        row, col = spec.anchor
        sheet.insert_chart(row, col, _chart(workbook, layout.name, spec))
    if layout.sparklines:
        sheet.add_sparkline(
            *layout.sparklines[0].cell,
            {
                "location": [xl_rowcol_to_cell(*s.cell) for s in layout.sparklines],
                "range": [_area(layout.name, s.source) for s in layout.sparklines],
                "type": "column",
                "series_color": COLORS["ink"],
                "negative_points": True,
                "negative_color": COLORS["bad_ink"],
            },
        )
    for scale in layout.color_scales:
        sheet.conditional_format(
            *scale.area,
            {"type": "2_color_scale", "min_color": scale.low, "max_color": scale.high},
        )
    if layout.page is not None:
        _page_setup(sheet, layout.page)
    for button in layout.buttons:
        _button(sheet, layout.name, button)
    workbook.close()
    return _name_buttons(buffer.getvalue(), layout.buttons)


def _area(sheet: str, area: tuple[int, int, int, int]) -> str:
    r0, c0, r1, c1 = area
    return f"{quote_sheet(sheet)}!{xl_rowcol_to_cell(r0, c0)}:{xl_rowcol_to_cell(r1, c1)}"


def _page_setup(sheet: Worksheet, page: PageSetup) -> None:
    if page.landscape:
        sheet.set_landscape()
    if page.paper:
        sheet.set_paper(PAPER_CODES[page.paper])
    left, right, top, bottom = page.margins
    sheet.set_margins(left=left, right=right, top=top, bottom=bottom)
    if page.fit_width:
        sheet.fit_to_pages(1, 0)
    sheet.print_area(*page.area)
    if page.repeat_rows is not None:
        sheet.repeat_rows(*page.repeat_rows)
    if page.breaks:
        sheet.set_h_pagebreaks(list(page.breaks))
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    if page.footer:
        sheet.set_footer(f"&C{page.footer}")


def _button(sheet: Worksheet, sheet_name: str, button: ButtonSpec) -> None:
    """A button as a text box: a shape Excel can run a macro from and xlwings Lite can bind."""
    options: dict[str, Any] = {
        "width": button.size[0],
        "height": button.size[1],
        "object_position": 3,  # don't move or size with cells
        "fill": {"color": "#1F4E78"},
        "line": {"none": True},
        "font": {"bold": True, "color": "white", "size": 11},
        "align": {"vertical": "middle", "horizontal": "center"},
    }
    if button.link is not None:
        cell = xl_rowcol_to_cell(*button.link)
        options["url"] = f"internal:{quote_sheet(sheet_name)}!{cell}"
    sheet.insert_textbox(*button.anchor, button.caption, options)


_TEXTBOX = re.compile(
    r'<xdr:sp macro="" (textlink=""><xdr:nvSpPr><xdr:cNvPr id="\d+") name="TextBox \d+"'
)


_SHAPE_END = "</xdr:sp><xdr:clientData/>"


def _name_buttons(donor: bytes, buttons: tuple[ButtonSpec, ...]) -> bytes:
    """Give the text boxes their buttons' names and macros (xlsxwriter names them
    ``TextBox N`` and has no option for a shape's macro, which Excel stores on the shape),
    and keep them off the printed page."""
    if not buttons:
        return donor
    found = iter(buttons)

    def named(match: re.Match[str]) -> str:
        button = next(found)
        macro = f"[0]!{button.macro}" if button.macro else ""
        return f'<xdr:sp macro="{escape(macro)}" {match.group(1)} name="{escape(button.name)}"'

    source, out = zipfile.ZipFile(io.BytesIO(donor)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/drawings/drawing"):
                text = _TEXTBOX.sub(named, data.decode("utf-8"))
                # a button is for the screen: it does not print with the sheet
                text = text.replace(_SHAPE_END, '</xdr:sp><xdr:clientData fPrintsWithSheet="0"/>')
                data = text.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


class Written(NamedTuple):
    """Where a summary was written: the file, and the sheet's name in it."""

    path: Path
    sheet: str


def write_summary(
    path: str | os.PathLike[str],
    layout: SheetLayout,
    out: str | os.PathLike[str] | None = None,
    summary: str | None = None,
) -> Written:
    """Put the layout's sheet into the workbook at ``path`` and save it to ``out``.

    The sheet is added after the last sheet, or replaces the sheet an earlier refresh
    wrote (same position and name); every other part of the workbook is copied byte for
    byte, so ``.xlsm`` macros, other sheets, charts and formulas survive. The result is
    written to a temporary file and then moved over ``out`` (by default ``path``). When
    several sheets carry the summary's marker (copies), ``summary`` names the summary.

    Returns:
        The path written and the name of the summary sheet in it (an earlier summary keeps
        the name it has).

    Raises:
        FileNotFoundError: ``path`` does not exist.
        save.WorkbookLocked: ``path`` or ``out`` is open in Excel.
        splice.SpliceError: the sheet cannot be inserted (the message says why).
    """
    path = Path(path)
    target = Path(out) if out is not None else path
    if not path.is_file():
        raise keyed(
            MissingFile,
            "error.file.missing",
            file=repr(path.name),
            folder=repr(str(path.parent)),
        )
    save.ensure_not_open(path)
    if target != path:
        save.ensure_not_open(target)
    donor = render_donor(layout)
    with save.atomic_write(target) as handle:
        sheet = splice.splice_sheet(path, donor, handle, layout.name, summary)
    return Written(target, sheet)


class _Formats:
    """xlsxwriter formats of the layout's styles, each created once."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._made: dict[tuple[str | None, str | None], Format | None] = {}

    def get(self, style: str | None, num_format: str | None = None) -> Format | None:
        """The format of ``style`` (None: plain), with ``num_format`` laid over it."""
        key = (style, num_format)
        if key not in self._made:
            if style is not None and style not in STYLES:
                raise ValueError(f"Unknown cell style {style!r}; known: {sorted(STYLES)}.")
            given = STYLES[style] if style is not None else {}
            properties = dict(given)
            if num_format is not None:
                properties["num_format"] = num_format
            self._made[key] = self._workbook.add_format(properties) if properties else None
        return self._made[key]


def _write(
    sheet: Worksheet, row: int, col: int, value: Any, style: str | None, formats: _Formats
) -> None:
    """One layout cell, by the type of its value."""
    if isinstance(value, str):
        sheet.write_string(row, col, value, formats.get(style))
    elif value is None:
        sheet.write_blank(row, col, None, formats.get(style))
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, formats.get(style))
    elif isinstance(value, numbers.Real):
        number = float(value)
        if math.isfinite(number):
            sheet.write_number(row, col, number, formats.get(style))
        else:
            sheet.write_blank(row, col, None, formats.get(style))
    elif isinstance(value, dt.date):
        timed = isinstance(value, dt.datetime) and value.time() != dt.time(0)
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        date_format = DATETIME_FORMAT if timed else DATE_FORMAT
        sheet.write_datetime(row, col, value, formats.get(style, date_format))
    else:
        raise ValueError(f"Cell ({row}, {col}) holds {value!r}, which a sheet cannot show.")


def _chart(workbook: xlsxwriter.Workbook, sheet: str, spec: ChartSpec) -> Any:
    """A native chart over ranges of ``sheet``, in the layout's colours."""
    chart = workbook.add_chart({"type": spec.kind})
    if chart is None:
        raise ValueError(f"Unknown chart kind {spec.kind!r}.")
    for i, (name, area) in enumerate(spec.series):
        chart.add_series(_series(sheet, spec, name, area, CHART_COLORS[i % len(CHART_COLORS)]))
    if spec.lines:
        overlay = workbook.add_chart({"type": "line"})
        for i, (name, area) in enumerate(spec.lines, start=len(spec.series)):
            series = dict(_series(sheet, spec, name, area, None))
            series.pop("data_labels", None)  # the line reads off the axis
            color = CHART_COLORS[i % len(CHART_COLORS)]
            if spec.marks:  # a mark per period, as a target is set: never a smoothed line
                series["line"] = {"none": True}
                series["marker"] = {
                    "type": "long_dash",
                    "size": 12,
                    "fill": {"color": color},
                    "border": {"color": color},
                }
            else:
                series["line"] = {"color": color, "width": 2.25, "dash_type": "dash"}
                series["marker"] = {"type": "none"}
            overlay.add_series(series)
        chart.combine(overlay)
    # Every text of a chart at 11 points, as the cells': printed one page wide (at 75% or
    # more) it stays above 8 points, where a reader's defaults (10 points) would not.
    chart.set_title({"name": spec.title, "name_font": {"size": _CHART_FONT, "bold": True}})
    if len(spec.series) + len(spec.lines) == 1:  # the title already names the one series
        chart.set_legend({"none": True})
    else:
        chart.set_legend({"position": "bottom", "font": {"size": _CHART_FONT}})
    font = {"num_font": {"size": _CHART_FONT}}
    value_axis = {"num_format": spec.number_format, "major_gridlines": {"visible": True}, **font}
    if spec.kind == "bar":  # values run along the horizontal axis; categories top down,
        chart.set_x_axis(value_axis)  # their labels left of negative bars, values below
        chart.set_y_axis({"reverse": True, "crossing": "max", "label_position": "low", **font})
    else:
        chart.set_y_axis(value_axis)
        chart.set_x_axis(font)
    width, height = spec.size
    chart.set_size({"width": width, "height": height})
    return chart


def _series(
    sheet: str, spec: ChartSpec, name: str, area: tuple[int, int, int, int], color: str | None
) -> Mapping[str, Any]:
    r0, c0, r1, c1 = area
    series: dict[str, Any] = {
        "name": name,
        "categories": [sheet, *spec.categories],
        "values": [sheet, r0, c0, r1, c1],
    }
    if color is not None:
        series["fill"] = {"color": color}
        series["border"] = {"none": True}
    if spec.labels:
        series["data_labels"] = {
            "value": True,
            "num_format": spec.number_format,
            "font": {"size": _CHART_FONT},
        }
    return series
