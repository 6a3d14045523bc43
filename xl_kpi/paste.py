"""An export pasted as it comes: where its header is, the period written above it, and
which of its rows are totals rather than data.

Exports put a title, a date range, ``#`` comment lines (GA4) or blank rows above their
header, and totals or subtotals among or below their rows (``Total: Account``,
``Итого и средние``, ``Total rows: 31``, Meta's unnamed summary row).  The tab reader
(:mod:`xl_kpi.tabs`) uses this module to find the header among the top
:data:`MAX_HEADER_ROW` rows, keep the date range as the export's period and leave totals
out, each said in the data notes.

Rows here are lists of cell values as the readers give them (text, floats, dates, None).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .columns import starting_with
from .excelfacts import header_text
from .header_names import key, split_header
from .inputs import InputError, is_blank, parse_date
from .notes import Note
from .schema import TabSchema

__all__ = [
    "FIRST_CELLS",
    "MAX_HEADER_ROW",
    "TOTAL_START",
    "Located",
    "Others",
    "Period",
    "header_index",
    "header_notes",
    "is_sum_row",
    "is_total_text",
    "locate",
    "period_above",
    "sum_row",
    "total_rows",
]

#: The header is looked for in this many rows from the top.
MAX_HEADER_ROW = 30
#: Totals are told by the text of a row's first cells: this many.
FIRST_CELLS = 3

_TOTAL_WORDS = r"(?:total|totals|grand\s*total|итого|итог|всего|общий\s+итог|total\s+rows)"
_TOTAL = re.compile(
    rf"^{_TOTAL_WORDS}(?:\s*:.*|\s*\(.*\))?$"  # Total, Total: Account, Total rows: 31
    r"|^итого\s+(?:и|за|по)\b.*$"  # Итого и средние, Итого за период, Итого по кампании
    r"|^total\s+(?:for|of)\b.*$"  # Total for all campaigns
    r"|^©.*$",  # a footer (Microsoft Advertising: "©2025 Microsoft Corporation. All rights...")
    re.IGNORECASE | re.DOTALL,
)
_FIRST_LETTERS = frozenset("tTgGиИвВоО©")
#: A regular expression (RE2 and Java alike) that every totals text matches and most other
#: text does not: engines keep the few texts that match it, and :func:`is_total_text`
#: decides each of those, so that a source's totals are told by the same rule as a tab's.
TOTAL_START = (
    r"^[\s\x{00a0}]*([Tt][Oo][Tt][Aa][Ll]|[Gg][Rr][Aa][Nn][Dd]|[Ии][Тт][Оо][Гг]"
    r"|[Вв][Сс][Ее][Гг][Оо]|[Оо][Бб][Щщ][Ии][Йй]|©)"
)


def is_total_text(value: Any) -> bool:
    """Whether a cell's text says its row is a total or subtotal.

    >>> [is_total_text(t) for t in ("Total: Account", "Итого и средние", "Total rows: 31")]
    [True, True, True]
    >>> [is_total_text(t) for t in ("Grand total", "Всего", "Total Recall promo", 5.0)]
    [True, True, False, False]
    >>> is_total_text("©2025 Microsoft Corporation. All rights reserved.")
    True
    """
    if not isinstance(value, str):
        return False
    s = value.strip()
    return s[:1] in _FIRST_LETTERS and _TOTAL.match(s.rstrip(".")) is not None


def _is_comment(row: Sequence[Any]) -> bool:
    first = next((c for c in row if not is_blank(c)), None)
    return isinstance(first, str) and first.lstrip().startswith("#")


def header_index(spec: TabSchema, rows: Sequence[Sequence[Any]]) -> int | None:
    """The index of the header among ``rows`` (the top of a sheet, row 1 first): the first
    row, not a ``#`` comment, whose cells name every required column of the tab (by name or
    alias; the date may be missing, an export's period can stand for it).  None if no row
    of the top :data:`MAX_HEADER_ROW` does."""
    names = {key(alias): c.name for c in spec.columns for alias in c.headers}
    required = {c.name for c in spec.columns if c.required and c.kind != "date"}
    if not required:
        required = {c.name for c in spec.columns if c.required}
    for i, row in enumerate(rows[:MAX_HEADER_ROW]):
        if _is_comment(row):
            continue
        named = {names.get(split_header(c)[0]) for c in row if isinstance(c, str) and c.strip()}
        if required <= named:
            return i
    return None


@dataclass(frozen=True)
class Located:
    """A sheet's data below its header: the frame (columns named by the header), the Excel
    row of the header, and the rows above it (row 1 first)."""

    frame: pd.DataFrame
    header_row: int
    above: list[list[Any]]

    @property
    def first_row(self) -> int:
        """The Excel row of the frame's position 0."""
        return self.header_row + 1


