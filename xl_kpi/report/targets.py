"""Targets and changes: the target of a KPI for a period and channel (a summed KPI's over
the whole span is the sum of its periods'), whether a value is on track, and the change
from the period before, on the scorecard, the records and the channel table."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

import pandas as pd

from .. import kpis as k
from ..catalogue import Unit, divide
from ..measures import MEASURES_TABLE, Aggregation
from .periods import TOTAL
from .settings import Target, target_direction, target_unit
from .tables import Record, ScoreRow

__all__ = [
    "ADDITIVE",
    "annotate",
    "apply_targets",
    "attach_channel_targets",
    "change_of",
    "target_for",
]


#: KPIs and measures that add up over periods and channels (by record name): over the
#: whole span their target is the sum of the periods' targets; every other KPI (a rate, a
#: cost per, an average) is held to the same target in every period and overall.
ADDITIVE = frozenset(
    {
        "REVENUE",
        "SALES_COUNT",
        "PROFIT",
        "NEW_CUSTOMERS",
        "TRAFFIC",
        "ENGAGEMENT",
        "SOCIAL_SALES",
        *(
            m.record
            for m in MEASURES_TABLE
            if m.record is not None and m.aggregation in (Aggregation.SUM, Aggregation.COUNT)
        ),
    }
)


def change_of(value: float, previous: float, unit: Unit) -> tuple[float, str]:
    """The change from ``previous`` to ``value`` and its unit: a rate's in percentage
    points (5% to 8% is +3 pp, not +60%), anything else's in per cent.

    >>> change_of(0.08, 0.05, Unit.RATIO)[1], round(change_of(0.08, 0.05, Unit.RATIO)[0], 6)
    ('pp', 3.0)
    >>> change_of(120.0, 100.0, Unit.MONEY)
    (20.0, '%')
    """
    if unit is Unit.RATIO:
        return (value - previous) * 100, "pp"
    return k.sales_growth(value, previous) * 100, "%"


def _matches(target: Target, kpi: str, channel: str | None) -> bool:
    if target.kpi != kpi:
        return False
    if channel is None or target.channel is None:
        return channel is None and target.channel is None
    return target.channel.strip().casefold() == channel.strip().casefold()


def target_for(
    targets: Iterable[Target], kpi: str, period: str, channel: str | None, periods: list[str]
) -> Target | None:
    """The target of ``kpi`` (a record name) for a period and channel: the period's own,
    else one for every period.  Over the whole span (TOTAL) a summed KPI's is the sum of
    its periods' targets (when every period has one); another KPI's the one for every
    period."""
    found = [t for t in targets if _matches(t, kpi, channel)]
    general = next((t for t in found if t.period is None), None)
    if period != TOTAL:
        return next((t for t in found if t.period == period), None) or general
    if kpi not in ADDITIVE:
        return general
    each = [target_for(found, kpi, p, channel, periods) for p in periods]
    if not periods or any(t is None for t in each):
        return None
    return Target(kpi, sum(t.target for t in each if t is not None), None, channel)


def _judge(value: float, target: float, higher_is_better: bool) -> bool | None:
    """On track (True), behind (False), or None when the value is unknown."""
    if math.isnan(value):
        return None
    return value >= target if higher_is_better else value <= target


def apply_targets(scorecard: list[ScoreRow], targets: list[Target], periods: list[str]) -> None:
    """Set each KPI's change and its target for the latest period (a period's own target
    beats a general one)."""
    if not periods:
        return
    current, previous = periods[-1], periods[-2] if len(periods) > 1 else None
    for row in scorecard:
        if previous is not None:
            row.previous = row.values[previous]
            row.change, row.change_unit = change_of(
                row.values[current], row.previous, row.entry.unit
            )
        elif row.entry.unit is Unit.RATIO:
            row.change_unit = "pp"
        chosen = target_for(targets, row.entry.excel_name, current, None, periods)
        if chosen is None:
            continue
        row.target, row.benchmark = chosen.target, chosen.benchmark
        value = row.values[current]
        row.progress = divide(value, chosen.target)
        row.on_track = _judge(value, chosen.target, row.entry.higher_is_better)


def _known(value: float) -> float | None:
    return value if isinstance(value, float) and math.isfinite(value) else None


def annotate(found: list[Record], targets: list[Target], periods: list[str]) -> list[Record]:
    """The records with what the summary shows beside each value: its target, % of target
    and status, the previous period's value and the change from it."""
    index = {(r.kpi, r.period, r.channel): r.value for r in found}
    before = dict(zip(periods[1:], periods))
    out = []
    for r in found:
        unit = _unit(r.kpi)
        extra: dict[str, object] = {}
        if unit is not None and r.period in before:
            last = index.get((r.kpi, before[r.period], r.channel), math.nan)
            change, change_unit = change_of(r.value, last, unit)
            extra.update(previous=_known(last), change=_known(change), change_unit=change_unit)
        goal = target_for(targets, r.kpi, r.period, r.channel, periods) if unit else None
        if goal is not None:
            on_track = _judge(r.value, goal.target, target_direction(r.kpi))
            extra.update(
                target=goal.target,
                pct_of_target=_known(divide(r.value, goal.target) * 100),
                status=None if on_track is None else ("on_track" if on_track else "behind"),
            )
        out.append(replace(r, **extra) if extra else r)  # type: ignore[arg-type]
    return out


def _unit(name: str) -> Unit | None:
    try:
        return target_unit(name)
    except KeyError:
        return None


def attach_channel_targets(table: pd.DataFrame, found: list[Record]) -> None:
    """Channel targets (the CAC of one channel) become columns of the channel table, by
    KPI: ``<KPI> target``, ``<KPI> progress`` (value / target) and ``<KPI> status``
    (True on track, False behind, None unknown), over the whole span as the table is."""
    if table.empty:
        return
    rows = {str(name).casefold(): i for i, name in table["channel"].items()}
    for r in found:
        if r.period != TOTAL or r.channel is None or r.target is None:
            continue
        i = rows.get(r.channel.casefold())
        if i is None:
            continue
        for suffix in ("target", "progress", "status"):
            if f"{r.kpi} {suffix}" not in table:
                table[f"{r.kpi} {suffix}"] = None if suffix == "status" else math.nan
        table.loc[i, f"{r.kpi} target"] = r.target
        table.loc[i, f"{r.kpi} progress"] = divide(r.value, r.target)
        table.loc[i, f"{r.kpi} status"] = None if r.status is None else r.status == "on_track"
