"""The live Refresh against what xlwings' own engines implement, and on the one that runs
here: xlwings Lite's remote engine.

* The **capability scan** (``tests/engine_scan.py``) reads the engine modules of xlwings
  (Windows' COM, macOS' AppleScript, the remote engine of Lite and Server) and finds the
  operations the live layer uses that an engine leaves unimplemented or refuses. Each must
  be one the live layer has another path for or leaves out and says (:data:`PATHS`); the
  stand-in is then cut down to exactly what the scan found, and the refresh must still
  write every value and say what it left out. It runs on the installed xlwings (quick)
  and on the xlwings xlwings Lite pins in its workbooks (slow: a download).
* **Faults**: an engine's own error during the write (a COM error from the page setup, a
  failing chart call, a refused value write) ends in one message, never a traceback, and
  what could be done is done.
* **xlwings' own Lite engine**: the Refresh button run by xlwings' own script dispatcher on
  ``xlwings.Book(json=...)``, for the xlwings the Lite template pins and the newest 0.37.x,
  asserting the Office.js actions it records. That engine is xlwings PRO code, used here
  under its free noncommercial licence key (PolyForm Noncommercial 1.0.0), in slow tests
  only and in a child process; xl-kpi never imports it.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
import xlwings
from packaging.version import Version

import xl_kpi.udfs as udfs
from xl_kpi import excel, excel_draw
from xl_kpi.excelfacts import column_letter
from xl_kpi.layout import STYLES, Block, ChartSpec, SheetLayout
from xl_kpi.sample import sample_tables
from xl_kpi.summary import SHEET_NAMES, build_summary
from xl_kpi.templates.lite import LITE_XLWINGS

from . import fake_xlwings
from .engine_scan import ABSENT, IMPLEMENTED, Scan
from .fake_books import pasted_book
from .fake_xlwings import FakeApp, FakeBook
from .lite_engine import install_xlwings, run

WHEN = dt.datetime(2026, 1, 31, 9, 0)
SUMMARY = SHEET_NAMES["en"]
INSTALLED = Path(xlwings.__file__).parent

#: What the live layer does where an engine lacks an operation it uses: the shortfall it
#: notes and says (a key of ``excel_draw.FEATURES``), or None where another path gives
#: the same result. A lacking operation missing here fails the scan test: the live layer
#: would meet it unprepared.
PATHS: dict[tuple[str, str, str], str | None] = {
    # read the values the engine was sent, from A1 (Lite with xlwings 0.33.x)
    ("Sheet", "used_range", "get"): None,
    # place charts by the anchor cell's address (Lite with xlwings 0.37.x)
    ("Range", "left", "get"): None,
    ("Range", "top", "get"): None,
    ("Sheet", "charts", "get"): "charts",
    ("Chart", "chart_type", "set"): "charts",
    ("ChartSeriesCollection", "__iter__", "call"): "series_names",
    ("Range", "column_width", "set"): "sizes",
    ("Range", "row_height", "set"): "sizes",
    ("Range", "wrap_text", "set"): "sizes",
    ("Range", "horizontal_alignment", "set"): "formats",
    ("Sheet", "page_setup", "get"): "page_setup",
    ("PageSetup", "print_area", "set"): "page_setup",
    # only speed: the writing is not paused
    ("App", "screen_updating", "get"): None,
    ("App", "screen_updating", "set"): None,
    # the marker name stays visible in the Name Manager
    ("Name", "api", "get"): None,
    # panes: the COM window on Windows; elsewhere the panes are said to be left unfrozen
    ("Sheet", "freeze_panes", "get"): None,
    ("App", "api", "get"): None,
    # the shortfalls are printed: xlwings Lite's output pane
    ("App", "status_bar", "set"): None,
}


@functools.cache
def _tables():
    return sample_tables(orders=60, seed=2)


@functools.cache
def _used_operations() -> frozenset[tuple[str, str, str]]:
    """Every operation the live layer asks of xlwings in a refresh, on each engine."""
    fake_xlwings.USED.clear()
    tables = _tables()
    for engine in ("windows", "mac", "remote"):
        book = pasted_book(tables, FakeApp(engine=engine))
        excel.refresh_book(book, _build, _wanted)
        excel.show_error(book, "shown")
        excel.status_bar(book)("said")
    return frozenset(fake_xlwings.USED)


@functools.cache
def _layout():
    return build_summary(_tables(), refreshed=WHEN)[1]


def _build(raw):
    """The summary of the tabs (all these tests read the same tabs: built once)."""
    assert set(raw) == set(_tables())
    return _layout()


def _wanted(name: str) -> bool:
    return name != "My notes"


def _lacking(scan: Scan, engine: str, used) -> dict[tuple[str, str, str], str]:
    """What ``engine`` lacks of ``used``, front members a version does not have apart
    (the live layer checks for those with ``supports``)."""
    found = scan.lacking(engine, used)
    return {op: status for op, status in found.items() if status != ABSENT}


@functools.cache
def _installed() -> Scan:
    return Scan(INSTALLED)


def _values(book) -> list[list[object]]:
    return book.sheets[SUMMARY].used_range.options(ndim=2).value


def _check_paths(scan: Scan) -> None:
    """Every lacking operation has a path, and the stand-in cut down to exactly what the
    scan found still writes every value and says what it left out."""
    used = _used_operations()
    tables = _tables()
    for engine in scan.engines:
        lacking = _lacking(scan, engine, used)
        assert [op for op in lacking if op not in PATHS] == [], (scan.package, engine)
        full = pasted_book(tables, FakeApp(engine=engine))
        excel.refresh_book(full, _build, _wanted)
        cut = pasted_book(tables, FakeApp(engine=engine, unimplemented=lacking))
        lacks = excel.Shortfalls()
        excel.refresh_book(cut, _build, _wanted, lacks)
        assert _values(cut) == _values(full), engine
        said = {PATHS[op] for op in lacking} - {None}
        if "charts" in lacks.found:  # without charts, nothing of a chart is missed
            said -= {"series_names", "chart_series"}
        assert said <= set(lacks.found), (engine, said, lacks.found)
        assert cut.sheets["My notes"].range("A1").value == "keep me"


# --- the scan, on the installed xlwings ----------------------------------------------------


def test_the_scan_knows_every_operation_the_live_layer_uses():
    used = _used_operations()
    scan = _installed()
    assert scan.engines == ["mac", "remote", "windows"]
    assert ("Sheet", "used_range", "get") in used and ("Range", "left", "get") not in used
    for cls, name, _mode in used:  # each is a member of a front class of this xlwings
        assert scan.has_front(cls, name) or name.startswith("__") or name == "value", (cls, name)


@pytest.mark.skipif(
    not Version("0.37") <= Version(xlwings.__version__) < Version("0.38"),
    reason="the facts below were read in xlwings 0.37.x",
)
def test_the_scan_finds_what_the_remote_engine_of_xlwings_0_37_refuses():
    """Positions are refused (``await get_left()``), chart series iteration is refused
    until ``await chart.get_series()``; Windows has every operation but panes of its own."""
    scan = _installed()
    ops = [("Range", "left", "get"), ("Range", "top", "get"), ("Sheet", "used_range", "get")]
    assert [scan.status("remote", op) for op in ops] == ["refused", "refused", IMPLEMENTED]
    assert scan.status("remote", ("ChartSeriesCollection", "__iter__", "call")) == "may refuse"
    assert scan.status("windows", ("Sheet", "used_range", "get")) == IMPLEMENTED
    assert scan.status("windows", ("Range", "left", "get")) == IMPLEMENTED
    assert scan.status("mac", ("Sheet", "freeze_panes", "get")) == "missing"


def test_the_live_layer_has_a_path_for_what_the_installed_xlwings_lacks():
    _check_paths(_installed())


@pytest.mark.skipif(
    not Version("0.37") <= Version(xlwings.__version__) < Version("0.38"),
    reason="read in xlwings 0.37.x",
)
def test_the_scan_catches_charts_placed_by_position(monkeypatch):
    """Before, charts were placed by the anchor cell's ``left``/``top``, which the remote
    engine of xlwings 0.37.x refuses (no chart was ever drawn in Lite). Run that way, the
    live layer's operations include them and the scan flags them for the remote engine."""
    monkeypatch.setattr(excel_draw, "_takes_anchor", lambda charts: False)
    _used_operations.cache_clear()
    try:
        used = _used_operations()
    finally:
        _used_operations.cache_clear()
    assert {("Range", "left", "get"), ("Range", "top", "get")} <= used
    lacking = _lacking(_installed(), "remote", used)
    assert {("Range", "left", "get"), ("Range", "top", "get")} <= set(lacking)
    assert ("Range", "left", "get") not in _lacking(_installed(), "windows", used)


