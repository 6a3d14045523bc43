"""Apache Spark (pyspark): for data beyond one machine.

``spark.master`` comes from Settings ``spark.master``, else the environment
(``XLKPI_SPARK_MASTER``, then ``SPARK_MASTER``), else ``local[*]`` (this machine's cores).
A master that cannot be reached is said in one line before Spark starts trying it. Spark's
own logging is kept to errors, and its progress bars off.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sys
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pandas as pd

from ..problems import keyed
from .base import Engine, EngineError

__all__ = ["SparkEngine", "spark_master"]

_LOG4J = """\
rootLogger.level = fatal
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


def spark_master(setting: str = "") -> str:
    """The master to use: the setting, else the environment, else ``local[*]``."""
    for value in (setting, os.environ.get("XLKPI_SPARK_MASTER"), os.environ.get("SPARK_MASTER")):
        if value and value.strip():
            return value.strip()
    return "local[*]"


def _check_reachable(master: str) -> None:
    """Fail in one line when a ``spark://`` master does not answer (Spark would retry)."""
    if not master.startswith("spark://"):
        return
    for address in master[len("spark://") :].split(","):
        parts = urlsplit(f"//{address}")
        host, port = parts.hostname, parts.port or 7077
        try:
            with socket.create_connection((host, port), timeout=5):
                return
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
    raise keyed(EngineError, "error.engine.spark_unreachable", master=master, reason=reason)


class SparkEngine(Engine):
    """A Spark session, local or on a cluster."""

    name = "spark"

    def __init__(self, master: str = "") -> None:
        super().__init__()
        self.master = spark_master(master)
        self.session = _session(self.master)

    def table(self, frame: pd.DataFrame) -> Any:
        from pyspark.sql import types as T

        kinds = {"b": T.BooleanType(), "i": T.LongType(), "u": T.LongType()}
        kinds |= {"f": T.DoubleType(), "M": T.TimestampType()}
        fields = []
        for name in frame.columns:
            kind = frame[name].dtype.kind
            spark_type = kinds.get(kind, T.StringType())
            if kind == "O" and _is_date(frame[name]):
                spark_type = T.DateType()
            fields.append(T.StructField(str(name), spark_type, True))
        return self.session.createDataFrame(frame, T.StructType(fields))

    def persist(self, lf: Any) -> Any:
        """Keep a frame's rows (memory, then disk) for the queries that read it again."""
        from pyspark import StorageLevel

        return self.lazy(lf.to_native().persist(StorageLevel.MEMORY_AND_DISK))

    def distinct(
        self, lf: Any, columns: Mapping[str, Any], first: str | None = None
    ) -> dict[str, pd.DataFrame]:
        """Every column's distinct values in one job (GROUPING SETS), not one a column."""

        def query(native: Any, text: str) -> Any:
            return self.session.sql(text, src=native)

        return self._distinct_in_one_scan(lf, columns, first, query)

    def read_parquet(
        self, files: list, hive: bool, root: Path | None = None, names: list[str] = ()
    ) -> Any:
        """Parquet files as one DataFrame; ``root`` is the folder whose ``key=value``
        subfolders are Hive partitions. Each row has its place in its file (``__row``) and
        the file (``__file``: its name in ``names``, else its base name). Timestamps in
        nanoseconds (pandas' default), which Spark refuses, are read as numbers and made
        timestamps in microseconds."""
        import pyarrow as pa
        import pyarrow.parquet as pq
        from pyspark.sql import functions as F

        nanos = [
            f.name
            for f in pq.read_schema(files[0])
            if pa.types.is_timestamp(f.type) and f.type.unit == "ns"
        ]
        if nanos:
            self.session.conf.set("spark.sql.legacy.parquet.nanosAsLong", "true")
        reader = self.session.read.option("mergeSchema", "true")
        if hive and root is not None:
            reader = reader.option("basePath", str(root))
        frame = reader.parquet(*[str(f) for f in files])
        for name in nanos:
            column = "`" + name.replace("`", "``") + "`"  # Spark SQL's own quoting of a name
            frame = frame.withColumn(name, F.expr(f"timestamp_micros({column} div 1000)"))
        try:  # each row's place in its file and the file, for the notes (Spark 3.5 and later)
            frame = frame.select(
                (F.col("_metadata.row_index") + 1).alias("__row"),
                F.col("_metadata.file_path").alias("__path"),
                F.col("_metadata.file_name").alias("__file"),
                "*",
            )
        except Exception:  # noqa: BLE001  (an older Spark: notes without lines)
            return frame
        if not names:
            return frame.drop("__path")
        # files of the same base name in different folders (Hive partitions' data.parquet)
        # are different files: Spark gives each as a URI, matched here to the file's name
        named = {str(Path(f).resolve()): n for f, n in zip(files, names)}
        uris = [r[0] for r in frame.select("__path").distinct().collect()]
        pairs = [(u, named.get(str(Path(unquote(urlsplit(u).path)).resolve()))) for u in uris]
        schema = "__path string, __name string"
        mapping = self.session.createDataFrame([(u, n) for u, n in pairs if n], schema)
        frame = frame.join(F.broadcast(mapping), "__path", "left")
        frame = frame.withColumn("__file", F.coalesce(F.col("__name"), F.col("__file")))
        return frame.drop("__path", "__name")

    def read_csv(self, files: list, layouts: list[Any], names: list[str]) -> Any:
        """UTF-8 CSV files as one DataFrame of text columns, each file read below its header
        (``layouts``: each file's delimiter, header and the lines above it), with each row's
        line (``__row``) and file (``__file``).

        Spark's reader gives no line numbers, so each file is read whole by one task (not
        split: ``multiLine``), where rows come in the file's order; a row's place in its
        file is then its id less the file's first id (:func:`monotonically_increasing_id`
        counts up within a task). Spark skips blank lines: blank lines above the header are
        allowed for; among the data rows they would shift the numbers, as in the other
        readers, which count records too.
        """
        from pyspark.sql import functions as F
        from pyspark.sql import types as T

        parts = []
        for path, layout, name in zip(files, layouts, names):
            width = len(layout.header)
            schema = T.StructType(
                [T.StructField(f"_c{j}", T.StringType(), True) for j in range(width)]
            )
            frame = self.session.read.csv(
                str(path), schema=schema, header=False, sep=layout.sep, quote='"', escape='"',
                encoding="UTF-8", multiLine=True, mode="PERMISSIVE",
            )  # fmt: skip
            frame = frame.withColumn("__id", F.monotonically_increasing_id())
            frame = frame.withColumn("__file", F.lit(name))
            first = frame.groupBy().agg(F.min("__id").alias("__first"))
            records_above = layout.skip - layout.blank_above  # the lines Spark reads as rows
            line = F.col("__id") - F.col("__first") + 1 + layout.blank_above
            frame = frame.crossJoin(F.broadcast(first)).withColumn("__row", line)
            frame = frame.filter(F.col("__id") - F.col("__first") > records_above)
            columns = [F.col(f"_c{j}").alias(h) for j, h in enumerate(_unique(layout.header))]
            parts.append(frame.select(F.col("__row"), F.col("__file"), *columns))
        result = parts[0]
        for part in parts[1:]:
            result = result.unionByName(part, allowMissingColumns=True)
        return result


