"""The headless refresh end to end on a user's workbook: the summary is right, opens in
LibreOffice, and nothing that the product did not create changes."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
import xlwings

from xl_kpi.cli import main
from xl_kpi.files.save import WorkbookLocked
from xl_kpi.headless import new_workbook, refresh_workbook, report_workbook
from xl_kpi.report import TOTAL
from xl_kpi.sample import sample_tables

from .xlsx_parts import png_bytes

WHEN = dt.datetime(2026, 2, 1, 8, 30)
#: The parts a refresh may write: the summary sheet and its drawing and charts, and the
#: workbook's sheet list, relationships, content types and styles.
MAY_CHANGE = ("xl/worksheets/", "xl/drawings/", "xl/charts/", "xl/workbook.xml",
              "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml")  # fmt: skip


def _vba_project() -> bytes:
    """The VBA project xlwings' own quickstart workbook carries (BSD-licensed)."""
    quickstart = Path(xlwings.__file__).parent / "quickstart.xlsm"
    with zipfile.ZipFile(quickstart) as archive:
        return archive.read("xl/vbaProject.bin")


@pytest.fixture(scope="module")
def user_book(tmp_path_factory) -> Path:
    """A user's .xlsm: raw tabs, a report sheet with formulas (cached values), a chart, a
    picture, a form button bound to a macro, and a VBA project."""
    path = tmp_path_factory.mktemp("user") / "shop.xlsm"
    tables = sample_tables(orders=600, seed=5)
    book = xlsxwriter.Workbook(path, {"strings_to_formulas": False})
    vba = path.with_name("vbaProject.bin")
    vba.write_bytes(_vba_project())
    book.add_vba_project(str(vba))
    for name, frame in tables.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, list(frame.columns))
        for i, row in enumerate(frame.itertuples(index=False), start=1):
            for j, value in enumerate(row):
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    continue
                if hasattr(value, "to_pydatetime"):
                    sheet.write_datetime(
                        i, j, value.to_pydatetime(), book.add_format({"num_format": "yyyy-mm-dd"})
                    )
                elif isinstance(value, str):
                    sheet.write_string(i, j, value)
                else:
                    sheet.write_number(i, j, float(value))
    mine = book.add_worksheet("My report")
    mine.write_formula("A1", "=SUM(Orders!F2:F601)", None, 12345.5)
    mine.write_string("A2", '=HYPERLINK("not a formula")')
    mine.insert_image("C3", "pixel.png", {"image_data": io.BytesIO(png_bytes())})
    mine.insert_button("C8", {"macro": "SampleCall", "caption": "Run"})
    chart = book.add_chart({"type": "line"})
    chart.add_series({"values": "='My report'!$A$1:$A$1"})
    mine.insert_chart("E3", chart)
    book.close()
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {i.filename: archive.read(i.filename) for i in archive.infolist()}


def test_refresh_changes_nothing_the_product_did_not_create(user_book, tmp_path):
    book = Path(shutil.copy(user_book, tmp_path / "shop.xlsm"))
    before = _members(book)
    done = refresh_workbook(book, refreshed=WHEN)
    after = _members(done.path)
    assert (done.path, done.sheet) == (book, "KPI Summary")
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed <= {n for n in before if n.startswith(MAY_CHANGE)}
    sheets_before = {n for n in before if n.startswith("xl/worksheets/sheet")}
    assert changed.isdisjoint(sheets_before)  # the user's sheets, byte for byte
    for kept in (
        "xl/vbaProject.bin",
        "xl/drawings/vmlDrawing1.vml",
        "xl/media/image1.png",
        "xl/charts/chart1.xml",
        "xl/sharedStrings.xml",
    ):
        assert after[kept] == before[kept], kept
    assert done.report.scorecard[0].values[TOTAL] > 0


def test_refreshing_twice_is_refreshing_once(user_book, tmp_path):
    once = Path(shutil.copy(user_book, tmp_path / "once.xlsm"))
    refresh_workbook(once, refreshed=WHEN)
    twice = Path(shutil.copy(once, tmp_path / "twice.xlsm"))
    refresh_workbook(twice, refreshed=WHEN)
    assert _members(once) == _members(twice)


def test_the_summary_reads_back_with_openpyxl_and_formulas_keep_cached_values(user_book, tmp_path):
    book = Path(shutil.copy(user_book, tmp_path / "shop.xlsm"))
    report = refresh_workbook(book, refreshed=WHEN).report
    values = openpyxl.load_workbook(book, data_only=True, read_only=True)
    assert values["My report"]["A1"].value == 12345.5  # a cached formula result, kept
    assert values["My report"]["A2"].data_type == "s"
    summary = values["KPI Summary"]
    rows: dict[str, list] = {}  # the first row of each name from the scorecard's heading on
    for r in summary.iter_rows():
        if r[0].value and (rows or r[0].value == "KPI"):  # the tiles above name KPIs too
            rows.setdefault(r[0].value, [c.value for c in r])
    revenue = next(row for row in report.scorecard if row.entry.name == "revenue")
    header = rows["KPI"]
    assert rows["Revenue"][header.index("Total")] == pytest.approx(revenue.values[TOTAL])
    assert openpyxl.load_workbook(book, keep_vba=True, read_only=True).vba_archive is not None


