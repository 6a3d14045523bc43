"""A shared workbook is untrusted: what it may do by itself, and what only a grant allows.

Each test builds a hostile workbook (:mod:`tests.hostile`) and refreshes it with the
command line; remote hosts are listeners on 127.0.0.1 that record what reaches them.
Without a grant nothing leaves and nothing outside the workbook's folder is read, each
request refused in one line that names it and how to allow it; with the grant the same
source works.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from xl_kpi.cli import main
from xl_kpi.problems import say
from xl_kpi.sources import SourceSpec, parse_source_arg
from xl_kpi.sources.spec import redact
from xl_kpi.sources.sql import libpq_url

from .hostile import ORDERS_CSV, Listener, hostile_book

PRIVATE = "2025-03-01,O-9,C-9,TOPSECRET-CHANNEL,777\n"
PRIVATE_CSV = "date,order_id,customer_id,channel,revenue\n" + PRIVATE


def refused(book, capsys, *args: str) -> str:
    """The one line a refused refresh says; the workbook untouched."""
    before = book.read_bytes()
    assert main(["refresh", str(book), "--engine", "pandas", *args]) == 1
    out = capsys.readouterr()
    assert book.read_bytes() == before, "the workbook must be untouched"
    assert out.err.count("\n") == 1 and out.err.startswith("xl-kpi: "), out.err
    assert "TOPSECRET" not in out.out + out.err
    return out.err


def refreshed(book, capsys, *args: str) -> str:
    assert main(["refresh", str(book), "--engine", "pandas", *args]) == 0, capsys.readouterr().err
    return capsys.readouterr().out


@pytest.fixture
def private(tmp_path):
    """A file of the user's outside the workbook's folder."""
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "orders.csv").write_text(PRIVATE_CSV)
    return folder / "orders.csv"


def test_a_workbook_reads_the_files_of_its_own_folder_without_asking(tmp_path, capsys, monkeypatch):
    book = hostile_book(tmp_path / "shared", [("Orders", "exports/orders.csv")])
    (tmp_path / "shared" / "exports").mkdir()
    (tmp_path / "shared" / "exports" / "orders.csv").write_text(ORDERS_CSV)
    monkeypatch.chdir(tmp_path)  # not the workbook's folder: relative paths start at the workbook's
    assert "Revenue: 100" in refreshed(book, capsys)


@pytest.mark.parametrize(
    "where",
    ["absolute", "parent", "home", "link", "linked folder", "glob of links", "sqlite absolute"],
)
def test_files_outside_the_workbooks_folder_are_refused_until_granted(
    tmp_path, capsys, private, monkeypatch, where
):
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))
    location, kind = {
        "absolute": (str(private), None),
        "parent": ("../private/orders.csv", None),
        "home": ("~/private/orders.csv", None),
        "link": ("orders.csv", None),
        "linked folder": ("exports", "csv"),
        "glob of links": ("in/*.csv", None),
        "sqlite absolute": (f"sqlite:///{tmp_path}/private/shop.db", None),
    }[where]
    if where == "link":
        (shared / "orders.csv").symlink_to(private)
    if where == "linked folder":
        (shared / "exports").symlink_to(private.parent)
    if where == "glob of links":
        (shared / "in").mkdir()
        (shared / "in" / "orders.csv").symlink_to(private)
    if where == "sqlite absolute":
        import sqlite3

        with sqlite3.connect(private.parent / "shop.db") as con:
            con.execute("create table orders(date, order_id, customer_id, channel, revenue)")
            con.execute("insert into orders values ('2025-03-01','O-9','C-9','TOPSECRET-X',7)")
    book = hostile_book(shared, [("Orders", location, kind)])
    err = refused(book, capsys)
    if where == "glob of links":  # the pattern is in the folder; the file it finds is not
        assert "leads to" in err and str(private) in err, err
        return
    assert "this workbook asks to read the files" in err, err
    assert "xl-kpi trust book.xlsx" in err and "--trust" in err
    assert main(["trust", str(book), "--yes"]) == 0
    granted = capsys.readouterr().out
    assert "read the files" in granted and "allowed" in granted
    out = refreshed(book, capsys)
    assert "Revenue: 7" in out  # the grant lets the legitimate use work as before


def test_a_grant_is_asked_again_when_the_request_changes(tmp_path, capsys, private):
    other = private.parent / "other.csv"
    other.write_text(PRIVATE_CSV)
    book = hostile_book(tmp_path / "shared", [("Orders", str(private))])
    assert main(["trust", str(book), "--yes"]) == 0
    refreshed(book, capsys)
    changed = hostile_book(tmp_path / "shared", [("Orders", str(other))])
    assert changed == book
    assert str(other) in refused(book, capsys)
    assert main(["trust", str(book), "--revoke"]) == 0
    assert "withdrew" in capsys.readouterr().out
    hostile_book(tmp_path / "shared", [("Orders", str(private))])
    refused(book, capsys)


def test_trust_shows_each_request_and_grants_only_when_told(tmp_path, capsys, monkeypatch):
    book = hostile_book(
        tmp_path,
        [("Orders", "postgresql://kpi:${XLKPI_PG_PASSWORD}@db.example:5432/shop"),
         ("Spend", "/srv/exports/*.csv")],
        settings=[("engine", "spark"), ("spark.master", "spark://cluster.example:7077")],
    )  # fmt: skip
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115  (not a terminal)
    assert main(["trust", str(book)]) == 0
    out = capsys.readouterr().out
    assert "book.xlsx asks to:" in out
    for said in (
        "connect to the database postgresql://kpi:${XLKPI_PG_PASSWORD}@db.example:5432/shop",
        "read the files /srv/exports/*.csv",
        "compute on spark",
        "send its rows to the Spark cluster spark://cluster.example:7077",
    ):
        assert f"{said}  (not granted)" in out, out
    assert "nothing allowed" in out
    trust_file = os.environ["XLKPI_TRUST_FILE"]
    assert not os.path.exists(trust_file)
    assert main(["trust", str(book), "--yes"]) == 0
    assert "allowed; the grants are in" in capsys.readouterr().out
    grants = json.loads(open(trust_file).read())["workbooks"][os.path.realpath(book)]
    assert len(grants) == 4 and "engine spark" in grants
    assert oct(os.stat(trust_file).st_mode & 0o777) == "0o600"
    assert main(["trust", str(book)]) == 0
    assert "(not granted)" not in capsys.readouterr().out


def test_a_workbook_asking_for_nothing_says_so(tmp_path, capsys):
    book = hostile_book(tmp_path, [("Orders", "orders.csv")])
    assert main(["trust", str(book)]) == 0
    assert "asks for nothing beyond its own tabs" in capsys.readouterr().out


# ------------------------------------------------------------------- secrets and hosts


def test_a_secret_of_the_environment_is_never_sent_to_the_workbooks_host(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("SECRET_TOKEN", "tok-4242-secret")
    with Listener(postgres=True) as host:
        for url in (
            f"postgresql://kpi:${{SECRET_TOKEN}}@127.0.0.1:{host.port}/shop",
            f"postgresql://kpi@127.0.0.1:{host.port}/${{SECRET_TOKEN}}",
            "postgresql://kpi@${SECRET_TOKEN}.example/shop",
            "sqlite:///${SECRET_TOKEN}/shop.db",
        ):
            book = hostile_book(tmp_path, [("Orders", url)])
            err = refused(book, capsys, "--trust")  # even granted: the name is not allowed
            assert "may not read the environment variable SECRET_TOKEN" in err, err
            assert "tok-4242" not in err
    assert host.connections == 0 and not host.received


def test_an_ungranted_database_is_never_connected(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "users-own-pgpassword")
    with Listener(postgres=True) as host:
        book = hostile_book(tmp_path, [("Orders", f"postgresql://kpi@127.0.0.1:{host.port}/shop")])
        err = refused(book, capsys)
        assert f"connect to the database postgresql://kpi@127.0.0.1:{host.port}/shop" in err
    assert host.connections == 0 and not host.received


def test_a_granted_database_gets_the_password_of_an_allowed_variable_not_pgpassword(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("PGPASSWORD", "users-own-pgpassword")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("XLKPI_SHOP_PASSWORD", "the-shops-password")
    with Listener(postgres=True) as host:
        plain = f"postgresql://kpi@127.0.0.1:{host.port}/shop"
        book = hostile_book(tmp_path, [("Orders", plain)])
        err = refused(book, capsys, "--trust")
        assert "no password supplied" in err, err
        assert host.passwords == []  # libpq's PGPASSWORD is not offered to it
        with_password = f"postgresql://kpi:${{XLKPI_SHOP_PASSWORD}}@127.0.0.1:{host.port}/shop"
        hostile_book(tmp_path, [("Orders", with_password)])
        err = refused(book, capsys, "--trust")
        assert "the-shops-password" not in err and "users-own" not in err
        assert host.passwords == [b"the-shops-password"]
    assert b"users-own-pgpassword" not in host.received


def test_a_command_line_source_keeps_libpqs_environment():
    spec = parse_source_arg("orders=postgresql://kpi@db/shop")
    assert "password=" not in libpq_url("postgresql://kpi@db/shop", spec, 60)
    row = SourceSpec("Orders", "postgresql://kpi@db/shop", origin="Sources, row 2")
    url = libpq_url("postgresql://kpi@db/shop?sslmode=require", row, 60)
    assert "password=&" in url or url.endswith("password=")
    assert "statement_timeout%3D60000" in url and "default_transaction_read_only%3Don" in url


@pytest.mark.parametrize(
    "url, said",
    [
        ("postgresql://kpi:hunter2@db/shop", "may not hold a password"),
        ("postgresql://kpi@db/shop?password=hunter2", "may not hold a password"),
        ("postgresql://kpi@db/shop?hostaddr=127.0.0.1", "may not set hostaddr"),
        ("postgresql://kpi@db/shop?passfile=/tmp/x", "may not set passfile"),
    ],
)
def test_a_workbooks_url_holds_no_password_and_nothing_that_redirects_it(
    tmp_path, capsys, url, said
):
    book = hostile_book(tmp_path, [("Orders", url)])
    err = refused(book, capsys, "--trust")
    assert said in err and "hunter2" not in err, err


def test_a_spark_cluster_named_by_the_settings_is_a_request(tmp_path, capsys):
    (tmp_path / "orders.csv").write_text(ORDERS_CSV)
    with Listener() as cluster:
        book = hostile_book(
            tmp_path,
            [("Orders", "orders.csv")],
            settings=[("engine", "spark"), ("spark.master", f"spark://127.0.0.1:{cluster.port}")],
        )
        before = book.read_bytes()
        assert main(["refresh", str(book)]) == 1
        err = capsys.readouterr().err
        assert book.read_bytes() == before
        assert f"send its rows to the Spark cluster spark://127.0.0.1:{cluster.port}" in err
        assert "compute on spark" in err
    assert cluster.connections == 0


# ------------------------------------------------------------------------- redaction


@pytest.mark.parametrize(
    "text, shown",
    [
        ("postgresql://kpi:s3cret@db:5432/shop", "postgresql://kpi:***@db:5432/shop"),
        ("postgresql://kpi:p@ss@db/shop", "postgresql://kpi:***@db/shop"),
        ("postgresql://kpi:a:b/c@db/shop", "postgresql://kpi:***@db/shop"),
        ("postgresql://db/shop?password=s3cret&sslmode=require",
         "postgresql://db/shop?password=***&sslmode=require"),
        ("host=db password='s 3' user=kpi", "host=db password=*** user=kpi"),
    ],
)  # fmt: skip
def test_passwords_are_found_by_taking_the_url_apart(text, shown):
    assert redact(text) == shown


def test_no_expanded_value_is_echoed(monkeypatch):
    monkeypatch.setenv("XLKPI_TOKEN", "tok-123456")
    spec = SourceSpec("Orders", "postgresql://kpi@db/${XLKPI_TOKEN}", origin="Sources, row 2")
    error = spec.fail("error.source.reason", reason='invalid integer value "tok-123456"')
    assert "tok-123456" not in str(error) and "***" in str(error)
    assert "tok-123456" not in say(error, "ru")


# ------------------------------------------------------------------------------ Excel


def test_the_refresh_button_says_what_was_refused_and_how_to_allow_it(tmp_path, private):
    """In Excel the refused request is a message box naming it and the way to allow it;
    once granted, the same button reads the source."""
    import xl_kpi.udfs as udfs
    from xl_kpi.sources import trust

    from .fake_xlwings import FakeBook

    class SavedBook(FakeBook):  # a workbook saved on this computer, as xlwings names it
        @property
        def fullname(self) -> str:
            return str(tmp_path / "shared" / "book.xlsx")

    (tmp_path / "shared").mkdir()
    book = SavedBook(["Sources"])
    book.sheets["Sources"].range("A1").value = [
        ["tab", "location", "format", "options"],
        ["Orders", str(private), None, None],
    ]
    udfs.refresh_kpis(book)
    said = [alert["prompt"] for alert in book.app.fake_alerts]
    assert len(said) == 1 and "TOPSECRET" not in said[0]
    assert f"this workbook asks to read the files {private}" in said[0]
    assert "xl-kpi trust book.xlsx" in said[0]
    trust.grant(os.path.realpath(tmp_path / "shared" / "book.xlsx"), [f"files {private}"])
    udfs.refresh_kpis(book)
    assert len(book.app.fake_alerts) == 1  # no new message: the source was read
    shown = book.sheets["KPI Summary"].used_range.value
    assert any(777 == v for row in shown for v in row), "the granted source's revenue"
