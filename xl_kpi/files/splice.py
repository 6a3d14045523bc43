"""Insert a rendered summary sheet into a user's workbook without rewriting it.

The summary is rendered by xlsxwriter into a small *donor* workbook. Its one
worksheet, with any drawing and charts, is grafted into the user's *target*
package:

* every target member that the splice does not have to change is copied as its
  raw compressed bytes (same CRC, same metadata, same order), so sheets and their
  cached formula values, charts, images, VBA projects and add-in parts survive
  untouched and large sheets are never inflated;
* donor shared strings become inline strings, so the target's shared string
  table is never rewritten;
* donor styles are appended to the target's ``styles.xml`` with deduplication,
  so refreshing twice yields the same file as refreshing once;
* ``workbook.xml``, its relationships, ``[Content_Types].xml`` and (when an old
  summary is replaced) ``calcChain.xml`` are edited in place as text, so their
  namespace prefixes and the rest of their bytes are kept.

A sheet created by the product carries a hidden, sheet-scoped defined name
(:data:`MARKER_NAME`). On the next refresh that sheet is replaced in place: same
position, ``sheetId``, relationship id and part name, so formulas and defined
names elsewhere in the workbook keep pointing at the right sheets.

``docProps/app.xml`` (which lists sheet titles for file browsers) is left as it
is: Excel rebuilds it on save and nothing reads it to open the workbook.

Donor parts keep the transitional namespaces xlsxwriter writes; in a Strict
target only the workbook-level edits follow the target's namespaces.
"""

from __future__ import annotations

import html
import io
import os
import posixpath
import re
import struct
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

MARKER_NAME = "xlkpi_summary"

_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
# Parts a summary sheet may bring along: a drawing with charts or pictures.
_DONOR_TYPES = re.compile(
    r"image/.*|.*\.(drawing|drawingml\.chart|drawingml\.chartshapes|chartstyle"
    r"|chartcolorstyle|themeOverride)\+xml"
)
_NEW_MEMBER_DATE = (1980, 1, 1, 0, 0, 0)  # what Excel stamps on every member
_CHUNK = 1 << 20
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
    r"|<(/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>",
    re.S,
)
_CALC_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*>")
_CALC_SHEET = re.compile(rb'\si\s*=\s*["\'](\d+)')
_ATTR = re.compile(r"\s+([^\s=/>]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_STYLE_ORDER = (
    "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs",
    "cellStyles", "dxfs", "tableStyles", "colors", "extLst",
)  # fmt: skip
# The style collections merged from the donor (cell styles stay the target's).
_MERGED = ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs")
# Donor style slots that mean "the workbook default"; they map onto the target's.
_DEFAULT_SLOTS = {"fonts": (0,), "fills": (0, 1), "borders": (0,), "cellXfs": (0,)}


class SpliceError(ValueError):
    """The summary sheet cannot be inserted; the message is meant for the user."""


# --------------------------------------------------------------------------- XML text


@dataclass(eq=False)
class _Node:
    """An element of an XML text, with the offsets needed to edit it in place."""

    qname: str
    attrs: dict[str, str]
    nsmap: dict[str, str]
    start: int
    open_end: int
    close_start: int = -1
    end: int = -1
    children: list[_Node] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        """The element's prefix followed by a colon, or an empty string."""
        return self.qname.rpartition(":")[0] + ":" if ":" in self.qname else ""

    @property
    def local(self) -> str:
        return self.qname.rpartition(":")[2]

    @property
    def ns(self) -> str:
        return self.nsmap.get(self.prefix[:-1], "")

    def kids(self, local: str | None = None) -> list[_Node]:
        """Children in this element's namespace, optionally of one local name."""
        return [c for c in self.children if c.ns == self.ns and local in (None, c.local)]

    def child(self, local: str) -> _Node | None:
        found = self.kids(local)
        return found[0] if found else None

    def ns_attr(self, namespaces: Iterable[str], local: str) -> str | None:
        """The value of a namespaced attribute such as ``r:id``."""
        for qname, value in self.attrs.items():
            pre, _, name = qname.rpartition(":")
            if pre and name == local and self.nsmap.get(pre) in namespaces:
                return value
        return None


def _parse(data: bytes, what: str) -> tuple[str, _Node]:
    """Validate ``data`` with defusedxml, then index its elements by text offset."""
    try:
        SafeET.fromstring(data, forbid_dtd=True)
        text = data.decode("utf-8")
    except (SafeET.ParseError, DefusedXmlException, UnicodeDecodeError) as exc:
        raise SpliceError(f"The workbook part {what} is damaged or unsupported: {exc}") from exc
    stack: list[_Node] = []
    root: _Node | None = None
    for m in _TOKEN.finditer(text):
        if m.group(2) is None:  # comment, CDATA or processing instruction
            continue
        closing, qname, raw_attrs, empty = m.groups()
        if closing:
            node = stack.pop()
            node.close_start, node.end = m.start(), m.end()
            continue
        attrs = {a: html.unescape(v[1:-1]) for a, v in _ATTR.findall(raw_attrs)}
        nsmap = dict(stack[-1].nsmap) if stack else {"xml": "http://www.w3.org/XML/1998/namespace"}
        nsmap.update({k.partition(":")[2]: v for k, v in attrs.items() if _is_xmlns(k)})
        node = _Node(qname, attrs, nsmap, m.start(), m.end())
        if stack:
            stack[-1].children.append(node)
        else:
            root = node
        if empty:
            node.close_start = node.end = m.end()
        else:
            stack.append(node)
    assert root is not None  # defusedxml accepted the document
    return text, root


