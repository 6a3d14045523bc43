"""The Refresh on a workbook file: read its raw tabs, compute, write the summary sheet.

Each function opens the file, calls the core once and says what it did; the command line
(:mod:`xl_kpi.cli`) and :mod:`xl_kpi.headless` print what these return. Every file is
checked by :mod:`xl_kpi.files.guard` before anything reads it, and a refresh checks first
that it can write where it is asked to (:func:`xl_kpi.files.save.check_target`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from ..excelfacts import column_letter
from ..header_names import key
from ..progress import SILENT, Progress
from ..report import Report, build_report
from ..schema import COLUMN_MAP, find_tab
from ..sources import SourceSpec
from ..sources.report import report_with_sources
from ..summary import summary_layout
from ..tabs import Note, Tab, column_map, is_raw_tab, read_tabs, sheet_layout
from . import save
from .flavor import detect_flavor
from .read import read_tabs as read_sheets
from .render import write_summary

__all__ = ["Refreshed", "check_file", "raw_tabs", "refresh_file", "report_file"]

_SUFFIX = re.compile(r"(.+?)(?:_\d+)+")


@dataclass(frozen=True)
class Refreshed:
    """What a refresh did: the report it computed, the file and the sheet it wrote."""

    report: Report
    path: Path
    sheet: str


def raw_tabs(path: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """The raw tabs of a workbook file as frames, each read below its header (wherever in
    the top rows it is), only the columns the tab uses (the Columns tab's headers among
    them: that small tab is read first) and the first three."""
    columns = column_map(read_sheets(path, lambda name: find_tab(name) is COLUMN_MAP))
    return read_sheets(path, is_raw_tab, layout=partial(sheet_layout, columns=columns))


def check_file(path: str | os.PathLike[str]) -> dict[str, Tab]:
    """Read and check the raw tabs of a workbook file, Settings and Targets included (what
    is wrong there is noted on their tabs); nothing is written."""
    tabs = _tabs(raw_tabs(path))
    build_report(tabs)
    return tabs


def report_file(
    path: str | os.PathLike[str] | None,
    *,
    sources: Sequence[SourceSpec] = (),
    engine: str | None = None,
    progress: Progress = SILENT,
) -> Report:
    """Compute every KPI of a workbook file and its sources (or of ``sources`` alone, when
    ``path`` is None); nothing is written."""
    if path is None:
        return report_with_sources({}, sources=sources, engine=engine, progress=progress)
    progress.step("reading the workbook")
    raw = raw_tabs(path)
    return report_with_sources(
        _tabs(raw),
        raw=raw,
        base=Path(path).resolve().parent,
        book=Path(path),
        sources=sources,
        engine=engine,
        progress=progress,
    )


def refresh_file(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    *,
    refreshed: dt.datetime | None = None,
    sheet_name: str | None = None,
    summary: str | None = None,
    sources: Sequence[SourceSpec] = (),
    engine: str | None = None,
    progress: Progress = SILENT,
) -> Refreshed:
    """Build the KPI Summary of a workbook file and write it into ``out`` (default: in place).

    ``sheet_name`` names a new summary (default: by the workbook's language); an existing
    one keeps its name. When copies of the summary carry its marker too, ``summary``
    names the one to refresh (see :func:`xl_kpi.files.splice.splice_sheet`). The summary
    gets the Refresh button the workbook's kind can run. A workbook reached through a
    symbolic link is refreshed where it really is. The workbook's Sources tab and
    ``sources`` bring rows from elsewhere, computed on ``engine``; when one cannot be read,
    nothing is written.

    The workbook's Sources tab and ``sources`` bring rows from elsewhere, computed on
    ``engine``; when one cannot be read, nothing is written.

    Raises:
        save.CannotWrite: the result cannot be written where asked (checked first).
        save.WorkbookLocked: the workbook or ``out`` is open in Excel (checked first too).
    """
    save.check_target(path, out)
    save.ensure_not_open(path)  # before the work, not only when writing (checked again then)
    if out is not None:
        save.ensure_not_open(out)
    report = report_file(path, sources=sources, engine=engine, progress=progress)
    kind = detect_flavor(path)  # after the guard has read the file: it is a workbook
    when = refreshed or dt.datetime.now().replace(microsecond=0)
    layout = summary_layout(
        report, refreshed=when, sheet_name=sheet_name, button=None if kind == "plain" else kind
    )
    progress.step("writing the summary")
    written = write_summary(path, layout, out, summary)
    progress.finish()
    return Refreshed(report, written.path, written.sheet)


def _tabs(raw: Mapping[str, pd.DataFrame]) -> dict[str, Tab]:
    """The raw tabs read and checked, with what the file reader has to say about them."""
    tabs = read_tabs(raw)
    for tab in tabs.values():
        extra = []
        for sheet in tab.sheets:  # tabs of one kind combined: each sheet says its own
            frame = raw[sheet]
            extra += [Note(sheet, text) for text in frame.attrs.get("notes", [])]
            extra += _duplicate_columns(sheet, frame)
        tab.notes[:0] = extra
    return tabs


def _duplicate_columns(sheet: str, frame: pd.DataFrame) -> list[Note]:
    """A note for each column whose header names a column another one already gives
    (two ``revenue`` columns): only one of them is read, so the other is said."""
    spec = find_tab(sheet)
    if spec is None:
        return []
    headers = [str(h) for h in frame.columns]
    # A header written twice reaches here as "revenue" and "revenue_1" (the readers make
    # names unique that way), so a suffix after a header that is there counts as the same.
    plain = {key(h) for h in headers}
    shown = [
        m.group(1) if (m := _SUFFIX.fullmatch(h)) and key(m.group(1)) in plain else h
        for h in headers
    ]
    keys = [key(h) for h in shown]
    letters = frame.attrs.get("excel_columns") or range(len(headers))
    taken: dict[int, str] = {}
    for column in spec.columns:  # the reader's own rule: first alias, first header
        for alias in column.headers:
            if key(alias) in keys and keys.index(key(alias)) not in taken:
                taken[keys.index(key(alias))] = column.name
                break
    notes = []
    for column in spec.columns:
        used = [j for j, name in taken.items() if name == column.name]
        aliases = {key(a) for a in column.headers}
        for j, k in enumerate(keys):
            if used and j not in taken and k in aliases:
                here = f"{shown[j]} ({column_letter(letters[j])})"
                read = f"{shown[used[0]]} ({column_letter(letters[used[0]])})"
                notes.append(
                    Note(
                        sheet,
                        f"ignored: column {read} already holds {column.name}; "
                        "rename or delete one of them",
                        column=here,
                    )
                )
    return notes
