"""The cases sources are checked on, shared by the tests of the engines: a pasted export
written as a source and read on each engine, the Parquet months, a source without a
column, exports dated by their own periods. Each returns what each engine gave; the tests
say what it must be."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xl_kpi.excelfacts import header_text
from xl_kpi.problems import say
from xl_kpi.report import build_report
from xl_kpi.sources import SourceError, SourceSpec, parse_source_arg
from xl_kpi.sources.report import report_with_sources
from xl_kpi.tabs import Tab, read_tabs

from . import pasting
from . import source_files as sf
from .source_files import LOCAL_ENGINES


def specs(**locations: str) -> list[SourceSpec]:
    return [parse_source_arg(f"{tab_name}={where}") for tab_name, where in locations.items()]


def report(sources: list[SourceSpec], engine: str, base: Path | None = None):
    return report_with_sources({}, base=base, sources=sources, engine=engine)


def notes_of(tab_, shift: int = 0) -> list[tuple]:
    """A tab's notes as what they say and where in the data (the sheet's name aside: a
    pasted tab's is the sheet, a source's the file), rows moved by ``shift``."""
    return [
        (n.key, n.reason, None if n.row is None else n.row + shift, n.column, n.value, n.params)
        for n in tab_.notes
    ]


def same_everywhere(
    tmp_path, name: str, text: str, settings=(), engines=LOCAL_ENGINES, delimiter: str = ","
) -> Tab:
    """``text`` pasted into the tab ``name`` and written as a CSV source (and, when it has
    its header in line 1, as a Parquet source) give the same records, counts and notes on
    every engine; the pasted tab, for the test to check what it says."""
    rows = pasting.csv_rows(text, delimiter)
    sheets = {name: pasting.frame(rows)}
    if settings:
        sheets["Settings"] = pasting.frame([["key", "value"], *map(list, settings)])
    pasted = read_tabs(sheets)
    want = sf.records(build_report(pasted))
    (tmp_path / "export.csv").write_text(text.strip("\n") + "\n", encoding="utf-8")
    locations = ["export.csv"]
    if rows and pasted[name].notes[:1] and pasted[name].notes[0].key == "note.header_found":
        pass  # a Parquet file has no lines above its header
    else:
        header = [header_text(c) for c in rows[0]]
        body = pd.DataFrame(
            [[None if c is None else str(c) for c in r] + [None] * (len(header) - len(r))
             for r in rows[1:]],
            columns=header,
        )  # fmt: skip
        body.to_parquet(tmp_path / "export.parquet", index=False)
        locations.append("export.parquet")
    workbook = {k: v for k, v in sheets.items() if k != name}
    for location in locations:
        for engine in engines:
            report = report_with_sources(
                read_tabs(workbook),
                raw=workbook,
                base=tmp_path,
                sources=[parse_source_arg(f"{name}={location}")],
                engine=engine,
            )
            got, tab_ = report.tabs[name], pasted[name]
            where = f"{location} on {engine}"
            assert sf.differences(sf.records(report), want) == [], where
            counts = (got.rows_read, got.rows_skipped, got.rows_excluded)
            assert counts == (tab_.rows_read, tab_.rows_skipped, tab_.rows_excluded), where
            # a Parquet file's rows are numbered from 1, a sheet's data from row 2
            shift = -1 if location.endswith(".parquet") else 0
            assert notes_of(got) == notes_of(tab_, shift), where
    return pasted[name]


TITLED = """\
Campaign report
"July 8, 2025 - July 31, 2025"

