"""``xl-kpi report`` over order sources beside a bare DuckDB query of the same facts.

Run: ``python benchmarks/bench_sources.py [--rows 1000000 10000000 20000000]
[--formats parquet csv] [--shapes orders items] [--limits default 1GB] [--repeat 3]
[--records DIR] [--baseline DIR]``.

For each size it writes orders (order id, customer id, channel, revenue, date; about five
orders per customer over two years) as typed Parquet and as text CSV, in two shapes:
``orders``, one row per order (distinct order ids), and ``items``, line items (three rows
per order, each with its amount); and daily spend per channel. Then, each command a fresh
process, in turns (A B A B ...) ``--repeat`` times so that both meet the same load:

- ``floor``: a bare DuckDB query of the same facts by hand in SQL (sums by month and
  channel, distinct orders and customers, each customer's first order, buyers and repeat
  buyers per month, buyers again the next month, cohorts), the least a report can pay;
- ``xl-kpi``: ``xl-kpi report --source orders=FILE --source spend=FILE --format json``
  (read, check, facts, records) on DuckDB.

``--limits``: ``default`` runs both without a memory limit of their own (DuckDB's default
for the floor, the product's default share of memory for ``xl-kpi``); a size such as
``1GB`` gives both that DuckDB memory limit (``xl-kpi`` through a Settings source).

It prints a markdown table: medians of seconds, peak resident memory and CPU seconds (user
and system: steadier than seconds on a machine other work shares; all the process's own,
from the operating system), and the ratios xl-kpi/floor taken pair by pair (median).
The fixed cost (a 1,000-row input: the interpreter, imports, start-up) is measured first
and shown on its own rows; each larger size also shows its ratios net of it (``net``: each
side's median less its own fixed cost's median, for the same format, shape and limit), the
cost of the rows themselves. ``--records DIR`` keeps each case's JSON records, to compare
the records of two versions of the product.

Targets (from the sources issue), 20M rows, default settings: at most 1.3x the floor's
time and 1.2x its peak memory; with a 1GB limit, at most 1.2x and under 1.5 GB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from versions import environment

ORDERS = """
SELECT {order} AS order_id,
       'C' || CAST(hash(({order}) // 5) % {customers} AS VARCHAR) AS customer_id,
       ['Paid search', 'VK', 'Telegram', 'Email', 'Organic', 'Display'][1 + CAST(hash({order}) % 6 AS INTEGER)] AS channel,
       round(500 + (hash(i * 7) % 900000) / 100.0, 2) AS revenue,
       DATE '2024-01-01' + CAST(hash(({order}) * 13) % 730 AS INTEGER) AS date
FROM range({rows}) t(i)
"""  # noqa: E501

SPEND = """
SELECT DATE '2024-01-01' + CAST(d AS INTEGER) AS date, c AS channel,
       round(100 + (hash(d * 31 + length(c)) % 50000) / 100.0, 2) AS spend,
       CAST(1000 + hash(d + length(c)) % 9000 AS BIGINT) AS impressions,
       CAST(10 + hash(d * 3 + length(c)) % 90 AS BIGINT) AS clicks
FROM range(730) t(d), (VALUES ('Paid search'), ('VK'), ('Telegram'), ('Display')) c(c)
"""

#: The facts a report needs, by hand; ``{orders}``/``{spend}``: the scans of the files.
FLOOR = """
CREATE TEMP TABLE o AS
  SELECT order_id, customer_id, channel, revenue, date,
         year(date) * 100 + month(date) AS p, year(date) * 12 + month(date) - 1 AS m
  FROM {orders};
SELECT p, channel, count(DISTINCT order_id), sum(revenue) FROM o GROUP BY ALL;
SELECT year(date) * 100 + month(date), channel, sum(spend), sum(impressions), sum(clicks)
  FROM {spend} GROUP BY ALL;
SELECT p, channel, count(*) FROM (
  SELECT arg_min(p, (date, channel)) AS p, arg_min(channel, (date, channel)) AS channel
  FROM o GROUP BY customer_id) GROUP BY ALL;
CREATE TEMP TABLE cp AS SELECT customer_id, p, count(DISTINCT order_id) AS n FROM o GROUP BY ALL;
SELECT p, count(*), count(*) FILTER (n >= 2) FROM cp GROUP BY p;
SELECT a.p, count(*) FROM cp a JOIN cp b ON a.customer_id = b.customer_id
  AND b.p = a.p - CASE WHEN a.p % 100 = 1 THEN 89 ELSE 1 END GROUP BY a.p;
SELECT count(*), count(*) FILTER (n >= 2)
  FROM (SELECT count(DISTINCT order_id) AS n FROM o GROUP BY customer_id);
WITH cm AS (SELECT DISTINCT customer_id, m FROM o),
     f AS (SELECT customer_id, min(m) AS c FROM cm GROUP BY customer_id)
SELECT f.c, cm.m - f.c, count(*) FROM cm JOIN f USING (customer_id) GROUP BY ALL;
"""

FLOOR_RUN = r"""
import os, sys, duckdb
folder, limit, orders, spend, floor = sys.argv[1:6]
config = {"preserve_insertion_order": False}
if limit != "default":
    config["memory_limit"] = limit
db = os.path.join(folder, "floor.duckdb")
con = duckdb.connect(db, config=config)
def scan(path):
    return f"read_csv('{path}')" if path.endswith(".csv") else f"read_parquet('{path}')"
for statement in floor.format(orders=scan(orders), spend=scan(spend)).split(";"):
    if statement.strip():
        con.execute(statement).fetchall()
con.close()
os.remove(db)
"""


def write(folder: Path, rows: int, formats: list[str], shapes: list[str]) -> dict:
    """The files of one size: {(format, shape): orders file}, and the spend file."""
    import duckdb

    con = duckdb.connect(config={"preserve_insertion_order": False})
    con.execute("SET enable_progress_bar = false")
    files = {}
    for shape in shapes:
        order = "i" if shape == "orders" else "i // 3"
        query = ORDERS.format(order=order, rows=rows, customers=max(rows // 5, 1))
        for kind in formats:
            path = folder / f"{shape}.{kind}"
            if not path.exists():
                how = "FORMAT parquet, ROW_GROUP_SIZE 1000000" if kind == "parquet" else "HEADER"
                con.execute(f"COPY ({query}) TO '{path}' ({how})")
            files[kind, shape] = path
    spend = folder / "spend.parquet"
    if not spend.exists():
        con.execute(f"COPY ({SPEND}) TO '{spend}' (FORMAT parquet)")
    con.close()
    return files, spend


def measure(
    argv: list[str], out: Path | None = None, path: Path | None = None
) -> tuple[float, float, float]:
    """Wall seconds, peak resident MB and CPU seconds (user and system) of one fresh
    process (``path``: where Python imports the product from, else as this process does)."""
    env = environment(path)  # run in the temporary folder, outside any repository
    start = time.perf_counter()
    with open(out or os.devnull, "wb") as sink:
        process = subprocess.Popen(
            argv, stdout=sink, stderr=subprocess.PIPE, env=env, cwd=tempfile.gettempdir()
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        err = process.stderr.read().decode(errors="replace")
        process.stderr.close()
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed:\n{err[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def commands(folder: Path, orders: Path, spend: Path, limit: str) -> tuple[list, list]:
    """The floor's and xl-kpi's command lines."""
    python = sys.executable
    floor = [python, "-c", FLOOR_RUN, str(folder), limit, str(orders), str(spend), FLOOR]
    report = [python, "-m", "xl_kpi.cli", "report", "--source", f"orders={orders}"]
    report += ["--source", f"spend={spend}", "--format", "json"]
    if limit != "default":
        settings = folder / f"settings-{limit}.csv"
        settings.write_text(f"setting,value\nmemory_limit,{limit}\n")
        report += ["--source", f"settings={settings}"]
    return floor, report


def pairs(
    floor: list, report: list, repeat: int, keep: Path | None, baseline: Path | None = None
) -> list[dict]:
    """Floor and report in turns (and the baseline's report after each); medians and
    pair-by-pair ratios, the report's first, then the baseline's."""
    runs = []
    for i in range(repeat):
        a = measure(floor)
        b = measure(report, keep if i == 0 else None)
        c = None
        if baseline:
            c = measure(report, _beside(keep, "baseline") if i == 0 else None, baseline)
        runs.append((a, b, c))
    found = []
    for at in (1, 2) if baseline else (1,):
        found.append(
            {
                "floor_s": statistics.median(r[0][0] for r in runs),
                "report_s": statistics.median(r[at][0] for r in runs),
                "floor_mb": statistics.median(r[0][1] for r in runs),
                "report_mb": statistics.median(r[at][1] for r in runs),
                "time_x": statistics.median(r[at][0] / r[0][0] for r in runs),
                "memory_x": statistics.median(r[at][1] / r[0][1] for r in runs),
                "floor_cpu": statistics.median(r[0][2] for r in runs),
                "report_cpu": statistics.median(r[at][2] for r in runs),
                "cpu_x": statistics.median(r[at][2] / r[0][2] for r in runs),
            }
        )
    return found


def _beside(path: Path | None, what: str) -> Path | None:
    return None if path is None else path.with_name(f"{path.stem}-{what}{path.suffix}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000, 20_000_000])
    parser.add_argument("--fixed", type=int, default=1000, help="rows of the fixed-cost input")
    parser.add_argument("--formats", nargs="+", default=["parquet", "csv"])
    parser.add_argument("--shapes", nargs="+", default=["orders", "items"])
    parser.add_argument("--limits", nargs="+", default=["default", "1GB"])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (medians)")
    parser.add_argument("--folder", type=Path, help="where to write the data (default: temp)")
    parser.add_argument("--records", type=Path, help="keep each case's JSON records here")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a folder holding another version of the product (its xl_kpi): run it too, "
        "in the same turns, and show it on rows of its own",
    )
    args = parser.parse_args()
    folder = (args.folder or Path(tempfile.mkdtemp(prefix="bench-sources-"))).resolve()
    if args.records:
        args.records.mkdir(parents=True, exist_ok=True)
    print("| rows | format | shape | memory limit | floor s | xl-kpi s | time x "
          "| floor MB | xl-kpi MB | memory x | floor CPU s | xl-kpi CPU s | CPU x "
          "| net time x | net memory x | net CPU x |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    fixed: dict[tuple, dict] = {}
    for rows in [args.fixed, *args.rows] if args.fixed else args.rows:  # the fixed cost first
        where = folder / f"rows-{rows}"
        where.mkdir(parents=True, exist_ok=True)
        files, spend = write(where, rows, args.formats, args.shapes)
        for (kind, shape), orders in files.items():
            for limit in args.limits:
                floor, report = commands(where, orders, spend, limit)
                name = f"{rows}-{kind}-{shape}-{limit}.json"
                keep = args.records / name if args.records else None
                found = pairs(
                    floor, report, args.repeat, keep, args.baseline and args.baseline.resolve()
                )
                label = f"{rows:,} (fixed cost)" if rows == args.fixed else f"{rows:,}"
                for got, version in zip(found, ("", " (baseline)")):
                    case = (kind, shape, limit, version)
                    if rows == args.fixed:
                        fixed[case] = got
                    print(
                        f"| {label}{version} | {kind} | {shape} | {limit} "
                        f"| {got['floor_s']:.2f} | {got['report_s']:.2f} | {got['time_x']:.2f} "
                        f"| {got['floor_mb']:.0f} | {got['report_mb']:.0f} "
                        f"| {got['memory_x']:.2f} | {got['floor_cpu']:.2f} "
                        f"| {got['report_cpu']:.2f} | {got['cpu_x']:.2f} "
                        f"| {_net(got, fixed.get(case) if rows != args.fixed else None)} |",
                        flush=True,
                    )


def _net(got: dict, fixed: dict | None) -> str:
    """The three ratios of what the rows cost beyond the fixed cost, as table cells."""
    if fixed is None:
        return "– | – | –"
    cells = []
    for what in ("s", "mb", "cpu"):
        rows_floor = got[f"floor_{what}"] - fixed[f"floor_{what}"]
        rows_report = got[f"report_{what}"] - fixed[f"report_{what}"]
        cells.append(f"{rows_report / rows_floor:.2f}" if rows_floor > 0 else "–")
    return " | ".join(cells)


if __name__ == "__main__":
    main()
