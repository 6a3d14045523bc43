"""Headless refresh at 200,000 and 1,048,575 order rows, as ratios measured in one run.

Run: ``python benchmarks/bench_refresh.py [--rows 200000 1048575] [--openpyxl-up-to N]``.

For each size it writes a sample workbook (every raw tab; Orders and Leads hold the rows),
then measures, each in a fresh Python process, the fastexcel read and the refresh in turn
(A B A B ..., ``--repeat`` pairs, so that a ratio holds when a shared machine's speed
drifts) and prints medians: of the seconds and of the ratio pair by pair:

- ``fastexcel``: the bare read of the same raw tabs with fastexcel into pandas, the floor
  any refresh pays;
- ``refresh``: ``xl-kpi refresh`` as a library call (guard, read, check, report, layout,
  render, splice, atomic save) and its peak resident memory;
- ``openpyxl``: ``load_workbook`` + ``save`` of the same file, what a naive refresh pays.

Targets: at 1,048,575 rows the refresh takes at most 1.0x the fastexcel read and peaks
under 1 GB; at 200,000 rows at most 1.3x. Each row says its target and whether it is met.
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


#: The refresh's largest ratio to the fastexcel read, by rows (up to), and its peak memory.
TARGET_RATIO = {200_000: 1.3, 1_048_575: 1.0}
TARGET_PEAK_MB = 1024


def run(kind: str, path: Path) -> dict[str, float]:
    """Seconds and peak memory of ``kind`` on a fresh copy of ``path``, in a new process."""
    copy = path.with_name(f"{kind}-{path.name}")
    shutil.copyfile(path, copy)
    try:
        out = subprocess.run(
            [sys.executable, "-c", HARNESS, kind, str(copy)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        copy.unlink()
    return json.loads(out.strip().splitlines()[-1])


def measure(kind: str, path: Path, repeat: int) -> dict[str, float]:
    """Median seconds and largest peak memory of ``repeat`` runs of ``kind``."""
    runs = [run(kind, path) for _ in range(repeat)]
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
    }


def paired(path: Path, repeat: int) -> tuple[dict[str, float], dict[str, float], float]:
    """The fastexcel read and the refresh in turn, ``repeat`` pairs: the medians of each
    and the median of the ratios pair by pair."""
    bare, refresh = [], []
    for _ in range(repeat):
        bare.append(run("fastexcel", path))
        refresh.append(run("refresh", path))
    ratio = statistics.median(r["seconds"] / b["seconds"] for b, r in zip(bare, refresh))

    def summary(runs: list[dict[str, float]]) -> dict[str, float]:
        return {
            "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs),
        }

    return summary(bare), summary(refresh), ratio


def target(rows: int) -> float:
    """The largest ratio to the fastexcel read the refresh of ``rows`` may take."""
    return next((t for up_to, t in sorted(TARGET_RATIO.items()) if rows <= up_to), 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[200_000, 1_048_575])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--openpyxl-up-to",
        type=int,
        default=1_048_575,
        help="skip the openpyxl baseline above this many rows (it needs minutes and GBs)",
    )
    args = parser.parse_args()

    header = (
        f"{'rows':>10}{'fastexcel s':>13}{'refresh s':>11}{'x fastexcel':>13}{'target':>8}"
        f"{'openpyxl s':>12}{'x openpyxl':>12}{'peak MB':>9}{'target':>10}"
    )
    print("medians; x fastexcel is the median of the ratios pair by pair")
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
            bare, refresh, ratio = paired(book, args.repeat)
            naive = (
                measure("openpyxl", book, 1)
                if rows <= args.openpyxl_up_to
                else {"seconds": float("nan")}
            )
            limit = target(rows)
            print(
                f"{rows:>10,}{bare['seconds']:>13.2f}{refresh['seconds']:>11.2f}"
                f"{ratio:>13.2f}{_met(ratio <= limit, f'{limit:.1f}x'):>9}"
                f"{naive['seconds']:>12.2f}{refresh['seconds'] / naive['seconds']:>12.3f}"
                f"{refresh['peak_mb']:>9.0f}"
                f"{_met(refresh['peak_mb'] < TARGET_PEAK_MB, f'<{TARGET_PEAK_MB}'):>10}",
                flush=True,
            )


def _met(ok: bool, limit: str) -> str:
    return limit + (" ok" if ok else " !")


if __name__ == "__main__":
    main()
