"""Cell- and formula-level edits: the spliced sheet, sheet references, the calc chain."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..excelfacts import quote_sheet
from ._donor import Donor
from ._errors import SpliceError
from ._xmltext import Edit, Node, apply_edits, esc, set_attr

# Elements of a sheet that point at styles: attribute and style collection.
_STYLE_REFS = {
    "c": ("s", "cellXfs"),
    "row": ("s", "cellXfs"),
    "col": ("style", "cellXfs"),
    "cfRule": ("dxfId", "dxfs"),
}
_CALC_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*>")
_CALC_SHEET = re.compile(rb'\si\s*=\s*["\'](\d+)')


def render_sheet(donor: Donor, remap: Callable[[str, int], int], selected: bool) -> str:
    """The donor sheet with inline strings, target style indexes and tab selection.

    ``remap(collection, index)`` gives the target index of a donor cell format
    (``"cellXfs"``) or differential format (``"dxfs"``).
    """
    text = donor.sheet_text
    edits: list[Edit] = []

    def walk(node: Node) -> None:
        tag = text[node.start : node.open_end]
        old, attrs, local = tag, node.attrs, node.local
        attr, coll = _STYLE_REFS.get(local, ("", ""))
        if attr in attrs:
            tag = set_attr(tag, attr, str(remap(coll, int(attrs[attr]))))
        if local == "sheetView":
            tag = set_attr(tag, "tabSelected", "1" if selected else None)
        if local == "c" and attrs.get("t") == "s":
            value = node.child("v")
            index = int(text[value.open_end : value.close_start]) if value else -1
            if not 0 <= index < len(donor.strings):
                raise SpliceError("The rendered summary refers to a missing string.")
            inline = f"<{node.prefix}is>{donor.strings[index]}</{node.prefix}is></{node.qname}>"
            edits.append((node.start, node.end, set_attr(tag, "t", "inlineStr") + inline))
            return
        if tag != old:
            edits.append((node.start, node.open_end, tag))
        for kid in node.children:
            walk(kid)

    walk(donor.sheet_root)
    return apply_edits(text, edits)


def rename_refs(xml: str, old: str, new: str) -> str:
    """Point formula references to sheet ``old`` (in ``<f>``-like elements) to ``new``."""

    def fix(m: re.Match[str]) -> str:
        return m.group(1) + rename_formula(m.group(2), old, new) + m.group(3)

    return re.sub(r"(<(?:\w+:)?(?:f|formula\d?)\b[^>]*>)([^<]*)(</)", fix, xml)


def rename_formula(formula: str, old: str, new: str) -> str:
    """Point the references to sheet ``old`` in an XML-escaped formula text to ``new``."""
    pattern = re.escape(esc(quote_sheet(old) + "!"))
    if re.fullmatch(r"[A-Za-z_][\w.]*", old):  # Excel may write such names unquoted
        pattern += rf"|(?<![\w.']){re.escape(old)}!"
    replacement = esc(quote_sheet(new) + "!")
    return re.sub(pattern, lambda _: replacement, formula)


def prune_calc_chain(data: bytes, sheet_id: int) -> bytes | None:
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
