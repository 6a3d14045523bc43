"""Why revenue changed, and whether a period in progress will make its target.

**Drivers.** Every period's revenue change from the period before is split into the
effects of its drivers with LMDI-I (:func:`xl_kpi.kpis.drivers.split`): overall, revenue
is visitors x conversion (sales per visitor) x average check (revenue per sale), the
scorecard's TRAFFIC, CONVERSION_RATE and AOV; without a Traffic tab it is sales x average
check.  A channel is split by the drivers it has: visitors x conversion x average check
when its traffic is reported by channel; else clicks x conversion (sales per click) x
average check when it reports clicks; else spend x ROAS when it has spend; else sales x
average check.  The effects of a slice add up to its revenue change; a driver undefined
in either period (no visitors, no sales, no spend, a channel new in the period) leaves
the split undefined (``nan`` effects), while the change itself is still known.  Channels
are split only when orders carry channels.

**Pace.** When the data of the latest period ends before the period does, the period is
in progress: each summed KPI (revenue, sales, spend, leads) is projected at the straight
run rate, ``so far x days in the period / days elapsed`` (days counted from the period's
first day to the latest date in the data), and set against the period's target.  A
change from the previous period of a sum over days (revenue, sales, traffic...) would set
part of a period against a whole one: it is marked not comparable, and the status of a
KPI with a pace is judged on the pace.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..kpis.drivers import chain, split
from .facts import Facts, Slice
from .settings import Target
from .tables import Record, ScoreRow

__all__ = [
    "NOT_COMPARABLE",
    "PACED",
    "Effect",
    "Pace",
    "PaceLine",
    "Split",
    "driver_records",
    "mark_in_progress",
    "pace_of",
    "pace_records",
    "period_bounds",
    "splits",
]

#: The chains of measures a revenue is the product of, each with its drivers' names:
#: the first measure, then each measure per the one before.
TRAFFIC_CHAIN = (("visitors", "TRAFFIC"), ("sales", "CONVERSION_RATE"), ("revenue", "AOV"))
CLICKS_CHAIN = (("clicks", "CLICKS"), ("sales", "CONVERSION_RATE"), ("revenue", "AOV"))
SPEND_CHAIN = (("spend", "SPEND"), ("revenue", "ROAS"))
SALES_CHAIN = (("sales", "SALES_COUNT"), ("revenue", "AOV"))

#: The summed KPIs a period in progress is projected for: (record name, measure).
PACED = (("REVENUE", "revenue"), ("SALES_COUNT", "sales"), ("SPEND", "spend"), ("LEADS", "leads"))

#: Scorecard KPIs that are sums over the days of a period (or changes of one): their
#: change from a whole previous period is not comparable while a period is in progress.
NOT_COMPARABLE = frozenset(
    {
        "revenue", "sales_count", "profit", "new_customers", "traffic", "engagement",
        "social_sales", "sales_growth",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Effect:
    """One driver of a split: its value in both periods and its effect in money."""

    driver: str
    before: float
    after: float
    value: float

    @property
    def move(self) -> float:
        """The driver's relative move (0.05 is +5%); nan when it was 0 or undefined."""
        if math.isnan(self.before) or math.isnan(self.after) or self.before == 0:
            return math.nan
        return self.after / self.before - 1


@dataclass(frozen=True)
class Split:
    """A revenue change of one slice (overall: ``channel`` None) and its drivers' effects."""

    period: str
    previous: str
    channel: str | None
    revenue_before: float
    revenue_after: float
    effects: tuple[Effect, ...]

    @property
    def change(self) -> float:
        return self.revenue_after - self.revenue_before

    @property
    def defined(self) -> bool:
        return all(not math.isnan(e.value) for e in self.effects)

    @property
    def new(self) -> bool:
        """The slice had no revenue before and has some now (a channel's first period)."""
        return self.revenue_before == 0 and self.revenue_after > 0


def _split(facts: Facts, period: str, previous: str, key: str | None, links) -> Split:
    now, then = Slice(facts, period, key), Slice(facts, previous, key)
    names = [name for _, name in links]
    after = chain([getattr(now, m) for m, _ in links])
    before = chain([getattr(then, m) for m, _ in links])
    values = split(before, after)
    effects = tuple(map(Effect, names, before, after, values))
    return Split(period, previous, facts.name(key), then.revenue, now.revenue, effects)


def _links(facts: Facts, key: str | None) -> tuple[tuple[str, str], ...]:
    """The chain of drivers of the whole shop (``key`` None) or of a channel."""
    if key is None:
        return TRAFFIC_CHAIN if "visitors" in facts.available else SALES_CHAIN
    for measure, links in (
        ("visitors", TRAFFIC_CHAIN),
        ("clicks", CLICKS_CHAIN),
        ("spend", SPEND_CHAIN),
    ):
        if measure in facts.available and key in facts.keys_of.get(measure, ()):
            return links
    return SALES_CHAIN


