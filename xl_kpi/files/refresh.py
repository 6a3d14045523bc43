"""The Refresh on a workbook file: read its raw tabs, compute, write the summary sheet.

Each function opens the file, calls the core once and says what it did; the command line
(:mod:`xl_kpi.cli`) and :mod:`xl_kpi.headless` print what these return.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..progress import SILENT, Progress
from ..report import Report, build_report
from ..sources import SourceSpec
from ..sources.report import report_with_sources
from ..summary import summary_layout
from ..tabs import Tab, is_needed_column, is_raw_tab, read_tabs
from .flavor import detect_flavor
from .read import read_tabs as read_sheets
from .render import write_summary

__all__ = ["Refreshed", "check_file", "raw_tabs", "refresh_file", "report_file"]


@dataclass(frozen=True)
class Refreshed:
    """What a refresh did: the report it computed, the file and the sheet it wrote."""

    report: Report
    path: Path
    sheet: str


def raw_tabs(path: str | os.PathLike[str]) -> dict[str, pd.DataFrame]:
    """The raw tabs of a workbook file as frames (only the columns a KPI reads)."""
    return read_sheets(path, is_raw_tab, is_needed_column)


def check_file(path: str | os.PathLike[str]) -> dict[str, Tab]:
    """Read and check the raw tabs of a workbook file, Settings and Targets included (what
    is wrong there is noted on their tabs); nothing is written."""
    tabs = read_tabs(raw_tabs(path))
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
        return report_with_sources(None, sources=sources, engine=engine, progress=progress)
    progress.step("reading the workbook")
    return report_with_sources(
        raw_tabs(path),
        base=Path(path).resolve().parent,
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
    sources: Sequence[SourceSpec] = (),
    engine: str | None = None,
    progress: Progress = SILENT,
) -> Refreshed:
    """Build the KPI Summary of a workbook file and write it into ``out`` (default: in place).

    ``sheet_name`` names a new summary (default: by the workbook's language); an existing
    one keeps its name. The summary gets the Refresh button the workbook's kind can run.
    The workbook's Sources tab and ``sources`` bring rows from elsewhere, computed on
    ``engine``; when one cannot be read, nothing is written.
    """
    kind = detect_flavor(path)
    report = report_file(path, sources=sources, engine=engine, progress=progress)
    when = refreshed or dt.datetime.now().replace(microsecond=0)
    layout = summary_layout(
        report, refreshed=when, sheet_name=sheet_name, button=None if kind == "plain" else kind
    )
    progress.step("writing the summary")
    written = write_summary(path, layout, out)
    progress.finish()
    return Refreshed(report, written.path, written.sheet)
