"""DuckDB, embedded: the default engine for sources, out of core within a memory limit.

One connection per refresh, to a database file in the run's scratch folder, so that staged
rows and spilled intermediate results live on disk, not in memory. The memory limit comes
from Settings ``memory_limit`` (``4GB``, ``512MB``, ``50%``), else a share of the
machine's memory (:data:`DEFAULT_SHARE`, within a container's limit where there is one).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..problems import keyed
from .base import Engine, EngineError

__all__ = ["DEFAULT_SHARE", "DuckEngine", "machine_memory", "memory_limit_bytes"]

#: The share of the machine's memory DuckDB may use when Settings do not say.
DEFAULT_SHARE = 0.5
_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
_UNITS |= {"kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "k": 10**3, "m": 10**6}
_UNITS |= {"g": 10**9, "t": 10**12}
#: Up to this many Parquet files are named in a query's text rather than joined by path.
_FEW_FILES = 64
_LIMIT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([a-zA-Z]*|%)\s*$")


def machine_memory() -> int:
    """Bytes of memory this process may use: the machine's, or its container's if less."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit_file).read_text().strip()
        except OSError:
            continue
        if text.isdigit():
            total = min(total, int(text))
    return total


def memory_limit_bytes(setting: str) -> int:
    """The memory limit a setting means, in bytes; blank means :data:`DEFAULT_SHARE`.

    >>> memory_limit_bytes("4GB"), memory_limit_bytes("512 MiB")
    (4000000000, 536870912)
    """
    if not setting.strip():
        return int(machine_memory() * DEFAULT_SHARE)
    match = _LIMIT.match(setting)
    unit = match.group(2).lower() if match else None
    if match is None or (unit != "%" and unit not in _UNITS):
        raise keyed(EngineError, "error.engine.memory_size", setting=repr(setting))
    number = float(match.group(1).replace(",", "."))
    if unit == "%":
        if not 0 < number <= 100:
            raise keyed(EngineError, "error.engine.memory_share", setting=repr(setting))
        return int(machine_memory() * number / 100)
    if number * _UNITS[unit] < 64 * 2**20:
        raise keyed(EngineError, "error.engine.memory_small", setting=repr(setting))
    return int(number * _UNITS[unit])