def splits(facts: Facts) -> list[Split]:
    """Every period's revenue change from the period before, split into its drivers:
    overall, then each channel with revenue in either period (when orders carry channels)."""
    if not {"revenue", "sales"} <= facts.available:
        return []
    by_channel = facts.attribution == "channel" and bool(facts.attributed.get("revenue"))
    keys = facts.channel_keys if by_channel else []
    found = []
    for previous, period in zip(facts.periods, facts.periods[1:]):
        found.append(_split(facts, period, previous, None, _links(facts, None)))
        for key in keys:
            then, now = Slice(facts, previous, key).revenue, Slice(facts, period, key).revenue
            if then or now:
                found.append(_split(facts, period, previous, key, _links(facts, key)))
    return found


def driver_records(found: list[Split], pace: Pace | None = None) -> list[Record]:
    """``REVENUE_DRIVER`` records: each split's effects, the driver in ``driver``; none for
    a period in progress (part of a period against a whole one: its pace says more)."""
    return [
        Record("REVENUE_DRIVER", s.period, s.channel, e.value, driver=e.driver)
        for s in found
        if pace is None or s.period != pace.period
        for e in s.effects
    ]


# --- pace ---------------------------------------------------------------------------


def period_bounds(label: str, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period label (``2026-01``, ``2026-W05``, ``2026-Q1``).

    >>> period_bounds("2026-02", "month"), period_bounds("2026-W01", "week")[0]
    ((datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)), datetime.date(2025, 12, 29))
    """
    year = int(label[:4])
    if period == "week":
        start = dt.date.fromisocalendar(year, int(label[6:]), 1)
        return start, start + dt.timedelta(days=6)
    if period == "quarter":
        first_month = 3 * int(label[6:]) - 2
        start, last_month = dt.date(year, first_month, 1), first_month + 2
    else:
        start = dt.date(year, int(label[5:7]), 1)
        last_month = start.month
    following = dt.date(year + last_month // 12, last_month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


@dataclass(frozen=True)
class PaceLine:
    """One summed KPI of a period in progress: so far, at the run rate, and its target."""

    kpi: str  # the record name: REVENUE, SALES_COUNT, SPEND, LEADS
    so_far: float
    projected: float
    target: float | None

    @property
    def share(self) -> float:
        """The projection as a share of the target (nan without one)."""
        if not self.target:
            return math.nan
        return self.projected / self.target


@dataclass(frozen=True)
class Pace:
    """The latest period, in progress: its days, the days elapsed to ``as_of``, the lines."""

    period: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    lines: tuple[PaceLine, ...]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def elapsed(self) -> int:
        return (self.as_of - self.start).days + 1

    @property
    def left(self) -> int:
        return self.days - self.elapsed

    def needed_per_day(self, line: PaceLine) -> float:
        """What each day left must bring to reach the target (nan when none is needed)."""
        if line.target is None or line.so_far >= line.target or self.left <= 0:
            return math.nan
        return (line.target - line.so_far) / self.left

    def line(self, kpi: str) -> PaceLine | None:
        return next((p for p in self.lines if p.kpi == kpi), None)


def _target(targets: list[Target], kpi: str, period: str) -> float | None:
    """The overall target of a KPI for a period: the period's own, else a general one."""
    overall = [t for t in targets if t.kpi == kpi and t.channel is None]
    chosen = next((t for t in overall if t.period == period), None) or next(
        (t for t in overall if t.period is None), None
    )
    return None if chosen is None else chosen.target


def pace_of(facts: Facts, as_of: dt.date | None, targets: list[Target]) -> Pace | None:
    """The pace of the latest period when the data ends before it does; None otherwise."""
    if not facts.periods or as_of is None:
        return None
    period = facts.periods[-1]
    start, end = period_bounds(period, facts.settings.period)
    if as_of >= end or as_of < start:
        return None
    s = Slice(facts, period, None)
    elapsed, days = (as_of - start).days + 1, (end - start).days + 1
    lines = tuple(
        PaceLine(kpi, getattr(s, m), getattr(s, m) * days / elapsed, _target(targets, kpi, period))
        for kpi, m in PACED
        if m in facts.available
    )
    return Pace(period, start, end, as_of, lines)


def pace_records(pace: Pace | None) -> list[Record]:
    """``<KPI>_PACE`` records of a period in progress: each summed KPI at the run rate."""
    if pace is None:
        return []
    return [Record(f"{p.kpi}_PACE", pace.period, None, p.projected) for p in pace.lines]


def mark_in_progress(scorecard: list[ScoreRow], pace: Pace | None) -> None:
    """A period in progress on the scorecard: a sum's change from a whole period is not
    comparable (nan), and a KPI with a pace is on track when its pace reaches the target."""
    if pace is None:
        return
    for row in scorecard:
        if row.entry.name in NOT_COMPARABLE:
            row.change = math.nan
        line = pace.line(row.entry.excel_name)
        if line is not None and row.target is not None and not math.isnan(line.projected):
            row.on_track = line.projected >= row.target
