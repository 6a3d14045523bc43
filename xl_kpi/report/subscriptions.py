"""Subscriptions from a billing export, and the B2B KPIs on the summary.

An Orders tab that is a billing export (:func:`xl_kpi.statuses.is_billing`: it names its
customers and a subscription or an invoice) is read as subscriptions: a customer's MRR in
a period is the sum of their paid invoices dated in it, per month of the period. Between
two periods each customer's MRR moves as the catalogue says (:mod:`xl_kpi.kpis.subscriptions`):
new, expansion, contraction, churned; net revenue retention is what the starting customers'
MRR became. Logo churn is the summary's churn rate: the customers paying in the previous
period who pay nothing in this one, of all those paying then.

The start of the export is left-censored: a customer already paying in its first period
may have been a customer for years, so that period's new customers, new MRR and CAC are
not counted ("no data", the rows flagged and a note says why); from the second period on
a customer is new in the period of their first paid invoice.

LTV is a customer's gross profit a month over their expected months: ARPA (MRR per paying
customer) x gross margin (1 - cost of goods / revenue, or 1 when the invoices carry no
cost, which a note says) / logo churn a month; LTV:CAC and CAC payback set it, and ARPA,
against the period's CAC. They are on the summary of a billing export only: a shop's
period-to-period churn of buyers is no customer's lifetime.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import kpis as k
from ..catalogue import CATALOGUE, divide
from ..notes import Note
from ..tabs import Tab
from .facts import Facts, Slice
from .periods import TOTAL
from .tables import Record, ScoreRow

__all__ = [
    "CENSORED",
    "ROWS",
    "pin_span",
    "channel_records",
    "flag_censored",
    "subscription_rows",
]

#: The scorecard rows of a billing export, in order (catalogue names).
ROWS = (
    "mrr",
    "new_mrr",
    "expansion_mrr",
    "contraction_mrr",
    "churned_mrr",
    "net_revenue_retention",
    "ltv",
    "ltv_cac",
    "cac_payback",
)
#: The rows whose first period would count customers already paying as new.
CENSORED = frozenset({"new_customers", "cac", "new_mrr"})
#: Months in a period, to state MRR per month.
MONTHS = {"month": 1.0, "quarter": 3.0, "week": 7 * 12 / 365.25}
_MOVEMENTS = {
    "new_mrr": k.new_mrr,
    "expansion_mrr": k.expansion_mrr,
    "contraction_mrr": k.contraction_mrr,
    "churned_mrr": k.churned_mrr,
}


def pin_span(facts: Facts) -> None:
    """New customers are known from the second period on (a period there without any had
    none), when the first period was censored."""
    if facts.tables.subscriptions is not None and "new" in facts.spans:
        facts.spans["new"] = (min(1, len(facts.periods) - 1), facts.spans["new"][1])


class _Book:
    """The customers' MRR by period (a customers x periods matrix), for all or a channel."""

    def __init__(self, facts: Facts, channel: str | None = None) -> None:
        table = facts.tables.subscriptions
        assert table is not None
        if channel is not None:
            table = table[table["ckey"] == channel]
        self.facts, self.channel = facts, channel
        n = len(facts.periods)
        codes, _ = pd.factorize(table["customer"])
        self.mrr = np.zeros((len(set(codes)) if len(codes) else 0, n))
        months = MONTHS.get(facts.settings.period, 1.0)
        np.add.at(self.mrr, (codes, table["pidx"].to_numpy(np.int64)), table["revenue"] / months)
        self.months = months

    def pair(self, at: int) -> tuple[np.ndarray, np.ndarray]:
        return self.mrr[:, at - 1], self.mrr[:, at]

    def total(self, at: int) -> float:
        return k.mrr(float(self.mrr[:, at].sum()))

    def movement(self, name: str, at: int) -> float:
        return math.nan if at == 0 else _MOVEMENTS[name](*self.pair(at))

    def churn(self, at: int) -> tuple[float, float]:
        """(customers lost, customers at the start) of a period."""
        if at == 0:
            return (math.nan, math.nan)
        before, now = self.pair(at)
        return (float(((before > 0) & (now <= 0)).sum()), float((before > 0).sum()))

    def paying(self, at: int) -> float:
        return float((self.mrr[:, at] > 0).sum())


def _margin(s: Slice) -> float:
    """The gross margin of a slice: 1 - cost of goods / revenue (1 without a cost)."""
    if "cogs" not in s.facts.available:
        return 1.0
    return 1.0 - divide(s.cogs, s.revenue)