def test_libreoffice_opens_the_refreshed_workbook_and_reads_the_summary(
    user_book, tmp_path, libreoffice
):
    book = Path(shutil.copy(user_book, tmp_path / "shop.xlsm"))
    report = refresh_workbook(book, refreshed=WHEN).report
    sheets = libreoffice.sheets(book)
    summary = sheets["KPI Summary"]
    header = next(row for row in summary if row and row[0] == "KPI")
    expected = {r.kpi: r.value for r in report.records if r.period == TOTAL and r.channel is None}
    for row in summary[summary.index(header) + 1 :]:
        if not row or not row[0]:
            break
        entry = next(e for e in report.scorecard if e.entry.title("en") == row[0])
        shown = row[header.index("Total")]
        value = expected[entry.entry.excel_name]
        if math.isnan(value) or not entry.has_data:
            assert shown in ("–", "no data")
        elif shown.endswith("%"):
            assert float(shown[:-1]) == pytest.approx(value * 100, abs=0.051)
        else:
            assert float(shown) == pytest.approx(value, rel=1e-6)
    assert sheets["My report"][1][0] == '=HYPERLINK("not a formula")'


def test_report_is_read_only(user_book, tmp_path):
    book = Path(shutil.copy(user_book, tmp_path / "shop.xlsm"))
    before = book.read_bytes()
    assert report_workbook(book).records
    assert book.read_bytes() == before


def test_a_workbook_open_in_excel_is_refused_before_any_work(user_book, tmp_path, capsys):
    book = Path(shutil.copy(user_book, tmp_path / "shop.xlsm"))
    (tmp_path / "~$shop.xlsm").write_bytes(b"owner")
    before = book.read_bytes()
    with pytest.raises(WorkbookLocked):
        refresh_workbook(book)
    assert main(["refresh", str(book)]) == 1
    assert "close" in capsys.readouterr().err.lower()
    assert book.read_bytes() == before
    # Before any work: a lock beside a file that is no workbook is said first, without
    # reading the file (reading it would fail on its contents).
    garbage = tmp_path / "notes.xlsx"
    garbage.write_bytes(b"not a workbook")
    (tmp_path / "~$notes.xlsx").write_bytes(b"owner")
    with pytest.raises(WorkbookLocked):
        refresh_workbook(garbage)
    out = tmp_path / "out.xlsx"
    (tmp_path / "~$out.xlsx").write_bytes(b"owner")
    with pytest.raises(WorkbookLocked):
        refresh_workbook(garbage.with_name("missing.xlsx"), out)


def test_cli_main_job_on_a_fresh_sample(tmp_path, capsys):
    book = tmp_path / "sample.xlsx"
    assert main(["new", str(book), "--sample", "--orders", "800"]) == 0
    assert main(["new", str(book), "--sample"]) == 1  # no silent overwrite
    assert main(["refresh", str(book)]) == 0
    out = capsys.readouterr().out
    assert "refreshed" in out and "Revenue:" in out and "ROMI:" in out
    assert "KPI Summary" in openpyxl.load_workbook(book, read_only=True).sheetnames


def test_russian_sample_gets_a_russian_summary(tmp_path):
    book = tmp_path / "пример.xlsx"
    new_workbook(book, sample=True, language="ru", orders=500)
    report = refresh_workbook(book, refreshed=WHEN).report
    sheet = openpyxl.load_workbook(book, read_only=True)["Сводка KPI"]
    assert sheet["A1"].value == "Сводка KPI"
    assert report.settings.language == "ru"


def test_bad_rows_in_a_file_are_noted_with_their_excel_column(tmp_path, capsys):
    tables = sample_tables(orders=50, seed=2)
    orders = tables["Orders"].astype(object)
    orders.loc[4, "revenue"] = "twelve"  # Excel row 6, column F (order_id in B is not read)
    tables = {"Orders": orders}
    book = tmp_path / "bad.xlsx"
    from xl_kpi.files.new import write_workbook

    write_workbook(book, tables)
    assert main(["check", str(book)]) == 0
    out = capsys.readouterr().out
    assert "Orders, row 6, column revenue (F): 'twelve' is not a number" in out
    assert "50 rows read, 1 skipped" in out


def test_text_from_the_data_is_written_as_text_never_a_formula(tmp_path):
    tables = sample_tables(orders=200, seed=4)
    evil = '=HYPERLINK("http://example.invalid","click")'
    for name in ("Orders", "Spend"):
        frame = tables[name].copy()
        frame["channel"] = frame["channel"].replace("VK", evil)
        tables[name] = frame
    from xl_kpi.files.new import write_workbook

    book = write_workbook(tmp_path / "evil.xlsx", tables)
    refresh_workbook(book, refreshed=WHEN)
    with zipfile.ZipFile(book) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(archive.read(n).decode() for n in sheets)
    assert "HYPERLINK" in xml and not re.search(r"<f[^>]*>[^<]*HYPERLINK", xml)  # no formula
    summary = openpyxl.load_workbook(book, read_only=True)["KPI Summary"]
    cells = [c for row in summary.iter_rows() for c in row if c.value == evil]
    assert cells and all(c.data_type == "s" for c in cells)
