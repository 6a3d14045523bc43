"""Shared test helpers: a real spreadsheet program (LibreOffice) to open what we write, and
the package's wheel as pip builds it."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
