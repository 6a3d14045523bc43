"""The live-workbook adapter against the xlwings stand-in in ``fake_xlwings``."""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import inspect
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import xl_kpi.excel as excel
from xl_kpi.excel import MARKER_NAME, read_tabs, refresh_book, show_error, write_layout
from xl_kpi.excel_styles import PROPERTIES
from xl_kpi.layout import (
    STYLES,
    ChartSpec,
    SheetLayout,
)
from xl_kpi.problems import say
from xl_kpi.tabs import read_tabs as read_raw_tabs

from . import fake_xlwings
from .fake_books import user_book
from .fake_xlwings import ACCESSED, CellError, FakeApp, FakeBook, FakeRange, Formula
from .layouts import SUMMARY, block, summary_layout

TRICKY_TEXT = (
    '=HYPERLINK("http://x")',
    "=1+1",
    "1 234",
    "1\u00a0234,50",
    "#N/A",
    "01.02",
    "2024-03-01",
    "TRUE",
    "12%",
    "+7",
    "-x",
    "1E5",
    "'quoted",
    " 42 ",
)


def _small_layout(name: str = SUMMARY) -> SheetLayout:
    return SheetLayout(
        name=name,
        blocks=(block(0, 0, [["Refreshed", 1.5]], [["title", "ratio"]]),),
        charts=(ChartSpec("column", "One", (0, 0, 0, 0), (("x", (0, 1, 0, 1)),), (3, 0)),),
    )


def _snapshot(sheet: Any) -> dict[tuple[int, int], Any]:
    used = sheet.used_range
    rows, cols = used.shape
    return {
        (r, c): copy.deepcopy(sheet.fake_cell(r, c))
        for r in range(used.row, used.row + rows)
        for c in range(used.column, used.column + cols)
    }


def _all_tabs(name: str) -> bool:
    return name != SUMMARY


# --- read_tabs -----------------------------------------------------------------------------


def test_read_tabs_contract() -> None:
    frame = read_tabs(user_book(), lambda name: name == "Orders")["Orders"]
    assert list(frame.columns) == ["date", "order_id", "revenue", "status", "paid"]
    assert len(frame) == 3  # Excel rows 2..4, the blank row 3 kept
    rows = [list(frame.iloc[i]) for i in range(3)]
    assert rows[0] == [dt.datetime(2024, 1, 5), "00123", 1500.0, "done", True]
    assert rows[1] == [None] * 5
    assert rows[2] == [dt.datetime(2024, 1, 7, 13, 30), "01.02", "1 234,50", None, False]
    assert type(rows[0][2]) is float and type(rows[0][0]) is dt.datetime
    assert all(dtype.kind == "O" for dtype in frame.dtypes)


def test_read_tabs_pads_a_used_range_that_starts_at_b3() -> None:
    frame = read_tabs(user_book(), lambda name: name == "Spend")["Spend"]
    assert list(frame.columns) == ["", "", ""]  # Excel row 1 is the header, blank here
    assert len(frame) == 3  # Excel rows 2..4
    assert list(frame.iloc[0]) == [None, None, None]
    assert list(frame.iloc[1]) == [None, "channel", "spend"]  # Excel row 3, columns A..C
    assert list(frame.iloc[2]) == [None, "VK", 100.5]


def test_read_tabs_headers_as_written_and_trailing_blanks_dropped() -> None:
    book = FakeBook(["Data"])
    sheet = book.sheets[0]
    sheet.range("A1").value = [["  name ", 2024, 1.5, None, dt.datetime(2024, 2, 1), True]]
    sheet.range("D2").value = 5
    sheet.range("J20").number_format = "0.00"  # formatted, empty: Excel counts it as used
    assert sheet.used_range.address == "$A$1:$J$20"
    frame = read_tabs(book, lambda name: True)["Data"]
    assert list(frame.columns) == ["  name ", "2024", "1.5", "", "", ""]
    assert frame.shape == (1, 6)
    assert frame.iat[0, 3] == 5.0


