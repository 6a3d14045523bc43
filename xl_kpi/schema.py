"""The raw tabs, described once: what each is called, its columns in order, how they read.

The tab reader (:mod:`xl_kpi.tabs`) recognises tabs and headers by these names and
aliases; the sample generator and the blank templates write exactly these columns in this
order, with these Russian names for a Russian workbook; the README's tab table is
generated from here.  Adding a column or a tab is one entry below.

Column kinds: ``date``; ``money`` (any sign); ``count`` (never negative); ``text`` (a
label the report groups or matches by, e.g. a channel); ``id`` (an id or label no KPI
reads: kept as written, and file readers may skip the column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["SOURCES", "TABS", "Column", "TabSchema", "find_tab", "key", "tab"]


@dataclass(frozen=True)
class Column:
    """A column of a raw tab: canonical name, Russian header, kind, required, aliases."""

    name: str
    ru: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header that names this column: canonical, Russian, then the aliases."""
        names = (self.name, self.name.replace("_", " "), self.ru, *self.aliases)
        return tuple(dict.fromkeys(names))

    def header(self, lang: str) -> str:
        """The header a template writes in ``lang``."""
        return self.ru if lang == "ru" else self.name


@dataclass(frozen=True)
class TabSchema:
    """A raw tab: canonical (English) name, Russian name, name aliases and columns."""

    name: str
    ru: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]

    def title(self, lang: str) -> str:
        """The tab's name in ``lang``."""
        return self.ru if lang == "ru" else self.name

    def column(self, name: str) -> Column:
        """The column called ``name`` (canonical)."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"tab {self.name} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def key(text: Any) -> str:
    """Compare names as people mean them: case, spaces, ``_`` and ``-`` ignored, ё as е.

    >>> key(" Social_Channels "), key("Ёлка")
    ('socialchannels', 'елка')
    """
    return re.sub(r"[\s_\-]+", "", str(text)).casefold().replace("ё", "е")


_DATE = ("day", "день", "date of order", "дата заказа")
_CHANNEL = ("source", "источник", "utm source", "utm_source", "medium")
_CAMPAIGN = ("utm campaign", "utm_campaign", "рекламная кампания")
_STATUS = ("state", "состояние")


def _date() -> Column:
    return Column("date", "дата", "date", True, _DATE)


def _channel(required: bool = False) -> Column:
    return Column("channel", "канал", "text", required, _CHANNEL)


def _campaign() -> Column:
    return Column("campaign", "кампания", "id", False, _CAMPAIGN)


TABS: tuple[TabSchema, ...] = (
    TabSchema(
        "Orders",
        "Заказы",
        ("orders", "заказы", "sales", "продажи"),
        (
            _date(),
            Column(
                "order_id",
                "номер заказа",
                "id",
                False,
                ("order", "заказ", "id заказа", "order id"),
            ),
            Column(
                "customer_id",
                "клиент",
                "text",
                False,
                ("customer", "client", "покупатель", "id клиента"),
            ),
            _channel(),
            _campaign(),
            Column(
                "revenue",
                "выручка",
                "money",
                True,
                ("сумма", "amount", "sum", "total", "сумма заказа"),
            ),
            Column("cost", "себестоимость", "money", False, ("cogs", "cost of goods")),
            Column("status", "статус", "text", False, _STATUS),
        ),
    ),  # fmt: skip
    TabSchema(
        "Leads",
        "Лиды",
        ("leads", "лиды", "заявки"),
        (
            _date(),
            Column("lead_id", "лид", "id", False, ("lead", "заявка", "id лида")),
            _channel(),
            _campaign(),
            Column("status", "статус", "text", False, _STATUS),
        ),
    ),
    TabSchema(
        "Spend",
        "Расходы",
        ("spend", "ad spend", "расходы", "расход", "costs", "реклама"),
        (
            _date(),
            _channel(required=True),
            _campaign(),
            Column("spend", "расход", "count", True, ("cost", "расходы", "затраты", "стоимость")),
            Column("impressions", "показы", "count", False, ("impr",)),
            Column("clicks", "клики", "count", False, ("переходы",)),
        ),
    ),
    TabSchema(
        "Traffic",
        "Трафик",
        ("traffic", "трафик", "site traffic", "посещаемость"),
        (
            _date(),
            _channel(),
            Column(
                "visitors",
                "посетители",
                "count",
                True,
                ("визиты", "visits", "sessions", "сеансы", "users", "пользователи"),
            ),
        ),
    ),  # fmt: skip
    TabSchema(
        "Social",
        "Соцсети",
        ("social", "social media", "соцсети", "смм", "smm"),
        (
            _date(),
            Column("network", "соцсеть", "text", True, ("социальная сеть", "platform", "площадка")),
            Column("followers", "подписчики", "count", False, ("subscribers",)),
            Column("likes", "лайки", "count", False, ("реакции", "reactions")),
            Column("comments", "комментарии", "count"),
            Column("reposts", "репосты", "count", False, ("shares", "поделились")),
            Column("reach", "охват", "count"),
            Column("impressions", "показы", "count", False, ("просмотры", "views")),
        ),
    ),
    TabSchema(
        "Brand",
        "Бренд",
        ("brand", "бренд", "brand survey", "опрос"),
        (
            _date(),
            Column("surveyed", "опрошено", "count", True, ("respondents", "респонденты")),
            Column("aware", "знают", "count", True, ("aware of brand", "знают бренд")),
        ),
    ),
    TabSchema(
        "Targets",
        "Цели",
        ("targets", "цели", "план", "plan", "goals"),
        (
            Column("kpi", "показатель", "text", True, ("метрика", "metric")),
            Column("target", "цель", "money", True, ("план", "plan", "goal")),
            Column("period", "период", "text"),
            _channel(),
            Column("benchmark", "ориентир", "money", False, ("рынок", "market", "бенчмарк")),
        ),
    ),
    TabSchema(
        "Settings",
        "Настройки",
        ("settings", "настройки", "параметры"),
        (
            Column("key", "параметр", "text", True, ("setting", "настройка")),
            Column("value", "значение", "text", True),
        ),
    ),
)

#: The optional Sources tab: where a raw tab's rows live when not in the workbook (a file,
#: a folder, a glob or a database URL); one row per raw tab. Templates do not include it.
SOURCES = TabSchema(
    "Sources",
    "Источники",
    ("sources", "источники", "data sources", "источники данных"),
    (
        Column("tab", "вкладка", "text", True, ("sheet", "лист", "raw tab")),
        Column("location", "расположение", "text", True, ("path", "url", "путь", "адрес", "файл")),
        Column("format", "формат", "text"),
        Column("options", "параметры", "text", False, ("опции",)),
    ),
)

_BY_NAME = {t.name: t for t in (*TABS, SOURCES)}
_BY_KEY = {key(alias): t for t in (*TABS, SOURCES) for alias in (t.name, t.ru, *t.aliases)}


def tab(name: str) -> TabSchema:
    """The schema of the tab with canonical name ``name`` (``Orders``, ``Spend``...)."""
    return _BY_NAME[name]


def find_tab(sheet_name: str) -> TabSchema | None:
    """The raw tab a sheet is, by its name in English or Russian; None if it is none.

    >>> find_tab("ЗАКАЗЫ").name, find_tab(" ad spend ").name, find_tab("Summary")
    ('Orders', 'Spend', None)
    """
    return _BY_KEY.get(key(sheet_name))
