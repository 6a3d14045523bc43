"""The words of the data notes, in English and Russian: what the tab reader says about a
row, a column or a value it skipped or doubted (``note.*``), and why a value a cell
holds cannot be read (``input.*``).

Part of the one text table (:data:`xl_kpi.i18n.TEXT` holds these keys too), kept apart
from :mod:`xl_kpi.i18n` for length.
"""

from __future__ import annotations

__all__ = ["NOTES"]

#: key -> (English, Russian).
NOTES: dict[str, tuple[str, str]] = {
    "note.row": ("row {row}", "строка {row}"),
    "note.column": ("column {column}", "столбец {column}"),
    "note.missing_value": ("required value is missing", "нет обязательного значения"),
    "note.source_used": (
        "not used: its rows come from {source}",
        "не используется: строки берутся из {source}",
    ),
    "note.no_column": (
        "no column for {name} (headers tried: {tried}); the tab is not used",
        "нет столбца {name} (искали заголовки: {tried}); вкладка не используется",
    ),
    "note.header_found": (
        "header found in row {line}; the rows above it are not data",
        "заголовок найден в строке {line}; строки над ним — не данные",
    ),
    "note.period": (
        "the export's period: {period} (row {line})",
        "период выгрузки: {period} (строка {line})",
    ),
    "note.dated_by_period": (
        "no date column: the rows are dated {date}, the start of the export's period",
        "нет столбца даты: строкам присвоена дата {date}, начало периода выгрузки",
    ),
    "note.total_row": ("{text} is a totals row: left out", "{text} — строка итогов: не учтена"),
    "note.sum_row": (
        "a summary row (the sum of the other rows, without a name): left out",
        "строка итогов (сумма остальных строк, без названия): не учтена",
    ),
    "note.more_totals": (
        "{count} more totals rows left out",
        "ещё не учтено строк итогов: {count}",
    ),
    "note.tab_channel": (
        "{count} rows without a channel take the tab's channel {channel}",
        "строкам без канала ({count}) присвоен канал вкладки {channel}",
    ),
    "note.unassigned": (
        "{count} rows have no channel: counted as {channel} (put the channel in the tab's "
        "name, e.g. 'Spend - Google Ads', or add a channel column)",
        "у строк без канала ({count}) канал {channel} (укажите канал в имени вкладки, "
        "например «Расходы - Google Ads», или добавьте столбец канала)",
    ),
    "note.line_items": (
        "{count} line-item rows repeat an order without its amount: each order counts once",
        "строки товаров ({count}) повторяют заказ без суммы: каждый заказ учтён один раз",
    ),
    "note.cancelled_at": (
        "{count} orders with a date in {header} are cancelled",
        "заказы с датой в столбце {header} ({count}) считаются отменёнными",
    ),
    "note.deals": (
        "a deals export ({header}): only won deals are sales",
        "выгрузка сделок ({header}): продажи — только успешные сделки",
    ),
    "note.billing": (
        "a billing export ({header}): its paid invoices are read as subscriptions, MRR by "
        "customer and period",
        "выгрузка биллинга ({header}): оплаченные счета читаются как подписки, MRR по "
        "клиентам и периодам",
    ),
    "note.billing_and_deals": (
        "orders of both kinds: revenue, sales, MRR and new customers are read from the "
        "billing export {billing}; the deals {deals} only give the paying customers their "
        "channel, and their open deals the pipeline (no deal is counted as a sale beside "
        "its invoices)",
        "заказы двух видов: выручка, продажи, MRR и новые клиенты берутся из выгрузки "
        "биллинга {billing}; сделки {deals} только задают платящим клиентам канал, а "
        "открытые сделки — воронку (сделка не считается продажей наряду со своими счетами)",
    ),
    "note.deal_channels": (
        "{count} invoices take their customer's channel from a won deal on {deals}",
        "счета ({count}) получили канал клиента из его успешной сделки на листе {deals}",
    ),
    "note.deals_loyalty": (
        "loyalty (retention, churn, repeat purchases, cohorts) cannot be computed from deals "
        "alone: a won deal is no repeat purchase; add the customers' orders or invoices",
        "лояльность (удержание, отток, повторные покупки, когорты) нельзя посчитать по одним "
        "сделкам: выигранная сделка — не повторная покупка; добавьте заказы или счета клиентов",
    ),
    "note.unknown_lead_status": (
        "{count} leads have a status the product does not know: {statuses}; they are leads "
        "but not counted as converted (a converted lead's status is e.g. Customer, Closed - "
        "Converted, Won)",
        "у лидов ({count}) статус, который программа не знает: {statuses}; они считаются "
        "лидами, но не конвертированными (статус конвертированного лида — например, Клиент, "
        "Успешно реализовано, Won)",
    ),
    "note.combined": (
        "sheets {sheets} are read together as one {tab} tab",
        "листы {sheets} прочитаны вместе как одна вкладка {tab}",
    ),
    "note.converted": (
        "money in {currency} converted at {rate} (Settings: rate {currency})",
        "суммы в {currency} пересчитаны по курсу {rate} (Настройки: rate {currency})",
    ),
    "note.no_rate": (
        "{count} rows with money in {currency} are left out: the workbook's currency is "
        "{base}; add the setting 'rate {currency}' (one {currency} in {base})",
        "строки с суммами в {currency} ({count}) не учтены: валюта книги {base}; добавьте "
        "в Настройки 'rate {currency}' (сколько {base} в одном {currency})",
    ),
    "note.assumed_currency": (
        "Settings name no currency: money is taken to be in {currency}, as this sheet says "
        "(add 'currency' to Settings)",
        "в Настройках нет валюты: суммы считаются в {currency}, как на этом листе (добавьте "
        "'currency' в Настройки)",
    ),
    "note.bad_rate": (
        "{setting} is not a currency rate (write e.g. 'rate USD' and 92.5): ignored",
        "{setting} — не курс валюты (пишите, например, 'rate USD' и 92,5): пропущено",
    ),
    "note.look_alike": (
        "{names} look like one channel written differently: map them to one name in a "
        "Channels tab (written as, channel)",
        "{names} похожи на один канал, записанный по-разному: сведите их к одному названию "
        "на вкладке Каналы (как написано, канал)",
    ),
    "note.unknown_setting": (
        "unknown setting '{setting}' ignored",
        "неизвестная настройка «{setting}» пропущена",
    ),
    "note.bad_setting": (
        "setting '{setting}': '{given}' is not one of {allowed}",
        "настройка «{setting}»: «{given}» — не одно из значений {allowed}",
    ),
    "note.unknown_target": (
        "not a KPI the summary knows; the closest names: {closest}",
        "такого показателя сводка не знает; ближайшие названия: {closest}",
    ),
    "note.negative_target": (
        "a target for {kpi} cannot be negative",
        "цель для {kpi} не может быть отрицательной",
    ),
    "input.excel_error": (
        "the cell holds the Excel error {error}",
        "в ячейке ошибка Excel {error}",
    ),
    "input.not_number": ("{value} is not a number", "{value} — не число"),
    "input.not_finite": ("{value} is not a finite number", "{value} — не конечное число"),
    "input.not_date": (
        "{value} is not a date (write dd.mm.yyyy or yyyy-mm-dd)",
        "{value} — не дата (пишите дд.мм.гггг или гггг-мм-дд)",
    ),
    "input.not_serial": (
        "{value} is not an Excel date serial number",
        "{value} — не порядковый номер даты Excel",
    ),
    "input.negative": ("must not be negative", "не может быть отрицательным"),
    "input.date_range": (
        "{value} is outside the dates the summary can place ({first} to {last})",
        "{value} — вне дат, которые может показать сводка ({first}–{last})",
    ),
    "input.date_far_after": (
        "is {years} years after the other rows; a typo?",
        "на {years} лет позже остальных строк; опечатка?",
    ),
    "input.date_far_before": (
        "is {years} years before the other rows; a typo?",
        "на {years} лет раньше остальных строк; опечатка?",
    ),
    "input.logical": (
        "{value} is a logical value, not a number",
        "{value} — логическое значение, не число",
    ),
}
