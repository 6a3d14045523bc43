"""The KPI Summary sheet, laid out from a report: what a head of marketing reads in a minute.

Top to bottom: a title with the data's dates and the refresh time; "What changed" (why
revenue moved, the pace of a period in progress, the movers by channel:
:mod:`xl_kpi.summary_changes`); the scorecard (every
KPI with a column sparkline of its periods, each period, total, change from the previous
period, target, % of target, a status marker, benchmark) and the targets by period; the
charts (:mod:`xl_kpi.summary_charts`); the channel table, the funnel, a table per social
network and the cohort retention grid, colour-scaled; the data notes (rows read and
skipped per tab, with the first reasons); and the definitions of the scorecard's KPIs
(:mod:`xl_kpi.definitions`).  Labels follow the workbook's language.

It prints as a report: landscape, one page wide, the title rows on every page, the print
area over the tables, and a page for the scorecard, one for the charts, one for the
tables and one for the notes and definitions.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from . import summary_changes as changes
from . import summary_charts as charts
from .catalogue import CATALOGUE, Unit
from .definitions import definitions_table
from .i18n import LANGUAGES, labels, text
from .layout import (
    Block,
    ButtonSpec,
    ChartSpec,
    ColorScale,
    PageSetup,
    SheetLayout,
    Sparkline,
    Value,
)
from .report import TOTAL, Report, ScoreRow, build_report
from .report.tables import CHANNEL_COLUMNS
from .schema import TABS
from .tabs import read_tabs

__all__ = ["SHEET_NAMES", "STATUS_MARKS", "build_summary", "summary_layout"]

#: The summary sheet's name by language (an existing summary keeps its name).
SHEET_NAMES = {lang: str(text("summary.title", lang)) for lang in LANGUAGES}

#: The Refresh button: its shape's name, and the cell under it (J1) that its link selects,
#: which is how xlwings Lite runs the script bound to it.
REFRESH_SHAPE = "xlkpi_refresh"
REFRESH_CELL = (0, 9)

#: The status markers before "on track" and "behind": two shapes, so that the status
#: reads in grey print and without telling red from green.
STATUS_MARKS = {True: "●", False: "▲"}
_HEADER_HEIGHT = 30.0  # points: two lines of wrapped heading
_NOTES_PER_TAB = 5
_TITLE_ROWS = (0, 1)  # repeated at the top of every printed page
_NAME_WIDTH = 30.0  # characters: column A, the KPI names
_TREND_WIDTH = 12.0  # column B, the sparklines
_NUMBER_WIDTH = 11.5  # every other column
_MIN_COLUMNS = 16  # the channel table's width: charts and the print area cover at least it


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


@dataclass
class _Sheet:
    """Blocks placed top to bottom, with a cursor row, and what else the sheet carries."""

    row: int = 0
    blocks: list[Block] = field(default_factory=list)
    sparklines: list[Sparkline] = field(default_factory=list)
    scales: list[ColorScale] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    places: charts.Places = field(default_factory=charts.Places)

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

    @property
    def columns(self) -> int:
        """How many columns the blocks use."""
        return max((b.col + b.width for b in self.blocks), default=1)


def summary_layout(
    report: Report,
    *,
    refreshed: dt.datetime,
    sheet_name: str | None = None,
    button: str | None = None,
) -> SheetLayout:
    """The summary sheet for ``report``."""
    lang = report.settings.language if report.settings.language in LANGUAGES else "en"
    t = labels("summary.", lang)
    sheet = _Sheet()
    sheet.line(t["title"], "title")
    sheet.line(_subtitle(report, refreshed, t), "subtitle")
    sheet.skip()
    columns = max(2 + len(report.periods) + 6, _MIN_COLUMNS)
    widths = {0: _NAME_WIDTH, 1: _TREND_WIDTH, **dict.fromkeys(range(2, columns), _NUMBER_WIDTH)}
    chart_specs: list[ChartSpec] = []
    if report.periods:
        targets = charts.targets_by_period(report)
        _what_changed(sheet, report, lang)
        _scorecard(sheet, report, t, lang)
        _targets(sheet, report, targets, t, lang)
        planned = charts.plan(report, targets)
        chart_top = None
        if planned:
            sheet.new_page()
            sheet.skip()  # a chart's frame on the break would print on the page before
            chart_top = sheet.row
            sheet.skip(charts.rows_needed(len(planned)))
        sheet.new_page()
        _channels(sheet, report, t)
        _funnel(sheet, report, t)
        _social(sheet, report, t, lang)
        _cohorts(sheet, report, t)
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
        sheet.line(t["definitions"], "section")
        sheet.put(*definitions_table(report, t, lang, widths))
    last_col = max(sheet.columns, max(widths) + 1) - 1
    page = PageSetup(
        (0, 0, sheet.row - 1, last_col),
        repeat_rows=_TITLE_ROWS,
        breaks=tuple(sheet.breaks),
        footer=t["page"],
    )
    return SheetLayout(
        sheet_name or SHEET_NAMES[lang],
        tuple(sheet.blocks),
        widths,
        tuple(chart_specs),
        freeze=(0, 1),
        row_heights=dict.fromkeys(sheet.header_rows(), _HEADER_HEIGHT),
        buttons=(refresh_button(button, lang),) if button else (),
        sparklines=tuple(sheet.sparklines),
        color_scales=tuple(sheet.scales),
        page=page,
    )


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


def _value(value: float, unit: Unit, has_data: bool, t: Mapping[str, str]) -> tuple[Value, str]:
    if not has_data:
        return t["no_data"], "nodata"
    if value is None or math.isnan(value):
        return t["undefined"], "nodata"
    return float(value), unit.value


def _what_changed(sheet: _Sheet, report: Report, lang: str) -> None:
    """Why revenue moved and the pace of a period in progress (:mod:`.summary_changes`)."""
    found = changes.block(report, lang)
    for rows, styles in found:
        sheet.put(rows, styles)
    if found:
        sheet.skip()


def _scorecard(sheet: _Sheet, report: Report, t: Mapping[str, str], lang: str) -> None:
    sheet.line(t["scorecard"], "section")
    periods = report.periods
    header = [
        t["kpi"],
        t["trend"],
        *(changes.heading(report, p, lang) for p in periods),
        t["total"],
        t["change"],
        t["target"],
        t["progress"],
        t["status"],
        t["benchmark"],
    ]
    rows: list[list[Value]] = [header]
    styles: list[list[str | None]] = [["header"] * len(header)]
    top = sheet.row
    first, last = 2, 1 + len(periods)
    for i, line in enumerate(report.scorecard, start=1):
        cells = [
            _value(line.values[p], line.entry.unit, line.has_data, t) for p in [*periods, TOTAL]
        ]
        cells.append(
            changes.change_cell(report, line, lang)
            or _value(line.change, Unit.RATIO, line.has_data, t)
        )
        cells.append(_target_cell(line.target, line.entry.unit))
        cells.append(_target_cell(line.progress if line.target is not None else None, Unit.RATIO))
        cells.append(_status(line, t))
        cells.append(_target_cell(line.benchmark, line.entry.unit))
        rows.append([line.entry.title(lang), None, *(c[0] for c in cells)])
        styles.append(["label", "text", *(c[1] for c in cells)])
        sheet.places.kpi_rows[line.entry.name] = top + i
        if any(isinstance(c[0], float) for c in cells[: len(periods)]):
            sheet.sparklines.append(Sparkline((top + i, 1), (top + i, first, top + i, last)))
    sheet.put(rows, styles)
    sheet.places.header_row = top
    sheet.places.periods = (first, last)
    sheet.skip()


def _target_cell(value: float | None, unit: Unit) -> tuple[Value, str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, "text"
    return float(value), unit.value


def _status(line: ScoreRow, t: Mapping[str, str]) -> tuple[Value, str]:
    if line.flag is not None:  # a fallback: its word, never a status (see the data notes)
        return f"⚠ {t['flag.' + line.flag]}", "text"
    if line.on_track is None:
        return None, "text"
    word = t["on_track"] if line.on_track else t["behind"]
    return f"{STATUS_MARKS[line.on_track]} {word}", "good" if line.on_track else "bad"


def _targets(
    sheet: _Sheet,
    report: Report,
    targets: Mapping[str, Mapping[str, float]],
    t: Mapping[str, str],
    lang: str,
) -> None:
    """The targets by period, under the scorecard and in its columns."""
    named = [line for line in report.scorecard if line.entry.name in targets]
    if not named:
        return
    sheet.line(t["targets"], "section")
    rows: list[list[Value]] = [
        [t["kpi"], None, *(changes.heading(report, p, lang) for p in report.periods)]
    ]
    styles: list[list[str | None]] = [["header"] * len(rows[0])]
    top = sheet.row
    for i, line in enumerate(named, start=1):
        goals = targets[line.entry.name]
        cells = [_target_cell(goals.get(p), line.entry.unit) for p in report.periods]
        rows.append([line.entry.title(lang), None, *(c[0] for c in cells)])
        styles.append(["label", "text", *(c[1] for c in cells)])
        sheet.places.target_rows[line.entry.name] = top + i
    sheet.put(rows, styles)
    sheet.skip()


def _channels(sheet: _Sheet, report: Report, t: Mapping[str, str]) -> None:
    table = report.channels
    if table.empty:
        return
    sheet.line(t["channels"], "section")
    shown = [(c.name, c.unit) for c in CHANNEL_COLUMNS if c.name in table]
    targets = [c for c in table.columns if c.endswith(" target")]
    header = [
        t["channel"],
        *(t.get(name, name) for name, _ in shown),
        *(f"{t['target']}: {c.removesuffix(' target')}" for c in targets),
    ]
    rows: list[list[Value]] = [header]
    styles: list[list[str | None]] = [["header"] * len(header)]
    for _, record in table.iterrows():
        name = t["total"] if record["channel"] == TOTAL else record["channel"]
        cells = [_value(record[c], unit, True, t) for c, unit in shown]
        cells += [_target_cell(record[c], CATALOGUE[c.split()[0].lower()].unit) for c in targets]
        rows.append([str(name), *(c[0] for c in cells)])
        styles.append(["label", *(c[1] for c in cells)])
    places = sheet.places
    places.channel_top = sheet.put(rows, styles)
    places.channel_cols = {name: 1 + i for i, (name, _) in enumerate(shown)}
    places.paid_channels = charts.paid_channel_count(report)
    sheet.skip()


def _funnel(sheet: _Sheet, report: Report, t: Mapping[str, str]) -> None:
    """Traffic, leads and sales, with the conversion from each step to the next."""
    steps = charts.funnel_steps(report)
    if len(steps) < 2:
        return
    sheet.line(t["funnel"], "section")
    rows: list[list[Value]] = [
        [t["step"], t["count"], t["step_conversion"], t["funnel_conversion"]]
    ]
    styles: list[list[str | None]] = [["header"] * 4]
    for i, (key, count) in enumerate(steps):
        if i == 0:
            rows.append([t[key], count, None, None])
            styles.append(["label", "count", "text", "text"])
            continue
        rows.append([t[key], count, count / steps[i - 1][1], count / steps[0][1]])
        styles.append(["label", "count", "ratio", "ratio"])
    sheet.places.funnel_top = sheet.put(rows, styles)
    sheet.places.funnel_rows = len(steps)
    sheet.skip()


def _social(sheet: _Sheet, report: Report, t: Mapping[str, str], lang: str) -> None:
    table = report.social
    if table.empty:
        return
    sheet.line(t["social"], "section")
    columns = (
        ("followers_start", Unit.COUNT),
        ("followers_end", Unit.COUNT),
        ("FOLLOWER_GROWTH", Unit.RATIO),
        ("ENGAGEMENT", Unit.COUNT),
        ("ENGAGEMENT_RATE", Unit.RATIO),
        ("SALES_COUNT", Unit.COUNT),
    )
    header = [
        t["network"],
        t["followers_start"],
        t["followers_end"],
        CATALOGUE["follower_growth"].title(lang),
        CATALOGUE["engagement"].title(lang),
        CATALOGUE["engagement_rate"].title(lang),
        CATALOGUE["social_sales"].title(lang),
    ]
    rows: list[list[Value]] = [header]
    styles: list[list[str | None]] = [["header"] * len(header)]
    for _, record in table.iterrows():
        cells = [_value(record[c], unit, True, t) for c, unit in columns]
        rows.append([str(record["network"]), *(c[0] for c in cells)])
        styles.append(["label", *(c[1] for c in cells)])
    sheet.put(rows, styles)
    sheet.skip()


def _cohorts(sheet: _Sheet, report: Report, t: Mapping[str, str]) -> None:
    """Cohort retention, shaded by a colour scale; months after the data's last are blank
    (not yet seen, which is not the same as nobody buying)."""
    table = report.cohorts
    if table.empty:
        return
    sheet.line(t["cohorts"], "section")
    offsets = [c for c in table.columns if c != "customers"]
    header = [t["cohort"], t["customers"], *(t["month_n"].format(n=n) for n in offsets)]
    rows: list[list[Value]] = [header]
    styles: list[list[str | None]] = [["header"] * len(header)]
    last = _month(report.last_date) if report.last_date else None
    for cohort, record in table.iterrows():
        start = _month(dt.date(int(str(cohort)[:4]), int(str(cohort)[5:7]), 1))
        shares = [
            _value(record[c], Unit.RATIO, True, t)
            if last is None or start + int(c) <= last
            else (None, "text")
            for c in offsets
        ]
        rows.append([str(cohort), float(record["customers"]), *(s[0] for s in shares)])
        styles.append(["label", "count", *(s[1] for s in shares)])
    top = sheet.put(rows, styles)
    if len(offsets) > 1:  # month 0 is everyone by definition: the scale shows the decay after
        sheet.scales.append(ColorScale((top + 1, 3, top + len(table), 1 + len(offsets))))
    sheet.skip()


def _month(date: dt.date) -> int:
    return date.year * 12 + date.month - 1


def _notes(sheet: _Sheet, report: Report, t: Mapping[str, str], lang: str) -> None:
    sheet.line(t["notes"], "section")
    rows: list[list[Value]] = [
        [t["tab"], t["sheet"], t["rows_read"], t["rows_skipped"], t["first_reasons"]]
    ]
    styles: list[list[str | None]] = [["header"] * 5]
    for spec in TABS:
        tab = report.tabs.get(spec.name)
        name = spec.title(lang)
        if tab is None:
            rows.append([name, None, None, None, t["absent"]])
            styles.append(["label", "text", "text", "text", "note"])
            continue
        reasons = [n.text(lang) for n in tab.notes[:_NOTES_PER_TAB]]
        rows.append(
            [
                name,
                tab.sheet,
                float(tab.rows_read),
                float(tab.rows_skipped),
                "; ".join(reasons) if reasons else t["all_good"],
            ]
        )
        styles.append(["label", "text", "count", "count", "note"])
    loose = [n for n in report.notes if all(n not in tab.notes for tab in report.tabs.values())]
    for note in loose[:_NOTES_PER_TAB]:
        rows.append([None, note.sheet, None, None, note.text(lang)])
        styles.append(["label", "text", "text", "text", "note"])
    sheet.put(rows, styles)
