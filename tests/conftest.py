"""Shared test helpers: a real spreadsheet program (LibreOffice) to open what we write."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
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
