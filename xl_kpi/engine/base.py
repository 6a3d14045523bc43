"""The engines' common ground: what an engine is, pandas in this process, and the choice.

An :class:`Engine` makes the small tables the facts join with (channel keys, periods) on
the same engine as the data, wraps native frames for narwhals, and owns a scratch folder
for the run; :mod:`.duck` and :mod:`.spark` are the other two.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from ..problems import Problem, keyed

__all__ = [
    "ENGINES",
    "FILE",
    "ROW",
    "Engine",
    "EngineError",
    "PandasEngine",
    "as_cases",
    "choose_engine",
    "collect",
    "grouping_sets",
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


#: Up to this many keys, a lookup is written as a CASE on each row rather than a join.
FEW_KEYS = 16


def _plain(values: pd.Series) -> bool:
    """Whether a lookup column holds numbers, or text (a CASE writes them as literals)."""
    if values.dtype.kind in "iuf":
        return True
    return values.dtype.kind == "O" and all(v is None or isinstance(v, str) for v in values)


def as_cases(table: pd.DataFrame, key: str) -> list[nw.Expr] | None:
    """The columns of ``table`` other than ``key``, each as the value of the row whose
    ``key`` equals the column ``key`` (null where none does), as a left join gives them;
    None beyond :data:`FEW_KEYS` rows or for values other than numbers and text."""
    if len(table) > FEW_KEYS or not all(_plain(table[c]) for c in table.columns):
        return None
    found = []
    for name in table.columns.drop(key):
        kind = table[name].dtype.kind
        dtype = nw.Int64 if kind in "iu" else nw.Float64 if kind == "f" else nw.String
        value = nw.lit(None).cast(dtype)
        for k, v in zip(table[key].tolist()[::-1], table[name].tolist()[::-1]):
            v = None if v is None or (isinstance(v, float) and np.isnan(v)) else v
            value = nw.when(nw.col(key) == k).then(nw.lit(v, dtype)).otherwise(value)
        found.append(value.alias(name))
    return found


def grouping_sets(columns: list[str], order: str) -> str:
    """SQL that groups the rows of ``src`` by each of ``columns`` in turn, in one scan:
    a row per distinct value of each column (the others null), with ``order`` computed
    over its rows as ``__order``. The columns are the product's own names (``__raw_0``),
    which need no quoting in DuckDB or Spark."""
    sets = ", ".join(f"({c})" for c in columns)
    return (
        f"SELECT {', '.join(columns)}, {order} AS __order FROM {{src}} "
        f"GROUP BY GROUPING SETS ({sets})"
    )


class EngineError(Problem, ValueError):
    """An engine that cannot start (not installed, a Spark master out of reach...)."""


class Engine:
    """An engine: where a refresh's rows live and its facts are computed.

    Everything the pipeline asks of an engine is declared here (the sources' readers,
    :mod:`.clean` and :mod:`.facts` call nothing else): making small tables on itself
    (:meth:`table`), wrapping its native frames for narwhals (:meth:`lazy`), reading files
    (:meth:`read_parquet`, :meth:`read_csv`), looking values up in a small table
    (:meth:`lookup`), taking several columns' distinct values (:meth:`distinct`) and
    grouping customers (:meth:`customer_codes`) its own fastest way, keeping a result that
    is read again (:meth:`persist`), saying how far a query is (:meth:`progress`) and a
    scratch folder removed on :meth:`close`. The defaults suit an engine whose frames are
    in memory; :class:`PandasEngine`, :class:`~.duck.DuckEngine` and
    :class:`~.spark.SparkEngine` are the three there are.
    """

    #: The engine's name, as ``--engine`` and Settings ``engine`` spell it.
    name = "engine"

    #: Its frames are pandas frames in this process. A source is then read into pandas by
    #: the tab reader itself, a file at a time, as a sheet is; an engine that is not
    #: (False) checks a source's rows where they live (:mod:`.clean`, :mod:`.rules`) and
    #: converts plain numbers written as text itself.
    in_process = False

    #: Working a value out on every row (a period from a date) costs less here than
    #: looking it up: an engine that plans queries would otherwise split a grouping around
    #: the join. False on pandas, where a lookup by each distinct value is cheaper.
    computes_rows = True

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

    def lookup(self, lf: nw.LazyFrame, column: str, table: pd.DataFrame, key: str) -> nw.LazyFrame:
        """``lf`` with the columns of ``table`` (small; other than ``key``) looked up by the
        value of ``column`` (``table[key]`` holds values as the engine casts them to text,
        or as they are for numbers), null where none matches: a left join. Up to
        :data:`FEW_KEYS` numbers or texts, it is written as a CASE on each row (the same
        values, but a planner cannot split a grouping around a join)."""
        if table[key].dtype.kind not in "iuf":
            lf = lf.with_columns(nw.col(column).cast(nw.String).alias(key))
        elif column != key:
            lf = lf.with_columns(nw.col(column).alias(key))
        cases = as_cases(table, key)
        if cases is not None:
            return lf.with_columns(*cases)
        return lf.join(self.lazy(self.table(table)), on=key, how="left")

    def customer_codes(self, lf: nw.LazyFrame) -> nw.LazyFrame:
        """``lf`` with its customers as the engine groups them fastest (only who is who
        matters to the facts); by default as they are."""
        return lf

    def distinct(
        self, lf: nw.LazyFrame, columns: Mapping[str, nw.Expr | None], first: str | None = None
    ) -> dict[str, pd.DataFrame]:
        """Each of ``columns``' distinct values (nulls left out) as a small pandas frame of
        that column, of the rows its expression keeps (all rows for None); ``first``'s
        frame also has ``__order``, where each value is first written: its least
        :data:`ROW`, or minus its count where ``lf`` has no lines. By default one query a
        column; an engine that plans queries takes them all in one scan
        (:func:`grouping_sets`)."""
        found = {}
        for name, keep in columns.items():
            rows = lf.filter(keep) if keep is not None else lf
            if name == first and ROW in lf.collect_schema().names():
                found[name] = collect(rows.group_by(name).agg(nw.col(ROW).min().alias("__order")))
            elif name == first:  # the most written first: a count, negated once collected
                frame = collect(rows.group_by(name).agg(nw.len().alias("__order")))
                found[name] = frame.assign(__order=-frame["__order"])
            else:
                found[name] = collect(rows.select(nw.col(name)).unique())
        return {n: f[f[n].notna()].reset_index(drop=True) for n, f in found.items()}

    def _distinct_in_one_scan(
        self,
        lf: nw.LazyFrame,
        columns: Mapping[str, nw.Expr | None],
        first: str | None,
        query: Callable[[Any, str], Any],
    ) -> dict[str, pd.DataFrame]:
        """:meth:`distinct` as one query: ``lf``'s columns (each null where its expression
        does not keep the row), grouped by each (:func:`grouping_sets`); ``query(native,
        text)`` runs ``text`` over ``native``, named ``src`` in it, on this engine."""
        lines = ROW in lf.collect_schema().names()
        picked = lf.select(
            *[
                (nw.col(n) if k is None else nw.when(k).then(nw.col(n))).alias(n)
                for n, k in columns.items()
            ],
            *([nw.col(ROW)] if lines else []),
        )
        order = f"min({ROW})" if lines else "-count(*)"
        frame = collect(self.lazy(query(picked.to_native(), grouping_sets(list(columns), order))))
        schema = picked.collect_schema()
        found = {}
        for n in columns:
            part = frame.loc[frame[n].notna(), [n, "__order"] if n == first else [n]]
            if schema[n].is_integer() and part[n].dtype.kind == "f":
                part = part.astype({n: "int64"})  # the other sets' nulls made them floats
            found[n] = part.reset_index(drop=True)
        return found

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

    def release(self, native: Any) -> None:
        """Forget the copy of a source's rows the engine made to read them (``native``,
        from :meth:`read_csv`) once the checked rows are kept: the facts never read the
        raw rows. By default there is none."""

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

    computes_rows = False

    def table(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame

    def lookup(self, lf: nw.LazyFrame, column: str, table: pd.DataFrame, key: str) -> nw.LazyFrame:
        """Each distinct value of ``column`` looked up once, its rows given the result."""
        native = lf.to_native()
        codes, uniques = pd.factorize(native[column], use_na_sentinel=True)
        wanted = pd.Index(table[key]).get_indexer(
            uniques if table[key].dtype.kind in "iuf" else [str(u) for u in uniques]
        )
        picked = np.append(wanted, -1)[codes]  # code -1 (blank) finds nothing
        found = picked >= 0
        added = {}
        for name in table.columns.drop(key):
            values = table[name].to_numpy()[np.where(found, picked, 0)]
            added[name] = pd.Series(values, index=native.index).where(found)
        return self.lazy(native.assign(**added))

    def customer_codes(self, lf: nw.LazyFrame) -> nw.LazyFrame:
        """Customers as integer codes: grouping by a categorical of many customers is slow
        on pandas."""
        if "customer_id" not in lf.collect_schema():
            return lf
        native = lf.to_native()
        codes, _ = pd.factorize(native["customer_id"], use_na_sentinel=True)
        ids = pd.Series(codes, index=native.index, dtype="Int64").mask(codes < 0)
        return self.lazy(native.assign(customer_id=ids))


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
