"""A column of cells read as its kind says: dates, money, counts or text, once per
distinct value, with what was blank, what failed and why.

The cells are what the workbook readers give (floats, text, datetimes, logical values,
blanks, or a categorical of text); the result is in the kind's dtype (text as a
categorical), with an :class:`~xl_kpi.inputs.InputError` per cell that could not be read,
and for money the currency each text names (``$1,200``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .inputs import (
    PLACEHOLDER_FIRST,
    InputError,
    currency_of,
    is_blank,
    parse_date,
    parse_number,
    shown,
)
from .schema import Column

__all__ = ["DTYPES", "TEXT", "ReadColumn", "blank_column", "read_column", "starting_with"]

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
    """Read a column as its kind says, each distinct cell once (values repeat a lot); in a
    column of mixed cells, real numbers or dates are taken as they are and only the rest
    is read cell by cell (a totals row's text among a million dates).  A date far from the
    column's others (a typed 2052 among 2025's orders) is refused as a likely typo."""
    column = _read_column(series, spec)
    return _far_dates(column) if spec.kind == "date" else column


def _read_column(series: pd.Series, spec: Column) -> ReadColumn:
    kind = spec.kind
    n = len(series)
    if kind in _NATIVE and series.dtype == object and n:
        mixed = _read_mixed(series, spec)
        if mixed is not None:
            return mixed
    if (kind == "date" and series.dtype.kind == "M") or (
        kind in ("money", "count") and series.dtype.kind in "fiu"
    ):
        return _read_typed(series, kind)
    if kind == "id":  # only told apart from blanks: no KPI reads campaigns or lead ids
        values = series.reset_index(drop=True)
        blank = (values.isna() | (values == "")).to_numpy()
        return ReadColumn(values, blank, np.zeros(n, dtype=bool), _no_errors(n))
    return _read_distinct(series, kind)


def _read_mixed(series: pd.Series, spec: Column) -> ReadColumn | None:
    """A column of real numbers or dates among other cells: the real ones at once, the rest
    cell by cell; None when there are no real ones (or they need reading one by one)."""
    kind, n = spec.kind, len(series)
    cells = series.to_numpy(object)
    native = np.fromiter((type(v) in _NATIVE[kind] for v in cells), bool, n)
    if not native.any():
        return None
    try:
        typed = cells[native]
        typed = pd.to_datetime(typed) if kind == "date" else typed.astype(np.float64)
        fast = _read_column(pd.Series(typed).astype(DTYPES[kind]), spec)
    except (ValueError, TypeError):  # time zones, dates Excel cannot hold: cell by cell
        return None
    rest = _read_column(pd.Series(cells[~native], dtype=object), spec)
    return _merge(native, fast, rest, kind)


def _read_typed(series: pd.Series, kind: str) -> ReadColumn:
    """A column the reader already typed (dates, numbers): checked, not parsed. Times
    with a time zone are read on its clock, as they are among other cells."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    series = series.reset_index(drop=True)
    blank = series.isna().to_numpy()
    errors = _no_errors(len(series))
    if kind == "date":  # years checked at the reader's resolution: 9999-12-31 fits there
        years = series.dt.year.to_numpy()
        outside = ~blank & ((years < FIRST_YEAR) | (years > LAST_YEAR))
        errors[outside] = [_outside(v) for v in series[outside]]
        series = series.mask(outside)
        failed = outside
    values = series.astype(DTYPES[kind])
    if kind != "date":
        numbers = values.to_numpy(np.float64)
        infinite = ~blank & ~np.isfinite(numbers)
        errors[infinite] = [InputError.of("input.not_finite", value=shown(v)) for v in
                            numbers[infinite]]  # fmt: skip
        failed = infinite
        if kind == "count":
            negative = ~blank & ~infinite & (numbers < 0)
            errors[negative] = InputError.of("input.negative")
            failed = infinite | negative
    return ReadColumn(values, blank, failed, errors)


def _read_distinct(series: pd.Series, kind: str) -> ReadColumn:
    """A column of text (or of values to parse), each distinct cell read once."""
    n = len(series)
    codes, uniques = _distinct(series)
    if kind == "text" and pd.api.types.infer_dtype(uniques, skipna=True) in ("string", "empty"):
        if _as_they_are(uniques):
            # distinct, trimmed, none blank (a million order ids): the categories as they are
            kept = isinstance(series.dtype, pd.CategoricalDtype)
            if kept and series.cat.categories.dtype == object:
                values = series.array  # those very codes and categories
            else:
                values = pd.Categorical.from_codes(
                    codes, categories=pd.Index(uniques, dtype=object)
                )
            return ReadColumn(pd.Series(values), codes < 0, np.zeros(n, bool), _no_errors(n))
        stripped = [u.strip() for u in uniques]
        empty = [not s or (s[0] in PLACEHOLDER_FIRST and is_blank(s)) for s in stripped]
        parsed = [(None if e else s, None) for s, e in zip(stripped, empty)]
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


