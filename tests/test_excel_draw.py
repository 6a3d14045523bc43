"""What the live writer draws besides cells, engine by engine: text sparklines, colour
scales, printing; and that it matches the file writer wherever xlwings reaches."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from xl_kpi.excel import write_layout
from xl_kpi.excel_draw import blend
from xl_kpi.files.render import render_donor
from xl_kpi.layout import COLORS, ColorScale, SheetLayout
from xl_kpi.sample import sample_tables
from xl_kpi.summary import build_summary

from .fake_books import user_book
from .fake_xlwings import FakeApp, FakeBook, FakeRange
from .layouts import SUMMARY, block, summary_layout

INK = (0x1F, 0x4E, 0x78)
WHITE, BLUE = (255, 255, 255), (0x5B, 0x9B, 0xD5)


@pytest.mark.parametrize("engine", ["windows", "remote", "mac"])
def test_a_sparkline_becomes_a_text_sparkline_in_the_ink_colour(engine: str) -> None:
    book = user_book(FakeApp(engine=engine))
    write_layout(book, summary_layout())
    sheet = book.sheets[SUMMARY]
    # VK's revenue, spend and ROMI: 1000, 250 and 3, scaled from the smallest to the largest
    assert sheet.range("F2").value == "█▃▁"
    assert isinstance(sheet.fake_cell(2, 6).value, str)
    assert sheet.range("F2").font.color == INK
    # native sparklines a headless refresh left are removed where COM reaches
    assert sheet.fake_sparklines_cleared == (1 if engine == "windows" else 0)


def test_a_colour_scale_is_native_and_replaced_on_the_next_refresh() -> None:
    book = user_book()
    write_layout(book, summary_layout())
    write_layout(book, summary_layout())
    sheet = book.sheets[SUMMARY]
    assert sheet.fake_color_scales == [("$B$5:$C$7", (WHITE, BLUE))]
    assert sheet.range("B5").color is None  # the scale colours it, not a fill


def test_without_conditional_formats_a_colour_scale_becomes_fills(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(FakeRange, "conditional_formats")  # an xlwings before 0.37.5
    book = user_book()
    write_layout(book, summary_layout())
    sheet = book.sheets[SUMMARY]
    # B5:C7 holds 1000, 250 / 800, 200 / 0, 0: the largest gets the scale's top colour
    assert sheet.range("B5").color == BLUE
    assert sheet.range("B7").color == WHITE and sheet.range("C7").color == WHITE
    quarter = sheet.range("C5").color  # 250: a quarter of the way
    assert all(w > q > b for w, q, b in zip(WHITE, quarter, BLUE))
    assert quarter == tuple(
        int(blend("#FFFFFF", "#5B9BD5", 0.25)[i : i + 2], 16) for i in (1, 3, 5)
    )


def test_blend_runs_from_the_low_to_the_high_colour() -> None:
    assert blend(COLORS["scale_low"], COLORS["scale_high"], 0.5) == "#ADCDEA"


@pytest.mark.parametrize("engine", ["windows", "remote", "mac"])
def test_printing_where_the_engine_reaches(engine: str) -> None:
    book = user_book(FakeApp(engine=engine))
    write_layout(book, summary_layout())
    setup, breaks, area = book.sheets[SUMMARY].fake_page
    assert area == "$A$1:$E$10"  # xlwings' own API: every engine
    if engine != "windows":
        assert setup is None and breaks == []
        return
    assert (setup.Orientation, setup.Zoom, setup.FitToPagesWide, setup.FitToPagesTall) == (
        2,
        False,
        1,
        False,
    )
    assert setup.PrintTitleRows == "$1:$2"
    assert setup.CenterFooter == "Page &P of &N"
    assert breaks == [9]  # row 9 starts a page
    write_layout(book, summary_layout())  # the breaks are reset, not added twice
    assert book.sheets[SUMMARY].fake_page[1] == [9]


def test_a_layout_without_page_setup_leaves_printing_alone() -> None:
    book = FakeBook()
    write_layout(book, SheetLayout(SUMMARY, (block(0, 0, [["x"]], [["title"]]),)))
    setup, breaks, area = book.sheets[SUMMARY].fake_page
    assert area is None and breaks == [] and setup.Orientation == 1


def test_the_live_writer_prints_as_the_file_writer() -> None:
    layout = summary_layout()
    book = user_book(FakeApp(engine="windows"))
    write_layout(book, layout)
    setup, breaks, area = book.sheets[SUMMARY].fake_page
    with pytest.warns(UserWarning, match="Sparkline"):  # openpyxl drops what it cannot read
        sheet = openpyxl.load_workbook(io.BytesIO(render_donor(layout)))[SUMMARY]
    assert sheet.print_area == f"'{SUMMARY}'!{area}"
    assert sheet.print_title_rows == setup.PrintTitleRows
    assert sheet.page_setup.orientation == "landscape" and setup.Orientation == 2
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth or 1) == setup.FitToPagesWide == 1  # 1: the default
    assert sheet.page_setup.fitToHeight == 0 and setup.FitToPagesTall is False
    assert [b.id for b in sheet.row_breaks.brk] == [r - 1 for r in breaks]
    assert sheet.oddFooter.center.text == setup.CenterFooter
    (scale,) = sheet.conditional_formatting
    assert str(scale.sqref) == "B5:C7" and book.sheets[SUMMARY].fake_color_scales[0][0] == (
        "$B$5:$C$7"
    )


def test_an_empty_colour_scale_area_is_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(FakeRange, "conditional_formats")
    book = FakeBook()
    layout = SheetLayout(
        SUMMARY,
        (block(0, 0, [["text", None, dt.datetime(2025, 1, 1)]], [["text", None, None]]),),
        color_scales=(ColorScale((0, 0, 0, 2)),),
    )
    write_layout(book, layout)
    assert book.sheets[SUMMARY].range("A1").color is None


def test_the_summarys_text_sparklines_are_one_write() -> None:
    _, layout = build_summary(sample_tables(orders=300, seed=2), refreshed=dt.datetime(2026, 1, 1))
    book = FakeBook()
    write_layout(book, layout)
    rows = sorted(s.cell[0] for s in layout.sparklines if s.cell[1] == 1)  # the scorecard's
    assert rows == list(range(rows[0], rows[0] + len(rows))) and len(rows) > 20
    column_b = [
        address
        for kind, _sheet, address in book.app.fake_log
        if kind == "value" and address.startswith("$B$")
    ]
    assert column_b == [f"$B${rows[0] + 1}:$B${rows[-1] + 1}"]
    sheet = book.sheets[layout.name]
    assert all(sheet.range((r + 1, 2)).font.color == INK for r in rows)
