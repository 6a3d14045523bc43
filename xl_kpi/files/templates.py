"""Ready workbooks a team lead hands to colleagues: open, paste exports, refresh.

Three flavours, by what the colleague's Excel can run:

``classic`` (``.xlsm``)
    Excel on Windows or Mac with a local Python and the xlwings add-in. The workbook
    carries the VBA project of xlwings' own quickstart workbook (read from the installed
    xlwings when the template is built) and an ``xlwings.conf`` sheet that sets
    ``UDF Modules`` to :data:`UDF_MODULE`, so *Import Functions* on the xlwings ribbon
    brings in every KPI function and the ``refresh_kpis`` macro the Refresh button runs.
``lite`` (``.xlsx``)
    Excel 365/2021+ on Windows, Mac or the web with the xlwings Lite add-in, no Python to
    install. The workbook carries its ``main.py`` and ``requirements.txt`` in the web
    extension part xlwings Lite reads, and opens the add-in's task pane with itself.
``plain`` (``.xlsx``)
    No add-in, no macros: refreshed from the command line (``xl-kpi refresh``).

Every template holds an instructions sheet first (English and Russian, with example
KPI formulas over the data), every raw tab with its headers and a grey note in row 1,
the Targets and Settings tabs, and the KPI Summary as the headless refresh writes it
(with the Refresh button of its flavour). Builds are deterministic: fixed document
dates, a fixed refresh time and fixed zip member dates, so a template rebuilt from the
same code has the same parts. ``python -m xl_kpi.files.templates FOLDER`` (re)builds the
six published templates (:data:`TEMPLATE_NAMES`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from .. import __version__
from ..catalogue import CATALOGUE
from ..formats import EXCEL_FORMATS
from ..sample import RU_COLUMNS, RU_TAB_NAMES, TAB_COLUMNS, russian_tables, sample_tables
from ..summary import LABELS, SHEET_NAMES
from . import save
from .flavour import LITE_ADDIN_ID, Flavour
from .new import NOTE_STYLE, write_workbook

__all__ = [
    "BLANK_ROWS",
    "BUILT",
    "CONFIG_SHEET",
    "EXTENSIONS",
    "FLAVOURS",
    "START_SHEETS",
    "TEMPLATE_NAMES",
    "UDF_MODULE",
    "build_all",
    "build_template",
    "check_name",
    "lite_files",
    "template_tables",
]

FLAVOURS: tuple[Flavour, ...] = ("classic", "lite", "plain")
#: The file extension each flavour must have: Excel opens an ``.xlsm`` only with macros
#: in it, and an ``.xlsx`` only without.
EXTENSIONS: Mapping[str, str] = {"classic": ".xlsm", "lite": ".xlsx", "plain": ".xlsx"}
#: The published templates: (flavour, with sample data) -> file name.
TEMPLATE_NAMES: Mapping[tuple[str, bool], str] = {
    (flavour, sample): f"xl-kpi-{flavour}{'-sample' if sample else ''}{EXTENSIONS[flavour]}"
    for flavour in FLAVOURS
    for sample in (False, True)
}
#: The date stamped as the workbook's creation and modification date, and as the time of
#: the summary's refresh, so that every build of a template gives the same parts.
BUILT = dt.datetime(2026, 1, 1, 9, 0)
#: The Python module of the KPI functions and the Refresh script.
UDF_MODULE = "xl_kpi.udfs"
#: The sheet the xlwings add-in reads workbook settings from (key in column A, value in
#: B, from A1 down to the first blank row). xlwings' quickstart ships it as
#: ``_xlwings.conf``, which xlwings does not read until renamed to this.
CONFIG_SHEET = "xlwings.conf"
#: The instructions sheet, by the language of the tabs.
START_SHEETS: Mapping[str, str] = {"en": "Start", "ru": "Начало"}
#: Rows the example formulas of a blank template cover (row 2 to this one).
BLANK_ROWS = 10_000

_LANGUAGES = ("en", "ru")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # what Excel stamps on every member
_ZIP_MODE = 0o600 << 16
_TITLES = {
    "classic": "xl-kpi KPI workbook (classic xlwings)",
    "lite": "xl-kpi KPI workbook (xlwings Lite)",
    "plain": "xl-kpi KPI workbook",
}

# ----------------------------------------------------------------------------- lite parts
#: The web extension's own id in the workbook: any GUID, fixed so builds are equal.
_LITE_EXTENSION_GUID = "{E76579E3-CEFF-510C-AC83-14372AC7EDD1}"
_WE_NS = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
_WETP_NS = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_WEBEXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension"
_REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
_CT_WEBEXTENSION = "application/vnd.ms-office.webextension+xml"
_CT_TASKPANES = "application/vnd.ms-office.webextensiontaskpanes+xml"
_WEBEXTENSION_PART = "xl/webextensions/webextension1.xml"
_TASKPANES_PART = "xl/webextensions/taskpanes.xml"
_TASKPANES_RELS = "xl/webextensions/_rels/taskpanes.xml.rels"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_MAIN_PY = f'''"""xl-kpi in this workbook: sales and marketing KPIs as Excel functions.

