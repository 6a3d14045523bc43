"""Raw tabs from elsewhere: each kind of source gives the records of the same rows pasted
into tabs, on DuckDB and on pandas; and every bad source is one clear line, exit code 1,
the workbook untouched."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import narwhals as nw
import numpy as np
import openpyxl
import pandas as pd
import pytest

from xl_kpi import paste
from xl_kpi.cli import main
from xl_kpi.cli_errors import LOCALE_VARIABLES
from xl_kpi.engine import ENGINES, EngineError, open_engine
from xl_kpi.files.refresh import report_file
from xl_kpi.headless import new_workbook, refresh_workbook
from xl_kpi.progress import Progress
from xl_kpi.report import build_report
from xl_kpi.schema import recognise, tab
from xl_kpi.sources import SourceError, SourceSpec, load_sources, parse_source_arg
from xl_kpi.sources.report import report_with_sources
from xl_kpi.tabs import read_tab, read_tabs

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
    report,
    same_everywhere,
    specs,
)
from .source_files import LOCAL_ENGINES

#: Every test here reads through a real engine (DuckDB, SQLite, Spark, PostgreSQL).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return sf.tables()


@pytest.fixture(scope="module")
def want(data) -> dict:
    return sf.expected(data)


@pytest.fixture(scope="module")
def folder(tmp_path_factory, data) -> Path:
    """Every tab written as each kind of source."""
    root = tmp_path_factory.mktemp("sources")
    (root / "en").mkdir()
    (root / "ru").mkdir()
    (root / "parquet").mkdir()
    for name, frame in data.items():
        sf.write_csv_en(frame, root / "en" / f"{name.lower()}.csv")
        encoding = "utf-8-sig" if name in ("Leads", "Brand") else "cp1251"
        sf.write_csv_ru(frame, name, root / "ru" / f"{name.lower()}.csv", encoding)
        sf.write_parquet(frame, root / "parquet" / f"{name.lower()}.parquet")
    sf.write_partitioned(data["Orders"], root / "orders_by_month")
    orders = data["Orders"]
    (root / "split").mkdir()
    for i, part in enumerate((orders.iloc[:300], orders.iloc[300:650], orders.iloc[650:])):
        sf.write_csv_en(part, root / "split" / f"orders-{i}.csv")
    sf.write_sqlite(data, root / "shop.db")
    return root


def each_tab(pattern: str) -> list[SourceSpec]:
    return [parse_source_arg(f"{t}={pattern.format(t.lower())}") for t in sf.DATA_TABS]


def test_english_csv_files_give_the_pasted_records(folder, want, engine):
    got = sf.records(report(each_tab("en/{}.csv"), engine, folder))
    assert sf.differences(got, want) == []


def test_russian_csv_files_give_the_pasted_records(folder, want, engine):
    """Windows-1251 and UTF-8 with a byte order mark, ``;``, 1 234,56, dd.mm.yyyy."""
    assert (folder / "ru" / "orders.csv").read_bytes().decode("cp1251").startswith("дата;")
    assert (folder / "ru" / "leads.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    got = sf.records(report(each_tab("ru/{}.csv"), engine, folder))
    assert sf.differences(got, want) == []


def test_parquet_files_give_the_pasted_records(folder, want, engine):
    got = sf.records(report(each_tab("parquet/{}.parquet"), engine, folder))
    assert sf.differences(got, want) == []


def test_a_partitioned_parquet_folder_and_a_csv_glob_are_one_tab(folder, data, want, engine):
    sources = each_tab("parquet/{}.parquet")
    sources[0] = parse_source_arg("orders=orders_by_month")
    assert len(list((folder / "orders_by_month").glob("month=*/*.parquet"))) == 12
    got = sf.records(report(sources, engine, folder))
    assert sf.differences(got, want) == []
    sources[0] = parse_source_arg("orders=split/orders-*.csv")
    got = sf.records(report(sources, engine, folder))
    assert sf.differences(got, want) == []


def test_a_sqlite_database_gives_the_pasted_records(folder, want, engine):
    """Tables named after the tabs by default; a query or another table by option."""
    sources = [parse_source_arg(f"{t}=sqlite:///shop.db") for t in sf.DATA_TABS]
    got = sf.records(report(sources, engine, folder))
    assert sf.differences(got, want) == []
    sources[0] = parse_source_arg("orders=sqlite:///shop.db", "query='select * from orders'")
    sources[1] = parse_source_arg("leads=sqlite:///shop.db#leads")
    got = sf.records(report(sources, engine, folder))
    assert sf.differences(got, want) == []


def test_the_command_line_reports_sources_without_a_workbook(folder, want, capsys):
    args = [f"--source={t.lower()}={folder / 'parquet' / t.lower()}.parquet" for t in sf.DATA_TABS]
    assert main(["report", *args, "--format", "json"]) == 0
    out = capsys.readouterr()
    got = {(r["kpi"], r["period"], r["channel"]): r["value"] for r in json.loads(out.out)}
    assert sf.differences(got, want) == []
    assert out.err == ""  # no progress when the output is not a terminal


def test_bad_rows_of_a_source_are_counted_and_listed_as_in_a_tab(tmp_path, data, engine):
    orders = data["Orders"].head(200).copy()
    text = orders.astype(object)
    text.loc[5, "revenue"] = "abc"
    text.loc[17, "date"] = "31.02.2025"
    text.loc[40, "revenue"] = None
    sf.write_csv_en(orders, tmp_path / "clean.csv")
    raw = pd.read_csv(tmp_path / "clean.csv", dtype=str, keep_default_na=False)
    raw.loc[5, "revenue"], raw.loc[17, "date"], raw.loc[40, "revenue"] = "abc", "31.02.2025", ""
    raw.to_csv(tmp_path / "orders.csv", index=False)
    pasted = read_tab(tab("Orders"), "orders.csv", raw)
    with open_engine(engine) as running:
        got = load_sources(specs(orders="orders.csv"), running, tmp_path).tabs["Orders"]
        assert (got.rows_read, got.rows_skipped) == (pasted.rows_read, pasted.rows_skipped)
        assert (got.rows_read, got.rows_skipped) == (200, 3)
        assert [str(n) for n in got.notes] == [str(n) for n in pasted.notes], engine
    assert [n.row for n in pasted.notes] == [7, 19, 42]  # lines of the file, header line 1


def test_the_copy_duckdb_makes_of_csv_files_is_dropped_once_their_rows_are_checked(tmp_path, data):
    """The checked rows are kept for the facts; the text copy of the files is not, so
    its memory (or its place on disk beyond the limit) goes to the facts."""
    orders = data["Orders"].head(300)
    sf.write_csv_en(orders, tmp_path / "a.csv")
    sf.write_csv_en(orders, tmp_path / "b.csv")
    copies = "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'csv_%'"
    with open_engine("duckdb") as running:
        got = load_sources(specs(orders="*.csv"), running, tmp_path).tabs["Orders"]
        assert running.con.sql(copies).fetchall() == [(0,)]
        assert got.rows_read == 600
        revenue = got.lazy.collect(backend="pandas").to_native()["revenue"].sum()
    assert revenue == pytest.approx(2 * orders["revenue"].sum())


def test_a_workbook_sources_tab_is_read_relative_to_the_workbook(tmp_path, folder, want):
    book = tmp_path / "head.xlsx"
    new_workbook(book, "plain")
    shutil.copytree(folder / "parquet", tmp_path / "data")
    workbook = openpyxl.load_workbook(book)
    sheet = workbook.create_sheet("Источники")
    sheet.append(["вкладка", "расположение", "формат", "параметры"])
    for t in sf.DATA_TABS:
        sheet.append([t, f"data/{t.lower()}.parquet", None, None])
    workbook.save(book)
    done = refresh_workbook(book)
    assert sf.differences(sf.records(done.report), want) == []
    assert done.report.tabs["Orders"].sheet == "data/orders.parquet"


@pytest.mark.slow  # writes three sample workbooks
def test_regional_copies_of_a_template_consolidate_into_one_summary(tmp_path):
    """A folder of regional copies (written by xl-kpi new) read as one: the same raw tab
    of each, with a source column, gives the records of all their rows pasted together,
    each copy's customers and orders its own."""
    regions = tmp_path / "regions"
    regions.mkdir()
    for name, orders in (("north", 250), ("south", 400), ("west", 320)):
        assert (
            main(["new", str(regions / f"{name}.xlsx"), "--sample", "--orders", str(orders)]) == 0
        )
    head = tmp_path / "head.xlsx"
    new_workbook(head, "plain")
    before = head.read_bytes()
    sources = [f"--source={t.lower()}=regions/*.xlsx" for t in sf.DATA_TABS]
    assert main(["report", str(head), *sources]) == 0
    assert head.read_bytes() == before
    pasted: dict[str, list[pd.DataFrame]] = {}
    for path in sorted(regions.glob("*.xlsx")):
        workbook = openpyxl.load_workbook(path, read_only=True)
        for t in sf.DATA_TABS:
            rows = list(workbook[t].iter_rows(values_only=True))
            frame = pd.DataFrame([r[:8] for r in rows[1:]], columns=rows[0][:8])
            frame = frame.loc[:, [c for c in frame.columns if c is not None]]
            for column in ("customer_id", "order_id", "lead_id"):
                if column in frame:
                    frame[column] = f"regions/{path.name}:" + frame[column].astype(str)
            pasted.setdefault(t, []).append(frame)
    want = sf.expected({t: pd.concat(frames, ignore_index=True) for t, frames in pasted.items()})
    loaded = report_file(head, sources=[parse_source_arg(s[9:]) for s in sources])
    assert sf.differences(sf.records(loaded), want) == []
    orders = loaded.tabs["Orders"]
    assert orders.frame["source"].value_counts().to_dict() == {
        "regions/north.xlsx": 250, "regions/south.xlsx": 400, "regions/west.xlsx": 320
    }  # fmt: skip
    assert orders.rows_read == 970


