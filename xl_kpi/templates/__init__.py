"""Ready workbooks a team lead hands to colleagues: open, paste exports, refresh.

Three flavors, by what the colleague's Excel can run:

``classic`` (``.xlsm``)
    Excel on Windows with a local Python and the xlwings add-in (xlwings makes the cell
    functions and the macros of *Import Functions* on Windows only: on a Mac, ``lite``).
    The workbook
    carries the VBA project of xlwings' own quickstart workbook (read from the installed
    xlwings when the template is built) and an ``xlwings.conf`` sheet that sets
    ``UDF Modules`` to :data:`~xl_kpi.templates.lite.UDF_MODULE`, so *Import Functions* on
    the xlwings ribbon brings in every KPI function and the ``refresh_kpis`` macro the
    Refresh button runs.
``lite`` (``.xlsx``)
    Excel 365/2021+ on Windows, Mac or the web with the xlwings Lite add-in, no Python to
    install. The workbook carries its ``main.py`` and ``requirements.txt`` in the web
    extension part xlwings Lite reads (:mod:`xl_kpi.templates.lite`), and opens the
    add-in's task pane with itself.
``plain`` (``.xlsx``)
    No add-in, no macros: refreshed from the command line (``xl-kpi refresh``).

Every template holds an instructions sheet first (:mod:`xl_kpi.templates.start`, English
and Russian, with example KPI formulas over the data), every raw tab of
:mod:`xl_kpi.schema` with its headers and a grey note in row 1, the Targets and Settings
tabs, and the KPI Summary as the headless refresh writes it (with the Refresh button of its
flavor). Builds are deterministic: fixed document dates, a fixed refresh time and fixed zip
member dates, so a template rebuilt from the same code has the same parts.
``python -m xl_kpi.templates FOLDER`` (re)builds the six published templates
(:data:`TEMPLATE_NAMES`).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..files import refresh, save
from ..files.flavor import Flavor
from ..files.new import write_workbook
from ..i18n import LANGUAGES, both, text
from ..problems import Problem, Words, keyed
from ..sample import russian_tables, sample_tables
from ..schema import TABS, find_tab
from ..summary import SHEET_NAMES
from .lite import add_lite_parts
from .start import CONFIG_SHEET, Context, config_writer, start_writer

__all__ = [
    "BUILT",
    "EXTENSIONS",
    "FLAVORS",
    "START_SHEETS",
    "TEMPLATE_NAMES",
    "TemplateError",
    "build_all",
    "build_template",
    "check_name",
    "template_tables",
]

FLAVORS: tuple[Flavor, ...] = ("classic", "lite", "plain")
#: The file extension each flavor must have: Excel opens an ``.xlsm`` only with macros
#: in it, and an ``.xlsx`` only without.
EXTENSIONS: Mapping[str, str] = {"classic": ".xlsm", "lite": ".xlsx", "plain": ".xlsx"}
#: The published templates: (flavor, with sample data) -> file name.
TEMPLATE_NAMES: Mapping[tuple[str, bool], str] = {
    (flavor, sample): f"xl-kpi-{flavor}{'-sample' if sample else ''}{EXTENSIONS[flavor]}"
    for flavor in FLAVORS
    for sample in (False, True)
}
#: The date stamped as the workbook's creation and modification date, and as the time of
#: the summary's refresh, so that every build of a template gives the same parts.
BUILT = dt.datetime(2026, 1, 1, 9, 0)
#: The instructions sheet, by the language of the tabs.
START_SHEETS: Mapping[str, str] = {"en": "Start", "ru": "Начало"}

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # what Excel stamps on every member
_ZIP_MODE = 0o600 << 16
_TITLES = {
    "classic": "xl-kpi KPI workbook (classic xlwings)",
    "lite": "xl-kpi KPI workbook (xlwings Lite)",
    "plain": "xl-kpi KPI workbook",
}


def template_tables(
    *, sample: bool = False, language: str = "en", orders: int = 3000
) -> dict[str, pd.DataFrame]:
    """The raw tabs of a new workbook, by sheet name, in order.

    With ``sample``, a generated year of a small online shop (:func:`~xl_kpi.sample.
    sample_tables`); otherwise headers only, and Settings with their keys. With
    ``language="ru"``, Russian tab names and headers (and the sample's values written
    the Russian way); Settings say the language either way.
    """
    _check_language(language)
    if sample:
        tables = sample_tables(orders=orders)
        settings = tables["Settings"]
        settings.loc[settings["key"] == "language", "value"] = language
        return russian_tables(tables) if language == "ru" else tables
    tables = {t.name: pd.DataFrame(columns=list(t.template_columns)) for t in TABS}
    # Settings without a value would be reported as unreadable rows: the optional ones
    # (currency, social_channels) are named in the tab's note instead.
    tables["Settings"] = pd.DataFrame(
        {"key": ["period", "language", "romi_basis"], "value": ["month", language, "revenue"]}
    )
    if language == "ru":
        return {
            t.ru: tables[t.name].rename(columns={c.name: c.ru for c in t.columns}) for t in TABS
        }
    return tables


def _tab_notes(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """The grey note in row 1 of each tab."""
    notes = {}
    for name in tables:
        schema = find_tab(name)
        own = f"template.note.{schema.name}" if schema else ""
        notes[name] = both(own if own in _NOTE_KEYS else "template.paste_note")
    return notes


_NOTE_KEYS = {"template.note.Targets", "template.note.Settings"}


class TemplateError(Problem, ValueError):
    """A template that cannot be made as asked (its flavor, file name or language)."""


def check_name(path: str | os.PathLike[str], flavor: str) -> None:
    """Raise ``ValueError`` (one line) unless ``path`` has the extension ``flavor`` needs."""
    if flavor not in FLAVORS:
        raise keyed(TemplateError, "error.template.flavor", flavor=repr(flavor))
    name = Path(path).name
    wanted = EXTENSIONS[flavor]
    if Path(path).suffix.lower() != wanted:
        why = Words("error.template.macros" if flavor == "classic" else "error.template.no_macros")
        raise keyed(
            TemplateError,
            "error.template.extension",
            flavor=flavor,
            extension=wanted,
            why=why,
            file=repr(name),
        )


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise keyed(TemplateError, "error.template.language", language=repr(language))


def _vba_project() -> bytes:
    """The VBA project of xlwings' own quickstart workbook, from the installed xlwings."""
    import xlwings  # the classic flavor only: a template of another flavor needs no xlwings

    quickstart = Path(xlwings.__file__).parent / "quickstart.xlsm"
    with zipfile.ZipFile(quickstart) as archive:
        return archive.read("xl/vbaProject.bin")


