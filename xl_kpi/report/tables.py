"""From facts to tables: the scorecard, the channel, social and cohort tables, records.

Every number is a catalogue function applied to sums of the facts (:mod:`.facts`), so a
KPI of a set of rows is the ratio of its sums, as the catalogue pools ranges.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .. import kpis as k
from ..catalogue import CATALOGUE, KPI, Unit
from ..measures import MEASURE_RECORDS, MEASURES, measure
from .facts import Facts, Slice
from .periods import TOTAL

__all__ = [
    "CHANNEL_COLUMNS",
    "CHANNEL_PARTS",
    "SCORECARD",
    "Record",
    "ScoreRow",
    "channel_table",
    "cohort_table",
    "records",
    "score_row",
    "social_records",
    "social_table",
]


@dataclass(frozen=True)
class Record:
    """One computed value: what scripts read (``xl-kpi report --format json``), with what
    the summary shows beside it (None where it shows none).

    ``target`` is the period's target (a period's own beats one for every period; over the
    whole span a summed KPI's target is the sum of its periods' targets), ``pct_of_target``
    the value as a percentage of it, ``status`` ``on_track`` or ``behind`` (lower is better
    for costs); ``previous`` is the previous period's value and ``change`` the change from
    it in ``change_unit``: percentage points (``pp``) for rates, per cent (``%``) otherwise.
    """

    kpi: str
    period: str
    channel: str | None
    value: float  # nan: undefined or no data
    target: float | None = None
    pct_of_target: float | None = None
    status: str | None = None  # "on_track" or "behind"
    previous: float | None = None
    change: float | None = None
    change_unit: str | None = None  # "pp" or "%"
    driver: str | None = None  # REVENUE_DRIVER records only: the driver of the effect


@dataclass
class ScoreRow:
    """A scorecard line: one KPI by period, with its total, change and target.

    ``change`` is the latest period's against the one before, in ``change_unit``:
    percentage points (``pp``) for a rate, per cent (``%``) for a sum, count or average.
    """

    entry: KPI
    values: dict[str, float]  # period label (and TOTAL) -> value
    has_data: bool
    change: float = math.nan
    target: float | None = None
    benchmark: float | None = None
    progress: float = math.nan  # value / target
    on_track: bool | None = None
    previous: float = math.nan  # the period before the latest one
    change_unit: str = "%"
    #: The fallback the value rests on (see :mod:`xl_kpi.report.fallbacks`), else None.
    flag: str | None = None


def _follower_growth(facts: Facts, period: str, channel: str | None) -> float:
    return k.follower_growth(*facts.followers(period, channel))


def _income(s: Slice) -> float:
    """ROMI's income: revenue, or gross profit when Settings say so; overall, the income of
    channels with spend (channel attribution) or of every order (blended)."""
    paid = s.channel is None and s.facts.attribution == "channel"
    revenue = s.paid_revenue if paid else s.revenue
    if s.facts.settings.romi_basis == "gross profit":
        return revenue - (s.paid_cogs if paid else s.cogs)
    return revenue


def _ad_revenue(s: Slice) -> float:
    """ROAS's and DRR's revenue: as :func:`_income`, always revenue."""
    paid = s.channel is None and s.facts.attribution == "channel"
    return s.paid_revenue if paid else s.revenue


def _attributed(s: Slice) -> bool:
    """Whether a slice has revenue to set against its spend: overall always; a channel only
    when orders carry channels."""
    return s.channel is None or s.facts.attribution == "channel"


def _pooled(s: Slice, *measures: str) -> tuple[float, ...]:
    """The measures of a slice; overall, pooled over the channels that report every one of
    them (CPC over the spend of channels that report clicks), or over everything when a
    measure's rows carry no channel (blended)."""
    facts = s.facts
    if s.channel is not None or not all(facts.attributed.get(m) for m in measures):
        return tuple(getattr(s, m) for m in measures)
    channels = set.intersection(*(facts.keys_of[m] for m in measures))
    if not channels:
        return (math.nan,) * len(measures)
    return tuple(facts.pooled(s.period, m, channels) for m in measures)


