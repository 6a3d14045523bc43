"""The KPI Summary sheet, laid out from a report: what a head of marketing reads in a minute.

Top to bottom: a title with the data's dates and the refresh time; "What changed" (why
revenue moved, the pace of a period in progress, the movers by channel:
:mod:`xl_kpi.summary_changes`); the scorecard (every
KPI with a column sparkline of its periods, each period, total, change from the previous
period, target, % of target, a status marker, benchmark) and the targets by period; the
charts (:mod:`xl_kpi.summary_charts`); the channel table, the funnel, a table per social
network and the cohort retention grid, colour-scaled (:mod:`xl_kpi.summary_tables`, on
the sheet of :mod:`xl_kpi.summary_sheet`); the data notes (rows read and
skipped per tab, with the first reasons); and the definitions of the scorecard's KPIs
(:mod:`xl_kpi.definitions`).  Labels follow the workbook's language.

It prints as a report: landscape, one page wide, the title rows on every page, the print
area over the tables, and a page for the scorecard, one for the charts, one for the
tables and one for the notes and definitions.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd

from . import summary_changes as changes
from . import summary_charts as charts
from . import summary_tables as tables
from .catalogue import Unit
from .definitions import definitions_table
from .formats import format_change, format_period, format_value
from .i18n import LANGUAGES, labels, text
from .layout import (
    ButtonSpec,
    ChartSpec,
    PageSetup,
    SheetLayout,
    Sparkline,
    Value,
    number_style,
)
from .report import TOTAL, Report, ScoreRow, build_report
from .schema import TABS
from .summary_sheet import (
    PAGE_COLUMNS,
    STATUS_MARKS,
    TITLE_ROWS,
    Sheet,
    status_of,
    target_cell,
    value_cell,
)
from .tabs import read_tabs

__all__ = ["SHEET_NAMES", "STATUS_MARKS", "build_summary", "paper_for", "summary_layout"]

#: The summary sheet's name by language (an existing summary keeps its name).
SHEET_NAMES = {lang: str(text("summary.title", lang)) for lang in LANGUAGES}

#: The Refresh button: its shape's name, and the cell under it (J1) that its link selects,
#: which is how xlwings Lite runs the script bound to it.
REFRESH_SHAPE = "xlkpi_refresh"
REFRESH_CELL = (0, 9)

_HEADER_HEIGHT = 30.0  # points: two lines of wrapped heading
_NOTES_PER_TAB = 5
_NOTE_CHARS = 95  # a note's line: columns E to M hold about a hundred characters
_NAME_WIDTH = 30.0  # characters: column A, the KPI names
_TREND_WIDTH = 12.0  # column B, the sparklines
_NUMBER_WIDTH = 11.5  # every other column
_FIRST_PAGE_PERIODS = 6  # the latest periods on the first page's scorecard, at most
#: The tiles at the top: the headline KPIs (the first that have data), and the column of
#: each tile (a tile's text runs over the empty cell to its right).
_HEADLINES = ("revenue", "sales_count", "aov", "conversion_rate", "romi", "cac", "new_customers")
_TILE_COLUMNS = (0, 2, 4, 6, 8, 10)
_TILE_HEIGHT = 27.0  # points: the tiles' values, in a large font


def build_summary(
    raw: Mapping[str, pd.DataFrame],
    *,
    refreshed: dt.datetime | None = None,
    sheet_name: str | None = None,
    button: str | None = None,
) -> tuple[Report, SheetLayout]:
    """Read raw tabs, compute the report and lay the summary out: the whole refresh core.

    ``button`` is the kind of workbook the summary goes into, for its Refresh button:
    ``classic`` (runs the ``refresh_kpis`` macro), ``lite`` (a shape xlwings Lite binds
    to ``refresh_kpis``) or None (no button).
    """
    report = build_report(read_tabs(raw))
    when = refreshed or dt.datetime.now().replace(microsecond=0)
    layout = summary_layout(report, refreshed=when, sheet_name=sheet_name, button=button)
    return report, layout


def refresh_button(kind: str, lang: str = "en") -> ButtonSpec:
    """The Refresh button of a ``classic`` or ``lite`` workbook."""
    caption = str(text("summary.refresh", lang))
    if kind == "classic":
        return ButtonSpec(REFRESH_SHAPE, caption, REFRESH_CELL, macro="refresh_kpis")
    if kind == "lite":
        return ButtonSpec(REFRESH_SHAPE, caption, REFRESH_CELL, link=REFRESH_CELL)
    raise ValueError(f"no Refresh button for a {kind!r} workbook")


def summary_layout(
    report: Report,
    *,
    refreshed: dt.datetime,
    sheet_name: str | None = None,
    button: str | None = None,
    paper: str | None = None,
) -> SheetLayout:
    """The summary sheet for ``report``; ``paper`` (``a4`` or ``letter``) is the paper it
    prints on, by default the workbook's language's (:func:`paper_for`)."""
    lang = report.settings.language if report.settings.language in LANGUAGES else "en"
    t = labels("summary.", lang)
    sheet = Sheet()
    sheet.line(t["title"], "title")
    sheet.line(_subtitle(report, refreshed, t), "subtitle")
    sheet.skip()
    columns = PAGE_COLUMNS
    widths = {0: _NAME_WIDTH, 1: _TREND_WIDTH, **dict.fromkeys(range(2, columns), _NUMBER_WIDTH)}
    chart_specs: list[ChartSpec] = []
    if report.periods:
        targets = charts.targets_by_period(report)
        tiles = _tiles(sheet, report, t, lang)
        said = _what_changed(sheet, report, lang)
        if bool(tiles) != said:  # a blank row after either; both fit the first page so
            sheet.skip()
        shown = _scorecard(sheet, report, t, lang)
        _movers(sheet, report, lang)
        sheet.new_page()
        history = _history(sheet, report, t, lang)
        _targets(sheet, report, targets, t, lang)
        for cell, name in [*tiles, *shown]:
            if name in history:
                sheet.sparklines.append(Sparkline(cell, history[name]))
        planned = charts.plan(report, targets)
        chart_top = None
        if planned:
            sheet.new_page()
            sheet.skip()  # a chart's frame on the break would print on the page before
            chart_top = sheet.row
            sheet.skip(charts.rows_needed(len(planned)))
        sheet.new_page()
        tables.channels(sheet, report, t, lang)
        tables.funnel(sheet, report, t, lang)
        tables.social(sheet, report, t, lang)
        tables.cohorts(sheet, report, t, lang)
        if chart_top is not None:
            chart_specs = charts.chart_specs(
                report,
                planned,
                sheet.places,
                t,
                lang,
                targets,
                top=chart_top,
                widths=widths,
                columns=columns,
            )
    if report.periods:
        sheet.new_page()
    _notes(sheet, report, t, lang)
    if report.scorecard:
        sheet.skip()
        sheet.keep(4)
        sheet.line(t["definitions"], "section")
        rows, styles = definitions_table(report, t, lang, widths)
        sheet.put(rows, styles)
    last_col = max(sheet.columns, max(widths) + 1) - 1
    page = PageSetup(
        (0, 0, sheet.row - 1, last_col),
        repeat_rows=TITLE_ROWS,
        breaks=tuple(sheet.breaks),
        footer=t["page"],
        paper=paper or paper_for(lang),
    )
    return SheetLayout(
        sheet_name or SHEET_NAMES[lang],
        tuple(sheet.blocks),
        widths,
        tuple(chart_specs),
        freeze=(0, 1),
        row_heights={
            **dict.fromkeys(sheet.header_rows(), _HEADER_HEIGHT),
            **dict.fromkeys(sheet.tall_rows, _TILE_HEIGHT),
        },
        buttons=(refresh_button(button, lang),) if button else (),
        sparklines=tuple(sheet.sparklines),
        color_scales=tuple(sheet.scales),
        page=page,
    )


#: Where Letter paper is the usual size (the US, Canada, Mexico, the Philippines and a few
#: in the Americas); everywhere else prints on A4.
_LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR"})


def paper_for(lang: str, environ: Mapping[str, str] | None = None) -> str:
    """The paper a summary in ``lang`` prints on: A4 for Russian; for English, Letter
    where the locale's territory uses it (``en_US``) or says none, A4 elsewhere (``en_GB``).

    >>> paper_for("ru"), paper_for("en", {"LANG": "en_GB.UTF-8"}), paper_for("en", {})
    ('a4', 'a4', 'letter')
    """
    if lang == "ru":
        return "a4"
    env = os.environ if environ is None else environ
    locale = next((env[k] for k in ("LC_ALL", "LC_PAPER", "LANG") if env.get(k)), "")
    territory = locale.split(".")[0].partition("_")[2].upper()
    return "a4" if territory and territory not in _LETTER_TERRITORIES else "letter"


def _subtitle(report: Report, refreshed: dt.datetime, t: Mapping[str, str]) -> str:
    if report.first_date is None:
        dates = t["no_dates"]
    else:
        dates = f"{report.first_date:%d.%m.%Y} – {report.last_date:%d.%m.%Y}"
    parts = [dates, f"{t['period']}: {t[report.settings.period]}"]
    if report.settings.currency:
        parts.append(f"{t['currency']}: {report.settings.currency}")
    if report.attribution:
        parts.append(f"ROMI: {t['attribution.' + report.attribution]}")
    parts.append(f"{t['refreshed']} {refreshed:%d.%m.%Y %H:%M}")
    return " · ".join(parts)


def _what_changed(sheet: Sheet, report: Report, lang: str) -> bool:
    """Why revenue moved and the pace of a period in progress (:mod:`.summary_changes`), in
    words right under the tiles, so that the first page holds the tiles, these words and
    the scorecard; the movers table follows the scorecard (:func:`_movers`). Whether it
    said anything."""
    found = changes.block(report, lang)[:2]
    for rows, styles in found:
        sheet.put(rows, styles)
    return bool(found)


def _movers(sheet: Sheet, report: Report, lang: str) -> None:
    """The movers table by channel of the "What changed" block, after the scorecard."""
    found = changes.block(report, lang)[2:]
    for rows, styles in found:
        sheet.put(rows, styles)
    if found:
        sheet.skip()


def _heading(report: Report, period: str, lang: str) -> str:
    """A period's heading as the language writes it, marked while it is in progress."""
    return changes.heading(report, period, lang, format_period(period, lang))


