"""The summary's definitions on data shaped like real exports: attribution, pooled pairs,
counts of nothing, orders of several lines, retention, and the report's records.

Small tables written out by hand pin each rule; two public datasets (CDNOW, Robyn's
media-mix data) check them at size against an independent pandas computation.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import xl_kpi
from xl_kpi.report import TOTAL, build_report
from xl_kpi.report.tables import SCORECARD
from xl_kpi.sample import sample_tables
from xl_kpi.tabs import read_tabs

from . import public_data


def report_of(**tabs: pd.DataFrame):
    return build_report(read_tabs(tabs))


def value(report, kpi: str, channel: str | None = None, period: str = TOTAL) -> float:
    found = [
        r.value
        for r in report.records
        if r.kpi == kpi and r.channel == channel and r.period == period
    ]
    assert len(found) == 1, (kpi, channel, period, found)
    return found[0]


def frame(rows: list[tuple], columns: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


SPEND = frame(
    [
        ("2025-03-03", "Search", 100.0, None, 200),
        ("2025-03-03", "TV", 900.0, None, None),
        ("2025-03-03", "Facebook", 50.0, 10_000, None),
    ],
    "date channel spend impressions clicks",
)


# --------------------------------------------------------------------------- attribution
def test_orders_without_a_channel_are_set_against_all_spend() -> None:
    orders = frame([("2025-03-04", 1000.0), ("2025-03-05", 500.0)], "date revenue")
    report = report_of(Orders=orders, Spend=SPEND)
    spend = 1050.0
    assert value(report, "ROMI") == pytest.approx((1500 - spend) / spend)
    assert value(report, "ROAS") == pytest.approx(1500 / spend)
    assert value(report, "DRR") == pytest.approx(spend / 1500)
    for channel in ("Search", "TV", "Facebook"):  # no revenue is attributed to a channel
        assert math.isnan(value(report, "ROMI", channel))
        assert math.isnan(value(report, "ROAS", channel))
    assert value(report, "CPC", "Search") == 0.5  # costs per click still show
    assert value(report, "SPEND", "TV") == 900.0
    assert report.attribution == "blended"


def test_settings_can_ask_for_channel_attribution() -> None:
    orders = frame([("2025-03-04", 1000.0)], "date revenue")
    settings = frame([("attribution", "channel")], "key value")
    report = report_of(Orders=orders, Spend=SPEND, Settings=settings)
    assert report.attribution == "channel"
    assert value(report, "ROMI") == -1.0  # no order came through a channel with spend


def test_with_channels_on_orders_a_channel_with_spend_and_no_sales_has_zero_of_them() -> None:
    orders = frame(
        [("2025-03-04", "Search", "c1", 400.0), ("2025-03-05", "Organic", "c2", 100.0)],
        "date channel customer_id revenue",
    )
    report = report_of(Orders=orders, Spend=SPEND)
    assert report.attribution == "channel"
    assert value(report, "ROMI") == pytest.approx((400 - 1050) / 1050)  # organic is no return
    for kpi in ("SALES_COUNT", "REVENUE", "NEW_CUSTOMERS"):
        assert value(report, kpi, "TV") == 0.0, kpi
    assert value(report, "ROMI", "TV") == -1.0
    assert math.isnan(value(report, "CPS", "Organic"))  # no spend: no cost per sale
    row = report.channels.set_index("channel").loc["TV"]
    assert (row["sales"], row["revenue"], row["new"]) == (0.0, 0.0, 0.0)


# --------------------------------------------------------------------------- pooled pairs
def test_totals_pool_only_the_channels_that_report_both_measures() -> None:
    report = report_of(Spend=SPEND)
    assert value(report, "CPC") == 100 / 200  # Search's spend: the only channel with clicks
    assert value(report, "CPM") == 50 / 10_000 * 1000  # Facebook's: the only one with impr.
    assert math.isnan(value(report, "CTR"))  # no channel reports clicks and impressions
    assert math.isnan(value(report, "CTR", "Facebook"))  # blank clicks are not 0 clicks
    assert math.isnan(value(report, "CPC", "Facebook"))
    assert math.isnan(value(report, "CPC", "TV"))
    assert value(report, "CLICKS") == 200 and value(report, "IMPRESSIONS") == 10_000
    card = {row.entry.excel_name: row.values[TOTAL] for row in report.scorecard}
    assert card["CPC"] == 0.5 and math.isnan(card["CTR"])


def test_cpl_pools_the_channels_that_track_leads() -> None:
    leads = frame(
        [("2025-03-04", "Search"), ("2025-03-04", "Search"), ("2025-03-05", "Organic")],
        "date channel",
    )
    report = report_of(Spend=SPEND, Leads=leads)
    assert value(report, "CPL") == 100 / 2  # TV and Facebook track no leads; Organic no spend
    assert value(report, "LEADS") == 3 and value(report, "LEADS", "Search") == 2


# --------------------------------------------------------------------------- orders
def test_an_order_of_several_lines_is_one_sale() -> None:
    """One row per line item, the total on the first line, as Shopify exports orders."""
    orders = frame(
        [
            ("2025-03-04", "#1001", "a@x.ru", 150.0, "paid"),
            ("2025-03-04", "#1001", "a@x.ru", None, None),
            ("2025-03-05", "#1002", "b@x.ru", 50.0, "paid"),
            ("2025-03-06", "#1003", "c@x.ru", 30.0, "paid"),
            ("2025-03-06", "#1003", "c@x.ru", 20.0, None),
            ("2025-03-07", "#1004", "d@x.ru", 99.0, "refunded"),
            ("2025-03-07", "#1004", "d@x.ru", 1.0, None),
        ],
        "date order_id customer_id revenue status",
    )
    report = report_of(Orders=orders)
    assert value(report, "SALES_COUNT") == 3
    assert value(report, "REVENUE") == 250.0
    assert value(report, "AOV") == pytest.approx(250 / 3)


# --------------------------------------------------------------------------- catalogue
def test_every_scorecard_kpi_is_its_catalogue_function_on_its_inputs() -> None:
    from xl_kpi.engine import PandasEngine
    from xl_kpi.report.facts import Slice, facts_of

    tables = sample_tables(orders=600)
    tabs = read_tabs(tables)
    report = build_report(tabs)
    frames = {
        n: (PandasEngine(), t.frame) for n, t in tabs.items() if n not in ("Settings", "Targets")
    }
    facts = facts_of(frames, report.settings)
    for spec, row in zip(SCORECARD, report.scorecard):
        inputs = spec.inputs(Slice(facts, TOTAL, None))
        expected = inputs[0] if spec.count else spec.entry.func(*inputs)
        assert row.values[TOTAL] == pytest.approx(expected, nan_ok=True), spec.entry.name


# --------------------------------------------------------------------------- CDNOW
@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:  # a download: the tests that use it are slow
    return public_data.cdnow()


@pytest.mark.slow
def test_cdnow_orders_and_average_check(cdnow: pd.DataFrame) -> None:
    """CDNOW has a row per purchase line; a customer's lines of one day are one order."""
    orders = pd.DataFrame(
        {
            "date": cdnow["date"],
            "order_id": cdnow["customer"].astype(str) + "/" + cdnow["date"].dt.strftime("%Y%m%d"),
            "customer_id": cdnow["customer"].astype(str),
            "revenue": cdnow["amount"],
        }
    )
    report = report_of(Orders=orders)
    n_orders = orders["order_id"].nunique()
    assert len(orders) == 69_659 and n_orders < len(orders)
    assert value(report, "SALES_COUNT") == n_orders
    assert value(report, "REVENUE") == pytest.approx(cdnow["amount"].sum())
    assert value(report, "AOV") == pytest.approx(cdnow["amount"].sum() / n_orders)