def _profit_costs(s: Slice) -> float:
    return s.cogs + (0.0 if math.isnan(s.spend) else s.spend)


def _sales_costs(s: Slice) -> float:
    """The sales team's costs CAC adds (Settings ``sales team costs``, per period): overall
    only (a channel's CAC is its spend alone), every period's over the whole span."""
    costs = s.facts.settings.sales_costs
    if not costs or s.channel is not None:
        return 0.0
    return costs * (len(s.facts.periods) if s.period == TOTAL else 1)


def _growth(s: Slice) -> tuple[float, float]:
    periods = s.facts.periods
    if s.period == TOTAL or periods.index(s.period) == 0:
        return (math.nan, math.nan)
    previous = Slice(s.facts, periods[periods.index(s.period) - 1], s.channel)
    return (s.revenue, previous.revenue)


@dataclass(frozen=True)
class _Spec:
    """A summary KPI: its catalogue entry, the measures it needs and its inputs.

    The value is always the catalogue function applied to ``inputs(slice)``; a count KPI
    (``count``) is the count itself, which the catalogue function gives from the rows.
    ``reads`` are every measure it reads (by default those it needs), in the order the
    summary's definitions name their data; ``needs`` say when it has data.
    """

    entry: KPI
    needs: tuple[str, ...]
    inputs: Callable[[Slice], tuple[float, ...]]
    count: bool = False
    reads: tuple[str, ...] = ()

    def compute(self, s: Slice) -> float:
        values = self.inputs(s)
        return values[0] if self.count else self.entry.func(*values)


def _spec(
    name: str,
    needs: str,
    inputs: Callable[[Slice], tuple[float, ...]],
    count: bool = False,
    reads: str | None = None,
) -> _Spec:
    read = (reads or needs).split()
    unknown = (set(needs.split()) | set(read)) - MEASURES
    if unknown:
        raise ValueError(f"{name} needs measures that do not exist: {sorted(unknown)}")
    return _Spec(CATALOGUE[name], tuple(needs.split()), inputs, count, tuple(read))


def _unattributed(inputs: Callable[[Slice], tuple[float, ...]]) -> Callable[[Slice], tuple]:
    """Inputs that are undefined for a channel when orders carry no channel."""
    return lambda s: inputs(s) if _attributed(s) else (math.nan, math.nan)


_PROFIT = "revenue cogs spend"  # spend is a cost of profit when there is spend
_ENGAGED = "likes comments reposts"
_PAID = "paid_revenue revenue spend"  # the revenue of paid channels (channel attribution)

