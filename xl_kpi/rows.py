"""The rows of one pasted sheet, read step by step: values, totals left out, dates and
channels filled, orders made whole, problems noted, money converted, the frame built.

:func:`xl_kpi.tabs.read_tab` runs the steps in order; each marks rows (left out, bad) or
fills values, and says what it did in the tab's notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from . import paste
from .checked import Tab
from .columns import DTYPES, TEXT, blank_column, read_column
from .excelfacts import column_letter
from .header_names import key, split_header
from .i18n import text
from .inputs import currency_code, is_blank, shown
from .money import Money
from .notes import Note, error_note
from .schema import (
    CANCELLED_AT,
    CURRENCY_HEADERS,
    MONEY_COLUMNS,
    TEMPLATE_HINT,
    UNASSIGNED,
    TabSchema,
)
from .statuses import is_billing, is_deals, known_outcomes, unknown_lead_statuses

__all__ = [
    "lead_status_note",
    "unread_columns",
    "MAX_NOTES_PER_TAB",
    "MAX_TOTAL_NOTES",
    "Match",
    "Rows",
    "empty_frame",
    "named_currencies",
]

#: How many problems of one tab are listed; the rest are counted.
MAX_NOTES_PER_TAB = 20
#: How many stages of a deals export a note lists.
MAX_STAGES_NAMED = 12
#: How many totals rows of one sheet are listed one by one.
MAX_TOTAL_NOTES = 10


def empty_frame(spec: TabSchema) -> pd.DataFrame:
    return pd.DataFrame(
        {c.name: pd.Series(dtype=DTYPES[c.kind]) for c in spec.columns}
        | {"sheet": pd.Series(dtype="category"), "row": pd.Series(dtype="int64")}
    )


class Match:
    """Which frame column holds each of the tab's columns, and the extra columns."""

    def __init__(self, spec: TabSchema, headers: list[Any]) -> None:
        self.headers = headers
        split = [split_header(h) for h in headers]
        keys = [k for k, _ in split]
        self.currency = [c for _, c in split]  # the currency each header names
        self.at: dict[str, int] = {}
        for column in spec.columns:
            for alias in column.headers:
                k = key(alias)
                j = next(
                    (j for j, h in enumerate(keys) if h == k and j not in self.at.values()), None
                )
                if j is not None:
                    self.at[column.name] = j
                    break
        if "date" not in self.at and "close_date" in self.at:  # a close date is the only date
            self.at["date"] = self.at.pop("close_date")
        self.cancelled = next((j for j, k in enumerate(keys) if k in CANCELLED_AT), None)
        self.currency_column = next((j for j, k in enumerate(keys) if k in CURRENCY_HEADERS), None)