def _values(book: _Book, cac: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """Every subscription row's value by period and in total."""
    facts, periods = book.facts, book.facts.periods
    out: dict[str, dict[str, float]] = {name: {} for name in ROWS}
    sums: dict[str, float] = dict.fromkeys(
        ("start", "lost", "churn_start", "mrr", "paying", *_MOVEMENTS), 0.0
    )
    for at, period in enumerate(periods):
        out["mrr"][period] = book.total(at)
        for name in _MOVEMENTS:
            out[name][period] = book.movement(name, at)
        lost, start = book.churn(at)
        before = float(book.mrr[:, at - 1].sum()) if at else math.nan
        out["net_revenue_retention"][period] = k.net_revenue_retention(
            before,
            out["expansion_mrr"][period],
            out["contraction_mrr"][period],
            out["churned_mrr"][period],
        ) if at else math.nan  # fmt: skip
        arpa = divide(out["mrr"][period], book.paying(at))
        _lifetime(out, period, arpa, (lost, start), _margin(Slice(facts, period, book.channel)),
                  cac.get(period, math.nan), book.months)  # fmt: skip
        if at:
            for name in _MOVEMENTS:
                sums[name] += out[name][period]
            sums["start"] += before
            sums["lost"] += lost
            sums["churn_start"] += start
        sums["mrr"] += out["mrr"][period]
        sums["paying"] += book.paying(at)
    out["mrr"][TOTAL] = math.nan  # a level: its periods do not add up
    for name in _MOVEMENTS:
        out[name][TOTAL] = sums[name] if len(periods) > 1 else math.nan
    out["net_revenue_retention"][TOTAL] = k.net_revenue_retention(
        sums["start"], sums["expansion_mrr"], sums["contraction_mrr"], sums["churned_mrr"]
    ) if len(periods) > 1 else math.nan  # fmt: skip
    arpa = divide(sums["mrr"], sums["paying"])
    _lifetime(out, TOTAL, arpa, (sums["lost"], sums["churn_start"]),
              _margin(Slice(facts, TOTAL, book.channel)), cac.get(TOTAL, math.nan),
              book.months)  # fmt: skip
    return out


def _lifetime(
    out: dict[str, dict[str, float]],
    period: str,
    arpa: float,
    churn: tuple[float, float],
    margin: float,
    cac: float,
    months: float,
) -> None:
    """LTV, LTV:CAC and CAC payback of a period from its ARPA, churn, margin and CAC."""
    rate = k.churn_rate(*churn) if not math.isnan(churn[1]) else math.nan
    lifespan = divide(months, rate)  # months a customer stays (churn per period)
    ltv = k.ltv(arpa, 1, lifespan, margin) if _known(arpa, lifespan, margin) else math.nan
    out["ltv"][period] = ltv
    out["ltv_cac"][period] = k.ltv_cac(ltv, cac) if _known(ltv, cac) else math.nan
    known = _known(cac, arpa, margin)
    out["cac_payback"][period] = k.cac_payback(cac, arpa, margin) if known else math.nan


def _known(*values: float) -> bool:
    return all(not math.isnan(v) for v in values)


def subscription_rows(facts: Facts, scorecard: list[ScoreRow]) -> list[ScoreRow]:
    """The scorecard rows of a billing export (none without one)."""
    if facts.tables.subscriptions is None or not len(facts.tables.subscriptions):
        return []
    cac_row = next((r for r in scorecard if r.entry.name == "cac"), None)
    cac = cac_row.values if cac_row is not None and cac_row.has_data else {}
    values = _values(_Book(facts), cac)
    rows = []
    for name in ROWS:
        has_data = bool(cac) or name not in ("ltv_cac", "cac_payback")
        rows.append(ScoreRow(CATALOGUE[name], values[name], has_data))
    return rows


def channel_records(facts: Facts) -> list[Record]:
    """MRR, LTV, LTV:CAC and CAC payback of each channel whose customers pay (a customer
    belongs to the channel of their first period), by period and in total."""
    table = facts.tables.subscriptions
    if table is None or not len(table):
        return []
    found = []
    costs = "spend" in facts.available and "new" in facts.available
    for key in sorted(set(table["ckey"]) - {""}, key=facts._order):
        periods = [*facts.periods, TOTAL]
        cac = {}
        if costs:
            for p in periods:
                s = Slice(facts, p, key)
                cac[p] = k.cac(s.spend, s.new) if _known(s.spend, s.new) else math.nan
        values = _values(_Book(facts, key), cac)
        for name in ("mrr", "ltv", "ltv_cac", "cac_payback"):
            if name != "mrr" and name != "ltv" and not costs:
                continue
            entry = CATALOGUE[name]
            found += [
                Record(entry.excel_name, p, facts.name(key), values[name][p]) for p in periods
            ]
    return found


def flag_censored(scorecard: list[ScoreRow], facts: Facts, tabs: Mapping[str, Tab]) -> list[Note]:
    """Flag the rows whose first period is left-censored, and say why (and that LTV is on
    revenue when the invoices carry no cost)."""
    orders = tabs.get("Orders")
    if orders is None or facts.tables.subscriptions is None:
        return []
    notes = []
    censored = facts.tables.censored
    if censored and len(facts.periods) > 0:
        for row in scorecard:
            if row.entry.name in CENSORED and row.has_data:
                row.flag, row.on_track, row.progress = "left_censored", None, math.nan
        notes.append(
            Note.of(orders.sheet, "note.left_censored", count=censored, period=facts.periods[0])
        )
    if "cogs" not in facts.available:
        notes.append(Note.of(orders.sheet, "note.ltv_on_revenue"))
    return notes
