"""What a cell shows for a KPI: the number, ``#DIV/0!`` when undefined, or the message.

The Excel functions (:mod:`xl_kpi.udfs`) and the templates' example formulas both show a
KPI through :func:`call_kpi`, so a cached value in a template is what the live function
returns.  Nothing here needs Excel.
"""

from __future__ import annotations

import math
from typing import Any

from .catalogue import KPI
from .inputs import InputError

__all__ = ["UNDEFINED", "call_kpi", "to_excel"]

#: What a cell shows for an undefined KPI (zero or missing denominator).
UNDEFINED = "#DIV/0!"


def to_excel(result: float) -> float | str:
    """A KPI's result as a cell value: the number, or ``#DIV/0!`` when undefined.

    >>> to_excel(0.25), to_excel(float("nan"))
    (0.25, '#DIV/0!')
    """
    return UNDEFINED if math.isnan(result) else result


def call_kpi(entry: KPI, args: tuple[Any, ...]) -> float | str:
    """Call a KPI with the values Excel passed and return what the cell should show.

    >>> from xl_kpi.catalogue import get
    >>> call_kpi(get("CPC"), (10, 4)), call_kpi(get("CPC"), (10, "abc"))
    (2.5, "CPC: clicks: 'abc' is not a number")
    """
    try:
        return to_excel(entry.func(*args))
    except InputError as exc:
        return f"{entry.excel_name}: {exc}"