def test_read_tabs_filters_sheets_and_reads_each_once() -> None:
    book = user_book()
    book.sheets.add("Empty", after=book.sheets[-1])
    del book.app.fake_log[:]
    tabs = read_tabs(book, lambda name: name != "Notes")
    assert list(tabs) == ["Orders", "Spend", "Empty"]
    assert tabs["Empty"].shape == (0, 0)
    reads = [entry for entry in book.app.fake_log if entry[0] == "read"]
    assert [sheet for _, sheet, _ in reads] == ["Orders", "Spend", "Empty"]
    assert not [entry for entry in book.app.fake_log if entry[0] != "read"]


def test_an_export_pasted_below_a_title_reads_through_the_live_reader() -> None:
    book = FakeBook(["Spend - Google Ads", "Spend"])
    book.sheets[0].range("A1").value = [
        ["Campaign report", None, None],
        ["July 8, 2025 - July 31, 2025", None, None],
        ["Campaign", "Cost", "Impr."],
        ["Brand", 10.5, "1,200"],
        ["Generic", 4.5, 800],
        ["Total: Account", 15, "2,000"],
    ]
    book.sheets[1].range("B3").value = [["channel", "spend", "date"], ["VK", 100.5, "2025-07-09"]]
    spend = read_raw_tabs(read_tabs(book, lambda name: True))["Spend"]
    assert spend.frame["spend"].tolist() == [10.5, 4.5, 100.5]
    assert spend.frame["channel"].tolist() == ["Google Ads", "Google Ads", "VK"]
    assert spend.frame["row"].tolist() == [4, 5, 4]
    assert spend.frame["date"].dt.date.astype(str).tolist() == ["2025-07-08"] * 2 + ["2025-07-09"]
    said = [str(n) for n in spend.notes]
    assert "Spend - Google Ads, row 6: 'Total: Account' is a totals row: left out" in said
    assert "Spend: header found in row 3; the rows above it are not data" in said


# --- write_layout: values ------------------------------------------------------------------


def test_every_block_value_lands_where_the_layout_says() -> None:
    book = user_book()
    layout = summary_layout()
    write_layout(book, layout)
    sheet = book.sheets[SUMMARY]
    for row, col, value, _style in layout.cells():
        cell = sheet.range((row + 1, col + 1))
        stored = cell.value  # default options: an error would read as None
        if isinstance(value, str):
            assert stored == value and isinstance(sheet.fake_cell(row + 1, col + 1).value, str)
        elif isinstance(value, (int, float)):
            assert stored == float(value) and type(stored) is float
        else:
            assert stored == value
    assert sheet.range("B9").value is None  # padding of the ragged block row is blank
    assert sheet.range("B10").value == "ragged"


def test_one_value_assignment_per_block() -> None:
    book = user_book()
    del book.app.fake_log[:]
    layout = summary_layout()
    write_layout(book, layout)
    writes = [(sheet, address) for kind, sheet, address in book.app.fake_log if kind == "value"]
    assert writes == [
        (SUMMARY, "$A$1"),
        (SUMMARY, "$A$2:$C$2"),
        (SUMMARY, "$A$4:$E$7"),
        (SUMMARY, "$A$9:$B$10"),
        (SUMMARY, "$F$2"),  # the sparkline, as text
    ]
    assert len(writes) == len(layout.blocks) + len(layout.sparklines)


@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_text_stays_text(text: str) -> None:
    book = FakeBook()
    plain = book.sheets[0]
    plain.range("A1").value = text  # written raw, Excel turns it into something else
    assert plain.fake_cell(1, 1).value != text
    layout = SheetLayout(SUMMARY, (block(0, 0, [[text, "x"]], [["text", "money"]]),))
    write_layout(book, layout)
    cell = book.sheets[SUMMARY].range("A1")
    assert book.sheets[SUMMARY].fake_cell(1, 1).value == text
    assert cell.value == text
    assert cell.options(err_to_str=True, ndim=2).value == [[text]]


