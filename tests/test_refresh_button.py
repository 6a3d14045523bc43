"""The Refresh button end to end, on the xlwings stand-in: same report and layout as the
headless refresh, text kept as text, and errors shown to the user."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import xl_kpi.udfs as udfs
from xl_kpi import excel
from xl_kpi.report import TOTAL
from xl_kpi.sample import sample_tables
from xl_kpi.sources.trust import trusting
from xl_kpi.summary import SHEET_NAMES, build_summary

from .fake_books import pasted_book

WHEN = dt.datetime(2026, 1, 31, 9, 0)


@pytest.fixture(scope="module")
def tables():
    return sample_tables(orders=400, seed=3)


def test_button_builds_the_same_summary_as_the_headless_refresh(tables):
    book = pasted_book(tables)
    report, expected = build_summary(tables, refreshed=WHEN)
    live = excel.refresh_book(
        book, lambda raw: build_summary(raw, refreshed=WHEN)[1], lambda name: name != "My notes"
    )
    assert live == expected  # same report, same layout
    sheet = book.sheets[SHEET_NAMES["en"]]
    sparks = {spark.cell: spark.source for spark in expected.sparklines}
    for row, col, value, _ in expected.cells():
        got = sheet.range((row + 1, col + 1)).value
        if (row, col) in sparks:  # xlwings draws no sparklines: a text one stands in
            values = expected.values(sparks[row, col])
            top = max(v for v in values if isinstance(v, float))
            assert len(got) == len(values) and got[values.index(top)] == "█"
        elif isinstance(value, float):
            assert got == pytest.approx(value), (row, col)
        else:
            assert got == value, (row, col)
    revenue = next(r for r in report.scorecard if r.entry.name == "revenue")
    assert revenue.values[TOTAL] > 0
    # what xlwings reaches: every chart with its series, the colour scales, the print area
    assert len(sheet.charts) == len(expected.charts) >= 5
    assert [c.title for c in sheet.charts] == [spec.title for spec in expected.charts]
    assert len(sheet.fake_color_scales) == len(expected.color_scales) == 1
    r0, c0, r1, c1 = expected.page.area
    assert sheet.fake_page[2] == sheet.range((r0 + 1, c0 + 1), (r1 + 1, c1 + 1)).address


def test_refresh_kpis_script_refreshes_and_leaves_other_sheets_alone(tables):
    book = pasted_book(tables)
    udfs.refresh_kpis(book)
    udfs.refresh_kpis(book)  # twice: the same single summary
    assert book.sheet_names.count(SHEET_NAMES["en"]) == 1
    assert book.sheets["My notes"].range("A1").value == "keep me"
    assert book.app.fake_alerts == []


def test_text_from_the_data_stays_text_on_the_sheet(tables):
    t = dict(tables)
    orders = t["Orders"].copy()
    orders.loc[0, "channel"] = '=HYPERLINK("http://evil")'
    t["Orders"] = orders
    book = pasted_book(t)
    udfs.refresh_kpis(book)
    sheet = book.sheets[SHEET_NAMES["en"]]
    used = sheet.used_range.value
    texts = [v for row in used for v in row if isinstance(v, str)]
    assert '=HYPERLINK("http://evil")' in texts


def test_a_user_sheet_named_like_the_summary_is_refused_with_a_message(tables):
    book = pasted_book(
        {"Orders": tables["Orders"].head(20), "KPI Summary": pd.DataFrame({"mine": [1]})}
    )
    udfs.refresh_kpis(book)
    alerts = book.app.fake_alerts
    assert len(alerts) == 1 and "KPI Summary" in alerts[0]["prompt"]
    assert alerts[0]["prompt"].startswith("xl-kpi could not refresh")
    assert book.sheets["KPI Summary"].range("A1").value == "mine"


def test_the_button_reads_the_sources_tab_and_says_what_it_does(tables, tmp_path):
    """The Sources tab brings Orders from a Parquet file; the status bar tells the steps
    and is handed back to Excel at the end."""
    path = tmp_path / "orders.parquet"
    tables["Orders"].to_parquet(path)
    own = {name: frame for name, frame in tables.items() if name != "Orders"}
    sources = pd.DataFrame({"tab": ["Orders"], "location": [str(path)]})
    book = pasted_book({**own, "Sources": sources})
    with trusting():  # a file outside the workbook's folder: granted for this run
        udfs.refresh_kpis(book)
    assert book.app.fake_alerts == []
    report, _ = build_summary(tables, refreshed=WHEN)
    sheet = book.sheets[SHEET_NAMES["en"]]
    values = [row for row in sheet.used_range.value if row and row[0] == "Revenue"]
    revenue = next(r for r in report.scorecard if r.entry.name == "revenue")
    total = revenue.values[TOTAL]
    assert any(isinstance(v, float) and v == pytest.approx(total) for row in values for v in row)
    assert "reading Orders" in book.app.fake_status
    assert book.app.fake_status[-1] is False


def test_a_source_that_cannot_be_read_is_shown_to_the_user(tables):
    sources = pd.DataFrame({"tab": ["Orders"], "location": ["no/such/orders.csv"]})
    book = pasted_book({**tables, "Sources": sources})
    with trusting():  # a workbook never saved has no folder of its own: granted for this run
        udfs.refresh_kpis(book)
    (alert,) = book.app.fake_alerts
    assert "source Orders (no/such/orders.csv): there is no file" in alert["prompt"]
    assert SHEET_NAMES["en"] not in book.sheet_names
