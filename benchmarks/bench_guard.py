"""What the guard costs a refresh at 1,048,575 order rows, as ratios measured in one run.

Run: ``python benchmarks/bench_guard.py [--rows 1048575] [--repeat 3]``.

It writes a sample workbook (every raw tab; Orders and Leads hold the rows, about 730 MB
of sheet XML), then measures, each in a fresh Python process (medians of ``--repeat``):

- ``guard``: :func:`xl_kpi.files.guard.check_workbook` on the raw tabs alone: every part a
  reader reads inflated and checked, every cell of the raw tabs scanned;
- ``refresh``: ``xl-kpi refresh`` as a library call, the guard included (it scans each
  sheet while the one before is read by fastexcel);
- ``trusting``: the same refresh with the cell scan switched off (the readers then trust
  the file), the floor without the guard.

Printed: the guard's own time against the refresh, and what it adds to the refresh:
``(refresh - trusting) / refresh``. Target (the hostile-workbooks issue): under 5%.
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
import json, logging, sys, time
logging.getLogger("fastexcel").setLevel(logging.ERROR)
kind, path = sys.argv[1], sys.argv[2]
from xl_kpi.files import _scan, guard
from xl_kpi.headless import refresh_workbook
from xl_kpi.tabs import is_raw_tab
if kind == "trusting":
    _scan.scan_cells = lambda *args, **kwargs: _scan.Extent(1, 1)
start = time.perf_counter()
if kind == "guard":
    guard.check_workbook(path, wanted=is_raw_tab)
else:
    refresh_workbook(path)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def measure(kind: str, path: Path, repeat: int) -> float:
    """Median seconds of ``kind`` on a fresh copy of ``path``, each in a new process."""
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
        runs.append(json.loads(out.strip().splitlines()[-1])["seconds"])
        copy.unlink()
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_048_575)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / f"orders-{args.rows}.xlsx"
        subprocess.run(
            [sys.executable, "-m", "xl_kpi.cli", "new", str(book), "--sample",
             "--orders", str(args.rows)],
            check=True, capture_output=True,
        )  # fmt: skip
        guard = refresh = trusting = 0.0
        # Interleaved, so that a machine busy with other work weighs on each alike.
        samples: dict[str, list[float]] = {"guard": [], "refresh": [], "trusting": []}
        for _ in range(args.repeat):
            for kind in samples:
                samples[kind].append(measure(kind, book, 1))
        guard, refresh, trusting = (statistics.median(samples[k]) for k in samples)
    print(f"rows {args.rows:,}: refresh {refresh:.2f} s, without the cell scan {trusting:.2f} s")
    print(f"guard alone {guard:.2f} s = {guard / refresh:.1%} of the refresh")
    print(f"guard's cost to the refresh: {(refresh - trusting) / refresh:.1%} (target < 5%)")


if __name__ == "__main__":
    main()
