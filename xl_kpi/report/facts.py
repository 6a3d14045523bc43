"""The facts every KPI is computed from: each tab summed by period and channel.

Sums by (period, channel), by period, by channel and overall, plus the few counts that are
not sums (each customer's first order, buyers per period, followers at a date).  The KPI
arithmetic is not here: :mod:`xl_kpi.report.tables` hands these facts to the catalogue's
functions.  A measure is read from a :class:`Slice` by name (``s.spend``); a name that is
not one of :data:`MEASURES` raises, so a typo never reads as "no data".
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..engine import Engine
from ..engine.facts import FactTables, Rules, compute_facts
from ..measures import MEASURES, OUTCOMES, plain
from ..statuses import CONVERTED, NOT_SALES
from .periods import TOTAL, all_periods, period_labels
from .settings import Settings

__all__ = ["CONVERTED", "MEASURES", "NOT_SALES", "OUTCOMES", "Facts", "Slice", "facts_of"]


class Slice:
    """The sums of one (period, channel) slice, as attributes: ``s.spend``, ``s.clicks``."""

    def __init__(self, facts: Facts, period: str, channel: str | None) -> None:
        self.facts, self.period, self.channel = facts, period, channel
        self._row = facts.rows.get((period, "" if channel is None else channel, channel is None))

    def __getattr__(self, measure: str) -> float:
        if measure not in MEASURES:
            raise AttributeError(f"there is no measure {measure!r}; the facts have {MEASURES}")
        facts = self.facts
        if measure not in facts.available or not facts.reaches(measure, self.period):
            return math.nan
        value = math.nan if self._row is None else self._row.get(measure, math.nan)
        if not math.isnan(value) or self.channel is None:
            return 0.0 if math.isnan(value) else value
        if self.channel in facts.keys_of[measure]:
            return 0.0  # the channel reports this measure, just not in this period
        if measure in OUTCOMES and facts.attributed.get(measure):
            return 0.0  # the tab names channels and this one had none: a count of nothing
        return value  # the channel does not report it (blank clicks, no spend): no data


class Facts:
    """Every tab summed by (period, channel), plus the counts that are not sums.

    Built from the engine's fact tables (:func:`facts_of` computes them from the tabs'
    frames, on whatever engine holds them); the rest is arithmetic on small tables.
    """

    def __init__(self, tables: FactTables, settings: Settings) -> None:
        self.settings, self.periods = settings, tables.periods
        self.tables = tables
        self.available: set[str] = set()
        self.keys_of: dict[str, set[str]] = {}  # measure -> the channels that report it
        self.attributed: dict[str, bool] = {}  # measure -> whether its rows carry channels
        #: measure -> the first and last period (index) its tab has values in: outside
        #: them its data does not reach, and the measure is no data rather than 0.
        self.spans: dict[str, tuple[int, int]] = {}
        self.names: dict[str, str] = tables.names  # channel key -> the name as written
        groups = tables.groups
        self.paid = set(groups["Spend"]["ckey"]) if "Spend" in groups else set()
        social = groups.get("Social")
        self.social_keys = sorted(set(social["ckey"]) - {""}) if social is not None else None
        self.has_orders = "Sold" in groups
        parts = []
        if "Spend" in groups:
            spend = groups["Spend"]
            parts.append(self._sums(spend, _plain(spend, "Spend")))
        if self.has_orders:
            parts.append(self._sums(groups["Sold"], self._order_measures(groups["Sold"])))
            if len(groups.get("New", ())):
                new = groups["New"]
                parts.append(self._sums(new, {"new": (new["n"], new["n"])}))
        if (leads := groups.get("Leads")) is not None:
            measures = {"leads": (leads["n"], leads["n"])}
            if leads.get("__known_sum", pd.Series([0.0])).sum() > 0:  # statuses given
                measures["won"] = (leads["won_sum"], leads["n"])
            measures.update(_plain(leads, "Leads"))
            parts.append(self._sums(leads, measures))
        parts.append(self._pipeline(groups.get("Pipeline")))
        if (traffic := groups.get("Traffic")) is not None:
            parts.append(self._sums(traffic, _plain(traffic, "Traffic")))
        if social is not None:
            parts.append(self._sums(social, _plain(social, "Social")))
            if "followers_cnt" in social and social["followers_cnt"].sum() > 0:
                self.available.add("followers")
        if (brand := groups.get("Brand")) is not None:
            parts.append(self._sums(brand, _plain(brand, "Brand")))
        # The sums as plain dicts, (period, channel key, overall) -> measure -> value: a
        # report reads a few thousand of them, and a dict is a hundred times quicker
        # than a pandas lookup. A measure a slice lacks is missing (no data).
        self.rows = _merged(parts)
        self._followers: dict[str, list[tuple[int, float, float, int]]] | None = None
        self.channel_keys = sorted(
            {c for (_, c, overall) in self.rows if not overall}, key=self._order
        )
        orders_attributed = self.has_orders and bool(self.attributed.get("sales"))
        self.attribution = settings.attribution or ("channel" if orders_attributed else "blended")

    def _order_measures(self, sold: pd.DataFrame) -> dict[str, tuple[pd.Series, pd.Series]]:
        """Counted orders' measures per group: (sum, count of values)."""
        paid = sold["ckey"].isin(self.paid).to_numpy()
        social_names = self.settings.social_channels or tuple(
            self.names.get(k, k) for k in (self.social_keys or ())
        )
        social = sold["ckey"].isin({c.strip().casefold() for c in social_names}).to_numpy()
        n = sold["n"].astype(float)
        zero = pd.Series(0.0, index=sold.index)
        measures = _plain(sold, "Orders")  # revenue, the cost of goods: their columns' sums
        measures["sales"] = (n, sold["n"])
        if (sold["ckey"] != "").any():  # without channels, social sales cannot be known
            measures["social_sales"] = (n.where(social, 0.0), sold["n"])
        if self.tables.has_cost:
            cost, cost_n = measures["cogs"]
            measures["paid_cogs"] = (cost.where(paid, zero), cost_n.where(paid, sold["n"]))
        if self.paid:
            revenue, revenue_n = measures["revenue"]
            measures["paid_revenue"] = (
                revenue.where(paid, zero),
                revenue_n.where(paid, sold["n"]),
            )
        return measures

    def _pipeline(self, deals: pd.DataFrame | None) -> dict[tuple[str, str, bool], dict]:
        """Open deals' amount (``pipeline``) and amount weighted by probability, by their
        expected close period and channel; a deal expected outside the periods (or on no
        date) counts in the totals only. The weighted amount is unknown (nan) where a deal
        with an amount has no probability; a deal's blank amount is skipped, as revenue's."""
        if deals is None or deals.empty:
            return {}
        weighted = "probability_cnt" in deals and deals["probability_cnt"].sum() > 0
        present = ["pipeline", *(["pipeline_weighted"] if weighted else [])]
        self.available |= set(present)
        keys = set(deals["ckey"]) - {""}
        for measure in present:
            self.keys_of[measure], self.attributed[measure] = keys, bool(keys)

        def sums(frame: pd.DataFrame) -> dict[str, float]:
            known = int(frame["revenue_cnt"].sum()) if "revenue_cnt" in frame else 0
            found = {"pipeline": float(frame["revenue_sum"].sum()) if known else math.nan}
            if weighted:
                complete = int(frame["probability_cnt"].sum()) == known
                found["pipeline_weighted"] = (
                    float(frame["weighted_sum"].sum()) if known and complete else math.nan
                )
            return found

        rows: dict[tuple[str, str, bool], dict[str, float]] = {(TOTAL, "", True): sums(deals)}
        inside = deals[deals["pidx"] >= 0]
        for pidx, frame in inside.groupby("pidx"):
            rows[(self.periods[int(pidx)], "", True)] = sums(frame)
        if keys:
            for ckey, frame in deals.groupby("ckey"):
                rows[(TOTAL, ckey, False)] = sums(frame)
            for (pidx, ckey), frame in inside.groupby(["pidx", "ckey"]):
                rows[(self.periods[int(pidx)], ckey, False)] = sums(frame)
        return rows

    def _order(self, key: str) -> tuple[int, str]:
        return (0 if key in self.paid else 1 if key else 2, key)

    def name(self, key: str | None) -> str | None:
        if key is None:
            return None
        return self.names.get(key) or "(no channel)"

    def _sums(self, groups: pd.DataFrame, measures) -> dict[tuple[str, str, bool], dict]:
        """The measures by (period, channel), by period, by channel and overall, from
        their sums and counts of values per (period, channel); a group whose values are
        all blank sums to blank, not to 0. Keyed (period, channel key, overall)."""
        present = [m for m, (_, count) in measures.items() if count.sum() > 0]
        self.available |= set(present)
        keys = set(groups["ckey"]) - {""}
        data = pd.DataFrame(
            {"period": [self.periods[i] for i in groups["pidx"]], "ckey": groups["ckey"]}
        )
        for measure in present:
            total, count = measures[measure]
            reported = groups.loc[count.to_numpy() > 0, "ckey"]
            at = groups.loc[count.to_numpy() > 0, "pidx"]
            self.spans[measure] = (int(at.min()), int(at.max()))
            self.keys_of[measure] = set(reported) - {""}
            self.attributed[measure] = bool(keys)
            data[measure] = total.where(count.to_numpy() > 0).to_numpy(dtype=float)
        rows: dict[tuple[str, str, bool], dict[str, float]] = {}

        def add(frame: pd.DataFrame, at: list[tuple[str, str, bool]]) -> None:
            for key, values in zip(at, frame[present].to_numpy(dtype=float), strict=True):
                rows[key] = dict(zip(present, values.tolist(), strict=True))

        by_period = data.groupby("period", sort=False)[present].sum(min_count=1)
        add(by_period, [(p, "", True) for p in by_period.index])
        add(pd.DataFrame([data[present].sum(min_count=1)]), [(TOTAL, "", True)])
        if keys:
            add(data, [(p, c, False) for p, c in zip(data["period"], data["ckey"], strict=True)])
            by_channel = data.groupby("ckey", sort=False)[present].sum(min_count=1)
            add(by_channel, [(TOTAL, c, False) for c in by_channel.index])
        return rows

    def reaches(self, measure: str, period: str) -> bool:
        """Whether the data of ``measure``'s tab reaches ``period``: a period before its
        first value or after its last is outside it (the whole range always is inside)."""
        span = self.spans.get(measure)
        if span is None or period == TOTAL:
            return True
        return span[0] <= self.periods.index(period) <= span[1]

    # The counts that are not sums.

    def followers(self, period: str, channel: str | None) -> tuple[float, float]:
        """Followers at the start and the end of a period, summed over networks: the last
        count before the period (or its first) and its last count; (nan, nan) without two
        counts to compare."""
        if "followers" not in self.available:
            return (math.nan, math.nan)
        at = None if period == TOTAL else self.periods.index(period)
        start = end = 0.0
        for key, counts in self._follower_counts().items():
            if channel is not None and key != channel:
                continue
            if at is None:
                start, end = start + counts[0][1], end + counts[-1][2]
                continue
            within = [c for c in counts if c[0] == at]
            before = [c for c in counts if c[0] < at]
            if within and (before or within[0][3] > 1):  # two counts
                start += before[-1][2] if before else within[0][1]
                end += within[0][2]
        return (start, end) if start or end else (math.nan, math.nan)

    def _follower_counts(self) -> dict[str, list[tuple[int, float, float, int]]]:
        """Each network's (period index, first, last, number of counts) rows, networks in
        key order: read once from the engine's table, then by every period."""
        if self._followers is None:
            counts = self.tables.followers
            self._followers = {}
            rows = zip(counts["ckey"], counts["pidx"], counts["first"], counts["last"], counts["n"])
            for key, pidx, first, last, n in rows:
                self._followers.setdefault(key, []).append(
                    (int(pidx), float(first), float(last), int(n))
                )
            self._followers = dict(sorted(self._followers.items()))
        return self._followers

    def follower_ends(self, channel: str) -> tuple[float, float]:
        """A network's first and last follower count of all ((nan, nan) without any)."""
        counts = self.tables.followers
        counts = counts[counts["ckey"] == channel] if counts is not None else counts
        if counts is None or counts.empty:
            return (math.nan, math.nan)
        return (float(counts["first"].iloc[0]), float(counts["last"].iloc[-1]))

    def pooled(self, period: str, measure: str, channels: set[str]) -> float:
        """The sum of ``measure`` over ``channels`` in a period (or in total)."""
        values = np.array(
            [
                row.get(measure, math.nan)
                for (at, channel, overall), row in self.rows.items()
                if at == period and not overall and channel in channels
            ],
            dtype=float,
        )
        known = ~np.isnan(values)
        return float(values[known].sum()) if known.any() else math.nan

    def retention(self, period: str) -> tuple[float, float]:
        """(buyers of the previous period, those of them who bought again in this one)."""
        if self.tables.buyers is None or period == TOTAL or self.periods.index(period) == 0:
            return (math.nan, math.nan)
        at = self.periods.index(period)
        buyers = self.tables.buyers.set_index("pidx")
        before = buyers["buyers"].get(at - 1, 0)
        return (float(before), float(buyers["returning"].get(at, 0)))

    def customers(self, period: str) -> np.ndarray:
        """Customer codes with the counted orders' repeat pattern of a period (or of all):
        every customer once, and those with two or more orders once more, which is what
        the repeat purchase rate reads from a customer column."""
        if self.tables.buyers is None:  # deals: no repeat purchases to count
            return np.array([])
        if period == TOTAL:
            distinct, repeaters = self.tables.customers
        else:
            buyers = self.tables.buyers.set_index("pidx")
            at = self.periods.index(period)
            distinct = int(buyers["buyers"].get(at, 0))
            repeaters = int(buyers["repeaters"].get(at, 0))
        return np.concatenate([np.arange(distinct), np.arange(repeaters)])

    @property
    def cohorts(self) -> pd.DataFrame | None:
        """Customers by first-purchase month (``cohort``, a month index) and months since
        (``offset``): how many of the cohort bought in that month."""
        return self.tables.cohorts


