"""Broken and hostile workbooks, built by code: what users and attackers hand to xl-kpi.

Each builder writes one file (or a pipe, a link...) named ``book.xlsx`` in an empty folder
and returns the path to give the command line. :data:`CASES` maps a case name to its
builder and to what a user must see: a refusal whose message contains a phrase, or a
result (``None``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

SHEET = "xl/worksheets/sheet1.xml"  # Orders
CHANNELS = ["VK", "Email", '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)"]


def workbook_bytes(
    rows: int = 30, extra_sheets: dict[str, list[list[object]]] | None = None
) -> bytes:
    """A small, valid workbook: Orders and Spend with shared strings, as Excel stores text."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False}) as wb:
        dates = wb.add_format({"num_format": "dd.mm.yyyy"})
        orders = wb.add_worksheet("Orders")
        orders.write_row(0, 0, ["date", "revenue", "channel", "status"])
        for i in range(rows):
            orders.write_datetime(i + 1, 0, dt.datetime(2025, 1 + i % 12, 1 + i % 27), dates)
            orders.write_number(i + 1, 1, 100.0 + i)
            orders.write_string(i + 1, 2, CHANNELS[i % len(CHANNELS)])
            orders.write_string(i + 1, 3, "completed")
        spend = wb.add_worksheet("Spend")
        spend.write_row(0, 0, ["date", "channel", "spend"])
        for i in range(12):
            spend.write_datetime(i + 1, 0, dt.datetime(2025, 1 + i, 1), dates)
            spend.write_string(i + 1, 1, "VK")
            spend.write_number(i + 1, 2, 50.0)
        for name, table in (extra_sheets or {}).items():
            sheet = wb.add_worksheet(name)
            for r, row in enumerate(table):
                sheet.write_row(r, 0, row)
    return buffer.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def repack(
    parts: dict[str, bytes], stored: tuple[str, ...] = (), extra: dict[str, bytes] | None = None
) -> bytes:
    """A zip of ``parts`` (deflated, or stored for the names in ``stored``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in {**parts, **(extra or {})}.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, kind)
    return buffer.getvalue()


def edit(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    parts = members(data)
    parts[part] = change(parts[part])
    return repack(parts)


def _file(data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / "book.xlsx"
        path.write_bytes(data)
        return path

    return build


# --------------------------------------------------------------------------- byte tricks
def _entry_offset(data: bytes, name: str) -> tuple[int, int]:
    """Offsets of ``name``'s local header and of its central directory entry."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    central = data.index(b"PK\x01\x02")
    while True:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == name.encode():
            return local, central
        central = data.index(b"PK\x01\x02", central + 4)


def bad_crc() -> bytes:
    """The Orders sheet stored uncompressed, one digit of a value changed: the CRC fails."""
    data = bytearray(repack(members(workbook_bytes()), stored=(SHEET,)))
    local, _ = _entry_offset(bytes(data), SHEET)
    at = data.index(b"<v>100</v>", local)
    data[at + 3] = ord("9")
    return bytes(data)


def corrupt_deflate() -> bytes:
    data = bytearray(workbook_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 10, start + info.compress_size - 4, 7):
        data[k] ^= 0x55
    return bytes(data)


def lying_size(data: bytes, name: str, declared: int) -> bytes:
    """``name``'s entry rewritten to declare ``declared`` inflated bytes (and a CRC that
    fits that much), as a zip bomb that lies about itself would."""
    parts = members(data)
    real = parts[name]
    out = bytearray(data)
    local, central = _entry_offset(data, name)
    crc = zlib.crc32(real[:declared])
    struct.pack_into("<I", out, local + 14, crc)
    struct.pack_into("<I", out, local + 22, declared)
    struct.pack_into("<I", out, central + 16, crc)
    struct.pack_into("<I", out, central + 24, declared)
    return bytes(out)