def _esc(value: str, quote: bool = False) -> str:
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        out = out.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
        out = out.replace("\t", "&#9;")
    return out


def _set_attr(tag: str, name: str, value: str | None) -> str:
    """Return the start tag ``tag`` with attribute ``name`` set, or removed if None."""
    pos = re.match(r"<[^\s/>]+", tag).end()  # type: ignore[union-attr]
    while m := _ATTR.match(tag, pos):
        if m.group(1) == name:
            new = "" if value is None else f' {name}="{_esc(value, True)}"'
            return tag[: m.start()] + new + tag[m.end() :]
        pos = m.end()
    return tag if value is None else f'{tag[:pos]} {name}="{_esc(value, True)}"{tag[pos:]}'


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping ``(start, end, new)`` spans of ``text``."""
    out, pos = [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        out += [text[pos:start], new]
        pos = end
    return "".join(out) + text[pos:]


def _is_empty(node: _Node) -> bool:
    """Whether the element was written as an empty-element tag (``<tag/>``)."""
    return node.open_end == node.end


def _open(tag: str) -> str:
    """An empty-element tag turned into a start tag."""
    return re.sub(r"\s*/>$", ">", tag)


def _append_child(text: str, node: _Node, xml: str) -> tuple[int, int, str]:
    """An edit adding ``xml`` as the last child of ``node`` (also if it is empty)."""
    if _is_empty(node):
        return (
            node.start,
            node.end,
            f"{_open(text[node.start : node.open_end])}{xml}</{node.qname}>",
        )
    return node.close_start, node.close_start, xml


def _canon(node: _Node, fix: Callable[[_Node], dict[str, str]] | None = None) -> str:
    """A namespace-prefix independent key of an element, for deduplication."""
    attrs = {**node.attrs, **(fix(node) if fix else {})}
    items = sorted((_qualify(node, k), v) for k, v in attrs.items() if not _is_xmlns(k))
    inner = "".join(_canon(c, fix) for c in node.children)
    return f"<{node.local if node.ns in _MAIN_NS else node.ns + node.local} {items}>{inner}</>"


def _emit(node: _Node, prefix: str, fix: Callable[[_Node], dict[str, str]] | None = None) -> str:
    """Serialize a donor element; main-namespace names get the target's ``prefix``."""
    attrs = {k: v for k, v in node.attrs.items() if not _is_xmlns(k)}
    attrs.update(fix(node) if fix else {})
    decls = {}
    foreign = node.ns not in _MAIN_NS
    if foreign and ":" not in node.qname:
        decls["xmlns"] = node.ns
    for qname in [*attrs, *([node.qname] if foreign else [])]:
        pre = qname.partition(":")[0] if ":" in qname else ""
        if pre and pre != "xml":
            decls[f"xmlns:{pre}"] = node.nsmap.get(pre, "")
    name = prefix + node.local if node.ns in _MAIN_NS else node.qname
    text = "".join(f' {k}="{_esc(v, True)}"' for k, v in {**decls, **attrs}.items())
    inner = "".join(_emit(c, prefix, fix) for c in node.children)
    return f"<{name}{text}>{inner}</{name}>" if inner else f"<{name}{text}/>"


_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)


def _is_xmlns(qname: str) -> bool:
    return qname == "xmlns" or qname.startswith("xmlns:")


def _qualify(node: _Node, qname: str) -> str:
    pre, _, local = qname.rpartition(":")
    return f"{{{node.nsmap.get(pre, pre)}}}{local}" if pre else local


# --------------------------------------------------------------------------- packages


@dataclass
class _Rel:
    id: str
    type: str
    part: str  # resolved member name, or the raw target when external
    external: bool
    node: _Node


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


