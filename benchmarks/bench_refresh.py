"""Headless refresh at 10k, 100k and 1,048,575 order rows, as ratios measured in one run.

Run: ``python benchmarks/bench_refresh.py [--rows 10000 100000 1048575] [--openpyxl-up-to N]``.

For each size it writes a sample workbook (every raw tab; Orders and Leads hold the rows),
then measures, each in a fresh Python process (medians of ``--repeat`` runs):

- ``fastexcel``: the bare read of the same raw tabs with fastexcel into pandas, the floor
  any refresh pays;
- ``refresh``: ``xl-kpi refresh`` as a library call (guard, read, check, report, layout,
  render, splice, atomic save) and its peak resident memory;
- ``openpyxl``: ``load_workbook`` + ``save`` of the same file, what a naive refresh pays.

Targets (from the Refresh issue): at 1,048,575 rows the refresh takes at most 1.5x the
fastexcel read and peaks under 1.5 GB.
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

HARNESS = r"""
import json, logging, resource, sys, time
logging.getLogger("fastexcel").setLevel(logging.ERROR)  # blank columns are not news
kind, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if kind == "fastexcel":
    import fastexcel
    from xl_kpi.tabs import is_raw_tab
    reader = fastexcel.read_excel(path)
    for name in reader.sheet_names:
        if is_raw_tab(name):
            reader.load_sheet(name).to_pandas()
elif kind == "refresh":
    from xl_kpi.headless import refresh_workbook
    refresh_workbook(path)
elif kind == "openpyxl":
    import openpyxl
    openpyxl.load_workbook(path).save(path)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak}))
"""


def measure(kind: str, path: Path, repeat: int) -> dict[str, float]:
    """Median seconds and peak memory of ``kind`` on a fresh copy of ``path``, new processes."""
    runs = []
    for _ in range(repeat):
        copy = path.with_name(f"{kind}-{path.name}")
        shutil.copyfile(path, copy)
        out = subprocess.run(
            [sys.executable, "-c", HARNESS, kind, str(copy)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
        copy.unlink()
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_048_575])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--openpyxl-up-to",
        type=int,
        default=1_048_575,
        help="skip the openpyxl baseline above this many rows (it needs minutes and GBs)",
    )
    args = parser.parse_args()

    header = (
        f"{'rows':>10}{'fastexcel s':>13}{'refresh s':>11}{'x fastexcel':>13}"
        f"{'openpyxl s':>12}{'x openpyxl':>12}{'peak MB':>9}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            book = Path(tmp) / f"orders-{rows}.xlsx"
            # Made in a child process: Linux keeps a process's peak memory across fork and
            # exec, so a parent that built a million rows would inflate every measurement.
            subprocess.run(
                [sys.executable, "-m", "xl_kpi.cli", "new", str(book), "--sample",
                 "--orders", str(rows)],
                check=True, capture_output=True,
            )  # fmt: skip
            bare = measure("fastexcel", book, args.repeat)
            refresh = measure("refresh", book, args.repeat)
            naive = (
                measure("openpyxl", book, 1)
                if rows <= args.openpyxl_up_to
                else {"seconds": float("nan")}
            )
            print(
                f"{rows:>10,}{bare['seconds']:>13.2f}{refresh['seconds']:>11.2f}"
                f"{refresh['seconds'] / bare['seconds']:>13.2f}{naive['seconds']:>12.2f}"
                f"{refresh['seconds'] / naive['seconds']:>12.3f}{refresh['peak_mb']:>9.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