# --------------------------------------------------------------------------- bad input


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "book.xlsx"
    new_workbook(path, "plain", sample=True, orders=200)
    return path


def fails(book: Path, capsys, *args: str) -> str:
    before = book.read_bytes()
    assert main(["refresh", str(book), *args]) == 1
    err = capsys.readouterr().err
    assert book.read_bytes() == before, "the workbook must be untouched"
    assert err.count("\n") == 1 and err.startswith("xl-kpi: "), err
    return err


def test_a_missing_file(book, capsys):
    err = fails(book, capsys, "--source", "orders=nowhere/orders.parquet")
    assert "source Orders (nowhere/orders.parquet)" in err and "there is no file" in err


def test_an_unreadable_file(book, capsys):
    (book.parent / "orders.parquet").write_bytes(b"PAR1 this is not parquet at all")
    err = fails(book, capsys, "--source", "orders=orders.parquet")
    assert "source Orders (orders.parquet)" in err
    (book.parent / "orders.xlsx").write_bytes(b"not a workbook")
    err = fails(book, capsys, "--source", "orders=orders.xlsx")
    assert "source Orders (orders.xlsx)" in err


def test_a_glob_that_matches_nothing(book, capsys):
    err = fails(book, capsys, "--source", "spend=exports/*.csv")
    assert "source Spend (exports/*.csv): no file matches" in err


