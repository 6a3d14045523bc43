"""The Start sheet of a template: what the workbook is, how to set it up, example formulas.

Its words come from :mod:`xl_kpi.i18n_templates` (``start.*``); each example formula's
cached value is what the cell function returns on the template's data
(:func:`xl_kpi.cells.call_kpi`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from .. import __version__
from ..catalogue import CATALOGUE
from ..cells import call_kpi
from ..excelfacts import column_letter, quote_sheet
from ..files.new import NOTE_STYLE
from ..formats import EXCEL_FORMATS
from ..i18n import LANGUAGES, both, text
from ..schema import TABS, tab
from .lite import UDF_MODULE

__all__ = ["BLANK_ROWS", "CONFIG_SHEET", "Context", "config_writer", "start_writer"]

#: The sheet the xlwings add-in reads workbook settings from (key in column A, value in
#: B, from A1 down to the first blank row). xlwings' quickstart ships it as
#: ``_xlwings.conf``, which xlwings does not read until renamed to this.
CONFIG_SHEET = "xlwings.conf"
#: Rows the example formulas of a blank template cover (row 2 to this one).
BLANK_ROWS = 10_000


@dataclass(frozen=True)
class _Example:
    """An example KPI formula over the workbook's data."""

    kpi: str  # catalogue name
    args: tuple[tuple[str, str], ...]  # (canonical tab, canonical column) per argument


_EXAMPLES = (
    _Example("revenue", (("Orders", "revenue"),)),
    _Example("aov", (("Orders", "revenue"),)),
    _Example("romi", (("Orders", "revenue"), ("Spend", "spend"))),
    _Example("cpc", (("Spend", "spend"), ("Spend", "clicks"))),
    _Example("ctr", (("Spend", "clicks"), ("Spend", "impressions"))),
)


@dataclass(frozen=True)
class Context:
    """What the instructions sheet says about one template."""

    flavor: str
    sample: bool
    tables: Mapping[str, pd.DataFrame]
    summary: str
    button: str

    @property
    def language(self) -> str:
        """The workbook's language: Russian when its tabs have their Russian names."""
        return "ru" if "Orders" not in self.tables and tab("Orders").ru in self.tables else "en"

    def sheet_of(self, name: str) -> str:
        """The sheet name of canonical tab ``name`` in this workbook."""
        return name if name in self.tables else tab(name).ru

    def column_of(self, name: str, column: str) -> tuple[str, pd.Series]:
        """The column letter and the cells of a canonical column of a canonical tab."""
        frame = self.tables[self.sheet_of(name)]
        header = column if column in frame.columns else tab(name).column(column).ru
        return column_letter(frame.columns.get_loc(header)), frame[header]


def _ref(sheet: str, letter: str, last: int) -> str:
    """``Sheet!F2:F<last>``, the sheet name quoted where Excel needs it."""
    return f"{quote_sheet(sheet, always=False)}!{letter}2:{letter}{last}"


def _example_cells(context: Context, example: _Example) -> tuple[str, float | str]:
    """The formula (without ``=``) of an example and the value its cell shows."""
    entry = CATALOGUE[example.kpi]
    refs, values = [], []
    for name, column in example.args:
        letter, cells = context.column_of(name, column)
        last = len(cells) + 1 if context.sample else BLANK_ROWS
        refs.append(_ref(context.sheet_of(name), letter, last))
        values.append(cells if len(cells) else [[None]])
    return f"{entry.excel_name}({','.join(refs)})", call_kpi(entry, tuple(values))


class _Lines:
    """Text written down column A, a row at a time."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet, self.row = sheet, 0

    def __call__(self, line: str, fmt: Any = None) -> None:
        self.sheet.write_string(self.row, 0, line, fmt)
        self.row += 1

    def skip(self) -> None:
        self.row += 1


def start_writer(context: Context) -> Callable[[Worksheet, xlsxwriter.Workbook], None]:
    """The instructions sheet: what the workbook is, how to set it up, example formulas."""

    def fill(sheet: Worksheet, book: xlsxwriter.Workbook) -> None:
        formats = _formats(book)
        for col, width in enumerate((44, 62, 16, 70)):
            sheet.set_column(col, col, width)
        line = _Lines(sheet)
        first = context.language
        line(_both("start.title", first), formats["title"])
        line(f"xl-kpi {__version__}", formats["note"])
        for lang in sorted(LANGUAGES, key=lambda lang: lang != first):  # its language first
            _instructions(line, context, lang, formats["section"])
        line.skip()
        _examples(line, context, formats)

    return fill


def _both(key: str, first: str) -> str:
    """English and Russian side by side, the workbook's language first."""
    return both(key) if first == "en" else f"{text(key, 'ru')} / {text(key, 'en')}"


