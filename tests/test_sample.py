"""Tests of the deterministic sample data generator."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from xl_kpi.sample import (
    CHANNELS,
    PAID_CHANNELS,
    RU_STATUSES,
    SOCIAL_NETWORKS,
    russian_tables,
    sample_tables,
)
from xl_kpi.schema import TABS
from xl_kpi.schema import tab as tab_schema

DATE_COLUMNS = {"date"}
MONEY_COLUMNS = {"revenue", "cost", "spend"}
FLOAT_COLUMNS = {"target", "benchmark"}
COUNT_COLUMNS = {
    "impressions",
    "clicks",
    "visitors",
    "followers",
    "likes",
    "comments",
    "reposts",
    "reach",
    "surveyed",
    "aware",
}
# Text columns whose cells may be blank (None).
BLANKABLE = {
    ("Orders", "campaign"),
    ("Leads", "campaign"),
    ("Targets", "period"),
    ("Targets", "channel"),
}
RU_MONEY = re.compile(r"^-?\d{1,3}(\u00a0\d{3})*,\d{2}$")
RU_DATE = re.compile(r"^\d{2}\.\d{2}\.\d{4}$")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    """The default sample (3,000 orders of 2025, seed 7)."""
    return sample_tables()


@pytest.fixture(scope="module")
def completed(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Completed orders of the default sample."""
    orders = tables["Orders"]
    return orders[orders["status"] == "completed"]


