"""A generated billing export of a small B2B software company, and its true numbers.

Eighteen months of monthly invoices (a Stripe-like invoices export: ``id``, ``Customer``,
``Subscription``, ``Date (UTC)``, ``Amount Paid``, ``Status``, ``Channel``): customers who
were already paying when the export begins, new ones every month from two channels,
upgrades, downgrades and churn; a voided invoice re-issued and paid in the same month now
and then (the void is no sale). Monthly spend of the two channels.

The truth is the generator's own state, each customer's plan by month, never the product's
reading of the invoices: the tests compute MRR movements, logo churn, NRR and LTV from it
(:func:`check_against_truth` holds a report to all of them).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest

from xl_kpi.report import TOTAL

from .b2b_year import LIFECYCLE, OPEN_STAGES

MONTHS = 18
START = dt.date(2025, 1, 1)
CHANNELS = ("LinkedIn", "Google Ads")
PLANS = (49.0, 99.0, 249.0, 499.0)


def month_start(i: int) -> dt.date:
    return dt.date(START.year + (START.month - 1 + i) // 12, (START.month - 1 + i) % 12 + 1, 1)


def label(i: int) -> str:
    return f"{month_start(i):%Y-%m}"


@dataclass
class Company:
    """The invoices and spend, and the truth: each customer's MRR by month."""

    invoices: pd.DataFrame
    spend: pd.DataFrame
    mrr: dict[str, list[float]] = field(default_factory=dict)  # customer -> by month
    channel: dict[str, str] = field(default_factory=dict)  # customer -> channel
    spend_by_month: list[float] = field(default_factory=list)
    channel_spend: dict[str, list[float]] = field(default_factory=dict)


def generate(seed: int = 7) -> Company:
    rng = np.random.default_rng(seed)
    mrr: dict[str, list[float]] = {}
    channel: dict[str, str] = {}
    day: dict[str, int] = {}

    def join(name: str, at: int) -> None:
        mrr[name] = [0.0] * MONTHS
        channel[name] = CHANNELS[int(rng.integers(0, 2))]
        day[name] = int(rng.integers(1, 29))
        plan = float(rng.choice(PLANS)) * int(rng.integers(1, 4))  # seats
        for i in range(at, MONTHS):
            mrr[name][i] = plan

    # 30 customers already paying when the export begins (left-censored), then 2-6 new
    # customers a month.
    count = 0
    for _ in range(30):
        count += 1
        join(f"cus_{count:03d}", 0)
    for at in range(1, MONTHS):
        for _ in range(int(rng.integers(2, 7))):
            count += 1
            join(f"cus_{count:03d}", at)
    # Each month after a customer's first, each paying customer may churn (gone for good),
    # upgrade or downgrade (from then on).
    for by_month in mrr.values():
        for i in range(1, MONTHS):
            if by_month[i - 1] == 0 or by_month[i] == 0:
                continue
            roll = rng.random()
            if roll < 0.04:
                by_month[i:] = [0.0] * (MONTHS - i)
            elif roll < 0.09:
                by_month[i:] = [round(by_month[i] * 1.5, 2)] * (MONTHS - i)
            elif roll < 0.12:
                by_month[i:] = [round(by_month[i] * 0.6, 2)] * (MONTHS - i)
    rows = []
    number = 0
    for name, by_month in mrr.items():
        for i, amount in enumerate(by_month):
            if amount == 0:
                continue
            date = month_start(i).replace(day=day[name])
            if rng.random() < 0.05:  # a voided invoice, re-issued and paid the same month
                number += 1
                rows.append((f"in_{number:05d}", name, date, amount, "void", channel[name]))
            number += 1
            rows.append((f"in_{number:05d}", name, date, amount, "paid", channel[name]))
    invoices = pd.DataFrame(
        rows, columns=["id", "Customer", "Date (UTC)", "Amount Paid", "Status", "Channel"]
    )
    invoices.insert(2, "Subscription", "sub_" + invoices["Customer"].str[4:])
    invoices["Date (UTC)"] = pd.to_datetime(invoices["Date (UTC)"])
    spend_rows = []
    channel_spend = {c: [0.0] * MONTHS for c in CHANNELS}
    for i in range(MONTHS):
        for c in CHANNELS:
            amount = float(rng.integers(1500, 4000))
            channel_spend[c][i] = amount
            spend_rows.append((pd.Timestamp(month_start(i)), c, amount))
    spend = pd.DataFrame(spend_rows, columns=["Date", "Channel", "Cost"])
    return Company(
        invoices.sort_values(["Date (UTC)", "id"], ignore_index=True),
        spend,
        mrr,
        channel,
        [sum(channel_spend[c][i] for c in CHANNELS) for i in range(MONTHS)],
        channel_spend,
    )


@dataclass(frozen=True)
class Truth:
    """The true monthly figures, by month label."""

    mrr: dict[str, float]
    new: dict[str, float]
    expansion: dict[str, float]
    contraction: dict[str, float]
    churned: dict[str, float]
    logo_churn: dict[str, float]
    nrr: dict[str, float]
    new_customers: dict[str, int]
    ltv: dict[str, float]
    cac: dict[str, float]


