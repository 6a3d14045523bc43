"""Line items made orders: an export with one row per item of an order (the order id
repeats) gives one row per order before the facts count orders, customers and cohorts.

Defined with narwhals' lazy API like the rest of the facts, so it runs where the rows are
(pandas, DuckDB, Spark)."""

from __future__ import annotations

from collections.abc import Callable

import narwhals as nw

from ..measures import summed
from .base import collect as _collect

__all__ = ["one_row_per_order"]

#: The columns an order's items add up to (revenue, cost): the counted orders' measures.
_AMOUNTS = summed("Orders")


def one_row_per_order(
    lf: nw.LazyFrame, persist: Callable[[nw.LazyFrame], nw.LazyFrame] = lambda lf: lf
) -> nw.LazyFrame:
    """Orders whose id repeats (one row per line item) made one row each: the sum of each
    summed column (revenue, cost; blank when all are blank), its first date, and the smallest
    non-blank of every other column; rows without an id stay rows. Without repeats the
    rows are left as they are. The orders made are kept (``persist``): the facts read them
    several times, and would otherwise group the line items again each time."""
    schema = lf.collect_schema()
    names = schema.names()
    if "order_id" not in names:
        return lf
    dtype = schema["order_id"]
    if dtype == nw.Object:  # cells of mixed kinds: each made text and trimmed here
        key = nw.col("order_id").cast(nw.String).str.strip_chars()
        lf = lf.with_columns(__order=nw.when(key != "").then(key))
    else:
        # A checked tab's ids are trimmed, a blank is null (the tab reader's text, the
        # engines' ``clean``): counted as they are, as text only when they repeat (a
        # million distinct ids are not made text again to learn that none repeats).
        lf = lf.with_columns(__order=nw.col("order_id"))
    counts = _collect(
        lf.filter(~nw.col("__order").is_null()).select(
            nw.len().alias("rows"), nw.col("__order").n_unique().alias("orders")
        )
    )
    if counts.empty or int(counts["rows"].iloc[0]) == int(counts["orders"].iloc[0]):
        return lf.drop("__order")
    if dtype == nw.Categorical:
        lf = lf.with_columns(__order=nw.col("__order").cast(nw.String))
    amounts = [c for c in _AMOUNTS if c in names]  # a source may have no cost
    # the id is the key itself (unless trimmed above): taken from it, not found again
    keyed = dtype != nw.Object
    text = [c for c in names if c not in ("date", *amounts, "__order")]
    grouped = [c for c in text if not (keyed and c == "order_id")]
    lines = lf.filter(~nw.col("__order").is_null())
    if grouped:  # an export of dates, ids and amounts alone has no other text
        lines = lines.with_columns(*[nw.col(c).cast(nw.String) for c in grouped])
    merged = lines.group_by("__order").agg(
        nw.col("date").min(),
        *[nw.col(c).sum().alias(c) for c in amounts],
        *[nw.col(c).count().alias(f"__{c}_cnt") for c in amounts],
        *[nw.col(c).min() for c in grouped],
    )
    restored = [nw.when(nw.col(f"__{c}_cnt") > 0).then(nw.col(c)).alias(c) for c in amounts]
    restored += [nw.col("__order").cast(nw.String).alias("order_id")] if keyed else []
    merged = (merged.with_columns(*restored) if restored else merged).select(*names)
    rest = (
        lf.filter(nw.col("__order").is_null())
        .with_columns(*[nw.col(c).cast(nw.String) for c in text])
        .select(*names)
    )
    return persist(nw.concat([merged, rest], how="vertical"))