def _ru_to_float(series: pd.Series) -> pd.Series:
    """Parse Russian number text ("1 234,56") back to float with plain pandas."""
    text = series.str.replace("\u00a0", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(text).astype(np.float64)


# --------------------------------------------------------------------------- shape and types


def test_same_seed_gives_equal_frames() -> None:
    first, second = sample_tables(orders=2000, seed=11), sample_tables(orders=2000, seed=11)
    assert list(first) == list(second)
    for tab in first:
        pd.testing.assert_frame_equal(first[tab], second[tab])


def test_different_seed_gives_different_data() -> None:
    first, second = sample_tables(orders=2000, seed=1), sample_tables(orders=2000, seed=2)
    assert not first["Orders"]["revenue"].equals(second["Orders"]["revenue"])
    assert not first["Leads"]["status"].equals(second["Leads"]["status"])
    assert not first["Spend"]["spend"].equals(second["Spend"]["spend"])


@pytest.mark.parametrize("orders", [1, 7, 999, 3000, 12_345])
def test_exact_number_of_orders(orders: int) -> None:
    frame = sample_tables(orders=orders)["Orders"]
    assert len(frame) == orders
    assert frame["order_id"].is_unique


def test_tabs_columns_and_dtypes(tables: dict[str, pd.DataFrame]) -> None:
    assert list(tables) == [t.name for t in TABS]
    for tab, frame in tables.items():
        assert tuple(frame.columns) == tab_schema(tab).template_columns, tab
        assert isinstance(frame.index, pd.RangeIndex)
        for name in frame.columns:
            column = frame[name]
            if name in DATE_COLUMNS:
                assert column.dtype == np.dtype("datetime64[ns]"), (tab, name)
                assert column.notna().all()
                assert (column == column.dt.normalize()).all(), (tab, name)
            elif name in MONEY_COLUMNS:
                assert column.dtype == np.float64, (tab, name)
                assert (column == column.round(2)).all(), (tab, name)
                assert (column >= 0).all(), (tab, name)
            elif name in FLOAT_COLUMNS:
                assert column.dtype == np.float64, (tab, name)
            elif name in COUNT_COLUMNS:
                assert column.dtype == np.int64, (tab, name)
                assert (column >= 0).all(), (tab, name)
            else:
                assert column.dtype == object, (tab, name)
                values = column.dropna() if (tab, name) in BLANKABLE else column
                assert len(values) > 0 or tab == "Targets", (tab, name)
                assert all(type(value) is str for value in values), (tab, name)
                assert all(value is None or type(value) is str for value in column), (tab, name)


@pytest.mark.parametrize(("year", "days"), [(2024, 366), (2025, 365)])
def test_per_day_tabs_cover_the_year(year: int, days: int) -> None:
    tables = sample_tables(year=year, orders=500)
    spend, traffic = tables["Spend"], tables["Traffic"]
    assert len(spend) == days * len(PAID_CHANNELS)
    assert len(traffic) == days * len(CHANNELS)
    assert set(spend["channel"]) == set(PAID_CHANNELS)
    assert set(traffic["channel"]) == set(CHANNELS)
    assert not spend.duplicated(["date", "channel"]).any()
    assert not traffic.duplicated(["date", "channel"]).any()
    assert traffic["date"].min() == pd.Timestamp(year, 1, 1)
    assert traffic["date"].max() == pd.Timestamp(year, 12, 31)
    for tab in ("Orders", "Leads", "Social", "Brand"):
        assert (tables[tab]["date"].dt.year == year).all(), tab
    social = tables["Social"]
    assert len(social) == 12 * len(SOCIAL_NETWORKS)
    assert social["date"].dt.is_month_end.all()
    assert list(tables["Brand"]["date"].dt.month) == [3, 6, 9, 12]
    assert tables["Brand"]["date"].dt.is_month_end.all()


def test_ids_and_order(tables: dict[str, pd.DataFrame]) -> None:
    orders, leads = tables["Orders"], tables["Leads"]
    assert orders["order_id"].is_unique and leads["lead_id"].is_unique
    assert orders["order_id"].str.fullmatch(r"ORD-\d{6}").all()
    assert leads["lead_id"].str.fullmatch(r"L-\d{6}").all()
    assert orders["customer_id"].str.fullmatch(r"C-\d{5}").all()
    assert orders["order_id"].iloc[0] == "ORD-000001"
    assert orders["order_id"].iloc[-1] == f"ORD-{len(orders):06d}"
    assert orders["date"].is_monotonic_increasing
    assert leads["date"].is_monotonic_increasing
    assert set(orders["channel"]) == set(CHANNELS)
    assert set(orders["status"]) == {"completed", "cancelled", "returned"}
    assert set(leads["status"]) == {"new", "in progress", "won", "lost"}
    organic = orders["channel"] == "Organic"
    assert orders.loc[organic, "campaign"].isna().all()
    assert orders.loc[~organic, "campaign"].notna().all()
    spent = set(tables["Spend"]["campaign"])
    assert set(orders.loc[~organic, "campaign"]) <= spent


def test_settings_and_targets(tables: dict[str, pd.DataFrame]) -> None:
    settings = dict(zip(tables["Settings"]["key"], tables["Settings"]["value"], strict=True))
    assert settings == {
        "period": "month",
        "language": "en",
        "currency": "RUB",
        "social_channels": "VK, Telegram, Instagram",
        "romi_basis": "revenue",
    }
    targets = tables["Targets"]
    assert {"REVENUE", "ROMI", "CAC", "CONVERSION_RATE", "AOV", "LEAD_CONVERSION"} <= set(
        targets["kpi"]
    )
    assert targets["period"].isna().all()
    assert (targets["target"] > 0).all()
    overall = targets[targets["channel"].isna()].set_index("kpi")
    assert overall.loc["ROMI", "target"] == 1.5
    assert overall.loc["CONVERSION_RATE", "target"] == 0.02
    assert overall.loc["LEAD_CONVERSION", "target"] == 0.2
    assert overall.loc["AOV", "benchmark"] > 0
    cac = targets[targets["kpi"] == "CAC"]
    assert set(cac["channel"]) == set(PAID_CHANNELS)


# --------------------------------------------------------------------------- realism


def test_order_values_and_statuses(
    tables: dict[str, pd.DataFrame], completed: pd.DataFrame
) -> None:
    orders = tables["Orders"]
    assert 3_000 < completed["revenue"].mean() < 4_200
    assert 2_500 < orders["revenue"].median() < 3_500
    share = orders["cost"] / orders["revenue"]
    assert share.between(0.549, 0.651).all()
    statuses = orders["status"].value_counts(normalize=True)
    assert statuses["completed"] > 0.85
    assert 0.01 < statuses["cancelled"] < 0.1
    assert 0.01 < statuses["returned"] < 0.1
    assert 0.2 < orders["channel"].isin(SOCIAL_NETWORKS).mean() < 0.5


def test_seasonality_and_weekdays(completed: pd.DataFrame) -> None:
    by_month = completed.groupby(completed["date"].dt.month)["revenue"].sum()
    assert by_month[12] > 1.8 * by_month[2]
    assert by_month[11] > by_month[10]
    assert by_month.idxmax() == 12
    big = sample_tables(orders=100_000)["Orders"]
    weekday_counts = (
        big.groupby(big["date"].dt.day_of_week).size()
        / big.groupby(big["date"].dt.day_of_week)["date"].nunique()
    )
    assert weekday_counts[0] > weekday_counts[5]  # Monday beats Saturday


def test_returning_customers(tables: dict[str, pd.DataFrame]) -> None:
    orders = tables["Orders"]
    per_customer = orders.groupby("customer_id").size()
    assert 0.20 <= (per_customer >= 2).mean() <= 0.35
    first = orders.groupby("customer_id")["date"].min()
    cohort = orders["customer_id"].map(first.dt.month)
    month = orders["date"].dt.month
    assert first.dt.month.nunique() == 12  # new customers every month
    assert (first.dt.month.value_counts() >= 50).all()
    active_next = orders.loc[month == cohort + 1, "customer_id"].nunique()
    retention = active_next / (first.dt.month <= 11).sum()
    assert 0.02 <= retention <= 0.15
    # Customer numbers follow the first purchase.
    numbers = first.sort_values(kind="stable").index.str[2:].astype(int)
    assert (np.diff(numbers) > 0).sum() > 0.9 * (len(numbers) - 1)


def test_funnel_rates(tables: dict[str, pd.DataFrame]) -> None:
    orders, traffic, spend = tables["Orders"], tables["Traffic"], tables["Spend"]
    visitors = traffic.groupby("channel")["visitors"].sum()
    conversion = orders.groupby("channel").size() / visitors
    assert 0.01 <= len(orders) / visitors.sum() <= 0.03
    assert conversion.between(0.005, 0.035).all()
    per_channel = spend.groupby("channel")[["spend", "impressions", "clicks"]].sum()
    ctr = per_channel["clicks"] / per_channel["impressions"]
    assert ctr.between(0.005, 0.03).all()
    cpc = per_channel["spend"] / per_channel["clicks"]
    assert cpc.between(5, 100).all()
    assert (spend["spend"] > 0).all()
    assert (spend["clicks"] <= spend["impressions"]).all()


def test_romi_has_both_signs(tables: dict[str, pd.DataFrame], completed: pd.DataFrame) -> None:
    spend = tables["Spend"].groupby("channel")["spend"].sum()
    revenue = completed.groupby("channel")["revenue"].sum().reindex(spend.index)
    romi = (revenue - spend) / spend
    assert (romi < 0).sum() >= 1
    assert (romi > 0).sum() >= 3
    assert romi["Instagram"] < 0
    assert romi["Paid search"] > 0


def test_leads_match_orders(tables: dict[str, pd.DataFrame]) -> None:
    orders, leads = tables["Orders"], tables["Leads"]
    assert 4 * len(orders) <= len(leads) <= 5 * len(orders)
    won = (leads["status"] == "won").sum()
    assert 0.15 <= won / len(leads) <= 0.25
    assert 0.5 <= won / len(orders) <= 1.0
    december = leads[leads["date"] >= "2025-12-25"]
    assert december["status"].isin(["new", "in progress"]).mean() > 0.5
    spring = leads[leads["date"].dt.month <= 6]
    assert spring["status"].isin(["won", "lost"]).mean() > 0.9


def test_social_and_brand(tables: dict[str, pd.DataFrame]) -> None:
    social = tables["Social"]
    for network, rows in social.groupby("network"):
        followers = rows.sort_values("date")["followers"]
        assert followers.is_monotonic_increasing, network
        assert followers.iloc[-1] > followers.iloc[0], network
    assert (social["impressions"] >= social["reach"]).all()
    assert (social["likes"] > social["comments"]).all()
    brand = tables["Brand"]
    awareness = brand["aware"] / brand["surveyed"]
    assert awareness.between(0.05, 0.5).all()
    assert awareness.iloc[-1] > awareness.iloc[0]


def test_large_sample_is_consistent() -> None:
    tables = sample_tables(orders=200_000, seed=3)
    orders = tables["Orders"]
    assert len(orders) == 200_000
    assert orders["order_id"].is_unique
    assert orders["order_id"].iloc[-1] == "ORD-200000"
    assert orders["customer_id"].str.fullmatch(r"C-\d{6}").all()
    assert len(tables["Leads"]) == 250_000  # capped well below 4.2 leads per order
    assert len(tables["Spend"]) == 365 * len(PAID_CHANNELS)
    assert orders["date"].is_monotonic_increasing


def test_lead_rows_never_exceed_a_sheet() -> None:
    assert len(sample_tables(orders=300_000)["Leads"]) == 300_000


@pytest.mark.parametrize(
    "arguments",
    [
        {"orders": 0},
        {"orders": -5},
        {"orders": 2.5},
        {"seed": -1},
        {"year": 1800},
        {"orders": True},
    ],
)
def test_invalid_arguments(arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        sample_tables(**arguments)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- Russian version


def test_russian_statuses_are_distinct() -> None:
    assert len(set(RU_STATUSES.values())) == len(RU_STATUSES)


def test_russian_tables_round_trip(tables: dict[str, pd.DataFrame]) -> None:
    before = {tab: frame.copy(deep=True) for tab, frame in tables.items()}
    russian = russian_tables(tables)
    for tab in tables:  # the input is left alone
        pd.testing.assert_frame_equal(tables[tab], before[tab])
    assert list(russian) == [tab_schema(t).ru for t in tables]
    back_statuses = {ru: en for en, ru in RU_STATUSES.items()}
    for tab, english in tables.items():
        frame = russian[tab_schema(tab).ru]
        assert list(frame.columns) == [tab_schema(tab).column(c).ru for c in english.columns]
        assert len(frame) == len(english)
        for name in english.columns:
            ru = frame[tab_schema(tab).column(name).ru]
            en = english[name]
            if name in DATE_COLUMNS:
                assert ru.str.fullmatch(RU_DATE.pattern).all()
                parsed = pd.to_datetime(ru, format="%d.%m.%Y").astype("datetime64[ns]")
                pd.testing.assert_series_equal(parsed, en, check_names=False)
            elif name in MONEY_COLUMNS:
                assert ru.str.fullmatch(RU_MONEY.pattern).all(), (tab, name)
                parsed = _ru_to_float(ru)
                pd.testing.assert_series_equal(parsed, en, check_names=False, rtol=0, atol=1e-9)
            elif name in FLOAT_COLUMNS:
                assert ru.dropna().str.fullmatch(r"\d{1,3}(\u00a0\d{3})*(,\d+)?").all()
                parsed = _ru_to_float(ru)
                pd.testing.assert_series_equal(parsed, en, check_names=False)
            elif name == "status":
                assert set(ru) <= set(RU_STATUSES.values())
                assert list(ru.map(back_statuses)) == list(en)
            elif tab == "Settings" and name == "value":
                values = dict(zip(frame["параметр"], ru, strict=True))
                assert values["language"] == "ru"
                assert values["currency"] == "RUB"
            else:
                assert ru.dtype == en.dtype, (tab, name)
                pd.testing.assert_series_equal(ru, en, check_names=False)


def test_russian_text_examples(tables: dict[str, pd.DataFrame]) -> None:
    russian = russian_tables(tables)
    orders = russian["Заказы"]
    first_english = tables["Orders"].iloc[0]
    assert orders["дата"].iloc[0] == first_english["date"].strftime("%d.%m.%Y")
    assert orders["статус"].dtype == object
    big = orders["выручка"][tables["Orders"]["revenue"] >= 1000].iloc[0]
    assert "\u00a0" in big and "," in big
    targets = russian["Цели"].set_index("показатель")
    assert targets.loc["ROMI", "цель"] == "1,5"
    assert targets.loc["CONVERSION_RATE", "цель"] == "0,02"
    assert targets.loc["AOV", "ориентир"] == "3\u00a0300"
    assert targets.loc["ROMI", "ориентир"] is None
