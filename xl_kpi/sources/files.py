"""Files as sources: CSV/TSV (English and Russian), Parquet files and folders, workbooks.

CSV and TSV files are read as text, every column, so that numbers and dates go through
the product's own readers (``1 234,56``, ``31.12.2025``) on every engine alike. The
encoding is UTF-8 (with or without a byte order mark) or, when the text is not UTF-8,
Windows-1251 (as Russian Excel saves CSV); the ``encoding`` option says otherwise. Such
files are re-encoded to UTF-8 in the run's scratch folder first, a chunk at a time. The
delimiter is the ``sep`` option, or the one of ``;``, ``,``, tab and ``|`` the header line
uses most; the header is found below title lines, a date range or ``#`` comments as in a
pasted tab (:func:`csv_dialect`), unless the ``skip`` option says how many lines are above.

Parquet keeps its types; a folder is read with its Hive partitions (``region=north/``) as
columns. Workbooks (``.xlsx``/``.xlsm``) give the same raw tab of each file, read exactly
as the workbook's own tabs are, with a ``source`` column naming the file; as each copy of
a template numbers its own orders and customers, their ids are qualified by the file
(``north.xlsx:C-001``) unless the options say ``ids=shared``.
"""

from __future__ import annotations

import codecs
import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .. import paste
from ..files.read import read_tabs as read_sheets
from ..problems import Words
from ..schema import TabSchema, find_tab, recognise
from ..tabs import Tab, is_raw_tab, read_tab, sheet_layout
from .limits import LIMITS, limits
from .spec import SourceError, SourceSpec, cause, resolve_files

__all__ = [
    "CsvLayout",
    "Snapshot",
    "csv_dialect",
    "file_names",
    "read_files",
    "read_workbooks",
    "utf8_copy",
]

