"""The ``xl-kpi`` command line: thin commands over the library, one clear line on error.

Each command parses its arguments, calls one library function and prints the result.
Every failure of every command goes through one path (:func:`error_line`): one line on
stderr naming the file (and the sheet, row and column where there is one) and the cause
in a user's words, exit code 1 (2 for a command line that cannot be carried out), never
a traceback or a Python repr. ``XL_KPI_DEBUG=1`` shows the traceback for a bug report.

Messages are in English or Russian: ``--lang`` (before or after the command) when given,
else the locale's language in gettext's order (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
``LANG``; ``ru...`` is Russian), else English. The language is known before anything is
read, so a workbook that cannot be read is refused in it too. What ``refresh``, ``check``
and ``report``'s notes print is said in that language too (tab names as the workbook
writes them); what ``kpis``, ``calc`` and ``new`` print stays English unless ``--lang``
asks otherwise.

Outputs are safe to pass on: JSON is always valid (a value that is not a finite number is
``null``), and CSV cells that a spreadsheet would run as a formula are escaped.
"""

from __future__ import annotations

import argparse
import csv
import functools
import inspect
import json
import logging
import math
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from . import __version__, headless, progress, templates
from .catalogue import CATALOGUE, KPI, Unit, get
from .cli_errors import (
    Parser,
    UsageError,
    error_line,
    language,
    one_line,
    usage_of,
)
from .docs import kpi_table
from .engine import ENGINES
from .formats import format_value
from .i18n import LANGUAGES
from .problems import Words, keyed
from .report import Report
from .schema import TABS
from .schema import tab as schema_tab
from .sources import SourceSpec, parse_source_arg, trust
from .sources.report import workbook_requests

