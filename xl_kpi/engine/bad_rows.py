"""The notes of a source's skipped rows, as the tab reader words them, and far dates.

A row with a value that cannot be read, or without a required value, is listed with its
file, line, column and value (its first such value, as the tab reader lists it); a date
far from the column's others is refused as a typo, as :mod:`xl_kpi.columns` refuses it.
"""

from __future__ import annotations

from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from ..columns import FAR_YEARS, FIRST_YEAR, LAST_YEAR
from ..inputs import InputError, shown
from ..notes import Note, error_note
from .base import FILE, ROW
from .base import collect as _collect

__all__ = ["READ", "far_dates", "skipped_notes"]

#: What the engine marks a failed cell with: the reader's reason, or "read" when Python's
#: reading of the distinct value failed (its error is kept in Python, for the notes).
READ = "read"


def _month(column: str = "__v_date") -> nw.Expr:
    return nw.col(column).dt.year() * 12 + nw.col(column).dt.month()


def far_dates(checked: nw.LazyFrame) -> tuple[nw.Expr | None, float | None]:
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


def skipped_notes(
    lf, columns: dict[str, Any], label: str, middle: float | None, room: int
) -> list[Note]:
    """The first skipped rows (``room`` of them at most), one note per row: its first
    unreadable or missing value, as the tab reader lists them."""
    extra = [c for c in (ROW, FILE) if c in lf.collect_schema().names()]
    wrong = (nw.col("__failed") | nw.col("__far")) & ~nw.col("__blank") & ~nw.col("__out")
    shown_rows = lf.filter(wrong).select(
        *[nw.col(c.alias) for c in columns.values()],
        *[nw.col(f"__e_{n}") for n in columns],
        *[nw.col(f"__v_{n}") for n in columns],
        "__far",
        *extra,
    )
    if ROW in extra:
        shown_rows = shown_rows.sort(*[c for c in (FILE, ROW) if c in extra])
    rows = _collect(shown_rows.head(max(room, 0)))
    notes: list[Note] = []
    for _, row in rows.iterrows():
        where = str(row[FILE]) if FILE in extra else label
        line = int(row[ROW]) if ROW in extra else None
        for name, column in columns.items():
            note = _note(row, name, column, where, line, middle)
            if note is not None:
                notes.append(note)
                break
    return notes[: max(room, 0)]


def _note(row, name: str, column: Any, where: str, line, middle) -> Note | None:
    """The note of one skipped row's value, None when the value is fine."""
    raw = _python(row[column.alias])
    why = row[f"__e_{name}"]
    if isinstance(why, str):
        error = column.failures.get(raw) if why == READ else _typed_error(why, raw)
        return error_note(where, error, line, column.header, raw)
    if name == "date" and middle is not None and bool(row["__far"]):
        error = _far_error(row["__v_date"], middle)
        return error_note(where, error, line, column.header, raw)
    if column.spec.required and pd.isna(row[f"__v_{name}"]):
        return Note.of(where, "note.missing_value", line, column.header)
    return None


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
