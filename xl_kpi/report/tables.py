"""From facts to tables: the scorecard, the channel, social and cohort tables, records.

Every number is a catalogue function applied to sums of the facts (:mod:`.facts`), so a
KPI of a set of rows is the ratio of its sums, as the catalogue pools ranges.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import pandas as pd

from .. import kpis as k
from ..catalogue import CATALOGUE, KPI, Unit, divide
from ..measures import MEASURE_RECORDS, MEASURES, MEASURES_TABLE, Aggregation, measure
from .facts import Facts, Slice
from .periods import TOTAL
from .settings import Target, target_direction, target_unit

__all__ = [
    "ADDITIVE",
    "CHANNEL_COLUMNS",
    "CHANNEL_PARTS",
    "SCORECARD",
    "Record",
    "ScoreRow",
    "annotate",
    "apply_targets",
    "attach_channel_targets",
    "change_of",
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
