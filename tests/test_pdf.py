"""The refreshed sample's summary on paper: exported alone to PDF through LibreOffice, one
page wide, "What changed" and each KPI with its total and status on the first page, and
every chart present and drawn from cells that hold numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import ElementTree as SafeET

from xl_kpi.catalogue import Unit
from xl_kpi.cli import main
from xl_kpi.files.new import write_workbook
from xl_kpi.files.pdf import NoLibreOffice, export_pdf, summary_only
from xl_kpi.files.refresh import raw_tabs
from xl_kpi.files.render import render_donor
from xl_kpi.files.splice import SpliceError, splice_sheet
from xl_kpi.headless import new_workbook
from xl_kpi.report import TOTAL
from xl_kpi.sample import sample_tables
from xl_kpi.summary import STATUS_MARKS, build_summary
from xl_kpi.summary_changes import words

from .layouts import make_layout
from .xlsx_parts import raw_members

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return new_workbook(tmp_path_factory.mktemp("pdf") / "sample.xlsx", sample=True, orders=900)


@pytest.fixture(scope="module")
def printed(sample, libreoffice, tmp_path_factory):
    """The sample refreshed with ``--pdf``: (workbook, PDF, the summary's layout, report)."""
    folder = tmp_path_factory.mktemp("printed")
    book = Path(shutil.copy(sample, folder / "sample.xlsx"))
    pdf = folder / "summary.pdf"
    assert main(["refresh", str(book), "--pdf", str(pdf)]) == 0
    report, layout = build_summary(raw_tabs(book))
    return book, pdf, layout, report


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def shown(value: float, unit: Unit) -> str:
    """A number as the summary's number format for ``unit`` shows it."""
    if unit is Unit.RATIO:
        return f"{100 * value:.1f}%"
    if unit is Unit.COUNT:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


@pytest.fixture(scope="module")
def poppler():
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")


def test_the_pdf_is_the_summary_alone_one_page_wide(printed, poppler):
    _, pdf, layout, _ = printed
    text = pages(pdf)
    # a page or two per section (a long table goes on, under the repeated titles):
    # splitting by columns would print twice as many
    assert len(layout.page.breaks) + 1 <= len(text) < 2 * (len(layout.page.breaks) + 1)
    assert all("KPI Summary" in page for page in text)  # the title rows on every page
    assert all(f"Page {i} of {len(text)}" in page for i, page in enumerate(text, start=1))
    assert "Start" not in text[0] and "order_id" not in "".join(text)  # no other sheet


def test_each_kpi_name_total_and_status_share_a_line_of_the_first_page(printed, poppler):
    _, pdf, _, report = printed
    first = pages(pdf)[0]
    lines = first.splitlines()
    lines = lines[next(i for i, ln in enumerate(lines) if ln.strip() == "Scorecard") :]
    assert "Benchmark" in first and "Status" in first  # the scorecard's last columns
    for row in report.scorecard:
        if not row.has_data:
            continue
        title = re.escape(row.entry.title("en"))
        # the scorecard's line (the targets by period below name some KPIs again)
        line = next(ln for ln in lines if re.match(rf"\s*{title}\s{{2,}}", ln))
        total = row.values[TOTAL]
        assert (shown(total, row.entry.unit) if total == total else "–") in line, line
        if row.on_track is not None:
            word = "on track" if row.on_track else "behind"
            assert f"{STATUS_MARKS[row.on_track]} {word}" in line, line


def test_every_chart_is_there_and_draws_numbers(printed, poppler):
    book, pdf, layout, _ = printed
    with zipfile.ZipFile(book) as archive:
        charts = sorted(
            n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
        )
        drawings = [
            n for n in archive.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)
        ]
        xml = {n: archive.read(n) for n in charts}
    assert len(charts) == len(layout.charts) == 5 and len(drawings) == 1
    values = openpyxl.load_workbook(book, data_only=True)["KPI Summary"]
    for name, data in xml.items():
        refs = [f.text for f in SafeET.fromstring(data).iter(f"{C}f")]
        numeric = [r for r in refs if r and "$" in r]
        assert numeric, name
        for series in SafeET.fromstring(data).iter(f"{C}val"):
            (ref,) = [f.text for f in series.iter(f"{C}f")]
            sheet, area = ref.rsplit("!", 1)
            assert sheet == "'KPI Summary'"
            cells = [c.value for row in values[area.replace("$", "")] for c in row]
            assert cells and all(isinstance(v, float | int) for v in cells), (name, ref)
    printed = [re.sub(r"\s+", " ", page) for page in pages(pdf)]
    squeezed = next(page for page in printed if layout.charts[0].title.split(",")[0] in page)
    for spec in layout.charts:  # each chart is drawn: LibreOffice prints its title
        assert spec.title.split(",")[0] in squeezed, spec.title


