"""From raw tabs to KPI tables: every KPI by period and by channel, against targets.

The report sums each tab once by (period, channel) and hands the sums to the catalogue's
functions: a KPI of a set of rows is the ratio of its sums (the catalogue's pooled
semantics), so computing from sums is exact and fast at a million rows.  The few
quantities that are not sums (new and returning customers, followers at a date) are
counted here the way the catalogue defines them; tests hold the two to the same numbers.

Definitions the summary follows:

- a sale is an order whose status is not cancelled or returned (any language);
- a customer is new in the period of their first counted order, and belongs to the
  channel of that order;
- CPS and CAC of a channel use that channel's spend; overall ROMI, ROAS and DRR count the
  income of channels that have spend (organic sales are no return on ad spend);
- ROMI's income is revenue, or gross profit (revenue - cost of goods) when Settings say so;
- engagement rate is engagements per reach (without a reach column it has no data);
- retention in a period is the share of the previous period's buyers who bought again,
  churn its complement; follower growth compares the last count of a period with the last
  count before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..tabs import Note, Tab
from .facts import Facts
from .periods import TOTAL, all_periods, period_label, period_labels
from .settings import Settings, Target, read_settings, read_targets
from .tables import (
    SCORECARD,
    Record,
    ScoreRow,
    apply_targets,
    attach_channel_targets,
    channel_table,
    cohort_table,
    records,
    score_row,
    social_table,
)

__all__ = [
    "TOTAL",
    "Record",
    "Report",
    "ScoreRow",
    "Settings",
    "Target",
    "build_report",
    "period_label",
]


@dataclass
class Report:
    """Everything the summary shows."""

    settings: Settings
    periods: list[str]
    first_date: dt.date | None
    last_date: dt.date | None
    scorecard: list[ScoreRow]
    channels: pd.DataFrame  # one row per channel and a total row; columns per measure or KPI
    social: pd.DataFrame  # one row per network
    cohorts: pd.DataFrame  # cohort month x months since first purchase: share buying
    tabs: dict[str, Tab]
    notes: list[Note] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    #: How revenue meets spend: "channel" (orders carry channels: a channel's revenue
    #: against its spend, overall the revenue of channels with spend) or "blended" (all
    #: revenue against all spend; a channel's ROMI, ROAS and DRR are undefined).
    attribution: str = ""
    #: The Targets tab's rows the catalogue knows.
    targets: list[Target] = field(default_factory=list)


def build_report(tabs: Mapping[str, Tab]) -> Report:
    """Compute every KPI the tabs support, by period and channel, against targets."""
    settings_tab, targets_tab = tabs.get("Settings"), tabs.get("Targets")
    # What is wrong in Settings and Targets is noted on those tabs, as a bad row is.
    settings = read_settings(settings_tab, settings_tab.notes if settings_tab else [])
    targets = read_targets(targets_tab, settings, targets_tab.notes if targets_tab else [])
    notes = [note for tab in tabs.values() for note in tab.notes]
    frames = {
        name: tab.frame.copy()
        for name, tab in tabs.items()
        if name not in ("Settings", "Targets") and len(tab.frame)
    }
    dated = [f["date"] for f in frames.values() if "date" in f and f["date"].notna().any()]
    if not dated:
        empty = pd.DataFrame()
        return Report(
            settings, [], None, None, [], empty, empty, empty, dict(tabs), notes, targets=targets
        )
    first = min(d.min() for d in dated)
    last = max(d.max() for d in dated)
    periods = all_periods(first, last, settings.period)
    for frame in frames.values():
        frame["period"] = period_labels(frame["date"], settings.period)
    facts = Facts(frames, settings, periods)
    scorecard = [score_row(facts, spec) for spec in SCORECARD]
    apply_targets(scorecard, targets, periods)
    channels = channel_table(facts)
    attach_channel_targets(channels, targets)
    return Report(
        settings,
        periods,
        first.date(),
        last.date(),
        scorecard,
        channels,
        social_table(facts),
        cohort_table(facts),
        dict(tabs),
        notes,
        records(scorecard, facts),
        facts.attribution,
        targets,
    )
