"""The words of the KPI Summary sheet, in English and Russian: its title and headings, the
labels of its tables, tiles, statuses and notes (``summary.*``), and its "What changed"
block: why revenue moved and the pace of a period in progress (``changes.*``,
:mod:`xl_kpi.summary_changes`).

Part of the one text table (:data:`xl_kpi.i18n.TEXT` holds these keys too), kept apart
from :mod:`xl_kpi.i18n` for length.
"""

from __future__ import annotations

__all__ = ["CHANGES", "SUMMARY"]

#: key -> (English, Russian): the sheet's labels.
SUMMARY: dict[str, tuple[str, str]] = {
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
}

#: key -> (English, Russian): "What changed" and the pace of a period.
CHANGES: dict[str, tuple[str, str]] = {
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
}
