"""Bounded work on every source: what would hang a refresh or eat the machine's memory
stops at a limit, in one line that names it and the setting that raises it.

Each case that could hang runs the command line in a child process with a timeout, so a
regression fails the test instead of stopping the suite.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pandas as pd

from xl_kpi.cli import main

from .hostile import ORDERS_CSV, hostile_book


def said(capsys, *args: str) -> str:
    """The one error line of ``xl-kpi report ARGS`` (exit code 1)."""
    assert main(["report", "--engine", "pandas", *args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("xl-kpi: "), err
    return err


def child(tmp_path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``xl-kpi ARGS`` in a child process that may not run more than a minute."""
    done = subprocess.run(
        [sys.executable, "-m", "xl_kpi.cli", *args],
        cwd=tmp_path,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_a_named_pipe_or_a_device_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "orders.csv")
    for source in ("orders=orders.csv", "orders:csv=/dev/zero"):
        done = child(tmp_path, "report", "--engine", "pandas", "--source", source)
        assert done.returncode == 1 and "is not a regular file" in done.stderr, done.stderr


def test_a_workbooks_link_to_a_device_is_not_read(tmp_path):
    (tmp_path / "orders.csv").symlink_to("/dev/zero")
    book = hostile_book(tmp_path, [("Orders", "orders.csv")])
    done = child(tmp_path, "refresh", str(book), "--engine", "pandas", "--trust")
    assert done.returncode == 1 and "is not a regular file" in done.stderr, done.stderr


def test_skip_is_bounded(tmp_path, capsys, monkeypatch):
    (tmp_path / "orders.csv").write_text(ORDERS_CSV)
    monkeypatch.chdir(tmp_path)
    for skip in ("99999999999", "-3", "x"):
        options = f"orders=skip={skip}"
        err = said(capsys, "--source", "orders=orders.csv", "--source-options", options)
        assert f"skip={skip} is not a number of lines from 0 to 1000" in err, err


def test_a_line_longer_than_the_limit(tmp_path, capsys, monkeypatch):
    (tmp_path / "orders.csv").write_text("date," + "x" * 5000 + "\n2025-03-01,1\n")
    monkeypatch.setenv("XLKPI_MAX_LINE", "1000")
    monkeypatch.chdir(tmp_path)
    err = said(capsys, "--source", "orders=orders.csv")
    assert "orders.csv, line 1 is longer than 1000 characters" in err
    assert "XLKPI_MAX_LINE" in err


def test_too_many_files_and_too_many_bytes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exports").mkdir()
    for i in range(6):
        (tmp_path / "exports" / f"orders-{i}.csv").write_text(ORDERS_CSV)
    monkeypatch.setenv("XLKPI_MAX_FILES", "5")
    err = said(capsys, "--source", "orders=exports/*.csv")
    assert "more than 5 files match" in err and "XLKPI_MAX_FILES" in err
    monkeypatch.setenv("XLKPI_MAX_FILES", "6")
    monkeypatch.setenv("XLKPI_MAX_BYTES", "100")
    err = said(capsys, "--source", "orders=exports")
    assert "larger than 100 bytes together" in err and "XLKPI_MAX_BYTES" in err
    monkeypatch.setenv("XLKPI_MAX_BYTES", "lots")
    assert "XLKPI_MAX_BYTES is 'lots'" in said(capsys, "--source", "orders=exports")


def test_a_glob_does_not_follow_a_loop_of_links(tmp_path):
    (tmp_path / "exports" / "2025").mkdir(parents=True)
    (tmp_path / "exports" / "2025" / "orders.csv").write_text(ORDERS_CSV)
    (tmp_path / "exports" / "2025" / "again").symlink_to(tmp_path / "exports")
    (tmp_path / "exports" / "loop").symlink_to(tmp_path / "exports")
    done = child(tmp_path, "report", "--engine", "pandas", "--source", "orders=exports/**/*.csv")
    assert done.returncode == 0, done.stderr
    revenue = [line for line in done.stdout.splitlines() if '"value": 100' in line]
    assert revenue, done.stdout  # the one file, read once


def _shop(path) -> None:
    with sqlite3.connect(path) as con:
        con.execute('create table orders(date, order_id, customer_id, "chan""nel", revenue, "a`b")')
        con.execute("insert into orders values ('2025-03-01','O-1','C-1','Email',100,1)")