def truth(company: Company, channel: str | None = None) -> Truth:
    """Every month's true figures from the generator's plans (of one channel's customers)."""
    plans = {
        n: m for n, m in company.mrr.items() if channel is None or company.channel[n] == channel
    }
    out: dict[str, dict] = {k: {} for k in Truth.__dataclass_fields__}
    spend = company.spend_by_month if channel is None else company.channel_spend[channel]
    for i in range(MONTHS):
        at = label(i)
        out["mrr"][at] = sum(m[i] for m in plans.values())
        if i == 0:
            continue
        new = exp = con = churned = lost = start = 0.0
        won = 0
        for m in plans.values():
            before, now = m[i - 1], m[i]
            if before == 0 and now > 0:
                new += now
                won += all(x == 0 for x in m[:i])
            elif before > 0 and now == 0:
                churned += before
                lost += 1
            elif now > before > 0:
                exp += now - before
            elif before > now > 0:
                con += before - now
            start += before > 0
        begin = sum(m[i - 1] for m in plans.values())
        out["new"][at], out["expansion"][at] = new, exp
        out["contraction"][at], out["churned"][at] = con, churned
        out["logo_churn"][at] = lost / start if start else float("nan")
        out["nrr"][at] = (begin + exp - con - churned) / begin if begin else float("nan")
        out["new_customers"][at] = won
        out["cac"][at] = spend[i] / won if won else float("nan")
        paying = sum(1 for m in plans.values() if m[i] > 0)
        arpa = out["mrr"][at] / paying if paying else float("nan")
        churn = out["logo_churn"][at]
        out["ltv"][at] = arpa / churn if churn and churn == churn else float("nan")
    return Truth(**out)


def deals(company: Company, seed: int = 11) -> pd.DataFrame:
    """A CRM's deals export (HubSpot's words) of the same company: a won deal for every
    customer, closed in the month of their first invoice (before the export for those
    already paying), in the customer's channel; and lost deals of prospects who never pay."""
    rng = np.random.default_rng(seed)
    rows = []
    for n, (name, plans) in enumerate(company.mrr.items(), start=1):
        first = next(i for i, amount in enumerate(plans) if amount > 0)
        closed = month_start(first) if first else dt.date(2024, 6, 1)
        rows.append((f"{n}", closed, name, company.channel[name], plans[first] * 12, "Closed Won"))
    for n in range(len(rows) + 1, len(rows) + 41):
        at = month_start(int(rng.integers(0, MONTHS)))
        channel = CHANNELS[int(rng.integers(0, 2))]
        rows.append((f"{n}", at, f"prospect_{n}", channel, 5000.0, "Closed Lost"))
    frame = pd.DataFrame(
        rows,
        columns=["Record ID", "Close Date", "Associated Company", "Original Source", "Amount",
                 "Deal Stage"],
    )  # fmt: skip
    frame["Close Date"] = pd.to_datetime(frame["Close Date"])
    return frame


@dataclass
class Funnel:
    """The leads' and open deals' truth of :func:`workbook`, by month label."""

    leads: dict[str, int] = field(default_factory=dict)
    customers: dict[str, int] = field(default_factory=dict)  # leads become customers
    pipeline: dict[str, float] = field(default_factory=dict)
    weighted: dict[str, float] = field(default_factory=dict)
    pipeline_total: float = 0.0
    weighted_total: float = 0.0