def test_a_wrong_url(book, capsys):
    err = fails(book, capsys, "--source", "orders=mysql://db/shop")
    assert "unknown kind of URL 'mysql://'" in err
    err = fails(book, capsys, "--source", "orders=sqlite:///missing.db")
    assert "source Orders (sqlite:///missing.db): there is no database file" in err


#: A source that cannot be read -> what the one line says in English and in Russian.
UNREADABLE = {
    "orders=MISSING.csv": (
        # the folder it looked in, in full (the current one: no workbook names a folder)
        "source Orders (MISSING.csv): there is no file 'MISSING.csv' in '{folder}'",
        "источник Orders (MISSING.csv): нет файла 'MISSING.csv' в папке '{folder}'",
    ),
    "orders=sqlite://db.example/shop.db": (
        "source Orders (sqlite://db.example/shop.db): a sqlite URL names a file:",
        "источник Orders (sqlite://db.example/shop.db): URL sqlite называет файл:",
    ),
    "orders=garbled.csv": (
        "source Orders (garbled.csv): garbled.csv is not cp1251 text (byte 151); "
        "set encoding= in options",
        "источник Orders (garbled.csv): garbled.csv — не текст в cp1251 (байт 151); "
        "укажите encoding= в options",
    ),
    "orders=regions/*.xlsx": (  # a workbook cut short: the reason is a keyed error too
        "source Orders (regions/*.xlsx): south.xlsx: 'south.xlsx' is incomplete or damaged",
        "источник Orders (regions/*.xlsx): south.xlsx: 'south.xlsx' неполон или повреждён",
    ),
}
#: How the language is chosen -> (the environment's locale, the arguments, the language).
LANGUAGE_CHOICES = {
    "ru locale": ("ru_RU.UTF-8", [], "ru"),
    "--lang ru": ("en_US.UTF-8", ["--lang", "ru"], "ru"),
    "en locale": ("en_US.UTF-8", [], "en"),
    "--lang en": ("ru_RU.UTF-8", ["--lang", "en"], "en"),
}


