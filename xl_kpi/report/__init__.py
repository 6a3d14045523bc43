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

from ..engine import Engine, PandasEngine
from ..tabs import Note, Tab
from . import pipeline, subscriptions
from .drivers import (
    Pace,
    Split,
    driver_records,
    mark_in_progress,
    pace_of,
    pace_records,
    splits,
)
from .facts import facts_of
from .fallbacks import flag_fallbacks
from .periods import TOTAL, period_label
from .settings import Settings, Target, read_settings, read_targets
from .tables import (
    SCORECARD,
    Record,
    ScoreRow,
    channel_table,
    cohort_table,
    records,
    score_row,
    social_records,
    social_table,
)
from .targets import annotate, apply_targets, attach_channel_targets

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
    #: Each period's revenue change split into its drivers, overall and by channel.
    drivers: list[Split] = field(default_factory=list)
    #: The latest period's pace when its data ends before it does (None: it is complete).
    pace: Pace | None = None


def build_report(tabs: Mapping[str, Tab]) -> Report:
    """Compute every KPI the tabs support, by period and channel, against targets."""
    settings_tab, targets_tab = tabs.get("Settings"), tabs.get("Targets")
    # What is wrong in Settings and Targets is noted on those tabs, as a bad row is.
    settings = read_settings(settings_tab, settings_tab.notes if settings_tab else [])
    targets = read_targets(targets_tab, settings, targets_tab.notes if targets_tab else [])
    notes = [note for tab in tabs.values() for note in tab.notes]
    frames = {
        name: data
        for name, tab in tabs.items()
        if name not in ("Settings", "Targets", "Sources") and (data := _data(tab)) is not None
    }
    orders = tabs.get("Orders")
    deals = orders is not None and orders.deals
    if orders is not None and orders.deals_beside is not None and len(orders.deals_beside):
        frames["Pipeline"] = (_PANDAS, orders.deals_beside)  # their open deals alone
    facts = facts_of(
        frames,
        settings,
        deals=deals,
        billing=orders is not None and orders.billing,
    )
    subscriptions.pin_span(facts)
    if deals and "new" in facts.available:
        notes.append(Note.of(orders.sheet, "note.deals_loyalty"))
    periods = facts.periods
    if not periods:
        empty = pd.DataFrame()
        return Report(
            settings, [], None, None, [], empty, empty, empty, dict(tabs), notes, targets=targets
        )
    first, last = (_day(facts.tables.first_day), _day(facts.tables.last_day))
    scorecard = [score_row(facts, spec) for spec in SCORECARD]
    if deals:  # no loyalty from deals alone: no data (the note says why), never undefined
        for row in scorecard:
            row.has_data = row.has_data and row.entry.name not in NO_LOYALTY_FROM_DEALS
    scorecard += subscriptions.subscription_rows(facts, scorecard)
    scorecard += pipeline.scorecard_rows(facts, targets)  # a deals export's open deals
    apply_targets(scorecard, targets, periods)
    pace = pace_of(facts, max(last, settings.as_of or last), targets)
    mark_in_progress(scorecard, pace)
    notes += flag_fallbacks(scorecard, facts, tabs)  # after the statuses: a flag has none
    notes += subscriptions.flag_censored(scorecard, facts, tabs)
    split = splits(facts)
    channels = channel_table(facts)
    social = social_table(facts)
    found = records(scorecard, facts) + social_records(social)
    found += subscriptions.channel_records(facts) + pipeline.channel_records(facts)
    found = annotate(found, targets, periods)
    attach_channel_targets(channels, found)
    report = Report(
        settings,
        periods,
        first,
        last,
        scorecard,
        channels,
        social,
        cohort_table(facts),
        dict(tabs),
        notes,
        found,
        facts.attribution,
        targets,
    )
    report.records += driver_records(split, pace) + pace_records(pace)
    report.drivers, report.pace = split, pace
    return report


_PANDAS = PandasEngine()
#: The scorecard's loyalty rows, which a deals export alone cannot give (a won deal is no
#: repeat purchase): "no data" there, as a measure the workbook has no tab for.
NO_LOYALTY_FROM_DEALS = ("buyer_retention", "churn_rate", "repeat_purchase_rate")


def _data(tab: Tab) -> tuple[Engine, object] | None:
    """A tab's rows for the facts, with the engine that holds them; None without rows.

    A tab read from a workbook holds its rows in a pandas frame; a source's may stay in the
    engine that read it (``lazy``, with its ``engine``)."""
    if tab.lazy is not None:
        return (tab.engine, tab.lazy) if tab.rows_read > tab.rows_skipped else None
    return (_PANDAS, tab.frame) if len(tab.frame) else None


def _day(number: int) -> dt.date:
    return dt.date(number // 10000, number // 100 % 100, number % 100)
