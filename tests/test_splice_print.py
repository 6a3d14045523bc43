"""The splice and what makes the summary read and print: its sparklines and conditional
formats stay in the summary's own part, and its print area and titles go into the
workbook's names for that sheet only, replaced in place by the next refresh."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl

from xl_kpi.files.render import render_donor
from xl_kpi.files.splice import splice_sheet
from xl_kpi.layout import Block, ColorScale, PageSetup, SheetLayout, Sparkline

from .xlsx_parts import (
    build_openpyxl_target,
    build_xlsxwriter_target,
    defined_names,
    edit,
    names,
    raw_members,
    read,
    rewrite_zip,
    sheet_part,
    sheets,
)

SUMMARY = "KPI Summary"
PRINT_NAMES = {"_xlnm.Print_Area", "_xlnm.Print_Titles"}


def layout(rows: int = 4, page: bool = True) -> SheetLayout:
    values = tuple((f"KPI {i}", None, float(i), float(2 * i), float(i * i)) for i in range(rows))
    styles = (("label", "text", "money", "money", "money"),) * rows
    return SheetLayout(
        SUMMARY,
        (Block(0, 0, (("Title",),), (("title",),)), Block(2, 0, values, styles)),
        sparklines=tuple(Sparkline((2 + i, 1), (2 + i, 2, 2 + i, 4)) for i in range(rows)),
        color_scales=(ColorScale((2, 2, 1 + rows, 4)),),
        page=PageSetup((0, 0, 1 + rows, 4), repeat_rows=(0, 0), breaks=(3,)) if page else None,
    )


def splice(target: Path, out: Path, donor: SheetLayout | None = None) -> Path:
    splice_sheet(target, render_donor(donor or layout()), out, SUMMARY)
    return out


def print_names(path: Path) -> list[dict[str, str | None]]:
    return [d for d in defined_names(path) if d["name"] in PRINT_NAMES]


def test_sparklines_and_colour_scales_live_only_in_the_summary_part(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    out = splice(target, tmp_path / "out.xlsx")
    part = sheet_part(out, SUMMARY)
    xml = read(out, part)
    assert xml.count("<x14:sparkline>") == 4 and "<x14:sparklineGroups" in xml
    assert "'KPI Summary'!C3:E3" in xml  # each sparkline reads its own row
    assert '<conditionalFormatting sqref="C3:E6"><cfRule type="colorScale"' in xml
    for name in names(out):
        if name != part and name.endswith(".xml") and name not in ("xl/workbook.xml",):
            text = read(out, name)
            assert "sparkline" not in text and "colorScale" not in text, name


def test_the_print_area_and_titles_are_the_summarys_names(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    out = splice(target, tmp_path / "out.xlsx")
    index = str(len(sheets(target)))
    assert print_names(out) == [
        {"name": "_xlnm.Print_Area", "localSheetId": index, "text": "'KPI Summary'!$A$1:$E$6"},
        {"name": "_xlnm.Print_Titles", "localSheetId": index, "text": "'KPI Summary'!$1:$1"},
    ]
    sheet = openpyxl.load_workbook(out)[SUMMARY]
    assert sheet.print_area == "'KPI Summary'!$A$1:$E$6" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert [b.id for b in sheet.row_breaks.brk] == [3]


def test_a_refresh_replaces_the_print_names_in_place(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    once = splice(target, tmp_path / "once.xlsx")
    taller = splice(once, tmp_path / "taller.xlsx", layout(rows=9))
    assert [d["text"] for d in print_names(taller)] == [
        "'KPI Summary'!$A$1:$E$11",
        "'KPI Summary'!$1:$1",
    ]
    before = read(once, "xl/workbook.xml")
    after = read(taller, "xl/workbook.xml")
    assert after == before.replace("$A$1:$E$6", "$A$1:$E$11")  # nothing else moves
    again = splice(taller, tmp_path / "again.xlsx")
    assert raw_members(again) == raw_members(once)  # refreshing twice is refreshing once


def test_a_summary_without_page_setup_drops_its_print_names(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    once = splice(target, tmp_path / "once.xlsx")
    plain = splice(once, tmp_path / "plain.xlsx", layout(page=False))
    assert print_names(plain) == []
    assert defined_names(plain) == [d for d in defined_names(once) if d["name"] not in PRINT_NAMES]


def test_a_users_print_area_elsewhere_is_left_alone(tmp_path: Path) -> None:
    target = build_openpyxl_target(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(target)
    wb["Data"].print_area = "A1:B5"
    wb.save(target)
    mine = [d for d in print_names(target)]
    once = splice(target, tmp_path / "once.xlsx")
    twice = splice(once, tmp_path / "twice.xlsx", layout(rows=2))
    for out in (once, twice):
        assert [d for d in print_names(out) if d["localSheetId"] != "2"] == mine
    assert len(print_names(twice)) == 3


def test_a_renamed_summary_keeps_its_name_in_print_names_and_sparklines(tmp_path: Path) -> None:
    once = splice(build_xlsxwriter_target(tmp_path / "t.xlsx"), tmp_path / "once.xlsx")
    wb = edit(once, "xl/workbook.xml", f'name="{SUMMARY}"', 'name="Board pack"')
    wb = wb.replace(f"'{SUMMARY}'!".encode(), b"'Board pack'!")
    renamed = rewrite_zip(once, tmp_path / "renamed.xlsx", {"xl/workbook.xml": wb}, {})
    out = splice(renamed, tmp_path / "out.xlsx", layout(rows=5))
    assert [d["text"] for d in print_names(out)] == [
        "'Board pack'!$A$1:$E$7",
        "'Board pack'!$1:$1",
    ]
    xml = read(out, sheet_part(out, "Board pack"))
    refs = re.findall(r"<xm:f>([^<]*)</xm:f>", xml)
    assert len(refs) == 5 and all(r.startswith("'Board pack'!") for r in refs)
