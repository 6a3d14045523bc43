"""The Spark engine on a real standalone cluster: a master and two workers on this machine
(started with pyspark's own ``spark-class``, on 127.0.0.1 and free ports, torn down after),
the engine pointed at the master by Settings ``spark.master``; its records are pandas'.

Slow: three Java processes start (seconds each) and every query runs as jobs on executors.
``.ci/run`` installs the Java runtime Spark needs.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from xl_kpi.report import build_report
from xl_kpi.sources import parse_source_arg
from xl_kpi.sources.report import report_with_sources
from xl_kpi.sources.trust import trusting
from xl_kpi.tabs import read_tabs

from . import pasting
from . import source_files as sf

pytestmark = pytest.mark.slow

_MASTER = "org.apache.spark.deploy.master.Master"
_WORKER = "org.apache.spark.deploy.worker.Worker"
#: What each worker offers: one core and an executor's default memory (1 GiB, of which
#: little is used; the machine is shared).
_WORKER_CORES, _WORKER_MEMORY = "1", "1g"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spark_home() -> Path:
    pyspark = pytest.importorskip("pyspark")
    home = Path(pyspark.__file__).parent
    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("Java is missing on CI: .ci/run installs it")
        pytest.skip("Java is not installed")
    return home


def _wait_for(what: str, ready, process: subprocess.Popen, log: Path, timeout: float = 240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the {what} stopped:\n{log.read_text(errors='replace')[-3000:]}")
        if ready():
            return
        time.sleep(0.5)
    raise RuntimeError(f"the {what} did not start:\n{log.read_text(errors='replace')[-3000:]}")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Cluster:
    """A running standalone cluster: its master's URL, and what its web UI's JSON says."""

    def __init__(self, master: str, ui: int) -> None:
        self.master, self.ui = master, ui

    def _state(self) -> dict:
        """The master's state, or ``{}`` while its web UI is not ready: for a moment after it
        binds, the UI answers ``/json/`` with an HTML page (status 200) before its JSON."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.ui}/json/", timeout=5) as r:
                return json.load(r)
        except (OSError, ValueError):
            return {}

    def workers(self) -> int:
        """The workers registered and alive."""
        return len([w for w in self._state().get("workers", ()) if w.get("state") == "ALIVE"])

    def busy_workers(self) -> int:
        """The workers that run an executor of the application (a core of each in use)."""
        return len([w for w in self._state().get("workers", ()) if w.get("coresused")])


@pytest.fixture(scope="module")
def cluster():
    """A standalone master and two workers on 127.0.0.1; yields the cluster once both
    workers have registered (:class:`Cluster`)."""
    home = _spark_home()
    tmp = Path(tempfile.mkdtemp(prefix="xl-kpi-spark-cluster-"))
    conf = tmp / "conf"
    conf.mkdir()
    (conf / "log4j2.properties").write_text(
        "rootLogger.level = warn\nrootLogger.appenderRef.stderr.ref = console\n"
        "appender.console.type = Console\nappender.console.name = console\n"
        "appender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\n"
        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n"
    )
    env = dict(os.environ, SPARK_HOME=str(home), SPARK_CONF_DIR=str(conf))
    env |= {"SPARK_LOCAL_IP": "127.0.0.1", "SPARK_LOCAL_HOSTNAME": "localhost"}
    env |= {"SPARK_NO_DAEMONIZE": "1", "SPARK_DAEMON_MEMORY": "256m"}
    spark_class = str(home / "bin" / "spark-class")
    port, ui = _free_port(), _free_port()
    master = f"spark://127.0.0.1:{port}"
    processes: list[subprocess.Popen] = []

    def start(name: str, *args: str) -> tuple[subprocess.Popen, Path]:
        log = tmp / f"{name}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [spark_class, *args], env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        processes.append(process)
        return process, log

    try:
        process, log = start("master", _MASTER, "--host", "127.0.0.1", "--port", str(port),
                             "--webui-port", str(ui))  # fmt: skip
        _wait_for("Spark master", lambda: _answers(port), process, log)
        workers = []
        for i in range(2):
            work = tmp / f"work-{i}"
            work.mkdir()
            args = [_WORKER, master, "--host", "127.0.0.1", "--port", str(_free_port()),
                    "--webui-port", str(_free_port()), "--cores", _WORKER_CORES,
                    "--memory", _WORKER_MEMORY, "--work-dir", str(work)]  # fmt: skip
            workers.append(start(f"worker-{i}", *args))
        running = Cluster(master, ui)
        for process, log in workers:
            _wait_for("Spark worker", lambda: running.workers() == 2, process, log)
        yield running
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                os.killpg(process.pid, 15)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def cluster_workbook(master: str) -> dict[str, pd.DataFrame]:
    """The workbook's Settings that point the Spark engine at ``master``: the one place the
    tests name the cluster."""
    rows = [["key", "value"], ["engine", "spark"], ["spark.master", master]]
    return {"Settings": pasting.frame(rows)}