@pytest.mark.slow
def test_cdnow_buyer_retention_against_an_independent_count(cdnow: pd.DataFrame) -> None:
    orders = pd.DataFrame(
        {"date": cdnow["date"], "customer_id": cdnow["customer"], "revenue": cdnow["amount"]}
    )
    report = report_of(Orders=orders)
    month = cdnow["date"].dt.strftime("%Y-%m")
    buyers = cdnow.groupby(month)["customer"].apply(set)
    for before, now in [("1997-02", "1997-03"), ("1997-06", "1997-07"), ("1998-05", "1998-06")]:
        kept = len(buyers[now] & buyers[before]) / len(buyers[before])
        assert value(report, "BUYER_RETENTION", period=now) == pytest.approx(kept)
        assert value(report, "CHURN_RATE", period=now) == pytest.approx(1 - kept)
    # The classic (end - new) / start counts customers back from any earlier month and
    # passes 100% in a month of CDNOW: why the summary shows buyer retention instead.
    first = cdnow.groupby("customer")["date"].min().dt.strftime("%Y-%m").value_counts()
    classic = [
        xl_kpi.retention_rate(len(buyers[b]), len(buyers[n]), first.get(n, 0))
        for b, n in zip(buyers.index[:-1], buyers.index[1:])
    ]
    assert max(classic) > 1


