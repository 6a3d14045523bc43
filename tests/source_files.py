"""The same raw tabs written out as sources: English and Russian CSV, Parquet (a file, a
Hive-partitioned folder), a SQLite database, PostgreSQL tables; and the records to expect.

Each writer writes what a tool would export, independently of the product's readers:
English CSV with ISO dates and plain numbers, Russian CSV as Russian Excel saves it
(``;``, ``dd.mm.yyyy``, ``1 234,56``, Windows-1251 or UTF-8 with a byte order mark and
Russian headers), Parquet with pyarrow's own types, SQLite with text dates.
"""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from xl_kpi.engine import ENGINES
from xl_kpi.report import build_report
from xl_kpi.sample import sample_tables
from xl_kpi.schema import find_tab
from xl_kpi.tabs import read_tabs

#: The raw tabs the source tests read from elsewhere.
DATA_TABS = ("Orders", "Leads", "Spend", "Traffic", "Social", "Brand")

#: The engines that compute in this process (Spark starts a JVM: a test names it, and runs
#: only with ``-m slow``): the engines a test taking ``engine`` runs on by default.
LOCAL_ENGINES = tuple(name for name in ENGINES if name != "spark")


def tables(orders: int = 900, seed: int = 21) -> dict[str, pd.DataFrame]:
    sample = sample_tables(orders=orders, seed=seed)
    return {name: sample[name] for name in DATA_TABS}


def records(report) -> dict[tuple, float | None]:
    """A report's records as {(kpi, period, channel): value or None}."""
    return {
        (r.kpi, r.period, r.channel): None if math.isnan(r.value) else r.value
        for r in report.records
    }


def expected(frames: dict[str, pd.DataFrame]) -> dict[tuple, float | None]:
    """The records of the same rows pasted into a workbook's tabs."""
    return records(build_report(read_tabs(frames)))


def differences(got: dict, want: dict, rel: float = 1e-9) -> list:
    """Records that differ (missing, extra, or further apart than ``rel``)."""
    out = [(k, want.get(k), got.get(k)) for k in set(got) ^ set(want)]
    for k in set(got) & set(want):
        a, b = got[k], want[k]
        if (a is None) != (b is None) or (
            a is not None and not math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)
        ):
            out.append((k, b, a))
    return sorted(out, key=str)


def write_csv_en(frame: pd.DataFrame, path: Path) -> Path:
    out = frame.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out.to_csv(path, index=False, encoding="utf-8")
    return path


def _ru_number(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    text = f"{float(value):,.2f}".replace(",", " ").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def write_csv_ru(frame: pd.DataFrame, tab: str, path: Path, encoding: str = "cp1251") -> Path:
    """As Russian Excel saves CSV: ``;``, Russian headers, dd.mm.yyyy, 1 234,56."""
    schema = find_tab(tab)
    out = pd.DataFrame(
        {
            schema.column(c).ru: (
                frame[c].dt.strftime("%d.%m.%Y")
                if c == "date"
                else frame[c].map(_ru_number)
                if frame[c].dtype.kind in "fi"
                else frame[c]
            )
            for c in frame.columns
        }
    )
    out.to_csv(path, index=False, sep=";", encoding=encoding)
    return path


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, coerce_timestamps="us")
    return path


def write_partitioned(frame: pd.DataFrame, folder: Path) -> Path:
    """One Parquet file per month under ``month=YYYY-MM/`` (Hive partitioning)."""
    months = frame["date"].dt.strftime("%Y-%m")
    for month, part in frame.groupby(months):
        where = folder / f"month={month}"
        where.mkdir(parents=True, exist_ok=True)
        write_parquet(part, where / "part-0.parquet")
    return folder


def write_sqlite(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """Each tab as a table named in lower case; dates as ISO text, as SQLite keeps them."""
    with sqlite3.connect(path) as con:
        for name, frame in frames.items():
            out = frame.copy()
            out["date"] = out["date"].dt.strftime("%Y-%m-%d")
            out.to_sql(name.lower(), con, index=False)
    return path