def test_the_fake_parses_strings_like_excel() -> None:
    sheet = FakeBook().sheets[0]
    sheet.range("A1").value = [['=HYPERLINK("http://x")', "1 234", "#N/A", "01.02", "'01.02"]]
    assert sheet.fake_cell(1, 1).value == Formula('=HYPERLINK("http://x")')
    assert sheet.range("B1").value == 1234.0
    assert sheet.fake_cell(1, 3).value == CellError("#N/A")
    assert sheet.range("C1").value is None
    assert sheet.range("C1").options(err_to_str=True).value == "#N/A"
    assert isinstance(sheet.range("D1").value, dt.datetime)
    assert sheet.range("E1").value == "01.02"
    sheet.range("F1").number_format = "@"
    sheet.range("F1").value = "=1+1"
    assert sheet.range("F1").value == "=1+1"


def test_empty_text_is_a_blank_cell() -> None:
    book = FakeBook()
    write_layout(book, SheetLayout(SUMMARY, (block(0, 0, [["", "a"]], [[None, None]]),)))
    assert book.sheets[SUMMARY].range("A1:B1").value == [None, "a"]


# --- write_layout: styles, widths, charts, panes -------------------------------------------


def test_styles_number_formats_and_widths() -> None:
    book = user_book()
    del book.app.fake_log[:]
    write_layout(book, summary_layout())
    sheet = book.sheets[SUMMARY]
    title = sheet.range("A1")
    assert title.font.bold and title.font.size == 16
    subtitle = sheet.range("A2:C2")
    assert subtitle.font.italic and subtitle.font.color == (0x59, 0x59, 0x59)
    header = sheet.range("A4:E4")
    assert header.font.bold and header.color == (0xDD, 0xEB, 0xF7)
    assert header.wrap_text and header.horizontal_alignment == "center"
    assert sheet.range("B5:C7").number_format == "#,##0.00"
    assert sheet.range("D5:D6").number_format == "0.0%"
    nodata = sheet.range("D7")
    assert nodata.font.italic and nodata.horizontal_alignment == "right"
    assert nodata.number_format == "General"
    for row in range(4, 8):
        for col in range(1, 6):
            assert sheet.fake_cell(row, col).borders == {
                side: ("continuous", "thin", (0, 0, 0))
                for side in ("top", "bottom", "left", "right")
            }
    plain = sheet.fake_cell(10, 2)  # style None
    assert not plain.bold and plain.fill is None and not plain.borders
    assert [sheet.range((1, c)).column_width for c in range(1, 7)] == [18, 12, 12, 12, 30, 8.43]
    formats = [entry for entry in book.app.fake_log if entry[0] == "format"]
    assert sum("column_width" in detail for _, _, detail in formats) == 3  # B:D share a call
    styled = sum(
        len(STYLES[style]) for _r, _c, _v, style in summary_layout().cells() if style is not None
    )
    assert len(formats) < styled / 2  # grouped into rectangles, not cell by cell


def test_every_style_property_is_applied() -> None:
    keys = {key for style in STYLES.values() for key in style}
    assert keys <= set(PROPERTIES)


