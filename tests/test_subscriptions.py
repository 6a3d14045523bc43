"""Subscriptions from a billing export: MRR and its movements, logo churn, NRR, LTV.

The export is generated (:mod:`tests.b2b_billing`); every figure is checked against the
generator's own plans, computed here, on a pasted workbook and on the DuckDB and pandas
engines over CSV files. A shop's repeat purchases are no billing export.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from xl_kpi.catalogue import CATALOGUE
from xl_kpi.cli import main
from xl_kpi.report import TOTAL, build_report
from xl_kpi.sources import parse_source_arg
from xl_kpi.sources.report import report_with_sources
from xl_kpi.statuses import is_billing
from xl_kpi.tabs import read_tabs

from . import source_files as sf
from .b2b_billing import (
    CHANNELS,
    MONTHS,
    check_against_truth,
    deals,
    generate,
    label,
    same,
    truth,
    values,
)
from .workbook_files import new_book, paste_into, report_json

ENGINES = ("duckdb", "pandas")


@pytest.fixture(scope="module")
def company():
    return generate()


@pytest.fixture(scope="module")
def pasted(company):
    return build_report(read_tabs({"Orders": company.invoices, "Spend": company.spend}))


@pytest.fixture(scope="module")
def folder(tmp_path_factory, company) -> Path:
    root = tmp_path_factory.mktemp("billing")
    company.invoices.to_csv(root / "invoices.csv", index=False)
    company.spend.to_csv(root / "spend.csv", index=False)
    return root


def _on_engine(folder: Path, engine: str):
    sources = [parse_source_arg(f"Orders={folder / 'invoices.csv'}")]
    sources.append(parse_source_arg(f"Spend={folder / 'spend.csv'}"))
    return report_with_sources({}, base=folder, sources=sources, engine=engine)


def test_a_billing_export_gives_the_true_mrr_movements_churn_nrr_and_ltv(pasted, company):
    check_against_truth(pasted, company)
    # the figures vary: the generator's months are not all alike
    assert len({round(v, 6) for v in values(pasted, "EXPANSION_MRR").values() if v == v}) > 3
    assert any(v > 0 for v in values(pasted, "CONTRACTION_MRR").values() if v == v)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_same_figures_on_every_engine(folder, pasted, company, engine):
    report = _on_engine(folder, engine)
    check_against_truth(report, company)
    assert sf.differences(sf.records(report), sf.records(pasted)) == []


def test_the_first_period_is_flagged_not_comparable_with_a_note(pasted):
    rows = {r.entry.name: r for r in pasted.scorecard}
    for name in ("new_customers", "new_mrr", "cac"):
        assert rows[name].flag == "left_censored"
    assert rows["mrr"].flag is None
    keys = [n.key for n in pasted.notes]
    assert "note.left_censored" in keys and "note.billing" in keys
    note = next(n for n in pasted.notes if n.key == "note.left_censored")
    assert dict(note.params)["count"] == "30"


def test_unpaid_invoices_are_no_mrr(company, pasted):
    voided = company.invoices[company.invoices["Status"] == "void"]
    assert len(voided) > 0  # the generator re-issues some invoices
    revenue = values(pasted, "REVENUE")
    paid = company.invoices[company.invoices["Status"] == "paid"]
    assert revenue[TOTAL] == pytest.approx(paid["Amount Paid"].sum())


def test_what_is_recognised_as_a_billing_export():
    assert is_billing(["id", "Customer", "Subscription", "Amount Paid"], True)
    assert is_billing(["invoice[id]", "invoice[customer_id]", "invoice[amount_paid]"], True)
    assert is_billing(["Номер счёта", "Контрагент", "Сумма платежа", "Дата платежа"], True)
    assert not is_billing(["Subscription", "Amount"], False)  # no customers: no MRR
    # a shop's orders and CDNOW's purchases name no subscription or invoice
    assert not is_billing(["customer", "date", "quantity", "amount"], True)
    assert not is_billing(["Name", "Email", "Financial Status", "Total"], True)


def test_repeat_purchases_are_not_subscriptions():
    """Orders without an invoice or subscription header get no MRR rows or records."""
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-03", "2025-02-04", "2025-02-10", "2025-03-01"]),
            "customer": ["a", "a", "b", "b"],
            "amount": [10.0, 20.0, 30.0, 40.0],
        }
    )
    report = build_report(read_tabs({"Orders": orders}))
    assert not any(r.kpi in ("MRR", "LTV", "NEW_MRR") for r in report.records)
    assert "mrr" not in {r.entry.name for r in report.scorecard}
    assert values(report, "NEW_CUSTOMERS")["2025-01"] == 1  # not censored


#: The Russian workbook's billing export in 1C's words: invoice number, counterparty,
#: payment date and amount.
RU_HEADERS = ["Номер счёта", "Контрагент", "Дата платежа", "Сумма платежа", "Статус"]


def _rows(company, lang: str) -> list[list[object]]:
    invoices = company.invoices
    if lang == "en":
        frame = invoices.drop(columns=["Channel"])
        frame["Date (UTC)"] = frame["Date (UTC)"].dt.strftime("%Y-%m-%d")
        return [list(frame.columns), *frame.astype(object).values.tolist()]
    status = invoices["Status"].map({"paid": "Оплачен", "void": "Не оплачен"})
    body = zip(
        invoices["id"],
        invoices["Customer"],
        invoices["Date (UTC)"].dt.strftime("%d.%m.%Y"),
        invoices["Amount Paid"],
        status,
        strict=True,
    )
    return [RU_HEADERS, *map(list, body)]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_billing_export_pasted_into_a_template_shows_mrr_on_the_summary(
    tmp_path, capsys, company, lang
):
    """The user's path: a blank template from ``xl-kpi new``, the billing export pasted
    into an added Orders tab, refreshed; the summary read back has the subscription rows in
    the workbook's language, and the JSON records have the true MRR."""
    book = new_book(tmp_path, lang, "plain", sample=False)
    sheet = "Orders Stripe" if lang == "en" else "Заказы 1С"
    paste_into(book, {sheet: _rows(company, lang)})
    records = report_json(book, capsys)
    mrr = {r["period"]: r["value"] for r in records if r["kpi"] == "MRR" and not r["channel"]}
    t = truth(company)
    assert {p: mrr[p] for p in t.mrr} == pytest.approx(t.mrr)
    assert main(["refresh", str(book)]) == 0
    wb = openpyxl.load_workbook(book, read_only=True)
    name = "KPI Summary" if lang == "en" else "Сводка KPI"
    cells = [str(c) for row in wb[name].values for c in row if c is not None]
    for kpi in ("mrr", "new_mrr", "expansion_mrr", "churned_mrr", "net_revenue_retention",
                "ltv", "ltv_cac", "cac_payback"):  # fmt: skip
        assert CATALOGUE[kpi].title(lang) in cells, kpi
    if lang == "ru":  # no English-only row in a Russian workbook
        for kpi in ("new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr"):
            assert CATALOGUE[kpi].title("en") not in cells, kpi
        assert "⚠ начало истории" in cells
        assert any("уже платившие в первом периоде" in c for c in cells)
    else:
        assert "⚠ start of history" in cells


