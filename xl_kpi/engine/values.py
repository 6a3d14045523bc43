"""Each column of a source read by its kind where the rows are, with the tab reader's
column reader as the judge (:func:`xl_kpi.columns.read_column`): ids and typed numbers
and dates are checked by the engine itself; text is read one distinct value at a time in
Python, and the readings are looked up on each row (a ``CASE`` for a few values, else a
join); plain decimal numbers written as text the engine converts itself."""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from ..columns import FIRST_YEAR, LAST_YEAR, read_column
from ..excelfacts import column_letter
from ..inputs import InputError
from ..rows import Match, named_currencies
from ..schema import MONEY_COLUMNS, Column, TabSchema
from .bad_rows import READ
from .base import FILE, ROW, Engine, as_cases
from .base import collect as _collect
from .rules import Totals, currency_expr

__all__ = ["SourceColumn", "header_at", "read_values"]

#: Text columns with a value per order or customer: trimmed by the engine rather than read
#: one distinct value at a time in Python (there may be millions).
_MANY_VALUES = frozenset({"customer_id", "order_id"})
#: What the SQL engines' ``strip_chars()`` strips (narwhals trims :data:`string.whitespace`):
#: characters all at or below this one, so that a cell that may need trimming is told by
#: comparing its first and last characters with it (a list per row costs far more).
_LAST_BLANK = max(string.whitespace)
#: Plain decimal numbers (``1234.5``) the engine converts itself; the rest go to Python.
_PLAIN = r"^[0-9]{1,15}(\.[0-9]{0,15})?$"


@dataclass
class SourceColumn:
    """A tab's column as a source has it: how it is read, and what reading it found."""

    spec: Column
    alias: str  # the raw column, renamed
    header: str  # as written, with its letter: "revenue (F)"
    failures: dict[Any, InputError]  # distinct values Python could not read, by value
    seen: tuple[Any, ...] = ()  # the distinct values read (text columns read by Python)
    currencies: bool = False  # money: some values name their currency (``{alias}_currency``)


def read_values(
    engine: Engine,
    lf: nw.LazyFrame,
    spec: TabSchema,
    match: Match,
    columns: dict[str, SourceColumn],
    names: Callable[[str], str] | None,
    totals: Totals,
) -> tuple[nw.LazyFrame, nw.Expr | None, dict[str, nw.Expr]]:
    """``lf`` with each column's value (``__v_<name>``) and error (``__e_<name>``), whether
    a "Cancelled at" date cancels the row's order (None without such a column), and the
    currency each money column's value is in (where some value, header or a currency
    column names one). Which of the first cells' texts say total (``totals``) is decided
    from the distinct values taken with the columns'."""
    schema = lf.collect_schema()
    headers = match.headers
    extra = [c for c in schema.names() if c in (ROW, FILE) or c.startswith("__tt_")]
    picked = [nw.col(headers[match.at[n]]).alias(c.alias) for n, c in columns.items()]
    cancel = match.cancelled is not None and spec.name == "Orders"
    if cancel:
        picked.append(nw.col(headers[match.cancelled]).cast(nw.String).alias("__cancelled"))
    if match.currency_column is not None:
        picked.append(nw.col(headers[match.currency_column]).alias("__currency"))
    lf = lf.select(*picked, *extra)
    named = None
    if match.currency_column is not None:
        lf = _currencies(engine, lf)
        named = nw.col("__currency_code")
    reads = {}
    for name, column in columns.items():
        dtype = schema[headers[match.at[name]]]
        found = names if name == (spec.label or "channel") else None
        reads[name] = _read(engine, column, dtype, found)
    lf, values, errors = _look_up_all(engine, lf, reads, totals)
    cancelled = None
    if cancel:  # a date in "Cancelled at" cancels the order
        cancelled = nw.col("__cancelled").str.strip_chars() != ""
        status = values.get("status", nw.lit(None).cast(nw.String))
        values["status"] = nw.when(cancelled).then(nw.lit("cancelled")).otherwise(status)
        if "status" not in columns:
            errors["status"] = nw.lit(None).cast(nw.String)
            where = header_at(headers, match.cancelled)
            columns["status"] = SourceColumn(spec.column("status"), "__cancelled", where, {})
    lf = lf.with_columns(
        *[values[n].alias(f"__v_{n}") for n in columns],
        *[errors[n].alias(f"__e_{n}") for n in columns],
    )
    codes = {}
    for c in spec.columns:
        if c.name not in MONEY_COLUMNS or c.name not in columns:
            continue
        column = columns[c.name]
        own = nw.col(f"{column.alias}_currency") if column.currencies else None
        code = currency_expr(own, match.currency[match.at[c.name]], named)
        if code is not None:
            codes[c.name] = code
    return lf, cancelled, codes