def test_charts_have_the_right_source_ranges() -> None:
    book = user_book()
    layout = summary_layout()
    write_layout(book, layout)
    sheet = book.sheets[SUMMARY]
    charts = list(sheet.charts)
    assert len(charts) == 3
    column, line, bar = charts
    assert [c.chart_type for c in charts] == ["column_clustered", "line", "bar_clustered"]
    assert [c.title for c in charts] == ["ROMI by channel", "Revenue and spend", "Revenue and ROMI"]
    assert column.fake_source.address == "$D$5:$D$7,$C$5:$C$7"  # ROMI, and its target line
    assert line.fake_source.address == "$B$5:$C$7"
    assert bar.fake_source.address == "$B$5:$B$7,$D$5:$D$7"
    for chart, spec in zip(charts, layout.charts):
        every = [*spec.series, *spec.lines]  # xlwings draws lines as series of the chart's kind
        assert chart.plot_by == "columns"
        assert [s.name for s in chart.series] == [name for name, _ in every]
        for series, (_name, (r0, c0, r1, c1)) in zip(chart.series, every, strict=True):
            assert (
                series.fake_values.address
                == sheet.range((r0 + 1, c0 + 1), (r1 + 1, c1 + 1)).address
            )
            assert series.fake_x_values.address == "$A$5:$A$7"
        anchor = sheet.range((spec.anchor[0] + 1, spec.anchor[1] + 1))
        assert (chart.left, chart.top) == (anchor.left, anchor.top)
        assert (chart.width, chart.height) == (spec.size[0] * 0.75, spec.size[1] * 0.75)
    assert line.value_axis.number_format == "#,##0"
    assert column.value_axis.number_format == "General"


def test_series_along_rows() -> None:
    book = FakeBook()
    layout = SheetLayout(
        SUMMARY,
        (block(0, 0, [["", "Jan", "Feb"], ["Sales", 1, 2], ["Cost", 3, 4]], [[None] * 3] * 3),),
        charts=(
            ChartSpec(
                "line", "", (0, 1, 0, 2), (("Sales", (1, 1, 1, 2)), ("Cost", (2, 1, 2, 2))), (4, 0)
            ),
        ),
    )
    write_layout(book, layout)
    (chart,) = book.sheets[SUMMARY].charts
    assert chart.plot_by == "rows" and chart.fake_source.address == "$B$2:$C$3"
    assert [s.fake_values.address for s in chart.series] == ["$B$2:$C$2", "$B$3:$C$3"]
    assert chart.title is None


@pytest.mark.parametrize("engine", ["windows", "remote", "mac"])
def test_freeze_panes_where_the_engine_allows(engine: str) -> None:
    book = user_book(FakeApp(engine=engine))
    write_layout(book, summary_layout())
    sheet = book.sheets[SUMMARY]
    assert sheet.fake_frozen == (None if engine == "mac" else (4, 1))
    assert book.app.screen_updating


def test_older_xlwings_without_borders_still_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(FakeRange, "borders")
    book = FakeBook()
    write_layout(book, summary_layout())
    assert book.sheets[SUMMARY].range("A5").value == "VK"
    assert not book.sheets[SUMMARY].fake_cell(5, 1).borders


# --- the summary sheet ---------------------------------------------------------------------


def test_new_summary_is_added_last_and_marked_with_a_hidden_name() -> None:
    book = user_book()
    book.sheets["Orders"].activate()
    write_layout(book, summary_layout())
    assert book.sheet_names == ["Orders", "Spend", "Notes", SUMMARY]
    sheet = book.sheets[SUMMARY]
    (marker,) = sheet.names
    assert marker.name == f"'{SUMMARY}'!{MARKER_NAME}"
    assert marker.refers_to == f"='{SUMMARY}'!$A$1"
    assert marker.api.Visible is False
    assert [n.name for n in book.names] == [marker.name]
    assert all(len(book.sheets[n].names) == 0 for n in ("Orders", "Spend", "Notes"))


def test_refreshing_twice_replaces_the_summary_and_leaves_other_sheets_alone() -> None:
    book = user_book()
    others = {name: _snapshot(book.sheets[name]) for name in ("Orders", "Spend", "Notes")}
    write_layout(book, summary_layout())
    first = book.sheets[SUMMARY]
    write_layout(book, summary_layout())
    assert book.sheets[SUMMARY] is first
    assert len(first.charts) == 3 and len(first.names) == 1
    write_layout(book, _small_layout())
    assert book.sheet_names == ["Orders", "Spend", "Notes", SUMMARY]
    assert book.sheets[SUMMARY] is first
    assert [chart.title for chart in first.charts] == ["One"]
    assert first.used_range.address == "$A$1:$B$1"
    assert first.range("A5").value is None and first.fake_cell(4, 1).bold is False
    assert first.range("B1").number_format == "0.0%"
    for name, cells in others.items():
        assert _snapshot(book.sheets[name]) == cells
    assert book.sheets["Notes"].fake_cell(1, 2).value == Formula("=1+1")


