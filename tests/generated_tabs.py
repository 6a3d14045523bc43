"""Raw tabs made up by hypothesis, written as a tool exports them, and the records of the
same rows as a source on each engine and pasted into a workbook's tabs.

A :class:`Book` is the text of CSV exports (Orders, Leads, Spend, Traffic) and the
Settings rows beside them, in English (``,``, ISO dates, ``1234.56``) or in Russian
(``;``, ``31.12.2025``, ``1 234,56``, Russian headers). The strategy :func:`books` draws
what exports hold: line items (an order id on several rows, the amount on the first line
only or on each, with and without a cost column), blank cells, optional columns left out,
rows without a channel, a currency column with a rate in Settings (or none), order
statuses or a deals pipeline's stages, totals rows (``Total``, ``Итого``) and an unnamed
row summing the others.

:func:`outcome` reads a book one way (a source on an engine, or pasted) and gives what a
user would see: the records, each tab's counts and notes, or the refusal's message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from xl_kpi.engine import EngineError
from xl_kpi.report import build_report
from xl_kpi.schema import find_tab
from xl_kpi.sources import SourceError, parse_source_arg
from xl_kpi.sources.report import report_with_sources
from xl_kpi.tabs import read_tabs

from . import pasting
from .source_files import differences  # noqa: F401  (the property test's comparison)

#: The raw tabs the generated books have.
GENERATED = ("Orders", "Leads", "Spend", "Traffic")

_CHANNELS = ("Google Ads", "google ads ", "VK", "Яндекс Директ", "Email")
_STATUSES = ("paid", "cancelled", "returned", "Оплачен", "отменен", "pending")
_STAGES = ("Closed Won", "Closed Lost", "Appointment scheduled", "Успешно реализовано",
           "Закрыто и не реализовано", "Переговоры")  # fmt: skip
_LEAD_STATUSES = ("converted", "new", "Успешно", "lost", "в работе")
_FIRST = dt.date(2025, 1, 6)


@dataclass
class Book:
    """Exports as CSV text by tab name, the Settings rows, and how they are written."""

    lang: str  # "en" or "ru"
    texts: dict[str, str] = field(default_factory=dict)
    settings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def delimiter(self) -> str:
        return ";" if self.lang == "ru" else ","

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        parts = [f"Book(lang={self.lang!r}, settings={self.settings!r})"]
        parts += [f"--- {name}\n{text}" for name, text in self.texts.items()]
        return "\n".join(parts)


def _number(value: float, lang: str, space: str = " ") -> str:
    """A number as the export writes it: ``1234.5`` or ``1 234,5`` (thousands apart by a
    space or, as Russian Excel writes them, a no-break space)."""
    if lang == "en":
        return f"{value:.2f}".rstrip("0").rstrip(".")
    text = f"{value:,.2f}".replace(",", space).replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def _date(day: dt.date, lang: str, minute: int | None = None) -> str:
    """A day as the export writes it, with a time of day when ``minute`` is given."""
    text = day.strftime("%d.%m.%Y") if lang == "ru" else day.isoformat()
    return text if minute is None else f"{text} {minute // 60:02d}:{minute % 60:02d}"


def _header(tab: str, column: str, lang: str) -> str:
    spec = find_tab(tab).column(column)
    return spec.ru if lang == "ru" else spec.name


def _csv(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


_money = st.integers(1, 400_000).map(lambda cents: cents / 100)
_days = st.integers(0, 120).map(lambda n: _FIRST + dt.timedelta(days=n))
_channel = st.one_of(st.sampled_from(_CHANNELS), st.just(""))


@st.composite
def _orders(draw, lang: str, currency: bool) -> list[list[str]]:
    has = {c: draw(st.booleans()) for c in ("order_id", "customer_id", "channel", "cost", "status")}
    deals = has["status"] and draw(st.booleans())
    priced_once = draw(st.booleans())  # Shopify: the amount on an order's first line only
    columns = ["date", *[c for c in ("order_id", "customer_id", "channel") if has[c]], "revenue"]
    columns += [c for c in ("cost", "status") if has[c]]
    header = [_header("Orders", c, lang) for c in columns]
    if deals:  # a CRM's pipeline: its stage column
        header[columns.index("status")] = "Этап сделки" if lang == "ru" else "Deal Stage"
    if currency:
        header.append("Валюта" if lang == "ru" else "Currency")
    timed = draw(st.booleans())  # a time of day with the date (Shopify's "Created at")
    space = draw(st.sampled_from((" ", "\u00a0")))
    rows = []
    for number in range(draw(st.integers(1, 14))):
        day, customer = draw(_days), f"C{draw(st.integers(1, 6))}"
        minute = draw(st.integers(0, 24 * 60 - 1)) if timed else None
        channel, status = draw(_channel), draw(st.sampled_from(_STAGES if deals else _STATUSES))
        code = draw(st.sampled_from(("RUB", "USD", "EUR", ""))) if currency else None
        for line in range(draw(st.integers(1, 3)) if has["order_id"] else 1):
            revenue = draw(_money)
            blank = line > 0 and priced_once or draw(st.integers(0, 15)) == 0
            values = {
                "date": _date(day, lang, minute),
                "order_id": f"#{1001 + number}",
                "customer_id": customer,
                "channel": channel,
                "revenue": "" if blank else _number(revenue, lang, space),
                "cost": "" if draw(st.integers(0, 4)) == 0 else _number(revenue / 3, lang, space),
                "status": status,
            }
            rows.append([values[c] for c in columns] + ([code] if currency else []))
    return [header, *rows]


@st.composite
def _counted(draw, tab: str, lang: str, measures: tuple[str, ...]) -> list[list[str]]:
    """Spend or Traffic: a date, maybe a channel, and the counts."""
    optional = [m for m in measures[1:] if draw(st.booleans())]
    # now and then an export without the column the tab needs (a source is refused)
    required = [] if draw(st.integers(0, 9)) == 0 else [measures[0]]
    columns = ["date", *(["channel"] if draw(st.booleans()) else []), *required, *optional]
    rows = [[_header(tab, c, lang) for c in columns]]
    for _ in range(draw(st.integers(1, 10))):
        values = {"date": _date(draw(_days), lang), "channel": draw(_channel)}
        for m in measures:
            value = draw(st.integers(0, 5000)) if m != "spend" else draw(_money)
            values[m] = "" if draw(st.integers(0, 12)) == 0 else _number(value, lang)
        rows.append([values[c] for c in columns])
    return rows


@st.composite
def _leads(draw, lang: str) -> list[list[str]]:
    columns = ["date", *[c for c in ("lead_id", "channel", "status") if draw(st.booleans())]]
    rows = [[_header("Leads", c, lang) for c in columns]]
    for i in range(draw(st.integers(1, 10))):
        values = {
            "date": _date(draw(_days), lang),
            "lead_id": f"L{i}",
            "channel": draw(_channel),
            "status": draw(st.sampled_from(_LEAD_STATUSES)),
        }
        rows.append([values[c] for c in columns])
    return rows


def _with_totals(draw, rows: list[list[str]], tab: str, lang: str) -> list[list[str]]:
    """Totals rows (a word in the first cell) and, for a tab of counts, maybe an unnamed
    last row summing the others, as ad platforms end their exports."""
    header, body = rows[0], rows[1:]
    width = len(header)
    kind = draw(st.sampled_from(("none", "total", "итого", "sum")))
    if kind in ("total", "итого"):
        word = {"total": "Total", "итого": "Итого"}[kind]
        row = [word] + [""] * (width - 1)
        at = draw(st.sampled_from(("first", "last")))
        body = [row, *body] if at == "first" else [*body, row]
    elif kind == "sum" and tab in ("Spend", "Traffic") and len(body) > 1:
        measures = [j for j, h in enumerate(header) if j > 0 and "channel" != _name(tab, h)]
        labelled = [j for j, h in enumerate(header) if _name(tab, h) == "channel"]
        if all(any(r[j] for r in body) for j in labelled):
            summed = [""] * width
            summed[0] = min((r[0] for r in body), key=_day)  # dated as the earliest
            for j in measures:
                values = [_read(r[j]) for r in body if r[j]]
                summed[j] = _number(sum(values), lang) if values else ""
            body = [*body, summed]
    return [header, *body]


def _name(tab: str, header: str) -> str:
    spec = find_tab(tab)
    return next((c.name for c in spec.columns if header in (c.name, c.ru)), "")


def _day(text: str) -> dt.date:
    text = text[:10]
    if "." in text:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    return dt.date.fromisoformat(text)


def _read(text: str) -> float:
    return float(text.replace(" ", "").replace(",", "."))


@st.composite
def books(draw) -> Book:
    lang = draw(st.sampled_from(("en", "ru")))
    book = Book(lang)
    currency = draw(st.booleans())
    if currency:
        book.settings.append(("currency", "RUB"))
        if draw(st.booleans()):
            book.settings.append(("rate USD", "92,5" if lang == "ru" else "92.5"))
    tabs = {
        "Orders": _orders(lang, currency),
        "Leads": _leads(lang),
        "Spend": _counted("Spend", lang, ("spend", "impressions", "clicks")),
        "Traffic": _counted("Traffic", lang, ("visitors",)),
    }
    for name, strategy in tabs.items():
        if name != "Orders" and not draw(st.booleans()):
            continue
        rows = _with_totals(draw, draw(strategy), name, lang)
        book.texts[name] = _csv(rows, book.delimiter)
    return book


# ------------------------------------------------------------------ reading a book


def _records(report) -> dict[tuple, float | None]:
    return {
        (r.kpi, r.period, r.channel): None if math.isnan(r.value) else r.value
        for r in report.records
    }


def _tabs(report, names) -> dict[str, tuple]:
    """Each tab's counts and notes (the sheet aside: a file's name or a sheet's)."""
    found = {}
    for name in names:
        tab = report.tabs[name]
        notes = tuple((n.key, n.reason, n.row, n.column, n.value, n.params) for n in tab.notes)
        found[name] = (tab.rows_read, tab.rows_skipped, tab.rows_excluded, notes)
    return found


