"""Why revenue changed and the pace of a period in progress: the LMDI-I split adds up, its
signs follow the drivers, the pace is the run rate, on the sample, CDNOW and edge cases."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xl_kpi
from xl_kpi.cli import main
from xl_kpi.kpis.drivers import split
from xl_kpi.report import build_report
from xl_kpi.report.drivers import mark_in_progress, period_bounds
from xl_kpi.sample import sample_tables
from xl_kpi.summary import summary_layout
from xl_kpi.summary_changes import complete_period, words
from xl_kpi.tabs import read_tabs

from . import public_data

NOT_SOLD = {"cancelled", "returned"}
WHEN = dt.datetime(2026, 1, 1, 9, 0)


def report_of(**tabs: pd.DataFrame):
    return build_report(read_tabs(tabs))


def cut(tables: dict[str, pd.DataFrame], last: str) -> dict[str, pd.DataFrame]:
    """The tables as an export made on ``last``: every dated row after it dropped."""
    end = pd.Timestamp(last)
    return {
        name: frame[frame["date"] <= end] if name not in ("Settings", "Targets") else frame
        for name, frame in tables.items()
    }


def records(report, kpi: str) -> list:
    return [r for r in report.records if r.kpi == kpi]


def adds_up(report) -> None:
    """Every defined split's effects add up to its revenue change, to 1e-9."""
    assert report.drivers
    for s in report.drivers:
        if s.defined:
            total = math.fsum(e.value for e in s.effects)
            assert abs(total - s.change) <= 1e-9, (s.period, s.channel, total, s.change)


def signs_follow_the_drivers(report) -> None:
    for s in report.drivers:
        for e in s.effects:
            if s.defined and e.before > 0 and e.after > 0:
                assert np.sign(e.value) == np.sign(math.log(e.after / e.before)), (s, e)


@pytest.fixture(scope="module")
def tables():
    return sample_tables(orders=1500, seed=11)


@pytest.fixture(scope="module")
def small():
    return sample_tables(orders=300, seed=5)


@pytest.fixture(scope="module")
def sample(tables):
    return build_report(read_tabs(tables))


@pytest.fixture(scope="module")
def in_progress(tables):
    """The sample as exported on 15 December: December is in progress, its revenue target
    one and a half times what was sold to the 15th (the pace reaches it, half a month does not)."""
    exported = cut(tables, "2025-12-15")
    sold = exported["Orders"][~exported["Orders"]["status"].isin(NOT_SOLD)]
    so_far = sold.loc[sold["date"] >= "2025-12-01", "revenue"].sum()
    exported["Targets"] = pd.DataFrame(
        {"kpi": ["REVENUE"], "target": [round(so_far * 1.5)], "period": ["2025-12"]}
    )
    return build_report(read_tabs(exported))


# --- the split ------------------------------------------------------------------------


def test_the_effects_add_up_on_the_sample_overall_and_by_channel(sample):
    adds_up(sample)
    signs_follow_the_drivers(sample)
    overall = [s for s in sample.drivers if s.channel is None]
    assert [s.period for s in overall] == sample.periods[1:]
    assert all(s.defined for s in sample.drivers)
    channels = {s.channel for s in sample.drivers} - {None}
    assert channels == {"Paid search", "VK", "Telegram", "Instagram", "Email", "Organic"}


