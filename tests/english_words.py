"""English words in what a Russian reader is shown, for the tests: the Latin words of a text
beyond the KPI abbreviations, currency codes and names that come from the data."""

from __future__ import annotations

import re
from collections.abc import Iterable

from xl_kpi.catalogue import CATALOGUE
from xl_kpi.report import Report

LATIN = re.compile(r"[A-Za-z]{2,}")
#: Abbreviations a Russian reader reads as they are, and currency codes.
ABBREVIATIONS = {
    "KPI", "ER", "ROMI", "ROAS", "CAC", "CPC", "CPM", "CPL", "CPS", "CTR", "DRR", "AOV",
    "LTV", "NPS", "RUB", "USD", "EUR",
}  # fmt: skip


def data_names(report: Report) -> set[str]:
    """Words that come from the data: channel and network names, the sheets' names."""
    names: list[str] = []
    if not report.channels.empty:
        names += [str(v) for v in report.channels["channel"]]
    if not report.social.empty:
        names += [str(v) for v in report.social["network"]]
    names += [tab.sheet for tab in report.tabs.values()]
    return {word for name in names for word in LATIN.findall(name)}


def english(texts: Iterable[str], allowed: set[str]) -> set[str]:
    """The Latin words of ``texts`` that are neither abbreviations nor ``allowed``."""
    found = {word for text in texts for word in LATIN.findall(text)}
    kpis = {e.excel_name for e in CATALOGUE.values() if e.excel_name.isalpha()}
    return found - ABBREVIATIONS - (kpis & {w for w in found if w.isupper()}) - allowed
