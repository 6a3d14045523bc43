"""The head of marketing's KPIs: growth, brand awareness, retention, loyalty, lifetime value."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..catalogue import Kind, Unit, divide, kpi
from ._shared import LOYAL

# --- Loyalty and growth ------------------------------------------------------------


@kpi(
    category=LOYAL,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="(current - previous) / abs(previous)",
    title=("Sales growth", "Рост продаж"),
    en="Sales growth: the change in sales from the previous period, relative to it.",
    ru="Рост продаж: изменение продаж к прошлому периоду, в долях от него.",
    args={
        "current": (Kind.AMOUNT, "Sales (revenue or number) of this period."),
        "previous": (Kind.AMOUNT, "Sales of the previous period."),
    },
)
def sales_growth(current, previous):
    """
    Examples
    --------
    >>> sales_growth(1_150_000, 1_000_000)
    0.15
    """
    return divide(current - previous, abs(previous))


@kpi(
    category=LOYAL,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="aware / surveyed",
    title=("Brand awareness", "Узнаваемость бренда"),
    en="Brand awareness: the share of surveyed people who know the brand.",
    ru="Узнаваемость бренда: доля опрошенных, знающих бренд.",
    args={
        "aware": (Kind.COUNT, "People in the survey who know the brand."),
        "surveyed": (Kind.COUNT, "People surveyed."),
    },
)
def brand_awareness(aware, surveyed):
    """
    Examples
    --------
    >>> brand_awareness(180, 600)
    0.3
    """
    return divide(aware, surveyed)


@kpi(
    category=LOYAL,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="brand_mentions / total_mentions",
    title=("Share of voice", "Доля голоса"),
    en="Share of voice: the brand's share of all mentions in its market.",
    ru="Доля голоса: доля упоминаний бренда среди всех упоминаний рынка.",
    args={
        "brand_mentions": (Kind.COUNT, "Mentions of the brand."),
        "total_mentions": (Kind.COUNT, "Mentions of the brand and its competitors."),
    },
)
def share_of_voice(brand_mentions, total_mentions):
    """
    Examples
    --------
    >>> share_of_voice(250, 1000)
    0.25
    """
    return divide(brand_mentions, total_mentions)


@kpi(
    category=LOYAL,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="(customers_end - new_customers) / customers_start",
    title=("Retention rate", "Удержание клиентов"),
    en="Customer retention rate: the share of the period's starting customers still there.",
    ru="Удержание клиентов: доля клиентов на начало периода, оставшихся к его концу.",
    args={
        "customers_start": (Kind.COUNT, "Customers at the start of the period."),
        "customers_end": (Kind.COUNT, "Customers at the end of the period."),
        "new_customers": (Kind.COUNT, "Customers won during the period."),
    },
)
def retention_rate(customers_start, customers_end, new_customers):
    """
    Examples
    --------
    >>> retention_rate(200, 220, 40)
    0.9
    """
    return divide(customers_end - new_customers, customers_start)


@kpi(
    category=LOYAL,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="returning_buyers / previous_buyers",
    title=("Buyer retention", "Удержание покупателей"),
    en="Buyer retention: the share of the previous period's buyers who bought again in this one.",
    ru="Удержание покупателей: доля покупателей прошлого периода, купивших снова в этом.",
    args={
        "previous_buyers": (Kind.COUNT, "Customers who bought in the previous period."),
        "returning_buyers": (Kind.COUNT, "Those of them who bought again in this period."),
    },
)
def buyer_retention(previous_buyers, returning_buyers):
    """
    What the KPI Summary shows as retention. RETENTION_RATE's (end - new) / start counts a
    customer returning from any earlier period, so over a month of real orders it can pass
    100%; this one compares two periods' buyers only.

    Examples
    --------
    >>> buyer_retention(200, 30)
    0.15
    """
    return divide(returning_buyers, previous_buyers)


@kpi(
    category=LOYAL,
    unit=Unit.RATIO,
    higher_is_better=False,
    formula="customers_lost / customers_start",
    title=("Churn rate", "Отток клиентов"),
    en="Churn rate: the share of the period's starting customers lost during it.",
    ru="Отток клиентов: доля клиентов на начало периода, ушедших за период.",
    args={
        "customers_lost": (Kind.COUNT, "Customers lost during the period."),
        "customers_start": (Kind.COUNT, "Customers at the start of the period."),
    },
)
def churn_rate(customers_lost, customers_start):
    """
    Examples
    --------
    >>> churn_rate(20, 200)
    0.1
    """
    return divide(customers_lost, customers_start)


@kpi(
    category=LOYAL,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="customers with 2+ orders / distinct customers",
    title=("Repeat purchase rate", "Доля повторных покупок"),
    en="Repeat purchase rate: the share of customers who ordered more than once.",
    ru="Доля повторных покупок: доля клиентов, купивших больше одного раза.",
    args={
        "customer_ids": (Kind.IDS, "The customer of each order, a range (one cell per order)."),
    },
)
def repeat_purchase_rate(customer_ids):
    """
    Examples
    --------
    >>> repeat_purchase_rate([["C1"], ["C2"], ["C1"], [None], ["C3"]])
    0.3333333333333333
    """
    ids = customer_ids
    if isinstance(ids, np.ndarray) and ids.dtype.kind in "iu" and ids.size and ids.min() >= 0:
        if ids.max() < 4 * ids.size + 1024:  # small numbers (codes): counted by position
            orders = np.bincount(ids)
            return divide(float((orders >= 2).sum()), float((orders > 0).sum()))
    orders = pd.Series(customer_ids).dropna().value_counts()
    return divide(float((orders >= 2).sum()), float(orders.size))


@kpi(
    category=LOYAL,
    unit=Unit.POINTS,
    higher_is_better=True,
    formula="% of scores 9-10 - % of scores 0-6",
    title=("NPS", "NPS"),
    en="Net promoter score: percent of promoters (9-10) minus percent of detractors (0-6).",
    ru="Индекс лояльности NPS: доля промоутеров (9-10) минус доля критиков (0-6), в пунктах.",
    args={"scores": (Kind.SCORES, "Survey answers from 0 to 10, a range.")},
)
def nps(scores):
    """
    Examples
    --------
    >>> nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 2])  # 5 promoters, 3 detractors of 10
    20.0
    """
    promoters = (scores >= 9).sum()
    detractors = (scores <= 6).sum()
    return divide(100.0 * (promoters - detractors), float(scores.size))


@kpi(
    category=LOYAL,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula="aov x purchase_frequency x lifespan x margin",
    title=("LTV", "LTV"),
    en="Customer lifetime value: average check times purchases a period times periods kept.",
    ru="Пожизненная ценность клиента: средний чек × частота покупок × срок жизни × маржа.",
    args={
        "aov": (Kind.AMOUNT, "Average check."),
        "purchase_frequency": (Kind.COUNT, "Purchases per customer per period (e.g. a year)."),
        "lifespan": (Kind.COUNT, "How many such periods a customer stays."),
        "margin": (Kind.AMOUNT, "Optional margin as a fraction, for a profit LTV (default 1)."),
    },
)
def ltv(aov, purchase_frequency, lifespan, margin=1):
    """
    Examples
    --------
    >>> ltv(3000, 4, 3, margin=0.25)
    9000.0
    """
    return aov * purchase_frequency * lifespan * margin


@kpi(
    category=LOYAL,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="(end / begin) ^ (1 / years) - 1",
    title=("CAGR", "Среднегодовой рост (CAGR)"),
    en="Compound annual growth rate: the steady yearly growth that turns begin into end.",
    ru="Среднегодовой темп роста (CAGR): постоянный годовой рост от начального до конечного.",
    args={
        "begin": (Kind.AMOUNT, "Value at the beginning."),
        "end": (Kind.AMOUNT, "Value at the end."),
        "years": (Kind.COUNT, "Years between them."),
    },
)
def cagr(begin, end, years):
    """
    Undefined when begin is 0, years is 0, or begin and end have opposite signs.

    Examples
    --------
    >>> round(cagr(1_000_000, 1_331_000, 3), 10)
    0.1
    """
    growth = divide(end, begin)
    exponent = divide(1.0, years)
    if math.isnan(growth) or math.isnan(exponent) or growth < 0:
        return math.nan
    return growth**exponent - 1
