"""Cost of the Excel functions, as ratios to the bare numpy sums of the same data.

Run: ``python benchmarks/bench_udfs.py [--rows N]``.  Prints, measured in one run:

- one scalar cell call ``=ROMI(2000000, 500000)`` against ``np.sum`` of two one-item
  arrays;
- a pooled call over two ranges of N rows (default 1,000,000), given as Excel hands them
  over (lists of lists with blanks) and as numpy arrays, against ``np.sum`` of the two
  numpy arrays.
"""

from __future__ import annotations

import argparse
import timeit

import numpy as np

from xl_kpi.udfs import ROMI


def best(stmt, number: int, repeat: int = 5) -> float:
    """Seconds per call, the best of ``repeat`` rounds of ``number`` calls."""
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows

    rng = np.random.default_rng(0)
    income = rng.uniform(0, 10_000, rows)
    cost = rng.uniform(0, 5_000, rows)
    income[::50] = np.nan  # blank cells
    as_excel = ([[None if np.isnan(v) else float(v)] for v in income], [[float(v)] for v in cost])

    one_a, one_b = np.array([2_000_000.0]), np.array([500_000.0])
    base_scalar = best(lambda: (np.nansum(one_a), np.nansum(one_b)), number=20_000)
    scalar = best(lambda: ROMI(2_000_000.0, 500_000.0), number=20_000)

    base = best(lambda: (np.nansum(income), np.nansum(cost)), number=20)
    pooled_numpy = best(lambda: ROMI(income, cost), number=20)
    pooled_excel = best(lambda: ROMI(*as_excel), number=1, repeat=3)

    print(f"{'case':<44}{'seconds':>12}{'x numpy sum':>14}")
    for name, seconds, baseline in [
        ("scalar call =ROMI(2000000, 500000)", scalar, base_scalar),
        (f"pooled, numpy arrays, {rows:,} rows", pooled_numpy, base),
        (f"pooled, Excel lists of lists, {rows:,} rows", pooled_excel, base),
    ]:
        print(f"{name:<44}{seconds:>12.6f}{seconds / baseline:>14.1f}")


if __name__ == "__main__":
    main()
