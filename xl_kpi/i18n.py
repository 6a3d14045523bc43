"""Every word the product shows a person, in English and Russian, in one table.

Each word is keyed by a dotted name (``summary.total``, ``start.steps.classic``), with its
English and its Russian text (or tuple of texts). The words of formatted values and the
names of the settings live here; the rest by area, one module each, gathered into
:data:`TEXT`: the summary sheet (:mod:`.i18n_summary`), the templates
(:mod:`.i18n_templates`), the KPIs' formulas (:mod:`.i18n_formulas`), the data notes
(:mod:`.i18n_notes`), what an export's columns and stages get (:mod:`.i18n_reading`) and
the errors (:mod:`.i18n_errors`, :mod:`.i18n_commands`, :mod:`.i18n_sources`). Callers
pass the language explicitly: ``text("summary.total", "ru")``.  A test fails when a key
lacks a language, or is in two of the modules.
"""

from __future__ import annotations

from collections.abc import Mapping

from .i18n_commands import COMMAND_ERRORS
from .i18n_errors import ERRORS
from .i18n_formulas import FORMULAS
from .i18n_notes import NOTES
from .i18n_reading import READING
from .i18n_sources import SOURCE_ERRORS
from .i18n_summary import CHANGES, SUMMARY
from .i18n_templates import TEMPLATES

__all__ = ["LANGUAGES", "TEXT", "both", "labels", "text"]

#: The languages the product speaks; the first is the default.
LANGUAGES = ("en", "ru")

Text = str | tuple[str, ...]

#: key -> (English, Russian).
TEXT: Mapping[str, tuple[Text, Text]] = {
    **SUMMARY,  # the summary sheet's words, kept apart for length (xl_kpi/i18n_summary.py)
    **TEMPLATES,  # the templates' instructions and notes (xl_kpi/i18n_templates.py)
    **FORMULAS,  # the scorecard KPIs' formulas (xl_kpi/i18n_formulas.py)
    # the words of formatted values and the names of the settings
    "value.undefined": (
        "undefined (zero or missing denominator)",
        "не определено (делитель 0 или нет данных)",
    ),
    "value.months": ("months", "мес."),
    "value.pp": ("pp", "п.п."),
    "setting.period": ("period", "период"),
    "setting.language": ("language", "язык"),
    "setting.currency": ("currency", "валюта"),
    "setting.social_channels": ("social_channels", "соцсети"),
    "setting.romi_basis": ("romi_basis", "база ROMI"),
    "setting.sales_costs": ("sales team costs", "затраты на отдел продаж"),
    "setting.value.month": ("month", "месяц"),
    "setting.value.week": ("week", "неделя"),
    "setting.value.quarter": ("quarter", "квартал"),
    "setting.value.en": ("english", "английский"),
    "setting.value.ru": ("russian", "русский"),
    "setting.value.revenue": ("revenue", "выручка"),
    "setting.value.gross profit": ("gross profit", "валовая прибыль"),
    **NOTES,  # the data notes and unreadable values (xl_kpi/i18n_notes.py)
    **CHANGES,  # What changed and the pace of a period (xl_kpi/i18n_summary.py)
    **ERRORS,  # what errors say, kept apart for length (xl_kpi/i18n_errors.py)
    **COMMAND_ERRORS,  # and xl_kpi/i18n_commands.py
    **SOURCE_ERRORS,  # and xl_kpi/i18n_sources.py (sources and engines)
    **READING,  # and xl_kpi/i18n_reading.py (an export's columns and stages)
}


def text(key: str, lang: str = "en") -> Text:
    """The text of ``key`` in ``lang`` (``en`` or ``ru``; anything else reads as ``en``).

    >>> text("summary.total", "ru"), text("summary.total")
    ('Итого', 'Total')
    """
    english, russian = TEXT[key]
    return russian if lang == "ru" else english


def both(key: str, separator: str = " / ") -> str:
    """English and Russian side by side, for the cells the templates write in both.

    >>> both("template.paste_note").endswith("свои строки под заголовками")
    True
    """
    english, russian = TEXT[key]
    return f"{english}{separator}{russian}"


def labels(prefix: str, lang: str) -> dict[str, Text]:
    """Every text under ``prefix`` in ``lang``, keyed by the rest of its key.

    >>> labels("summary.", "ru")["total"]
    'Итого'
    """
    return {key[len(prefix) :]: text(key, lang) for key in TEXT if key.startswith(prefix)}
