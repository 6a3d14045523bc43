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
    "social_table",
]


@dataclass(frozen=True)
class Record:
    """One computed value: what scripts read (``xl-kpi report --format json``)."""

    kpi: str
    period: str
    channel: str | None
    value: float  # nan: undefined or no data


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


def _follower_growth(facts: Facts, period: str, channel: str | None) -> float:
    start, end = facts.followers(period, channel)
    return math.nan if math.isnan(start) else k.follower_growth(start, end)


def _income(s: Slice, paid_only: bool) -> float:
    revenue = s.paid_revenue if paid_only and s.channel is None else s.revenue
    if s.facts.settings.romi_basis == "gross profit":
        return revenue - (s.paid_cogs if paid_only and s.channel is None else s.cogs)
    return revenue


def _profit_costs(s: Slice) -> float:
    return s.cogs + (0.0 if math.isnan(s.spend) else s.spend)


def _growth(s: Slice) -> float:
    periods = s.facts.periods
    if s.period == TOTAL or periods.index(s.period) == 0:
        return math.nan
    previous = Slice(s.facts, periods[periods.index(s.period) - 1], s.channel)
    return k.sales_growth(s.revenue, previous.revenue)


@dataclass(frozen=True)
class _Spec:
    """A summary KPI: its catalogue entry, the sums it needs and how it is called."""

    entry: KPI
    needs: tuple[str, ...]
    compute: Callable[[Slice], float]


def _spec(name: str, needs: str, compute: Callable[[Slice], float]) -> _Spec:
    unknown = set(needs.split()) - MEASURES
    if unknown:
        raise ValueError(f"{name} needs measures that do not exist: {sorted(unknown)}")
    return _Spec(CATALOGUE[name], tuple(needs.split()), compute)


SCORECARD: tuple[_Spec, ...] = (
    _spec("revenue", "revenue", lambda s: k.revenue(s.revenue)),
    _spec("sales_count", "sales", lambda s: s.sales),
    _spec("aov", "revenue sales", lambda s: k.aov(s.revenue, s.sales)),
    _spec("profit", "revenue cogs", lambda s: k.profit(s.revenue, _profit_costs(s))),
    _spec("profit_margin", "revenue cogs", lambda s: k.profit_margin(s.revenue, _profit_costs(s))),
    _spec("new_customers", "new", lambda s: s.new),
    _spec("cac", "spend new", lambda s: k.cac(s.spend, s.new)),
    _spec("lead_conversion", "leads won", lambda s: k.lead_conversion(s.won, s.leads)),
    _spec("conversion_rate", "sales visitors", lambda s: k.conversion_rate(s.sales, s.visitors)),
    _spec("traffic", "visitors", lambda s: k.traffic(s.visitors)),
    _spec("engagement", "likes", lambda s: k.engagement(s.likes, s.comments, s.reposts)),
    _spec(
        "engagement_rate",
        "likes reach",
        lambda s: k.engagement_rate(k.engagement(s.likes, s.comments, s.reposts), s.reach),
    ),
    _spec("ctr", "clicks impressions", lambda s: k.ctr(s.clicks, s.impressions)),
    _spec("cpc", "spend clicks", lambda s: k.cpc(s.spend, s.clicks)),
    _spec("cpm", "spend impressions", lambda s: k.cpm(s.spend, s.impressions)),
    _spec("cpl", "spend leads", lambda s: k.cpl(s.spend, s.leads)),
    _spec("cps", "spend sales", lambda s: k.cps(s.spend, s.sales)),
    _spec("romi", "spend revenue", lambda s: k.romi(_income(s, paid_only=True), s.spend)),
    _spec("roas", "spend revenue", lambda s: k.roas(_income_revenue(s), s.spend)),
    _spec("drr", "spend revenue", lambda s: k.drr(s.spend, _income_revenue(s))),
    _spec("follower_growth", "followers", lambda s: _follower_growth(s.facts, s.period, s.channel)),
    _spec("social_sales", "social_sales", lambda s: s.social_sales),
    _spec("sales_growth", "revenue", _growth),
    _spec("brand_awareness", "aware surveyed", lambda s: k.brand_awareness(s.aware, s.surveyed)),
    _spec("retention_rate", "new", lambda s: k.retention_rate(*s.facts.retention(s.period))),
    _spec("churn_rate", "new", lambda s: _churn(s)),
    _spec(
        "repeat_purchase_rate", "new", lambda s: k.repeat_purchase_rate(s.facts.customers(s.period))
    ),
)


def _income_revenue(s: Slice) -> float:
    return s.paid_revenue if s.channel is None else s.revenue


def _churn(s: Slice) -> float:
    start, end, new = s.facts.retention(s.period)
    return k.churn_rate(start - (end - new), start)


#: The channel table's plain sums, then its KPIs (by Excel name).
CHANNEL_KPIS: tuple[_Spec, ...] = tuple(
    spec
    for spec in SCORECARD
    if spec.entry.name
    in {
        "ctr",
        "cpc",
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


def records(scorecard: list[ScoreRow], facts: Facts) -> list[Record]:
    """Every value of the scorecard, then every channel KPI by period and in total."""
    found = [
        Record(row.entry.excel_name, period, None, value)
        for row in scorecard
        for period, value in row.values.items()
    ]
    for key in facts.channel_keys:
        for period in [*facts.periods, TOTAL]:
            s = Slice(facts, period, key)
            for spec in CHANNEL_KPIS:
                has = all(n in facts.available for n in spec.needs)
                found.append(
                    Record(
                        spec.entry.excel_name,
                        period,
                        facts.name(key),
                        spec.compute(s) if has else math.nan,
                    )
                )
    return found


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
    if facts.social is None:
        return pd.DataFrame()
    rows = []
    for key in sorted(set(facts.social["ckey"]) - {""}):
        s = Slice(facts, TOTAL, key)
        counts = facts.social[facts.social["ckey"] == key].sort_values("date")
        followers = counts["followers"].dropna()
        engagements = k.engagement(s.likes, s.comments, s.reposts)
        rows.append(
            {
                "network": facts.name(key),
                "followers_start": followers.iloc[0] if len(followers) else math.nan,
                "followers_end": followers.iloc[-1] if len(followers) else math.nan,
                "FOLLOWER_GROWTH": _follower_growth(facts, TOTAL, key),
                "ENGAGEMENT": engagements,
                "ENGAGEMENT_RATE": k.engagement_rate(engagements, s.reach),
                "SALES_COUNT": s.sales if "sales" in facts.available else math.nan,
            }
        )
    return pd.DataFrame(rows)


def cohort_table(facts: Facts, months: int = 12) -> pd.DataFrame:
    """Share of each first-purchase month's customers who buy in each later month."""
    if facts.orders is None or not (facts.orders["customer"] >= 0).any():
        return pd.DataFrame()
    sold = facts.orders[facts.orders["customer"] >= 0]
    month = sold["date"].dt.year * 12 + sold["date"].dt.month - 1
    first = month.groupby(sold["customer"]).transform("min")
    pairs = pd.DataFrame(
        {"cohort": first, "offset": month - first, "customer": sold["customer"]}
    ).drop_duplicates()
    pairs = pairs[pairs["offset"] < months]
    active = pairs.groupby(["cohort", "offset"])["customer"].nunique().unstack(fill_value=0)
    size = active[0]
    table = active.div(size, axis=0)
    table.index = [f"{c // 12}-{c % 12 + 1:02d}" for c in table.index]
    table.insert(0, "customers", size.to_numpy())
    return table
