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
from ..schema import UNASSIGNED, Column, TabSchema
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


@dataclass
class _Column:
    spec: Column
    alias: str  # the raw column, renamed
    header: str  # as written, with its letter: "revenue (F)"
    failures: dict[Any, InputError]  # distinct values Python could not read, by value


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
    schema = lf.collect_schema()
    headers = [h for h in schema.names() if h not in (ROW, FILE)]
    match = Match(spec, headers)
    missing = [c for c in spec.columns if c.required and c.name not in match.at]
    if missing:
        wanted = "; ".join(f"{c.name} ({', '.join(c.headers[:4])})" for c in missing)
        raise MissingColumns(
            f"no column for {wanted}; its columns are {', '.join(map(str, headers[:12]))}"
        )
    columns = {
        c.name: _Column(
            c, f"__raw_{i}", f"{headers[match.at[c.name]]} ({column_letter(match.at[c.name])})", {}
        )
        for i, c in enumerate(spec.columns)
        if c.name in match.at
    }
    extra = [c for c in (ROW, FILE) if c in schema.names()]
    picked = [nw.col(headers[match.at[n]]).alias(c.alias) for n, c in columns.items()]
    if match.cancelled is not None and "status" in columns:
        picked.append(nw.col(headers[match.cancelled]).cast(nw.String).alias("__cancelled"))
    lf = lf.select(*picked, *extra)
    values, errors = {}, {}
    for name, column in columns.items():
        lf, values[name], errors[name] = _read(
            engine,
            lf,
            column,
            schema[headers[match.at[name]]],
            names if name == spec.label else None,
        )
    if "__cancelled" in lf.collect_schema().names():
        cancelled = nw.col("__cancelled").str.strip_chars() != ""
        values["status"] = nw.when(cancelled).then(nw.lit("cancelled")).otherwise(values["status"])
    lf = lf.with_columns(
        *[values[n].alias(f"__v_{n}") for n in columns],
        *[errors[n].alias(f"__e_{n}") for n in columns],
    )
    blank = {n: nw.col(f"__v_{n}").is_null() & nw.col(f"__e_{n}").is_null() for n in columns}
    lf = lf.with_columns(__blank=nw.all_horizontal(*blank.values(), ignore_nulls=False))
    checked = lf.select(*[f"__v_{n}" for n in columns], *[f"__e_{n}" for n in columns], "__blank")
    persist = getattr(engine, "persist", None)
    if persist is not None:  # read the source once; the rest reads the checked rows
        checked = persist(checked)
    far, middle = _far_dates(checked) if "date" in columns else (None, None)
    bad = [
        ~nw.col(f"__e_{n}").is_null()
        | ((blank[n] & ~nw.col("__blank")) if columns[n].spec.required else nw.lit(False))
        for n in columns
    ]
    if far is not None:
        bad.append(far)
    checked = checked.with_columns(__bad=nw.any_horizontal(*bad, ignore_nulls=False))
    fill = spec.label == "channel"
    unassigned = (
        (nw.col("__v_channel").is_null() if "channel" in columns else nw.lit(True))
        & ~nw.col("__blank")
        & ~nw.col("__bad")
    )
    counts = _collect(
        checked.with_columns(
            __read=(~nw.col("__blank")).cast(nw.Int64),
            __skip=nw.col("__bad").cast(nw.Int64),
            __fill=unassigned.cast(nw.Int64),
        ).select(nw.col("__read").sum(), nw.col("__skip").sum(), nw.col("__fill").sum())
    )
    read, skipped, filled = (
        int(counts[c].fillna(0).iloc[0]) for c in ("__read", "__skip", "__fill")
    )
    notes = []
    if fill and filled:
        notes.append(Note.of(label, "note.unassigned", count=filled, channel=repr(UNASSIGNED)))
    if skipped:
        shown_rows = lf.with_columns(__far=far if far is not None else nw.lit(False))
        notes += _notes(shown_rows, columns, label, middle, bad)
    kept = checked.filter(~nw.col("__bad") & ~nw.col("__blank"))
    frame = kept.select(*[nw.col(f"__v_{n}").alias(n) for n in columns])
    if fill:
        channel = nw.col("channel") if "channel" in columns else nw.lit(None).cast(nw.String)
        frame = frame.with_columns(channel=channel.fill_null(UNASSIGNED))
    return Cleaned(frame, read, skipped, notes)


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
    distinct = _collect(values.select(nw.col(alias)).unique())
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


def _far_dates(checked: nw.LazyFrame) -> tuple[nw.Expr | None, float | None]:
    """Dates more than :data:`~xl_kpi.columns.FAR_YEARS` years (counted in months) from the
    median month of the column's readable dates, refused as typos as the tab reader refuses
    them; and that median month."""
    ok = nw.col("__e_date").is_null() & ~nw.col("__v_date").is_null()
    middle = _collect(checked.filter(ok).select(_month().median().alias("m")))["m"]
    if middle.isna().all():
        return None, None
    middle = float(middle.iloc[0])
    return ok & ((_month() - middle).abs() > FAR_YEARS * 12), middle


def _notes(lf, columns: dict[str, _Column], label: str, middle: float | None, bad) -> list[Note]:
    """The first skipped rows, one note per unreadable or missing value."""
    extra = [c for c in (ROW, FILE) if c in lf.collect_schema().names()]
    shown_rows = (
        lf.with_columns(__blankrow=nw.col("__blank"))
        .filter(nw.any_horizontal(*bad, ignore_nulls=False) & ~nw.col("__blank"))
        .select(
            *[nw.col(c.alias) for c in columns.values()],
            *[nw.col(f"__e_{n}") for n in columns],
            *[nw.col(f"__v_{n}") for n in columns],
            "__far",
            *extra,
        )
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