def test_the_overall_split_against_the_definitions_computed_from_the_raw_rows(tables, sample):
    orders = tables["Orders"][~tables["Orders"]["status"].isin(NOT_SOLD)]
    month = orders["date"].dt.strftime("%Y-%m")
    revenue = orders.groupby(month)["revenue"].sum()
    sales = orders.groupby(month).size()
    visitors = (
        tables["Traffic"].groupby(tables["Traffic"]["date"].dt.strftime("%Y-%m"))["visitors"].sum()
    )
    drivers = records(sample, "REVENUE_DRIVER")
    for before, after in [("2025-02", "2025-03"), ("2025-11", "2025-12")]:
        r0, r1 = revenue[before], revenue[after]
        mean = (r1 - r0) / math.log(r1 / r0)  # the logarithmic mean, written out
        expected = {
            "TRAFFIC": mean * math.log(visitors[after] / visitors[before]),
            "CONVERSION_RATE": mean
            * math.log((sales[after] / visitors[after]) / (sales[before] / visitors[before])),
            "AOV": mean * math.log((r1 / sales[after]) / (r0 / sales[before])),
        }
        found = {r.driver: r.value for r in drivers if r.period == after and r.channel is None}
        assert found == pytest.approx(expected, rel=1e-9)
        # the catalogue's cell functions say the same from the same sums
        args = (r0, r1, sales[before], sales[after], visitors[before], visitors[after])
        assert xl_kpi.traffic_effect(*args) == pytest.approx(found["TRAFFIC"], rel=1e-12)
        assert xl_kpi.conversion_effect(*args) == pytest.approx(found["CONVERSION_RATE"])
        assert xl_kpi.aov_effect(*args) == pytest.approx(found["AOV"], rel=1e-12)
        assert sum(found.values()) == pytest.approx(r1 - r0, abs=1e-9)


def test_driver_records_name_their_drivers_for_every_period_after_the_first(sample):
    found = records(sample, "REVENUE_DRIVER")
    overall = [r for r in found if r.channel is None]
    assert {r.period for r in found} == set(sample.periods[1:])
    assert [r.driver for r in overall[:3]] == ["TRAFFIC", "CONVERSION_RATE", "AOV"]
    assert len(overall) == 3 * (len(sample.periods) - 1)
    assert not records(sample, "REVENUE_PACE")  # every month is complete


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # a driver flat: its effect is 0, the others share the change
        ([100, 0.02, 50], [100, 0.03, 50], [0.0, 50.0, 0.0]),
        # conversion halves, nothing else moves: the whole change is conversion's
        ([1000, 0.04, 25], [1000, 0.02, 25], [0.0, -500.0, 0.0]),
        # an average check of 0 before (orders of no amount): the check takes the change
        ([100, 0.1, 0.0], [120, 0.1, 30], [0.0, 0.0, 360.0]),
        # nothing sold in either period at a check of 0: nothing changed
        ([100, 0.1, 0.0], [80, 0.1, 0.0], [0.0, 0.0, 0.0]),
    ],
    ids=["flat", "halving", "zero before", "zero both"],
)
def test_edge_cases_of_the_split(before, after, expected):
    effects = split(before, after)
    assert list(effects) == pytest.approx(expected, abs=1e-9)
    assert math.fsum(effects) == pytest.approx(math.prod(after) - math.prod(before), abs=1e-9)


def test_an_undefined_driver_leaves_the_split_undefined():
    assert all(math.isnan(e) for e in split([0, math.nan, 50], [100, 0.02, 50]))  # no visitors
    assert all(math.isnan(e) for e in split([100, 0.02, 50], [100, 0.0, math.nan]))  # no sales
    assert math.isnan(xl_kpi.aov_effect(1000, 1200, 10, 12, 0, 100))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.floats(1e-3, 1e6), st.floats(1e-3, 1e6)), min_size=1, max_size=5))
def test_property_effects_add_up_and_follow_their_drivers(pairs):
    before, after = [p[0] for p in pairs], [p[1] for p in pairs]
    effects = split(before, after)
    change = math.prod(after) - math.prod(before)
    scale = max(1.0, math.prod(after), math.prod(before))
    assert abs(math.fsum(effects) - change) <= 1e-9 * scale
    for effect, b, a in zip(effects, before, after):
        if a != b:
            assert np.sign(effect) in (np.sign(a - b), 0.0)


def _orders(rows):
    return pd.DataFrame(rows, columns=["date", "channel", "revenue"])


