"""A source's rows read and checked as a raw tab's are, where the data lives.

The same rules as :mod:`xl_kpi.tabs`, run by the engine instead of pandas, so that a
hundred million rows never become one pandas frame: headers are matched by the tab's
schema and aliases; each column is read by its kind with the same cell readers, each
distinct value once (the engine lists a column's distinct values, Python reads them, and
the engine joins the readings back); a row with a value that cannot be read, or without a
required value, is skipped and counted, and the first ones are listed with the column and
the value; all-blank rows are ignored. Columns the engine already holds as numbers or
dates are only checked (counts must not be negative).

The result is a lazy frame with the tab's canonical columns that the source has (the facts,
:mod:`xl_kpi.engine.facts`, read a missing optional column as all blank), which the facts
take like a tab's pandas frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import narwhals as nw
import pandas as pd

from ..columns import _CELL_READERS
from ..excelfacts import column_letter
from ..notes import Note
from ..rows import MAX_NOTES_PER_TAB, Match
from ..schema import Column, TabSchema
from .base import Engine

__all__ = ["MissingColumns", "Cleaned", "clean"]

#: Text columns with a value per customer: trimmed by the engine rather than read one
#: distinct value at a time in Python (there may be millions).
_MANY_VALUES = frozenset({"customer_id"})
#: Plain decimal numbers (``1234.5``) the engine converts itself; the rest go to Python.
_PLAIN = r"^[0-9]{1,15}(\.[0-9]{0,15})?$"
#: Columns a reader may add: the row's line in its file, and the file.
ROW, FILE = "__row", "__file"


class MissingColumns(ValueError):
    """A source without a column the tab requires."""


@dataclass
class Cleaned:
    """A source read as a raw tab: the canonical rows (lazy), counts and notes."""

    frame: nw.LazyFrame
    rows_read: int
    rows_skipped: int
    notes: list[Note]


def _is_number(dtype: Any) -> bool:
    return dtype.is_numeric() and dtype != nw.Boolean


def _is_time(dtype: Any) -> bool:
    return dtype == nw.Date or dtype == nw.Datetime


def clean(engine: Engine, spec: TabSchema, label: str, native: Any) -> Cleaned:
    """Read a source's raw rows (``native``, a frame of ``engine``) as the tab ``spec``.

    Raises :class:`MissingColumns` when a required column has no header that names it.
    """
    lf = engine.lazy(native)
    schema = lf.collect_schema()
    headers = [h for h in schema.names() if h not in (ROW, FILE)]
    positions = Match(spec, headers).at  # the tab reader's own rule for headers
    missing = [c for c in spec.columns if c.required and c.name not in positions]
    if missing:
        wanted = "; ".join(f"{c.name} ({', '.join(c.headers[:4])})" for c in missing)
        raise MissingColumns(
            f"no column for {wanted}; its columns are {', '.join(map(str, headers[:12]))}"
        )
    raw = {c.name: f"__raw_{i}" for i, c in enumerate(spec.columns) if c.name in positions}
    extra = [c for c in (ROW, FILE) if c in schema.names()]
    lf = lf.select(
        *[nw.col(headers[positions[name]]).alias(alias) for name, alias in raw.items()], *extra
    )
    values, errors = {}, {}
    for column in spec.columns:
        if column.name not in raw:
            continue
        alias = raw[column.name]
        lf, values[column.name], errors[column.name] = _read(
            engine, lf, column, alias, schema[headers[positions[column.name]]]
        )
    names = list(values)
    # Each value and its error once, as columns; then whether the row is blank or bad.
    lf = lf.with_columns(
        *[values[n].alias(f"__v_{n}") for n in names],
        *[errors[n].alias(f"__e_{n}") for n in names],
    )
    blank = {n: nw.col(f"__v_{n}").is_null() & nw.col(f"__e_{n}").is_null() for n in names}
    lf = lf.with_columns(__blank=nw.all_horizontal(*blank.values(), ignore_nulls=False))
    bad = [
        ~nw.col(f"__e_{n}").is_null()
        | ((blank[n] & ~nw.col("__blank")) if spec.column(n).required else nw.lit(False))
        for n in names
    ]
    lf = lf.with_columns(__bad=nw.any_horizontal(*bad, ignore_nulls=False))
    checked = lf.select(*[f"__v_{n}" for n in names], "__blank", "__bad")
    persist = getattr(engine, "persist", None)
    if persist is not None:  # read the source once; the facts read the checked rows
        checked = persist(checked)
    counts = (
        checked.with_columns(
            __read=(~nw.col("__blank")).cast(nw.Int64), __skip=nw.col("__bad").cast(nw.Int64)
        )
        .select(nw.col("__read").sum(), nw.col("__skip").sum())
        .collect(backend="pandas")
        .to_native()
    )
    read = int(counts["__read"].fillna(0).iloc[0]) if len(counts) else 0
    skipped = int(counts["__skip"].fillna(0).iloc[0]) if len(counts) else 0
    notes = _notes(lf, spec, raw, headers, positions, label) if skipped else []
    frame = checked.filter(~nw.col("__bad") & ~nw.col("__blank")).select(
        *[nw.col(f"__v_{n}").alias(n) for n in names]
    )
    return Cleaned(frame, read, skipped, notes)


def _read(
    engine: Engine, lf: nw.LazyFrame, column: Column, alias: str, dtype: Any
) -> tuple[nw.LazyFrame, nw.Expr, nw.Expr]:
    """How to read one column: (frame with any lookup joined, value, error); a blank cell
    has neither a value nor an error."""
    col = nw.col(alias)
    no_error = nw.lit(None).cast(nw.String)
    kind = column.kind
    if kind == "id" or (kind == "text" and column.name in _MANY_VALUES):
        if dtype == nw.String:
            trimmed = col.str.strip_chars()
            return lf, nw.when(trimmed != "").then(trimmed), no_error
        return lf, col, no_error
    if kind == "date" and _is_time(dtype):
        return lf, (col.cast(nw.Datetime("us")) if dtype == nw.Date else col), no_error
    if kind in ("money", "count") and _is_number(dtype):
        value = col.cast(nw.Float64)
        if dtype.is_float():
            value = nw.when(~value.is_nan()).then(value)  # NaN is a blank cell
        if kind == "count":
            return lf, value, nw.when(value < 0).then(nw.lit("must not be negative"))
        return lf, value, no_error
    plain = None
    if kind in ("money", "count") and dtype == nw.String and engine.name != "pandas":
        plain = col.str.contains(_PLAIN)
    lf = _lookup(engine, lf, column, alias, plain)
    value, error = nw.col(f"{alias}_value"), nw.col(f"{alias}_error")
    if plain is not None:
        value = nw.when(plain).then(col.cast(nw.Float64)).otherwise(value)
        error = nw.when(plain).then(no_error).otherwise(error)
    return lf, value, error


def _lookup(
    engine: Engine, lf: nw.LazyFrame, column: Column, alias: str, plain: nw.Expr | None
) -> nw.LazyFrame:
    """Join a column's readings: each distinct value read once by the cell readers."""
    values = lf.filter(~plain) if plain is not None else lf
    distinct = values.select(nw.col(alias)).unique().collect(backend="pandas").to_native()
    distinct = distinct[distinct[alias].notna()]
    read = _CELL_READERS[column.kind]
    parsed = [read(_python(v)) for v in distinct[alias]]
    value_type = {"date": "datetime64[us]", "text": object}.get(column.kind, "float64")
    table = pd.DataFrame(
        {
            alias: distinct[alias].to_numpy(),
            f"{alias}_value": pd.Series([p[0] for p in parsed], dtype=value_type),
            f"{alias}_error": pd.Series([p[1] for p in parsed], dtype=object),
        }
    )
    if column.kind == "text":
        table[f"{alias}_value"] = (
            table[f"{alias}_value"].astype("str").where(table[f"{alias}_value"].notna(), None)
        )
    return lf.join(engine.lazy(engine.table(table)), on=alias, how="left")


