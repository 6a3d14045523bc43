"""The core imports no Excel or file-format library; only the adapters do."""

from __future__ import annotations

import subprocess
import sys

CORE = (
    "catalogue", "kpis", "inputs", "formats", "schema", "i18n", "excelfacts", "tabs", "paste",
    "rows", "columns", "notes", "money", "channels", "report", "layout", "summary", "sample",
)  # fmt: skip
EXCEL_LIBRARIES = ("xlwings", "openpyxl", "xlsxwriter", "fastexcel", "pyarrow", "defusedxml")


def test_the_core_imports_without_any_excel_library():
    blocked = "; ".join(f"sys.modules[{name!r}] = None" for name in EXCEL_LIBRARIES)
    imports = "; ".join(f"import xl_kpi.{module}" for module in CORE)
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; {blocked}; {imports}"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_blocking_really_blocks():
    """The check above would pass vacuously if blocking a module did not stop its import."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['xlwings'] = None; import xl_kpi.udfs"],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "xlwings" in done.stderr
