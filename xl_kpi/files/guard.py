"""Check a user's file before any workbook reader sees it: what it is, and what it holds.

Fast readers trust what a file says about itself: one value in cell XFD1048576 of a 5 KB
workbook makes calamine (behind fastexcel) allocate the whole sheet grid and abort the
interpreter, a 1 MB zip can inflate to gigabytes, and a zip entry can lie about its size.
:func:`inspect_workbook` looks, in this order and before any reader opens the file, at:

* the file: a regular file (never a pipe, device or folder: opening one could block), and
  its first bytes (a zip; an encrypted workbook or an old ``.xls``; a CSV, text or HTML
  file renamed ``.xlsx``; an empty file);
* the zip directory: no encrypted or duplicated entries, every entry's declared size and
  the total under the limits, no entry inflating more than :attr:`Limits.max_ratio` times;
* every part a reader will read (the package and workbook relationships, content types,
  workbook, shared strings, styles, theme, document properties, web-extension parts, and
  the worksheets that are wanted), inflated in chunks and never past its declared size:
  its checksum, its end, no DTD or entity declaration;
* each wanted worksheet's cells: the last row and column used, from the cells' own
  references (not the ``<dimension>`` a file may lie in), under the limits, and every
  shared-string index inside the table. Sheets that are not read are not scanned: a far
  cell in a sheet nobody reads is not an error.

Each refusal is an :class:`UnsafeWorkbook` whose message names the file (and the sheet and
cell where there is one), says what is wrong in a user's words and what to do.
"""

from __future__ import annotations

import functools
import os
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..excelfacts import MAX_ROWS, column_letter
from ..problems import keyed
from . import _inflate, _scan
from ._errors import SpliceError, UnsafeWorkbook
from ._filetype import FIX as _FIX
from ._filetype import open_regular, sniff
from ._opc import REL_NS, Package, Rel
from ._xmltext import Node, parse

__all__ = [
    "Limits",
    "SheetCheck",
    "UnsafeWorkbook",
    "Workbook",
    "check_workbook",
    "inspect_workbook",
    "open_regular",
    "scan_sheets",
]

_TINY = 1 << 20  # members below 1 MiB are not judged by their compression ratio
#: Workbook relationships whose targets the readers read when they open a workbook.
_READ_AT_OPEN = ("sharedStrings", "styles", "theme", "calcChain")


@dataclass(frozen=True)
class Limits:
    """What :func:`inspect_workbook` accepts.

    Attributes:
        max_uncompressed_bytes: total declared inflated size of all zip members.
        max_part_bytes: declared inflated size of any one member.
        max_ratio: largest inflated/compressed ratio, for each member of at least
            1 MiB and for the archive as a whole once it inflates to 1 MiB or more.
        max_rows: last used row of a worksheet that is read.
        max_columns: last used column of a worksheet that is read (1,000 is column ALL).
        max_cells: rows times columns of a worksheet that is read, counted from A1:
            what a reader allocates for the sheet's grid (50 million cells is about
            1.6 GB in fastexcel).
    """

    max_uncompressed_bytes: int = 4 << 30
    max_part_bytes: int = 2 << 30
    max_ratio: float = 200.0
    max_rows: int = MAX_ROWS
    max_columns: int = 1_000
    max_cells: int = 50_000_000


@dataclass(frozen=True)
class SheetCheck:
    """What the guard learned of a worksheet a reader will read.

    Attributes:
        name: the sheet's name; part: its zip member.
        rows, columns: the last row and column holding a cell (1-based; 0 when empty).
        encoding: the sheet XML's encoding; fastexcel reads only UTF-8.
    """

    name: str
    part: str
    rows: int
    columns: int
    encoding: str = "utf-8"

    @property
    def utf8(self) -> bool:
        return _scan.Text(self.encoding).utf8


@dataclass(frozen=True)
class Workbook:
    """A checked workbook: the wanted sheets (checked, or waiting for :func:`scan_sheets`),
    and whether its shared parts are UTF-8 (fastexcel reads only UTF-8)."""

    path: Path
    sheets: dict[str, SheetCheck]
    utf8: bool = True
    pending: tuple[tuple[str, zipfile.ZipInfo], ...] = ()
    strings: int | None = None
    limits: Limits = Limits()


