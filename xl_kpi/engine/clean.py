"""A source's rows read and checked as a raw tab's are, where the data lives.

The same rules as :mod:`xl_kpi.tabs`, run by the engine instead of pandas, so that a
hundred million rows never become one pandas frame: headers are matched as the tab reader
matches them (:class:`xl_kpi.rows.Match`); each column is read by its kind with the same
column reader (:func:`xl_kpi.columns.read_column`), each distinct value once (the engine
lists a column's distinct values, Python reads them, the engine joins the readings back);
columns the engine already holds as numbers or dates are checked as the reader checks
typed cells (a count is not negative, a number is finite, a date is one the summary can
place); a date far from the column's others is refused as a typo; channels take the
team's names (the Channels tab), and rows without one take ``unassigned`` where the tab
says so; a non-blank ``Cancelled at`` cancels an order. A row with a value that cannot be
read, or without a required value, is skipped and counted, and the first ones are listed
with the column and the value; all-blank rows are ignored.

The result is a lazy frame with the tab's canonical columns that the source has (the
facts, :mod:`xl_kpi.engine.facts`, read a missing optional column as all blank).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from ..columns import FAR_YEARS, FIRST_YEAR, LAST_YEAR, read_column
from ..excelfacts import column_letter
from ..inputs import InputError, shown
from ..notes import Note, error_note
from ..rows import MAX_NOTES_PER_TAB, Match
from ..schema import UNASSIGNED, Column, TabSchema, is_deals
from .base import Engine

__all__ = ["FILE", "ROW", "Cleaned", "MissingColumns", "clean"]

#: Text columns with a value per order or customer: trimmed by the engine rather than read
#: one distinct value at a time in Python (there may be millions).
_MANY_VALUES = frozenset({"customer_id", "order_id"})
#: Plain decimal numbers (``1234.5``) the engine converts itself; the rest go to Python.
_PLAIN = r"^[0-9]{1,15}(\.[0-9]{0,15})?$"
#: Columns a reader may add: the row's line in its file, and the file.
ROW, FILE = "__row", "__file"
#: What the engine marks a failed cell with: the reader's reason, or "read" when Python's
#: reading of the distinct value failed (its error is kept in Python, for the notes).
_READ = "read"


class MissingColumns(ValueError):
    """A source without a column the tab requires."""


@dataclass
class Cleaned:
    """A source read as a raw tab: the canonical rows (lazy), counts and notes."""

    frame: nw.LazyFrame
    rows_read: int
    rows_skipped: int
    notes: list[Note]
    deals: bool = False  # Orders from a deals export: only won deals are sales


@dataclass
class _Column:
    spec: Column
    alias: str  # the raw column, renamed
    header: str  # as written, with its letter: "revenue (F)"
    failures: dict[Any, InputError]  # distinct values Python could not read, by value
    seen: tuple[Any, ...] = ()  # the distinct values read (text columns read by Python)


def clean(
    engine: Engine,
    spec: TabSchema,
    label: str,
    native: Any,
    names: Callable[[str], str] | None = None,
) -> Cleaned:
    """Read a source's raw rows (``native``, a frame of ``engine``) as the tab ``spec``;
    ``names`` gives a channel as written its team name (the Channels tab).

    Raises :class:`MissingColumns` when a required column has no header that names it.
    """
    lf = engine.lazy(native)
    headers = [h for h in lf.collect_schema().names() if h not in (ROW, FILE)]
    match, columns = _match(spec, headers)
    lf, cancel = _values(engine, lf, spec, match, columns, names)
    blank = {n: nw.col(f"__v_{n}").is_null() & nw.col(f"__e_{n}").is_null() for n in columns}
    lf = lf.with_columns(__blank=nw.all_horizontal(*blank.values(), ignore_nulls=False))
    flags = []
    if cancel is not None:
        lf = lf.with_columns(__cancel=(cancel & ~nw.col("__blank")).cast(nw.Int64))
        flags.append("__cancel")
    failed = [
        ~nw.col(f"__e_{n}").is_null()
        | ((blank[n] & ~nw.col("__blank")) if columns[n].spec.required else nw.lit(False))
        for n in columns
    ]
    lf = lf.with_columns(__failed=nw.any_horizontal(*failed, ignore_nulls=False))
    checked = lf.select(*[f"__v_{n}" for n in columns], "__blank", "__failed", *flags)
    persist = getattr(engine, "persist", None)
    if persist is not None:  # read the source once; the rest reads the checked rows
        checked = persist(checked)
    far, middle = _far_dates(checked) if "date" in columns else (None, None)
    bad = nw.col("__failed") | far if far is not None else nw.col("__failed")
    checked = checked.with_columns(__bad=bad)
    fill = spec.label == "channel"
    counts = _counts(checked, "channel" in columns, flags)
    notes = []
    if counts.get("__cancel"):
        header = repr(headers[match.cancelled])
        notes.append(Note.of(label, "note.cancelled_at", count=counts["__cancel"], header=header))
    if fill and counts["__fill"]:
        count, channel = counts["__fill"], repr(UNASSIGNED)
        notes.append(Note.of(label, "note.unassigned", count=count, channel=channel))
    deals = spec.name == "Orders" and "status" in match.at
    deals = deals and is_deals(match.headers[match.at["status"]], columns["status"].seen)
    if deals:
        header = repr(match.headers[match.at["status"]])
        notes.append(Note.of(label, "note.deals", header=header))
    if counts["__skip"]:
        shown_rows = lf.with_columns(__far=far if far is not None else nw.lit(False))
        notes += _notes(shown_rows, columns, label, middle)
    kept = checked.filter(~nw.col("__bad") & ~nw.col("__blank"))
    frame = kept.select(*[nw.col(f"__v_{n}").alias(n) for n in columns])
    if fill:
        channel = nw.col("channel") if "channel" in columns else nw.lit(None).cast(nw.String)
        frame = frame.with_columns(channel=channel.fill_null(UNASSIGNED))
    return Cleaned(frame, counts["__read"], counts["__skip"], notes, deals)


def _match(spec: TabSchema, headers: list[str]) -> tuple[Match, dict[str, _Column]]:
    """The tab's columns the headers name, as the tab reader matches them."""
    match = Match(spec, headers)
    missing = [c for c in spec.columns if c.required and c.name not in match.at]
    if missing:
        wanted = "; ".join(f"{c.name} ({', '.join(c.headers[:4])})" for c in missing)
        raise MissingColumns(
            f"no column for {wanted}; its columns are {', '.join(map(str, headers[:12]))}"
        )
    columns = {
        c.name: _Column(c, f"__raw_{i}", _where(headers, match.at[c.name]), {})
        for i, c in enumerate(spec.columns)
        if c.name in match.at
    }
    return match, columns