#: Every character Python's ``str.strip`` takes off (Unicode's white space ends at U+3000).
_WHITE = tuple(chr(c) for c in range(0x3001) if chr(c).isspace())


def starting_with(texts: np.ndarray, chars: Collection[str]) -> np.ndarray:
    """Which of ``texts`` begin with one of ``chars`` (single characters), without a
    Python loop over the texts; a value that is not text is looked at as ``str`` shows it."""
    firsts = np.asarray(texts, dtype=object).astype("U1").view(np.uint32)  # "" is 0
    return np.isin(firsts, np.array(sorted(map(ord, chars)), dtype=np.uint32))


def _as_they_are(texts: np.ndarray) -> bool:
    """Whether each of ``texts`` (all ``str``) reads as itself: none empty, none with white
    space at either end, none a placeholder (``n/a``, ``—``). The texts are joined and
    searched once per kind of white space, and only texts that begin as a placeholder
    does are asked :func:`is_blank`: a column of a million distinct ids costs no loop."""
    if not len(texts):
        return True
    joined = "\x00" + "\x00".join(texts.tolist()) + "\x00"
    if "\x00\x00" in joined:  # an empty text
        return False
    if any(c in joined and ("\x00" + c in joined or c + "\x00" in joined) for c in _WHITE):
        return False  # (or a text holding the separator: then the texts are read one by one)
    maybe = texts[starting_with(texts, PLACEHOLDER_FIRST)]
    return not any(is_blank(t) for t in maybe)


#: The Python types of cells that are already a date or a number.
_NATIVE = {
    "date": {dt.datetime, pd.Timestamp},
    "money": {float, int, np.float64},
    "count": {float, int, np.float64},
}


def _merge(native: np.ndarray, fast: ReadColumn, rest: ReadColumn, kind: str) -> ReadColumn:
    """One column from its native cells (``native``) and the others, read apart."""
    n = len(native)
    values = np.empty(n, dtype=DTYPES[kind])
    values[native], values[~native] = fast.values.to_numpy(), rest.values.to_numpy()
    parts = []
    for name in ("blank", "failed", "errors"):
        merged = np.empty(n, dtype=getattr(fast, name).dtype)
        merged[native], merged[~native] = getattr(fast, name), getattr(rest, name)
        parts.append(merged)
    currency = None
    if rest.currency is not None:
        currency = np.full(n, None, dtype=object)
        currency[~native] = rest.currency
    return ReadColumn(pd.Series(values), *parts, currency)


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


#: The years a date may fall in: from Excel's first day to the last a timestamp holds.
FIRST_YEAR, LAST_YEAR = 1900, 2261
#: How far (in years) a date may be from the median of its column before it is a typo.
FAR_YEARS = 20


def _outside(value: Any) -> InputError:
    return InputError.of("input.date_range", value=shown(value), first=FIRST_YEAR, last=LAST_YEAR)


def _date(value: Any) -> dt.datetime:
    """A date the summary can place: between :data:`FIRST_YEAR` and :data:`LAST_YEAR`."""
    found = parse_date(value)
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise _outside(value)
    return found


def _far_dates(column: ReadColumn) -> ReadColumn:
    """The dates more than :data:`FAR_YEARS` years from the median of their column, refused
    as typos: one mistyped year would otherwise give the summary a period for every week
    in between."""
    stamps = pd.DatetimeIndex(column.values)
    good = ~column.blank & ~column.failed
    if good.sum() < 2:
        return column
    middle = stamps[good].sort_values()[int(good.sum()) // 2]
    years = (stamps - middle).days.to_numpy(dtype=np.float64) / 365.25
    far = good & (np.abs(np.nan_to_num(years)) > FAR_YEARS)
    if not far.any():
        return column
    errors, failed = column.errors.copy(), column.failed.copy()
    for i in np.flatnonzero(far):
        way = "after" if years[i] > 0 else "before"
        errors[i] = InputError.of(f"input.date_far_{way}", years=f"{abs(years[i]):,.0f}")
    failed |= far
    return ReadColumn(column.values, column.blank, failed, errors, column.currency)


_CELL_READERS = {
    "date": _guarded(_date),
    "money": _guarded(_number),
    "count": _guarded(_count),
    "text": _guarded(_text),
}