def locate(spec: TabSchema, raw: pd.DataFrame) -> Located:
    """The header of a raw frame and the data below it.

    A frame whose ``attrs["header_row"]`` is set was read below its header already (the
    file reader finds it before reading); otherwise the frame's columns are row 1 and, when
    they do not name the tab's columns, the header is looked for in the rows below.
    """
    if "header_row" in raw.attrs:
        return Located(raw, int(raw.attrs["header_row"]), list(raw.attrs.get("above", [])))
    columns = list(raw.columns)
    if header_index(spec, [columns]) == 0 or raw.empty:
        return Located(raw, 1, [])
    top = raw.iloc[: MAX_HEADER_ROW - 1].astype(object)
    rows = [columns] + top.where(top.notna(), None).to_numpy().tolist()
    i = header_index(spec, rows)
    if not i:
        return Located(raw, 1, [])
    body = raw.iloc[i:].reset_index(drop=True).infer_objects()
    body.columns = [header_text(v) for v in rows[i]]
    body.attrs = dict(raw.attrs)
    return Located(body, i + 1, rows[:i])


def header_notes(
    sheet: str, header_row: int, above: Sequence[Sequence[Any]]
) -> tuple[Period | None, list[Note]]:
    """The export's period written above its header (``header_row``, an Excel row or a
    file's line) and the notes that say where the header and the period were found."""
    notes = []
    if header_row > 1:
        notes.append(Note.of(sheet, "note.header_found", line=header_row))
    period = period_above(above)
    if period is not None:
        notes.append(Note.of(sheet, "note.period", period=period, line=period.row))
    return period, notes


# --------------------------------------------------------------------------- period
@dataclass(frozen=True)
class Period:
    """The dates an export covers, as written above its header, and the row it says so."""

    start: dt.date
    end: dt.date
    row: int  # Excel row

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


_START = re.compile(r"^(?:start\s*date|дата\s+начала|начало)\s*:\s*(.+)$", re.IGNORECASE)
_END = re.compile(r"^(?:end\s*date|дата\s+окончания|конец)\s*:\s*(.+)$", re.IGNORECASE)
_RANGE = re.compile(r"\s+(?:[-–—]|to|по)\s+|\s*[–—]\s*", re.IGNORECASE)
_BRACKETS = re.compile(r"\(([^()]*)\)")


def _date(text: str) -> dt.date | None:
    try:
        return parse_date(text.strip().strip('"').rstrip(".")).date()
    except InputError:
        return None


def _range(text: str) -> tuple[dt.date, dt.date] | None:
    candidates = [text, *_BRACKETS.findall(text), text.rpartition(":")[2]]
    for candidate in candidates:
        candidate = re.sub(r"^\s*(?:с|from)\s+", "", candidate.strip(), flags=re.IGNORECASE)
        parts = _RANGE.split(candidate)
        if len(parts) == 2:
            start, end = _date(parts[0]), _date(parts[1])
            if start and end and start <= end:
                return start, end
    return None


def period_above(above: Sequence[Sequence[Any]]) -> Period | None:
    """The period written in the rows above a header: a range (``July 8, 2025 - July 31,
    2025``, ``Report (2025-03-01 - 2025-03-31)``, ``01.03.2025 — 31.03.2025``) or GA4's
    ``# Start date: 20250301`` and ``# End date: 20250331`` lines; None if none is.

    >>> str(period_above([["Campaign report"], ["July 8, 2025 - July 31, 2025"]]))
    '2025-07-08 – 2025-07-31'
    >>> str(period_above([["# Start date: 20250301"], ["# End date: 20250331"]]))
    '2025-03-01 – 2025-03-31'
    """
    start = end = None
    for number, row in enumerate(above, 1):
        for cell in row:
            if not isinstance(cell, str) or not cell.strip():
                continue
            text = cell.strip().lstrip("#").strip()
            if m := _START.match(text):
                start = (_date(m.group(1)), number)
            elif m := _END.match(text):
                end = (_date(m.group(1)), number)
            elif found := _range(text):
                return Period(found[0], found[1], number)
    if start and end and start[0] and end[0] and start[0] <= end[0]:
        return Period(start[0], end[0], start[1])
    return None