def _change(line: ScoreRow, t: Mapping[str, str], lang: str) -> tuple[Value, str]:
    """The change from the previous period: a rate's in percentage points (the cell holds
    points), anything else's as a share."""
    if not line.has_data:
        return t["no_data"], "nodata"
    if math.isnan(line.change):
        return t["undefined"], "nodata"
    value = line.change if line.change_unit == "pp" else line.change / 100
    return float(value), number_style(f"change.{line.change_unit}", lang)


def _headline(report: Report) -> list[ScoreRow]:
    """The KPIs of the tiles: the headline ones that have data, in their order."""
    rows = {line.entry.name: line for line in report.scorecard if line.has_data}
    return [rows[name] for name in _HEADLINES if name in rows][: len(_TILE_COLUMNS)]


def _tiles(
    sheet: Sheet, report: Report, t: Mapping[str, str], lang: str
) -> list[tuple[tuple[int, int], str]]:
    """The headline KPIs as tiles at the top: the latest period's value, big; against its
    target with the status; against the previous period; a sparkline of the periods.

    Returns the cells of the sparklines to draw once the history is placed, with their
    KPI's name, as :func:`_scorecard` does."""
    lines = _headline(report)
    if not lines:
        return []
    periods, currency = report.periods, report.settings.currency
    before = format_period(periods[-2], lang) if len(periods) > 1 else None
    sheet.line(t["latest"].format(period=format_period(periods[-1], lang)), "section")
    rows: list[list[Value]] = [[None] * PAGE_COLUMNS for _ in range(4)]
    styles: list[list[str | None]] = [[None] * PAGE_COLUMNS for _ in range(4)]
    sparks = []
    top = sheet.row
    for line, col in zip(lines, _TILE_COLUMNS):
        value = line.values[periods[-1]]
        rows[0][col] = line.entry.title(lang)
        shown = format_value(value, line.entry.unit, lang) if value == value else "–"
        if line.entry.unit is Unit.MONEY and currency and value == value:
            shown += f" {currency}"  # the workbook's currency, as Settings name it
        rows[1][col] = shown
        if line.target is not None:
            said = f"{t['target']} {format_value(line.target, line.entry.unit, lang)}"
            if line.on_track is not None:
                word = t["on_track"] if line.on_track else t["behind"]
                progress = format_value(line.progress, Unit.RATIO, lang)
                said = f"{STATUS_MARKS[line.on_track]} {word} · {progress} {t['of_target']}"
                styles[2][col] = "tile_good" if line.on_track else "tile_bad"
            rows[2][col] = said
        else:
            rows[2][col] = t["no_target"]
        if before is not None and not math.isnan(line.change):
            change = format_change(line.change, line.change_unit, lang)
            rows[3][col] = t["vs_previous"].format(change=change, period=before)
        styles[0][col], styles[1][col] = "tile_label", "tile_value"
        styles[2][col] = styles[2][col] or "tile_note"
        styles[3][col] = "tile_note"
        sparks.append(((top + 4, col), line.entry.name))
    sheet.put(rows, styles)
    sheet.tall_rows.append(top + 1)
    sheet.skip()  # the tiles' sparklines (the caller puts a blank row or "What changed")
    return sparks


