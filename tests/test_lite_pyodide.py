"""The Lite template in real Pyodide, the WebAssembly Python xlwings Lite runs, under Node.

Pyodide comes from npm, numpy and pandas built for it from a wheel on the Python package
index that bundles a Pyodide distribution, the other packages from the package index, and
xl-kpi's wheel from this checkout (see ``tests/pyodide/distribution.py``); no CDN. Inside,
micropip installs the template's own ``requirements.txt`` and its own ``main.py`` is
imported, as xlwings Lite does; ``tests/pyodide/check.py`` then calls KPI functions and the
Refresh script through xlwings' own Lite call paths, and makes and refreshes a sample
workbook headless. This test judges what it saw against the same work done here, on CPython.

Needs Node and npm (``.ci/run`` installs them; the test is skipped only where node is
missing) and the package registries; slow (a few minutes; downloads are kept in pytest's
cache folder).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

import xl_kpi
import xl_kpi.udfs as udfs
from tests import fake_xlwings
from tests.lite_facts import LITE_033_UNIMPLEMENTED, NOT_IN_PYODIDE, PYODIDE_SEPARATE
from tests.pyodide import check, distribution
from xl_kpi.catalogue import CATALOGUE
from xl_kpi.sample import sample_tables
from xl_kpi.summary import SHEET_NAMES
from xl_kpi.templates.lite import LITE_PYODIDE_VERSION, LITE_XLWINGS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "tests" / "pyodide"
TEMPLATE = ROOT / "workbooks" / "xl-kpi-lite.xlsx"
#: The Pyodide releases tested: the one the Lite workbooks carry (``pyodideVersion``). The
#: newest xlwings Lite also offers Pyodide 314 (Python 3.14), whose numpy and pandas are on
#: Pyodide's CDN only (no wheel on the package index carries them): not tested here.
PYODIDE_VERSIONS = (LITE_PYODIDE_VERSION,)
SAMPLE = {"orders": 600, "seed": 11}

#: Formulas as the add-in sends them: every argument a 2-D array of the cells' values ("" a
#: blank cell, dates as serial numbers), None for an argument left out.
LITE_CALLS = [
    ("ROMI", [[[2_000_000.0], [""]], [[250_000.0], [250_000.0]]]),
    ("CPC", [[[0.2, 0.4]], [[2.0]]]),
    ("CPC", [[["1 234,56"]], [[10.0]]]),  # a number pasted as text, Russian style
    ("CAC", [[["300 000 ₽"]], [[120.0]], None]),
    ("CAC", [[[""], [""]], [[""]], None]),  # nothing to divide: #DIV/0!, not 0
    ("ROMI", [[[10.0]], [[0.0]]]),
    ("CPC", [[["10"], ["abc"]], [[2.0]]]),  # a message, not a number
    ("REVENUE", [[[100.0], [200.0]], [[46027.0], [46058.0]], [[46023.0]], [[46053.0]]]),
]
#: How xlwings' Office.js converter returns Excel's errors (requirement set 1.4 and later).
ERROR_TYPES = {"#DIV/0!": "Div0", "#N/A": "NotAvailable", "#VALUE!": "Value", "#NUM!": "Num"}


def _host_args(arg):
    """An argument as classic xlwings passes it: a single cell as its value, blanks None."""
    if isinstance(arg, list) and len(arg) == 1:
        arg = arg[0][0] if isinstance(arg[0], list) and len(arg[0]) == 1 else arg[0]
    if isinstance(arg, list):
        return [_host_args_cell(row) for row in arg]
    return None if arg == "" else arg


def _host_args_cell(row):
    return [None if v == "" else v for v in row] if isinstance(row, list) else row


def _expected_call(func, args):
    value = getattr(udfs, func)(*[_host_args(a) for a in args])
    if isinstance(value, str) and value in ERROR_TYPES:
        return [[{"type": "Error", "errorType": ERROR_TYPES[value]}]]
    return [[value]]


def _differences(got, want, where="") -> list[str]:
    """Where two JSON-like values differ (numbers within a relative 1e-9: numpy on wasm32
    and on this machine may round the last bit of a logarithm differently)."""
    if isinstance(want, float) and isinstance(got, int | float) and not isinstance(got, bool):
        return (
            []
            if math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)
            else [f"{where}: {got!r} != {want!r}"]
        )
    if isinstance(want, list) and isinstance(got, list) and len(got) == len(want):
        return [
            d
            for i, (g, w) in enumerate(zip(got, want))
            for d in _differences(g, w, f"{where}[{i}]")
        ]
    if isinstance(want, dict) and isinstance(got, dict) and got.keys() == want.keys():
        return [d for k in want for d in _differences(got[k], want[k], f"{where}.{k}")]
    return [] if got == want else [f"{where}: {str(got)[:200]} != {str(want)[:200]}"]


@pytest.fixture(scope="module")
def cache(request: pytest.FixtureRequest) -> Path:
    """Downloads kept between runs (pytest's cache folder): the npm core, the built wheels."""
    if shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing on CI: .ci/run installs it")
        pytest.skip("node is not installed: the Pyodide test runs Pyodide under Node")
    return Path(request.config.cache.mkdir("pyodide-lite"))


@pytest.fixture(scope="module")
def index(cache: Path, built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package index micropip is served: pure wheels and the xl-kpi wheel."""
    folder = tmp_path_factory.mktemp("index")
    requirements = distribution.pure_requirements(
        distribution.template_files(TEMPLATE)["requirements.txt"], built_wheel
    )
    core = distribution.pyodide_core(LITE_PYODIDE_VERSION, cache)
    lock = json.loads((core / "pyodide-lock.json").read_text())
    pure = cache / "pure"
    wanted = "\n".join(sorted(map(str, requirements)))
    if (
        not (pure / "requirements.txt").is_file()
        or (pure / "requirements.txt").read_text() != wanted
    ):
        shutil.rmtree(pure, ignore_errors=True)
        pure.mkdir()
        distribution.pure_wheels(requirements, lock, pure)
        (pure / "requirements.txt").write_text(wanted)
    for wheel in pure.glob("*.whl"):
        shutil.copy2(wheel, folder / wheel.name)
    shutil.copy2(built_wheel, folder / built_wheel.name)
    return folder


@pytest.fixture(scope="module")
def host() -> dict:
    """The same work done here, on CPython: the Refresh on the stand-in (with this
    machine's xlwings, whose summary values the cut one matches) and the headless run."""
    tables = sample_tables(**SAMPLE)
    book = check.fill_book(fake_xlwings, tables, fake_xlwings.FakeApp(engine="remote"))
    udfs.refresh_kpis(book)
    with tempfile.TemporaryDirectory() as folder:
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            headless = check.headless(folder, SAMPLE["orders"])
        finally:
            os.chdir(cwd)
    return {
        "tables": {name: check.plain(frame.to_numpy().tolist()) for name, frame in tables.items()},
        "summary": check.sheet_rows(book, SHEET_NAMES["en"]),
        "headless": headless,
    }


def _run_in_pyodide(version: str, cache: Path, index: Path, work: Path) -> tuple[dict, dict, str]:
    core = distribution.pyodide_core(version, cache)
    project, release, folder = distribution.BUILDS[version.rpartition(".")[0]]
    built = cache / "builds" / f"{project}-{release}"
    distribution.fetch_members(project, release, folder, distribution.BUILT, built)
    changes = distribution.distribution(core, built, index, work / "dist")
    assert {"numpy", "pandas", "micropip"} <= set(changes), changes
    # the modules this release ships separately are those the quick suite's emulation names
    lock = json.loads((core / "pyodide-lock.json").read_text())["packages"]
    separate = {
        module
        for entry in lock.values()
        if entry.get("package_type") == "cpython_module" and entry["name"] != "test"
        for module in entry["imports"]
    }
    assert separate == PYODIDE_SEPARATE
    shutil.copytree(index, work / "index")
    lite = work / "lite"
    lite.mkdir()
    files = distribution.template_files(TEMPLATE)
    (lite / "main.py").write_text(files["main.py"])
    (lite / "requirements.txt").write_text(files["requirements.txt"])
    shutil.copy2(ROOT / "tests" / "fake_xlwings.py", lite / "fake_xlwings.py")
    distribution.stand_in_constants(ROOT / "tests" / "fake_xlwings.py", lite / "fake_constants.py")
    shutil.copy2(HERE / "check.py", lite / "check.py")
    inputs = {"calls": LITE_CALLS, "sample": SAMPLE, "unimplemented": list(LITE_033_UNIMPLEMENTED)}
    (lite / "inputs.json").write_text(json.dumps(inputs))
    done = subprocess.run(
        ["node", str(HERE / "run.mjs"), str(work)], capture_output=True, text=True, timeout=1200
    )
    log = done.stdout[-6000:] + done.stderr[-3000:]
    assert done.returncode == 0, log
    install = json.loads((work / "install.json").read_text())
    result = json.loads((work / "result.json").read_text())
    return install, result, log


@pytest.mark.parametrize("version", PYODIDE_VERSIONS)
def test_the_lite_template_runs_in_pyodide(version, cache, index, host, built_wheel, tmp_path):
    install, result, log = _run_in_pyodide(version, cache, index, tmp_path)

    # micropip installed the template's requirements: Pyodide's numpy and pandas, the pin
    assert install["errors"] == [], log
    installed = {canonicalize_name(k): v for k, v in install["installed"].items()}
    assert installed["xl-kpi"][0] == xl_kpi.__version__
    assert installed["xlwings"][0] == LITE_XLWINGS
    assert installed["numpy"][1] == installed["pandas"][1] == "pyodide"
    assert installed["xl-kpi"][1] != "pyodide" and built_wheel.name in " ".join(install["requests"])

    steps = {name: step for name, step in result.items()}
    failed = {name: step["error"] for name, step in steps.items() if not step["ok"]}
    assert failed == {}, "\n".join(f"--- {n}:\n{e}" for n, e in failed.items())
    env = steps["env"]["value"]
    assert (env["pyodide"], env["platform"], env["intp_bits"]) == (version, "emscripten", 32)
    assert env["threads"] is False and env["guard_threads"] is False  # the guard knew
    assert env["sqlite3_loaded"] is False

    # what the quick suite's emulation blocks is what this Pyodide cannot import
    assert sorted(steps["stdlib"]["value"]) == sorted(NOT_IN_PYODIDE)

    # the template's main.py imported, with nothing Pyodide ships separately
    imported = steps["import"]["value"]
    assert imported["has_refresh"]
    assert set(imported["modules"]).isdisjoint(NOT_IN_PYODIDE), imported["modules"]

    # xlwings' Lite registration finds every KPI function and the Refresh script
    meta = steps["meta"]["value"]
    assert meta["functions"] == sorted(entry.excel_name.upper() for entry in CATALOGUE.values())
    (script,) = meta["scripts"]
    assert script["function_name"] == "refresh_kpis"
    assert udfs.LITE_BUTTON in (script.get("button"), script.get("target_cell"))

    # KPI calls through xlwings' Lite call path give what the cells give on CPython
    calls = steps["calls"]["value"]
    expected = [_expected_call(func, args) for func, args in LITE_CALLS]
    assert _differences(calls, expected) == []
    assert {"type": "Error", "errorType": "Div0"} in [c[0][0] for c in calls]

    # the Refresh script on the stand-in cut to this xlwings: CPython's summary
    refresh = steps["refresh"]["value"]
    assert "FakeRange.borders" in refresh["cut"]  # the stand-in was cut to xlwings 0.33
    assert _differences(refresh["tables"], host["tables"]) == []
    assert _differences(refresh["summary"], host["summary"]) == []
    assert refresh["alerts"] == [] and refresh["charts"] == 0
    assert refresh["notes"][0][0] == "keep me"  # the user's sheet is untouched

    # the headless refresh of a new sample workbook: CPython's summary
    headless = steps["headless"]["value"]
    assert (headless["new"]["code"], headless["refresh"]["code"]) == (0, 0), headless
    assert _differences(headless["summary"], host["headless"]["summary"]) == []
    assert headless["sqlite"]["code"] != 0
    assert "sqlite3" in headless["sqlite"]["stderr"], headless["sqlite"]
