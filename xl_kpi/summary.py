"""The KPI Summary sheet, laid out from a report: what a head of marketing reads in a minute.

Top to bottom: a title with the data's dates and the refresh time; the scorecard (every
KPI by period, total, change from the previous period, target, % of target, status,
benchmark); charts (revenue and sales by period, ROMI by channel); the channel table; a
table per social network; monthly cohort retention; and the data notes (rows read and
skipped per tab, with the first reasons).  Labels follow the workbook's language.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from .catalogue import CATALOGUE, Unit
from .formats import EXCEL_FORMATS
from .i18n import LANGUAGES, labels, text
from .layout import Block, ButtonSpec, ChartSpec, SheetLayout, Value
from .report import TOTAL, Report, ScoreRow, build_report
from .report.tables import CHANNEL_COLUMNS
from .schema import TABS
from .tabs import read_tabs

__all__ = ["SHEET_NAMES", "build_summary", "summary_layout"]

#: The summary sheet's name by language (an existing summary keeps its name).
SHEET_NAMES = {lang: str(text("summary.title", lang)) for lang in LANGUAGES}

#: The Refresh button: its shape's name, and the cell under it (J1) that its link selects,
#: which is how xlwings Lite runs the script bound to it.
REFRESH_SHAPE = "xlkpi_refresh"
REFRESH_CELL = (0, 9)

_CHART_ROWS = 17
_HEADER_HEIGHT = 30.0  # points: two lines of wrapped heading
_NOTES_PER_TAB = 5


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
    """Blocks placed top to bottom, with a cursor row."""

    row: int = 0
    blocks: list[Block] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)

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
    if report.periods:
        scorecard_top = _scorecard(sheet, report, t, lang)
        sheet.skip()
        _charts(sheet, report, t, scorecard_top)
        channel_top = _channels(sheet, report, t)
        if channel_top is not None:
            _romi_chart(sheet, report, t, channel_top)
        _social(sheet, report, t, lang)
        _cohorts(sheet, report, t)
    _notes(sheet, report, t, lang)
    widths = {0: 30.0, **{c: 13.0 for c in range(1, 2 + max(len(report.periods), 14) + 6)}}
    return SheetLayout(
        sheet_name or SHEET_NAMES[lang],
        tuple(sheet.blocks),
        widths,
        tuple(sheet.charts),
        freeze=(0, 1),
        row_heights=dict.fromkeys(sheet.header_rows(), _HEADER_HEIGHT),
        buttons=(refresh_button(button, lang),) if button else (),
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


def _scorecard(sheet: _Sheet, report: Report, t: Mapping[str, str], lang: str) -> int:
    sheet.line(t["scorecard"], "section")
    periods = report.periods
    header = [
        t["kpi"],
        *periods,
        t["total"],
        t["change"],
        t["target"],
        t["progress"],
        t["status"],
        t["benchmark"],
    ]
    rows: list[list[Value]] = [header]
    styles: list[list[str | None]] = [["header"] * len(header)]
    for line in report.scorecard:
        cells = [
            _value(line.values[p], line.entry.unit, line.has_data, t) for p in [*periods, TOTAL]
        ]
        cells.append(_value(line.change, Unit.RATIO, line.has_data, t))
        cells.append(_target_cell(line.target, line.entry.unit))
        cells.append(_target_cell(line.progress if line.target is not None else None, Unit.RATIO))
        cells.append(_status(line, t))
        cells.append(_target_cell(line.benchmark, line.entry.unit))
        rows.append([line.entry.title(lang), *(c[0] for c in cells)])
        styles.append(["label", *(c[1] for c in cells)])
    return sheet.put(rows, styles)


def _target_cell(value: float | None, unit: Unit) -> tuple[Value, str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, "text"
    return float(value), unit.value


def _status(line: ScoreRow, t: Mapping[str, str]) -> tuple[Value, str]:
    if line.on_track is None:
        return None, "text"
    return (t["on_track"], "good") if line.on_track else (t["behind"], "bad")


def _charts(sheet: _Sheet, report: Report, t: Mapping[str, str], top: int) -> None:
    """Revenue and sales by period, drawn from the scorecard's own cells."""
    names = [line.entry.name for line in report.scorecard]
    last = len(report.periods)
    for i, (name, title) in enumerate(
        (("revenue", "chart_revenue"), ("sales_count", "chart_sales"))
    ):
        if name not in names or not report.scorecard[names.index(name)].has_data:
            continue
        row = top + 1 + names.index(name)
        sheet.charts.append(
            ChartSpec(
                "column",
                t[title],
                categories=(top, 1, top, last),
                series=((t[title], (row, 1, row, last)),),
                anchor=(sheet.row, i * 7),
                number_format=EXCEL_FORMATS[CATALOGUE[name].unit],
            )
        )
    sheet.skip(_CHART_ROWS)


def _channels(sheet: _Sheet, report: Report, t: Mapping[str, str]) -> int | None:
    table = report.channels
    if table.empty:
        return None
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
    top = sheet.put(rows, styles)
    sheet.skip()
    return top


def _romi_chart(sheet: _Sheet, report: Report, t: Mapping[str, str], top: int) -> None:
    columns = [c.name for c in CHANNEL_COLUMNS if c.name in report.channels]
    if "ROMI" not in columns:
        return
    col = 1 + columns.index("ROMI")
    last = top + len(report.channels) - 1  # the channels, without the total row
    sheet.charts.append(
        ChartSpec(
            "bar",
            t["chart_romi"],
            categories=(top + 1, 0, last, 0),
            series=(("ROMI", (top + 1, col, last, col)),),
            anchor=(_chart_row(sheet), 14),
            number_format=EXCEL_FORMATS[Unit.RATIO],
        )
    )


def _chart_row(sheet: _Sheet) -> int:
    """The row the period charts sit on (the ROMI chart goes beside them)."""
    return sheet.charts[0].anchor[0] if sheet.charts else sheet.row


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
    table = report.cohorts
    if table.empty:
        return
    sheet.line(t["cohorts"], "section")
    offsets = [c for c in table.columns if c != "customers"]
    header = [t["cohort"], t["customers"], *(t["month_n"].format(n=n) for n in offsets)]
    rows: list[list[Value]] = [header]
    styles: list[list[str | None]] = [["header"] * len(header)]
    for cohort, record in table.iterrows():
        shares = [_value(record[c], Unit.RATIO, True, t) for c in offsets]
        rows.append([str(cohort), float(record["customers"]), *(s[0] for s in shares)])
        styles.append(["label", "count", *(s[1] for s in shares)])
    sheet.put(rows, styles)
    sheet.skip()


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
        reasons = [str(n) for n in tab.notes[:_NOTES_PER_TAB]]
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
        rows.append([None, note.sheet, None, None, str(note)])
        styles.append(["label", "text", "text", "text", "note"])
    sheet.put(rows, styles)