class Rows:
    """The rows of one sheet as they are read: each step marks rows or fills values."""

    def __init__(self, tab: Tab, frame: pd.DataFrame, match: Match, first_row: int) -> None:
        self.tab, self.spec, self.frame, self.match = tab, tab.spec, frame, match
        self.first_row = first_row
        self.n = len(frame)
        columns = frame.attrs.get("excel_columns") or range(len(frame.columns))
        self.letters = [column_letter(c) for c in columns]
        self.out = np.zeros(self.n, dtype=bool)  # totals and repeated line items: left out
        self.refused: Note | None = None  # why the tab cannot be used at all
        self.bad = np.zeros(self.n, dtype=bool)

    def where(self, name: str) -> str:
        j = self.match.at[name]
        return f"{self.match.headers[j]} ({self.letters[j]})"

    def read(self) -> None:
        self.cols = {
            c.name: read_column(self.frame.iloc[:, self.match.at[c.name]], c)
            for c in self.spec.columns
            if c.name in self.match.at
        }
        self.blank = np.logical_and.reduce([c.blank for c in self.cols.values()])

    def leave_out_totals(self) -> None:
        sheet = self.tab.sheet
        said = paste.total_rows(self.frame)
        labels = [
            c
            for c in self.spec.columns
            if c.kind in ("text", "id") and c.name in self.cols and c.name != "status"
        ]
        measures = [
            c.name
            for c in self.spec.columns
            if c.kind in ("money", "count") and c.name in self.cols
        ]
        data = np.flatnonzero(~self.blank & ~said)
        summed: list[int] = []
        if labels and measures and len(data) > 1:
            labelled = np.logical_or.reduce([~self.cols[c.name].blank[data] for c in labels])
            values = [self.cols[m].values.to_numpy(np.float64)[data] for m in measures]
            ends = sorted({0, len(data) - 1})
            dates = self.cols["date"].values.to_numpy()[data] if "date" in self.cols else None
            summed = [int(data[i]) for i in paste.sum_row(values, labelled, dates, ends)]
        for i in np.flatnonzero(said)[:MAX_TOTAL_NOTES]:
            first = next(
                v for v in self.frame.iloc[i, : paste.FIRST_CELLS] if paste.is_total_text(v)
            )
            self.tab.notes.append(
                Note.of(sheet, "note.total_row", self.first_row + int(i), text=shown(first))
            )
        count = int(said.sum())
        for i in summed:
            self.tab.notes.append(Note.of(sheet, "note.sum_row", self.first_row + i))
        if count > MAX_TOTAL_NOTES:
            self.tab.notes.append(Note.of(sheet, "note.more_totals", count=count - MAX_TOTAL_NOTES))
        said[summed] = True
        self.out |= said
        self.tab.rows_excluded += int(said.sum())

    def fill_dates(self) -> None:
        if "date" in self.cols or self.tab.period is None:
            return
        start = pd.Timestamp(self.tab.period.start)
        values = pd.Series(np.full(self.n, start.to_datetime64(), dtype="datetime64[ns]"))
        self.cols["date"] = replace(blank_column(self.n, values), blank=np.zeros(self.n, bool))
        self.tab.notes.append(Note.of(self.tab.sheet, "note.dated_by_period", date=start.date()))

    def fill_channels(self, label: str | None) -> None:
        """Rows without a channel take the tab's (its name's label), else ``unassigned``."""
        name = self.spec.label
        if not name or (label is None and name != "channel"):
            return
        column = self.cols.get(name) or blank_column(self.n, _no_text(self.n))
        fill = column.blank & ~self.blank & ~self.out
        if fill.any():
            value = label or UNASSIGNED
            values = (
                column.values.cat.add_categories([value])
                if value not in column.values.cat.categories
                else column.values.copy()
            )
            values[fill] = value
            self.cols[name] = replace(column, values=values, blank=column.blank & ~fill)
            kind = "note.tab_channel" if label else "note.unassigned"
            self.tab.notes.append(
                Note.of(self.tab.sheet, kind, count=int(fill.sum()), channel=repr(value))
            )

    def orders(self) -> None:
        """Orders: a cancellation date cancels; line items repeating an order are one order;
        a deals export counts won deals only."""
        if self.spec.name != "Orders":
            return
        self._cancelled_at()
        self._line_items()
        self._deals()
        self._billing()

    def leads(self) -> None:
        """Leads whose status the vocabulary does not know are named, with their count."""
        if self.spec.name != "Leads" or "status" not in self.cols:
            return
        values = self.cols["status"].values
        unknown = unknown_lead_statuses(values.cat.categories)
        if unknown:
            count = int((values.isin(unknown).to_numpy() & ~self.blank & ~self.out).sum())
            if count:
                self.tab.notes.append(lead_status_note(self.tab.sheet, unknown, count))

    def _cancelled_at(self) -> None:
        sheet = self.tab.sheet
        if self.match.cancelled is not None:
            cancelled = (
                ~read_column(self.frame.iloc[:, self.match.cancelled], TEXT).blank & ~self.blank
            )
            if cancelled.any():
                status = self.cols.get("status") or blank_column(self.n, _no_text(self.n))
                values = status.values.copy()  # a reader's column may be read-only
                if "cancelled" not in values.cat.categories:
                    values = values.cat.add_categories(["cancelled"])
                values[cancelled] = "cancelled"
                self.cols["status"] = replace(
                    status, values=values, blank=status.blank & ~cancelled
                )
                header = self.match.headers[self.match.cancelled]
                self.tab.notes.append(
                    Note.of(
                        sheet, "note.cancelled_at", count=int(cancelled.sum()), header=repr(header)
                    )
                )

    def _line_items(self) -> None:
        sheet = self.tab.sheet
        if "order_id" in self.cols:
            revenue, order = self.cols["revenue"], self.cols["order_id"]
            orphans = revenue.blank & ~order.blank & ~self.blank & ~self.out
            if orphans.any():
                codes = order.values.cat.codes.to_numpy()
                priced = np.zeros(len(order.values.cat.categories) + 1, dtype=bool)
                priced[codes[~revenue.blank]] = True
                repeated = orphans & priced[codes]
                if repeated.any():
                    self.out |= repeated
                    self.tab.rows_excluded += int(repeated.sum())
                    self.tab.notes.append(
                        Note.of(sheet, "note.line_items", count=int(repeated.sum()))
                    )

    def _deals(self) -> None:
        sheet = self.tab.sheet
        if "status" in self.cols:
            header = (
                self.match.headers[self.match.at["status"]] if "status" in self.match.at else None
            )
            stages = self.cols["status"].values.cat.categories
            if is_deals(header, stages):
                self.tab.deals = True
                self.tab.notes.append(Note.of(sheet, "note.deals", header=repr(header or "status")))
                if not known_outcomes(stages):  # no stage is won or lost: never guess sales
                    seen = [repr(str(s)) for s in stages[:MAX_STAGES_NAMED]]
                    if len(stages) > MAX_STAGES_NAMED:
                        seen.append(f"… ({len(stages)})")
                    self.refused = Note.of(
                        sheet,
                        "note.unknown_stages",
                        header=repr(header or "status"),
                        stages=", ".join(seen) or "–",
                    )

    def _billing(self) -> None:
        headers = self.match.headers
        if is_billing(headers, "customer_id" in self.cols):
            self.tab.billing = True
            header = next(h for h in headers if is_billing([h], True))
            self.tab.notes.append(Note.of(self.tab.sheet, "note.billing", header=repr(header)))

    def report_problems(self) -> None:
        live = ~self.blank & ~self.out
        for column in self.spec.columns:
            if column.name not in self.cols:
                continue
            read = self.cols[column.name]
            failed = read.failed & live
            missing = read.blank & live if column.required else np.zeros(self.n, bool)
            for i in np.flatnonzero((failed | missing) & ~self.bad)[:MAX_NOTES_PER_TAB]:
                row = self.first_row + int(i)
                if failed[i]:
                    error = read.errors[i]
                    value = self.frame.iat[i, self.match.at[column.name]]
                    _note(
                        self.tab,
                        error_note(self.tab.sheet, error, row, self.where(column.name), value),
                    )
                else:
                    _note(
                        self.tab,
                        Note.of(self.tab.sheet, "note.missing_value", row, self.where(column.name)),
                    )
            self.bad |= failed | missing

    def convert(self, money: Money) -> None:
        """Money in another currency than the workbook's: converted, or left out."""
        sheet, keep = self.tab.sheet, ~self.bad & ~self.blank & ~self.out
        named = None
        if self.match.currency_column is not None:
            named = named_currencies(self.frame.iloc[:, self.match.currency_column])
        for name in [c.name for c in self.spec.columns if c.name in MONEY_COLUMNS]:
            if name not in self.cols:
                continue
            read = self.cols[name]
            header = self.match.currency[self.match.at[name]]
            if read.currency is None and header is None and named is None:
                continue  # no currency named anywhere: the workbook's
            codes = (
                pd.Series(read.currency)
                if read.currency is not None
                else pd.Series([None] * self.n, dtype=object)
            )
            if header is not None:
                codes = codes.where(codes.notna(), header)
            if named is not None:
                codes = codes.where(codes.notna(), named)
            if codes[keep].isna().all():
                continue
            codes[~keep | read.blank] = None
            factor, notes = money.factors(codes, sheet)
            self.tab.notes += notes
            self.bad |= np.isnan(factor) & keep
            values = read.values.to_numpy(np.float64) * np.nan_to_num(factor, nan=1.0)
            self.cols[name] = replace(read, values=pd.Series(values))

    def build(self) -> None:
        tab, keep = self.tab, ~self.bad & ~self.blank & ~self.out
        every = bool(keep.all())  # most tabs keep every row: their columns as they are
        columns = {name: column.values if every else column.values[keep]
                   for name, column in self.cols.items()}  # fmt: skip
        frame = pd.DataFrame({k: v.reset_index(drop=True) for k, v in columns.items()})
        for c in self.spec.columns:  # optional columns the tab does not have are all blank
            if c.name not in frame:
                frame[c.name] = pd.Series(
                    np.nan if c.kind != "text" else None, index=frame.index, dtype=DTYPES[c.kind]
                )
        frame = frame[[c.name for c in self.spec.columns]]
        frame["sheet"] = pd.Categorical.from_codes(np.zeros(len(frame), np.int8), [tab.sheet])
        frame["row"] = np.flatnonzero(keep) + self.first_row
        tab.frame = frame
        tab.notes.sort(key=lambda note: -1 if note.row is None else note.row)
        tab.rows_read = int((~self.blank & ~self.out).sum())
        tab.rows_skipped = int((self.bad & ~self.blank & ~self.out).sum())


