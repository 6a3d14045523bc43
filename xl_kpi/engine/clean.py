"""A source's rows read and checked as a raw tab's are, where the data lives.

The same rules as :mod:`xl_kpi.tabs`, run by the engine instead of pandas, so that a
hundred million rows never become one pandas frame: headers are matched as the tab
reader matches them (:class:`xl_kpi.rows.Match`); each column is read by its kind with
the same column reader (:func:`xl_kpi.columns.read_column`), each distinct value once
(the engine lists a column's distinct values, Python reads them, the engine looks the
readings up on each row: :mod:`.values`); columns the engine already holds as numbers or
dates are checked as the reader checks typed cells (a count is not negative, a number is
finite, a date is one the summary can place); a date far from the column's others is
refused as a typo; channels take the team's names (the Channels tab), and rows without
one take ``unassigned`` where the tab says so; a non-blank ``Cancelled at`` cancels an
order. A row with a value that cannot be read, or without a required value, is skipped
and counted, and the first ones are listed with the column and the value; all-blank rows
are ignored. Totals and summary rows, line items of an order priced on another row, and
money in another currency are handled by :mod:`.rules` with the tab reader's own rules
and notes.

The result is a lazy frame with the tab's canonical columns that the source has (the
facts, :mod:`xl_kpi.engine.facts`, read a missing optional column as all blank).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import narwhals as nw
import pandas as pd

from ..money import Money
from ..notes import Note
from ..paste import Period
from ..problems import Problem, keyed
from ..rows import MAX_NOTES_PER_TAB, Match, lead_status_note, unread_columns
from ..schema import UNASSIGNED, TabSchema
from ..statuses import is_billing, is_deals, unknown_lead_statuses
from .bad_rows import far_dates, skipped_notes
from .base import FILE, ROW, Engine
from .base import collect as _collect
from .rules import convert, line_items, sum_rows, total_texts, unlabelled
from .values import SourceColumn, header_at, read_values

__all__ = ["FILE", "ROW", "Cleaned", "MissingColumns", "clean", "no_column"]


class MissingColumns(Problem, ValueError):
    """A source without a column the tab requires."""


@dataclass
class Cleaned:
    """A source read as a raw tab: the canonical rows (lazy), counts and notes."""

    frame: nw.LazyFrame
    rows_read: int
    rows_skipped: int
    notes: list[Note]
    deals: bool = False  # Orders from a deals export: only won deals are sales
    rows_excluded: int = 0  # totals rows and repeated line items left out
    billing: bool = False  # Orders from a billing export: invoices read as subscriptions


def clean(
    engine: Engine,
    spec: TabSchema,
    label: str,
    native: Any,
    names: Callable[[str], str] | None = None,
    *,
    money: Money | None = None,
    period: Period | Mapping[str, Period] | None = None,
    notes: Sequence[Note] = (),
    channel: str | None = None,
) -> Cleaned:
    """Read a source's raw rows (``native``, a frame of ``engine``) as the tab ``spec``;
    ``names`` gives a channel as written its team name (the Channels tab), ``money`` the
    workbook's currency and rates, ``period`` the dates the export says it covers (they
    date its rows when it has no date column; by file, each file's), ``notes`` what its
    reader found above the header, ``channel`` the channel its files' names give the rows
    without one (``Spend - Google Ads.csv``; else ``unassigned``).

    Raises :class:`MissingColumns` when a required column has no header that names it.
    """
    lf = engine.lazy(native)
    headers = [h for h in lf.collect_schema().names() if h not in (ROW, FILE)]
    match, columns = _match(spec, headers, period is not None)
    lf, totals = total_texts(lf, headers)
    # which texts say total, from the first cells alone (read with the columns' values):
    # the checked rows then keep the candidates only where some are totals (mostly none:
    # no column of blanks to keep)
    lf, cancel, codes = read_values(engine, lf, spec, match, columns, names, totals)
    said = [*notes, *unread_columns(label, spec, match, range(len(headers)))]
    lf, dated = _dated(lf, spec, columns, period, label)
    cells = [n for n in columns if columns[n].alias != "__period_date"]
    blank = {n: nw.col(f"__v_{n}").is_null() & nw.col(f"__e_{n}").is_null() for n in columns}
    lf = lf.with_columns(__blank=nw.all_horizontal(*[blank[n] for n in cells], ignore_nulls=False))
    flags = []
    if cancel is not None:
        lf = lf.with_columns(__cancel=(cancel & ~nw.col("__blank")).cast(nw.Int64))
        flags.append("__cancel")
    failed = [
        ~nw.col(f"__e_{n}").is_null()
        | ((blank[n] & ~nw.col("__blank")) if columns[n].spec.required else nw.lit(False))
        for n in columns
    ]
    lf = lf.with_columns(__failed=nw.any_horizontal(*failed, ignore_nulls=False))
    labels = [n for n in cells if columns[n].spec.kind in ("text", "id") and n != "status"]
    if labels:
        lf = lf.with_columns(
            __labelled=nw.any_horizontal(*[~blank[n] for n in labels], ignore_nulls=True)
        )
        flags.append("__labelled")
    items = spec.name == "Orders" and {"order_id", "revenue"} <= set(columns)
    if items:
        lf = lf.with_columns(__revenue_blank=blank["revenue"])
        flags.append("__revenue_blank")
    keep_codes = [f"__c_{n}" for n in codes]
    if codes:
        lf = lf.with_columns(*[codes[n].alias(f"__c_{n}") for n in codes])
    wanted = [*[f"__v_{n}" for n in columns], "__blank", "__failed", *flags, *keep_codes]
    wanted += totals.names if totals.texts else []
    persist = engine.persist
    # Read the source once; the rest reads the checked rows, without their lines (the
    # notes of the few rows that need one take it from ``lf``, which reads them again).
    checked = _checked(lf, wanted, persist)
    far, middle = far_dates(checked) if "date" in columns else (None, None)
    far = far if far is not None else nw.lit(False)
    measures = [f"__v_{n}" for n in cells if columns[n].spec.kind in ("money", "count")]
    data = ~nw.col("__blank") & ~totals.expr
    lines = [c for c in (ROW, FILE) if c in lf.collect_schema().names()]
    if lines and measures and unlabelled(checked, data, _collect):
        checked = _checked(lf, [*wanted, *lines], persist)  # a summary row's line and file
    date = "__v_date" if "date" in cells else None
    summary = sum_rows(checked, data, measures, date, _collect, ROW, FILE)
    said_rows = totals.expr
    for where, line in summary:  # Meta's unnamed total: the sum of the other rows
        at = nw.col(ROW) == line
        said_rows = said_rows | ((nw.col(FILE) == where) & at if where is not None else at)
    checked, lf, out = _line_items(checked, lf, said_rows, persist) if items else (
        checked, lf, said_rows
    )  # fmt: skip
    failed_live = (nw.col("__failed") | far) & ~out
    keep = ~failed_live & ~nw.col("__blank") & ~out
    converted, no_rate, money_notes = convert(
        checked, keep, list(codes), money or Money(), label, _collect
    )
    checked = checked.with_columns(
        __bad=failed_live | (no_rate & keep),
        __out=out,
        __total=totals.expr,
        __said=said_rows,
        __problems=failed_live & ~nw.col("__blank"),
    )
    fill, named = spec.label == "channel", channel
    counts = _counts(checked, "channel" in columns, flags)
    rows_notes = totals.notes(lf, label, counts["__total"], ROW, FILE)
    rows_notes += [Note.of(label if f is None else str(f), "note.sum_row", n) for f, n in summary]
    said += [n for n in rows_notes if n.row is None] + dated
    rows_notes = [n for n in rows_notes if n.row is not None]
    deals = spec.name == "Orders" and "status" in match.at
    deals = deals and is_deals(match.headers[match.at["status"]], columns["status"].seen)
    said += _tab_notes(label, counts, fill, match, deals, channel)
    billing = spec.name == "Orders" and is_billing(match.headers, "customer_id" in match.at)
    if billing:
        header = next(h for h in match.headers if is_billing([h], True))
        said.append(Note.of(label, "note.billing", header=repr(header)))
    if counts["__problems"]:
        shown_rows = lf.with_columns(__far=far, __out=out)
        room = MAX_NOTES_PER_TAB - len(rows_notes)
        rows_notes += skipped_notes(shown_rows, columns, label, middle, room)
    said += money_notes
    said += sorted(rows_notes, key=lambda n: (n.sheet, n.row))
    kept = checked.filter(~nw.col("__bad") & ~nw.col("__blank") & ~nw.col("__out"))
    frame = kept.select(*[converted.get(n, nw.col(f"__v_{n}")).alias(n) for n in columns])
    said += _lead_statuses(spec, columns, frame, label)
    if fill:
        channel = nw.col("channel") if "channel" in columns else nw.lit(None).cast(nw.String)
        frame = frame.with_columns(channel=channel.fill_null(named or UNASSIGNED))
    return Cleaned(
        frame,
        counts["__read"],
        counts["__skip"],
        _ordered(said),
        deals,
        counts["__excluded"],
        billing,
    )


def _checked(lf: nw.LazyFrame, names: list[str], persist) -> nw.LazyFrame:
    """The checked rows' ``names``, kept by the engine when it can keep them."""
    checked = lf.select(*names)
    return persist(checked)