Every KPI of the xl-kpi catalogue is a cell function (=ROMI(...), =CPC(...), =CAC(...)
and the rest), and the script refresh_kpis is bound to the Refresh button on the
KPI Summary sheet: it reads the raw tabs and rebuilds the summary. The code lives in the
xl-kpi package (see requirements.txt); this file only brings it in.
"""

from {UDF_MODULE} import *  # noqa: F403
'''


def lite_files() -> dict[str, str]:
    """The ``main.py`` and ``requirements.txt`` a Lite template carries, by file name (the
    names of xlwings Lite's editor tabs)."""
    return {"main.py": _MAIN_PY, "requirements.txt": f"xl-kpi=={__version__}\n"}


def _lite_parts() -> dict[str, bytes]:
    """The web extension parts that make a workbook open xlwings Lite with its code."""
    properties = "".join(
        f'<we:property name="{name}" value="{escape(json.dumps(text), {chr(34): "&quot;"})}"/>'
        for name, text in lite_files().items()
    )
    webextension = (
        f'{_XML_DECL}<we:webextension xmlns:we="{_WE_NS}" id="{_LITE_EXTENSION_GUID}">'
        f'<we:reference id="{LITE_ADDIN_ID}" version="1.0.0.0" store="en-US" '
        'storeType="OMEX"/>'
        f'<we:alternateReferences><we:reference id="{LITE_ADDIN_ID.upper()}" '
        f'version="1.0.0.0" store="{LITE_ADDIN_ID.upper()}" storeType="OMEX"/>'
        "</we:alternateReferences>"
        f"<we:properties>{properties}</we:properties>"
        f'<we:bindings/><we:snapshot xmlns:r="{_R_NS}"/></we:webextension>'
    )
    taskpanes = (
        f'{_XML_DECL}<wetp:taskpanes xmlns:wetp="{_WETP_NS}">'
        '<wetp:taskpane dockstate="right" visibility="1" width="350" row="1">'
        f'<wetp:webextensionref xmlns:r="{_R_NS}" r:id="rId1"/>'
        "</wetp:taskpane></wetp:taskpanes>"
    )
    rels = (
        f'{_XML_DECL}<Relationships xmlns="{_PKG_RELS_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_WEBEXTENSION}" Target="webextension1.xml"/>'
        "</Relationships>"
    )
    return {
        _WEBEXTENSION_PART: webextension.encode(),
        _TASKPANES_PART: taskpanes.encode(),
        _TASKPANES_RELS: rels.encode(),
    }


def _with_lite_references(members: dict[str, bytes]) -> None:
    """Register the web extension parts: a package relationship and two content types."""
    rels = members["_rels/.rels"].decode()
    taken = set(re.findall(r'\bId="([^"]*)"', rels))
    rid = next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)
    relationship = f'<Relationship Id="{rid}" Type="{_REL_TASKPANES}" Target="{_TASKPANES_PART}"/>'
    members["_rels/.rels"] = rels.replace(
        "</Relationships>", relationship + "</Relationships>"
    ).encode()
    overrides = (
        f'<Override PartName="/{_TASKPANES_PART}" ContentType="{_CT_TASKPANES}"/>'
        f'<Override PartName="/{_WEBEXTENSION_PART}" ContentType="{_CT_WEBEXTENSION}"/>'
    )
    types = members["[Content_Types].xml"].decode()
    members["[Content_Types].xml"] = types.replace("</Types>", overrides + "</Types>").encode()


def _repack(path: Path, lite: bool) -> None:
    """Rewrite the package with fixed member dates and modes (and the Lite parts)."""
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    if lite:
        _with_lite_references(members)
        members.update(_lite_parts())
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = _ZIP_MODE
            target.writestr(info, data)