class _Package:
    """Read access to the parts and relationships of an OPC zip package."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = {i.filename.lower(): i.filename for i in zf.infolist()}
        self._rels: dict[str, list[_Rel]] = {}

    def has(self, part: str) -> bool:
        return part.lower() in self.names

    def read(self, part: str) -> bytes:
        try:
            return self.zf.read(self.names[part.lower()])
        except KeyError:
            raise SpliceError(f"The workbook is incomplete: {part} is missing.") from None

    def rels(self, part: str) -> list[_Rel]:
        """Relationships whose source is ``part`` ("" for the package itself)."""
        name = _rels_name(part)
        if name.lower() not in self._rels:
            found: list[_Rel] = []
            if self.has(name):
                found = _read_rels(self.read(name), part, name)[2]
            self._rels[name.lower()] = found
        return self._rels[name.lower()]

    def main_part(self) -> str:
        for rel in self.rels(""):
            if rel.type.endswith("/officeDocument") and not rel.external:
                return rel.part
        raise SpliceError("The file is not an Excel workbook (no main workbook part).")

    def reach(self, roots: Iterable[str], stop: str = "") -> set[str]:
        """Lowercased names of the parts reachable from ``roots``, not crossing ``stop``."""
        seen: set[str] = set()
        todo = list(roots)
        while todo:
            part = todo.pop()
            if part.lower() in seen:
                continue
            seen.add(part.lower())
            if part.lower() != stop:
                todo += [r.part for r in self.rels(part) if not r.external]
        return seen


def _read_rels(data: bytes, source: str, name: str) -> tuple[str, _Node, list[_Rel]]:
    text, root = _parse(data, name)
    rels = []
    for node in root.kids("Relationship"):
        external = node.attrs.get("TargetMode") == "External"
        target = node.attrs.get("Target", "")
        part = target if external else _resolve(source, target)
        rels.append(
            _Rel(node.attrs.get("Id", ""), node.attrs.get("Type", ""), part, external, node)
        )
    return text, root, rels


def _content_types(data: bytes) -> tuple[str, _Node, dict[str, str], dict[str, _Node]]:
    """``[Content_Types].xml``: text, root, defaults by extension, overrides by part."""
    text, root = _parse(data, "[Content_Types].xml")
    defaults = {
        n.attrs.get("Extension", "").lower(): n.attrs.get("ContentType", "")
        for n in root.kids("Default")
    }
    overrides = {n.attrs.get("PartName", "").lstrip("/").lower(): n for n in root.kids("Override")}
    return text, root, defaults, overrides


def _free_name(name: str, taken: set[str]) -> str:
    """``name`` renumbered (``drawing1.xml`` -> ``drawingN.xml``) to a name not taken."""
    stem, ext = re.match(r"(.*?)\d*(\.[^./]*)?$", name).groups()  # type: ignore[union-attr]
    n = 1
    while f"{stem}{n}{ext or ''}".lower() in taken:
        n += 1
    taken.add(f"{stem}{n}{ext or ''}".lower())
    return f"{stem}{n}{ext or ''}"


def _rels_xml(rels: list[tuple[str, str, str, bool]]) -> bytes:
    """A relationships part from ``(id, type, target, external)`` tuples."""
    body = "".join(
        f'<Relationship Id="{_esc(i, True)}" Type="{_esc(t, True)}" Target="{_esc(g, True)}"'
        + (' TargetMode="External"/>' if ext else "/>")
        for i, t, g, ext in rels
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        f'"http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'
    ).encode()


# --------------------------------------------------------------------------- zip members


def _strip_zip64(extra: bytes) -> bytes:
    """``extra`` without its zip64 field; zipfile writes a fresh one when needed."""
    out, pos = b"", 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, pos)
        if kind != 1:
            out += extra[pos : pos + 4 + size]
        pos += 4 + size
    return out


def _copy_raw(src: BinaryIO, info: zipfile.ZipInfo, zout: zipfile.ZipFile) -> None:
    """Append member ``info`` of the archive open as ``src`` to ``zout`` without inflating it.

    zipfile has no public API to copy a member's compressed bytes, and inflating
    and deflating again would change the bytes, cost seconds on a large sheet and
    could not reproduce members written by other zip libraries. So the local header
    is written with ``ZipInfo.FileHeader`` (which adds a zip64 field for members over
    4 GiB), the stored bytes are streamed in chunks, and the entry is registered the
    way ``ZipFile.writestr`` does it, so ``close()`` writes the central directory.
    """
    src.seek(info.header_offset)
    head = src.read(30)
    if len(head) != 30 or head[:4] != b"PK\x03\x04":
        raise SpliceError(f"The workbook is damaged (bad zip entry {info.filename}).")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    src.seek(info.header_offset + 30 + name_len + extra_len)
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    for attr in (
        "compress_type", "comment", "create_system", "create_version", "extract_version",
        "flag_bits", "volume", "internal_attr", "external_attr", "CRC", "compress_size",
        "file_size",
    ):  # fmt: skip
        setattr(copy, attr, getattr(info, attr))
    copy.extra = _strip_zip64(info.extra)
    copy.flag_bits &= ~0x08  # sizes and CRC go into the local header: no data descriptor
    fp = zout.fp
    assert fp is not None
    copy.header_offset = fp.tell()
    fp.write(copy.FileHeader())
    left = info.compress_size
    while left:
        chunk = src.read(min(_CHUNK, left))
        if not chunk:
            raise SpliceError(f"The workbook is damaged (truncated entry {info.filename}).")
        fp.write(chunk)
        left -= len(chunk)
    zout.start_dir = fp.tell()
    zout.filelist.append(copy)
    zout.NameToInfo[copy.filename] = copy


def _write_member(
    zout: zipfile.ZipFile, name: str, data: bytes, like: zipfile.ZipInfo | None
) -> None:
    """Write new content, keeping the metadata of the member it replaces, if any."""
    info = zipfile.ZipInfo(name, like.date_time if like else _NEW_MEMBER_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = like.external_attr if like else 0o600 << 16
    zout.writestr(info, data)


# --------------------------------------------------------------------------- the donor


@dataclass
class _Donor:
    """The parts of the rendered one-sheet workbook that go into the target."""

    name: str
    sheet: str
    sheet_text: str
    sheet_root: _Node
    strings: list[str]
    styles: bytes | None
    styles_root: _Node | None
    parts: list[str]  # parts reachable from the sheet, breadth first
    pkg: _Package
    types: Callable[[str], str]

    @classmethod
    def load(cls, data: bytes) -> _Donor:
        try:
            pkg = _Package(zipfile.ZipFile(io.BytesIO(data)))
        except zipfile.BadZipFile as exc:
            raise SpliceError("The rendered summary is not a valid workbook.") from exc
        wb_part = pkg.main_part()
        _, wb = _parse(pkg.read(wb_part), wb_part)
        sheets = wb.child("sheets")
        found = sheets.kids("sheet") if sheets else []
        if len(found) != 1:
            raise SpliceError("The rendered summary must hold exactly one worksheet.")
        by_id = {r.id: r for r in pkg.rels(wb_part)}
        sheet = by_id[found[0].ns_attr(_REL_NS, "id") or ""].part
        text, root = _parse(pkg.read(sheet), sheet)
        strings: list[str] = []
        styles = styles_root = None
        for rel in pkg.rels(wb_part):
            if rel.type.endswith("/sharedStrings"):
                strings = _inline_strings(pkg.read(rel.part))
            elif rel.type.endswith("/styles"):
                styles = pkg.read(rel.part)
                styles_root = _parse(styles, rel.part)[1]
        _, _, defaults, overrides = _content_types(pkg.read("[Content_Types].xml"))

        def types(part: str) -> str:
            node = overrides.get(part.lower())
            if node is not None:
                return node.attrs.get("ContentType", "")
            return defaults.get(part.rpartition(".")[2].lower(), "")

        parts = [p for p in _breadth_first(pkg, sheet) if p.lower() != sheet.lower()]
        for part in parts:
            if not _DONOR_TYPES.fullmatch(types(part)):
                raise SpliceError(
                    f"The summary uses content that cannot be inserted: {types(part)}"
                )
        name = found[0].attrs.get("name", "")
        return cls(name, sheet, text, root, strings, styles, styles_root, parts, pkg, types)


def _breadth_first(pkg: _Package, start: str) -> list[str]:
    order, seen = [start], {start.lower()}
    for part in order:
        for rel in pkg.rels(part):
            if not rel.external and rel.part.lower() not in seen:
                seen.add(rel.part.lower())
                order.append(rel.part)
    return order


def _inline_strings(data: bytes) -> list[str]:
    """The shared strings as ``<is>`` contents; the XML stays escaped, as it was."""
    text, root = _parse(data, "sharedStrings.xml")
    out = []
    for si in root.kids("si"):
        inner = text[si.open_end : si.close_start]
        plain = si.kids("t")
        if len(si.children) == 1 and plain:
            t = plain[0]
            body = "" if _is_empty(t) else text[t.open_end : t.close_start]
            inner = f'<{t.qname} xml:space="preserve">{body}</{t.qname}>'
        out.append(inner)
    return out


def _rename_refs(xml: str, old: str, new: str) -> str:
    """Point formula references to sheet ``old`` (in ``<f>``-like elements) to ``new``."""
    pattern = re.escape(_esc(_quote(old) + "!"))
    if re.fullmatch(r"[A-Za-z_][\w.]*", old):  # Excel may write such names unquoted
        pattern += rf"|(?<![\w.']){re.escape(old)}!"
    replacement = _esc(_quote(new) + "!")

    def fix(m: re.Match[str]) -> str:
        return m.group(1) + re.sub(pattern, lambda _: replacement, m.group(2)) + m.group(3)

    return re.sub(r"(<(?:\w+:)?(?:f|formula\d?)\b[^>]*>)([^<]*)(</)", fix, xml)


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


# --------------------------------------------------------------------------- styles


class _Styles:
    """Append the donor styles the summary uses to the target's ``styles.xml``.

    Existing elements and indexes are never changed. A donor element identical to
    one already present (compared namespace-independently, after its own indexes
    are remapped) is reused instead of appended, which keeps a second refresh from
    growing the file. Donor defaults (font 0, fills 0-1, border 0, cell format 0)
    map to the target's defaults, so plain summary cells look like the user's.
    Cell formats point at the target's ``Normal`` cell style (``xfId="0"``).
    """

    def __init__(self, part: str, donor: _Node, pkg: _Package) -> None:
        self.part = part
        self.text, self.root = _parse(pkg.read(part), part)
        self.prefix = self.root.prefix
        root = self.root
        self.mine = {c: self._items(root, c) for c in _MERGED}
        self.theirs = {c: self._items(donor, c) for c in _MERGED}
        self.keys: dict[str, dict[str, int]] = {c: {} for c in _MERGED}
        for coll, nodes in self.mine.items():
            for i, node in reversed(list(enumerate(nodes))):
                self.keys[coll][_canon(node)] = i
        self.added: dict[str, list[str]] = {c: [] for c in _MERGED}
        self.codes = {
            n.attrs.get("formatCode", ""): int(n.attrs.get("numFmtId", 0))
            for n in reversed(self.mine["numFmts"])
        }
        self.next_fmt = max([163, *self.codes.values()]) + 1
        self.donor_codes = {
            int(n.attrs.get("numFmtId", 0)): n.attrs.get("formatCode", "")
            for n in self.theirs["numFmts"]
        }
        self.memo: dict[tuple[str, int], int] = {}

    @staticmethod
    def _items(root: _Node, coll: str) -> list[_Node]:
        node = root.child(coll)
        return node.kids() if node else []

    def number_format(self, donor_id: int) -> int:
        """The target id for donor number format ``donor_id``."""
        if donor_id < 164:  # built-in format
            return donor_id
        code = self.donor_codes.get(donor_id)
        return 0 if code is None else self._format_code(code)

    def _format_code(self, code: str) -> int:
        if code not in self.codes:
            self.codes[code] = self.next_fmt
            self.added["numFmts"].append(
                f'<{self.prefix}numFmt numFmtId="{self.next_fmt}" formatCode="{_esc(code, True)}"/>'
            )
            self.next_fmt += 1
        return self.codes[code]

    def index(self, coll: str, i: int) -> int:
        """The target index for element ``i`` of donor collection ``coll``."""
        if (coll, i) not in self.memo:
            if not 0 <= i < len(self.theirs[coll]):  # dangling donor index
                found = 0
            elif i in _DEFAULT_SLOTS.get(coll, ()) and i < len(self.mine[coll]):
                found = i
            else:
                fix = {"cellXfs": self._fix_xf, "dxfs": self._fix_dxf}.get(coll)
                node = self.theirs[coll][i]
                key = _canon(node, fix)
                if key not in self.keys[coll]:
                    self.keys[coll][key] = len(self.mine[coll]) + len(self.added[coll])
                    self.added[coll].append(_emit(node, self.prefix, fix))
                found = self.keys[coll][key]
            self.memo[coll, i] = found
        return self.memo[coll, i]

    def _fix_xf(self, node: _Node) -> dict[str, str]:
        if node.local != "xf":
            return {}
        out = {"xfId": "0"} if "xfId" in node.attrs else {}
        if "numFmtId" in node.attrs:
            out["numFmtId"] = str(self.number_format(int(node.attrs["numFmtId"])))
        for attr, coll in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
            if attr in node.attrs:
                out[attr] = str(self.index(coll, int(node.attrs[attr])))
        return out

    def _fix_dxf(self, node: _Node) -> dict[str, str]:
        if node.local == "numFmt" and "formatCode" in node.attrs:
            return {"numFmtId": str(self._format_code(node.attrs["formatCode"]))}
        return {}

    def render(self) -> str:
        """The target's styles text with the appended elements and updated counts."""
        edits = []
        for coll in _MERGED:
            if not self.added[coll]:
                continue
            count = str(len(self.mine[coll]) + len(self.added[coll]))
            items = "".join(self.added[coll])
            node = self.root.child(coll)
            if node is None:
                after = _STYLE_ORDER[_STYLE_ORDER.index(coll) + 1 :]
                later = [n for c in after if (n := self.root.child(c))]
                at = later[0].start if later else self.root.close_start
                name = self.prefix + coll
                edits.append((at, at, f'<{name} count="{count}">{items}</{name}>'))
                continue
            tag = _set_attr(self.text[node.start : node.open_end], "count", count)
            if _is_empty(node):
                edits.append((node.start, node.end, f"{_open(tag)}{items}</{node.qname}>"))
            else:
                edits += [
                    (node.start, node.open_end, tag),
                    (node.close_start, node.close_start, items),
                ]
        return _apply(self.text, edits)