def _dated(
    lf: nw.LazyFrame, spec: TabSchema, columns: dict[str, SourceColumn], period, label: str
) -> tuple[nw.LazyFrame, list[Note]]:
    """Rows dated by the export's period when it has no date column, as the tab reader
    dates them (the filled date is no cell of the row: it makes no row non-blank)."""
    if "date" in columns or period is None:
        return lf, []
    each = period if isinstance(period, Mapping) else {label: period}  # by file (``FILE``)
    starts = {name: pd.Timestamp(p.start).to_pydatetime() for name, p in each.items()}
    date = None
    for name, start in starts.items():
        day = nw.lit(start, nw.Datetime("us"))
        date = day if date is None else nw.when(nw.col(FILE) == name).then(day).otherwise(date)
    lf = lf.with_columns(
        __period_date=date,
        __v_date=date,
        __e_date=nw.lit(None).cast(nw.String),
    )
    columns["date"] = SourceColumn(spec.column("date"), "__period_date", "date", {})
    return lf, [Note.of(n, "note.dated_by_period", date=s.date()) for n, s in starts.items()]


def _line_items(
    checked: nw.LazyFrame, lf: nw.LazyFrame, said: nw.Expr, persist
) -> tuple[nw.LazyFrame, nw.LazyFrame, nw.Expr]:
    """Line items without an amount whose order has an amount on another row: left out
    with the totals (``said``), as :meth:`xl_kpi.rows.Rows.orders` leaves them out."""
    priced = line_items(checked, ~nw.col("__blank") & ~said, _collect)
    if priced is None:
        return checked, lf, said
    checked = checked.join(priced, left_on="__v_order_id", right_on="__priced_id", how="left")
    checked = persist(checked)
    lf = lf.join(priced, left_on="__v_order_id", right_on="__priced_id", how="left")
    repeated = (
        nw.col("__revenue_blank")
        & ~nw.col("__v_order_id").is_null()
        & ~nw.col("__blank")
        & ~said
        & nw.col("__priced").fill_null(False)
    )
    return checked, lf, said | repeated


