"""Fuzz the guard, the sheet reader and the splice with mutated real workbooks.

Run: ``python benchmarks/fuzz_files.py [--examples 2000] [--seed N]``. The test suite runs
a few dozen examples of the same property in a child process (``tests/test_fuzz_files.py``).

Each example takes a real workbook (text as shared strings, as inline strings, or one
already refreshed, with its summary and marker), mutates it (truncates it, flips bytes,
drops or duplicates a zip member, or edits the XML of a member: cuts, copies, hostile
snippets such as a far cell, an entity, a cell without reference or a string index past
the end), writes it as ``book.xlsx`` and reads it as a refresh does, then refreshes it into
another file. Only the two promises are asserted:

* a clear error (one of the errors xl-kpi raises for users, whose one line names the file
  and holds no Python repr) or a correct result (the refreshed file reads back with the
  same raw tabs as the input);
* the input file unchanged, whatever happened.

A mutation that made a reader abort the interpreter kills this process: the file it was
on is left at the path printed first.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import logging
import re
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

import xlsxwriter
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus import members, repack, workbook_bytes  # noqa: E402
from xl_kpi.cli import error_line  # noqa: E402
from xl_kpi.files.guard import UnsafeWorkbook  # noqa: E402
from xl_kpi.files.read import MissingHeader  # noqa: E402
from xl_kpi.files.refresh import raw_tabs, refresh_file  # noqa: E402
from xl_kpi.files.save import CannotWrite  # noqa: E402
from xl_kpi.files.splice import SpliceError  # noqa: E402

#: The errors a user may get, with a message written for them.
CLEAR = (UnsafeWorkbook, MissingHeader, SpliceError, CannotWrite)
REPR = re.compile(r"Traceback|\w+(Error|Exception)\(|\b\w+\(\w+=|<[\w.]+ object at 0x|\bb'")
SNIPPETS = [
    b'<c r="XFD1048576"><v>1</v></c>',
    b'<row r="1048576"><c r="B1048576"><v>1</v></c></row>',
    b'<c r="A99999999"><v>1</v></c>',
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
    b"&a;",
    b"<c><v>1</v></c>",
    b'<c r="A1" t="s"><v>99999</v></c>',
    b'<c r="A1" t="s"><v>-1</v></c>',
    b'<x:c r="ZZ9" xmlns:x="urn:x"><x:v>1</x:v></x:c>',
    b"<row>",
    b"</row>",
    b'r="A0"',
    b"<v>1e999</v>",
    b"\xff\xfe",
    b"",
]


def _bases() -> list[bytes]:
    inline = io.BytesIO()
    with xlsxwriter.Workbook(inline, {"in_memory": True, "constant_memory": True}) as wb:
        sheet = wb.add_worksheet("Orders")
        sheet.write_row(0, 0, ["date", "revenue", "channel"])
        for i in range(40):
            sheet.write_row(i + 1, 0, [f"{1 + i % 28:02d}.03.2025", 10.5 * i, "VK"])
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book.xlsx"
        book.write_bytes(workbook_bytes(20))
        refresh_file(book)
        refreshed = book.read_bytes()
    return [workbook_bytes(20), inline.getvalue(), refreshed]


BASES = _bases()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = BASES[draw(st.integers(0, len(BASES) - 1))]
    kind = draw(st.sampled_from(["truncate", "flip", "drop", "duplicate", "xml", "xml", "xml"]))
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    if kind == "flip":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(out) - 1))
            out[at] ^= draw(st.integers(1, 255))
        return bytes(out)
    parts = members(data)
    names = sorted(parts)
    name = names[draw(st.integers(0, len(names) - 1))]
    if kind == "drop":
        del parts[name]
        return repack(parts)
    if kind == "duplicate":
        buffer = io.BytesIO(repack(parts))
        with zipfile.ZipFile(buffer, "a") as archive:
            archive.writestr(name + ("" if draw(st.booleans()) else ".x"), parts[name])
        return buffer.getvalue()
    xml = [n for n in names if n.endswith((".xml", ".rels"))]
    name = xml[draw(st.integers(0, len(xml) - 1))]
    text = parts[name]
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 200)))
        action = draw(st.sampled_from(["cut", "copy", "snippet", "number"]))
        if action == "cut":
            text = text[:at] + text[end:]
        elif action == "copy":
            text = text[:end] + text[at:end] + text[end:]
        elif action == "snippet":
            text = text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at:]
        else:
            number = str(draw(st.integers(-(10**12), 10**12))).encode()
            text = re.sub(rb"[0-9]+", number, text[:end], count=1) + text[end:]
    parts[name] = text
    return repack(parts)


def _frames_equal(a: dict, b: dict) -> bool:
    return list(a) == list(b) and all(a[k].equals(b[k]) for k in a)


def check(data: bytes, folder: Path) -> str:
    """One example: what happened (``read``, ``refreshed``, or the error's class)."""
    book = folder / "book.xlsx"
    out = folder / "out.xlsx"
    out.unlink(missing_ok=True)
    book.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    outcome = "read"
    try:
        tabs = raw_tabs(book)
        refresh_file(book, out)
        outcome = "refreshed"
        again = raw_tabs(out)
        assert _frames_equal(tabs, again), "the refreshed file reads back different raw tabs"
    except CLEAR as exc:
        line = error_line(exc, str(book))
        assert "\n" not in line and "book.xlsx" in line and not REPR.search(line), line
        outcome = type(exc).__name__
    assert hashlib.sha256(book.read_bytes()).hexdigest() == digest, "the input was changed"
    return outcome


def run(examples: int, number: int | None) -> dict[str, int]:
    """Fuzz ``examples`` mutations; return how often each outcome came."""
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # made on purpose
    seen: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"working file: {folder / 'book.xlsx'}", flush=True)

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=number is None,
            suppress_health_check=list(HealthCheck),
        )
        @given(mutated())
        def prop(data: bytes) -> None:
            outcome = check(data, folder)
            seen[outcome] = seen.get(outcome, 0) + 1

        if number is not None:
            prop = seed(number)(prop)
        prop()
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=None, help="default: a fixed sequence")
    args = parser.parse_args()
    seen = run(args.examples, args.seed)
    print("outcomes:", ", ".join(f"{k} {v}" for k, v in sorted(seen.items())))


if __name__ == "__main__":
    main()
