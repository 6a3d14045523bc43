"""The raw tabs users paste exports into: what they are called, what they hold, and how
each row is read and checked.

A tab is recognised by its name in English or Russian (case and spaces ignored), or by its
kind followed by a label (``Spend - Google Ads``: rows without a channel take Google Ads);
several tabs of one kind are read and combined.  Its columns are found by their headers
(with the aliases of :mod:`xl_kpi.schema`), in a header row anywhere in the top 30 rows
(:mod:`xl_kpi.paste`: title rows, comments and a period above it; totals rows left out).
Values go through the same readers as the KPI functions (:mod:`xl_kpi.inputs`), so
``1 234,56`` and ``31.12.2025`` work here as in a cell.  Channels are made the team's
names (:mod:`xl_kpi.channels`), money the workbook's currency (:mod:`xl_kpi.money`).  A
row that cannot be read is skipped and reported with its sheet, Excel row, column and
value; it never stops the work and never silently becomes 0.

Input contract (both workbook readers produce it): one pandas DataFrame per sheet, the
columns are the header cells of row 1 as written (``attrs["excel_columns"]``, when set,
gives each column's Excel column, 0 for A; else they start at A), frame position ``i`` is
Excel row ``i + 2``, and cells are floats, text, datetimes, logicals or blanks (text
columns may be categoricals).  A reader that found the header lower down says so with
``attrs["header_row"]`` (its Excel row: position ``i`` is then row ``header_row + 1 + i``)
and ``attrs["above"]`` (the rows above it, row 1 first).

Each tab's frame holds the tab's canonical columns plus ``sheet`` (the sheet each row came
from) and ``row`` (its Excel row).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from . import paste
from .channels import Spellings, look_alikes
from .checked import Tab
from .columns import read_column
from .combined_orders import billing_and_deals
from .excelfacts import column_letter
from .header_names import key, split_header
from .inputs import is_blank
from .money import Money, read_rates
from .notes import Note
from .rows import Match, Rows, empty_frame, unread_columns
from .schema import (
    CANCELLED_AT,
    CHANNELS,
    COLUMN_MAP,
    CURRENCY_HEADERS,
    TABS,
    TabSchema,
    column_named,
    find_tab,
    mapped,
    recognise,
)

__all__ = [
    "ColumnMap",
    "Note",
    "column_map",
    "Tab",
    "is_needed_column",
    "is_raw_tab",
    "read_tab",
    "read_tabs",
    "sheet_layout",
]


@dataclass
class ColumnMap:
    """The workbook's Columns tab: for each raw tab, the export headers the user maps to
    its columns (header -> canonical column), and what was wrong with its rows."""

    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def spec(self, spec: TabSchema) -> TabSchema:
        """``spec`` reading the user's headers first."""
        return mapped(spec, self.headers.get(spec.name, {}))


def column_map(raw: Mapping[str, pd.DataFrame]) -> ColumnMap:
    """The column map of the Columns tabs among ``raw`` (none: an empty map). A row names a
    tab (blank: every tab with that column), an export's header, and the column it holds
    (canonical or Russian name); a row that names no tab or column of ours is noted."""
    found = ColumnMap()
    for sheet, frame in raw.items():
        if find_tab(sheet) is not COLUMN_MAP:
            continue
        tab = read_tab(COLUMN_MAP, sheet, frame)
        found.notes += tab.notes
        for where, name, header, column in tab.frame[["row", "tab", "header", "column"]].itertuples(
            index=False
        ):
            specs = [t for t in TABS if is_blank(name) or find_tab(str(name)) is t]
            targets = [(t, c) for t in specs if (c := column_named(t, column)) is not None]
            if not targets:
                found.notes.append(
                    Note.of(sheet, "note.bad_column_map", row=int(where), tab=_shown(name),
                            mapped=_shown(column))
                )  # fmt: skip
                continue
            for t, c in targets:
                found.headers.setdefault(t.name, {})[str(header).strip()] = c.name
    return found


def _shown(value: Any) -> str:
    return "''" if is_blank(value) else repr(str(value))


def is_raw_tab(sheet_name: str) -> bool:
    """Whether a sheet is one of the raw tabs, or the Channels tab (the readers read those)."""
    return recognise(sheet_name) is not None


def _reads(spec: TabSchema, header: str) -> bool:
    name = split_header(header)[0]
    extra = name in CANCELLED_AT or name in CURRENCY_HEADERS
    return extra or any(key(a) == name for c in spec.columns for a in c.headers)


def is_needed_column(sheet_name: str, header: str) -> bool:
    """Whether a column of a raw tab is read (by its header): every column the tab's schema
    names, plus a currency and a cancellation column."""
    found = recognise(sheet_name)
    return found is not None and _reads(found[0], header)


