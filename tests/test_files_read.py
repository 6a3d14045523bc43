"""Tests of reading raw tabs: the frame contract, with fastexcel and with openpyxl."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from xl_kpi.files import guard
from xl_kpi.files.new import write_workbook
from xl_kpi.files.read import MissingHeader, read_tabs
from xl_kpi.sample import russian_tables, sample_tables
from xl_kpi.schema import TABS

fastexcel = pytest.importorskip("fastexcel")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    """The sample's tabs, each cut to its first 300 rows: every kind of cell, read quickly."""
    return {name: frame.head(300) for name, frame in sample_tables(orders=300).items()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("read")


@pytest.fixture(scope="module")
def english(tables: dict[str, pd.DataFrame], folder: Path) -> Path:
    return write_workbook(folder / "en.xlsx", tables)


@pytest.fixture(scope="module")
def russian(tables: dict[str, pd.DataFrame], folder: Path) -> Path:
    return write_workbook(folder / "ru.xlsx", russian_tables(tables))


@pytest.fixture(scope="module")
def mixed(folder: Path) -> Path:
    """A sheet with a blank middle row, a mixed column, odd headers and error values."""
    path = folder / "mixed.xlsx"
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("Data")
    date = book.add_format({"num_format": "dd.mm.yyyy"})
    for j, header in enumerate(["num", "mixed", "num", "", " spaced ", "when", "", "flag"]):
        sheet.write_string(0, j, header)
    sheet.write_number(0, 8, 2025)  # a number as a header
    rows = [
        [2 / 3, 2 / 3, 1.0, None, '=HYPERLINK("x")', dt.datetime(2025, 1, 31), None, True],
        None,  # Excel row 3 is blank
        [0.1, "abc", 2.0, None, "1 234,56", dt.datetime(2025, 2, 1, 13, 45), None, False],
        [123456789.125, dt.datetime(2025, 3, 1), None, None, " 12 ", None, None, None],
        [None, True, None, None, "#N/A", None, None, None],
        [None, "123", None, None, None, None, None, None],
    ]
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row or []):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(i, j, value, date)
            elif isinstance(value, bool):
                sheet.write_boolean(i, j, value)
            elif isinstance(value, float):
                sheet.write_number(i, j, value)
            elif isinstance(value, str):
                sheet.write_string(i, j, value)
    sheet.write_formula(5, 8, "=1/0", None, "#DIV/0!")  # an error value
    sheet.write_string(0, 9, "score")  # numbers and logical values: fastexcel makes 1 of TRUE
    for i, value in enumerate([1.0, None, True, 0.0, False, 2.5], start=1):
        if isinstance(value, bool):
            sheet.write_boolean(i, 9, value)
        elif value is not None:
            sheet.write_number(i, 9, value)
    book.add_worksheet("Empty")
    late = book.add_worksheet("Late header")
    late.write_string(2, 0, "header in row 3")
    book.close()
    return path


@pytest.fixture(scope="module")
def na_texts(folder: Path) -> Path:
    """Texts that fastexcel takes for blanks, in columns of numbers, dates and durations."""
    path = folder / "na.xlsx"
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("NA")
    date, duration = (
        book.add_format({"num_format": "yyyy-mm-dd"}),
        book.add_format({"num_format": "[h]:mm"}),
    )
    sheet.write_row(0, 0, ["number", "date", "text", "duration", "when"])
    texts = ["n/a", "NULL", "", "nan", "#N/A", "None", "NA"]
    for i, text in enumerate(texts, start=1):
        sheet.write_string(i, 0, text)
        sheet.write_string(i, 1, text)
        sheet.write_string(i, 2, text)
        if i % 2:
            sheet.write_number(i, 3, i / 24, duration)
        else:
            sheet.write_string(i, 3, text)
        sheet.write_datetime(i, 4, dt.datetime(2025, 1, i), date)
    sheet.write_number(8, 0, 1.5)
    sheet.write_datetime(8, 1, dt.datetime(2025, 5, 1), date)
    book.close()
    return path