@pytest.fixture(scope="module")
def on_cluster(cluster):
    """Read sources on the cluster: ``read(sources, base)`` gives the report. The engine's
    session (started once, by the first read) is stopped before the cluster is torn down."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SPARK_LOCAL_IP", "127.0.0.1")  # the driver too listens on loopback only
        workbook = cluster_workbook(cluster.master)

        def read(sources, base):
            with trusting():  # the user grants the workbook's cluster for this run (--trust)
                return report_with_sources(
                    read_tabs(workbook), raw=workbook, base=base, sources=sources
                )

        try:
            yield read, cluster
        finally:
            from pyspark.sql import SparkSession

            session = SparkSession.getActiveSession()
            if session is not None and session.sparkContext.master == cluster.master:
                session.stop()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, list, dict[str, pd.DataFrame]]:
    """The sample's tabs as Parquet files, read as sources."""
    root = tmp_path_factory.mktemp("cluster-sample")
    data = sf.tables(orders=400, seed=5)
    for name, frame in data.items():
        sf.write_parquet(frame, root / f"{name.lower()}.parquet")
    sources = [parse_source_arg(f"{n}={n.lower()}.parquet") for n in data]
    return root, sources, data


def test_the_cluster_gives_the_records_of_the_pasted_rows_as_pandas_does(on_cluster, sample):
    read, cluster = on_cluster
    root, sources, data = sample
    report = read(sources, root)
    assert report.tabs["Orders"].rows_read == len(data["Orders"])
    assert cluster.busy_workers() == 2  # the application has an executor on each worker
    got = sf.records(report)
    pandas = sf.records(report_with_sources({}, base=root, sources=sources, engine="pandas"))
    assert sf.differences(got, pandas) == []
    assert sf.differences(got, sf.expected(data)) == []


def _line_items(orders: pd.DataFrame, cost: bool) -> pd.DataFrame:
    """Orders as a shop exports them with one row per item: the order's number on each of
    its lines, the amount (and cost of goods) on the first line only."""
    rows = []
    for i, order in enumerate(orders.itertuples(index=False)):
        for line in range(1 + i % 3):
            first = line == 0
            rows.append(
                {
                    "Name": f"#{1000 + i}",
                    "Created at": order.date.strftime("%Y-%m-%d %H:%M:%S"),
                    "Email": order.customer_id,
                    "Source": order.channel,
                    "Total": f"{order.revenue:.2f}" if first else "",
                    "Lineitem name": f"item {line}",
                    **({"Cost": f"{order.cost:.2f}" if first else ""} if cost else {}),
                }
            )
    return pd.DataFrame(rows)


def test_line_items_without_a_cost_on_the_cluster_are_one_order_each_as_on_pandas(
    on_cluster, tmp_path, sample
):
    read, _ = on_cluster
    orders = _line_items(sample[2]["Orders"].head(150), cost=False)
    orders.to_csv(tmp_path / "orders.csv", index=False)
    sources = [parse_source_arg("orders=orders.csv")]
    report = read(sources, tmp_path)
    tab = report.tabs["Orders"]
    assert (tab.rows_read, tab.rows_excluded) == (150, len(orders) - 150)
    got = sf.records(report)
    pandas = sf.records(report_with_sources({}, base=tmp_path, sources=sources, engine="pandas"))
    assert sf.differences(got, pandas) == []
    pasted = read_tabs({"Orders": orders.astype(object).where(orders != "", None)})
    assert sf.differences(got, sf.records(build_report(pasted))) == []
    assert got[("REVENUE", "total", None)] == pytest.approx(
        sample[2]["Orders"].head(150)["revenue"].sum()
    )
