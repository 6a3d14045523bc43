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
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

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
    raise EngineError(f"the Spark master {master} cannot be reached: {reason}")


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

    def read_parquet(self, files: list, hive: bool, root: Path | None = None) -> Any:
        """Parquet files as one DataFrame; ``root`` is the folder whose ``key=value``
        subfolders are Hive partitions. Timestamps in nanoseconds (pandas' default), which
        Spark refuses, are read as numbers and made timestamps in microseconds."""
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
            frame = frame.withColumn(name, F.expr(f"timestamp_micros(`{name}` div 1000)"))
        return frame

    def read_csv(self, files: list, sep: str, skip: int, names: list[str]) -> Any:
        if skip:
            raise EngineError("the spark engine cannot skip lines above a CSV header")
        return self.session.read.csv(
            [str(f) for f in files], header=True, sep=sep, quote='"', escape='"', encoding="UTF-8"
        )


_SESSIONS: dict[str, Any] = {}


def _session(master: str) -> Any:
    """The process's Spark session for ``master``, started once (a JVM start takes seconds)
    and stopped when the process ends."""
    if master in _SESSIONS:
        return _SESSIONS[master]
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineError("the spark engine needs pyspark: pip install 'xl-kpi[spark]'") from None
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
        raise EngineError(f"Spark ({master}) did not start: {_first_line(exc)}") from None
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
