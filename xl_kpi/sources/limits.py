"""How much work a source may make: files, bytes, rows, line length, seconds, lines skipped.

A source is read within limits so that a workbook cannot make a refresh hang or eat the
machine's memory (a named pipe or ``/dev/zero`` as a file, a line of gigabytes, a query
that never ends, a glob that matches every file of a disk). The limits are the user's,
not the workbook's: each is an environment variable (``XLKPI_MAX_FILES``...), and a
message that stops at one names it and the variable that raises it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..problems import Problem, keyed

__all__ = ["LIMITS", "LimitError", "Limits", "limits"]


class LimitError(Problem, ValueError):
    """A limit's environment variable that is not a whole number above 0."""


@dataclass(frozen=True)
class Limits:
    """The bounds of one refresh's sources."""

    files: int = 1_000  # files one source may match
    bytes: int = 64 << 30  # bytes of the files one source reads
    rows: int = 100_000_000  # rows of a database query, or of a source read into pandas
    line: int = 1 << 20  # characters of one line of a CSV file
    seconds: int = 600  # one database query
    skip: int = 1_000  # the ``skip`` option: lines above a CSV file's header


#: Each limit's environment variable.
LIMITS = {
    "files": "XLKPI_MAX_FILES",
    "bytes": "XLKPI_MAX_BYTES",
    "rows": "XLKPI_MAX_ROWS",
    "line": "XLKPI_MAX_LINE",
    "seconds": "XLKPI_TIMEOUT",
    "skip": "XLKPI_MAX_SKIP",
}


def limits() -> Limits:
    """The limits, each from its environment variable when set (a whole number above 0)."""
    found = {}
    for name, variable in LIMITS.items():
        text = os.environ.get(variable, "").strip().replace("_", "")
        if not text:
            continue
        if not text.isdigit() or int(text) < 1:
            raise keyed(LimitError, "error.limit.setting", variable=variable, text=repr(text))
        found[name] = int(text)
    return Limits(**found)
