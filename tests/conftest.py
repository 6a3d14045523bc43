"""Shared test helpers: a real spreadsheet program (LibreOffice) to open what we write, the
package's wheel as pip builds it, each engine a test runs on (``engine``), a
throw-away PostgreSQL server, and classic xlwings' UDF machinery (``classic``)."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from . import classic_udfs
from .source_files import LOCAL_ENGINES

#: LibreOffice's CSV export options: comma, double quote, UTF-8, from line 1, raw values
#: (not as shown), and -1: one file per sheet, named BOOK-SHEET.csv.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


class LibreOffice:
    """LibreOffice headless with a private profile, opening workbooks as a user's would."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile.as_uri()

    def _convert(self, book: Path, to: str, out: Path) -> None:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={self.profile}", "--headless",
             "--convert-to", to, "--outdir", str(out), str(book)],
            check=True, capture_output=True, timeout=240,
        )  # fmt: skip

    def sheets(self, book: Path) -> dict[str, list[list[str]]]:
        """Every sheet of ``book`` as the rows LibreOffice reads, by sheet name."""
        out = book.parent / f"{book.stem}-csv"
        self._convert(book, CSV_FILTER, out)
        prefix = len(book.stem) + 1
        return {
            path.stem[prefix:]: list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
            for path in out.glob(f"{book.stem}-*.csv")
        }

    def resave(self, book: Path) -> Path:
        """``book`` opened and saved again as .xlsx by LibreOffice."""
        out = book.parent / f"{book.stem}-resaved"
        self._convert(book, "xlsx", out)
        return out / f"{book.stem}.xlsx"


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    """LibreOffice for the tests; skipped where it is not installed, except on CI (``CI``
    set), where a missing program must fail the run rather than hide the check."""
    if shutil.which("soffice") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing on CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return LibreOffice(tmp_path_factory.mktemp("lo-profile"))


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from a clean copy of the sources (no stale build folders)."""
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "xl_kpi", source / "xl_kpi",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(folder)],
        cwd=source, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = folder.glob("*.whl")
    return wheel


#: Fixtures that start a real engine (LibreOffice, a wheel build, a throw-away environment,
#: a download, the commands in child processes over the hostile corpus, in English and in
#: Russian): a test using one is marked ``slow``. The README's ``pytest`` runs the rest;
#: ``pytest -m slow`` runs these, and CI runs both.
SLOW_FIXTURES = frozenset({"libreoffice", "built_wheel", "lite_env", "results", "russian_results"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def own_trust_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test grants workbooks in a trust file of its own, never the user's."""
    path = tmp_path_factory.mktemp("trust") / "trust.json"
    monkeypatch.setenv("XLKPI_TRUST_FILE", str(path))
    return path


def _engine_given(metafunc: pytest.Metafunc) -> bool:
    """Whether the test parametrizes an argument named ``engine`` itself (xlwings' engines)."""
    for marker in metafunc.definition.iter_markers("parametrize"):
        names = marker.args[0]
        names = names.split(",") if isinstance(names, str) else names
        if "engine" in [n.strip() for n in names]:
            return True
    return False


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test taking ``engine`` runs once on each engine a refresh computes on, by name (as
    narwhals' tests run on each backend): the engines in this process unless the test is
    marked ``engines(...)``; on Spark it is slow."""
    if "engine" not in metafunc.fixturenames or _engine_given(metafunc):
        return
    marker = metafunc.definition.get_closest_marker("engines")
    names = marker.args if marker is not None else LOCAL_ENGINES
    slow = [pytest.mark.slow]
    params = [pytest.param(n, id=n, marks=slow if n == "spark" else ()) for n in names]
    metafunc.parametrize("engine", params)


def missing(what: str) -> None:
    """Skip a test whose program is not installed here; on CI, fail it (``.ci/run``
    installs every program the tests need)."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing on CI: .ci/run installs it")
    pytest.skip(f"{what} is not installed")


PGBIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


@pytest.fixture(scope="module")
def postgres():
    """A throw-away PostgreSQL server on a free port; yields its URL (no password)."""
    if PGBIN is None or not (PGBIN / "initdb").exists():
        missing("PostgreSQL (apt-get install postgresql)")
    tmp = Path(tempfile.mkdtemp(prefix="xl-kpi-pg-"))
    as_postgres = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as Debian's postgres user
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(tmp, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tmp / "data"
    run = dict(check=True, capture_output=True)
    initdb = [str(PGBIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]  # fmt: skip
    subprocess.run([*as_postgres, *initdb], **run)
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")  # fmt: skip
    subprocess.run([*as_postgres, str(PGBIN / "pg_ctl"), "-D", str(data), "-l", str(tmp / "log"),
                    "-w", "-t", "30", "-o", options, "start"], **run)  # fmt: skip
    try:
        subprocess.run([str(PGBIN / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                        "-U", "postgres", "kpi"], **run)  # fmt: skip
        yield f"postgres@127.0.0.1:{port}/kpi"
    finally:
        subprocess.run([*as_postgres, str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "-w", "stop"], capture_output=True)  # fmt: skip
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def classic():
    """xlwings' Windows UDF machinery, loaded on this machine; xl_kpi.udfs rebuilt with it."""
    with classic_udfs.loaded() as machinery:
        yield machinery
