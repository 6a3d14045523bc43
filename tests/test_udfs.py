"""The Excel functions, through what really runs here: xlwings' own classic decorators and
its VBA generation (with the Windows COM modules stubbed), and calls with Excel's values."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
import xlwings

import xl_kpi.udfs
from xl_kpi.catalogue import CATALOGUE

from .classic_udfs import vba_module


def test_import_functions_generates_one_vba_function_per_kpi_with_its_arguments(classic):
    vba = vba_module(classic)
    declared = dict(re.findall(r"^Function (\w+)\(([^)]*)\)", vba, re.MULTILINE))
    assert set(declared) == {e.excel_name for e in CATALOGUE.values()}
    for entry in CATALOGUE.values():
        expected = ", ".join(("Optional " if a.optional else "") + a.name for a in entry.args)
        assert declared[entry.excel_name] == expected
        call = (
            f'{entry.excel_name} = XLPy.CallUDF("xl_kpi.udfs", "{entry.excel_name}", '
            f"Array({', '.join(a.name for a in entry.args)}), ThisWorkbook, Application.Caller)"
        )
        assert call in vba


def test_an_addin_calls_back_into_the_active_workbook(classic):
    assert "ActiveWorkbook, Application.Caller" in vba_module(classic, "xl_kpi.xlam")


def test_function_wizard_help_category_and_argument_docs_come_from_the_catalogue(classic):
    _, module = classic
    for entry in CATALOGUE.values():
        meta = getattr(module, entry.excel_name).__xlfunc__
        assert meta["category"] == "xl-kpi"
        assert meta["ret"]["doc"] == entry.wizard_help and len(entry.wizard_help) <= 255
        assert [a["name"] for a in meta["args"]] == [a.name for a in entry.args]
        assert [a["doc"] for a in meta["args"]] == [a.doc for a in entry.args]
        defaults = {a["name"]: a["optional"] for a in meta["args"] if "optional" in a}
        assert set(defaults) == {a.name for a in entry.args if a.optional}


def test_module_exports_exactly_the_catalogue_for_xlwings_lite():
    namespace: dict[str, object] = {}
    exec("from xl_kpi.udfs import *", namespace)
    exported = {k for k in namespace if not k.startswith("__")}
    assert exported == {e.excel_name for e in CATALOGUE.values()} | {"refresh_kpis"}


def test_import_functions_generates_the_refresh_macro_a_button_can_call(classic):
    vba = vba_module(classic)
    assert "Sub refresh_kpis(Optional book)" in vba
    assert 'XLPy.CallUDF "xl_kpi.udfs", "refresh_kpis", Array(book), ThisWorkbook' in vba


# Values exactly as Excel hands them over: floats, None for blanks, 2-D lists for ranges,
# text as typed, datetimes for date cells (classic) or serial numbers (xlwings Lite).
EXCEL_CALLS = [
    ("ROMI", ([[2_000_000.0], [None]], [[250_000.0], [250_000.0]]), 3.0),
    ("CPC", ([[0.2, 0.4]], 2.0), pytest.approx(0.3)),
    ("CTR", (5.0, 1000.0), 0.005),
    ("CAC", ("300 000 ₽", 120.0, None), 2500.0),
    ("AOV", ([[2000.0], [None], [4000.0]], None), 3000.0),
    (
        "REVENUE",
        (
            [[100.0], [200.0]],
            [[dt.datetime(2026, 1, 5)], [dt.datetime(2026, 2, 5)]],
            dt.datetime(2026, 1, 1),
            dt.datetime(2026, 1, 31),
        ),
        100.0,
    ),
    ("REVENUE", ([[100.0], [200.0]], [[46027.0], [46058.0]], 46023.0, 46053.0), 100.0),
    ("NPS", ([[10.0], [9.0], [3.0], [None]],), pytest.approx(100 / 3)),
    ("REPEAT_PURCHASE_RATE", ([["C1"], [42.0], ["C1"], [None]],), 0.5),
]


@pytest.mark.parametrize(("name", "args", "expected"), EXCEL_CALLS, ids=[c[0] for c in EXCEL_CALLS])
def test_cells_get_the_kpi_value(name, args, expected):
    assert getattr(xl_kpi.udfs, name)(*args) == expected


@pytest.mark.parametrize("name", ["CPC", "ROMI", "CTR", "CPM", "DRR"])
def test_a_zero_denominator_shows_div0(name):
    assert getattr(xl_kpi.udfs, name)(10.0, 0.0) == "#DIV/0!"


def test_blank_ranges_show_div0_not_zero():
    assert xl_kpi.udfs.CAC([[None], [None]], [[None]], None) == "#DIV/0!"


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("CPC", ([["10"], ["abc"]], 2.0), "CPC: cost: 'abc' is not a number (row 2 of the range)"),
        ("CTR", (-5.0, 100.0), "CTR: clicks must not be negative: got -5"),
        ("CPL", ("#N/A", 10.0), "CPL: cost: the cell holds the Excel error #N/A"),
    ],
)
def test_invalid_input_shows_a_short_message_in_the_cell(name, args, message):
    assert getattr(xl_kpi.udfs, name)(*args) == message


def test_classic_functions_also_compute(classic):
    _, module = classic
    assert module.ROMI(2_000_000.0, 500_000.0) == 3.0


def test_classic_functions_are_promised_on_windows_only():
    """Outside Windows (macOS included) classic xlwings' decorators leave a function as it
    is: no cell function, no ``refresh_kpis`` macro. The template's words, the README and
    this module say so and send Mac users to xlwings Lite."""
    from xl_kpi.i18n import text

    def plain(x):
        return x

    if not sys.platform.startswith("win") and not getattr(xlwings, "on_server", False):
        assert xlwings.func(plain) is plain and xlwings.script(plain) is plain
    for lang in ("en", "ru"):
        words = str(text("start.flavor.classic", lang))
        assert "Windows" in words and "Lite" in words
    assert "Windows" in str(text("start.flavor.classic", "en")).split(".")[1]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    classic_row = next(line for line in readme.splitlines() if line.startswith("| classic |"))
    assert "Windows" in classic_row and "Mac" in classic_row and "Lite" in classic_row
    assert "Windows or Mac" not in readme.split("**xlwings Lite**")[0]
    assert "Mac users use xlwings" in xl_kpi.udfs.__doc__.replace("\n", " ")