def _scorecard(
    sheet: Sheet, report: Report, t: Mapping[str, str], lang: str
) -> list[tuple[tuple[int, int], str]]:
    """The scorecard of the first page: every KPI over the latest periods (as many as the
    page is wide for), its total, change, target, % of target, status and benchmark.  The
    whole history by period follows on the next pages (:func:`_history`).

    Returns the cells of the sparklines to draw once the history is placed."""
    periods = report.periods
    benchmarks = any(line.benchmark is not None for line in report.scorecard)
    trailing = 6 if benchmarks else 5
    shown = periods[-max(1, min(_FIRST_PAGE_PERIODS, PAGE_COLUMNS - 2 - trailing)) :]
    sheet.keep(len(report.scorecard) + 2)  # its title, header and rows on one page
    sheet.line(t["scorecard"], "section")
    header = [
        t["kpi"],
        t["trend"],
        *(_heading(report, p, lang) for p in shown),
        t["total"],
        t["change"],
        t["target"],
        t["progress"],
        t["status"],
        *([t["benchmark"]] if benchmarks else []),
    ]
    rows: list[list[Value]] = [header]
    styles: list[list[str | None]] = [["header"] * len(header)]
    top = sheet.row
    sparks = []
    for i, line in enumerate(report.scorecard, start=1):
        unit = line.entry.unit
        cells = [value_cell(line.values[p], unit, line.has_data, t, lang) for p in [*shown, TOTAL]]
        cells.append(changes.change_cell(report, line, lang) or _change(line, t, lang))
        cells.append(target_cell(line.target, unit, lang))
        cells.append(
            target_cell(line.progress if line.target is not None else None, Unit.RATIO, lang)
        )
        cells.append(_status(line, t))
        if benchmarks:
            cells.append(target_cell(line.benchmark, unit, lang))
        rows.append([line.entry.title(lang), None, *(c[0] for c in cells)])
        styles.append(["label", "text", *(c[1] for c in cells)])
        sparks.append(((top + i, 1), line.entry.name))
    sheet.put(rows, styles)
    sheet.skip()
    return sparks


