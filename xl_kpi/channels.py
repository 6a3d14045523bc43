"""One channel, many spellings: the names exports write, made the team's channel names.

Exports name one channel differently: ``google / cpc`` (GA4), ``Google Ads`` (a tab's
name), ``google`` (utm_source), ``Яндекс Директ``, ``yandex / cpc``.  The optional
Channels tab (:data:`xl_kpi.schema.CHANNELS`) maps what they write to the team's names;
without a line there, names that differ only in case, spaces or punctuation are one
channel, spelled as first read.  Names that still look like one channel written two ways
(the same platform in different tabs) are listed in the data notes, for the Channels tab.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .header_names import key
from .schema import UNASSIGNED

__all__ = ["Spellings", "look_alikes", "platform"]

#: First words that name one platform, to their platform.
_PLATFORMS = {
    "google": "google", "гугл": "google", "adwords": "google",
    "yandex": "yandex", "яндекс": "yandex", "ya": "yandex", "директ": "yandex",
    "direct": "yandex",
    "vk": "vk", "вк": "vk", "vkontakte": "vk", "вконтакте": "vk", "mytarget": "vk",
    "facebook": "meta", "fb": "meta", "meta": "meta", "instagram": "meta", "ig": "meta",
    "telegram": "telegram", "телеграм": "telegram", "tg": "telegram",
    "tiktok": "tiktok", "bing": "microsoft", "microsoft": "microsoft",
}  # fmt: skip
_NOT_PAID = re.compile(r"organic|органич|referral|\(none\)|\(direct\)", re.IGNORECASE)


def platform(name: str) -> str | None:
    """The ad platform a channel name starts with, if it is one this module knows.

    >>> platform("google / cpc"), platform("Яндекс Директ"), platform("Email")
    ('google', 'yandex', None)
    """
    words = re.findall(r"[^\W_]+", name.casefold())
    return _PLATFORMS.get(words[0]) if words else None


class Spellings:
    """The team's name for each channel as written: the Channels tab's first, then the
    first spelling read of names that compare equal (case, spaces, punctuation ignored)."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self.mapped = {key(written): team for written, team in (mapping or {}).items()}
        self.mapped.update({key(team): team for team in (mapping or {}).values()})
        self.first: dict[str, str] = {}

    def name(self, written: str) -> str:
        """The team's name of one written channel name."""
        k = key(written)
        if k in self.mapped:
            return self.mapped[k]
        return self.first.setdefault(k, written.strip())

    def apply(self, column: pd.Series) -> pd.Series:
        """A channel column as a categorical of the team's names; blanks stay blank."""
        column = column.astype("category")
        names = [self.name(str(c)) for c in column.cat.categories]
        unique = list(dict.fromkeys(names))
        index = {name: i for i, name in enumerate(unique)}
        table = np.array([index[name] for name in names] + [-1], dtype=np.int64)
        return pd.Series(
            pd.Categorical.from_codes(
                table[column.cat.codes.to_numpy()], categories=pd.Index(unique, dtype=object)
            ),
            index=column.index,
        )


def look_alikes(names: Mapping[str, Iterable[str]], mapped: Iterable[str]) -> list[list[str]]:
    """Channel names of different tabs that look like one channel written two ways: the same
    ad platform (``Google Ads`` and ``google / cpc``), not mapped by the Channels tab.

    ``names``: tab -> its channel names.  Organic and referral names are not paired.

    >>> look_alikes({"Spend": ["Google Ads", "VK"], "Traffic": ["google / cpc", "vk"]}, [])
    [['google / cpc', 'Google Ads']]
    """
    skip = {key(m) for m in mapped} | {key(UNASSIGNED)}
    groups: dict[str, dict[str, tuple[str, set[str]]]] = {}
    for tab, written in names.items():
        for name in written:
            p = platform(name)
            if p is None or key(name) in skip or _NOT_PAID.search(name):
                continue
            groups.setdefault(p, {}).setdefault(key(name), (name, set()))[1].add(tab)
    found = []
    for spellings in groups.values():
        tabs = set().union(*(t for _, t in spellings.values()))
        if len(spellings) > 1 and len(tabs) > 1:
            found.append(sorted((name for name, _ in spellings.values()), key=str.casefold))
    return found