def _unique(header: tuple[str, ...]) -> list[str]:
    """Column names for Spark: each header as written, a blank one ``column<j>``, a repeated
    one with ``_<n>`` (as DuckDB names them)."""
    names: list[str] = []
    for j, cell in enumerate(header):
        name = cell if cell.strip() else f"column{j}"
        base, n = name, 1
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names


_SESSIONS: dict[str, Any] = {}


def _session(master: str) -> Any:
    """The process's Spark session for ``master``, started once (a JVM start takes seconds)
    and stopped when the process ends."""
    if master in _SESSIONS:
        return _SESSIONS[master]
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise keyed(EngineError, "error.engine.no_pyspark") from None
    _check_reachable(master)
    for other in list(_SESSIONS):  # one Spark context per process: the new master replaces it
        _SESSIONS.pop(other).stop()
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    if "SPARK_CONF_DIR" not in os.environ:  # quiet logs unless the user configured them
        conf = Path(tempfile.mkdtemp(prefix="xl-kpi-spark-conf-"))
        (conf / "log4j2.properties").write_text(_LOG4J)
        os.environ["SPARK_CONF_DIR"] = str(conf)
        atexit.register(shutil.rmtree, conf, True)
    saved = os.dup(2)  # the JVM's start-up lines go to a file, not to the user's terminal
    log = Path(os.environ["SPARK_CONF_DIR"]) / "spark.log"
    with open(log, "ab") as sink:
        os.dup2(sink.fileno(), 2)
    try:
        session = (
            SparkSession.builder.master(master)
            .appName("xl-kpi")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.log.structuredLogging.enabled", "false")
            .getOrCreate()
        )
    except Exception as exc:  # noqa: BLE001  (Java and Py4J errors: said in one line)
        reason = _first_line(exc)
        raise keyed(EngineError, "error.engine.spark_start", master=master, reason=reason) from None
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    session.sparkContext.setLogLevel("ERROR")
    _SESSIONS[master] = session
    atexit.register(session.stop)
    return session


def _is_date(values: pd.Series) -> bool:
    import datetime as dt

    sample = values.dropna()
    return bool(len(sample)) and all(
        isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in sample.head(5)
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