def _tab_notes(
    label: str, counts: dict[str, int], fill: bool, match: Match, deals: bool, named: str | None
) -> list[Note]:
    """The notes about the whole tab, in the tab reader's order: rows without a channel,
    cancelled orders, line items folded into their order, a deals export."""
    notes = []
    if fill and counts["__fill"]:
        count, channel = counts["__fill"], repr(named or UNASSIGNED)
        kind = "note.tab_channel" if named else "note.unassigned"
        notes.append(Note.of(label, kind, count=count, channel=channel))
    if counts.get("__cancel"):
        header = repr(match.headers[match.cancelled])
        notes.append(Note.of(label, "note.cancelled_at", count=counts["__cancel"], header=header))
    if counts["__items"]:
        notes.append(Note.of(label, "note.line_items", count=counts["__items"]))
    if deals:
        header = repr(match.headers[match.at["status"]])
        notes.append(Note.of(label, "note.deals", header=header))
    return notes


def _lead_statuses(
    spec: TabSchema, columns: dict[str, SourceColumn], frame: nw.LazyFrame, label: str
) -> list[Note]:
    """The note naming the lead statuses the vocabulary does not know, as the tab reader's."""
    if spec.name != "Leads" or "status" not in columns:
        return []
    unknown = unknown_lead_statuses(columns["status"].seen)
    if not unknown:
        return []
    written = nw.col("status").cast(nw.String).str.strip_chars()
    found = _collect(frame.filter(written.is_in(unknown)).select(nw.len().alias("n")))
    count = int(found["n"].iloc[0]) if len(found) else 0
    return [lead_status_note(label, unknown, count)] if count else []


