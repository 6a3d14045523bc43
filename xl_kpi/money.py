"""One currency for every money column: the workbook's, from Settings, with its rates.

An export names its currency in a header (``Amount spent (USD)``, ``Расход (руб.)``), in a
currency column (Google Ads' ``Currency code``, Shopify's ``Currency``) or in its values
(``$1,200``, ``1 500 ₽``).  Money in another currency than Settings' ``currency`` is
converted with the rate Settings give for it (key ``rate USD``, value ``92.5``: one USD is
92.5 of the workbook's currency).  Without a rate it is left out of the money KPIs, with a
note saying which rate to add: roubles are never added to dollars silently.  Without a
``currency`` in Settings the first currency an export names is taken as the workbook's
(and said so when another one appears).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .header_names import key
from .inputs import InputError, currency_code, parse_number, shown
from .notes import Note

__all__ = ["Money", "read_rates"]

_CURRENCY_KEYS = frozenset({"currency", "валюта"})
_RATE = re.compile(r"^\s*(?:rate|курс)\s*[:=]?\s*(.+?)\s*$", re.IGNORECASE)


@dataclass
class Money:
    """The workbook's currency (ISO code) and the rates of the others into it."""

    base: str | None = None
    rates: dict[str, float] = field(default_factory=dict)
    settings: str = "Settings"  # the sheet the rates are written in, for notes
    assumed_from: str | None = None  # the sheet whose currency was taken as the base

    def factor(self, code: str | None) -> float | None:
        """What one unit of ``code`` is in the base currency: 1 for the base or an unnamed
        currency, the rate when Settings give one, else None (cannot be converted)."""
        if code is None or code == self.base:
            return 1.0
        return self.rates.get(code)

    def adopt(self, code: str, sheet: str) -> bool:
        """Take ``code`` as the workbook's currency when Settings name none (True if so)."""
        if self.base is None:
            self.base, self.assumed_from = code, sheet
            return True
        return False

    def converting(
        self, counts: Mapping[str, int], sheet: str
    ) -> tuple[dict[str, float], list[Note]]:
        """How a money column whose values name the currencies ``counts`` (code -> the rows
        that name it) is converted: the factor of each code into the base currency (NaN
        where there is no rate: those rows are left out) and the notes that say so. The
        one rule for every reader, a pasted tab's or a source's on any engine."""
        named = sorted(c for c, n in counts.items() if n)
        notes = []
        # Without a currency of its own, the workbook takes the one most rows name (ties:
        # the first in alphabetical order), the same on every engine.
        if named and self.adopt(min(named, key=lambda c: (-counts[c], c)), sheet):
            notes.append(Note.of(sheet, "note.assumed_currency", currency=self.base))
        factors = {c: self.factor(c) for c in named}
        lacking = [c for c in named if factors[c] is None]
        for code in lacking:
            notes.append(
                Note.of(sheet, "note.no_rate", count=counts[code], currency=code, base=self.base)
            )
        for code in named:
            if code not in lacking and code != self.base:
                notes.append(
                    Note.of(sheet, "note.converted", currency=code, rate=shown(self.rates[code]))
                )
        return {c: np.nan if f is None else f for c, f in factors.items()}, notes

    def factors(self, codes: pd.Series, sheet: str) -> tuple[np.ndarray, list[Note]]:
        """Per row of ``codes`` (a currency code or None), the factor into the base
        currency (1 for None; NaN where there is no rate), and the notes."""
        codes = codes.astype(object)
        named = codes[codes.notna()]
        table, notes = self.converting(named.value_counts().to_dict(), sheet)
        factor = codes.map(table).astype(np.float64)
        return np.where(codes.isna(), 1.0, factor.to_numpy()), notes


def read_rates(keys: pd.Series, values: pd.Series) -> tuple[Money, np.ndarray, list[str]]:
    """The currency and rates of a Settings tab's key/value rows: the :class:`Money` they
    give, which rows are rates (the report's settings need not read them), and problems.

    >>> money, rows, problems = read_rates(
    ...     pd.Series(["currency", "rate USD", "rate €", "period"]),
    ...     pd.Series(["RUB", "92,5", "100", "month"]),
    ... )
    >>> money.base, money.rates, rows.tolist(), problems
    ('RUB', {'USD': 92.5, 'EUR': 100.0}, [False, True, True, False], [])
    """
    money = Money()
    is_rate = np.zeros(len(keys), dtype=bool)
    problems: list[str] = []
    for i, (name, value) in enumerate(zip(keys.astype(object), values.astype(object))):
        if not isinstance(name, str):
            continue
        if key(name) in _CURRENCY_KEYS and isinstance(value, str):
            money.base = currency_code(value) or value.strip().upper()
        elif m := _RATE.match(name):
            is_rate[i] = True
            code = currency_code(m.group(1))
            try:
                rate = parse_number(str(value))
            except InputError:
                rate = -1.0
            if code is None or not rate > 0:
                problems.append(f"{name!r}: {value!r}")
            else:
                money.rates[code] = rate
    return money, is_rate, problems
