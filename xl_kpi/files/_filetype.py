"""What a file is, by its kind and its first bytes, before anything reads it as a zip."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import BinaryIO

from ..problems import Words, keyed
from ._errors import MissingFile, UnsafeWorkbook
from .save import describe_special

__all__ = ["FIX", "open_regular", "sniff"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_SNIFF = 4096
#: What a user can do about a damaged workbook.
FIX = Words("error.fix")


def open_regular(path: str | os.PathLike[str], mode: str = "rb") -> BinaryIO:
    """Open ``path`` for reading only if it is a regular file; never block on a pipe.

    Raises:
        FileNotFoundError: there is no such file.
        UnsafeWorkbook: a folder, pipe, device or socket.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise keyed(
            MissingFile,
            "error.file.missing",
            file=repr(path.name),
            folder=repr(str(path.parent)),
        ) from None
    except IsADirectoryError:
        raise keyed(UnsafeWorkbook, "error.file.folder", file=repr(path.name)) from None
    try:
        kind = os.fstat(fd).st_mode
        if not stat.S_ISREG(kind):
            raise keyed(
                UnsafeWorkbook,
                "error.file.special",
                file=repr(path.name),
                kind=describe_special(kind),
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, mode)
    except BaseException:
        os.close(fd)
        raise


def sniff(src: BinaryIO, file: str) -> None:
    """Refuse what is not a zip by its first bytes, saying what it looks like."""
    head = src.read(_SNIFF)
    src.seek(0)
    if not head:
        raise keyed(UnsafeWorkbook, "error.file.empty", file=file)
    if head.startswith(_OLE_MAGIC):
        raise _ole_error(src, file)
    if head.startswith(_ZIP_MAGIC):
        return
    text = _as_text(head)
    if text is not None and text.lstrip().startswith("<"):
        kind = Words("error.kind.html")
    elif text is not None:
        kind = Words("error.kind.text")
    else:
        kind = Words("error.kind.other")
    raise keyed(UnsafeWorkbook, "error.file.not_workbook", file=file, kind=kind)


def _as_text(head: bytes) -> str | None:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return head.decode(encoding, "ignore")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = head[: exc.start].decode("utf-8") if exc.start > len(head) - 4 else ""
        if not text:
            try:
                text = head.decode("cp1251")
            except UnicodeDecodeError:
                return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return text if text and printable >= 0.95 * len(text) else None


def _ole_error(src: BinaryIO, file: str) -> UnsafeWorkbook:
    """An OLE compound file: a password-protected workbook, or an old binary .xls."""
    size = src.seek(0, os.SEEK_END)
    src.seek(0)
    data = src.read(8 << 20) if size <= 8 << 20 else src.read(1 << 20)
    src.seek(0)
    if "EncryptedPackage".encode("utf-16-le") in data:
        return keyed(UnsafeWorkbook, "error.file.encrypted", file=file)
    return keyed(UnsafeWorkbook, "error.file.xls", file=file)
