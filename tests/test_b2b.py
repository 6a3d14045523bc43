"""A B2B year and a half (tests/b2b_year.py): deals by close date, the pipeline, leads in
lifecycle stages, CAC and CPL, checked against the generator's own truth on pandas (the
tabs pasted in a workbook), on DuckDB and on Spark (slow) (the same tabs as CSV sources)."""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
import pytest

from xl_kpi.catalogue import CATALOGUE
from xl_kpi.cli import main
from xl_kpi.definitions import formula_text
from xl_kpi.i18n import text
from xl_kpi.report import TOTAL, build_report
from xl_kpi.sources import parse_source_arg
from xl_kpi.sources.report import report_with_sources
from xl_kpi.tabs import read_tabs

from . import pasting
from .b2b_billing import values
from .b2b_year import OPEN_STAGES, generate


@pytest.fixture(scope="module")
def year():
    return generate()


#: Spark runs the same facts (slow: it starts a Java process; ``pytest -m slow``).
@pytest.fixture(
    scope="module", params=["pandas", "duckdb", pytest.param("spark", marks=pytest.mark.slow)]
)
def report(request, year, tmp_path_factory):
    tabs, _ = year
    if request.param == "pandas":
        return build_report(read_tabs(tabs))
    folder = tmp_path_factory.mktemp("b2b")
    sources = []
    for name, frame in tabs.items():
        frame.to_csv(folder / f"{name.lower()}.csv", index=False)
        sources.append(parse_source_arg(f"{name}={name.lower()}.csv"))
    return report_with_sources({}, base=folder, sources=sources, engine=request.param)


def test_the_periods_are_the_months_of_the_data_and_no_future_one(report, year):
    _, truth = year
    assert report.periods == truth.months  # open deals expected in 2026 add no month


def test_won_deals_are_revenue_in_the_month_they_closed(report, year):
    _, truth = year
    revenue, sales = values(report, "REVENUE"), values(report, "SALES_COUNT")
    first = min(truth.revenue)
    for m in truth.months:
        if m < first:  # before the first close the orders' data does not reach
            continue
        assert revenue[m] == pytest.approx(truth.revenue.get(m, 0.0)), m
        assert sales[m] == truth.won.get(m, 0), m
    assert revenue[TOTAL] == pytest.approx(sum(truth.revenue.values()))


def test_open_deals_are_the_pipeline_by_expected_close_month(report, year):
    _, truth = year
    amount, weighted = values(report, "PIPELINE"), values(report, "PIPELINE_WEIGHTED")
    for m in truth.months:
        assert amount[m] == pytest.approx(truth.pipeline.get(m, 0.0)), m
        assert weighted[m] == pytest.approx(truth.weighted.get(m, 0.0)), m
    assert amount[TOTAL] == pytest.approx(truth.pipeline_total)
    assert weighted[TOTAL] == pytest.approx(truth.weighted_total)
    assert truth.pipeline_total > sum(truth.pipeline.values())  # some expected after the end


def test_cpl_cac_and_lead_conversion_agree_with_the_truth(report, year):
    _, truth = year
    cpl, cac = values(report, "CPL"), values(report, "CAC")
    conversion = values(report, "LEAD_CONVERSION")
    first = min(truth.revenue)
    for m in truth.months:
        assert cpl[m] == pytest.approx(truth.spend[m] / truth.leads[m]), m
        assert conversion[m] == pytest.approx(truth.customers[m] / truth.leads[m]), m
        if m >= first and truth.won.get(m):  # every won deal is a new company
            assert cac[m] == pytest.approx(truth.spend[m] / truth.won[m]), m
        else:
            assert math.isnan(cac[m]), m


def test_deals_give_no_loyalty_and_say_why(report):
    for kpi in ("BUYER_RETENTION", "CHURN_RATE", "REPEAT_PURCHASE_RATE"):
        assert all(math.isnan(v) for v in values(report, kpi).values()), kpi
    assert report.cohorts.empty
    assert any(n.key == "note.deals_loyalty" for n in report.notes)


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_csv_named_like_a_labelled_tab_gives_its_channel(tmp_path, engine):
    (tmp_path / "Spend - Google Ads.csv").write_text("Day,Cost\n2025-03-01,10\n2025-03-02,5\n")
    source = parse_source_arg("Spend=Spend - Google Ads.csv")
    report = report_with_sources({}, base=tmp_path, sources=[source], engine=engine)
    spend = {r.channel: r.value for r in report.records if r.kpi == "SPEND" and r.period == TOTAL}
    assert spend == {None: 15.0, "Google Ads": 15.0}
    assert any(n.key == "note.tab_channel" for n in report.notes)


