"""XML parts as text: a checked element index and in-place edits by offset.

Workbook parts are edited as text rather than re-serialized, so namespace
prefixes, declarations and every byte outside an edit stay as they were.
:func:`parse` first lets defusedxml check the document (no DTDs, no entity
expansion), then indexes its elements by their offsets in the text. Edits are
``(start, end, new)`` spans applied together by :func:`apply_edits`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ..problems import keyed
from ._errors import SpliceError

Edit = tuple[int, int, str]

_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
    r"|<(/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>",
    re.S,
)
_ATTR = re.compile(r"\s+([^\s=/>]+)\s*=\s*(\"[^\"]*\"|'[^']*')")


@dataclass(eq=False)
class Node:
    """An element of an XML text, with the offsets needed to edit it in place."""

    qname: str
    attrs: dict[str, str]
    nsmap: dict[str, str]
    start: int
    open_end: int
    close_start: int = -1
    end: int = -1
    children: list[Node] = field(default_factory=list)

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

    def kids(self, local: str | None = None) -> list[Node]:
        """Children in this element's namespace, optionally of one local name."""
        return [c for c in self.children if c.ns == self.ns and local in (None, c.local)]

    def child(self, local: str) -> Node | None:
        found = self.kids(local)
        return found[0] if found else None

    def ns_attr(self, namespaces: Iterable[str], local: str) -> str | None:
        """The value of a namespaced attribute such as ``r:id``."""
        for qname, value in self.attrs.items():
            pre, _, name = qname.rpartition(":")
            if pre and name == local and self.nsmap.get(pre) in namespaces:
                return value
        return None


def parse(data: bytes, what: str) -> tuple[str, Node]:
    """Validate ``data`` with defusedxml, then index its elements by text offset.

    Raises:
        SpliceError: ``data`` is not well-formed UTF-8 XML, or defusedxml refused
            it; ``what`` names the part in the message.
    """
    try:
        SafeET.fromstring(data, forbid_dtd=True)
        text = data.decode("utf-8")
    except DefusedXmlException as exc:
        raise keyed(SpliceError, "error.xml.dtd", part=what) from exc
    except (SafeET.ParseError, UnicodeDecodeError) as exc:
        raise keyed(SpliceError, "error.xml.invalid", part=what) from exc
    stack: list[Node] = []
    root: Node | None = None
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
        nsmap.update({k.partition(":")[2]: v for k, v in attrs.items() if is_xmlns(k)})
        node = Node(qname, attrs, nsmap, m.start(), m.end())
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


def is_xmlns(qname: str) -> bool:
    """Whether an attribute name is a namespace declaration."""
    return qname == "xmlns" or qname.startswith("xmlns:")


def esc(value: str, quote: bool = False) -> str:
    """``value`` escaped for element text, or for a double-quoted attribute if ``quote``."""
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        out = out.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
        out = out.replace("\t", "&#9;")
    return out


def set_attr(tag: str, name: str, value: str | None) -> str:
    """Return the start tag ``tag`` with attribute ``name`` set, or removed if None."""
    pos = re.match(r"<[^\s/>]+", tag).end()  # type: ignore[union-attr]
    while m := _ATTR.match(tag, pos):
        if m.group(1) == name:
            new = "" if value is None else f' {name}="{esc(value, True)}"'
            return tag[: m.start()] + new + tag[m.end() :]
        pos = m.end()
    return tag if value is None else f'{tag[:pos]} {name}="{esc(value, True)}"{tag[pos:]}'


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Replace non-overlapping ``(start, end, new)`` spans of ``text``."""
    out, pos = [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        out += [text[pos:start], new]
        pos = end
    return "".join(out) + text[pos:]


def is_empty(node: Node) -> bool:
    """Whether the element was written as an empty-element tag (``<tag/>``)."""
    return node.open_end == node.end


def open_tag(tag: str) -> str:
    """An empty-element tag turned into a start tag."""
    return re.sub(r"\s*/>$", ">", tag)


def append_child(text: str, node: Node, xml: str) -> Edit:
    """An edit adding ``xml`` as the last child of ``node`` (also if it is empty)."""
    if is_empty(node):
        return (
            node.start,
            node.end,
            f"{open_tag(text[node.start : node.open_end])}{xml}</{node.qname}>",
        )
    return node.close_start, node.close_start, xml
