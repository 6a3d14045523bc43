"""Stream a zip member and find what a reader will make of it, in bounded time and memory.

:func:`inflate` inflates one member of a zip, in chunks, never past its declared size or a
cap, and checks its CRC and that its data really ends there. :func:`text_blocks` turns
those chunks into UTF-8 blocks cut between rows (UTF-16 parts are transcoded) and refuses
DTD and entity declarations. :func:`scan_cells` finds the last row and column a worksheet
really uses, from the cells themselves, as calamine (behind fastexcel) will place them, and
checks every shared-string index against the table.

The cell scan has two speeds. The fast one runs one regular expression over each block
that matches only a cell tag *not* of the everyday form ``<c r="B7" s="3" t="s"><v>12</v>``
with a column, row and string index no larger than what was seen so far; a match is looked
at in Python, which raises the bounds or reports the problem. A sheet whose cells lack
their ``r`` references (valid, and read by position) is walked tag by tag instead.
"""

from __future__ import annotations

import codecs
import queue
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..excelfacts import column_letter, column_number
from ._patterns import digits_at_most, suspect_cell

_RAW_CHUNK = 1 << 20  # compressed bytes read at a time
_OUT_CHUNK = 2 << 20  # inflated bytes produced at a time
_MAX_TAIL = 16 << 20  # a row longer than this is cut between two tags
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY|doctype|entity)")
_ROOT = re.compile(rb"<[A-Za-z_]")
_ROW_END = re.compile(rb"</(?:[\w.-]+:)?row>")
_LAST_CELL = re.compile(rb'<c r="\$?[A-Z]{1,3}\$?([0-9]{1,10})"')
# Attribute names and values hold no "<" (XML forbids it), so no match runs past a tag.
_ATTRS = rb"""((?:\s+[^\s=/><]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)"""
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s/>])" + _ATTRS + rb"\s*(/?)>")
_ATTR = re.compile(rb"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VALUE = re.compile(rb"\s*<(?:[\w.-]+:)?v(?:\s[^>]*)?>([^<]*)<")
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?([0-9]{1,10})")
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)" + _ATTRS + rb"\s*(/?)>")
_COLON_C = re.compile(rb":c[\s/>]")
_PREFIX_BEFORE = re.compile(rb"<[\w.-]+\Z")
_SST_ITEM = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")


class Damaged(ValueError):
    """The part cannot be read as stored; the message says why, for a user."""


class Refused(ValueError):
    """The part is readable but must not be handed to a reader; the message says why."""


