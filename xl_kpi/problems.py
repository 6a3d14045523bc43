"""Errors said in a user's words, in English or Russian: a key of the text table and its fields.

An error the product raises for a user carries the key of its words in :mod:`xl_kpi.i18n`
(``key``) and the fields that fill them (``params``); its message (``str()``) is the
English text, so Python callers, tests and Excel's message boxes read it as before, and
the command line says it in the user's language with :func:`say`. A field may itself be
words (:class:`Words`) or such an error: a reason inside a message is said in the same
language as the message.

>>> exc = keyed(ValueError, "error.file.missing", file="'a.xlsx'", folder="'docs'")
>>> str(exc)
"There is no workbook 'a.xlsx' in 'docs'."
>>> say(exc, "ru")
"Нет книги 'a.xlsx' в папке 'docs'."
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from typing import Any, TypeVar

from .i18n import TEXT, text

__all__ = ["Words", "keyed", "listing", "os_reason", "say"]

E = TypeVar("E", bound=BaseException)


class Words:
    """A text of the table with its fields, said in either language; ``str()`` is English.

    >>> Words("error.kind.folder").say("ru")
    'папка'
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params

    def say(self, lang: str = "en") -> str:
        """The words in ``lang`` (``en`` or ``ru``), their fields said in it too."""
        fields = {
            name: say(value, lang) if isinstance(value, (Words, BaseException)) else value
            for name, value in self.params.items()
        }
        return str(text(self.key, lang)).format(**fields)

    def __str__(self) -> str:
        return self.say("en")

    def __repr__(self) -> str:
        return f"Words({self.key!r})"


def keyed(cls: type[E], key: str, **params: Any) -> E:
    """An exception of ``cls`` whose message is the English text of ``key``, carrying the
    key and fields so that :func:`say` can say it in Russian."""
    exc = cls(Words(key, **params).say("en"))
    exc.key = key  # type: ignore[attr-defined]
    exc.params = params  # type: ignore[attr-defined]
    return exc


def say(value: object, lang: str = "en") -> str:
    """Words, or an error raised for a user, in ``lang``; anything else as its text.

    An error without a key of the text table is said as its message (a ``KeyError``'s
    message without the quotes Python adds).
    """
    if isinstance(value, Words):
        return value.say(lang)
    if isinstance(value, BaseException):
        key = getattr(value, "key", None)
        if isinstance(key, str) and key in TEXT:
            return Words(key, **getattr(value, "params", {})).say(lang)
        if isinstance(value, KeyError) and len(value.args) == 1:
            return str(value.args[0])
    return str(value)


def listing(items: Sequence[object]) -> Words | str:
    """Items joined as a sentence lists them: ``'a', 'b' and 'c'`` (``и`` in Russian).

    >>> listing(["'a'", "'b'", "'c'"]).say("ru"), listing(["'a'"])
    ("'a', 'b' и 'c'", "'a'")
    """
    texts = [str(item) for item in items]
    if len(texts) < 2:
        return "".join(texts)
    return Words("error.and", items=", ".join(texts[:-1]), last=texts[-1])


def os_reason(exc: OSError) -> Words:
    """What the operating system said, in the user's language where the table knows it
    (``no space left on device``), else as the system said it.

    >>> os_reason(OSError(errno.ENOSPC, "No space left on device")).say("ru")
    'на диске не осталось места'
    """
    key = f"error.os.{errno.errorcode.get(exc.errno or 0, '')}"
    if key in TEXT:
        return Words(key)
    return Words("error.os.other", reason=(exc.strerror or type(exc).__name__).lower())
