"""Sales KPIs: number of sales, new customers, average check, conversions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..catalogue import Kind, Unit, divide, kpi
from ._shared import AMOUNTS, DATES, END, SALES, START, in_period, same_size

# --- Sales -------------------------------------------------------------------------


@kpi(
    category=SALES,
    unit=Unit.COUNT,
    higher_is_better=True,
    formula="number of non-blank amounts [dated start..end]",
    title=("Number of sales", "Количество продаж"),
    en="Number of sales: how many order amounts there are, optionally only in a period.",
    ru="Количество продаж: число заказов, при необходимости только за период.",
    args={
        "amounts": (Kind.VALUES, AMOUNTS),
        "dates": (Kind.DATES, DATES),
        "start": (Kind.DATE, START),
        "end": (Kind.DATE, END),
    },
)
def sales_count(amounts, dates=None, start=None, end=None):
    """
    Examples
    --------
    >>> sales_count([[1200], [None], ["1 500,50"]])
    2.0
    """
    return in_period(amounts, dates, start, end).size


@kpi(
    category=SALES,
    unit=Unit.COUNT,
    higher_is_better=True,
    formula="customers whose first order is dated start..end",
    title=("New customers", "Новые клиенты"),
    en="New customers: customers whose first order falls in the period.",
    ru="Новые клиенты: клиенты, чей первый заказ пришёлся на период.",
    args={
        "customer_ids": (Kind.IDS, "The customer of each order, a range (one cell per order)."),
        "dates": (Kind.DATES, "The date of each order, a range of the same size."),
        "start": (Kind.DATE, START),
        "end": (Kind.DATE, END),
    },
)
def new_customers(customer_ids, dates, start=None, end=None):
    """
    A customer's first order is their earliest in the whole range, so pass every order,
    not just the period's.

    Examples
    --------
    >>> new_customers([["C1"], ["C2"], ["C1"], ["C3"]],
    ...               [["05.01.2026"], ["10.01.2026"], ["03.02.2026"], ["04.02.2026"]],
    ...               start="01.02.2026", end="28.02.2026")
    1.0
    """
    same_size("customer_ids", customer_ids, "dates", dates)
    if customer_ids.size == 0:
        return 0.0
    known = customer_ids != None  # noqa: E711  (elementwise)
    first = pd.Series(dates[known].astype("datetime64[D]")).groupby(customer_ids[known]).min()
    first = first.dropna().to_numpy()
    keep = np.ones(first.size, dtype=bool)
    if start is not None:
        keep &= first >= start.astype("datetime64[D]")
    if end is not None:
        keep &= first <= end.astype("datetime64[D]")
    return keep.sum()


@kpi(
    category=SALES,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula="revenue / orders (without orders: revenue / number of amounts)",
    title=("Average check", "Средний чек"),
    en="Average check (AOV): revenue per order.",
    ru="Средний чек: выручка на один заказ.",
    args={
        "revenue": (Kind.VALUES, "Revenue: a total, or the order amounts as a range."),
        "orders": (Kind.COUNT, "Optional number of orders; without it, the amounts are counted."),
    },
)
def aov(revenue, orders=None):
    """
    Examples
    --------
    >>> aov(450_000, 150)
    3000.0
    >>> aov([[2000], [None], [4000]])
    3000.0
    """
    amounts = revenue[~np.isnan(revenue)]
    total = amounts.sum() if amounts.size else math.nan
    return divide(total, amounts.size if orders is None else orders)


@kpi(
    category=SALES,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="sales / leads",
    title=("Lead-to-sale conversion", "Конверсия лидов в продажи"),
    en="Lead-to-sale conversion: the share of leads that became sales.",
    ru="Конверсия лидов в продажи: доля лидов, ставших продажами.",
    args={
        "sales": (Kind.COUNT, "Sales (converted leads) of the period."),
        "leads": (Kind.COUNT, "Leads of the period."),
    },
)
def lead_conversion(sales, leads):
    """
    Examples
    --------
    >>> lead_conversion(30, 200)
    0.15
    """
    return divide(sales, leads)


@kpi(
    category=SALES,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="conversions / visitors",
    title=("Conversion rate", "Конверсия"),
    en="Conversion rate: conversions per visitor (or per ad interaction, as Google Ads counts).",
    ru="Конверсия: доля посетителей (или взаимодействий с рекламой), совершивших целевое действие.",
    args={
        "conversions": (Kind.COUNT, "Conversions (orders, sign-ups) of the period."),
        "visitors": (Kind.COUNT, "Visitors, sessions or ad interactions of the period."),
    },
)
def conversion_rate(conversions, visitors):
    """
    Examples
    --------
    >>> conversion_rate(50, 1000)
    0.05
    """
    return divide(conversions, visitors)
