"""Tests of rendering a sheet layout and splicing it into a workbook."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from xl_kpi.excelfacts import DATE_FORMAT, DATETIME_FORMAT
from xl_kpi.files import save, splice
from xl_kpi.files.new import write_workbook
from xl_kpi.files.render import render_donor, write_summary
from xl_kpi.layout import STYLES, Block, ColorScale, PageSetup, SheetLayout, Sparkline
from xl_kpi.sample import sample_tables
from xl_kpi.schema import TABS
from xl_kpi.summary import refresh_button

from .layouts import FORMULA_TEXT, SUMMARY, make_layout

# Parts a splice edits; every other member of the workbook must stay byte-identical.
EDITED = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}


@pytest.fixture(scope="module")
def donor() -> bytes:
    return render_donor(make_layout())


@pytest.fixture(scope="module")
def raw_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("render") / "raw.xlsx"
    return write_workbook(path, sample_tables(orders=300))


def cell_xml(xml: str, ref: str) -> str:
    found = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml)
    assert found, ref
    return found.group(0)


def sheet_xml(data: bytes, sheet_name: str) -> str:
    """The worksheet XML of ``sheet_name`` in the workbook ``data``."""
    index = openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames.index(sheet_name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = sorted(
            (n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
            key=lambda n: int(re.findall(r"\d+", n)[0]),
        )
        return archive.read(sheets[index]).decode()


def test_donor_cells_and_styles(donor: bytes) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(donor))
    assert workbook.sheetnames == [SUMMARY]
    sheet = workbook[SUMMARY]
    assert sheet["A1"].value == "KPI summary"
    assert sheet["A1"].font.b and sheet["A1"].font.sz == STYLES["title"]["font_size"]
    assert sheet["A3"].value == "Month" and sheet["A3"].font.b
    assert sheet["A3"].fill.fgColor.rgb.endswith("DDEBF7") and sheet["A3"].alignment.wrap_text
    assert [sheet[f"B{r}"].value for r in (4, 5, 6)] == [1234.5, 2345.25, 3000]
    assert sheet["B4"].number_format == STYLES["money"]["num_format"]
    assert sheet["C4"].number_format == STYLES["ratio"]["num_format"]
    assert sheet["C5"].value is None  # NaN: a blank that keeps its style
    assert sheet["C5"].number_format == STYLES["ratio"]["num_format"]
    assert sheet["C5"].border.left.style == "thin"
    assert sheet["D8"].value is None and sheet["D8"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["G8"].value is None and sheet["G8"].border.left.style == "thin"  # inf
    assert sheet["E8"].value == dt.datetime(2025, 1, 31)
    assert sheet["E8"].number_format == DATE_FORMAT
    assert sheet["F8"].number_format == DATETIME_FORMAT
    assert sheet["F8"].font.color.rgb.endswith("006100")  # the "good" style is kept too
    assert sheet.freeze_panes == "B4"
    assert sheet.column_dimensions["A"].width == pytest.approx(20, abs=1)
    assert sheet.column_dimensions["B"].width == pytest.approx(14, abs=1)


def test_text_stays_text(donor: bytes) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(donor))[SUMMARY]
    xml = sheet_xml(donor, SUMMARY)
    for ref, value in (("A8", FORMULA_TEXT), ("B8", "#N/A"), ("C8", "1 234")):
        cell = cell_xml(xml, ref)
        assert 't="s"' in cell and "<f>" not in cell, cell
        assert sheet[ref].value == value and sheet[ref].data_type == "s"
    assert "<f>" not in xml and b"hyperlink" not in donor.lower()


def test_charts(donor: bytes) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(donor))[SUMMARY]
    assert len(sheet._charts) == 3
    with zipfile.ZipFile(io.BytesIO(donor)) as archive:
        charts = [archive.read(f"xl/charts/chart{k}.xml").decode() for k in (1, 2, 3)]
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    column, bar, line = charts
    assert "<c:barChart>" in column and '<c:barDir val="col"/>' in column
    assert '<c:barDir val="bar"/>' in bar and "<c:lineChart>" in line
    assert "'KPI summary'!$B$4:$B$6" in column and "'KPI summary'!$A$4:$A$6" in column
    assert "Revenue" in column and re.search(r"<c:valAx>.*formatCode=\"#,##0\"", column, re.S)
    assert re.search(r"<c:valAx>.*formatCode=\"0%\"", bar, re.S)  # bars: values run across
    assert line.count("<c:ser>") == 2
    anchors = re.findall(r"<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>", drawing)
    assert anchors == [("0", "10"), ("8", "10"), ("0", "26")]


def _reading_layout() -> SheetLayout:
    """The three months of make_layout with a sparkline per KPI, a colour scale, a target
    line, a button and a page setup."""
    base = make_layout()
    column = base.charts[0]
    return replace(
        base,
        charts=(replace(column, lines=(("Target", (3, 2, 5, 2)),), labels=True), base.charts[1]),
        sparklines=(Sparkline((1, 3), (3, 1, 5, 1)), Sparkline((2, 3), (3, 2, 5, 2))),
        color_scales=(ColorScale((3, 1, 5, 1)),),
        buttons=(refresh_button("classic"),),
        page=PageSetup((0, 0, 8, 6), repeat_rows=(0, 1), breaks=(7,), footer="Page &P of &N"),
    )


def test_sparklines_colour_scale_and_page_setup_are_native() -> None:
    donor = render_donor(_reading_layout())
    xml = sheet_xml(donor, SUMMARY)
    group = re.search(r"<x14:sparklineGroup [^>]*>", xml).group(0)
    assert 'type="column"' in group and 'negative="1"' in group
    assert re.findall(r"<xm:f>([^<]*)</xm:f><xm:sqref>([^<]*)</xm:sqref>", xml) == [
        ("'KPI summary'!B4:B6", "D2"),
        ("'KPI summary'!C4:C6", "D3"),
    ]
    assert '<conditionalFormatting sqref="B4:B6"><cfRule type="colorScale"' in xml
    assert (
        '<cfvo type="min" val="0"/><cfvo type="max" val="0"/>'
        '<color rgb="FFFFFFFF"/><color rgb="FF5B9BD5"/>' in xml
    )
    assert '<pageSetUpPr fitToPage="1"/>' in xml
    assert '<pageSetup fitToHeight="0" orientation="landscape"/>' in xml
    assert '<rowBreaks count="1" manualBreakCount="1"><brk id="7"' in xml
    assert "<oddFooter>&amp;CPage &amp;P of &amp;N</oddFooter>" in xml
    with zipfile.ZipFile(io.BytesIO(donor)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        chart = archive.read("xl/charts/chart1.xml").decode()
        bar = archive.read("xl/charts/chart2.xml").decode()
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    assert '_xlnm.Print_Area" localSheetId="0">\'KPI summary\'!$A$1:$G$9<' in workbook
    assert '_xlnm.Print_Titles" localSheetId="0">\'KPI summary\'!$1:$2<' in workbook
    # the target is a dashed line over the columns, and the columns carry their values
    assert "<c:barChart>" in chart and "<c:lineChart>" in chart
    line = chart[chart.index("<c:lineChart>") :]
    assert '<a:prstDash val="dash"/>' in line and "'KPI summary'!$C$4:$C$6" in line
    assert '<c:showVal val="1"/>' in chart and "<c:dLbls>" not in line
    assert '<c:orientation val="maxMin"/>' in bar  # a bar chart lists categories top down
    # the button is on screen only; the charts print
    assert drawing.count('<xdr:clientData fPrintsWithSheet="0"/>') == 1
    assert drawing.count("<xdr:clientData/>") == 2


def test_render_is_deterministic() -> None:
    assert render_donor(make_layout()) == render_donor(make_layout())
    assert render_donor(make_layout()) != render_donor(make_layout(revenue=99.0))


def test_unknown_style_is_refused() -> None:
    layout = SheetLayout(SUMMARY, (Block(0, 0, (("x",),), (("no such style",),)),))
    with pytest.raises(ValueError, match="no such style"):
        render_donor(layout)


def test_write_summary_changes_nothing_else(raw_book: Path, tmp_path: Path) -> None:
    path = Path(shutil.copy(raw_book, tmp_path / "book.xlsx"))
    assert write_summary(path, make_layout()) == (path, SUMMARY)
    with zipfile.ZipFile(raw_book) as before, zipfile.ZipFile(path) as after:
        old = {info.filename: info for info in before.infolist()}
        new = {info.filename: info for info in after.infolist()}
        assert set(old) <= set(new)
        for name in set(old) - EDITED:
            assert after.read(name) == before.read(name), name
            assert new[name].CRC == old[name].CRC
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames == [*(t.name for t in TABS), SUMMARY]
    assert workbook[SUMMARY]["B4"].value == 1234.5
    assert workbook[SUMMARY]["A8"].data_type == "s"
    cell = cell_xml(sheet_xml(path.read_bytes(), SUMMARY), "A8")
    assert "<f>" not in cell and "HYPERLINK" in cell  # still text after the splice

    # A second refresh replaces the summary in place; the same layout gives the same bytes.
    first = path.read_bytes()
    write_summary(path, make_layout(revenue=42.0))
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == [
        *(t.name for t in TABS),
        SUMMARY,
    ]
    assert openpyxl.load_workbook(path, read_only=True)[SUMMARY]["B4"].value == 42
    write_summary(path, make_layout())
    assert path.read_bytes() == first


def test_write_summary_to_another_file(raw_book: Path, tmp_path: Path) -> None:
    path = Path(shutil.copy(raw_book, tmp_path / "book.xlsx"))
    before = path.read_bytes()
    out = write_summary(path, make_layout(), out=tmp_path / "copy.xlsx").path
    assert out == tmp_path / "copy.xlsx" and path.read_bytes() == before
    assert SUMMARY in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_write_summary_keeps_macros_of_xlsm(raw_book: Path, tmp_path: Path) -> None:
    path = tmp_path / "macros.xlsm"
    vba = bytes(range(256)) * 16  # stands in for a VBA project: it must come back unchanged
    xlsx_type = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    xlsm_type = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    vba_type = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    vba_rel = (
        b'<Relationship Id="rIdVba" Target="vbaProject.bin" '
        b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/>'
    )
    with zipfile.ZipFile(raw_book) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(xlsx_type, xlsm_type).replace(
                    b"<Default ", vba_type + b"<Default ", 1
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", vba_rel + b"</Relationships>")
            dst.writestr(info, data)
        dst.writestr("xl/vbaProject.bin", vba)
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == [t.name for t in TABS]
    assert write_summary(path, make_layout()) == (path, SUMMARY)
    with zipfile.ZipFile(path) as archive:
        assert archive.read("xl/vbaProject.bin") == vba
        assert xlsm_type in archive.read("[Content_Types].xml")
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == [
        *(t.name for t in TABS),
        SUMMARY,
    ]


def test_write_summary_errors(raw_book: Path, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_summary(tmp_path / "missing.xlsx", make_layout())
    path = Path(shutil.copy(raw_book, tmp_path / "open.xlsx"))
    before = path.read_bytes()
    (tmp_path / "~$open.xlsx").write_bytes(b"")
    with pytest.raises(save.WorkbookLocked):
        write_summary(path, make_layout())
    taken = Path(shutil.copy(raw_book, tmp_path / "taken.xlsx"))
    layout = make_layout()
    clash = SheetLayout("Orders", layout.blocks)  # a user's sheet, not one we wrote
    with pytest.raises(splice.SpliceError):
        write_summary(taken, clash)
    assert path.read_bytes() == before and taken.read_bytes() == raw_book.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["open.xlsx", "taken.xlsx", "~$open.xlsx"]


def test_libreoffice_opens_the_result(raw_book: Path, tmp_path: Path, libreoffice) -> None:
    path = Path(shutil.copy(raw_book, tmp_path / "book.xlsx"))
    write_summary(path, make_layout())
    out = libreoffice.resave(path)
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == [*(t.name for t in TABS), SUMMARY]
    sheet = workbook[SUMMARY]
    assert [[c.value for c in row] for row in sheet["A3:C6"]] == [
        ["Month", "Revenue", "ROMI"],
        ["Jan", 1234.5, 0.25],
        ["Feb", 2345.25, None],
        ["Mar", 3000, 1.5],
    ]
    assert sheet["A8"].value == FORMULA_TEXT and sheet["A8"].data_type == "s"
    assert sheet["E8"].value == dt.datetime(2025, 1, 31)
    assert len(sheet._charts) == 3
    orders = pd.read_excel(out, sheet_name="Orders", engine="openpyxl")
    assert list(orders.columns) == list(TABS[0].template_columns) and len(orders) == 300
