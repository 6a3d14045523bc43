"""The sample as a Russian user would paste it: Russian names, number and date text."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..schema import find_tab
from ._generate import _text_matrix

__all__ = ["NBSP", "RU_STATUSES", "russian_tables"]

RU_STATUSES: dict[str, str] = {
    "completed": "выполнен",
    "cancelled": "отменён",
    "returned": "возврат",
    "new": "новый",
    "in progress": "в работе",
    "won": "успешно",
    "lost": "отказ",
}
"""Canonical English order and lead status -> Russian status."""

NBSP = "\u00a0"
"""No-break space: the thousands separator of Russian number text."""

# Columns rendered as Russian money text (two decimals) or as trimmed Russian number text.
_MONEY_COLUMNS = frozenset({"revenue", "cost", "spend"})
_NUMBER_COLUMNS = frozenset({"target", "benchmark"})


def russian_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The same data as a Russian user would paste it into Excel.

    Tabs and headers get their Russian names from :mod:`xl_kpi.schema`; order and
    lead statuses are translated with :data:`RU_STATUSES`; money (``revenue``, ``cost``,
    ``spend``) becomes text such as ``"1 234,56"`` (no-break space between thousands, comma
    before two decimals); targets and benchmarks become the same kind of text without
    trailing zeros (``"1,5"``, ``"0,02"``, ``"3 800"``); dates become ``"dd.mm.yyyy"`` text.
    Counts stay int64, blanks stay ``None``, and the ``language`` setting becomes ``"ru"``.
    Channel and campaign names are kept as they are.

    Args:
        tables: Frames with canonical English names, as returned by :func:`sample_tables`.
            Tabs or columns without a Russian name keep their names. The input is not
            modified.

    Returns:
        New frames keyed by Russian tab names, in the same order as ``tables``.
    """
    result: dict[str, pd.DataFrame] = {}
    for tab_name, frame in tables.items():
        schema = find_tab(tab_name)
        russian = {c.name: c.ru for c in schema.columns} if schema else {}
        columns: dict[str, pd.Series] = {}
        for name in frame.columns:
            series = frame[name]
            if pd.api.types.is_datetime64_any_dtype(series.dtype):
                values: pd.Series = _ru_dates(series)
            elif name in _MONEY_COLUMNS:
                values = _object_series(_ru_number_text(series.to_numpy(np.float64), 2), series)
            elif name in _NUMBER_COLUMNS:
                values = _object_series(
                    _ru_number_text(series.to_numpy(np.float64), 6, trim=True), series
                )
            elif name == "status":
                values = _translate(series, RU_STATUSES)
            elif tab_name == "Settings" and name == "value":
                language = frame["key"].to_numpy(object) == "language"
                values = _object_series(np.where(language, "ru", series.to_numpy(object)), series)
            else:
                values = series.copy()
            columns[russian.get(name, name)] = values
        result[schema.ru if schema else tab_name] = pd.DataFrame(columns, index=frame.index)
    return result


def _object_series(values: np.ndarray, like: pd.Series) -> pd.Series:
    """``values`` as an object Series with the index and name of ``like``."""
    return pd.Series(values, index=like.index, name=like.name, dtype=object)


def _ru_number_text(
    values: NDArray[np.float64], decimals: int, *, trim: bool = False
) -> NDArray[np.object_]:
    """Numbers as Russian text: ``"1 234 567,89"`` (no-break spaces), ``None`` for NaN.

    With ``trim`` trailing zero decimals (and a bare comma) are dropped: ``"1,5"``, ``"3 800"``.
    """
    x = np.asarray(values, dtype=np.float64)
    n = x.size
    missing = ~np.isfinite(x)
    unit = 10**decimals
    scaled = np.rint(np.abs(np.where(missing, 0.0, x)) * unit).astype(np.int64)
    negative = (x < 0) & (scaled > 0)
    whole, fraction = np.divmod(scaled, unit)
    n_digits = np.ones(n, dtype=np.int64)
    for power in range(1, 19):
        n_digits += whole >= 10**power
    tail = decimals + 1 if decimals else 0
    length = tail + n_digits + (n_digits - 1) // 3 + negative
    width = int(length.max()) if n else 1

    # Right-aligned code points; unused cells on the left stay 0.
    matrix = np.zeros((n, width), dtype=np.uint32)
    column = width - 1
    rest = fraction.copy()
    for _ in range(decimals):
        matrix[:, column] = 48 + rest % 10
        rest //= 10
        column -= 1
    if decimals:
        matrix[:, column] = ord(",")
        column -= 1
    rest = whole.copy()
    for digit in range(int(n_digits.max()) if n else 0):
        present = digit < n_digits
        if digit and digit % 3 == 0:
            matrix[:, column] = np.where(present, ord(NBSP), 0)
            column -= 1
        matrix[:, column] = np.where(present, 48 + rest % 10, 0)
        rest //= 10
        column -= 1
    signed = np.flatnonzero(negative)
    matrix[signed, width - length[signed]] = ord("-")

    text = np.empty(n, dtype=object)
    for size in np.unique(length):  # one block per text length, left-aligned by slicing
        rows = np.flatnonzero(length == size)
        block = _text_matrix(matrix[rows, width - int(size) :])
        if trim and decimals:
            block = np.char.rstrip(np.char.rstrip(block.astype(str), "0"), ",").astype(object)
        text[rows] = block
    text[missing] = None
    return text


def _ru_dates(series: pd.Series) -> pd.Series:
    """Dates as ``"dd.mm.yyyy"`` text (``None`` for missing); each distinct date formatted once."""
    codes, uniques = pd.factorize(series)
    formatted = np.append(np.asarray(pd.DatetimeIndex(uniques).strftime("%d.%m.%Y"), object), None)
    return _object_series(formatted[codes], series)  # code -1 (missing) picks the final None


def _translate(series: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Values replaced through ``mapping`` (unknown values kept); each distinct value once."""
    codes, uniques = pd.factorize(series)
    translated = np.array([mapping.get(value, value) for value in uniques] + [None], dtype=object)
    return _object_series(translated[codes], series)
