"""The command line: what a user types and sees, exit codes included."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from xl_kpi.catalogue import CATALOGUE
from xl_kpi.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "printed"),
    [
        (["calc", "ROMI", "2000000", "500000"], "300%"),
        (["calc", "romi", "income=2 000 000 ₽", "cost=500000", "--lang", "ru"], "300 %"),
        (["calc", "CPC", "0,20;0,40", "2"], "0.30"),
        (["calc", "CAC", "300000", "120", "sales_costs=60000"], "3,000.00"),
        (["calc", "NPS", "10;9;;3"], "33.3"),
        (["calc", "CAC_PAYBACK", "3000", "1000", "0.5"], "6 months"),
        (["calc", "CPC", "10", "0"], "undefined (zero or missing denominator)"),
        (
            [
                "calc",
                "REVENUE",
                "100;200",
                "01.01.2026;01.02.2026",
                "start=01.01.2026",
                "end=31.01.2026",
            ],
            "100.00",
        ),
    ],
)
def test_calc_prints_the_formatted_value(capsys, argv, printed):
    code, out, err = run(capsys, *argv)
    assert (code, out.strip(), err) == (0, printed, "")


def test_calc_json(capsys):
    code, out, _ = run(capsys, "calc", "CPC", "10", "0", "--format", "json")
    assert json.loads(out) == {"kpi": "CPC", "value": None}


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["calc", "GROWTH", "1"], 1, "no KPI called 'GROWTH'"),
        (["calc", "CPC", "1"], 2, "missing a required argument: 'clicks'"),
        (["calc", "CPC", "1", "2", "3"], 2, "too many positional arguments"),
        (["calc", "CPC", "1", "click=2"], 2, "CPC has no argument 'click'"),
        (["calc", "CPC", "ten", "2"], 1, "cost: 'ten' is not a number"),
        (["calc", "CTR", "-1", "2"], 1, "clicks must not be negative"),
    ],
)
def test_errors_are_one_line_and_a_nonzero_exit(capsys, argv, code, message):
    got, out, err = run(capsys, *argv)
    assert got == code and out == ""
    assert err.startswith("xl-kpi: ") and message in err and err.count("\n") == 1


def test_kpis_lists_the_catalogue_in_english_russian_and_json(capsys):
    _, out, _ = run(capsys, "kpis")
    assert len(out.splitlines()) == len(CATALOGUE) and "ROMI" in out
    _, out, _ = run(capsys, "kpis", "--lang", "ru")
    assert "Выручка" in out
    _, out, _ = run(capsys, "kpis", "--format", "json", "--lang", "ru")
    records = json.loads(out)
    assert [r["name"] for r in records] == [e.excel_name for e in CATALOGUE.values()]
    assert records[0]["args"][0] == {
        "name": "amounts",
        "doc": "Order amounts, a range; blanks are skipped.",
        "optional": False,
    }


def test_the_installed_command_runs_without_a_traceback():
    done = subprocess.run(
        [sys.executable, "-m", "xl_kpi.cli", "calc", "CPC", "x", "1"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