# ----------------------------------------------------------------------------- tables
def template_tables(
    *, sample: bool = False, language: str = "en", orders: int = 3000
) -> dict[str, pd.DataFrame]:
    """The raw tabs of a new workbook, by sheet name, in order.

    With ``sample``, a generated year of a small online shop (:func:`~xl_kpi.sample.
    sample_tables`); otherwise headers only, and Settings with their keys. With
    ``language="ru"``, Russian tab names and headers (and the sample's values written
    the Russian way); Settings say the language either way.
    """
    if language not in _LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; choose en or ru.")
    if sample:
        tables = sample_tables(orders=orders)
        settings = tables["Settings"]
        settings.loc[settings["key"] == "language", "value"] = language
        return russian_tables(tables) if language == "ru" else tables
    tables = {name: pd.DataFrame(columns=list(columns)) for name, columns in TAB_COLUMNS.items()}
    # Settings without a value would be reported as unreadable rows: the optional ones
    # (currency, social_channels) are named in the tab's note instead.
    tables["Settings"] = pd.DataFrame(
        {"key": ["period", "language", "romi_basis"], "value": ["month", language, "revenue"]}
    )
    if language == "ru":
        return {RU_TAB_NAMES[n]: frame.rename(columns=RU_COLUMNS) for n, frame in tables.items()}
    return tables


_PASTE_NOTE = (
    "← Paste your export from row 2; keep these headers / "
    "Вставьте выгрузку со 2-й строки, заголовки не меняйте"
)
_NOTES = {
    "Targets": (
        "← One target per row: kpi is the Excel name (ROMI, CAC…); blank period or channel = "
        "every period, the whole shop / По одной цели в строке: показатель — имя функции "
        "(ROMI, CAC…); пустой период или канал — все периоды, весь магазин"
    ),
    "Settings": (
        "← period: month, week or quarter; language: en or ru; romi_basis: revenue or gross "
        "profit; optional: currency (RUB), social_channels (VK, Telegram) / period: month, "
        "week или quarter; language: en или ru; по желанию: currency, social_channels"
    ),
}


