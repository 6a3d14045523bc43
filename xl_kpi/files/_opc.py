"""Parts, relationships and content types of an OPC (xlsx) zip package."""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from ..problems import keyed
from ._errors import SpliceError
from ._xmltext import Node, esc, parse

# The relationship namespaces of transitional and Strict documents.
REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)


def open_archive(path: str | os.PathLike[str]) -> zipfile.ZipFile:
    """The workbook at ``path`` open as a zip, or a :class:`SpliceError` that says so."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise keyed(
            SpliceError, "error.splice.unreadable", file=os.fspath(path), detail=str(exc)
        ) from exc


@dataclass
class Rel:
    id: str
    type: str
    part: str  # resolved member name, or the raw target when external
    external: bool
    node: Node


def rels_name(part: str) -> str:
    """The relationships part of ``part`` ("" for the package itself)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    """The member name a relationship of ``source`` with ``target`` points at."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relative_target(source: str, part: str) -> str:
    """The relative target by which ``source`` refers to ``part``; see :func:`resolve`."""
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


class Package:
    """Read access to the parts and relationships of an OPC zip package."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = {i.filename.lower(): i.filename for i in zf.infolist()}
        self._rels: dict[str, list[Rel]] = {}

    def has(self, part: str) -> bool:
        return part.lower() in self.names

    def read(self, part: str) -> bytes:
        try:
            return self.zf.read(self.names[part.lower()])
        except KeyError:
            raise keyed(SpliceError, "error.part.incomplete", part=part) from None

    def rels(self, part: str) -> list[Rel]:
        """Relationships whose source is ``part`` ("" for the package itself)."""
        name = rels_name(part)
        if name.lower() not in self._rels:
            found: list[Rel] = []
            if self.has(name):
                found = read_rels(self.read(name), part, name)[2]
            self._rels[name.lower()] = found
        return self._rels[name.lower()]

    def main_part(self) -> str:
        for rel in self.rels(""):
            if rel.type.endswith("/officeDocument") and not rel.external:
                return rel.part
        raise keyed(SpliceError, "error.part.no_main")

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


def read_rels(data: bytes, source: str, name: str) -> tuple[str, Node, list[Rel]]:
    """The relationships part ``name`` of ``source``: text, root and relationships."""
    text, root = parse(data, name)
    rels = []
    for node in root.kids("Relationship"):
        target = node.attrs.get("Target", "")
        # Not a part of the package: another file, or ("#Sheet!A1") a place in this one.
        external = node.attrs.get("TargetMode") == "External" or target.startswith("#")
        part = target if external else resolve(source, target)
        rels.append(Rel(node.attrs.get("Id", ""), node.attrs.get("Type", ""), part, external, node))
    return text, root, rels


def content_types(data: bytes) -> tuple[str, Node, dict[str, str], dict[str, Node]]:
    """``[Content_Types].xml``: text, root, defaults by extension, overrides by part."""
    text, root = parse(data, "[Content_Types].xml")
    defaults = {
        n.attrs.get("Extension", "").lower(): n.attrs.get("ContentType", "")
        for n in root.kids("Default")
    }
    overrides = {n.attrs.get("PartName", "").lstrip("/").lower(): n for n in root.kids("Override")}
    return text, root, defaults, overrides


def free_name(name: str, taken: set[str]) -> str:
    """``name`` renumbered (``drawing1.xml`` -> ``drawingN.xml``) to a name not taken.

    The new name, lowercased, is added to ``taken``.
    """
    stem, ext = re.match(r"(.*?)\d*(\.[^./]*)?$", name).groups()  # type: ignore[union-attr]
    n = 1
    while f"{stem}{n}{ext or ''}".lower() in taken:
        n += 1
    taken.add(f"{stem}{n}{ext or ''}".lower())
    return f"{stem}{n}{ext or ''}"


def relationship_xml(
    rid: str, rel_type: str, target: str, external: bool = False, prefix: str = ""
) -> str:
    """One ``Relationship`` element; ``prefix`` is the relationships part's own."""
    attrs = f'Id="{esc(rid, True)}" Type="{esc(rel_type, True)}" Target="{esc(target, True)}"'
    mode = ' TargetMode="External"' if external and not target.startswith("#") else ""
    return f"<{prefix}Relationship {attrs}{mode}/>"


def rels_xml(rels: list[tuple[str, str, str, bool]]) -> bytes:
    """A relationships part from ``(id, type, target, external)`` tuples."""
    body = "".join(relationship_xml(*rel) for rel in rels)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        f'"http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'
    ).encode()