def lead_status_note(sheet: str, unknown: Sequence[str], count: int) -> Note:
    """The note naming the lead statuses the product does not know (the tab reader's and
    the engines' words)."""
    named = [repr(s) for s in sorted(unknown)[:MAX_STAGES_NAMED]]
    if len(unknown) > MAX_STAGES_NAMED:
        named.append(f"… ({len(unknown)})")
    return Note.of(sheet, "note.unknown_lead_status", count=count, statuses=", ".join(named))


def named_currencies(cells: pd.Series) -> pd.Series:
    """The currency a currency column's cells name (``USD``, ``руб.``: an ISO code, else
    the text in capitals), None where blank."""
    written = read_column(cells.reset_index(drop=True), TEXT).values
    table = [currency_code(c) or str(c).upper() for c in written.cat.categories]
    return pd.Series(np.array([*table, None], dtype=object)[written.cat.codes.to_numpy()])


def _note(tab: Tab, note: Note) -> None:
    if sum(n.row is not None for n in tab.notes) < MAX_NOTES_PER_TAB:
        tab.notes.append(note)


def _no_text(n: int) -> pd.Series:
    return pd.Series(pd.Categorical([None] * n, categories=pd.Index([], dtype=object)))


#: How many unread columns one note names; the rest are counted.
MAX_UNREAD_NAMED = 12