# --------------------------------------------------------------------------- Robyn
@pytest.mark.slow
def test_robyn_media_mix_blended_and_pooled() -> None:
    """Weekly revenue without channels and five media: the issue's worked figures."""
    data = public_data.robyn()
    media = {"TV": "tv_S", "OOH": "ooh_S", "Print": "print_S", "Facebook": "facebook_S"}
    media["Search"] = "search_S"
    rows = []
    for channel, column in media.items():
        part = pd.DataFrame({"date": data["DATE"], "channel": channel, "spend": data[column]})
        if channel == "Facebook":
            part["impressions"] = data["facebook_I"]
        if channel == "Search":
            part["clicks"] = data["search_clicks_P"]
        rows.append(part)
    spend = pd.concat(rows, ignore_index=True)
    orders = pd.DataFrame({"date": data["DATE"], "revenue": data["revenue"]})
    report = report_of(Orders=orders, Spend=spend)
    total_spend = sum(data[c].sum() for c in media.values())
    revenue = data["revenue"].sum()
    assert value(report, "ROMI") == pytest.approx((revenue - total_spend) / total_spend)
    assert value(report, "ROMI") > 20  # the 2,509%: far from the -100% of before
    search_cpc = data["search_S"].sum() / data["search_clicks_P"].sum()
    assert value(report, "CPC") == pytest.approx(search_cpc)
    assert value(report, "CPM") == pytest.approx(
        data["facebook_S"].sum() / data["facebook_I"].sum() * 1000
    )
    assert math.isnan(value(report, "CTR"))  # clicks and impressions come from two channels


# --------------------------------------------------------------------------- settings
def test_settings_and_targets_that_cannot_be_used_are_noted_on_their_tabs() -> None:
    settings = frame([("period", "fortnight"), ("colour", "blue")], "key value")
    targets = frame(
        [("FOOBAR", 1.0), ("CAC", -500.0), ("ROMI", -0.2), ("REVENUE", 9.0)], "kpi target"
    )
    orders = frame([("2025-03-04", 1000.0)], "date revenue")
    tabs = read_tabs({"Orders": orders, "Settings": settings, "Targets": targets})
    report = build_report(tabs)
    said = [str(n) for n in tabs["Settings"].notes + tabs["Targets"].notes]
    assert any("'fortnight' is not one of month, quarter, week" in n for n in said), said
    assert any("'colour'" in n and "ignored" in n for n in said), said
    assert any("FOOBAR" in n for n in said) and any("CAC cannot be negative" in n for n in said)
    assert [t.kpi for t in report.targets] == ["ROMI", "REVENUE"]  # ROMI may be negative
    assert report.settings.period == "month"


def test_the_summary_says_the_data_notes_in_the_workbook_s_language() -> None:
    from xl_kpi.summary import build_summary

    orders = frame([("2025-03-04", 1000.0), ("2025-03-05", "abc")], "date revenue")
    settings = frame([("language", "ru")], "key value")
    _, layout = build_summary({"Orders": orders, "Settings": settings})
    notes = [v for _, _, v, style in layout.cells() if style == "note" and isinstance(v, str)]
    orders_note = next(n for n in notes if "'abc'" in n)
    assert "строка 3" in orders_note, orders_note


# --------------------------------------------------------------------------- bounded work
def test_mistyped_dates_are_bad_rows_not_thousands_of_periods() -> None:
    orders = frame(
        [("2025-03-04", 1.0), ("31.12.9999", 2.0), ("01.01.0001", 3.0), ("2025-03-06", 4.0),
         ("1900-01-01", 5.0), ("2262-01-01", 6.0), ("2052-05-01", 7.0), ("2025-05-01", 8.0)],
        "date revenue",
    )  # fmt: skip
    settings = frame([("period", "week")], "key value")
    tabs = read_tabs({"Orders": orders, "Settings": settings})
    said = {n.row: str(n) for n in tabs["Orders"].notes}
    assert "outside the dates" in said[3] and "outside the dates" in said[4]
    assert "outside the dates" in said[7]
    assert "125 years before the other rows; a typo?" in said[6]
    assert "27 years after the other rows; a typo?" in said[8]
    report = build_report(tabs)
    assert len(report.periods) == 9  # March to May 2025 in weeks, not one per week of 8,000 years
    assert value(report, "REVENUE") == 1 + 4 + 8


def test_an_infinite_number_is_a_bad_row() -> None:
    orders = pd.DataFrame({"date": ["2025-03-04", "2025-03-05"], "revenue": [1.0, float("inf")]})
    tabs = read_tabs({"Orders": orders})
    assert "not a finite number" in str(tabs["Orders"].notes[0])
    assert value(build_report(tabs), "REVENUE") == 1.0