# --- faults --------------------------------------------------------------------------------


class _ComError(Exception):
    """What pywin32 raises for a COM error (``pywintypes.com_error``)."""


def test_a_failing_page_setup_ends_the_printing_settings_not_the_refresh():
    error = _ComError(-2146827284, "Unable to set the Orientation property", None, None)
    app = FakeApp(engine="windows", faults={("PageSetup", "Orientation", "set"): error})
    book = pasted_book(_tables(), app)
    udfs.refresh_kpis(book)
    assert app.fake_faults == [("PageSetup", "Orientation", "set")]
    assert app.fake_alerts == []
    sheet = book.sheets[SUMMARY]
    assert sheet.fake_frozen == (0, 1)  # the panes, after the page setup, are frozen
    assert len(sheet.charts) >= 5
    assert sheet.range("A1").value  # the values are there
    said = app.fake_status[-1]
    assert isinstance(said, str) and "print settings" in said


def test_a_failing_chart_call_removes_the_chart_and_draws_the_rest():
    error = _ComError(-2147352567, "Exception occurred.", None, None)
    app = FakeApp(engine="windows", faults={("Chart", "set_source_data", "get"): error})
    book = pasted_book(_tables(), app)
    lacks = excel.Shortfalls()
    layout = excel.refresh_book(book, _build, _wanted, lacks)
    sheet = book.sheets[SUMMARY]
    assert len(app.fake_faults) == len(layout.charts)
    assert len(sheet.charts) == 0  # none left half drawn
    assert "charts" in lacks.found and "Exception occurred" in lacks.found["charts"]
    assert sheet.fake_page is not None and sheet.fake_frozen == (0, 1)


