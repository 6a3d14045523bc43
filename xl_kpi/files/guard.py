"""Cheap checks that a user's file is safe to hand to a workbook reader.

Fast readers trust what a file says about itself: a 5 KB workbook holding one value
in cell XFD1048576 makes calamine (behind fastexcel) try to allocate the whole
sheet grid and abort the interpreter, and a 1 MB zip can inflate to gigabytes.
:func:`check_workbook` looks at the zip directory, at the first bytes of large
worksheets and through small or suspicious ones, and refuses such files with a
message the user can act on.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..excelfacts import MAX_ROWS, column_letter, column_number
from ._errors import SpliceError
from ._opc import REL_NS, Package
from ._xmltext import parse

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TINY = 1 << 20  # members below 1 MiB are not judged by their compression ratio
_CHUNK = 1 << 16
_HEAD_LIMIT = 8 << 20  # everything before <sheetData> is far smaller than this
_SCAN_BELOW = 1 << 20  # sheets this small are scanned even with a plausible dimension
_MAX_CELL_BYTES = 1024  # more XML per declared cell than this means the dimension lies
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData[\s/>]")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_CELL_REF = re.compile(rb"\sr=[\"']\$?([A-Z]{1,3})\$?([0-9]{1,9})[\"']")
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,9})")


class UnsafeWorkbook(ValueError):
    """The file is not a workbook that can be read safely; the message says why."""


@dataclass(frozen=True)
class Limits:
    """What :func:`check_workbook` accepts.

    Attributes:
        max_uncompressed_bytes: total inflated size of all zip members.
        max_ratio: largest inflated/compressed ratio, for each member of at least
            1 MiB and for the archive as a whole once it inflates to 1 MiB or more.
        max_rows: last used row of any worksheet.
        max_columns: last used column of any worksheet (1,000 is column ALL).
    """

    max_uncompressed_bytes: int = 2 << 30
    max_ratio: float = 200.0
    max_rows: int = MAX_ROWS
    max_columns: int = 1_000


def check_workbook(
    path: str | os.PathLike[str], limits: Limits = Limits()
) -> dict[str, tuple[int, int]]:
    """Check ``path`` before a reader opens it; return each worksheet's extent.

    The extent is ``(rows, columns)`` up to the last used cell, counted from A1
    (``(0, 0)`` for an empty sheet). For a large sheet it comes from the sheet's
    ``<dimension>``, read from the first bytes of the part. When the dimension is
    missing, a single cell, or far too small for the amount of XML, and for any
    sheet under 1 MiB, the cell references themselves are scanned, so a lying
    dimension is caught. (A large sheet whose dimension is plausible but omits a
    stray far cell is not detected: that would need a full pass over the sheet.)

    Raises:
        UnsafeWorkbook: not a zip workbook (a CSV, a legacy .xls, a damaged file),
            encrypted, inflating beyond the limits, or a sheet used beyond
            ``limits.max_rows`` / ``limits.max_columns``.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            magic = handle.read(len(_OLE_MAGIC))
    except OSError as exc:
        raise UnsafeWorkbook(f"Cannot read {path.name!r}: {exc.strerror or exc}.") from exc
    if magic == _OLE_MAGIC:
        raise UnsafeWorkbook(
            f"{path.name!r} is password-protected or is an old-format .xls workbook. Remove "
            "the password (File > Info > Protect Workbook) or save it as .xlsx, then try again."
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsafeWorkbook(
            f"{path.name!r} is not an Excel workbook (.xlsx or .xlsm): it may be a CSV or "
            "text file, or it is damaged. Open it in Excel and save it as .xlsx."
        ) from exc
    with archive:
        _check_sizes(path.name, archive.infolist(), limits)
        return {
            name: _extent(archive, part, name, limits) for name, part in worksheet_parts(archive)
        }


def _check_sizes(file: str, infos: Iterable[zipfile.ZipInfo], limits: Limits) -> None:
    total = packed = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook(f"{file!r} contains encrypted parts and cannot be read.")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= _TINY and ratio > limits.max_ratio:
            raise UnsafeWorkbook(
                f"{file!r} looks like a zip bomb: its part {info.filename} inflates "
                f"{ratio:,.0f} times (the limit is {limits.max_ratio:,.0f})."
            )
        total += info.file_size
        packed += info.compress_size
    if total > limits.max_uncompressed_bytes:
        raise UnsafeWorkbook(
            f"{file!r} is too large: it inflates to {total / 2**30:,.1f} GiB "
            f"(the limit is {limits.max_uncompressed_bytes / 2**30:,.1f} GiB)."
        )
    if total >= _TINY and total / max(packed, 1) > limits.max_ratio:
        raise UnsafeWorkbook(
            f"{file!r} looks like a zip bomb: it inflates {total / max(packed, 1):,.0f} "
            f"times (the limit is {limits.max_ratio:,.0f})."
        )


def worksheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, member name) of each worksheet, in workbook order."""
    pkg = Package(archive)
    if not pkg.has("_rels/.rels"):
        raise UnsafeWorkbook("The file is a zip archive but not an Excel workbook.")
    try:
        main = pkg.main_part()
        if main.lower().endswith(".bin"):
            raise UnsafeWorkbook("Binary workbooks (.xlsb) are not supported; save it as .xlsx.")
        rels = {rel.id: rel for rel in pkg.rels(main) if not rel.external}
        sheets = parse(pkg.read(main), main)[1].child("sheets")
    except SpliceError as exc:
        raise UnsafeWorkbook(str(exc)) from exc
    found = []
    for sheet in sheets.kids("sheet") if sheets is not None else []:
        rel = rels.get(sheet.ns_attr(REL_NS, "id") or "")
        if rel is not None and rel.type.endswith("/worksheet"):
            found.append((sheet.attrs.get("name", ""), rel.part))
    return found


def _extent(archive: zipfile.ZipFile, part: str, sheet: str, limits: Limits) -> tuple[int, int]:
    try:
        info = archive.getinfo(part)
    except KeyError as exc:
        raise UnsafeWorkbook(f"The workbook is damaged: sheet {sheet!r} is missing.") from exc
    with archive.open(info) as stream:
        head = b""
        while not _SHEET_DATA.search(head, max(0, len(head) - _CHUNK - 16)):
            chunk = stream.read(_CHUNK)
            if not chunk or len(head) > _HEAD_LIMIT:
                break
            head += chunk
        found = _DIMENSION.search(head)
        ref = found.group(1).decode("ascii", "replace") if found else ""
        cells = [_REF.fullmatch(r) for r in ref.split(":")] if ref else []
        rows = cols = declared = 0
        if len(cells) == 2 and all(cells):
            (col1, row1), (col2, row2) = (c.groups() for c in cells)  # type: ignore[union-attr]
            rows, cols = int(row2), column_number(col2)
            declared = (rows - int(row1) + 1) * (cols - column_number(col1) + 1)
        if not _SCAN_BELOW <= info.file_size <= declared * _MAX_CELL_BYTES:
            # missing, single-cell, implausibly small for the data, or a small sheet:
            # read the cell references themselves
            rows, cols = _scan(stream, head)
    if rows > limits.max_rows or cols > limits.max_columns:
        raise UnsafeWorkbook(
            f"Sheet {sheet!r} has cells out to {column_letter(cols - 1)}{rows} ({rows:,} rows, "
            f"{cols:,} columns); the limit is {limits.max_rows:,} rows and "
            f"{limits.max_columns:,} columns. Delete the stray cells beyond your data "
            "(Ctrl+End jumps to the last used cell), save, and try again."
        )
    return rows, cols


def _scan(stream: IO[bytes], head: bytes) -> tuple[int, int]:
    """The last row and column referenced by any cell in ``head`` and the rest of ``stream``."""
    rows = cols = 0
    block = head
    while True:
        letters = set()
        for col, row in _CELL_REF.findall(block):
            letters.add(col)
            rows = max(rows, int(row))
        if letters:
            cols = max(cols, *(column_number(c.decode("ascii")) for c in letters))
        chunk = stream.read(_CHUNK * 16)
        if not chunk:
            return rows, cols
        block = block[-32:] + chunk  # a reference cut by the chunk border is seen whole
