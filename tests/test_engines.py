"""The same facts on every engine, and sources on a real PostgreSQL server.

Slow: Spark starts a Java process (seconds) and runs each query as jobs; the PostgreSQL
tests start a throw-away server from Debian's ``postgresql`` package; one test writes two
million rows. ``pytest -m slow`` runs them (CI does: ``.ci/run`` installs Java and
PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path

import narwhals as nw
import pandas as pd
import pytest

from xl_kpi.cli import main
from xl_kpi.engine import open_engine
from xl_kpi.report import build_report
from xl_kpi.sources import load_sources, parse_source_arg
from xl_kpi.sources.report import report_with_sources

from . import exports
from . import source_files as sf
from .source_cases import (
    LINE_ITEMS,
    TITLED,
    TOTALS,
    VALUES,
    dated_by_each_files_period,
    no_column_messages,
    parquet_months,
    same_everywhere,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return sf.tables(orders=700, seed=33)


@pytest.fixture(scope="module")
def want(data) -> dict:
    return sf.expected(data)


@pytest.fixture(scope="module")
def shop(postgres, data) -> str:
    """The tabs loaded into PostgreSQL as a database would hold them (dates as dates)."""
    import adbc_driver_postgresql.dbapi as adbc
    import pyarrow as pa

    with adbc.connect(f"postgresql://{postgres}") as con, con.cursor() as cursor:
        for name, frame in data.items():
            table = pa.Table.from_pandas(
                frame.assign(date=frame["date"].dt.date), preserve_index=False
            )
            cursor.adbc_ingest(name.lower(), table, mode="create")
        con.commit()
    return postgres


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, data) -> tuple[Path, list]:
    """One tab from each kind of file source."""
    root = tmp_path_factory.mktemp("mixed")
    sf.write_partitioned(data["Orders"], root / "orders")
    sf.write_csv_ru(data["Spend"], "Spend", root / "spend.csv")
    sf.write_csv_en(data["Leads"], root / "leads.csv")
    sf.write_sqlite({"Traffic": data["Traffic"]}, root / "shop.db")
    sf.write_parquet(data["Social"], root / "social.parquet")
    sf.write_csv_en(data["Brand"], root / "brand.csv")
    sources = [
        parse_source_arg(text)
        for text in ("orders=orders", "spend=spend.csv", "leads=leads.csv",
                     "traffic=sqlite:///shop.db", "social=social.parquet", "brand=brand.csv")
    ]  # fmt: skip
    return root, sources


def test_every_engine_gives_the_records_of_the_pasted_rows(mixed, want):
    root, sources = mixed
    results = {
        engine: sf.records(report_with_sources({}, base=root, sources=sources, engine=engine))
        for engine in ("duckdb", "pandas", "spark")
    }
    for engine, got in results.items():
        assert sf.differences(got, want) == [], engine


def test_each_query_a_report_asks_duckdb_stays_small(mixed, want):
    """A report over every kind of file source asks DuckDB no query longer than its
    longest checks of a tab (each column's tests, about 12 KB for eight columns). A floor
    division of an expression is written out in full at each use, so days made months by
    nested divisions grew the cohorts' query to 33 KB, which DuckDB took 0.2 s to plan at
    1,000 rows; the day is now a column first. The report is still the right one."""
    root, sources = mixed
    with open_engine("duckdb") as running:
        running.con.execute("CALL enable_logging('QueryLog')")
        loaded = load_sources(sources, running, root)
        got = sf.records(build_report(loaded.tabs))
        sizes = running.con.sql(
            "SELECT length(message) FROM duckdb_logs WHERE type = 'QueryLog'"
        ).fetchall()
    assert sf.differences(got, want) == []
    assert len(sizes) > 20  # the log holds the report's queries
    assert max(n for (n,) in sizes) < 20_000


def test_spark_reads_a_source_with_bad_rows_as_a_tab_does(tmp_path, data):
    raw = data["Orders"].head(50).astype(object)
    raw["date"] = data["Orders"]["date"].head(50).dt.strftime("%Y-%m-%d")
    raw.loc[3, "revenue"] = "n/a?"
    raw.loc[9, "date"] = ""
    raw.to_csv(tmp_path / "orders.csv", index=False)
    counts = {}
    for engine in ("spark", "duckdb"):
        with open_engine(engine) as running:
            got = load_sources([parse_source_arg("orders=orders.csv")], running, tmp_path)
            tab = got.tabs["Orders"]
            counts[engine] = (tab.rows_read, tab.rows_skipped, sorted(n.reason for n in tab.notes))
    assert counts["spark"] == counts["duckdb"]
    assert counts["spark"][:2] == (50, 2)


def test_postgresql_tables_give_the_pasted_records(shop, want, monkeypatch):
    """Through a URL naming an environment variable, on DuckDB and pandas."""
    monkeypatch.setenv("XLKPI_TEST_PG", shop)
    sources = [parse_source_arg(f"{t}=postgresql://${{XLKPI_TEST_PG}}") for t in sf.DATA_TABS]
    for engine in ("duckdb", "pandas"):
        got = sf.records(report_with_sources({}, sources=sources, engine=engine))
        assert sf.differences(got, want) == [], engine
    query = (
        "query='select date, customer_id, channel, status, revenue::numeric(14, 2) as revenue, "
        "cost::numeric(14, 2) as cost from orders'"
    )  # NUMERIC, as a shop's database keeps money
    sources[0] = parse_source_arg("orders=postgresql://${XLKPI_TEST_PG}", query)
    for engine in ("duckdb", "pandas"):
        got = sf.records(report_with_sources({}, sources=sources, engine=engine))
        assert sf.differences(got, want) == [], engine


def test_a_postgresql_table_that_is_not_there(shop, capsys, monkeypatch):
    monkeypatch.setenv("XLKPI_TEST_PG", shop)
    code = main(["report", "--source", "orders=postgresql://${XLKPI_TEST_PG}#purchases"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("xl-kpi: source Orders (postgresql://${XLKPI_TEST_PG}#purchases):")
    assert 'relation "purchases" does not exist' in err
    code = main(["report", "--source", f"orders=postgresql://{shop.replace('/kpi', '/nope')}"])
    assert code == 1 and 'database "nope" does not exist' in capsys.readouterr().err


def test_millions_of_rows_bad_ones_counted_and_the_first_listed(tmp_path):
    """Two million order lines with every 100,000th revenue unreadable: all counted, the
    first twenty listed by line, without the rows ever becoming one pandas frame."""
    import duckdb

    path = tmp_path / "orders.csv"
    duckdb.sql(
        "COPY (SELECT DATE '2025-01-01' + CAST(i % 365 AS INTEGER) AS date, "
        "'C-' || CAST(i % 50000 AS VARCHAR) AS customer_id, "
        "CASE i % 3 WHEN 0 THEN 'VK' WHEN 1 THEN 'Search' ELSE 'Email' END AS channel, "
        "CASE WHEN i % 100000 = 7 THEN 'twelve' ELSE CAST(100 + i % 900 AS VARCHAR) || '.50' "
        "END AS revenue FROM range(2000000) t(i)) "
        f"TO '{path}' (HEADER, DELIMITER ',')"
    )
    with open_engine("duckdb", memory_limit="1GB") as running:
        tab = load_sources([parse_source_arg(f"orders={path}")], running).tabs["Orders"]
        assert (tab.rows_read, tab.rows_skipped) == (2_000_000, 20)
        assert [n.row for n in tab.notes] == [9 + 100_000 * k for k in range(20)]
        assert {n.value for n in tab.notes} == {"twelve"}
        total = tab.lazy.select(nw.col("revenue").sum())
        expected = sum(100 + i % 900 + 0.5 for i in range(2_000_000) if i % 100_000 != 7)
        assert total.collect(backend="pandas").to_native().iloc[0, 0] == pytest.approx(
            expected, rel=1e-12
        )


def test_spark_applies_the_rules_of_pasted_exports_as_the_other_engines(tmp_path):
    """A title and period above the header, totals, a summary row, currencies and line
    items: on Spark the same records, counts and notes (with their lines) as pasted."""
    spark = ("spark",)
    for i, (name, text, settings) in enumerate(
        [
            ("Spend", TITLED, ()),
            ("Spend", TOTALS, ()),
            ("Orders", VALUES, (("currency", "RUB"), ("rate USD", "92,5"))),
            ("Orders", LINE_ITEMS, ()),
            ("Spend", exports.META_CAMPAIGNS.text, exports.META_CAMPAIGNS.settings),
        ]
    ):
        folder = tmp_path / str(i)
        folder.mkdir()
        pasted = same_everywhere(folder, name, text, settings, engines=spark)
        assert pasted.notes, name


def test_spark_notes_name_the_line_of_a_bad_row(tmp_path):
    """Spark's reader gives no line numbers; the notes still name the file's line."""
    lines = ["Report", "", "Date,Cost"] + [f"2025-03-{d:02d},{d}" for d in range(1, 29)]
    lines[10] = "2025-03-08,abc"
    (tmp_path / "spend.csv").write_text("\n".join(lines) + "\n")
    rows = {}
    for engine in ("spark", "duckdb"):
        with open_engine(engine) as running:
            got = load_sources([parse_source_arg("spend=spend.csv")], running, tmp_path)
            rows[engine] = [(n.row, n.reason) for n in got.tabs["Spend"].notes]
    assert rows["spark"] == rows["duckdb"]
    assert [r for r, _ in rows["spark"] if r is not None] == [11]  # line 11 of the file


def test_spark_finds_each_parquet_files_summary_row_by_the_files_own_path(tmp_path):
    """Hive partitions each holding ``data.parquet``: on Spark as on DuckDB and pandas,
    each file's summary row is left out and named by the file's path, not its base name."""
    found = parquet_months(tmp_path, ("data.parquet",) * 2, "spend", ("spark", "duckdb", "pandas"))
    want = [("spend/month=2025-01/data.parquet", 3), ("spend/month=2025-02/data.parquet", 3)]
    for engine, (records, sums, excluded, spend) in found.items():
        assert (sums, excluded, spend) == (want, 2, pytest.approx(42.0)), engine
        assert sf.differences(records, found["duckdb"][0]) == [], engine


def test_spark_says_a_missing_column_as_the_other_engines(tmp_path):
    said = no_column_messages(tmp_path, ("spark", "duckdb", "pandas"))
    for location, messages in said.items():
        assert messages["spark"] == messages["duckdb"] == messages["pandas"], location
        assert "no column for spend" in messages["spark"][0], location


def test_spark_dates_each_export_by_its_own_period(tmp_path):
    found = dated_by_each_files_period(tmp_path, ("spark", "duckdb", "pandas"))
    assert found["spark"] == found["duckdb"] == found["pandas"]
    assert found["spark"][0][("SPEND", "2025-04", None)] == 50