def test_edge_cases_through_the_report_a_new_channel_and_a_month_without_traffic():
    orders = _orders(
        [
            ("2025-01-10", "Search", 100.0),
            ("2025-01-11", "Search", 300.0),
            ("2025-01-12", "Email", 200.0),
            ("2025-02-10", "Search", 100.0),  # Search: half the sales at half the check
            ("2025-02-11", "Email", 200.0),
            ("2025-02-12", "Email", 200.0),
            ("2025-02-13", "Telegram", 500.0),  # a channel new in February
            ("2025-03-10", "Email", 400.0),
        ]
    )
    traffic = pd.DataFrame(
        {
            "date": ["2025-01-31", "2025-01-31", "2025-02-28", "2025-02-28", "2025-02-28"],
            "channel": ["Search", "Email", "Search", "Email", "Telegram"],
            "visitors": [40, 20, 40, 20, 10],
        }
    )  # nothing in March: its split cannot be made
    report = report_of(Orders=orders, Traffic=traffic)
    adds_up(report)
    signs_follow_the_drivers(report)
    by = {(s.period, s.channel): s for s in report.drivers}
    february = by["2025-02", None]
    assert february.change == 1000.0 - 600.0 and february.defined
    search = {e.driver: e for e in by["2025-02", "Search"].effects}
    assert search["TRAFFIC"].value == 0.0  # flat visitors
    assert search["CONVERSION_RATE"].move == pytest.approx(-0.5)  # 2 sales -> 1 of 40
    assert search["AOV"].move == pytest.approx(-0.5)  # a check of 200 -> 100
    assert search["CONVERSION_RATE"].value == pytest.approx(search["AOV"].value)
    telegram = by["2025-02", "Telegram"]
    assert telegram.new and not telegram.defined and telegram.change == 500.0
    march = by["2025-03", None]
    assert not march.defined and march.change == 400.0 - 1000.0
    assert all(math.isnan(r.value) for r in records(report, "REVENUE_DRIVER")[-3:])


def test_a_channel_is_split_by_the_drivers_it_has():
    orders = _orders(
        [
            ("2025-01-05", "Search", 300.0),
            ("2025-01-06", "Display", 200.0),
            ("2025-01-07", "Organic", 100.0),
            ("2025-02-05", "Search", 400.0),
            ("2025-02-06", "Display", 500.0),
            ("2025-02-07", "Organic", 100.0),
            ("2025-02-08", "Organic", 100.0),
        ]
    )
    spend = pd.DataFrame(
        {
            "date": ["2025-01-05", "2025-01-06", "2025-02-05", "2025-02-06"],
            "channel": ["Search", "Display", "Search", "Display"],
            "spend": [100.0, 100.0, 100.0, 125.0],
            "clicks": [10, None, 20, None],
        }
    )
    report = report_of(Orders=orders, Spend=spend)
    adds_up(report)
    drivers = {s.channel: [e.driver for e in s.effects] for s in report.drivers}
    assert drivers["Search"] == ["CLICKS", "CONVERSION_RATE", "AOV"]
    assert drivers["Display"] == ["SPEND", "ROAS"]
    assert drivers["Organic"] == ["SALES_COUNT", "AOV"]
    assert drivers[None] == ["SALES_COUNT", "AOV"]  # no Traffic tab: sales x average check
    display = {
        e.driver: e for e in next(s for s in report.drivers if s.channel == "Display").effects
    }
    assert display["ROAS"].move == pytest.approx(4 / 2 - 1)  # 200/100 -> 500/125


# --- pace ---------------------------------------------------------------------------