def _settings_sheet(book: Book) -> dict:
    if not book.settings:
        return {}
    return {"Settings": pasting.frame([["key", "value"], *map(list, book.settings)])}


def pasted(book: Book, excel: bool = False) -> tuple:
    """The book's exports pasted into tabs of their kind (as text, or as Excel in the
    book's language pastes them): ("records", records, tabs)."""
    sheets = _settings_sheet(book)
    for name, text in book.texts.items():
        rows = pasting.csv_rows(text, book.delimiter)
        sheets[name] = pasting.frame(pasting.excel_rows(rows, book.lang) if excel else rows)
    report = build_report(read_tabs(sheets))  # a pasted tab is never refused: notes say why
    return ("records", _records(report), _tabs(report, book.texts))


def as_sources(book: Book, folder: Path, engine: str) -> tuple:
    """The book's exports as CSV files read as sources on ``engine`` (the Settings in the
    workbook): ("records", records, tabs) or ("refused", message)."""
    folder.mkdir(parents=True, exist_ok=True)
    specs = []
    for name, text in book.texts.items():
        path = folder / f"{name.lower()}.csv"
        path.write_text(text, encoding="utf-8")
        specs.append(parse_source_arg(f"{name}={path.name}"))
    workbook = _settings_sheet(book)
    try:
        report = report_with_sources(
            read_tabs(workbook), raw=workbook, base=folder, sources=specs, engine=engine
        )
    except (SourceError, EngineError) as exc:  # the product's refusals; anything else fails
        return ("refused", str(exc))
    return ("records", _records(report), _tabs(report, book.texts))