def _chunks(periods: Sequence[str]) -> list[list[str]]:
    """The periods in runs as wide as a printed page holds, the latest run full."""
    size = PAGE_COLUMNS - 1
    first = len(periods) % size
    runs = [list(periods[:first])] if first else []
    runs += [list(periods[i : i + size]) for i in range(first, len(periods), size)]
    return runs


def _history(
    sheet: Sheet, report: Report, t: Mapping[str, str], lang: str
) -> dict[str, tuple[int, int, int, int]]:
    """Every KPI by period, in tables as wide as the page (the KPI names in each), the
    latest periods last: what the sparklines and the charts draw.

    Returns the numbers of each KPI's row of the latest table, by KPI name, for the
    sparklines (a KPI without numbers there has none)."""
    sheet.line(t["history"], "section")
    found: dict[str, tuple[int, int, int, int]] = {}
    for run in _chunks(report.periods):
        sheet.keep(len(report.scorecard) + 2)
        header = [t["kpi"], *(_heading(report, p, lang) for p in run)]
        rows: list[list[Value]] = [header]
        styles: list[list[str | None]] = [["header"] * len(header)]
        top = sheet.row
        for i, line in enumerate(report.scorecard, start=1):
            cells = [
                value_cell(line.values[p], line.entry.unit, line.has_data, t, lang) for p in run
            ]
            rows.append([line.entry.title(lang), *(c[0] for c in cells)])
            styles.append(["label", *(c[1] for c in cells)])
            sheet.places.kpi_rows[line.entry.name] = top + i
            if any(isinstance(c[0], float) for c in cells):
                found[line.entry.name] = (top + i, 1, top + i, len(run))
            else:
                found.pop(line.entry.name, None)
        sheet.put(rows, styles)
        sheet.places.header_row = top
        sheet.places.periods = (1, len(run))
        sheet.places.shown = [_heading(report, p, lang) for p in run]
        sheet.places.period_keys = run
        sheet.skip()
    return found