def test_the_pace_of_a_cut_sample_is_the_run_rate(tables, in_progress):
    orders = tables["Orders"]
    sold = orders[~orders["status"].isin(NOT_SOLD)]
    so_far = sold[(sold["date"] >= "2025-12-01") & (sold["date"] <= "2025-12-15")]
    pace = {r.kpi: r for r in in_progress.records if r.kpi.endswith("_PACE")}
    assert set(pace) == {"REVENUE_PACE", "SALES_COUNT_PACE", "SPEND_PACE", "LEADS_PACE"}
    assert {r.period for r in pace.values()} == {"2025-12"}
    assert pace["REVENUE_PACE"].value == pytest.approx(so_far["revenue"].sum() * 31 / 15)
    assert pace["SALES_COUNT_PACE"].value == pytest.approx(len(so_far) * 31 / 15)
    spend = tables["Spend"]
    december = spend[(spend["date"] >= "2025-12-01") & (spend["date"] <= "2025-12-15")]
    assert pace["SPEND_PACE"].value == pytest.approx(december["spend"].sum() * 31 / 15)
    assert in_progress.pace.left == 16 and in_progress.pace.elapsed == 15


def test_complete_periods_have_no_pace_record(small):
    report = build_report(read_tabs(cut(small, "2025-11-30")))
    assert report.pace is None and report.periods[-1] == "2025-11"
    assert not [r for r in report.records if r.kpi.endswith("_PACE")]


def test_a_settings_as_of_date_counts_the_days_to_it(small):
    cut_tables = cut(small, "2025-12-15")
    extra = pd.DataFrame({"key": ["As of"], "value": [dt.datetime(2025, 12, 20)]})
    cut_tables["Settings"] = pd.concat([cut_tables["Settings"], extra], ignore_index=True)
    report = build_report(read_tabs(cut_tables))
    assert report.settings.as_of == dt.date(2025, 12, 20) and report.pace.elapsed == 20
    line = report.pace.line("REVENUE")
    assert line.projected == pytest.approx(line.so_far * 31 / 20)


def test_a_week_in_progress(small):
    weekly = cut(small, "2025-12-17")  # a Wednesday: three days of ISO week 51
    weekly["Settings"] = pd.DataFrame({"key": ["period"], "value": ["week"]})
    report = build_report(read_tabs(weekly))
    assert report.pace.period == "2025-W51" and (report.pace.elapsed, report.pace.days) == (3, 7)
    assert period_bounds("2025-Q4", "quarter") == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))


def test_a_period_in_progress_on_the_scorecard(in_progress):
    revenue = next(r for r in in_progress.scorecard if r.entry.name == "revenue")
    aov = next(r for r in in_progress.scorecard if r.entry.name == "aov")
    assert math.isnan(revenue.change)  # half a month against a whole one: not comparable
    assert not math.isnan(aov.change)  # a ratio compares
    line = in_progress.pace.line("REVENUE")
    assert revenue.target == line.target
    assert revenue.values["2025-12"] < revenue.target < line.projected
    assert revenue.on_track is True  # judged on the pace, not on half a month


# --- words and the summary ----------------------------------------------------------


def _pct(x: float) -> str:
    """A share as the words write it: whole percent from 10% on, one decimal under."""
    return (f"{x:+.0%}" if abs(x) >= 0.1 else f"{x:+.1%}").replace("-", "\u2212")


def _money(x: float) -> str:
    return f"{x:+,.0f}".replace("-", "\u2212")


