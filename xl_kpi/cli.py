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

Here: the parser and the one error path; the commands are in :mod:`xl_kpi.cli_books` (the
workbook's: ``new``, ``refresh``, ``report``, ``check``, ``trust``) and
:mod:`xl_kpi.cli_kpis` (the catalogue's: ``kpis``, ``calc``).
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
from collections.abc import Sequence

from . import __version__
from .cli_books import (
    RECORD_FIELDS,
    cmd_check,
    cmd_new,
    cmd_refresh,
    cmd_report,
    cmd_trust,
    csv_cell,
)
from .cli_errors import Parser, UsageError, error_line, language, one_line
from .cli_kpis import cmd_calc, cmd_kpis
from .engine import ENGINES
from .i18n import LANGUAGES
from .problems import Words
from .sources import trust

__all__ = [
    "EXIT_ERROR",
    "EXIT_USAGE",
    "HELP_WIDTH",
    "RECORD_FIELDS",
    "csv_cell",
    "help_texts",
    "main",
]

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


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")  # said in Russian by _usage_words
    return value


if __name__ == "__main__":
    sys.exit(main())
