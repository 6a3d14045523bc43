"""The README's workflows, run as a user runs them: a template from ``xl-kpi new``, exports
pasted into tabs the user adds beside the template's own, ``check``, ``report`` and
``refresh`` on the command line, and the summary read back from the file.

Features that each passed alone have crashed together (a second spend tab beside the
template's ``Spend``); these tests take the user's path end to end.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import openpyxl
import pytest

from xl_kpi.cli import main
from xl_kpi.files.refresh import report_file
from xl_kpi.report import build_report
from xl_kpi.schema import recognise
from xl_kpi.tabs import read_tabs

from . import exports, pasting
from .workbook_files import new_book, paste_into, report_json

#: Two platform exports each, pasted into added tabs beside the template's own Spend tab.
PASTES = {
    "en": (exports.GOOGLE_ADS_DAILY, exports.META_DAILY),
    "ru": (exports.YANDEX_WIZARD, exports.VK_ADS),
}


def _spend(records: list[dict]) -> float:
    return next(r["value"] for r in records if r["kpi"] == "SPEND" and r["period"] == "total"
                and r["channel"] is None)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("sample", [True, False], ids=["sample", "blank"])
def test_exports_pasted_into_added_tabs_beside_the_templates_own(tmp_path, capsys, lang, sample):
    """The README's workflow: two platform exports in two added tabs of the template's
    Spend kind; check, report and refresh combine them with the template's own tab."""
    book = new_book(tmp_path, lang, "plain", sample)
    before = report_json(book, capsys) if sample else []
    layouts = PASTES[lang]
    pasted = {lay.sheet: pasting.excel_rows(lay.rows, lay.locale) for lay in layouts}
    paste_into(book, pasted, settings={"currency": "RUB", "rate USD": "90"})

    capsys.readouterr()
    assert main(["check", str(book)]) == 0
    said = capsys.readouterr().out
    for layout in layouts:
        assert layout.sheet in said

    records = report_json(book, capsys)
    rate = 90 if lang == "en" else 1  # the English exports are in USD, the Russian in RUB
    want = (_spend(before) if sample else 0) + rate * sum(lay.totals["spend"] for lay in layouts)
    assert _spend(records) == pytest.approx(want, rel=1e-9)
    channels = {r["channel"] for r in records if r["kpi"] == "SPEND" and r["channel"]}
    assert {lay.extra["channel"] for lay in layouts if "channel" in lay.extra} <= channels

    assert main(["refresh", str(book)]) == 0
    wb = openpyxl.load_workbook(book, read_only=True)
    summary = [s for s in wb.sheetnames if recognise(s) is None and s not in ("Start",)]
    assert summary, wb.sheetnames  # the summary was written beside the user's tabs
    for layout in layouts:  # the pasted tabs are kept as the user left them
        assert layout.sheet in wb.sheetnames


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_second_leads_tab_beside_the_templates_own(tmp_path, capsys, lang):
    book = new_book(tmp_path, lang, "plain", sample=True)
    before = report_json(book, capsys)
    leads = {r["period"]: r["value"] for r in before if r["kpi"] == "LEADS" and not r["channel"]}
    sheet = "Leads amoCRM" if lang == "en" else "Лиды amoCRM"
    paste_into(book, {sheet: [["Date", "Lead ID"], ["2025-03-05", "L-1"], ["2025-03-06", "L-2"]]})
    after = report_json(book, capsys)
    got = {r["period"]: r["value"] for r in after if r["kpi"] == "LEADS" and not r["channel"]}
    assert got["2025-03"] == leads["2025-03"] + 2
    assert {r["channel"] for r in after if r["kpi"] == "LEADS"} >= {"amoCRM"}


#: A shop's orders export whose customer and source columns have names the reader does not
#: know: they must be named, never dropped silently.
SHOP_ORDERS = [
    ["Номер", "Дата", "Клиент (e-mail)", "Источник (utm_source)", "Сумма", "Комментарий"],
    ["1", "01.03.2025", "a@x.ru", "vk", "1 000,00", ""],
    ["2", "02.03.2025", "b@x.ru", "yandex", "2 500,50", "подарок"],
    ["3", "03.03.2025", "a@x.ru", "", "700,00", ""],
]


def test_columns_not_read_are_named_with_their_letters(tmp_path, capsys):
    """A blank Russian template, a shop's export pasted into its Orders tab: check names
    each column it did not read, with its letter and header."""
    book = new_book(tmp_path, "ru", "plain", sample=False)
    wb = openpyxl.load_workbook(book)
    del wb["Заказы"]
    wb.save(book)
    paste_into(book, {"Заказы": SHOP_ORDERS})
    capsys.readouterr()
    assert main(["check", str(book)]) == 0
    said = capsys.readouterr().out
    line = next(x for x in said.splitlines() if "Клиент (e-mail)" in x)
    for letter, header in [("C", "Клиент (e-mail)"), ("D", "Источник (utm_source)"),
                           ("F", "Комментарий")]:  # fmt: skip
        assert f"{letter} '{header}'" in line
    assert "'Сумма'" not in line and "'Дата'" not in line  # the columns it read are not named


