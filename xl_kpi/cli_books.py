"""The workbook's commands of ``xl-kpi``: ``new`` (a ready workbook), ``refresh`` (its
KPI Summary, the headline KPIs printed), ``report`` (every value as JSON records or CSV,
safe to pass on), ``check`` (rows read and skipped per tab, and why) and ``trust`` (what a
workbook asks beyond its own tabs and folder, allowed when told).

Each takes the arguments :mod:`xl_kpi.cli` parsed, calls the library and prints; what
goes wrong goes up to the command line's one error path.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from typing import Any

from . import headless, progress, templates
from .catalogue import Unit
from .cli_errors import UsageError, usage_of
from .formats import format_value
from .problems import Words, keyed
from .report import Report
from .schema import TABS
from .schema import tab as schema_tab
from .sources import SourceSpec, parse_source_arg, trust
from .sources.report import workbook_requests


def sources_of(args: argparse.Namespace) -> list[SourceSpec]:
    """The sources ``--source`` and ``--source-options`` give, each with its options."""
    options: dict[str, str] = {}
    for text in args.source_options:
        name, sep, words = text.partition("=")
        if not sep:
            raise keyed(UsageError, "error.usage.source_options", text=repr(text))
        options[name.strip().casefold()] = words
    specs = [parse_source_arg(text) for text in args.source]
    for i, spec in enumerate(specs):
        words = options.pop(spec.tab.casefold(), None)
        if words is not None:
            specs[i] = parse_source_arg(args.source[i], words)
    if options:
        raise keyed(UsageError, "error.usage.no_such_source", tabs=", ".join(options))
    return specs


def cmd_new(args: argparse.Namespace) -> int:
    """Write a ready workbook of a flavor, blank or with sample data."""
    try:
        templates.check_name(args.book, args.flavor)
    except templates.TemplateError as exc:
        raise usage_of(exc) from None
    path = headless.new_workbook(
        args.book,
        args.flavor,
        sample=args.sample,
        language=args.lang,
        orders=args.orders,
        overwrite=args.force,
    )
    print(f"wrote {path}")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    """Refresh the summary sheet and print the headline KPIs."""
    done = headless.refresh_workbook(
        args.book,
        args.output,
        summary=args.summary,
        sources=sources_of(args),
        engine=args.engine,
        progress=progress.terminal(),
    )
    report, lang = done.report, args.messages
    print(Words("cli.refreshed", path=done.path, sheet=done.sheet).say(lang))
    for line in _headlines(report, lang):
        print(f"  {line}")
    skipped = sum(tab.rows_skipped for tab in report.tabs.values())
    if skipped:
        count = format_value(skipped, Unit.COUNT, lang) if lang == "ru" else skipped
        print(f"  {Words('cli.skipped', count=count).say(lang)}")
    if args.pdf:
        path = headless.export_summary_pdf(done.path, args.pdf)
        print(Words("cli.wrote", path=path).say(lang))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Print every computed value as JSON records or CSV."""
    values = _report(args).records
    records = [
        {name: finite(getattr(r, name)) for name in RECORD_FIELDS}
        | ({"driver": r.driver} if r.driver else {})  # REVENUE_DRIVER records only
        for r in values
    ]
    infinite = sum(isinstance(r.value, float) and math.isinf(r.value) for r in values)
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=1, allow_nan=False))
    else:
        writer = csv.DictWriter(sys.stdout, [*RECORD_FIELDS, "driver"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in r.items()} for r in records)
    if infinite:
        note = Words("error.cli.infinite", count=infinite).say(args.messages)
        print(f"xl-kpi: {note}", file=sys.stderr)
    return 0


#: The fields of a record of ``xl-kpi report``, in order (README: "The report's records").
RECORD_FIELDS = (
    "kpi",
    "period",
    "channel",
    "value",
    "target",
    "pct_of_target",
    "status",
    "previous",
    "change",
    "change_unit",
)


def _report(args: argparse.Namespace) -> Report:
    sources = sources_of(args)
    if args.book is None and not sources:
        raise keyed(UsageError, "error.usage.report_needs")
    return headless.report_workbook(
        args.book, sources=sources, engine=args.engine, progress=progress.terminal()
    )


def finite(value: Any) -> Any:
    """``value``, or None when it is a number that is not finite (JSON has no such)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: text starting like a formula gets a
    leading apostrophe, as OWASP recommends (numbers are left as they are)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def cmd_check(args: argparse.Namespace) -> int:
    """Print rows read and skipped per raw tab, and the reasons; the tabs whose rows come
    from sources (the Sources tab, ``--source``) are read from there, with their notes."""
    sources = sources_of(args)
    tabs = headless.check_workbook(args.book)
    if sources or "Sources" in tabs:
        report = headless.report_workbook(args.book, sources=sources, engine=args.engine)
        tabs = report.tabs
    lang = args.messages
    if not tabs:
        names = ", ".join(spec.title(lang) for spec in TABS if spec.name != "Sources")
        print(Words("cli.no_tabs", tabs=names).say(lang))
    for name, tab in tabs.items():
        title = schema_tab(name).title(lang)  # Russian names it once where the sheet does
        said = "" if lang == "ru" and tab.sheet.casefold() == title.casefold() else f" ({title})"
        read, skipped = (format_value(n, Unit.COUNT, lang) if lang == "ru" else n
                         for n in (tab.rows_read, tab.rows_skipped))  # fmt: skip
        line = Words("cli.tab", sheet=tab.sheet, name=said, read=read, skipped=skipped)
        print(line.say(lang))
        for note in tab.notes:
            print(f"  {note.text(lang)}")
    return 0


def cmd_trust(args: argparse.Namespace) -> int:
    """Show what a workbook asks beyond its own tabs and folder; allow it when told."""
    lang = args.lang
    book = args.book
    key = trust.book_key(book)
    name = os.path.basename(book)
    if args.revoke:
        done = trust.revoke(key) if os.path.exists(book) else False
        said = "trust.revoked" if done else "trust.no_grants"
        print(Words(said, book=name).say(lang))
        return 0
    tabs = headless.check_workbook(book)
    asked, later = workbook_requests(tabs, book)
    have = trust.granted(key)
    if not asked:
        print(Words("trust.nothing", book=name).say(lang))
    else:
        print(Words("trust.asks", book=name).say(lang))
        for request in asked:
            state = "trust.is_granted" if str(request) in have else "trust.not_granted"
            print(f"  {request.words().say(lang)}  ({Words(state).say(lang)})")
    if later:
        print(Words("trust.settings_later").say(lang))
    missing = [r for r in asked if str(r) not in have]
    if not missing:
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            print(Words("trust.kept").say(lang))
            return 0
        answer = input(Words("trust.question").say(lang)).strip().casefold()
        if answer not in ("y", "yes", "д", "да"):
            print(Words("trust.kept").say(lang))
            return 0
    trust.grant(key, [str(r) for r in asked])
    print(Words("trust.done", file=str(trust.trust_file())).say(lang))
    return 0


def _headlines(report: Report, lang: str) -> list[str]:
    shown = ("revenue", "sales_count", "aov", "cac", "romi", "conversion_rate")
    lines = []
    for row in report.scorecard:
        if row.entry.name in shown and row.has_data:
            value = format_value(row.values["total"], row.entry.unit, lang)
            lines.append(f"{row.entry.title(lang)}: {value}")
    return lines
