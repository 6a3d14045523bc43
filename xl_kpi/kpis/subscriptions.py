"""Subscription KPIs: MRR and its movements, net revenue retention.

A movement compares each customer's MRR in two periods, a customer a row: ``previous``
and ``current`` are two ranges of the same size (a blank is no MRR). A customer with no
MRR before and some now is new MRR (a customer coming back after a gap too), one with
more than before is expansion, less is contraction, none now is churned MRR; so
``current total = previous total + new + expansion - contraction - churned``.
"""

from __future__ import annotations

import numpy as np

from ..catalogue import Kind, Unit, divide, kpi
from ._shared import FIN, LOYAL, same_size

PREVIOUS = "Each customer's MRR in the previous period, a range (blank: none)."
CURRENT = "The same customers' MRR in this period, a range of the same size (blank: none)."


def _pairs(previous: np.ndarray, current: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    same_size("previous", previous, "current", current)
    return np.nan_to_num(previous, nan=0.0), np.nan_to_num(current, nan=0.0)


@kpi(
    category=FIN,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula="sum of recurring amounts / months",
    title=("MRR", "MRR"),
    en="Monthly recurring revenue: the period's paid subscription invoices, per month.",
    ru="Ежемесячная регулярная выручка (MRR): оплаченные счета подписок периода за месяц.",
    args={
        "amounts": (Kind.AMOUNT, "Paid subscription invoices of the period, a range."),
        "months": (Kind.COUNT, "Optional months in the period (default 1; 3 for a quarter)."),
    },
)
def mrr(amounts, months=1):
    """
    Examples
    --------
    >>> mrr([[1200], [None], [800]])
    2000.0
    >>> mrr(9000, months=3)
    3000.0
    """
    return divide(amounts, months)


@kpi(
    category=FIN,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula="sum of current where previous = 0",
    title=("New MRR", "Новый MRR"),
    en="New MRR: the MRR of customers who paid nothing in the previous period.",
    ru="Новый MRR: MRR клиентов, не плативших в прошлом периоде.",
    args={"previous": (Kind.VALUES, PREVIOUS), "current": (Kind.VALUES, CURRENT)},
)
def new_mrr(previous, current):
    """
    Examples
    --------
    >>> new_mrr([[100], [None], [50]], [[120], [80], [None]])
    80.0
    """
    before, now = _pairs(previous, current)
    return float(now[(before <= 0) & (now > 0)].sum())


@kpi(
    category=FIN,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula="sum of (current - previous) where current > previous > 0",
    title=("Expansion MRR", "MRR расширения"),
    en="Expansion MRR: the MRR added by paying customers who pay more (upgrades).",
    ru="MRR расширения: прирост MRR от платящих клиентов, плативших больше (апгрейды).",
    args={"previous": (Kind.VALUES, PREVIOUS), "current": (Kind.VALUES, CURRENT)},
)
def expansion_mrr(previous, current):
    """
    Examples
    --------
    >>> expansion_mrr([[100], [None], [50]], [[120], [80], [None]])
    20.0
    """
    before, now = _pairs(previous, current)
    kept = (before > 0) & (now > before)
    return float((now - before)[kept].sum())


@kpi(
    category=FIN,
    unit=Unit.MONEY,
    higher_is_better=False,
    formula="sum of (previous - current) where previous > current > 0",
    title=("Contraction MRR", "MRR сокращения"),
    en="Contraction MRR: the MRR lost from customers who still pay, but less (downgrades).",
    ru="MRR сокращения: потеря MRR от клиентов, которые платят, но меньше (даунгрейды).",
    args={"previous": (Kind.VALUES, PREVIOUS), "current": (Kind.VALUES, CURRENT)},
)
def contraction_mrr(previous, current):
    """
    Examples
    --------
    >>> contraction_mrr([[100], [60], [50]], [[120], [45], [None]])
    15.0
    """
    before, now = _pairs(previous, current)
    kept = (now > 0) & (before > now)
    return float((before - now)[kept].sum())


@kpi(
    category=FIN,
    unit=Unit.MONEY,
    higher_is_better=False,
    formula="sum of previous where current = 0",
    title=("Churned MRR", "Ушедший MRR"),
    en="Churned MRR: the previous period's MRR of customers who pay nothing in this one.",
    ru="Ушедший MRR: MRR прошлого периода клиентов, не заплативших в этом.",
    args={"previous": (Kind.VALUES, PREVIOUS), "current": (Kind.VALUES, CURRENT)},
)
def churned_mrr(previous, current):
    """
    Examples
    --------
    >>> churned_mrr([[100], [60], [50]], [[120], [45], [None]])
    50.0
    """
    before, now = _pairs(previous, current)
    return float(before[(before > 0) & (now <= 0)].sum())


@kpi(
    category=LOYAL,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="(mrr_start + expansion - contraction - churned) / mrr_start",
    title=("Net revenue retention", "Чистое удержание выручки (NRR)"),
    en="Net revenue retention: the starting customers' MRR now, of their MRR at the start.",
    ru="Чистое удержание выручки (NRR): MRR клиентов на начало периода сейчас к их MRR тогда.",
    args={
        "mrr_start": (Kind.AMOUNT, "MRR at the start of the period (the previous period's)."),
        "expansion": (Kind.COST, "Expansion MRR of the period."),
        "contraction": (Kind.COST, "Contraction MRR of the period."),
        "churned": (Kind.COST, "Churned MRR of the period."),
    },
)
def net_revenue_retention(mrr_start, expansion, contraction, churned):
    """
    New customers are not in it: it says what the customers one already had became.

    Examples
    --------
    >>> net_revenue_retention(10_000, 1500, 500, 800)
    1.02
    """
    return divide(mrr_start + expansion - contraction - churned, mrr_start)
