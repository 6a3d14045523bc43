"""How many engine actions the live Refresh sends, on xlwings' own Lite engine.

Run: ``python benchmarks/bench_excel.py [--xlwings xlwings==0.33.15 "xlwings>=0.37,<0.38"]
[--base FOLDER]``.

In xlwings Lite every operation of the live layer is one Office.js action, on a Mac one
Apple Event, on Windows one COM call: the count of actions xlwings' remote engine records
(``xlwings.Book(json=...)``, see ``tests/lite_engine.py``) is the count of round trips
the refresh costs. For each xlwings asked for, it refreshes the sample year (6 channels)
and the sample year over 20 paid channels (12 months x 20 paid channels, with Organic and
the social networks in the channel table), and prints the number of actions by kind,
whether the refresh finished, and what it left out.
``--base FOLDER`` runs the code of another checkout of xl-kpi (e.g. an earlier commit
exported with ``git archive``) for a before-and-after comparison.

The remote engine is xlwings PRO code, run here under its free noncommercial licence
key (PolyForm Noncommercial 1.0.0), in a child process; xl-kpi never imports it.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.lite_engine import install_xlwings, run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xlwings", nargs="+", default=["xlwings==0.33.15", "xlwings>=0.37,<0.38"])
    parser.add_argument("--base", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for i, requirement in enumerate(args.xlwings):
            folder = install_xlwings(requirement, Path(scratch) / str(i))
            if isinstance(folder, str):
                raise SystemExit(f"cannot install {requirement}: {folder}")
            for tables in ("sample", "wide"):
                got = run(folder, tables, base=args.base)
                kinds = collections.Counter(action["func"] for action in got["actions"])
                print(
                    f"xlwings {got['version']:8} {tables:6} actions {len(got['actions']):4}"
                    f"  error: {got['error'] or '-'}  left out: {sorted(got['lacks']) or '-'}"
                )
                print("    " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))


if __name__ == "__main__":
    main()
