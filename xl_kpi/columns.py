"""A column of cells read as its kind says: dates, money, counts or text, once per
distinct value, with what was blank, what failed and why.

The cells are what the workbook readers give (floats, text, datetimes, logical values,
blanks, or a categorical of text); the result is in the kind's dtype (text as a
categorical), with an :class:`~xl_kpi.inputs.InputError` per cell that could not be read,
and for money the currency each text names (``$1,200``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .inputs import InputError, currency_of, is_blank, parse_date, parse_number, shown
from .schema import Column

__all__ = ["DTYPES", "TEXT", "ReadColumn", "blank_column", "read_column"]

DTYPES = {
    "date": "datetime64[ns]",
    "money": "float64",
    "count": "float64",
    "text": "category",
    "id": "object",
}
TEXT = Column("text", "текст", "text")


@dataclass(frozen=True)
class ReadColumn:
    values: pd.Series  # in the kind's dtype, positional index
    blank: np.ndarray  # the cell is empty
    failed: np.ndarray  # the cell could not be read
    errors: np.ndarray  # why (object array of InputError; None where it was read)
    currency: np.ndarray | None = None  # money: the currency each text names (ISO code)


def _no_errors(n: int) -> np.ndarray:
    return np.full(n, None, dtype=object)


def blank_column(n: int, values: pd.Series) -> ReadColumn:
    """A column of ``n`` blank cells, as ``values`` (in its kind's dtype) hold them."""
    return ReadColumn(values, np.ones(n, bool), np.zeros(n, bool), _no_errors(n))


def read_column(series: pd.Series, spec: Column) -> ReadColumn:
    """Read a column as its kind says, each distinct cell once (values repeat a lot)."""
    kind = spec.kind
    n = len(series)
    if (kind == "date" and series.dtype.kind == "M") or (
        kind in ("money", "count") and series.dtype.kind in "fiu"
    ):
        values = series.astype(DTYPES[kind]).reset_index(drop=True)
        blank = values.isna().to_numpy()
        failed = (values < 0).to_numpy() if kind == "count" else np.zeros(n, dtype=bool)
        negative = InputError.of("input.negative")
        errors = np.where(failed, negative, None).astype(object)
        return ReadColumn(values, blank, failed, errors)
    if kind == "id":  # only told apart from blanks: no KPI reads campaigns or lead ids
        values = series.reset_index(drop=True)
        blank = (values.isna() | (values == "")).to_numpy()
        return ReadColumn(values, blank, np.zeros(n, dtype=bool), _no_errors(n))
    codes, uniques = _distinct(series)
    if kind == "text" and pd.api.types.infer_dtype(uniques, skipna=True) in ("string", "empty"):
        parsed = [(None if is_blank(u) else u.strip(), None) for u in uniques]
    else:
        parsed = [_CELL_READERS[kind](u) for u in uniques]
    parsed.append((None, None))  # code -1: a blank cell
    errors = np.array([p[1] for p in parsed], dtype=object)[codes]
    failed = np.array([p[1] is not None for p in parsed])[codes]
    blank = np.array([p[0] is None and p[1] is None for p in parsed])[codes]
    currency = None
    if kind in ("money", "count"):
        said = [currency_of(u) if isinstance(u, str) else None for u in uniques]
        if any(said):
            currency = np.array([*said, None], dtype=object)[codes]
    if kind == "text":  # kept categorical: each distinct text is one object, codes are cheap
        texts, position = pd.factorize(np.array([p[0] for p in parsed], dtype=object))
        values = pd.Series(pd.Categorical.from_codes(texts[codes], categories=position))
    else:
        values = pd.Series(np.array([p[0] for p in parsed], dtype=object)[codes])
    return ReadColumn(values.astype(DTYPES[kind]), blank, failed, errors, currency)


def _distinct(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 for blank) and distinct values of a column; a categorical has them."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(np.int64), series.cat.categories.to_numpy(object)
    return pd.factorize(series.astype(object), use_na_sentinel=True)


def _guarded(read):
    def cell(value: Any) -> tuple[Any, InputError | None]:
        if is_blank(value):
            return None, None
        try:
            return read(value), None
        except InputError as exc:
            return None, exc

    return cell


def _number(value: Any) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise InputError.of("input.logical", value=shown(value))
    if not isinstance(value, (int, float, str, np.number)):
        raise InputError.of("input.not_number", value=shown(value))
    number = parse_number(value) if isinstance(value, str) else float(value)
    if not math.isfinite(number):
        raise InputError.of("input.not_finite", value=shown(value))
    return number


def _count(value: Any) -> float:
    number = _number(value)
    if number < 0:
        raise InputError.of("input.negative")
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
