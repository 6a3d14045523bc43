"""Regular expressions for bounds: numbers and column letters up to a limit.

The cell scan of :mod:`xl_kpi.files._scan` runs one expression over a sheet's text that
matches only a cell tag outside the bounds seen so far; these build it.
"""

from __future__ import annotations

import re

from ..excelfacts import column_letter


def suspect_cell(columns: int, rows: int) -> re.Pattern[bytes]:
    """A tag starting ``<c`` that is not a cell referenced within ``columns`` and ``rows``."""
    col = _letters_at_most(columns)
    row = digits_at_most(rows)
    if col is None or row is None:
        return re.compile(rb"<c")
    return re.compile(rb'<c(?! r="' + col + row + rb'")')


def digits_at_most(n: int, zero: bool = False) -> bytes | None:
    """A regex for decimal numbers from 1 (0 with ``zero``) to ``n``, without leading zeros."""
    if n < 1:
        return b"0" if zero and n == 0 else None
    s = str(n)
    parts = []
    if len(s) > 1:
        parts.append(b"[1-9][0-9]{0,%d}" % (len(s) - 2) if len(s) > 2 else b"[1-9]")
    parts += _same_length_at_most(s, "0123456789", first="123456789")
    if zero:
        parts.append(b"0")
    return b"(?:" + b"|".join(parts) + b")"


def _letters_at_most(n: int) -> bytes | None:
    """A regex for column letters from A to the ``n``-th column."""
    if n < 1:
        return None
    s = column_letter(n - 1)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if len(s) == 1:
        return b"[A-" + s.encode() + b"]"
    parts = []
    if len(s) > 1:
        parts.append(b"[A-Z]{1,%d}" % (len(s) - 1))
    parts += _same_length_at_most(s, letters, first=letters)
    return b"(?:" + b"|".join(parts) + b")"


def _same_length_at_most(s: str, alphabet: str, first: str) -> list[bytes]:
    """Regexes for strings of ``len(s)`` symbols that sort at or below ``s``."""
    parts = []
    for i, ch in enumerate(s):
        pool = first if i == 0 else alphabet
        below = pool[: pool.index(ch)]
        if below:
            rest = len(s) - i - 1
            tail = (
                b"[%s]{%d}" % (alphabet[0].encode() + b"-" + alphabet[-1].encode(), rest)
                if rest
                else b""
            )
            parts.append(s[:i].encode() + _span(below) + tail)
    parts.append(s.encode())
    return parts


def _span(chars: str) -> bytes:
    return (
        (b"[" + chars[0].encode() + b"-" + chars[-1].encode() + b"]")
        if len(chars) > 1
        else chars.encode()
    )