SCORECARD: tuple[_Spec, ...] = (
    _spec("revenue", "revenue", lambda s: (s.revenue,)),
    _spec("sales_count", "sales", lambda s: (s.sales,), count=True),
    _spec("aov", "revenue sales", lambda s: (s.revenue, s.sales)),
    _spec("profit", "revenue cogs", lambda s: (s.revenue, _profit_costs(s)), reads=_PROFIT),
    _spec("profit_margin", "revenue cogs", lambda s: (s.revenue, _profit_costs(s)), reads=_PROFIT),
    _spec("new_customers", "new", lambda s: (s.new,), count=True),
    _spec("cac", "spend new", lambda s: (s.spend, s.new, _sales_costs(s))),
    _spec("lead_conversion", "leads won", lambda s: (s.won, s.leads)),
    _spec("conversion_rate", "sales visitors", lambda s: (s.sales, s.visitors)),
    _spec("traffic", "visitors", lambda s: (s.visitors,)),
    _spec("engagement", "likes", lambda s: (s.likes, s.comments, s.reposts), reads=_ENGAGED),
    _spec(
        "engagement_rate",
        "likes reach",
        lambda s: (k.engagement(s.likes, s.comments, s.reposts), s.reach),
        reads=f"{_ENGAGED} reach",
    ),
    _spec("ctr", "clicks impressions", lambda s: _pooled(s, "clicks", "impressions")),
    _spec("cpc", "spend clicks", lambda s: _pooled(s, "spend", "clicks")),
    _spec("cpm", "spend impressions", lambda s: _pooled(s, "spend", "impressions")),
    _spec("cpl", "spend leads", lambda s: _pooled(s, "spend", "leads")),
    _spec("cps", "spend sales", lambda s: (s.spend, s.sales)),
    _spec("romi", "spend revenue", _unattributed(lambda s: (_income(s), s.spend)), reads=_PAID),
    _spec("roas", "spend revenue", _unattributed(lambda s: (_ad_revenue(s), s.spend)), reads=_PAID),
    _spec("drr", "spend revenue", _unattributed(lambda s: (s.spend, _ad_revenue(s))), reads=_PAID),
    _spec("follower_growth", "followers", lambda s: s.facts.followers(s.period, s.channel)),
    _spec("social_sales", "social_sales", lambda s: (s.social_sales,), count=True),
    _spec("sales_growth", "revenue", _growth),
    _spec("brand_awareness", "aware surveyed", lambda s: (s.aware, s.surveyed)),
    _spec("buyer_retention", "new", lambda s: s.facts.retention(s.period)),
    _spec("churn_rate", "new", lambda s: _lost(*s.facts.retention(s.period))),
    _spec("repeat_purchase_rate", "new", lambda s: (s.facts.customers(s.period),), reads="buyers"),
)


def _lost(before: float, returning: float) -> tuple[float, float]:
    """(customers lost, customers at the start): the previous period's buyers who did not
    buy again, of all of them."""
    return (before - returning, before)


#: The channel table's plain sums, then its KPIs (by Excel name).
CHANNEL_KPIS: tuple[_Spec, ...] = tuple(
    spec
    for spec in SCORECARD
    if spec.entry.name
    in {
        "ctr",
        "cpc",
        "cpm",
        "cpl",
        "cps",
        "romi",
        "roas",
        "cac",
        "drr",
        "sales_count",
        "revenue",
        "new_customers",
        "conversion_rate",
        "lead_conversion",
    }
)


@dataclass(frozen=True)
class ChannelColumn:
    """A column of the channel table: a measure (``spend``) or a KPI (``CTR``), its unit."""

    name: str
    unit: Unit

    @property
    def spec(self) -> _Spec | None:
        """The KPI's scorecard spec, or None for a plain measure."""
        return next((s for s in CHANNEL_KPIS if s.entry.excel_name == self.name), None)


#: The channel table in two parts, each as wide as a printed page: advertising, then
#: sales; measures by name, KPIs by Excel name.
CHANNEL_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("channels_ads", ("spend", "impressions", "clicks", "CTR", "CPC", "leads", "CPL")),
    ("channels_sales", ("sales", "revenue", "CPS", "ROMI", "ROAS", "new", "CAC")),
)


def _channel_column(name: str) -> ChannelColumn:
    """A measure's column in its unit (:mod:`xl_kpi.measures`), a KPI's in the catalogue's."""
    if name in MEASURES:
        return ChannelColumn(name, measure(name).unit)
    return ChannelColumn(name, CATALOGUE[name.lower()].unit)


#: The channel table's columns in order, for the report and the summary alike.
CHANNEL_COLUMNS: tuple[ChannelColumn, ...] = tuple(
    _channel_column(name) for _, names in CHANNEL_PARTS for name in names
)


# --- targets, changes and records ---------------------------------------------------


