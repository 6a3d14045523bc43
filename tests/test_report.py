"""The report against an independent pandas computation on generated data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from xl_kpi.report import TOTAL, build_report
from xl_kpi.sample import russian_tables, sample_tables
from xl_kpi.tabs import read_tabs

NOT_SOLD = {"cancelled", "returned"}


@pytest.fixture(scope="module")
def tables():
    return sample_tables(orders=4000, seed=11)


@pytest.fixture(scope="module")
def report(tables):
    return build_report(read_tabs(tables))


def by(report, kpi, channel=None):
    """The report's values of one KPI as {period: value}."""
    return {r.period: r.value for r in report.records if r.kpi == kpi and r.channel == channel}


def month(frame):
    return frame["date"].dt.strftime("%Y-%m")


def expected_monthly(t: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """Every scorecard KPI by month, computed directly from the definitions."""
    orders = t["Orders"][~t["Orders"]["status"].isin(NOT_SOLD)].assign(m=month)
    spend = t["Spend"].assign(m=month)
    leads = t["Leads"].assign(m=month)
    traffic = t["Traffic"].assign(m=month)
    social = t["Social"].assign(m=month)
    brand = t["Brand"].assign(m=month)
    months = sorted(set(orders["m"]) | set(spend["m"]) | set(traffic["m"]))
    idx = pd.Index(months)

    def s(series):
        return series.reindex(idx, fill_value=0.0).astype(float)

    revenue = s(orders.groupby("m")["revenue"].sum())
    sales = s(orders.groupby("m").size())
    cogs = s(orders.groupby("m")["cost"].sum())
    paid = orders[orders["channel"].isin(set(spend["channel"]))]
    paid_revenue = s(paid.groupby("m")["revenue"].sum())
    cost = s(spend.groupby("m")["spend"].sum())
    clicks = s(spend.groupby("m")["clicks"].sum())
    impressions = s(spend.groupby("m")["impressions"].sum())
    first = orders.sort_values("date").drop_duplicates("customer_id")
    new = s(first.groupby("m").size())
    n_leads = s(leads.groupby("m").size())
    # CPL pools the channels that report both spend and leads (Organic has leads, no spend)
    paid_leads = s(leads[leads["channel"].isin(set(spend["channel"]))].groupby("m").size())
    won = s(leads[leads["status"] == "won"].groupby("m").size())
    visitors = s(traffic.groupby("m")["visitors"].sum())
    eng = s(social.groupby("m")[["likes", "comments", "reposts"]].sum().sum(axis=1))
    reach = s(social.groupby("m")["reach"].sum())
    socials = {"vk", "telegram", "instagram"}
    social_sales = s(orders[orders["channel"].str.lower().isin(socials)].groupby("m").size())
    aware = brand.groupby("m")["aware"].sum().reindex(idx)
    surveyed = brand.groupby("m")["surveyed"].sum().reindex(idx)
    followers_end = (
        social.sort_values("date").groupby(["m", "network"])["followers"].last().groupby("m").sum()
    )
    start = followers_end.shift(1)
    start.iloc[0] = math.nan  # one count in the first month, none before: nothing to compare
    buyers = orders.groupby("m")["customer_id"].apply(set)
    kept = pd.Series(
        [math.nan]
        + [
            len(buyers.iloc[i] & buyers.iloc[i - 1]) / len(buyers.iloc[i - 1])
            for i in range(1, len(buyers))
        ],
        index=buyers.index,
    )
    repeat = orders.groupby("m")["customer_id"].apply(lambda c: (c.value_counts() >= 2).mean())
    return {
        "REVENUE": revenue,
        "SALES_COUNT": sales,
        "AOV": revenue / sales,
        "PROFIT": revenue - cogs - cost,
        "PROFIT_MARGIN": (revenue - cogs - cost) / revenue,
        "NEW_CUSTOMERS": new,
        "CAC": cost / new,
        "LEAD_CONVERSION": won / n_leads,
        "CONVERSION_RATE": sales / visitors,
        "TRAFFIC": visitors,
        "ENGAGEMENT": eng,
        "ENGAGEMENT_RATE": eng / reach,
        "CTR": clicks / impressions,
        "CPC": cost / clicks,
        "CPM": cost / impressions * 1000,
        "CPL": cost / paid_leads,
        "CPS": cost / sales,
        "ROMI": (paid_revenue - cost) / cost,
        "ROAS": paid_revenue / cost,
        "DRR": cost / paid_revenue,
        "SOCIAL_SALES": social_sales,
        "SALES_GROWTH": revenue.pct_change(),
        "BRAND_AWARENESS": aware / surveyed,
        "FOLLOWER_GROWTH": (followers_end - start) / start,
        "BUYER_RETENTION": kept,
        "CHURN_RATE": 1 - kept,
        "REPEAT_PURCHASE_RATE": repeat,
    }


def test_every_scorecard_kpi_by_month_matches_an_independent_computation(tables, report):
    expected = expected_monthly(tables)
    assert {row.entry.excel_name for row in report.scorecard} == set(expected)
    for kpi, series in expected.items():
        got = by(report, kpi)
        for period, value in series.items():
            if pd.isna(value):
                assert math.isnan(got[period]), (kpi, period)
            else:
                assert got[period] == pytest.approx(value, rel=1e-9), (kpi, period)


def test_totals_are_pooled_over_the_year(tables, report):
    orders = tables["Orders"][~tables["Orders"]["status"].isin(NOT_SOLD)]
    spend = tables["Spend"]
    total = {k: v[TOTAL] for k, v in ((kpi, by(report, kpi)) for kpi in ("REVENUE", "CPC", "CAC"))}
    assert total["REVENUE"] == pytest.approx(orders["revenue"].sum())
    assert total["CPC"] == pytest.approx(spend["spend"].sum() / spend["clicks"].sum())
    assert total["CAC"] == pytest.approx(spend["spend"].sum() / orders["customer_id"].nunique())


def test_channel_kpis_use_that_channels_spend(tables, report):
    orders = tables["Orders"][~tables["Orders"]["status"].isin(NOT_SOLD)]
    spend = tables["Spend"]
    first = orders.sort_values("date").drop_duplicates("customer_id")
    for channel in ("Paid search", "VK", "Instagram"):
        cost = spend.loc[spend["channel"] == channel, "spend"].sum()
        revenue = orders.loc[orders["channel"] == channel, "revenue"].sum()
        sales = (orders["channel"] == channel).sum()
        assert by(report, "CPS", channel)[TOTAL] == pytest.approx(cost / sales)
        assert by(report, "ROMI", channel)[TOTAL] == pytest.approx((revenue - cost) / cost)
        assert by(report, "CAC", channel)[TOTAL] == pytest.approx(
            cost / (first["channel"] == channel).sum()
        )


def test_a_channel_without_spend_has_no_cost_kpis_not_zero(report):
    for kpi in ("CAC", "CPS", "ROMI", "CPC"):
        assert math.isnan(by(report, kpi, "Organic")[TOTAL]), kpi
    assert by(report, "REVENUE", "Organic")[TOTAL] > 0


def test_russian_workbook_gives_the_same_numbers(tables, report):
    russian = build_report(read_tabs(russian_tables(tables)))
    ours = {(r.kpi, r.period, r.channel): r.value for r in report.records}
    theirs = {(r.kpi, r.period, r.channel): r.value for r in russian.records}
    assert ours.keys() == theirs.keys()
    for key, value in ours.items():
        assert (math.isnan(value) and math.isnan(theirs[key])) or theirs[key] == pytest.approx(
            value
        ), key


def test_absent_tabs_show_no_data_not_zero(tables):
    partial = {k: v for k, v in tables.items() if k in ("Orders", "Settings")}
    report = build_report(read_tabs(partial))
    rows = {row.entry.excel_name: row for row in report.scorecard}
    assert rows["REVENUE"].has_data and rows["AOV"].has_data
    for kpi in ("CPC", "CAC", "ROMI", "TRAFFIC", "BRAND_AWARENESS", "LEAD_CONVERSION"):
        assert not rows[kpi].has_data and all(math.isnan(v) for v in rows[kpi].values.values())


def test_targets_give_status_with_lower_is_better_reversed(tables):
    t = dict(tables)
    t["Targets"] = pd.DataFrame(
        {
            "kpi": ["REVENUE", "CAC", "CPC", "NOT_A_KPI"],
            "target": [1.0, 1.0, 1e9, 1.0],
            "period": [None] * 4,
            "channel": [None] * 4,
            "benchmark": [None, None, 5.0, None],
        }
    )
    report = build_report(read_tabs(t))
    rows = {row.entry.excel_name: row for row in report.scorecard}
    assert rows["REVENUE"].on_track is True  # far above a target of 1
    assert rows["CAC"].on_track is False  # lower is better: far above 1 is behind
    assert rows["CPC"].on_track is True and rows["CPC"].benchmark == 5.0
    assert any("NOT_A_KPI" in str(n) for n in report.notes)


@pytest.mark.parametrize(("period", "label"), [("week", "2025-W01"), ("quarter", "2025-Q1")])
def test_weeks_and_quarters(tables, period, label):
    t = dict(tables)
    t["Settings"] = pd.DataFrame({"key": ["period"], "value": [period]})
    report = build_report(read_tabs(t))
    assert report.periods[0] == label
    revenue = by(report, "REVENUE")
    assert sum(v for p, v in revenue.items() if p != TOTAL) == pytest.approx(revenue[TOTAL])


def test_bad_rows_are_skipped_and_reported_never_zero(tables):
    t = {"Orders": tables["Orders"].head(50).astype(object)}
    t["Orders"].loc[3, "revenue"] = "twelve"
    t["Orders"].loc[7, "date"] = "31.02.2025"
    t["Orders"].loc[9, "revenue"] = None
    tabs = read_tabs(t)
    report = build_report(tabs)
    notes = [str(n) for n in tabs["Orders"].notes]
    assert tabs["Orders"].rows_skipped == 3
    assert any("row 5, column revenue (F): 'twelve' is not a number" in n for n in notes)
    assert any("row 9, column date (A): '31.02.2025' is not a date" in n for n in notes)
    assert any("row 11, column revenue (F): required value is missing" in n for n in notes)
    good = tables["Orders"].head(50).drop(index=[3, 7, 9])
    good = good[~good["status"].isin(NOT_SOLD)]
    assert by(report, "REVENUE")[TOTAL] == pytest.approx(good["revenue"].sum())


def test_counts_that_are_not_sums_agree_with_the_catalogue(tables, report):
    """New customers and repeat purchases are counted in the report for speed; the
    catalogue's functions define them, and give the same numbers."""
    import xl_kpi

    orders = tables["Orders"][~tables["Orders"]["status"].isin(NOT_SOLD)]
    ids = orders["customer_id"].to_numpy(dtype=object)
    dates = orders["date"].to_numpy()
    new = by(report, "NEW_CUSTOMERS")
    repeat = by(report, "REPEAT_PURCHASE_RATE")
    for period in report.periods:
        start = pd.Timestamp(f"{period}-01")
        end = start + pd.offsets.MonthEnd(0)
        assert new[period] == xl_kpi.new_customers(ids, dates, start=start, end=end)
        in_month = month(orders) == period
        assert repeat[period] == pytest.approx(
            xl_kpi.repeat_purchase_rate(ids[in_month.to_numpy()])
        )


def test_social_table_per_network(tables, report):
    social = tables["Social"].sort_values("date")
    orders = tables["Orders"][~tables["Orders"]["status"].isin(NOT_SOLD)]
    table = report.social.set_index("network")
    for network, rows in social.groupby("network"):
        got = table.loc[network]
        start, end = rows["followers"].iloc[0], rows["followers"].iloc[-1]
        engagement = rows[["likes", "comments", "reposts"]].to_numpy().sum()
        assert (got["followers_start"], got["followers_end"]) == (start, end)
        assert got["FOLLOWER_GROWTH"] == pytest.approx((end - start) / start)
        assert got["ENGAGEMENT"] == engagement
        assert got["ENGAGEMENT_RATE"] == pytest.approx(engagement / rows["reach"].sum())
        assert got["SALES_COUNT"] == (orders["channel"] == network).sum()


def test_cohort_retention_by_first_purchase_month(tables, report):
    orders = tables["Orders"][~tables["Orders"]["status"].isin(NOT_SOLD)]
    index = orders["date"].dt.year * 12 + orders["date"].dt.month - 1
    first = index.groupby(orders["customer_id"]).transform("min")
    cohorts = report.cohorts
    for label in ("2025-01", "2025-03"):
        cohort = orders[first == index.min() + int(label[-2:]) - 1]["customer_id"].unique()
        assert cohorts.loc[label, "customers"] == len(cohort)
        assert cohorts.loc[label, 0] == 1.0
        for offset in (1, 2, 5):
            bought = orders[(index == index.min() + int(label[-2:]) - 1 + offset)]
            returning = bought.loc[bought["customer_id"].isin(cohort), "customer_id"]
            share = returning.nunique() / len(cohort)
            assert cohorts.loc[label, offset] == pytest.approx(share)


def test_the_social_table_is_in_the_records_too(report):
    records = {(r.kpi, r.channel): r.value for r in report.records if r.period == TOTAL}
    for _, row in report.social.iterrows():
        for kpi in ("FOLLOWER_GROWTH", "ENGAGEMENT", "ENGAGEMENT_RATE"):
            assert records[(kpi, row["network"])] == pytest.approx(row[kpi]), (kpi, row)


# --- targets by name, and what a record carries beside its value --------------------------


def _targets(*rows: tuple) -> pd.DataFrame:
    kpi, target, period, channel = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "kpi": list(kpi),
            "target": list(target),
            "period": list(period),
            "channel": list(channel),
            "benchmark": [None] * len(rows),
        }
    )