EXIT_ERROR = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``xl-kpi``; return the process exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = language(argv)
    try:
        args = _parser().parse_args(argv)
    except UsageError as exc:
        print(f"xl-kpi: {one_line(exc.say(lang))}", file=sys.stderr)
        return EXIT_USAGE
    lang, args.lang = args.lang or lang, args.lang or "en"  # output stays English unless asked
    args.messages = lang
    # fastexcel logs a warning for every all-blank column; a blank column is not news here.
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    try:
        with trust.trusting(getattr(args, "trust", False)):
            return args.command(args)
    except BrokenPipeError:  # the reader stopped early (| head): not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (nothing more may reach the pipe)
        return 0
    except UsageError as exc:
        print(f"xl-kpi: {one_line(exc.say(lang))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"xl-kpi: {Words('error.cli.interrupted').say(lang)}", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("XL_KPI_DEBUG"):
            raise
        print(f"xl-kpi: {error_line(exc, getattr(args, 'book', None), lang)}", file=sys.stderr)
        return EXIT_ERROR


def _parser() -> Parser:
    parser = Parser(prog="xl-kpi", description="Sales and marketing KPIs for Excel workbooks.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--lang", choices=LANGUAGES, help="language of the messages (default: the locale's)"
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    parser.commands = commands.choices  # each command's parser by its name

    kpis = commands.add_parser("kpis", help="list the KPI catalogue")
    kpis.add_argument(
        "--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help="language of the text"
    )
    kpis.add_argument(
        "--format",
        choices=("table", "json", "markdown"),
        default="table",
        help="how to print it (default: table)",
    )
    kpis.set_defaults(command=cmd_kpis)

    calc = commands.add_parser(
        "calc",
        help="compute one KPI from numbers",
        description="Compute one KPI. Values are positional or NAME=VALUE; "
        "a range is written with semicolons: 100;200;;300 (an empty item is a blank cell).",
    )
    calc.add_argument("kpi", help="the KPI's Excel or Python name, e.g. ROMI")
    calc.add_argument("values", nargs="*", help="the KPI's arguments, e.g. 2000000 500000")
    calc.add_argument(
        "--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help="how to write the value"
    )
    calc.add_argument(
        "--format", choices=("text", "json"), default="text", help="how to print it (default: text)"
    )
    calc.set_defaults(command=cmd_calc)

    new = commands.add_parser(
        "new",
        help="write a ready workbook: instructions, every raw tab and the KPI Summary",
        description="Write a ready workbook. Flavors: classic (.xlsm; Excel with Python and "
        "the xlwings add-in), lite (.xlsx; the xlwings Lite add-in, no Python to install), "
        "plain (.xlsx; refreshed with xl-kpi refresh, no add-in).",
    )
    new.add_argument("book", help="the file to create: .xlsm for classic, .xlsx otherwise")
    new.add_argument(
        "--flavor",
        choices=("classic", "lite", "plain"),
        default="plain",
        help="which Excel it is for (default: plain)",
    )
    new.add_argument("--sample", action="store_true", help="fill it with a generated year of data")
    new.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help="tab names, headers and the summary",
    )
    new.add_argument(
        "--orders", type=_positive, default=3000, help="sample order rows (default: 3000)"
    )
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(command=cmd_new)

    refresh = commands.add_parser("refresh", help="build the KPI Summary sheet of a workbook")
    refresh.add_argument("book", help="the .xlsx or .xlsm workbook")
    refresh.add_argument("-o", "--output", help="write to this file instead of in place")
    refresh.add_argument(
        "--pdf",
        metavar="OUT.pdf",
        help="also export the summary sheet alone to this PDF (needs LibreOffice)",
    )
    refresh.add_argument(
        "--summary",
        metavar="SHEET",
        help="when copies of the summary are marked too, the sheet that is the summary",
    )
    _source_arguments(refresh)
    refresh.set_defaults(command=cmd_refresh)

    report = commands.add_parser("report", help="print the computed KPIs; nothing is written")
    report.add_argument("book", nargs="?", help="the workbook (optional with --source)")
    report.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="the records' format (default: json)",
    )
    _source_arguments(report)
    report.set_defaults(command=cmd_report)

    check = commands.add_parser("check", help="validate the raw tabs and print the data notes")
    check.add_argument("book", help="the .xlsx or .xlsm workbook")
    _source_arguments(check)
    check.set_defaults(command=cmd_check)
    grants = commands.add_parser(
        "trust",
        help="show what a workbook asks beyond its own tabs and folder, and allow it",
        description="A workbook may read its own tabs and the files in its folder. Other "
        "files, databases, Spark and environment variables are requests you allow here, "
        "once per workbook and per request; the grants live in your trust file "
        "(XLKPI_TRUST_FILE, else xl-kpi/trust.json in your settings folder).",
    )
    grants.add_argument("book", help="the .xlsx or .xlsm workbook")
    grants.add_argument("--yes", action="store_true", help="allow what it asks without asking")
    grants.add_argument("--revoke", action="store_true", help="withdraw every grant it has")
    grants.set_defaults(command=cmd_trust)
    for command in (refresh, report, check, grants):
        command.add_argument(
            "--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help="language of the messages"
        )
    return parser


#: The width the README's copy of the help is written at (a terminal's is its own).
HELP_WIDTH = 100


def help_texts(width: int = HELP_WIDTH) -> str:
    """``xl-kpi --help`` and each command's ``--help``, as a terminal of ``width`` columns
    shows them, each after the command that prints it (the README holds this text)."""
    parser = _parser()
    said = []
    for command in [parser, *parser.commands.values()]:
        command.formatter_class = functools.partial(argparse.HelpFormatter, width=width)
        said.append(f"$ {command.prog} --help\n{command.format_help().rstrip()}")
    return "\n\n".join(said)


def _source_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="TAB=LOCATION",
        help="read a raw tab from a file, folder, glob or database URL "
        "(e.g. orders=exports/*.csv, spend=sqlite:///shop.db); repeatable",
    )
    command.add_argument(
        "--source-options",
        action="append",
        default=[],
        metavar="TAB=OPTIONS",
        help="options of a source as key=value words, e.g. 'orders=sep=; encoding=cp1251'",
    )
    command.add_argument(
        "--engine",
        choices=ENGINES,
        help="where sources are computed (default: Settings engine, else duckdb)",
    )
    command.add_argument(
        "--trust",
        action="store_true",
        help="allow what the workbook asks (other files, databases, Spark) for this run only",
    )


