"""What finding the header and leaving totals out costs, at a full sheet of orders.

Run: ``python benchmarks/bench_paste.py [--rows 1048570] [--repeat 3]``.

Three workbooks hold the same generated year (every raw tab) and differ only in how the
Orders tab is laid out:

- ``plain``: the header in row 1, the data below it;
- ``titled``: a title row and a period row above the header (in row 3);
- ``pasted``: the same, and three totals rows below the data (``Total``,
  ``Total: Account`` and ``Итого`` in column A, among the dates).

Each is refreshed headless (``refresh_workbook``: guard, read, check, report, layout,
render, splice, save), each run in a fresh process, medians of ``--repeat`` runs.  Per
layout: the refresh's seconds, its ratio to ``plain``, and ``detect``: the seconds spent
inside the detection itself (the streamed top rows, the header search, the period, the
totals by wording and by sum) and their share of that refresh.

Target (the Paste issue): detection under 5% of the refresh.  A text among dates makes the
file reader read that sheet again (its mixed-column passes, see ``files/read.py``): that
is the difference between ``titled`` and ``pasted``, not the detection.  The default row
count is the largest that fits a sheet with two rows above the header and three below.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

WRITE = r"""
import sys, datetime as dt
import numpy as np, pandas as pd
from xl_kpi.files.new import write_workbook
from xl_kpi.sample import sample_tables

layout, rows, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tables = sample_tables(orders=rows)
orders = tables.pop("Orders")


def fill(sheet, book):
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    top = 0
    if layout != "plain":
        sheet.write_string(0, 0, "Orders export")
        sheet.write_string(1, 0, "January 1, 2025 - December 31, 2025")
        top = 2
    sheet.write_row(top, 0, list(orders.columns))
    columns = []
    for name in orders.columns:
        values = orders[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            columns.append(("d", values.dt.to_pydatetime().tolist()))
        elif pd.api.types.is_numeric_dtype(values):
            columns.append(("n", values.astype(float).tolist()))
        else:
            columns.append(("s", values.astype(object).tolist()))
    for i in range(len(orders)):
        row = top + 1 + i
        for j, (kind, values) in enumerate(columns):
            value = values[i]
            if value is None or (kind != "s" and value != value):
                continue
            if kind == "d":
                sheet.write_datetime(row, j, value, dates)
            elif kind == "n":
                sheet.write_number(row, j, value)
            else:
                sheet.write_string(row, j, str(value))
    if layout == "pasted":
        revenue = list(orders.columns).index("revenue")
        total = float(orders["revenue"].sum())
        for k, word in enumerate(["Total", "Total: Account", "Итого"]):
            sheet.write_string(top + 1 + len(orders) + k, 0, word)
            sheet.write_number(top + 1 + len(orders) + k, revenue, total)


write_workbook(path, tables, before={"Orders": fill}, overwrite=True)
"""

HARNESS = r"""
import json, logging, sys, time
logging.getLogger("fastexcel").setLevel(logging.ERROR)
from xl_kpi import paste
from xl_kpi.files import _top, refresh
spent = [0.0]


def timed(module, name):
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    setattr(module, name, wrapper)


for name in ("locate", "period_above", "total_rows", "sum_row"):
    timed(paste, name)
timed(_top, "top_rows")
timed(refresh, "sheet_layout")
from xl_kpi.headless import refresh_workbook

start = time.perf_counter()
refresh_workbook(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - start, "detect": spent[0]}))
"""


def measure(path: Path, repeat: int) -> dict[str, float]:
    """Median seconds of a headless refresh of a fresh copy of ``path`` (new processes)."""
    runs = []
    for _ in range(repeat):
        copy = path.with_name(f"run-{path.name}")
        shutil.copyfile(path, copy)
        out = subprocess.run(
            [sys.executable, "-c", HARNESS, str(copy)], check=True, capture_output=True, text=True
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
        copy.unlink()
    return {key: statistics.median(r[key] for r in runs) for key in ("seconds", "detect")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_048_570)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{args.rows:,} order rows")
    print(f"{'layout':>8}{'refresh s':>11}{'x plain':>9}{'detect s':>10}{'detect share':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        plain = None
        for layout in ("plain", "titled", "pasted"):
            book = Path(tmp) / f"{layout}.xlsx"
            subprocess.run(
                [sys.executable, "-c", WRITE, layout, str(args.rows), str(book)], check=True
            )
            run = measure(book, args.repeat)
            book.unlink()
            plain = plain or run["seconds"]
            print(
                f"{layout:>8}{run['seconds']:>11.2f}{run['seconds'] / plain:>9.3f}"
                f"{run['detect']:>10.3f}{run['detect'] / run['seconds']:>14.1%}",
                flush=True,
            )


if __name__ == "__main__":
    main()
