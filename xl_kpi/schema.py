"""The raw tabs, described once: what each is called, its columns in order, how they read.

The tab reader (:mod:`xl_kpi.tabs`) recognises tabs and headers by these names and
aliases (the column names of the exports people paste: Google Ads, Meta, Yandex Direct,
VK Ads, GA4, Yandex Metrica, Shopify, WooCommerce, amoCRM, Bitrix24, HubSpot); the sample
generator and the blank templates write these columns in this order (those marked
``template``: a deals export's dates and odds are only read), with these
Russian names for a Russian workbook; the README's tab table is generated from here.
Adding a column or a tab is one entry below.

Names compare as people mean them (:func:`xl_kpi.header_names.key`): case, spaces and
punctuation ignored, and a header's currency in brackets or after a comma (``Cost (RUB)``,
``Потрачено всего, ₽``) is not part of its name
(:func:`xl_kpi.header_names.split_header`).  Derived columns (``Avg. CPC``, ``CTR``,
``Conv. rate``) are no alias of anything: they are never read, never summed.

Column kinds: ``date``; ``money`` (any sign); ``count`` (never negative); ``text`` (a
label or id the report groups, matches or counts by, e.g. a channel or an order id; read
as a categorical); ``id`` (a label no KPI reads: kept as written, and file readers may
skip the column).

What statuses say (sales, won deals, converted leads) and which exports are deals or
billing is the status vocabulary of :mod:`xl_kpi.statuses`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .header_names import key

__all__ = [
    "CANCELLED_AT",
    "CHANNELS",
    "COLUMN_MAP",
    "CURRENCY_HEADERS",
    "TEMPLATE_HINT",
    "MONEY_COLUMNS",
    "SOURCES",
    "TABS",
    "UNASSIGNED",
    "Column",
    "column_named",
    "mapped",
    "TabSchema",
    "find_tab",
    "recognise",
    "tab",
]


@dataclass(frozen=True)
class Column:
    """A column of a raw tab: canonical name, Russian header, kind, required, aliases."""

    name: str
    ru: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    first: tuple[str, ...] = ()  # headers that win over the canonical ones when both exist
    template: bool = True  # whether templates and the sample write it (else only read)

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header that names this column, in the order they win when an export has
        several: ``first``, canonical, Russian, then the aliases."""
        names = (*self.first, self.name, self.name.replace("_", " "), self.ru, *self.aliases)
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
    #: A tab may be named after its kind and a label (``Spend - Google Ads``): the column
    #: that label fills where the rows have none ("" to accept such names without filling
    #: anything; None: only the tab's own names).
    label: str | None = ""

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

    @property
    def template_columns(self) -> tuple[str, ...]:
        """The columns a template and the sample write (a deals export's dates and odds
        are read, not written: a shop's template needs none of them)."""
        return tuple(c.name for c in self.columns if c.template)


#: A column whose non-blank value makes the order cancelled (Shopify), by :func:`key`.
CANCELLED_AT = frozenset(key(h) for h in ("cancelled at", "canceled at", "дата отмены"))
#: A column naming each row's currency (Google Ads' ``Currency code``), by :func:`key`.
CURRENCY_HEADERS = frozenset(key(h) for h in ("currency", "currency code", "валюта", "код валюты"))
#: The columns of the data tabs that hold money (converted to the workbook's currency).
MONEY_COLUMNS = frozenset({"revenue", "cost", "spend"})
#: How the templates' hint beside a tab's header begins (``← Paste an export at A1...``):
#: such a cell is the product's own words, never a column of the user's.
TEMPLATE_HINT = "←"
#: The channel of Spend, Traffic and Leads rows that neither the row nor the tab names.
UNASSIGNED = "unassigned"