def test_targets_of_leads_and_revenue_and_sales_team_costs_in_cac(year):
    tabs, truth = year
    raw = dict(tabs)
    raw["Settings"] = pd.DataFrame({"Setting": ["sales team costs"], "Value": ["12 000"]})
    raw["Targets"] = pd.DataFrame({"KPI": ["LEADS", "Revenue"], "Target": [150, 50_000]})
    report = build_report(read_tabs(raw))
    leads = {r.period: r for r in report.records if r.kpi == "LEADS" and r.channel is None}
    last = truth.months[-1]
    assert leads[last].target == 150
    assert leads[last].pct_of_target == pytest.approx(truth.leads[last] / 150 * 100)
    coverage = values(report, "PIPELINE_COVERAGE")
    assert coverage[last] == pytest.approx(truth.pipeline.get(last, 0.0) / 50_000)
    cac, by_channel = values(report, "CAC"), values(report, "CAC", "LinkedIn")
    m = max(truth.won)
    assert cac[m] == pytest.approx((truth.spend[m] + 12_000) / truth.won[m])
    assert not math.isnan(by_channel[m])  # a channel's CAC is its spend alone


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_lead_status_nobody_knows_is_named_not_guessed(tmp_path, engine):
    (tmp_path / "leads.csv").write_text(
        "Create Date,Lifecycle Stage,Original Source\n2025-03-01,MQL,LinkedIn\n"
        "2025-03-02,Customer,LinkedIn\n2025-03-02,Zoom approved,LinkedIn\n"
        "2025-03-03,Zoom approved,LinkedIn\n2025-03-03,Evangelist,LinkedIn\n"
    )
    source = parse_source_arg("Leads=leads.csv")
    report = report_with_sources({}, base=tmp_path, sources=[source], engine=engine)
    assert values(report, "LEAD_CONVERSION")[TOTAL] == pytest.approx(2 / 5)
    said = [n for n in report.notes if n.key == "note.unknown_lead_status"]
    assert [dict(n.params) for n in said] == [{"count": "2", "statuses": "'Zoom approved'"}]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_year_pasted_into_a_new_workbook_shows_the_pipeline(tmp_path, year, lang):
    """As a user does: a template from ``xl-kpi new``, the exports pasted into added tabs,
    a refresh, and the summary read back."""
    tabs, truth = year
    book = tmp_path / f"b2b-{lang}.xlsx"
    assert main(["new", str(book), "--flavor", "plain", "--lang", lang]) == 0
    names = {
        "en": {"Spend": "Spend - ads", "Leads": "Leads - CRM", "Orders": "Orders - HubSpot"},
        "ru": {"Spend": "Расходы - реклама", "Leads": "Лиды - CRM", "Orders": "Заказы - HubSpot"},
    }[lang]
    wb = openpyxl.load_workbook(book)
    for name, frame in tabs.items():
        pasting.put_rows(wb.create_sheet(names[name]), [list(frame.columns), *frame.values])
    wb.save(book)
    assert main(["refresh", str(book)]) == 0
    wb = openpyxl.load_workbook(book, read_only=True)
    sheet = wb[str(text("summary.title", lang))]
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    rows = [row for row in rows if row]
    labels = [str(row[0]) for row in rows]
    for name in ("pipeline", "pipeline_weighted", "pipeline_coverage"):
        assert CATALOGUE[name].title(lang) in labels, name
    if lang == "ru":  # the Russian words everywhere, not the English titles beside them
        for name in ("pipeline", "pipeline_weighted", "pipeline_coverage"):
            assert CATALOGUE[name].title("en") not in labels
    # the pipeline's rows in the scorecard tables carry a value in every period (none
    # blank), and its definition is in the language's words
    lines = [r for r in rows if str(r[0]) == CATALOGUE["pipeline"].title(lang)]
    tables = [r for r in lines if len(r) > 2]
    assert tables and all(isinstance(v, (int, float)) for r in tables for v in r[2:])
    said = [r[1] for r in lines if len(r) == 2]
    assert said == [formula_text("pipeline", lang)]
    # loyalty, which deals alone cannot give, reads "no data" in every period (the note
    # says why), as a measure the workbook has no tab for; not "–" (undefined)
    no_data = str(text("summary.no_data", lang))
    for name in ("buyer_retention", "churn_rate", "repeat_purchase_rate"):
        loyalty = [r for r in rows if str(r[0]) == CATALOGUE[name].title(lang) and len(r) > 2]
        assert loyalty and all(v == no_data for r in loyalty for v in r[1:]), name
    assert any(str(text("note.deals_loyalty", lang))[:30] in str(c) for r in rows for c in r)
    assert truth.pipeline_total > 0


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_settings_table_of_stage_probabilities_weights_an_export_without_them(
    tmp_path, year, engine
):
    """Pipedrive's or amoCRM's exports may carry no probability: lines ``probability
    <stage>`` on the Settings tab give each stage's (as a share or in per cent)."""
    tabs, truth = year
    deals = tabs["Orders"].drop(columns=["Deal probability"])
    deals.to_csv(tmp_path / "deals.csv", index=False)
    settings = pd.DataFrame(
        {
            "Setting": [f"probability {s.upper()}" for s in OPEN_STAGES],
            "Value": [f"{p:.0%}" if i % 2 else p for i, p in enumerate(OPEN_STAGES.values())],
        }
    )
    source = parse_source_arg("Orders=deals.csv")
    book = read_tabs({"Settings": settings})
    report = report_with_sources(book, base=tmp_path, sources=[source], engine=engine)
    weighted = values(report, "PIPELINE_WEIGHTED")
    for m in truth.months:
        assert weighted[m] == pytest.approx(truth.weighted.get(m, 0.0)), m
    assert weighted[TOTAL] == pytest.approx(truth.weighted_total)
    assert not any(n.key == "note.unknown_setting" for n in report.notes)
    # without the table the weighted pipeline is no data, never guessed from the names
    plain = report_with_sources({}, base=tmp_path, sources=[source], engine=engine)
    assert all(math.isnan(v) for v in values(plain, "PIPELINE_WEIGHTED").values())
