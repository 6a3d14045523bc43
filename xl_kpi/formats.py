"""How a KPI's number is shown to a person, by unit, in English or Russian writing.

One place decides it for the command line (text) and for workbooks (Excel number
formats), so ``3.0`` of a ratio is ``300%`` everywhere.
"""

from __future__ import annotations

import math

from .catalogue import Unit
from .i18n import text

__all__ = ["EXCEL_FORMATS", "format_value"]

#: Excel number formats by unit; money carries no currency sign (the data's currency).
EXCEL_FORMATS: dict[Unit, str] = {
    Unit.MONEY: "#,##0.00",
    Unit.RATIO: "0.0%",
    Unit.MULTIPLE: '0.00"x"',
    Unit.COUNT: "#,##0",
    Unit.POINTS: "0.0",
    Unit.MONTHS: "0.0",
}


def format_value(value: float, unit: Unit, lang: str = "en") -> str:
    """Show a KPI value as text, the way the unit and the language write it.

    >>> format_value(3.0, Unit.RATIO), format_value(0.0523, Unit.RATIO, "ru")
    ('300%', '5,2 %')
    >>> format_value(1234567.891, Unit.MONEY), format_value(1234567.891, Unit.MONEY, "ru")
    ('1,234,567.89', '1 234 567,89')
    >>> format_value(float("nan"), Unit.MONEY)
    'undefined (zero or missing denominator)'
    """
    if math.isnan(value):
        return str(text("value.undefined", lang))
    if unit is Unit.RATIO:
        shown = _number(value * 100, 1, lang) + (" %" if lang == "ru" else "%")
    elif unit is Unit.MONEY:
        shown = _number(value, 2, lang, keep_zeros=True)
    elif unit is Unit.COUNT:
        shown = _number(value, 2, lang)
    elif unit is Unit.MULTIPLE:
        shown = _number(value, 2, lang) + "x"
    elif unit is Unit.MONTHS:
        shown = f"{_number(value, 1, lang)} {text('value.months', lang)}"
    else:
        shown = _number(value, 1, lang)
    return shown


def _number(value: float, decimals: int, lang: str, keep_zeros: bool = False) -> str:
    out = f"{value:,.{decimals}f}"
    if not keep_zeros and "." in out:
        out = out.rstrip("0").rstrip(".")
    if lang == "ru":
        out = out.replace(",", " ").replace(".", ",")
    return out
