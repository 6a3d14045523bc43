"""Raw tabs that live elsewhere: files, folders, other workbooks and databases.

A source is a raw tab that happens to live outside the workbook. It is declared in the
workbook's optional ``Sources`` tab (``Источники``: ``tab``, ``location``, ``format``,
``options``) or on the command line (``--source orders=orders.parquet``, which wins over
the tab's row for the same tab), and read by the same rules as a tab: headers by the tab's
schema and aliases, values by the same cell readers, bad rows skipped, counted and the
first ones listed. A source replaces the workbook's own tab of the same kind.

On DuckDB and Spark the rows stay in the engine (:mod:`xl_kpi.engine.clean`); on pandas,
and for workbooks and the small Settings and Targets tabs, they are read into pandas by
:func:`xl_kpi.tabs.read_tab` itself. Anything that stops a source (a missing file, a
wrong URL, a refused connection, a table without the required columns) raises
:class:`SourceError` with one line naming the source and the cause.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import paste
from ..channels import Spellings
from ..engine import Engine, EngineError
from ..engine.clean import MissingColumns, clean, no_column
from ..money import Money
from ..problems import Words, keyed
from ..progress import SILENT, Progress
from ..tabs import Tab, read_tab
from .files import (
    Snapshot,
    csv_dialect,
    file_label,
    file_names,
    files_label,
    read_files,
    read_workbooks,
    utf8_copy,
)
from .limits import LIMITS, limits
from .spec import (
    SourceError,
    SourceSpec,
    cause,
    parse_source_arg,
    resolve_files,
    specs_from_rows,
)
from .sql import read_database

__all__ = [
    "Loaded",
    "SourceError",
    "SourceSpec",
    "SourceTab",
    "load_sources",
    "parse_source_arg",
    "sources_of",
]

#: Tabs read into pandas whatever the engine: a few rows each, needed as Python values.
_SMALL = ("Settings", "Targets")


@dataclass
class SourceTab(Tab):
    """A raw tab read from a source: counts and notes as a tab's, rows in the engine."""

    source: SourceSpec | None = None


@dataclass
class Loaded:
    """The sources of a refresh, read: tabs by canonical name, and the files read."""

    tabs: dict[str, SourceTab] = field(default_factory=dict)
    snapshots: list[tuple[SourceSpec, Snapshot]] = field(default_factory=list)

    def check_unchanged(self) -> None:
        """Refuse the result when a file changed while it was being read."""
        for spec, snapshot in self.snapshots:
            if snapshot.changed():
                raise spec.fail("error.source.changed", file=snapshot.path.name)


def sources_of(
    tabs: Mapping[str, Tab], command_line: Sequence[SourceSpec] = ()
) -> list[SourceSpec]:
    """The sources declared by the Sources tab, and on the command line (which wins)."""
    found: dict[str, SourceSpec] = {}
    table = tabs.get("Sources")
    if table is not None:
        rows = table.frame.to_dict("records")
        for spec in specs_from_rows(rows, table.sheet):
            found[spec.tab] = spec
    given: dict[str, SourceSpec] = {}
    for spec in command_line:  # two of one tab would leave one unread: say so, never pick
        if spec.tab in given:
            where = f"--source {spec.tab}={spec.label}"
            raise keyed(
                SourceError, "error.source.twice", where=where, tab=spec.tab,
                source=given[spec.tab].label,
            )  # fmt: skip
        given[spec.tab] = found[spec.tab] = spec
    return list(found.values())


def load_sources(
    specs: Sequence[SourceSpec],
    engine: Engine,
    base: Path | None = None,
    progress: Progress = SILENT,
    channels: Mapping[str, str] | None = None,
    money: Money | None = None,
) -> Loaded:
    """Read each source on ``engine``; ``base`` is the folder relative paths start from,
    ``channels`` the Channels tab's names (as written -> the team's), ``money`` the
    workbook's currency and rates (Settings)."""
    loaded = Loaded()
    spellings = Spellings(channels)
    money = money if money is not None else Money()
    for spec in specs:
        progress.step(f"reading {spec.tab}")
        here = spec.base if spec.base is not None else base
        tab, snapshots = _load(spec.at(here, spec.roots), engine, here, progress, spellings, money)
        loaded.tabs[spec.tab] = tab
        loaded.snapshots += [(spec, s) for s in snapshots]
    return loaded


