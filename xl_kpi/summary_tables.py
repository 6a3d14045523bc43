"""The data tables of the KPI Summary: the channel table (in parts as wide as the page) and
each channel's targets, the funnel, a table per social network, and the cohort retention
grid, colour-scaled. Each is written at the sheet's cursor (:class:`.summary_sheet.Sheet`)
and records where it sits for the charts (:class:`.summary_charts.Places`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from . import summary_charts as charts
from .catalogue import CATALOGUE, Unit
from .formats import format_period
from .layout import ColorScale, Value, number_style
from .report import TOTAL, Report
from .report.settings import target_unit
from .report.tables import CHANNEL_COLUMNS, CHANNEL_PARTS
from .summary_sheet import PAGE_COLUMNS, Sheet, status_of, target_cell, value_cell


def channels(sheet: Sheet, report: Report, t: Mapping[str, str], lang: str) -> None:
    """The channel table in parts as wide as the page (``CHANNEL_PARTS``), a row per
    channel and the total, then each channel's targets."""
    table = report.channels
    if table.empty:
        return
    places = sheet.places
    units = {c.name: c.unit for c in CHANNEL_COLUMNS}
    sheet.line(t["channels"], "section")
    for key, names in CHANNEL_PARTS:
        shown = [name for name in names if name in table]
        if not shown:
            continue
        header = [t[key], *(t.get(name, name) for name in shown)]
        rows: list[list[Value]] = [header]
        styles: list[list[str | None]] = [["header"] * len(header)]
        for _, record in table.iterrows():
            name = t["total"] if record["channel"] == TOTAL else record["channel"]
            cells = [value_cell(record[c], units[c], True, t, lang) for c in shown]
            rows.append([str(name), *(c[0] for c in cells)])
            styles.append(["label", *(c[1] for c in cells)])
        sheet.keep(len(rows) + 1)
        top = sheet.put(rows, styles)
        if places.channel_top is None:
            places.channel_top = top
        places.channel_cells.update({name: (top, 1 + i) for i, name in enumerate(shown)})
        sheet.skip()
    places.paid_channels = charts.paid_channel_count(report)
    _channel_targets(sheet, report, t, lang)


def _channel_targets(sheet: Sheet, report: Report, t: Mapping[str, str], lang: str) -> None:
    """Each channel's targets over the whole span: its value, the target, % of target and
    the status, as the scorecard shows them."""
    found = [
        r
        for r in report.records
        if r.period == TOTAL and r.channel is not None and r.target is not None
    ]
    if not found:
        return
    header = [t["channel"], t["kpi"], t["value"], t["target"], t["progress"], t["status"]]
    rows: list[list[Value]] = [header]
    styles: list[list[str | None]] = [["header"] * len(header)]
    for r in found:
        unit = target_unit(r.kpi)
        entry = CATALOGUE.get(r.kpi.lower())
        title = entry.title(lang) if entry else t.get(r.kpi.lower(), r.kpi)
        value = value_cell(r.value, unit, True, t, lang)
        progress = target_cell(
            None if r.pct_of_target is None else r.pct_of_target / 100, Unit.RATIO, lang
        )
        status = status_of(None if r.status is None else r.status == "on_track", t)
        rows.append([r.channel, title, value[0], r.target, progress[0], status[0]])
        styles.append(
            ["label", "text", value[1], number_style(unit.value, lang), progress[1], status[1]]
        )
    sheet.keep(len(rows) + 2)
    sheet.line(t["channel_targets"], "section")
    sheet.put(rows, styles)
    sheet.skip()


def funnel(sheet: Sheet, report: Report, t: Mapping[str, str], lang: str) -> None:
    """Traffic, leads and sales, with the conversion from each step to the next: the
    scorecard's conversions, so the two never disagree (see :func:`charts.funnel_steps`)."""
    steps = charts.funnel_steps(report)
    if len(steps) < 2:
        return
    sheet.keep(len(steps) + 3)
    sheet.line(t["funnel"], "section")
    rows: list[list[Value]] = [
        [t["step"], t["count"], t["step_conversion"], t["funnel_conversion"]]
    ]
    styles: list[list[str | None]] = [["header"] * 4]
    count_style, ratio_style = number_style("count", lang), number_style("ratio", lang)
    for i, step in enumerate(steps):
        if i == 0:
            rows.append([t[step.key], step.count, None, None])
            styles.append(["label", count_style, "text", "text"])
        elif step.rate is None:  # not the same units as the step before: no conversion
            rows.append([t[step.key], step.count, t["not_comparable"], None])
            styles.append(["label", count_style, "nodata", "text"])
        else:
            chained = all(s.rate is not None for s in steps[1:i])
            overall = step.count / steps[0].count if chained else None
            rows.append([t[step.key], step.count, step.rate, overall])
            styles.append(["label", count_style, ratio_style, ratio_style if chained else "text"])
    sheet.places.funnel_top = sheet.put(rows, styles)
    rated = next((i for i, step in enumerate(steps[1:], 1) if step.rate is None), len(steps))
    sheet.places.funnel_rows = rated  # the chart draws the steps that have a conversion
    sheet.skip()


def social(sheet: Sheet, report: Report, t: Mapping[str, str], lang: str) -> None:
    """A row per social network: followers at the start and the end, their growth,
    engagement and its rate, and the sales it brought."""
    table = report.social
    if table.empty:
        return
    sheet.keep(len(table) + 4)
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
        cells = [value_cell(record[c], unit, True, t, lang) for c, unit in columns]
        rows.append([str(record["network"]), *(c[0] for c in cells)])
        styles.append(["label", *(c[1] for c in cells)])
    sheet.put(rows, styles)
    sheet.skip()


def cohorts(sheet: Sheet, report: Report, t: Mapping[str, str], lang: str) -> None:
    """Cohort retention, shaded by a colour scale; months after the data's last are blank
    (not yet seen, which is not the same as nobody buying).  As many months as the page is
    wide for."""
    table = report.cohorts
    if table.empty:
        return
    sheet.keep(len(table) + 3)
    sheet.line(t["cohorts"], "section")
    offsets = [c for c in table.columns if c != "customers"][: PAGE_COLUMNS - 2]
    header = [t["cohort"], t["customers"], *(t["month_n"].format(n=n) for n in offsets)]
    rows: list[list[Value]] = [header]
    styles: list[list[str | None]] = [["header"] * len(header)]
    last = _month(report.last_date) if report.last_date else None
    for cohort, record in table.iterrows():
        start = _month(dt.date(int(str(cohort)[:4]), int(str(cohort)[5:7]), 1))
        shares = [
            value_cell(record[c], Unit.RATIO, True, t, lang)
            if last is None or start + int(c) <= last
            else (None, "text")
            for c in offsets
        ]
        label = format_period(str(cohort), lang)
        rows.append([label, float(record["customers"]), *(s[0] for s in shares)])
        styles.append(["label", number_style("count", lang), *(s[1] for s in shares)])
    top = sheet.put(rows, styles)
    if len(offsets) > 1:  # month 0 is everyone by definition: the scale shows the decay after
        sheet.scales.append(ColorScale((top + 1, 3, top + len(table), 1 + len(offsets))))
    sheet.skip()


def _month(date: dt.date) -> int:
    return date.year * 12 + date.month - 1
