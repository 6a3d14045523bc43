"""The Refresh on a workbook file: read its raw tabs, compute, write the summary sheet.

Each function opens the file, calls the core once and says what it did; the command line
(:mod:`xl_kpi.cli`) and :mod:`xl_kpi.headless` print what these return.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..report import Report, build_report
from ..summary import build_summary
from ..tabs import Tab, is_raw_tab, read_tabs, sheet_layout
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
    """The raw tabs of a workbook file as frames, each read below its header (wherever in
    the top rows it is), only the columns the tab uses and the first three."""
    return read_sheets(path, is_raw_tab, layout=sheet_layout)


def check_file(path: str | os.PathLike[str]) -> dict[str, Tab]:
    """Read and check the raw tabs of a workbook file; nothing is written."""
    return read_tabs(raw_tabs(path))


def report_file(path: str | os.PathLike[str]) -> Report:
    """Compute every KPI of a workbook file; nothing is written."""
    return build_report(read_tabs(raw_tabs(path)))


def refresh_file(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    *,
    refreshed: dt.datetime | None = None,
    sheet_name: str | None = None,
) -> Refreshed:
    """Build the KPI Summary of a workbook file and write it into ``out`` (default: in place).

    ``sheet_name`` names a new summary (default: by the workbook's language); an existing
    one keeps its name. The summary gets the Refresh button the workbook's kind can run.
    """
    kind = detect_flavor(path)
    report, layout = build_summary(
        raw_tabs(path),
        refreshed=refreshed,
        sheet_name=sheet_name,
        button=None if kind == "plain" else kind,
    )
    written = write_summary(path, layout, out)
    return Refreshed(report, written.path, written.sheet)