def _currencies(engine: Engine, lf: nw.LazyFrame) -> nw.LazyFrame:
    """``lf`` with the currency its currency column names (``__currency_code``), each
    distinct cell read once as the tab reader reads it."""
    distinct = _collect(lf.select(nw.col("__currency")).unique())
    distinct = distinct[distinct["__currency"].notna()].reset_index(drop=True)
    table = pd.DataFrame(
        {
            "__currency": distinct["__currency"].to_numpy(),
            "__currency_code": named_currencies(distinct["__currency"]).to_numpy(object),
        }
    )
    return lf.join(engine.lazy(engine.table(table)), on="__currency", how="left")


def _is_number(dtype: Any) -> bool:
    return dtype.is_numeric() and dtype != nw.Boolean


def _is_time(dtype: Any) -> bool:
    return dtype == nw.Date or dtype == nw.Datetime


@dataclass
class _LookUp:
    """A column read one distinct value at a time in Python, its readings looked up on
    each row; plain decimal numbers written as text (``plain``) the engine converts."""

    column: SourceColumn
    plain: nw.Expr | None  # which cells the engine converts itself
    names: Callable[[str], str] | None  # a channel as written -> its team name

    @property
    def kept(self) -> nw.Expr | None:
        """The rows whose values Python reads (None: all)."""
        return None if self.plain is None else ~self.plain

    def value_and_error(self) -> tuple[nw.Expr, nw.Expr]:
        """The column's value and error, once its readings are looked up."""
        alias = self.column.alias
        value, error = nw.col(f"{alias}_value"), nw.col(f"{alias}_error")
        if self.plain is not None:
            value = nw.when(self.plain).then(nw.col(alias).cast(nw.Float64)).otherwise(value)
            error = nw.when(self.plain).then(nw.lit(None).cast(nw.String)).otherwise(error)
        return value, error


def _read(
    engine: Engine,
    column: SourceColumn,
    dtype: Any,
    names: Callable[[str], str] | None,
) -> tuple[nw.Expr, nw.Expr] | _LookUp:
    """How to read one column: its value and error (a blank cell has neither), or a
    :class:`_LookUp` of its distinct values."""
    col = nw.col(column.alias)
    none = nw.lit(None).cast(nw.String)
    kind = column.spec.kind
    if kind == "id" or (kind == "text" and column.spec.name in _MANY_VALUES):
        if dtype == nw.String:
            trimmed = col.str.strip_chars()
            if not engine.in_process:  # trimming every row is slow in SQL: only the few to trim
                edge = (col.str.head(1) <= _LAST_BLANK) | (col.str.tail(1) <= _LAST_BLANK)
                trimmed = nw.when(edge).then(trimmed).otherwise(col)
            return nw.when(trimmed != "").then(trimmed), none
        return col, none
    if kind == "date" and _is_time(dtype):
        value = col.cast(nw.Datetime("us")) if dtype == nw.Date else col
        year = value.dt.year()
        outside = (year < FIRST_YEAR) | (year > LAST_YEAR)
        return value, nw.when(outside).then(nw.lit("input.date_range"))
    if kind in ("money", "count") and _is_number(dtype):
        value = col.cast(nw.Float64)
        error = none
        if dtype.is_float():
            value = nw.when(~value.is_nan()).then(value)  # NaN is a blank cell
            error = nw.when(value.abs() == float("inf")).then(nw.lit("input.not_finite"))
        if kind == "count":
            error = nw.when(value < 0).then(nw.lit("input.negative")).otherwise(error)
        return value, error
    plain = None
    if kind in ("money", "count") and dtype == nw.String and not engine.in_process:
        plain = col.str.contains(_PLAIN)
    return _LookUp(column, plain, names)


