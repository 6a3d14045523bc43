"""From raw tabs to KPI tables: every KPI by period and by channel, against targets.

The report sums each tab once by (period, channel) and hands the sums to the catalogue's
functions: a KPI of a set of rows is the ratio of its sums (the catalogue's pooled
semantics), so computing from sums is exact and fast at a million rows.  The few
quantities that are not sums (new and returning customers, followers at a date) are
counted here the way the catalogue defines them; tests hold the two to the same numbers.

Definitions the summary follows:

- a sale is an order whose status is not cancelled or returned (any language);
- a customer is new in the period of their first counted order, and belongs to the
  channel of that order;
- CPS and CAC of a channel use that channel's spend; overall ROMI, ROAS and DRR count the
  income of channels that have spend (organic sales are no return on ad spend);
- ROMI's income is revenue, or gross profit (revenue - cost of goods) when Settings say so;
- engagement rate is engagements per reach (without a reach column it has no data);
- retention in a period is the share of the previous period's buyers who bought again,
  churn its complement; follower growth compares the last count of a period with the last
  count before it.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import kpis as k
from .catalogue import CATALOGUE, KPI
from .inputs import is_blank, parse_date
from .tabs import Note, Tab

__all__ = ["Record", "Report", "Settings", "Target", "build_report", "period_label"]

TOTAL = "total"
NOT_SALES = {
    "cancelled",
    "canceled",
    "returned",
    "refunded",
    "отменен",
    "отмена",
    "возврат",
    "отказ",
}  # compared with ё read as е
CONVERTED = {
    "won",
    "converted",
    "success",
    "successful",
    "успешно",
    "успех",
    "сделка",
    "оплачен",
    "продажа",
}


@dataclass(frozen=True)
class Settings:
    """The workbook's Settings tab, with defaults for what it does not say."""

    period: str = "month"  # month, week or quarter
    language: str = "en"
    currency: str = ""
    social_channels: tuple[str, ...] = ()
    romi_basis: str = "revenue"  # or "gross profit"


@dataclass(frozen=True)
class Target:
    kpi: str
    target: float
    period: str | None = None
    channel: str | None = None
    benchmark: float | None = None


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


@dataclass
class Report:
    """Everything the summary shows."""

    settings: Settings
    periods: list[str]
    first_date: dt.date | None
    last_date: dt.date | None
    scorecard: list[ScoreRow]
    channels: pd.DataFrame  # one row per channel and a total row; columns per measure or KPI
    social: pd.DataFrame  # one row per network
    cohorts: pd.DataFrame  # cohort month x months since first purchase: share buying
    tabs: dict[str, Tab]
    notes: list[Note] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)


# --- periods -----------------------------------------------------------------------


