"""The report's facts, defined once with narwhals and computed where the data is.

Every tab's rows are grouped by (period, channel) into counts and sums; orders also give
each customer's first order, the customers who bought per period and who bought again,
orders per customer, and monthly cohorts; social rows give each network's first and last
follower count per period. Only these small tables leave the engine: a pandas frame, a
DuckDB relation and a Spark DataFrame all go through the same expressions below, with the
lazy API only (nothing depends on row order: ties are broken by the columns named).

Values that need Python's rules (a channel compared ignoring case and spaces, a status
that is not a sale, the period a day falls in) are worked out once per distinct value and
joined back, as the tab reader reads cells. The KPI arithmetic is not here: the report
(:mod:`xl_kpi.report.facts` and :mod:`xl_kpi.report.tables`) hands these facts to the
catalogue's functions.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from ..measures import MEASURES_TABLE, summed
from ..statuses import status_key
from .base import Engine
from .base import collect as _collect
from .orders import one_row_per_order
from .subscriptions import censor_new, subscription_rows

__all__ = ["FactTables", "Rules", "compute_facts", "day_numbers"]

#: Numeric columns summed per tab (besides the row count), by canonical tab name: the
#: measures' columns (:func:`xl_kpi.measures.summed`); of Orders, the counted orders'.
SUMMED = {tab: summed(tab) for tab in dict.fromkeys(m.tab for m in MEASURES_TABLE)}
_DAY = "__day"


@dataclass(frozen=True)
class Rules:
    """The Python rules the facts apply to distinct values."""

    period: Callable[[np.ndarray], tuple[list[str], np.ndarray]]  # days -> periods, index
    not_sales: Collection[str]  # statuses of orders that are not sales (keys)
    converted: Collection[str]  # statuses of leads that became sales (keys)
    monthly: bool = False  # whether a period is a calendar month
    won_only: bool = False  # orders are deals: only the won ones are sales (by close date)
    billing: bool = False  # orders are a billing export's invoices: subscriptions
    #: deal stage (stripped, lower case) -> probability (0..1), from the Settings tab; for
    #: a deals export without a probability column
    stage_probability: Mapping[str, float] = field(default_factory=dict)


@dataclass
class FactTables:
    """Small pandas tables of facts; ``pidx`` is a period's index in :attr:`periods`."""

    periods: list[str] = field(default_factory=list)
    first_day: int | None = None  # yyyymmdd
    last_day: int | None = None
    names: dict[str, str] = field(default_factory=dict)  # channel key -> name as written
    #: per tab (and "Sold" orders, "New" first orders): pidx, ckey, n, <col>_sum, <col>_cnt
    groups: dict[str, pd.DataFrame] = field(default_factory=dict)
    buyers: pd.DataFrame | None = None  # pidx, buyers, returning, repeaters
    customers: tuple[int, int] = (0, 0)  # distinct customers, those with 2+ orders
    cohorts: pd.DataFrame | None = None  # cohort (month index), offset, customers
    followers: pd.DataFrame | None = None  # ckey, pidx, first, last, n
    has_cost: bool = False  # whether any counted order has a cost of goods
    #: a billing export's paid invoices by customer and period (see :mod:`.subscriptions`)
    subscriptions: pd.DataFrame | None = None
    censored: int = 0  # customers already paying in a billing export's first period


def key_of(value: Any) -> str:
    """A channel compared as people mean it: case and outer spaces ignored."""
    return str(value).strip().casefold()


def day_numbers(column: str = "date") -> nw.Expr:
    """A date as the integer yyyymmdd (the same on every engine)."""
    date = nw.col(column)
    return (date.dt.year() * 10000 + date.dt.month() * 100 + date.dt.day()).cast(nw.Int64)


def _lookup(
    engine: Engine, lf: nw.LazyFrame, column: str, table: pd.DataFrame, key: str
) -> nw.LazyFrame:
    """``lf`` with the columns of ``table`` (other than ``key``) looked up by ``column``:
    the engine's own way of a left join (:meth:`Engine.lookup`)."""
    return engine.lookup(lf, column, table, key)


