"""Data notes: what the reader says about the data, so that the user can find and fix it.

A note names its sheet, and where it can its Excel row, column and value; its reason is
English text, and an i18n key with parameters that say it in Russian too
(``note.text("ru")``).  Values are shown as people write them, never as a Python repr.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .i18n import text
from .inputs import InputError, shown

__all__ = ["Note", "error_note"]


@dataclass(frozen=True)
class Note:
    """Something about the data, said so that the user can find it and fix it.

    ``reason`` is English; ``key`` and ``params`` (when set) say it in any language through
    :mod:`xl_kpi.i18n`: ``note.text("ru")``.  ``str(note)`` is English.
    """

    sheet: str
    reason: str
    row: int | None = None  # Excel row number
    column: str | None = None  # the header as written, with its letter: "revenue (C)"
    value: Any = None
    key: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, sheet: str, key: str, row: int | None = None, column: str | None = None,
           value: Any = None, **params: Any) -> Note:  # fmt: skip
        """A note whose reason is the i18n text ``key`` with ``params``."""
        said = {name: str(v) for name, v in params.items()}
        return cls(sheet, text(key).format(**said), row, column, value, key, tuple(said.items()))

    def text(self, lang: str = "en") -> str:
        """The note in ``lang`` (``en`` or ``ru``): where, the value, and why."""
        where = self.sheet
        if self.row is not None:
            where += ", " + text("note.row", lang).format(row=self.row)
        if self.column:
            where += ", " + text("note.column", lang).format(column=self.column)
        reason = text(self.key, lang).format(**dict(self.params)) if self.key else self.reason
        value = "" if self.value is None else shown(self.value)
        return f"{where}: {'' if value in reason else value + ' '}{reason}"

    def __str__(self) -> str:
        return self.text("en")


def error_note(sheet: str, error: Any, row: int, column: str, value: Any) -> Note:
    """The note of a cell that could not be read (``error``: its :class:`InputError`)."""
    if isinstance(error, InputError) and error.key:
        return Note(sheet, str(error), row, column, value, error.key, tuple(error.params.items()))
    return Note(sheet, str(error), row, column, value)
