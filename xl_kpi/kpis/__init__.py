"""The KPIs of the guide, by category, each one entry in the catalogue.

Each function body is the formula alone: :func:`xl_kpi.catalogue.kpi` has already read
every argument (pooled ranges, text numbers, dates) and validated it, and
:func:`~xl_kpi.catalogue.divide` gives ``nan`` for a zero or missing denominator.
Adding a KPI is one entry in the module of its category plus its worked examples in the
tests; the modules are imported in the order the catalogue lists the categories.
"""

from __future__ import annotations

# The catalogue lists the KPIs in the order these modules register them (isort is off here).
from .financial import cac, cac_payback, ltv_cac, profit, profit_margin, revenue
from .sales import aov, conversion_rate, lead_conversion, new_customers, sales_count
from .pipeline import pipeline, pipeline_coverage, pipeline_weighted
from .marketing import cpa, cpc, cpl, cpm, cps, ctr, drr, roas, romi, traffic
from .smm import engagement, engagement_rate, follower_growth, social_sales
from .loyalty import (
    brand_awareness,
    buyer_retention,
    cagr,
    churn_rate,
    ltv,
    nps,
    repeat_purchase_rate,
    retention_rate,
    sales_growth,
    share_of_voice,
)
from .subscriptions import (
    churned_mrr,
    contraction_mrr,
    expansion_mrr,
    mrr,
    net_revenue_retention,
    new_mrr,
)
from .drivers import aov_effect, conversion_effect, traffic_effect

__all__ = [
    "aov",
    "aov_effect",
    "brand_awareness",
    "buyer_retention",
    "cac",
    "cac_payback",
    "cagr",
    "churn_rate",
    "churned_mrr",
    "contraction_mrr",
    "conversion_effect",
    "conversion_rate",
    "cpa",
    "cpc",
    "cpl",
    "cpm",
    "cps",
    "ctr",
    "drr",
    "engagement",
    "engagement_rate",
    "expansion_mrr",
    "follower_growth",
    "lead_conversion",
    "ltv",
    "ltv_cac",
    "mrr",
    "net_revenue_retention",
    "new_customers",
    "new_mrr",
    "nps",
    "pipeline",
    "pipeline_coverage",
    "pipeline_weighted",
    "profit",
    "profit_margin",
    "repeat_purchase_rate",
    "retention_rate",
    "revenue",
    "roas",
    "romi",
    "sales_count",
    "sales_growth",
    "share_of_voice",
    "social_sales",
    "traffic",
    "traffic_effect",
]