def test_a_refused_value_write_leaves_no_half_summary_and_says_so_in_russian():
    tables = dict(_tables())
    settings = tables["Settings"].copy()
    settings.loc[settings["key"] == "language", "value"] = "ru"
    tables["Settings"] = settings
    error = _ComError(-2146827284, "Application-defined or object-defined error", None, None)
    app = FakeApp(engine="windows", faults={("Range", "value", "set"): error})
    book = pasted_book(tables, app)
    udfs.refresh_kpis(book)
    (alert,) = app.fake_alerts
    assert alert["prompt"].startswith("xl-kpi не смог обновить сводку KPI")
    assert "object-defined error" in alert["prompt"]
    summary = SHEET_NAMES["ru"]
    assert book.sheets[summary].used_range.value is None  # cleared, not half written


def test_what_an_engine_lacks_is_said_once_in_the_workbook_s_language(capsys):
    tables = dict(_tables())
    settings = tables["Settings"].copy()
    settings.loc[settings["key"] == "language", "value"] = "ru"
    tables["Settings"] = settings
    app = FakeApp(engine="mac")
    book = pasted_book(tables, app)
    udfs.refresh_kpis(book)
    said = app.fake_status[-1]
    assert said == capsys.readouterr().out.strip()
    assert said.startswith("Этот Excel не смог ") and "закрепить области" in said
    assert said.count("параметры печати") == 1


def test_nothing_is_said_where_nothing_is_missing():
    app = FakeApp(engine="windows")
    book = pasted_book(_tables(), app)
    udfs.refresh_kpis(book)
    assert app.fake_status[-1] is False  # handed back to Excel after the progress


# --- fewer round trips ---------------------------------------------------------------------


def test_a_thin_border_is_one_line_style_per_side():
    """Excel draws a continuous border thin: the writer does not set the weight too, nor
    inside borders of a range one cell wide or high; each cell still gets all four."""
    book = pasted_book(_tables(), FakeApp(engine="windows"))
    excel.refresh_book(book, _build, _wanted)
    sheet = book.sheets[SUMMARY]
    bordered = [key for key, cell in sheet._cells.items() if cell.borders]
    assert bordered
    assert {side[1] for key in bordered for side in sheet._cells[key].borders.values()} == {"thin"}
    assert all(style.get("border") in (None, 1) for style in STYLES.values())
    layout = _layout()  # every bordered cell of the layout has its four sides drawn
    for row, col, _value, style in layout.cells():
        if style is not None and STYLES[style].get("border"):
            assert set(sheet._cells[row + 1, col + 1].borders) == {"top", "bottom", "left", "right"}


# --- xlwings' own Lite engine (PRO code, noncommercial licence key; slow) --------------------

#: The xlwings versions the Lite template and the README support: the template's pin and
#: the newest 0.37.x (what ``pip`` resolves today).
LITE_VERSIONS = (f"xlwings=={LITE_XLWINGS}", "xlwings>=0.37,<0.38")


@pytest.fixture(scope="module", params=LITE_VERSIONS)
def lite_xlwings(request, tmp_path_factory) -> Path:
    folder = install_xlwings(request.param, tmp_path_factory.mktemp("xlwings"))
    if isinstance(folder, str):
        pytest.skip(f"the package index cannot be reached: {folder}")
    return folder


def _office_js(value):
    """What the engine sends for a layout's value: text with Excel's text prefix, a
    blank as ""."""
    if isinstance(value, str):
        return "'" + value if value else ""
    return "" if value is None else value


