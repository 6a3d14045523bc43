"""What the Pyodide test does inside Pyodide, after micropip installed the Lite template's
own ``requirements.txt`` (``run.mjs``): it observes and writes ``result.json``; the test
on the host (``tests/test_lite_pyodide.py``) judges what it saw against CPython.

In order, each step recorded with its value or its traceback:

* ``stdlib``: the standard-library modules this Pyodide cannot import as it starts (the
  ones it ships as separate packages, and the ones it leaves out);
* ``import``: the template's own ``main.py`` imported as xlwings Lite imports it, and the
  modules that brought in;
* ``meta``: the custom functions and scripts xlwings' Lite registration finds in it;
* ``calls``: KPI calls through xlwings' Lite call path (``custom_functions_call``);
* ``refresh``: the Refresh script through xlwings' script call path
  (``custom_scripts_call``) on the test stand-in book, cut to this xlwings' API;
* ``headless``: ``xl-kpi new --sample`` and ``xl-kpi refresh`` on Pyodide's file system,
  and a SQLite source, whose module this Pyodide has not loaded.

The helpers without Pyodide in them (:func:`fill_book`, :func:`plain`, :func:`sheet_rows`)
are shared with the host, so both sides build and read the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import importlib.util
import io
import json
import math
import os
import re
import sys
import traceback

LITE = "/home/pyodide/lite"

#: A refresh's own time in the summary's subtitle: the one thing two refreshes differ in.
_WHEN = re.compile(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}")


def plain(value):
    """A cell value as JSON can carry it, the same on both sides."""
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, bool | int | type(None)):
        return value
    if isinstance(value, str):
        return _WHEN.sub("<refreshed>", value)
    if isinstance(value, dt.datetime | dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return {"object": type(value).__name__, "repr": repr(value)}


def _cell(value):
    """A sample value as pasted into a sheet (text kept as text), as the refresh tests do."""
    import pandas as pd

    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return "'" + value
    return float(value) if not isinstance(value, bool) else value


def fill_book(fake, tables, app):
    """A stand-in book with one sheet per table, and a sheet of the user's own."""
    book = fake.FakeBook([*tables, "My notes"], app=app)
    for name, frame in tables.items():
        rows = [list(frame.columns)] + [
            [_cell(v) for v in row] for row in frame.itertuples(index=False)
        ]
        book.sheets[name].range("A1").value = rows
    book.sheets["My notes"].range("A1").value = [["keep me", "=SUM(1,2)"]]
    return book


def sheet_rows(book, name):
    return plain(book.sheets[name].used_range.options(ndim=2).value)


def _step(result, name, fn):
    try:
        result[name] = {"ok": True, "value": fn()}
    except BaseException as exc:  # noqa: BLE001  (everything is reported, nothing raised)
        result[name] = {"ok": False, "error": "".join(traceback.format_exception(exc))[-3000:]}
        return False
    return True


async def _astep(result, name, coro):
    try:
        result[name] = {"ok": True, "value": await coro}
    except BaseException as exc:  # noqa: BLE001
        result[name] = {"ok": False, "error": "".join(traceback.format_exception(exc))[-3000:]}


def _missing_stdlib():
    missing = []
    for name in sorted(sys.stdlib_module_names):
        try:
            if importlib.util.find_spec(name) is None:
                missing.append(name)
        except (ImportError, ValueError):
            missing.append(name)
    return missing


def _import_main(state):
    before = set(sys.modules)
    sys.path.insert(0, LITE)
    state["main"] = importlib.import_module("main")  # the template's own main.py
    new = {name.partition(".")[0] for name in set(sys.modules) - before}
    return {"modules": sorted(new), "has_refresh": hasattr(state["main"], "refresh_kpis")}


def _meta(state):
    from xlwings.pro.udfs_officejs import custom_functions_meta, custom_scripts_meta

    functions = custom_functions_meta(state["main"])["functions"]
    return {
        "functions": sorted(f["id"] for f in functions),
        "scripts": custom_scripts_meta(state["main"]),
    }


async def _calls(state, calls):
    import xlwings
    from xlwings.pro.udfs_officejs import custom_functions_call

    out = []
    for func, args in calls:
        # What the add-in sends for a formula: every argument a 2-D array of cell values.
        data = {
            "func_name": func,
            "args": args,
            "version": xlwings.__version__,
            "client": "Office.js",
            "runtime": "1.4",  # Custom Functions' requirement set with error types
            "culture_info_name": "en-US",
            "date_format": "M/d/yyyy",
        }
        out.append(await custom_functions_call(data, state["main"]))
    return out


