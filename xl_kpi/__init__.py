"""xl-kpi: sales and marketing KPIs for Excel.

Every KPI is a pure function in one catalogue (:data:`CATALOGUE`), importable from here::

    >>> from xl_kpi import romi
    >>> romi(2_000_000, 500_000)
    3.0
"""

from .catalogue import CATALOGUE, KPI, Category, Unit, get
from .inputs import InputError
from .kpis import (
    aov,
    aov_effect,
    brand_awareness,
    buyer_retention,
    cac,
    cac_payback,
    cagr,
    churn_rate,
    churned_mrr,
    contraction_mrr,
    conversion_effect,
    conversion_rate,
    cpa,
    cpc,
    cpl,
    cpm,
    cps,
    ctr,
    drr,
    engagement,
    engagement_rate,
    expansion_mrr,
    follower_growth,
    lead_conversion,
    ltv,
    ltv_cac,
    mrr,
    net_revenue_retention,
    new_customers,
    new_mrr,
    nps,
    pipeline,
    pipeline_coverage,
    pipeline_weighted,
    profit,
    profit_margin,
    repeat_purchase_rate,
    retention_rate,
    revenue,
    roas,
    romi,
    sales_count,
    sales_growth,
    share_of_voice,
    social_sales,
    traffic,
    traffic_effect,
)

__version__ = "0.1.0"

__all__ = ["CATALOGUE", "KPI", "Category", "InputError", "Unit", "get", *CATALOGUE]
