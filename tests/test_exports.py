"""Exports pasted as they come, one per layout: every known total read, totals rows noted.

Each layout of :mod:`tests.exports` is pasted at A1 of its tab as text cells (a CSV paste)
and as Excel in the export's own locale pastes it (``1,234.56`` or ``1 234,56`` become
numbers, dates dates); the tab reader and the report must give the export's own totals.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.exports import (
    AMOCRM,
    BITRIX24,
    GA4_SOURCES,
    GOOGLE_ADS_CAMPAIGNS,
    LAYOUTS,
    META_CAMPAIGNS,
    SALESFORCE,
    SHOPIFY,
    Layout,
)
from tests.pasting import excel_rows, frame, write_book
from xl_kpi.files.refresh import check_file
from xl_kpi.report import Report, build_report
from xl_kpi.schema import recognise
from xl_kpi.statuses import NOT_SALES, WON, status_key
from xl_kpi.tabs import Tab, read_tabs

MODES = ("text", "excel")
_REPR = re.compile(r"np\.|numpy|float64|Timestamp\(|datetime\.|nan\b|None\b")
#: The measure of each column, as the report's records name it, and the channel table's.
_MEASURES = {
    "spend": ("SPEND", "spend"),
    "clicks": ("CLICKS", "clicks"),
    "impressions": ("IMPRESSIONS", "impressions"),
    "visitors": ("TRAFFIC", None),
    "revenue": ("REVENUE", None),
}


def pasted(layout: Layout, mode: str) -> dict[str, pd.DataFrame]:
    """The workbook's raw frames after pasting ``layout`` (and its Settings)."""
    rows = layout.rows if mode == "text" else excel_rows(layout.rows, layout.locale)
    sheets = {layout.sheet: frame(rows)}
    if layout.settings:
        sheets["Settings"] = frame([["key", "value"], *map(list, layout.settings)])
    return sheets


def the_tab(tabs: dict[str, Tab], layout: Layout) -> Tab:
    return tabs[recognise(layout.sheet)[0].name]


def report_total(report: Report, measure: str) -> float:
    """The report's overall total of a measure: its record, else the channel table's."""
    record, column = _MEASURES[measure]
    found = [
        r.value
        for r in report.records
        if r.kpi == record and r.period == "total" and r.channel is None
    ]
    if found or column is None:
        (value,) = found
        return value
    table = report.channels.set_index("channel")
    return float(table.loc["total", column])


def check_layout(tabs: dict[str, Tab], layout: Layout) -> Tab:
    """Every total of the layout in the tab and the report, each totals row noted."""
    tab = the_tab(tabs, layout)
    for column, total in layout.totals.items():
        assert tab.frame[column].sum() == pytest.approx(total), column
    excluded = {n.row for n in tab.notes if n.key in ("note.total_row", "note.sum_row")}
    assert excluded == set(layout.excluded)
    assert tab.rows_skipped == 0, [str(n) for n in tab.notes]
    report = build_report(tabs)
    kind = tab.spec.name
    for column, total in layout.totals.items():
        if kind == "Orders" and column == "revenue":
            continue  # the report counts sales only: checked per layout below
        assert report_total(report, column) == pytest.approx(total), column
    for note in tab.notes:
        for lang in ("en", "ru"):
            assert not _REPR.search(note.text(lang)), note.text(lang)
    return tab


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_an_export_pasted_as_it_comes_gives_its_totals(layout: Layout, mode: str) -> None:
    tab = check_layout(read_tabs(pasted(layout, mode)), layout)
    extra = layout.extra
    if "channel" in extra:
        assert set(tab.frame["channel"]) == {extra["channel"]}
    if "date" in extra:
        assert set(tab.frame["date"].dt.date) == {extra["date"]}
    if "header_row" in extra:
        assert any(
            n.key == "note.header_found" and f"row {extra['header_row']};" in str(n)
            for n in tab.notes
        )
    for day, total in extra.get("by_date", {}).items():
        column = next(iter(layout.totals))
        on_day = tab.frame.loc[tab.frame["date"].dt.date == day, column].sum()
        assert on_day == pytest.approx(total)
    if "orders" in extra:
        assert len(tab.frame) == extra["orders"]
        assert tab.frame["order_id"].nunique() == extra["orders"]


@pytest.mark.parametrize("mode", MODES)
def test_line_items_are_one_order_and_cancelled_at_cancels(mode: str) -> None:
    tabs = read_tabs(pasted(SHOPIFY, mode))
    orders = tabs["Orders"]
    assert orders.rows_excluded == SHOPIFY.extra["line_items"]
    assert any(n.key == "note.line_items" and "3 line-item rows" in str(n) for n in orders.notes)
    by_id = orders.frame.set_index("order_id")
    assert by_id.loc[SHOPIFY.extra["cancelled"], "status"] == "cancelled"
    number, day = SHOPIFY.extra["local_date"]
    assert by_id.loc[number, "date"].date() == day  # 01:30 +0300 is 1 April as written
    assert isinstance(orders.frame["order_id"].dtype, pd.CategoricalDtype)
    report = build_report(tabs)
    revenue = [r for r in report.records if r.kpi == "REVENUE" and r.period == "total"]
    sales = [r for r in report.records if r.kpi == "SALES_COUNT" and r.period == "total"]
    assert revenue[0].value == pytest.approx(SHOPIFY.extra["sold"])
    assert sales[0].value == SHOPIFY.extra["sales"]