# --------------------------------------------------------------------------- the sheet


_STYLE_REFS = {
    "c": ("s", "cellXfs"),
    "row": ("s", "cellXfs"),
    "col": ("style", "cellXfs"),
    "cfRule": ("dxfId", "dxfs"),
}


def _render_sheet(donor: _Donor, remap: Callable[[str, int], int], selected: bool) -> str:
    """The donor sheet with inline strings, target style indexes and tab selection.

    ``remap(collection, index)`` gives the target index of a donor cell format
    (``"cellXfs"``) or differential format (``"dxfs"``).
    """
    text, edits = donor.sheet_text, []

    def walk(node: _Node) -> None:
        tag = text[node.start : node.open_end]
        old, attrs, local = tag, node.attrs, node.local
        attr, coll = _STYLE_REFS.get(local, ("", ""))
        if attr in attrs:
            tag = _set_attr(tag, attr, str(remap(coll, int(attrs[attr]))))
        if local == "sheetView":
            tag = _set_attr(tag, "tabSelected", "1" if selected else None)
        if local == "c" and attrs.get("t") == "s":
            value = node.child("v")
            index = int(text[value.open_end : value.close_start]) if value else -1
            if not 0 <= index < len(donor.strings):
                raise SpliceError("The rendered summary refers to a missing string.")
            inline = f"<{node.prefix}is>{donor.strings[index]}</{node.prefix}is></{node.qname}>"
            edits.append((node.start, node.end, _set_attr(tag, "t", "inlineStr") + inline))
            return
        if tag != old:
            edits.append((node.start, node.open_end, tag))
        for kid in node.children:
            walk(kid)

    walk(donor.sheet_root)
    return _apply(text, edits)


