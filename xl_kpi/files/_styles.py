"""Merge the summary's styles into the target's ``styles.xml``."""

from __future__ import annotations

from collections.abc import Callable

from ._opc import Package
from ._xmltext import Edit, Node, apply_edits, esc, is_empty, is_xmlns, open_tag, parse, set_attr

_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_STYLE_ORDER = (
    "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs",
    "cellStyles", "dxfs", "tableStyles", "colors", "extLst",
)  # fmt: skip
# The style collections merged from the donor (cell styles stay the target's).
_MERGED = ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs")
# Donor style slots that mean "the workbook default"; they map onto the target's.
_DEFAULT_SLOTS = {"fonts": (0,), "fills": (0, 1), "borders": (0,), "cellXfs": (0,)}

# Attribute overrides for an element, computed while it is compared or written.
Fix = Callable[[Node], dict[str, str]]


class Styles:
    """Append the donor styles the summary uses to the target's ``styles.xml``.

    Existing elements and indexes are never changed. A donor element identical to
    one already present (compared namespace-independently, after its own indexes
    are remapped) is reused instead of appended, which keeps a second refresh from
    growing the file. Donor defaults (font 0, fills 0-1, border 0, cell format 0)
    map to the target's defaults, so plain summary cells look like the user's.
    Cell formats point at the target's ``Normal`` cell style (``xfId="0"``).
    """

    def __init__(self, part: str, donor: Node, pkg: Package) -> None:
        self.part = part
        self.text, self.root = parse(pkg.read(part), part)
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
    def _items(root: Node, coll: str) -> list[Node]:
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
                f'<{self.prefix}numFmt numFmtId="{self.next_fmt}" formatCode="{esc(code, True)}"/>'
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

    def _fix_xf(self, node: Node) -> dict[str, str]:
        if node.local != "xf":
            return {}
        out = {"xfId": "0"} if "xfId" in node.attrs else {}
        if "numFmtId" in node.attrs:
            out["numFmtId"] = str(self.number_format(int(node.attrs["numFmtId"])))
        for attr, coll in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
            if attr in node.attrs:
                out[attr] = str(self.index(coll, int(node.attrs[attr])))
        return out

    def _fix_dxf(self, node: Node) -> dict[str, str]:
        if node.local == "numFmt" and "formatCode" in node.attrs:
            return {"numFmtId": str(self._format_code(node.attrs["formatCode"]))}
        return {}

    def render(self) -> str:
        """The target's styles text with the appended elements and updated counts."""
        edits: list[Edit] = []
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
            tag = set_attr(self.text[node.start : node.open_end], "count", count)
            if is_empty(node):
                edits.append((node.start, node.end, f"{open_tag(tag)}{items}</{node.qname}>"))
            else:
                edits += [
                    (node.start, node.open_end, tag),
                    (node.close_start, node.close_start, items),
                ]
        return apply_edits(self.text, edits)


def _canon(node: Node, fix: Fix | None = None) -> str:
    """A namespace-prefix independent key of an element, for deduplication."""
    attrs = {**node.attrs, **(fix(node) if fix else {})}
    items = sorted((_qualify(node, k), v) for k, v in attrs.items() if not is_xmlns(k))
    inner = "".join(_canon(c, fix) for c in node.children)
    return f"<{node.local if node.ns in _MAIN_NS else node.ns + node.local} {items}>{inner}</>"


def _emit(node: Node, prefix: str, fix: Fix | None = None) -> str:
    """Serialize a donor element; main-namespace names get the target's ``prefix``."""
    attrs = {k: v for k, v in node.attrs.items() if not is_xmlns(k)}
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
    text = "".join(f' {k}="{esc(v, True)}"' for k, v in {**decls, **attrs}.items())
    inner = "".join(_emit(c, prefix, fix) for c in node.children)
    return f"<{name}{text}>{inner}</{name}>" if inner else f"<{name}{text}/>"


def _qualify(node: Node, qname: str) -> str:
    pre, _, local = qname.rpartition(":")
    return f"{{{node.nsmap.get(pre, pre)}}}{local}" if pre else local
