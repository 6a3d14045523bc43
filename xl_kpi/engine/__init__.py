"""Where the facts are computed: pandas in one process, DuckDB embedded, or Apache Spark.

The report's facts are written once, with narwhals (:mod:`xl_kpi.engine.facts`), and run on
whatever frames they are given: pandas frames (the workbook's own tabs, also in xlwings
Lite), DuckDB relations (the default for sources: out of core, it spills to disk within a
memory limit) or Spark DataFrames (data beyond one machine). An :class:`Engine` makes the
small tables the facts join with (channel keys, periods) on the same engine as the data,
and reads files there; DuckDB and Spark are imported only when chosen.

Choosing: ``--engine`` on the command line, else Settings ``engine``, else DuckDB for
sources (pandas where DuckDB is not installed).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import narwhals as nw
import pandas as pd

__all__ = ["ENGINES", "Engine", "EngineError", "PandasEngine", "choose_engine", "open_engine"]

#: The engines a refresh can compute on.
ENGINES = ("duckdb", "spark", "pandas")


class EngineError(ValueError):
    """An engine that cannot start (not installed, a Spark master out of reach...)."""


class Engine:
    """An engine: makes frames on itself and wraps them for narwhals; owns a scratch folder."""

    name = "engine"

    def __init__(self) -> None:
        self._scratch: Path | None = None

    @property
    def scratch(self) -> Path:
        """A private folder for this run (spilled data, staged database rows), removed on close."""
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="xl-kpi-"))
        return self._scratch

    def table(self, frame: pd.DataFrame) -> Any:
        """``frame`` (small: a lookup table, or a workbook's tab) as a native frame here."""
        raise NotImplementedError

    def lazy(self, native: Any) -> nw.LazyFrame:
        """A native frame of this engine as a narwhals LazyFrame."""
        frame = nw.from_native(native)
        return frame.lazy() if isinstance(frame, nw.DataFrame) else frame

    def close(self) -> None:
        """Release the engine and remove the scratch folder."""
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PandasEngine(Engine):
    """pandas in this process: every frame in memory (the workbook's own tabs, small data)."""

    name = "pandas"

    def table(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame


def choose_engine(requested: str | None, setting: str = "") -> str:
    """The engine to use: the command line's, else the Settings', else DuckDB when it is
    installed (pandas otherwise)."""
    chosen = requested or setting
    if chosen:
        if chosen not in ENGINES:
            raise EngineError(f"unknown engine {chosen!r}: use {', '.join(ENGINES)}")
        return chosen
    try:
        import duckdb  # noqa: F401  (only asking whether it is there)
    except ImportError:
        return "pandas"
    return "duckdb"


def open_engine(name: str, *, memory_limit: str = "", spark_master: str = "") -> Engine:
    """Start the engine ``name``; DuckDB and Spark are imported here, only when chosen."""
    if name == "pandas":
        return PandasEngine()
    if name == "duckdb":
        from .duck import DuckEngine

        return DuckEngine(memory_limit)
    if name == "spark":
        from .spark import SparkEngine

        return SparkEngine(spark_master or os.environ.get("XLKPI_SPARK_MASTER", ""))
    raise EngineError(f"unknown engine {name!r}: use {', '.join(ENGINES)}")
