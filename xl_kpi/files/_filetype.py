"""What a file is, by its kind and its first bytes, before anything reads it as a zip."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import BinaryIO

from ._errors import UnsafeWorkbook
from .save import describe_special

__all__ = ["FIX", "open_regular", "sniff"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_SNIFF = 4096
#: What a user can do about a damaged workbook.
FIX = "Open it in Excel (which can often repair it) and save it again, or get a fresh copy."


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
        raise FileNotFoundError(
            f"There is no workbook {path.name!r} in {str(path.parent)!r}."
        ) from None
    except IsADirectoryError:
        raise UnsafeWorkbook(f"{path.name!r} is a folder, not a workbook.") from None
    try:
        kind = os.fstat(fd).st_mode
        if not stat.S_ISREG(kind):
            raise UnsafeWorkbook(
                f"{path.name!r} is {describe_special(kind)}, not a workbook file; xl-kpi reads "
                "only ordinary .xlsx or .xlsm files."
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
        raise UnsafeWorkbook(
            f"{file} is empty (0 bytes): nothing was saved into it, or a download or copy "
            "did not finish."
        )
    if head.startswith(_OLE_MAGIC):
        raise UnsafeWorkbook(_ole_message(src, file))
    if head.startswith(_ZIP_MAGIC):
        return
    text = _as_text(head)
    if text is not None and text.lstrip().startswith("<"):
        kind = "an HTML or XML file (a web page or an XML spreadsheet)"
    elif text is not None:
        kind = "a text or CSV file"
    else:
        kind = "not a file Excel saves as .xlsx"
    raise UnsafeWorkbook(
        f"{file} is not an Excel workbook (.xlsx or .xlsm): it is {kind} with a workbook's "
        "name. Open it in Excel and save it as Excel Workbook (.xlsx)."
    )


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


def _ole_message(src: BinaryIO, file: str) -> str:
    """An OLE compound file: a password-protected workbook, or an old binary .xls."""
    size = src.seek(0, os.SEEK_END)
    src.seek(0)
    data = src.read(8 << 20) if size <= 8 << 20 else src.read(1 << 20)
    src.seek(0)
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (
            f"{file} is password-protected. Open it in Excel, remove the password (File > "
            "Info > Protect Workbook > Encrypt with Password, clear it), save, and try again."
        )
    return (
        f"{file} is an old-format Excel 97-2003 workbook (.xls) or another Office file. "
        "Open it in Excel and save it as Excel Workbook (.xlsx), then try again."
    )