def test_a_users_sheet_named_like_the_summary_is_refused() -> None:
    book = user_book()
    book.sheets.add(SUMMARY.upper(), after=book.sheets[-1])
    book.sheets[SUMMARY].range("A1").value = "mine"
    before = {name: _snapshot(book.sheets[name]) for name in book.sheet_names}
    del book.app.fake_log[:]
    with pytest.raises(ValueError) as caught:
        write_layout(book, summary_layout())
    assert str(caught.value) == (
        f'The workbook already has a sheet named "{SUMMARY.upper()}" that xl-kpi did not '
        "create. Rename or delete that sheet, then refresh again."
    )
    assert {name: _snapshot(book.sheets[name]) for name in book.sheet_names} == before
    assert book.app.fake_log == []
    assert len(book.names) == 0


def test_a_renamed_summary_is_found_and_keeps_its_name() -> None:
    book = user_book()
    write_layout(book, summary_layout())
    summary = book.sheets[SUMMARY]
    summary.name = "My KPIs"
    assert summary.names[0].refers_to == "='My KPIs'!$A$1"
    write_layout(book, _small_layout())
    assert summary.name == "My KPIs" and len(book.sheets) == 4
    assert summary.range("A1").value == "Refreshed"
    book.sheets.add(SUMMARY, after=book.sheets[-1])  # a sheet of the user's with that name
    write_layout(book, _small_layout())
    assert summary.range("A1").value == "Refreshed"
    assert book.sheets[SUMMARY].used_range.value is None


def _copied_summary(app: FakeApp | None = None) -> FakeBook:
    """A summary and a copy of it made with Move or Copy: both carry the marker."""
    book = FakeBook(["Data", "Snapshot Jan", SUMMARY], app=app)
    for name in ("Snapshot Jan", SUMMARY):
        book.sheets[name].names.add(MARKER_NAME, f"='{name}'!$A$1")
        book.sheets[name].range("A1").value = f"kept: {name}"
    del book.app.fake_log[:]
    return book


def test_copies_of_the_summary_are_refused_by_name_as_the_file_writer_refuses() -> None:
    book = _copied_summary()
    before = {name: _snapshot(book.sheets[name]) for name in book.sheet_names}
    with pytest.raises(ValueError) as caught:
        write_layout(book, _small_layout())
    # the file writer's words (tests/test_hostile_files.py), then what to do in Excel
    assert str(caught.value) == (
        "The workbook has 2 KPI summary sheets: 'Snapshot Jan' and 'KPI summary' (a copy made "
        "with Move or Copy keeps the summary's hidden mark). Delete the copies you do not need "
        "(copy their contents to a new sheet first to keep them), then refresh again."
    )
    assert say(caught.value, "ru").startswith(
        "В книге 2 листа сводки KPI: 'Snapshot Jan' и 'KPI summary' (копия"
    )
    assert {name: _snapshot(book.sheets[name]) for name in book.sheet_names} == before
    assert book.app.fake_log == []
    book.sheets["Snapshot Jan"].delete()  # what the message asks: the copy goes
    write_layout(book, _small_layout())
    assert book.sheets[SUMMARY].range("A1").value == "Refreshed"


