"""The issue's whole B2B year in one workbook: the two ad platforms' spend, leads in
lifecycle stages, a deals export (create and close dates, stages, probabilities, open
deals) and a billing export of the same customers (:func:`tests.b2b_billing.workbook`).

Every KPI is checked against the generator's own truth: CPL and lead conversion from its
leads, MRR and its movements, logo churn, NRR, new customers (none in the left-censored
first month), CAC, LTV, LTV:CAC and CAC payback from its plans, the pipeline from its open
deals; no deal counted as a sale beside its invoices. Then the user's path: a template from
``xl-kpi new``, the exports pasted into added tabs, a refresh, the summary read back.
"""

from __future__ import annotations

import re

import openpyxl
import pytest

from xl_kpi.catalogue import CATALOGUE
from xl_kpi.cli import main
from xl_kpi.i18n import text
from xl_kpi.report import TOTAL, build_report
from xl_kpi.sources import SourceError, parse_source_arg
from xl_kpi.sources.report import report_with_sources
from xl_kpi.tabs import read_tabs

from . import pasting
from .b2b_billing import MONTHS, check_against_truth, generate, label, values, workbook


@pytest.fixture(scope="module")
def company():
    return generate()


@pytest.fixture(scope="module")
def year(company):
    return workbook(company)


#: The tabs as a user names them: the invoices and the deals are both Orders.
SHEETS = {"Spend": "Spend", "Leads": "Leads", "Deals": "Orders HubSpot", "Invoices": "Orders"}


@pytest.fixture(scope="module")
def report(year):
    tabs, _ = year
    return build_report(read_tabs({SHEETS[name]: frame for name, frame in tabs.items()}))


def test_every_kpi_of_the_year_is_the_true_one(report, company, year):
    tabs, funnel = year
    check_against_truth(report, company)  # MRR, movements, churn, NRR, new, CAC, LTV...
    months = [label(i) for i in range(MONTHS)]
    cpl, conversion = values(report, "CPL"), values(report, "LEAD_CONVERSION")
    for i, m in enumerate(months):
        assert cpl[m] == pytest.approx(company.spend_by_month[i] / funnel.leads[m]), m
        assert conversion[m] == pytest.approx(funnel.customers[m] / funnel.leads[m]), m
    # the invoices are the sales; no won deal counts beside them
    invoices = tabs["Invoices"]
    paid = invoices[invoices["Status"] == "paid"]
    assert values(report, "REVENUE")[TOTAL] == pytest.approx(paid["Amount Paid"].sum())
    assert values(report, "SALES_COUNT")[TOTAL] == len(paid)


def test_the_open_deals_are_the_pipeline_beside_the_invoices(report, year):
    _, funnel = year
    amount, weighted = values(report, "PIPELINE"), values(report, "PIPELINE_WEIGHTED")
    for i in range(MONTHS):
        m = label(i)
        assert amount[m] == pytest.approx(funnel.pipeline.get(m, 0.0)), m
        assert weighted[m] == pytest.approx(funnel.weighted.get(m, 0.0)), m
    assert amount[TOTAL] == pytest.approx(funnel.pipeline_total)
    assert weighted[TOTAL] == pytest.approx(funnel.weighted_total)
    assert funnel.pipeline_total > sum(funnel.pipeline.values())  # some expected later


#: The summary rows the year must show, by catalogue name.
ROWS = ("cpl", "cac", "lead_conversion", "mrr", "new_mrr", "expansion_mrr", "contraction_mrr",
        "churned_mrr", "net_revenue_retention", "new_customers", "pipeline",
        "pipeline_weighted", "ltv", "ltv_cac", "cac_payback")  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_year_pasted_into_a_new_workbook_shows_every_b2b_row(tmp_path, capsys, year, lang):
    tabs, funnel = year
    book = tmp_path / f"b2b-{lang}.xlsx"
    assert main(["new", str(book), "--flavor", "plain", "--lang", lang]) == 0
    names = {
        "en": {"Spend": "Spend - ads", "Leads": "Leads - CRM", "Deals": "Orders - HubSpot",
               "Invoices": "Orders - billing"},
        "ru": {"Spend": "Расходы - реклама", "Leads": "Лиды - CRM", "Deals": "Заказы - HubSpot",
               "Invoices": "Заказы - биллинг"},
    }[lang]  # fmt: skip
    wb = openpyxl.load_workbook(book)
    for name, frame in tabs.items():
        rows = frame.astype(object).where(frame.notna(), None)
        pasting.put_rows(wb.create_sheet(names[name]), [list(frame.columns), *rows.values])
    wb.save(book)
    capsys.readouterr()
    assert main(["refresh", str(book)]) == 0
    wb = openpyxl.load_workbook(book, read_only=True)
    sheet = wb[str(text("summary.title", lang))]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    labels = [str(r[0]) for r in rows if r and r[0] is not None]
    for name in ROWS:
        assert CATALOGUE[name].title(lang) in labels, name
    if lang == "ru":  # the Russian words, not the English titles beside them
        english = [
            CATALOGUE[n].title("en")
            for n in ROWS
            if CATALOGUE[n].title("en") != CATALOGUE[n].title("ru")
        ]
        assert len(english) > 8  # CPL, CAC, MRR... are the same words in both
        assert not set(english) & set(labels)
    # no blank rows: in each scorecard table a KPI's row has a value or words under every
    # period of the table's header (target and status may be blank: no target is set)
    titles = {CATALOGUE[name].title(lang) for name in ROWS}
    header, tables = None, []
    for row in rows:
        if row and row[0] == text("summary.kpi", lang):
            header = [i for i, c in enumerate(row) if re.search(r"\d{4}", str(c))]
        elif header and row and row[0] in titles:
            tables.append(row)
            assert all(row[i] is not None for i in header), row
    assert {r[0] for r in tables} == titles
    pipeline = [r for r in tables if r[0] == CATALOGUE["pipeline"].title(lang)]
    assert funnel.pipeline[label(MONTHS - 1)] > 0
    assert pipeline and any(
        isinstance(c, (int, float)) and c == pytest.approx(funnel.pipeline[label(MONTHS - 1)])
        for r in pipeline
        for c in r[2:]
    )


def test_two_sources_of_one_tab_are_refused_not_one_dropped(tmp_path, year):
    """On the engines a tab takes one source: deals and invoices given as two ``Orders``
    sources are refused with a message naming both, never one of them read silently (the
    workbook's pasted tabs combine them: see the tests above)."""
    tabs, _ = year
    specs = []
    for name, frame in tabs.items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
        tab = "Orders" if name in ("Deals", "Invoices") else name
        specs.append(parse_source_arg(f"{tab}={name}.csv"))
    with pytest.raises(SourceError, match="Orders already has a source") as raised:
        report_with_sources({}, base=tmp_path, sources=specs, engine="duckdb")
    assert "Deals.csv" in str(raised.value) and "Invoices.csv" in str(raised.value)
    assert raised.value.say("ru").count("уже есть источник") == 1
