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
from xl_kpi.measures import measure
from xl_kpi.report import SCORECARD, TOTAL
from xl_kpi.report.pipeline import ROWS as PIPELINE_ROWS
from xl_kpi.report.subscriptions import ROWS as SUBSCRIPTION_ROWS
from xl_kpi.sample import russian_tables, sample_tables
from xl_kpi.schema import TABS
from xl_kpi.summary import STATUS_MARKS, build_summary
from xl_kpi.summary_changes import heading

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


def table_row(layout: SheetLayout, title: str, heading: str, col: int = 0) -> int:
    """The row of ``title`` in column ``col`` of the table under the section ``heading``."""
    top = section(layout, heading)
    return min(r for r, c, v, _ in layout.cells() if r > top and c == col and v == title)


def history(layout: SheetLayout, report) -> tuple[int, dict[str, int]]:
    """The latest table of the scorecard by period: its heading row and each KPI's row."""
    first, after = section(layout, T["history"]), _after_history(layout)
    top = max(
        r
        for r, c, v, s in layout.cells()
        if c == 0 and v == T["kpi"] and s == "header" and first < r < after
    )
    titles = {line.entry.title("en"): line.entry.name for line in report.scorecard}
    rows = {
        titles[v]: r
        for r, c, v, _ in layout.cells()
        if c == 0 and top < r <= top + len(report.scorecard)
    }
    return top, rows


def _after_history(layout: SheetLayout) -> int:
    first = section(layout, T["history"])
    found = [r for r, _, _, s in layout.cells() if s == "section" and r > first]
    return min(found, default=10**9)


# --- the scorecard -------------------------------------------------------------------------


def test_every_kpi_with_numbers_has_a_sparkline_of_its_periods(built):
    report, layout = built
    cells = grid(layout)
    header = table_row(layout, T["kpi"], T["scorecard"])
    shown = [v for (r, c), (v, _) in sorted(cells.items()) if r == header and c >= 2]
    shown = shown[: shown.index(T["total"])]
    assert shown == report.periods[-len(shown) :] and cells[header, 1][0] == T["trend"]
    sparks = {s.cell: s.source for s in layout.sparklines}
    top, rows = history(layout, report)
    assert [cells[top, c][0] for c in range(1, 1 + len(report.periods))] == report.periods
    for line in report.scorecard:
        row = table_row(layout, line.entry.title("en"), T["scorecard"])
        numbers = [v for p, v in line.values.items() if p != TOTAL and not math.isnan(v)]
        if not numbers:
            assert (row, 1) not in sparks
            continue
        mine = rows[line.entry.name]
        assert sparks[row, 1] == (mine, 1, mine, len(report.periods))
        drawn = [cells[mine, c][0] for c in range(1, 1 + len(report.periods))]
        assert [v for v in drawn if isinstance(v, float)] == pytest.approx(numbers)


def test_the_first_page_shows_the_latest_periods_and_the_history_follows_in_page_wide_tables(
    tables,
):
    settings = tables["Settings"].copy()
    settings.loc[settings["key"] == "period", "value"] = "week"
    report, layout = build_summary({**tables, "Settings": settings}, refreshed=WHEN)
    assert len(report.periods) > 40
    widest = max(b.col + b.width for b in layout.blocks)
    assert widest <= 13 and layout.page.area[3] == 12  # columns A to M: one page wide
    cells = grid(layout)
    headers = [r for r, c, v, s in layout.cells() if c == 0 and v == T["kpi"] and s == "header"]
    first = table_row(layout, T["kpi"], T["scorecard"])
    seen = []
    for row in headers:
        if section(layout, T["history"]) < row < _after_history(layout):
            seen += [cells[row, c][0] for c in range(1, 13) if (row, c) in cells]
    # every period once, in order, the KPI names beside them; one in progress is marked
    assert seen == [heading(report, p, "en") for p in report.periods]
    latest = [cells[first, c][0] for c in range(2, 13)]
    assert latest[: latest.index(T["total"])] == [
        heading(report, p, "en") for p in report.periods[-5:]
    ]


def test_status_is_a_marker_a_word_and_a_colour(built):
    report, layout = built
    cells = grid(layout)
    header = table_row(layout, T["kpi"], T["scorecard"])
    status_col = next(c for (r, c), (v, _) in cells.items() if r == header and v == T["status"])
    seen = set()
    for line in report.scorecard:
        value, style = cells[table_row(layout, line.entry.title("en"), T["scorecard"]), status_col]
        if line.on_track is None:
            assert value is None
            continue
        seen.add(line.on_track)
        word = T["on_track"] if line.on_track else T["behind"]
        assert value == f"{STATUS_MARKS[line.on_track]} {word}"
        assert style == ("good" if line.on_track else "bad")
    assert seen == {True, False}  # the sample meets some targets and misses others
    assert STATUS_MARKS[True] != STATUS_MARKS[False]  # two shapes, not only two colours


