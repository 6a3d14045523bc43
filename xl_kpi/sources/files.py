"""Files as sources: CSV/TSV (English and Russian), Parquet files and folders, workbooks.

CSV and TSV files are read as text, every column, so that numbers and dates go through
the product's own readers (``1 234,56``, ``31.12.2025``) on every engine alike. The
encoding is UTF-8 (with or without a byte order mark) or, when the text is not UTF-8,
Windows-1251 (as Russian Excel saves CSV); the ``encoding`` option says otherwise. Such
files are re-encoded to UTF-8 in the run's scratch folder first, a chunk at a time. The
delimiter is the ``sep`` option, or the one of ``;``, ``,``, tab and ``|`` the header line
uses most.

Parquet keeps its types; a folder is read with its Hive partitions (``region=north/``) as
columns. Workbooks (``.xlsx``/``.xlsm``) give the same raw tab of each file, read exactly
as the workbook's own tabs are, with a ``source`` column naming the file; as each copy of
a template numbers its own orders and customers, their ids are qualified by the file
(``north.xlsx:C-001``) unless the options say ``ids=shared``.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..files.read import read_tabs as read_sheets
from ..schema import find_tab
from ..tabs import Tab, is_raw_tab, read_tab, sheet_layout
from .spec import SourceError, SourceSpec, resolve_files

__all__ = ["Snapshot", "csv_dialect", "read_files", "read_workbooks", "utf8_copy"]

_CHUNK = 1 << 20
_SEPARATORS = (";", ",", "\t", "|")


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


def _encoding(path: Path, spec: SourceSpec) -> str:
    """The file's encoding: the option's, else UTF-8 (BOM or not), else Windows-1251."""
    if spec.options.get("encoding"):
        name = spec.options["encoding"]
        try:
            return codecs.lookup(name).name
        except LookupError:
            raise spec.fail(f"unknown encoding {name!r} (e.g. utf-8, cp1251)") from None
    with open(path, "rb") as handle:
        head = handle.read(_CHUNK)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
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
            f"{path.name} is not {encoding} text (byte {exc.start}); set encoding= in options"
        ) from None
    return out


def csv_dialect(path: Path, spec: SourceSpec) -> tuple[str, int]:
    """The delimiter and the number of lines above the header of a UTF-8 CSV file."""
    skip = int(spec.options.get("skip", "0") or 0)
    if spec.options.get("sep") or spec.options.get("delimiter"):
        sep = spec.options.get("sep") or spec.options["delimiter"]
        return {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}.get(sep, sep), skip
    if spec.kind() == "tsv":
        return "\t", skip
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        lines = [handle.readline() for _ in range(skip + 1)]
    header = lines[-1]
    if not header.strip():
        raise spec.fail(f"{path.name} is empty (no header line)")
    counts = {sep: _outside_quotes(header).count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda s: counts[s])
    return (best if counts[best] else ","), skip


def _outside_quotes(line: str) -> str:
    return "".join(part for i, part in enumerate(line.split('"')) if i % 2 == 0)


def read_files(spec: SourceSpec, engine: Any, base: Path | None) -> tuple[Any, list[Snapshot]]:
    """A CSV/TSV or Parquet source as one native frame of ``engine`` (raw columns, plus the
    row's line and file where the engine gives them), and snapshots of the files read."""
    kind = spec.kind(base)
    suffixes = (".parquet", ".pq") if kind == "parquet" else (".csv", ".tsv", ".txt", ".tab")
    files = resolve_files(spec, base, suffixes)
    snapshots = [Snapshot.take(f) for f in files]
    names = {str(f): display_name(f, base) for f in files}
    try:
        if kind == "parquet":
            root = _folder(spec, base)
            native = engine.read_parquet(files, hive=len(files) > 1 or root is not None, root=root)
        else:
            utf8 = [utf8_copy(f, spec, engine.scratch) for f in files]
            dialects = {csv_dialect(f, spec) for f in utf8}
            if len(dialects) > 1:
                raise spec.fail("the files do not share one delimiter; set sep= in options")
            sep, skip = dialects.pop()
            native = engine.read_csv(utf8, sep, skip, [names[str(f)] for f in files])
    except SourceError:
        raise
    except (OSError, ValueError) as exc:
        raise spec.fail(_one_line(exc)) from None
    return native, snapshots


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
    schema = find_tab(spec.tab)
    wanted = spec.options.get("sheet")
    frames, notes, read, skipped, sheets, tabs = [], [], 0, 0, [], []
    for path in files:
        name = display_name(path, base)
        try:
            raw = read_sheets(path, is_raw_tab, layout=sheet_layout)
        except (OSError, ValueError) as exc:
            raise spec.fail(f"{name}: {_one_line(exc)}") from None
        picked = [
            s for s in raw if (s == wanted if wanted else (find_tab(s) or schema).name == spec.tab)
        ]
        if not picked:
            raise spec.fail(f"{name} has no sheet {wanted or schema.name!r}")
        tab = read_tab(schema, f"[{name}]{picked[0]}", raw[picked[0]])
        missing = [n for n in tab.notes if n.key == "note.no_column"]
        if missing:
            raise spec.fail(f"{name}: {missing[0].reason}")
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


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
