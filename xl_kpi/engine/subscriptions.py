"""A billing export's subscriptions: each customer's paid invoices summed by period.

Defined with narwhals' lazy API like the rest of the facts, so it runs where the rows are
(pandas, DuckDB, Spark); only the small table of customers by period leaves the engine.
The MRR movements are worked out from it by the report (:mod:`xl_kpi.report.subscriptions`).
"""

from __future__ import annotations

import narwhals as nw
import numpy as np
import pandas as pd

from .base import collect

__all__ = ["censor_new", "subscription_rows"]


def subscription_rows(sold: nw.LazyFrame, keys: list[str]) -> pd.DataFrame:
    """Paid invoices (``sold``: counted orders with ``pidx`` and ``__cidx``) by customer
    and period: ``customer`` (a code: only who is who matters), ``pidx``, ``revenue`` (the
    sum) and ``ckey``, the channel of the customer's first period (the first key there)."""
    paid = sold.filter(~nw.col("customer_id").is_null() & ~nw.col("revenue").is_null())
    rows = collect(
        paid.group_by("customer_id", "pidx").agg(nw.col("revenue").sum(), nw.col("__cidx").min())
    )
    if rows.empty:
        return pd.DataFrame({"customer": [], "pidx": [], "revenue": [], "ckey": []}).astype(
            {"customer": np.int64, "pidx": np.int64, "revenue": float, "ckey": object}
        )
    codes, _ = pd.factorize(rows["customer_id"].astype(str))
    rows = pd.DataFrame(
        {
            "customer": codes.astype(np.int64),
            "pidx": rows["pidx"].to_numpy(np.int64),
            "revenue": rows["revenue"].to_numpy(float),
            "cidx": rows["__cidx"].to_numpy(np.int64),
        }
    ).sort_values(["customer", "pidx"], ignore_index=True)
    first = rows.groupby("customer")["cidx"].transform("first")
    rows["ckey"] = np.array(keys, dtype=object)[first.to_numpy()]
    return rows.drop(columns="cidx")


def censor_new(new: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """New customers (``pidx``, ``ckey``, ``n``) without those of the first period, who
    were already paying when the export begins (left-censored), and how many they were."""
    first = new["pidx"] == 0
    return new[~first].reset_index(drop=True), int(new.loc[first, "n"].sum())
