"""Figures that rest on a fallback, marked where they are read.

When orders carry no channel, ROMI, ROAS and DRR can only set all revenue (organic sales
included) against all spend; when they carry no customer, CAC and the loyalty KPIs cannot
be counted; without channels, sales from social networks cannot be told apart. A missing
column is no choice of the user's: each such scorecard row gets a flag (a short word in
its status column, explained in the data notes) and no "on track"/"behind" status. A
fallback the user chose in Settings (``attribution: blended``) is no flag.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ..notes import Note
from ..tabs import Tab
from .facts import Facts
from .tables import ScoreRow

__all__ = ["BLENDED", "FLAGS", "flag_fallbacks"]

#: The KPIs that set revenue against spend: blended without channels on the orders.
BLENDED = frozenset({"romi", "roas", "drr"})
#: The KPIs counted from customers.
BY_CUSTOMER = frozenset(
    {"new_customers", "cac", "buyer_retention", "churn_rate", "repeat_purchase_rate"}
)
#: The KPIs that need the orders' channels.
BY_CHANNEL = frozenset({"social_sales"})
#: flag -> (the KPIs it marks, the note that explains it).
FLAGS = {
    "blended": (BLENDED, "note.fallback_blended"),
    "no_customers": (BY_CUSTOMER, "note.fallback_no_customers"),
    "no_channels": (BY_CHANNEL, "note.fallback_no_channels"),
}


def flag_fallbacks(scorecard: list[ScoreRow], facts: Facts, tabs: Mapping[str, Tab]) -> list[Note]:
    """Mark the scorecard rows that rest on a fallback (``row.flag``), take their status
    away, and return the notes that say why and what to do."""
    orders = tabs.get("Orders")
    if orders is None or not facts.has_orders:
        return []
    found = set()
    if facts.attribution == "blended" and not facts.settings.attribution:
        found.add("blended")
    if "new" not in facts.available:  # no order names its customer
        found.add("no_customers")
    if not facts.attributed.get("sales"):  # no order names its channel
        found.add("no_channels")
    notes = []
    for flag in sorted(found):
        names, key = FLAGS[flag]
        rows = [r for r in scorecard if r.entry.name in names]
        for row in rows:
            row.flag, row.on_track, row.progress = flag, None, math.nan
        notes.append(Note.of(orders.sheet, key))
    return notes
