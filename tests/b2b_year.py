"""A generated B2B year and a half, with the truth it was generated from.

18 months of LinkedIn and Google Ads spend (a row per channel and day), leads from a CRM
with HubSpot's lifecycle stages, and a HubSpot deals export (create and close dates,
stages, probabilities, open deals). The truth is counted here from the generator's own
lists, never by the product's functions: the tests compare the report with it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

START, END = dt.date(2024, 7, 1), dt.date(2025, 12, 31)
CHANNELS = ("LinkedIn", "Google Ads")
#: HubSpot's lifecycle stages as leads carry them; only Customer is a converted lead.
LIFECYCLE = ("Lead", "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity")
#: Open deal stages and the probability HubSpot's default pipeline gives them.
OPEN_STAGES = {"Appointment Scheduled": 0.2, "Qualified To Buy": 0.4, "Contract Sent": 0.9}


def month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@dataclass
class Truth:
    """What the report must find, by month (``YYYY-MM``) and overall."""

    spend: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    leads: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    customers: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # leads
    revenue: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # close
    won: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pipeline: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    weighted: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    pipeline_total: float = 0.0
    weighted_total: float = 0.0
    months: list[str] = field(default_factory=list)  # months with spend, leads or closes


def generate(seed: int = 24) -> tuple[dict[str, pd.DataFrame], Truth]:
    """The raw tabs (export headers as written) and their truth."""
    rng = np.random.default_rng(seed)
    truth = Truth()
    days = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]
    spend_rows, lead_rows, deal_rows = [], [], []
    for day in days:
        for channel in CHANNELS:
            cost = round(float(rng.uniform(80, 400)), 2)
            spend_rows.append({"Day": day, "Channel": channel, "Cost": cost})
            truth.spend[month(day)] += cost
            for _ in range(int(rng.poisson(3))):
                stage = "Customer" if rng.random() < 0.05 else str(rng.choice(LIFECYCLE))
                lead_rows.append(
                    {
                        "Create Date": day,
                        "Record ID": f"L{len(lead_rows) + 1}",
                        "Original Source": channel,
                        "Lifecycle Stage": stage,
                    }
                )
                truth.leads[month(day)] += 1
                truth.customers[month(day)] += stage == "Customer"
        if rng.random() < 0.6:  # a deal created that day
            created = day
            closes = created + dt.timedelta(days=int(rng.integers(20, 120)))
            amount = float(rng.integers(20, 200)) * 100
            is_open = closes > END or rng.random() < 0.1
            if is_open:
                stage = str(rng.choice(list(OPEN_STAGES)))
                probability = OPEN_STAGES[stage]
            else:
                won = rng.random() < 0.4
                stage, probability = ("Closed Won", 1.0) if won else ("Closed Lost", 0.0)
            deal_rows.append(
                {
                    "Record ID": 9000 + len(deal_rows),
                    "Deal Name": f"Deal {len(deal_rows)}",
                    "Deal Stage": stage,
                    "Amount": amount,
                    "Create Date": created,
                    "Close Date": closes,
                    "Deal probability": probability,
                    "Original Source": str(rng.choice(CHANNELS)),
                    "Associated Company": f"Company {len(deal_rows)}",
                }
            )
            if is_open:
                truth.pipeline_total += amount
                truth.weighted_total += amount * probability
                if closes <= END:
                    truth.pipeline[month(closes)] += amount
                    truth.weighted[month(closes)] += amount * probability
            elif stage == "Closed Won":
                truth.revenue[month(closes)] += amount
                truth.won[month(closes)] += 1
    truth.months = sorted({month(d) for d in days})
    tabs = {
        "Spend": pd.DataFrame(spend_rows),
        "Leads": pd.DataFrame(lead_rows),
        "Orders": pd.DataFrame(deal_rows),
    }
    return tabs, truth