def _python(value: Any) -> Any:
    """A value as the cell readers expect it (numpy scalars as Python's)."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def _notes(lf, spec, raw, headers, positions, label) -> list[Note]:
    """The first skipped rows, one note per unreadable or missing value."""
    columns = [c for c in spec.columns if c.name in raw]
    extra = [c for c in (ROW, FILE) if c in lf.collect_schema().names()]
    shown = lf.filter(nw.col("__bad")).select(
        *[nw.col(raw[c.name]) for c in columns],
        *[nw.col(f"__e_{c.name}") for c in columns],
        *[nw.col(f"__v_{c.name}") for c in columns],
        *extra,
    )
    if ROW in extra:
        shown = shown.sort(*[c for c in (FILE, ROW) if c in extra])
    rows = shown.head(MAX_NOTES_PER_TAB).collect(backend="pandas").to_native()
    notes = []
    for _, row in rows.iterrows():
        where = str(row[FILE]) if FILE in extra else label
        line = int(row[ROW]) if ROW in extra else None
        for c in columns:
            header = f"{headers[positions[c.name]]} ({column_letter(positions[c.name])})"
            why = row[f"__e_{c.name}"]
            if isinstance(why, str):
                notes.append(Note(where, why, line, header, _python(row[raw[c.name]])))
            elif c.required and pd.isna(row[f"__v_{c.name}"]):
                notes.append(Note(where, "required value is missing", line, header))
            if len(notes) >= MAX_NOTES_PER_TAB:
                return notes
    return notes
