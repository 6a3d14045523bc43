"""Find what a reader will make of a streamed zip member, in bounded time and memory.

:func:`text_blocks` turns the chunks of :func:`~xl_kpi.files._inflate.inflate` into UTF-8
blocks cut between rows (UTF-16 parts are transcoded) and refuses DTD and entity
declarations. :func:`scan_cells` finds the last row and column a worksheet really uses,
from the cells themselves, as calamine (behind fastexcel) will place them, and checks every
shared-string index against the table.

The cell scan has two speeds. The fast one runs one regular expression over each block
that matches only a cell tag *not* of the everyday form ``<c r="B7" s="3" t="s"><v>12</v>``
with a column, row and string index no larger than what was seen so far; a match is looked
at in Python, which raises the bounds or reports the problem. A sheet whose cells lack
their ``r`` references (valid, and read by position) is walked tag by tag instead.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass

from ..excelfacts import column_letter, column_number
from ..problems import Words, keyed
from ._inflate import Damaged, Refused
from ._patterns import digits_at_most, suspect_cell

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
    utf8 = _Utf8(name, info)
    carry = b""
    prolog = True  # declarations are looked for before the root element
    for chunk in chunks:
        chunk = utf8.convert(chunk)
        if prolog:
            chunk, carry = carry + chunk, b""
            _refuse_declarations(chunk, name)
            prolog = _ROOT.search(chunk) is None
        head, end = cuts(chunk)
        if end < 0:  # no place to cut: wait for more, up to a limit
            carry = yield from _held(carry + chunk)
            continue
        yield from _cut(carry, chunk, head, end)
        carry = chunk[end:]
    carry += utf8.finish()
    if prolog:
        _refuse_declarations(carry, name)
    if carry:
        yield carry


def _held(carry: bytes) -> Generator[bytes, None, bytes]:
    """Hold back text that has no place to cut yet, and return what is still held.

    Held text longer than ``_MAX_TAIL`` (a single row that long) is cut before its last
    ``<``, between two tags.
    """
    if len(carry) > _MAX_TAIL and (lt := carry.rfind(b"<")) > 0:
        yield carry[:lt]  # a single row this long: cut between two tags
        carry = carry[lt:]
    return carry


def _cut(carry: bytes, chunk: bytes, head: int, end: int) -> Iterator[bytes | memoryview]:
    """The blocks of ``chunk`` up to ``end``, the held ``carry`` completed up to ``head``."""
    start = 0
    if carry:
        yield carry + chunk[:head]  # the row that ran over from the last chunk
        start = head
    if end > start:
        yield memoryview(chunk)[start:end]


class _Utf8:
    """A part's chunks turned into UTF-8, in the encoding its first chunk declares."""

    def __init__(self, name: str, info: Text) -> None:
        self.name, self.info = name, info
        self.decode: Callable[[bytes, bool], str] | None = None
        self.started = False

    def convert(self, chunk: bytes) -> bytes:
        """The next chunk of the part as UTF-8 (the chunk itself when it is UTF-8)."""
        if not self.started:
            self.started = True
            self.decode = _decoder(chunk, self.name, self.info)
        return self._decoded(chunk, False)

    def finish(self) -> bytes:
        """What the decoder still holds at the end of the part, as UTF-8."""
        return self._decoded(b"", True)

    def _decoded(self, data: bytes, final: bool) -> bytes:
        """``data`` decoded (``final``: the part ends there) and encoded as UTF-8."""
        if self.decode is None:
            return data
        try:
            return self.decode(data, final).encode("utf-8")
        except UnicodeError as exc:
            raise keyed(
                Damaged, "error.part.bad_text", part=self.name, encoding=self.info.encoding
            ) from exc


def tag_cuts(chunk: bytes) -> tuple[int, int]:
    """The first and last ``<`` of a chunk: a block cut there splits no tag."""
    return chunk.find(b"<"), chunk.rfind(b"<")


def row_cuts(chunk: bytes) -> tuple[int, int]:
    """The ends of the first and the last closed row of a chunk: no cell is split there."""
    found = _ROW_END.search(chunk)
    return (found.end(), row_cut(chunk)) if found else (-1, -1)