def unread_columns(
    sheet: str,
    spec: TabSchema,
    match: Match,
    letters: Sequence[int],
    elsewhere: Sequence[tuple[int, str]] = (),
) -> list[Note]:
    """The note that names every column of a sheet the reader did not read (its letter and
    header): never read silently less than the sheet holds. ``letters``: each matched
    header's column (A is 0); ``elsewhere``: the columns a file reader left unread, as
    (Excel column, header). The tab reader and the engines say it alike. Columns that
    repeat one the tab reads are said by the note on duplicates, not here."""
    taken = {*match.at.values(), match.cancelled, match.currency_column}
    aliases = {key(a) for c in spec.columns for a in c.headers}
    written = {str(h) for h in match.headers}
    unread = [(letters[j], _as_written(h, written)) for j, h in enumerate(match.headers)]
    unread = [c for j, c in enumerate(unread) if j not in taken]
    unread += [(j, str(h).strip()) for j, h in elsewhere]
    unread = sorted(
        {
            (j, h)
            for j, h in unread
            if key(h) and split_header(h)[0] not in aliases and not h.startswith(TEMPLATE_HINT)
        }
    )
    if not unread:
        return []
    named = [f"{column_letter(j)} {h!r}" for j, h in unread[:MAX_UNREAD_NAMED]]
    if len(unread) > MAX_UNREAD_NAMED:
        named.append(text("note.more_columns").format(count=len(unread) - MAX_UNREAD_NAMED))
    return [Note.of(sheet, "note.unread_columns", columns=", ".join(named))]


_REPEAT = re.compile(r"(.*?)(?:_\d+)+")


def _as_written(header: Any, headers: set[str]) -> str:
    """A column's header as the sheet writes it: the readers make a repeated header unique
    (``revenue_1``) and a blank one ``""`` or ``_1``; those suffixes are taken off."""
    written = "" if is_blank(header) else str(header).strip()
    m = _REPEAT.fullmatch(written)
    if m and (not m.group(1) or m.group(1) in headers):
        return m.group(1)
    return written