def _prune_calc_chain(data: bytes, sheet_id: int) -> bytes | None:
    """``calcChain.xml`` without the cells of sheet ``sheet_id``; None if nothing is left.

    The chain may list every formula cell of the workbook (millions of entries), so
    it is edited by scanning its ``<c .../>`` entries, not by building a tree; no XML
    parser runs on it. An entry without ``i`` belongs to the sheet of the entry
    before it, so whole runs of one sheet go together and what stays keeps its
    meaning.
    """
    if not re.search(rb'\si\s*=\s*["\']%d["\']' % sheet_id, data):
        return data
    out, pos, current, kept = [], 0, 0, 0
    for cell in _CALC_CELL.finditer(data):
        found = _CALC_SHEET.search(cell.group())
        current = int(found[1]) if found else current
        if current == sheet_id:
            out.append(data[pos : cell.start()])
            pos = cell.end()
        else:
            kept += 1
    return b"".join([*out, data[pos:]]) if kept else None


# --------------------------------------------------------------------------- the splice


@dataclass
class _Plan:
    """What to write: new contents by lowercased member name, and members to drop."""

    writes: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)

    def put(self, name: str, data: bytes) -> None:
        self.writes[name.lower()] = (name, data)


class _Splice:
    """Work out the member edits that put the donor sheet into the target package."""

    def __init__(self, pkg: _Package, donor: _Donor, sheet_name: str) -> None:
        self.pkg, self.donor, self.sheet_name, self.plan = pkg, donor, sheet_name, _Plan()
        self.wb_part = pkg.main_part()
        self.wb_text, self.wb = _parse(pkg.read(self.wb_part), self.wb_part)
        self.rels_part = _rels_name(self.wb_part)
        self.rels_text, self.rels_root, rels = _read_rels(
            pkg.read(self.rels_part), self.wb_part, self.rels_part
        )
        self.rels = {r.id: r for r in rels}
        sheets = self.wb.child("sheets")
        if sheets is None:
            raise SpliceError("The workbook has no sheet list; it may be damaged.")
        self.sheets_node, self.sheets = sheets, sheets.kids("sheet")
        self.ct_text, self.ct_root, self.defaults, self.overrides = _content_types(
            pkg.read("[Content_Types].xml")
        )
        self.wb_edits: list[tuple[int, int, str]] = []
        self.rels_edits: list[tuple[int, int, str]] = []
        self.new_types: dict[str, tuple[str, str]] = {}  # lowercased part -> (part, type)
        self.gone: set[str] = set()  # lowercased parts that leave the package
        self.sheet_id = 0
        self.marker: _Node | None = None  # the marker name of the sheet being replaced

    def run(self) -> _Plan:
        """Compute every edit; the target is only read."""
        index = self._find_marked()
        if index is None:
            name, part = self._append()
            index = len(self.sheets)
        else:
            name, part = self._replace(index)
            self._prune_calc_chain()
        taken = {n for n in self.pkg.names if n not in self.plan.removed}
        taken.add(part.lower())
        styles = self._styles(taken)
        view = (self.wb.child("bookViews") or self.wb).child("workbookView")
        active = int(view.attrs.get("activeTab", 0)) if view else 0
        xml = _render_sheet(self.donor, styles.index if styles else lambda _, i: i, active == index)
        self._add_parts(part, xml, name, taken)
        if styles and (text := styles.render()) != styles.text:
            self.plan.put(styles.part, text.encode())
        self._finish()
        return self.plan

    def _sheet_rel(self, index: int) -> _Rel:
        rel = self.rels.get(self.sheets[index].ns_attr(_REL_NS, "id") or "")
        if rel is None:
            raise SpliceError("The workbook is damaged: a sheet has no part.")
        return rel

    def _find_marked(self) -> int | None:
        """The position of the sheet holding the marker name, preferring one named as wanted."""
        names = self.wb.child("definedNames")
        found = []
        for node in names.kids("definedName") if names else []:
            sheet = node.attrs.get("localSheetId", "")
            if node.attrs.get("name", "").casefold() != MARKER_NAME or not sheet.isdigit():
                continue
            if int(sheet) < len(self.sheets) and self._sheet_rel(int(sheet)).type.endswith(
                "/worksheet"
            ):
                found.append((int(sheet), node))
        wanted = self.sheet_name.casefold()
        found.sort(key=lambda f: self.sheets[f[0]].attrs.get("name", "").casefold() != wanted)
        if not found:
            return None
        self.marker = found[0][1]
        return found[0][0]

    def _marker_xml(self, index: int, name: str) -> str:
        p = self.wb.prefix
        ref = _esc(f"{_quote(name)}!$A$1")
        attrs = f'name="{MARKER_NAME}" localSheetId="{index}" hidden="1"'
        return f"<{p}definedName {attrs}>{ref}</{p}definedName>"

    def _replace(self, index: int) -> tuple[str, str]:
        """Reuse the marked sheet's slot; drop the parts only it used.

        The sheet takes the requested name unless another sheet already has it, in
        which case the summary keeps its current name rather than failing.
        """
        sheet = self.sheets[index]
        current = sheet.attrs.get("name", "")
        others = {s.attrs.get("name", "").casefold() for s in self.sheets if s is not sheet}
        name = current if self.sheet_name.casefold() in others else self.sheet_name
        if name != current:
            tag = _set_attr(self.wb_text[sheet.start : sheet.open_end], "name", name)
            self.wb_edits.append((sheet.start, sheet.open_end, tag))
        marker = self._marker_xml(index, name)
        assert self.marker is not None
        if self.wb_text[self.marker.start : self.marker.end] != marker:
            self.wb_edits.append((self.marker.start, self.marker.end, marker))
        part = self._sheet_rel(index).part
        kept = self.pkg.reach([""], stop=part.lower())
        below = self.pkg.reach([r.part for r in self.pkg.rels(part) if not r.external])
        self.gone = below - kept
        for member in [_rels_name(part), *self.gone, *map(_rels_name, self.gone)]:
            if member.lower() in self.pkg.names:
                self.plan.removed.add(member.lower())
        self.sheet_id = int(sheet.attrs.get("sheetId", "0"))
        return name, part

    def _append(self) -> tuple[str, str]:
        """Add the sheet after the last one, with the hidden marker name."""
        for sheet in self.sheets:
            if sheet.attrs.get("name", "").casefold() == self.sheet_name.casefold():
                raise SpliceError(
                    f'The workbook already has a sheet named "{sheet.attrs["name"]}" that xl-kpi '
                    "did not create. Rename or delete that sheet, then refresh again."
                )
        taken = set(self.pkg.names)
        part = _free_name(
            posixpath.join(posixpath.dirname(self.wb_part), "worksheets/sheet.xml"), taken
        )
        ids = [int(s.attrs.get("sheetId", "0")) for s in self.sheets]
        rid = self._new_rel(part, "worksheet")
        prefix = next((p for p, ns in self.sheets_node.nsmap.items() if ns in _REL_NS and p), None)
        decl = "" if prefix else f' xmlns:r="{self._rel_base()}"'
        p = self.wb.prefix
        name = _esc(self.sheet_name, True)
        sheet_id = max(ids, default=0) + 1
        tag = f'<{p}sheet name="{name}" sheetId="{sheet_id}" {prefix or "r"}:id="{rid}"{decl}/>'
        self.wb_edits.append(_append_child(self.wb_text, self.sheets_node, tag))
        marker = self._marker_xml(len(self.sheets), self.sheet_name)
        names = self.wb.child("definedNames")
        if names is not None:
            self.wb_edits.append(_append_child(self.wb_text, names, marker))
        else:
            before = [
                n
                for n in self.wb.kids()
                if n.local in ("sheets", "functionGroups", "externalReferences")
            ]
            at = before[-1].end
            self.wb_edits.append((at, at, f"<{p}definedNames>{marker}</{p}definedNames>"))
        self.new_types[part.lower()] = (part, _CT_SHEET)
        return self.sheet_name, part

    def _rel_base(self) -> str:
        """The relationship namespace the workbook uses (transitional or Strict)."""
        return next((ns for ns in self.wb.nsmap.values() if ns in _REL_NS), _REL_NS[0])

    def _new_rel(self, part: str, kind: str) -> str:
        """Add a workbook relationship of ``kind`` to ``part``; return its id."""
        rid = next(
            f"rId{n}" for n in range(len(self.rels) + 1, 1 << 30) if f"rId{n}" not in self.rels
        )
        rel_type = next(
            (r.type for r in self.rels.values() if r.type.rpartition("/")[2] == kind),
            f"{self._rel_base()}/{kind}",
        )
        target = posixpath.relpath(part, posixpath.dirname(self.wb_part) or ".")
        p = self.rels_root.prefix
        attrs = f'Id="{rid}" Type="{_esc(rel_type, True)}" Target="{_esc(target, True)}"'
        xml = f"<{p}Relationship {attrs}/>"
        self.rels_edits.append(_append_child(self.rels_text, self.rels_root, xml))
        self.rels[rid] = _Rel(rid, rel_type, part, False, self.rels_root)
        return rid

    def _rel_part(self, kind: str) -> str | None:
        for rel in self.rels.values():
            if rel.type.rpartition("/")[2] == kind and not rel.external and self.pkg.has(rel.part):
                return rel.part
        return None

    def _styles(self, taken: set[str]) -> _Styles | None:
        """A merger into the target's styles, or None when no merge is needed."""
        if self.donor.styles is None or self.donor.styles_root is None:
            return None
        part = self._rel_part("styles")
        if part is None:  # the donor styles become the workbook's, index for index
            part = posixpath.join(posixpath.dirname(self.wb_part), "styles.xml")
            if part.lower() in taken:
                part = _free_name(part, taken)
            self._new_rel(part, "styles")
            self.plan.put(part, self.donor.styles)
            self.new_types[part.lower()] = (part, _CT_STYLES)
            return None
        return _Styles(part, self.donor.styles_root, self.pkg)

    def _prune_calc_chain(self) -> None:
        rel = next((r for r in self.rels.values() if r.type.endswith("/calcChain")), None)
        if rel is None or rel.external or not self.pkg.has(rel.part):
            return
        data = self.pkg.read(rel.part)
        pruned = _prune_calc_chain(data, self.sheet_id)
        if pruned is None:
            self.plan.removed.add(rel.part.lower())
            self.gone.add(rel.part.lower())
            self.rels_edits.append((rel.node.start, rel.node.end, ""))
        elif pruned != data:
            self.plan.put(rel.part, pruned)

    def _add_parts(self, sheet_part: str, sheet_xml: str, name: str, taken: set[str]) -> None:
        """Queue the sheet and the donor parts under free names, with their relationships."""
        donor = self.donor
        names = {p.lower(): _free_name(p, taken) for p in donor.parts}
        names[donor.sheet.lower()] = sheet_part
        for part in [donor.sheet, *donor.parts]:
            new = names[part.lower()]
            rels = [
                (r.id, r.type, r.part, True)
                if r.external
                else (
                    r.id,
                    r.type,
                    posixpath.relpath(names[r.part.lower()], posixpath.dirname(new)),
                    False,
                )
                for r in donor.pkg.rels(part)
            ]
            if rels:
                self.plan.put(_rels_name(new), _rels_xml(rels))
            kind = donor.types(part)
            data = sheet_xml.encode() if part == donor.sheet else donor.pkg.read(part)
            if name != donor.name and not kind.startswith("image/"):
                data = _rename_refs(data.decode(), donor.name, name).encode()
            self.plan.put(new, data)
            if part != donor.sheet and self.defaults.get(new.rpartition(".")[2].lower()) != kind:
                self.new_types[new.lower()] = (new, kind)

    def _finish(self) -> None:
        """Queue the edited workbook, workbook relationships and content types."""
        edits = []
        for low, node in self.overrides.items():
            wanted = self.new_types.get(low, ("", None))[1]
            if (low in self.gone or wanted) and wanted != node.attrs.get("ContentType"):
                edits.append((node.start, node.end, ""))
        p = self.ct_root.prefix
        new = "".join(
            f'<{p}Override PartName="/{_esc(part, True)}" ContentType="{_esc(kind, True)}"/>'
            for low, (part, kind) in self.new_types.items()
            if low not in self.overrides or self.overrides[low].attrs.get("ContentType") != kind
        )
        if new:
            edits.append(_append_child(self.ct_text, self.ct_root, new))
        for name, text, changes in (
            ("[Content_Types].xml", self.ct_text, edits),
            (self.wb_part, self.wb_text, self.wb_edits),
            (self.rels_part, self.rels_text, self.rels_edits),
        ):
            if changes:
                self.plan.put(name, _apply(text, changes).encode())


