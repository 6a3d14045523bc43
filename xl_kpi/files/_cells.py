"""A sheet's columns as :mod:`xl_kpi.files.read`'s contract holds them: fastexcel's Arrow
columns, with the cells it coerced in a mixed column put back as stored; openpyxl's cells
in the contract's types; and the frame built from either."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..excelfacts import header_text

__all__ = ["openpyxl_frame", "read_fastexcel"]

_EXCEL_DAY_ZERO = pd.Timestamp("1899-12-31")  # what a bare time of day is stored on


def read_fastexcel(
    fastexcel: Any, reader: Any, name: str, keep: Callable[[str, int], bool] | None, header_row: int
) -> pd.DataFrame:
    """Sheet ``name`` below its header (``header_row``, 0-based), the columns ``keep`` accepts:
    one pass when each column holds one type of value, more otherwise."""
    chosen = None if keep is None else (lambda info: keep(info.name, info.absolute_index))
    load = functools.partial(
        reader.load_sheet,
        name,
        header_row=header_row,
        schema_sample_rows=None,
        use_columns=chosen,
    )
    try:
        infos, columns = _arrow_columns(load, dtype_coercion="strict")
    except fastexcel.UnsupportedColumnTypeCombinationError:
        try:
            infos, columns = _arrow_columns(load, dtype_coercion="coerce")
        except fastexcel.UnsupportedColumnTypeCombinationError:  # e.g. durations among dates
            infos, columns = _arrow_columns(load, dtypes="string")
        # Coercion made text of mixed columns and 0 and 1 of logical values among numbers.
        text = [k for k, info in enumerate(infos) if info.dtype == "string"]
        floats = [k for k, info in enumerate(infos) if info.dtype == "float"]
        suspects = sorted(text + floats)
        stamps = dict(zip(suspects, _reread(load, infos, suspects, "datetime")))
        typed = {k: pd.notna(v) for k, v in zip(text, _reread(load, infos, text, "boolean"))}
        typed.update({k: pd.notna(columns[k]) for k in floats})
        numbers = {k: columns[k] for k in floats}
        numeric = [k for k in text if typed[k].any()]
        numbers.update(zip(numeric, _reread(load, infos, numeric, "float")))
        for k in suspects:
            columns[k] = _restore(columns[k], typed[k], numbers.get(k), stamps[k])
    # Among numbers, dates or logical values, "n/a", "NA", "NULL", "None", "#N/A" and ""
    # read as blanks and "nan" as NaN: put such texts back.
    gaps = [k for k, c in enumerate(columns) if infos[k].dtype != "string" and pd.isna(c).any()]
    for k, text in zip(gaps, _reread(load, infos, gaps, "string")):
        blank = pd.isna(columns[k])
        if (blank & pd.notna(text)).any():
            values = np.where(blank, text, pd.Series(columns[k], dtype=object))
            columns[k] = _tidy(values)
    names = ["" if info.column_name_from == "generated" else info.name for info in infos]
    frame = _build(names, columns)  # fastexcel generates names for blank header cells
    frame.attrs["excel_columns"] = [info.absolute_index for info in infos]
    return frame


def _reread(load: Callable[..., Any], infos: list[Any], picked: list[int], kind: str) -> list:
    """Columns ``picked`` (positions) of the sheet read again, all as fastexcel ``kind``."""
    if not picked:
        return []
    names = [infos[k].name for k in picked]
    return _arrow_columns(load, use_columns=names, dtypes=dict.fromkeys(names, kind))[1]


def _restore(
    cells: np.ndarray, typed: np.ndarray, number: np.ndarray | None, stamp: np.ndarray
) -> np.ndarray:
    """A coerced column's cells as stored. ``typed`` marks numbers and logical values,
    ``number`` holds their exact values (logical values as 0 and 1) and ``stamp`` the
    column read as dates, which is blank for logical values but not for numbers."""
    number = np.full(len(cells), np.nan) if number is None else number
    values = np.where(pd.isna(cells), None, cells.astype(object))
    is_logical = typed & np.isnat(stamp) & np.isin(number, (0.0, 1.0))
    is_date = ~typed & ~np.isnat(stamp)
    values[typed] = number[typed]
    values[is_logical] = (number[is_logical] == 1.0).tolist()
    values[is_date] = pd.DatetimeIndex(stamp[is_date]).astype(object)
    return _tidy(values)


def _arrow_columns(load: Callable[..., Any], **how: Any) -> tuple[list[Any], list[np.ndarray]]:
    """The column infos of the sheet ``load(**how)`` gives and each column as a numpy
    array, through pyarrow."""
    import pyarrow as pa

    sheet = load(**how)
    batch = pa.record_batch(sheet)  # fastexcel exports Arrow through its PyCapsule interface
    infos = list(sheet.selected_columns)
    del sheet  # its grid of every cell, freed before the columns are converted
    columns = [_column(batch.column(j)) for j in range(batch.num_columns)]
    return infos, columns


def _column(array: Any) -> np.ndarray | pd.Categorical:
    """One Arrow column as float64, bool, datetime64[ms], timedelta64[ms], object, or for
    text a categorical of ``str``."""
    import pyarrow as pa

    kind = array.type
    if pa.types.is_null(kind) or len(array) == 0:
        return np.full(len(array), None, dtype=object)
    if pa.types.is_floating(kind) or pa.types.is_integer(kind):
        return array.cast(pa.float64()).to_numpy(zero_copy_only=False)  # nulls become NaN
    if pa.types.is_boolean(kind):
        values = array.to_numpy(zero_copy_only=False)
        return values.astype(bool) if array.null_count == 0 else values.astype(object)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        # Text as a categorical of its distinct values: a channel or status column of a
        # million rows holds a handful of strings, made into Python objects once each.
        encoded = array.dictionary_encode()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        texts = encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)
        return pd.Categorical.from_codes(
            codes.astype(np.int64), categories=pd.Index(texts, dtype=object)
        )
    if pa.types.is_timestamp(kind):
        return array.cast(pa.timestamp("ms")).to_numpy(zero_copy_only=False)
    if pa.types.is_duration(kind):
        return array.cast(pa.duration("ms")).to_numpy(zero_copy_only=False)
    raise ValueError(f"Unsupported column type {kind} from fastexcel.")


# --------------------------------------------------------------------------- openpyxl
def openpyxl_frame(
    sheet: Any, keep: Callable[[str, int], bool] | None, index: int = 0
) -> pd.DataFrame:
    sheet.reset_dimensions()  # trust the cells, not the stored dimension
    rows = [[_cell_value(cell) for cell in cells] for cells in sheet.iter_rows()]
    used = [[j for j, v in enumerate(row) if v is not None] for row in rows]
    while rows and not used[-1]:  # blank rows after the last value
        rows.pop()
        used.pop()
    first = min((u[0] for u in used if u), default=0)
    last = max((u[-1] for u in used if u), default=-1)
    grid = [row[first : last + 1] + [None] * (last + 1 - max(len(row), first)) for row in rows]
    header = [header_text(v) for v in grid[index]] if len(grid) > index else []
    kept = [j for j, name in enumerate(header) if keep is None or keep(name, first + j)]
    body = grid[index + 1 :]
    columns = [_tidy(np.array([row[j] for row in body], dtype=object)) for j in kept]
    frame = _build([header[j] for j in kept], columns)
    frame.attrs["excel_columns"] = [first + j for j in kept]
    return frame


def _cell_value(cell: Any) -> Any:
    """An openpyxl cell's value in the contract's types (errors are blanks)."""
    value = cell.value
    if value is None or cell.data_type == "e":
        return None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return pd.Timestamp(value).as_unit("ms")
    if isinstance(value, dt.time):
        return _EXCEL_DAY_ZERO + pd.Timedelta(value.isoformat())
    if isinstance(value, dt.timedelta):
        return pd.Timedelta(value).as_unit("ms")
    return str(value)


# --------------------------------------------------------------------------- frames
def _build(names: Iterable[str], columns: list[np.ndarray]) -> pd.DataFrame:
    """Columns under unique names; object arrays stay ``object`` (not pandas' ``str``) and
    text columns categoricals of ``str``."""
    data = {
        name: pd.Series(values, dtype=values.dtype) for name, values in zip(_unique(names), columns)
    }
    return pd.DataFrame(data, index=pd.RangeIndex(len(columns[0]) if columns else 0))


def _unique(names: Iterable[str]) -> list[str]:
    """Names made distinct the way fastexcel does it: ``a, a, a_1`` -> ``a, a_1, a_1_1``."""
    seen: set[str] = set()
    unique = []
    for name in names:
        candidate, k = name, 1
        while candidate in seen:
            candidate, k = f"{name}_{k}", k + 1
        seen.add(candidate)
        unique.append(candidate)
    return unique


def _tidy(values: np.ndarray) -> np.ndarray:
    """An ``object`` column as the typed array a reader would give for its cells."""
    present = pd.notna(values)
    kinds = {type(v) for v in values[present]}
    if kinds and kinds <= {float}:
        return np.where(present, values, np.nan).astype(np.float64)
    if kinds and kinds <= {pd.Timestamp}:
        return pd.DatetimeIndex(np.where(present, values, pd.NaT)).as_unit("ms").to_numpy()
    if kinds and kinds <= {pd.Timedelta}:
        return pd.TimedeltaIndex(np.where(present, values, pd.NaT)).as_unit("ms").to_numpy()
    if kinds == {bool} and present.all():
        return values.astype(bool)
    return np.where(present, values, None)