def _ordered(notes: list[Note]) -> list[Note]:
    """Notes as the tab reader orders them: those of the whole tab first, then by row."""
    return [n for n in notes if n.row is None] + [n for n in notes if n.row is not None]


def no_column(missing: list[Any], headers: list[str]) -> MissingColumns:
    """The error of a source without the ``missing`` columns; ``headers``: its columns."""
    wanted = "; ".join(f"{c.name} ({', '.join(c.headers[:4])})" for c in missing)
    found = ", ".join(map(str, headers[:12]))
    return keyed(MissingColumns, "error.source.no_column", wanted=wanted, headers=found)


def _match(
    spec: TabSchema, headers: list[str], dated: bool = False
) -> tuple[Match, dict[str, SourceColumn]]:
    """The tab's columns the headers name, as the tab reader matches them (the date may be
    missing when the export's period dates the rows)."""
    match = Match(spec, headers)
    excused = {"date"} if dated else set()
    missing = [
        c for c in spec.columns if c.required and c.name not in match.at and c.name not in excused
    ]
    if missing:
        raise no_column(missing, headers)
    columns = {
        c.name: SourceColumn(c, f"__raw_{i}", header_at(headers, match.at[c.name]), {})
        for i, c in enumerate(spec.columns)
        if c.name in match.at
    }
    return match, columns


def _counts(checked: nw.LazyFrame, has_channel: bool, flags: list[str]) -> dict[str, int]:
    """Rows read (not blank, not left out), skipped (bad), without a channel, totals, line
    items and all left out, rows with a problem to list, and the ``flags`` summed."""
    live = ~nw.col("__blank") & ~nw.col("__out")
    no_channel = nw.col("__v_channel").is_null() if has_channel else nw.lit(True)
    found = _collect(
        checked.with_columns(
            __read=live.cast(nw.Int64),
            __skip=(nw.col("__bad") & live).cast(nw.Int64),
            __fill=(no_channel & live).cast(nw.Int64),
            __excluded=nw.col("__out").cast(nw.Int64),
            __items=(nw.col("__out") & ~nw.col("__said")).cast(nw.Int64),
        ).select(
            *[
                nw.col(c).cast(nw.Int64).sum()
                for c in ("__read", "__skip", "__fill", "__excluded", "__items", "__total",
                          "__problems", *flags)
            ]
        )
    )  # fmt: skip
    return {c: int(found[c].fillna(0).iloc[0]) if len(found) else 0 for c in found.columns}