def without_fastexcel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import fastexcel`` fail, as under Pyodide."""
    monkeypatch.setitem(sys.modules, "fastexcel", None)


def test_english_contract(english: Path, tables: dict[str, pd.DataFrame]) -> None:
    frames = read_tabs(english)
    assert list(frames) == [t.name for t in TABS]
    for name, want in tables.items():
        got = frames[name]
        assert list(got.columns) == list(want.columns)
        assert len(got) == len(want)
        for column in want.columns:
            a, b = want[column], got[column]
            if pd.api.types.is_datetime64_any_dtype(a):
                assert b.dtype == "datetime64[ms]"
                assert (a.to_numpy("datetime64[ms]") == b.to_numpy()).all()
            elif pd.api.types.is_numeric_dtype(a):
                assert b.dtype == np.float64
                np.testing.assert_array_equal(a.to_numpy(float), b.to_numpy())
            else:
                assert isinstance(b.dtype, pd.CategoricalDtype)  # text: its distinct values once
                assert plain(b).tolist() == a.tolist(), (name, column)  # None for blanks
    organic = frames["Orders"][frames["Orders"]["channel"] == "Organic"]
    assert organic["campaign"].isna().all() and len(organic)


def plain(column: pd.Series) -> pd.Series:
    """A text column as ``object`` with None for blanks, whichever way a reader holds it."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return pd.Series(np.where(column.isna(), None, column.astype(object)), dtype=object)
    return column


def test_russian_text_verbatim(russian: Path, tables: dict[str, pd.DataFrame]) -> None:
    frames = read_tabs(russian)
    assert list(frames) == [t.ru for t in TABS]
    want = russian_tables(tables)["Заказы"]
    got = frames["Заказы"]
    assert list(got.columns) == list(want.columns)
    for column in ("дата", "выручка", "себестоимость", "статус", "кампания"):
        assert plain(got[column]).tolist() == want[column].tolist()
    assert got["выручка"].str.contains("\u00a0").any()  # no-break spaces kept
    assert got["дата"].iloc[0] == "01.01.2025"  # date text is not parsed


