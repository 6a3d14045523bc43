"""A bounded fuzz of the guard, the sheet reader and the splice (the long run is
``python benchmarks/fuzz_files.py``): mutated real workbooks give a clear error or a
correct refresh, and the input file is never changed.

It runs in a child process, so that a reader aborting the interpreter fails this test
instead of ending the test run; the examples are a fixed sequence, the same on every run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_files.py"


@pytest.mark.slow  # two hundred workbooks through the real commands
def test_mutated_workbooks_give_a_clear_error_or_a_correct_refresh() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--examples", "200"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"exit {done.returncode}:\n{done.stderr[-3000:]}"
    outcomes = dict(
        (name, int(count))
        for name, count in re.findall(r"(\w+) (\d+)", done.stdout.split("outcomes:")[1])
    )
    assert sum(outcomes.values()) >= 200
    # Both promises were exercised: files refused with a message, and files refreshed.
    assert outcomes.get("UnsafeWorkbook", 0) > 20 and outcomes.get("refreshed", 0) > 20
