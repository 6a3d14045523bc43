"""Errors said in a user's words, in English or Russian: a key of the text table and its fields.

Every error a user can meet is a :class:`Problem`: it carries the key of its words in
:mod:`xl_kpi.i18n` (``key``) and the fields that fill them (``params``); its message
(``str()``) is the English text, so Python callers, tests and Excel's message boxes read
it as before, and the command line says it in the user's language (:meth:`Problem.say`).
A field may itself be words (:class:`Words`) or such an error: a reason inside a message
is said in the same language as the message. Each kind of problem is a class of its own
that may also derive from the built-in error it is (``ValueError``, ``OSError``...), so
that callers catch it as before.

>>> class Missing(Problem, FileNotFoundError): ...
>>> exc = keyed(Missing, "error.file.missing", file="'a.xlsx'", folder="'docs'")
>>> str(exc), isinstance(exc, FileNotFoundError)
("There is no workbook 'a.xlsx' in 'docs'.", True)
>>> exc.say("ru")
"Нет книги 'a.xlsx' в папке 'docs'."
"""

from __future__ import annotations

import errno
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, TypeVar

from .i18n import TEXT, text

__all__ = ["Problem", "Words", "keyed", "listing", "os_reason", "say"]

P = TypeVar("P", bound="Problem")


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


class Problem(Exception):
    """The base of every error a user can meet: the key of its words (``key``) and their
    fields (``params``); its message is the English text.

    Raise one with :func:`keyed` (``keyed(SourceError, "error.source.reason", reason=...)``)
    or :meth:`of`. A problem raised with a bare message (the product's own check of how
    it is called, not of a user's input) has no key and is said as its message.
    """

    key: str | None = None
    params: Mapping[str, Any] = MappingProxyType({})

    @classmethod
    def of(cls: type[P], key: str, **params: Any) -> P:
        """The problem whose message is the English text of ``key`` with ``params``."""
        exc = cls(Words(key, **params).say("en"))
        exc.key, exc.params = key, params
        return exc

    def say(self, lang: str = "en") -> str:
        """The problem in ``lang`` (``en`` or ``ru``)."""
        if self.key is not None:
            return Words(self.key, **self.params).say(lang)
        if len(self.args) == 1 and isinstance(self.args[0], str):  # a KeyError's quotes apart
            return self.args[0]
        return str(self)


def keyed(cls: type[P], key: str, **params: Any) -> P:
    """A problem of ``cls`` whose message is the English text of ``key``, carrying the key
    and fields so that it can be said in Russian too (:meth:`Problem.of`)."""
    if not (isinstance(cls, type) and issubclass(cls, Problem)):
        raise TypeError(f"{cls!r} is not a Problem: a user's error derives from Problem")
    return cls.of(key, **params)


def say(value: object, lang: str = "en") -> str:
    """Words, or a problem, in ``lang``; anything else as its text (a ``KeyError``'s
    message without the quotes Python adds)."""
    if isinstance(value, (Words, Problem)):
        return value.say(lang)
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