def test_the_words_in_english_and_russian(sample, in_progress):
    overall = next(s for s in sample.drivers if s.period == "2025-12" and s.channel is None)
    growth = overall.change / overall.revenue_before
    money = _money
    traffic, conversion, check = overall.effects
    assert words(sample, "en")[0] == (
        f"2025-12: revenue {_pct(growth)} vs 2025-11 ({money(overall.change)}): "
        f"traffic {_pct(traffic.move)} ({money(traffic.value)}), "
        f"conversion {_pct(conversion.move)} ({money(conversion.value)}), "
        f"average check {_pct(check.move)} ({money(check.value)})."
    )
    channels = [s for s in sample.drivers if s.period == "2025-12" and s.channel]
    top = max(channels, key=lambda s: abs(s.change))
    biggest = max(top.effects, key=lambda e: abs(e.value))
    assert words(sample, "en")[1].startswith(
        f"Biggest mover: {top.channel} ({money(top.change)}; "
    ) and words(sample, "en")[1].endswith(").")
    assert biggest.driver in {"TRAFFIC", "CONVERSION_RATE", "AOV"}
    russian = words(sample, "ru")
    assert russian[0].startswith(
        f"дек 2025: выручка {_pct(growth)[:-1].replace('.', ',')}\u00a0% к ноя 2025 ("
    )
    assert "трафик" in russian[0] and "конверсия" in russian[0] and "средний чек" in russian[0]
    assert russian[1].startswith(f"Сильнее всего изменился канал {top.channel} (")
    # in progress: the words speak of the latest complete month, then of the pace
    assert complete_period(in_progress) == "2025-11"
    said = words(in_progress, "en")
    assert said[0].startswith("2025-11: revenue")
    assert said[2].startswith("2025-12 is in progress: data to 15.12.2025, day 15 of 31")
    line = in_progress.pace.line("REVENUE")
    assert said[3] == (
        f"At this pace: revenue {line.projected:,.0f} of {line.target:,.0f} "
        f"({line.projected / line.target:.0%}) — on track."
    )
    assert words(in_progress, "ru")[3].startswith("При таком темпе: выручка ")


def test_a_pace_short_of_its_target_says_what_each_day_left_needs(in_progress):
    line = in_progress.pace.line("REVENUE")
    target = round(line.projected * 1.25)
    pace = replace(in_progress.pace, lines=(replace(line, target=target),))
    need = (target - line.so_far) / 16
    short = target - line.projected
    assert words(replace(in_progress, pace=pace), "en")[3] == (
        f"At this pace: revenue {line.projected:,.0f} of {target:,.0f} "
        f"({line.projected / target:.0%}) — {short:,.0f} short, needs {need:,.0f} a day "
        "for the 16 days left."
    )
    revenue = copy.copy(next(r for r in in_progress.scorecard if r.entry.name == "revenue"))
    revenue.target = target
    mark_in_progress([revenue], pace)
    assert revenue.on_track is False


def _cells(layout):
    return {(r, c): v for r, c, v, _ in layout.cells()}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_block_sits_above_the_scorecard_on_the_first_page(in_progress, lang):
    speaking = replace(in_progress.settings, language=lang)
    layout = summary_layout(replace(in_progress, settings=speaking), refreshed=WHEN)
    cells = _cells(layout)
    title = {"en": "What changed", "ru": "Что изменилось"}[lang]
    scorecard = {"en": "Scorecard", "ru": "Показатели"}[lang]
    at = {v: r for (r, c), v in cells.items() if c == 0 and isinstance(v, str)}
    # the block on the first page, above the scorecard (with a period in progress its
    # pace lines can push the scorecard to the next page: the whole scorecard is kept
    # together rather than shrunk)
    assert at[title] + len(words(in_progress, lang)) < min(layout.page.breaks)
    assert at[title] < at[scorecard]
    said = words(in_progress, lang)
    assert [cells[at[title] + 1 + i, 0] for i in range(len(said))] == said
    # the movers table after the scorecard: all channels first, then the channels by the
    # size of their change
    history = {"en": "Scorecard by period", "ru": "Показатели по периодам"}[lang]
    movers = [
        v for (r, c), v in sorted(cells.items()) if c == 0 and at[scorecard] < r < at[history]
    ]
    total = {"en": "All channels", "ru": "Все каналы"}[lang]
    names = movers[movers.index(total) + 1 :]
    found = [s for s in in_progress.drivers if s.period == "2025-11" and s.channel]
    assert names == [s.channel for s in sorted(found, key=lambda s: -abs(s.change))]
    # the month in progress is marked in the heading the charts take their categories from
    mark = {"en": "2025-12 (in progress)", "ru": "дек 2025 (идёт)"}[lang]
    heading = at[scorecard] + 1
    row = [cells.get((heading, c)) for c in range(13)]
    total = {"en": "Total", "ru": "Итого"}[lang]
    assert row[row.index(total) - 1] == mark  # the latest period, before the total
    revenue_row = heading + 1
    change_col = row.index(total) + 1
    assert cells[revenue_row, change_col] == {"en": "n/c", "ru": "н/с"}[lang]