_DATE = (
    "day", "день", "date of order", "дата заказа", "order date", "created at", "create date",
    "created date",
    "date created", "created", "дата создания", "дата создания сделки", "reporting starts",
    "date + hour (YYYYMMDDHH)", "date hour", "дата визита", "closed at",
    "deal - deal created", "deal created",  # Pipedrive
    "paid at",  # an export with a close date alone is dated by it (rows.Match)
    # TikTok Ads, Microsoft Advertising, LinkedIn Campaign Manager, Stripe, Meta in Russian,
    # Wildberries, Ozon, RetailCRM, Google Forms (English and Russian)
    "by day", "gregorian date", "start date (in utc)", "created date (utc)", "created (utc)",
    "date (utc)", "дата начала отчетности", "начало отчетности", "дата продажи",
    "принят в обработку", "дата оформления", "дата оформления заказа", "timestamp",
    "отметка времени",
    # billing: Chargebee, Paddle, 1C and YooKassa invoices and payments
    "invoice date", "invoice[date]", "billed at", "дата счета", "дата счёта", "дата платежа",
)  # fmt: skip
_CLOSE_DATE = (
    "close date", "closed date", "closed on", "close time", "deal - deal closed on",
    "deal closed on", "deal - close time", "deal - won time", "won time", "дата закрытия",
    "дата закрытия сделки", "предполагаемая дата закрытия",  # Bitrix24: set when closed
)  # fmt: skip
_EXPECTED_CLOSE = (
    "expected close date", "deal - expected close date", "ожидаемая дата закрытия",
    "планируемая дата закрытия", "плановая дата закрытия",
)  # fmt: skip
_PROBABILITY = (
    "probability", "deal probability", "probability (%)", "deal - probability",
    "win probability", "вероятность", "вероятность сделки", "вероятность успеха",
)  # fmt: skip
_CHANNEL = (
    "session default channel group", "session primary channel group (default channel group)",
    "default channel group", "channel group", "источник трафика", "source / medium",
    "session source / medium", "utm source", "source", "источник", "medium", "platform",
    "платформа", "attribution",
    "original source", "lead source", "источник заказа",  # HubSpot, Salesforce, RetailCRM
)  # fmt: skip
_CAMPAIGN = (
    "utm campaign", "рекламная кампания", "campaign name", "название кампании", "кампании"
)  # fmt: skip
_STATUS = (
    "state", "состояние", "financial status", "order status", "статус заказа", "deal stage",
    "этап сделки", "стадия сделки", "стадия", "этап",
    "stage", "opportunity stage", "deal - status", "deal - stage",  # Salesforce, Pipedrive
    "lifecycle stage", "lead status", "статус лида",  # HubSpot, Salesforce, Bitrix24 leads
)  # fmt: skip
_ORDER_ID = (
    "order", "заказ", "id заказа", "order id", "order #", "order number", "№ заказа", "name",
    "record id", "deal id", "id сделки", "id",
    "srid", "номер", "номер отправления",  # Wildberries, RetailCRM, Ozon
    "invoice id", "invoice number", "invoice[id]", "номер счета", "номер счёта",  # billing
)  # fmt: skip
_LEAD_ID = ("lead", "заявка", "id лида", "lead id", "record id", "deal id", "id сделки", "id")
_CUSTOMER = (
    "customer", "client", "покупатель", "id клиента", "customer id", "email", "e-mail",
    "customer email", "контакт", "основной контакт", "associated contact",
    "email address", "адрес электронной почты", "associated company", "account name",
    "invoice[customer_id]", "контрагент",  # Chargebee, 1C
)  # fmt: skip
_REVENUE = (
    "net sales", "n. revenue", "total", "total revenue", "amount", "сумма", "sum",
    "сумма заказа", "бюджет", "сумма сделки", "order total", "n. revenue (formatted)",
    # Stripe invoices, Pipedrive, Wildberries, Ozon, RetailCRM
    "amount paid", "deal - value", "цена розничная с учетом согласованной скидки",
    "сумма отправления", "общая сумма",
    "invoice[amount_paid]", "сумма платежа",  # Chargebee, 1C and YooKassa
)  # fmt: skip
_SPEND = (
    "cost", "расходы", "затраты", "стоимость", "amount spent", "потрачено всего", "потрачено",
    "расход всего", "spent", "списания", "списано", "amount",
    "total spent", "потраченная сумма", "сумма затрат",  # LinkedIn; Meta in Russian
)  # fmt: skip
_CLICKS = (
    "переходы", "link clicks", "клики по ссылке",
    "clicks (destination)",  # TikTok Ads
    "kлики",  # Google Ads in Russian writes its K in Latin
)  # fmt: skip


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
            Column("order_id", "номер заказа", "text", False, _ORDER_ID),
            Column("customer_id", "клиент", "text", False, _CUSTOMER),
            _channel(),
            _campaign(),
            Column("revenue", "выручка", "money", True, _REVENUE),
            Column("cost", "себестоимость", "money", False, ("cogs", "cost of goods")),
            Column("status", "статус", "text", False, _STATUS),
            # A deals export's dates and odds (read only when the tab is a deals export):
            # a deal closed (or, while open, is expected to close) on its close date, an
            # open deal has an expected close date and a probability of being won.
            Column("close_date", "дата закрытия", "date", False, _CLOSE_DATE, template=False),
            Column(
                "expected_close",
                "ожидаемая дата закрытия",
                "date",
                False,
                _EXPECTED_CLOSE,
                template=False,
            ),
            Column("probability", "вероятность", "count", False, _PROBABILITY, template=False),
        ),
    ),  # fmt: skip
    TabSchema(
        "Leads",
        "Лиды",
        ("leads", "лиды", "заявки"),
        (
            _date(),
            Column("lead_id", "лид", "id", False, _LEAD_ID),
            _channel(),
            _campaign(),
            Column("status", "статус", "text", False, _STATUS),
        ),
        "channel",
    ),
    TabSchema(
        "Spend",
        "Расходы",
        ("spend", "ad spend", "расходы", "расход", "costs", "реклама"),
        (
            _date(),
            _channel(),
            _campaign(),
            Column("spend", "расход", "count", True, _SPEND),
            Column("impressions", "показы", "count", False, ("impr", "shows", "impression")),
            Column("clicks", "клики", "count", False, _CLICKS),
        ),
        "channel",
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
                ("users", "пользователи", "total users", "active users"),
                # One rule: sessions (visits) win over users (visitors) when both are there.
                ("sessions", "визиты", "visits", "сеансы", "сессии"),
            ),
        ),
        "channel",
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
        "network",
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
        None,
    ),
    TabSchema(
        "Settings",
        "Настройки",
        ("settings", "настройки", "параметры"),
        (
            Column("key", "параметр", "text", True, ("setting", "настройка")),
            Column("value", "значение", "text", True),
        ),
        None,
    ),
)