def _plain(groups: pd.DataFrame, tab: str) -> dict[str, tuple[pd.Series, pd.Series]]:
    """The plain sums of ``tab`` (:func:`xl_kpi.measures.plain`): ``name -> (sum, count of
    values)`` per group, for the columns the tab has."""
    return {
        m.name: (groups[f"{m.column}_sum"], groups[f"{m.column}_cnt"])
        for m in plain(tab)
        if f"{m.column}_sum" in groups
    }


def facts_of(
    frames: Mapping[str, tuple[Engine, object]],
    settings: Settings,
    deals: bool = False,
    billing: bool = False,
) -> Facts:
    """The facts of the tabs' frames (tab name -> (engine, native frame)) under ``settings``;
    with ``deals`` (Orders is a CRM's deals export), only won deals are sales."""
    rules = Rules(
        period=lambda days: _periods(days, settings.period),
        not_sales=NOT_SALES,
        converted=CONVERTED,
        monthly=settings.period == "month",
        won_only=deals,
        billing=billing and not deals,
        stage_probability=dict(settings.stage_probability),
    )
    return Facts(compute_facts(frames, rules), settings)


def _periods(days: np.ndarray, period: str) -> tuple[list[str], np.ndarray]:
    """The periods from the first to the last of ``days`` (yyyymmdd), and each day's index."""
    dates = pd.Series(pd.to_datetime(days.astype(str), format="%Y%m%d"))
    periods = all_periods(dates.iloc[0], dates.iloc[-1], period)
    labels = period_labels(dates, period)
    position = {label: i for i, label in enumerate(periods)}
    return periods, np.array([position[label] for label in labels], dtype=np.int64)


def _merged(parts: list[dict[tuple[str, str, bool], dict[str, float]]]) -> dict:
    """The tabs' sums, slice by slice, in one dict (each slice in the order first seen)."""
    rows: dict[tuple[str, str, bool], dict[str, float]] = {}
    for part in parts:
        for key, values in part.items():
            rows.setdefault(key, {}).update(values)
    return rows