def records(scorecard: list[ScoreRow], facts: Facts) -> list[Record]:
    """Every number of the summary as records: the scorecard's KPIs by period and in total,
    the plain sums (:data:`MEASURE_RECORDS`), and each channel's KPIs and sums."""
    found = [
        Record(row.entry.excel_name, period, None, value)
        for row in scorecard
        for period, value in row.values.items()
    ]
    periods = [*facts.periods, TOTAL]
    for key in [None, *facts.channel_keys]:
        name = facts.name(key)
        for period in periods:
            s = Slice(facts, period, key)
            for record, name_ in MEASURE_RECORDS:
                value = getattr(s, name_) if name_ in facts.available else math.nan
                found.append(Record(record, period, name, value))
            if key is None:
                continue
            found.append(Record("TRAFFIC", period, name, s.visitors))  # null without traffic
            for spec in CHANNEL_KPIS:
                has = all(n in facts.available for n in spec.needs)
                value = spec.compute(s) if has else math.nan
                found.append(Record(spec.entry.excel_name, period, name, value))
    return found


#: The social table's KPIs, as records of each network (``channel``: the network).
SOCIAL_RECORDS = ("FOLLOWER_GROWTH", "ENGAGEMENT", "ENGAGEMENT_RATE")


def social_records(table: pd.DataFrame) -> list[Record]:
    """The social networks table as records: each network's KPIs over the whole span."""
    if table.empty:
        return []
    return [
        Record(kpi, TOTAL, str(row["network"]), float(row[kpi]))
        for _, row in table.iterrows()
        for kpi in SOCIAL_RECORDS
    ]


# The tables.


def score_row(facts: Facts, spec: _Spec) -> ScoreRow:
    """One KPI of the scorecard by period and in total."""
    has_data = all(need in facts.available for need in spec.needs)
    values = {
        p: spec.compute(Slice(facts, p, None)) if has_data else math.nan
        for p in [*facts.periods, TOTAL]
    }
    return ScoreRow(spec.entry, values, has_data)


def channel_table(facts: Facts) -> pd.DataFrame:
    """One row per channel and a total row: the channel measures and KPIs."""
    rows = []
    for key in [*facts.channel_keys, None]:
        s = Slice(facts, TOTAL, key)
        row = {"channel": facts.name(key) if key is not None else TOTAL}
        for column in CHANNEL_COLUMNS:
            spec = column.spec
            if spec is None:
                row[column.name] = getattr(s, column.name)
            elif all(n in facts.available for n in spec.needs):
                row[column.name] = spec.compute(s)
        rows.append(row)
    return pd.DataFrame(rows)


def social_table(facts: Facts) -> pd.DataFrame:
    """One row per social network."""
    if facts.social_keys is None:
        return pd.DataFrame()
    rows = []
    for key in facts.social_keys:
        s = Slice(facts, TOTAL, key)
        start, end = facts.follower_ends(key)
        engagements = k.engagement(s.likes, s.comments, s.reposts)
        rows.append(
            {
                "network": facts.name(key),
                "followers_start": start,
                "followers_end": end,
                "FOLLOWER_GROWTH": _follower_growth(facts, TOTAL, key),
                "ENGAGEMENT": engagements,
                "ENGAGEMENT_RATE": k.engagement_rate(engagements, s.reach),
                "SALES_COUNT": s.sales if "sales" in facts.available else math.nan,
            }
        )
    return pd.DataFrame(rows)


def cohort_table(facts: Facts, months: int = 12) -> pd.DataFrame:
    """Share of each first-purchase month's customers who buy in each later month."""
    counts = facts.cohorts
    if counts is None or counts.empty:
        return pd.DataFrame()
    counts = counts[counts["offset"] < months]
    active = counts.pivot(index="cohort", columns="offset", values="customers")
    active = active.fillna(0).astype("int64")
    size = active[0]
    table = active.div(size, axis=0)
    table.index = [f"{c // 12}-{c % 12 + 1:02d}" for c in table.index]
    table.insert(0, "customers", size.to_numpy())
    return table