_CHUNK = 1 << 20
_SEPARATORS = (";", ",", "\t", "|")
#: What a file that is not text starts with, when a CSV source names it.
_PACKED = (
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
    (b"PAR1", "Parquet"),
    (b"\xd0\xcf\x11\xe0", "Excel 97-2003"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"),
)


@dataclass(frozen=True)
class Snapshot:
    """What a file was when reading began, to tell whether it changed while being read."""

    path: Path
    identity: tuple[int, int, int]  # inode, size, modification time (ns)

    @classmethod
    def take(cls, path: Path) -> Snapshot:
        st = path.stat()
        return cls(path, (st.st_ino, st.st_size, st.st_mtime_ns))

    def changed(self) -> bool:
        try:
            return Snapshot.take(self.path).identity != self.identity
        except OSError:
            return True


def display_name(path: Path, base: Path | None) -> str:
    """A file as notes show it: relative to the workbook's folder when inside it."""
    if base is not None:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def file_label(schema: TabSchema, path: Path) -> str | None:
    """What a file's name adds to its tab's kind, as a sheet's name does: the channel of
    ``Spend - Google Ads.csv``'s rows without one (None when the name adds nothing)."""
    found = recognise(path.stem)
    if found is None or found[0].name != schema.name or not schema.label:
        return None
    return found[1]


def files_label(schema: TabSchema, files: list[Path]) -> str | None:
    """The label the names of a source's files add, when they all add the same one."""
    labels = {file_label(schema, f) for f in files}
    return labels.pop() if len(labels) == 1 else None


def file_names(files: list[Path], base: Path | None) -> list[str]:
    """Each file's name in notes (:func:`display_name`), unique: files of the same name in
    different folders (Hive partitions each holding ``data.parquet``) are named by their
    path below the folder the files share."""
    names = [display_name(f, base) for f in files]
    if len(set(names)) == len(names):
        return names
    paths = [f.resolve() for f in files]
    shared = Path(os.path.commonpath([p.parent for p in paths]))
    return [p.relative_to(shared).as_posix() for p in paths]


def _encoding(path: Path, spec: SourceSpec) -> str:
    """The file's encoding: the option's, else UTF-8 (BOM or not), else Windows-1251."""
    if spec.options.get("encoding"):
        name = spec.options["encoding"]
        try:
            return codecs.lookup(name).name
        except LookupError:
            raise spec.fail("error.source.encoding", name=repr(name)) from None
    with open(path, "rb") as handle:
        head = handle.read(_CHUNK)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text"
    for magic, kind in _PACKED:
        if head.startswith(magic):
            raise spec.fail("error.source.packed", file=path.name, kind=kind)
    if b"\0" in head:
        raise spec.fail("error.source.binary", file=path.name)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def utf8_copy(path: Path, spec: SourceSpec, scratch: Path) -> Path:
    """``path`` itself when it is plain UTF-8, else a UTF-8 copy of it in ``scratch``."""
    encoding = _encoding(path, spec)
    if encoding == "utf-8":
        return path
    out = scratch / f"utf8-{len(list(scratch.glob('utf8-*')))}-{path.name}"
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as src, open(out, "w", encoding="utf-8", newline="") as dst:
            while chunk := src.read(_CHUNK):
                dst.write(decoder.decode(chunk))
            dst.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        raise spec.fail(
            "error.source.not_text", file=path.name, encoding=encoding, byte=exc.start
        ) from None
    return out


@dataclass(frozen=True)
class CsvLayout:
    """Where a CSV file's data is: its delimiter, the lines above its header (a title, a
    date range, ``#`` comments), the header's cells and the rows above it."""

    sep: str
    skip: int  # lines above the header
    header: tuple[str, ...]
    above: tuple[tuple[Any, ...], ...] = ()  # the rows above the header, cells as pasted

    @property
    def blank_above(self) -> int:
        """Blank lines above the header (CSV readers that drop blank lines do not count them)."""
        return sum(not any(c is not None for c in row) for row in self.above)


def csv_dialect(path: Path, spec: SourceSpec, name: str | None = None) -> CsvLayout:
    """The delimiter and header of a UTF-8 CSV file: the header is the first of the top
    lines that names the tab's required columns, as in a pasted tab
    (:func:`xl_kpi.paste.header_index`), unless the ``skip`` option says how many lines
    are above it; else the first line. ``name`` is the file as messages show it (``path``
    may be a re-encoded copy)."""
    name = name or path.name
    option = spec.options.get("skip")
    skip = _skip(option, spec)
    lines = _top_lines(path, spec, max(skip + 1, paste.MAX_HEADER_ROW), name)
    lines = [line for line in lines if line]
    schema = spec.schema
    if spec.options.get("sep") or spec.options.get("delimiter"):
        sep = spec.options.get("sep") or spec.options["delimiter"]
        seps = [{"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}.get(sep, sep)]
    elif spec.kind() == "tsv":
        seps = ["\t"]
    else:
        seps = list(_SEPARATORS)
    found = []  # (line of the header, fewer delimiters first, the delimiter)
    if not option and schema is not None:
        for sep in seps:
            at = paste.header_index(schema, [_cells(line, sep) for line in lines])
            if at is not None:
                found.append((at, -_outside_quotes(lines[at]).count(sep), seps.index(sep)))
    if found:
        skip, _, chosen = min(found)
        sep = seps[chosen]
    else:
        header = lines[skip] if skip < len(lines) else ""
        if not header.strip():
            raise spec.fail("error.source.empty", file=name)
        counts = {sep: _outside_quotes(header).count(sep) for sep in seps}
        best = max(seps, key=lambda s: counts[s])
        sep = best if counts[best] or len(seps) == 1 else ","
    header = tuple("" if c is None else str(c) for c in _cells(lines[skip], sep))
    above = tuple(tuple(_cells(line, sep)) for line in lines[:skip])
    return CsvLayout(sep, skip, header, above)


def _skip(option: str | None, spec: SourceSpec) -> int:
    """The ``skip`` option: lines above the header, from 0 to the limit."""
    budget = limits()
    text = (option or "0").strip()
    if not text.isdigit() or int(text) > budget.skip:
        raise spec.fail("error.limit.skip", text=text, limit=budget.skip)
    return int(text)


def _top_lines(path: Path, spec: SourceSpec, count: int, name: str) -> list[str]:
    """The first ``count`` lines of a UTF-8 file, none longer than the line limit."""
    budget = limits()
    lines = []
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        for number in range(1, count + 1):
            line = handle.readline(budget.line + 1)
            if len(line) > budget.line:
                raise spec.fail(
                    "error.limit.line",
                    file=name,
                    line=number,
                    limit=budget.line,
                    variable=LIMITS["line"],
                )
            lines.append(line)
    return lines


def _cells(line: str, sep: str) -> list[Any]:
    """One CSV line's cells, as a paste shows them (blank fields empty)."""
    try:
        row = next(csv.reader([line.rstrip("\r\n")], delimiter=sep, quotechar='"'), [])
    except csv.Error:  # a cell past the csv module's own limit: no header is in such a line
        row = line.rstrip("\r\n").split(sep)
    return [cell if cell.strip() != "" else None for cell in row]


def _outside_quotes(line: str) -> str:
    return "".join(part for i, part in enumerate(line.split('"')) if i % 2 == 0)


def read_files(
    spec: SourceSpec, engine: Any, base: Path | None
) -> tuple[Any, list[Snapshot], list[tuple[str, CsvLayout]]]:
    """A CSV/TSV or Parquet source as one native frame of ``engine`` (raw columns, plus the
    row's line and file where the engine gives them), snapshots of the files read, and
    each CSV file's layout (by the file's name in notes)."""
    kind = spec.kind(base)
    suffixes = (".parquet", ".pq") if kind == "parquet" else (".csv", ".tsv", ".txt", ".tab")
    files = resolve_files(spec, base, suffixes)
    snapshots = [Snapshot.take(f) for f in files]
    names = dict(zip(map(str, files), file_names(files, base)))
    found: list[tuple[str, CsvLayout]] = []
    try:
        if kind == "parquet":
            root = _folder(spec, base)
            hive = len(files) > 1 or root is not None
            native = engine.read_parquet(files, hive, root, [names[str(f)] for f in files])
        else:
            utf8 = [utf8_copy(f, spec, engine.scratch) for f in files]
            layouts = [csv_dialect(f, spec, names[str(o)]) for f, o in zip(utf8, files)]
            if len({layout.sep for layout in layouts}) > 1:
                raise spec.fail("error.source.delimiters")
            native = engine.read_csv(utf8, layouts, [names[str(f)] for f in files])
            found = [(names[str(f)], layout) for f, layout in zip(files, layouts)]
    except SourceError:
        raise
    except (OSError, ValueError) as exc:
        raise spec.fail("error.source.reason", reason=cause(exc)) from None
    return native, snapshots, found


def _folder(spec: SourceSpec, base: Path | None) -> Path | None:
    """The folder a source names (the root of its Hive partitions), if it names one."""
    path = Path(os.path.expanduser(spec.location))
    path = path if path.is_absolute() or base is None else base / path
    return path if path.is_dir() else None


def read_workbooks(spec: SourceSpec, base: Path | None) -> tuple[Tab, list[Snapshot]]:
    """The same raw tab of every workbook a source names, read as the workbook's own tabs
    are and put one under another, with a ``source`` column naming each file."""
    files = resolve_files(spec, base, (".xlsx", ".xlsm"))
    snapshots = [Snapshot.take(f) for f in files]
    schema = spec.schema
    wanted = spec.options.get("sheet")
    frames, notes, read, skipped, sheets, tabs = [], [], 0, 0, [], []
    for path in files:
        name = display_name(path, base)
        try:
            raw = read_sheets(path, is_raw_tab, layout=sheet_layout)
        except (OSError, ValueError) as exc:
            raise spec.fail(
                "error.source.in_file",
                file=name,
                reason=cause(exc),
            ) from None
        picked = [
            s for s in raw if (s == wanted if wanted else (find_tab(s) or schema).name == spec.tab)
        ]
        if not picked:
            raise spec.fail("error.source.no_sheet", file=name, sheet=repr(wanted or schema.name))
        tab = read_tab(schema, f"[{name}]{picked[0]}", raw[picked[0]])
        missing = [n for n in tab.notes if n.key == "note.no_column"]
        if missing:
            reason = Words("note.no_column", **dict(missing[0].params))
            raise spec.fail("error.source.in_file", file=name, reason=reason)
        frame = tab.frame.assign(source=name)
        if len(files) > 1 and spec.options.get("ids", "").lower() != "shared":
            frame = _qualified(frame, name)
        frames.append(frame)
        notes += tab.notes
        read, skipped = read + tab.rows_read, skipped + tab.rows_skipped
        sheets.append(name)
        tabs.append(tab)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    label = spec.label if len(files) > 1 else sheets[0]
    merged = Tab(schema, label, frame, read, skipped, notes, tuple(sheets))
    merged.deals = any(t.deals for t in tabs)
    merged.billing = any(t.billing for t in tabs)
    merged.rows_excluded = sum(t.rows_excluded for t in tabs)
    return merged, snapshots


#: Columns whose values name something within one workbook (an order, a customer, a lead).
_IDS = ("order_id", "customer_id", "lead_id")


def _qualified(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Ids made unique across workbooks: ``north.xlsx:C-001`` is not ``south.xlsx:C-001``
    (regional copies number their orders and customers each on their own)."""
    for column in _IDS:
        if column not in frame:
            continue
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            frame[column] = values.cat.rename_categories(
                [f"{source}:{c}" for c in values.cat.categories]
            )
        else:
            frame[column] = values.map(lambda v: v if v is None or v != v else f"{source}:{v}")
    return frame
