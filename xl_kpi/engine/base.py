"""The engines' common ground: what an engine is, pandas in this process, and the choice.

An :class:`Engine` makes the small tables the facts join with (channel keys, periods) on
the same engine as the data, wraps native frames for narwhals, and owns a scratch folder
for the run; :mod:`.duck` and :mod:`.spark` are the other two.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import narwhals as nw
import pandas as pd

from ..problems import keyed

__all__ = [
    "ENGINES",
    "FILE",
    "ROW",
    "Engine",
    "EngineError",
    "PandasEngine",
    "choose_engine",
    "collect",
]

#: Columns a reader may add: the row's line in its file, and the file.
ROW, FILE = "__row", "__file"


def collect(lf: nw.LazyFrame) -> pd.DataFrame:
    """A lazy frame's rows as a pandas frame (small results: counts, distinct values)."""
    frame = lf.collect(backend="pandas").to_native()
    frame.columns = [str(c) for c in frame.columns]
    return frame


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
            engines = ", ".join(ENGINES)
            raise keyed(EngineError, "error.engine.unknown", name=repr(chosen), engines=engines)
        return chosen
    try:
        import duckdb  # noqa: F401  (only asking whether it is there)
    except ImportError:
        return "pandas"
    return "duckdb"
