"""Names from the data are quoted by each engine's own rule, never pasted into SQL or an
expression: a header holding the quote character is read as a name (SQLite's is in
:mod:`tests.test_source_limits`)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from xl_kpi.cli import main

pytestmark = pytest.mark.slow  # starts Spark


def test_a_backtick_in_a_header_is_a_name_on_spark(tmp_path, capsys, monkeypatch):
    table = pa.table(
        {
            "date": ["2025-03-01"],
            "revenue": [100.0],
            "seen`) || (`x": pa.array([pd.Timestamp("2025-03-01")], pa.timestamp("ns")),
        }
    )
    pq.write_table(table, tmp_path / "orders.parquet")
    monkeypatch.chdir(tmp_path)
    code = main(["report", "--engine", "spark", "--source", "orders=orders.parquet"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert '"value": 100' in out.out