def _load(
    spec: SourceSpec,
    engine: Engine,
    base: Path | None,
    progress: Progress,
    names: Spellings,
    money: Money,
) -> tuple[SourceTab, list[Snapshot]]:
    kind = spec.kind(base)
    schema = spec.schema
    if kind == "excel" or engine.in_process or spec.tab in _SMALL:
        if kind == "excel":
            tab, snapshots = read_workbooks(spec, base)
            tab = _source_tab(tab, spec)
        else:
            tab, snapshots = _load_pandas(spec, base, engine, money)
        column = schema.label or "channel"
        if column in tab.frame:  # the team's channel names
            tab.frame[column] = names.apply(tab.frame[column])
        return tab, snapshots
    snapshots: list[Snapshot] = []
    try:
        layouts, label = [], None
        if kind in ("sqlite", "postgresql"):
            native = engine.read_parquet([read_database(spec, engine.scratch, base)], hive=False)
        else:
            native, snapshots, layouts = read_files(spec, engine, base)
            label = files_label(schema, [Path(s.path) for s in snapshots])
        found = [paste.header_notes(name, at.skip + 1, at.above) for name, at in layouts]
        periods = {name: period for (name, _), (period, _) in zip(layouts, found)}
        period = _period(periods)
        progress.watch(f"reading {spec.tab}", engine.progress)
        cleaned = clean(
            engine,
            schema,
            spec.label,
            native,
            names.name,
            money=money,
            period=period,
            notes=[note for _, said in found for note in said],
            channel=None if label is None else names.name(label),
        )
        engine.release(native)  # the checked rows are kept; the facts never read these
    except MissingColumns as exc:
        raise spec.fail("error.source.reason", reason=exc) from None
    except (SourceError, EngineError):
        raise
    except Exception as exc:  # noqa: BLE001  (engine errors of every kind: one line)
        raise spec.fail("error.source.reason", reason=cause(exc)) from None
    finally:
        progress.done()
    tab = SourceTab(
        schema,
        spec.label,
        pd.DataFrame(columns=list(schema.column_names)),
        cleaned.rows_read,
        cleaned.rows_skipped,
        cleaned.notes,
        rows_excluded=cleaned.rows_excluded,
        lazy=cleaned.frame,
        source=spec,
        engine=engine,
    )
    tab.deals, tab.billing = cleaned.deals, cleaned.billing
    return tab, snapshots


def _load_pandas(
    spec: SourceSpec, base: Path | None, engine: Engine, money: Money
) -> tuple[SourceTab, list[Snapshot]]:
    """A source read into pandas, a file at a time, by the tab reader itself."""
    kind = spec.kind(base)
    schema = spec.schema
    if kind in ("sqlite", "postgresql"):
        parts = [(spec.label, _read_parquet([read_database(spec, engine.scratch, base)]), 1)]
        snapshots: list[Snapshot] = []
    else:
        suffixes = (".parquet", ".pq") if kind == "parquet" else (".csv", ".tsv", ".txt", ".tab")
        files = resolve_files(spec, base, suffixes)
        snapshots = [Snapshot.take(f) for f in files]
        hive = any("=" in part for f in files for part in f.parts)
        names = file_names(files, base)
        if kind == "parquet":  # a file at a time, as the engines apply each file's rules
            parts = [(name, _parquet_file(spec, f, hive, name), 1) for f, name in zip(files, names)]
        else:
            parts = [(n, *_read_csv(f, spec, engine.scratch)) for f, n in zip(files, names)]
    tabs = []
    for name, frame, first_row in parts:
        label = file_label(schema, Path(name)) if kind != "sqlite" else None
        tab = read_tab(schema, name, frame, money=money, label=label)
        missing = {dict(n.params)["name"] for n in tab.notes if n.key == "note.no_column"}
        if missing:  # the refresh stops, in the words of the other engines
            columns = [c for c in schema.columns if c.name in missing]
            error = no_column(columns, [str(c) for c in frame.columns])
            raise spec.fail("error.source.reason", reason=error)
        shift = first_row - 2  # the tab reader counts as Excel does: data from row 2
        tab.notes = [
            n if n.row is None else dataclasses.replace(n, row=n.row + shift) for n in tab.notes
        ]
        tabs.append(tab)
    frame = (
        pd.concat([t.frame for t in tabs], ignore_index=True) if len(tabs) > 1 else tabs[0].frame
    )
    merged = SourceTab(
        schema,
        spec.label,
        frame,
        sum(t.rows_read for t in tabs),
        sum(t.rows_skipped for t in tabs),
        [n for t in tabs for n in t.notes],
        deals=any(t.deals for t in tabs),
        billing=any(t.billing for t in tabs),
        rows_excluded=sum(t.rows_excluded for t in tabs),
        source=spec,
    )
    return merged, snapshots