def sheet_layout(
    sheet_name: str, rows: Sequence[Sequence[Any]], columns: ColumnMap | None = None
) -> tuple[int, set[int]]:
    """Where a raw tab's header is and which columns to read, from the sheet's top rows
    (row 1 first; cells by Excel column, A is 0): for file readers, which read the sheet
    below its header.  The header is the first of the top rows that names the tab's
    columns (else the first filled row); the columns are those it names (``columns``: the
    workbook's column map, whose headers it names too), plus the first three, where totals
    say what they are."""
    found = recognise(sheet_name)
    if found and columns is not None:
        found = (columns.spec(found[0]), found[1])
    filled = [i for i, row in enumerate(rows) if any(not is_blank(c) for c in row)]
    index = paste.header_index(found[0], rows) if found else None
    if index is None:
        index = filled[0] if filled else 0
    header = list(rows[index]) if rows else []
    used = [j for j, c in enumerate(header) if not is_blank(c)]
    first = used[0] if used else 0
    wanted = {
        j for j in used if found and isinstance(header[j], str) and _reads(found[0], header[j])
    }
    if found and "date" in found[0].column_names and not _names_a_date(found[0], header):
        wanted = set(used)  # the reader looks for the one column that holds dates
    return index, wanted | set(range(first, first + paste.FIRST_CELLS))


def _names_a_date(spec: TabSchema, header: Sequence[Any]) -> bool:
    names = {key(h) for h in spec.column("date").headers}
    return any(isinstance(c, str) and split_header(c)[0] in names for c in header)


# --------------------------------------------------------------------------- all tabs
def read_tabs(raw: Mapping[str, pd.DataFrame]) -> dict[str, Tab]:
    """Read every recognised raw tab; tabs of one kind are combined, keyed by kind. The
    Columns tab, when there is one, maps an export's headers to the tabs' columns."""
    columns = column_map(raw)
    found = [(sheet, frame, *recognise(sheet)) for sheet, frame in raw.items() if is_raw_tab(sheet)]
    found = [f for f in found if f[2].name != COLUMN_MAP.name]
    order = list(dict.fromkeys(spec.name for _, _, spec, _ in found))
    parts: dict[str, list[Tab]] = {}
    money = Money()
    for sheet, frame, spec, label in sorted(found, key=lambda f: f[2].name != "Settings"):
        tab = read_tab(columns.spec(spec), sheet, frame, label=label, money=money)
        if spec.name == "Settings":
            money = _take_rates(tab, money)
        parts.setdefault(spec.name, []).append(tab)
    channels = _combine(parts.pop(CHANNELS.name)) if CHANNELS.name in parts else None
    if "Orders" in parts:  # a billing export beside a deals export: no sale counted twice
        parts["Orders"] = billing_and_deals(parts["Orders"])
    tabs = {name: _combine(parts[name]) for name in order if name in parts}
    data = [t for t in tabs.values() if t.spec.name not in ("Settings", "Targets")]
    if columns.notes and data:  # said where the data's notes are read, as the Channels tab's
        data[0].notes[:0] = columns.notes
    for tab in tabs.values():  # sources read later convert their money the same way
        tab.money = money
    _name_channels(tabs, channels)
    return tabs


def _take_rates(tab: Tab, money: Money) -> Money:
    """The currency and rates of a Settings tab; its rate rows are taken out of it."""
    taken, rates, problems = read_rates(tab.frame["key"], tab.frame["value"])
    taken.settings = tab.sheet
    tab.frame = tab.frame[~rates].reset_index(drop=True)
    tab.notes += [Note.of(tab.sheet, "note.bad_rate", setting=p) for p in problems]
    money.base, money.settings = taken.base or money.base, taken.settings
    money.rates.update(taken.rates)
    return money


def _combine(group: list[Tab]) -> Tab:
    """Tabs of one kind as one: rows one after the other, each keeping its sheet."""
    if len(group) == 1:
        return group[0]
    first = group[0]
    frame = pd.concat([t.frame for t in group], ignore_index=True)
    for name in first.frame.columns:
        if isinstance(first.frame[name].dtype, pd.CategoricalDtype):
            frame[name] = pd.api.types.union_categoricals(
                [_object_categories(t.frame[name]) for t in group]
            )
    sheets = tuple(s for t in group for s in t.sheets)
    quoted = ", ".join(repr(s) for s in sheets)
    periods = [t.period for t in group if t.period is not None]
    return Tab(
        first.spec,
        ", ".join(sheets),
        frame,
        sum(t.rows_read for t in group),
        sum(t.rows_skipped for t in group),
        [Note.of(first.sheet, "note.combined", sheets=quoted, tab=first.spec.name)]
        + [n for t in group for n in t.notes],
        sheets,
        None
        if not periods
        else paste.Period(
            min(p.start for p in periods), max(p.end for p in periods), periods[0].row
        ),
        any(t.deals for t in group),
        sum(t.rows_excluded for t in group),
        billing=any(t.billing for t in group),
        deals_beside=next((t.deals_beside for t in group if t.deals_beside is not None), None),
    )


