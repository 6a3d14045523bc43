"""The formulas of the scorecard's KPIs as the definitions table writes them, in English
and Russian (``formula.*``); the English is the catalogue's (a test holds them equal).

Part of the one text table (:data:`xl_kpi.i18n.TEXT` holds these keys too), kept apart
from :mod:`xl_kpi.i18n` for length.
"""

from __future__ import annotations

__all__ = ["FORMULAS"]

#: key -> (English, Russian).
FORMULAS: dict[str, tuple[str, str]] = {
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
}