def _read_csv(path: Path, spec: SourceSpec, scratch: Path) -> tuple[pd.DataFrame, int]:
    """A CSV file read below its header, as the tab reader takes a sheet read so."""
    utf8 = utf8_copy(path, spec, scratch)
    layout = csv_dialect(utf8, spec, path.name)
    _check_lines(utf8, spec, path.name)
    try:
        frame = pd.read_csv(
            utf8,
            sep=layout.sep,
            dtype=str,
            keep_default_na=False,
            skiprows=layout.skip,
            encoding="utf-8-sig",
            quotechar='"',
        )
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        reason = cause(exc, path.name)
        if isinstance(reason, Words):  # the words name the file
            raise spec.fail("error.source.reason", reason=reason) from None
        raise spec.fail("error.source.in_file", file=path.name, reason=reason) from None
    frame.attrs["header_row"] = layout.skip + 1  # the file's lines, as a sheet's rows
    frame.attrs["above"] = [list(row) for row in layout.above]
    return frame, 2


def _check_lines(path: Path, spec: SourceSpec, name: str) -> None:
    """Refuse a file with a line longer than the limit before pandas, which would hold it
    whole in memory, reads it (DuckDB and Spark have limits of their own)."""
    limit = limits().line
    run, line = 0, 1  # bytes since the last line break, the line they are on
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            first = chunk.find(b"\n")
            if first < 0:
                run += len(chunk)
                if run > limit:
                    break
                continue
            if run + first > limit:
                break
            last = chunk.rfind(b"\n")
            inner = chunk[first + 1 : last].split(b"\n") if last > first else []
            long = next((i for i, part in enumerate(inner) if len(part) > limit), None)
            if long is not None:
                line += 1 + long
                break
            line += chunk.count(b"\n")
            run = len(chunk) - last - 1
            if run > limit:
                break
        else:
            return
    raise spec.fail("error.limit.line", file=name, line=line, limit=limit, variable=LIMITS["line"])


def _parquet_file(spec: SourceSpec, path: Path, hive: bool, name: str) -> pd.DataFrame:
    """One Parquet file read into pandas, within the row limit."""
    import pyarrow.parquet as pq

    budget = limits()
    try:
        rows = pq.ParquetFile(path).metadata.num_rows
        if rows > budget.rows:
            raise spec.fail("error.limit.rows", limit=budget.rows, variable=LIMITS["rows"])
        return _read_parquet([path], hive)
    except SourceError:
        raise
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise spec.fail("error.source.reason", reason=cause(exc, name)) from None


def _read_parquet(files: list[Path], hive: bool = False) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.dataset as ds

    partitioning = "hive" if hive else None
    table = ds.dataset([str(f) for f in files], format="parquet", partitioning=partitioning)
    table = table.to_table()
    decimals = [i for i, f in enumerate(table.schema) if pa.types.is_decimal(f.type)]
    for i in decimals:  # a database's NUMERIC: numbers, as the other engines read them
        table = table.set_column(i, table.schema[i].name, table.column(i).cast(pa.float64()))
    return table.to_pandas()


def _period(periods: dict[str, paste.Period | None]) -> Any:
    """The period that dates a source's rows: the one its files say, else each file's own
    (each file must say one; files without a period have no date), else none."""
    distinct = set(periods.values())
    if len(distinct) == 1:
        return distinct.pop()
    return None if None in distinct else periods


def _source_tab(tab: Tab, spec: SourceSpec) -> SourceTab:
    fields = {f.name: getattr(tab, f.name) for f in dataclasses.fields(Tab)}
    return SourceTab(**fields, source=spec)