def _tab_notes(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """The grey note in row 1 of each tab."""
    english = {RU_TAB_NAMES.get(name, name): name for name in TAB_COLUMNS}
    english.update({name: name for name in TAB_COLUMNS})
    return {name: _NOTES.get(english.get(name, ""), _PASTE_NOTE) for name in tables}


# ----------------------------------------------------------------------------- start sheet
@dataclass(frozen=True)
class _Example:
    """An example KPI formula over the workbook's data."""

    kpi: str  # catalogue name
    args: tuple[tuple[str, str], ...]  # (canonical tab, canonical column) per argument
    note: tuple[str, str]  # what it counts, in English and Russian


_EXAMPLES = (
    _Example(
        "revenue",
        (("Orders", "revenue"),),
        (
            "every order row, cancelled and returned included",
            "все строки заказов, включая отменённые и возвраты",
        ),
    ),
    _Example(
        "aov",
        (("Orders", "revenue"),),
        ("average of every order row", "среднее по всем строкам заказов"),
    ),
    _Example(
        "romi",
        (("Orders", "revenue"), ("Spend", "spend")),
        (
            "all order revenue against all ad spend (the summary counts sales of paid "
            "channels only)",
            "вся выручка против всех расходов (сводка считает только продажи платных каналов)",
        ),
    ),
    _Example(
        "cpc",
        (("Spend", "spend"), ("Spend", "clicks")),
        ("ad spend per click", "расход на клик"),
    ),
    _Example(
        "ctr",
        (("Spend", "clicks"), ("Spend", "impressions")),
        ("clicks per impression", "клики на показ"),
    ),
)

_TEXT: Mapping[str, Mapping[str, Any]] = {
    "en": {
        "flavour": {
            "classic": "Classic xlwings workbook (.xlsm): Excel on Windows or Mac with Python "
            "and the xlwings add-in.",
            "lite": "xlwings Lite workbook (.xlsx): Excel 365 or 2021+ on Windows, Mac or the "
            "web, with the free xlwings Lite add-in; no Python to install.",
            "plain": "Plain workbook (.xlsx): no add-in and no macros; the KPI Summary is "
            "refreshed from the command line.",
        },
        "what": "Paste exports into the raw tabs ({tabs}), set {targets} and {settings}, "
        "refresh, and read the sheet {summary}: every KPI by period and channel, against "
        "targets, with charts and notes on rows that could not be read.",
        "sample": "This copy holds a generated year of a small online shop: clear those rows "
        "(from row 2 down) before you paste your own.",
        "blank": "This copy is blank: the raw tabs hold their headers only.",
        "setup": "Set up once",
        "steps": {
            "classic": (
                "Install Python 3.10 or newer, then in a terminal: pip install xl-kpi",
                "Install the xlwings add-in: xlwings addin install (then restart Excel).",
                "Open this workbook and enable macros. Its sheet {conf} already sets "
                "UDF Modules to {module}.",
                "On the xlwings ribbon tab, click Import Functions once: it adds the KPI "
                "functions (=ROMI, =CPC…) and the refresh_kpis macro of the {button} button. "
                "Save the workbook.",
                "If the examples below show #NAME?, press Ctrl+Alt+F9 to recalculate.",
            ),
            "lite": (
                'In Excel: Home > Add-ins, search for "xlwings Lite" and add it (free, from '
                "the Office store).",
                "Open this workbook: the xlwings Lite pane opens with it. Trust the "
                "workbook's code when asked; the first start installs xl-kpi from "
                "requirements.txt (a minute).",
                "The code is in the workbook: main.py imports every KPI function and the "
                "refresh_kpis script of the {button} button from xl-kpi.",
                "If the examples below show #NAME?, press Ctrl+Alt+F9 to recalculate.",
            ),
            "plain": (
                "Install Python 3.10 or newer, then in a terminal: pip install xl-kpi",
                "Nothing to install in Excel: this workbook has no macros and no add-in.",
            ),
        },
        "every": "Every time",
        "routine": {
            "classic": (
                "Paste each export into its raw tab from row 2, under the headers (keep "
                "row 1 as it is).",
                "Click {button} on the sheet {summary}. Without Excel: close the workbook and "
                "run xl-kpi refresh book.xlsm.",
            ),
            "lite": (
                "Paste each export into its raw tab from row 2, under the headers (keep "
                "row 1 as it is).",
                "Click {button} on the sheet {summary} (the xlwings Lite pane must be open).",
            ),
            "plain": (
                "Paste each export into its raw tab from row 2, under the headers (keep "
                "row 1 as it is).",
                "Save and close the workbook, then in a terminal: xl-kpi refresh book.xlsx "
                "(it rewrites the sheet {summary} only).",
                "xl-kpi check book.xlsx lists the rows that could not be read, and why.",
            ),
        },
        "rows": "The example formulas cover rows 2 to {rows}: widen their ranges for more.",
        "values": "The examples are values computed by xl-kpi (this workbook has no KPI "
        "functions); the formula shows what the same KPI is in a classic or Lite workbook.",
    },
    "ru": {
        "flavour": {
            "classic": "Классическая книга xlwings (.xlsm): Excel для Windows или Mac с Python "
            "и надстройкой xlwings.",
            "lite": "Книга xlwings Lite (.xlsx): Excel 365 или 2021+ для Windows, Mac или "
            "веб с бесплатной надстройкой xlwings Lite; Python устанавливать не нужно.",
            "plain": "Простая книга (.xlsx): без надстроек и макросов; сводка KPI "
            "обновляется из командной строки.",
        },
        "what": "Вставьте выгрузки во вкладки с данными ({tabs}), заполните {targets} и "
        "{settings}, обновите и читайте лист {summary}: все KPI по периодам и каналам, "
        "сравнение с целями, графики и замечания о строках, которые не удалось прочитать.",
        "sample": "В этой копии — сгенерированный год небольшого интернет-магазина: удалите "
        "эти строки (со 2-й вниз), прежде чем вставлять свои.",
        "blank": "Это пустая копия: во вкладках с данными только заголовки.",
        "setup": "Настройка (один раз)",
        "steps": {
            "classic": (
                "Установите Python 3.10 или новее и выполните в терминале: pip install xl-kpi",
                "Установите надстройку xlwings: xlwings addin install (и перезапустите Excel).",
                "Откройте эту книгу и включите макросы. Лист {conf} уже задаёт "
                "UDF Modules = {module}.",
                "На вкладке xlwings нажмите Import Functions один раз: в книгу добавятся "
                "функции KPI (=ROMI, =CPC…) и макрос refresh_kpis кнопки «{button}». "
                "Сохраните книгу.",
                "Если примеры ниже показывают #ИМЯ? (#NAME?), нажмите Ctrl+Alt+F9.",
            ),
            "lite": (
                "В Excel: Главная > Надстройки, найдите «xlwings Lite» и добавьте её "
                "(бесплатно, из магазина Office).",
                "Откройте эту книгу: панель xlwings Lite откроется вместе с ней. Разрешите "
                "код книги, когда Excel спросит; при первом запуске xl-kpi установится по "
                "requirements.txt (около минуты).",
                "Код хранится в книге: main.py подключает из xl-kpi все функции KPI и скрипт "
                "refresh_kpis кнопки «{button}».",
                "Если примеры ниже показывают #ИМЯ? (#NAME?), нажмите Ctrl+Alt+F9.",
            ),
            "plain": (
                "Установите Python 3.10 или новее и выполните в терминале: pip install xl-kpi",
                "В Excel ничего устанавливать не нужно: в книге нет макросов и надстроек.",
            ),
        },
        "every": "Каждый раз",
        "routine": {
            "classic": (
                "Вставьте каждую выгрузку в свою вкладку со 2-й строки, под заголовками "
                "(1-ю строку не меняйте).",
                "Нажмите «{button}» на листе {summary}. Без Excel: закройте книгу и выполните "
                "xl-kpi refresh book.xlsm.",
            ),
            "lite": (
                "Вставьте каждую выгрузку в свою вкладку со 2-й строки, под заголовками "
                "(1-ю строку не меняйте).",
                "Нажмите «{button}» на листе {summary} (панель xlwings Lite должна быть открыта).",
            ),
            "plain": (
                "Вставьте каждую выгрузку в свою вкладку со 2-й строки, под заголовками "
                "(1-ю строку не меняйте).",
                "Сохраните и закройте книгу, затем в терминале: xl-kpi refresh book.xlsx "
                "(перезаписывается только лист {summary}).",
                "xl-kpi check book.xlsx покажет строки, которые не удалось прочитать, и почему.",
            ),
        },
        "rows": "Примеры формул охватывают строки со 2-й по {rows}-ю: расширьте диапазоны, "
        "если строк больше.",
        "values": "Примеры — значения, посчитанные xl-kpi (функций KPI в этой книге нет); "
        "формула показывает тот же KPI в книге classic или Lite.",
    },
}
_SEPARATOR_NOTE_RU = "В русском Excel аргументы формул разделяются точкой с запятой."


@dataclass(frozen=True)
class _Context:
    """What the instructions sheet says about one template."""

    flavour: str
    sample: bool
    tables: Mapping[str, pd.DataFrame]
    summary: str
    button: str

    def sheet_of(self, tab: str) -> str:
        """The sheet name of canonical tab ``tab`` in this workbook."""
        return tab if tab in self.tables else RU_TAB_NAMES[tab]

    def column_of(self, tab: str, column: str) -> tuple[str, pd.Series]:
        """The column letter and the cells of a canonical column of a canonical tab."""
        frame = self.tables[self.sheet_of(tab)]
        name = column if column in frame.columns else RU_COLUMNS[column]
        return xl_col_to_name(frame.columns.get_loc(name)), frame[name]


def _ref(sheet: str, letter: str, last: int) -> str:
    """``Sheet!F2:F<last>``, the sheet name quoted where Excel needs it."""
    quoted = sheet if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet) else _quote(sheet)
    return f"{quoted}!{letter}2:{letter}{last}"


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _example_cells(context: _Context, example: _Example) -> tuple[str, float | str]:
    """The formula (without ``=``) of an example and the value its cell shows."""
    from ..udfs import call_kpi

    entry = CATALOGUE[example.kpi]
    refs, values = [], []
    for tab, column in example.args:
        letter, cells = context.column_of(tab, column)
        last = len(cells) + 1 if context.sample else BLANK_ROWS
        refs.append(_ref(context.sheet_of(tab), letter, last))
        values.append(cells if len(cells) else [[None]])
    return f"{entry.excel_name}({','.join(refs)})", call_kpi(entry, tuple(values))


