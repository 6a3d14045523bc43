"""The summary's charts: which ones its data supports, where they sit, what they draw.

Up to six charts, three to a row, between the scorecard and the tables: a KPI against its
target by period (revenue when revenue has a target), revenue and sales by period, the
funnel traffic -> leads -> sales, spend and revenue by paid channel, and ROMI by paid
channel.  A chart is planned only when its data exists, and draws only cells that hold
numbers.  Every title says what the chart shows and over which periods.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .catalogue import CATALOGUE, Unit
from .excelfacts import DEFAULT_COLUMN_WIDTH, ROW_PIXELS, column_pixels
from .formats import EXCEL_FORMATS, format_value
from .layout import ChartSpec
from .report import TOTAL, Report, ScoreRow

__all__ = [
    "CHART_ROWS",
    "Places",
    "chart_specs",
    "funnel_steps",
    "plan",
    "target_kpi",
    "targets_by_period",
]

#: Rows one row of charts takes, and charts to a row.
CHART_ROWS = 22
PER_ROW = 3
_GAP = 10  # pixels between charts
#: Axis number formats: the cells' formats, without the decimals an axis does not need.
_AXIS_FORMATS = {**EXCEL_FORMATS, Unit.MONEY: "#,##0", Unit.RATIO: "0%"}


@dataclass
class Places:
    """Where the summary put the cells the charts draw (zero-based rows and columns)."""

    header_row: int = 0  # the scorecard's heading row: the period labels
    periods: tuple[int, int] = (0, 0)  # first and last column of the periods
    kpi_rows: dict[str, int] = field(default_factory=dict)  # catalogue name -> row
    target_rows: dict[str, int] = field(default_factory=dict)  # targets by period
    channel_top: int | None = None  # the channel table's heading row
    channel_cols: dict[str, int] = field(default_factory=dict)
    paid_channels: int = 0  # the first rows of the channel table: channels with spend
    funnel_top: int | None = None  # the funnel table's heading row
    funnel_rows: int = 0


def targets_by_period(report: Report) -> dict[str, dict[str, float]]:
    """Each scorecard KPI's overall target in each period (a period's own target beats
    one for every period), for the KPIs that have one."""
    found = report.targets
    names = {line.entry.excel_name: line.entry.name for line in report.scorecard}
    out: dict[str, dict[str, float]] = {}
    for target in found:
        if target.channel is not None or target.kpi not in names:
            continue
        wanted = report.periods if target.period is None else [target.period]
        chosen = out.setdefault(names[target.kpi], {})
        for period in wanted:
            if period in report.periods and (target.period is not None or period not in chosen):
                chosen[period] = target.target
    return {name: by_period for name, by_period in out.items() if by_period}


def funnel_steps(report: Report) -> list[tuple[str, float]]:
    """The funnel's steps that have data: (label key, count) of traffic, leads and sales."""
    rows = {line.entry.name: line for line in report.scorecard}
    channels = report.channels
    leads = math.nan
    if not channels.empty and "leads" in channels:
        total = channels[channels["channel"] == TOTAL]
        leads = float(total["leads"].iloc[0]) if len(total) else math.nan
    found = [
        ("traffic", _total(rows.get("traffic"))),
        ("leads", leads),
        ("sales", _total(rows.get("sales_count"))),
    ]
    return [(key, value) for key, value in found if math.isfinite(value) and value > 0]


def _total(line: ScoreRow | None) -> float:
    if line is None or not line.has_data:
        return math.nan
    return float(line.values[TOTAL])


def target_kpi(report: Report, targets: Mapping[str, Mapping[str, float]]) -> str | None:
    """The KPI drawn against its target: revenue when it has one, else the first scorecard
    KPI with data and a target."""
    named = [line.entry.name for line in report.scorecard if line.has_data]
    if "revenue" in named and "revenue" in targets:
        return "revenue"
    return next((name for name in named if name in targets), None)


def paid_channel_count(report: Report) -> int:
    """How many channel rows (the first ones, channels with spend) have a spend."""
    channels = report.channels
    if channels.empty or "spend" not in channels:
        return 0
    count = 0
    for _, record in channels.iterrows():
        if record["channel"] == TOTAL or not math.isfinite(record["spend"]):
            break
        count += 1
    return count


def plan(report: Report, targets: Mapping[str, Mapping[str, float]]) -> list[str]:
    """The charts the report's data supports, in the order they are placed."""
    rows = {line.entry.name: line for line in report.scorecard}
    target = target_kpi(report, targets)
    charts = ["target"] if target else []
    if target != "revenue" and rows.get("revenue") and rows["revenue"].has_data:
        charts.append("revenue")
    if rows.get("sales_count") and rows["sales_count"].has_data:
        charts.append("sales")
    if len(funnel_steps(report)) >= 2:
        charts.append("funnel")
    if paid_channel_count(report):
        charts.append("spend")
    if _paid_numbers(report, "ROMI"):
        charts.append("romi")
    return charts