def _dated(engine: Engine, lf: nw.LazyFrame, calendar: pd.DataFrame) -> nw.LazyFrame:
    """``lf`` with each row's day number and its period's and month's indexes (``pidx``,
    ``midx``). Where a period is a calendar month (the period's index is the month's less
    the first month's), an engine computes them from the date rather than joining the
    calendar (the same numbers, one join less on every row) when it works a value out on
    every row faster than it looks it up (:attr:`Engine.computes_rows`)."""
    lf = lf.with_columns(day_numbers().alias(_DAY))
    offset = calendar["midx"].to_numpy(np.int64) - calendar["pidx"].to_numpy(np.int64)
    if not engine.computes_rows or len(set(offset.tolist())) != 1:
        return _lookup(engine, lf, _DAY, calendar, _DAY)
    day = nw.col(_DAY)
    month = (day // 10000) * 12 + (day // 100 % 100) - 1
    return lf.with_columns((month - int(offset[0])).alias("pidx"), month.alias("midx"))


def compute_facts(frames: Mapping[str, tuple[Engine, Any]], rules: Rules) -> FactTables:
    """The facts of the tabs ``frames`` (tab name -> (engine, native frame of the tab's
    canonical columns)) under ``rules``."""
    lazy = {name: (engine, engine.lazy(native)) for name, (engine, native) in frames.items()}
    facts = FactTables()
    pipeline = None
    if "Pipeline" in lazy:  # a deals export beside a billing one: its open deals alone
        pipeline_engine, lf = lazy.pop("Pipeline")
        pipeline = split_deals(pipeline_engine, lf, rules)[1]
    elif rules.won_only and "Orders" in lazy:  # deals: closed ones by close date, open apart
        pipeline_engine, lf = lazy["Orders"]
        closed, pipeline = split_deals(pipeline_engine, lf, rules)
        lazy["Orders"] = (pipeline_engine, closed)
    dated = {name: pair for name, pair in lazy.items() if "date" in _names(pair[1])}
    calendar = _calendar([lf for _, lf in dated.values()], rules, facts)
    if calendar is None:
        return facts
    prepared = {}
    for name, (engine, lf) in dated.items():
        if name == "Orders":
            lf = engine.customer_codes(one_row_per_order(lf, engine.persist))
        lf = _dated(engine, lf, calendar)
        prepared[name] = (engine, *_with_keys(engine, lf, name, facts.names))
    for name, (engine, lf, keys) in prepared.items():
        if name == "Orders":
            _orders(engine, lf, keys, calendar, rules, facts)
        elif name in SUMMED:
            _summed(engine, name, lf, rules, facts)
    if pipeline is not None:
        facts.groups["Pipeline"] = open_deals(pipeline_engine, pipeline, rules, facts)
    return facts


def _names(lf: nw.LazyFrame) -> list[str]:
    return lf.collect_schema().names()


def _calendar(frames: list[nw.LazyFrame], rules: Rules, facts: FactTables) -> pd.DataFrame | None:
    """Every day from the first to the last of the frames' dates, with its period's index
    (``pidx``) and its month's (``midx``); sets the facts' periods. None without dates."""
    date, ends = nw.col("date"), []
    for lf in frames:  # the first and last dates, not a day number for every row
        span = _collect(lf.select(date.min().alias("lo"), date.max().alias("hi")))
        ends += [_wall_day(value) for value in span.iloc[0] if not pd.isna(value)]
    if not ends:
        return None
    first, last = min(ends), max(ends)
    every = pd.date_range(first, last, freq="D").strftime("%Y%m%d").astype(np.int64).to_numpy()
    facts.periods, index = rules.period(every)
    facts.first_day, facts.last_day = int(every[0]), int(every[-1])
    return pd.DataFrame(
        {
            _DAY: every,
            "pidx": index.astype(np.int64),
            "midx": (every // 10000) * 12 + (every // 100 % 100) - 1,
        }
    )


def _wall_day(value: Any) -> pd.Timestamp:
    """The day of a date or time as written (a time zone's clock, as :func:`day_numbers`)."""
    stamp = pd.Timestamp(value)
    return (stamp.tz_localize(None) if stamp.tz is not None else stamp).normalize()


def _summed(engine: Engine, name: str, lf: nw.LazyFrame, rules: Rules, facts: FactTables) -> None:
    """The sums of a tab other than Orders (leads converted, followers at dates)."""
    columns = SUMMED[name]
    if name == "Leads":
        lf = _flag(engine, lf, "status", "won", rules.converted)
        if "status" in _names(lf):
            lf = lf.with_columns(__known=(~nw.col("status").is_null()).cast(nw.Float64))
        columns = (*columns, "__known")  # whether any lead has a status
    facts.groups[name] = _groups(lf, columns)
    if name == "Social" and "followers" in _names(lf):
        facts.followers = _followers(lf)


def _with_keys(
    engine: Engine, lf: nw.LazyFrame, tab: str, names: dict[str, str]
) -> tuple[nw.LazyFrame, list[str]]:
    """Add ``ckey``: the channel (or network) compared as people mean it, "" when blank,
    and ``__cidx``, its place among the tab's keys (returned, sorted; "" first). A key's
    name is its most frequent spelling (the first tab to name it decides)."""
    column = "network" if tab == "Social" else "channel"
    blank = (lf.with_columns(ckey=nw.lit(""), __cidx=nw.lit(0).cast(nw.Int64)), [""])
    if column not in lf.collect_schema().names():
        return blank
    counts = _collect(lf.group_by(column).agg(nw.len().alias("__n"))).rename(
        columns={column: "__name"}
    )
    counts = counts[counts["__name"].notna()]
    if counts.empty:
        return blank
    counts["__key"] = [key_of(v) for v in counts["__name"]]
    counts["__shown"] = [str(v).strip() for v in counts["__name"]]
    for key, group in counts.sort_values("__shown").groupby("__key", sort=False):
        names.setdefault(key, group["__shown"].iloc[int(np.argmax(group["__n"].to_numpy()))])
    keys = sorted(set(counts["__key"]) | {""})
    place = {key: i for i, key in enumerate(keys)}
    table = pd.DataFrame(
        {
            "__name": [str(v) for v in counts["__name"]],
            "ckey": counts["__key"].astype(object),
            "__cidx": np.array([place[k] for k in counts["__key"]], dtype=np.int64),
        }
    )
    lf = _lookup(engine, lf, column, table, "__name").with_columns(
        nw.col("ckey").cast(nw.String).fill_null(""), nw.col("__cidx").fill_null(0)
    )
    return lf, keys


def _flag(
    engine: Engine, lf: nw.LazyFrame, column: str, name: str, wanted: Collection[str]
) -> nw.LazyFrame:
    """Add ``name``: 1.0 where ``column`` is one of ``wanted`` (as :func:`status_key` reads
    it), else 0.0 (also where the column is blank, or there is no such column)."""
    if column not in lf.collect_schema().names():
        return lf.with_columns(nw.lit(0.0).alias(name))
    values = _collect(lf.select(nw.col(column).alias("__status")).unique())
    values = values[values["__status"].notna()]
    if values.empty:
        return lf.with_columns(nw.lit(0.0).alias(name))
    table = pd.DataFrame(
        {
            "__status": [str(v) for v in values["__status"]],
            name: [1.0 if status_key(v) in wanted else 0.0 for v in values["__status"]],
        }
    )
    return _lookup(engine, lf, column, table, "__status").with_columns(nw.col(name).fill_null(0.0))


def _groups(lf: nw.LazyFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Rows, and each column's sum and count of values, by (pidx, ckey)."""
    present = [c for c in columns if c in lf.collect_schema().names()]
    aggs = [nw.len().alias("n")]
    for c in present:
        aggs += [nw.col(c).sum().alias(f"{c}_sum"), nw.col(c).count().alias(f"{c}_cnt")]
    frame = _collect(lf.group_by("pidx", "ckey").agg(*aggs))
    for c in ["n", *(f"{c}_cnt" for c in present)]:
        frame[c] = frame[c].astype(np.int64)
    for c in present:
        frame[f"{c}_sum"] = frame[f"{c}_sum"].astype(np.float64)
    frame["ckey"] = frame["ckey"].astype(object)
    return frame.sort_values(["pidx", "ckey"], ignore_index=True)


def _orders(
    engine: Engine,
    lf: nw.LazyFrame,
    keys: list[str],
    calendar: pd.DataFrame,
    rules: Rules,
    facts: FactTables,
) -> None:
    """The facts of counted orders (not cancelled or returned)."""
    if rules.won_only:  # a deals export: a sale is a won deal, not an open or lost one
        lf = _flag(engine, lf, "status", "__won", rules.converted)
        sold = lf.filter(nw.col("__won") == 1.0)
    else:
        lf = _flag(engine, lf, "status", "__not_sale", rules.not_sales)
        sold = lf.filter(nw.col("__not_sale") == 0.0)
    names = sold.collect_schema().names()
    persist = engine.persist
    facts.groups["Sold"] = _groups(sold, SUMMED["Orders"])
    facts.has_cost = bool(facts.groups["Sold"].get("cost_cnt", pd.Series([0])).sum())
    if "customer_id" not in names:
        return
    if rules.billing:
        facts.subscriptions = subscription_rows(sold, keys)
    # Each customer's first order: the earliest (to the second), ties to the first channel
    # key; as one number per order, so that the smallest is found by a grouped minimum.
    width = len(keys)
    date = nw.col("date")
    second = nw.col(_DAY) * 86400 + date.dt.hour() * 3600 + date.dt.minute() * 60 + date.dt.second()
    # One pass over the orders: each customer's orders and first order by period and month
    # (a period of weeks or quarters splits by month); the rest reads this smaller table.
    by_month = persist(
        sold.filter(~nw.col("customer_id").is_null())
        .with_columns(__first=second.cast(nw.Int64) * width + nw.col("__cidx"))
        .group_by("customer_id", "pidx", "midx")
        .agg(nw.len().alias("orders"), nw.col("__first").min())
    )
    firsts = persist(
        by_month.group_by("customer_id").agg(nw.col("__first").min(), nw.col("orders").sum())
    )
    if rules.monthly:  # a period is a month: the table is already by period
        per_period, months = by_month, by_month.select("customer_id", "midx")
    else:
        per_period = persist(by_month.group_by("customer_id", "pidx").agg(nw.col("orders").sum()))
        months = by_month.select("customer_id", "midx").unique()
    starts = _collect(firsts.group_by("__first").agg(nw.len().alias("n")))
    days = starts["__first"].to_numpy(np.int64) // width // 86400
    pidx = pd.Series(calendar["pidx"].to_numpy(), index=calendar[_DAY]).loc[days].to_numpy()
    new = pd.DataFrame(
        {
            "pidx": pidx,
            "ckey": [keys[i] for i in starts["__first"].to_numpy(np.int64) % width],
            "n": starts["n"].to_numpy(np.int64),
        }
    )
    facts.groups["New"] = (
        new.groupby(["pidx", "ckey"], as_index=False)["n"].sum().astype({"ckey": object})
    )
    if rules.billing:  # the customers paying when the export begins are not new there
        facts.groups["New"], facts.censored = censor_new(facts.groups["New"])
    if rules.won_only:  # a won deal is no repeat purchase: deals give no loyalty facts
        return
    total = _collect(
        firsts.with_columns(repeat=(nw.col("orders") >= 2).cast(nw.Int64)).select(
            nw.len().alias("customers"), nw.col("repeat").sum().alias("repeaters")
        )
    )
    facts.customers = (int(total["customers"].iloc[0]), int(total["repeaters"].fillna(0).iloc[0]))
    counts = _collect(
        per_period.with_columns(repeat=(nw.col("orders") >= 2).cast(nw.Int64))
        .group_by("pidx")
        .agg(nw.len().alias("buyers"), nw.col("repeat").sum().alias("repeaters"))
    )
    again = per_period.select("customer_id", (nw.col("pidx") + 1).alias("pidx"))
    returning = _collect(
        per_period.select("customer_id", "pidx")
        .join(again, on=["customer_id", "pidx"], how="inner")
        .group_by("pidx")
        .agg(nw.len().alias("returning"))
    )
    buyers = counts.merge(returning, on="pidx", how="left").fillna({"returning": 0})
    facts.buyers = buyers.astype(np.int64).sort_values("pidx", ignore_index=True)
    # Monthly cohorts: the month of each customer's first order, and the months they bought.
    # The day first, as a column: an engine writes a floor division of an expression out
    # in full at each use, and the month of a day written that way grows out of bounds.
    day = nw.col("__day")
    cohort = firsts.with_columns(__day=nw.col("__first") // (width * 86400)).select(
        "customer_id", ((day // 10000) * 12 + (day // 100 % 100) - 1).alias("cohort")
    )
    facts.cohorts = (
        _collect(
            months.join(cohort, on="customer_id", how="inner")
            .with_columns(offset=nw.col("midx") - nw.col("cohort"))
            .group_by("cohort", "offset")
            .agg(nw.len().alias("customers"))
        )
        .astype(np.int64)
        .sort_values(["cohort", "offset"], ignore_index=True)
    )


def _followers(lf: nw.LazyFrame) -> pd.DataFrame:
    """Each network's first and last follower count per period (by date; ties by count)."""
    counts = lf.filter(~nw.col("followers").is_null()).select("ckey", "pidx", "date", "followers")
    order = ["date", "followers"]
    ends = [
        _collect(
            counts.unique(["ckey", "pidx"], keep=keep, order_by=order).select(
                "ckey", "pidx", nw.col("followers").alias(keep)
            )
        )
        for keep in ("first", "last")
    ]
    n = _collect(counts.group_by("ckey", "pidx").agg(nw.len().alias("n")))
    frame = ends[0].merge(ends[1], on=["ckey", "pidx"]).merge(n, on=["ckey", "pidx"])
    frame["ckey"] = frame["ckey"].astype(object)
    return frame.astype(
        {"pidx": np.int64, "n": np.int64, "first": float, "last": float}
    ).sort_values(["ckey", "pidx"], ignore_index=True)


# --- deals ---------------------------------------------------------------------------


def split_deals(
    engine: Engine, lf: nw.LazyFrame, rules: Rules
) -> tuple[nw.LazyFrame, nw.LazyFrame]:
    """A deals export as (closed deals, open deals). A won or lost deal is dated by its
    close date where the export has one (else its date: an export with one date column);
    an open deal (neither won nor lost) is no sale and dates no period: it is dated by its
    expected close date (else its close date, which CRMs fill with the expected one while a
    deal is open), blank when it has neither."""
    names = _names(lf)
    lf = _flag(engine, lf, "status", "__won", rules.converted)
    lf = _flag(engine, lf, "status", "__lost", rules.not_sales)
    closed_at = nw.col("close_date") if "close_date" in names else None
    date = nw.col("date")
    outcome = (nw.col("__won") == 1.0) | (nw.col("__lost") == 1.0)
    closed = lf.filter(outcome)
    if closed_at is not None:
        closed = closed.with_columns(
            nw.when(closed_at.is_null()).then(date).otherwise(closed_at).alias("date")
        )
    closed = closed.drop("__won", "__lost")
    expected = [nw.col(c) for c in ("expected_close", "close_date") if c in names]
    opened = lf.filter(~outcome).drop("__won", "__lost")
    if not expected:  # no date says when it may close
        return closed, opened.with_columns(nw.lit(None).cast(nw.Float64).alias(_DAY))
    when = expected[0]
    if len(expected) > 1:
        when = nw.when(expected[0].is_null()).then(expected[1]).otherwise(expected[0])
    opened = opened.with_columns(when.alias("__expected"))
    expected_day = nw.col("__expected")  # as a float: a blank day stays blank on every engine
    day = expected_day.dt.year() * 10000 + expected_day.dt.month() * 100 + expected_day.dt.day()
    return closed, opened.with_columns(day.cast(nw.Float64).alias(_DAY))


def _stage_probability(
    engine: Engine, lf: nw.LazyFrame, table: Mapping[str, float], has_column: bool
) -> nw.LazyFrame:
    """Open deals without a probability of their own take their stage's from the
    Settings' table (stage in lower case -> probability); the export's own value wins."""
    stage = nw.col("status").cast(nw.String).str.strip_chars().str.to_lowercase()
    lf = lf.with_columns(stage.alias("__stage"))
    looked = pd.DataFrame({"__stage": list(table), "__chance": [float(v) for v in table.values()]})
    lf = _lookup(engine, lf, "__stage", looked, "__stage")
    chance = nw.col("__chance").cast(nw.Float64)
    if has_column:
        own = nw.col("probability")
        chance = nw.when(own.is_null()).then(chance).otherwise(own)
    return lf.with_columns(chance.alias("probability")).drop("__stage", "__chance")


def open_deals(engine: Engine, lf: nw.LazyFrame, rules: Rules, facts: FactTables) -> pd.DataFrame:
    """Open deals by (pidx, ckey): their number ``n``, amount (``revenue_sum``, ``_cnt``),
    amount weighted by their probability (``weighted_sum``) and how many have one
    (``probability_cnt``). A probability above 1 anywhere in the column is a percentage.
    ``pidx`` is -1 for a deal expected outside the periods (or on no date)."""
    columns = _names(lf)
    if "probability" in columns:
        top = _collect(lf.select(nw.col("probability").max().alias("top")))["top"].iloc[0]
        scale = 100.0 if not pd.isna(top) and float(top) > 1 else 1.0
        lf = lf.with_columns((nw.col("probability").cast(nw.Float64) / scale).alias("probability"))
    if rules.stage_probability and "status" in columns:
        lf = _stage_probability(engine, lf, rules.stage_probability, "probability" in columns)
        columns = _names(lf)
    if "probability" in columns:
        lf = lf.with_columns(
            (nw.col("revenue") * nw.col("probability")).alias("weighted"),
            # a deal without an amount has no weighted amount either, but a known one
            nw.when(nw.col("revenue").is_null())
            .then(nw.lit(None))
            .otherwise(nw.col("probability"))
            .alias("probability"),
        )
    days = _collect(lf.select(nw.col(_DAY)).unique())[_DAY].dropna()
    days = np.sort(days.to_numpy(np.int64))
    if len(days):  # the period of each expected day, if it is one of the facts' periods
        labels, index = rules.period(days)
        place = {label: i for i, label in enumerate(facts.periods)}
        table = pd.DataFrame(
            {
                _DAY: days.astype(np.float64),
                "pidx": np.array([place.get(labels[i], -1) for i in index], np.int64),
            }
        )
        lf = _lookup(engine, lf, _DAY, table, _DAY)
    else:
        lf = lf.with_columns(nw.lit(-1).cast(nw.Int64).alias("pidx"))
    lf = lf.with_columns(nw.col("pidx").fill_null(-1).cast(nw.Int64))
    lf, _ = _with_keys(engine, lf, "Orders", facts.names)
    return _groups(lf, ("revenue", "weighted", "probability"))