def workbook(company: Company, seed: int = 24) -> tuple[dict[str, pd.DataFrame], Funnel]:
    """The whole B2B year as its exports: the two platforms' spend, leads in HubSpot's
    lifecycle stages, a deals export of the same customers (create and close dates,
    probabilities, open deals: :func:`deals` and the open deals of ``b2b_year``'s stages)
    and the invoices (no channel: the won deals give it). The funnel's truth beside."""
    rng = np.random.default_rng(seed)
    funnel = Funnel()
    won = deals(company).assign(**{"Deal probability": 0.0})
    won.loc[won["Deal Stage"] == "Closed Won", "Deal probability"] = 1.0
    open_rows = []
    for n in range(60):
        # expected to close within the export or up to five months after it
        at = int(rng.integers(0, MONTHS + 5))
        closes = month_start(at).replace(day=int(rng.integers(1, 29)))
        stage = str(rng.choice(list(OPEN_STAGES)))
        amount = float(rng.integers(20, 200)) * 100
        channel = CHANNELS[int(rng.integers(0, 2))]
        open_rows.append(
            (f"o{n}", pd.Timestamp(closes), f"prospect_o{n}", channel, amount, stage,
             OPEN_STAGES[stage])
        )  # fmt: skip
        funnel.pipeline_total += amount
        funnel.weighted_total += amount * OPEN_STAGES[stage]
        if at < MONTHS:
            funnel.pipeline[label(at)] = funnel.pipeline.get(label(at), 0.0) + amount
            funnel.weighted[label(at)] = (
                funnel.weighted.get(label(at), 0.0) + amount * OPEN_STAGES[stage]
            )
    opened = pd.DataFrame(open_rows, columns=[*won.columns])
    crm = pd.concat([won, opened], ignore_index=True)
    ages = rng.integers(20, 120, len(crm))
    crm.insert(1, "Create Date", crm["Close Date"] - pd.to_timedelta(ages, unit="D"))
    lead_rows = []
    for i in range(MONTHS):
        for channel in CHANNELS:
            for _ in range(int(rng.integers(20, 60))):
                stage = "Customer" if rng.random() < 0.06 else str(rng.choice(LIFECYCLE))
                day = month_start(i).replace(day=int(rng.integers(1, 29)))
                lead_rows.append((f"L{len(lead_rows) + 1}", day, channel, stage))
                funnel.leads[label(i)] = funnel.leads.get(label(i), 0) + 1
                funnel.customers[label(i)] = funnel.customers.get(label(i), 0) + (
                    stage == "Customer"
                )
    leads = pd.DataFrame(
        lead_rows, columns=["Record ID", "Create Date", "Original Source", "Lifecycle Stage"]
    )
    leads["Create Date"] = pd.to_datetime(leads["Create Date"])
    spend = company.spend.rename(columns={"Date": "Day"})
    tabs = {
        "Spend": spend,
        "Leads": leads,
        "Deals": crm,
        "Invoices": company.invoices.drop(columns=["Channel"]),
    }
    return tabs, funnel


def values(report, kpi: str, channel: str | None = None) -> dict[str, float]:
    """A KPI's value by period, for a channel or (``None``) all of them."""
    return {r.period: r.value for r in report.records if r.kpi == kpi and r.channel == channel}


def same(got: float, want: float) -> bool:
    """Equal to rounding, or both not a number."""
    if isinstance(want, float) and math.isnan(want):
        return math.isnan(got)
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)


def check_against_truth(report, company: Company) -> None:
    """Every subscription figure of ``report`` as the generator's own plans make it."""
    t = truth(company)
    first = label(0)
    expected = {
        "MRR": t.mrr,
        "NEW_MRR": t.new,
        "EXPANSION_MRR": t.expansion,
        "CONTRACTION_MRR": t.contraction,
        "CHURNED_MRR": t.churned,
        "CHURN_RATE": t.logo_churn,  # logo churn: customers lost / customers at the start
        "NET_REVENUE_RETENTION": t.nrr,
        "NEW_CUSTOMERS": t.new_customers,
        "CAC": t.cac,
        "LTV": t.ltv,
    }
    for kpi, want in expected.items():
        got = values(report, kpi)
        assert set(got) == {label(i) for i in range(MONTHS)} | {TOTAL}, kpi
        for i in range(1, MONTHS):
            assert same(got[label(i)], float(want[label(i)])), (kpi, label(i))
    # The first month is left-censored: no new customers, new MRR or CAC there, never
    # counting the 30 customers already paying as new.
    for kpi in ("NEW_MRR", "NEW_CUSTOMERS", "CAC", "CHURN_RATE", "NET_REVENUE_RETENTION"):
        assert math.isnan(values(report, kpi)[first]), kpi
    assert values(report, "MRR")[first] == t.mrr[first] > 0
    months = [label(i) for i in range(1, MONTHS)]
    assert values(report, "NEW_CUSTOMERS")[TOTAL] == sum(t.new_customers[m] for m in months)
    # MRR moves by its movements, month by month
    mrr = values(report, "MRR")
    for i in range(1, MONTHS):
        at, before = label(i), label(i - 1)
        moved = (
            sum(
                s * values(report, k)[at]
                for s, k in ((1, "NEW_MRR"), (1, "EXPANSION_MRR"), (-1, "CONTRACTION_MRR"))
            )
            - values(report, "CHURNED_MRR")[at]
        )
        assert mrr[at] == pytest.approx(mrr[before] + moved)
    # LTV:CAC and CAC payback from the true LTV, CAC and ARPA (no cost: margin 1)
    for m in months:
        cac, ltv = t.cac[m], t.ltv[m]
        want = ltv / cac if cac == cac and ltv == ltv else math.nan
        assert same(values(report, "LTV_CAC")[m], want), m
        paying = sum(
            1
            for plan in company.mrr.values()
            if plan[int(m[-2:]) - 1 + 12 * (int(m[:4]) - 2025)] > 0
        )
        arpa = t.mrr[m] / paying
        assert same(values(report, "CAC_PAYBACK")[m], cac / arpa if cac == cac else math.nan)
    # each channel's LTV from its own customers (by the channel of their first invoice)
    for channel in CHANNELS:
        want = truth(company, channel)
        got = values(report, "LTV", channel)
        for m in months:
            assert same(got[m], want.ltv[m]), (channel, m)
