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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .inputs import InputError, currency_code, parse_number
from .schema import key

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

    def factors(self, codes: pd.Series, sheet: str) -> tuple[np.ndarray, list[str]]:
        """Per row, the factor into the base currency (NaN where there is no rate), and the
        currencies without a rate."""
        codes = codes.astype("category")
        named = [c for c in codes.cat.categories if c is not None]
        if named and self.base is None:
            self.adopt(named[0], sheet)
        by_code = [self.factor(c) for c in codes.cat.categories]
        missing = [c for c, f in zip(codes.cat.categories, by_code) if f is None]
        table = np.array([np.nan if f is None else f for f in by_code] + [1.0])
        return table[codes.cat.codes.to_numpy()], missing


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