@pytest.mark.parametrize("choice", LANGUAGE_CHOICES)
@pytest.mark.parametrize("source", UNREADABLE)
def test_an_unreadable_source_is_one_line_in_the_users_language(tmp_path, source, choice):
    """The installed command, with no workbook: one line on stderr in the locale's language
    (or --lang's), exit code 1, no traceback, nothing on stdout."""
    (tmp_path / "garbled.csv").write_bytes(bytes(range(1, 256)) * 4)  # 0x98 is not cp1251
    (tmp_path / "regions").mkdir()
    openpyxl.Workbook().save(tmp_path / "whole.xlsx")
    whole = (tmp_path / "whole.xlsx").read_bytes()
    (tmp_path / "regions" / "south.xlsx").write_bytes(whole[: len(whole) // 2])
    locale, args, lang = LANGUAGE_CHOICES[choice]
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    env["LANG"] = locale
    done = subprocess.run(
        [sys.executable, "-m", "xl_kpi.cli", *args, "report", "--source", source,
         "--format", "json"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    english, russian = (
        said.replace("{folder}", str(tmp_path.resolve())) for said in UNREADABLE[source]
    )
    err = done.stderr
    assert (done.returncode, done.stdout) == (1, ""), err
    assert "Traceback" not in err and err.count("\n") == 1 and err.startswith("xl-kpi: "), err
    cyrillic = re.search("[а-яё]", err, re.IGNORECASE)
    if lang == "ru":
        assert russian in err and cyrillic, err
        assert not re.search(r"\b(is|the|and|cannot|or|its)\b", err), err  # no English
    else:
        assert english in err and not cyrillic, err


def test_a_database_that_refuses_the_connection(book, capsys, monkeypatch):
    """The URL names an environment variable; its password never shows."""
    err = fails(book, capsys, "--source", "orders=postgresql://${XLKPI_TEST_PG}")
    assert "the environment variable XLKPI_TEST_PG is not set" in err
    monkeypatch.setenv("XLKPI_TEST_PG", "kpi:s3cret@127.0.0.1:1/shop")
    err = fails(book, capsys, "--source", "orders=postgresql://${XLKPI_TEST_PG}")
    assert "source Orders (postgresql://${XLKPI_TEST_PG})" in err
    assert "refused" in err.lower() and "s3cret" not in err


def test_a_table_without_the_required_columns(book, capsys, data):
    frame = data["Orders"].drop(columns=["revenue"])
    sf.write_csv_en(frame, book.parent / "orders.csv")
    err = fails(book, capsys, "--source", "orders=orders.csv")
    assert "source Orders (orders.csv): no column for revenue" in err
    with sqlite3.connect(book.parent / "shop.db") as con:
        con.execute("create table spend (day text, budget_left real)")
    err = fails(book, capsys, "--source", "spend=sqlite:///shop.db")
    assert "source Spend (sqlite:///shop.db): no column for" in err
    err = fails(book, capsys, "--source", "leads=sqlite:///shop.db")
    assert "no such table: leads" in err


def test_a_spark_master_that_cannot_be_reached(book, capsys, tmp_path, data):
    sf.write_parquet(data["Orders"], book.parent / "orders.parquet")
    workbook = openpyxl.load_workbook(book)
    settings = workbook["Settings"]
    settings.append(["engine", "spark"])
    settings.append(["spark.master", "spark://127.0.0.1:1"])
    workbook.save(book)
    err = fails(book, capsys, "--source", "orders=orders.parquet", "--trust")
    assert "the Spark master spark://127.0.0.1:1 cannot be reached" in err
    with pytest.raises(EngineError, match="cannot be reached"):
        open_engine("spark", spark_master="spark://127.0.0.1:1")


def test_a_file_rewritten_while_being_read_is_refused(book, capsys, data):
    """Rewritten between reading and computing, the source is refused, not half read."""
    path = book.parent / "orders.parquet"
    sf.write_parquet(data["Orders"], path)

    def rewrite(text: str) -> None:
        if text.startswith("computing"):
            sf.write_parquet(data["Orders"].head(10), path)

    before = book.read_bytes()
    with pytest.raises(SourceError, match="orders.parquet changed while it was being read"):
        refresh_workbook(book, sources=specs(orders="orders.parquet"), progress=Progress(rewrite))
    assert book.read_bytes() == before
    assert (
        refresh_workbook(book, sources=specs(orders="orders.parquet"))
        .report.tabs["Orders"]
        .rows_read
        == 10
    )  # read whole once it holds still


def test_a_usage_error_for_options_without_a_source(book, capsys):
    assert main(["report", "--source-options", "orders=sep=;"]) == 2
    assert main(["report"]) == 2


def test_progress_shows_on_a_terminal_and_not_when_piped(tmp_path, data):
    import os
    import pty

    from xl_kpi.progress import SILENT, terminal

    sf.write_parquet(data["Orders"], tmp_path / "orders.parquet")
    master, slave = pty.openpty()
    with open(slave, "w", closefd=True) as screen:
        shown = terminal(screen)
        assert shown is not SILENT
        report_with_sources({}, base=tmp_path, sources=specs(orders="orders.parquet"),
                            progress=shown)  # fmt: skip
    text = os.read(master, 65536).decode()
    os.close(master)
    assert "reading Orders" in text and "computing on duckdb" in text
    assert text.endswith("\r")  # the line is cleared at the end
    with open(tmp_path / "log.txt", "w") as piped:
        assert terminal(piped) is SILENT


def test_a_source_replaces_the_workbooks_own_tab_and_says_so(book, data):
    sf.write_parquet(data["Orders"], book.parent / "orders.parquet")
    done = refresh_workbook(book, sources=specs(orders="orders.parquet"))
    orders = done.report.tabs["Orders"]
    assert (orders.sheet, orders.rows_read) == ("orders.parquet", len(data["Orders"]))
    assert str(orders.notes[0]) == "Orders: not used: its rows come from orders.parquet"
    revenue = sf.records(done.report)[("REVENUE", "total", None)]
    assert revenue == pytest.approx(data["Orders"].query("status == 'completed'")["revenue"].sum())


def test_settings_choose_the_engine_and_its_memory(book, capsys, data):
    sf.write_parquet(data["Orders"], book.parent / "orders.parquet")
    workbook = openpyxl.load_workbook(book)
    workbook["Settings"].append(["memory_limit", "lots"])
    workbook.save(book)
    err = fails(book, capsys, "--source", "orders=orders.parquet")
    assert "memory_limit 'lots' is not a size" in err
    # the pandas engine has no memory limit to read: the same workbook refreshes there
    assert (
        main(["refresh", str(book), "--source", "orders=orders.parquet", "--engine", "pandas"]) == 0
    )


def test_the_rules_of_pasted_exports_apply_to_sources_alike(tmp_path, engine):
    """A channel written as the Channels tab maps it, spend without a channel column
    (``unassigned``), a cancellation date, a mistyped far year: the same on every engine as
    in a pasted tab."""
    days = [f"2025-03-{d:02d}" for d in range(1, 29)]
    orders = pd.DataFrame(
        {
            "Created at": days,
            "Customer": [f"C{i % 9}" for i in range(28)],
            "Source": ["google / cpc", "Google Ads", "VK", "vk"] * 7,
            "Total": [f"{100 + i}.5" for i in range(28)],
            "Cancelled at": ["2025-03-05" if i % 6 == 0 else "" for i in range(28)],
        }
    )
    orders.loc[3, "Created at"] = "2052-03-04"  # a typo: 27 years after the rest
    spend = pd.DataFrame({"Day": days, "Cost": [f"{50 + i}" for i in range(28)]})
    orders.to_csv(tmp_path / "orders.csv", index=False)
    spend.to_csv(tmp_path / "spend.csv", index=False)
    channels = pd.DataFrame({"written_as": ["google / cpc"], "channel": ["Google Ads"]})
    pasted = read_tabs({"Orders": orders, "Spend": spend, "Channels": channels})
    want = sf.records(build_report(pasted))
    workbook = {"Channels": channels}
    sources = specs(orders="orders.csv", spend="spend.csv")
    report = report_with_sources(
        read_tabs(workbook), raw=workbook, base=tmp_path, sources=sources, engine=engine
    )
    assert sf.differences(sf.records(report), want) == [], engine
    for name in ("Orders", "Spend"):
        got, tab_ = report.tabs[name], pasted[name]
        assert (got.rows_read, got.rows_skipped) == (tab_.rows_read, tab_.rows_skipped)
    assert any("2052" in str(n) for n in report.tabs["Orders"].notes), engine
    assert any("unassigned" in str(n) for n in report.tabs["Spend"].notes), engine
    channels_seen = {r[2] for r in want if r[2] is not None}
    assert channels_seen == {"Google Ads", "VK", "unassigned"}


def test_a_deals_export_as_a_source_counts_won_deals_only(tmp_path, engine):
    deals = pd.DataFrame(
        {
            "Create Date": [f"2025-04-{d:02d}" for d in range(1, 13)],
            "Amount": [f"{1000 + 10 * i}" for i in range(12)],
            "Deal Stage": ["Closed Won", "Appointment scheduled", "Closed Lost"] * 4,
        }
    )
    deals.to_csv(tmp_path / "deals.csv", index=False)
    pasted = read_tabs({"Orders": deals})
    want = sf.records(build_report(pasted))
    assert want[("SALES_COUNT", "total", None)] == 4  # the won ones
    report = report_with_sources(
        {}, base=tmp_path, sources=specs(orders="deals.csv"), engine=engine
    )
    assert sf.differences(sf.records(report), want) == [], engine
    assert report.tabs["Orders"].deals


# ------------------------------------------------------------- the rules of pasted exports


def test_a_title_and_a_period_above_the_header_of_a_csv_source(tmp_path):
    pasted = same_everywhere(tmp_path, "Spend", TITLED)
    said = [n.key for n in pasted.notes]
    assert said[:2] == ["note.header_found", "note.period"]
    assert (pasted.rows_read, pasted.rows_skipped) == (3, 1)
    assert [n.row for n in pasted.notes if n.row] == [7]  # the line of the bad cost


def test_the_period_above_the_header_dates_an_export_without_a_date_column(tmp_path):
    text = "Campaign report\n2025-03-01 - 2025-03-31\nCampaign,Cost\nBrand,100\nGeneric,50\n"
    pasted = same_everywhere(tmp_path, "Spend", text)
    assert "note.dated_by_period" in [n.key for n in pasted.notes]


def test_a_csv_with_a_column_named_rowid_names_the_lines_of_its_bad_rows(tmp_path):
    """A database's export may have a ``rowid`` column, which hides the table's own row
    numbers on DuckDB: its lines are counted all the same."""
    text = (
        "Orders export\nrowid,date,order_id,customer_id,channel,revenue\n"
        "7,2025-01-01,1,C1,VK,10\n7,2025-01-02,2,C2,VK,twelve\n7,2025-01-03,3,C3,VK,5\n"
    )
    pasted = same_everywhere(tmp_path, "Orders", text)
    assert [n.row for n in pasted.notes if n.row] == [4]


def test_totals_rows_of_a_source_are_left_out_and_said(tmp_path):
    pasted = same_everywhere(tmp_path, "Spend", TOTALS)
    assert pasted.rows_excluded == 3
    assert [n.row for n in pasted.notes if n.key == "note.total_row"] == [2, 5, 7]
    assert pasted.frame["spend"].sum() == pytest.approx(61.5)


#: Labels starting with each character a totals text may start with, totals or not.
_FIRST_CHARACTERS = [
    "  Total", "\tTotal", "\xa0Итого", "  Brand", "\xa0Brand", "total", "TOTAL:", "Totem",
    "Grand total", "grand", "Gift cards", "Итого", "итого", "Иные", "Всего", "всего",
    "Вклад", "Общий итог", "общий", "Обувь", "© Meta", "Brand",
]  # fmt: skip


def test_totals_rows_are_found_whatever_character_they_start_with(tmp_path):
    """The engines look at a text for totals only when its first character may start one
    (a blank, the no-break space, T, G, И, В, О, ©, in either case): each such text is
    decided by the tab reader's rule, as it is when pasted."""
    lines = [f'2025-03-{d + 1:02d},"{label}",{d + 1}' for d, label in enumerate(_FIRST_CHARACTERS)]
    pasted = same_everywhere(tmp_path, "Spend", "Date,Campaign,Cost\n" + "\n".join(lines))
    totals = [label for label in _FIRST_CHARACTERS if paste.is_total_text(label)]
    assert 10 <= pasted.rows_excluded == len(totals) < len(_FIRST_CHARACTERS) - 8


def test_more_totals_than_are_listed_are_counted(tmp_path):
    lines = ["Date,Cost"] + [f"2025-03-{d:02d},{d}\nTotal,{d}" for d in range(1, 14)]
    pasted = same_everywhere(tmp_path, "Spend", "\n".join(lines) + "\n")
    assert "note.more_totals" in [n.key for n in pasted.notes]


_UNLABELLED = """\
Day,Campaign,Cost,Clicks
2025-03-02,,4,1
2025-03-01,Brand,10.50,3
2025-03-03,Generic,bad,5
2025-03-04,,2,2
2025-03-01,,16.5,11
"""


def test_rows_without_a_label_are_data_and_the_last_one_summing_the_others_is_said(tmp_path):
    """Rows without a campaign are data, the first one too; the last one, the sum of the
    others (the bad row's cost counted as blank), is left out with its line, as pasted."""
    pasted = same_everywhere(tmp_path, "Spend", _UNLABELLED)
    said = [(n.key, n.row) for n in pasted.notes if n.row is not None]
    assert ("note.sum_row", 6) in said and len(said) == 2
    assert (pasted.rows_read, pasted.rows_skipped, pasted.rows_excluded) == (4, 1, 1)
    assert pasted.frame["spend"].sum() == pytest.approx(16.5)


_MIXED = """\
Date,Campaign,Amount spent (USD),Clicks
2025-03-01,Brand,10,3
2025-03-02,Brand,20,7
"""


def test_money_in_another_currency_without_a_rate_is_left_out_on_every_engine(tmp_path):
    pasted = same_everywhere(tmp_path, "Orders", VALUES, settings=[("currency", "RUB")])
    said = {n.key: dict(n.params) for n in pasted.notes}
    assert said["note.no_rate"]["currency"] in {"USD", "EUR"}
    assert pasted.rows_skipped == 2  # the dollars and the euros: no rate for either


def test_money_in_another_currency_is_converted_at_the_settings_rate(tmp_path):
    settings = [("currency", "RUB"), ("rate USD", "92,5"), ("rate EUR", "100")]
    pasted = same_everywhere(tmp_path, "Orders", VALUES, settings=settings)
    assert pasted.frame["revenue"].sum() == pytest.approx(100 + 20 * 92.5 + 30 * 100 + 1500)
    same_everywhere(tmp_path, "Spend", _MIXED, settings=settings)


def test_without_a_currency_in_settings_the_first_one_named_is_the_workbooks(tmp_path):
    pasted = same_everywhere(tmp_path, "Spend", _MIXED)
    assert "note.assumed_currency" in [n.key for n in pasted.notes]


def test_line_items_of_an_order_are_one_order_on_every_engine(tmp_path):
    pasted = same_everywhere(tmp_path, "Orders", LINE_ITEMS)
    assert pasted.rows_excluded == 2  # #1001's two other lines
    assert pasted.rows_skipped == 1  # #1003 has no amount on any line
    assert "note.line_items" in [n.key for n in pasted.notes]


def test_line_items_of_an_export_of_dates_ids_and_amounts_alone_are_one_order_each(tmp_path):
    """An export with no column but the date, the order id and the amount: an order's
    items still make one order (there is no other text to merge), on every engine."""
    text = (
        "date,order_id,revenue\n2025-01-06,#1001,5\n2025-01-06,#1002,7\n"
        "2025-01-06,#1002,0.5\n2025-01-06,#1002,\n"
    )
    pasted = same_everywhere(tmp_path, "Orders", text)
    assert pasted.rows_excluded == 1  # #1002's line without an amount
    found = sf.records(build_report({"Orders": pasted}))
    assert (found["SALES_COUNT", "total", None], found["REVENUE", "total", None]) == (2, 12.5)


@pytest.mark.parametrize("layout", exports.LAYOUTS, ids=lambda layout: layout.name)
def test_every_real_export_as_a_source_reads_as_the_pasted_tab(tmp_path, layout):
    """The exports of the real-exports fixtures (title rows, totals, currencies, line
    items, deals) as CSV sources: the same as pasted into a tab of their kind."""
    name = recognise(layout.sheet)[0].name
    same_everywhere(tmp_path, name, layout.text, layout.settings, delimiter=layout.delimiter)


def test_check_reads_the_sources_and_says_what_refresh_would(book, capsys, tmp_path):
    (book.parent / "spend.csv").write_text(TOTALS)
    assert main(["check", str(book), "--source", "spend=spend.csv"]) == 0
    out = capsys.readouterr().out
    assert "spend.csv (Spend): 3 rows read, 0 skipped" in out
    assert "spend.csv, row 2: 'Total: Account' is a totals row: left out" in out


# ------------------------------------------------------------- several Parquet files


def test_each_parquet_file_ends_in_its_own_summary_row_on_every_engine(tmp_path):
    """Each file's last row sums its others: left out on pandas as on DuckDB, a file at a
    time, so the totals are the rows' (42), not twice them."""
    found = parquet_months(tmp_path, ("x.parquet", "y.parquet"), "spend", LOCAL_ENGINES)
    records, sums, excluded, spend = found["duckdb"]
    assert (excluded, spend) == (2, pytest.approx(42.0))  # the rows': 10 + 11 + 7 + 14
    assert found["pandas"][2:] == (2, pytest.approx(42.0))
    assert sums == [("spend/month=2025-01/x.parquet", 3), ("spend/month=2025-02/y.parquet", 3)]
    assert found["pandas"][1] == sums
    assert sf.differences(found["pandas"][0], records) == []


def test_files_of_the_same_name_in_different_partitions_are_different_files(tmp_path):
    """Hive partitions each holding ``data.parquet``: each file's summary row is found and
    named by its own path, on every engine alike (inside the folder the source is read
    from, and with files given by their absolute paths)."""
    found = parquet_months(tmp_path, ("data.parquet",) * 2, "spend", LOCAL_ENGINES)
    want = [("spend/month=2025-01/data.parquet", 3), ("spend/month=2025-02/data.parquet", 3)]
    for engine, (records, sums, excluded, _) in found.items():
        assert (sums, excluded) == (want, 2), engine
        assert sf.differences(records, found["duckdb"][0]) == [], engine
    glob = "{root}/spend/*/data.parquet"
    (tmp_path / "again").mkdir()
    found = parquet_months(
        tmp_path / "again", ("data.parquet",) * 2, glob, LOCAL_ENGINES, base=None
    )
    want = [("month=2025-01/data.parquet", 3), ("month=2025-02/data.parquet", 3)]
    for engine, (_, sums, excluded, _) in found.items():
        assert (sums, excluded) == (want, 2), engine


def test_a_source_without_a_required_column_says_the_same_on_every_engine(tmp_path):
    """The refresh stops with one message, the same on pandas as on DuckDB (not the tab
    reader's note, which says the tab is not used), in English and in Russian."""
    for location, said in no_column_messages(tmp_path, LOCAL_ENGINES).items():
        english, russian = said["duckdb"]
        assert said["pandas"] == said["duckdb"], location
        assert english.startswith(f"source Spend ({location}): no column for spend (")
        assert "its columns are Day, Campaign" in english and "not used" not in english
        assert russian.startswith(f"источник Spend ({location}): нет столбца для spend (")


def test_several_exports_are_each_dated_by_their_own_period(tmp_path):
    """Without a date column, each file's rows are dated by the period above its header,
    on DuckDB as on pandas (not stopped for want of a date)."""
    found = dated_by_each_files_period(tmp_path, LOCAL_ENGINES)
    records, notes = found["duckdb"]
    assert found["pandas"] == found["duckdb"]
    assert records[("SPEND", "2025-03", None)] == 100 and records[("SPEND", "2025-04", None)] == 50
    dated = [(sheet, dict(params)["date"]) for sheet, key, params in notes if "dated" in key]
    assert dated == [("exports/april.csv", "2025-04-01"), ("exports/march.csv", "2025-03-01")]


def _orders_over_months(channels: int) -> str:
    """Orders over five months, customers buying again, ``channels`` channels."""
    lines = ["Created at,Order,Customer,Channel,Total"]
    for i in range(60):
        day = f"2025-{1 + i % 5:02d}-{1 + (i * 7) % 28:02d}"
        lines.append(f"{day},#{i},C{i % 9},Channel {i % channels},{10 + i * 3}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("period", ["month", "week", "quarter"])
def test_periods_of_weeks_and_quarters_give_the_pasted_facts_on_every_engine(tmp_path, period):
    """A month is computed from the date on an engine, weeks and quarters are looked up in
    the calendar: both give the pasted tab's records (buyers, returning, cohorts)."""
    pasted = same_everywhere(
        tmp_path, "Orders", _orders_over_months(3), settings=[("period", period)]
    )
    assert pasted.rows_read == 60


def test_many_channels_give_the_pasted_facts_on_every_engine(tmp_path):
    """More channels than a lookup writes as a CASE: looked up by a join, the same facts."""
    pasted = same_everywhere(tmp_path, "Orders", _orders_over_months(25))
    assert pasted.frame["channel"].nunique() == 25


@pytest.mark.engines(*ENGINES)
@pytest.mark.parametrize("lines", [True, False], ids=["with lines", "without lines"])
def test_the_distinct_values_of_several_columns_are_each_columns_own(engine, lines):
    """``Engine.distinct`` (one scan of GROUPING SETS on DuckDB and Spark, a query a
    column on pandas) gives each column's own distinct values: nulls left out, a column's
    filter applied to it alone, numbers as numbers, and where each value of the first
    column is first written (its least line, else minus its count), as pandas says."""
    rows = pd.DataFrame(
        {
            "__raw_0": ["Ads", "SEO", None, "Ads", "Email", "SEO", "Ads", None],
            "__raw_1": ["1 200", "5", "x", None, "7", "1 200", "9", "y"],
            "__raw_2": [3, 3, None, 4, 4, 5, None, 3],
            "__row": [9, 4, 5, 2, 7, 8, 3, 6],
        }
    ).astype({"__raw_2": "Int64"})
    if not lines:
        rows = rows.drop(columns="__row")
    plain = nw.col("__raw_1").str.contains("^[0-9]+$")
    with open_engine(engine) as running:
        lf = running.lazy(running.table(rows))
        found = running.distinct(
            lf, {"__raw_0": None, "__raw_1": ~plain, "__raw_2": None}, "__raw_0"
        )
    assert sorted(found["__raw_1"]["__raw_1"]) == ["1 200", "x", "y"]
    assert sorted(found["__raw_2"]["__raw_2"].tolist()) == [3, 4, 5]
    assert all(isinstance(v, (int, np.integer)) for v in found["__raw_2"]["__raw_2"])
    assert list(found["__raw_1"].columns) == ["__raw_1"]
    channels = found["__raw_0"].set_index("__raw_0")["__order"].to_dict()
    named = rows.dropna(subset=["__raw_0"]).groupby("__raw_0")
    want = named["__row"].min() if lines else -named.size()
    assert channels == {k: int(v) for k, v in want.items()}