def _cut_to_this_xlwings(fake):
    """Make the stand-in offer only what this Pyodide's xlwings classes offer (xlwings
    0.33.x has no chart titles, borders...): the names it lacks raise AttributeError."""

    class Absent:
        def __set_name__(self, owner, name):
            self.name = name

        def __get__(self, obj, owner=None):
            raise AttributeError(self.name)

        def __set__(self, obj, value):
            raise AttributeError(self.name)

    cut = []
    for cls in list(vars(fake).values()):
        if not (isinstance(cls, type) and issubclass(cls, fake._Mirror) and cls._mirrors):
            continue
        module, _, name = cls._mirrors.rpartition(".")
        real = getattr(importlib.import_module(module), name, None)
        public = [n for n in dir(cls) if not n.startswith(("_", "fake_"))]
        absent = [n for n in public if real is None or not hasattr(real, n)]
        if absent:
            cut += [f"{cls.__name__}.{n}" for n in absent]
            setattr(fake, cls.__name__, type(cls.__name__, (cls,), {n: Absent() for n in absent}))
    return sorted(cut)


async def _refresh(state, inputs):
    import fake_constants
    import xlwings
    import xlwings.main
    from xlwings.pro.udfs_officejs import custom_scripts_call

    from xl_kpi.sample import sample_tables
    from xl_kpi.summary import SHEET_NAMES

    # The stand-in imports constants that this xlwings lacks: added for the stand-in only.
    added = [n for n in fake_constants.NAMES if not hasattr(xlwings.main, n)]
    for name in added:
        setattr(xlwings.main, name, getattr(fake_constants, name))
    import fake_xlwings

    cut = _cut_to_this_xlwings(fake_xlwings)
    tables = sample_tables(**inputs["sample"])
    app = fake_xlwings.FakeApp(engine="remote", unimplemented=inputs["unimplemented"])
    book = fill_book(fake_xlwings, tables, app)
    await custom_scripts_call(state["main"], "refresh_kpis", typehint_to_value={xlwings.Book: book})
    summary = SHEET_NAMES["en"]
    return {
        "constants_added": added,
        "cut": cut,
        "tables": {name: plain(frame.to_numpy().tolist()) for name, frame in tables.items()},
        "summary": sheet_rows(book, summary),
        "notes": sheet_rows(book, "My notes"),
        "alerts": plain(app.fake_alerts),
        "charts": len(book.sheets[summary]._charts),
    }


def _cli(*args, debug=False):
    """``xl-kpi ARGS`` in this interpreter; with ``debug`` an unexpected error is raised with
    its traceback (``XL_KPI_DEBUG``) instead of said in one line."""
    from xl_kpi import cli

    out, err = io.StringIO(), io.StringIO()
    before = os.environ.pop("XL_KPI_DEBUG", None)
    if debug:
        os.environ["XL_KPI_DEBUG"] = "1"
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(args))
    finally:
        os.environ.pop("XL_KPI_DEBUG", None)
        if before is not None:
            os.environ["XL_KPI_DEBUG"] = before
    return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


def headless(folder, orders, run=_cli):
    """``xl-kpi new --sample``, ``xl-kpi refresh`` and a SQLite source, in ``folder``; the
    refreshed summary's values as openpyxl reads them (shared with the host)."""
    import openpyxl

    book = os.path.join(folder, "sample.xlsx")
    made = run("new", "--sample", "--orders", str(orders), book, debug=True)
    refreshed = run("refresh", book, debug=True)
    sqlite = run("refresh", book, "--engine", "pandas", "--source", "orders=sqlite:///shop.db")
    from xl_kpi.summary import SHEET_NAMES

    workbook = openpyxl.load_workbook(book, read_only=True)
    rows = [list(r) for r in workbook[SHEET_NAMES["en"]].iter_rows(values_only=True)]
    workbook.close()
    return {"new": made, "refresh": refreshed, "sqlite": sqlite, "summary": plain(rows)}


def _environment():
    import threading

    import numpy as np

    try:
        threading.Thread(target=lambda: None).start()
        threads = True
    except RuntimeError:
        threads = False
    from xl_kpi.files import guard

    return {
        "python": sys.version.split()[0],
        "platform": sys.platform,
        "pyodide": importlib.import_module("pyodide").__version__,
        "intp_bits": np.dtype(np.intp).itemsize * 8,
        "threads": threads,
        "guard_threads": guard._can_start_threads(),
        "sqlite3_loaded": "sqlite3" in sys.modules,
    }


async def main():
    with open(f"{LITE}/inputs.json") as f:
        inputs = json.load(f)
    result, state = {}, {}
    _step(result, "stdlib", _missing_stdlib)
    # xlwings 0.33's Lite decorators register functions only with a licence key set, as
    # xlwings Lite's runtime sets one: this test uses xlwings' free noncommercial key
    # ("noncommercial", under the PolyForm Noncommercial licence of xlwings.pro), set here
    # only. The product itself never imports xlwings.pro.
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
    if _step(result, "import", lambda: _import_main(state)):
        _step(result, "meta", lambda: _meta(state))
        await _astep(result, "calls", _calls(state, inputs["calls"]))
        await _astep(result, "refresh", _refresh(state, inputs))
    os.makedirs("/tmp/headless", exist_ok=True)
    os.chdir("/tmp/headless")
    _step(result, "headless", lambda: headless("/tmp/headless", inputs["sample"]["orders"]))
    _step(result, "env", _environment)
    with open(f"{LITE}/result.json", "w") as f:
        json.dump(result, f)