def test_a_complete_year_marks_nothing_in_progress(sample):
    layout = summary_layout(sample, refreshed=WHEN)
    values = [v for _, _, v, _ in layout.cells() if isinstance(v, str)]
    assert not any("in progress" in v for v in values) and "n/c" not in values


def test_report_json_carries_driver_and_pace_records(tables, tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    for name, frame in cut(tables, "2025-12-15").items():
        if name in ("Orders", "Traffic", "Targets"):
            frame.to_csv(folder / f"{name.lower()}.csv", index=False)
    argv = ["report", "--format", "json"]
    for name in ("orders", "traffic", "targets"):
        argv += ["--source", f"{name}={folder / (name + '.csv')}"]
    assert main(argv) == 0
    found = json.loads(capsys.readouterr().out)
    drivers = [r for r in found if r["kpi"] == "REVENUE_DRIVER" and r["channel"] is None]
    assert {r["driver"] for r in drivers} == {"TRAFFIC", "CONVERSION_RATE", "AOV"}
    # every complete month after the first; December, in progress, has its pace instead
    assert {r["period"] for r in drivers} == {f"2025-{m:02d}" for m in range(2, 12)}
    pace = [r for r in found if r["kpi"].endswith("_PACE")]
    assert {r["kpi"] for r in pace} == {"REVENUE_PACE", "SALES_COUNT_PACE"}
    assert all(r["period"] == "2025-12" and r["channel"] is None for r in pace)
    assert all("driver" not in r for r in found if r["kpi"] != "REVENUE_DRIVER")


# --- CDNOW --------------------------------------------------------------------------


@pytest.mark.slow
def test_the_effects_add_up_on_cdnow():
    """CDNOW has orders alone: revenue is sales x average check, month by month."""
    data = public_data.cdnow()
    orders = pd.DataFrame(
        {
            "date": data["date"],
            "order_id": data["customer"].astype(str) + "/" + data["date"].dt.strftime("%Y%m%d"),
            "customer_id": data["customer"].astype(str),
            "revenue": data["amount"],
        }
    )
    report = report_of(Orders=orders)
    adds_up(report)
    signs_follow_the_drivers(report)
    overall = [s for s in report.drivers if s.channel is None]
    assert len(overall) == len(report.periods) - 1 == 17
    assert all(
        s.defined and [e.driver for e in s.effects] == ["SALES_COUNT", "AOV"] for s in overall
    )
    month = data["date"].dt.strftime("%Y-%m")
    revenue = data.groupby(month)["amount"].sum()
    assert overall[0].change == pytest.approx(revenue["1997-02"] - revenue["1997-01"])
    assert report.pace is None  # the data ends on 30 June 1998, the last day of its month


def test_a_first_month_begun_before_the_data_is_said_to_be_part_of_a_period():
    orders = _orders(
        [
            ("2025-01-20", "Search", 100.0),
            ("2025-02-03", "Search", 300.0),
            ("2025-02-28", "Search", 300.0),
        ]
    )
    report = report_of(Orders=orders)
    # L = 500 / ln 6; sales 1 -> 2: L ln 2 = 193.4; the check 100 -> 300: L ln 3 = 306.6
    assert words(report, "en") == [
        "2025-02: revenue +500% vs 2025-01 (+500) (the data of 2025-01 starts on 20.01.2025, "
        "part of the period): sales +100% (+193), average check +200% (+307).",
        "Biggest mover: Search (+500; average check +200%).",
    ]
    assert "часть периода" in words(report, "ru")[0]