def test_show_error_writes_into_no_copy_of_the_summary() -> None:
    book = _copied_summary(FakeApp(alerts=False))
    with pytest.raises(RuntimeError, match="cannot read Orders"):
        show_error(book, "cannot read Orders")
    assert [book.sheets[n].range("A1").value for n in ("Snapshot Jan", SUMMARY)] == [
        "kept: Snapshot Jan",
        f"kept: {SUMMARY}",
    ]


def test_an_invalid_layout_changes_nothing() -> None:
    book = user_book()
    bad = SheetLayout(SUMMARY, (block(0, 0, [["x"]], [["no such style"]]),))
    with pytest.raises(ValueError, match="unknown style"):
        write_layout(book, bad)
    chart = ChartSpec("pie", "", (0, 0, 0, 0), (("x", (0, 0, 1, 1)),), (0, 0))
    with pytest.raises(ValueError, match="unknown kind"):
        write_layout(book, SheetLayout(SUMMARY, (), charts=(chart,)))
    mixed = ChartSpec("line", "", (0, 0, 0, 0), (("a", (0, 0, 0, 2)), ("b", (0, 0, 2, 0))), (0, 0))
    with pytest.raises(ValueError, match="mixes series"):
        write_layout(book, SheetLayout(SUMMARY, (), charts=(mixed,)))
    assert book.sheet_names == ["Orders", "Spend", "Notes"]


def test_the_marker_is_the_file_writers() -> None:
    splice = pytest.importorskip("xl_kpi.files.splice")
    assert MARKER_NAME == splice.MARKER_NAME


def test_screen_updating_comes_back_after_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError("chart failed")

    monkeypatch.setattr(excel, "draw", broken)
    book = user_book()
    with pytest.raises(RuntimeError):
        write_layout(book, summary_layout())
    assert book.app.screen_updating is True


# --- refresh_book and show_error -----------------------------------------------------------


def test_refresh_book_reads_builds_and_writes() -> None:
    book = user_book()
    write_layout(book, _small_layout())  # an earlier summary is not an input tab
    seen: dict[str, pd.DataFrame] = {}

    def build(tabs: dict[str, pd.DataFrame]) -> SheetLayout:
        seen.update(tabs)
        revenue = tabs["Orders"]["revenue"].iloc[0]
        return SheetLayout(SUMMARY, (block(0, 0, [["Revenue", revenue]], [["label", "money"]]),))

    layout = refresh_book(book, build, _all_tabs)
    assert list(seen) == ["Orders", "Spend", "Notes"]
    assert layout.blocks[0].values == (("Revenue", 1500.0),)
    assert book.sheets[SUMMARY].range("A1:B1").value == ["Revenue", 1500.0]
    assert len(book.sheets[SUMMARY].charts) == 0


def test_show_error_opens_a_message_box() -> None:
    book = user_book()
    show_error(book, "Orders: the column 'revenue' is missing.")
    assert book.app.fake_alerts == [
        {
            "prompt": "Orders: the column 'revenue' is missing.",
            "title": "xl-kpi",
            "mode": "critical",
        }
    ]


def test_show_error_falls_back_to_a1_of_the_summary() -> None:
    book = user_book(FakeApp(alerts=False))
    write_layout(book, _small_layout())
    show_error(book, "=cannot read Orders")
    assert book.sheets[SUMMARY].range("A1").value == "=cannot read Orders"
    assert book.sheets["Orders"].range("A1").value == "date"


def test_show_error_without_a_summary_raises() -> None:
    book = user_book(FakeApp(alerts=False))
    with pytest.raises(RuntimeError, match="cannot read Orders"):
        show_error(book, "cannot read Orders")


# --- the stand-in against real xlwings -----------------------------------------------------


def _real(fake_class: type) -> type:
    module, _, name = fake_class._mirrors.rpartition(".")
    return getattr(importlib.import_module(module), name)


_FAKES = [
    cls
    for cls in vars(fake_xlwings).values()
    if isinstance(cls, type) and issubclass(cls, fake_xlwings._Mirror) and cls._mirrors
]


