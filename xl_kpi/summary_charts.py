"""The summary's charts: which ones its data supports, where they sit, what they draw.

Up to six charts, three to a row, between the scorecard and the tables: a KPI against its
target by period (revenue when revenue has a target; the target as a mark per period, as
it is set), revenue and sales by period, the funnel's conversion step by step, spend and
revenue by paid channel, and ROMI by paid channel.  A chart is planned only when its data
exists, and draws only cells that hold numbers.  Every title says what the chart shows and
over which periods; the charts by period draw the latest periods the history shows in one
table (a year of months, all of it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .catalogue import CATALOGUE, Unit
from .excelfacts import DEFAULT_COLUMN_WIDTH, ROW_PIXELS, column_pixels
from .formats import EXCEL_FORMATS, excel_format, format_period
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
CHART_ROWS = 17  # two rows of charts print on one page
PER_ROW = 3
_GAP = 10  # pixels between charts
#: Axis number formats: the cells' formats, without the decimals an axis does not need.
_AXIS_FORMATS = {**EXCEL_FORMATS, Unit.MONEY: "#,##0", Unit.RATIO: "0%"}


@dataclass
class Places:
    """Where the summary put the cells the charts draw (zero-based rows and columns)."""

    header_row: int = 0  # the history's (latest) heading row: the period labels
    periods: tuple[int, int] = (0, 0)  # first and last column of the periods
    shown: list[str] = field(default_factory=list)  # those periods' labels as shown
    period_keys: list[str] = field(default_factory=list)  # and as the report names them
    kpi_rows: dict[str, int] = field(default_factory=dict)  # catalogue name -> row
    target_rows: dict[str, int] = field(default_factory=dict)  # targets by period
    channel_top: int | None = None  # the channel table's heading row
    #: the channel table's columns: name -> (heading row of its part, column)
    channel_cells: dict[str, tuple[int, int]] = field(default_factory=dict)
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


@dataclass(frozen=True)
class Step:
    """A step of the funnel: its label's key, its count, and the conversion from the step
    before (None for the first, and for a step that counts other things than the one
    before it: shop orders are not leads won, so their ratio is no conversion)."""

    key: str
    count: float
    rate: float | None = None


def funnel_steps(report: Report) -> list[Step]:
    """The funnel's steps that have data, with the scorecard's own conversions: traffic,
    then leads (leads per visitor), then sales.  With leads, a sale is a lead won and the
    step's conversion the scorecard's lead-to-sale conversion; without lead statuses the
    shop's sales follow, not comparable with leads; without leads, the shop's sales follow
    traffic at the scorecard's conversion rate.  No step is ever above 100%."""
    rows = {line.entry.name: line for line in report.scorecard}
    channels = report.channels
    leads = math.nan
    if not channels.empty and "leads" in channels:
        total = channels[channels["channel"] == TOTAL]
        leads = float(total["leads"].iloc[0]) if len(total) else math.nan
    traffic, sales = _total(rows.get("traffic")), _total(rows.get("sales_count"))
    steps = [Step("traffic", traffic)] if _positive(traffic) else []
    if _positive(leads):
        rate = leads / traffic if steps else None
        steps.append(Step("leads", leads, rate if rate is not None and rate <= 1 else None))
        won = _total(rows.get("lead_conversion"))
        if math.isfinite(won):
            steps.append(Step("won", round(won * leads), won))
        elif _positive(sales):
            steps.append(Step("sales", sales))
    elif _positive(sales):
        rate = _total(rows.get("conversion_rate")) if steps else math.nan
        steps.append(Step("sales", sales, rate if math.isfinite(rate) and rate <= 1 else None))
    return steps


def _positive(value: float) -> bool:
    return math.isfinite(value) and value > 0


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
    if any(step.rate is not None for step in funnel_steps(report)):
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
    periods = places.shown or [format_period(p, lang) for p in report.periods]
    span = f"{periods[0]} – {periods[-1]}" if len(periods) > 1 else periods[0]
    whole = [format_period(p, lang) for p in report.periods]
    whole_span = f"{whole[0]} – {whole[-1]}" if len(whole) > 1 else whole[0]
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
                excel_format(_AXIS_FORMATS[entry.unit], lang),
                size,
                lines=lines,
                marks=True,
            )
        elif key == "funnel":
            spec = _funnel(places, t, lang, whole_span, anchor, size)
        else:
            spec = _channel_chart(report, key, places, t, lang, whole_span, anchor, size)
        specs.append(spec)
    return specs


def _funnel(
    places: Places,
    t: Mapping[str, str],
    lang: str,
    span: str,
    anchor: tuple[int, int],
    size: tuple[int, int],
) -> ChartSpec:
    """The conversion of each step from the one before, on one scale from 0 to 100%: every
    bar is seen, where counts of visitors would dwarf the leads and sales."""
    assert places.funnel_top is not None
    r0, r1 = places.funnel_top + 2, places.funnel_top + places.funnel_rows
    return ChartSpec(
        "bar",
        t["chart_funnel"].format(span=span),
        (r0, 0, r1, 0),
        ((t["step_conversion"], (r0, 2, r1, 2)),),
        anchor,
        excel_format(_AXIS_FORMATS[Unit.RATIO], lang),
        size,
    )


def _channel_chart(
    report: Report,
    key: str,
    places: Places,
    t: Mapping[str, str],
    lang: str,
    span: str,
    anchor: tuple[int, int],
    size: tuple[int, int],
) -> ChartSpec:
    cells = places.channel_cells

    def area(name: str) -> tuple[int, int, int, int]:
        top, col = cells[name]
        return (top + 1, col, top + places.paid_channels, col)

    first = area("spend" if key == "spend" else "ROMI")
    categories = (first[0], 0, first[2], 0)
    if key == "spend":
        shown = ["spend", *(["revenue"] if _paid_numbers(report, "revenue") else [])]
        series = tuple((t[name], area(name)) for name in shown)
        title = t["chart_spend" if len(shown) == 2 else "chart_spend_only"].format(span=span)
        unit = Unit.MONEY
    else:
        series = (("ROMI", area("ROMI")),)
        title, unit = t["chart_romi"].format(span=span), Unit.RATIO
    return ChartSpec(
        "bar", title, categories, series, anchor, excel_format(_AXIS_FORMATS[unit], lang), size
    )


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