#: The optional Channels tab: what exports write (``google / cpc``, ``Яндекс Директ``) ->
#: the team's channel names, applied to every tab's channels as they are read.  Not a
#: template tab: add it when the exports spell one channel several ways.
CHANNELS = TabSchema(
    "Channels",
    "Каналы",
    ("channels", "каналы", "channel names", "channel map", "названия каналов"),
    (
        Column(
            "written_as",
            "как написано",
            "text",
            True,
            ("written as", "as written", "name", "название", "в выгрузке", "как в выгрузке",
             "написание", "source", "источник"),
        ),
        Column("channel", "канал", "text", True, ("team channel", "наш канал")),
    ),
    None,
)  # fmt: skip

#: The optional Columns tab: an export's header -> the raw column it holds, per tab (blank
#: tab: every tab that has that column), so a weekly paste needs no renaming. The header it
#: maps wins over the built-in names. Not a template tab.
COLUMN_MAP = TabSchema(
    "Columns",
    "Столбцы",
    ("columns", "столбцы", "column map", "колонки", "сопоставление столбцов"),
    (
        Column("tab", "вкладка", "text", False, ("sheet", "лист")),
        Column("header", "заголовок", "text", True,
               ("written as", "as written", "in the export", "как написано", "в выгрузке")),
        Column("column", "столбец", "text", True, ("maps to", "means", "поле", "это")),
    ),
    None,
)  # fmt: skip


