"""Registry-driven checks: every catalogue entry is documented, translated, in the README,
an Excel function, and named so that it cannot clash with Excel's own functions."""

from __future__ import annotations

import functools
import inspect
import re
from pathlib import Path

import pytest
import xlsxwriter.worksheet
from openpyxl.utils.formulas import FORMULAE
from xlsxwriter.worksheet import Worksheet

import xl_kpi.udfs
from xl_kpi import docs
from xl_kpi.catalogue import CATALOGUE, KPI, Category, Kind, Unit, get, kpi

README = Path(__file__).resolve().parents[1] / "README.md"
ENTRIES = list(CATALOGUE.values())
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)

# The contract: these exact Python names and argument names.
REQUIRED = {
    "revenue": "amounts, dates, start, end",
    "sales_count": "amounts, dates, start, end",
    "profit": "revenue, costs",
    "profit_margin": "revenue, costs",
    "cac": "marketing_costs, new_customers, sales_costs",
    "aov": "revenue, orders",
    "lead_conversion": "sales, leads",
    "conversion_rate": "conversions, visitors",
    "engagement_rate": "engagements, audience",
    "cpc": "cost, clicks",
    "cpl": "cost, leads",
    "cpa": "cost, actions",
    "cps": "cost, sales",
    "cpm": "cost, impressions",
    "ctr": "clicks, impressions",
    "romi": "income, cost",
    "roas": "revenue, ad_cost",
    "drr": "ad_cost, revenue",
    "follower_growth": "start_followers, end_followers",
    "sales_growth": "current, previous",
    "brand_awareness": "aware, surveyed",
    "retention_rate": "customers_start, customers_end, new_customers",
    "churn_rate": "customers_lost, customers_start",
    "repeat_purchase_rate": "customer_ids",
    "nps": "scores",
    "ltv": "aov, purchase_frequency, lifespan, margin",
    "ltv_cac": "ltv, cac",
    "cac_payback": "cac, monthly_arpa, gross_margin",
    "cagr": "begin, end, years",
    "share_of_voice": "brand_mentions, total_mentions",
}


@functools.cache
def excel_builtin_functions() -> frozenset[str]:
    """Excel's function names: openpyxl's list plus the newer ones xlsxwriter knows. Newer
    xlsxwriter releases keep those in a table; older ones name them only in the source,
    read once here (it is the slow part of these tests)."""
    newer = getattr(xlsxwriter.worksheet, "FUTURE_FUNCTIONS", None) or re.findall(
        r"_xlfn\.(?:_xlws\.)?([A-Z][A-Z0-9.]*)\(", inspect.getsource(Worksheet)
    )
    return frozenset(FORMULAE) | frozenset(newer)


def test_the_builtin_list_is_real():
    names = excel_builtin_functions()
    assert {"SUM", "GROWTH", "XLOOKUP", "CONCAT", "IFS"} <= names and len(names) > 450


def test_catalogue_holds_the_required_kpis_with_their_argument_names():
    for name, args in REQUIRED.items():
        assert ", ".join(a.name for a in get(name).args) == args


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.excel_name)
class TestEveryEntry:
    def test_excel_name_is_the_python_name_upper_cased_and_safe(self, entry: KPI):
        assert entry.excel_name == entry.name.upper()
        assert entry.excel_name not in excel_builtin_functions()
        assert not re.fullmatch(r"[A-Z]{1,3}[0-9]+|R[0-9]*C[0-9]*", entry.excel_name)
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", entry.excel_name)

    def test_documented_in_english_and_russian(self, entry: KPI):
        assert entry.en.endswith(".") and not CYRILLIC.search(entry.en)
        assert entry.ru.endswith(".") and CYRILLIC.search(entry.ru)
        assert entry.title_en and entry.title_ru and entry.formula
        assert isinstance(entry.category, Category) and isinstance(entry.unit, Unit)
        for arg in entry.args:
            assert arg.doc.endswith(".") and len(arg.doc) <= 255, arg.name

    def test_docstring_first_line_stands_alone_and_has_a_doctest(self, entry: KPI):
        doc = entry.func.__doc__
        assert doc.splitlines()[0] == entry.en
        assert entry.formula in doc and ">>> " in doc
        for arg in entry.args:
            assert f"{arg.name} : {arg.kind.value}" in doc

    def test_has_a_udf_with_the_same_arguments(self, entry: KPI):
        udf = getattr(xl_kpi.udfs, entry.excel_name)
        assert list(inspect.signature(udf).parameters) == [a.name for a in entry.args]

    def test_has_a_readme_row(self, entry: KPI):
        assert f"| `={entry.excel_name}(" in README.read_text(encoding="utf-8")


def test_readme_table_is_the_generated_one():
    text = README.read_text(encoding="utf-8")
    block = text[text.index(docs.BEGIN) + len(docs.BEGIN) : text.index(docs.END)]
    assert block.strip() == docs.kpi_table().strip(), "run: python -m xl_kpi.docs"


def test_lookup_by_any_case_and_a_helpful_error():
    assert get("Romi") is get("ROMI") is CATALOGUE["romi"]
    with pytest.raises(KeyError, match="no KPI called 'GROWTH'.*ROMI"):
        get("GROWTH")


def test_a_kpi_with_a_keyword_only_argument_is_called_as_python_calls_it():
    """Positional calls take a shorter road than ``signature.bind``; a signature that road
    cannot read (a keyword-only argument) is always bound, so it refuses what Python does."""

    def made_up(amount, *, cost=0.0):
        return amount - cost

    spec = {"amount": (Kind.AMOUNT, "an amount"), "cost": (Kind.COST, "a cost")}
    register = kpi(
        category=next(iter(Category)), unit=next(iter(Unit)), higher_is_better=True,
        formula="amount - cost", title=("Made up", "Выдумка"), en="A test.", ru="Тест.", args=spec,
    )  # fmt: skip
    try:
        call = register(made_up)
        assert call(10.0) == 10.0 and call(10.0, cost=4.0) == 6.0
        with pytest.raises(TypeError, match="too many positional"):
            call(10.0, 4.0)
    finally:
        CATALOGUE.pop("made_up", None)