# --------------------------------------------------------------------------- inflating
def inflate(src: BinaryIO, info: zipfile.ZipInfo, cap: int) -> Iterator[bytes]:
    """The inflated content of member ``info`` of the zip open as ``src``, in chunks.

    Never produces more than the member's declared size, which must be at most ``cap``;
    checks the CRC and that the compressed data ends where the member does.

    Raises:
        Refused: the declared size is above ``cap``, or the member uses a compression
            Excel never writes.
        Damaged: the data is cut short, corrupt, longer than declared or fails its CRC.
    """
    name = info.filename
    if info.file_size > cap:
        raise Refused(
            f"its part {name} inflates to {info.file_size:,} bytes (the limit is {cap:,})"
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Refused(f"its part {name} uses a compression method Excel does not write")
    src.seek(info.header_offset)
    head = src.read(30)
    if len(head) != 30 or head[:4] != b"PK\x03\x04":
        raise Damaged(f"its part {name} is missing from the archive")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    src.seek(info.header_offset + 30 + name_len + extra_len)
    left, produced, crc = info.compress_size, 0, 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    try:
        while left:
            raw = src.read(min(_RAW_CHUNK, left))
            if not raw:
                raise Damaged(f"its part {name} is cut short (an incomplete download?)")
            left -= len(raw)
            while raw:
                if inflater is None:
                    out, raw = raw, b""
                else:
                    out = inflater.decompress(raw, _OUT_CHUNK)
                    raw = inflater.unconsumed_tail
                    if inflater.eof and (raw or inflater.unused_data or left):
                        raise Damaged(f"its part {name} holds data after its end")
                produced += len(out)
                if produced > info.file_size:
                    raise Damaged(f"its part {name} is larger than its zip entry says")
                crc = zlib.crc32(out, crc)
                if out:
                    yield out
        if inflater is not None:
            out = inflater.flush()
            produced += len(out)
            crc = zlib.crc32(out, crc)
            if not inflater.eof or out:
                raise Damaged(f"its part {name} is cut short or corrupt")
    except zlib.error as exc:
        raise Damaged(f"its part {name} holds corrupt compressed data") from exc
    if produced != info.file_size or crc != info.CRC:
        raise Damaged(f"its part {name} fails its checksum (the file is corrupt)")


def prefetch(chunks: Iterator[bytes], depth: int = 3) -> Iterator[bytes]:
    """``chunks`` produced ahead by a thread of their own (inflating releases the GIL, so a
    large part inflates on one core while its text is scanned on the other)."""
    ready: queue.Queue[object] = queue.Queue(depth)
    stop = threading.Event()
    end = object()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for chunk in chunks:
                if not put(chunk):
                    return
            put(end)
        except BaseException as exc:  # handed to the consumer, raised there
            put(exc)

    worker = threading.Thread(target=produce, name="xl-kpi-inflate", daemon=True)
    worker.start()
    try:
        while True:
            item = ready.get()
            if item is end:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()


# --------------------------------------------------------------------------- text
@dataclass
class Text:
    """What :func:`text_blocks` learned of a part's encoding."""

    encoding: str = "utf-8"

    @property
    def utf8(self) -> bool:
        return self.encoding.replace("-", "").replace("_", "").lower() in ("utf8", "ascii")


def text_blocks(
    chunks: Iterator[bytes],
    name: str,
    info: Text,
    cuts: Callable[[bytes], tuple[int, int]] | None = None,
) -> Iterator[bytes | memoryview]:
    """The part's XML as UTF-8 blocks, each ending where ``cuts`` allows (after a row).

    ``cuts(chunk)`` gives the first and the last place a chunk may be cut (-1: none);
    without it a chunk is cut before a ``<``. Blocks are views of the inflated chunks
    where they can be, so that a large part is not copied again.

    Raises:
        Refused: the part declares a DTD or entities.
        Damaged: the part is in an unknown encoding or cannot be decoded.
    """
    cuts = cuts or tag_cuts
    decode: Callable[[bytes, bool], str] | None = None
    carry = b""
    first = True
    prolog = True  # declarations are looked for before the root element
    for chunk in chunks:
        if first:
            first = False
            decode = _decoder(chunk, name, info)
        if decode is not None:
            try:
                chunk = decode(chunk, False).encode("utf-8")
            except UnicodeError as exc:
                raise Damaged(f"its part {name} is not valid {info.encoding} text") from exc
        if prolog:
            chunk, carry = carry + chunk, b""
            _refuse_declarations(chunk, name)
            prolog = _ROOT.search(chunk) is None
        head, end = cuts(chunk)
        if end < 0:  # no place to cut: wait for more, up to a limit
            carry += chunk
            if len(carry) > _MAX_TAIL and (lt := carry.rfind(b"<")) > 0:
                yield carry[:lt]  # a single row this long: cut between two tags
                carry = carry[lt:]
            continue
        start = 0
        if carry:
            yield carry + chunk[:head]  # the row that ran over from the last chunk
            start = head
        if end > start:
            yield memoryview(chunk)[start:end]
        carry = chunk[end:]
    if decode is not None:
        try:
            carry += decode(b"", True).encode("utf-8")
        except UnicodeError as exc:
            raise Damaged(f"its part {name} is not valid {info.encoding} text") from exc
    if prolog:
        _refuse_declarations(carry, name)
    if carry:
        yield carry


def tag_cuts(chunk: bytes) -> tuple[int, int]:
    """The first and last ``<`` of a chunk: a block cut there splits no tag."""
    return chunk.find(b"<"), chunk.rfind(b"<")


def row_cuts(chunk: bytes) -> tuple[int, int]:
    """The ends of the first and the last closed row of a chunk: no cell is split there."""
    found = _ROW_END.search(chunk)
    return (found.end(), row_cut(chunk)) if found else (-1, -1)


def _refuse_declarations(block: bytes, name: str) -> None:
    if _DECLARATION.search(block):
        raise Refused(f"its part {name} declares a DTD or entities")


def _decoder(head: bytes, name: str, info: Text) -> Callable[[bytes, bool], str] | None:
    """An incremental decoder to UTF-8 text, or None when the part is UTF-8 already."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        info.encoding = "utf-16"
    elif head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        info.encoding = "utf-32"
    elif head.startswith(codecs.BOM_UTF8):
        info.encoding = "utf-8-sig"
    elif found := _ENCODING.match(head):
        info.encoding = found.group(1).decode("ascii")
    if info.utf8 or info.encoding == "utf-8-sig":
        return None
    try:
        return codecs.getincrementaldecoder(info.encoding)(errors="strict").decode
    except LookupError:
        raise Damaged(f"its part {name} is in an unknown encoding {info.encoding!r}") from None


def row_cut(block: bytes) -> int:
    """Where a block can be cut so that no cell is split: after its last closed row."""
    end = len(block)
    while (at := block.rfind(b"row>", 0, end)) >= 0:
        lt = block.rfind(b"<", max(0, at - 64), at)
        if lt >= 0 and _ROW_END.fullmatch(block, lt, at + 4):
            return at + 4
        end = at
    return 0


def count_items(blocks: Iterator[bytes]) -> int:
    """The number of ``<si>`` items in a shared-string table."""
    return sum(len(_SST_ITEM.findall(block)) for block in blocks)


# --------------------------------------------------------------------------- cells
class Irregular(Exception):
    """A cell without its ``r`` reference: the sheet must be walked tag by tag."""


@dataclass
class Extent:
    """The cells a sheet uses: last row and column (1-based; 0 when there is none)."""

    rows: int = 0
    columns: int = 0


class CellProblem(ValueError):
    """A cell that no reader may be given: ``ref`` is where, ``reason`` why."""

    def __init__(self, ref: str, reason: str) -> None:
        super().__init__(f"cell {ref} {reason}")
        self.ref, self.reason = ref, reason


def scan_cells(
    blocks: Callable[[], Iterator[bytes]],
    strings: int | None,
    check: Callable[[Extent], None],
    max_rows: int,
    wide: int,
) -> Extent:
    """The extent of a worksheet's cells, and every shared-string index checked.

    ``blocks`` gives the sheet's UTF-8 text cut between rows (it is called a second time
    when the sheet has cells without references); ``strings`` is the number of entries
    of the shared-string table (None: the workbook has none); ``check`` is called each
    time the extent grows and raises to stop the scan. Up to ``wide`` columns, any row up
    to ``max_rows`` is safe, and the last row is taken from the last cell of each block
    (rows come in order; a cell further down than ``max_rows`` is always found); a wider
    sheet has every cell's row compared with the last row so far.

    Raises:
        CellProblem: a cell reference that cannot be read, or a string index out of range.
    """
    try:
        try:
            return _fast(blocks(), strings, check, max_rows, wide)
        except _Wide:  # rows seen so far were bounded by max_rows only: look again
            return _fast(blocks(), strings, check, max_rows, 0)
    except Irregular:
        return _walk(blocks(), strings, check)


class _Wide(Exception):
    """The sheet is wider than ``wide``: every cell's row must be compared exactly."""


