"""The Refresh button's work without Excel, on a workbook file (Linux, CI, scheduled jobs).

Each function here is one command of ``xl-kpi``: read the raw tabs fast, run the same core
as the button (:func:`xl_kpi.summary.build_summary`), and write only the summary sheet,
atomically, leaving every other part of the file as it was.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd

from .report import Report, build_report
from .summary import build_summary
from .tabs import Tab, is_needed_column, is_raw_tab, read_tabs

__all__ = ["check_workbook", "new_workbook", "refresh_workbook", "report_workbook"]


def _raw_tabs(path: str | os.PathLike) -> dict[str, pd.DataFrame]:
    from .files.read import read_tabs as read_file_tabs

    return read_file_tabs(path, is_raw_tab, is_needed_column)


def check_workbook(path: str | os.PathLike) -> dict[str, Tab]:
    """Read and check the raw tabs of a workbook file; nothing is written."""
    return read_tabs(_raw_tabs(path))


def report_workbook(path: str | os.PathLike) -> Report:
    """Compute every KPI of a workbook file; nothing is written."""
    return build_report(read_tabs(_raw_tabs(path)))


def refresh_workbook(
    path: str | os.PathLike,
    out: str | os.PathLike | None = None,
    *,
    refreshed: dt.datetime | None = None,
    sheet_name: str | None = None,
) -> tuple[Report, Path]:
    """Build the KPI Summary of a workbook file and write it into ``out`` (default: in place).

    ``sheet_name`` names a new summary (default: by the workbook's language); an existing
    one keeps its name. The summary gets the Refresh button the workbook's kind can run.
    """
    from .files.flavour import detect_flavour
    from .files.render import write_summary

    kind = detect_flavour(path)
    report, layout = build_summary(
        _raw_tabs(path),
        refreshed=refreshed,
        sheet_name=sheet_name,
        button=None if kind == "plain" else kind,
    )
    return report, write_summary(path, layout, out)


def new_workbook(
    path: str | os.PathLike,
    *,
    flavour: str = "plain",
    sample: bool = False,
    language: str = "en",
    orders: int = 3000,
    overwrite: bool = False,
) -> Path:
    """Write a ready workbook: instructions, every raw tab (headers, or a generated year
    with ``sample``), Targets, Settings and the KPI Summary with the Refresh button of its
    ``flavour`` (``classic`` .xlsm, ``lite`` or ``plain`` .xlsx); see
    :func:`xl_kpi.files.templates.build_template`."""
    from .files.templates import build_template

    return build_template(
        path, flavour, sample=sample, language=language, orders=orders, overwrite=overwrite
    )
