"""Splicing the rendered summary sheet into a user's workbook."""

from __future__ import annotations

import io
import os
import re
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from defusedxml import ElementTree as SafeET

from xl_kpi.files.splice import MARKER_NAME, SpliceError, splice_sheet

from .xlsx_parts import (
    MAIN,
    PKG_REL,
    REL,
    XML_DECL,
    build_openpyxl_target,
    build_xlsxwriter_target,
    defined_names,
    edit,
    names,
    png_bytes,
    raw_members,
    read,
    read_bytes,
    rewrite_zip,
    sheet_part,
    sheets,
)

SUMMARY = "KPI Summary"
CALC_CHAIN_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
# Members a splice may rewrite; everything else must come through byte for byte.
EDITED = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}


# --------------------------------------------------------------------------- builders


def make_donor(
    title: str = "KPI",
    charts: int = 1,
    sheet: str = SUMMARY,
    rich: bool = False,
    image: bool = False,
) -> bytes:
    """A summary workbook as the product renders it."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(buffer, options)
    ws = wb.add_worksheet(sheet)
    head = wb.add_format({"bold": True, "bg_color": "#DDEEFF", "border": 1})
    pct = wb.add_format({"num_format": "0.0%"})
    eur = wb.add_format({"num_format": '#,##0.00 "EUR"'})
    ws.write_row(0, 0, [title, "Value"], head)
    ws.write_row(1, 0, ["=not a formula", 0.25])
    ws.write(1, 1, 0.25, pct)
    ws.write(2, 0, " spaced & <odd> ")
    ws.write(2, 1, 1234.5, eur)
    ws.write(3, 0, "Doubled")
    ws.write_formula(3, 1, "=B2*2", pct, 0.5)
    ws.merge_range("A6:B6", "merged note", head)
    if rich:
        ws.write_rich_string("A7", "plain ", head, "bold", " end")
    ws.set_column("A:A", 30)
    ws.freeze_panes(1, 0)
    red = wb.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})
    ws.conditional_format("B2:B4", {"type": "cell", "criteria": ">", "value": 1, "format": red})
    for n in range(charts):
        chart = wb.add_chart({"type": "column"})
        chart.add_series({"values": f"='{sheet}'!$B$2:$B$4", "name": f"Series {n}"})
        ws.insert_chart(1 + 16 * n, 3, chart)
    if image:
        ws.insert_image("J2", "logo.png", {"image_data": io.BytesIO(png_bytes())})
    ws.activate()  # the donor's only sheet is selected; the splice must undo that
    wb.close()
    return buffer.getvalue()


def build_xlsm_target(path: Path, tmp: Path) -> Path:
    """The xlsxwriter target with a VBA project and an Office add-in task pane."""
    base = build_xlsxwriter_target(tmp / "base.xlsx")
    we = "http://schemas.microsoft.com/office/2011/relationships"
    types = edit(
        base,
        "[Content_Types].xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ).decode()
    types = types.replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/xl/webextensions/taskpanes.xml" '
        'ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>'
        '<Override PartName="/xl/webextensions/webextension1.xml" '
        'ContentType="application/vnd.ms-office.webextension+xml"/></Types>',
    )
    wb_rels = edit(
        base,
        "xl/_rels/workbook.xml.rels",
        "</Relationships>",
        '<Relationship Id="rId90" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/></Relationships>',
    )
    root_rels = edit(
        base,
        "_rels/.rels",
        "</Relationships>",
        f'<Relationship Id="rId90" Type="{we}/webextensiontaskpanes" '
        'Target="xl/webextensions/taskpanes.xml"/></Relationships>',
    )
    panes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<wetp:taskpanes xmlns:wetp='
        '"http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"><wetp:taskpane '
        'dockstate="right" visibility="0" width="350" row="4"><wetp:webextensionref xmlns:r='
        f'"{REL}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>'
    )
    panes_rels = (
        f'{XML_DECL}<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{we}/webextension" Target="webextension1.xml"/>'
        "</Relationships>"
    )
    extension = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<we:webextension xmlns:we='
        '"http://schemas.microsoft.com/office/webextensions/webextension/2010/11" '
        'id="{5C1B6A1E-0000-4000-8000-000000000001}"><we:reference id="wa200000000" '
        'version="1.0.0.0" store="en-US" storeType="OMEX"/></we:webextension>'
    )
    return rewrite_zip(
        base,
        path,
        {
            "[Content_Types].xml": types.encode(),
            "xl/_rels/workbook.xml.rels": wb_rels,
            "_rels/.rels": root_rels,
        },
        {
            "xl/vbaProject.bin": b"\xcc\x61" + bytes(range(256)) * 40,
            "xl/webextensions/taskpanes.xml": panes.encode(),
            "xl/webextensions/_rels/taskpanes.xml.rels": panes_rels.encode(),
            "xl/webextensions/webextension1.xml": extension.encode(),
        },
    )


@pytest.fixture(params=["xlsxwriter", "openpyxl", "xlsm"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "xlsxwriter":
        return build_xlsxwriter_target(tmp_path / "target.xlsx")
    if request.param == "openpyxl":
        return build_openpyxl_target(tmp_path / "target.xlsx")
    return build_xlsm_target(tmp_path / "target.xlsm", tmp_path)


def splice(target: Path, out: Path, donor: bytes | None = None) -> Path:
    splice_sheet(target, make_donor() if donor is None else donor, out, SUMMARY)
    return out


# --------------------------------------------------------------------------- tests


def test_untouched_members_are_copied_byte_for_byte(target: Path, tmp_path: Path) -> None:
    out = splice(target, tmp_path / f"out{target.suffix}")
    before, after = raw_members(target), raw_members(out)
    for name, stored in before.items():
        if name not in EDITED:
            assert after[name] == stored, name
    # the original order is kept and new members come after the originals
    assert names(out)[: len(before)] == names(target)
    new = names(out)[len(before) :]
    assert any(n.startswith("xl/worksheets/sheet") for n in new)
    assert any(n.startswith("xl/charts/chart") for n in new)
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None


def test_summary_reads_back_with_values_formats_and_chart(target: Path, tmp_path: Path) -> None:
    out = splice(target, tmp_path / f"out{target.suffix}")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-1] == SUMMARY
    ws = wb[SUMMARY]
    assert [c.value for c in ws[1]] == ["KPI", "Value"]
    assert ws["A2"].value == "=not a formula" and ws["A2"].data_type == "s"
    assert ws["A3"].value == " spaced & <odd> "
    assert ws["B2"].value == 0.25 and ws["B2"].number_format == "0.0%"
    assert ws["B3"].number_format == '#,##0.00 "EUR"'
    assert ws["B4"].value == "=B2*2"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb == "FFDDEEFF"
    assert ws["A1"].border.left.style == "thin"
    assert "A6:B6" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.column_dimensions["A"].width == pytest.approx(30.71, abs=0.01)
    assert ws.freeze_panes == "A2"
    assert len(ws._charts) == 1
    rule = ws.conditional_formatting["B2:B4"][0]
    assert rule.dxf.font.color.rgb == "FF9C0006"
    # the user's sheets still read back, with their cached formula results
    values = openpyxl.load_workbook(out, data_only=True)
    first = values.worksheets[0]
    if "Report" in values.sheetnames:
        assert first["D2"].value == 509 and values["Report"]["A1"].value == 12780


def test_strings_are_inline_and_shared_strings_untouched(target: Path, tmp_path: Path) -> None:
    out = splice(target, tmp_path / f"out{target.suffix}")
    xml = read(out, sheet_part(out, SUMMARY))
    assert 't="s"' not in xml and 't="inlineStr"' in xml
    assert "<f>not a formula" not in xml
    if "xl/sharedStrings.xml" in names(target):
        assert (
            raw_members(out)["xl/sharedStrings.xml"] == raw_members(target)["xl/sharedStrings.xml"]
        )


def test_rich_text_survives_as_inline_string(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    out = splice(target, tmp_path / "out.xlsx", make_donor(rich=True))
    xml = read(out, sheet_part(out, SUMMARY))
    assert re.search(r'<c r="A7"[^>]*t="inlineStr"><is><r><t[^>]*>plain </t></r><r><rPr><b/>', xml)
    assert openpyxl.load_workbook(out, read_only=True)[SUMMARY]["A7"].value == "plain bold end"


def test_marker_and_user_defined_names(target: Path, tmp_path: Path) -> None:
    out = splice(target, tmp_path / f"out{target.suffix}")
    before, after = defined_names(target), defined_names(out)
    assert after[: len(before)] == before  # the user's names, scopes included, are unchanged
    marker = after[len(before) :]
    assert marker == [
        {
            "name": MARKER_NAME,
            "localSheetId": str(len(sheets(target))),
            "hidden": "1",
            "text": f"'{SUMMARY}'!$A$1",
        }
    ]


def test_donor_tab_selection_is_dropped(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    out = splice(target, tmp_path / "out.xlsx")
    assert "tabSelected" not in read(out, sheet_part(out, SUMMARY))
    assert openpyxl.load_workbook(out).active.title == "Data"


def test_refresh_replaces_summary_in_place(target: Path, tmp_path: Path) -> None:
    once = splice(target, tmp_path / f"once{target.suffix}")
    twice = splice(
        once, tmp_path / f"twice{target.suffix}", make_donor("New", charts=2, image=True)
    )
    assert sheets(twice) == sheets(once)  # same position, sheetId and r:id
    part = sheet_part(once, SUMMARY)
    assert sheet_part(twice, SUMMARY) == part
    assert openpyxl.load_workbook(twice, read_only=True)[SUMMARY]["A1"].value == "New"
    assert len(openpyxl.load_workbook(twice)[SUMMARY]._charts) == 2
    assert [d["name"] for d in defined_names(twice)].count(MARKER_NAME) == 1
    media = [n for n in names(twice) if n.startswith("xl/media/") and n not in names(once)]
    assert len(media) == 1 and read_bytes(twice, media[0]) == png_bytes()
    # back to one chart, no picture: the parts only the old summary used leave the package
    thrice = splice(twice, tmp_path / f"thrice{target.suffix}")
    added = set(names(twice)) - set(names(once))
    assert added and not added & set(names(thrice))
    types = read(thrice, "[Content_Types].xml")
    for name in added:
        assert f'"/{name}"' not in types
    assert raw_members(thrice) == raw_members(once)


def test_refresh_is_idempotent(target: Path, tmp_path: Path) -> None:
    once = splice(target, tmp_path / f"once{target.suffix}")
    twice = splice(once, tmp_path / f"twice{target.suffix}")
    assert names(twice) == names(once)
    assert raw_members(twice) == raw_members(once)


def test_styles_are_appended_and_deduplicated(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    out = splice(target, tmp_path / "out.xlsx")
    old, new = read(target, "xl/styles.xml"), read(out, "xl/styles.xml")
    root_old, root_new = SafeET.fromstring(old), SafeET.fromstring(new)
    for coll in ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"):
        kept = root_old.find(f"{{{MAIN}}}{coll}")
        grown = root_new.find(f"{{{MAIN}}}{coll}")
        assert grown is not None and int(grown.get("count")) == len(grown)
        if kept is not None:  # existing entries keep their index and content
            assert [SafeET.tostring(e) for e in grown[: len(kept)]] == [
                SafeET.tostring(e) for e in kept
            ]
    codes = {
        f.get("formatCode"): int(f.get("numFmtId")) for f in root_new.iter(f"{{{MAIN}}}numFmt")
    }
    assert codes["0.000"] == 164  # the target's custom format is untouched
    assert codes["0.0%"] > 164 and codes['#,##0.00 "EUR"'] > 164
    assert len(codes) == len(set(codes.values()))
    # a second refresh on top adds nothing
    again = splice(out, tmp_path / "again.xlsx")
    assert read(again, "xl/styles.xml") == new


def test_identical_target_styles_are_reused(tmp_path: Path) -> None:
    """A target that already holds the donor's formats gains no new style entries."""
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    donor = make_donor()
    donor_styles = zipfile.ZipFile(io.BytesIO(donor)).read("xl/styles.xml")
    same = rewrite_zip(target, tmp_path / "same.xlsx", {"xl/styles.xml": donor_styles}, {})
    out = splice(same, tmp_path / "out.xlsx", donor)
    assert read(out, "xl/styles.xml") == donor_styles.decode()


