"""The summary's "What changed" block: why revenue moved, and the pace of a period in progress.

Generated from the report's numbers alone (:mod:`xl_kpi.report.drivers`), in the
workbook's language: a line for the latest complete period's revenue change and its
drivers' effects, a line naming the channel that moved most, a line per summed KPI of a
period in progress at its run rate against its target, and the per-channel movers table.
Every figure in the words is a record of ``report --format json`` (``REVENUE``,
``REVENUE_DRIVER``, ``REVENUE_PACE``...), rounded to whole units.

The block sits under the summary's title so that it prints on the first page; the
scorecard marks a period in progress in its heading (which the charts take as their
categories) and shows a sum's change from a whole period as not comparable.
"""

from __future__ import annotations

import datetime as dt
import math

from .catalogue import Unit
from .formats import format_period
from .i18n import text
from .layout import Value, number_style
from .report import Report, ScoreRow
from .report.drivers import NOT_COMPARABLE, Pace, PaceLine, Split, period_bounds

__all__ = ["DRIVER_ORDER", "block", "change_cell", "complete_period", "heading", "words"]

#: The drivers' columns of the movers table, in order.
DRIVER_ORDER = ("TRAFFIC", "CLICKS", "SPEND", "SALES_COUNT", "CONVERSION_RATE", "ROAS", "AOV")
_MINUS = "\u2212"

Rows = list[list[Value]]
Styles = list[list[str | None]]


def _say(key: str, lang: str, **fields: object) -> str:
    return str(text(f"changes.{key}", lang)).format(**fields)


def _number(value: float, lang: str, sign: bool = False) -> str:
    """A whole number the way ``lang`` writes it, signed on request: ``−98,400``."""
    shown = f"{abs(value):,.0f}"
    if lang == "ru":
        shown = shown.replace(",", "\u00a0")
    if not sign:
        return f"{_MINUS}{shown}" if round(value) < 0 else shown
    return f"{_MINUS if value < 0 else '+'}{shown}" if round(value) != 0 else shown


def _percent(value: float, lang: str) -> str:
    """A signed share: ``+2%``, ``−0.9%`` (one decimal under 10%)."""
    decimals = 1 if abs(value) < 0.1 else 0
    rounded = round(abs(value) * 100, decimals)
    shown = f"{rounded:.{decimals}f}"
    shown = shown.replace(".", ",") + "\u00a0%" if lang == "ru" else shown + "%"
    if rounded == 0:
        return shown
    return f"{_MINUS if value < 0 else '+'}{shown}"


def complete_period(report: Report) -> str | None:
    """The latest complete period that has one before it to compare with (None: none)."""
    periods = report.periods
    last = len(periods) - (2 if report.pace is not None else 1)
    return periods[last] if last >= 1 else None


def _splits(report: Report, period: str) -> tuple[Split | None, list[Split]]:
    """The period's overall split and its channels' splits, biggest change first."""
    found = [s for s in report.drivers if s.period == period]
    overall = next((s for s in found if s.channel is None), None)
    channels = sorted((s for s in found if s.channel is not None), key=lambda s: -abs(s.change))
    return overall, channels


def _revenue_line(split: Split, lang: str, starts: dt.date | None = None) -> str:
    growth = split.change / split.revenue_before if split.revenue_before else math.nan
    pct = _percent(growth, lang) if not math.isnan(growth) else "–"
    head = _say(
        "revenue",
        lang,
        period=format_period(split.period, lang),
        pct=pct,
        previous=format_period(split.previous, lang),
        amount=_number(split.change, lang, sign=True),
    )
    if starts is not None:  # the first period began before the data did
        previous = format_period(split.previous, lang)
        head += f" ({_say('partial', lang, period=previous, date=f'{starts:%d.%m.%Y}')})"
    if not split.defined:
        return f"{head}: {_say('unsplit', lang)}."
    parts = [
        f"{_say('driver.' + e.driver, lang)} {_move(e.move, lang)} "
        f"({_number(e.value, lang, sign=True)})"
        for e in split.effects
    ]
    return f"{head}: {', '.join(parts)}."


def _partial_start(report: Report, period: str) -> dt.date | None:
    """The data's first day when it falls after the first day of ``period`` (only the
    first period can start late); None when the period is whole."""
    first = report.first_date
    if first is None or period != report.periods[0]:
        return None
    return first if first > period_bounds(period, report.settings.period)[0] else None


def _move(move: float, lang: str) -> str:
    return "–" if math.isnan(move) else _percent(move, lang)


def _mover_line(channels: list[Split], lang: str) -> str | None:
    if not channels:
        return None
    top = channels[0]
    amount = _number(top.change, lang, sign=True)
    if top.new:
        shown = format_period(top.period, lang)
        return _say("mover_new", lang, channel=top.channel, amount=amount, period=shown)
    if not top.defined:
        return _say("mover_plain", lang, channel=top.channel, amount=amount)
    biggest = max(top.effects, key=lambda e: abs(e.value))
    return _say(
        "mover",
        lang,
        channel=top.channel,
        amount=amount,
        driver=_say("driver." + biggest.driver, lang),
        pct=_move(biggest.move, lang),
    )


