"""How a KPI's number is shown to a person, by unit, in English or Russian writing.

One place decides it for the command line (text) and for workbooks (Excel number
formats), so ``3.0`` of a ratio is ``300%`` everywhere.
"""

from __future__ import annotations

import math

from .catalogue import Unit
from .i18n import text

__all__ = [
    "CHANGE_FORMATS",
    "EXCEL_FORMATS",
    "RUSSIAN_LOCALE",
    "excel_format",
    "format_change",
    "format_period",
    "format_value",
]

#: Excel number formats by unit; money carries no currency sign (the data's currency).
EXCEL_FORMATS: dict[Unit, str] = {
    Unit.MONEY: "#,##0.00",
    Unit.RATIO: "0.0%",
    Unit.MULTIPLE: '0.00"x"',
    Unit.COUNT: "#,##0",
    Unit.POINTS: "0.0",
    Unit.MONTHS: "0.0",
}


#: Excel's locale code for Russian, put before a number format (``[$-419]#,##0.00``): a
#: Russian Excel writes its numbers the Russian way anyway, and LibreOffice (the PDF
#: snapshot, a reader without Excel) then writes ``1 234,56`` too, whatever its own locale.
RUSSIAN_LOCALE = "[$-419]"

#: The change from the previous period: a sum's in per cent with its sign; a rate's in
#: percentage points (the cell holds points: 3.0 is +3 pp), in each language's words.
CHANGE_FORMATS: dict[str, str] = {
    "%": "+0.0%;-0.0%;0.0%",
    "pp": '+0.0" pp";-0.0" pp";0.0" pp"',
    "pp.ru": '+0.0" п.п.";-0.0" п.п.";0.0" п.п."',
}


def excel_format(number_format: str, lang: str = "en") -> str:
    """An Excel number format as the language writes numbers (Russian: with its locale)."""
    return RUSSIAN_LOCALE + number_format if lang == "ru" else number_format


def format_change(change: float, unit: str, lang: str = "en") -> str:
    """A change from the previous period as text: ``+3.0 pp`` / ``+3,0 п.п.``, ``-4.5%``.

    >>> format_change(3.0, "pp"), format_change(3.0, "pp", "ru"), format_change(-4.5, "%")
    ('+3.0 pp', '+3,0 п.п.', '-4.5%')
    """
    if math.isnan(change):
        return "–"
    shown = ("+" if change > 0 else "") + _number(change, 1, lang, keep_zeros=True)
    if unit == "pp":
        return f"{shown} {text('value.pp', lang)}"
    return shown + (" %" if lang == "ru" else "%")


_MONTHS_RU = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


def format_period(label: str, lang: str = "en") -> str:
    """A period's label as a person reads it: English keeps the sortable ``2026-06``,
    ``2026-W05``, ``2026-Q2``; Russian writes ``июн 2026``, ``нед. 05 2026``, ``2 кв. 2026``.

    The twelve short month names are written out here rather than taken from a locale
    library: they are fixed words, and the labels must not change with the machine.

    >>> format_period("2026-06", "ru"), format_period("2026-Q2", "ru"), format_period("2026-06")
    ('июн 2026', '2 кв. 2026', '2026-06')
    """
    if lang != "ru" or len(label) < 7 or label[4] != "-":
        return label
    year, rest = label[:4], label[5:]
    if rest.isdigit() and 1 <= int(rest) <= 12:
        return f"{_MONTHS_RU[int(rest) - 1]} {year}"
    if rest.startswith("W") and rest[1:].isdigit():
        return f"нед. {rest[1:]} {year}"
    if rest.startswith("Q") and rest[1:].isdigit():
        return f"{rest[1:]} кв. {year}"
    return label


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
