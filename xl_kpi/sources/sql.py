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

Nothing is ever written: SQLite is opened read-only and ``query_only``, with an
authorizer that lets a query read and nothing else (no ``ATTACH`` of another file);
PostgreSQL sessions are read-only (``default_transaction_read_only``). Each query stops
after the time limit (SQLite's progress handler, PostgreSQL's ``statement_timeout``) and
the rows read stop at the row limit (:mod:`xl_kpi.sources.limits`). A workbook's
PostgreSQL source is not offered libpq's ``PGPASSWORD``: its password comes from a
variable it names, or from the user's ``.pgpass`` for that host.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from .limits import LIMITS, limits
from .spec import SourceError, SourceSpec, check_file, expand_env, redact

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
    return url, "SELECT * FROM " + ".".join(quoted(part) for part in table.split("."))


def quoted(name: str) -> str:
    """An identifier as SQL quotes it (SQLite's and PostgreSQL's rule: ``"`` doubled)."""
    return '"' + str(name).replace('"', '""') + '"'


def _clean_message(exc: BaseException, secret: str, spec: SourceSpec) -> str:
    """A driver's error in one line, without the expanded URL or any password."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    for line in lines[1:]:  # libpq puts the reason on the next line
        if "refused" in line or "does not exist" in line or "authentication" in line:
            text += " " + line
    text = re.sub(r"^(IO|INVALID_ARGUMENT|UNKNOWN|NOT_FOUND|INTERNAL): ", "", text)
    text = re.sub(r"\[libpq\] ", "", text)
    return spec.scrub(redact(text.replace(secret, spec.label)))[:300]


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
    path = path.absolute()  # without a workbook: from the current folder
    if not path.exists():
        folder = repr(str(path.parent))
        raise spec.fail("error.source.no_database", file=repr(path.name), folder=folder)
    check_file(spec, path)
    return path


#: What SQLite's authorizer lets a source's query do: read, and call functions.
_READS = (20, 21, 31, 33)  # SQLITE_READ, SQLITE_SELECT, SQLITE_FUNCTION, SQLITE_RECURSIVE


def _only_reads(action: int, *_: Any) -> int:
    return 0 if action in _READS else 1  # SQLITE_OK, SQLITE_DENY


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
    budget = limits()
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        con.execute("PRAGMA query_only = 1")
    except sqlite3.Error as exc:
        raise spec.fail("error.source.db_open", reason=spec.scrub(str(exc))) from None
    deadline = time.monotonic() + budget.seconds
    con.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    con.set_authorizer(_only_reads)
    try:
        types = _sqlite_types(con, query)
        names = list(types)
        select = ", ".join(
            f"CAST({quoted(n)} AS TEXT)" if t == "text" else quoted(n) for n, t in types.items()
        )
        cursor = con.execute(f"SELECT {select} FROM ({query})")
        arrow = {"integer": pa.int64(), "real": pa.float64(), "text": pa.string()}
        schema = pa.schema([(n, arrow[t]) for n, t in types.items()])
        count = 0
        with pq.ParquetWriter(out, schema) as writer:
            while rows := cursor.fetchmany(_BATCH):
                count += len(rows)
                if count > budget.rows:
                    raise spec.fail("error.limit.rows", limit=budget.rows, variable=LIMITS["rows"])
                columns = list(zip(*rows))
                writer.write_batch(
                    pa.record_batch(
                        [pa.array(c, schema.field(n).type) for n, c in zip(names, columns)],
                        schema=schema,
                    )
                )
    except sqlite3.Error as exc:
        if time.monotonic() > deadline:
            raise spec.fail(
                "error.limit.seconds", limit=budget.seconds, variable=LIMITS["seconds"]
            ) from None
        raise spec.fail("error.source.reason", reason=_clean_message(exc, url, spec)) from None
    finally:
        con.close()


def _sqlite_types(con: Any, query: str) -> dict[str, str]:
    """Each column's type over all its values: integer, real, or text (when they mix)."""
    names = [d[0] for d in con.execute(f"SELECT * FROM ({query}) LIMIT 0").description]
    if not names:
        return {}
    seen = ", ".join(f"group_concat(DISTINCT typeof({quoted(n)}))" for n in names)
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


def libpq_url(url: str, spec: SourceSpec, seconds: int) -> str:
    """The URL libpq is given: a read-only session whose statements stop after ``seconds``,
    a bounded wait to connect, and for a workbook's source, no password from libpq's
    environment (``password=`` set, empty when the URL has none: libpq then reads only
    the user's ``.pgpass`` for that host, never ``PGPASSWORD``)."""
    head, _, query = url.partition("?")
    settings = dict(parse_qsl(query, keep_blank_values=True))
    options = settings.get("options", "")
    options += f" -c statement_timeout={seconds * 1000} -c default_transaction_read_only=on"
    settings["options"] = options.strip()
    settings.setdefault("connect_timeout", "10")
    if spec.from_workbook:
        netloc = head.split("://", 1)[-1].split("/", 1)[0]
        user = netloc.rpartition("@")[0] if "@" in netloc else ""
        if ":" not in user:
            settings.setdefault("password", "")
    return head + "?" + urlencode(settings, quote_via=quote)


def _postgres(spec: SourceSpec, url: str, query: str, out: Path) -> None:
    try:
        import adbc_driver_postgresql.dbapi as adbc
    except ImportError:
        raise spec.fail("error.source.postgres") from None
    import pyarrow.parquet as pq

    budget = limits()
    try:
        with adbc.connect(libpq_url(url, spec, budget.seconds)) as con, con.cursor() as cursor:
            cursor.execute(query)
            reader = cursor.fetch_record_batch()
            count = 0
            with pq.ParquetWriter(out, reader.schema) as writer:
                for batch in reader:
                    count += batch.num_rows
                    if count > budget.rows:
                        raise spec.fail(
                            "error.limit.rows", limit=budget.rows, variable=LIMITS["rows"]
                        )
                    writer.write_batch(batch)
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001  (driver errors of every kind: one line)
        if "statement timeout" in str(exc):
            raise spec.fail(
                "error.limit.seconds", limit=budget.seconds, variable=LIMITS["seconds"]
            ) from None
        raise spec.fail("error.source.reason", reason=_clean_message(exc, url, spec)) from None
