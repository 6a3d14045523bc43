"""Worked examples for every KPI in the catalogue, and the cases that make each undefined.

Each example is computed by hand from the published definition named in ``source``;
numbers that a source prints itself are marked so.  Registry-driven tests fail when a
catalogue entry has no example here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    args: tuple[Any, ...]
    expected: float
    source: str
    kwargs: dict[str, Any] = field(default_factory=dict)


GOOGLE_ADS = "Google Ads Help"
FARRIS = "Farris et al., Marketing Metrics"
HUBSPOT = "HubSpot, customer retention rate"
BAIN = "Reichheld / Bain, Net Promoter Score"
GUIDE = "the guide's definition"
SAAS = "the SaaS definitions of MRR movements (new, expansion, contraction, churn)"
CRM = "CRM practice: HubSpot's weighted amount (amount x deal probability), pipeline / quota"
ANG = "Ang 2005, the LMDI approach to decomposition analysis (LMDI-I)"

MRR_BEFORE = [[100], [None], [60], [50]]
MRR_NOW = [[120], [80], [45], [None]]

EXAMPLES: dict[str, list[Case]] = {
    "revenue": [
        Case(([[1200], [None], [1800]],), 3000.0, GUIDE),
        Case(
            ([[100], [200], [300]], [["01.01.2026"], ["31.01.2026"], ["01.02.2026"]]),
            300.0,
            GUIDE,
            {"start": "01.01.2026", "end": "31.01.2026"},
        ),
    ],
    "sales_count": [Case(([[1200], [None], [1800], [0]],), 3.0, GUIDE)],
    "profit": [Case((1_000_000, 750_000), 250_000.0, FARRIS)],
    "profit_margin": [Case((1_000_000, 750_000), 0.25, FARRIS)],
    "cac": [
        Case((300_000, 120), 2500.0, FARRIS),
        Case((300_000, 120), 3000.0, FARRIS, {"sales_costs": 60_000}),
    ],
    "cac_payback": [Case((3000, 1000), 6.0, GUIDE, {"gross_margin": 0.5})],
    "ltv_cac": [Case((9000, 3000), 3.0, GUIDE)],
    "aov": [Case((450_000, 150), 3000.0, FARRIS), Case(([[2000], [None], [4000]],), 3000.0, GUIDE)],
    "lead_conversion": [Case((30, 200), 0.15, GUIDE)],
    # open deals of 12,000 and 5,000 (one amount blank): a pipeline of 17,000
    "pipeline": [Case(([[12_000], [None], [5_000]],), 17_000.0, CRM)],
    # 10,000 at 20% and 5,000 at 50% (Salesforce writes 50): 2,000 + 2,500
    "pipeline_weighted": [
        Case(([[10_000], [5_000]], [[0.2], [0.5]]), 4500.0, CRM),
        Case(([[10_000], [5_000]], [[20], [50]]), 4500.0, CRM),
    ],
    # a pipeline of 300,000 against a revenue target of 100,000: covered three times
    "pipeline_coverage": [Case((300_000, 100_000), 3.0, CRM)],
    # Google Ads: "50 conversions from 1,000 interactions ... 5%" (printed by the source)
    "conversion_rate": [Case((50, 1000), 0.05, GOOGLE_ADS)],
    # Google Ads: two clicks costing $0.20 and $0.40 give an average CPC of $0.30 (printed)
    "cpc": [Case(([[0.20], [0.40]], 2), 0.30, GOOGLE_ADS)],
    "cpl": [Case((50_000, 125), 400.0, GUIDE)],
    "cpa": [Case((10_000, 40), 250.0, GOOGLE_ADS)],
    "cps": [Case((90_000, 30), 3000.0, GUIDE)],
    "cpm": [Case((20, 10_000), 2.0, GOOGLE_ADS)],
    # Google Ads: 5 clicks and 1,000 impressions give a CTR of 0.5% (printed)
    "ctr": [Case((5, 1000), 0.005, GOOGLE_ADS)],
    "romi": [Case((2_000_000, 500_000), 3.0, FARRIS), Case((400_000, 500_000), -0.2, FARRIS)],
    "roas": [Case((400_000, 100_000), 4.0, GUIDE)],
    "drr": [Case((100_000, 400_000), 0.25, GUIDE)],
    "engagement_rate": [Case(([[120, 30, 10], [80, 15, 5]], 5000), 0.052, GUIDE)],
    "follower_growth": [Case((4000, 4600), 0.15, GUIDE)],
    "sales_growth": [Case((1_150_000, 1_000_000), 0.15, GUIDE), Case((-50, -100), 0.5, GUIDE)],
    "brand_awareness": [Case((180, 600), 0.3, FARRIS)],
    "share_of_voice": [Case((250, 1000), 0.25, FARRIS)],
    # HubSpot: ((E - N) / S): start 200, end 220, 40 new: 90%
    "retention_rate": [Case((200, 220, 40), 0.9, HUBSPOT)],
    # 200 buyers in March, 30 of them buy again in April.
    "buyer_retention": [Case((200, 30), 0.15, GUIDE), Case((8, 8), 1.0, GUIDE)],
    "churn_rate": [Case((20, 200), 0.1, HUBSPOT)],
    "repeat_purchase_rate": [
        Case(([["C1"], ["C2"], ["C1"], [None], ["C3"], [42.0], [42]],), 0.5, FARRIS)
    ],
    "nps": [
        Case(([10, 9, 9, 8, 7, 6, 3, 10, 9, 2],), 20.0, BAIN),
        Case(([[10], [10]],), 100.0, BAIN),
    ],
    "ltv": [
        Case((3000, 4, 3), 36_000.0, FARRIS),
        Case((3000, 4, 3), 9000.0, FARRIS, {"margin": 0.25}),
    ],
    "cagr": [Case((1_000_000, 1_331_000, 3), 0.1, FARRIS)],
    # Four customers' MRR last month and this: A 100 -> 120 (upgrade), B none -> 80 (new),
    # C 60 -> 45 (downgrade), D 50 -> none (churned): 210 -> 245 = 210 + 80 + 20 - 15 - 50.
    "mrr": [Case((9000, 3), 3000.0, SAAS), Case(([[120], [80], [45], [None]],), 245.0, SAAS)],
    "new_mrr": [Case((MRR_BEFORE, MRR_NOW), 80.0, SAAS)],
    "expansion_mrr": [Case((MRR_BEFORE, MRR_NOW), 20.0, SAAS)],
    "contraction_mrr": [Case((MRR_BEFORE, MRR_NOW), 15.0, SAAS)],
    "churned_mrr": [Case((MRR_BEFORE, MRR_NOW), 50.0, SAAS)],
    # the same customers: (210 + 20 - 15 - 50) / 210
    "net_revenue_retention": [Case((210, 20, 15, 50), 165 / 210, SAAS)],
    "new_customers": [
        Case(
            (
                [["C1"], ["C2"], ["C1"], ["C3"], [None]],
                [["05.01.2026"], ["10.01.2026"], ["03.02.2026"], ["04.02.2026"], [None]],
            ),
            1.0,
            GUIDE,
            {"start": "01.02.2026", "end": "28.02.2026"},
        ),
        Case(([["C1"], ["C2"], ["C1"]], [[46027.0], [46032.0], [46056.0]]), 2.0, GUIDE),
    ],
    "traffic": [Case(([[1200], [None], [800]],), 2000.0, GUIDE)],
    "engagement": [Case((120, 30, 10), 160.0, GUIDE), Case((120,), 120.0, GUIDE)],
    "social_sales": [
        Case(([["VK"], ["Email"], [" telegram "], [None]], [["VK"], ["Telegram"]]), 2.0, GUIDE),
        Case(([["VK"], ["Email"]], "VK; Telegram"), 1.0, GUIDE),
    ],
    # Visitors 10,000 -> 9,500, conversion 2% -> 1.8% (200 -> 171 sales), average check
    # 5,000 -> 5,100: revenue 1,000,000 -> 872,100. L = -127,900 / ln(0.8721) = 934,591.85;
    # the effects are L * ln(0.95), L * ln(0.9) and L * ln(1.02), and add up to -127,900.
    "traffic_effect": [
        Case((1_000_000, 872_100, 200, 171, 10_000, 9500), -47_938.29487167011, ANG),
        Case((1000, 2000, 10, 20, 500, 500), 0.0, ANG),  # visitors flat: no traffic effect
    ],
    "conversion_effect": [
        Case((1_000_000, 872_100, 200, 171, 10_000, 9500), -98_469.07919920707, ANG),
        # conversion halves (20 -> 10 sales of 500 visitors), the check stays 50:
        # revenue 1000 -> 500, and the whole change is conversion's
        Case((1000, 500, 20, 10, 500, 500), -500.0, ANG),
    ],
    "aov_effect": [
        Case((1_000_000, 872_100, 200, 171, 10_000, 9500), 18_507.374070877187, ANG),
        # orders of no amount before (an average check of 0): the check takes the change
        Case((0, 600, 10, 12, 100, 110), 600.0, ANG),
    ],
}

#: Arguments that make each KPI undefined (a zero or missing denominator).
UNDEFINED: dict[str, list[tuple[Any, ...]]] = {
    "profit_margin": [(0, 100), (None, 100)],
    "cac": [(300_000, 0), (300_000, [[None], [None]])],
    "cac_payback": [(3000, 0), (3000, 1000, 0)],
    "ltv_cac": [(9000, 0)],
    "aov": [(450_000, 0), ([[None]],)],
    "lead_conversion": [(30, 0)],
    "pipeline_coverage": [(300_000, 0), (300_000, None)],
    "pipeline_weighted": [([[10_000]], [[None]])],
    "conversion_rate": [(50, 0), (50, [])],
    "cpc": [(10, 0)],
    "cpl": [(10, 0)],
    "cpa": [(10, 0)],
    "cps": [(10, 0)],
    "cpm": [(10, 0)],
    "ctr": [(5, 0)],
    "romi": [(1000, 0)],
    "roas": [(1000, 0)],
    "drr": [(10, 0)],
    "engagement_rate": [(100, 0)],
    "follower_growth": [(0, 100)],
    "sales_growth": [(100, 0)],
    "brand_awareness": [(10, 0)],
    "share_of_voice": [(10, 0)],
    "retention_rate": [(0, 10, 5)],
    "buyer_retention": [(0, 0), ([[None]], 3)],
    "churn_rate": [(5, 0)],
    "repeat_purchase_rate": [([[None], [""]],)],
    "nps": [([],), ([[None]],)],
    "cagr": [(0, 100, 2), (100, 121, 0), (-100, 121, 2)],
    "mrr": [([[None]],), (100, 0)],
    "net_revenue_retention": [(0, 10, 0, 0), ([[None]], 0, 0, 0)],
    "profit": [(None, 100)],
    "ltv": [(None, 4, 3)],
    "traffic": [([[None]],)],
    "engagement": [(None,)],
    # a period without visitors, without sales, or with a negative revenue
    "traffic_effect": [(1000, 1200, 10, 12, 0, 100), (-5, 100, 1, 2, 10, 10)],
    "conversion_effect": [(1000, 1200, 0, 12, 100, 100), (1000, 1200, 10, 12, [[None]], 100)],
    "aov_effect": [(1000, 1200, 10, 0, 100, 100)],
}

#: KPIs that are defined for every valid input: sums and counts of nothing are 0.
ALWAYS_DEFINED = {
    "revenue",
    "sales_count",
    "new_customers",
    "social_sales",
    "new_mrr",
    "expansion_mrr",
    "contraction_mrr",
    "churned_mrr",
    "pipeline",
}

#: One argument position per KPI that must refuse negative numbers (a count or a cost).
NEGATIVE_REFUSED: dict[str, int] = {
    "cac": 1,
    "cac_payback": 0,
    "ltv_cac": 1,
    "lead_conversion": 1,
    "conversion_rate": 1,
    "cpc": 0,
    "cpl": 1,
    "cpa": 0,
    "cps": 1,
    "cpm": 1,
    "ctr": 0,
    "romi": 1,
    "roas": 1,
    "drr": 0,
    "engagement_rate": 1,
    "follower_growth": 0,
    "brand_awareness": 1,
    "share_of_voice": 0,
    "retention_rate": 2,
    "buyer_retention": 0,
    "churn_rate": 0,
    "profit": 1,
    "profit_margin": 1,
    "ltv": 1,
    "cagr": 2,
    "nps": 0,
    "mrr": 1,
    "net_revenue_retention": 1,
}
