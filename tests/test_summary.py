"""The summary layout read as its reader would: trends, status, charts of data that exists,
definitions of every KPI, and a page setup that prints it as a report."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from xl_kpi.catalogue import CATALOGUE
from xl_kpi.definitions import KPI_INPUTS
from xl_kpi.i18n import labels
from xl_kpi.layout import SheetLayout
from xl_kpi.report import SCORECARD, TOTAL
from xl_kpi.sample import russian_tables, sample_tables
from xl_kpi.schema import TABS
from xl_kpi.summary import STATUS_MARKS, build_summary

WHEN = dt.datetime(2026, 1, 31, 9, 0)
NOT_SOLD = {"cancelled", "returned"}
T = labels("summary.", "en")


@pytest.fixture(scope="module")
def tables():
    return sample_tables(orders=1500, seed=4)


@pytest.fixture(scope="module")
def built(tables):
    return build_summary(tables, refreshed=WHEN)


def grid(layout: SheetLayout) -> dict[tuple[int, int], tuple[object, str | None]]:
    return {(r, c): (v, s) for r, c, v, s in layout.cells()}


def first_row(layout: SheetLayout, text: str, col: int = 0) -> int:
    return min(r for r, c, v, _ in layout.cells() if c == col and v == text)


def section(layout: SheetLayout, title: str) -> int:
    return next(r for r, c, v, s in layout.cells() if s == "section" and v == title)


def drop(tables, *names):
    return {k: v for k, v in tables.items() if k not in names}


# --- the scorecard -------------------------------------------------------------------------


def test_every_kpi_with_numbers_has_a_sparkline_of_its_own_periods(built):
    report, layout = built
    cells = grid(layout)
    header = first_row(layout, T["kpi"])
    periods = [cells[header, c][0] for c in range(2, 2 + len(report.periods))]
    assert periods == report.periods and cells[header, 1][0] == T["trend"]
    sparks = {s.cell: s.source for s in layout.sparklines}
    for line in report.scorecard:
        row = first_row(layout, line.entry.title("en"))
        numbers = [v for p, v in line.values.items() if p != TOTAL and not math.isnan(v)]
        if not numbers:
            assert (row, 1) not in sparks
            continue
        assert sparks[row, 1] == (row, 2, row, 1 + len(report.periods))
        drawn = [cells[row, c][0] for c in range(2, 2 + len(report.periods))]
        assert [v for v in drawn if isinstance(v, float)] == pytest.approx(numbers)


def test_status_is_a_marker_a_word_and_a_colour(built):
    report, layout = built
    cells = grid(layout)
    header = first_row(layout, T["kpi"])
    status_col = next(c for (r, c), (v, _) in cells.items() if r == header and v == T["status"])
    seen = set()
    for line in report.scorecard:
        value, style = cells[first_row(layout, line.entry.title("en")), status_col]
        if line.on_track is None:
            assert value is None
            continue
        seen.add(line.on_track)
        word = T["on_track"] if line.on_track else T["behind"]
        assert value == f"{STATUS_MARKS[line.on_track]} {word}"
        assert style == ("good" if line.on_track else "bad")
    assert seen == {True, False}  # the sample meets some targets and misses others
    assert STATUS_MARKS[True] != STATUS_MARKS[False]  # two shapes, not only two colours


# --- charts --------------------------------------------------------------------------------


def _numbers(layout: SheetLayout, area) -> list[object]:
    return layout.values(area)


def test_every_chart_draws_cells_that_hold_numbers_and_names_its_periods(built):
    report, layout = built
    span = f"{report.periods[0]} – {report.periods[-1]}"
    assert len(layout.charts) == 5
    for spec in layout.charts:
        assert span in spec.title
        for _name, area in [*spec.series, *spec.lines]:
            values = _numbers(layout, area)
            assert values and all(isinstance(v, float) for v in values), spec.title
        categories = _numbers(layout, spec.categories)
        assert categories and all(isinstance(v, str) and v for v in categories)
    titles = [spec.title for spec in layout.charts]
    assert titles[0].startswith("Revenue against target by month")  # revenue has a target
    assert not any(t.startswith("Revenue by month") for t in titles)  # no second revenue chart


def test_the_target_line_holds_each_periods_target(tables):
    targets = tables["Targets"].copy()
    extra = targets.iloc[[0]].assign(target=2_000_000.0, period="2025-03")  # REVENUE in March
    report, layout = build_summary(
        {**tables, "Targets": pd.concat([targets, extra], ignore_index=True)}, refreshed=WHEN
    )
    general = float(targets.loc[targets["kpi"] == "REVENUE", "target"].iloc[0])
    (line,) = layout.charts[0].lines
    drawn = layout.values(line[1])
    assert drawn[2] == 2_000_000.0  # a period's own target beats the general one
    assert drawn[:2] + drawn[3:] == [general] * (len(report.periods) - 1)
    revenue_row = layout.values(layout.charts[0].series[0][1])
    assert revenue_row == pytest.approx(
        [v for p, v in report.scorecard[0].values.items() if p != TOTAL]
    )


def test_a_kpi_with_a_target_is_charted_when_revenue_has_none(tables):
    targets = tables["Targets"][tables["Targets"]["kpi"] != "REVENUE"]
    _, layout = build_summary({**tables, "Targets": targets}, refreshed=WHEN)
    titles = [spec.title for spec in layout.charts]
    assert titles[0].startswith("Average check against target by month")  # the first with one
    assert any(t.startswith("Revenue by month") for t in titles)
    assert len(layout.charts) == 6


@pytest.mark.parametrize(
    ("without", "gone", "funnel"),
    [
        (("Targets",), ["against target"], "Traffic → Leads"),
        (("Leads",), [], "Traffic → Sales"),
        (("Spend",), ["Spend and revenue", "ROMI by channel"], "Traffic → Leads"),
        (("Traffic", "Leads"), ["Funnel"], None),
        (("Orders",), ["Revenue", "Number of sales", "ROMI"], "Traffic → Leads"),
    ],
)
def test_charts_appear_only_when_their_data_exists(tables, without, gone, funnel):
    _, layout = build_summary(drop(tables, *without), refreshed=WHEN)
    titles = [spec.title for spec in layout.charts]
    for kind in gone:
        assert not any(kind in title for title in titles)
    funnels = [title for title in titles if title.startswith("Funnel")]
    assert (funnels[0] if funnels else None) is None if funnel is None else funnel in funnels[0]
    for spec in layout.charts:
        for _name, area in [*spec.series, *spec.lines]:
            assert all(isinstance(v, float) for v in layout.values(area))
    spend = [spec for spec in layout.charts if spec.title.startswith("Spend")]
    if "Spend" not in without:
        (chart,) = spend
        names = [name for name, _ in chart.series]
        assert names == (["Spend"] if "Orders" in without else ["Spend", "Revenue"])
        assert chart.title.startswith("Spend by" if "Orders" in without else "Spend and revenue")


def test_no_dated_data_no_charts_no_trends():
    _, layout = build_summary({}, refreshed=WHEN)
    assert layout.charts == () and layout.sparklines == () and layout.color_scales == ()
    assert layout.page is not None and layout.page.breaks == ()


def test_the_funnel_counts_and_converts_step_by_step(tables, built):
    _, layout = built
    sold = tables["Orders"][~tables["Orders"]["status"].isin(NOT_SOLD)]
    counts = [tables["Traffic"]["visitors"].sum(), len(tables["Leads"]), len(sold)]
    top = first_row(layout, T["step"])
    cells = grid(layout)
    assert [cells[top + i, 0][0] for i in (1, 2, 3)] == [T["traffic"], T["leads"], T["sales"]]
    assert [cells[top + i, 1][0] for i in (1, 2, 3)] == counts
    assert cells[top + 2, 2][0] == pytest.approx(counts[1] / counts[0])
    assert cells[top + 3, 2][0] == pytest.approx(counts[2] / counts[1])
    assert cells[top + 3, 3][0] == pytest.approx(counts[2] / counts[0])
    funnel = next(spec for spec in layout.charts if spec.title.startswith("Funnel"))
    assert f"Sales {round(100 * counts[2] / counts[1], 1):g}%" in funnel.title
    assert funnel.kind == "bar" and funnel.labels


# --- tables --------------------------------------------------------------------------------


def test_cohort_months_not_yet_seen_are_blank_and_the_rest_is_colour_scaled(built):
    report, layout = built
    top = first_row(layout, T["cohort"])
    cells = grid(layout)
    (scale,) = layout.color_scales
    cohorts = list(report.cohorts.index)
    assert scale.area == (top + 1, 3, top + len(cohorts), 1 + len(report.cohorts.columns) - 1)
    for i, cohort in enumerate(cohorts, start=1):
        seen = 12 - int(cohort[5:7])  # months after the cohort's own, up to December
        for n in range(len(report.cohorts.columns) - 1):
            value = cells[top + i, 2 + n][0]
            assert (value is None) == (n > seen), (cohort, n)


def test_definitions_name_every_kpi_its_formula_and_the_sheets_read(built):
    report, layout = built
    top = first_row(layout, T["formula"], col=1) + 1
    cells = grid(layout)
    for i, line in enumerate(report.scorecard):
        row = top + 2 * i
        assert cells[row, 0][0] == line.entry.title("en")
        assert cells[row, 1][0] == f"{line.entry.excel_name} = {line.entry.formula}"
        assert cells[row + 1, 1][0] == line.entry.description("en")
        used = next(v for (r, c), (v, _) in cells.items() if r == row and c > 1 and v)
        for tab, columns in KPI_INPUTS[line.entry.name]:
            assert f"{tab}: " in used and all(c in used for c in columns if tab != "Settings")


def test_russian_definitions_speak_russian_and_name_russian_sheets():
    report, layout = build_summary(russian_tables(sample_tables(orders=400)), refreshed=WHEN)
    ru = labels("summary.", "ru")
    top = first_row(layout, ru["formula"], col=1) + 1
    cells = grid(layout)
    romi = next(i for i, line in enumerate(report.scorecard) if line.entry.name == "romi")
    row = top + 2 * romi
    assert cells[row + 1, 1][0] == CATALOGUE["romi"].description("ru")
    used = next(v for (r, c), (v, _) in cells.items() if r == row and c > 1 and v)
    assert used == "Заказы: выручка, канал, статус; Расходы: расход, канал"


def test_the_inputs_cover_the_tabs_each_kpi_needs():
    tab_of = {
        "revenue": "Orders", "sales": "Orders", "cogs": "Orders", "new": "Orders",
        "social_sales": "Orders", "paid_revenue": "Orders", "spend": "Spend",
        "clicks": "Spend", "impressions": "Spend", "leads": "Leads", "won": "Leads",
        "visitors": "Traffic", "likes": "Social", "reach": "Social", "followers": "Social",
        "aware": "Brand", "surveyed": "Brand",
    }  # fmt: skip
    columns = {tab.name: set(tab.column_names) for tab in TABS}
    assert set(KPI_INPUTS) == {spec.entry.name for spec in SCORECARD}
    for spec in SCORECARD:
        listed = dict(KPI_INPUTS[spec.entry.name])
        assert {tab_of[need] for need in spec.needs} <= set(listed), spec.entry.name
        for tab, names in listed.items():
            if tab != "Settings":
                assert set(names) <= columns[tab], (tab, names)


# --- printing ------------------------------------------------------------------------------


def test_the_print_area_covers_every_table_and_chart(built):
    _, layout = built
    r0, c0, r1, c1 = layout.page.area
    assert (r0, c0) == (0, 0) and layout.page.landscape and layout.page.fit_width
    for row, col, value, _ in layout.cells():
        if value is not None:
            assert row <= r1 and col <= c1, (row, col, value)
    for spec in layout.charts:
        assert spec.anchor[0] <= r1 and spec.anchor[1] <= c1
    assert layout.page.repeat_rows == (0, 1)  # the title and the data's dates
    assert "&P" in layout.page.footer


def test_each_section_starts_a_page(built):
    _, layout = built
    charts_top = min(spec.anchor[0] for spec in layout.charts)
    assert layout.page.breaks == (
        charts_top - 1,  # a blank row, so no chart frame sits on the break
        section(layout, T["channels"]),
        section(layout, T["notes"]),
    )


@pytest.mark.parametrize("period", ["week", "quarter"])
def test_charts_fit_the_printed_width_whatever_the_period(tables, period):
    settings = tables["Settings"].copy()
    settings.loc[settings["key"] == "period", "value"] = period
    report, layout = build_summary({**tables, "Settings": settings}, refreshed=WHEN)
    last = layout.page.area[3]
    widths = [layout.column_widths.get(c, 8.43) * 7 + 5 for c in range(last + 1)]
    for spec in layout.charts:
        left = sum(widths[: spec.anchor[1]])
        assert left + spec.size[0] <= sum(widths), spec.title
    assert len(layout.sparklines) == sum(line.has_data for line in report.scorecard)
