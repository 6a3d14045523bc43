"""The core imports no Excel or file-format library; only the adapters do."""

from __future__ import annotations

import subprocess
import sys

CORE = ("catalogue", "kpis", "inputs", "formats", "tabs", "report", "layout", "summary", "sample")
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


ENGINE_LIBRARIES = ("duckdb", "pyspark", "py4j", "adbc_driver_postgresql", "adbc_driver_manager")


def test_excel_the_core_and_the_command_line_start_no_engine():
    """DuckDB, Spark and the PostgreSQL driver are imported only when a refresh uses them:
    xlwings Lite and a workbook without sources never need them."""
    blocked = "; ".join(f"sys.modules[{name!r}] = None" for name in ENGINE_LIBRARIES)
    modules = [f"xl_kpi.{m}" for m in CORE] + ["xl_kpi.udfs", "xl_kpi.cli", "xl_kpi.sources"]
    imports = "; ".join(f"import {module}" for module in modules)
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; {blocked}; {imports}"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_a_workbook_without_sources_refreshes_without_an_engine(tmp_path):
    book = tmp_path / "book.xlsx"
    blocked = "; ".join(f"sys.modules[{name!r}] = None" for name in ENGINE_LIBRARIES)
    code = (
        f"import sys; {blocked}; from xl_kpi.cli import main; "
        f"sys.exit(main(['new', {str(book)!r}, '--sample', '--orders', '300']) "
        f"or main(['refresh', {str(book)!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
