"""The pipeline of a deals export: open deals' amount, weighted by their odds, and how
many times it covers the revenue target.

An open deal (neither won nor lost) is no sale; the facts (:mod:`xl_kpi.engine.facts`)
sum it by the period of its expected close date (the export's expected close date, else
its close date, which CRMs fill with the expected one while a deal is open) and channel.
A deal expected after the last period, or on no date, counts in the totals only: open
deals never add periods of their own. The weighted pipeline multiplies each deal's amount
by the probability the export gives it (HubSpot's ``Deal probability``, Salesforce's
``Probability (%)``, Pipedrive's ``Deal - Probability``; above 1 anywhere in the column is
a percentage); without that column it is no data, never guessed from stage names.

Coverage is the pipeline over the period's revenue target (Targets tab: ``REVENUE``);
without a target it is no data. The rows join the scorecard only when the Orders tab is a
deals export with open deals, so other workbooks' summaries and records are unchanged.
"""

from __future__ import annotations

import math

from .. import kpis as k
from ..catalogue import CATALOGUE
from .facts import Facts, Slice
from .periods import TOTAL
from .settings import Target
from .tables import Record, ScoreRow
from .targets import target_for

__all__ = ["RECORDS", "ROWS", "channel_records", "scorecard_rows"]

#: The scorecard rows of a deals export's pipeline (catalogue names), in order.
ROWS = ("pipeline", "pipeline_weighted", "pipeline_coverage")
#: The pipeline's records (by record name) and the measure each reads.
RECORDS = (("PIPELINE", "pipeline"), ("PIPELINE_WEIGHTED", "pipeline_weighted"))


def scorecard_rows(facts: Facts, targets: list[Target]) -> list[ScoreRow]:
    """The pipeline, the weighted pipeline and the pipeline coverage by period (none
    without open deals)."""
    if "pipeline" not in facts.available:
        return []
    periods = [*facts.periods, TOTAL]
    amount = {p: k.pipeline([Slice(facts, p, None).pipeline]) for p in periods}
    rows = [ScoreRow(CATALOGUE["pipeline"], amount, True)]
    weighted = "pipeline_weighted" in facts.available
    rows.append(
        ScoreRow(
            CATALOGUE["pipeline_weighted"],
            {p: Slice(facts, p, None).pipeline_weighted if weighted else math.nan for p in periods},
            weighted,
        )
    )
    goals = {p: target_for(targets, "REVENUE", p, None, facts.periods) for p in periods}
    coverage = {
        p: k.pipeline_coverage(amount[p], goal.target) if goal is not None else math.nan
        for p, goal in goals.items()
    }
    known = any(goal is not None for goal in goals.values())
    rows.append(ScoreRow(CATALOGUE["pipeline_coverage"], coverage, known))
    return rows


def channel_records(facts: Facts) -> list[Record]:
    """Each channel's pipeline and weighted pipeline by period and in total, as records."""
    if "pipeline" not in facts.available:
        return []
    found = []
    for key in facts.channel_keys:
        name = facts.name(key)
        for period in [*facts.periods, TOTAL]:
            s = Slice(facts, period, key)
            for record, measure in RECORDS:
                value = getattr(s, measure) if measure in facts.available else math.nan
                found.append(Record(record, period, name, value))
    return found
