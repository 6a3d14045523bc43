"""The KPIs of the guide, by category, each one entry in the catalogue.

Each function body is the formula alone: :func:`xl_kpi.catalogue.kpi` has already read
every argument (pooled ranges, text numbers, dates) and validated it, and
:func:`~xl_kpi.catalogue.divide` gives ``nan`` for a zero or missing denominator.
Adding a KPI is one entry here plus its worked examples in the tests.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from .catalogue import Category, Kind, Unit, divide, kpi
from .inputs import InputError

FIN, SALES, MKT, SMM, LOYAL = (
    Category.FINANCIAL,
    Category.SALES,
    Category.MARKETING,
    Category.SMM,
    Category.LOYALTY,
)

_AMOUNTS = "Order amounts, a range; blanks are skipped."
_DATES = "Optional dates of the amounts, a range of the same size."
_START = "Optional first day counted (inclusive)."
_END = "Optional last day counted (inclusive)."


def _in_period(amounts: np.ndarray, dates, start, end) -> np.ndarray:
    """The non-blank amounts dated within [start, end]; all of them without a period."""
    keep = ~np.isnan(amounts)
    if dates is not None and (start is not None or end is not None):
        if dates.size != amounts.size:
            raise InputError(
                f"amounts and dates must be ranges of the same size "
                f"({amounts.size} and {dates.size} cells)"
            )
        undated = keep & np.isnat(dates)
        if undated.any():
            row = int(np.flatnonzero(undated)[0]) + 1
            raise InputError(f"dates: the amount in row {row} has no date")
        days = dates.astype("datetime64[D]")
        if start is not None:
            keep &= days >= start.astype("datetime64[D]")
        if end is not None:
            keep &= days <= end.astype("datetime64[D]")
    return amounts[keep]


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
        "amounts": (Kind.VALUES, _AMOUNTS),
        "dates": (Kind.DATES, _DATES),
        "start": (Kind.DATE, _START),
        "end": (Kind.DATE, _END),
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
    return _in_period(amounts, dates, start, end).sum()


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
        "amounts": (Kind.VALUES, _AMOUNTS),
        "dates": (Kind.DATES, _DATES),
        "start": (Kind.DATE, _START),
        "end": (Kind.DATE, _END),
    },
)
def sales_count(amounts, dates=None, start=None, end=None):
    """
    Examples
    --------
    >>> sales_count([[1200], [None], ["1 500,50"]])
    2.0
    """
    return _in_period(amounts, dates, start, end).size


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
        "start": (Kind.DATE, _START),
        "end": (Kind.DATE, _END),
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
    if customer_ids.size != dates.size:
        raise InputError(
            f"customer_ids and dates must be ranges of the same size "
            f"({customer_ids.size} and {dates.size} cells)"
        )
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


# --- Marketing ---------------------------------------------------------------------


@kpi(
    category=MKT,
    unit=Unit.COUNT,
    higher_is_better=True,
    formula="sum of visitors",
    title=("Traffic", "Трафик"),
    en="Traffic: visitors (or sessions) of the site in the period.",
    ru="Трафик: посетители (или визиты) сайта за период.",
    args={"visitors": (Kind.COUNT, "Visitors or sessions, a number or a range.")},
)
def traffic(visitors):
    """
    Examples
    --------
    >>> traffic([[1200], [None], [800]])
    2000.0
    """
    return visitors


def _cost_per(what: str, what_ru: str, title: str, title_ru: str):
    """The spec of a cost-per-X KPI; they differ only in what is counted."""
    return kpi(
        category=MKT,
        unit=Unit.MONEY,
        higher_is_better=False,
        formula=f"cost / {what}s",
        title=(title, title_ru),
        en=f"Cost per {what}: advertising cost divided by the number of {what}s.",
        ru=f"Стоимость {what_ru}: расходы на рекламу, делённые на их количество.",
        args={
            "cost": (Kind.COST, "Advertising cost, a number or a range."),
            f"{what}s": (Kind.COUNT, f"Number of {what}s, a number or a range."),
        },
    )


@_cost_per("click", "клика", "CPC", "CPC")
def cpc(cost, clicks):
    """
    Google Ads' average CPC: the total cost of clicks over their number.

    Examples
    --------
    >>> cpc([[0.20], [0.40]], 2)
    0.3
    """
    return divide(cost, clicks)


@_cost_per("lead", "лида", "CPL", "CPL")
def cpl(cost, leads):
    """
    Examples
    --------
    >>> cpl(50_000, 125)
    400.0
    """
    return divide(cost, leads)


@_cost_per("action", "целевого действия", "CPA", "CPA")
def cpa(cost, actions):
    """
    Examples
    --------
    >>> cpa(10_000, 40)
    250.0
    """
    return divide(cost, actions)


@_cost_per("sale", "продажи", "CPS", "CPS")
def cps(cost, sales):
    """
    Cost per *sale*; in SMM the same letters can mean cost per subscriber, not here.

    Examples
    --------
    >>> cps(90_000, 30)
    3000.0
    """
    return divide(cost, sales)


@kpi(
    category=MKT,
    unit=Unit.MONEY,
    higher_is_better=False,
    formula="cost / impressions x 1000",
    title=("CPM", "CPM"),
    en="Cost per mille: advertising cost per thousand impressions.",
    ru="Стоимость тысячи показов рекламы.",
    args={
        "cost": (Kind.COST, "Advertising cost, a number or a range."),
        "impressions": (Kind.COUNT, "Impressions, a number or a range."),
    },
)
def cpm(cost, impressions):
    """
    Examples
    --------
    >>> cpm(20, 10_000)
    2.0
    """
    return divide(cost, impressions) * 1000


@kpi(
    category=MKT,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="clicks / impressions",
    title=("CTR", "CTR"),
    en="Click-through rate: clicks per ad impression (Google Ads' definition).",
    ru="CTR: доля показов рекламы, после которых по ней кликнули.",
    args={
        "clicks": (Kind.COUNT, "Clicks, a number or a range."),
        "impressions": (Kind.COUNT, "Impressions, a number or a range."),
    },
)
def ctr(clicks, impressions):
    """
    Examples
    --------
    >>> ctr(5, 1000)
    0.005
    """
    return divide(clicks, impressions)


@kpi(
    category=MKT,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="(income - cost) / cost",
    title=("ROMI", "ROMI"),
    en="Return on marketing investment: income from marketing minus its cost, per unit of cost.",
    ru="ROMI: окупаемость маркетинговых вложений, доход минус расходы на рубль расходов.",
    args={
        "income": (
            Kind.AMOUNT,
            "Income from marketing (revenue or gross profit), number or range.",
        ),
        "cost": (Kind.COST, "Marketing cost, a number or a range."),
    },
)
def romi(income, cost):
    """
    What some tools (Roistat among them) call ROI.

    Examples
    --------
    >>> romi(2_000_000, 500_000)
    3.0
    """
    return divide(income - cost, cost)


@kpi(
    category=MKT,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="revenue / ad_cost",
    title=("ROAS", "ROAS"),
    en="Return on ad spend: revenue per unit of advertising cost.",
    ru="ROAS: выручка на рубль рекламных расходов.",
    args={
        "revenue": (Kind.AMOUNT, "Revenue from advertising, a number or a range."),
        "ad_cost": (Kind.COST, "Advertising cost, a number or a range."),
    },
)
def roas(revenue, ad_cost):
    """
    Examples
    --------
    >>> roas(400_000, 100_000)
    4.0
    """
    return divide(revenue, ad_cost)


@kpi(
    category=MKT,
    unit=Unit.RATIO,
    higher_is_better=False,
    formula="ad_cost / revenue",
    title=("DRR (ACoS)", "ДРР"),
    en="Advertising cost of sales (DRR, ACoS): the share of revenue spent on advertising.",
    ru="ДРР: доля рекламных расходов в выручке.",
    args={
        "ad_cost": (Kind.COST, "Advertising cost, a number or a range."),
        "revenue": (Kind.AMOUNT, "Revenue, a number or a range."),
    },
)
def drr(ad_cost, revenue):
    """
    Examples
    --------
    >>> drr(100_000, 400_000)
    0.25
    """
    return divide(ad_cost, revenue)


# --- SMM ---------------------------------------------------------------------------


@kpi(
    category=SMM,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="engagements / audience",
    title=("Engagement rate", "Вовлечённость (ER)"),
    en="Engagement rate: likes, comments and reposts per follower, reach or impression.",
    ru="Коэффициент вовлечённости (ER): лайки, комментарии и репосты на подписчика или охват.",
    args={
        "engagements": (Kind.COUNT, "Likes, comments and reposts: one or several columns."),
        "audience": (Kind.COUNT, "Followers, reach or impressions: say which in the report."),
    },
)
def engagement_rate(engagements, audience):
    """
    Social engagement, not GA4's engagement rate (engaged sessions over sessions).

    Examples
    --------
    >>> engagement_rate([[120, 30, 10], [80, 15, 5]], 5000)
    0.052
    """
    return divide(engagements, audience)


@kpi(
    category=SMM,
    unit=Unit.COUNT,
    higher_is_better=True,
    formula="likes + comments + reposts",
    title=("Engagement", "Вовлечённость"),
    en="Engagement: likes, comments and reposts of the period.",
    ru="Вовлечённость: лайки, комментарии и репосты за период.",
    args={
        "likes": (Kind.COUNT, "Likes (reactions), a number or a range."),
        "comments": (Kind.COUNT, "Optional comments, a number or a range."),
        "reposts": (Kind.COUNT, "Optional reposts (shares), a number or a range."),
    },
)
def engagement(likes, comments=0, reposts=0):
    """
    Examples
    --------
    >>> engagement([[120], [80]], 45, [[10], [5]])
    260.0
    """
    return likes + comments + reposts


@kpi(
    category=SMM,
    unit=Unit.COUNT,
    higher_is_better=True,
    formula="sales whose channel is a social network",
    title=("Sales from social networks", "Продажи из соцсетей"),
    en="Sales from social networks: the number of sales whose channel is a social network.",
    ru="Продажи из соцсетей: число продаж, пришедших из социальных сетей.",
    args={
        "channels": (Kind.IDS, "The channel of each sale, a range (one cell per sale)."),
        "social_channels": (
            Kind.IDS,
            "The channels that are social networks: cells, or text such as 'VK, Telegram'.",
        ),
    },
)
def social_sales(channels, social_channels):
    """
    Channel names are compared ignoring case and surrounding spaces.

    Examples
    --------
    >>> social_sales([["VK"], ["Email"], ["telegram"], [None]], "VK, Telegram")
    2.0
    """
    social = {
        part.strip().casefold()
        for cell in social_channels
        if cell is not None
        for part in re.split("[,;]", cell)
    }
    return sum(channel is not None and channel.casefold() in social for channel in channels)


@kpi(
    category=SMM,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="(end_followers - start_followers) / start_followers",
    title=("Follower growth", "Прирост подписчиков"),
    en="Follower growth: the change in followers over a period, relative to the start.",
    ru="Прирост подписчиков: изменение числа подписчиков за период относительно начала.",
    args={
        "start_followers": (Kind.COUNT, "Followers at the start of the period."),
        "end_followers": (Kind.COUNT, "Followers at the end of the period."),
    },
)
def follower_growth(start_followers, end_followers):
    """
    Examples
    --------
    >>> follower_growth(4000, 4600)
    0.15
    """
    return divide(end_followers - start_followers, start_followers)


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