def _look_up_all(
    engine: Engine,
    lf: nw.LazyFrame,
    reads: dict[str, tuple[nw.Expr, nw.Expr] | _LookUp],
    totals: Totals,
) -> tuple[nw.LazyFrame, dict[str, nw.Expr], dict[str, nw.Expr]]:
    """``lf`` with the readings of the columns read in Python looked up, and each column's
    value and error. Their distinct values, and the candidate totals texts, are taken in
    one scan of the rows."""
    looked_up = {n: r for n, r in reads.items() if isinstance(r, _LookUp)}
    wanted = {r.column.alias: r.kept for r in looked_up.values()}
    wanted |= {n: None for n in totals.names}
    found = {}
    if wanted:
        first = next((r.column.alias for r in looked_up.values() if r.names is not None), None)
        distinct = engine.distinct(lf, wanted, first)
        totals.decide(v for n in totals.names for v in distinct[n][n])
        for name, read in looked_up.items():
            lf = _lookup(engine, lf, read, distinct[read.column.alias])
            found[name] = read.value_and_error()
    pairs = {n: found[n] if n in found else r for n, r in reads.items()}
    return lf, {n: p[0] for n, p in pairs.items()}, {n: p[1] for n, p in pairs.items()}


def _lookup(
    engine: Engine, lf: nw.LazyFrame, read: _LookUp, distinct: pd.DataFrame
) -> nw.LazyFrame:
    """Look a column's readings up on each row: each of its ``distinct`` values read once
    by the column reader (channels named in the order they are first written, as the tab
    reader names them)."""
    column, names = read.column, read.names
    alias = column.alias
    if names is not None:
        distinct = distinct.sort_values(["__order", alias], key=_sortable).reset_index(drop=True)
    raw = pd.Series(distinct[alias].to_numpy(dtype=object), dtype=object)
    reading = read_column(raw, column.spec)
    kind = column.spec.kind
    if kind == "text":
        parsed = [
            None if b else str(v) for v, b in zip(reading.values.astype(object), reading.blank)
        ]
        if names is not None:
            parsed = [None if v is None else names(v) for v in parsed]
        value = pd.Series(parsed, dtype=object)
    else:
        dtype = "datetime64[us]" if kind == "date" else "float64"
        value = reading.values.astype(dtype).where(~reading.failed)
    for v, failed, error in zip(raw, reading.failed, reading.errors):
        if failed:
            column.failures[v] = error
    if kind == "text":
        column.seen = tuple(v for v in value if v is not None)
    table = pd.DataFrame(
        {
            alias: distinct[alias].to_numpy(),
            f"{alias}_value": value.to_numpy(),
            f"{alias}_error": np.where(reading.failed, READ, None).astype(object),
        }
    )
    if reading.currency is not None and pd.notna(reading.currency).any():
        table[f"{alias}_currency"] = np.asarray(reading.currency, dtype=object)
        column.currencies = True
    cases = as_cases(table, alias)  # a few channels or statuses: no join of every row
    if cases is not None:
        return lf.with_columns(*cases)
    return lf.join(engine.lazy(engine.table(table)), on=alias, how="left")


def _sortable(column: pd.Series) -> pd.Series:
    return column if column.name == "__order" else column.astype(str)


def header_at(headers: list[str], j: int) -> str:
    """A header as the notes name it, with its column letter: ``revenue (F)``."""
    return f"{headers[j]} ({column_letter(j)})"