def check_workbook(
    path: str | os.PathLike[str],
    limits: Limits = Limits(),
    wanted: Callable[[str], bool] = lambda name: True,
) -> dict[str, tuple[int, int]]:
    """Check ``path`` before a reader opens it; return each wanted worksheet's extent.

    The extent is ``(rows, columns)`` up to the last cell, counted from A1 (``(0, 0)`` for
    an empty sheet), from the cells themselves. See :func:`inspect_workbook`.
    """
    book = inspect_workbook(path, wanted, limits)
    return {name: (sheet.rows, sheet.columns) for name, sheet in book.sheets.items()}


def inspect_workbook(
    path: str | os.PathLike[str],
    wanted: Callable[[str], bool] = lambda name: True,
    limits: Limits = Limits(),
    *,
    scan: bool = True,
) -> Workbook:
    """Check ``path`` as this module describes; return what the readers need to know.

    With ``scan=False`` the wanted sheets' cells are left for :func:`scan_sheets`, so that
    a reader can read one sheet while the next is scanned; everything else is checked.

    Raises:
        FileNotFoundError: there is no such file.
        UnsafeWorkbook: anything the module documentation lists, in a message for the user.
    """
    path = Path(path)
    file = repr(path.name)
    with open_regular(path) as src:
        sniff(src, file)
        try:
            archive = zipfile.ZipFile(src)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise keyed(UnsafeWorkbook, "error.zip.directory", file=file, fix=_FIX) from exc
        with archive:
            infos = _check_directory(file, archive.infolist(), limits)
            _check_local_headers(src, file, infos.values())
            sheets, roles, read = _plan(file, archive, wanted)
            utf8 = True
            strings: int | None = None
            for part in sorted(read):
                text = _scan.Text()
                blocks = _guarded(file, part, _blocks(src, infos[part], limits, text))
                if part == roles.get("sharedStrings"):
                    strings = _scan.count_items(blocks)
                else:
                    for _ in blocks:
                        pass
                if part in (roles["workbook"], roles.get("sharedStrings"), roles.get("styles")):
                    utf8 = utf8 and text.utf8
    book = Workbook(path, {}, utf8, tuple((n, infos[p]) for n, p in sheets), strings, limits)
    if scan:
        book.sheets.update((s.name, s) for s in scan_sheets(book))
    return book


def scan_sheets(book: Workbook, names: list[str] | None = None) -> Iterator[SheetCheck]:
    """Scan the cells of the workbook's wanted sheets (or ``names``, in that order).

    A thread scans one sheet ahead of the consumer, so the next sheet is scanned while
    the caller reads the one it was given; where no thread can start (Pyodide, the Python
    of xlwings Lite), each sheet is scanned when the caller asks for it.

    Raises:
        UnsafeWorkbook: as :func:`inspect_workbook`.
    """
    parts = dict(book.pending)
    order = list(parts) if names is None else names
    if not order:
        return
    file = repr(book.path.name)
    if not _can_start_threads():
        with open_regular(book.path) as src:
            for name in order:
                yield _check_sheet(src, file, name, parts[name], book.strings, book.limits)
        return
    with open_regular(book.path) as src, ThreadPoolExecutor(1, "xl-kpi-guard") as pool:
        cancelled = threading.Event()

        def one(name: str) -> SheetCheck:
            if cancelled.is_set():
                raise UnsafeWorkbook("cancelled")
            return _check_sheet(src, file, name, parts[name], book.strings, book.limits, cancelled)

        futures = [pool.submit(one, name) for name in order]
        try:
            for future in futures:
                yield future.result()
        finally:
            cancelled.set()
            for future in futures:
                future.cancel()


@functools.cache
def _can_start_threads() -> bool:
    """Whether this Python can start a thread: asked once, by starting one.

    The capability is tried rather than guessed from the platform's name: Pyodide (the
    WebAssembly Python of xlwings Lite) has the ``threading`` module, but starting a thread
    raises ``RuntimeError`` there, and another build may differ.
    """
    try:
        probe = threading.Thread(target=lambda: None, name="xl-kpi-probe", daemon=True)
        probe.start()
    except RuntimeError:
        return False
    probe.join()
    return True


