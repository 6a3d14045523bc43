"""The rules of pasted exports for a source's rows on an engine: totals, line items, currency.

Each rule is decided by the tab reader's own code, on the few values the engine hands
over, and applied where the rows live: a totals row is told by
:func:`xl_kpi.paste.is_total_text` (the engine keeps only the texts that could be one,
:data:`xl_kpi.paste.TOTAL_START`); a line item without an amount whose order has an amount
elsewhere is left out as in :meth:`xl_kpi.rows.Rows.orders`; money in another currency is
converted or left out by :meth:`xl_kpi.money.Money.converting`, from the count of rows in
each currency. The notes are the tab reader's.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from ..inputs import shown
from ..money import Money
from ..notes import Note
from ..paste import FIRST_CELLS, TOTAL_START, Others, is_sum_row, is_total_text
from ..rows import MAX_TOTAL_NOTES
from .base import collect as _pandas

__all__ = ["Totals", "convert", "line_items", "sum_rows", "total_texts", "unlabelled"]

#: The characters a totals text can start with (:data:`~xl_kpi.paste.TOTAL_START`): spaces
#: (all at or below :data:`_LAST_BLANK`), the no-break space and these.
_TOTAL_FIRST = sorted({"\xa0", *"tTgGиИвВоО©"})
_LAST_BLANK = max(string.whitespace)

Collect = Callable[[nw.LazyFrame], pd.DataFrame]


class Totals:
    """Which of a source's rows are totals, by the text of their first cells."""

    def __init__(self, names: list[str]) -> None:
        self.names = names  # the columns holding the first cells' candidate texts
        self.texts: list[str] = []

    def decide(self, candidates: Iterable[Any]) -> None:
        """Decide, with the tab reader's rule, which of the candidate texts (the distinct
        values of the columns :attr:`names`, taken by the caller with the rest of a
        source's distinct values) say total."""
        self.texts = sorted({v for v in candidates if not pd.isna(v) and is_total_text(v)})

    @property
    def expr(self) -> nw.Expr:
        """Whether a row is a totals row (the candidate columns must be in the frame)."""
        if not self.texts:
            return nw.lit(False)
        said = [nw.col(n).is_in(self.texts).fill_null(False) for n in self.names]
        return nw.any_horizontal(*said, ignore_nulls=True)

    def notes(self, lf: nw.LazyFrame, label: str, count: int, row: str, file: str) -> list[Note]:
        """The first totals rows, each with its line and text, and how many more there are."""
        if not count:
            return []
        names = lf.collect_schema().names()
        keys = [c for c in (file, row) if c in names]
        rows = lf.filter(self.expr).select(*self.names, *keys)
        if keys:
            rows = rows.sort(*keys)
        notes = []
        for _, found in _pandas(rows.head(MAX_TOTAL_NOTES)).iterrows():
            first = next(found[n] for n in self.names if is_total_text(found[n]))
            where = str(found[file]) if file in keys else label
            line = int(found[row]) if row in keys else None
            notes.append(Note.of(where, "note.total_row", line, text=shown(first)))
        if count > MAX_TOTAL_NOTES:
            notes.append(Note.of(label, "note.more_totals", count=count - MAX_TOTAL_NOTES))
        return notes


def total_texts(lf: nw.LazyFrame, headers: list[str]) -> tuple[nw.LazyFrame, Totals]:
    """``lf`` with the text of its first :data:`~xl_kpi.paste.FIRST_CELLS` text columns
    where it could say total (``__tt_<j>``; null elsewhere), and the :class:`Totals`."""
    schema = lf.collect_schema()
    names = []
    for j, header in enumerate(headers[:FIRST_CELLS]):
        if schema[header] != nw.String:
            continue  # numbers, dates, logical values: no text
        cell = nw.col(header)
        # the regular expression only where the first character could start it (RE2's and
        # Java's ``\s`` are ASCII): a cheap test that spares it on almost every row. A text
        # starts with ``c`` exactly when ``c <= text < c + 1`` (DuckDB and Spark compare
        # texts by code point), so each character is two comparisons of the text itself,
        # with no first character cut out of every row (a third of the time at 5M rows)
        starts = nw.any_horizontal(
            cell < _after(_LAST_BLANK),
            *[(cell >= c) & (cell < _after(c)) for c in _TOTAL_FIRST],
            ignore_nulls=True,
        )
        could = starts & cell.str.contains(TOTAL_START)
        lf = lf.with_columns(nw.when(could).then(cell).alias(f"__tt_{j}"))
        names.append(f"__tt_{j}")
    return lf, Totals(names)


def _after(c: str) -> str:
    """The character after ``c``: the texts starting with ``c`` sort before it."""
    return chr(ord(c) + 1)


def unlabelled(checked: nw.LazyFrame, data: nw.Expr, collect: Collect) -> bool:
    """Whether some data row (``data``) has no label (``__labelled``): a summary row has
    none, so without such a row there is no summary row to look for."""
    if "__labelled" not in checked.collect_schema().names():
        return False
    bare = (data & ~nw.col("__labelled")).cast(nw.Int64).sum().alias("n")
    found = collect(checked.select(bare))
    return bool(len(found)) and bool(found["n"].fillna(0).iloc[0])


