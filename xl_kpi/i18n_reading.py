"""The words of what the tab reader says about an export's columns and stages, in English
and Russian: columns it did not read, the column map, deals whose stages it does not know,
and figures that rest on a fallback.

Part of the one text table (:data:`xl_kpi.i18n.TEXT` holds these keys too), kept apart
from :mod:`xl_kpi.i18n` for length.
"""

from __future__ import annotations

__all__ = ["READING"]

#: key -> (English, Russian).
READING: dict[str, tuple[str, str]] = {
    "note.unread_columns": (
        "columns not read: {columns}; if one holds a column of this tab, rename its "
        "header or map it on the Columns tab (tab, header, column)",
        "столбцы не прочитаны: {columns}; если в одном из них данные этой вкладки, "
        "переименуйте заголовок или сопоставьте его на вкладке Столбцы (вкладка, "
        "заголовок, столбец)",
    ),
    "note.more_columns": ("and {count} more", "и ещё {count}"),
    "note.bad_column_map": (
        "the tab {tab} has no column {mapped}: this mapping is not used (write a tab such "
        "as Spend or Расходы, or leave it blank, and a column such as spend or расход)",
        "у вкладки {tab} нет столбца {mapped}: сопоставление не используется (укажите "
        "вкладку, например Расходы или Spend, или оставьте пустой, и столбец, например "
        "расход или spend)",
    ),
    "note.fallback_blended": (
        "orders carry no channel: ROMI, ROAS and DRR set all revenue (organic sales "
        "included) against all spend, marked 'all revenue' and shown without a status; "
        "add a channel column (or map one on the Columns tab), or choose 'attribution: "
        "blended' in Settings",
        "у заказов нет канала: ROMI, ROAS и ДРР сравнивают всю выручку (и органическую) "
        "со всеми расходами, помечены «вся выручка» и показаны без статуса; добавьте "
        "столбец канала (или сопоставьте его на вкладке Столбцы) либо укажите "
        "'attribution: blended' в Настройках",
    ),
    "note.fallback_no_customers": (
        "orders name no customer: new customers, CAC, retention, churn and repeat purchases "
        "cannot be counted (marked 'no customers'); add a customer column (an id or an "
        "e-mail), or map one on the Columns tab",
        "у заказов нет клиента: новые клиенты, CAC, удержание, отток и повторные покупки "
        "не считаются (помечены «нет клиентов»); добавьте столбец клиента (id или e-mail) "
        "или сопоставьте его на вкладке Столбцы",
    ),
    "note.left_censored": (
        "{count} customers were already paying in {period}, the export's first period: they "
        "are not new customers, so that period's new customers, new MRR and CAC are not "
        "comparable (no data); from the next period on a customer is new in the period of "
        "their first paid invoice",
        "клиенты, уже платившие в первом периоде выгрузки ({period}; {count}), не считаются "
        "новыми: новые клиенты, новый MRR и CAC этого периода несравнимы (нет данных); со "
        "следующего периода клиент новый в периоде своего первого оплаченного счёта",
    ),
    "note.ltv_on_revenue": (
        "the invoices have no cost of goods: LTV, LTV:CAC and CAC payback are on revenue "
        "(a gross margin of 100%); add a cost column for gross profit",
        "в счетах нет себестоимости: LTV, LTV:CAC и окупаемость CAC посчитаны по выручке "
        "(валовая маржа 100%); добавьте столбец себестоимости, чтобы считать по прибыли",
    ),
    "note.fallback_no_channels": (
        "orders carry no channel: sales from social networks cannot be told apart (marked "
        "'no channels'); add a channel column, or map one on the Columns tab",
        "у заказов нет канала: продажи из соцсетей не выделить (помечены «нет каналов»); "
        "добавьте столбец канала или сопоставьте его на вкладке Столбцы",
    ),
    "note.unknown_stages": (
        "a deals export ({header}) whose stages say no deal was won or lost: {stages}; the "
        "tab is not used (deals are never guessed to be sales). Write the won and lost "
        "stages as the CRM names them (Closed Won, Closed Lost, Успешно реализовано...)",
        "выгрузка сделок ({header}), в этапах которой нет ни выигранных, ни проигранных "
        "сделок: {stages}; вкладка не используется (сделки не считаются продажами "
        "наугад). Укажите этапы выигрыша и проигрыша так, как их называет CRM (Closed Won, "
        "Closed Lost, Успешно реализовано...)",
    ),
    "note.date_by_content": (
        "no header names the date: the dates are read from {where}, the one column that "
        "holds dates (rename its header to Date, or map it on the Columns tab, to be sure)",
        "ни один заголовок не называет дату: даты взяты из {where}, единственного столбца "
        "с датами (переименуйте его заголовок в Дата или сопоставьте на вкладке Столбцы)",
    ),
    "start.columns": (
        "An export names a column its own way (Total Spent, Клиент (e-mail))? The summary's "
        "notes list every column not read. Add a tab Columns with the columns tab, header "
        "and column (e.g. Spend | Total Spent | spend) and that header is read every week.",
        "Выгрузка называет столбец по-своему (Total Spent, Клиент (e-mail))? В примечаниях "
        "сводки перечислены все непрочитанные столбцы. Добавьте вкладку Столбцы со "
        "столбцами вкладка, заголовок и столбец (например, Расходы | Total Spent | расход), "
        "и этот заголовок будет читаться каждую неделю.",
    ),
    "summary.flag.blended": ("all revenue", "вся выручка"),
    "summary.flag.no_customers": ("no customers", "нет клиентов"),
    "summary.flag.no_channels": ("no channels", "нет каналов"),
    "summary.flag.left_censored": ("start of history", "начало истории"),
}
