"""The facts every KPI is computed from: each tab summed by period and channel.

Sums by (period, channel), by period, by channel and overall, plus the few counts that are
not sums (each customer's first order, buyers per period, followers at a date).  The KPI
arithmetic is not here: :mod:`xl_kpi.report.tables` hands these facts to the catalogue's
functions.  A measure is read from a :class:`Slice` by name (``s.spend``); a name that is
not one of :data:`MEASURES` raises, so a typo never reads as "no data".
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..schema import CONVERTED, NOT_SALES  # the status vocabulary lives with the tabs
from .periods import TOTAL
from .settings import Settings

__all__ = ["CONVERTED", "MEASURES", "NOT_SALES", "OUTCOMES", "Facts", "Slice"]


#: Every measure the facts can hold; a tab that is missing, or a column without values,
#: leaves its measures out of :attr:`Facts.available` ("no data").
MEASURES = frozenset(
    {
        "spend", "impressions", "clicks", "revenue", "sales", "social_sales", "cogs",
        "paid_cogs", "paid_revenue", "new", "leads", "won", "visitors", "likes", "comments",
        "reposts", "reach", "followers", "aware", "surveyed",
    }
)  # fmt: skip
#: Measures that count what happened (sales, revenue, leads, visits): a channel their tab
#: does not mention had none of them, so they read as 0 there ("counts of nothing are 0").
#: The other measures (spend, clicks, impressions, social counts) read as no data instead.
OUTCOMES = frozenset(
    {"revenue", "sales", "social_sales", "cogs", "paid_cogs", "paid_revenue", "new", "leads",
     "won", "visitors"}
)  # fmt: skip


def _status_in(status: pd.Series, wanted: set[str]) -> np.ndarray:
    """Whether each status is one of ``wanted``, ignoring case and spaces (1.0 or 0.0)."""
    codes, uniques = pd.factorize(status, use_na_sentinel=True)
    hits = [str(u).strip().casefold().replace("ё", "е") in wanted for u in uniques]
    return np.array([*hits, False], dtype=float)[codes]


def _one_row_per_order(orders: pd.DataFrame) -> pd.DataFrame:
    """Orders whose id repeats (one row per line item, as Shopify exports them) made one row
    each: the sum of its amounts and costs, its first date, and the first non-blank of
    every other column.  Rows without an id stay rows; without repeats nothing changes."""
    ids = orders["order_id"]
    present = ids.notna().to_numpy() & (ids.astype(str).str.strip() != "").to_numpy()
    if not ids[present].duplicated().any():
        return orders
    lines = orders[present]
    key = lines["order_id"].astype(str).str.strip()
    how = {c: "first" for c in lines.columns}
    how.update(date="min", revenue="sum", cost="sum")
    grouped = lines.groupby(key, sort=False, observed=True)
    merged = grouped.agg(how)
    for money in ("revenue", "cost"):  # an order whose amounts are all blank stays blank
        merged[money] = grouped[money].sum(min_count=1)
    merged = merged.reset_index(drop=True).astype(orders.dtypes.to_dict())
    return pd.concat([merged, orders[~present]], ignore_index=True)


class Slice:
    """The sums of one (period, channel) slice, as attributes: ``s.spend``, ``s.clicks``."""

    def __init__(self, facts: Facts, period: str, channel: str | None) -> None:
        self.facts, self.period, self.channel = facts, period, channel
        key = (period, "" if channel is None else channel, channel is None)
        self._row = facts.sums.loc[key] if key in facts.sums.index else None

    def __getattr__(self, measure: str) -> float:
        if measure not in MEASURES:
            raise AttributeError(f"there is no measure {measure!r}; the facts have {MEASURES}")
        facts = self.facts
        if measure not in facts.available:
            return math.nan
        value = math.nan if self._row is None else float(self._row[measure])
        if not math.isnan(value) or self.channel is None:
            return 0.0 if math.isnan(value) else value
        if self.channel in facts.keys_of[measure]:
            return 0.0  # the channel reports this measure, just not in this period
        if measure in OUTCOMES and facts.attributed.get(measure):
            return 0.0  # the tab names channels and this one had none: a count of nothing
        return value  # the channel does not report it (blank clicks, no spend): no data


class Facts:
    """Every tab summed by (period, channel), plus the counts that are not sums."""

    def __init__(self, frames: Mapping[str, pd.DataFrame], settings: Settings, periods: list[str]):
        self.settings, self.periods = settings, periods
        self.available: set[str] = set()
        self.keys_of: dict[str, set[str]] = {}  # measure -> the channels that report it
        self.attributed: dict[str, bool] = {}  # measure -> whether its rows carry channels
        self.names: dict[str, str] = {}  # channel key -> the name as first written
        frames = {name: self._with_keys(name, frame) for name, frame in frames.items()}
        spend, orders = frames.get("Spend"), frames.get("Orders")
        self.paid = set(spend["ckey"].unique()) if spend is not None else set()
        self.social = frames.get("Social")
        self.orders = self._sales(orders, frames) if orders is not None else None
        parts = []
        if spend is not None:
            parts.append(self._sums(spend, ("spend", "impressions", "clicks")))
        if self.orders is not None:
            measures = ["revenue", "sales", "social_sales"]
            measures += ["cogs", "paid_cogs"] if self.orders["cogs"].notna().any() else []
            measures += ["paid_revenue"] if self.paid else []
            parts.append(self._sums(self.orders, measures))
            if (self.orders["customer"] >= 0).any():
                parts.append(self._new_customers(self.orders))
        if (leads := frames.get("Leads")) is not None:
            leads = leads.assign(leads=1.0, won=_status_in(leads["status"], CONVERTED))
            parts.append(
                self._sums(leads, ["leads"] + (["won"] if leads["status"].notna().any() else []))
            )
        if (traffic := frames.get("Traffic")) is not None:
            parts.append(self._sums(traffic, ["visitors"]))
        if self.social is not None:
            parts.append(self._sums(self.social, ["likes", "comments", "reposts", "reach"]))
            if self.social["followers"].notna().any():
                self.available.add("followers")
        if (brand := frames.get("Brand")) is not None:
            parts.append(self._sums(brand, ["aware", "surveyed"]))
        self.sums = pd.concat(parts, axis=1) if parts else pd.DataFrame()
        self.channel_keys = sorted(
            {c for (_, c, overall) in self.sums.index if not overall}, key=self._order
        )
        orders_attributed = self.orders is not None and bool(self.attributed.get("sales"))
        self.attribution = settings.attribution or ("channel" if orders_attributed else "blended")

    def _with_keys(self, tab: str, frame: pd.DataFrame) -> pd.DataFrame:
        """Add `ckey`: the channel (or network) compared as people mean it, "" if none."""
        column = {"Social": "network"}.get(tab, "channel")
        if column not in frame:
            return frame.assign(ckey="")
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
        keys = [str(u).strip().casefold() for u in uniques]
        for key, name in zip(keys, uniques):
            self.names.setdefault(key, str(name).strip())
        categories = sorted(set(keys) | {""})
        position = np.array([categories.index(key) for key in [*keys, ""]], dtype=np.int64)
        return frame.assign(ckey=pd.Categorical.from_codes(position[codes], categories))

    def _sales(self, orders: pd.DataFrame, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        """Counted orders (not cancelled or returned) with the columns the sums need."""
        orders = _one_row_per_order(orders)
        sold = orders[~_status_in(orders["status"], NOT_SALES).astype(bool)]
        paid = sold["ckey"].isin(self.paid).to_numpy()
        social = {c.strip().casefold() for c in self._social_channels(frames)}
        codes, _ = pd.factorize(sold["customer_id"], use_na_sentinel=True)
        return sold.assign(
            sales=1.0,
            cogs=sold["cost"],
            paid_revenue=np.where(paid, sold["revenue"], 0.0),
            paid_cogs=np.where(paid, sold["cost"], 0.0),
            social_sales=sold["ckey"].isin(social).astype(float),
            customer=codes,  # an integer per customer, -1 when unknown
        )

    def _order(self, key: str) -> tuple[int, str]:
        return (0 if key in self.paid else 1 if key else 2, key)

    def name(self, key: str | None) -> str | None:
        if key is None:
            return None
        return self.names.get(key) or "(no channel)"

    def _social_channels(self, frames: Mapping[str, pd.DataFrame]) -> tuple[str, ...]:
        if self.settings.social_channels:
            return self.settings.social_channels
        social = frames.get("Social")
        return tuple(social["network"].dropna().unique()) if social is not None else ()

    def _sums(self, frame: pd.DataFrame, measures) -> pd.DataFrame:
        """Sum the measures by (period, channel), by period, by channel and overall."""
        present = [m for m in measures if frame[m].notna().any()]
        self.available |= set(present)
        keys = set(frame["ckey"].unique().tolist()) - {""}
        for measure in present:
            reported = frame.loc[frame[measure].notna(), "ckey"].unique().tolist()
            self.keys_of[measure] = set(reported) - {""}
            self.attributed[measure] = bool(keys)
        data = frame[["period", "ckey", *present]]
        # min_count=1: a group whose values are all blank sums to blank, not to 0
        by_both = data.groupby(["period", "ckey"], observed=True)[present].sum(min_count=1)
        by_period = data.groupby("period", observed=True)[present].sum(min_count=1)
        by_channel = data.groupby("ckey", observed=True)[present].sum(min_count=1)
        pieces = [
            _index(by_period, by_period.index, "", True),
            _index(pd.DataFrame([data[present].sum(min_count=1)]), [TOTAL], "", True),
        ]
        if keys:
            pieces += [
                _index(
                    by_both,
                    by_both.index.get_level_values(0),
                    by_both.index.get_level_values(1),
                    False,
                ),
                _index(by_channel, [TOTAL] * len(by_channel), by_channel.index, False),
            ]
        return pd.concat(pieces)

    def _new_customers(self, sold: pd.DataFrame) -> pd.DataFrame:
        """Each customer counted once, in the period and channel of their first order."""
        known = sold[sold["customer"] >= 0]
        first = known.loc[known.groupby("customer")["date"].idxmin()]
        return self._sums(first.assign(new=1.0), ["new"])

    # The counts that are not sums.

    def followers(self, period: str, channel: str | None) -> tuple[float, float]:
        """Followers at the start and the end of a period, summed over networks: the last
        count before the period (or its first) and its last count; (nan, nan) without two
        counts to compare."""
        if "followers" not in self.available:
            return (math.nan, math.nan)
        counts = self.social[self.social["followers"].notna()].sort_values("date", kind="stable")
        if channel is not None:
            counts = counts[counts["ckey"] == channel]
        start = end = 0.0
        for _, network in counts.groupby("ckey", observed=True):
            followers, periods = network["followers"].to_numpy(), network["period"].to_numpy()
            if period == TOTAL:
                start, end = start + followers[0], end + followers[-1]
                continue
            within = np.flatnonzero(periods == period)
            before = np.flatnonzero(periods < period)
            if within.size and (before.size or within.size > 1):  # two counts to compare
                start += followers[before[-1] if before.size else within[0]]
                end += followers[within[-1]]
        return (start, end) if start or end else (math.nan, math.nan)

    @functools.cached_property
    def _buyers(self) -> pd.DataFrame:
        """Customers who bought, per period: (period index, customer) pairs."""
        sold = self.orders[self.orders["customer"] >= 0]
        index = {p: i for i, p in enumerate(self.periods)}
        return pd.DataFrame(
            {"at": sold["period"].map(index).to_numpy(), "customer": sold["customer"].to_numpy()}
        ).drop_duplicates()

    def pooled(self, period: str, measure: str, channels: set[str]) -> float:
        """The sum of ``measure`` over ``channels`` in a period (or in total)."""
        by_channel = self.sums.xs(False, level="overall")
        rows = by_channel[
            (by_channel.index.get_level_values("period") == period)
            & by_channel.index.get_level_values("channel").isin(list(channels))
        ]
        return float(rows[measure].sum(min_count=1)) if len(rows) else math.nan

    def retention(self, period: str) -> tuple[float, float]:
        """(buyers of the previous period, those of them who bought again in this one)."""
        if self.orders is None or period == TOTAL or self.periods.index(period) == 0:
            return (math.nan, math.nan)
        at = self.periods.index(period)
        buyers = self._buyers
        before = buyers.loc[buyers["at"] == at - 1, "customer"]
        now = buyers.loc[buyers["at"] == at, "customer"]
        return (float(len(before)), float(now.isin(before).sum()))

    def customers(self, period: str) -> np.ndarray:
        """The customer of each counted order of a period (or of all), as integer codes."""
        known = self.orders[self.orders["customer"] >= 0]
        if period != TOTAL:
            known = known[known["period"] == period]
        return known["customer"].to_numpy()


def _index(frame: pd.DataFrame, periods, channels, overall: bool) -> pd.DataFrame:
    n = len(frame)
    channels = [channels] * n if isinstance(channels, str) else list(channels)
    frame = frame.copy()
    frame.index = pd.MultiIndex.from_arrays(
        [list(periods), channels, [overall] * n], names=["period", "channel", "overall"]
    )
    return frame
