"""Every word the product shows a person, in English and Russian, in one table.

The summary's labels, the templates' instructions and notes, the words of formatted
values and the names of the settings live here, keyed by a dotted name (``summary.total``,
``start.steps.classic``), each with its English and its Russian text (or tuple of texts).
Callers pass the language explicitly: ``text("summary.total", "ru")``.  A test fails when
a key lacks a language.
"""

from __future__ import annotations

from collections.abc import Mapping

from .i18n_commands import COMMAND_ERRORS
from .i18n_errors import ERRORS
from .i18n_reading import READING
from .i18n_sources import SOURCE_ERRORS

__all__ = ["LANGUAGES", "TEXT", "both", "labels", "text"]

#: The languages the product speaks; the first is the default.
LANGUAGES = ("en", "ru")

Text = str | tuple[str, ...]

#: key -> (English, Russian).
TEXT: Mapping[str, tuple[Text, Text]] = {
    "summary.title": ("KPI Summary", "Сводка KPI"),
    "summary.refreshed": ("Refreshed", "Обновлено"),
    "summary.period": ("period", "период"),
    "summary.month": ("month", "месяц"),
    "summary.week": ("week", "неделя"),
    "summary.quarter": ("quarter", "квартал"),
    "summary.no_dates": ("no dated data", "нет данных с датами"),
    "summary.scorecard": ("Scorecard", "Показатели"),
    "summary.kpi": ("KPI", "Показатель"),
    "summary.total": ("Total", "Итого"),
    "summary.change": ("Change", "Изменение"),
    "summary.target": ("Target", "Цель"),
    "summary.progress": ("% of target", "% цели"),
    "summary.status": ("Status", "Статус"),
    "summary.benchmark": ("Benchmark", "Ориентир"),
    "summary.on_track": ("on track", "в плане"),
    "summary.behind": ("behind", "отстаёт"),
    "summary.no_data": ("no data", "нет данных"),
    "summary.undefined": ("–", "–"),
    "summary.channels": ("Channels", "Каналы"),
    "summary.channel": ("Channel", "Канал"),
    "summary.spend": ("Spend", "Расход"),
    "summary.impressions": ("Impressions", "Показы"),
    "summary.clicks": ("Clicks", "Клики"),
    "summary.leads": ("Leads", "Лиды"),
    "summary.sales": ("Sales", "Продажи"),
    "summary.revenue": ("Revenue", "Выручка"),
    "summary.new": ("New customers", "Новые клиенты"),
    "summary.social": ("Social networks", "Соцсети"),
    "summary.network": ("Network", "Соцсеть"),
    "summary.followers_start": ("Followers at start", "Подписчики в начале"),
    "summary.followers_end": ("Followers at end", "Подписчики в конце"),
    "summary.cohorts": (
        "Cohort retention (share of each first-purchase month buying again)",
        "Удержание когорт (доля покупателей месяца первой покупки, купивших снова)",
    ),
    "summary.cohort": ("First purchase", "Первая покупка"),
    "summary.customers": ("Customers", "Клиенты"),
    "summary.month_n": ("Month {n}", "Месяц {n}"),
    "summary.notes": ("Data notes", "Замечания к данным"),
    "summary.tab": ("Tab", "Вкладка"),
    "summary.sheet": ("Sheet", "Лист"),
    "summary.rows_read": ("Rows read", "Строк прочитано"),
    "summary.rows_skipped": ("Rows skipped", "Строк пропущено"),
    "summary.first_reasons": ("First problems", "Первые проблемы"),
    "summary.absent": (
        "tab not found: its KPIs show no data",
        "вкладка не найдена: её KPI без данных",
    ),
    "summary.all_good": ("no problems found", "проблем не найдено"),
    "summary.by_month": ("by month", "по месяцам"),
    "summary.by_week": ("by week", "по неделям"),
    "summary.by_quarter": ("by quarter", "по кварталам"),
    "summary.chart_by_period": ("{kpi} {by}, {span}", "{kpi} {by}, {span}"),
    "summary.chart_target": (
        "{kpi} against target {by}, {span}",
        "{kpi}: факт и цель {by}, {span}",
    ),
    "summary.chart_spend": (
        "Spend and revenue by channel, {span}",
        "Расход и выручка по каналам, {span}",
    ),
    "summary.chart_spend_only": ("Spend by channel, {span}", "Расход по каналам, {span}"),
    "summary.chart_romi": ("ROMI by channel, {span}", "ROMI по каналам, {span}"),
    "summary.chart_funnel": (
        "Funnel: conversion step by step, {span}",
        "Воронка: конверсия по шагам, {span}",
    ),
    "summary.won": ("Sales (leads won)", "Продажи (успешные лиды)"),
    "summary.not_comparable": ("not comparable", "несопоставимо"),
    "summary.history": ("Scorecard by period", "Показатели по периодам"),
    "summary.of_target": ("of target", "цели"),
    "summary.latest": ("Latest period: {period}", "Последний период: {period}"),
    "summary.no_target": ("no target", "цели нет"),
    "summary.vs_previous": ("{change} vs {period}", "{change} к {period}"),
    "summary.channels_ads": ("Channel: advertising", "Канал: реклама"),
    "summary.channels_sales": ("Channel: sales", "Канал: продажи"),
    "summary.channel_targets": ("Channel targets", "Цели каналов"),
    "summary.value": ("Value", "Значение"),
    "summary.trend": ("Trend", "Динамика"),
    "summary.targets": ("Targets by period", "Цели по периодам"),
    "summary.funnel": ("Funnel", "Воронка"),
    "summary.step": ("Step", "Этап"),
    "summary.count": ("Count", "Количество"),
    "summary.traffic": ("Traffic", "Трафик"),
    "summary.step_conversion": ("Step conversion", "Конверсия шага"),
    "summary.funnel_conversion": ("Overall conversion", "Сквозная конверсия"),
    "summary.definitions": (
        "Definitions: what each KPI counts and the data it was computed from",
        "Определения: что считает каждый KPI и по каким данным",
    ),
    "summary.formula": ("Formula", "Формула"),
    "summary.data_used": ("Data used", "Данные"),
    "summary.page": ("Page &P of &N", "Стр. &P из &N"),
    "summary.currency": ("currency", "валюта"),
    "summary.attribution.channel": (
        "each channel's revenue against its spend",
        "выручка каждого канала против его расходов",
    ),
    "summary.attribution.blended": (
        "all revenue against all spend (orders carry no channel)",
        "вся выручка против всех расходов (в заказах нет канала)",
    ),
    "summary.refresh": ("Refresh", "Обновить"),
    "start.flavor.classic": (
        "Classic xlwings workbook (.xlsm): Excel on Windows with Python and the xlwings add-in. "
        "xlwings runs a classic workbook's KPI functions and Refresh button on Windows only: "
        "on a Mac, use the xlwings Lite workbook.",
        "Классическая книга xlwings (.xlsm): Excel для Windows с Python и надстройкой xlwings. "
        "Функции KPI и кнопку «Обновить» классической книги xlwings выполняет только в "
        "Windows: на Mac используйте книгу xlwings Lite.",
    ),
    "start.flavor.lite": (
        "xlwings Lite workbook (.xlsx): Excel 365 or 2021+ on Windows, Mac or the web, with "
        "the free xlwings Lite add-in; no Python to install.",
        "Книга xlwings Lite (.xlsx): Excel 365 или 2021+ для Windows, Mac или веб с бесплатной "
        "надстройкой xlwings Lite; Python устанавливать не нужно.",
    ),
    "start.flavor.plain": (
        "Plain workbook (.xlsx): no add-in and no macros; the KPI Summary is refreshed from "
        "the command line.",
        "Простая книга (.xlsx): без надстроек и макросов; сводка KPI обновляется из командной "
        "строки.",
    ),
    "start.what": (
        "Paste exports into the raw tabs ({tabs}), set {targets} and {settings}, refresh, and "
        "read the sheet {summary}: every KPI by period and channel, against targets, with "
        "charts and notes on rows that could not be read.",
        "Вставьте выгрузки во вкладки с данными ({tabs}), заполните {targets} и {settings}, "
        "обновите и читайте лист {summary}: все KPI по периодам и каналам, сравнение с целями, "
        "графики и замечания о строках, которые не удалось прочитать.",
    ),
    "start.sample": (
        "This copy holds a generated year of a small online shop: clear those rows (from row 2 "
        "down) before you paste your own.",
        "В этой копии — сгенерированный год небольшого интернет-магазина: удалите эти строки "
        "(со 2-й вниз), прежде чем вставлять свои.",
    ),
    "start.blank": (
        "This copy is blank: the raw tabs hold their headers only.",
        "Это пустая копия: во вкладках с данными только заголовки.",
    ),
    "start.setup": ("Set up once", "Настройка (один раз)"),
    "start.steps.classic": (
        (
            "Install Python 3.10 or newer, then in a terminal: pip install xl-kpi",
            "Install the xlwings add-in: xlwings addin install (then restart Excel).",
            "Open this workbook and enable macros. Its sheet {conf} already sets UDF Modules "
            "to {module}.",
            "On the xlwings ribbon tab, click Import Functions once: it adds the KPI functions "
            "(=ROMI, =CPC…) and the refresh_kpis macro of the {button} button. Save the "
            "workbook.",
            "If the examples below show #NAME?, press Ctrl+Alt+F9 to recalculate.",
        ),
        (
            "Установите Python 3.10 или новее и выполните в терминале: pip install xl-kpi",
            "Установите надстройку xlwings: xlwings addin install (и перезапустите Excel).",
            "Откройте эту книгу и включите макросы. Лист {conf} уже задаёт UDF Modules = {module}.",
            "На вкладке xlwings нажмите Import Functions один раз: в книгу добавятся функции "
            "KPI (=ROMI, =CPC…) и макрос refresh_kpis кнопки «{button}». Сохраните книгу.",
            "Если примеры ниже показывают #ИМЯ? (#NAME?), нажмите Ctrl+Alt+F9.",
        ),
    ),
    "start.steps.lite": (
        (
            'In Excel: Home > Add-ins, search for "xlwings Lite" and add it (free, from the '
            "Office store).",
            "Open this workbook: the xlwings Lite pane opens with it. Trust the workbook's "
            "code when asked; the first start installs xl-kpi from requirements.txt (a minute).",
            "The code is in the workbook: main.py imports every KPI function and the "
            "refresh_kpis script of the {button} button from xl-kpi.",
            "If the examples below show #NAME?, press Ctrl+Alt+F9 to recalculate.",
        ),
        (
            "В Excel: Главная > Надстройки, найдите «xlwings Lite» и добавьте её (бесплатно, "
            "из магазина Office).",
            "Откройте эту книгу: панель xlwings Lite откроется вместе с ней. Разрешите код "
            "книги, когда Excel спросит; при первом запуске xl-kpi установится по "
            "requirements.txt (около минуты).",
            "Код хранится в книге: main.py подключает из xl-kpi все функции KPI и скрипт "
            "refresh_kpis кнопки «{button}».",
            "Если примеры ниже показывают #ИМЯ? (#NAME?), нажмите Ctrl+Alt+F9.",
        ),
    ),
    "start.steps.plain": (
        (
            "Install Python 3.10 or newer, then in a terminal: pip install xl-kpi",
            "Nothing to install in Excel: this workbook has no macros and no add-in.",
        ),
        (
            "Установите Python 3.10 или новее и выполните в терминале: pip install xl-kpi",
            "В Excel ничего устанавливать не нужно: в книге нет макросов и надстроек.",
        ),
    ),
    "start.every": ("Every time", "Каждый раз"),
    "start.routine.classic": (
        (
            "Paste each export at A1 of its raw tab as the tool gave it (its title rows, "
            "header and totals are recognised), or your own rows under the headers.",
            "Click {button} on the sheet {summary}. Without Excel: close the workbook and run "
            "xl-kpi refresh book.xlsm.",
        ),
        (
            "Вставьте каждую выгрузку в A1 своей вкладки как есть (строки заголовка, "
            "шапка и итоги распознаются) или свои строки под заголовками.",
            "Нажмите «{button}» на листе {summary}. Без Excel: закройте книгу и выполните "
            "xl-kpi refresh book.xlsm.",
        ),
    ),
    "start.routine.lite": (
        (
            "Paste each export at A1 of its raw tab as the tool gave it (its title rows, "
            "header and totals are recognised), or your own rows under the headers.",
            "Click {button} on the sheet {summary} (the xlwings Lite pane must be open).",
        ),
        (
            "Вставьте каждую выгрузку в A1 своей вкладки как есть (строки заголовка, "
            "шапка и итоги распознаются) или свои строки под заголовками.",
            "Нажмите «{button}» на листе {summary} (панель xlwings Lite должна быть открыта).",
        ),
    ),
    "start.routine.plain": (
        (
            "Paste each export at A1 of its raw tab as the tool gave it (its title rows, "
            "header and totals are recognised), or your own rows under the headers.",
            "Save and close the workbook, then in a terminal: xl-kpi refresh book.xlsx (it "
            "rewrites the sheet {summary} only).",
            "xl-kpi check book.xlsx lists the rows that could not be read, and why.",
        ),
        (
            "Вставьте каждую выгрузку в A1 своей вкладки как есть (строки заголовка, "
            "шапка и итоги распознаются) или свои строки под заголовками.",
            "Сохраните и закройте книгу, затем в терминале: xl-kpi refresh book.xlsx "
            "(перезаписывается только лист {summary}).",
            "xl-kpi check book.xlsx покажет строки, которые не удалось прочитать, и почему.",
        ),
    ),
    "start.rows": (
        "The example formulas cover rows 2 to {rows}: widen their ranges for more.",
        "Примеры формул охватывают строки со 2-й по {rows}-ю: расширьте диапазоны, если строк "
        "больше.",
    ),
    "start.values": (
        "The examples are values computed by xl-kpi (this workbook has no KPI functions); the "
        "formula shows what the same KPI is in a classic or Lite workbook.",
        "Примеры — значения, посчитанные xl-kpi (функций KPI в этой книге нет); формула "
        "показывает тот же KPI в книге classic или Lite.",
    ),
    "start.title": ("xl-kpi: sales and marketing KPIs", "KPI продаж и маркетинга"),
    "start.examples": ("Example formulas", "Примеры формул"),
    "start.column.kpi": ("KPI", "Показатель"),
    "start.column.formula": ("Formula", "Формула"),
    "start.column.result": ("Result", "Результат"),
    "start.column.counts": ("What it counts", "Что считает"),
    "start.config_note": (
        "Read by the xlwings add-in (Import Functions): settings run from A1 down to the first "
        "blank row.",
        "Читается надстройкой xlwings (Import Functions): настройки идут с A1 до первой пустой "
        "строки.",
    ),
    "template.paste_note": (
        "← Paste an export at A1 as it comes, or your rows under these headers",
        "Вставьте выгрузку в A1 как есть или свои строки под заголовками",
    ),
    "template.note.Targets": (
        "← One target per row: kpi is the Excel name or the title (ROMI, Average check…); "
        "blank period or channel = every period, the whole shop",
        "По одной цели в строке: показатель — имя функции или название (ROMI, Средний "
        "чек…); пустой период или канал — все периоды, весь магазин",
    ),
    "template.note.Settings": (
        "← period: month, week or quarter; language: en or ru; romi_basis: revenue or gross "
        "profit; optional: currency (RUB), social_channels (VK, Telegram)",
        "period: month, week или quarter; language: en или ru; по желанию: currency, "
        "social_channels",
    ),
    "start.separator": (
        "In Russian Excel, formula arguments are separated by semicolons.",
        "В русском Excel аргументы формул разделяются точкой с запятой.",
    ),
    "start.example.revenue": (
        "every order row, cancelled and returned included",
        "все строки заказов, включая отменённые и возвраты",
    ),
    "start.example.aov": ("average of every order row", "среднее по всем строкам заказов"),
    "start.example.romi": (
        "all order revenue against all ad spend (the summary counts sales of paid channels only)",
        "вся выручка против всех расходов (сводка считает только продажи платных каналов)",
    ),
    "start.example.cpc": ("ad spend per click", "расход на клик"),
    "start.example.ctr": ("clicks per impression", "клики на показ"),
    # the scorecard KPIs' formulas; English is the catalogue's (a test holds them equal)
    "formula.revenue": ("sum of amounts [dated start..end]", "сумма выручки заказов за период"),
    "formula.sales_count": (
        "number of non-blank amounts [dated start..end]",
        "число заказов за период, без отменённых и возвратов",
    ),
    "formula.aov": (
        "revenue / orders (without orders: revenue / number of amounts)",
        "выручка / число заказов",
    ),
    "formula.profit": ("revenue - costs", "выручка − затраты"),
    "formula.profit_margin": ("(revenue - costs) / revenue", "(выручка − затраты) / выручка"),
    "formula.new_customers": (
        "customers whose first order is dated start..end",
        "клиенты, чей первый заказ пришёлся на период",
    ),
    "formula.cac": (
        "(marketing_costs + sales_costs) / new_customers",
        "(расходы на маркетинг + расходы на продажи) / новые клиенты",
    ),
    "formula.lead_conversion": ("sales / leads", "продажи / лиды"),
    "formula.pipeline": ("sum of open deals' amounts", "сумма открытых сделок"),
    "formula.pipeline_weighted": (
        "sum of open deals' amount × probability",
        "сумма открытых сделок × вероятность",
    ),
    "formula.pipeline_coverage": ("pipeline / revenue target", "воронка сделок / план по выручке"),
    "formula.conversion_rate": ("conversions / visitors", "продажи / посетители"),
    "formula.traffic": ("sum of visitors", "сумма посетителей"),
    "formula.engagement": ("likes + comments + reposts", "лайки + комментарии + репосты"),
    "formula.engagement_rate": ("engagements / audience", "вовлечённость / охват"),
    "formula.ctr": ("clicks / impressions", "клики / показы"),
    "formula.cpc": ("cost / clicks", "расход / клики"),
    "formula.cpm": ("cost / impressions x 1000", "расход / показы × 1000"),
    "formula.cpl": ("cost / leads", "расход / лиды"),
    "formula.cps": ("cost / sales", "расход / продажи"),
    "formula.romi": ("(income - cost) / cost", "(доход − расход) / расход"),
    "formula.roas": ("revenue / ad_cost", "выручка / рекламный расход"),
    "formula.drr": ("ad_cost / revenue", "рекламный расход / выручка"),
    "formula.follower_growth": (
        "(end_followers - start_followers) / start_followers",
        "(подписчики в конце − подписчики в начале) / подписчики в начале",
    ),
    "formula.social_sales": (
        "sales whose channel is a social network",
        "продажи, чей канал — соцсеть",
    ),
    "formula.sales_growth": (
        "(current - previous) / abs(previous)",
        "(текущий период − предыдущий) / |предыдущий|",
    ),
    "formula.brand_awareness": ("aware / surveyed", "знают бренд / опрошено"),
    "formula.buyer_retention": (
        "returning_buyers / previous_buyers",
        "вернувшиеся покупатели / покупатели прошлого периода",
    ),
    "formula.churn_rate": (
        "customers_lost / customers_start",
        "ушедшие клиенты / клиенты на начало",
    ),
    "formula.repeat_purchase_rate": (
        "customers with 2+ orders / distinct customers",
        "клиенты с 2 и более заказами / все клиенты",
    ),
    "formula.mrr": (
        "sum of recurring amounts / months",
        "сумма оплаченных счетов подписок / месяцев в периоде",
    ),
    "formula.new_mrr": (
        "sum of current where previous = 0",
        "MRR клиентов, не плативших в прошлом периоде",
    ),
    "formula.expansion_mrr": (
        "sum of (current - previous) where current > previous > 0",
        "прирост MRR клиентов, плативших больше, чем в прошлом периоде",
    ),
    "formula.contraction_mrr": (
        "sum of (previous - current) where previous > current > 0",
        "снижение MRR клиентов, плативших меньше, чем в прошлом периоде",
    ),
    "formula.churned_mrr": (
        "sum of previous where current = 0",
        "MRR прошлого периода клиентов, не заплативших в этом",
    ),
    "formula.net_revenue_retention": (
        "(mrr_start + expansion - contraction - churned) / mrr_start",
        "(MRR на начало + расширение − сокращение − ушедший) / MRR на начало",
    ),
    "formula.ltv": (
        "aov x purchase_frequency x lifespan x margin",
        "ARPA × валовая маржа × срок жизни клиента (месяцев: 1 / отток за месяц)",
    ),
    "formula.ltv_cac": ("ltv / cac", "пожизненная ценность (LTV) / стоимость привлечения (CAC)"),
    "formula.cac_payback": (
        "cac / (monthly_arpa x gross_margin)",
        "CAC / (ARPA в месяц × валовая маржа)",
    ),
    "value.undefined": (
        "undefined (zero or missing denominator)",
        "не определено (делитель 0 или нет данных)",
    ),
    "value.months": ("months", "мес."),
    "value.pp": ("pp", "п.п."),
    "setting.period": ("period", "период"),
    "setting.language": ("language", "язык"),
    "setting.currency": ("currency", "валюта"),
    "setting.social_channels": ("social_channels", "соцсети"),
    "setting.romi_basis": ("romi_basis", "база ROMI"),
    "setting.sales_costs": ("sales team costs", "затраты на отдел продаж"),
    "setting.value.month": ("month", "месяц"),
    "setting.value.week": ("week", "неделя"),
    "setting.value.quarter": ("quarter", "квартал"),
    "setting.value.en": ("english", "английский"),
    "setting.value.ru": ("russian", "русский"),
    "setting.value.revenue": ("revenue", "выручка"),
    "setting.value.gross profit": ("gross profit", "валовая прибыль"),
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
    # What changed and the pace of a period in progress (xl_kpi/summary_changes.py).
    "changes.title": ("What changed", "Что изменилось"),
    "changes.revenue": (
        "{period}: revenue {pct} vs {previous} ({amount})",
        "{period}: выручка {pct} к {previous} ({amount})",
    ),
    "changes.unsplit": (
        "its drivers cannot be split (a period without visitors or sales)",
        "разложить по факторам нельзя (в одном из периодов нет посетителей или продаж)",
    ),
    "changes.mover": (
        "Biggest mover: {channel} ({amount}; {driver} {pct}).",
        "Сильнее всего изменился канал {channel} ({amount}; {driver} {pct}).",
    ),
    "changes.mover_new": (
        "Biggest mover: {channel} ({amount}, new in {period}).",
        "Сильнее всего изменился канал {channel} ({amount}, новый в {period}).",
    ),
    "changes.mover_plain": (
        "Biggest mover: {channel} ({amount}).",
        "Сильнее всего изменился канал {channel} ({amount}).",
    ),
    "changes.partial": (
        "the data of {period} starts on {date}, part of the period",
        "данные за {period} начинаются {date}, это часть периода",
    ),
    "changes.nothing": (
        "No complete period before {period} to compare it with yet.",
        "Пока нет полного периода до {period}, с которым его сравнить.",
    ),
    "changes.in_progress": (
        "{period} is in progress: data to {date}, day {elapsed} of {days}; changes of sums "
        "from a whole period are not comparable ({mark}).",
        "{period} ещё идёт: данные по {date}, день {elapsed} из {days}; изменения сумм к "
        "полному периоду несопоставимы ({mark}).",
    ),
    "changes.pace_short": (
        "At this pace: {name} {projected} of {target} ({share}) — {gap} short, needs "
        "{per_day} a day for the {left} days left.",
        "При таком темпе: {name} {projected} из {target} ({share}) — не хватает {gap}, "
        "нужно {per_day} в день, осталось дней: {left}.",
    ),
    "changes.pace_ahead": (
        "At this pace: {name} {projected} of {target} ({share}) — on track.",
        "При таком темпе: {name} {projected} из {target} ({share}) — в плане.",
    ),
    "changes.pace_plain": (
        "At this pace: {name} {projected} by {end}.",
        "При таком темпе: {name} {projected} к {end}.",
    ),
    "changes.in_progress_heading": ("{period} (in progress)", "{period} (идёт)"),
    "changes.not_comparable": ("n/c", "н/с"),
    "changes.movers": (
        "Revenue change by channel, {period} vs {previous}",
        "Изменение выручки по каналам, {period} к {previous}",
    ),
    "changes.channel": ("Channel", "Канал"),
    "changes.change": ("Change", "Изменение"),
    "changes.change_pct": ("Change, %", "Изменение, %"),
    "changes.total": ("All channels", "Все каналы"),
    "changes.driver.TRAFFIC": ("traffic", "трафик"),
    "changes.driver.CLICKS": ("clicks", "клики"),
    "changes.driver.SPEND": ("spend", "расход"),
    "changes.driver.SALES_COUNT": ("sales", "продажи"),
    "changes.driver.CONVERSION_RATE": ("conversion", "конверсия"),
    "changes.driver.ROAS": ("ROAS", "ROAS"),
    "changes.driver.AOV": ("average check", "средний чек"),
    "changes.effect.TRAFFIC": ("Traffic effect", "Вклад трафика"),
    "changes.effect.CLICKS": ("Clicks effect", "Вклад кликов"),
    "changes.effect.SPEND": ("Spend effect", "Вклад расхода"),
    "changes.effect.SALES_COUNT": ("Sales effect", "Вклад числа продаж"),
    "changes.effect.CONVERSION_RATE": ("Conversion effect", "Вклад конверсии"),
    "changes.effect.ROAS": ("ROAS effect", "Вклад ROAS"),
    "changes.effect.AOV": ("Average check effect", "Вклад среднего чека"),
    "changes.pace.REVENUE": ("revenue", "выручка"),
    "changes.pace.SALES_COUNT": ("sales", "продажи"),
    "changes.pace.SPEND": ("spend", "расход"),
    "changes.pace.LEADS": ("leads", "лиды"),
    **ERRORS,  # what errors say, kept apart for length (xl_kpi/i18n_errors.py)
    **COMMAND_ERRORS,  # and xl_kpi/i18n_commands.py
    **SOURCE_ERRORS,  # and xl_kpi/i18n_sources.py (sources and engines)
    **READING,  # and xl_kpi/i18n_reading.py (an export's columns and stages)
}


def text(key: str, lang: str = "en") -> Text:
    """The text of ``key`` in ``lang`` (``en`` or ``ru``; anything else reads as ``en``).

    >>> text("summary.total", "ru"), text("summary.total")
    ('Итого', 'Total')
    """
    english, russian = TEXT[key]
    return russian if lang == "ru" else english


def both(key: str, separator: str = " / ") -> str:
    """English and Russian side by side, for the cells the templates write in both.

    >>> both("template.paste_note").endswith("свои строки под заголовками")
    True
    """
    english, russian = TEXT[key]
    return f"{english}{separator}{russian}"


def labels(prefix: str, lang: str) -> dict[str, Text]:
    """Every text under ``prefix`` in ``lang``, keyed by the rest of its key.

    >>> labels("summary.", "ru")["total"]
    'Итого'
    """
    return {key[len(prefix) :]: text(key, lang) for key in TEXT if key.startswith(prefix)}