def _paid_numbers(report: Report, column: str) -> bool:
    """Whether the channels with spend have a number in ``column`` of the channel table."""
    paid = paid_channel_count(report)
    if not paid or column not in report.channels:
        return False
    return any(math.isfinite(v) for v in report.channels[column].iloc[:paid])


def rows_needed(count: int) -> int:
    """The sheet rows ``count`` charts take."""
    return -(-count // PER_ROW) * CHART_ROWS


def chart_specs(
    report: Report,
    keys: Sequence[str],
    places: Places,
    t: Mapping[str, str],
    lang: str,
    targets: Mapping[str, Mapping[str, float]],
    *,
    top: int,
    widths: Mapping[int, float],
    columns: int,
) -> list[ChartSpec]:
    """The planned charts, three to a row from row ``top``, spread over ``columns`` columns."""
    slots = _slots(widths, columns)
    periods = report.periods
    span = f"{periods[0]} – {periods[-1]}" if len(periods) > 1 else periods[0]
    by = t[f"by_{report.settings.period}"]
    head, (first, last) = places.header_row, places.periods
    categories = (head, first, head, last)
    specs = []
    for i, key in enumerate(keys):
        anchor = (top + (i // PER_ROW) * CHART_ROWS, slots[i % PER_ROW][0])
        size = (slots[i % PER_ROW][1], CHART_ROWS * ROW_PIXELS - _GAP)
        if key in ("target", "revenue", "sales"):
            name = {"revenue": "revenue", "sales": "sales_count"}.get(key) or target_kpi(
                report, targets
            )
            assert name is not None
            entry = CATALOGUE[name]
            row = places.kpi_rows[name]
            series = ((entry.title(lang), (row, first, row, last)),)
            lines: tuple[tuple[str, tuple[int, int, int, int]], ...] = ()
            title = t["chart_by_period"].format(kpi=entry.title(lang), by=by, span=span)
            if key == "target":
                goal = places.target_rows[name]
                lines = ((t["target"], (goal, first, goal, last)),)
                title = t["chart_target"].format(kpi=entry.title(lang), by=by, span=span)
            spec = ChartSpec(
                "column",
                title,
                categories,
                series,
                anchor,
                _AXIS_FORMATS[entry.unit],
                size,
                lines=lines,
            )
        elif key == "funnel":
            spec = _funnel(report, places, t, lang, span, anchor, size)
        else:
            spec = _channel_chart(report, key, places, t, span, anchor, size)
        specs.append(spec)
    return specs


def _funnel(
    report: Report,
    places: Places,
    t: Mapping[str, str],
    lang: str,
    span: str,
    anchor: tuple[int, int],
    size: tuple[int, int],
) -> ChartSpec:
    steps = funnel_steps(report)
    said = [t[steps[0][0]]]
    for (_, before), (key, count) in zip(steps, steps[1:]):
        said.append(f"{t[key]} {format_value(count / before, Unit.RATIO, lang)}")
    assert places.funnel_top is not None
    r0, r1 = places.funnel_top + 1, places.funnel_top + places.funnel_rows
    return ChartSpec(
        "bar",
        t["chart_funnel"].format(span=span, steps=" → ".join(said)),
        (r0, 0, r1, 0),
        ((t["count"], (r0, 1, r1, 1)),),
        anchor,
        EXCEL_FORMATS[Unit.COUNT],
        size,
        labels=True,
    )


def _channel_chart(
    report: Report,
    key: str,
    places: Places,
    t: Mapping[str, str],
    span: str,
    anchor: tuple[int, int],
    size: tuple[int, int],
) -> ChartSpec:
    assert places.channel_top is not None
    r0, r1 = places.channel_top + 1, places.channel_top + places.paid_channels
    cols = places.channel_cols
    categories = (r0, 0, r1, 0)
    if key == "spend":
        shown = ["spend", *(["revenue"] if _paid_numbers(report, "revenue") else [])]
        series = tuple((t[name], (r0, cols[name], r1, cols[name])) for name in shown)
        title = t["chart_spend" if len(shown) == 2 else "chart_spend_only"].format(span=span)
        unit = Unit.MONEY
    else:
        series = (("ROMI", (r0, cols["ROMI"], r1, cols["ROMI"])),)
        title, unit = t["chart_romi"].format(span=span), Unit.RATIO
    return ChartSpec("bar", title, categories, series, anchor, _AXIS_FORMATS[unit], size)


def _slots(widths: Mapping[int, float], columns: int) -> list[tuple[int, int]]:
    """(first column, width in pixels) of each chart of a row, splitting the columns'
    width in three at column edges."""
    edges = [0]
    for col in range(columns):
        edges.append(edges[-1] + column_pixels(widths.get(col, DEFAULT_COLUMN_WIDTH)))
    total = edges[-1]
    starts = []
    for j in range(PER_ROW):
        wanted = j * total / PER_ROW
        starts.append(min(c for c in range(columns + 1) if edges[c] >= wanted))
    ends = [*(edges[c] for c in starts[1:]), total]
    return [(c, max(end - edges[c] - _GAP, 160)) for c, end in zip(starts, ends)]