def _object_categories(column: pd.Series) -> pd.Categorical:
    """A column as a categorical of ``object`` categories (``str`` ones do not union)."""
    column = column.astype("category")
    categories = pd.Index(column.cat.categories.astype(object), dtype=object)
    return pd.Categorical.from_codes(column.cat.codes.to_numpy(), categories=categories)


def _name_channels(tabs: dict[str, Tab], channels: Tab | None) -> None:
    """Every tab's channels (and networks) made the team's names; look-alikes noted."""
    mapping = {}
    if channels is not None:
        mapping = dict(zip(channels.frame["written_as"], channels.frame["channel"]))
    spellings = Spellings(mapping)
    names: dict[str, list[str]] = {}
    for name, tab in tabs.items():
        column = tab.spec.label or ("channel" if "channel" in tab.frame else None)
        if column in tab.frame:
            written = tab.frame[column].astype("category").cat.categories
            names[name] = [str(c) for c in written]
            tab.frame[column] = spellings.apply(tab.frame[column])
    data = [t for t in tabs.values() if t.spec.name not in ("Settings", "Targets")]
    if channels is not None and channels.notes and data:
        data[0].notes[:0] = channels.notes
    for similar in look_alikes(names, mapping):
        home = next(
            t
            for t in tabs.values()
            if t.spec.name in names and set(similar) & set(names[t.spec.name])
        )
        home.notes.insert(
            0, Note.of(home.sheet, "note.look_alike", names=", ".join(map(repr, similar)))
        )


# --------------------------------------------------------------------------- one tab
def read_tab(
    spec: TabSchema,
    sheet: str,
    raw: pd.DataFrame,
    *,
    label: str | None = None,
    money: Money | None = None,
) -> Tab:
    """Read one raw tab: find its header, read each column, leave totals out, skip and
    report bad rows.  ``label`` is what the sheet's name adds to its kind (its channel)."""
    located = paste.locate(spec, raw)
    frame = located.frame
    tab = Tab(spec, sheet, empty_frame(spec), sheets=(sheet,))
    tab.period, tab.notes = paste.header_notes(sheet, located.header_row, located.above)
    match = Match(spec, list(frame.columns))
    if "date" not in match.at and tab.period is None and "date" in spec.column_names:
        _date_by_content(tab, frame, match)
    letters = frame.attrs.get("excel_columns") or range(len(frame.columns))
    tab.notes += unread_columns(sheet, spec, match, letters, raw.attrs.get("unread", ()))
    excused = {"date"} if tab.period else set()
    excused |= {spec.label} if label and spec.label else set()
    missing = [
        c for c in spec.columns if c.required and c.name not in match.at and c.name not in excused
    ]
    if missing:
        for c in missing:
            tried = ", ".join(c.headers[:6])
            tab.notes.append(Note.of(sheet, "note.no_column", name=c.name, tried=tried))
        return tab
    rows = Rows(tab, frame, match, located.first_row)
    rows.read()
    rows.leave_out_totals()
    rows.fill_dates()
    rows.fill_channels(label)
    rows.orders()
    rows.leads()
    if rows.refused is not None:  # e.g. a deals export whose stages say no sale or loss
        tab.notes.append(rows.refused)
        return tab
    rows.report_problems()
    rows.convert(money or Money())
    rows.build()
    return tab


#: How many of a column's first rows are read to tell whether it holds dates.
DATE_PROBE_ROWS = 200


def _date_by_content(tab: Tab, frame: pd.DataFrame, match: Match) -> None:
    """No header names the date: the one column whose every filled cell (of the first
    :data:`DATE_PROBE_ROWS`) is a date, written as a date or as dated text, is the date
    column, and a note says so. Numbers are never taken (an amount is no serial date)."""
    date = tab.spec.column("date")
    taken = set(match.at.values())
    found = []
    for j in range(len(frame.columns)):
        probe = frame.iloc[:DATE_PROBE_ROWS, j]
        if j in taken or probe.dtype.kind in "fiub":
            continue
        filled = [v for v in probe.astype(object) if not is_blank(v)]
        if not filled or any(isinstance(v, (int, float, bool)) for v in filled):
            continue
        read = read_column(pd.Series(filled, dtype=object), date)
        if not read.failed.any():
            found.append(j)
    if len(found) == 1:
        j = found[0]
        match.at["date"] = j
        letters = frame.attrs.get("excel_columns") or range(len(frame.columns))
        where = f"{str(match.headers[j]).strip()} ({column_letter(letters[j])})"
        tab.notes.append(Note.of(tab.sheet, "note.date_by_content", where=where))
