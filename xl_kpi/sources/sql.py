"""Databases as sources: SQLite (the standard library) and PostgreSQL (ADBC).

A database source is a URL, ``sqlite:///shop.db`` (relative to the workbook's folder;
``sqlite:////abs/shop.db`` for an absolute path) or ``postgresql://user@host:5432/shop``,
with a table (the ``table`` option, or ``#table`` after the URL; by default the tab's name
in lower case: ``orders``) or a ``query``. Its rows are read in one query (one consistent
snapshot of the database), streamed in batches to a Parquet file in the run's scratch
folder, and the engine reads that file: the rows never sit in memory all at once.

PostgreSQL goes through the ADBC driver (``adbc-driver-postgresql``, from the Apache Arrow
project): it streams the server's binary COPY output as Arrow record batches, with the
columns' types, which is what DuckDB, Spark and pandas all read; libpq is inside its wheel.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .spec import SourceError, SourceSpec, expand_env, redact

if TYPE_CHECKING:
    import sqlite3

__all__ = ["read_database"]

_BATCH = 100_000


def _split(spec: SourceSpec) -> tuple[str, str]:
    """The URL (environment expanded) and the query to run."""
    url = expand_env(spec.location, spec)
    url, _, fragment = url.partition("#")
    table = spec.options.get("table") or fragment or spec.tab.lower()
    query = spec.options.get("query")
    if query:
        return url, query
    if not re.fullmatch(r"[\w$]+(\.[\w$]+)?", table):
        raise spec.fail("error.source.table_name", table=repr(table))
    return url, "SELECT * FROM " + ".".join(f'"{part}"' for part in table.split("."))


def _clean_message(exc: BaseException, secret: str, spec: SourceSpec) -> str:
    """A driver's error in one line, without the expanded URL or any password."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    for line in lines[1:]:  # libpq puts the reason on the next line
        if "refused" in line or "does not exist" in line or "authentication" in line:
            text += " " + line
    text = re.sub(r"^(IO|INVALID_ARGUMENT|UNKNOWN|NOT_FOUND|INTERNAL): ", "", text)
    text = re.sub(r"\[libpq\] ", "", text)
    return redact(text.replace(secret, spec.label))[:300]


def read_database(spec: SourceSpec, scratch: Path, base: Path | None) -> Path:
    """Run a database source's query and stream its rows into a Parquet file; its path."""
    url, query = _split(spec)
    out = scratch / f"db-{spec.tab.lower()}-{len(list(scratch.glob('db-*')))}.parquet"
    if spec.kind(base) == "sqlite":
        _sqlite(spec, url, query, out, base)
    else:
        _postgres(spec, url, query, out)
    return out


def _sqlite_path(spec: SourceSpec, url: str, base: Path | None) -> Path:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise spec.fail("error.source.sqlite_url")
    path = Path(unquote(parts.path[1:] if parts.path.startswith("/") else parts.path))
    if not path.is_absolute() and base is not None:
        path = base / path
    if not path.is_file():
        folder = repr(str(path.parent))
        raise spec.fail("error.source.no_database", file=repr(path.name), folder=folder)
    return path


def _sqlite(spec: SourceSpec, url: str, query: str, out: Path, base: Path | None) -> None:
    # Imported here, not with the module: Pyodide (xlwings Lite) ships sqlite3 as a package
    # of its own, loaded only when asked for, and everything Lite imports must start without it.
    try:
        import sqlite3
    except ImportError:
        raise spec.fail("error.source.no_sqlite") from None
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = _sqlite_path(spec, url, base)
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise spec.fail("error.source.db_open", reason=exc) from None
    try:
        types = _sqlite_types(con, query)
        names = list(types)
        select = ", ".join(
            f'CAST("{n}" AS TEXT)' if t == "text" else f'"{n}"' for n, t in types.items()
        )
        cursor = con.execute(f"SELECT {select} FROM ({query})")
        arrow = {"integer": pa.int64(), "real": pa.float64(), "text": pa.string()}
        schema = pa.schema([(n, arrow[t]) for n, t in types.items()])
        with pq.ParquetWriter(out, schema) as writer:
            while rows := cursor.fetchmany(_BATCH):
                columns = list(zip(*rows))
                writer.write_batch(
                    pa.record_batch(
                        [pa.array(c, schema.field(n).type) for n, c in zip(names, columns)],
                        schema=schema,
                    )
                )
    except sqlite3.Error as exc:
        raise spec.fail("error.source.reason", reason=_clean_message(exc, url, spec)) from None
    finally:
        con.close()


def _sqlite_types(con: sqlite3.Connection, query: str) -> dict[str, str]:
    """Each column's type over all its values: integer, real, or text (when they mix)."""
    names = [d[0] for d in con.execute(f"SELECT * FROM ({query}) LIMIT 0").description]
    if not names:
        return {}
    seen = ", ".join(f'group_concat(DISTINCT typeof("{n}"))' for n in names)
    found = con.execute(f"SELECT {seen} FROM ({query})").fetchone()
    types = {}
    for name, kinds in zip(names, found):
        kinds = set((kinds or "null").split(",")) - {"null"}
        types[name] = (
            "integer"
            if kinds == {"integer"}
            else "real"
            if kinds <= {"integer", "real"} and kinds
            else "text"
        )
    return types


def _postgres(spec: SourceSpec, url: str, query: str, out: Path) -> None:
    try:
        import adbc_driver_postgresql.dbapi as adbc
    except ImportError:
        raise spec.fail("error.source.postgres") from None
    import pyarrow.parquet as pq

    try:
        with adbc.connect(url) as con, con.cursor() as cursor:
            cursor.execute(query)
            reader = cursor.fetch_record_batch()
            with pq.ParquetWriter(out, reader.schema) as writer:
                for batch in reader:
                    writer.write_batch(batch)
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001  (driver errors of every kind: one line)
        raise spec.fail("error.source.reason", reason=_clean_message(exc, url, spec)) from None