def _fast(
    blocks: Iterator[bytes],
    strings: int | None,
    check: Callable[[Extent], None],
    max_rows: int,
    wide: int,
) -> Extent:
    extent = Extent()
    patterns: dict[tuple[int, int], re.Pattern[bytes]] = {}
    strings_beyond = _strings_beyond(strings)
    for block in blocks:
        if _prefixed_cell(block):
            raise Irregular  # cells under a namespace prefix: rare, walked exactly
        # The last cell's row: rows come in order, so it is the block's last row, and it is
        # a real cell, so the extent has it.
        last = [int(m.group(1)) for m in _LAST_CELL.finditer(block, max(0, len(block) - 4096))]
        if last and last[-1] > extent.rows:
            extent.rows = last[-1]
            check(extent)
        pos = 0
        while True:
            bound = max_rows if extent.columns <= wide else max(extent.rows, 1)
            if not wide:
                bound = max(extent.rows, 1)
            key = (extent.columns, bound)
            if key not in patterns:
                patterns[key] = suspect_cell(extent.columns, bound)
            found = patterns[key].search(block, pos)
            if found is None:
                break
            pos = found.end()
            cell = _look(block, found.start(), strings)
            if cell is None:
                continue
            row, col = cell
            if row > extent.rows or col > extent.columns:
                extent.rows, extent.columns = max(row, extent.rows), max(col, extent.columns)
                check(extent)
                if 0 < wide < extent.columns and bound == max_rows:
                    raise _Wide
        for found in strings_beyond.finditer(block) if strings_beyond is not None else ():
            start = bytes(block[max(0, found.start() - 4096) : found.start()]).rfind(b"<")
            _look(block, max(0, found.start() - 4096) + start, strings)  # raises when beyond
    return extent


