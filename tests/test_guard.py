"""Guards run before any reader touches a user's file.

The hostile files are built here and only ever given to the guard: never to
fastexcel, which would abort the interpreter on some of them. (The whole corpus of broken
and hostile files goes through the command line in ``test_hostile_files.py``.)
"""

from __future__ import annotations

import re
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import pytest
import xlsxwriter

from xl_kpi.files import _inflate, guard
from xl_kpi.files.guard import Limits, UnsafeWorkbook, check_workbook

SHEET = "xl/worksheets/sheet1.xml"


def build(path: Path, fill: dict[str, list[list[object]]]) -> Path:
    """A workbook with one sheet per key, rows of values from A1."""
    with xlsxwriter.Workbook(path, {"constant_memory": True}) as wb:
        for name, rows in fill.items():
            ws = wb.add_worksheet(name)
            for r, row in enumerate(rows):
                ws.write_row(r, 0, row)
    return path


def patch(path: Path, member: str, edit: object, out: Path | None = None) -> Path:
    """Rewrite one member with ``edit(text) -> text``."""
    out = out or path.with_name("patched-" + path.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = edit(data.decode()).encode()  # type: ignore[operator]
            zout.writestr(info, data)
    return out


def add_members(path: Path, members: dict[str, bytes], out: Path) -> Path:
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        for name, data in members.items():
            zout.writestr(name, data)
    return out


def far_corner(tmp_path: Path, dimension: str | None) -> Path:
    """About 5 KB: a header cell and one value in XFD1048576, with a dimension that lies."""
    base = tmp_path / "base.xlsx"
    with xlsxwriter.Workbook(base) as wb:
        wb.add_worksheet("Data").write("A1", "header")
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    replacement = "" if dimension is None else f'<dimension ref="{dimension}"/>'

    def edit(text: str) -> str:
        text = re.sub(r'<dimension ref="[^"]*"/>', replacement, text)
        return text.replace("</sheetData>", far)

    return patch(base, SHEET, edit, tmp_path / "far.xlsx")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sheet of 60,000 rows by 4 columns, several MiB of XML: a one-cell workbook from
    xlsxwriter with the rows written as XML (xlsxwriter takes a second for them)."""
    folder = tmp_path_factory.mktemp("big")
    one = build(folder / "one.xlsx", {"Data": [["x"]]})
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n - 1}</v></c><c r="B{n}"><v>{(n - 1) * 2.5}</v></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>x</t></is></c><c r="D{n}"><v>{n - 1}</v></c></row>'
        for n in range(1, 60_001)
    )

    def fill(text: str) -> str:
        text = re.sub("<sheetData>.*</sheetData>", lambda _: f"<sheetData>{rows}</sheetData>", text)
        return text.replace('<dimension ref="A1"/>', '<dimension ref="A1:D60000"/>')

    return patch(one, SHEET, fill, folder / "big.xlsx")


# --------------------------------------------------------------------------- accepted files


def test_extents_of_ordinary_sheets(tmp_path: Path) -> None:
    path = build(
        tmp_path / "ok.xlsx",
        {
            "Data": [["a", "b", "c"]] + [[i, i, i] for i in range(9)],
            "Empty": [],
            "Wide & 'co' sheet": [[1] * 26],
        },
    )
    assert check_workbook(path) == {"Data": (10, 3), "Empty": (0, 0), "Wide & 'co' sheet": (1, 26)}


def test_extent_counts_from_a1(tmp_path: Path) -> None:
    path = tmp_path / "offset.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        wb.add_worksheet("Data").write("D7", 1)
    assert check_workbook(path) == {"Data": (7, 4)}


def test_chartsheets_are_not_worksheets(tmp_path: Path) -> None:
    path = tmp_path / "chart.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        wb.add_worksheet("Data").write_column("A1", [1, 2, 3])
        chart = wb.add_chart({"type": "line"})
        chart.add_series({"values": "=Data!$A$1:$A$3"})
        wb.add_chartsheet("Chart").set_chart(chart)
    assert check_workbook(path) == {"Data": (3, 1)}


def test_a_stray_far_cell_at_the_end_of_a_large_sheet_is_found(big: Path, tmp_path: Path) -> None:
    # The dimension is plausible and the sheet several MiB: only reading every cell finds it.
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    path = patch(big, SHEET, lambda t: t.replace("</sheetData>", far), tmp_path / "far.xlsx")
    with pytest.raises(UnsafeWorkbook, match="cells out to XFD1048576"):
        check_workbook(path)


def test_rows_out_of_order_and_far_down_are_found(big: Path, tmp_path: Path) -> None:
    stray = '<row r="30"><c r="A30"><v>1</v></c><c r="B3000000"><v>1</v></c></row>'
    path = patch(
        big,
        SHEET,
        lambda t: t.replace('<row r="30"', stray + '<row r="30"', 1),
        tmp_path / "x.xlsx",
    )
    with pytest.raises(UnsafeWorkbook, match=r"3,000,000 rows"):
        check_workbook(path)


def test_wide_and_long_is_refused_by_its_cell_count(tmp_path: Path) -> None:
    path = build(tmp_path / "wide.xlsx", {"Data": [[1] * 200]})
    far = '<row r="400000"><c r="A400000"><v>1</v></c></row></sheetData>'
    path = patch(path, SHEET, lambda t: t.replace("</sheetData>", far), tmp_path / "long.xlsx")
    with pytest.raises(UnsafeWorkbook, match="50,000,000 cells"):
        check_workbook(path)
    assert check_workbook(path, Limits(max_cells=100_000_000)) == {"Data": (400_000, 200)}


def test_only_the_wanted_sheets_are_scanned(tmp_path: Path) -> None:
    path = far_corner(tmp_path, "A1")
    assert check_workbook(path, wanted=lambda name: name != "Data") == {}


@pytest.mark.parametrize(
    ("form", "extent"),
    [
        (
            '<row><c><v>1</v></c><c><v>2</v></c></row><row><c t="inlineStr"><is><t>x</t></is>'
            "</c></row>",
            (2, 2),
        ),
        ('<row r="4"><c><v>1</v></c><c r="E4"><v>2</v></c><c><v>3</v></c></row>', (4, 6)),
        ('<x:row r="7"><x:c r="C7"><x:v>1</x:v></x:c></x:row>', (7, 3)),
    ],
    ids=["no references", "some references", "prefixed"],
)
def test_cells_are_placed_as_a_reader_places_them(tmp_path: Path, form: str, extent) -> None:
    base = build(tmp_path / "base.xlsx", {"Data": [["text"]]})

    def edit(text: str) -> str:
        text = text.replace("<worksheet ", '<worksheet xmlns:x="urn:x" ', 1)
        return re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{form}</sheetData>", text)

    assert check_workbook(patch(base, SHEET, edit)) == {"Data": extent}


def test_shared_string_index_past_the_table_is_refused_with_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "strings.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        wb.add_worksheet("Data").write_column("A1", ["a", "b", "c"])
    bad = patch(
        path, SHEET, lambda t: t.replace('<c r="A3" t="s"><v>2</v>', '<c r="A3" t="s"><v>3</v>')
    )
    with pytest.raises(UnsafeWorkbook, match=r"sheet 'Data', cell A3: it refers to text number 3"):
        check_workbook(bad)
    assert check_workbook(path) == {"Data": (3, 1)}


@pytest.mark.parametrize("dimension", ["A1", "A1:A1", "A1:B2"])
def test_lying_dimension_on_a_large_sheet_is_scanned(
    big: Path, tmp_path: Path, dimension: str
) -> None:
    def lie(text: str) -> str:
        return text.replace('<dimension ref="A1:D60000"/>', f'<dimension ref="{dimension}"/>')

    lying = patch(big, SHEET, lie, tmp_path / "lying.xlsx")
    assert check_workbook(lying) == {"Data": (60_000, 4)}


# --------------------------------------------------------------------------- refused files


@pytest.mark.parametrize("dimension", ["A1", None, "A1:B2"], ids=["A1", "absent", "A1:B2"])
def test_value_in_the_last_cell_is_refused(tmp_path: Path, dimension: str | None) -> None:
    path = far_corner(tmp_path, dimension)
    assert path.stat().st_size < 8_000
    with pytest.raises(
        UnsafeWorkbook, match=r"sheet 'Data': it has cells out to XFD1048576 .*16,384 columns"
    ):
        check_workbook(path)


def test_wide_dimension_is_refused(tmp_path: Path) -> None:
    path = build(tmp_path / "wide.xlsx", {"Data": [[1] * 1_001]})
    with pytest.raises(UnsafeWorkbook, match=r"'Data': it has cells out to ALM1 .*1,001 columns"):
        check_workbook(path)
    assert check_workbook(path, Limits(max_columns=2_000)) == {"Data": (1, 1_001)}


def test_row_limit(tmp_path: Path) -> None:
    path = build(tmp_path / "rows.xlsx", {"Data": [[i] for i in range(50)]})
    with pytest.raises(UnsafeWorkbook, match="50 rows"):
        check_workbook(path, Limits(max_rows=49))


def test_zip_bomb_member_is_refused(tmp_path: Path) -> None:
    base = build(tmp_path / "ok.xlsx", {"Data": [[1]]})
    bomb = add_members(base, {"xl/media/image1.png": bytes(64 << 20)}, tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(UnsafeWorkbook, match="zip bomb: its part xl/media/image1.png inflates"):
        check_workbook(bomb)


def test_many_small_compressible_members_are_refused(tmp_path: Path) -> None:
    path = build(tmp_path / "ok.xlsx", {"Data": [[1]]})
    items = {f"customXml/item{i}.xml": bytes(900_000) for i in range(40)}
    path = add_members(path, items, tmp_path / "many.xlsx")
    with pytest.raises(UnsafeWorkbook, match="zip bomb: it inflates"):
        check_workbook(path)


def test_total_size_limit(tmp_path: Path) -> None:
    path = build(tmp_path / "ok.xlsx", {"Data": [[1]]})
    with pytest.raises(UnsafeWorkbook, match="too large"):
        check_workbook(path, Limits(max_uncompressed_bytes=1_000))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Month,Revenue\n2024-01,100\n", "not an Excel workbook .* CSV"),
        (b"", r"is empty \(0 bytes\)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old-format Excel 97-2003"),
    ],
    ids=["csv", "empty", "ole"],
)
def test_files_that_are_not_workbooks(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnsafeWorkbook, match=message):
        check_workbook(path)


def test_truncated_workbook(tmp_path: Path) -> None:
    path = build(tmp_path / "ok.xlsx", {"Data": [[1]]})
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(UnsafeWorkbook, match="damaged"):
        check_workbook(cut)


def test_encrypted_zip_member(tmp_path: Path) -> None:
    path = build(tmp_path / "ok.xlsx", {"Data": [[1]]})
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    flags = struct.unpack_from("<H", data, central + 8)[0]
    struct.pack_into("<H", data, central + 8, flags | 1)
    path.write_bytes(bytes(data))
    with pytest.raises(UnsafeWorkbook, match="encrypted"):
        check_workbook(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(UnsafeWorkbook, match="zip archive but not an Excel workbook"):
        check_workbook(path)


def test_binary_workbook(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsb"
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00")
    with pytest.raises(UnsafeWorkbook, match=r"\.xlsb"):
        check_workbook(path)


def test_entity_tricks_in_workbook_xml(tmp_path: Path) -> None:
    path = build(tmp_path / "ok.xlsx", {"Data": [[1]]})
    evil = patch(
        path,
        "xl/workbook.xml",
        lambda t: t.replace("<workbook ", '<!DOCTYPE w [<!ENTITY a "aaaa">]><workbook ', 1),
    )
    with pytest.raises(UnsafeWorkbook, match="xl/workbook.xml declares a DTD or entities"):
        check_workbook(evil)


def test_default_limits() -> None:
    assert Limits() == Limits(4 << 30, 2 << 30, 200.0, 1_048_576, 1_000, 50_000_000)
    with pytest.raises(AttributeError):
        Limits().max_rows = 5  # type: ignore[misc]


def test_a_sheet_that_turns_wide_is_scanned_again_row_by_row(tmp_path: Path) -> None:
    # Row 900,000 comes early and out of order; while the sheet is narrow any row up to
    # the last one is safe, but once it is 60 columns wide the rows must be exact.
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 40))
    rows = rows.replace('<c r="A5">', '<c r="A900000"><v>1</v></c><c r="A5">', 1)
    rows += '<row r="40"><c r="BH40"><v>1</v></c></row>'
    base = build(tmp_path / "base.xlsx", {"Data": [["x"]]})
    path = patch(
        base,
        SHEET,
        lambda t: re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>", t),
    )
    with pytest.raises(UnsafeWorkbook, match=r"900,000 rows, 60 columns"):
        check_workbook(path)


def test_a_string_index_in_range_with_spaces_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "strings.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        wb.add_worksheet("Data").write_column("A1", ["a", "b", "c"])
    spaced = patch(path, SHEET, lambda t: t.replace('t="s"><v>2</v>', 't="s"><v> 2 </v>'))
    assert check_workbook(spaced) == {"Data": (3, 1)}


@pytest.fixture(params=["isal", "zlib"])
def inflater(request, monkeypatch: pytest.MonkeyPatch):
    """The guard with ISA-L (where it is installed) and with zlib, its fallback."""
    if request.param == "isal":
        pytest.importorskip("isal")
    else:
        monkeypatch.setattr(_inflate, "_zlib", zlib)
    return request.param


def test_both_inflaters_read_the_same_and_refuse_the_same(inflater, tmp_path: Path) -> None:
    rows = [["date", "revenue"], *([i, i * 2.5] for i in range(2000))]
    path = build(tmp_path / "book.xlsx", {"Orders": rows})
    with zipfile.ZipFile(path) as archive, path.open("rb") as src:
        for info in archive.infolist():
            assert b"".join(_inflate.inflate(src, info, 1 << 30)) == archive.read(info)
        sheet = next(i for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
    data = bytearray(path.read_bytes())
    offset = sheet.header_offset + 30 + len(sheet.filename.encode()) + len(sheet.extra)
    data[offset + 20 : offset + 60] = bytes(40)  # corrupt deflate data inside the sheet
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bytes(data))
    with (
        broken.open("rb") as src,
        pytest.raises(_inflate.Damaged, match="corrupt|checksum|cut short"),
    ):
        b"".join(_inflate.inflate(src, sheet, 1 << 30))


# --------------------------------------------------------------------------- without threads


@pytest.fixture
def no_threads(monkeypatch: pytest.MonkeyPatch):
    """A Python that cannot start threads, failing as Pyodide's does (the Python of xlwings
    Lite: ``threading`` imports, starting a thread raises ``RuntimeError``)."""

    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    guard._can_start_threads.cache_clear()
    monkeypatch.setattr(threading.Thread, "start", refuse)
    yield
    monkeypatch.undo()
    guard._can_start_threads.cache_clear()


def test_the_guard_knows_whether_threads_start(no_threads: None) -> None:
    assert guard._can_start_threads() is False


def test_without_threads_the_sheets_are_scanned_one_by_one(no_threads: None, tmp_path: Path):
    path = build(
        tmp_path / "ok.xlsx",
        {"Data": [["a", "b"]] + [[i, i] for i in range(5)], "Empty": [], "Wide": [[1] * 26]},
    )
    book = guard.inspect_workbook(path, scan=False)
    scanned = list(guard.scan_sheets(book, ["Wide", "Data"]))
    assert [(s.name, s.rows, s.columns) for s in scanned] == [("Wide", 1, 26), ("Data", 6, 2)]
    assert check_workbook(path) == {"Data": (6, 2), "Empty": (0, 0), "Wide": (1, 26)}
    bad = far_corner(tmp_path, "A1")
    with pytest.raises(UnsafeWorkbook, match=r"XFD1048576"):
        check_workbook(bad)
