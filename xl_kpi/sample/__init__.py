"""Deterministic sample data: one realistic year of a small multi-channel online shop.

:func:`sample_tables` builds every raw tab the KPI engine reads (orders, leads, ad spend,
traffic, social networks, brand surveys, targets and settings) with canonical English tab
and column names. :func:`russian_tables` renders the same data the way a Russian user would
paste it into Excel: Russian tab names and headers, Russian statuses, money as text with a
no-break-space thousands separator and a decimal comma, dates as ``dd.mm.yyyy`` text.

The generator is fully vectorised with numpy (no loop over rows), so it also serves
benchmarks: a full Excel sheet of 1,048,575 order rows takes well under three seconds.

Realism built in:

* seasonality (quiet January holidays and summer, gift peaks before 23 February and
  8 March, Black Friday, a December peak) and weekday effects;
* returning customers: about a third of orders come from earlier customers (after a gamma
  distributed pause of roughly three months), so a quarter of customers buy at least twice
  and monthly cohorts keep a few per cent of buyers; new customers arrive every month;
* lognormal order values around 3,500 RUB, cost of goods at 55-65% of revenue, a few
  cancelled and returned orders;
* per-channel visitor conversion (1-3%), click-through rates (0.5-3%) and costs per click;
  ad spend is calibrated so that the return on marketing investment (on revenue) is
  positive for every paid channel except Instagram;
* leads about four times the orders (capped for very large samples), about a fifth of them
  won; recent leads are still new or in progress.

>>> tables = sample_tables(orders=500)
>>> len(tables["Orders"])
500
>>> from xl_kpi.schema import TABS
>>> list(tables) == [tab.name for tab in TABS]
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..excelfacts import MAX_DATA_ROWS
from ._generate import (
    _LEADS_PER_ORDER,
    _LEADS_SOFT_CAP,
    CHANNELS,
    PAID_CHANNELS,
    SOCIAL_NETWORKS,
    _brand,
    _calendar,
    _leads,
    _orders,
    _rng,
    _settings,
    _social,
    _spend,
    _targets,
    _traffic,
)
from .russian import NBSP, RU_STATUSES, russian_tables

__all__ = [
    "CHANNELS",
    "NBSP",
    "PAID_CHANNELS",
    "RU_STATUSES",
    "SOCIAL_NETWORKS",
    "russian_tables",
    "sample_tables",
]


def sample_tables(
    *, year: int = 2025, orders: int = 3000, seed: int = 7
) -> dict[str, pd.DataFrame]:
    """Generate one year of raw data of a small online shop, one DataFrame per raw tab.

    Args:
        year: Calendar year of the data (every day from 1 January to 31 December).
        orders: Exact number of rows of the ``Orders`` tab. The ``Leads`` tab has about
            4.2 rows per order, at most ``max(orders, 250_000)`` and never more than
            :data:`~xl_kpi.excelfacts.MAX_DATA_ROWS`; ``Spend`` and ``Traffic`` have one
            row per day and channel whatever the size; money amounts scale with ``orders``.
        seed: Seed of the random generator; equal arguments give equal frames.

    Returns:
        Frames keyed by the canonical tab names of :data:`~xl_kpi.schema.TABS`, with
        exactly their columns, in order. Dates are ``datetime64[ns]`` at midnight, money is
        float64 rounded to cents, counts are int64 and text is ``object`` holding Python
        ``str`` (``None`` for a blank cell: the campaign of Organic rows, a target's period
        and overall channel).

    Raises:
        ValueError: If ``orders`` is below 1, ``seed`` is negative or ``year`` is outside
            1900-2200.
    """
    if isinstance(orders, bool) or not isinstance(orders, (int, np.integer)) or orders < 1:
        raise ValueError(f"orders must be a positive integer, got {orders!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if (
        isinstance(year, bool)
        or not isinstance(year, (int, np.integer))
        or not 1900 <= year <= 2200
    ):
        raise ValueError(f"year must be an integer between 1900 and 2200, got {year!r}")
    n_orders = int(orders)
    calendar = _calendar(int(year))
    noise = _rng(seed, 0).lognormal(0.0, 0.07, calendar.dates.size)
    day_weight = calendar.weight * noise
    day_weight /= day_weight.sum()

    orders_frame, facts = _orders(calendar, day_weight, n_orders, _rng(seed, 1))
    traffic, expected_visits = _traffic(calendar, day_weight, facts, _rng(seed, 2))
    spend = _spend(calendar, expected_visits, facts, n_orders, _rng(seed, 3))
    n_leads = min(round(_LEADS_PER_ORDER * n_orders), max(n_orders, _LEADS_SOFT_CAP))
    leads = _leads(calendar, day_weight, min(n_leads, MAX_DATA_ROWS), _rng(seed, 4))
    return {
        "Orders": orders_frame,
        "Leads": leads,
        "Spend": spend,
        "Traffic": traffic,
        "Social": _social(int(year), n_orders, _rng(seed, 5)),
        "Brand": _brand(int(year), _rng(seed, 6)),
        "Targets": _targets(spend, facts),
        "Settings": _settings(language="en"),
    }