# --------------------------------------------------------------------------- totals
def total_rows(frame: pd.DataFrame) -> np.ndarray:
    """Which rows of a frame are totals by the text of their first :data:`FIRST_CELLS`
    cells (:func:`is_total_text`); each distinct text is looked at once."""
    hits = np.zeros(len(frame), dtype=bool)
    for j in range(min(FIRST_CELLS, frame.shape[1])):
        column = frame.iloc[:, j]
        if column.dtype.kind in "fiubmM":  # numbers, dates, logical values: no text
            continue
        if isinstance(column.dtype, pd.CategoricalDtype):
            codes, uniques = column.cat.codes.to_numpy(), column.cat.categories.to_numpy(object)
            hits |= _said(uniques)[codes]
            continue
        cells = column.to_numpy(object)
        text = np.flatnonzero([isinstance(v, str) for v in cells])  # among dates, numbers
        codes, uniques = pd.factorize(cells[text])
        hits[text[_said(uniques)[codes]]] = True
    return hits


#: The first characters of a text that may say total (leading spaces are stripped).
_MAY_START = _FIRST_LETTERS | {" ", "\t", "\u00a0"}


def _said(texts: np.ndarray) -> np.ndarray:
    """Which distinct texts say total (a last False for code -1): only the texts whose
    first character may start a total are read (a million distinct ids cost no loop)."""
    said = np.zeros(len(texts) + 1, dtype=bool)
    if len(texts):
        maybe = np.flatnonzero(starting_with(texts, _MAY_START))
        said[maybe] = [isinstance(t, str) and is_total_text(t) for t in texts[maybe]]
    return said


@dataclass(frozen=True)
class Others:
    """The data rows other than a candidate summary row, as the rule needs them."""

    sums: Sequence[float]  # each measure summed, blanks ignored
    labelled: bool  # some row has a label (a name, campaign or channel)
    earliest: Any  # the earliest date (NaT when one of them has none)
    count: int


def is_sum_row(values: Sequence[float], labelled: bool, date: Any, others: Others) -> bool:
    """Whether a row is the sum of the others: no label while the others have labels,
    dated no later than the others (on their date when there is one other row), and every
    non-blank measure equal to the others' sum (to 0.5%, or 0.01), one at least not 0."""
    if labelled or not others.labelled:
        return False
    if date is not None and not pd.isna(date):
        earliest = others.earliest if others.count else date
        if date > earliest or (others.count == 1 and date != earliest):
            return False
    matched = 0
    for value, total in zip(values, others.sums):
        if np.isnan(value):
            continue
        if abs(value - total) > max(0.01, 0.005 * abs(total)):
            return False
        matched += value != 0
    return bool(matched)


def sum_row(
    measures: Sequence[np.ndarray],
    labelled: np.ndarray,
    dates: np.ndarray | None,
    candidates: Sequence[int],
) -> list[int]:
    """Which candidate rows (the first and last data rows) are the sum of the others
    (:func:`is_sum_row`; ``dates`` as datetime64).  Meta's summary row is such a row."""
    found = []
    for i in candidates:
        other_dates = np.delete(dates, i) if dates is not None else None
        earliest = other_dates.min() if other_dates is not None and len(other_dates) else np.nan
        others = Others(
            [np.nansum(np.delete(values, i)) for values in measures],
            bool(np.delete(labelled, i).any()),
            earliest,
            len(labelled) - 1,
        )
        date = None if dates is None or np.isnat(dates[i]) else dates[i]
        if is_sum_row([values[i] for values in measures], bool(labelled[i]), date, others):
            found.append(i)
    return found