def _status(line: ScoreRow, t: Mapping[str, str]) -> tuple[Value, str]:
    if line.flag is not None:  # a fallback: its word, never a status (see the data notes)
        return f"⚠ {t['flag.' + line.flag]}", "text"
    return status_of(line.on_track, t)


def _targets(
    sheet: Sheet,
    report: Report,
    targets: Mapping[str, Mapping[str, float]],
    t: Mapping[str, str],
    lang: str,
) -> None:
    """The targets by period, in the columns of the history above them."""
    named = [line for line in report.scorecard if line.entry.name in targets]
    if not named:
        return
    sheet.keep(len(named) + 3)
    sheet.line(t["targets"], "section")
    for run in _chunks(report.periods):
        rows: list[list[Value]] = [[t["kpi"], *(_heading(report, p, lang) for p in run)]]
        styles: list[list[str | None]] = [["header"] * len(rows[0])]
        top = sheet.row
        for i, line in enumerate(named, start=1):
            goals = targets[line.entry.name]
            cells = [target_cell(goals.get(p), line.entry.unit, lang) for p in run]
            rows.append([line.entry.title(lang), *(c[0] for c in cells)])
            styles.append(["label", *(c[1] for c in cells)])
            sheet.places.target_rows[line.entry.name] = top + i
        sheet.put(rows, styles)
    sheet.skip()


def _notes(sheet: Sheet, report: Report, t: Mapping[str, str], lang: str) -> None:
    """Rows read and skipped per tab, and the first problems, each on lines of their own
    that wrap within the printed page."""
    sheet.line(t["notes"], "section")
    rows: list[list[Value]] = [
        [t["tab"], t["sheet"], t["rows_read"], t["rows_skipped"], t["first_reasons"]]
    ]
    styles: list[list[str | None]] = [["header"] * 5]
    count = number_style("count", lang)

    def add(cells: list[Value], cell_styles: list[str | None], reasons: list[str]) -> None:
        lines = [line for reason in reasons for line in wrap(reason, _NOTE_CHARS)]
        for i, line in enumerate(lines or [""]):
            if i == 0:
                rows.append([*cells, line or None])
                styles.append([*cell_styles, "note"])
            else:
                rows.append([None, None, None, None, line])
                styles.append([None, None, None, None, "note"])

    for spec in TABS:
        tab = report.tabs.get(spec.name)
        name = spec.title(lang)
        if tab is None:
            add([name, None, None, None], ["label", "text", "text", "text"], [t["absent"]])
            continue
        reasons = [n.text(lang) for n in tab.notes[:_NOTES_PER_TAB]]
        add(
            [name, tab.sheet, float(tab.rows_read), float(tab.rows_skipped)],
            ["label", "text", count, count],
            reasons or [t["all_good"]],
        )
    loose = [n for n in report.notes if all(n not in tab.notes for tab in report.tabs.values())]
    for note in loose[:_NOTES_PER_TAB]:
        add([None, note.sheet, None, None], ["label", "text", "text", "text"], [note.text(lang)])
    sheet.put(rows, styles)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces (a longer word
    stands alone): each line is a cell whose text runs over the empty cells to its right,
    so it prints inside the page in Excel and LibreOffice alike, without merged cells.

    >>> wrap("one two three", 7)
    ['one two', 'three']
    """
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