def _where(headers: list[str], j: int) -> str:
    return f"{headers[j]} ({column_letter(j)})"


def _values(
    engine: Engine,
    lf: nw.LazyFrame,
    spec: TabSchema,
    match: Match,
    columns: dict[str, _Column],
    names: Callable[[str], str] | None,
) -> tuple[nw.LazyFrame, nw.Expr | None]:
    """``lf`` with each column's value (``__v_<name>``) and error (``__e_<name>``), and
    whether a "Cancelled at" date cancels the row's order (None without such a column)."""
    schema = lf.collect_schema()
    headers = match.headers
    extra = [c for c in (ROW, FILE) if c in schema.names()]
    picked = [nw.col(headers[match.at[n]]).alias(c.alias) for n, c in columns.items()]
    cancel = match.cancelled is not None and spec.name == "Orders"
    if cancel:
        picked.append(nw.col(headers[match.cancelled]).cast(nw.String).alias("__cancelled"))
    lf = lf.select(*picked, *extra)
    values, errors = {}, {}
    for name, column in columns.items():
        dtype = schema[headers[match.at[name]]]
        found = names if name == (spec.label or "channel") else None
        lf, values[name], errors[name] = _read(engine, lf, column, dtype, found)
    cancelled = None
    if cancel:  # a date in "Cancelled at" cancels the order
        cancelled = nw.col("__cancelled").str.strip_chars() != ""
        status = values.get("status", nw.lit(None).cast(nw.String))
        values["status"] = nw.when(cancelled).then(nw.lit("cancelled")).otherwise(status)
        if "status" not in columns:
            errors["status"] = nw.lit(None).cast(nw.String)
            where = _where(headers, match.cancelled)
            columns["status"] = _Column(spec.column("status"), "__cancelled", where, {})
    lf = lf.with_columns(
        *[values[n].alias(f"__v_{n}") for n in columns],
        *[errors[n].alias(f"__e_{n}") for n in columns],
    )
    return lf, cancelled


