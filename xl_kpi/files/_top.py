"""The top rows of worksheets, streamed from the file without reading the whole sheet.

A pasted export may have its header a few rows down; the reader looks at the first rows
to find it before reading the sheet below it.  Only those rows are parsed (and the shared
strings up to the last one they use), so a million-row sheet costs what its first rows do.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET

from ._opc import Package

__all__ = ["top_rows"]

_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def top_rows(path: Path, parts: dict[str, str], count: int) -> dict[str, list[list[Any]]]:
    """The first ``count`` rows of each sheet (``parts``: sheet name -> its part in the
    package): row 1 first, each a list of cell values by column (A is 0): text, float
    (numbers and dates, as stored), bool or None."""
    if not parts:
        return {}
    with zipfile.ZipFile(path) as archive:  # the guard has checked its structure
        raw = {name: _rows(archive, part, count) for name, part in parts.items()}
        wanted = [v for rows in raw.values() for row in rows for v in row.values()]
        last = max((v[1] for v in wanted if isinstance(v, tuple)), default=-1)
        strings = _shared_strings(archive, last) if last >= 0 else []
    result = {}
    for name, rows in raw.items():
        width = max((max(row, default=-1) + 1 for row in rows), default=0)
        result[name] = [[_value(row.get(j), strings) for j in range(width)] for row in rows]
    return result


def _value(cell: Any, strings: list[str]) -> Any:
    if isinstance(cell, tuple):  # a shared string's index
        return strings[cell[1]] if cell[1] < len(strings) else None
    return cell


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _rows(archive: zipfile.ZipFile, part: str, count: int) -> list[dict[int, Any]]:
    """Rows 1..count of a sheet part, each {column: value}; shared strings as ("s", index)."""
    rows: list[dict[int, Any]] = [{} for _ in range(count)]
    row = 0
    with archive.open(part) as stream:
        for event, element in SafeET.iterparse(stream, events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "row":
                    number = element.get("r", "")
                    row = int(number) if number.isdigit() else row + 1
                    if row > count:
                        break
                continue
            if tag == "c" and 1 <= row <= count:
                column, value = _cell(element, len(rows[row - 1]))
                if value is not None:
                    rows[row - 1][column] = value
                element.clear()
            elif tag == "row":
                element.clear()
    return rows


def _cell(element: Any, position: int) -> tuple[int, Any]:
    """A ``<c>`` element's column and value."""
    m = _CELL.match(element.get("r", ""))
    column = position
    if m:
        column = 0
        for letter in m.group(1):
            column = column * 26 + ord(letter) - 64
        column -= 1
    kind = element.get("t", "n")
    if kind == "inlineStr":
        return column, "".join(_texts(element))
    v = next((c.text for c in element if _local(c.tag) == "v"), None)
    if v is None:
        return column, None
    if kind == "s":
        return column, ("s", int(v)) if v.strip().isdigit() else None
    if kind == "str":
        return column, v
    if kind == "b":
        return column, v.strip() == "1"
    if kind == "e":
        return column, None
    try:
        return column, float(v)
    except ValueError:
        return column, v


def _texts(element: Any) -> list[str]:
    """The ``<t>`` texts of a string item, phonetic runs (``<rPh>``) left out."""
    found = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            found.append(child.text or "")
        elif tag in ("is", "r"):
            found += _texts(child)
    return found


def _shared_strings(archive: zipfile.ZipFile, last: int) -> list[str]:
    """The workbook's shared strings up to index ``last``."""
    package = Package(archive)
    main = package.main_part()
    part = next(
        (
            r.part
            for r in package.rels(main)
            if r.type.endswith("/sharedStrings") and not r.external
        ),
        None,
    )
    if part is None or not package.has(part):
        return []
    strings: list[str] = []
    with archive.open(package.names[part.lower()]) as stream:
        for _, element in SafeET.iterparse(stream, events=("end",)):
            if _local(element.tag) == "si":
                strings.append("".join(_texts(element)))
                element.clear()
                if len(strings) > last:
                    break
    return strings