def with_zeros(data: bytes, name: str, size: int) -> bytes:
    """``data`` with a member ``name`` of ``size`` zero bytes, deflated (about 1,000 to 1)."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(name, "w") as member:
            block = bytes(1 << 20)
            for _ in range(size >> 20):
                member.write(block)
    return buffer.getvalue()


# --------------------------------------------------------------------------- sheet edits
def far_cell(sheet: str = SHEET, extra: dict[str, list[list[object]]] | None = None) -> bytes:
    """A plausible ``<dimension>`` and one cell at XFD1048576 in ``sheet``."""
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    return edit(
        workbook_bytes(extra_sheets=extra), sheet, lambda x: x.replace(b"</sheetData>", far)
    )


def without_refs() -> bytes:
    """Cells (and rows) without ``r`` references: valid, and read by position."""
    return edit(workbook_bytes(), SHEET, lambda x: re.sub(rb' r="[A-Z]*[0-9]+"', b"", x))


def utf16() -> bytes:
    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        return text.encode("utf-16")

    return edit(workbook_bytes(), SHEET, change)


def entity_in_strings() -> bytes:
    doctype = b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    def change(xml: bytes) -> bytes:
        return xml.replace(b"?>", b"?>" + doctype, 1).replace(b"<t>VK</t>", b"<t>&xxe;</t>")

    return edit(workbook_bytes(), "xl/sharedStrings.xml", change)


def index_past_end() -> bytes:
    def change(xml: bytes) -> bytes:
        return re.sub(rb'(<c r="C2"[^>]*t="s"><v>)[0-9]+', rb"\g<1>999", xml, count=1)

    return edit(workbook_bytes(), SHEET, change)


def infinite_value() -> bytes:
    return edit(workbook_bytes(), SHEET, lambda x: x.replace(b"<v>100</v>", b"<v>1e999</v>", 1))


def duplicate_revenue() -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as wb:
        orders = wb.add_worksheet("Orders")
        orders.write_row(0, 0, ["date", "revenue", "channel", "revenue"])
        for i in range(10):
            orders.write_row(i + 1, 0, [f"{1 + i:02d}.02.2025", 100 + i, "VK", 5])
    return buffer.getvalue()


def other_forms() -> bytes:
    """Inline strings, a shared formula with its cached values, and rich text."""

    def change(xml: bytes) -> bytes:
        xml = re.sub(
            rb'<c r="D2" t="s"><v>[0-9]+</v></c>',
            b'<c r="D2" t="inlineStr"><is><t>completed</t></is></c>',
            xml,
        )
        xml = xml.replace(
            b'<c r="B3"><v>101</v></c>',
            b'<c r="B3"><f t="shared" ref="B3:B4" si="0">B2+1</f><v>101</v></c>',
        )
        return xml.replace(
            b'<c r="B4"><v>102</v></c>', b'<c r="B4"><f t="shared" si="0"/><v>102</v></c>'
        )

    data = edit(workbook_bytes(), SHEET, change)
    rich = b"<si><r><rPr><b/></rPr><t>Em</t></r><r><t>ail</t></r></si>"
    return edit(data, "xl/sharedStrings.xml", lambda x: x.replace(b"<si><t>Email</t></si>", rich))


def ole(kind: str) -> bytes:
    name = {"xls": "Workbook", "encrypted": "EncryptedPackage"}[kind]
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000) + name.encode("utf-16-le") + bytes(500)


WEB_EXTENSION = "xl/webextensions/webextension1.xml"


def web_extension_bomb() -> bytes:
    return with_zeros(workbook_bytes(), WEB_EXTENSION, 64 << 20)


def web_extension_liar() -> bytes:
    """A web-extension part that says it is 100 bytes and inflates to 32 MiB."""
    return lying_size(with_zeros(workbook_bytes(), WEB_EXTENSION, 32 << 20), WEB_EXTENSION, 100)


# --------------------------------------------------------------------------- the corpus
@dataclass(frozen=True)
class Case:
    build: Callable[[Path], Path]
    refused: str | None  # a phrase of the refusal; None: the commands succeed


def _fifo(folder: Path) -> Path:
    path = folder / "book.xlsx"
    os.mkfifo(path)
    return path


CASES: dict[str, Case] = {
    "csv renamed": Case(_file(b"date,revenue\n01.01.2025,100\n"), "a text or CSV file"),
    "empty": Case(_file(b""), "is empty (0 bytes)"),
    "truncated download": Case(
        lambda f: _file(workbook_bytes(200)[:6000])(f), "incomplete or damaged"
    ),
    "old xls": Case(_file(ole("xls")), "old-format Excel 97-2003"),
    "encrypted": Case(_file(ole("encrypted")), "password-protected"),
    "html renamed": Case(_file(b"<html><body><table></table></body></html>"), "HTML"),
    "bad crc": Case(lambda f: _file(bad_crc())(f), "checksum"),
    "corrupt deflate": Case(lambda f: _file(corrupt_deflate())(f), "damaged"),
    "entity in shared strings": Case(
        lambda f: _file(entity_in_strings())(f), "sharedStrings.xml declares a DTD"
    ),
    "string index past the end": Case(lambda f: _file(index_past_end())(f), "text number 999"),
    "far cell": Case(lambda f: _file(far_cell())(f), "cells out to XFD1048576"),
    "far cell in an unrelated sheet": Case(
        lambda f: _file(far_cell("xl/worksheets/sheet3.xml", {"Notes": [["free text"]]}))(f),
        None,
    ),
    "fifo": Case(_fifo, "named pipe"),
    "folder": Case(lambda f: (f / "book.xlsx").mkdir() or f / "book.xlsx", "folder"),
    "web extension bomb": Case(lambda f: _file(web_extension_bomb())(f), "zip bomb"),
    "web extension that lies about its size": Case(
        lambda f: _file(web_extension_liar())(f), "webextension1.xml"
    ),
    "cells without r": Case(lambda f: _file(without_refs())(f), None),
    "utf-16 sheet": Case(lambda f: _file(utf16())(f), None),
    "inline strings, shared formulas, rich text": Case(lambda f: _file(other_forms())(f), None),
    "duplicate revenue column": Case(lambda f: _file(duplicate_revenue())(f), None),
    "infinite value": Case(lambda f: _file(infinite_value())(f), None),
    "plain": Case(lambda f: _file(workbook_bytes())(f), None),
}