def _counts(checked: nw.LazyFrame, has_channel: bool, flags: list[str]) -> dict[str, int]:
    """Rows read (not blank), skipped (bad), without a channel, and the ``flags`` summed."""
    live = ~nw.col("__blank") & ~nw.col("__bad")
    no_channel = nw.col("__v_channel").is_null() if has_channel else nw.lit(True)
    found = _collect(
        checked.with_columns(
            __read=(~nw.col("__blank")).cast(nw.Int64),
            __skip=nw.col("__bad").cast(nw.Int64),
            __fill=(no_channel & live).cast(nw.Int64),
        ).select(*[nw.col(c).sum() for c in ("__read", "__skip", "__fill", *flags)])
    )
    return {c: int(found[c].fillna(0).iloc[0]) if len(found) else 0 for c in found.columns}


def _collect(lf: nw.LazyFrame) -> pd.DataFrame:
    return lf.collect(backend="pandas").to_native()


def _is_number(dtype: Any) -> bool:
    return dtype.is_numeric() and dtype != nw.Boolean


def _is_time(dtype: Any) -> bool:
    return dtype == nw.Date or dtype == nw.Datetime


def _read(
    engine: Engine,
    lf: nw.LazyFrame,
    column: _Column,
    dtype: Any,
    names: Callable[[str], str] | None,
) -> tuple[nw.LazyFrame, nw.Expr, nw.Expr]:
    """How to read one column: (frame with any lookup joined, value, error); a blank cell
    has neither a value nor an error."""
    col = nw.col(column.alias)
    none = nw.lit(None).cast(nw.String)
    kind = column.spec.kind
    if kind == "id" or (kind == "text" and column.spec.name in _MANY_VALUES):
        if dtype == nw.String:
            trimmed = col.str.strip_chars()
            return lf, nw.when(trimmed != "").then(trimmed), none
        return lf, col, none
    if kind == "date" and _is_time(dtype):
        value = col.cast(nw.Datetime("us")) if dtype == nw.Date else col
        year = value.dt.year()
        outside = (year < FIRST_YEAR) | (year > LAST_YEAR)
        return lf, value, nw.when(outside).then(nw.lit("input.date_range"))
    if kind in ("money", "count") and _is_number(dtype):
        value = col.cast(nw.Float64)
        error = none
        if dtype.is_float():
            value = nw.when(~value.is_nan()).then(value)  # NaN is a blank cell
            error = nw.when(value.abs() == float("inf")).then(nw.lit("input.not_finite"))
        if kind == "count":
            error = nw.when(value < 0).then(nw.lit("input.negative")).otherwise(error)
        return lf, value, error
    plain = None
    if kind in ("money", "count") and dtype == nw.String and engine.name != "pandas":
        plain = col.str.contains(_PLAIN)
    lf = _lookup(engine, lf, column, plain, names)
    value, error = nw.col(f"{column.alias}_value"), nw.col(f"{column.alias}_error")
    if plain is not None:
        value = nw.when(plain).then(col.cast(nw.Float64)).otherwise(value)
        error = nw.when(plain).then(none).otherwise(error)
    return lf, value, error


def _lookup(
    engine: Engine,
    lf: nw.LazyFrame,
    column: _Column,
    plain: nw.Expr | None,
    names: Callable[[str], str] | None,
) -> nw.LazyFrame:
    """Join a column's readings: each distinct value read once by the column reader."""
    alias = column.alias
    values = lf.filter(~plain) if plain is not None else lf
    if names is None:
        distinct = _collect(values.select(nw.col(alias)).unique())
    else:  # channels named in the order they are first written, as the tab reader does
        first = ROW in lf.collect_schema().names()
        order = nw.col(ROW).min() if first else -nw.len()
        distinct = _collect(values.group_by(alias).agg(order.alias("__order")))
        distinct = distinct.sort_values(["__order", alias], key=_sortable)
    distinct = distinct[distinct[alias].notna()].reset_index(drop=True)
    raw = pd.Series(distinct[alias].to_numpy(dtype=object), dtype=object)
    read = read_column(raw, column.spec)
    kind = column.spec.kind
    if kind == "text":
        parsed = [None if b else str(v) for v, b in zip(read.values.astype(object), read.blank)]
        if names is not None:
            parsed = [None if v is None else names(v) for v in parsed]
        value = pd.Series(parsed, dtype=object)
    else:
        dtype = "datetime64[us]" if kind == "date" else "float64"
        value = read.values.astype(dtype).where(~read.failed)
    for v, failed, error in zip(raw, read.failed, read.errors):
        if failed:
            column.failures[v] = error
    if kind == "text":
        column.seen = tuple(v for v in value if v is not None)
    table = pd.DataFrame(
        {
            alias: distinct[alias].to_numpy(),
            f"{alias}_value": value.to_numpy(),
            f"{alias}_error": np.where(read.failed, _READ, None).astype(object),
        }
    )
    return lf.join(engine.lazy(engine.table(table)), on=alias, how="left")