def test_a_column_map_set_once_reads_an_export_without_renaming(tmp_path, capsys):
    """The Columns tab maps the shop's own headers to the Orders columns: the customers and
    channels are read (new customers and channel revenue appear), nothing is left unread
    but the comment, and a row naming no column of ours is said."""
    book = new_book(tmp_path, "ru", "plain", sample=False)
    wb = openpyxl.load_workbook(book)
    del wb["Заказы"]
    wb.save(book)
    mapping = [
        ["Вкладка", "Заголовок", "Столбец"],
        ["Заказы", "Клиент (e-mail)", "клиент"],
        ["", "Источник (utm_source)", "channel"],
        ["Заказы", "Комментарий", "скидка"],
    ]
    paste_into(book, {"Заказы": SHOP_ORDERS, "Столбцы": mapping})
    capsys.readouterr()
    assert main(["check", str(book)]) == 0
    said = capsys.readouterr().out
    assert "'Клиент (e-mail)'" not in said and "'Источник (utm_source)'" not in said
    assert "F 'Комментарий'" in said  # still unread: its mapping names no column
    assert "Столбцы, row 4" in said and "'скидка'" in said
    records = report_json(book, capsys)
    by = {(r["kpi"], r["period"], r["channel"]): r["value"] for r in records}
    assert by[("NEW_CUSTOMERS", "2025-03", None)] == 2
    assert by[("REVENUE", "2025-03", "vk")] == pytest.approx(1000.0)
    assert by[("REVENUE", "2025-03", "yandex")] == pytest.approx(2500.5)


def test_a_date_excel_holds_but_the_summary_cannot_place_is_a_note(tmp_path, capsys):
    """A typed 9999-12-31 (Excel's last day) in a pasted Orders tab: a note naming the
    cell, the other rows read; it stopped the reader before."""
    book = new_book(tmp_path, "en", "plain", sample=False)
    wb = openpyxl.load_workbook(book)
    sheet = wb["Orders"]
    for row, (day, order, amount) in enumerate(
        [(dt.datetime(2025, 3, 1), "1", 100), (dt.datetime(9999, 12, 31), "2", 50)], 2
    ):  # the template's columns: date (A), order_id (B), ..., revenue (F)
        sheet.cell(row, 1).value, sheet.cell(row, 2).value = day, order
        sheet.cell(row, 6).value = amount
    wb.save(book)
    capsys.readouterr()
    assert main(["check", str(book)]) == 0
    said = capsys.readouterr().out
    assert "Orders, row 3, column date (A): 9999-12-31 is outside the dates" in said
    records = report_json(book, capsys)
    assert {(r["period"], r["value"]) for r in records if r["kpi"] == "REVENUE"
            and r["channel"] is None} >= {("2025-03", 100.0)}  # fmt: skip


def test_the_sample_without_its_orders_channels_marks_what_rests_on_a_fallback(tmp_path):
    """The sample year with the Orders channel column deleted: ROMI, ROAS and DRR set all
    revenue against all spend, so their rows say so and show no status against their
    targets; social sales are unknown, not 0; the notes say why and what to do."""
    book = new_book(tmp_path, "en", "plain", sample=True)
    wb = openpyxl.load_workbook(book)
    orders = wb["Orders"]
    column = next(c.column for c in orders[1] if c.value == "channel")
    orders.delete_cols(column)
    wb.save(book)
    report = report_file(book)
    rows = {r.entry.name: r for r in report.scorecard}
    for name in ("romi", "roas", "drr"):
        assert rows[name].flag == "blended" and rows[name].on_track is None
    assert rows["romi"].target is not None  # the sample sets a ROMI target: no status for it
    assert not rows["social_sales"].has_data  # unknown, never 0
    assert rows["revenue"].flag is None and rows["cac"].flag is None
    keys = [n.key for n in report.notes]
    assert "note.fallback_blended" in keys and "note.fallback_no_channels" in keys

    assert main(["refresh", str(book)]) == 0
    sheet = openpyxl.load_workbook(book, read_only=True)["KPI Summary"]
    lines = [[c for c in row if c is not None] for row in sheet.values]
    romi = next(line for line in lines if line and line[0] == rows["romi"].entry.title("en"))
    assert "⚠ all revenue" in romi and not any("on track" in str(c) for c in romi)
    said = " ".join(str(c) for line in lines for c in line)
    assert "orders carry no channel: ROMI, ROAS and DRR set all revenue" in said


def test_attribution_blended_chosen_in_settings_is_no_fallback(tmp_path):
    book = new_book(tmp_path, "en", "plain", sample=True)
    paste_into(book, {}, settings={"attribution": "blended"})
    rows = {r.entry.name: r for r in report_file(book).scorecard}
    assert rows["romi"].flag is None