def test_a_target_may_name_a_kpi_as_the_summary_shows_it(tables):
    t = dict(tables)
    t["Targets"] = _targets(
        ("Средний чек", 3000.0, None, None),  # the Russian title
        ("  conversion   rate ", 0.02, None, None),  # the English title, loosely written
        ("romi", 1.5, None, None),  # the Excel name in lower case
        ("leads", 400.0, None, "VK"),  # a summed measure, for one channel
        ("Лиды", 4000.0, "2025-03", None),  # and overall, in one period, by its Russian name
    )
    report = build_report(read_tabs(t))
    assert {(x.kpi, x.channel) for x in report.targets} == {
        ("AOV", None), ("CONVERSION_RATE", None), ("ROMI", None), ("LEADS", "VK"),
        ("LEADS", None),
    }  # fmt: skip
    assert not [n for n in report.notes if n.sheet == "Targets"]
    rows = {row.entry.excel_name: row for row in report.scorecard}
    assert rows["AOV"].target == 3000.0 and rows["CONVERSION_RATE"].target == 0.02
    march = next(
        r for r in report.records if (r.kpi, r.period, r.channel) == ("LEADS", "2025-03", None)
    )
    assert march.target == 4000.0 and march.status == (
        "on_track" if march.value >= 4000 else "behind"
    )
    vk = next(r for r in report.records if (r.kpi, r.period, r.channel) == ("LEADS", TOTAL, "VK"))
    # over the whole span a summed target adds up its periods'
    assert vk.target == 400.0 * len(report.periods)
    assert vk.pct_of_target == pytest.approx(100 * vk.value / vk.target)
    table = report.channels.set_index("channel")
    assert table.loc["VK", "LEADS target"] == vk.target
    assert table.loc["VK", "LEADS status"] == (vk.value >= vk.target)


