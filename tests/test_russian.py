"""Russian all the way: a Russian workbook's summary, the command line under ``--lang ru``
or a Russian locale, and the JSON report's fields, read for any English word beyond the
KPI abbreviations, currency codes and names that come from the data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from xl_kpi.cli import RECORD_FIELDS, main
from xl_kpi.cli_errors import LOCALE_VARIABLES
from xl_kpi.definitions import formula_text
from xl_kpi.files.new import write_workbook
from xl_kpi.headless import new_workbook, report_workbook
from xl_kpi.i18n import text
from xl_kpi.report import SCORECARD
from xl_kpi.sample import russian_tables, sample_tables
from xl_kpi.summary import build_summary

from .english_words import data_names, english

WHEN = dt.datetime(2026, 1, 31, 9, 0)


def test_the_russian_summary_has_no_english_word():
    report, layout = build_summary(russian_tables(sample_tables(orders=900)), refreshed=WHEN)
    texts = [v for _, _, v, _ in layout.cells() if isinstance(v, str)]
    texts += [spec.title for spec in layout.charts]
    texts += [name for spec in layout.charts for name, _ in (*spec.series, *spec.lines)]
    texts += [layout.name, layout.page.footer.replace("&P", "").replace("&N", "")]
    assert english(texts, data_names(report)) == set()
    # and its numbers are written the Russian way wherever the sheet shows them
    styles = {s for _, _, v, s in layout.cells() if isinstance(v, float)}
    assert styles and all(s.endswith(".ru") for s in styles), styles
    assert layout.page.paper == "a4"


@pytest.fixture(scope="module")
def russian_book(tmp_path_factory) -> Path:
    return new_workbook(
        tmp_path_factory.mktemp("ru") / "книга.xlsx", sample=True, language="ru", orders=900
    )


@pytest.fixture(autouse=True)
def no_locale(monkeypatch):
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


ALLOWED_CLI = {"xl", "kpi", "check", "xlsx"}  # the program, its command, the file's type


@pytest.mark.parametrize("how", ["--lang", "locale"])
def test_the_command_line_speaks_russian(russian_book, tmp_path, capsys, monkeypatch, how):
    lang = ["--lang", "ru"] if how == "--lang" else []
    if how == "locale":
        monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    book = tmp_path / "книга.xlsx"
    book.write_bytes(russian_book.read_bytes())
    assert main([*lang, "check", str(book)]) == 0
    checked = capsys.readouterr().out
    assert main([*lang, "refresh", str(book)]) == 0
    refreshed = capsys.readouterr().out
    assert "Заказы: прочитано строк: " in checked and "Сводка KPI" in refreshed
    assert "Выручка: " in refreshed
    report = report_workbook(book)
    said = [out.replace(str(book), "") for out in (checked, refreshed)]  # the path is the user's
    assert english(said, data_names(report) | ALLOWED_CLI) == set()


def test_the_command_line_says_russian_notes(tmp_path, capsys):
    tables = russian_tables(sample_tables(orders=200))
    orders = tables["Заказы"].copy()
    orders.loc[3, "выручка"] = "много"
    tables["Заказы"] = orders
    book = write_workbook(tmp_path / "книга.xlsx", tables)
    assert main(["--lang", "ru", "check", str(book)]) == 0
    out = capsys.readouterr().out
    assert "строка 5" in out and "не число" in out and "row" not in out


def test_the_json_records_carry_what_the_sheet_shows_beside_a_value(russian_book, capsys):
    assert main(["report", str(russian_book)]) == 0
    records = json.loads(capsys.readouterr().out)
    # every field in every record; a driver's effect also names its driver
    assert all(list(r) == [*RECORD_FIELDS, *(["driver"] if "driver" in r else [])] for r in records)
    assert {r["kpi"] for r in records if "driver" in r} <= {"REVENUE_DRIVER"}
    romi = [r for r in records if r["kpi"] == "ROMI" and r["channel"] is None]
    latest = romi[-2]  # the last period (the total comes after it)
    assert latest["target"] == 1.5 and latest["change_unit"] == "pp"
    assert latest["status"] in ("on_track", "behind")
    assert latest["pct_of_target"] == pytest.approx(100 * latest["value"] / 1.5)
    assert latest["previous"] == romi[-3]["value"]
    revenue = [r for r in records if r["kpi"] == "REVENUE" and r["channel"] is None]
    assert revenue[-2]["change_unit"] == "%" and revenue[-1]["change"] is None
    cac = [r for r in records if r["kpi"] == "CAC" and r["period"] == "total" and r["channel"]]
    assert any(r["target"] is not None and r["status"] for r in cac)  # channel targets


def test_every_scorecard_kpi_has_a_russian_formula_and_the_english_one_is_the_catalogues():
    for spec in SCORECARD:
        name = spec.entry.name
        assert text(f"formula.{name}", "en") == spec.entry.formula, name
        said = formula_text(name, "ru")
        assert said.startswith(f"{spec.entry.title('ru')} = ")
        assert english([said], set()) == set(), said
