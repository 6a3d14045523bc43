"""The catalogue's commands of ``xl-kpi``: ``kpis`` (the KPIs as a table, JSON or
Markdown) and ``calc`` (one KPI computed from the shell's values, a range written with
semicolons).
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
from collections.abc import Sequence

from .catalogue import CATALOGUE, KPI, get
from .cli_books import finite
from .cli_errors import UsageError
from .docs import kpi_table
from .formats import format_value
from .problems import Words, keyed


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
        print(json.dumps({"kpi": entry.excel_name, "value": finite(value)}, allow_nan=False))
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