def test_a_rate_changes_in_points_and_a_sum_in_per_cent(built):
    report, layout = built
    cells = grid(layout)
    header = table_row(layout, T["kpi"], T["scorecard"])
    change_col = next(c for (r, c), (v, _) in cells.items() if r == header and v == T["change"])
    now, before = report.periods[-1], report.periods[-2]
    for name in ("conversion_rate", "romi", "sales_growth", "revenue", "cac"):
        line = next(x for x in report.scorecard if x.entry.name == name)
        value, style = cells[table_row(layout, line.entry.title("en"), T["scorecard"]), change_col]
        if line.entry.unit.value == "ratio":  # 5% to 8% is +3 pp, not +60%
            assert style == "change.pp"
            assert value == pytest.approx(100 * (line.values[now] - line.values[before]))
        else:
            assert style == "change.%"
            assert value == pytest.approx(line.values[now] / line.values[before] - 1)


def test_the_tiles_show_the_headline_kpis_against_target_and_the_previous_period(built):
    report, layout = built
    cells = grid(layout)
    top = section(layout, T["latest"].format(period=report.periods[-1]))
    assert top < section(layout, T["scorecard"])
    revenue = next(x for x in report.scorecard if x.entry.name == "revenue")
    assert cells[top + 1, 0][0] == revenue.entry.title("en")
    value, style = cells[top + 2, 0]
    assert style == "tile_value" and value.endswith(" RUB")  # the workbook's currency
    word = T["on_track"] if revenue.on_track else T["behind"]
    assert word in cells[top + 3, 0][0]
    assert report.periods[-2] in cells[top + 4, 0][0]
    assert any(s.cell == (top + 5, 0) for s in layout.sparklines)


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


WON = [T["leads"], T["won"]]


@pytest.mark.parametrize(
    ("without", "gone", "funnel"),
    [
        (("Targets",), ["against target"], WON),
        (("Leads",), [], [T["sales"]]),  # traffic to sales: the conversion rate
        (("Spend",), ["Spend and revenue", "ROMI by channel"], WON),
        (("Traffic", "Leads"), ["Funnel"], None),
        (("Orders",), ["Revenue", "Number of sales", "ROMI"], WON),
    ],
)
def test_charts_appear_only_when_their_data_exists(tables, without, gone, funnel):
    _, layout = build_summary(drop(tables, *without), refreshed=WHEN)
    titles = [spec.title for spec in layout.charts]
    for kind in gone:
        assert not any(kind in title for title in titles)
    funnels = [spec for spec in layout.charts if spec.title.startswith("Funnel")]
    assert (layout.values(funnels[0].categories) if funnels else None) == funnel
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


def test_the_funnel_converts_as_the_scorecard_does_and_never_above_100_percent(tables, built):
    report, layout = built
    leads = tables["Leads"]
    won = int(leads["status"].eq("won").sum())
    counts = [tables["Traffic"]["visitors"].sum(), len(leads), won]
    top = first_row(layout, T["step"])
    cells = grid(layout)
    assert [cells[top + i, 0][0] for i in (1, 2, 3)] == [T["traffic"], T["leads"], T["won"]]
    assert [cells[top + i, 1][0] for i in (1, 2, 3)] == counts
    assert cells[top + 2, 2][0] == pytest.approx(counts[1] / counts[0])
    lead_conversion = next(x for x in report.scorecard if x.entry.name == "lead_conversion")
    assert cells[top + 3, 2][0] == pytest.approx(lead_conversion.values[TOTAL])  # one definition
    assert cells[top + 3, 3][0] == pytest.approx(counts[2] / counts[0])
    assert all(cells[top + i, 2][0] <= 1 for i in (2, 3))
    funnel = next(spec for spec in layout.charts if spec.title.startswith("Funnel"))
    # the chart draws each step's conversion on one scale, so no bar is a sliver
    assert layout.values(funnel.series[0][1]) == [cells[top + i, 2][0] for i in (2, 3)]
    assert funnel.kind == "bar" and not funnel.labels


def test_shop_orders_not_tied_to_leads_are_not_a_conversion_of_leads(tables):
    leads = tables["Leads"].drop(columns=["status"])
    report, layout = build_summary({**tables, "Leads": leads}, refreshed=WHEN)
    top = first_row(layout, T["step"])
    cells = grid(layout)
    assert cells[top + 3, 0][0] == T["sales"]
    assert cells[top + 3, 2][0] == T["not_comparable"] and cells[top + 3, 3][0] is None
    funnel = next(spec for spec in layout.charts if spec.title.startswith("Funnel"))
    assert layout.values(funnel.categories) == [T["leads"]]


