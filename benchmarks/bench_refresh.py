"""Headless refresh at 200,000 and 1,048,575 order rows, as ratios measured in one run.

Run: ``python benchmarks/bench_refresh.py [--rows 200000 1048575] [--openpyxl-up-to N]
[--folder DIR] [--baseline DIR]``.

For each size it writes a sample workbook (every raw tab; Orders and Leads hold the rows),
then measures, each in a fresh Python process, the fastexcel read and the refresh in turn
(A B A B ..., ``--repeat`` pairs, so that a ratio holds when a shared machine's speed
drifts) and prints medians: of the seconds and of the ratio pair by pair:

- ``fastexcel``: the bare read of the same raw tabs with fastexcel into pandas, the floor
  any refresh pays;
- ``refresh``: ``xl-kpi refresh`` as a library call (guard, read, check, report, layout,
  render, splice, atomic save) and its peak resident memory;
- ``openpyxl``: ``load_workbook`` + ``save`` of the same file, what a naive refresh pays;
- with ``--baseline DIR``, the refresh of another version of the product (its ``xl_kpi``
  in ``DIR``) in the same turns (A B C A B C ...), on a row of its own, so that a before
  and after come from one run.

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

from versions import environment

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


def run(kind: str, path: Path, where: Path | None = None) -> dict[str, float]:
    """Seconds and peak memory of ``kind`` on a fresh copy of ``path``, in a new process
    (``where``: the folder Python imports the product from, else as this process does)."""
    copy = path.with_name(f"{kind}-{path.name}")
    shutil.copyfile(path, copy)
    env = environment(where)  # run beside the workbook, outside any repository
    try:
        out = subprocess.run(
            [sys.executable, "-c", HARNESS, kind, str(copy)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
            cwd=path.parent,
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


def paired(path: Path, repeat: int, baseline: Path | None = None) -> list[dict[str, float]]:
    """The fastexcel read and the refresh in turn (and the baseline's refresh after each),
    ``repeat`` turns: for the refresh, then the baseline's, the medians of the seconds of
    both, the largest peak memory, and the median of the ratios turn by turn."""
    turns = []
    for _ in range(repeat):
        turn = [run("fastexcel", path), run("refresh", path)]
        if baseline:
            turn.append(run("refresh", path, baseline))
        turns.append(turn)
    found = []
    for at in (1, 2) if baseline else (1,):
        found.append(
            {
                "bare_s": statistics.median(t[0]["seconds"] for t in turns),
                "refresh_s": statistics.median(t[at]["seconds"] for t in turns),
                "ratio": statistics.median(t[at]["seconds"] / t[0]["seconds"] for t in turns),
                "peak_mb": max(t[at]["peak_mb"] for t in turns),
            }
        )
    return found


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
    parser.add_argument(
        "--folder",
        type=Path,
        help="keep the workbooks here and use those already there (default: a temporary folder)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a folder holding another version of the product (its xl_kpi): refresh with "
        "it too, in the same turns, and show it on a row of its own",
    )
    args = parser.parse_args()

    header = (
        f"{'rows':>10}{'version':>10}{'fastexcel s':>13}{'refresh s':>11}{'x fastexcel':>13}"
        f"{'target':>8}"
        f"{'openpyxl s':>12}{'x openpyxl':>12}{'peak MB':>9}{'target':>10}"
    )
    print("medians; x fastexcel is the median of the ratios pair by pair")
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        folder = (args.folder or Path(tmp)).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        for rows in args.rows:
            book = folder / f"orders-{rows}.xlsx"
            # Made in a child process: Linux keeps a process's peak memory across fork and
            # exec, so a parent that built a million rows would inflate every measurement.
            if not book.exists():
                subprocess.run(
                    [sys.executable, "-m", "xl_kpi.cli", "new", str(book), "--sample",
                     "--orders", str(rows)],
                    check=True, capture_output=True,
                )  # fmt: skip
            found = paired(book, args.repeat, args.baseline and args.baseline.resolve())
            naive = (
                measure("openpyxl", book, 1)
                if rows <= args.openpyxl_up_to
                else {"seconds": float("nan")}
            )
            limit = target(rows)
            for got, version in zip(found, ("this", "baseline")):
                print(
                    f"{rows:>10,}{version:>10}{got['bare_s']:>13.2f}{got['refresh_s']:>11.2f}"
                    f"{got['ratio']:>13.2f}{_met(got['ratio'] <= limit, f'{limit:.1f}x'):>9}"
                    f"{naive['seconds']:>12.2f}{got['refresh_s'] / naive['seconds']:>12.3f}"
                    f"{got['peak_mb']:>9.0f}"
                    f"{_met(got['peak_mb'] < TARGET_PEAK_MB, f'<{TARGET_PEAK_MB}'):>10}",
                    flush=True,
                )


def _met(ok: bool, limit: str) -> str:
    return limit + (" ok" if ok else " !")


if __name__ == "__main__":
    main()
