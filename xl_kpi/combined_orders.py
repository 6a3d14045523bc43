"""Orders of both kinds in one workbook: a billing export and a deals export, combined
without counting a sale twice.

A won deal and the invoices that follow it are one customer's money seen twice. When the
Orders tabs hold both, revenue, sales, MRR and new customers come from the billing export
alone (what was paid, a customer new in the period of their first paid invoice); the won
deals give each paying customer their channel (the channel of the customer's earliest won
deal, where the invoices name none), so that new customers and CAC are attributed to the
channels that won them. The deals' rows are then not orders: a note says so. Their open
deals (neither won nor lost) are still the pipeline: the deals' rows ride beside the
invoices (``Tab.deals_beside``) and the facts take only their open deals from them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .checked import Tab
from .notes import Note
from .statuses import WON, status_key

__all__ = ["billing_and_deals"]


def _key(value: object) -> str:
    return str(value).strip().casefold()


def billing_and_deals(group: Sequence[Tab]) -> list[Tab]:
    """The Orders tabs to combine: all of them, or, when they hold a billing export and a
    deals export, the billing tabs with the won deals' channels (see the module)."""
    billing = [t for t in group if t.billing and len(t.frame)]
    deals = [t for t in group if t.deals and len(t.frame)]
    if not billing or not deals:
        return list(group)
    channels = _deal_channels(deals)
    kept = []
    for tab in group:
        if tab.deals:
            continue
        if tab.billing and channels:
            tab.frame, filled = _with_channels(tab.frame, channels)
            if filled:
                tab.notes.append(
                    Note.of(tab.sheet, "note.deal_channels", count=filled, deals=deals[0].sheet)
                )
        kept.append(tab)
    sheets = ", ".join(repr(t.sheet) for t in deals)
    kept[0].deals_beside = pd.concat([t.frame for t in deals], ignore_index=True)
    kept[0].notes.append(
        Note.of(kept[0].sheet, "note.billing_and_deals", deals=sheets, billing=kept[0].sheet)
    )
    return kept


def _deal_channels(deals: Sequence[Tab]) -> dict[str, str]:
    """Each customer's channel: that of their earliest won deal naming one."""
    frames = [
        t.frame[["date", "customer_id", "channel", "status"]]
        for t in deals
        if {"customer_id", "channel", "status"} <= set(t.frame.columns)
    ]
    if not frames:
        return {}
    rows = pd.concat([f.astype(object) for f in frames], ignore_index=True)
    won = rows["status"].map(lambda s: pd.notna(s) and status_key(s) in WON)
    rows = rows[won & rows["customer_id"].notna() & rows["channel"].notna()]
    rows = rows.sort_values("date", kind="stable")
    found: dict[str, str] = {}
    for customer, channel in zip(rows["customer_id"], rows["channel"], strict=True):
        found.setdefault(_key(customer), str(channel))
    return found


def _with_channels(frame: pd.DataFrame, channels: dict[str, str]) -> tuple[pd.DataFrame, int]:
    """The invoices with a blank channel filled from their customer's won deal."""
    if "customer_id" not in frame:
        return frame, 0
    current = (
        frame["channel"].astype(object)
        if "channel" in frame
        else pd.Series(None, index=frame.index, dtype=object)
    )
    found = frame["customer_id"].map(lambda c: channels.get(_key(c)) if pd.notna(c) else None)
    fill = current.isna().to_numpy() & found.notna().to_numpy()
    if not fill.any():
        return frame, 0
    values = np.where(fill, found.astype(object), current.astype(object))
    out = frame.copy()
    out["channel"] = pd.Categorical(values)
    return out, int(fill.sum())