def _check_directory(
    file: str, infos: list[zipfile.ZipInfo], limits: Limits
) -> dict[str, zipfile.ZipInfo]:
    total = packed = 0
    seen: dict[str, zipfile.ZipInfo] = {}
    lowered: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x1:
            raise keyed(UnsafeWorkbook, "error.zip.encrypted_parts", file=file)
        if info.filename.lower() in lowered:
            raise keyed(UnsafeWorkbook, "error.zip.twice", file=file, part=info.filename, fix=_FIX)
        lowered.add(info.filename.lower())
        seen[info.filename] = info
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= _TINY and ratio > limits.max_ratio:
            raise keyed(
                UnsafeWorkbook,
                "error.zip.bomb_part",
                file=file,
                part=info.filename,
                ratio=f"{ratio:,.0f}",
                limit=f"{limits.max_ratio:,.0f}",
            )
        if info.file_size > limits.max_part_bytes:
            raise keyed(
                UnsafeWorkbook,
                "error.zip.too_large_part",
                file=file,
                part=info.filename,
                size=f"{info.file_size / 2**30:,.1f}",
                limit=f"{limits.max_part_bytes / 2**30:,.1f}",
            )
        total += info.file_size
        packed += info.compress_size
    if total > limits.max_uncompressed_bytes:
        raise keyed(
            UnsafeWorkbook,
            "error.zip.too_large",
            file=file,
            size=f"{total / 2**30:,.1f}",
            limit=f"{limits.max_uncompressed_bytes / 2**30:,.1f}",
        )
    if total >= _TINY and total / max(packed, 1) > limits.max_ratio:
        raise keyed(
            UnsafeWorkbook,
            "error.zip.bomb",
            file=file,
            ratio=f"{total / max(packed, 1):,.0f}",
            limit=f"{limits.max_ratio:,.0f}",
        )
    return seen


def _check_local_headers(src: BinaryIO, file: str, infos: Iterable[zipfile.ZipInfo]) -> None:
    """Every entry's local header is where the directory says, under the same name (what
    is copied must be what the directory describes)."""
    for info in infos:
        if info.header_offset < 0:  # a directory that points before the file's start
            raise keyed(UnsafeWorkbook, "error.zip.broken", file=file, fix=_FIX)
        src.seek(info.header_offset)
        head = src.read(30)
        name = head[30:]
        if len(head) == 30 and head[:4] == b"PK\x03\x04":
            name = src.read(struct.unpack("<H", head[26:28])[0])
        wanted = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
        if len(head) != 30 or head[:4] != b"PK\x03\x04" or name != wanted:
            raise keyed(
                UnsafeWorkbook, "error.zip.misplaced", file=file, part=info.filename, fix=_FIX
            )


def _structure(
    file: str, archive: zipfile.ZipFile
) -> tuple[list[tuple[str, str]], dict[str, str], list[str]]:
    """Worksheets (name, member), the parts read on opening by role (``workbook``,
    ``sharedStrings``, ...), and the targets of the package's own relationships."""
    pkg = Package(archive)
    if not pkg.has("_rels/.rels"):
        raise keyed(UnsafeWorkbook, "error.zip.not_workbook", file=file)
    try:
        main = pkg.main_part()
        if main.lower().endswith(".bin"):
            raise keyed(UnsafeWorkbook, "error.zip.xlsb", file=file)
        if not pkg.has(main):
            raise keyed(SpliceError, "error.part.incomplete", part=main)
        package_parts = [r.part for r in pkg.rels("") if not r.external]
        workbook_rels = [r for r in pkg.rels(main) if not r.external]
        sheets_node = parse(pkg.read(main), main)[1].child("sheets")
    except SpliceError as exc:
        raise _part_error(file, exc) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise keyed(UnsafeWorkbook, "error.zip.parts_unreadable", file=file, fix=_FIX) from exc
    roles = _roles(pkg, main, workbook_rels)
    found = _worksheets(file, pkg, sheets_node, {rel.id: rel for rel in workbook_rels})
    package = [pkg.names[p.lower()] for p in package_parts if pkg.has(p)]
    return found, roles, package


def _roles(pkg: Package, main: str, workbook_rels: list[Rel]) -> dict[str, str]:
    """The parts a reader reads on opening, by role: the workbook and the first part of
    each kind in ``_READ_AT_OPEN`` that it relates to and that exists."""
    roles = {"workbook": pkg.names[main.lower()]}
    for rel in workbook_rels:
        kind = rel.type.rpartition("/")[2]
        if kind in _READ_AT_OPEN and pkg.has(rel.part):
            roles.setdefault(kind, pkg.names[rel.part.lower()])
    return roles


