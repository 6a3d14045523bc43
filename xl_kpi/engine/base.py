"""The engines' common ground: what an engine is, pandas in this process, and the choice.

An :class:`Engine` makes the small tables the facts join with (channel keys, periods) on
the same engine as the data, wraps native frames for narwhals, and owns a scratch folder
for the run; :mod:`.duck` and :mod:`.spark` are the other two.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import narwhals as nw
import pandas as pd

from ..problems import Problem, keyed

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


class EngineError(Problem, ValueError):
    """An engine that cannot start (not installed, a Spark master out of reach...)."""


class Engine:
    """An engine: where a refresh's rows live and its facts are computed.

    Everything the pipeline asks of an engine is declared here (the sources' readers,
    :mod:`.clean` and :mod:`.facts` call nothing else): making small tables on itself
    (:meth:`table`), wrapping its native frames for narwhals (:meth:`lazy`), reading files
    (:meth:`read_parquet`, :meth:`read_csv`), keeping a result that is read again
    (:meth:`persist`), saying how far a query is (:meth:`progress`) and a scratch folder
    removed on :meth:`close`. The defaults suit an engine whose frames are in memory;
    :class:`PandasEngine`, :class:`~.duck.DuckEngine` and :class:`~.spark.SparkEngine`
    are the three there are.
    """

    #: The engine's name, as ``--engine`` and Settings ``engine`` spell it.
    name = "engine"

    #: Its frames are pandas frames in this process. A source is then read into pandas by
    #: the tab reader itself, a file at a time, as a sheet is; an engine that is not
    #: (False) checks a source's rows where they live (:mod:`.clean`, :mod:`.rules`) and
    #: converts plain numbers written as text itself.
    in_process = False

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

    def persist(self, lf: nw.LazyFrame) -> nw.LazyFrame:
        """``lf`` kept, so that the queries that read it again do not compute it again
        (an engine that plans queries keeps the rows in memory or on disk); by default
        ``lf`` itself, for frames already in memory."""
        return lf

    def progress(self) -> float:
        """How far the running query is, 0 to 1; -1 when the engine cannot say (the
        default: the command line then shows what is being done without a share)."""
        return -1.0

    def read_parquet(
        self, files: list[Path], hive: bool, root: Path | None = None, names: Sequence[str] = ()
    ) -> Any:
        """Parquet files as one native frame (columns united by name; with ``hive``, the
        ``key=value`` folders below ``root`` as columns), with each row's place in its file
        (:data:`ROW`) and its file (:data:`FILE`: its name in ``names``, else its base
        name), for the notes and the rules of each file. An engine :attr:`in_process`
        need not: the tab reader reads the files for it."""
        raise NotImplementedError(f"{self.name} reads no Parquet files itself")

    def read_csv(self, files: list[Path], layouts: list[Any], names: list[str]) -> Any:
        """UTF-8 CSV files as one native frame of text columns, each file read below its
        header (``layouts``: each file's delimiter, header and the lines above it), with
        each row's line (:data:`ROW`) and file (:data:`FILE`, from ``names``). An engine
        :attr:`in_process` need not: the tab reader reads the files for it."""
        raise NotImplementedError(f"{self.name} reads no CSV files itself")

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
    in_process = True

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
