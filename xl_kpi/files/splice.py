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

This module decides what changes; the mechanics live in private helpers:
``_xmltext`` (checked parsing and in-place text edits), ``_opc`` (parts,
relationships, content types), ``_zipcopy`` (raw member copies), ``_styles``
(the styles merge), ``_donor`` (the rendered workbook) and ``_sheet`` (the
spliced sheet's XML, sheet references and the calc chain).
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

from ..excelfacts import MARKER_NAME, quote_sheet
from ..problems import Words, keyed, listing
from ._donor import Donor
from ._errors import SpliceError
from ._opc import (
    REL_NS,
    Package,
    Rel,
    content_types,
    free_name,
    open_archive,
    read_rels,
    relationship_xml,
    relative_target,
    rels_name,
    rels_xml,
)
from ._sheet import prune_calc_chain, rename_formula, rename_refs, render_sheet
from ._styles import Styles
from ._xmltext import Edit, Node, append_child, apply_edits, esc, parse
from ._zipcopy import copy_raw, write_member

__all__ = ["MARKER_NAME", "SpliceError", "splice_sheet"]

_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# The summary's own defined names besides the marker: how it prints. A refresh replaces
# them on the summary (and only there), and drops those the new summary no longer sets.
_SHEET_NAMES = ("_xlnm.print_area", "_xlnm.print_titles")


@dataclass
class _Plan:
    """What to write: new contents by lowercased member name, and members to drop."""

    writes: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    sheet: str = ""  # the name of the sheet written

    def put(self, name: str, data: bytes) -> None:
        self.writes[name.lower()] = (name, data)


class _Splice:
    """Work out the member edits that put the donor sheet into the target package."""

    def __init__(
        self, pkg: Package, donor: Donor, sheet_name: str, summary: str | None = None
    ) -> None:
        self.pkg, self.donor, self.sheet_name, self.plan = pkg, donor, sheet_name, _Plan()
        self.summary = summary
        self.wb_part = pkg.main_part()
        self.wb_text, self.wb = parse(pkg.read(self.wb_part), self.wb_part)
        self.rels_part = rels_name(self.wb_part)
        self.rels_text, self.rels_root, rels = read_rels(
            pkg.read(self.rels_part), self.wb_part, self.rels_part
        )
        self.rels = {r.id: r for r in rels}
        sheets = self.wb.child("sheets")
        if sheets is None:
            raise keyed(SpliceError, "error.splice.no_sheet_list")
        self.sheets_node, self.sheets = sheets, sheets.kids("sheet")
        self.ct_text, self.ct_root, self.defaults, self.overrides = content_types(
            pkg.read("[Content_Types].xml")
        )
        self.wb_edits: list[Edit] = []
        self.rels_edits: list[Edit] = []
        self.new_types: dict[str, tuple[str, str]] = {}  # lowercased part -> (part, type)
        self.gone: set[str] = set()  # lowercased parts that leave the package
        self.sheet_id = 0
        self.marker: Node | None = None  # the marker name of the sheet being replaced

    def run(self) -> _Plan:
        """Compute every edit; the target is only read."""
        index = self._find_marked()
        if index is None:
            name, part = self._append()
            index = len(self.sheets)
        else:
            name, part = self._replace(index)
            self._prune_calc_chain()
            self._sheet_names(index, name)
        self.plan.sheet = name
        taken = {n for n in self.pkg.names if n not in self.plan.removed}
        taken.add(part.lower())
        styles = self._styles(taken)
        view = (self.wb.child("bookViews") or self.wb).child("workbookView")
        active = int(view.attrs.get("activeTab", 0)) if view else 0
        xml = render_sheet(self.donor, styles.index if styles else lambda _, i: i, active == index)
        self._add_parts(part, xml, name, taken)
        if styles and (text := styles.render()) != styles.text:
            self.plan.put(styles.part, text.encode())
        self._finish()
        return self.plan

    def _sheet_rel(self, index: int) -> Rel:
        rel = self.rels.get(self.sheets[index].ns_attr(REL_NS, "id") or "")
        if rel is None:
            raise keyed(SpliceError, "error.splice.sheet_no_part")
        return rel

    def _find_marked(self) -> int | None:
        """The position of the sheet holding the marker name.

        Excel's Move or Copy keeps the hidden sheet-scoped marker, so a copy of the
        summary (a snapshot) is marked too. More than one marked sheet is refused, naming
        them, unless ``summary`` says which one is the summary; the others then lose the
        marker (their contents stay as they are) and are never refreshed again.
        """
        found = self._marked()
        if not found:
            if self.summary is not None:
                raise keyed(SpliceError, "error.summary.none_to_choose", sheet=repr(self.summary))
            return None
        index, self.marker = self._chosen(found)
        for other, node in found:
            if other != index:  # a copy: it keeps its contents and loses the marker
                self.wb_edits.append((node.start, node.end, ""))
        return index

    def _marked(self) -> list[tuple[int, Node]]:
        """Each worksheet holding the marker name: its position and the name's node."""
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
        return found

    def _chosen(self, found: list[tuple[int, Node]]) -> tuple[int, Node]:
        """The marked sheet to refresh: the one ``summary`` names, or the only one.

        Raises:
            SpliceError: ``summary`` names none of them, or there are several and no
                ``summary``.
        """
        titles = [self.sheets[index].attrs.get("name", "") for index, _ in found]
        if self.summary is None:
            if len(found) > 1:
                raise keyed(
                    SpliceError,
                    "error.summary.several",
                    count=len(found),
                    sheets=_listing(titles),
                    choose=Words("error.summary.choose_cli", sheet=titles[-1]),
                )
            return found[0]
        chosen = [f for f, t in zip(found, titles) if t.casefold() == self.summary.casefold()]
        if not chosen:
            raise keyed(
                SpliceError,
                "error.summary.not_marked",
                sheet=repr(self.summary),
                sheets=_listing(titles),
            )
        return chosen[0]

    def _marker_xml(self, index: int, name: str) -> str:
        p = self.wb.prefix
        ref = esc(f"{quote_sheet(name)}!$A$1")
        attrs = f'name="{MARKER_NAME}" localSheetId="{index}" hidden="1"'
        return f"<{p}definedName {attrs}>{ref}</{p}definedName>"

    def _name_xml(self, index: int, sheet: str, name: str, formula: str) -> str:
        """A defined name of the summary sheet, its references renamed to ``sheet``."""
        p = self.wb.prefix
        ref = rename_formula(formula, self.donor.name, sheet)
        attrs = f'name="{esc(name, True)}" localSheetId="{index}"'
        return f"<{p}definedName {attrs}>{ref}</{p}definedName>"

    def _sheet_names(self, index: int, sheet: str) -> None:
        """Give the replaced summary the donor's print area and titles, in place."""
        wanted = {n.casefold(): (n, f) for n, f in self.donor.names}
        node = self.wb.child("definedNames")
        assert node is not None  # it holds the marker
        for old in node.kids("definedName"):
            key = old.attrs.get("name", "").casefold()
            if old.attrs.get("localSheetId") != str(index) or key not in _SHEET_NAMES:
                continue
            new = self._name_xml(index, sheet, *wanted.pop(key)) if key in wanted else ""
            if self.wb_text[old.start : old.end] != new:
                self.wb_edits.append((old.start, old.end, new))
        for name, formula in wanted.values():
            self.wb_edits.append(
                append_child(self.wb_text, node, self._name_xml(index, sheet, name, formula))
            )

    def _replace(self, index: int) -> tuple[str, str]:
        """Reuse the marked sheet's slot and name; drop the parts only it used.

        The summary keeps the name it has: a user who renamed it meant it (their formulas
        and links may use the name), and a button bound to the sheet keeps working.
        """
        sheet = self.sheets[index]
        name = sheet.attrs.get("name", "")
        marker = self._marker_xml(index, name)
        assert self.marker is not None
        if self.wb_text[self.marker.start : self.marker.end] != marker:
            self.wb_edits.append((self.marker.start, self.marker.end, marker))
        part = self._sheet_rel(index).part
        kept = self.pkg.reach([""], stop=part.lower())
        below = self.pkg.reach([r.part for r in self.pkg.rels(part) if not r.external])
        self.gone = below - kept
        for member in [rels_name(part), *self.gone, *map(rels_name, self.gone)]:
            if member.lower() in self.pkg.names:
                self.plan.removed.add(member.lower())
        self.sheet_id = int(sheet.attrs.get("sheetId", "0"))
        return name, part

    def _append(self) -> tuple[str, str]:
        """Add the sheet after the last one, with the hidden marker name."""
        for sheet in self.sheets:
            if sheet.attrs.get("name", "").casefold() == self.sheet_name.casefold():
                raise keyed(SpliceError, "error.summary.taken", sheet=sheet.attrs["name"])
        taken = set(self.pkg.names)
        part = free_name(
            posixpath.join(posixpath.dirname(self.wb_part), "worksheets/sheet.xml"), taken
        )
        ids = [int(s.attrs.get("sheetId", "0")) for s in self.sheets]
        rid = self._new_rel(part, "worksheet")
        prefix = next((p for p, ns in self.sheets_node.nsmap.items() if ns in REL_NS and p), None)
        decl = "" if prefix else f' xmlns:r="{self._rel_base()}"'
        p = self.wb.prefix
        name = esc(self.sheet_name, True)
        sheet_id = max(ids, default=0) + 1
        tag = f'<{p}sheet name="{name}" sheetId="{sheet_id}" {prefix or "r"}:id="{rid}"{decl}/>'
        self.wb_edits.append(append_child(self.wb_text, self.sheets_node, tag))
        marker = self._marker_xml(len(self.sheets), self.sheet_name)
        marker += "".join(
            self._name_xml(len(self.sheets), self.sheet_name, *n) for n in self.donor.names
        )
        names = self.wb.child("definedNames")
        if names is not None:
            self.wb_edits.append(append_child(self.wb_text, names, marker))
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
        return next((ns for ns in self.wb.nsmap.values() if ns in REL_NS), REL_NS[0])

    def _new_rel(self, part: str, kind: str) -> str:
        """Add a workbook relationship of ``kind`` to ``part``; return its id."""
        rid = next(
            f"rId{n}" for n in range(len(self.rels) + 1, 1 << 30) if f"rId{n}" not in self.rels
        )
        rel_type = next(
            (r.type for r in self.rels.values() if r.type.rpartition("/")[2] == kind),
            f"{self._rel_base()}/{kind}",
        )
        target = relative_target(self.wb_part, part)
        xml = relationship_xml(rid, rel_type, target, prefix=self.rels_root.prefix)
        self.rels_edits.append(append_child(self.rels_text, self.rels_root, xml))
        self.rels[rid] = Rel(rid, rel_type, part, False, self.rels_root)
        return rid

    def _rel_part(self, kind: str) -> str | None:
        for rel in self.rels.values():
            if rel.type.rpartition("/")[2] == kind and not rel.external and self.pkg.has(rel.part):
                return rel.part
        return None

    def _styles(self, taken: set[str]) -> Styles | None:
        """A merger into the target's styles, or None when no merge is needed."""
        if self.donor.styles is None or self.donor.styles_root is None:
            return None
        part = self._rel_part("styles")
        if part is None:  # the donor styles become the workbook's, index for index
            part = posixpath.join(posixpath.dirname(self.wb_part), "styles.xml")
            if part.lower() in taken:
                part = free_name(part, taken)
            self._new_rel(part, "styles")
            self.plan.put(part, self.donor.styles)
            self.new_types[part.lower()] = (part, _CT_STYLES)
            return None
        return Styles(part, self.donor.styles_root, self.pkg)

    def _prune_calc_chain(self) -> None:
        rel = next((r for r in self.rels.values() if r.type.endswith("/calcChain")), None)
        if rel is None or rel.external or not self.pkg.has(rel.part):
            return
        data = self.pkg.read(rel.part)
        pruned = prune_calc_chain(data, self.sheet_id)
        if pruned is None:
            self.plan.removed.add(rel.part.lower())
            self.gone.add(rel.part.lower())
            self.rels_edits.append((rel.node.start, rel.node.end, ""))
        elif pruned != data:
            self.plan.put(rel.part, pruned)

    def _add_parts(self, sheet_part: str, sheet_xml: str, name: str, taken: set[str]) -> None:
        """Queue the sheet and the donor parts under free names, with their relationships."""
        donor = self.donor
        names = {p.lower(): free_name(p, taken) for p in donor.parts}
        names[donor.sheet.lower()] = sheet_part
        for part in [donor.sheet, *donor.parts]:
            new = names[part.lower()]
            rels = [
                (r.id, r.type, r.part, True)
                if r.external
                else (r.id, r.type, relative_target(new, names[r.part.lower()]), False)
                for r in donor.pkg.rels(part)
            ]
            if rels:
                self.plan.put(rels_name(new), rels_xml(rels))
            kind = donor.types(part)
            data = sheet_xml.encode() if part == donor.sheet else donor.pkg.read(part)
            if name != donor.name and not kind.startswith("image/"):
                data = rename_refs(data.decode(), donor.name, name).encode()
            self.plan.put(new, data)
            if part != donor.sheet and self.defaults.get(new.rpartition(".")[2].lower()) != kind:
                self.new_types[new.lower()] = (new, kind)

    def _finish(self) -> None:
        """Queue the edited workbook, workbook relationships and content types."""
        edits: list[Edit] = []
        for low, node in self.overrides.items():
            wanted = self.new_types.get(low, ("", None))[1]
            if (low in self.gone or wanted) and wanted != node.attrs.get("ContentType"):
                edits.append((node.start, node.end, ""))
        p = self.ct_root.prefix
        new = "".join(
            f'<{p}Override PartName="/{esc(part, True)}" ContentType="{esc(kind, True)}"/>'
            for low, (part, kind) in self.new_types.items()
            if low not in self.overrides or self.overrides[low].attrs.get("ContentType") != kind
        )
        if new:
            edits.append(append_child(self.ct_text, self.ct_root, new))
        for name, text, changes in (
            ("[Content_Types].xml", self.ct_text, edits),
            (self.wb_part, self.wb_text, self.wb_edits),
            (self.rels_part, self.rels_text, self.rels_edits),
        ):
            if changes:
                self.plan.put(name, apply_edits(text, changes).encode())


def _listing(names: list[str]) -> Words | str:
    return listing([repr(n) for n in names])


def _check_name(name: str) -> None:
    if (
        not 0 < len(name.encode("utf-16-le")) // 2 <= 31  # Excel counts UTF-16 units
        or _BAD_SHEET_CHARS.search(name)
        or name[0] == "'"
        or name[-1] == "'"
        or name.casefold() == "history"
    ):
        raise keyed(SpliceError, "error.summary.bad_name", sheet=repr(name))


def splice_sheet(
    target: str | os.PathLike[str],
    donor: bytes,
    out: str | os.PathLike[str] | BinaryIO,
    sheet_name: str,
    summary: str | None = None,
) -> str:
    """Write ``target`` with the one worksheet of ``donor`` inserted as ``sheet_name`` to ``out``.

    A sheet marked by an earlier refresh (the hidden name :data:`MARKER_NAME`) is
    replaced in place; otherwise the sheet is appended after the last sheet. Every
    member the splice does not need to change is copied byte for byte. When several
    sheets carry the marker (copies of the summary), ``summary`` names the one to
    replace; the others lose the marker and keep their contents.

    Returns:
        The name of the sheet written: ``sheet_name``, or the name a marked sheet already
        has (a user who renamed the summary meant it).

    Raises:
        SpliceError: the target is not a usable workbook, it already has a sheet
            called ``sheet_name`` that the product did not create, ``sheet_name``
            is not a valid sheet name, or several sheets are marked and ``summary``
            does not name one of them.
    """
    _check_name(sheet_name)
    rendered = Donor.load(donor)
    if (
        isinstance(out, (str, os.PathLike))
        and os.path.exists(out)
        and os.path.samefile(target, out)
    ):
        raise SpliceError("The spliced workbook must be written to a different file.")
    with open_archive(target) as zin, open(target, "rb") as src:
        plan = _Splice(Package(zin), rendered, sheet_name, summary).run()
        with zipfile.ZipFile(out, "w", allowZip64=True) as zout:
            for info in zin.infolist():
                low = info.filename.lower()
                if low in plan.writes:
                    write_member(zout, info.filename, plan.writes.pop(low)[1], info)
                elif low not in plan.removed:
                    copy_raw(src, info, zout)
            for name, data in plan.writes.values():
                write_member(zout, name, data, None)
    return plan.sheet