def test_target_without_styles_part(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    with xlsxwriter.Workbook(target) as plain:  # no cell refers to a style
        plain.add_worksheet("Data").write_row(0, 0, [1, 2, 3])
    rels = read(target, "xl/_rels/workbook.xml.rels")
    rels = re.sub(r'<Relationship Id="rId\d+" Type="[^"]*/styles" Target="styles.xml"/>', "", rels)
    types = read(target, "[Content_Types].xml").replace(
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>',
        "",
    )
    bare = rewrite_zip(
        target,
        tmp_path / "bare.xlsx",
        {
            "xl/styles.xml": None,
            "xl/_rels/workbook.xml.rels": rels.encode(),
            "[Content_Types].xml": types.encode(),
        },
        {},
    )
    out = splice(bare, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)[SUMMARY]
    assert ws["B2"].number_format == "0.0%" and ws["A1"].font.b
    assert raw_members(splice(out, tmp_path / "again.xlsx")) == raw_members(out)


def test_name_clash_with_a_user_sheet(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    with pytest.raises(SpliceError, match='already has a sheet named "Data".*Rename or delete'):
        splice_sheet(target, make_donor(sheet="DATA"), tmp_path / "out.xlsx", "DATA")
    assert not (tmp_path / "out.xlsx").exists()


def test_renamed_summary_is_still_found_and_keeps_its_name(tmp_path: Path) -> None:
    once = splice(build_xlsxwriter_target(tmp_path / "t.xlsx"), tmp_path / "once.xlsx")
    wb = edit(once, "xl/workbook.xml", f'name="{SUMMARY}"', 'name="My KPIs"')
    wb = wb.replace(f"'{SUMMARY}'!$A$1".encode(), b"'My KPIs'!$A$1")
    renamed = rewrite_zip(once, tmp_path / "renamed.xlsx", {"xl/workbook.xml": wb}, {})
    out = splice(renamed, tmp_path / "out.xlsx")
    assert [s["name"] for s in sheets(out)] == [s["name"] for s in sheets(renamed)]
    assert "My KPIs" in [s["name"] for s in sheets(out)]  # the user's name is kept
    assert defined_names(out)[-1]["text"] == "'My KPIs'!$A$1"
    assert openpyxl.load_workbook(out, read_only=True)["My KPIs"]["A1"].value == "KPI"


def test_summary_keeps_its_name_when_the_user_took_it(tmp_path: Path) -> None:
    once = splice(build_xlsxwriter_target(tmp_path / "t.xlsx"), tmp_path / "once.xlsx")
    wb = edit(once, "xl/workbook.xml", f'name="{SUMMARY}"', 'name="My KPIs"')
    wb = wb.replace(b'name="Notes"', f'name="{SUMMARY.upper()}"'.encode())
    taken = rewrite_zip(once, tmp_path / "taken.xlsx", {"xl/workbook.xml": wb}, {})
    out = splice(taken, tmp_path / "out.xlsx")
    assert [s["name"] for s in sheets(out)] == ["Data", "Report", SUMMARY.upper(), "My KPIs"]
    assert defined_names(out)[-1]["text"] == "'My KPIs'!$A$1"
    chart = next(
        n
        for n in names(out)
        if n.startswith("xl/charts/chart") and n not in names(tmp_path / "t.xlsx")
    )
    assert "'My KPIs'!$B$2:$B$4" in read(out, chart)  # the chart follows the sheet's name
    assert openpyxl.load_workbook(out, read_only=True)["My KPIs"]["A1"].value == "KPI"


def test_moved_summary_is_replaced_where_it_is(tmp_path: Path) -> None:
    """Excel keeps localSheetId in step when the user drags the sheet tab."""
    once = splice(build_xlsxwriter_target(tmp_path / "t.xlsx"), tmp_path / "once.xlsx")
    text = read(once, "xl/workbook.xml")
    tags = re.findall(r"<sheet [^>]*/>", text)
    text = text.replace("".join(tags), "".join([tags[-1], *tags[:-1]]))
    text = text.replace('localSheetId="1"', 'localSheetId="2"').replace(
        'localSheetId="3"', 'localSheetId="0"'
    )
    moved = rewrite_zip(once, tmp_path / "moved.xlsx", {"xl/workbook.xml": text.encode()}, {})
    out = splice(moved, tmp_path / "out.xlsx", make_donor("Moved"))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SUMMARY, "Data", "Report", "Notes"]
    assert wb[SUMMARY]["A1"].value == "Moved"
    # the summary is now the first sheet, which is the active tab: it stays selected
    assert 'tabSelected="1"' in read(out, sheet_part(out, SUMMARY))
    assert {d["name"]: d.get("localSheetId") for d in defined_names(out)}["Total"] == "2"


def calc_chain_target(tmp_path: Path, entries: str) -> Path:
    once = splice(build_xlsxwriter_target(tmp_path / "t.xlsx"), tmp_path / "once.xlsx")
    chain = f'{XML_DECL}<calcChain xmlns="{MAIN}">{entries}</calcChain>'
    rels = edit(
        once,
        "xl/_rels/workbook.xml.rels",
        "</Relationships>",
        f'<Relationship Id="rId77" Type="{REL}/calcChain" Target="calcChain.xml"/></Relationships>',
    )
    types = edit(
        once,
        "[Content_Types].xml",
        "</Types>",
        f'<Override PartName="/xl/calcChain.xml" ContentType="{CALC_CHAIN_CT}"/></Types>',
    )
    return rewrite_zip(
        once,
        tmp_path / "chained.xlsx",
        {"xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types},
        {"xl/calcChain.xml": chain.encode()},
    )


def test_calc_chain_loses_only_the_summary_entries(tmp_path: Path) -> None:
    summary_id = "4"  # after Data, Report and Notes
    chained = calc_chain_target(
        tmp_path,
        f'<c r="D2" i="1"/><c r="D3"/><c r="B4" i="{summary_id}"/><c r="B5"/><c r="A1" i="2"/>',
    )
    assert next(s["sheetId"] for s in sheets(chained) if s["name"] == SUMMARY) == summary_id
    out = splice(chained, tmp_path / "out.xlsx")
    assert read(out, "xl/calcChain.xml").endswith(
        '<c r="D2" i="1"/><c r="D3"/><c r="A1" i="2"/></calcChain>'
    )
    assert (
        raw_members(out)["xl/_rels/workbook.xml.rels"]
        == raw_members(chained)["xl/_rels/workbook.xml.rels"]
    )


def test_calc_chain_of_only_the_summary_is_removed(tmp_path: Path) -> None:
    chained = calc_chain_target(tmp_path, '<c r="B4" i="4"/><c r="B5"/>')
    out = splice(chained, tmp_path / "out.xlsx")
    assert "xl/calcChain.xml" not in names(out)
    assert "calcChain" not in read(out, "xl/_rels/workbook.xml.rels")
    assert "calcChain" not in read(out, "[Content_Types].xml")
    assert raw_members(out) == raw_members(tmp_path / "once.xlsx")


def test_macro_workbook_keeps_vba_and_add_in_parts(tmp_path: Path) -> None:
    target = build_xlsm_target(tmp_path / "t.xlsm", tmp_path)
    out = splice(target, tmp_path / "out.xlsm")
    before, after = raw_members(target), raw_members(out)
    for name in (
        "xl/vbaProject.bin",
        "xl/webextensions/taskpanes.xml",
        "xl/webextensions/webextension1.xml",
        "_rels/.rels",
    ):
        assert after[name] == before[name]
    types = read(out, "[Content_Types].xml")
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert "vbaProject" in read(out, "xl/_rels/workbook.xml.rels")
    twice = splice(out, tmp_path / "twice.xlsm")
    assert raw_members(twice)["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]


def test_prefixed_workbook_xml_keeps_its_prefixes(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    text = read(target, "xl/workbook.xml")
    text = re.sub(r"<(/?)(\w+)([ />])", r"<\1x:\2\3", text.split("?>", 1)[1])
    text = text.replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"').replace("xmlns:r=", "xmlns:rel=")
    text = text.replace(" r:id=", " rel:id=")
    prefixed = rewrite_zip(target, tmp_path / "p.xlsx", {"xl/workbook.xml": text.encode()}, {})
    out = splice(prefixed, tmp_path / "out.xlsx")
    xml = read(out, "xl/workbook.xml")
    assert xml.startswith(text.split("<x:sheets>")[0])
    assert f'<x:sheet name="{SUMMARY}" sheetId="4" rel:id=' in xml
    assert f'<x:definedName name="{MARKER_NAME}" localSheetId="3" hidden="1">' in xml
    assert openpyxl.load_workbook(out, read_only=True)[SUMMARY]["B2"].value == 0.25


def test_strict_workbook_gets_strict_relationships(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    strict_rel = "http://purl.oclc.org/ooxml/officeDocument/relationships"
    wb = read(target, "xl/workbook.xml").replace(REL, strict_rel)
    rels = read(target, "xl/_rels/workbook.xml.rels").replace(REL, strict_rel)
    strict = rewrite_zip(
        target,
        tmp_path / "s.xlsx",
        {"xl/workbook.xml": wb.encode(), "xl/_rels/workbook.xml.rels": rels.encode()},
        {},
    )
    out = splice(strict, tmp_path / "out.xlsx")
    assert f'Type="{strict_rel}/worksheet" Target="worksheets/sheet4.xml"' in read(
        out, "xl/_rels/workbook.xml.rels"
    )
    new_rel = re.search(
        r'Id="(rId\d+)" Type="[^"]*/worksheet" Target="worksheets/sheet4.xml"',
        read(out, "xl/_rels/workbook.xml.rels"),
    )
    root = SafeET.fromstring(read(out, "xl/workbook.xml"))
    assert [s.get(f"{{{strict_rel}}}id") for s in root.iter(f"{{{MAIN}}}sheet")][-1] == new_rel[1]


def test_members_with_data_descriptors_and_zip64_fields(tmp_path: Path) -> None:
    """Members written to a stream (data descriptors), with zip64 extras, at another
    compression level or stored come through with their exact bytes."""
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")

    class Unseekable(io.RawIOBase):
        def __init__(self, sink: io.BufferedWriter) -> None:
            self.sink = sink

        def writable(self) -> bool:
            return True

        def write(self, data: bytes) -> int:  # type: ignore[override]
            return self.sink.write(data)

    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(target) as zin, open(odd, "wb") as sink:
        with zipfile.ZipFile(Unseekable(sink), "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
            for i, info in enumerate(zin.infolist()):
                entry = zipfile.ZipInfo(info.filename, info.date_time)
                entry.compress_type = zipfile.ZIP_STORED if i % 3 == 2 else zipfile.ZIP_DEFLATED
                with zout.open(entry, "w", force_zip64=i % 2 == 0) as member:
                    member.write(zin.read(info))
    infos = zipfile.ZipFile(odd).infolist()
    assert all(i.flag_bits & 0x08 for i in infos)
    assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
    out = splice(odd, tmp_path / "out.xlsx")
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
    for name, (crc, data) in raw_members(odd).items():
        if name not in EDITED:
            assert raw_members(out)[name] == (crc, data)
            assert (
                zipfile.ZipFile(out).getinfo(name).compress_type
                == zipfile.ZipFile(odd).getinfo(name).compress_type
            )


def test_large_members_are_streamed_not_loaded(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    blob = os.urandom(24 << 20)
    stored = zipfile.ZipInfo("xl/media/blob.bin")  # random bytes do not compress
    big = rewrite_zip(target, tmp_path / "big.xlsx", {}, {stored: blob})
    donor = make_donor()
    tracemalloc.start()
    try:
        splice_sheet(big, donor, tmp_path / "out.xlsx", SUMMARY)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20  # far below the 24 MiB member
    assert (
        raw_members(tmp_path / "out.xlsx")["xl/media/blob.bin"]
        == raw_members(big)["xl/media/blob.bin"]
    )


@pytest.mark.parametrize(
    ("sheet_name", "message"),
    [
        ("", "not a valid"),
        ("a" * 32, "not a valid"),
        ("Q1/Q2", "not a valid"),
        ("History", "not a valid"),
    ],
)
def test_invalid_sheet_names(tmp_path: Path, sheet_name: str, message: str) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    with pytest.raises(SpliceError, match=message):
        splice_sheet(target, make_donor(), tmp_path / "out.xlsx", sheet_name)


def test_bad_inputs(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as two:
        two.add_worksheet("A")
        two.add_worksheet("B")
    with pytest.raises(SpliceError, match="exactly one worksheet"):
        splice_sheet(target, buffer.getvalue(), tmp_path / "out.xlsx", SUMMARY)
    csv_file = tmp_path / "data.csv"
    csv_file.write_text("a,b\n1,2\n")
    with pytest.raises(SpliceError, match="not a readable Excel workbook"):
        splice_sheet(csv_file, make_donor(), tmp_path / "out.xlsx", SUMMARY)
    with pytest.raises(SpliceError, match="different file"):
        splice_sheet(target, make_donor(), target, SUMMARY)


def test_writes_to_a_binary_stream(tmp_path: Path) -> None:
    target = build_xlsxwriter_target(tmp_path / "t.xlsx")
    buffer = io.BytesIO()
    splice_sheet(target, make_donor(), buffer, SUMMARY)
    assert openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))[SUMMARY]["A1"].value == "KPI"


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_reads_the_summary(target: Path, tmp_path: Path, libreoffice) -> None:
    out = splice(target, tmp_path / f"spliced{target.suffix}")
    out = splice(out, tmp_path / f"spliced2{target.suffix}")  # a refresh on top
    converted = libreoffice.sheets(out)
    rows = converted[SUMMARY]
    # raw values, except that LibreOffice keeps the percent category of a cell's
    # number format: "25%" shows the spliced format reached the cell
    assert rows[:4] == [
        ["KPI", "Value"],
        ["=not a formula", "25%"],
        [" spaced & <odd> ", "1234.5"],
        ["Doubled", "50%"],
    ]
    assert rows[5][0] == "merged note"
    assert len(converted) == len(sheets(out))
    if "Report" in converted:  # the user's sheets are intact too
        assert converted["Report"][0][0].startswith("12780")
