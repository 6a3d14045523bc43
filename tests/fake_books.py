"""Workbooks on the xlwings stand-in (:mod:`tests.fake_xlwings`), for the tests: a user's
own workbook, and data frames pasted into tabs as an export pastes (text stays text)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from .fake_xlwings import FakeApp, FakeBook


def user_book(app: FakeApp | None = None) -> FakeBook:
    """A user's workbook: two data tabs and a free-form sheet."""
    book = FakeBook(["Orders", "Spend", "Notes"], app=app)
    book.sheets["Orders"].range("A1").value = [
        ["date", "order_id", "revenue", "status", "paid"],
        [dt.datetime(2024, 1, 5), "'00123", 1500, "done", True],
        [None, None, None, None, None],
        [dt.datetime(2024, 1, 7, 13, 30), "'01.02", "'1 234,50", "#N/A", False],
    ]
    book.sheets["Spend"].range("B3").value = [["channel", "spend"], ["VK", 100.5]]
    book.sheets["Notes"].range("A1").value = [["my notes", "=1+1"], ["keep", 7]]
    book.sheets["Notes"].range("A1").font.bold = True
    return book


def _cell(value):
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return "'" + value  # pasted as text, as an export pastes it
    return float(value) if not isinstance(value, bool) else value


def pasted_book(tables: dict[str, pd.DataFrame], app: FakeApp | None = None) -> FakeBook:
    """Each table pasted at A1 of a tab of its name (text as text), beside a sheet of the
    user's own notes."""
    book = FakeBook([*tables, "My notes"], app=app)
    for name, frame in tables.items():
        rows = [list(frame.columns)] + [
            [_cell(v) for v in row] for row in frame.itertuples(index=False)
        ]
        book.sheets[name].range("A1").value = rows
    book.sheets["My notes"].range("A1").value = [["keep me", "=SUM(1,2)"]]
    return book
