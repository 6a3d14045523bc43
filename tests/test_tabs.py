"""The tab reader's rules for pasted exports: header, totals, names, values, channels,
currencies and notes, one rule at a time."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.pasting import frame, write_book
from xl_kpi.columns import read_column
from xl_kpi.files.refresh import check_file, raw_tabs
from xl_kpi.inputs import is_blank
from xl_kpi.paste import is_total_text, total_rows
from xl_kpi.report import facts
from xl_kpi.schema import UNASSIGNED, Column, recognise
from xl_kpi.statuses import CONVERTED, NOT_SALES, WON, is_deals
from xl_kpi.tabs import Note, is_needed_column, read_tabs

SPEND_HEADER = ["Day", "Campaign", "Cost", "Clicks"]
SPEND_ROWS = [["2025-03-01", "Brand", "100.50", "10"], ["2025-03-02", "Generic", "49.50", "5"]]


def read(sheets: dict[str, list[list[object]]]):
    return read_tabs({name: frame(rows) for name, rows in sheets.items()})


def keys(tab) -> list[str | None]:
    return [n.key for n in tab.notes]


# --------------------------------------------------------------------------- totals
TOTALS = [
    "Total", "TOTAL", "Total:", "Total: Account", "Total: Campaigns", "Total: Campaign",
    "Total: Search", "Total: Display", "Total: Performance Max", "Total: Video",
    "Total: Demand Gen", "Total: Smart", "Total : campagnes", "Totals", "Grand total",
    "Grand Total", "Итого", "Итого:", "Итого и средние", "Итого за период", "Всего",
    "Общий итог", "Total rows: 2",
]  # fmt: skip


@pytest.mark.parametrize("wording", TOTALS)
@pytest.mark.parametrize("where", [0, 1])
def test_a_totals_row_by_its_wording_is_left_out_and_noted(wording: str, where: int) -> None:
    total = ["", "", "150.00", "15"]
    total[where] = wording
    tab = read({"Spend - Ads": [SPEND_HEADER, *SPEND_ROWS, total]})["Spend"]
    assert tab.frame["spend"].sum() == 150.0 and tab.frame["clicks"].sum() == 15
    (note,) = [n for n in tab.notes if n.key == "note.total_row"]
    assert note.row == 4 and f"{wording!r} is a totals row: left out" in str(note)
    assert tab.rows_excluded == 1 and tab.rows_skipped == 0


@pytest.mark.parametrize(
    "name", ["Total Recall promo", "Totally new", "Итоговая распродажа", "Всегда в наличии"]
)
def test_names_that_start_like_a_total_are_data(name: str) -> None:
    rows = [SPEND_HEADER, *SPEND_ROWS, ["2025-03-03", name, "20", "2"]]
    tab = read({"Spend - Ads": rows})["Spend"]
    assert tab.frame["spend"].sum() == 170.0 and tab.rows_excluded == 0


def test_a_summary_row_without_a_name_that_sums_the_others_is_left_out() -> None:
    rows = [SPEND_HEADER, ["2025-03-01", None, "150.00", "15"], *SPEND_ROWS]
    tab = read({"Spend - Ads": rows})["Spend"]
    assert tab.frame["spend"].sum() == 150.0
    assert [n.row for n in tab.notes if n.key == "note.sum_row"] == [2]


def test_rows_that_only_look_like_a_sum_are_data() -> None:
    named = [SPEND_HEADER, ["2025-03-01", "All", "150.00", "15"], *SPEND_ROWS]
    assert read({"Spend - Ads": named})["Spend"].frame["spend"].sum() == 300.0
    unnamed = [SPEND_HEADER, *SPEND_ROWS, ["2025-03-03", None, "140.00", "15"]]
    assert read({"Spend - Ads": unnamed})["Spend"].frame["spend"].sum() == 290.0


# --------------------------------------------------------------------------- header
def test_header_in_row_one_needs_no_note() -> None:
    tab = read({"Spend - Ads": [SPEND_HEADER, *SPEND_ROWS]})["Spend"]
    assert "note.header_found" not in keys(tab) and tab.frame["row"].tolist() == [2, 3]


def test_title_comments_and_blank_rows_above_the_header_are_skipped() -> None:
    rows = [["# Report"], [], ["Ad spend by day"], [None, None], SPEND_HEADER, *SPEND_ROWS]
    tab = read({"Spend - Ads": rows})["Spend"]
    assert tab.frame["row"].tolist() == [6, 7] and tab.frame["spend"].sum() == 150.0
    assert "Spend - Ads: header found in row 5; the rows above it are not data" in map(
        str, tab.notes
    )


def test_a_header_below_row_thirty_is_not_looked_for() -> None:
    rows = [["title"]] + [[None]] * 29 + [SPEND_HEADER, *SPEND_ROWS]
    tab = read({"Spend - Ads": rows})["Spend"]
    assert tab.frame.empty and "note.no_column" in keys(tab)


@pytest.mark.parametrize("engine", ["fastexcel", "openpyxl"])
def test_a_blank_row_one_in_a_file_is_no_error(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine == "openpyxl":
        monkeypatch.setitem(sys.modules, "fastexcel", None)  # as under Pyodide
    book = write_book(tmp_path / "b.xlsx", {"Spend - Ads": [[], [], SPEND_HEADER, *SPEND_ROWS]})
    frame_ = raw_tabs(book)["Spend - Ads"]
    assert frame_.attrs["header_row"] == 3 and list(frame_.columns) == SPEND_HEADER
    tab = check_file(book)["Spend"]
    assert tab.frame["row"].tolist() == [4, 5] and tab.frame["spend"].sum() == 150.0


@pytest.mark.parametrize(
    ("above", "period"),
    [
        (["Campaign report", "July 8, 2025 - July 31, 2025"], ("2025-07-08", "2025-07-31")),
        (["27 January 2026 - 23 February 2026"], ("2026-01-27", "2026-02-23")),
        (["# Start date: 20250301", "# End date: 20250331"], ("2025-03-01", "2025-03-31")),
        (['"Stats (2025-03-01 - 2025-03-02)"'], ("2025-03-01", "2025-03-02")),
        (["Период: 01.03.2025 — 31.03.2025"], ("2025-03-01", "2025-03-31")),
        (["с 1 марта 2025 по 31 марта 2025"], ("2025-03-01", "2025-03-31")),
        (["All time"], None),
    ],
)
def test_the_period_written_above_the_header_is_kept(above, period) -> None:
    rows = [[line] for line in above] + [SPEND_HEADER, *SPEND_ROWS]
    tab = read({"Spend - Ads": rows})["Spend"]
    if period is None:
        assert tab.period is None
    else:
        written = (tab.period.start.isoformat(), tab.period.end.isoformat())
        assert written == period and "note.period" in keys(tab)


# --------------------------------------------------------------------------- names
ALIASES = [
    ("Spend", "spend", ["Cost", "Amount spent", "Расход", "Потрачено всего", "Cost (RUB)",
                        "Расход (руб.)", "Amount spent (USD)", "Потрачено всего, ₽", " cost  "]),
    ("Spend", "impressions", ["Impr.", "Impressions", "Показы"]),
    ("Spend", "clicks", ["Clicks", "Link clicks", "Клики"]),
    ("Orders", "date", ["Day", "Date", "Reporting starts", "Created at", "Create Date",
                        "Close Date", "Дата создания", "Дата создания сделки", "Дата"]),
    ("Orders", "revenue", ["Total", "Net sales", "N. Revenue", "Total revenue", "Бюджет",
                           "Amount"]),
    ("Orders", "status", ["Financial Status", "Deal Stage", "Этап сделки", "Стадия",
                          "Статус"]),
    ("Orders", "customer_id", ["Email", "Customer ID", "Клиент", "Контакт"]),
    ("Orders", "order_id", ["Name", "Order #", "Order ID", "ID"]),
    ("Traffic", "channel", ["Session default channel group", "Источник трафика", "utm_source",
                            "Source / Medium", "Platform", "Источник"]),
    ("Traffic", "visitors", ["Sessions", "Визиты", "Users"]),
]  # fmt: skip
_REQUIRED = {
    "Spend": {"date": "Date", "spend": "Cost"},
    "Orders": {"date": "Date", "revenue": "Total"},
    "Traffic": {"date": "Date", "visitors": "Sessions"},
}
_VALUES = {"date": "2025-03-01", "status": "paid", "channel": "x"}
_EXPECTED = {"date": pd.Timestamp("2025-03-01"), "status": "paid", "channel": "x"}


@pytest.mark.parametrize(
    ("kind", "column", "header"),
    [(kind, column, header) for kind, column, headers in ALIASES for header in headers],
)
def test_export_column_names_are_read(kind: str, column: str, header: str) -> None:
    assert is_needed_column(kind, header)
    headers = {**_REQUIRED[kind], column: header}
    rows = [list(headers.values()), [_VALUES.get(name, "7") for name in headers]]
    tab = read({kind: rows})[kind]
    assert tab.rows_skipped == 0 and len(tab.frame) == 1, [str(n) for n in tab.notes]
    expected = _EXPECTED.get(column, "7" if column in ("order_id", "customer_id") else 7.0)
    assert tab.frame[column].iloc[0] == expected


@pytest.mark.parametrize("header", ["Avg. CPC", "CTR", "Conv. rate", "Cost / conv.", "Avg. cost"])
def test_derived_columns_are_never_read(header: str) -> None:
    assert not is_needed_column("Spend", header)
    rows = [["Day", header, "Cost"], ["2025-03-01", "12.5", "100"]]
    assert read({"Spend - Ads": rows})["Spend"].frame["spend"].tolist() == [100.0]


@pytest.mark.parametrize(
    ("users", "sessions"),
    [("Users", "Sessions"), ("Посетители", "Визиты"), ("Total users", "Сеансы")],
)
def test_sessions_win_over_users(users: str, sessions: str) -> None:
    rows = [["Date", users, sessions], ["2025-03-01", "80", "100"]]
    assert read({"Traffic": rows})["Traffic"].frame["visitors"].tolist() == [100.0]


# --------------------------------------------------------------------------- values
@pytest.mark.parametrize("blank", [" --", "--", "—", "–", "n/a", "N/A", "< 10%", "> 90%"])
def test_what_exports_write_for_no_value_is_blank(blank: str) -> None:
    rows = [SPEND_HEADER, ["2025-03-01", "Brand", "100", blank]]
    tab = read({"Spend - Ads": rows})["Spend"]
    assert tab.rows_skipped == 0 and np.isnan(tab.frame["clicks"].iloc[0])


@pytest.mark.parametrize(
    ("written", "day"),
    [
        (20250301.0, "2025-03-01"),
        ("20250301", "2025-03-01"),
        ("2024041623", "2024-04-16"),
        (2024041623.0, "2024-04-16"),
        ("2025-03-16 17:55:00 +0300", "2025-03-16"),
        ("2025-03-16 01:30:00 +0300", "2025-03-16"),
        ("2025-03-16T23:30:00-05:00", "2025-03-16"),
        ("2025-03-16T23:30:00Z", "2025-03-16"),
        ("Mar 16, 2025", "2025-03-16"),
        ("16 марта 2025", "2025-03-16"),
    ],
)
def test_dates_as_exports_write_them(written: object, day: str) -> None:
    tab = read({"Spend - Ads": [["Day", "Cost"], [written, "1"]]})["Spend"]
    assert tab.frame["date"].dt.normalize().tolist() == [pd.Timestamp(day)], [
        str(n) for n in tab.notes
    ]


def test_thousands_commas_and_a_bad_number_note_without_reprs() -> None:
    rows = [["Day", "Cost", "Impr."], ["2025-03-01", "1,200.50", "795,836"], [20251399.0, "1", "2"]]
    tab = read({"Spend - Ads": rows})["Spend"]
    assert tab.frame["impressions"].tolist() == [795_836.0]
    (note,) = [n for n in tab.notes if n.row == 3]
    assert (
        str(note) == "Spend - Ads, row 3, column Day (A): 20251399 is not a date "
        "(write dd.mm.yyyy or yyyy-mm-dd)"
    )
    assert (
        note.text("ru") == "Spend - Ads, строка 3, столбец Day (A): 20251399 — не дата "
        "(пишите дд.мм.гггг или гггг-мм-дд)"
    )


def test_a_note_never_shows_a_python_repr() -> None:
    note = Note("Orders", "required value is missing", 4, "revenue (C)", np.float64(20250301.0))
    assert str(note) == "Orders, row 4, column revenue (C): 20250301 required value is missing"
    stamp = Note("Orders", "is odd", None, None, pd.Timestamp("2025-03-01"))
    assert str(stamp) == "Orders: 2025-03-01 is odd"


# --------------------------------------------------------------------------- channels
@pytest.mark.parametrize(
    ("sheet", "kind", "label"),
    [
        ("Spend - Google Ads", "Spend", "Google Ads"),
        ("Spend Meta", "Spend", "Meta"),
        ("Расходы Яндекс Директ", "Spend", "Яндекс Директ"),
        ("Лиды amoCRM", "Leads", "amoCRM"),
        ("Traffic (GA4)", "Traffic", "GA4"),
        ("Ad spend — VK", "Spend", "VK"),
    ],
)
def test_a_tab_named_after_its_kind_and_a_channel(sheet: str, kind: str, label: str) -> None:
    spec, found = recognise(sheet)
    assert (spec.name, found) == (kind, label)
    rows = {
        "Spend": [["Date", "Cost"], ["2025-03-01", "10"]],
        "Leads": [["Дата создания", "ID"], ["01.03.2025", "1"]],
        "Traffic": [["Date", "Sessions"], ["2025-03-01", "10"]],
    }[kind]
    tab = read({sheet: rows})[kind]
    assert tab.frame["channel"].tolist() == [label] and "note.tab_channel" in keys(tab)


@pytest.mark.parametrize("kind", ["Spend", "Traffic", "Leads"])
def test_a_row_without_any_channel_is_unassigned_never_refused(kind: str) -> None:
    rows = [
        ["Date", "Cost", "Sessions", "Channel"],
        ["2025-03-01", "10", "5", "VK"],
        ["2025-03-02", "10", "5", None],
    ]
    tab = read({kind: rows})[kind]
    assert tab.frame["channel"].tolist() == ["VK", UNASSIGNED] and tab.rows_skipped == 0
    assert any(n.key == "note.unassigned" and "1 rows have no channel" in str(n) for n in tab.notes)


def test_not_raw_tabs_stay_out() -> None:
    assert recognise("Settings old") is None and recognise("KPI Summary") is None
    assert recognise("Start") is None and recognise("Targets 2025") is None


def test_the_channels_tab_maps_spellings_in_every_tab() -> None:
    tabs = read(
        {
            "Spend - Google Ads": [["Date", "Cost"], ["2025-03-01", "10"]],
            "Traffic": [["Date", "Source / Medium", "Sessions"],
                        ["2025-03-01", "google / cpc", "5"], ["2025-03-01", "yandex / cpc", "4"]],
            "Orders": [["Date", "utm_source", "Total"], ["2025-03-01", "Яндекс Директ", "100"]],
            "Каналы": [["как написано", "канал"], ["google / cpc", "Google Ads"],
                       ["yandex / cpc", "Яндекс"], ["Яндекс Директ", "Яндекс"]],
        }
    )  # fmt: skip
    assert "Channels" not in tabs
    assert tabs["Traffic"].frame["channel"].tolist() == ["Google Ads", "Яндекс"]
    assert tabs["Orders"].frame["channel"].tolist() == ["Яндекс"]
    assert all(n.key != "note.look_alike" for t in tabs.values() for n in t.notes)


def test_without_a_channels_tab_case_and_spaces_do_not_matter_and_look_alikes_are_listed() -> None:
    tabs = read(
        {
            "Spend - Google Ads": [["Date", "Cost"], ["2025-03-01", "10"]],
            "Traffic": [["Date", "Source / Medium", "Sessions"],
                        ["2025-03-01", "google / cpc", "5"], ["2025-03-01", "google ads", "3"],
                        ["2025-03-01", "google / organic", "9"]],
        }
    )  # fmt: skip
    assert tabs["Traffic"].frame["channel"].tolist() == [
        "google / cpc",
        "Google Ads",
        "google / organic",
    ]
    said = [str(n) for t in tabs.values() for n in t.notes if n.key == "note.look_alike"]
    assert said == [
        "Spend - Google Ads: 'google / cpc', 'Google Ads' look like one channel written "
        "differently: map them to one name in a Channels tab (written as, channel)"
    ]


def test_two_tabs_of_a_kind_are_combined_each_row_keeping_its_sheet() -> None:
    tabs = read(
        {
            "Orders Shopify": [["Created at", "Total", "Name"], ["2025-03-01", "10", "#1"]],
            "Orders Woo": [["Date", "Net sales", "Order #"], ["2025-03-02", "20", "1"]],
        }
    )
    orders = tabs["Orders"]
    assert orders.frame["sheet"].tolist() == ["Orders Shopify", "Orders Woo"]
    assert orders.frame["revenue"].tolist() == [10.0, 20.0] and orders.rows_read == 2
    assert orders.sheet == "Orders Shopify, Orders Woo"
    assert not any(n.key == "note.look_alike" for n in orders.notes)


# --------------------------------------------------------------------------- currencies
def test_currencies_in_values_and_headers_are_converted_or_left_out() -> None:
    tabs = read(
        {
            "Settings": [["key", "value"], ["currency", "₽"], ["rate USD", "90"],
                         ["rate XYZ", "-1"]],
            "Orders": [["Date", "Total"], ["2025-03-01", "$10"], ["2025-03-01", "1 500 ₽"],
                       ["2025-03-01", "€5"], ["2025-03-01", "7"]],
        }
    )  # fmt: skip
    orders = tabs["Orders"]
    assert orders.frame["revenue"].tolist() == [900.0, 1500.0, 7.0]
    said = [str(n) for n in orders.notes if n.key in ("note.no_rate", "note.converted")]
    assert "Orders: money in USD converted at 90 (Settings: rate USD)" in said
    assert (
        "Orders: 1 rows with money in EUR are left out: the workbook's currency is RUB; add "
        "the setting 'rate EUR' (one EUR in RUB)" in said
    )
    assert any(n.key == "note.bad_rate" for n in tabs["Settings"].notes)
    assert set(tabs["Settings"].frame["key"]) == {"currency"}  # the rates are taken out


def test_without_a_settings_currency_the_first_named_is_the_workbooks() -> None:
    tabs = read(
        {
            "Spend - Ads": [["Date", "Amount spent (USD)"], ["2025-03-01", "10"]],
            "Orders": [["Date", "Total"], ["2025-03-01", "1 500 ₽"], ["2025-03-01", "$20"]],
        }
    )
    assert tabs["Spend"].frame["spend"].tolist() == [10.0]
    assert any(n.key == "note.assumed_currency" for n in tabs["Spend"].notes)
    assert tabs["Orders"].frame["revenue"].tolist() == [20.0]
    assert any(n.key == "note.no_rate" and "in RUB" in str(n) for n in tabs["Orders"].notes)


def test_without_a_settings_currency_the_one_most_rows_name_is_the_workbooks() -> None:
    rows = [["Date", "Total"], ["2025-03-01", "$20"], ["2025-03-02", "€5"], ["2025-03-03", "$30"]]
    tabs = read({"Orders": rows})
    assert tabs["Orders"].frame["revenue"].tolist() == [20.0, 30.0]  # dollars, not euros
    assert any(n.key == "note.assumed_currency" and "USD" in str(n) for n in tabs["Orders"].notes)
    assert any(n.key == "note.no_rate" and "in EUR" in str(n) for n in tabs["Orders"].notes)


# --------------------------------------------------------------------------- statuses
def test_the_status_vocabulary_lives_in_the_schema() -> None:
    assert facts.NOT_SALES is NOT_SALES and facts.CONVERTED is CONVERTED and WON < CONVERTED
    for stage in ("customer", "evangelist"):  # a lead that became a customer, no won deal
        assert stage in CONVERTED and stage not in WON
    for won in ("closed won", "успешно реализовано", "paid"):
        assert won in WON and won not in NOT_SALES
    for lost in ("closed lost", "закрыто и не реализовано", "refunded", "voided", "cancelled"):
        assert lost in NOT_SALES and lost not in WON
    assert is_deals("Этап сделки", []) and is_deals("Стадия", [])
    assert is_deals(None, ["Closed Won"]) and not is_deals("Status", ["completed", "refunded"])


def test_order_ids_are_read_as_categorical_text() -> None:
    assert is_needed_column("Orders", "Order ID")
    rows = [["Date", "Order ID", "Total"], ["2025-03-01", 1001.0, "5"], ["2025-03-01", "A-7", "5"]]
    orders = read({"Orders": rows})["Orders"]
    assert isinstance(orders.frame["order_id"].dtype, pd.CategoricalDtype)
    assert orders.frame["order_id"].tolist() == ["1001", "A-7"]


def test_notes_speak_russian() -> None:
    tab = read({"Spend - Ads": [["Отчёт"], SPEND_HEADER, *SPEND_ROWS, ["Итого", "", "150", "15"]]})[
        "Spend"
    ]
    russian = [n.text("ru") for n in tab.notes]
    assert "Spend - Ads: заголовок найден в строке 2; строки над ним — не данные" in russian
    assert "Spend - Ads, строка 5: 'Итого' — строка итогов: не учтена" in russian
    assert all(str(n) == n.text("en") for n in tab.notes)
    assert dt.date(2025, 3, 1) in set(tab.frame["date"].dt.date)


@pytest.mark.parametrize(
    ("kind", "cells"),
    [
        (
            "date",
            [pd.Timestamp("2025-03-01"), "Total", None, "02.03.2025", dt.datetime(2025, 3, 3)],
        ),
        ("count", [1.0, "n/a", -2.0, "1 500", None, 7, "$3", "x"]),
        ("money", [1.5, "-2,5", None, "1 500 ₽", 2]),
    ],
)
def test_real_values_among_text_read_as_the_text_would(kind: str, cells: list[object]) -> None:
    spec = Column("c", "c", kind)
    mixed = read_column(pd.Series(cells, dtype=object), spec)
    written = [
        v.strftime("%Y-%m-%d") if isinstance(v, dt.datetime) else None if v is None else str(v)
        for v in cells
    ]
    as_text = read_column(pd.Series(written, dtype=object), spec)
    read = ~mixed.failed  # a cell that failed is dropped, whatever it holds
    pd.testing.assert_series_equal(mixed.values[read], as_text.values[read])
    for name in ("blank", "failed"):
        assert getattr(mixed, name).tolist() == getattr(as_text, name).tolist()
    assert [str(e) for e in mixed.errors] == [str(e) for e in as_text.errors]
    assert (mixed.currency is None) == (as_text.currency is None)


def test_times_with_a_time_zone_are_read_on_its_clock_typed_or_among_other_cells() -> None:
    """A frame handed in from Python may hold times with a zone: read as written there
    (23:30 in Moscow is that day), the same whether the column is typed or mixed."""
    spec = Column("date", "date", "date")
    wall = pd.Series(pd.to_datetime(["2025-01-31 23:30", "2025-02-01 00:15", None]))
    zoned = wall.dt.tz_localize("Europe/Moscow")
    for cells in (zoned, zoned.astype(object)):
        read = read_column(cells, spec)
        assert not read.failed.any()
        assert read.values.tolist()[:2] == wall.tolist()[:2] and read.blank.tolist()[2]


# A column of many distinct texts is judged without a loop over them (a search of the texts
# joined, their first characters as numbers); each cell must read as the cell rules say.
_EDGY = st.text(alphabet=list("ab1 -—–nNнН<>/%\t\u00a0\u2003\x00TtoOИиВв©:"), max_size=7)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.one_of(_EDGY, st.none()), min_size=1, max_size=25))
def test_a_text_column_reads_each_cell_as_the_cell_rules_say(texts: list[str | None]) -> None:
    text = Column("x", "x", "text")
    as_object = pd.Series(texts, dtype=object)
    distinct = pd.Index(sorted({t for t in texts if t is not None}), dtype=object)
    as_categories = pd.Series(pd.Categorical(texts, categories=distinct))
    for series in (as_object, as_categories):
        read = read_column(series, text)
        for cell, value, blank in zip(texts, read.values, read.blank):
            if cell is None or is_blank(cell):
                assert blank and pd.isna(value)
            else:
                assert not blank and value == cell.strip()
        hits = total_rows(pd.DataFrame({"x": series}))
        said = [isinstance(t, str) and t[:1] in "TtoOИиВв©Gg \t\u00a0" and is_total_text(t)
                for t in texts]  # fmt: skip
        assert hits.tolist() == said
