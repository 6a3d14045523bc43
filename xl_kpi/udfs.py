"""The catalogue as Excel functions (``=ROMI(B2:B13, C2:C13)`` and the rest) and the
Refresh button's script.

One module serves both runtimes:

- classic xlwings (Excel on Windows with a local Python): set ``UDF Modules`` to
  ``xl_kpi.udfs`` and click *Import Functions* in the xlwings ribbon. On macOS, classic
  xlwings' ``func``, ``arg`` and ``script`` decorators do nothing ("UDFs: Windows only"),
  so there are neither functions nor the ``refresh_kpis`` macro: Mac users use xlwings
  Lite. :func:`main` is the refresh for a ``RunPython`` macro of one's own, on either
  system (no template calls it);
- xlwings Lite (Excel 365/2021+ on Windows, Mac and the web): ``from xl_kpi.udfs import *``
  in ``main.py``.

Each function is generated from its catalogue entry: its Excel name is the Python name
upper-cased, its Function Wizard help is the entry's description and formula, its
arguments keep the Python names and one-line docs, and its category is ``xl-kpi``.
The wrapper only converts: Excel's values go to the KPI as they are (the catalogue reads
ranges, blanks and text numbers), an undefined result comes back as ``#DIV/0!`` (a real
error in xlwings Lite; text in classic xlwings, which cannot return error values), and
invalid input comes back as a short message instead of a number.

Annotations here are what xlwings reads, so they stay real objects (no postponed
evaluation): a function's return annotation would become its result converter (and a
union such as ``float | str`` has none), so the generated functions carry none; and the
Refresh script's ``book`` is annotated ``xw.Book`` exactly, which is how xlwings Lite's
script runner (xlwings 0.33.x included) recognises the argument it passes the workbook in.
"""

import datetime as dt
import inspect
from collections.abc import Callable
from pathlib import Path

import xlwings as xw

from .catalogue import CATALOGUE, KPI
from .cells import call_kpi
from .excel import Shortfalls, book_folder, refresh_book, show_error, status_bar, tell
from .excelfacts import reference
from .i18n import LANGUAGES
from .layout import SheetLayout
from .problems import Words
from .progress import Progress
from .sources.report import report_with_sources
from .summary import REFRESH_CELL, REFRESH_SHAPE, SHEET_NAMES, summary_layout
from .tabs import is_raw_tab, read_tabs

#: The Function Wizard category of every xl-kpi function.
CATEGORY = "xl-kpi"


def _make_udf(entry: KPI) -> Callable[..., float | str]:
    def udf(*args):  # no annotations: see the module's documentation
        return call_kpi(entry, args)

    udf.__name__ = udf.__qualname__ = entry.excel_name
    udf.__module__ = __name__
    udf.__doc__ = entry.wizard_help
    udf.__signature__ = inspect.signature(entry.func)  # the KPI's own argument names
    for arg in entry.args:
        udf = xw.arg(arg.name, doc=arg.doc)(udf)
    # func goes last, as the outermost decorator does: xlwings' arg() re-registers the
    # function and would reset the category set by an earlier func().
    return xw.func(category=CATEGORY)(udf)


__all__ = [entry.excel_name for entry in CATALOGUE.values()] + ["refresh_kpis"]
globals().update({entry.excel_name: _make_udf(entry) for entry in CATALOGUE.values()})


#: Where xlwings Lite binds the Refresh button: the shape's name and the cell its link
#: selects, on the summary sheet (classic xlwings ignores it and runs the macro instead).
LITE_BUTTON = f"[{REFRESH_SHAPE}]{reference(SHEET_NAMES['en'], *REFRESH_CELL)}"


def _button_script(func: Callable[..., None]) -> Callable[..., None]:
    """``func`` as the script of the Refresh button (:data:`LITE_BUTTON`).

    xlwings before 0.33.17 calls the script decorator ``sub`` outside xlwings Lite and
    Server, and xlwings before 0.33.14 takes the button as ``target_cell`` (later versions
    still read that name); so older versions pinned by Lite workbooks import this module too.
    """
    script = getattr(xw, "script", None) or xw.sub
    try:
        return script(button=LITE_BUTTON)(func)
    except TypeError:  # a decorator without ``button``
        return script(target_cell=LITE_BUTTON)(func)


@_button_script
def refresh_kpis(book: xw.Book = None) -> None:  # xw.Book exactly: see the module's docs
    """Build the KPI Summary sheet from this workbook's raw tabs: the Refresh button.

    xlwings Lite passes the workbook; classic xlwings calls it without one (the generated
    VBA macro ``refresh_kpis``), and then it refreshes the workbook that called it.
    Problems in the data become notes on the sheet; what this Excel could not draw is
    said once at the end (status bar, Lite's output); anything that stops the refresh,
    an engine's own error included, is shown to the user in Excel, in the workbook's
    language, never as a traceback.
    """
    book = book if book is not None else xw.Book.caller()
    lang = ["en"]  # the workbook's language, once its settings are read
    lacks = Shortfalls()
    try:
        refresh_book(book, lambda raw: _summary(book, raw, lang), is_raw_tab, lacks)
    except Exception as exc:  # noqa: BLE001  (COM, AppleScript and Office.js errors too)
        show_error(book, Words("excel.refresh_failed", reason=exc).say(lang[0]))
        return
    message = lacks.say(lang[0])
    if message:
        tell(book, message)


def _summary(book: xw.Book, raw: dict, lang: list[str] | None = None) -> SheetLayout:
    """The summary of the workbook's tabs and of the sources its Sources tab names (paths
    relative to the workbook's folder), with progress in the status bar; ``lang`` gets
    the workbook's language."""
    progress = Progress(status_bar(book))
    try:
        folder = book_folder(book)
        report = report_with_sources(
            read_tabs(raw),
            raw=raw,
            base=folder,
            book=folder / Path(book.fullname).name if folder is not None else None,
            progress=progress,
        )
    finally:
        progress.finish()
    if lang is not None and report.settings.language in LANGUAGES:
        lang[0] = report.settings.language
    return summary_layout(report, refreshed=dt.datetime.now().replace(microsecond=0))


def main() -> None:
    """Refresh the calling workbook, for a macro of one's own (Windows or Mac):
    ``RunPython "import xl_kpi.udfs; xl_kpi.udfs.main()"``. The templates' Refresh button
    runs ``refresh_kpis`` instead (classic on Windows, Lite everywhere)."""
    refresh_kpis(xw.Book.caller())