def test_wanted_filters_and_unwanted_sheets_are_not_loaded(
    english: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[str] = []
    original = fastexcel.ExcelReader.load_sheet

    def spy(self: object, name: str, **options: object) -> object:
        loaded.append(name)
        return original(self, name, **options)

    monkeypatch.setattr(fastexcel.ExcelReader, "load_sheet", spy)
    frames = read_tabs(english, lambda name: name in {"Orders", "Targets"})
    assert list(frames) == ["Orders", "Targets"]
    assert set(loaded) == {"Orders", "Targets"}


def test_sheets_are_read_by_threads_and_one_by_one_where_none_start(
    english: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sheets are read off the main thread (two at a time) where threads start; where
    none can (Pyodide, the Python of xlwings Lite) they are read in turn, to the same
    frames."""
    threads: dict[str, str] = {}
    original = fastexcel.ExcelReader.load_sheet

    def spy(self: object, name: str, **options: object) -> object:
        threads[name] = threading.current_thread().name
        return original(self, name, **options)

    monkeypatch.setattr(fastexcel.ExcelReader, "load_sheet", spy)
    together = read_tabs(english)
    assert threads and all(t.startswith("xl-kpi-read") for t in threads.values())

    def refuse(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")  # as Pyodide refuses

    guard._can_start_threads.cache_clear()
    monkeypatch.setattr(threading.Thread, "start", refuse)
    threads.clear()
    try:
        alone = read_tabs(english)
    finally:
        monkeypatch.undo()
        guard._can_start_threads.cache_clear()
    assert set(threads.values()) == {threading.main_thread().name}
    assert list(alone) == list(together)
    for name, frame in together.items():
        pd.testing.assert_frame_equal(alone[name], frame)
        assert alone[name].attrs == frame.attrs


def test_rows_headers_and_mixed_columns(mixed: Path) -> None:
    frame = read_tabs(mixed, lambda name: name == "Data")["Data"]
    assert list(frame.columns) == ["num", "mixed", "num_1", "", " spaced ", "when", "_1",
                                   "flag", "2025", "score"]  # fmt: skip
    assert len(frame) == 6  # Excel rows 2 to 7
    assert frame.iloc[1].isna().all()  # Excel row 3, blank, keeps its place
    assert frame["num"].dtype == np.float64
    assert frame["num"].iloc[0] == 2 / 3 and frame["num"].iloc[3] == 123456789.125
    mixed_column = frame["mixed"].tolist()
    assert mixed_column[0] == 2 / 3  # exact, not fastexcel's text "0.666666667"
    assert mixed_column[1] is None
    assert mixed_column[2] == "abc"
    assert mixed_column[3] == pd.Timestamp("2025-03-01")
    assert mixed_column[4] is True
    assert mixed_column[5] == "123"  # text that looks like a number stays text
    np.testing.assert_array_equal(frame["num_1"].to_numpy()[:3], [1.0, np.nan, 2.0])
    assert frame[" spaced "].tolist()[:5] == ['=HYPERLINK("x")', None, "1 234,56", " 12 ", "#N/A"]
    assert frame["when"].dtype == "datetime64[ms]"
    assert frame["when"].iloc[2] == pd.Timestamp("2025-02-01 13:45")
    assert frame["flag"].tolist()[:3] == [True, None, False]
    assert frame["2025"].isna().all()  # the #DIV/0! error reads as a blank
    assert frame[""].isna().all() and frame["_1"].isna().all()
    score = frame["score"].tolist()
    assert score == [1.0, None, True, 0.0, False, 2.5]
    assert [type(v) for v in score] == [float, type(None), bool, float, bool, float]
    assert [type(v) for v in mixed_column] == [float, type(None), str, pd.Timestamp, bool, str]


def test_texts_that_look_like_blanks_are_kept(na_texts: Path) -> None:
    frame = read_tabs(na_texts)["NA"]
    texts = ["n/a", "NULL", "", "nan", "#N/A", "None", "NA"]
    assert frame["number"].tolist() == [*texts, 1.5]
    assert frame["date"].tolist() == [*texts, pd.Timestamp("2025-05-01")]
    assert type(frame["date"].iloc[-1]) is pd.Timestamp
    assert plain(frame["text"]).tolist() == [*texts, None]
    hours = [pd.Timedelta(hours=k) if k % 2 else texts[k - 1] for k in range(1, 8)]
    assert frame["duration"].tolist() == [*hours, None]
    assert frame["when"].dtype == "datetime64[ms]"


def test_empty_sheet_and_missing_header(mixed: Path) -> None:
    empty = read_tabs(mixed, lambda name: name == "Empty")["Empty"]
    assert empty.shape == (0, 0)
    with pytest.raises(MissingHeader, match="first filled row is 3"):
        read_tabs(mixed, lambda name: name == "Late header")


def test_errors_for_missing_and_non_workbook_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nothing.xlsx"):
        read_tabs(tmp_path / "nothing.xlsx")
    csv = tmp_path / "data.xlsx"
    csv.write_text("date,revenue\n2025-01-01,100\n")
    with pytest.raises(guard.UnsafeWorkbook, match="CSV"):
        read_tabs(csv)


def test_openpyxl_and_a_header_only_sheet(tmp_path: Path) -> None:
    path = tmp_path / "header.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Only header"
    book.active.append(["a", None, "b"])
    book.save(path)
    frame = read_tabs(path)["Only header"]
    assert list(frame.columns) == ["a", "", "b"] and len(frame) == 0


@pytest.mark.parametrize("workbook", ["english", "russian", "mixed", "na_texts"])
def test_openpyxl_fallback_gives_the_same_frames(
    workbook: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    path: Path = request.getfixturevalue(workbook)
    wanted: Callable[[str], bool] = lambda name: name != "Late header"  # noqa: E731
    fast = read_tabs(path, wanted)
    without_fastexcel(monkeypatch)
    slow = read_tabs(path, wanted)
    assert list(slow) == list(fast)
    for name in fast:
        pd.testing.assert_frame_equal(
            slow[name].apply(plain), fast[name].apply(plain), check_exact=True
        )