def _pace_line(pace: Pace, line: PaceLine, lang: str) -> str:
    name = _say("pace." + line.kpi, lang)
    projected = _number(line.projected, lang)
    if line.target is None:
        return _say("pace_plain", lang, name=name, projected=projected, end=f"{pace.end:%d.%m}")
    fields = {
        "name": name,
        "projected": projected,
        "target": _number(line.target, lang),
        "share": _percent(line.share, lang).lstrip("+"),
    }
    if line.projected >= line.target:
        return _say("pace_ahead", lang, **fields)
    per_day = pace.needed_per_day(line)
    return _say(
        "pace_short",
        lang,
        **fields,
        gap=_number(line.target - line.projected, lang),
        per_day=_number(per_day, lang) if not math.isnan(per_day) else "–",
        left=pace.left,
    )


def words(report: Report, lang: str) -> list[str]:
    """The block's sentences: the change and its drivers, the biggest mover, the pace."""
    lines = []
    period = complete_period(report)
    if period is not None:
        overall, channels = _splits(report, period)
        if overall is not None and not math.isnan(overall.change):  # revenue known in both
            lines.append(_revenue_line(overall, lang, _partial_start(report, overall.previous)))
            mover = _mover_line(channels, lang)
            if mover:
                lines.append(mover)
    elif report.pace is not None:
        lines.append(_say("nothing", lang, period=format_period(report.pace.period, lang)))
    pace = report.pace
    if pace is not None:
        lines.append(
            _say(
                "in_progress",
                lang,
                period=format_period(pace.period, lang),
                date=f"{pace.as_of:%d.%m.%Y}",
                elapsed=pace.elapsed,
                days=pace.days,
                mark=_say("not_comparable", lang),
            )
        )
        lines += [_pace_line(pace, line, lang) for line in pace.lines if line.kpi == "REVENUE"]
        lines += [
            _pace_line(pace, line, lang)
            for line in pace.lines
            if line.kpi != "REVENUE" and line.target is not None
        ]
    return lines


def _movers(report: Report, period: str, lang: str) -> tuple[Rows, Styles] | None:
    """The movers table: the whole shop, then each channel by the size of its change."""
    overall, channels = _splits(report, period)
    if overall is None or not channels or math.isnan(overall.change):
        return None
    drivers = [d for d in DRIVER_ORDER if any(d in _by_driver(s) for s in (overall, *channels))]
    header: list[Value] = [
        _say("channel", lang),
        format_period(overall.previous, lang),
        format_period(period, lang),
        _say("change", lang),
        _say("change_pct", lang),
        *(_say("effect." + d, lang) for d in drivers),
    ]
    rows: Rows = [header]
    styles: Styles = [["header"] * len(header)]
    for split in (overall, *channels):
        effects = _by_driver(split)
        growth = split.change / split.revenue_before if split.revenue_before else math.nan
        money = number_style(Unit.MONEY.value, lang)
        cells: list[tuple[Value, str]] = [
            (split.revenue_before, money),
            (split.revenue_after, money),
            (split.change, money),
            _shown(growth, Unit.RATIO, lang),
        ]
        for d in drivers:
            cells.append(_shown(effects[d], Unit.MONEY, lang) if d in effects else (None, "text"))
        name = _say("total", lang) if split.channel is None else split.channel
        rows.append([name, *(c[0] for c in cells)])
        styles.append(["label", *(c[1] for c in cells)])
    return rows, styles


def _by_driver(split: Split) -> dict[str, float]:
    return {e.driver: e.value for e in split.effects}


def _shown(value: float, unit: Unit, lang: str) -> tuple[Value, str]:
    if math.isnan(value):
        return "–", "nodata"
    return float(value), number_style(unit.value, lang)


def block(report: Report, lang: str) -> list[tuple[Rows, Styles]]:
    """The "What changed" block as blocks of cells, top to bottom: the heading, the words
    and the movers table; nothing when there is nothing to say."""
    said = words(report, lang)
    if not said:
        return []
    found: list[tuple[Rows, Styles]] = [([[_say("title", lang)]], [["section"]])]
    found.append(([[line] for line in said], [[None] for _ in said]))
    period = complete_period(report)
    movers = _movers(report, period, lang) if period is not None else None
    if movers is not None:
        previous = report.periods[report.periods.index(period) - 1]
        shown = {"period": format_period(period, lang), "previous": format_period(previous, lang)}
        found.append(([[_say("movers", lang, **shown)]], [["band"]]))
        found.append(movers)
    return found


def heading(report: Report, period: str, lang: str, label: str | None = None) -> str:
    """A period's heading on the summary (``label``: as the language writes it, else the
    period itself): marked when it is in progress."""
    label = period if label is None else label
    if report.pace is not None and report.pace.period == period:
        return _say("in_progress_heading", lang, period=label)
    return label


def change_cell(report: Report, line: ScoreRow, lang: str) -> tuple[Value, str] | None:
    """The scorecard's change cell of a sum while the period is in progress: not
    comparable (None: show the change as usual)."""
    if report.pace is None or line.entry.name not in NOT_COMPARABLE or not line.has_data:
        return None
    return _say("not_comparable", lang), "nodata"