def _start_writer(context: _Context) -> Callable[[Worksheet, xlsxwriter.Workbook], None]:
    """The instructions sheet: what the workbook is, how to set it up, example formulas."""

    def fill(sheet: Worksheet, book: xlsxwriter.Workbook) -> None:
        title = book.add_format({"bold": True, "font_size": 16})
        section = book.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E78"})
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        code = book.add_format({"font_name": "Consolas", "border": 1})
        label = book.add_format({"border": 1})
        note = book.add_format(dict(NOTE_STYLE))
        results = {
            unit: book.add_format({"border": 1, "num_format": fmt, "align": "right"})
            for unit, fmt in EXCEL_FORMATS.items()
        }
        for col, width in enumerate((44, 62, 16, 70)):
            sheet.set_column(col, col, width)
        row = 0

        def line(text: str, fmt: Any = None) -> None:
            nonlocal row
            sheet.write_string(row, 0, text, fmt)
            row += 1

        line("xl-kpi: sales and marketing KPIs / KPI продаж и маркетинга", title)
        line(f"xl-kpi {__version__}", note)
        for lang in _LANGUAGES:
            text = _TEXT[lang]
            names = {
                "tabs": ", ".join(
                    context.sheet_of(t) for t in TAB_COLUMNS if t not in ("Targets", "Settings")
                ),
                "targets": context.sheet_of("Targets"),
                "settings": context.sheet_of("Settings"),
                "summary": context.summary,
                "button": context.button,
                "conf": CONFIG_SHEET,
                "module": UDF_MODULE,
            }
            row += 1
            line(text["flavour"][context.flavour], section)
            line(text["what"].format(**names))
            line(text["sample" if context.sample else "blank"])
            row += 1
            line(text["setup"], section)
            for k, step in enumerate(text["steps"][context.flavour], start=1):
                line(f"{k}. {step.format(**names)}")
            row += 1
            line(text["every"], section)
            for k, step in enumerate(text["routine"][context.flavour], start=1):
                line(f"{k}. {step.format(**names)}")
        row += 1
        line("Example formulas / Примеры формул", section)
        if not context.sample:
            line(_TEXT["en"]["rows"].format(rows=f"{BLANK_ROWS:,}"), note)
            line(_TEXT["ru"]["rows"].format(rows=f"{BLANK_ROWS:,}".replace(",", "\u00a0")), note)
        if context.flavour == "plain":
            line(_TEXT["en"]["values"], note)
            line(_TEXT["ru"]["values"], note)
        line(_SEPARATOR_NOTE_RU, note)
        headers = ("KPI / Показатель", "Formula / Формула", "Result / Результат",
                   "What it counts / Что считает")  # fmt: skip
        sheet.write_row(row, 0, headers, header)
        row += 1
        for example in _EXAMPLES:
            entry = CATALOGUE[example.kpi]
            formula, value = _example_cells(context, example)
            en, ru = entry.title("en"), entry.title("ru")
            sheet.write_string(row, 0, en if en == ru else f"{en} / {ru}", label)
            sheet.write_string(row, 1, "=" + formula.replace(",", ", "), code)
            result = results[entry.unit]
            if context.flavour == "plain":
                if isinstance(value, str):
                    sheet.write_string(row, 2, value, result)
                else:
                    sheet.write_number(row, 2, value, result)
            else:
                sheet.write_formula(row, 2, "=" + formula, result, value)
            sheet.write_string(row, 3, " / ".join(example.note), label)
            row += 1

    return fill


