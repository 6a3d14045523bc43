"""The Refresh on xlwings' own remote engine, the one xlwings Lite runs, outside Excel.

xlwings Lite runs Python in the browser: the add-in sends the workbook's values to
Python as JSON, xlwings' remote engine (``xlwings/pro/_xlremote.py``) answers each call
of the script by recording an Office.js action (``setValues``, ``addChart``, ...), and
the add-in replays them in Excel. ``xlwings.Book(json=...)`` is that engine on any
machine: what it records is what Excel would be asked to do.

That engine is xlwings PRO code, licensed under the PolyForm Noncommercial License 1.0.0
(or a commercial licence). The tests and the benchmark use it under the free
noncommercial licence key (``XLWINGS_LICENSE_KEY=noncommercial``), in a child process,
with an xlwings installed for the purpose; xl-kpi itself never imports it.

Run as ``python tests/lite_engine.py TABLES [--button]`` with the wanted xlwings and the
code of xl-kpi first on ``PYTHONPATH`` (:func:`run` does that): ``TABLES`` is ``sample``
(the sample year) or ``wide`` (the sample year over 20 paid channels); ``--button`` runs
the Refresh script through xlwings' own script dispatcher instead of ``refresh_book``. It
prints one JSON object: xlwings' version, the error if one escaped, the recorded
actions, what the refresh noted as missing, what it printed, and the layout's blocks and
charts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WHEN = dt.datetime(2026, 1, 31, 9, 0)


def install_xlwings(requirement: str, folder: Path) -> Path | str:
    """Install ``requirement`` (``xlwings==0.33.15``) without dependencies into
    ``folder``; the folder to put on ``PYTHONPATH``, or why the index cannot be reached."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "--no-deps", "--only-binary=:all:", "--target", str(folder), requirement],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode != 0:
        if re.search(r"connection|resolution|network|unreachable|timed? ?out", done.stderr, re.I):
            return done.stderr.strip()[-300:]
        raise RuntimeError(done.stderr[-2000:])
    return folder


def run(xlwings: Path, tables: str, *, button: bool = False, base: Path | None = None) -> dict:
    """The refresh in a child process on the xlwings of folder ``xlwings`` (the code of
    folder ``base``, this checkout by default): its report (see the module)."""
    code = base if base is not None else ROOT
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(xlwings), str(code), str(ROOT)]),
        "XLWINGS_LICENSE_KEY": "noncommercial",  # PRO code under its noncommercial licence
        "XLWINGS_ON_SERVER": "true",  # the script decorators of Lite and Server
    }
    args = [sys.executable, __file__, tables, *(["--button"] if button else [])]
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=code, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-4000:])
    return json.loads(done.stdout.splitlines()[-1])


# --- the child -----------------------------------------------------------------------------


def _office_js(value: Any) -> Any:
    """A cell value as the add-in sends it: dates as ISO text with ``Z``, blanks as ""."""
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def book_json(tables: dict, version: str) -> dict:
    """The JSON the add-in sends for a workbook of these raw tabs (values from A1)."""
    sheets = []
    for name, frame in tables.items():
        rows = [list(frame.columns)] + [
            [_office_js(v) for v in row] for row in frame.itertuples(index=False)
        ]
        sheets.append(
            {
                "name": name,
                "values": rows,
                "pictures": [],
                "shapes": [],
                "charts": [],
                "notes": [],
                "tables": [],
                "print_area": None,
                "visibility": "Visible",
                "show_gridlines": True,
                "pivot_tables": [],
            }
        )
    return {
        "client": "Office.js",
        "version": version,
        "book": {"name": "kpi.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "sheets": sheets,
        "names": [],
    }


def wide_tables(channels_per: int = 4) -> dict:
    """The sample year with each paid channel split in ``channels_per`` (20 paid channels
    and Organic), and its overall targets."""
    from xl_kpi.sample import sample_tables

    tables = {}
    for name, frame in sample_tables().items():
        frame = frame.copy()
        if name == "Targets":  # the overall targets: a channel's would name an old channel
            frame = frame[frame["channel"].isna()]
        elif "channel" in frame.columns:
            frame["channel"] = [
                c if c in (None, "Organic") else f"{c} {i % channels_per + 1}"
                for i, c in enumerate(frame["channel"])
            ]
        tables[name] = frame
    return tables


def _main(argv: list[str]) -> None:
    import xlwings as xw

    from xl_kpi import excel
    from xl_kpi.sample import sample_tables
    from xl_kpi.summary import build_summary
    from xl_kpi.tabs import is_raw_tab

    tables = wide_tables() if argv[0] == "wide" else sample_tables()
    book = xw.Book(json=book_json(tables, xw.__version__))
    printed = io.StringIO()
    layouts = []
    lacks = excel.Shortfalls() if hasattr(excel, "Shortfalls") else None
    error = None
    with contextlib.redirect_stdout(printed):
        try:
            if "--button" in argv:  # as the add-in runs a script: xlwings' own dispatcher
                import asyncio

                from xlwings.pro.udfs_officejs import custom_scripts_call

                import xl_kpi.udfs as udfs

                asyncio.run(
                    custom_scripts_call(udfs, "refresh_kpis", typehint_to_value={xw.Book: book})
                )
            else:

                def build(raw: dict) -> Any:
                    layouts.append(build_summary(raw, refreshed=WHEN)[1])
                    return layouts[-1]

                extra = () if lacks is None else (lacks,)
                excel.refresh_book(book, build, is_raw_tab, *extra)
        except Exception as exc:  # noqa: BLE001  (reported to the test)
            error = f"{type(exc).__name__}: {exc}"
    layout = layouts[0] if layouts else None
    report = {
        "version": xw.__version__,
        "error": error,
        "actions": book.json()["actions"],
        "lacks": {} if lacks is None else lacks.found,
        "printed": printed.getvalue(),
        "blocks": None
        if layout is None
        else [
            [block.row, block.col, [list(row) for row in block.values]] for block in layout.blocks
        ],
        "charts": None if layout is None else len(layout.charts),
        "anchors": None if layout is None else [list(c.anchor) for c in layout.charts],
        "sheet": None if layout is None else layout.name,
    }
    print(json.dumps(report, default=str))


if __name__ == "__main__":
    _main(sys.argv[1:])
