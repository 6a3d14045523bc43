"""Marketing KPIs: traffic, costs per click, lead, action, sale and mille, CTR, ROMI, ROAS, DRR."""

from __future__ import annotations

from ..catalogue import Kind, Unit, divide, kpi
from ._shared import MKT

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
