"""The rendered one-sheet workbook whose sheet is spliced into the target."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from ._errors import SpliceError
from ._opc import REL_NS, Package, content_types
from ._xmltext import Node, is_empty, parse

# Parts a summary sheet may bring along: a drawing with charts or pictures.
_DONOR_TYPES = re.compile(
    r"image/.*|.*\.(drawing|drawingml\.chart|drawingml\.chartshapes|chartstyle"
    r"|chartcolorstyle|themeOverride)\+xml"
)


@dataclass
class Donor:
    """The parts of the rendered one-sheet workbook that go into the target."""

    name: str
    sheet: str
    sheet_text: str
    sheet_root: Node
    strings: list[str]
    styles: bytes | None
    styles_root: Node | None
    parts: list[str]  # parts reachable from the sheet, breadth first
    pkg: Package
    types: Callable[[str], str]
    names: list[tuple[str, str]]  # the sheet's own defined names: (name, escaped formula)

    @classmethod
    def load(cls, data: bytes) -> Donor:
        try:
            pkg = Package(zipfile.ZipFile(io.BytesIO(data)))
        except zipfile.BadZipFile as exc:
            raise SpliceError("The rendered summary is not a valid workbook.") from exc
        wb_part = pkg.main_part()
        _, wb = parse(pkg.read(wb_part), wb_part)
        sheets = wb.child("sheets")
        found = sheets.kids("sheet") if sheets else []
        if len(found) != 1:
            raise SpliceError("The rendered summary must hold exactly one worksheet.")
        by_id = {r.id: r for r in pkg.rels(wb_part)}
        sheet = by_id[found[0].ns_attr(REL_NS, "id") or ""].part
        text, root = parse(pkg.read(sheet), sheet)
        strings: list[str] = []
        styles = styles_root = None
        for rel in pkg.rels(wb_part):
            if rel.type.endswith("/sharedStrings"):
                strings = _inline_strings(pkg.read(rel.part))
            elif rel.type.endswith("/styles"):
                styles = pkg.read(rel.part)
                styles_root = parse(styles, rel.part)[1]
        _, _, defaults, overrides = content_types(pkg.read("[Content_Types].xml"))

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
        wb_text = pkg.read(wb_part).decode("utf-8")
        defined = wb.child("definedNames")
        names = [
            (node.attrs.get("name", ""), wb_text[node.open_end : node.close_start])
            for node in (defined.kids("definedName") if defined else [])
            if node.attrs.get("localSheetId") == "0" and not is_empty(node)
        ]
        return cls(name, sheet, text, root, strings, styles, styles_root, parts, pkg, types, names)


def _breadth_first(pkg: Package, start: str) -> list[str]:
    order, seen = [start], {start.lower()}
    for part in order:
        for rel in pkg.rels(part):
            if not rel.external and rel.part.lower() not in seen:
                seen.add(rel.part.lower())
                order.append(rel.part)
    return order


def _inline_strings(data: bytes) -> list[str]:
    """The shared strings as ``<is>`` contents; the XML stays escaped, as it was."""
    text, root = parse(data, "sharedStrings.xml")
    out = []
    for si in root.kids("si"):
        inner = text[si.open_end : si.close_start]
        plain = si.kids("t")
        if len(si.children) == 1 and plain:
            t = plain[0]
            body = "" if is_empty(t) else text[t.open_end : t.close_start]
            inner = f'<{t.qname} xml:space="preserve">{body}</{t.qname}>'
        out.append(inner)
    return out