def mapped(spec: TabSchema, headers: Mapping[str, str]) -> TabSchema:
    """``spec`` with the user's headers (header -> a column's canonical name) winning over
    the built-in ones.

    >>> spend = mapped(tab("Spend"), {"Total Spent": "spend"})
    >>> spend.column("spend").headers[:2]
    ('Total Spent', 'spend')
    """
    if not headers:
        return spec
    columns = tuple(
        replace(c, first=(*[h for h, name in headers.items() if name == c.name], *c.first))
        for c in spec.columns
    )
    return replace(spec, columns=columns)


def column_named(spec: TabSchema, written: Any) -> Column | None:
    """The column of ``spec`` that ``written`` names: its canonical name or Russian header,
    as :func:`key` compares them (``Spend``, ``расход``, ``order id``)."""
    wanted = key(written)
    return next((c for c in spec.columns if wanted in (key(c.name), key(c.ru))), None)


#: The optional Sources tab: where a raw tab's rows live when not in the workbook (a file,
#: a folder, a glob or a database URL); one row per raw tab. Not a template tab.
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
    None,
)

_BY_NAME = {t.name: t for t in (*TABS, CHANNELS, COLUMN_MAP, SOURCES)}
_BY_KEY = {
    key(alias): t
    for t in (*TABS, CHANNELS, COLUMN_MAP, SOURCES)
    for alias in (t.name, t.ru, *t.aliases)
}
_LABELLED = sorted(
    ((alias.casefold().replace("ё", "е"), t) for t in TABS if t.label is not None
     for alias in {t.name, t.ru, *t.aliases}),
    key=lambda pair: -len(pair[0]),
)  # fmt: skip
_SEPARATOR = r"(?:\s*[-–—_:|/,.(\[]\s*|\s+)"


def tab(name: str) -> TabSchema:
    """The schema of the tab with canonical name ``name`` (``Orders``, ``Spend``...)."""
    return _BY_NAME[name]


def find_tab(sheet_name: str) -> TabSchema | None:
    """The raw tab a sheet is, by its name in English or Russian; None if it is none.

    >>> find_tab("ЗАКАЗЫ").name, find_tab(" ad spend ").name, find_tab("Summary")
    ('Orders', 'Spend', None)
    """
    return _BY_KEY.get(key(sheet_name))


def recognise(sheet_name: str) -> tuple[TabSchema, str | None] | None:
    """The raw tab a sheet is and the label its name adds (``Spend - Google Ads``: Spend,
    ``Google Ads``); None if it is no raw tab.  Targets, Settings and Channels go by their
    own names only.

    >>> [(t.name, label) for t, label in map(recognise, ["Spend Meta", "Расходы Яндекс Директ"])]
    [('Spend', 'Meta'), ('Spend', 'Яндекс Директ')]
    >>> recognise("Лиды amoCRM")[1], recognise("Orders")[1], recognise("Settings old")
    ('amoCRM', None, None)
    """
    spec = find_tab(sheet_name)
    if spec is not None:
        return spec, None
    name = str(sheet_name).strip()
    folded = name.casefold().replace("ё", "е")
    for alias, spec in _LABELLED:
        words = r"[\s_\-]*".join(map(re.escape, alias.split()))
        m = re.match(words + _SEPARATOR, folded)
        if m:
            label = name[m.end() :].strip(" -–—_:|/,.()[]")
            if re.search(r"\w", label):
                return spec, label
    return None