@pytest.mark.parametrize("layout", [AMOCRM, BITRIX24, SALESFORCE], ids=lambda layout: layout.name)
def test_a_deals_export_counts_won_deals(layout: Layout) -> None:
    tab = the_tab(read_tabs(pasted(layout, "excel")), layout)
    assert tab.deals
    won = tab.frame["status"].map(lambda s: status_key(s) in WON).astype(bool)
    assert tab.frame.loc[won, "revenue"].sum() == pytest.approx(layout.extra["won"])
    assert won.sum() == layout.extra["won_count"]
    lost = tab.frame["status"].map(lambda s: status_key(s) in NOT_SALES).astype(bool)
    assert lost.sum() == 1
    report = build_report(read_tabs(pasted(layout, "excel")))  # open and lost deals: no sales
    total = {r.kpi: r.value for r in report.records if r.period == "total" and not r.channel}
    assert total["SALES_COUNT"] == layout.extra["won_count"]
    assert total["REVENUE"] == pytest.approx(layout.extra["won"])


def test_hubspot_open_stages_are_no_sales_and_the_tab_says_it_is_deals() -> None:
    from tests.exports import HUBSPOT

    tab = read_tabs(pasted(HUBSPOT, "text"))["Orders"]
    assert tab.deals and any(n.key == "note.deals" for n in tab.notes)
    statuses = [status_key(s) for s in tab.frame["status"]]
    assert [s in WON for s in statuses] == [True, False, False, True]
    report = build_report(read_tabs(pasted(HUBSPOT, "text")))
    sales = [r.value for r in report.records if r.kpi == "SALES_COUNT" and r.period == "total"]
    assert sales[0] == 2  # the two Closed Won deals, not the open or lost ones


def test_amocrm_deals_as_leads_give_their_conversion() -> None:
    sheets = pasted(AMOCRM, "excel")
    sheets = {"Лиды amoCRM": sheets.pop("Заказы")}
    tabs = read_tabs(sheets)
    assert len(tabs["Leads"].frame) == 4
    report = build_report(tabs)
    conversion = [
        r.value
        for r in report.records
        if r.kpi == "LEAD_CONVERSION" and r.period == "total" and r.channel is None
    ]
    assert conversion == [pytest.approx(0.5)]


def test_money_in_another_currency_without_a_rate_is_left_out_and_said() -> None:
    sheets = pasted(BITRIX24, "text")
    sheets["Settings"] = frame([["key", "value"], ["currency", "RUB"]])
    tab = read_tabs(sheets)["Orders"]
    assert tab.frame["revenue"].sum() == pytest.approx(120_000 + 54_000 + 18_000)
    said = [str(n) for n in tab.notes if n.key == "note.no_rate"]
    assert said == [
        "Заказы: 1 rows with money in USD are left out: the workbook's currency is RUB; add "
        "the setting 'rate USD' (one USD in RUB)"
    ]


def test_a_header_currency_is_converted_at_the_settings_rate() -> None:
    tab = read_tabs(pasted(META_CAMPAIGNS, "text"))["Spend"]
    assert any(
        str(n).endswith("money in USD converted at 92.5 (Settings: rate USD)") for n in tab.notes
    )
    assert tab.frame["spend"].tolist() == pytest.approx([790.40 * 92.5, 444.16 * 92.5])


def test_one_workbook_of_exports_combines_tabs_of_a_kind() -> None:
    from tests.exports import GOOGLE_ADS_DAILY, META_DAILY, YANDEX_WIZARD

    sheets: dict[str, pd.DataFrame] = {}
    for layout in (GOOGLE_ADS_DAILY, META_DAILY, YANDEX_WIZARD):
        sheets.update(pasted(layout, "excel"))
    sheets["Settings"] = frame(
        [["key", "value"], ["currency", "RUB"], ["rate USD", "90"], ["period", "month"]]
    )
    tabs = read_tabs(sheets)
    spend = tabs["Spend"]
    assert spend.sheets == ("Spend - Google Ads", "Spend - Meta", "Расходы Яндекс Директ")
    by_channel = spend.frame.groupby("channel", observed=True)["spend"].sum()
    assert by_channel.to_dict() == pytest.approx(
        {"Google Ads": 417.00 * 90, "Meta": 201.30 * 90, "Яндекс Директ": 4752.00}
    )
    assert set(spend.frame["sheet"]) == set(spend.sheets)
    assert any(n.key == "note.combined" for n in spend.notes)
    report = build_report(tabs)
    assert report_total(report, "spend") == pytest.approx((417.00 + 201.30) * 90 + 4752.00)
    assert report_total(report, "clicks") == 404 + 310 + 284


@pytest.mark.parametrize("layout", [GOOGLE_ADS_CAMPAIGNS, GA4_SOURCES, META_CAMPAIGNS, SHOPIFY])
def test_a_workbook_file_with_the_export_pasted_reads_the_same(
    layout: Layout, tmp_path: Path
) -> None:
    sheets = {layout.sheet: excel_rows(layout.rows, layout.locale)}
    if layout.settings:
        sheets["Settings"] = [["key", "value"], *map(list, layout.settings)]
    book = write_book(tmp_path / "pasted.xlsx", sheets)
    tabs = check_file(book)
    tab = check_layout(tabs, layout)
    in_memory = the_tab(read_tabs(pasted(layout, "excel")), layout)
    columns = [c for c in tab.frame.columns if c != "sheet"]
    pd.testing.assert_frame_equal(
        tab.frame[columns], in_memory.frame[columns], check_dtype=False, check_categorical=False
    )


def test_every_note_of_every_fixture_is_free_of_python_reprs() -> None:
    seen = 0
    for layout in LAYOUTS:
        for mode in MODES:
            for tab in read_tabs(pasted(layout, mode)).values():
                for note in tab.notes:
                    for lang in ("en", "ru"):
                        assert not _REPR.search(note.text(lang)), note.text(lang)
                        seen += 1
    assert seen > 100 and not math.isnan(seen)