# --- tables --------------------------------------------------------------------------------


def test_cohort_months_not_yet_seen_are_blank_and_the_rest_is_colour_scaled(built):
    report, layout = built
    top = first_row(layout, T["cohort"])
    cells = grid(layout)
    (scale,) = layout.color_scales
    cohorts = list(report.cohorts.index)
    months = min(len(report.cohorts.columns) - 1, 11)  # as many as the page is wide for
    assert scale.area == (top + 1, 3, top + len(cohorts), 1 + months)
    assert (top, 2 + months) not in cells
    for i, cohort in enumerate(cohorts, start=1):
        seen = 12 - int(cohort[5:7])  # months after the cohort's own, up to December
        for n in range(months):
            value = cells[top + i, 2 + n][0]
            assert (value is None) == (n > seen), (cohort, n)


def _definitions(layout: SheetLayout, report, lang: str) -> dict[str, list[str]]:
    """Each KPI's lines in the definitions: its formula, then its meaning and data used."""
    t = labels("summary.", lang)
    top = first_row(layout, t["formula"], col=1)
    titles = {line.entry.title(lang) for line in report.scorecard}
    found: dict[str, list[str]] = {}
    current = None
    for r, c, v, _ in sorted(layout.cells()):
        if r <= top or v is None:
            continue
        if c == 0 and v in titles:
            current = v
            found[current] = []
        elif c == 1 and current is not None:
            found[current].append(v)
    return found


def test_definitions_name_every_kpi_its_formula_and_the_sheets_read(built):
    report, layout = built
    found = _definitions(layout, report, "en")
    for line in report.scorecard:
        formula, *rest = found[line.entry.title("en")]
        assert formula == f"{line.entry.excel_name} = {line.entry.formula}"
        said = " ".join(rest)
        assert line.entry.description("en") in said
        used = said.split(f"{T['data_used']}: ", 1)[1]
        for tab, columns in KPI_INPUTS[line.entry.name]:
            assert f"{tab}: " in used and all(c in used for c in columns if tab != "Settings")
        assert all(len(text) <= 125 for text in rest)  # lines that print inside the page


def test_russian_definitions_speak_russian_and_name_russian_sheets():
    report, layout = build_summary(russian_tables(sample_tables(orders=400)), refreshed=WHEN)
    found = _definitions(layout, report, "ru")
    formula, *rest = found[CATALOGUE["romi"].title("ru")]
    assert formula == "ROMI = (доход − расход) / расход"
    said = " ".join(rest)
    assert CATALOGUE["romi"].description("ru") in said
    assert said.endswith("Данные: Заказы: выручка, канал, статус; Расходы: расход, канал")


def test_the_inputs_cover_the_tabs_each_kpi_needs():
    columns = {tab.name: set(tab.column_names) for tab in TABS}
    subscriptions = set(SUBSCRIPTION_ROWS)  # a billing export's rows
    pipeline = set(PIPELINE_ROWS)  # a deals export's open deals
    assert set(KPI_INPUTS) == {spec.entry.name for spec in SCORECARD} | subscriptions | pipeline
    for name in subscriptions | pipeline:  # they read the columns of their exports
        for tab, names in KPI_INPUTS[name]:
            assert set(names) <= columns[tab], (name, tab, names)
    for spec in SCORECARD:
        listed = dict(KPI_INPUTS[spec.entry.name])
        assert {measure(need).tab for need in spec.needs} <= set(listed), spec.entry.name
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
    breaks = layout.page.breaks
    assert breaks[0] == section(layout, T["history"])  # the first page: tiles and scorecard
    assert charts_top - 1 in breaks  # a blank row, so no chart frame sits on the break
    assert section(layout, T["channels"]) in breaks and section(layout, T["notes"]) in breaks
    assert list(breaks) == sorted(set(breaks))


def test_russian_prints_on_a4_and_english_by_its_locale(tables, monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    _, layout = build_summary(russian_tables(tables), refreshed=WHEN)
    assert layout.page.paper == "a4"
    assert build_summary(tables, refreshed=WHEN)[1].page.paper == "letter"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert build_summary(tables, refreshed=WHEN)[1].page.paper == "a4"


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
    kpis = sum(line.has_data for line in report.scorecard)
    tiles = sum(s.cell[0] < section(layout, T["scorecard"]) for s in layout.sparklines)
    assert len(layout.sparklines) == kpis + tiles and 0 < tiles <= 7