def test_a_deals_export_whose_stages_are_not_known_is_refused_not_counted(tmp_path, capsys):
    """Opportunities with a Stage column whose stages name no won or lost deal: the tab is
    refused with a note listing the stages seen, never counted as sales."""
    book = new_book(tmp_path, "en", "plain", sample=False)
    wb = openpyxl.load_workbook(book)
    del wb["Orders"]
    wb.save(book)
    deals = [
        ["Opportunity Name", "Amount", "Close Date", "Stage"],
        ["Acme", "12000", "2025-03-10", "Qualify"],
        ["Globex", "5000", "2025-03-12", "Propose"],
        ["Initech", "8500", "2025-03-20", "Negotiate"],
    ]
    paste_into(book, {"Orders": deals})
    capsys.readouterr()
    assert main(["check", str(book)]) == 0
    said = capsys.readouterr().out
    line = next(x for x in said.splitlines() if "the tab is not used" in x)
    assert all(f"'{stage}'" in line for stage in ("Qualify", "Propose", "Negotiate"))
    records = report_json(book, capsys)
    assert not [r for r in records if r["kpi"] in ("REVENUE", "SALES_COUNT") and r["value"]]


def test_a_date_column_no_header_names_is_found_by_its_content(tmp_path, capsys):
    """An export whose date column has a header the reader does not know ('Когда'), in
    column E beyond the first three: the one column holding dates is read, and said."""
    book = new_book(tmp_path, "ru", "plain", sample=False)
    wb = openpyxl.load_workbook(book)
    del wb["Заказы"]
    wb.save(book)
    rows = [
        ["Номер", "Сумма", "Комментарий", "Клиент", "Когда"],
        ["1", "1 000,00", "", "a@x.ru", "01.03.2025"],
        ["2", "2 500,50", "13", "b@x.ru", "02.04.2025"],
    ]
    paste_into(book, {"Заказы": rows})
    capsys.readouterr()
    assert main(["check", str(book)]) == 0
    said = capsys.readouterr().out
    assert "the dates are read from Когда (E)" in said
    records = report_json(book, capsys)
    revenue = {
        r["period"]: r["value"] for r in records if r["kpi"] == "REVENUE" and not r["channel"]
    }
    assert revenue["2025-03"] == pytest.approx(1000.0) and revenue["2025-04"] == pytest.approx(
        2500.5
    )


def test_periods_the_spend_data_does_not_reach_have_no_cac_not_a_free_customer():
    """Orders from January to April, spend exported for February and March only: CAC, CPS
    and DRR of January and April are no data, never 0; inside the span a month with no
    spend rows would be a true 0."""
    orders = pasting.frame(
        [["date", "order_id", "customer_id", "revenue"]]
        + [[f"2025-0{m}-05", str(m), f"c{m}", 100 * m] for m in (1, 2, 3, 4)]
    )
    spend = pasting.frame([["date", "spend"], ["2025-02-01", 50], ["2025-03-01", 60]])
    report = build_report(read_tabs({"Orders": orders, "Spend": spend}))
    got = {(r.kpi, r.period): r.value for r in report.records if r.channel is None}
    for kpi in ("CAC", "CPS", "DRR", "SPEND"):
        assert math.isnan(got[kpi, "2025-01"]) and math.isnan(got[kpi, "2025-04"]), kpi
    assert got["CAC", "2025-02"] == 50 and got["CAC", "2025-03"] == 60
    assert got["REVENUE", "2025-01"] == 100  # the orders reach January


def test_the_column_map_reads_a_source_as_it_reads_a_pasted_tab(tmp_path, capsys, engine):
    """The workbook's Columns tab maps a header for its sources too: a LinkedIn-style
    spend file beside the workbook, named in a Sources row, on each engine."""
    book = new_book(tmp_path, "en", "plain", sample=False)
    (tmp_path / "linkedin.csv").write_text(
        "Day,Campaign Name,Budget Used,Impressions\n"
        "2025-03-01,Webinar,210.50,4200\n2025-03-02,Webinar,195.00,3900\n",
        encoding="utf-8",
    )
    paste_into(
        book,
        {
            "Columns": [["tab", "header", "column"], ["Spend", "Budget Used", "spend"]],
            "Sources": [["tab", "location"], ["Spend", "linkedin.csv"]],
        },
    )
    capsys.readouterr()
    assert main(["report", str(book), "--engine", engine, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert _spend(records) == pytest.approx(405.5)


def test_every_kpi_has_a_record_for_every_period_and_channel_null_without_data():
    """No Traffic tab: per-channel TRAFFIC records are there as null, as LEADS are."""
    orders = pasting.frame(
        [["date", "order_id", "channel", "revenue"], ["2025-01-05", "1", "Email", "100"]]
    )
    spend = pasting.frame([["date", "channel", "spend"], ["2025-01-01", "VK", "50"]])
    found = build_report(read_tabs({"Orders": orders, "Spend": spend})).records
    for kpi in ("TRAFFIC", "LEADS"):
        for channel in ("VK", "Email"):
            got = [r.value for r in found if (r.kpi, r.channel) == (kpi, channel)]
            assert got and all(math.isnan(v) for v in got), (kpi, channel)
    sales = {r.channel: r.value for r in found if r.kpi == "SALES_COUNT" and r.period == "total"}
    assert sales["VK"] == 0 and sales["Email"] == 1  # counts of nothing are 0, per channel too
