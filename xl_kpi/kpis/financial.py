"""Financial KPIs: revenue, profit, margin, CAC and its payback, LTV:CAC."""

from __future__ import annotations

import math

from ..catalogue import Kind, Unit, divide, kpi
from ._shared import AMOUNTS, DATES, END, FIN, START, in_period

# --- Financial ---------------------------------------------------------------------


@kpi(
    category=FIN,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula="sum of amounts [dated start..end]",
    title=("Revenue", "Выручка"),
    en="Revenue: the sum of order amounts, optionally only those dated in a period.",
    ru="Выручка: сумма заказов, при необходимости только за период.",
    args={
        "amounts": (Kind.VALUES, AMOUNTS),
        "dates": (Kind.DATES, DATES),
        "start": (Kind.DATE, START),
        "end": (Kind.DATE, END),
    },
)
def revenue(amounts, dates=None, start=None, end=None):
    """
    The sum of nothing is 0: a period without orders has no revenue, it is not undefined.

    Examples
    --------
    >>> revenue([[1200], [None], ["1 500,50"]])
    2700.5
    >>> revenue([100, 200, 300], ["01.01.2026", "15.01.2026", "01.02.2026"],
    ...         start="2026-01-01", end="31.01.2026")
    300.0
    """
    return in_period(amounts, dates, start, end).sum()


@kpi(
    category=FIN,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula="revenue - costs",
    title=("Profit", "Прибыль"),
    en="Profit: revenue minus costs.",
    ru="Прибыль: выручка минус расходы.",
    args={
        "revenue": (Kind.AMOUNT, "Revenue, a number or a range."),
        "costs": (Kind.COST, "Costs (cost of goods, marketing, other), a number or a range."),
    },
)
def profit(revenue, costs):
    """
    Examples
    --------
    >>> profit(1_000_000, [[400_000], [150_000]])
    450000.0
    """
    return revenue - costs


@kpi(
    category=FIN,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="(revenue - costs) / revenue",
    title=("Profit margin", "Рентабельность продаж"),
    en="Profit margin: the share of revenue left as profit.",
    ru="Рентабельность продаж: доля прибыли в выручке.",
    args={
        "revenue": (Kind.AMOUNT, "Revenue, a number or a range."),
        "costs": (Kind.COST, "Costs, a number or a range."),
    },
)
def profit_margin(revenue, costs):
    """
    Examples
    --------
    >>> profit_margin(1_000_000, 750_000)
    0.25
    """
    return divide(revenue - costs, revenue)


@kpi(
    category=FIN,
    unit=Unit.MONEY,
    higher_is_better=False,
    formula="(marketing_costs + sales_costs) / new_customers",
    title=("CAC", "CAC"),
    en="Customer acquisition cost: marketing and sales costs per new customer.",
    ru="Стоимость привлечения клиента: расходы на маркетинг и продажи на одного нового клиента.",
    args={
        "marketing_costs": (Kind.COST, "Marketing costs of the period, a number or a range."),
        "new_customers": (Kind.COUNT, "New customers won in the period."),
        "sales_costs": (Kind.COST, "Optional sales costs of the period (default 0)."),
    },
)
def cac(marketing_costs, new_customers, sales_costs=0):
    """
    Examples
    --------
    >>> cac(300_000, 120, sales_costs=60_000)
    3000.0
    >>> cac(300_000, 0)
    nan
    """
    return divide(marketing_costs + sales_costs, new_customers)


@kpi(
    category=FIN,
    unit=Unit.MONTHS,
    higher_is_better=False,
    formula="cac / (monthly_arpa x gross_margin)",
    title=("CAC payback", "Окупаемость CAC"),
    en="CAC payback: months of a customer's gross profit needed to earn back their CAC.",
    ru="Срок окупаемости CAC: за сколько месяцев валовая прибыль с клиента окупит его привлечение.",
    args={
        "cac": (Kind.COST, "Customer acquisition cost."),
        "monthly_arpa": (Kind.AMOUNT, "Average monthly revenue per account (customer)."),
        "gross_margin": (Kind.AMOUNT, "Optional gross margin as a fraction (default 1)."),
    },
)
def cac_payback(cac, monthly_arpa, gross_margin=1):
    """
    A customer who brings no gross profit a month never pays back: undefined, not 0.

    Examples
    --------
    >>> cac_payback(3000, 1000, gross_margin=0.5)
    6.0
    """
    monthly_profit = monthly_arpa * gross_margin
    return divide(cac, monthly_profit) if monthly_profit > 0 else math.nan


@kpi(
    category=FIN,
    unit=Unit.MULTIPLE,
    higher_is_better=True,
    formula="ltv / cac",
    title=("LTV:CAC", "LTV:CAC"),
    en="LTV to CAC: how many times a customer's lifetime value covers their acquisition cost.",
    ru="LTV к CAC: во сколько раз ценность клиента превышает стоимость его привлечения.",
    args={
        "ltv": (Kind.AMOUNT, "Customer lifetime value."),
        "cac": (Kind.COST, "Customer acquisition cost."),
    },
)
def ltv_cac(ltv, cac):
    """
    Examples
    --------
    >>> ltv_cac(9000, 3000)
    3.0
    """
    return divide(ltv, cac)