def _quoted(text: str) -> str:
    """``text`` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


class DuckEngine(Engine):
    """DuckDB with a memory limit and a folder to spill to."""

    name = "duckdb"

    def __init__(self, memory_limit: str = "") -> None:
        super().__init__()
        try:
            import duckdb
        except ImportError:
            raise keyed(EngineError, "error.engine.no_duckdb") from None
        self.memory_limit = memory_limit_bytes(memory_limit)
        spill = self.scratch / "spill"
        spill.mkdir()
        self.con = duckdb.connect(
            str(self.scratch / "work.duckdb"),
            config={
                "memory_limit": f"{self.memory_limit // 2**20}MiB",
                "temp_directory": str(spill),
                "preserve_insertion_order": False,
            },
        )
        self.con.execute("SET enable_progress_bar = false")  # progress is the product's own
        self._kept: list[Any] = []
        self._copies: list[tuple[Any, list[str]]] = []  # CSV files read: (relation, tables)
        self._ids = itertools.count()  # frames DuckDB scans in place must outlive their relations

    def table(self, frame: pd.DataFrame) -> Any:
        self._kept.append(frame)
        return self.con.from_df(frame)

    def read_parquet(
        self, files: list[Path], hive: bool, root: Path | None = None, names: list[str] = ()
    ) -> Any:
        """Parquet files as one relation (columns united by name; Hive folders as columns),
        with each row's place in its file (``__row``) and the file (``__file``: its name in
        ``names``, else its base name), for the notes and the rules of each file."""
        paths = [str(f) for f in files]
        relation = self.con.read_parquet(
            paths, hive_partitioning=hive, union_by_name=True, filename=True, file_row_number=True
        )
        if not names:
            return relation.select(
                "* EXCLUDE (filename, file_row_number), file_row_number + 1 AS __row, "
                "parse_filename(filename) AS __file"
            )
        # files of the same base name in different folders (Hive partitions' data.parquet)
        # are different files: each is named as given (a path DuckDB spells otherwise keeps
        # its rows, under its base name). A few files are named by a CASE on each row's
        # path; many by a small table of paths (a left join), slower on every row read.
        rows = "p.* EXCLUDE (filename, file_row_number), p.file_row_number + 1 AS __row"
        if len(paths) <= _FEW_FILES:
            whens = " ".join(f"WHEN {_quoted(a)} THEN {_quoted(b)}" for a, b in zip(paths, names))
            view = f"parquet_{next(self._ids)}"
            relation.create_view(view)
            return self.con.sql(
                f"SELECT {rows}, CASE p.filename {whens} ELSE parse_filename(p.filename) END "
                f"AS __file FROM {view} p"
            )
        files_table = f"files_{next(self._ids)}"
        self.con.execute(f"CREATE TEMP TABLE {files_table} (__path VARCHAR, __name VARCHAR)")
        self.con.executemany(f"INSERT INTO {files_table} VALUES (?, ?)", list(zip(paths, names)))
        view = f"parquet_{next(self._ids)}"
        relation.create_view(view)
        return self.con.sql(
            f"SELECT {rows}, coalesce(f.__name, parse_filename(p.filename)) AS __file "
            f"FROM {view} p LEFT JOIN {files_table} f ON p.filename = f.__path"
        )

    def read_csv(self, files: list[Path], layouts: list[Any], names: list[str]) -> Any:
        """UTF-8 CSV files as one relation of text columns, each file read below its
        header (``layouts``: each file's delimiter and the lines above its header), with
        each row's line (``__row``) and file (``__file``).

        Each file is copied once into a temporary table (spilled to disk beyond the memory
        limit): the checks and the facts then read it many times without parsing the text
        again, and a file changed later is not read half old, half new. The table keeps
        the lines' order, so a row's line is its ``rowid`` past the header, counted when a
        note asks (numbering every row as it is copied took a third of the copy's time);
        a file with a column of that name is numbered in a second copy.
        """
        self.con.execute("SET preserve_insertion_order = true")  # lines keep their order
        try:
            selects, tables = [], []
            for path, layout, name in zip(files, layouts, names):
                table = f"csv_{next(self._ids)}"
                first = layout.skip + 1
                self.con.execute(
                    f"CREATE TEMP TABLE {table} AS SELECT * FROM read_csv($path, header = true, "
                    "sep = $sep, quote = '\"', escape = '\"', all_varchar = true, skip = $skip, "
                    "null_padding = true)",
                    {"path": str(path), "sep": layout.sep, "skip": layout.skip},
                )  # fmt: skip
                row = f"rowid + {first + 1}"  # rowid 0 is the line below the header
                if "rowid" in (c.lower() for c in self.con.table(table).columns):
                    # the file's own column hides the pseudo-column: numbered in a copy
                    numbered = f"csv_{next(self._ids)}"
                    self.con.execute(
                        f"CREATE TEMP TABLE {numbered} AS SELECT row_number() OVER () + {first} "
                        f"AS __row_number, * FROM {table}"
                    )
                    self.con.execute(f"DROP TABLE {table}")
                    table, row = numbered, "__row_number"
                rest = "* EXCLUDE (__row_number)" if row == "__row_number" else "*"
                selects.append(
                    f"SELECT {row} AS __row, {_quoted(name)} AS __file, {rest} FROM {table}"
                )
                tables.append(table)
        finally:
            self.con.execute("SET preserve_insertion_order = false")
        relation = self.con.sql(" UNION ALL BY NAME ".join(selects))
        self._copies.append((relation, tables))
        return relation

    def release(self, native: Any) -> None:
        """Drop the tables a :meth:`read_csv` copied its files into (their memory, or
        their place on disk beyond the memory limit, goes to the facts)."""
        for entry in [e for e in self._copies if e[0] is native]:
            self._copies.remove(entry)
            for table in entry[1]:
                self.con.execute(f"DROP TABLE IF EXISTS {table}")

    def persist(self, lf: Any) -> Any:
        """Keep a frame's rows in a temporary table (in memory, spilled to the scratch
        folder beyond the memory limit), so that the queries that read it again do not
        compute it again."""
        name = f"kept_{next(self._ids)}"
        self.con.execute(f"CREATE TEMP TABLE {name} AS {lf.to_native().sql_query()}")
        return self.lazy(self.con.table(name))

    def distinct(
        self, lf: Any, columns: Mapping[str, Any], first: str | None = None
    ) -> dict[str, pd.DataFrame]:
        """Every column's distinct values in one scan of the rows (GROUPING SETS), not
        one scan a column."""

        def query(native: Any, text: str) -> Any:
            return self.con.sql(text.replace("{src}", f"({native.sql_query()}) AS src"))

        return self._distinct_in_one_scan(lf, columns, first, query)

    def progress(self) -> float:
        """How far the running query is, 0 to 1 (-1 when unknown)."""
        try:
            value = self.con.query_progress()
        except Exception:  # noqa: BLE001  (progress is a nicety; never fail a refresh on it)
            return -1.0
        return value / 100 if value >= 0 else -1.0

    def close(self) -> None:
        con, self.con = getattr(self, "con", None), None
        if con is not None:
            con.close()
        self._kept.clear()
        self._copies.clear()
        super().close()