def _refuse_declarations(block: bytes, name: str) -> None:
    if _DECLARATION.search(block):
        raise keyed(Refused, "error.part.dtd", part=name)


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
        raise keyed(
            Damaged, "error.part.encoding", part=name, encoding=repr(info.encoding)
        ) from None


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

    def __init__(self, ref: str, reason: Words) -> None:
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
    """The extent by the fast scan: only the cells a suspect pattern matches are looked at.

    Raises:
        Irregular: a cell without its reference, or one under a namespace prefix.
        _Wide: with ``wide`` above 0, the sheet turned out wider than ``wide`` columns.
    """
    scan = _FastScan(strings, check, max_rows, wide)
    strings_beyond = _strings_beyond(strings)
    for block in blocks:
        if _prefixed_cell(block):
            raise Irregular  # cells under a namespace prefix: rare, walked exactly
        scan.last_row(block)
        scan.suspects(block)
        if strings_beyond is not None:
            _check_beyond(block, strings_beyond, strings)
    return scan.extent


class _FastScan:
    """The extent found so far by :func:`_fast`, and the patterns it searches with."""

    def __init__(
        self, strings: int | None, check: Callable[[Extent], None], max_rows: int, wide: int
    ) -> None:
        self.extent = Extent()
        self.strings, self.check, self.max_rows, self.wide = strings, check, max_rows, wide
        self.patterns: dict[tuple[int, int], re.Pattern[bytes]] = {}

    def last_row(self, block: bytes) -> None:
        """Take the row of the block's last cell into the extent.

        Rows come in order, so it is the block's last row, and it is a real cell, so the
        extent has it.
        """
        last = [int(m.group(1)) for m in _LAST_CELL.finditer(block, max(0, len(block) - 4096))]
        if last and last[-1] > self.extent.rows:
            self.extent.rows = last[-1]
            self.check(self.extent)

    def suspects(self, block: bytes) -> None:
        """Look at each cell of ``block`` beyond the extent so far, growing it."""
        pos = 0
        while True:
            bound = self._row_bound()
            found = self._pattern(bound).search(block, pos)
            if found is None:
                return
            pos = found.end()
            cell = _look(block, found.start(), self.strings)
            if cell is not None:
                self._grow(*cell, bound)

    def _row_bound(self) -> int:
        """The row up to which a cell is not suspect for its row alone.

        That is ``max_rows`` while the sheet is no wider than ``wide``, and the last row so
        far once it is wider (or always, when ``wide`` is 0).
        """
        extent = self.extent
        if self.wide and extent.columns <= self.wide:
            return self.max_rows
        return max(extent.rows, 1)

    def _pattern(self, bound: int) -> re.Pattern[bytes]:
        """The suspect-cell pattern for the columns so far and rows up to ``bound``."""
        key = (self.extent.columns, bound)
        if key not in self.patterns:
            self.patterns[key] = suspect_cell(*key)
        return self.patterns[key]

    def _grow(self, row: int, col: int, bound: int) -> None:
        """Take the cell at ``row``, ``col`` into the extent, checked when it grows."""
        extent = self.extent
        if row > extent.rows or col > extent.columns:
            extent.rows, extent.columns = max(row, extent.rows), max(col, extent.columns)
            self.check(extent)
            if 0 < self.wide < extent.columns and bound == self.max_rows:
                raise _Wide


def _check_beyond(block: bytes, strings_beyond: re.Pattern[bytes], strings: int | None) -> None:
    """Check the index of each shared-string cell that ``strings_beyond`` finds in ``block``."""
    for found in strings_beyond.finditer(block):
        start = bytes(block[max(0, found.start() - 4096) : found.start()]).rfind(b"<")
        _look(block, max(0, found.start() - 4096) + start, strings)  # raises when beyond


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
        raise CellProblem(ref.decode("utf-8", "replace"), Words("error.cell.not_ref"))
    return int(found.group(2)), column_number(found.group(1).decode("ascii").upper())


def _check_index(block: bytes, at: int, strings: int | None, ref: bytes | str) -> None:
    value = _VALUE.match(block, at)
    if value is None:
        return  # no value: an empty cell
    text = value.group(1).strip()
    where = ref.decode("utf-8", "replace") if isinstance(ref, bytes) else ref
    if not text.isdigit():
        shown = repr(text[:20].decode("utf-8", "replace"))
        raise CellProblem(where, Words("error.cell.not_index", text=shown))
    if strings is None or int(text) >= strings:
        table = (
            Words("error.cell.no_table")
            if strings is None
            else Words("error.cell.table", count=f"{strings:,}")
        )
        raise CellProblem(where, Words("error.cell.index", number=f"{int(text):,}", table=table))


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
