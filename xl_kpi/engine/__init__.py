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

from ..problems import keyed
from .base import ENGINES, Engine, EngineError, PandasEngine, choose_engine
from .duck import DuckEngine
from .spark import SparkEngine

__all__ = [
    "ENGINES",
    "DuckEngine",
    "Engine",
    "EngineError",
    "PandasEngine",
    "SparkEngine",
    "choose_engine",
    "open_engine",
]


def open_engine(name: str, *, memory_limit: str = "", spark_master: str = "") -> Engine:
    """Start the engine ``name`` (DuckDB and Spark themselves are imported only now)."""
    if name == "pandas":
        return PandasEngine()
    if name == "duckdb":
        return DuckEngine(memory_limit)
    if name == "spark":
        return SparkEngine(spark_master)
    raise keyed(EngineError, "error.engine.unknown", name=repr(name), engines=", ".join(ENGINES))