def _worksheets(
    file: str, pkg: Package, sheets_node: Node | None, rels: dict[str, Rel]
) -> list[tuple[str, str]]:
    """The worksheets of the sheet list (name, member), in order (other kinds of sheet left out).

    Raises:
        UnsafeWorkbook: a worksheet's part is missing.
    """
    found = []
    for sheet in sheets_node.kids("sheet") if sheets_node is not None else []:
        rel = rels.get(sheet.ns_attr(REL_NS, "id") or "")
        if rel is not None and rel.type.endswith("/worksheet"):
            if not pkg.has(rel.part):
                raise keyed(
                    UnsafeWorkbook,
                    "error.zip.sheet_missing",
                    file=file,
                    sheet=repr(sheet.attrs.get("name", "")),
                    fix=_FIX,
                )
            found.append((sheet.attrs.get("name", ""), pkg.names[rel.part.lower()]))
    return found


def _part_error(file: str, exc: SpliceError) -> UnsafeWorkbook:
    """A splice-side error about a part, said of the file."""
    if exc.key == "error.xml.dtd":
        return keyed(UnsafeWorkbook, "error.xml.dtd_refused", file=file, **exc.params)
    return keyed(UnsafeWorkbook, "error.guard.part", file=file, reason=exc, fix=_FIX)


def _plan(
    file: str, archive: zipfile.ZipFile, wanted: Callable[[str], bool]
) -> tuple[list[tuple[str, str]], dict[str, str], set[str]]:
    """The wanted worksheets, the parts by role, and every other part a reader reads."""
    sheets, roles, package = _structure(file, archive)
    read = set(roles.values())
    for name in archive.namelist():
        low = name.lower()
        if low.endswith(".rels") or low == "[content_types].xml":
            read.add(name)
        elif low.startswith("xl/webextensions/") and low.endswith(".xml"):
            read.add(name)  # the flavor of a workbook is read from them
    read.update(p for p in package if p.lower().endswith(".xml"))
    return [(n, p) for n, p in sheets if wanted(n)], roles, read


def _blocks(
    src: BinaryIO, info: zipfile.ZipInfo, limits: Limits, text: _scan.Text, cut=None
) -> Iterator[bytes]:
    return _scan.text_blocks(
        _inflate.inflate(src, info, limits.max_part_bytes), info.filename, text, cut
    )


def _guarded(file: str, part: str, blocks: Iterator[bytes], sheet: str = "") -> Iterator[bytes]:
    """``blocks`` with the scanner's complaints turned into messages about ``file``."""
    try:
        yield from blocks
    except _inflate.Refused as exc:
        key = "error.guard.refused_dtd" if "DTD" in str(exc) else "error.guard.refused"
        raise keyed(UnsafeWorkbook, key, file=file, reason=exc) from exc
    except _inflate.Damaged as exc:
        if sheet:
            raise keyed(
                UnsafeWorkbook,
                "error.guard.damaged_sheet",
                file=file,
                sheet=repr(sheet),
                reason=exc,
                fix=_FIX,
            ) from exc
        raise keyed(UnsafeWorkbook, "error.guard.damaged", file=file, reason=exc, fix=_FIX) from exc


def _check_sheet(
    src: BinaryIO,
    file: str,
    name: str,
    info: zipfile.ZipInfo,
    strings: int | None,
    limits: Limits,
    cancelled: threading.Event | None = None,
) -> SheetCheck:
    text = _scan.Text()

    def blocks() -> Iterator[bytes]:
        for block in _guarded(
            file, info.filename, _blocks(src, info, limits, text, _scan.row_cuts), name
        ):
            if cancelled is not None and cancelled.is_set():
                raise UnsafeWorkbook("cancelled")
            yield block

    def check(extent: _scan.Extent) -> None:
        rows, cols = extent.rows, extent.columns
        if (
            rows <= limits.max_rows
            and cols <= limits.max_columns
            and rows * cols <= limits.max_cells
        ):
            return
        corner = f"{column_letter(max(cols, 1) - 1)}{rows}"
        raise keyed(
            UnsafeWorkbook,
            "error.sheet.extent",
            file=file,
            sheet=repr(name),
            corner=corner,
            rows=f"{rows:,}",
            columns=f"{cols:,}",
            max_rows=f"{limits.max_rows:,}",
            max_columns=f"{limits.max_columns:,}",
            max_cells=f"{limits.max_cells:,}",
        )

    try:
        wide = limits.max_cells // max(limits.max_rows, 1)
        extent = _scan.scan_cells(blocks, strings, check, limits.max_rows, wide)
    except _scan.CellProblem as exc:
        raise keyed(
            UnsafeWorkbook,
            "error.sheet.cell",
            file=file,
            sheet=repr(name),
            cell=exc.ref,
            reason=exc.reason,
            fix=_FIX,
        ) from exc
    return SheetCheck(name, info.filename, extent.rows, extent.columns, text.encoding)