def _sources(args: argparse.Namespace) -> list[SourceSpec]:
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


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")  # said in Russian by _usage_words
    return value


def cmd_kpis(args: argparse.Namespace) -> int:
    """Print the catalogue as an aligned table, JSON or Markdown."""
    if args.format == "json":
        print(
            json.dumps(
                [_kpi_record(e, args.lang) for e in CATALOGUE.values()],
                ensure_ascii=False,
                indent=2,
            )
        )
    elif args.format == "markdown":
        print(kpi_table(args.lang))
    else:
        rows = [
            (e.excel_name, e.formula, e.unit.value, e.description(args.lang))
            for e in CATALOGUE.values()
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for row in rows:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)), row[3])
    return 0


def _kpi_record(entry: KPI, lang: str) -> dict[str, object]:
    return {
        "name": entry.excel_name,
        "python": entry.name,
        "category": entry.category.value,
        "title": entry.title(lang),
        "formula": entry.formula,
        "unit": entry.unit.value,
        "higher_is_better": entry.higher_is_better,
        "description": entry.description(lang),
        "args": [{"name": a.name, "doc": a.doc, "optional": a.optional} for a in entry.args],
    }


def cmd_calc(args: argparse.Namespace) -> int:
    """Compute one KPI from the shell's values and print it formatted."""
    entry = get(args.kpi)
    positional, named = _split_values(args.values, entry)
    try:
        inspect.signature(entry.func).bind(*positional, **named)
    except TypeError as exc:  # wrong number or names of arguments
        usage = ", ".join(a.name + ("=..." if a.optional else "") for a in entry.args)
        raise keyed(
            UsageError, "error.usage.calc", kpi=entry.excel_name, usage=usage, problem=_bind(exc)
        ) from None
    value = entry.func(*positional, **named)
    if args.format == "json":
        print(json.dumps({"kpi": entry.excel_name, "value": _finite(value)}, allow_nan=False))
    else:
        print(format_value(value, entry.unit, args.lang))
    return 0


#: What ``inspect.Signature.bind`` says, as keys of the table.
_BIND = (
    (re.compile(r"missing a required argument: (?P<name>.+)"), "error.usage.missing_argument"),
    (re.compile(r"too many positional arguments"), "error.usage.too_many"),
    (
        re.compile(r"got an unexpected keyword argument (?P<name>.+)"),
        "error.usage.unexpected_argument",
    ),
    (re.compile(r"multiple values for argument (?P<name>.+)"), "error.usage.twice"),
)


def _bind(exc: TypeError) -> Words | str:
    for pattern, key in _BIND:
        if found := pattern.fullmatch(str(exc)):
            return Words(key, **found.groupdict())
    return str(exc)


def _split_values(values: Sequence[str], entry: KPI) -> tuple[list[object], dict[str, object]]:
    names = {a.name for a in entry.args}
    positional: list[object] = []
    named: dict[str, object] = {}
    for text in values:
        name, sep, value = text.partition("=")
        if sep and name in names:
            named[name] = _cells(value)
        elif sep and name.isidentifier():
            raise keyed(
                UsageError,
                "error.usage.no_argument",
                kpi=entry.excel_name,
                name=repr(name),
                names=", ".join(a.name for a in entry.args),
            )
        else:
            positional.append(_cells(text))
    return positional, named


def _cells(text: str) -> object:
    """One value, or a range when it holds semicolons (``100;;300``: blank in the middle)."""
    if ";" not in text:
        return text
    return [[cell or None] for cell in text.split(";")]


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
        sources=_sources(args),
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
        {name: _finite(getattr(r, name)) for name in RECORD_FIELDS}
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
    sources = _sources(args)
    if args.book is None and not sources:
        raise keyed(UsageError, "error.usage.report_needs")
    return headless.report_workbook(
        args.book, sources=sources, engine=args.engine, progress=progress.terminal()
    )


def _finite(value: Any) -> Any:
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
    sources = _sources(args)
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


if __name__ == "__main__":
    sys.exit(main())