def sum_rows(
    checked: nw.LazyFrame,
    data: nw.Expr,
    measures: list[str],
    date: str | None,
    collect: Collect,
    row: str,
    file: str,
) -> list[tuple[Any, int]]:
    """The summary rows (Meta's unnamed total): of each file's first and last data rows,
    those :func:`xl_kpi.paste.is_sum_row` says are the sum of the others, as (file, line).
    ``checked`` has each row's line, ``__labelled`` and the ``measures``; without lines
    there is no first or last row, and none is found."""
    names = checked.collect_schema().names()
    if row not in names or not measures or "__labelled" not in names:
        return []
    keys = [file] if file in names else []
    rows = checked.filter(data).with_columns(
        __lab=nw.col("__labelled").cast(nw.Int64),
        __undated=(nw.col(date).is_null() if date else nw.lit(False)).cast(nw.Int64),
    )
    aggregates = [
        nw.col(row).min().alias("__first"),
        nw.col(row).max().alias("__last"),
        nw.len().alias("__n"),
        nw.col("__lab").sum().alias("__labs"),
        nw.col("__undated").sum().alias("__undated_n"),
        *[nw.col(m).sum().alias(f"__sum_{m}") for m in measures],
    ]
    if date:
        aggregates.append(nw.col(date).min().alias("__earliest"))
    files = collect(rows.group_by(*keys).agg(*aggregates) if keys else rows.select(*aggregates))
    files = files[files["__n"] > 1]
    if files.empty:
        return []
    ends = sorted({int(v) for v in files["__first"]} | {int(v) for v in files["__last"]})
    picked = [*keys, row, "__lab", *measures, *([date] if date else [])]
    found = collect(rows.filter(nw.col(row).is_in(ends)).select(*picked))
    sums = []
    for _, summed in files.iterrows():
        where = summed[file] if keys else None
        mine = found[found[file] == where] if keys else found
        mine = mine[mine[row].isin([summed["__first"], summed["__last"]])]
        for _, candidate in mine.iterrows():
            if _is_sum(candidate, summed, mine, measures, date, row):
                sums.append((where, int(candidate[row])))
    return sums


def _is_sum(
    candidate: pd.Series, summed: pd.Series, rows: pd.DataFrame, measures: list[str], date, row
) -> bool:
    """Whether one candidate row is the sum of its file's other data rows (``rows``: the
    file's candidates; with two data rows, the other one is among them)."""
    values = [np.nan if pd.isna(candidate[m]) else float(candidate[m]) for m in measures]
    when = candidate[date] if date and not pd.isna(candidate[date]) else None
    count = int(summed["__n"]) - 1
    undated = int(summed["__undated_n"]) - (date is not None and when is None)
    earliest = pd.NaT
    if date and not undated:
        earliest = summed["__earliest"]
        if count == 1:  # the one other row's date
            earliest = rows[rows[row] != candidate[row]][date].iloc[0]
    totals = [
        0.0 if pd.isna(summed[f"__sum_{m}"]) else float(summed[f"__sum_{m}"]) for m in measures
    ]
    others = Others(
        [t - (0.0 if np.isnan(v) else v) for t, v in zip(totals, values)],
        int(summed["__labs"]) - int(candidate["__lab"]) > 0,
        earliest,
        count,
    )
    return is_sum_row(values, bool(candidate["__lab"]), when, others)


def line_items(checked: nw.LazyFrame, live: nw.Expr, collect: Collect) -> nw.LazyFrame | None:
    """The order ids that have an amount on some row (``__priced`` True), when some live
    row has an order id and no amount (a line item); None when none has."""
    orphan = nw.col("__revenue_blank") & ~nw.col("__v_order_id").is_null() & live
    counted = collect(checked.select(orphan.cast(nw.Int64).sum().alias("n")))
    if not len(counted) or not counted["n"].fillna(0).iloc[0]:
        return None
    priced = checked.filter(~nw.col("__revenue_blank") & ~nw.col("__v_order_id").is_null())
    return (
        priced.select(nw.col("__v_order_id").alias("__priced_id"))
        .unique()
        .with_columns(__priced=nw.lit(True))
    )


def convert(
    checked: nw.LazyFrame,
    keep: nw.Expr,
    names: list[str],
    money: Money,
    label: str,
    collect: Collect,
) -> tuple[dict[str, nw.Expr], nw.Expr, list[Note]]:
    """Money columns (``names``, each with its currency code ``__c_<name>``) into the base
    currency: each column's converted value, which rows have no rate (left out), notes."""
    values: dict[str, nw.Expr] = {}
    lacking: list[nw.Expr] = []
    notes: list[Note] = []
    for name in names:
        code, value = nw.col(f"__c_{name}"), nw.col(f"__v_{name}")
        rows = checked.filter(keep & ~value.is_null() & ~code.is_null())
        counts = collect(rows.group_by(f"__c_{name}").agg(nw.len().alias("n")))
        found = {str(c): int(n) for c, n in zip(counts[f"__c_{name}"], counts["n"])}
        if not found:
            continue
        factors, said = money.converting(found, label)
        notes += said
        factor = nw.lit(1.0)
        for c, f in factors.items():
            if not np.isnan(f):
                factor = nw.when(code == c).then(nw.lit(float(f))).otherwise(factor)
        values[name] = value * factor
        missing = [c for c, f in factors.items() if np.isnan(f)]
        if missing:
            lacking.append(code.is_in(missing).fill_null(False) & ~value.is_null())
    none = nw.any_horizontal(*lacking, ignore_nulls=True) if lacking else nw.lit(False)
    return values, none, notes


def currency_expr(value: Any, header: str | None, column: Any) -> nw.Expr | None:
    """A row's currency: the value's own, else the header's, else the currency column's."""
    parts = [
        p for p in (value, None if header is None else nw.lit(header), column) if p is not None
    ]
    if not parts:
        return None
    return nw.coalesce(*parts) if len(parts) > 1 else parts[0]