def _check_name(name: str) -> None:
    if (
        not 0 < len(name.encode("utf-16-le")) // 2 <= 31  # Excel counts UTF-16 units
        or _BAD_SHEET_CHARS.search(name)
        or name[0] == "'"
        or name[-1] == "'"
        or name.casefold() == "history"
    ):
        raise SpliceError(f"{name!r} is not a valid Excel sheet name.")


def splice_sheet(
    target: str | os.PathLike[str],
    donor: bytes,
    out: str | os.PathLike[str] | BinaryIO,
    sheet_name: str,
) -> None:
    """Write ``target`` with the one worksheet of ``donor`` inserted as ``sheet_name`` to ``out``.

    A sheet marked by an earlier refresh (the hidden name :data:`MARKER_NAME`) is
    replaced in place; otherwise the sheet is appended after the last sheet. Every
    member the splice does not need to change is copied byte for byte.

    Raises:
        SpliceError: the target is not a usable workbook, it already has a sheet
            called ``sheet_name`` that the product did not create, or ``sheet_name``
            is not a valid sheet name.
    """
    _check_name(sheet_name)
    rendered = _Donor.load(donor)
    if (
        isinstance(out, (str, os.PathLike))
        and os.path.exists(out)
        and os.path.samefile(target, out)
    ):
        raise SpliceError("The spliced workbook must be written to a different file.")
    try:
        zin = zipfile.ZipFile(target)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SpliceError(f"{os.fspath(target)} is not a readable Excel workbook: {exc}") from exc
    with zin, open(target, "rb") as src:
        plan = _Splice(_Package(zin), rendered, sheet_name).run()
        with zipfile.ZipFile(out, "w", allowZip64=True) as zout:
            for info in zin.infolist():
                low = info.filename.lower()
                if low in plan.writes:
                    _write_member(zout, info.filename, plan.writes.pop(low)[1], info)
                elif low not in plan.removed:
                    _copy_raw(src, info, zout)
            for name, data in plan.writes.values():
                _write_member(zout, name, data, None)