@pytest.mark.parametrize("fake_class", _FAKES, ids=lambda cls: cls.__name__)
def test_the_fake_offers_only_real_api(fake_class: type) -> None:
    real = _real(fake_class)
    public = [n for n in dir(fake_class) if not n.startswith(("_", "fake_"))]
    assert [n for n in public if not hasattr(real, n)] == []
    for dunder in ("__iter__", "__len__", "__getitem__", "__call__", "__contains__"):
        if dunder in vars(fake_class):
            assert hasattr(real, dunder), f"{real.__name__} has no {dunder}"


@pytest.mark.parametrize(
    ("fake_class", "method"),
    [
        (fake_xlwings.FakeSheets, "add"),
        (fake_xlwings.FakeSheet, "range"),
        (fake_xlwings.FakeRange, "options"),
        (fake_xlwings.FakeCharts, "add"),
        (fake_xlwings.FakeChart, "set_source_data"),
        (fake_xlwings.FakeChart, "set_x_axis_values"),
        (fake_xlwings.FakeNames, "add"),
        (fake_xlwings.FakeApp, "alert"),
        (fake_xlwings.FakeBorders, "set"),
        (fake_xlwings.FakeFreezePanes, "freeze_at"),
    ],
)
def test_the_fake_has_the_real_signatures(fake_class: type, method: str) -> None:
    def shape(func: Any) -> list[tuple[str, Any, Any]]:
        params = inspect.signature(func).parameters.values()
        plain = (type(None), bool, int, float, str)
        return [
            (p.name, p.kind, p.default if isinstance(p.default, plain) else "<object>")
            for p in params
        ]

    assert shape(getattr(fake_class, method)) == shape(getattr(_real(fake_class), method))


def test_the_adapter_uses_only_real_api() -> None:
    ACCESSED.clear()
    for engine in ("windows", "remote", "mac"):
        book = user_book(FakeApp(engine=engine))
        refresh_book(book, lambda tabs: summary_layout(), _all_tabs)
        book.sheets[SUMMARY].name = "Renamed"
        write_layout(book, summary_layout())
        show_error(book, "shown")
        no_box = user_book(FakeApp(engine=engine, alerts=False))
        write_layout(no_box, _small_layout())
        show_error(no_box, "written")
    used = sorted(ACCESSED)
    assert ("FakeRange", "value") in used and ("FakeChart", "set_source_data") in used
    assert ("FakeConditionalFormats", "add_color_scale") in used
    assert ("FakePageSetup", "print_area") in used
    reals = {cls.__name__: _real(cls) for cls in _FAKES}
    missing = [(name, attr) for name, attr in used if not hasattr(reals[name], attr)]
    assert missing == []


def test_no_commercial_xlwings_modules() -> None:
    for path in (Path(excel.__file__), Path(fake_xlwings.__file__), Path(__file__)):
        source = path.read_text(encoding="utf-8")
        assert "xlwings" + ".pro" not in source and "xlwings" + ".server" not in source


def test_a_large_tab_is_read_in_calls_of_at_most_100_000_cells() -> None:
    """On a Mac a read is one Apple Event, whose reply has a size cap in bytes: a tab of
    long texts is read in chunks of rows, and the frame is the same as in one read."""
    book = FakeBook(["Orders"])
    text = "a long product description, " * 4
    rows = [["order_id", "channel", "note"]] + [
        [float(i), f"'{i % 7}", text + str(i)] for i in range(1, 40_001)
    ]
    book.sheets["Orders"].range("A1").value = rows
    del book.app.fake_log[:]
    frame = read_tabs(book, lambda name: True)["Orders"]
    reads = [address for kind, _, address in book.app.fake_log if kind == "read"]
    assert len(reads) == 2 and reads[0] == "$A$1:$C$33333"
    assert frame.shape == (40_000, 3) and frame.iat[39_999, 2] == text + "40000"
    assert frame.iat[0, 1] == "1"
