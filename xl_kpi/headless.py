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
from .sample import RU_COLUMNS, RU_TAB_NAMES, TAB_COLUMNS, russian_tables, sample_tables
from .summary import build_summary
from .tabs import Tab, is_raw_tab, read_tabs

__all__ = ["check_workbook", "new_workbook", "refresh_workbook", "report_workbook"]


def _raw_tabs(path: str | os.PathLike) -> dict[str, pd.DataFrame]:
    from .files.read import read_tabs as read_file_tabs

    return read_file_tabs(path, is_raw_tab)


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
) -> tuple[Report, Path]:
    """Build the KPI Summary of a workbook file and write it into ``out`` (default: in place)."""
    from .files.flavour import detect_flavour
    from .files.render import write_summary

    kind = detect_flavour(path)
    button = None if kind == "plain" else kind
    report, layout = build_summary(_raw_tabs(path), refreshed=refreshed, button=button)
    return report, write_summary(path, layout, out)


def new_workbook(
    path: str | os.PathLike,
    *,
    sample: bool = False,
    language: str = "en",
    orders: int = 3000,
    overwrite: bool = False,
) -> Path:
    """Write a fresh workbook with every raw tab (headers, or a generated year with ``sample``)."""
    from .files.new import write_workbook

    tables = sample_tables(orders=orders) if sample else _empty_tables(language)
    if sample:
        tables["Settings"].loc[tables["Settings"]["key"] == "language", "value"] = language
    if language == "ru":
        tables = russian_tables(tables) if sample else _russian_headers(tables)
    return write_workbook(path, tables, overwrite=overwrite)


def _empty_tables(language: str) -> dict[str, pd.DataFrame]:
    tables = {name: pd.DataFrame(columns=list(columns)) for name, columns in TAB_COLUMNS.items()}
    tables["Settings"] = pd.DataFrame(
        {
            "key": ["period", "language", "currency", "social_channels", "romi_basis"],
            "value": ["month", language, "", "", "revenue"],
        }
    )
    return tables


def _russian_headers(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {RU_TAB_NAMES[name]: frame.rename(columns=RU_COLUMNS) for name, frame in tables.items()}