def test_without_libreoffice_the_message_says_how_to_get_it(sample, tmp_path, monkeypatch, capsys):
    book = Path(shutil.copy(sample, tmp_path / "sample.xlsx"))
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(NoLibreOffice, match="LibreOffice"):
        export_pdf(book, tmp_path / "out.pdf")
    assert main(["refresh", str(book), "--pdf", str(tmp_path / "out.pdf")]) == 1
    captured = capsys.readouterr()
    assert "refreshed" in captured.out  # the workbook was refreshed all the same
    err = captured.err.strip()
    assert (
        err.startswith("xl-kpi: sample.xlsx: writing a PDF needs LibreOffice") and "\n" not in err
    )
    assert not (tmp_path / "out.pdf").exists()


def test_the_copy_shows_the_summary_alone_and_changes_nothing_else(sample, tmp_path):
    copy = tmp_path / "copy.xlsx"
    assert summary_only(sample, copy) == "KPI Summary"
    book = openpyxl.load_workbook(copy, read_only=True)
    states = {ws.title: ws.sheet_state for ws in book.worksheets}
    assert states.pop("KPI Summary") == "visible"
    assert set(states.values()) == {"hidden"} and len(states) >= 8
    before, after = raw_members(sample), raw_members(copy)
    assert {n for n in before if before[n] != after[n]} == {"xl/workbook.xml"}


def test_the_refresh_button_stays_off_the_page(tmp_path):
    book = new_workbook(tmp_path / "lite.xlsx", "lite")
    copy = tmp_path / "copy.xlsx"
    summary_only(book, copy)
    before, after = raw_members(book), raw_members(copy)
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {"xl/workbook.xml", "xl/drawings/drawing1.xml"}
    with zipfile.ZipFile(book) as original, zipfile.ZipFile(copy) as printed:
        assert b"xlkpi_refresh" in original.read("xl/drawings/drawing1.xml")
        assert b"xlkpi_refresh" not in printed.read("xl/drawings/drawing1.xml")


def test_a_workbook_never_refreshed_is_refused(tmp_path):
    book = write_workbook(tmp_path / "raw.xlsx", sample_tables(orders=20))
    with pytest.raises(ValueError, match="no KPI Summary yet: refresh it first"):
        summary_only(book, tmp_path / "copy.xlsx")


def test_a_file_that_is_not_a_workbook_is_named_not_a_traceback(tmp_path):
    book = tmp_path / "notes.xlsx"
    book.write_bytes(b"date,revenue\n2025-01-01,10\n")  # a CSV named like a workbook
    for write in (
        lambda: summary_only(book, tmp_path / "summary.xlsx"),
        lambda: splice_sheet(
            book, render_donor(make_layout()), tmp_path / "out.xlsx", "KPI Summary"
        ),
    ):
        with pytest.raises(SpliceError, match=r"notes\.xlsx is not a readable Excel workbook"):
            write()
    assert not (tmp_path / "summary.xlsx").exists() and not (tmp_path / "out.xlsx").exists()


def test_what_changed_prints_on_the_first_page_above_the_scorecard(printed, poppler):
    _, pdf, _, report = printed
    first = re.sub(r"\s+", " ", pages(pdf)[0])
    said = words(report, "en")
    assert said and first.index("What changed") < first.index("Scorecard")
    for line in said:  # every sentence whole, on the first page
        assert re.sub(r"\s+", " ", line) in first, line


_PICTURE = (
    "<xdr:oneCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff>"
    "<xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
    '<xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="990" '
    'name="Linked logo"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill>'
    '<a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'r:link="rIdLinked"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>'
    "<xdr:clientData/></xdr:oneCellAnchor>"
)
_LINK = (
    '<Relationship Id="rIdLinked" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/image" Target="{url}" TargetMode="External"/>'
)


def _with_linked_picture(book: Path, out: Path, url: str) -> Path:
    """``book`` with a picture linked from ``url`` (not stored in it) on every drawing."""
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            name = info.filename
            if re.fullmatch(r"xl/drawings/drawing\d+\.xml", name):
                data = data.replace(b"</xdr:wsDr>", _PICTURE.encode() + b"</xdr:wsDr>")
            elif re.fullmatch(r"xl/drawings/_rels/drawing\d+\.xml\.rels", name):
                link = _LINK.format(url=url).encode()
                data = data.replace(b"</Relationships>", link + b"</Relationships>")
            zout.writestr(info, data)
    return out


def test_making_the_pdf_fetches_nothing(sample, libreoffice, tmp_path):
    """A linked picture on the summary points at a listener on loopback: the copy that
    LibreOffice converts has no external link left, and its profile keeps it offline."""
    from .hostile import Listener

    refreshed = Path(shutil.copy(sample, tmp_path / "sample.xlsx"))
    assert main(["refresh", str(refreshed)]) == 0
    with Listener() as host:
        url = f"http://127.0.0.1:{host.port}/logo.png"
        book = _with_linked_picture(refreshed, tmp_path / "linked.xlsx", url)
        copy = tmp_path / "copy.xlsx"
        summary_only(book, copy)
        with zipfile.ZipFile(copy) as printed:
            rels = [n for n in printed.namelist() if n.endswith(".rels")]
            assert not any(b"127.0.0.1" in printed.read(n) for n in rels)
        export_pdf(book, tmp_path / "summary.pdf")
        assert (tmp_path / "summary.pdf").read_bytes().startswith(b"%PDF")
    assert host.connections == 0 and not host.received
