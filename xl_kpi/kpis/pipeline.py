"""Pipeline KPIs: what open deals may bring, as is and weighted by their odds."""

from __future__ import annotations

import numpy as np

from ..catalogue import Kind, Unit, divide, kpi
from ._shared import SALES, same_size

# --- Pipeline ----------------------------------------------------------------------


@kpi(
    category=SALES,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula="sum of open deals' amounts",
    title=("Pipeline", "Воронка сделок"),
    en="Pipeline: the amount of the open deals (neither won nor lost).",
    ru="Воронка сделок: сумма открытых сделок (ни выигранных, ни проигранных).",
    args={"amounts": (Kind.VALUES, "The open deals' amounts, a range; blanks are skipped.")},
)
def pipeline(amounts):
    """
    The sum of nothing is 0: without open deals there is no pipeline.

    Examples
    --------
    >>> pipeline([[12000], [None], ["5 000"]])
    17000.0
    """
    return amounts[~np.isnan(amounts)].sum()


@kpi(
    category=SALES,
    unit=Unit.MONEY,
    higher_is_better=True,
    formula="sum of amount × probability over open deals",
    title=("Weighted pipeline", "Взвешенная воронка"),
    en="Weighted pipeline: each open deal's amount times its probability of being won, summed.",
    ru="Взвешенная воронка: сумма открытых сделок, умноженных на вероятность выигрыша.",
    args={
        "amounts": (Kind.VALUES, "The open deals' amounts, a range."),
        "probabilities": (
            Kind.VALUES,
            "Each deal's probability of being won (20% or 0.2), a range of the same size.",
        ),
    },
)
def pipeline_weighted(amounts, probabilities):
    """
    A deal with an amount but no probability makes the weighted pipeline unknown (never
    counted as 0); a probability above 1 is read as a percentage (Salesforce writes 90).

    Examples
    --------
    >>> pipeline_weighted([[10000], [5000]], [["20%"], [0.5]])
    4500.0
    """
    same_size("amounts", amounts, "probabilities", probabilities)
    known = ~np.isnan(amounts)
    odds = probabilities[known]
    if np.isnan(odds).any():
        return float("nan")
    odds = np.where(odds > 1, odds / 100, odds)
    return float((amounts[known] * odds).sum())


@kpi(
    category=SALES,
    unit=Unit.MULTIPLE,
    higher_is_better=True,
    formula="pipeline / revenue target",
    title=("Pipeline coverage", "Покрытие плана воронкой"),
    en="Pipeline coverage: how many times the open pipeline covers the revenue target.",
    ru="Покрытие плана воронкой: во сколько раз открытые сделки покрывают план по выручке.",
    args={
        "pipeline": (Kind.AMOUNT, "The open deals' amount (or the weighted one)."),
        "target": (Kind.AMOUNT, "The revenue target of the same period."),
    },
)
def pipeline_coverage(pipeline, target):
    """
    Without a target (or a target of 0) there is nothing to cover: undefined.

    Examples
    --------
    >>> pipeline_coverage(300_000, 100_000)
    3.0
    """
    return divide(pipeline, target)
