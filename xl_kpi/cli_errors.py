"""The command line's one error path: the language of its messages, and every failure
said in one line for a user.

:func:`error_line` turns any exception into that line (the file first, then the cause),
in English or Russian (:func:`language`); :class:`Parser` is argparse with its complaints
raised as :class:`UsageError`, said in the same way.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from .i18n import LANGUAGES
from .problems import Problem, Words, keyed, os_reason

__all__ = [
    "LOCALE_VARIABLES",
    "Parser",
    "UsageError",
    "error_line",
    "language",
    "one_line",
    "usage_of",
]

#: The locale's variables, in the order gettext reads them.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class UsageError(Problem):
    """A command line that cannot be carried out as written."""


def language(argv: Sequence[str] = (), environ: Mapping[str, str] | None = None) -> str:
    """The language of the messages: ``--lang`` in ``argv``, else the locale's, else English.

    The locale is read as gettext reads it: the first of :data:`LOCALE_VARIABLES` that is
    set (``LANGUAGE`` may list several, ``ru:en``; its first is taken); ``ru...`` is
    Russian, anything else English.

    >>> language(["--lang", "ru", "refresh", "a.xlsx"], {}), language([], {"LANG": "ru_RU.UTF-8"})
    ('ru', 'ru')
    >>> language([], {"LANGUAGE": "", "LC_ALL": "C", "LANG": "ru_RU.UTF-8"})
    'en'
    """
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:]
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGUAGES:
            return value
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return "ru" if value.split(":")[0].lower().startswith("ru") else "en"
    return "en"


def error_line(exc: BaseException, book: str | None = None, lang: str = "en") -> str:
    """What went wrong, in one line for a user, in ``lang``: the file first, then the cause.

    A :class:`~xl_kpi.problems.Problem` (every error xl-kpi raises for a user) is said in
    ``lang``; an operating system error is said with the file it concerns (a hidden
    temporary file is said as its folder); anything else is a problem in xl-kpi, said
    without its Python details.
    """
    name = Path(book).name if book else ""
    if isinstance(exc, Problem):
        message = exc.say(lang)
    elif isinstance(exc, OSError) and exc.strerror and exc.filename is not None:
        message = _os_message(exc, lang)
    elif isinstance(exc, OSError) and exc.strerror:  # a full disk, a lost connection...
        message = Words("error.cli.os", reason=os_reason(exc)).say(lang)
    elif isinstance(exc, MemoryError):
        message = Words("error.cli.memory").say(lang)
    elif isinstance(exc, RecursionError):
        message = Words("error.cli.nested").say(lang)
    else:
        what = f" ({type(exc).__name__})" if type(exc).__name__.isidentifier() else ""
        message = Words("error.cli.unexpected", what=what).say(lang)
    message = one_line(message)
    if name and name not in message:
        if message[:2].istitle():  # "The folder..." follows the file's name: "the folder..."
            message = message[0].lower() + message[1:]
        message = f"{name}: {message}"
    return message


def _os_message(exc: OSError, lang: str = "en") -> str:
    """An operating system error, with the file it concerns."""
    path = Path(os.fsdecode(exc.filename))
    reason = os_reason(exc)
    if path.name.startswith(".") and path.name.endswith(".tmp"):
        folder = repr(str(path.parent))
        return Words("error.cli.temp_folder", folder=folder, reason=reason).say(lang)
    return Words("error.cli.os_file", file=path.name, reason=reason).say(lang)


def one_line(text: str) -> str:
    return " ".join(text.split())


class Parser(argparse.ArgumentParser):
    """argparse, with its complaints raised as :class:`UsageError` to be said in one line
    (in Russian too where the table has the words; argparse's other texts stay English)."""

    #: The commands' parsers by name (the top-level parser's; empty in a command's own).
    commands: Mapping[str, argparse.ArgumentParser] = {}

    def error(self, message: str):  # type: ignore[override]  (never returns)
        raise keyed(
            UsageError,
            "error.usage.help",
            problem=_usage_words(message),
            help=f"{self.prog} --help",
        )


#: argparse's complaints (English; Python 3.10 to 3.13 say them so), as keys of the table.
_ARGPARSE = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "error.usage.required"),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "error.usage.unrecognized"),
    (
        re.compile(
            r"argument (?P<argument>.+?): invalid choice: (?P<value>.+?) "
            r"\(choose from (?P<choices>.+)\)"
        ),
        "error.usage.choice",
    ),
    (re.compile(r"argument (?P<argument>.+?): expected one argument"), "error.usage.expected_one"),
    (re.compile(r"invalid int value: (?P<value>.+)"), "error.usage.not_integer"),
    (re.compile(r"must be at least 1"), "error.usage.at_least_one"),
)


def _usage_words(message: str) -> Words | str:
    """argparse's ``message`` as words of the table where it is one of its usual ones."""
    for pattern, key in _ARGPARSE:
        if found := pattern.fullmatch(message):
            return Words(key, **found.groupdict())
    if found := re.fullmatch(r"argument (?P<argument>.+?): (?P<problem>.+)", message):
        return Words(
            "error.usage.argument",
            argument=found["argument"],
            problem=_usage_words(found["problem"]),
        )
    return message


def usage_of(exc: Problem) -> UsageError:
    """A problem as a usage error, keeping the key of its words."""
    if exc.key is None:
        return UsageError(*exc.args)
    return keyed(UsageError, exc.key, **exc.params)