def _config_writer(sheet: Worksheet, book: xlsxwriter.Workbook) -> None:
    """The xlwings settings of a classic workbook: where its KPI functions come from."""
    note = book.add_format(dict(NOTE_STYLE))
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 16)
    sheet.write_row(0, 0, ("UDF Modules", UDF_MODULE))
    sheet.write_string(
        2,
        0,
        "Read by the xlwings add-in (Import Functions): settings run from A1 down to the first "
        "blank row. / Читается надстройкой xlwings (Import Functions): настройки идут с A1 "
        "до первой пустой строки.",
        note,
    )


# ----------------------------------------------------------------------------- building
def check_name(path: str | os.PathLike[str], flavour: str) -> None:
    """Raise ``ValueError`` (one line) unless ``path`` has the extension ``flavour`` needs."""
    if flavour not in FLAVOURS:
        raise ValueError(f"Unknown flavour {flavour!r}; choose classic, lite or plain.")
    name = Path(path).name
    wanted = EXTENSIONS[flavour]
    if Path(path).suffix.lower() != wanted:
        why = "it carries macros" if flavour == "classic" else "it has no macros"
        raise ValueError(f"A {flavour} workbook must be named *{wanted} ({why}), not {name!r}.")


def _vba_project() -> bytes:
    """The VBA project of xlwings' own quickstart workbook, from the installed xlwings."""
    import xlwings

    quickstart = Path(xlwings.__file__).parent / "quickstart.xlsm"
    with zipfile.ZipFile(quickstart) as archive:
        return archive.read("xl/vbaProject.bin")