def _formats(book: xlsxwriter.Workbook) -> dict[Any, Any]:
    made: dict[Any, Any] = {
        "title": book.add_format({"bold": True, "font_size": 16}),
        "section": book.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E78"}),
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "code": book.add_format({"font_name": "Consolas", "border": 1}),
        "label": book.add_format({"border": 1}),
        "note": book.add_format(dict(NOTE_STYLE)),
    }
    for unit, fmt in EXCEL_FORMATS.items():
        made[unit] = book.add_format({"border": 1, "num_format": fmt, "align": "right"})
    return made


def _instructions(line: _Lines, context: Context, lang: str, section: Any) -> None:
    """The set-up and every-time steps in one language."""
    names = {
        "tabs": ", ".join(
            context.sheet_of(t.name) for t in TABS if t.name not in ("Targets", "Settings")
        ),
        "targets": context.sheet_of("Targets"),
        "settings": context.sheet_of("Settings"),
        "summary": context.summary,
        "button": context.button,
        "conf": CONFIG_SHEET,
        "module": UDF_MODULE,
    }
    line.skip()
    line(str(text(f"start.flavor.{context.flavor}", lang)), section)
    line(str(text("start.what", lang)).format(**names))
    line(str(text("start.sample" if context.sample else "start.blank", lang)))
    for heading, steps in (("setup", "steps"), ("every", "routine")):
        line.skip()
        line(str(text(f"start.{heading}", lang)), section)
        for k, step in enumerate(text(f"start.{steps}.{context.flavor}", lang), start=1):
            line(f"{k}. {step.format(**names)}")
    line(str(text("start.columns", lang)))


def _examples(line: _Lines, context: Context, formats: Mapping[Any, Any]) -> None:
    """The example formulas, each with the value xl-kpi computes for it."""
    note, first = formats["note"], context.language
    line(_both("start.examples", first), formats["section"])
    rows = {
        "en": str(text("start.rows", "en")).format(rows=f"{BLANK_ROWS:,}"),
        "ru": str(text("start.rows", "ru")).format(rows=f"{BLANK_ROWS:,}".replace(",", "\u00a0")),
    }
    for lang in sorted(LANGUAGES, key=lambda lang: lang != first):
        if not context.sample:
            line(rows[lang], note)
    if context.flavor == "plain":
        for lang in sorted(LANGUAGES, key=lambda lang: lang != first):
            line(str(text("start.values", lang)), note)
    line(str(text("start.separator", "ru")), note)
    headers = [_both(f"start.column.{c}", first) for c in ("kpi", "formula", "result", "counts")]
    line.sheet.write_row(line.row, 0, headers, formats["header"])
    line.skip()
    for example in _EXAMPLES:
        _example_row(line, context, example, formats)


def _example_row(
    line: _Lines, context: Context, example: _Example, formats: Mapping[Any, Any]
) -> None:
    sheet, row = line.sheet, line.row
    entry = CATALOGUE[example.kpi]
    formula, value = _example_cells(context, example)
    en, ru = entry.title("en"), entry.title("ru")
    title = en if en == ru else (f"{ru} / {en}" if context.language == "ru" else f"{en} / {ru}")
    sheet.write_string(row, 0, title, formats["label"])
    sheet.write_string(row, 1, "=" + formula.replace(",", ", "), formats["code"])
    result = formats[entry.unit]
    if context.flavor == "plain":
        if isinstance(value, str):
            sheet.write_string(row, 2, value, result)
        else:
            sheet.write_number(row, 2, value, result)
    else:
        sheet.write_formula(row, 2, "=" + formula, result, value)
    sheet.write_string(row, 3, _both(f"start.example.{example.kpi}", context.language),
                       formats["label"])  # fmt: skip
    line.skip()


def config_writer(sheet: Worksheet, book: xlsxwriter.Workbook) -> None:
    """The xlwings settings of a classic workbook: where its KPI functions come from."""
    note = book.add_format(dict(NOTE_STYLE))
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 16)
    sheet.write_row(0, 0, ("UDF Modules", UDF_MODULE))
    sheet.write_string(2, 0, both("start.config_note"), note)
