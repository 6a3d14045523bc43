"""The status vocabulary: which orders are sales, which deals are won, which leads have
converted, and which Orders exports are deals or billing, by their statuses and headers.

Which orders are sales (:data:`NOT_SALES`, :data:`WON`, :data:`DEAL_STAGE_HEADERS`):

- an order counts as a sale unless its status is a not-sale (cancelled, returned,
  refunded, voided, lost...); a non-blank ``Cancelled at`` makes it cancelled;
- an Orders tab that is a deals export (:func:`is_deals`: its status column is a deal
  stage such as ``Deal Stage``/``Этап сделки``/``Стадия``, or a status says a deal was won
  or lost) counts won deals only (:data:`WON`): an open stage (``Appointment scheduled``,
  ``Переговоры``) or a blank one is not a sale.

Statuses compare by :func:`status_key`, headers by :func:`xl_kpi.header_names.key`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .header_names import key, split_header

__all__ = [
    "BILLING_HEADERS",
    "CONVERTED",
    "DEAL_OUTCOMES",
    "DEAL_STAGE_HEADERS",
    "LEAD_OPEN",
    "NOT_SALES",
    "WON",
    "is_billing",
    "is_deals",
    "known_outcomes",
    "status_key",
    "unknown_lead_statuses",
]


def status_key(value: Any) -> str:
    """A status as the vocabulary holds it: stripped, lower case, ё as е (spaces kept)."""
    return str(value).strip().casefold().replace("ё", "е")


#: Orders whose status says they are no sale (compared by :func:`status_key`).
NOT_SALES = frozenset(
    {
        "cancelled", "canceled", "returned", "refunded", "voided", "failed", "trash",
        "отменен", "отменён", "отмена", "возврат", "отказ",
        "closed lost", "closedlost", "lost", "lose", "закрыто и не реализовано",
        "сделка провалена", "провалена", "проиграна",
        # Zoho, Bitrix24 ("apology"), retailCRM, Salesforce lead status
        "closed-lost to competition", "closed lost to competition", "анализ причины провала",
        "closed - not converted",
        # billing (Stripe, Chargebee, Paddle, YooKassa): an invoice that was not paid
        "void", "uncollectible", "draft", "past due", "past_due", "unpaid",
        "не оплачен", "неоплачен", "не оплачено",
    }
)  # fmt: skip
#: Statuses that say a lead or deal was won, or an order paid (compared by :func:`status_key`).
WON = frozenset(
    {
        "won", "converted", "success", "successful", "успешно", "успех", "сделка",
        "оплачен", "оплачено", "продажа", "paid", "closed won", "closedwon",
        "успешно реализовано", "сделка успешна", "выиграна",
        "выполнен", "closed - converted",  # retailCRM; Salesforce lead status
    }
)  # fmt: skip
#: Leads count as converted with a won status, or a CRM's lifecycle stage or lead status
#: of a lead that became a customer: HubSpot's ``Customer`` and ``Evangelist`` (the earlier
#: stages, Subscriber, Lead, MQL, SQL and Opportunity, are not yet customers), Salesforce's
#: ``Closed - Converted``, Bitrix24's ``Качественный лид`` (a lead turned into a deal),
#: ``Клиент``. A webinar's ``approved`` registration (Zoom) is a lead, not a conversion.
CONVERTED = WON | frozenset(
    {"customer", "evangelist", "клиент", "покупатель", "качественный лид", "сконвертирован"}
)
#: Lead statuses and lifecycle stages of leads not (yet) converted, that CRMs, forms and
#: webinar tools write (HubSpot, Salesforce, Pipedrive, amoCRM, Bitrix24, Zoom): a Leads
#: status outside these, :data:`CONVERTED` and :data:`NOT_SALES` is named in the notes.
LEAD_OPEN = frozenset(
    {
        "new", "open", "in progress", "working", "contacted", "nurturing", "qualified",
        "unqualified", "disqualified", "subscriber", "lead", "marketing qualified lead",
        "mql", "sales qualified lead", "sql", "opportunity", "other", "open - not contacted",
        "working - contacted", "approved", "pending", "registered", "attended", "denied",
        "rejected", "junk", "archived", "новый", "новая", "новые", "в работе", "не обработан",
        "обработан", "первичный контакт", "переговоры", "принимают решение",
        "неразобранное", "квалифицирован", "некачественный лид", "обработка", "ожидание",
    }
)  # fmt: skip


def unknown_lead_statuses(statuses: Iterable[Any]) -> list[str]:
    """The lead statuses the vocabulary does not know, as written (never guessed).

    >>> unknown_lead_statuses(["MQL", "Customer", "Zoom approved", "Closed - Not Converted"])
    ['Zoom approved']
    """
    known = LEAD_OPEN | CONVERTED | NOT_SALES
    return [str(s) for s in statuses if isinstance(s, str) and status_key(s) not in known]


#: Statuses only a deals pipeline writes: one of them makes an Orders tab a deals export.
DEAL_OUTCOMES = frozenset(
    {
        "closed won", "closedwon", "closed lost", "closedlost", "успешно реализовано",
        "закрыто и не реализовано", "сделка успешна", "сделка провалена",
        "closed-lost to competition", "выиграна", "проиграна", "анализ причины провала",
    }
)  # fmt: skip
#: Status headers of deals exports (HubSpot, amoCRM, Bitrix24), compared by :func:`key`.
DEAL_STAGE_HEADERS = frozenset(
    key(h)
    for h in (
        "deal stage", "этап сделки", "стадия", "стадия сделки", "этап", "pipeline stage",
        "stage", "opportunity stage", "deal - stage", "deal - status",  # Salesforce, Pipedrive
    )
)  # fmt: skip


def known_outcomes(statuses: Iterable[Any]) -> bool:
    """Whether any of a deals export's stages says a deal was won or lost.

    >>> known_outcomes(["Prospecting", "Closed Won"]), known_outcomes(["Qualify", "Propose"])
    (True, False)
    """
    return any(status_key(s) in WON | NOT_SALES for s in statuses if isinstance(s, str))


def is_deals(status_header: str | None, statuses: Iterable[Any]) -> bool:
    """Whether an Orders tab is a deals export, whose won deals only are sales: its status
    column is a deal stage, or one of its statuses is a deal's outcome.

    >>> is_deals("Deal Stage", []), is_deals("Financial Status", ["paid", "refunded"])
    (True, False)
    >>> is_deals("Статус", ["Переговоры", "Успешно реализовано"])
    True
    """
    if status_header is not None and split_header(status_header)[0] in DEAL_STAGE_HEADERS:
        return True
    return any(status_key(s) in DEAL_OUTCOMES for s in statuses if isinstance(s, str))


#: Headers only a billing system's invoice export has (Stripe, Chargebee, Paddle, 1C,
#: YooKassa/ЮKassa), by :func:`key`: a subscription or an invoice named in a column.
BILLING_HEADERS = frozenset(
    key(h)
    for h in (
        "subscription", "subscription id", "subscription_id", "subscription plan",
        "subscription status", "invoice[subscription_id]", "invoice", "invoice id",
        "invoice number", "invoice date",
        "billing period", "billing period starts at", "billing period start",
        "period start", "plan", "plan id", "plan name", "billing_period_starts_at",
        "подписка", "id подписки", "номер подписки", "тариф", "тарифный план",
        "счет", "счёт", "номер счета", "номер счёта", "счет на оплату", "счёт на оплату",
        "дата счета", "дата счёта", "период оплаты", "оплаченный период",
    )
)  # fmt: skip


def is_billing(headers: Iterable[Any], has_customers: bool) -> bool:
    """Whether an Orders tab is a billing export (invoices per customer per period, read as
    subscriptions): it names its customers and one of its headers names a subscription or
    an invoice (:data:`BILLING_HEADERS`). A shop's or a CRM's orders name neither.

    >>> is_billing(["Invoice Number", "Customer Id", "Amount"], True)
    True
    >>> is_billing(["Номер счёта", "Клиент", "Сумма"], True), is_billing(["Plan"], False)
    (True, False)
    >>> is_billing(["id", "Created date (UTC)", "Amount", "Customer ID"], True)
    False
    """
    return has_customers and any(split_header(h)[0] in BILLING_HEADERS for h in headers)
