"""Why revenue changed: its change split exactly into the effects of its drivers.

Revenue is the product of its drivers: visitors x conversion rate (sales per visitor) x
average check (revenue per sale).  The split is the logarithmic mean Divisia index, LMDI-I
(Ang, "Decomposition analysis for policymaking in energy", Energy Policy 2004; Ang, "The
LMDI approach to decomposition analysis: a practical guide", Energy Policy 2005): the
effect of a driver x is ``L(R1, R0) * ln(x1 / x0)``, where ``L(a, b) = (a - b) / (ln a -
ln b)`` is the logarithmic mean (``L(a, a) = a``).  The logs of the drivers' ratios add up
to ``ln(R1 / R0)``, so the effects add up to ``R1 - R0`` exactly, with no residual, and
each effect has the sign of its driver's move.

Zeros and undefined drivers:

- a driver that cannot be computed in either period (no visitors, no sales, a blank, or a
  negative revenue) makes the whole split undefined: every effect is ``nan``;
- a driver that is 0 in one period (orders of no amount: an average check of 0) takes the
  whole change, shared equally if several are 0; the other drivers' effects are 0.  This is
  the limit Ang's small-value strategy reaches when the 0 is replaced by ever smaller
  numbers, so the effects still add up to the change;
- revenue that does not move has effects ``R * ln(x1 / x0)``, which add up to 0.

The three catalogue functions take the same six arguments, so three cells side by side
give the three effects of one change; :func:`split` is the method itself, for any chain of
drivers (the summary uses it for a channel's own drivers too).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..catalogue import Kind, Unit, kpi
from ._shared import LOYAL

__all__ = ["aov_effect", "conversion_effect", "log_mean", "split", "traffic_effect"]


def log_mean(a: float, b: float) -> float:
    """The logarithmic mean of two positive numbers; ``L(a, a) = a`` and ``L(a, 0) = 0``.

    >>> round(log_mean(872_100, 1_000_000), 2)
    934591.85
    """
    if a == b:
        return a
    if a == 0 or b == 0:
        return 0.0
    return (a - b) / (math.log(a) - math.log(b))


def split(before: Sequence[float], after: Sequence[float]) -> tuple[float, ...]:
    """The LMDI-I effects of drivers whose product is revenue, from their values in two
    periods; they add up to the change of the product.  Undefined (all ``nan``) when a
    driver is missing or negative in either period.

    >>> [round(e) for e in split([10_000, 0.02, 5000], [9500, 0.018, 5100])]
    [-47938, -98469, 18507]
    """
    if len(before) != len(after) or not before:
        raise ValueError("split needs the same drivers in both periods")
    values = [float(x) for x in (*before, *after)]
    if any(math.isnan(x) or math.isinf(x) or x < 0 for x in values):
        return (math.nan,) * len(before)
    r0, r1 = math.prod(before), math.prod(after)
    change = r1 - r0
    zero0 = [i for i, x in enumerate(before) if x == 0]
    zero1 = [i for i, x in enumerate(after) if x == 0]
    if zero0 and zero1:
        # Nothing in either period: no change, and nothing to give it to.
        return (0.0,) * len(before)
    if zero0 or zero1:
        zeros = zero0 or zero1
        return tuple(change / len(zeros) if i in zeros else 0.0 for i in range(len(before)))
    logs = [math.log(a) - math.log(b) for a, b in zip(after, before, strict=True)]
    total = math.fsum(logs)
    if r0 == r1 or total == 0:
        return tuple(r0 * g for g in logs)
    # L(R1, R0) * ln(x1 / x0) with L's own ln(R1 / R0) taken as the sum of the drivers'
    # logs: the same number, and the effects then add up to the change to the last digit.
    return tuple(change * g / total for g in logs)


def chain(measures: Sequence[float]) -> list[float]:
    """Drivers from a chain of measures ending in revenue: the first measure, then each
    measure per the one before (visitors, sales, revenue: visitors, sales per visitor,
    revenue per sale); ``nan`` where a denominator is 0 or missing."""
    drivers = [float(measures[0])]
    for below, above in zip(measures, measures[1:]):
        drivers.append(math.nan if not below or math.isnan(below) else above / below)
    return drivers


def _effects(
    revenue_before: float,
    revenue_after: float,
    sales_before: float,
    sales_after: float,
    visitors_before: float,
    visitors_after: float,
) -> tuple[float, ...]:
    before = chain([visitors_before, sales_before, revenue_before])
    after = chain([visitors_after, sales_after, revenue_after])
    return split(before, after)


_ARGS = {
    "revenue_before": (Kind.AMOUNT, "Revenue of the earlier period."),
    "revenue_after": (Kind.AMOUNT, "Revenue of the later period."),
    "sales_before": (Kind.COUNT, "Sales (orders) of the earlier period."),
    "sales_after": (Kind.COUNT, "Sales (orders) of the later period."),
    "visitors_before": (Kind.COUNT, "Visitors (sessions) of the earlier period."),
    "visitors_after": (Kind.COUNT, "Visitors (sessions) of the later period."),
}
_FORMULA = "L(revenue_after, revenue_before) * ln({x}_after / {x}_before), L the logarithmic mean"


@kpi(
    category=LOYAL,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula=_FORMULA.format(x="visitors"),
    title=("Traffic effect on revenue", "Вклад трафика в выручку"),
    en="Traffic effect: the part of a revenue change due to visitors (LMDI-I, exact split).",
    ru="Вклад трафика: часть изменения выручки, которую дало число посетителей (LMDI-I).",
    args=_ARGS,
)
def traffic_effect(
    revenue_before, revenue_after, sales_before, sales_after, visitors_before, visitors_after
):
    """
    TRAFFIC_EFFECT, CONVERSION_EFFECT and AOV_EFFECT of the same six arguments add up to
    revenue_after - revenue_before; all three are undefined when a period has no visitors
    or no sales.

    Examples
    --------
    >>> round(traffic_effect(1_000_000, 872_100, 200, 171, 10_000, 9500), 2)
    -47938.29
    """
    return _effects(
        revenue_before, revenue_after, sales_before, sales_after, visitors_before, visitors_after
    )[0]


@kpi(
    category=LOYAL,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula=_FORMULA.format(x="conversion"),
    title=("Conversion effect on revenue", "Вклад конверсии в выручку"),
    en="Conversion effect: the part of a revenue change due to sales per visitor (LMDI-I).",
    ru="Вклад конверсии: часть изменения выручки, которую дала доля покупающих (LMDI-I).",
    args=_ARGS,
)
def conversion_effect(
    revenue_before, revenue_after, sales_before, sales_after, visitors_before, visitors_after
):
    """
    Conversion is sales / visitors in each period.

    Examples
    --------
    >>> round(conversion_effect(1_000_000, 872_100, 200, 171, 10_000, 9500), 2)
    -98469.08
    """
    return _effects(
        revenue_before, revenue_after, sales_before, sales_after, visitors_before, visitors_after
    )[1]


@kpi(
    category=LOYAL,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula=_FORMULA.format(x="average_check"),
    title=("Average check effect on revenue", "Вклад среднего чека в выручку"),
    en="Average check effect: the part of a revenue change due to revenue per sale (LMDI-I).",
    ru="Вклад среднего чека: часть изменения выручки, которую дал средний чек (LMDI-I).",
    args=_ARGS,
)
def aov_effect(
    revenue_before, revenue_after, sales_before, sales_after, visitors_before, visitors_after
):
    """
    The average check is revenue / sales in each period.

    Examples
    --------
    >>> round(aov_effect(1_000_000, 872_100, 200, 171, 10_000, 9500), 2)
    18507.37
    """
    return _effects(
        revenue_before, revenue_after, sales_before, sales_after, visitors_before, visitors_after
    )[2]