def _period_keys(dates: pd.Series, period: str) -> np.ndarray:
    """An integer per date that sorts like its period: months, ISO weeks or quarters."""
    if period == "week":
        iso = dates.dt.isocalendar()
        return (iso["year"].astype("int64") * 100 + iso["week"].astype("int64")).to_numpy()
    if period == "quarter":
        return (dates.dt.year * 10 + (dates.dt.month - 1) // 3 + 1).to_numpy(dtype="int64")
    return (dates.dt.year * 100 + dates.dt.month).to_numpy(dtype="int64")


def period_label(key: int, period: str) -> str:
    """The label of a period key: ``2026-01``, ``2026-W05`` or ``2026-Q1``.

    >>> period_label(202601, "month"), period_label(202605, "week"), period_label(20261, "quarter")
    ('2026-01', '2026-W05', '2026-Q1')
    """
    if period == "week":
        return f"{key // 100}-W{key % 100:02d}"
    if period == "quarter":
        return f"{key // 10}-Q{key % 10}"
    return f"{key // 100}-{key % 100:02d}"


def _all_periods(first: pd.Timestamp, last: pd.Timestamp, period: str) -> list[str]:
    freq = {"week": "W-MON", "quarter": "QS", "month": "MS"}[period]
    starts = pd.date_range(
        first.normalize() - pd.offsets.Day(400 if period == "quarter" else 40), last, freq=freq
    )
    dates = pd.Series(list(starts) + [first, last])
    keys = sorted(set(_period_keys(dates, period).tolist()))
    lo, hi = (
        keys.index(_period_keys(pd.Series([first]), period)[0]),
        keys.index(_period_keys(pd.Series([last]), period)[0]),
    )
    return [period_label(key, period) for key in keys[lo : hi + 1]]


# --- settings and targets ----------------------------------------------------------

_SETTING_KEYS = {
    "period": "period",
    "период": "period",
    "language": "language",
    "язык": "language",
    "lang": "language",
    "currency": "currency",
    "валюта": "currency",
    "socialchannels": "social_channels",
    "socialnetworks": "social_channels",
    "соцсети": "social_channels",
    "социальныесети": "social_channels",
    "romibasis": "romi_basis",
    "romiincome": "romi_basis",
    "базаromi": "romi_basis",
}
_SETTING_VALUES = {
    "period": {
        "month": "month",
        "месяц": "month",
        "week": "week",
        "неделя": "week",
        "quarter": "quarter",
        "квартал": "quarter",
    },
    "language": {
        "en": "en",
        "english": "en",
        "английский": "en",
        "ru": "ru",
        "russian": "ru",
        "русский": "ru",
    },
    "romi_basis": {
        "revenue": "revenue",
        "выручка": "revenue",
        "grossprofit": "gross profit",
        "валоваяприбыль": "gross profit",
        "profit": "gross profit",
    },
}


def _squash(text: str) -> str:
    return "".join(str(text).split()).replace("_", "").casefold().replace("ё", "е")


def read_settings(tab: Tab | None, notes: list[Note]) -> Settings:
    """Settings from the key/value tab; unknown keys and values are noted, not fatal."""
    if tab is None:
        return Settings()
    found: dict[str, object] = {}
    for key, value in zip(tab.frame["key"], tab.frame["value"]):
        name = _SETTING_KEYS.get(_squash(key))
        if name is None:
            notes.append(Note(tab.sheet, f"unknown setting {key!r} ignored"))
        elif name == "social_channels":
            found[name] = tuple(
                p.strip() for p in str(value).replace(";", ",").split(",") if p.strip()
            )
        elif name == "currency":
            found[name] = str(value).strip()
        else:
            chosen = _SETTING_VALUES[name].get(_squash(value))
            if chosen is None:
                allowed = ", ".join(sorted(set(_SETTING_VALUES[name].values())))
                notes.append(Note(tab.sheet, f"setting {key!r}: {value!r} is not one of {allowed}"))
            else:
                found[name] = chosen
    return Settings(**found)  # type: ignore[arg-type]


def read_targets(tab: Tab | None, settings: Settings, notes: list[Note]) -> list[Target]:
    """Targets by KPI Excel name; a KPI the catalogue does not know is noted and skipped."""
    if tab is None:
        return []
    targets = []
    for _, row in tab.frame.iterrows():
        name = str(row["kpi"]).strip().lower()
        if name not in CATALOGUE:
            notes.append(Note(tab.sheet, "not a KPI of the catalogue", None, "kpi", row["kpi"]))
            continue
        channel, benchmark = row["channel"], row["benchmark"]
        targets.append(
            Target(
                CATALOGUE[name].excel_name,
                float(row["target"]),
                _target_period(row["period"], settings.period),
                None if is_blank(channel) else str(channel).strip(),
                None if is_blank(benchmark) else float(benchmark),
            )
        )
    return targets


def _target_period(value: object, period: str) -> str | None:
    """A target's period: blank (every period), a label such as 2026-01, or a date in it."""
    if is_blank(value):
        return None
    text = str(value).strip()
    try:
        date = pd.Timestamp(parse_date(text))
        return period_label(int(_period_keys(pd.Series([date]), period)[0]), period)
    except ValueError:
        return text.upper()


# --- building ----------------------------------------------------------------------


def _status_in(status: pd.Series, wanted: set[str]) -> np.ndarray:
    """Whether each status is one of ``wanted``, ignoring case and spaces (1.0 or 0.0)."""
    codes, uniques = pd.factorize(status, use_na_sentinel=True)
    hits = [str(u).strip().casefold().replace("ё", "е") in wanted for u in uniques]
    return np.array([*hits, False], dtype=float)[codes]


def build_report(tabs: Mapping[str, Tab]) -> Report:
    """Compute every KPI the tabs support, by period and channel, against targets."""
    notes = [note for tab in tabs.values() for note in tab.notes]
    settings = read_settings(tabs.get("Settings"), notes)
    targets = read_targets(tabs.get("Targets"), settings, notes)
    frames = {
        name: tab.frame.copy()
        for name, tab in tabs.items()
        if name not in ("Settings", "Targets") and len(tab.frame)
    }
    dated = [f["date"] for f in frames.values() if "date" in f and f["date"].notna().any()]
    if not dated:
        return Report(
            settings,
            [],
            None,
            None,
            [],
            pd.DataFrame(),
            pd.DataFrame(),
            pd.DataFrame(),
            dict(tabs),
            notes,
        )
    first = min(d.min() for d in dated)
    last = max(d.max() for d in dated)
    periods = _all_periods(first, last, settings.period)
    for frame in frames.values():
        frame["period"] = _labels(frame["date"], settings.period)
    facts = _Facts(frames, settings, periods)
    scorecard = [facts.score_row(spec) for spec in SCORECARD]
    _apply_targets(scorecard, targets, periods)
    report = Report(
        settings,
        periods,
        first.date(),
        last.date(),
        scorecard,
        facts.channel_table(),
        facts.social_table(),
        facts.cohort_table(),
        dict(tabs),
        notes,
    )
    report.records = _records(report, facts)
    _attach_channel_targets(report, targets)
    return report


def _labels(dates: pd.Series, period: str) -> pd.Categorical:
    """Each date's period label, as a categorical: grouping by it is then cheap."""
    uniques, codes = np.unique(_period_keys(dates, period), return_inverse=True)
    labels = [period_label(int(u), period) for u in uniques]
    return pd.Categorical.from_codes(codes.ravel(), categories=labels)


# --- the sums every KPI is computed from -------------------------------------------


class _Slice:
    """The sums of one (period, channel) slice, as attributes: ``s.spend``, ``s.clicks``."""

    def __init__(self, facts: _Facts, period: str, channel: str | None) -> None:
        self.facts, self.period, self.channel = facts, period, channel
        key = (period, "" if channel is None else channel, channel is None)
        self._row = facts.sums.loc[key] if key in facts.sums.index else None

    def __getattr__(self, measure: str) -> float:
        facts = self.facts
        if measure not in facts.available:
            return math.nan
        value = math.nan if self._row is None else float(self._row[measure])
        if math.isnan(value) and (self.channel is None or self.channel in facts.keys_of[measure]):
            return 0.0  # the tab has this channel, just no rows in this period: nothing
        return value  # the tab never mentions this channel: no data, not 0


class _Facts:
    """Every tab summed by (period, channel), plus the counts that are not sums."""

    def __init__(self, frames: Mapping[str, pd.DataFrame], settings: Settings, periods: list[str]):
        self.settings, self.periods = settings, periods
        self.available: set[str] = set()
        self.keys_of: dict[str, set[str]] = {}  # measure -> the channels its tab mentions
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
        mentioned = set(frame["ckey"].unique().tolist())
        keys = mentioned - {""}
        for measure in present:
            self.keys_of[measure] = mentioned if keys else set()
        data = frame[["period", "ckey", *present]]
        by_both = data.groupby(["period", "ckey"], observed=True)[present].sum()
        by_period = data.groupby("period", observed=True)[present].sum()
        by_channel = data.groupby("ckey", observed=True)[present].sum()
        pieces = [
            _index(by_period, by_period.index, "", True),
            _index(pd.DataFrame([data[present].sum()]), [TOTAL], "", True),
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

    def follower_growth(self, period: str, channel: str | None) -> float:
        """Growth from the last count before the period (or its first) to its last count."""
        if "followers" not in self.available:
            return math.nan
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
        return k.follower_growth(start, end) if start or end else math.nan

    @functools.cached_property
    def _buyers(self) -> pd.DataFrame:
        """Customers who bought, per period: (period index, customer) pairs."""
        sold = self.orders[self.orders["customer"] >= 0]
        index = {p: i for i, p in enumerate(self.periods)}
        return pd.DataFrame(
            {"at": sold["period"].map(index).to_numpy(), "customer": sold["customer"].to_numpy()}
        ).drop_duplicates()

    def retention(self, period: str) -> tuple[float, float, float]:
        """(buyers of the previous period, buyers of this one, those not in the previous)."""
        if self.orders is None or period == TOTAL or self.periods.index(period) == 0:
            return (math.nan, math.nan, math.nan)
        at = self.periods.index(period)
        buyers = self._buyers
        before = buyers.loc[buyers["at"] == at - 1, "customer"]
        now = buyers.loc[buyers["at"] == at, "customer"]
        returning = int(now.isin(before).sum())
        return (float(len(before)), float(len(now)), float(len(now) - returning))

    def repeat_rate(self, period: str, channel: str | None) -> float:
        known = self.orders[self.orders["customer"] >= 0]
        if period != TOTAL:
            known = known[known["period"] == period]
        return k.repeat_purchase_rate(known["customer"].to_numpy())

    # The tables.

    def score_row(self, spec: _Spec) -> ScoreRow:
        has_data = all(need in self.available for need in spec.needs)
        values = {
            p: spec.compute(_Slice(self, p, None)) if has_data else math.nan
            for p in [*self.periods, TOTAL]
        }
        return ScoreRow(spec.entry, values, has_data)

    def channel_table(self) -> pd.DataFrame:
        rows = []
        for key in [*self.channel_keys, None]:
            s = _Slice(self, TOTAL, key)
            row = {"channel": self.name(key) if key is not None else TOTAL}
            row |= {m: getattr(s, m) for m in CHANNEL_MEASURES}
            row |= {
                spec.entry.excel_name: spec.compute(s)
                for spec in CHANNEL_KPIS
                if all(n in self.available for n in spec.needs)
            }
            rows.append(row)
        return pd.DataFrame(rows)

    def social_table(self) -> pd.DataFrame:
        if self.social is None:
            return pd.DataFrame()
        rows = []
        for key in sorted(set(self.social["ckey"]) - {""}):
            s = _Slice(self, TOTAL, key)
            counts = self.social[self.social["ckey"] == key].sort_values("date")
            followers = counts["followers"].dropna()
            engagements = k.engagement(s.likes, s.comments, s.reposts)
            rows.append(
                {
                    "network": self.name(key),
                    "followers_start": followers.iloc[0] if len(followers) else math.nan,
                    "followers_end": followers.iloc[-1] if len(followers) else math.nan,
                    "FOLLOWER_GROWTH": self.follower_growth(TOTAL, key),
                    "ENGAGEMENT": engagements,
                    "ENGAGEMENT_RATE": k.engagement_rate(engagements, s.reach),
                    "SALES_COUNT": s.sales if "sales" in self.available else math.nan,
                }
            )
        return pd.DataFrame(rows)

    def cohort_table(self, months: int = 12) -> pd.DataFrame:
        """Share of each first-purchase month's customers who buy in each later month."""
        if self.orders is None or not (self.orders["customer"] >= 0).any():
            return pd.DataFrame()
        sold = self.orders[self.orders["customer"] >= 0]
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


def _index(frame: pd.DataFrame, periods, channels, overall: bool) -> pd.DataFrame:
    n = len(frame)
    channels = [channels] * n if isinstance(channels, str) else list(channels)
    frame = frame.copy()
    frame.index = pd.MultiIndex.from_arrays(
        [list(periods), channels, [overall] * n], names=["period", "channel", "overall"]
    )
    return frame


def _income(s: _Slice, paid_only: bool) -> float:
    revenue = s.paid_revenue if paid_only and s.channel is None else s.revenue
    if s.facts.settings.romi_basis == "gross profit":
        return revenue - (s.paid_cogs if paid_only and s.channel is None else s.cogs)
    return revenue


def _profit_costs(s: _Slice) -> float:
    return s.cogs + (0.0 if math.isnan(s.spend) else s.spend)


def _growth(s: _Slice) -> float:
    periods = s.facts.periods
    if s.period == TOTAL or periods.index(s.period) == 0:
        return math.nan
    previous = _Slice(s.facts, periods[periods.index(s.period) - 1], s.channel)
    return k.sales_growth(s.revenue, previous.revenue)


@dataclass(frozen=True)
class _Spec:
    """A summary KPI: its catalogue entry, the sums it needs and how it is called."""

    entry: KPI
    needs: tuple[str, ...]
    compute: Callable[[_Slice], float]


def _spec(name: str, needs: str, compute: Callable[[_Slice], float]) -> _Spec:
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
    _spec("follower_growth", "followers", lambda s: s.facts.follower_growth(s.period, s.channel)),
    _spec("social_sales", "social_sales", lambda s: s.social_sales),
    _spec("sales_growth", "revenue", _growth),
    _spec("brand_awareness", "aware surveyed", lambda s: k.brand_awareness(s.aware, s.surveyed)),
    _spec("retention_rate", "new", lambda s: k.retention_rate(*s.facts.retention(s.period))),
    _spec("churn_rate", "new", lambda s: _churn(s)),
    _spec("repeat_purchase_rate", "new", lambda s: s.facts.repeat_rate(s.period, s.channel)),
)


def _income_revenue(s: _Slice) -> float:
    return s.paid_revenue if s.channel is None else s.revenue


def _churn(s: _Slice) -> float:
    start, end, new = s.facts.retention(s.period)
    return k.churn_rate(start - (end - new), start)


#: The channel table's plain sums, then its KPIs (by Excel name).
CHANNEL_MEASURES = ("spend", "impressions", "clicks", "leads", "sales", "revenue", "new")
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


# --- targets and records -----------------------------------------------------------


def _apply_targets(scorecard: list[ScoreRow], targets: list[Target], periods: list[str]) -> None:
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
        row.progress = k.divide(value, chosen.target)
        if not math.isnan(value):
            ahead = value >= chosen.target
            row.on_track = ahead if row.entry.higher_is_better else value <= chosen.target


def _attach_channel_targets(report: Report, targets: list[Target]) -> None:
    """Channel targets (e.g. CAC of one channel) become columns `<KPI> target` of the table."""
    table = report.channels
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


def _records(report: Report, facts: _Facts) -> list[Record]:
    records = [
        Record(row.entry.excel_name, period, None, value)
        for row in report.scorecard
        for period, value in row.values.items()
    ]
    for key in facts.channel_keys:
        for period in [*facts.periods, TOTAL]:
            s = _Slice(facts, period, key)
            for spec in CHANNEL_KPIS:
                has = all(n in facts.available for n in spec.needs)
                records.append(
                    Record(
                        spec.entry.excel_name,
                        period,
                        facts.name(key),
                        spec.compute(s) if has else math.nan,
                    )
                )
    return records