@pytest.mark.slow
def test_the_refresh_on_xlwings_own_lite_engine(lite_xlwings):
    """``refresh_book`` on xlwings' remote engine: no exception, every block's values in
    one ``setValues`` at its place, number formats set, one chart per chart of the layout
    where the engine draws charts (xlwings 0.37+), and what it left out noted."""
    got = run(lite_xlwings, "sample")
    assert got["error"] is None
    actions = got["actions"]
    funcs = [a["func"] for a in actions]
    assert funcs[:3] == ["addSheet", "namesAdd", "sheetClear"]
    writes = {
        (a["start_row"], a["start_column"]): a["values"]
        for a in actions
        if a["func"] == "setValues"
    }
    for row, col, values in got["blocks"]:
        width = max(len(r) for r in values)
        expected = [[_office_js(v) for v in r] + [""] * (width - len(r)) for r in values]
        assert writes[row, col] == expected, (row, col)
    formats = {a["args"][0] for a in actions if a["func"] == "setNumberFormat"}
    assert {"#,##0", "0.0%"} <= formats
    version = Version(got["version"])
    if version >= Version("0.37"):
        charts = [a for a in actions if a["func"] == "addChart"]
        assert len(charts) == got["charts"] >= 5
        at = [f"${column_letter(c)}${r + 1}" for r, c in got["anchors"][:3]]
        assert [c["args"][9] for c in charts[:3]] == at  # placed at the layout's anchors
        assert funcs.count("setChartTitle") == got["charts"]
        assert set(got["lacks"]) == {"chart_series", "series_names", "page_setup"}
        borders = [a["args"] for a in actions if a["func"] == "setBorderProperty"]
        assert borders and {tuple(b[1:]) for b in borders} == {("line_style", "continuous")}
    else:  # xlwings 0.33.x in Lite: no charts, sizes or borders; the values and formats
        assert "addChart" not in funcs and "setBorderProperty" not in funcs
        assert {"charts", "sizes", "formats", "page_setup"} <= set(got["lacks"])


@pytest.mark.slow
def test_the_refresh_button_as_lite_runs_it(lite_xlwings):
    """The Refresh script run by xlwings' own script dispatcher, as the add-in runs it:
    no error reaches the user, and what was left out is printed once (Lite's output)."""
    got = run(lite_xlwings, "sample", button=True)
    assert got["error"] is None
    funcs = [a["func"] for a in got["actions"]]
    assert "alert" not in funcs and "setValues" in funcs
    printed = got["printed"].strip().splitlines()
    assert len(printed) == 1 and printed[0].startswith("This Excel could not ")


@pytest.mark.slow
def test_the_live_layer_has_a_path_for_what_lite_s_pinned_xlwings_lacks(tmp_path):
    """The scan of the xlwings the Lite template pins finds ``used_range`` and charts
    missing in its remote engine; the live layer has a path for all it lacks."""
    folder = install_xlwings(f"xlwings=={LITE_XLWINGS}", tmp_path)
    if isinstance(folder, str):
        pytest.skip(f"the package index cannot be reached: {folder}")
    scan = Scan(folder / "xlwings")
    assert scan.status("remote", ("Sheet", "used_range", "get")) == "missing"
    assert scan.status("remote", ("Sheet", "charts", "get")) == "missing"
    assert scan.status("remote", ("Range", "borders", "get")) == ABSENT
    _check_paths(scan)


def _leading_text_layout() -> SheetLayout:
    """ROMI by channel where the first channel has no spend: its ROMI is the text "–"."""
    values = [["Channel", "ROMI"], ["Email", "–"], ["VK", 2.5], ["Telegram", 1.5]]
    styles = [["header", "header"], ["label", "nodata"], ["label", "ratio"], ["label", "ratio"]]
    block = Block(0, 0, tuple(map(tuple, values)), tuple(map(tuple, styles)))
    chart = ChartSpec("bar", "ROMI", (1, 0, 3, 0), (("ROMI", (1, 1, 3, 1)),), (6, 0))
    return SheetLayout(SUMMARY, (block,), charts=(chart,))


def test_a_series_starting_with_text_keeps_its_points_in_place():
    """Excel's SetSourceData takes a leading text for the series' name and shifts the
    points: on Windows the writer gives the series its cells through COM; elsewhere it
    says the chart may be shifted."""
    book = FakeBook(app=FakeApp(engine="windows"))
    lacks = excel.write_layout(book, _leading_text_layout())
    (chart,) = book.sheets[SUMMARY].charts
    (series,) = chart.series
    assert series.fake_values.address == "$B$2:$B$4" and series.name == "ROMI"
    assert not lacks
    mac = FakeBook(app=FakeApp(engine="mac"))
    lacks = excel.write_layout(mac, _leading_text_layout())
    (series,) = mac.sheets[SUMMARY].charts[0].series
    assert series.fake_values.address == "$B$3:$B$4"  # what Excel does, and what is said
    assert "chart_values" in lacks.found
