"""The raw tabs users paste exports into: what they are called, what they hold, and how
each row is read and checked.

A tab is recognised by its name in English or Russian (case and spaces ignored), its
columns by their headers (with common aliases), as :mod:`xl_kpi.schema` describes them.
Values go through the same readers as the KPI functions (:mod:`xl_kpi.inputs`), so
``1 234,56`` and ``31.12.2025`` work here as in a cell.  A row that cannot be read is
skipped and reported with its sheet, Excel row, column and value; it never stops the work
and never silently becomes 0.

Input contract (both workbook readers produce it): one pandas DataFrame per sheet, the
columns are the header cells of row 1 as written (``attrs["excel_columns"]``, when set,
gives each column's Excel column, 0 for A; else they start at A), frame position ``i`` is
Excel row ``i + 2``, and cells are floats, text, datetimes, logicals or blanks (text
columns may be categoricals).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .excelfacts import column_letter
from .inputs import InputError, is_blank, parse_date, parse_number
from .schema import Column, TabSchema, find_tab, key

__all__ = ["Note", "Tab", "is_needed_column", "is_raw_tab", "read_tab", "read_tabs"]

#: How many problems of one tab are listed; the rest are counted.
MAX_NOTES_PER_TAB = 20


@dataclass(frozen=True)
class Note:
    """Something wrong in the data, said so that the user can find and fix it."""

    sheet: str
    reason: str
    row: int | None = None  # Excel row number
    column: str | None = None  # the header as written, with its letter: "revenue (C)"
    value: Any = None

    def __str__(self) -> str:
        where = f"{self.sheet}"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        shown = "" if self.value is None or repr(self.value) in self.reason else f"{self.value!r} "
        return f"{where}: {shown}{self.reason}"


@dataclass
class Tab:
    """A raw tab read and checked: its rows in canonical columns, and what was wrong."""

    spec: TabSchema
    sheet: str
    frame: pd.DataFrame
    rows_read: int = 0
    rows_skipped: int = 0
    notes: list[Note] = field(default_factory=list)


def is_raw_tab(sheet_name: str) -> bool:
    """Whether a sheet is one of the raw tabs (the readers read only those)."""
    return find_tab(sheet_name) is not None


def is_needed_column(sheet_name: str, header: str) -> bool:
    """Whether a column of a raw tab is read: every column but the ids and labels no KPI
    uses (order and lead ids, campaigns), which a file reader can then skip."""
    spec = find_tab(sheet_name)
    wanted = key(header)
    return spec is not None and any(
        c.kind != "id" and any(key(a) == wanted for a in c.headers) for c in spec.columns
    )


def read_tabs(raw: Mapping[str, pd.DataFrame]) -> dict[str, Tab]:
    """Read every recognised raw tab; the result is keyed by canonical tab name."""
    tabs: dict[str, Tab] = {}
    for sheet, frame in raw.items():
        spec = find_tab(sheet)
        if spec is None:
            continue
        if spec.name in tabs:
            tabs[spec.name].notes.append(
                Note(sheet, f"ignored: tab {tabs[spec.name].sheet!r} already holds {spec.name}")
            )
            continue
        tabs[spec.name] = read_tab(spec, sheet, frame)
    return tabs


def read_tab(spec: TabSchema, sheet: str, raw: pd.DataFrame) -> Tab:
    """Read one raw tab: match headers, read each column, skip and report bad rows."""
    positions = _match_headers(spec, list(raw.columns))
    tab = Tab(spec, sheet, pd.DataFrame(columns=[c.name for c in spec.columns]))
    missing = [c for c in spec.columns if c.required and c.name not in positions]
    if missing:
        for c in missing:
            tab.notes.append(
                Note(
                    sheet,
                    f"no column for {c.name} (headers tried: "
                    f"{', '.join(c.headers[:6])}); the tab is not used",
                )
            )
        return tab
    excel_columns = raw.attrs.get("excel_columns") or range(len(raw.columns))
    body = raw.iloc[:, list(positions.values())]
    body.columns = list(positions)
    read = {c.name: _read_column(body[c.name], c) for c in spec.columns if c.name in positions}
    blank_rows = np.logical_and.reduce([column.blank for column in read.values()])
    bad = np.zeros(len(body), dtype=bool)
    for spec_col in spec.columns:
        if spec_col.name not in read:
            continue
        column = read[spec_col.name]
        col = positions[spec_col.name]
        header = f"{raw.columns[col]} ({column_letter(excel_columns[col])})"
        failed = column.failed & ~blank_rows
        missing = column.blank & ~blank_rows if spec_col.required else np.zeros_like(bad)
        for i in np.flatnonzero((failed | missing) & ~bad)[:MAX_NOTES_PER_TAB]:
            if failed[i]:
                note = Note(
                    sheet,
                    column.errors[i],
                    int(i) + 2,
                    header,
                    body.iat[i, list(read).index(spec_col.name)],
                )
            else:
                note = Note(sheet, "required value is missing", int(i) + 2, header)
            _note(tab, note)
        bad |= failed | missing
    tab.notes.sort(key=lambda note: -1 if note.row is None else note.row)
    keep = ~bad & ~blank_rows
    columns = {name: column.values[keep] for name, column in read.items()}
    tab.frame = pd.DataFrame(columns)
    for c in spec.columns:  # optional columns the tab does not have are all blank
        if c.name not in tab.frame:
            tab.frame[c.name] = pd.Series(
                np.nan if c.kind != "text" else None, index=tab.frame.index, dtype=_DTYPES[c.kind]
            )
    tab.rows_read = int((~blank_rows).sum())
    tab.rows_skipped = int(bad.sum())
    return tab


def _note(tab: Tab, note: Note) -> None:
    if sum(n.row is not None for n in tab.notes) < MAX_NOTES_PER_TAB:
        tab.notes.append(note)


def _match_headers(spec: TabSchema, headers: list[Any]) -> dict[str, int]:
    keys = [key(h) for h in headers]
    found: dict[str, int] = {}
    for column in spec.columns:
        for alias in column.headers:
            k = key(alias)
            if k in keys and keys.index(k) not in found.values():
                found[column.name] = keys.index(k)
                break
    return found


_DTYPES = {
    "date": "datetime64[ns]",
    "money": "float64",
    "count": "float64",
    "text": "category",
    "id": "object",
}


@dataclass(frozen=True)
class _Column:
    values: pd.Series  # in the kind's dtype, positional index
    blank: np.ndarray  # the cell is empty
    failed: np.ndarray  # the cell could not be read
    errors: np.ndarray  # why (object array; None where it was read)


def _read_column(series: pd.Series, spec: Column) -> _Column:
    """Read a column as its kind says, each distinct cell once (values repeat a lot)."""
    kind = spec.kind
    n = len(series)
    if (kind == "date" and series.dtype.kind == "M") or (
        kind in ("money", "count") and series.dtype.kind in "fiu"
    ):
        values = series.astype(_DTYPES[kind]).reset_index(drop=True)
        blank = values.isna().to_numpy()
        failed = (values < 0).to_numpy() if kind == "count" else np.zeros(n, dtype=bool)
        errors = np.where(failed, "must not be negative", None).astype(object)
        return _Column(values, blank, failed, errors)
    if kind == "id":  # only told apart from blanks: no KPI reads order or lead ids
        values = series.reset_index(drop=True)
        blank = (values.isna() | (values == "")).to_numpy()
        return _Column(values, blank, np.zeros(n, dtype=bool), np.full(n, None, dtype=object))
    codes, uniques = _distinct(series)
    if kind == "text" and pd.api.types.infer_dtype(uniques, skipna=True) in ("string", "empty"):
        parsed = [(u.strip() or None, None) for u in uniques]
    else:
        parsed = [_CELL_READERS[kind](u) for u in uniques]
    parsed.append((None, None))  # code -1: a blank cell
    errors = np.array([p[1] for p in parsed], dtype=object)[codes]
    failed = np.array([p[1] is not None for p in parsed])[codes]
    blank = np.array([p[0] is None and p[1] is None for p in parsed])[codes]
    if kind == "text":  # kept categorical: each distinct text is one object, codes are cheap
        texts, position = pd.factorize(np.array([p[0] for p in parsed], dtype=object))
        values = pd.Series(pd.Categorical.from_codes(texts[codes], categories=position))
    else:
        values = pd.Series(np.array([p[0] for p in parsed], dtype=object)[codes])
    return _Column(values.astype(_DTYPES[kind]), blank, failed, errors)


def _distinct(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 for blank) and distinct values of a column; a categorical has them."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(np.int64), series.cat.categories.to_numpy(object)
    return pd.factorize(series.astype(object), use_na_sentinel=True)


def _guarded(read):
    def cell(value: Any) -> tuple[Any, str | None]:
        if is_blank(value):
            return None, None
        try:
            return read(value), None
        except InputError as exc:
            return None, str(exc)

    return cell


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, np.number)):
        raise InputError(f"{value!r} is not a number")
    number = parse_number(value) if isinstance(value, str) else float(value)
    if not math.isfinite(number):
        raise InputError("is not a finite number")
    return number


def _count(value: Any) -> float:
    number = _number(value)
    if number < 0:
        raise InputError("must not be negative")
    return number


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # ids typed as numbers arrive as floats: 42.0 is "42"
    return str(value).strip()


_CELL_READERS = {
    "date": _guarded(parse_date),
    "money": _guarded(_number),
    "count": _guarded(_count),
    "text": _guarded(_text),
}
