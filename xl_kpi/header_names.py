"""Names as people mean them: a tab's or header's name compared without case, spaces and
punctuation (:func:`key`), and a header's currency, in brackets or after a comma, told
apart from its name (:func:`split_header`). The tabs' description (:mod:`xl_kpi.schema`),
the tab reader and the rules of exports all compare names this way."""

from __future__ import annotations

import re
from typing import Any

from .inputs import currency_code

__all__ = ["key", "split_header"]


def key(text: Any) -> str:
    """Compare names as people mean them: case, spaces and punctuation ignored, ё as е.

    >>> key(" Social_Channels "), key("Ёлка"), key("Impr."), key("google / cpc")
    ('socialchannels', 'елка', 'impr', 'googlecpc')
    """
    return re.sub(r"[\W_]+", "", str(text).casefold()).replace("ё", "е")


_HEADER_CURRENCY = re.compile(r"\s*(?:\(\s*([^()]{1,6}?)\s*\)|,\s*([^,]{1,6}?))\s*$")


#: Three capitals in a header's brackets that name a clock, not a currency: ``Created date
#: (UTC)`` (Stripe), ``Time (MSK)``. Any other ISO-like code may be a currency the workbook
#: converts, so the rest stay open rather than checked against a list of currencies.
_TIME_ZONES = frozenset(
    {"UTC", "GMT", "MSK", "CET", "CEST", "EET", "EEST", "WET", "EST", "EDT", "CST", "CDT",
     "MST", "MDT", "PST", "PDT"}
)  # fmt: skip


def split_header(text: Any) -> tuple[str, str | None]:
    """A header's name as :func:`key` compares it, and the currency it names (ISO code).

    >>> split_header("Amount spent (USD)"), split_header("Потрачено всего, ₽")
    (('amountspent', 'USD'), ('потраченовсего', 'RUB'))
    >>> split_header("Расход (руб.)"), split_header("Impr."), split_header("Order #")
    (('расход', 'RUB'), ('impr', None), ('order', None))
    >>> split_header("Created date (UTC)")
    ('createddateutc', None)
    """
    written = str(text).strip()
    m = _HEADER_CURRENCY.search(written)
    if m:
        code = currency_code(m.group(1) or m.group(2))
        if code is not None and code not in _TIME_ZONES:
            return key(written[: m.start()]), code
    return key(written), None
