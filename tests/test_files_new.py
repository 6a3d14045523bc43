"""Tests of writing a fresh workbook of raw tabs, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import decimal
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from xl_kpi.excelfacts import DATE_FORMAT, DATETIME_FORMAT
from xl_kpi.excelfacts import MAX_DATA_ROWS as MAX_ROWS
from xl_kpi.files import save
from xl_kpi.files.new import MONEY_FORMAT, NOTE_STYLE, write_workbook
from xl_kpi.sample import russian_tables, sample_tables
from xl_kpi.schema import TABS


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return sample_tables(orders=400)


@pytest.fixture(scope="module")
def book(tables: dict[str, pd.DataFrame], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("new") / "sample.xlsx", tables)


@pytest.fixture(scope="module")
def loaded(book: Path) -> openpyxl.Workbook:
    """The sample workbook as openpyxl reads it, styles and all (the tests only look)."""
    return openpyxl.load_workbook(book)


def _cell_xml(path: Path, sheet: int, ref: str) -> str:
    """The XML of one cell of the ``sheet``-th worksheet."""
    xml = zipfile.ZipFile(path).read(f"xl/worksheets/sheet{sheet}.xml").decode()
    found = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml)
    assert found, ref
    return found.group(0)


def test_sheets_headers_and_layout(
    loaded: openpyxl.Workbook, tables: dict[str, pd.DataFrame]
) -> None:
    workbook = loaded
    assert workbook.sheetnames == [t.name for t in TABS]
    for name, frame in tables.items():
        sheet = workbook[name]
        header = [cell.value for cell in sheet[1]]
        assert header == list(frame.columns)
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        last = openpyxl.utils.get_column_letter(frame.shape[1])
        assert sheet.auto_filter.ref == f"A1:{last}{len(frame) + 1}"
        assert sheet.max_row == len(frame) + 1
        assert sheet.column_dimensions["A"].width >= 8


def test_values_round_trip(loaded: openpyxl.Workbook, tables: dict[str, pd.DataFrame]) -> None:
    workbook = loaded
    for name, frame in tables.items():
        rows = list(workbook[name].iter_rows(min_row=2, values_only=True))
        for j, column in enumerate(frame.columns):
            got = [row[j] for row in rows]
            want = frame[column]
            if pd.api.types.is_datetime64_any_dtype(want):
                assert got == [ts.to_pydatetime() for ts in want], (name, column)
            elif pd.api.types.is_numeric_dtype(want):
                expected = [None if np.isnan(v) else v for v in want.astype(float)]
                assert got == expected, (name, column)
            else:
                assert got == want.tolist(), (name, column)  # None stays a blank cell


def test_number_formats(loaded: openpyxl.Workbook) -> None:
    workbook = loaded
    orders = workbook["Orders"]
    assert orders["A2"].number_format == DATE_FORMAT
    assert orders["A2"].is_date
    assert orders["F2"].number_format == MONEY_FORMAT  # revenue
    assert orders["G2"].number_format == MONEY_FORMAT  # cost
    assert workbook["Spend"]["E2"].number_format == "General"  # impressions: a count
    # 0.015 has a third decimal, which #,##0.00 would hide: that column stays General.
    benchmark = [c for c in workbook["Targets"]["E"][1:] if c.value is not None]
    assert {c.number_format for c in benchmark} == {"General"}
    assert 0.015 in [c.value for c in benchmark]


def test_text_is_never_a_formula_link_or_number(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"text": pd.Series(["=SUM(A1:A2)", "http://example.com", "0123", "#N/A", "1 234,56"])}
    )
    path = write_workbook(tmp_path / "text.xlsx", {"T": frame})
    for k, value in enumerate(frame["text"], start=2):
        xml = _cell_xml(path, 1, f"A{k}")
        assert 't="inlineStr"' in xml and "<f>" not in xml
        assert openpyxl.load_workbook(path)["T"][f"A{k}"].value == value
    assert b"hyperlink" not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")


def test_blanks_mixed_values_and_dates(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "when": [pd.Timestamp("2025-01-31 13:45:10"), pd.NaT, pd.Timestamp("1850-06-01")],
            "mixed": pd.Series([dt.date(2025, 2, 1), decimal.Decimal("1.25"), True], dtype=object),
            "blank": pd.Series([None, np.nan, pd.NA], dtype=object),
            "money": [1.5, np.nan, np.inf],
            "flag": [True, False, True],
        }
    )
    path = write_workbook(tmp_path / "mixed.xlsx", {"Mixed": frame})
    sheet = openpyxl.load_workbook(path)["Mixed"]
    assert sheet["A2"].value == dt.datetime(2025, 1, 31, 13, 45, 10)
    assert sheet["A2"].number_format == DATETIME_FORMAT
    assert sheet["A3"].value is None
    assert sheet["A4"].value == "1850-06-01"  # before 1900: Excel cannot hold it as a date
    assert [sheet[f"B{k}"].value for k in (2, 3, 4)] == [dt.datetime(2025, 2, 1), 1.25, True]
    assert sheet["B2"].number_format == DATE_FORMAT
    assert all(sheet[f"C{k}"].value is None for k in (2, 3, 4))
    assert [sheet[f"D{k}"].value for k in (2, 3, 4)] == [1.5, None, None]
    assert [sheet[f"E{k}"].value for k in (2, 3, 4)] == [True, False, True]
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert not re.search(r'<c r="(D3|D4|C2|C3|C4|A3)"', xml)  # blanks are not written at all


def test_russian_text_kept_verbatim(tmp_path: Path) -> None:
    ru = russian_tables(sample_tables(orders=50))
    path = write_workbook(tmp_path / "ru.xlsx", ru)
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames == list(ru)
    frame = ru["Заказы"]
    header, first = workbook["Заказы"].iter_rows(max_row=2)
    assert [c.value for c in header] == list(frame.columns)
    assert [c.value for c in first] == frame.iloc[0].tolist()
    assert first[5].data_type == "s" and "\u00a0" in "".join(frame["выручка"])  # F2


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "exists.xlsx"
    path.write_bytes(b"keep me")
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(FileExistsError, match="overwrite=True"):
        write_workbook(path, {"A": frame})
    assert path.read_bytes() == b"keep me"
    write_workbook(path, {"A": frame}, overwrite=True)
    assert openpyxl.load_workbook(path)["A"]["A2"].value == 1


def test_failure_leaves_existing_file(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "book.xlsx", {"A": pd.DataFrame({"a": [1]})})
    before = path.read_bytes()
    with pytest.raises(ValueError, match="sheet name"):
        write_workbook(path, {"Good": pd.DataFrame({"a": [2]}), "Bad/Name": pd.DataFrame()},
                       overwrite=True)  # fmt: skip
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]  # no temporary left


def test_bad_input(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no tables"):
        write_workbook(tmp_path / "none.xlsx", {})
    huge = pd.DataFrame({"a": np.zeros(MAX_ROWS + 1, dtype=np.int8)})
    with pytest.raises(ValueError, match="1,048,575"):
        write_workbook(tmp_path / "huge.xlsx", {"Huge": huge})
    assert not (tmp_path / "huge.xlsx").exists()


def test_refuses_while_open_in_excel(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "open.xlsx", {"A": pd.DataFrame({"a": [1]})})
    (tmp_path / "~$open.xlsx").write_bytes(b"")
    with pytest.raises(save.WorkbookLocked):
        write_workbook(path, {"A": pd.DataFrame({"a": [2]})}, overwrite=True)


def test_notes_and_sheets_of_ones_own(tmp_path: Path) -> None:
    frame = pd.DataFrame({"date": [dt.datetime(2025, 1, 2)], "revenue": [10.5]})

    def start(sheet, workbook) -> None:
        sheet.write_string(0, 0, "Read me")
        sheet.write_formula(1, 0, "=SUM(Orders!B2:B2)", None, 10.5)

    def last(sheet, workbook) -> None:
        sheet.write_row(0, 0, ("key", "value"))

    path = write_workbook(
        tmp_path / "book.xlsx",
        {"Orders": frame, "Empty": pd.DataFrame(columns=["a"])},
        notes={"Orders": "← paste from row 2", "Empty": "nothing yet"},
        before={"Start": start},
        after={"conf": last},
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Start", "Orders", "Empty", "conf"]
    assert book["Start"]["A2"].value == "=SUM(Orders!B2:B2)"
    orders = book["Orders"]
    assert [c.value for c in orders[1]] == ["date", "revenue", None, "← paste from row 2"]
    note = orders["D1"]
    assert note.font.i and note.font.color.rgb.endswith(NOTE_STYLE["font_color"][1:])
    assert orders.auto_filter.ref == "A1:B2"  # the note stays out of the table
    assert book["Empty"]["C1"].value == "nothing yet"
    assert book["conf"]["B1"].value == "value"
    with pytest.raises(ValueError, match="not tables"):
        write_workbook(tmp_path / "bad.xlsx", {"A": frame}, notes={"B": "x"})
    with pytest.raises(ValueError, match="sheet name"):
        write_workbook(tmp_path / "dup.xlsx", {"A": frame}, before={"A": last})


def test_vba_project_and_fixed_properties(tmp_path: Path) -> None:
    vba = b"\xd0\xcf\x11\xe0" + bytes(range(256)) * 8  # stands in for a vbaProject.bin
    created = dt.datetime(2026, 1, 1, 9, 0)
    frame = pd.DataFrame({"a": [1]})
    paths = [
        write_workbook(
            tmp_path / f"{k}.xlsm",
            {"A": frame},
            vba_project=vba,
            properties={"title": "KPIs", "created": created},
        )
        for k in (1, 2)
    ]
    with zipfile.ZipFile(paths[0]) as one, zipfile.ZipFile(paths[1]) as two:
        assert one.read("xl/vbaProject.bin") == vba
        assert b"macroEnabled" in one.read("[Content_Types].xml")
        core = one.read("docProps/core.xml").decode()
        assert "2026-01-01T09:00:00Z" in core and "<dc:title>KPIs</dc:title>" in core
        assert {n: one.read(n) for n in one.namelist()} == {n: two.read(n) for n in two.namelist()}
    with pytest.raises(ValueError, match=r"\.xlsm"):
        write_workbook(tmp_path / "macros.xlsx", {"A": frame}, vba_project=vba)
    with pytest.raises(ValueError, match="VBA project"):
        write_workbook(tmp_path / "none.xlsm", {"A": frame})
    assert not list(tmp_path.glob("*.xlsx")) and not (tmp_path / "none.xlsm").exists()