def _prefixed_cell(block: bytes) -> bool:
    """Whether ``block`` has a cell tag with a namespace prefix (``<x:c r="A1">``)."""
    for found in _COLON_C.finditer(block):
        if _PREFIX_BEFORE.search(block, max(0, found.start() - 1024), found.start()):
            return True
    return False


def _strings_beyond(strings: int | None) -> re.Pattern[bytes] | None:
    """A shared-string cell whose index is past the table's end (None: nothing to check)."""
    if strings is None:
        return None  # a reader refuses such cells itself
    if strings == 0:
        return re.compile(rb' t="s"><v>')
    return re.compile(rb' t="s"><v>(?!' + digits_at_most(strings - 1, zero=True) + rb"<)")


def _look(block: bytes, start: int, strings: int | None) -> tuple[int, int] | None:
    """Row and column of the cell tag at ``start`` (None: another tag); its string index
    checked."""
    tag = _CELL_TAG.match(block, start)
    if tag is None:
        return None
    attrs = _attrs(tag.group(1))
    ref = attrs.get(b"r")
    if ref is None:
        raise Irregular
    row, col = _ref(ref)
    if attrs.get(b"t") == b"s" and not tag.group(2):
        _check_index(block, tag.end(), strings, ref)
    return row, col


def _attrs(raw: bytes) -> dict[bytes, bytes]:
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTR.finditer(raw)
    }


def _ref(ref: bytes) -> tuple[int, int]:
    found = _REF.fullmatch(ref.strip())
    if found is None:
        raise CellProblem(ref.decode("utf-8", "replace"), "is not a cell reference")
    return int(found.group(2)), column_number(found.group(1).decode("ascii").upper())


def _check_index(block: bytes, at: int, strings: int | None, ref: bytes | str) -> None:
    value = _VALUE.match(block, at)
    if value is None:
        return  # no value: an empty cell
    text = value.group(1).strip()
    where = ref.decode("utf-8", "replace") if isinstance(ref, bytes) else ref
    if not text.isdigit():
        raise CellProblem(
            where, f"holds {text[:20].decode('utf-8', 'replace')!r} where a text number belongs"
        )
    if strings is None or int(text) >= strings:
        table = "no text table" if strings is None else f"a text table of {strings:,} entries"
        raise CellProblem(
            where, f"refers to text number {int(text):,}, but the workbook has {table}"
        )


def _walk(blocks: Iterator[bytes], strings: int | None, check: Callable[[Extent], None]) -> Extent:
    """The exact extent, tag by tag, placing cells without ``r`` as calamine does."""
    extent = Extent()
    row = 0
    col = 1
    for block in blocks:
        for tag in _TAG.finditer(block):
            closing, name, raw, empty = tag.groups()
            if name == b"row":
                if closing:
                    continue
                r = _attrs(raw).get(b"r", b"").strip()
                row = int(r) if r.isdigit() else row + 1
                col = 1
                continue
            if closing:
                continue
            attrs = _attrs(raw)
            ref = attrs.get(b"r")
            if ref is not None:
                r, c = _ref(ref)
            else:
                r, c = max(row, 1), col
            col = c + 1
            if attrs.get(b"t") == b"s" and not empty:
                _check_index(block, tag.end(), strings, f"{column_letter(c - 1)}{r}")
            if r > extent.rows or c > extent.columns:
                extent.rows, extent.columns = max(r, extent.rows), max(c, extent.columns)
                check(extent)
    return extent