Day,Campaign,Cost,Clicks
2025-07-08,Brand,10.50,3
2025-07-09,Brand,11.25,4
2025-07-10,Generic,bad,5
"""


TOTALS = """\
Day,Campaign,Cost,Clicks
Total: Account,,61.5,20
2025-03-01,Brand,10.50,3
2025-03-02,Brand,20,7
Итого и средние,,31,10
2025-03-03,Generic,31,10
Всего,,61.5,20
"""


VALUES = """\
Created at,Customer,Total,Currency
2025-03-01,C1,100,RUB
2025-03-02,C2,$20,
2025-03-03,C3,30,EUR
2025-03-04,C1,"1 500 ₽",
"""


LINE_ITEMS = """\
Name,Created at,Email,Total,Lineitem name
#1001,2025-03-01,a@x.com,150,Hat
#1001,2025-03-01,a@x.com,,Scarf
#1001,2025-03-01,a@x.com,,Gloves
#1002,2025-03-02,b@x.com,80,Hat
#1003,2025-03-03,c@x.com,,Socks
"""


#: Two months of a Meta-like export, each in its Hive folder, each ending in an unnamed
#: row that sums the month's others.
MONTHS = {
    "2025-01": [["2025-01-05", "Brand", "10", "1"], ["2025-01-06", None, "11", "2"],
                ["2025-01-05", None, "21", "3"]],
    "2025-02": [["2025-02-03", "Brand", "7", "4"], ["2025-02-04", "Generic", "14", "1"],
                ["2025-02-03", None, "21", "5"]],
}  # fmt: skip


def monthly_parquet(root: Path, names: tuple[str, str]) -> None:
    for (month, rows), name in zip(MONTHS.items(), names):
        (root / f"month={month}").mkdir(parents=True)
        frame = pd.DataFrame(rows, columns=["Day", "Campaign", "Cost", "Clicks"])
        frame.to_parquet(root / f"month={month}" / name, index=False)


def parquet_months(tmp_path, names, location, engines, base="tmp") -> dict:
    """Each engine's spend, records and summary-row notes for the two months' files."""
    monthly_parquet(tmp_path / "spend", names)
    where = parse_source_arg(f"spend={location.format(root=tmp_path)}")
    found = {}
    for engine in engines:
        got = report_with_sources(
            {}, base=tmp_path if base else None, sources=[where], engine=engine
        )
        sums = sorted((n.sheet, n.row) for n in got.tabs["Spend"].notes if n.key == "note.sum_row")
        spend = sf.records(got)[("SPEND", "total", None)]
        found[engine] = (sf.records(got), sums, got.tabs["Spend"].rows_excluded, spend)
    return found


def no_column_messages(tmp_path, engines) -> dict[str, dict]:
    """What each engine says of a CSV and a Parquet source without a spend column:
    {location: {engine: (English, Russian)}}."""
    (tmp_path / "spend.csv").write_text("Day,Campaign,Clicks\n2025-03-01,Brand,3\n")
    pd.DataFrame({"Day": ["2025-03-01"], "Campaign": ["Brand"]}).to_parquet(
        tmp_path / "spend.parquet", index=False
    )
    said: dict[str, dict] = {}
    for location in ("spend.csv", "spend.parquet"):
        for engine in engines:
            with pytest.raises(SourceError) as caught:
                report([parse_source_arg(f"spend={location}")], engine, tmp_path)
            said.setdefault(location, {})[engine] = (str(caught.value), say(caught.value, "ru"))
    return said


def dated_by_each_files_period(tmp_path, engines) -> dict[str, tuple]:
    """Each engine's records and notes for two exports without a date column, each with
    its own period line above its header."""
    (tmp_path / "exports").mkdir()
    for name, month, cost in (("march.csv", "03", 100), ("april.csv", "04", 50)):
        text = f"Campaign report\n2025-{month}-01 - 2025-{month}-28\nCampaign,Cost\nBrand,{cost}\n"
        (tmp_path / "exports" / name).write_text(text)
    found = {}
    for engine in engines:
        got = report([parse_source_arg("spend=exports/*.csv")], engine, tmp_path)
        notes = got.tabs["Spend"].notes  # (pandas says rows without a channel per file)
        said = sorted((n.sheet, n.key, n.params) for n in notes if n.key != "note.unassigned")
        found[engine] = (sf.records(got), said)
    return found
