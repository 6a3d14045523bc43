"""Refreshing from Parquet sources at 1M, 10M and 20M order rows, as ratios in one run.

Run: ``python benchmarks/bench_sources.py [--rows 1000000 10000000 20000000]
[--pandas-up-to N] [--spark-up-to N] [--memory-limit 1GB] [--repeat 3]``.

For each size it writes Parquet orders (order id, customer id, channel, revenue, date;
about five orders per customer over two years) and daily spend per channel, then
measures, each in a fresh Python process:

The floor and the DuckDB refresh run in turns, ``--repeat`` times each (medians), so that
both meet the same load of the machine.

- ``floor``: a bare DuckDB query computing the same facts by hand in SQL (sums by month x
  channel, order ids checked for repeats, each customer's first order, buyers and repeat
  buyers per month, buyers again the next month, cohorts), the least a refresh can pay;
- ``refresh``: ``xl-kpi refresh`` of a workbook whose Orders and Spend are these files, on
  DuckDB (read, check, facts, summary, save) and its peak resident memory;
- ``pandas``: the same refresh on the pandas engine, up to ``--pandas-up-to`` rows;
- ``spark``: the same refresh on Spark in local mode, up to ``--spark-up-to`` rows.

Targets (from the sources issue): at 20M rows the refresh takes at most 1.5x the floor and
peaks under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

WRITE = """
COPY (
  SELECT i AS order_id,
         'C' || CAST(hash(i // 5) % {customers} AS VARCHAR) AS customer_id,
         ['Paid search', 'VK', 'Telegram', 'Email', 'Organic', 'Display'][1 + CAST(hash(i) % 6 AS INTEGER)] AS channel,
         round(500 + (hash(i * 7) % 900000) / 100.0, 2) AS revenue,
         DATE '2024-01-01' + CAST(hash(i * 13) % 730 AS INTEGER) AS date
  FROM range({rows}) t(i)
) TO '{orders}' (FORMAT parquet, ROW_GROUP_SIZE 1000000);
COPY (
  SELECT DATE '2024-01-01' + CAST(d AS INTEGER) AS date, c AS channel,
         round(100 + (hash(d * 31 + length(c)) % 50000) / 100.0, 2) AS spend,
         CAST(1000 + hash(d + length(c)) % 9000 AS BIGINT) AS impressions,
         CAST(10 + hash(d * 3 + length(c)) % 90 AS BIGINT) AS clicks
  FROM range(730) t(d), (VALUES ('Paid search'), ('VK'), ('Telegram'), ('Display')) c(c)
) TO '{spend}' (FORMAT parquet);
"""  # noqa: E501

FLOOR = """
CREATE TEMP TABLE o AS
  SELECT customer_id, channel, revenue, date,
         year(date) * 100 + month(date) AS p, year(date) * 12 + month(date) - 1 AS m
  FROM read_parquet('{orders}');
SELECT count(*) - count(DISTINCT order_id) FROM read_parquet('{orders}');
SELECT p, channel, count(*), sum(revenue) FROM o GROUP BY ALL;
SELECT year(date) * 100 + month(date), channel, sum(spend), sum(impressions), sum(clicks)
  FROM read_parquet('{spend}') GROUP BY ALL;
SELECT p, channel, count(*) FROM (
  SELECT arg_min(p, (date, channel)) AS p, arg_min(channel, (date, channel)) AS channel
  FROM o GROUP BY customer_id) GROUP BY ALL;
CREATE TEMP TABLE cp AS SELECT customer_id, p, count(*) AS n FROM o GROUP BY ALL;
SELECT p, count(*), count(*) FILTER (n >= 2) FROM cp GROUP BY p;
SELECT a.p, count(*) FROM cp a JOIN cp b ON a.customer_id = b.customer_id
  AND b.p = a.p - CASE WHEN a.p % 100 = 1 THEN 89 ELSE 1 END GROUP BY a.p;
SELECT count(*), count(*) FILTER (n >= 2) FROM (SELECT count(*) AS n FROM o GROUP BY customer_id);
WITH cm AS (SELECT DISTINCT customer_id, m FROM o),
     f AS (SELECT customer_id, min(m) AS c FROM cm GROUP BY customer_id)
SELECT f.c, cm.m - f.c, count(*) FROM cm JOIN f USING (customer_id) GROUP BY ALL;
"""

HARNESS = r"""
import json, os, resource, sys, time, warnings
warnings.filterwarnings("ignore")
kind, folder, limit = sys.argv[1], sys.argv[2], sys.argv[3]
orders, spend = os.path.join(folder, "orders.parquet"), os.path.join(folder, "spend.parquet")
start = time.perf_counter()
if kind == "floor":
    import duckdb
    con = duckdb.connect(os.path.join(folder, "floor.duckdb"),
                         config={"memory_limit": limit, "preserve_insertion_order": False})
    for statement in FLOOR.format(orders=orders, spend=spend).split(";"):
        if statement.strip():
            con.sql(statement).fetchall() if statement.strip().startswith(("SELECT", "WITH")) \
                else con.execute(statement)
    con.close()
    os.remove(os.path.join(folder, "floor.duckdb"))
else:
    from xl_kpi.headless import refresh_workbook
    from xl_kpi.sources import parse_source_arg
    book = os.path.join(folder, f"book-{kind}.xlsx")
    done = refresh_workbook(book, sources=[parse_source_arg(f"orders={orders}"),
                                          parse_source_arg(f"spend={spend}")], engine=kind)
    assert done.report.tabs["Orders"].rows_read > 0
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "children_peak_mb": children}))
"""


def run(kind: str, folder: Path, limit: str) -> dict[str, float]:
    """Seconds and peak memory of ``kind`` in a fresh process."""
    if kind != "floor":  # a blank workbook whose Settings give DuckDB the same memory limit
        import openpyxl

        from xl_kpi.headless import new_workbook

        book = new_workbook(folder / f"book-{kind}.xlsx", "plain", overwrite=True)
        workbook = openpyxl.load_workbook(book)
        workbook["Settings"].append(["memory_limit", limit])
        workbook.save(book)
    code = f"FLOOR = {FLOOR!r}\n{HARNESS}"
    out = subprocess.run(
        [sys.executable, "-c", code, kind, str(folder), limit],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run of median time (its memory with it)."""
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def write(folder: Path, rows: int) -> None:
    import duckdb

    duckdb.sql("SET preserve_insertion_order = false")
    for statement in WRITE.format(
        rows=rows,
        customers=max(rows // 5, 1),
        orders=folder / "orders.parquet",
        spend=folder / "spend.parquet",
    ).split(";"):
        if statement.strip():
            duckdb.execute(statement)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000, 20_000_000])
    parser.add_argument("--pandas-up-to", type=int, default=10_000_000)
    parser.add_argument("--spark-up-to", type=int, default=10_000_000)
    parser.add_argument(
        "--memory-limit", default="1GB", help="DuckDB's memory limit, the same for both"
    )
    parser.add_argument("--folder", type=Path, help="where to write the data (default: temp)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="floor and DuckDB refresh runs (median)"
    )
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="bench-sources-"))
    results = []
    for rows in args.rows:
        where = folder / f"rows-{rows}"
        where.mkdir(parents=True, exist_ok=True)
        write(where, rows)
        line = {"rows": rows}
        pairs = [  # floor and refresh in turns, so that both meet the same load
            (run("floor", where, args.memory_limit), run("duckdb", where, args.memory_limit))
            for _ in range(args.repeat)
        ]
        line["floor"] = _median([p[0] for p in pairs])
        line["refresh"] = _median([p[1] for p in pairs])
        if rows <= args.pandas_up_to:
            line["pandas"] = run("pandas", where, args.memory_limit)
        if rows <= args.spark_up_to:
            line["spark"] = run("spark", where, args.memory_limit)
        floor = line["floor"]["seconds"]
        summary = {
            "rows": rows,
            "floor_s": round(floor, 2),
            "refresh_s": round(line["refresh"]["seconds"], 2),
            "refresh_vs_floor": round(line["refresh"]["seconds"] / floor, 2),
            "refresh_peak_mb": round(line["refresh"]["peak_mb"]),
            "floor_peak_mb": round(line["floor"]["peak_mb"]),
        }
        for kind in ("pandas", "spark"):
            if kind in line:
                summary[f"{kind}_s"] = round(line[kind]["seconds"], 2)
                summary[f"{kind}_vs_floor"] = round(line[kind]["seconds"] / floor, 2)
                summary[f"{kind}_peak_mb"] = round(line[kind]["peak_mb"])
        print(json.dumps(summary), flush=True)
        results.append(summary)


if __name__ == "__main__":
    main()
