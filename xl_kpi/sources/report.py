"""The report of a workbook's tabs and its sources, computed on the chosen engine.

The one function every front end calls: the headless refresh and report (with or without
a workbook), and the Refresh button in Excel. Without sources it is exactly the report of
the workbook's tabs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..engine import choose_engine, open_engine
from ..progress import SILENT, Progress
from ..report import Report, build_report
from ..report.settings import Settings, read_settings
from ..schema import CHANNELS, recognise
from ..tabs import Note, Tab, column_map, read_tab
from . import SourceSpec, SourceTab, load_sources, sources_of
from .grants import Request, admit, engine_requests, source_requests

__all__ = ["report_with_sources", "workbook_requests"]


def report_with_sources(
    tabs: Mapping[str, Tab],
    *,
    raw: Mapping[str, pd.DataFrame] | None = None,
    base: Path | None = None,
    book: Path | None = None,
    sources: Sequence[SourceSpec] = (),
    engine: str | None = None,
    progress: Progress = SILENT,
) -> Report:
    """The report of a workbook's tabs (read from its sheets ``raw``; ``{}`` without a
    workbook) and of the sources its Sources tab and ``sources`` declare, computed on
    ``engine`` (default: the Settings' ``engine``, else DuckDB). ``base`` is the folder
    relative locations start from (the workbook's, ``book``'s when given). What the
    workbook asks beyond its own tabs and folder must be granted to ``book``
    (:mod:`xl_kpi.sources.grants`). Raises :class:`~xl_kpi.sources.SourceError` or
    :class:`~xl_kpi.engine.EngineError` when a source or the engine cannot be used, and
    :class:`~xl_kpi.sources.grants.TrustError` for what is not granted."""
    tabs = dict(tabs)
    if book is not None and base is None:
        base = Path(book).resolve().parent
    specs = sources_of(tabs, sources)
    if not specs:
        return build_report(tabs)
    channels = _channel_names(raw or {})
    small = [s for s in specs if s.tab == "Settings"]
    settings = read_settings(tabs.get("Settings"), [])
    asked = [] if small else engine_requests(settings.engine, settings.spark_master, engine)
    specs = admit(specs, base, book, asked)
    small = [s for s in specs if s.tab == "Settings"]
    if small:
        settings = _settings(tabs, small, base)
        admit([], base, book, engine_requests(settings.engine, settings.spark_master, engine))
    name = choose_engine(engine, settings.engine)
    try:
        with open_engine(
            name, memory_limit=settings.memory_limit, spark_master=settings.spark_master
        ) as running:
            columns = column_map(raw or {})  # the workbook's Columns tab, for sources too
            rest = [
                dataclasses.replace(s, headers=columns.headers.get(s.tab, {}))
                for s in specs
                if s.tab != "Settings"
            ]
            money = next((t.money for t in tabs.values() if t.money is not None), None)
            loaded = load_sources(rest, running, base, progress, channels, money)
            for tab_name, tab in loaded.tabs.items():
                own = tabs.get(tab_name)
                if own is not None and own.rows_read and not isinstance(own, SourceTab):
                    said = Note.of(own.sheet, "note.source_replaces", source=tab.sheet)
                    tab.notes.insert(0, said)
                tabs[tab_name] = tab
            progress.watch(f"computing on {name}", running.progress)
            report = build_report(tabs)
            progress.done()
            loaded.check_unchanged()
    finally:
        progress.finish()
    return report


def workbook_requests(tabs: Mapping[str, Tab], book: Path) -> tuple[list[Request], bool]:
    """What a workbook asks beyond its own tabs and folder (its Sources rows, its Settings'
    engine), and whether its Settings come from a source (their engine is asked later)."""
    base = Path(book).resolve().parent
    specs = sources_of(tabs)
    asked = {r for spec in specs for r in source_requests(spec, base).requests}
    later = any(spec.tab == "Settings" for spec in specs)
    if specs and not later:  # without sources no engine runs
        settings = read_settings(tabs.get("Settings"), [])
        asked |= set(engine_requests(settings.engine, settings.spark_master, None))
    return sorted(asked), later


def _channel_names(raw: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """The workbook's Channels tab: channel names as exports write them -> the team's."""
    for sheet, frame in raw.items():
        found = recognise(sheet)
        if found is not None and found[0] is CHANNELS:
            table = read_tab(CHANNELS, sheet, frame).frame
            return dict(zip(table["written_as"].astype(str), table["channel"].astype(str)))
    return {}


def _settings(tabs: dict[str, Tab], specs: Sequence[SourceSpec], base: Path | None) -> Settings:
    """The Settings that choose the engine: the tab's, or its source's (read with pandas)."""
    if specs:
        with open_engine("pandas") as pandas_engine:
            tabs.update(load_sources(specs, pandas_engine, base).tabs)
    return read_settings(tabs.get("Settings"), [])