def _summary_name(flavour: str, language: str) -> str:
    """The summary sheet's name: the language's, except in Lite, whose Refresh button is
    bound to the English name (:data:`xl_kpi.udfs.LITE_BUTTON`)."""
    return SHEET_NAMES["en" if flavour == "lite" else language]


def _refresh(path: Path, flavour: str, language: str) -> None:
    """Write the KPI Summary into the built workbook, as the headless refresh does."""
    from ..headless import refresh_workbook

    refresh_workbook(path, refreshed=BUILT, sheet_name=_summary_name(flavour, language))


def build_template(
    path: str | os.PathLike[str],
    flavour: str = "plain",
    *,
    sample: bool = False,
    language: str = "en",
    orders: int = 3000,
    overwrite: bool = False,
) -> Path:
    """Write a ready workbook of ``flavour`` (``classic``, ``lite`` or ``plain``) at ``path``.

    The workbook holds, in order: the instructions sheet (:data:`START_SHEETS`), every raw
    tab with a note in row 1, Targets, Settings, the ``xlwings.conf`` sheet (classic only)
    and the KPI Summary with the Refresh button of its flavour. See the module's
    documentation for what each flavour carries. The same arguments always give the same
    parts (see :data:`BUILT`); the file is put in place only once complete.

    Args:
        path: The file to write: ``.xlsm`` for classic, ``.xlsx`` otherwise.
        flavour: Which Excel the workbook is for.
        sample: Fill the raw tabs with a generated year of data (else headers only).
        language: ``en`` or ``ru``: tab names, headers and the summary's language.
        orders: Order rows of the sample.
        overwrite: Replace ``path`` if it exists (otherwise that is an error).

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Raises:
        ValueError: an unknown flavour or language, or the wrong extension for the flavour.
        FileExistsError: ``path`` exists and ``overwrite`` is false.
        save.WorkbookLocked: ``path`` is open in Excel.
    """
    path = Path(path)
    check_name(path, flavour)
    if language not in _LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; choose en or ru.")
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"{path.name!r} already exists; choose another name or pass overwrite=True "
            "to replace it."
        )
    save.ensure_not_open(path)
    tables = template_tables(sample=sample, language=language, orders=orders)
    summary = _summary_name(flavour, language)
    context = _Context(flavour, sample, tables, summary, LABELS[language]["refresh"])
    with tempfile.TemporaryDirectory(prefix="xl-kpi-") as folder:
        built = Path(folder) / f"template{EXTENSIONS[flavour]}"
        write_workbook(
            built,
            tables,
            notes=_tab_notes(tables),
            before={START_SHEETS[language]: _start_writer(context)},
            after={CONFIG_SHEET: _config_writer} if flavour == "classic" else None,
            vba_project=_vba_project() if flavour == "classic" else None,
            properties={"title": _TITLES[flavour], "created": BUILT},
        )
        _repack(built, lite=flavour == "lite")
        _refresh(built, flavour, language)
        with save.atomic_write(path) as handle, open(built, "rb") as source:
            shutil.copyfileobj(source, handle)
    return path


def build_all(folder: str | os.PathLike[str], *, orders: int = 3000) -> list[Path]:
    """(Re)build the six published templates (:data:`TEMPLATE_NAMES`) in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [
        build_template(folder / name, flavour, sample=sample, orders=orders, overwrite=True)
        for (flavour, sample), name in TEMPLATE_NAMES.items()
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m xl_kpi.files.templates FOLDER``: rebuild the published templates."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m xl_kpi.files.templates",
        description="(Re)build the six published templates: " + ", ".join(TEMPLATE_NAMES.values()),
    )
    parser.add_argument("folder", help="where the templates go, e.g. workbooks")
    folder = parser.parse_args(argv).folder
    # fastexcel warns about every all-blank column of the blank templates: not news here.
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    build_all(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