def _summary_name(flavor: str, language: str) -> str:
    """The summary sheet's name: the language's, except in Lite, whose Refresh button is
    bound to the English name (:data:`xl_kpi.udfs.LITE_BUTTON`)."""
    return SHEET_NAMES["en" if flavor == "lite" else language]


def _repack(path: Path, lite: bool) -> None:
    """Rewrite the package with fixed member dates and modes (and the Lite parts)."""
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    if lite:
        add_lite_parts(members)
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = _ZIP_MODE
            target.writestr(info, data)


def build_template(
    path: str | os.PathLike[str],
    flavor: str = "plain",
    *,
    sample: bool = False,
    language: str = "en",
    orders: int = 3000,
    overwrite: bool = False,
) -> Path:
    """Write a ready workbook of ``flavor`` (``classic``, ``lite`` or ``plain``) at ``path``.

    The workbook holds, in order: the instructions sheet (:data:`START_SHEETS`), every raw
    tab with a note in row 1, Targets, Settings, the ``xlwings.conf`` sheet (classic only)
    and the KPI Summary with the Refresh button of its flavor. See the module's
    documentation for what each flavor carries. The same arguments always give the same
    parts (see :data:`BUILT`); the file is put in place only once complete.

    Args:
        path: The file to write: ``.xlsm`` for classic, ``.xlsx`` otherwise.
        flavor: Which Excel the workbook is for.
        sample: Fill the raw tabs with a generated year of data (else headers only).
        language: ``en`` or ``ru``: tab names, headers and the summary's language.
        orders: Order rows of the sample.
        overwrite: Replace ``path`` if it exists (otherwise that is an error).

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Raises:
        ValueError: an unknown flavor or language, or the wrong extension for the flavor.
        FileExistsError: ``path`` exists and ``overwrite`` is false.
        save.WorkbookLocked: ``path`` is open in Excel.
    """
    path = Path(path)
    check_name(path, flavor)
    _check_language(language)
    save.ensure_new(path, overwrite)
    save.ensure_not_open(path)
    tables = template_tables(sample=sample, language=language, orders=orders)
    summary = _summary_name(flavor, language)
    button = str(text("summary.refresh", language))
    context = Context(flavor, sample, tables, summary, button)
    with tempfile.TemporaryDirectory(prefix="xl-kpi-") as folder:
        built = Path(folder) / f"template{EXTENSIONS[flavor]}"
        write_workbook(
            built,
            tables,
            notes=_tab_notes(tables),
            before={START_SHEETS[language]: start_writer(context)},
            after={CONFIG_SHEET: config_writer} if flavor == "classic" else None,
            vba_project=_vba_project() if flavor == "classic" else None,
            properties={"title": _TITLES[flavor], "created": BUILT},
        )
        _repack(built, lite=flavor == "lite")
        refresh.refresh_file(built, refreshed=BUILT, sheet_name=summary)
        with save.atomic_write(path) as handle, open(built, "rb") as source:
            shutil.copyfileobj(source, handle)
    return path


def build_all(folder: str | os.PathLike[str], *, orders: int = 3000) -> list[Path]:
    """(Re)build the six published templates (:data:`TEMPLATE_NAMES`) in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [
        build_template(folder / name, flavor, sample=sample, orders=orders, overwrite=True)
        for (flavor, sample), name in TEMPLATE_NAMES.items()
    ]
