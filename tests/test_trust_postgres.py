"""PostgreSQL sources on a throw-away server of the tests' own: every session read-only and
every query stopped at the time limit, whatever the query asks."""

from __future__ import annotations

import pytest

from xl_kpi.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(postgres):  # noqa: F811  (the fixture imported above)
    import adbc_driver_postgresql.dbapi as adbc

    with adbc.connect(f"postgresql://{postgres}") as con, con.cursor() as cursor:
        cursor.execute("create sequence counter")
        cursor.execute("create table log(n int)")
        cursor.execute(
            "create view slow as select '2025-03-01' as date, 1 as revenue, pg_sleep(30)::text as z"
        )
        con.commit()
    return postgres


def said(capsys, options: str) -> str:
    code = main(["report", "--engine", "pandas", "--source", "orders=postgresql://${XLKPI_TEST_PG}",
                 "--source-options", f"orders={options}"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1, err
    return err


def test_a_query_that_never_ends_stops_at_the_time_limit(server, capsys, monkeypatch):
    monkeypatch.setenv("XLKPI_TEST_PG", server)
    monkeypatch.setenv("XLKPI_TIMEOUT", "1")
    err = said(capsys, "table=slow")
    assert "ran longer than 1 s and was stopped" in err and "XLKPI_TIMEOUT" in err, err


def test_a_query_cannot_write(server, capsys, monkeypatch):
    import adbc_driver_postgresql.dbapi as adbc

    monkeypatch.setenv("XLKPI_TEST_PG", server)
    err = said(capsys, "query=\"select '2025-03-01' as date, nextval('counter') as revenue\"")
    assert "read-only transaction" in err, err
    with adbc.connect(f"postgresql://{server}") as con, con.cursor() as cursor:
        cursor.execute("select last_value, is_called from counter")
        assert cursor.fetchone() == (1, False)  # never advanced