def _month(column: str = "__v_date") -> nw.Expr:
    return nw.col(column).dt.year() * 12 + nw.col(column).dt.month()


def _sortable(column: pd.Series) -> pd.Series:
    return column if column.name == "__order" else column.astype(str)


def _far_dates(checked: nw.LazyFrame) -> tuple[nw.Expr | None, float | None]:
    """Dates more than :data:`~xl_kpi.columns.FAR_YEARS` years (counted in months) from the
    median month of the column's readable dates, refused as typos as the tab reader refuses
    them; and that median month (found from the months' counts: a small table)."""
    ok = ~nw.col("__failed") & ~nw.col("__v_date").is_null()
    months = _collect(checked.filter(ok).group_by(_month().alias("m")).agg(nw.len().alias("n")))
    if months.empty:
        return None, None
    months = months.sort_values("m")
    counts = months["n"].to_numpy(np.int64)
    at = int(np.searchsorted(np.cumsum(counts), counts.sum() // 2, side="right"))
    middle = float(months["m"].iloc[at])
    return ~nw.col("__v_date").is_null() & ((_month() - middle).abs() > FAR_YEARS * 12), middle


def _notes(lf, columns: dict[str, _Column], label: str, middle: float | None) -> list[Note]:
    """The first skipped rows, one note per unreadable or missing value."""
    extra = [c for c in (ROW, FILE) if c in lf.collect_schema().names()]
    shown_rows = lf.filter((nw.col("__failed") | nw.col("__far")) & ~nw.col("__blank")).select(
        *[nw.col(c.alias) for c in columns.values()],
        *[nw.col(f"__e_{n}") for n in columns],
        *[nw.col(f"__v_{n}") for n in columns],
        "__far",
        *extra,
    )
    if ROW in extra:
        shown_rows = shown_rows.sort(*[c for c in (FILE, ROW) if c in extra])
    rows = _collect(shown_rows.head(MAX_NOTES_PER_TAB))
    notes: list[Note] = []
    for _, row in rows.iterrows():
        where = str(row[FILE]) if FILE in extra else label
        line = int(row[ROW]) if ROW in extra else None
        for name, column in columns.items():
            raw = _python(row[column.alias])
            why = row[f"__e_{name}"]
            if isinstance(why, str):
                error = column.failures.get(raw) if why == _READ else _typed_error(why, raw)
                notes.append(error_note(where, error, line, column.header, raw))
            elif name == "date" and middle is not None and bool(row["__far"]):
                error = _far_error(row["__v_date"], middle)
                notes.append(error_note(where, error, line, column.header, raw))
            elif column.spec.required and pd.isna(row[f"__v_{name}"]):
                notes.append(Note.of(where, "note.missing_value", line, column.header))
        if len(notes) >= MAX_NOTES_PER_TAB:
            break
    return notes[:MAX_NOTES_PER_TAB]


def _typed_error(key: str, value: Any) -> InputError:
    if key == "input.date_range":
        return InputError.of(key, value=shown(value), first=FIRST_YEAR, last=LAST_YEAR)
    if key == "input.not_finite":
        return InputError.of(key, value=shown(value))
    return InputError.of(key)


def _far_error(date: Any, middle: float) -> InputError:
    when = pd.Timestamp(date)
    years = (when.year * 12 + when.month - middle) / 12
    way = "after" if years > 0 else "before"
    return InputError.of(f"input.date_far_{way}", years=f"{abs(years):,.0f}")


def _python(value: Any) -> Any:
    """A value as the cell readers expect it (numpy scalars as Python's)."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value
