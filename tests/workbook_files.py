"""A user's workbook file on the command line, for the tests: a template made by ``xl-kpi
new``, exports pasted into added tabs as Excel pastes them (:mod:`tests.pasting`), and the
report it gives as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from xl_kpi.cli import main
from xl_kpi.schema import recognise

from . import pasting


def new_book(tmp_path: Path, lang: str, flavor: str, sample: bool) -> Path:
    """A template made by ``xl-kpi new`` in ``tmp_path``: its language, flavour, sample."""
    suffix = ".xlsm" if flavor == "classic" else ".xlsx"
    book = tmp_path / f"book-{lang}-{flavor}{suffix}"
    args = ["new", str(book), "--flavor", flavor, "--lang", lang]
    assert main([*args, "--sample"] if sample else args) == 0
    return book


def paste_into(
    book: Path, sheets: dict[str, list[list[object]]], settings: dict[str, str] | None = None
) -> None:
    """Tabs added and filled as a user pastes into Excel (text stays text); ``settings``
    written on the Settings tab (its first sheet whose name is a Settings tab's)."""
    wb = openpyxl.load_workbook(book, keep_vba=book.suffix == ".xlsm")
    if settings:
        tab = next(wb[s] for s in wb.sheetnames if (r := recognise(s)) and r[0].name == "Settings")
        rows = {str(c.value).strip().lower(): c.row for c in tab["A"] if c.value is not None}
        for name, value in settings.items():
            row = rows.get(name.lower(), tab.max_row + 1)
            tab.cell(row, 1).value, tab.cell(row, 2).value = name, value
    for name, rows in sheets.items():
        pasting.put_rows(wb.create_sheet(name), rows)
    wb.save(book)


def report_json(book: Path, capsys) -> list[dict]:
    """The records ``xl-kpi report --format json`` prints for ``book``."""
    capsys.readouterr()
    assert main(["report", str(book), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)
