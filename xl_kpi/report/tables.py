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
from ..catalogue import CATALOGUE, KPI, Unit, divide
from .facts import MEASURES, Facts, Slice
from .periods import TOTAL
from .settings import Target

__all__ = [
    "CHANNEL_COLUMNS",
    "SCORECARD",
    "Record",
    "ScoreRow",
    "apply_targets",
    "attach_channel_targets",
    "channel_table",
    "cohort_table",
    "records",
    "score_row",
    "social_records",
    "social_table",
]


@dataclass(frozen=True)
class Record:
    """One computed value: what scripts read (``xl-kpi report --format json``)."""

    kpi: str
    period: str
    channel: str | None
    value: float  # nan: undefined or no data
    driver: str | None = None  # REVENUE_DRIVER records only: the driver of the effect


@dataclass
class ScoreRow:
    """A scorecard line: one KPI by period, with its total, change and target."""

    entry: KPI
    values: dict[str, float]  # period label (and TOTAL) -> value
    has_data: bool
    change: float = math.nan
    target: float | None = None
    benchmark: float | None = None
    progress: float = math.nan  # value / target
    on_track: bool | None = None
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
    """

    entry: KPI
    needs: tuple[str, ...]
    inputs: Callable[[Slice], tuple[float, ...]]
    count: bool = False

    def compute(self, s: Slice) -> float:
        values = self.inputs(s)
        return values[0] if self.count else self.entry.func(*values)


def _spec(
    name: str, needs: str, inputs: Callable[[Slice], tuple[float, ...]], count: bool = False
) -> _Spec:
    unknown = set(needs.split()) - MEASURES
    if unknown:
        raise ValueError(f"{name} needs measures that do not exist: {sorted(unknown)}")
    return _Spec(CATALOGUE[name], tuple(needs.split()), inputs, count)


def _unattributed(inputs: Callable[[Slice], tuple[float, ...]]) -> Callable[[Slice], tuple]:
    """Inputs that are undefined for a channel when orders carry no channel."""
    return lambda s: inputs(s) if _attributed(s) else (math.nan, math.nan)


SCORECARD: tuple[_Spec, ...] = (
    _spec("revenue", "revenue", lambda s: (s.revenue,)),
    _spec("sales_count", "sales", lambda s: (s.sales,), count=True),
    _spec("aov", "revenue sales", lambda s: (s.revenue, s.sales)),
    _spec("profit", "revenue cogs", lambda s: (s.revenue, _profit_costs(s))),
    _spec("profit_margin", "revenue cogs", lambda s: (s.revenue, _profit_costs(s))),
    _spec("new_customers", "new", lambda s: (s.new,), count=True),
    _spec("cac", "spend new", lambda s: (s.spend, s.new)),
    _spec("lead_conversion", "leads won", lambda s: (s.won, s.leads)),
    _spec("conversion_rate", "sales visitors", lambda s: (s.sales, s.visitors)),
    _spec("traffic", "visitors", lambda s: (s.visitors,)),
    _spec("engagement", "likes", lambda s: (s.likes, s.comments, s.reposts)),
    _spec(
        "engagement_rate",
        "likes reach",
        lambda s: (k.engagement(s.likes, s.comments, s.reposts), s.reach),
    ),
    _spec("ctr", "clicks impressions", lambda s: _pooled(s, "clicks", "impressions")),
    _spec("cpc", "spend clicks", lambda s: _pooled(s, "spend", "clicks")),
    _spec("cpm", "spend impressions", lambda s: _pooled(s, "spend", "impressions")),
    _spec("cpl", "spend leads", lambda s: _pooled(s, "spend", "leads")),
    _spec("cps", "spend sales", lambda s: (s.spend, s.sales)),
    _spec("romi", "spend revenue", _unattributed(lambda s: (_income(s), s.spend))),
    _spec("roas", "spend revenue", _unattributed(lambda s: (_ad_revenue(s), s.spend))),
    _spec("drr", "spend revenue", _unattributed(lambda s: (s.spend, _ad_revenue(s)))),
    _spec("follower_growth", "followers", lambda s: s.facts.followers(s.period, s.channel)),
    _spec("social_sales", "social_sales", lambda s: (s.social_sales,), count=True),
    _spec("sales_growth", "revenue", _growth),
    _spec("brand_awareness", "aware surveyed", lambda s: (s.aware, s.surveyed)),
    _spec("buyer_retention", "new", lambda s: s.facts.retention(s.period)),
    _spec("churn_rate", "new", lambda s: _lost(*s.facts.retention(s.period))),
    _spec("repeat_purchase_rate", "new", lambda s: (s.facts.customers(s.period),)),
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


#: The channel table's columns in order, for the report and the summary alike.
CHANNEL_COLUMNS: tuple[ChannelColumn, ...] = tuple(
    ChannelColumn(name, unit)
    for name, unit in (
        ("spend", Unit.MONEY),
        ("impressions", Unit.COUNT),
        ("clicks", Unit.COUNT),
        ("CTR", Unit.RATIO),
        ("CPC", Unit.MONEY),
        ("leads", Unit.COUNT),
        ("CPL", Unit.MONEY),
        ("sales", Unit.COUNT),
        ("revenue", Unit.MONEY),
        ("CPS", Unit.MONEY),
        ("ROMI", Unit.RATIO),
        ("ROAS", Unit.RATIO),
        ("new", Unit.COUNT),
        ("CAC", Unit.MONEY),
    )
)


# --- targets and records -----------------------------------------------------------


def apply_targets(scorecard: list[ScoreRow], targets: list[Target], periods: list[str]) -> None:
    """Set each KPI's target for the latest period (a period's own target beats a general one)."""
    if not periods:
        return
    current, previous = periods[-1], periods[-2] if len(periods) > 1 else None
    for row in scorecard:
        if previous is not None:
            row.change = k.sales_growth(row.values[current], row.values[previous])
        overall = [t for t in targets if t.kpi == row.entry.excel_name and t.channel is None]
        chosen = next((t for t in overall if t.period == current), None) or next(
            (t for t in overall if t.period is None), None
        )
        if chosen is None:
            continue
        row.target, row.benchmark = chosen.target, chosen.benchmark
        value = row.values[current]
        row.progress = divide(value, chosen.target)
        if not math.isnan(value):
            ahead = value >= chosen.target
            row.on_track = ahead if row.entry.higher_is_better else value <= chosen.target


def attach_channel_targets(table: pd.DataFrame, targets: list[Target]) -> None:
    """Channel targets (e.g. CAC of one channel) become columns `<KPI> target` of the table."""
    if table.empty:
        return
    for t in targets:
        if t.channel is None:
            continue
        column = f"{t.kpi} target"
        if column not in table:
            table[column] = math.nan
        match = table["channel"].str.casefold() == t.channel.strip().casefold()
        table.loc[match, column] = t.target


#: Plain sums the summary shows, as records: (record name, measure).
MEASURE_RECORDS = (
    ("SPEND", "spend"),
    ("IMPRESSIONS", "impressions"),
    ("CLICKS", "clicks"),
    ("LEADS", "leads"),
)


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
            for record, measure in MEASURE_RECORDS:
                value = getattr(s, measure) if measure in facts.available else math.nan
                found.append(Record(record, period, name, value))
            if key is None:
                continue
            if "visitors" in facts.available:
                found.append(Record("TRAFFIC", period, name, s.visitors))
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