def test_an_unknown_target_name_is_noted_with_the_closest_names_in_the_workbooks_language(
    tables,
):
    t = dict(russian_tables(tables))
    t["Цели"] = _targets(("Средний чкек", 3000.0, None, None), ("Конверсия", 0.02, None, None))
    report = build_report(read_tabs(t))
    (note,) = [n for n in report.notes if n.sheet == "Цели"]
    said = note.text("ru")
    assert "Средний чкек" in said and "ближайшие названия" in said and "Средний чек" in said
    assert [x.kpi for x in report.targets] == ["CONVERSION_RATE"]


def test_records_carry_target_status_previous_and_change_in_the_right_unit(tables):
    t = dict(tables)
    t["Targets"] = _targets(("CONVERSION_RATE", 0.02, None, None), ("REVENUE", 1.0, None, None))
    report = build_report(read_tabs(t))
    now, before = report.periods[-1], report.periods[-2]
    found = {(r.kpi, r.period): r for r in report.records if r.channel is None}
    rate, sales = found["CONVERSION_RATE", now], found["REVENUE", now]
    assert rate.previous == found["CONVERSION_RATE", before].value
    assert rate.change_unit == "pp"  # a rate changes in percentage points
    assert rate.change == pytest.approx(100 * (rate.value - rate.previous))
    assert sales.change_unit == "%"  # a sum in per cent
    assert sales.change == pytest.approx(100 * (sales.value / sales.previous - 1))
    assert rate.target == 0.02 and rate.pct_of_target == pytest.approx(100 * rate.value / 0.02)
    assert rate.status == ("on_track" if rate.value >= 0.02 else "behind")
    assert sales.status == "on_track"
    first = found["REVENUE", report.periods[0]]
    assert first.previous is None and first.change is None  # nothing before the first
    cac = found["CAC", now]
    assert cac.target is None and cac.pct_of_target is None and cac.status is None
    growth = found["SALES_GROWTH", now]
    assert growth.change_unit == "pp"  # a growth rate is a rate: not +189%
    line = next(x for x in report.scorecard if x.entry.name == "sales_growth")
    assert line.change_unit == "pp" and line.change == pytest.approx(growth.change)