def test_billing_and_deals_in_one_workbook_count_no_sale_twice(company):
    """Revenue, sales and new customers from the invoices alone; the won deals give the
    paying customers (the invoices name no channel) their channels, so each channel's new
    customers and CAC are the true ones."""
    invoices = company.invoices.drop(columns=["Channel"])
    tabs = read_tabs({"Orders": invoices, "Orders HubSpot": deals(company), "Spend": company.spend})
    report = build_report(tabs)
    paid = invoices[invoices["Status"] == "paid"]
    assert values(report, "REVENUE")[TOTAL] == pytest.approx(paid["Amount Paid"].sum())
    assert values(report, "SALES_COUNT")[TOTAL] == len(paid)
    assert "note.billing_and_deals" in [n.key for n in report.notes]
    months = [label(i) for i in range(1, MONTHS)]
    for channel in CHANNELS:
        want = truth(company, channel)
        new = values(report, "NEW_CUSTOMERS", channel)
        cac = values(report, "CAC", channel)
        for m in months:
            assert new[m] == want.new_customers[m], (channel, m)
            assert same(cac[m], want.cac[m]), (channel, m)
    check_against_truth(report, company)  # the subscriptions are the invoices' own


@pytest.mark.slow
def test_the_same_figures_on_spark(folder, pasted, company):
    """Slow: Spark starts a Java process; the subscriptions' facts run there unchanged."""
    report = _on_engine(folder, "spark")
    check_against_truth(report, company)
    assert sf.differences(sf.records(report), sf.records(pasted)) == []
