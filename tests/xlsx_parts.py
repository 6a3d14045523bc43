"""Workbook files taken apart and put together, for the tests: targets as xlsxwriter and
openpyxl write them, members rewritten in the zip, and the zip and its XML read back
member by member (stored bytes, names, sheets, defined names)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import xlsxwriter
from defusedxml import ElementTree as SafeET

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def png_bytes() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def build_xlsxwriter_target(path: Path) -> Path:
    """Several sheets, cached formula values, a chart, a picture, defined names."""
    wb = xlsxwriter.Workbook(path)
    three = wb.add_format({"num_format": "0.000"})  # custom format id 164 in the target
    data = wb.add_worksheet("Data")
    data.write_row(0, 0, ["Month", "Revenue", "Cost", "Margin"])
    for i in range(1, 13):
        data.write_row(i, 0, [f"2024-{i:02d}", 1000 + 10 * i, 500 + i])
        data.write_formula(i, 3, f"=B{i + 1}-C{i + 1}", three, 500 + 9 * i)
    report = wb.add_worksheet("Report")
    report.write_formula("A1", "=SUM(Data!B2:B13)", None, 12780)
    chart = wb.add_chart({"type": "line"})
    chart.add_series({"values": "=Data!$B$2:$B$13", "categories": "=Data!$A$2:$A$13"})
    report.insert_chart("C3", chart)
    report.insert_image("K3", "logo.png", {"image_data": io.BytesIO(png_bytes())})
    wb.add_worksheet("Notes").write("A1", "shared string")
    wb.define_name("Revenue", "=Data!$B$2:$B$13")
    wb.define_name("Report!Total", "=Report!$A$1")
    wb.close()
    return path


def build_openpyxl_target(path: Path) -> Path:
    """A workbook as openpyxl writes it (absolute rel targets, other style layout)."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for i in range(1, 6):
        ws.append([i, i * 2])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=5))
    ws.add_chart(chart, "D2")
    other = wb.create_sheet("Other")
    other["A1"] = "text"
    wb.defined_names["Everything"] = DefinedName("Everything", attr_text="Data!$A$1:$B$5")
    other.defined_names["Mine"] = DefinedName("Mine", attr_text="Other!$A$1")
    wb.save(path)
    return path


def rewrite_zip(
    src: Path, dst: Path, change: dict[str, bytes | None], add: dict[str | zipfile.ZipInfo, bytes]
) -> Path:
    """Copy a zip, replacing (or, with None, dropping) members and appending others (a
    member given as a ``ZipInfo`` is stored as it says, uncompressed by default)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change.get(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)
        for name, data in add.items():
            zout.writestr(name, data)
    return dst


def edit(path: Path, member: str, old: str, new: str, count: int = 1) -> bytes:
    text = zipfile.ZipFile(path).read(member).decode()
    assert text.count(old) >= count, (member, old)
    return text.replace(old, new, count).encode()


def raw_members(path: Path) -> dict[str, tuple[int, bytes]]:
    """Member name -> (CRC, compressed bytes as stored)."""
    out = {}
    with zipfile.ZipFile(path) as zf, open(path, "rb") as fh:
        for info in zf.infolist():
            fh.seek(info.header_offset)
            name_len, extra_len = struct.unpack("<HH", fh.read(30)[26:30])
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            out[info.filename] = (info.CRC, fh.read(info.compress_size))
    return out


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return zf.namelist()


def read_bytes(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(member)


def read(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(member).decode()


def sheets(path: Path) -> list[dict[str, str]]:
    root = SafeET.fromstring(read(path, "xl/workbook.xml"))
    return [
        {"name": s.get("name"), "sheetId": s.get("sheetId"), "rid": s.get(f"{{{REL}}}id")}
        for s in root.iter(f"{{{MAIN}}}sheet")
    ]


def defined_names(path: Path) -> list[dict[str, str | None]]:
    root = SafeET.fromstring(read(path, "xl/workbook.xml"))
    return [{**d.attrib, "text": d.text} for d in root.iter(f"{{{MAIN}}}definedName")]


def sheet_part(path: Path, name: str) -> str:
    """The member holding sheet ``name``."""
    rid = next(s["rid"] for s in sheets(path) if s["name"] == name)
    rels = SafeET.fromstring(read(path, "xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