def test_an_endless_sqlite_query_stops_at_the_time_limit(tmp_path, capsys, monkeypatch):
    _shop(tmp_path / "shop.db")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XLKPI_TIMEOUT", "1")
    endless = (
        'query="with recursive n(i) as (select 1 union all select i + 1 from n) '
        "select '2025-03-01' as date, i as revenue from n\""
    )
    err = said(
        capsys, "--source", "orders=sqlite:///shop.db", "--source-options", f"orders={endless}"
    )
    assert "ran longer than 1 s and was stopped" in err and "XLKPI_TIMEOUT" in err, err


def test_sqlite_rows_stop_at_the_row_limit(tmp_path, capsys, monkeypatch):
    _shop(tmp_path / "shop.db")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XLKPI_MAX_ROWS", "3")
    many = (
        'query="with recursive n(i) as (select 1 union all select i + 1 from n limit 10) '
        "select '2025-03-01' as date, i as revenue from n\""
    )
    err = said(capsys, "--source", "orders=sqlite:///shop.db", "--source-options", f"orders={many}")
    assert "more than 3 rows" in err and "XLKPI_MAX_ROWS" in err, err


def test_sqlite_column_names_are_quoted_not_pasted(tmp_path, capsys, monkeypatch):
    """A column name holding a double quote is read as a name, not as SQL."""
    _shop(tmp_path / "shop.db")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--engine", "pandas", "--source", "orders=sqlite:///shop.db"]) == 0
    assert '"value": 100' in capsys.readouterr().out


def test_a_sqlite_query_cannot_write_or_attach(tmp_path, capsys, monkeypatch):
    _shop(tmp_path / "shop.db")
    before = (tmp_path / "shop.db").read_bytes()
    monkeypatch.chdir(tmp_path)
    for query in (
        "query=\"select * from orders) ; attach database 'other.db' as o; select (1\"",
        "query=\"select * from pragma_table_info('orders')\"",
    ):
        said(capsys, "--source", "orders=sqlite:///shop.db", "--source-options", f"orders={query}")
    assert (tmp_path / "shop.db").read_bytes() == before
    assert not (tmp_path / "other.db").exists()


def test_relative_paths_without_a_workbook_start_at_the_current_folder(
    tmp_path, capsys, monkeypatch, engine
):
    _shop(tmp_path / "shop.db")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "orders.csv").write_text(ORDERS_CSV)
    monkeypatch.chdir(tmp_path)
    for source in ("orders=sqlite:///shop.db", "orders=exports"):
        assert main(["report", "--engine", engine, "--source", source]) == 0, source
        assert '"value": 100' in capsys.readouterr().out


def test_a_long_line_deep_in_the_file_on_every_engine(tmp_path, capsys, monkeypatch):
    rows = "2025-01-01,Email,1\n" * 40
    text = "date,channel,revenue\n" + rows + "2025-01-02," + "x" * 2_100_000 + ",2\n" + rows
    (tmp_path / "orders.csv").write_text(text)
    monkeypatch.chdir(tmp_path)
    err = said(capsys, "--source", "orders=orders.csv")
    assert "orders.csv, line 42 is longer than 1048576 characters" in err, err
    assert "XLKPI_MAX_LINE" in err
    monkeypatch.setenv("XLKPI_MAX_LINE", "3000000")  # DuckDB's own limit then says it
    code = main(["report", "--engine", "duckdb", "--source", "orders=orders.csv"])
    err = capsys.readouterr().err
    assert code == 1 and "orders.csv has a line longer than 2000000 bytes" in err, err


def test_a_parquet_file_read_into_pandas_stops_at_the_row_limit(tmp_path, capsys, monkeypatch):
    """The count comes from the file's own metadata: nothing is read past the limit."""
    frame = pd.DataFrame({"date": ["2025-03-01"] * 10, "revenue": range(10)})
    frame.to_parquet(tmp_path / "orders.parquet")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XLKPI_MAX_ROWS", "5")
    err = said(capsys, "--source", "orders=orders.parquet")
    assert "more than 5 rows" in err and "XLKPI_MAX_ROWS" in err, err
