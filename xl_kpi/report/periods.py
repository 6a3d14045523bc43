"""Periods: which month, ISO week or quarter a date falls in, and its label.

A period is keyed by an integer that sorts like the periods (``202601``, ``202605``,
``20261``) and shown by a label (``2026-01``, ``2026-W05``, ``2026-Q1``); :data:`TOTAL`
labels the whole time span.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "PERIODS",
    "TOTAL",
    "all_periods",
    "period_key",
    "period_keys",
    "period_label",
    "period_labels",
]

#: The label of the whole time span, beside the periods.
TOTAL = "total"
#: The kinds of period the summary can show.
PERIODS = ("month", "week", "quarter")


def period_keys(dates: pd.Series, period: str) -> np.ndarray:
    """An integer per date that sorts like its period: months, ISO weeks or quarters."""
    if period == "week":
        iso = dates.dt.isocalendar()
        return (iso["year"].astype("int64") * 100 + iso["week"].astype("int64")).to_numpy()
    if period == "quarter":
        return (dates.dt.year * 10 + (dates.dt.month - 1) // 3 + 1).to_numpy(dtype="int64")
    return (dates.dt.year * 100 + dates.dt.month).to_numpy(dtype="int64")


def period_label(key: int, period: str) -> str:
    """The label of a period key: ``2026-01``, ``2026-W05`` or ``2026-Q1``.

    >>> period_label(202601, "month"), period_label(202605, "week"), period_label(20261, "quarter")
    ('2026-01', '2026-W05', '2026-Q1')
    """
    if period == "week":
        return f"{key // 100}-W{key % 100:02d}"
    if period == "quarter":
        return f"{key // 10}-Q{key % 10}"
    return f"{key // 100}-{key % 100:02d}"


def all_periods(first: pd.Timestamp, last: pd.Timestamp, period: str) -> list[str]:
    freq = {"week": "W-MON", "quarter": "QS", "month": "MS"}[period]
    starts = pd.date_range(
        first.normalize() - pd.offsets.Day(400 if period == "quarter" else 40), last, freq=freq
    )
    dates = pd.Series(list(starts) + [first, last])
    keys = sorted(set(period_keys(dates, period).tolist()))
    lo, hi = (
        keys.index(period_keys(pd.Series([first]), period)[0]),
        keys.index(period_keys(pd.Series([last]), period)[0]),
    )
    return [period_label(key, period) for key in keys[lo : hi + 1]]


def period_key(date: pd.Timestamp, period: str) -> int:
    """The key of the period ``date`` falls in."""
    return int(period_keys(pd.Series([date]), period)[0])


def period_labels(dates: pd.Series, period: str) -> pd.Categorical:
    """Each date's period label, as a categorical: grouping by it is then cheap."""
    uniques, codes = np.unique(period_keys(dates, period), return_inverse=True)
    labels = [period_label(int(u), period) for u in uniques]
    return pd.Categorical.from_codes(codes.ravel(), categories=labels)
