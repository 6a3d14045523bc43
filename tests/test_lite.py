"""xl-kpi in xlwings Lite: the web extension as the add-in writes it, requirements that
resolve beside every xlwings the add-in pins, and the import as Pyodide would run it.

The facts about xlwings Lite and Pyodide these tests hold the package to are written here,
each with where it comes from (see also ``workbooks/README.md``):

* workbooks saved by the add-in itself (releases 1.0.0.0-11 and 1.0.0.0-18): the web
  extension part, its properties and their encoding, and the ``# required`` lines;
* the add-in's changelog: the xlwings version new workbooks pin, by release;
* Pyodide 0.27.5's package lock: the versions of the packages it ships.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import importlib
import inspect
import json
import re
import subprocess
import sys
import typing
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import xlwings
from defusedxml import ElementTree as SafeET
from micropip.package import PackageMetadata
from micropip.transaction import Transaction
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from xlwings.conversion import accessors

import xl_kpi
import xl_kpi.udfs as udfs
from tests import fake_xlwings
from tests.fake_books import pasted_book
from tests.lite_facts import (
    LITE_033_UNIMPLEMENTED,
    LITE_PINS,
    NOT_IN_PYODIDE,
    PYODIDE,
    PYODIDE_MARKERS,
)
from xl_kpi import excel
from xl_kpi.sample import sample_tables
from xl_kpi.summary import SHEET_NAMES, build_summary
from xl_kpi.templates.lite import (
    LITE_ADDIN_VERSION,
    LITE_PYODIDE_VERSION,
    LITE_XLWINGS,
    lite_files,
    property_value,
)

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = [
    ROOT / "workbooks" / "xl-kpi-lite.xlsx",
    ROOT / "workbooks" / "xl-kpi-lite-sample.xlsx",
]

NS = {
    "we": "http://schemas.microsoft.com/office/webextensions/webextension/2010/11",
    "wetp": "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def _required_lines(xlwings_pin: str) -> list[str]:
    """Lite's ``# required`` lines as the add-in writes them (two spaces before ``#``)."""
    return [
        f"xlwings=={xlwings_pin}  # required",
        "python-dotenv==1.1.1  # required",
        "pyodide-http  # required",
        "black  # required",
    ]


def _requirement(line: str) -> Requirement:
    return Requirement(line.split("#", 1)[0].strip())


def _metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return Parser().parsestr(archive.read(name).decode())


def _on_pyodide(wheel: Path) -> list[Requirement]:
    """The wheel's requirements that apply on Pyodide."""
    found = []
    for line in _metadata(wheel).get_all("Requires-Dist"):
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(
            {**PYODIDE_MARKERS, "extra": ""}
        ):
            found.append(requirement)
    return found


def _properties(path: Path) -> tuple[bytes, dict[str, str]]:
    """The raw web extension part of a workbook and its property values as stored."""
    with zipfile.ZipFile(path) as archive:
        data = archive.read("xl/webextensions/webextension1.xml")
    raw = dict(re.findall(r'<we:property name="([^"]+)" value="([^"]*)"/>', data.decode()))
    return data, raw


# ----------------------------------------------------------------------------- the part
def test_property_values_are_encoded_as_the_add_in_encodes_them():
    # What the add-in stores for such a text: a JSON string, characters as they are, "/"
    # escaped, then the XML attribute escapes.
    text = 'import a/b\nprint("é", 1 < 2 & 3 > 2)\t'
    expected = "&quot;import a\\/b\\nprint(\\&quot;é\\&quot;, 1 &lt; 2 &amp; 3 &gt; 2)\\t&quot;"
    assert property_value(text) == expected
    assert json.loads(html.unescape(property_value(text))) == text


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_webextension_has_the_structure_of_a_lite_saved_workbook(path):
    data, raw = _properties(path)
    root = SafeET.fromstring(data)
    assert root.tag == f"{{{NS['we']}}}webextension"
    assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", root.get("id"))
    children = [child.tag.split("}")[1] for child in root]
    assert children == ["reference", "alternateReferences", "properties", "bindings", "snapshot"]
    reference = root.find("we:reference", NS)
    assert (reference.get("id"), reference.get("version"), reference.get("storeType")) == (
        "wa200008175", "1.0.0.0", "OMEX")  # fmt: skip
    (alternate,) = root.findall("we:alternateReferences/we:reference", NS)
    assert alternate.get("id").lower() == "wa200008175"  # the add-in writes either case
    assert (alternate.get("store"), alternate.get("storeType")) == ("WA200008175", "OMEX")
    names = [p.get("name") for p in root.iterfind("we:properties/we:property", NS)]
    assert names == ["main.py", "pyodideVersion", "addinVersion", "requirements.txt"]
    for name, stored in raw.items():
        assert "\n" not in stored  # newlines are \n inside the JSON, never raw
        value = json.loads(html.unescape(stored))
        assert isinstance(value, str)
        assert property_value(value) == stored, name  # JSON, "/" escaped, XML-escaped
    values = {name: json.loads(html.unescape(stored)) for name, stored in raw.items()}
    assert re.fullmatch(r"\d+\.\d+\.\d+", values["pyodideVersion"])
    assert re.fullmatch(r"1\.0\.0\.0-\d+", values["addinVersion"])
    assert (values["pyodideVersion"], values["addinVersion"]) == ("0.27.5", "1.0.0.0-18")
    assert (LITE_PYODIDE_VERSION, LITE_ADDIN_VERSION) == ("0.27.5", "1.0.0.0-18")
    assert {name: values[name] for name in lite_files()} == lite_files()


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_taskpane_points_at_the_web_extension(path):
    with zipfile.ZipFile(path) as archive:
        package = SafeET.fromstring(archive.read("_rels/.rels"))
        panes = SafeET.fromstring(archive.read("xl/webextensions/taskpanes.xml"))
        rels = SafeET.fromstring(archive.read("xl/webextensions/_rels/taskpanes.xml.rels"))
    kinds = {rel.get("Type").rsplit("/", 1)[1]: rel.get("Target") for rel in package}
    assert kinds["webextensiontaskpanes"] == "xl/webextensions/taskpanes.xml"
    (pane,) = panes.findall("wetp:taskpane", NS)
    assert pane.get("dockstate") == "right" and pane.get("visibility") in ("0", "1")
    rid = pane.find("wetp:webextensionref", NS).get(f"{{{NS['r']}}}id")
    (rel,) = list(rels)
    assert (rel.get("Id"), rel.get("Target")) == (rid, "webextension1.xml")
    assert rel.get("Type").endswith("/relationships/webextension")


# ----------------------------------------------------------------------------- requirements
def test_requirements_are_lite_s_required_lines_then_this_version():
    lines = lite_files()["requirements.txt"].splitlines()
    assert lines[:4] == _required_lines("0.33.15") and LITE_XLWINGS == "0.33.15"
    assert lines[4:] == [f"xl-kpi=={xl_kpi.__version__}"]
    assert all(_requirement(line).name for line in lines)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_the_template_pins_the_version_the_package_is_built_with(path, built_wheel):
    _, raw = _properties(path)
    requirements = json.loads(html.unescape(raw["requirements.txt"])).splitlines()
    pins = [_requirement(line) for line in requirements if _requirement(line).name == "xl-kpi"]
    version = _metadata(built_wheel)["Version"]
    assert [str(pin.specifier) for pin in pins] == [f"=={version}"]
    assert version == xl_kpi.__version__


def test_the_version_is_written_in_one_place():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = pyproject.split("[project]", 1)[1].split("\n[", 1)[0]
    assert not re.search(r"^version\s*=", project, re.MULTILINE)
    assert re.search(r'^dynamic = \["version"\]', project, re.MULTILINE)
    assert 'version = {attr = "xl_kpi.__version__"}' in pyproject
    source = (ROOT / "xl_kpi" / "__init__.py").read_text(encoding="utf-8")
    assert re.findall(r'^__version__ = "([^"]+)"$', source, re.MULTILINE) == [xl_kpi.__version__]


def _conflicts(requirements: list[Requirement], installed: dict[str, str]) -> list[str]:
    """Requirements that the versions ``installed`` (by canonical name) do not satisfy."""
    return [
        f"{requirement} vs {name}=={installed[name]}"
        for requirement in requirements
        if (name := canonicalize_name(requirement.name)) in installed
        and not requirement.specifier.contains(installed[name], prereleases=True)
    ]


def _lite_environment(pin: str) -> dict[str, str]:
    """What a workbook pinning xlwings ``pin`` has before xl-kpi is installed."""
    pinned = {}
    for line in _required_lines(pin):
        requirement = _requirement(line)
        (spec,) = list(requirement.specifier) or [None]
        if spec is not None:
            pinned[canonicalize_name(requirement.name)] = spec.version
    return {**{name: version for name, (version, _) in PYODIDE.items()}, **pinned}


@pytest.mark.parametrize("pin", LITE_PINS)
def test_requirements_resolve_beside_lite_s_pins(pin, built_wheel):
    requirements = _on_pyodide(built_wheel)
    assert _conflicts(requirements, _lite_environment(pin)) == []
    assert SpecifierSet(_metadata(built_wheel)["Requires-Python"]).contains("3.12.7")
    names = {canonicalize_name(r.name) for r in requirements}
    assert "xlwings" in names and {"fastexcel", "pyarrow"}.isdisjoint(names)
    # the check itself: xl-kpi's former bound would not have resolved
    assert _conflicts([Requirement("xlwings>=0.37")], _lite_environment(pin))


def _wheel_requiring(wheel: Path, folder: Path, old: str, new: str) -> Path:
    """A copy of ``wheel`` whose metadata has requirement ``old`` replaced by ``new``."""
    copy = folder / wheel.name
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".dist-info/METADATA"):
                text = data.decode()
                assert f"Requires-Dist: {old}\n" in text
                data = text.replace(f"Requires-Dist: {old}\n", f"Requires-Dist: {new}\n").encode()
            target.writestr(info, data)
    return copy


def _micropip_install(wheel: Path, pin: str):
    """micropip's resolver (Pyodide's installer) run on ``wheel`` in a workbook whose
    requirements pin xlwings ``pin``: the pinned packages and Pyodide's are in place, and
    no package index is reachable (anything missing is reported as failed)."""

    transaction = Transaction(
        ctx={**PYODIDE_MARKERS}, ctx_extras=[], keep_going=True, deps=True, pre=False,
        fetch_kwargs={}, index_urls=[],
    )  # fmt: skip
    for name, version in _lite_environment(pin).items():
        transaction.locked[name] = PackageMetadata(name=name, version=version)
    asyncio.run(transaction.gather_requirements([wheel.as_uri()]))
    return transaction


@pytest.mark.parametrize("pin", LITE_PINS)
def test_micropip_installs_the_wheel_beside_lite_s_pins(pin, built_wheel):
    transaction = _micropip_install(built_wheel, pin)
    assert transaction.failed == []
    assert [canonicalize_name(wheel.name) for wheel in transaction.wheels] == ["xl-kpi"]
    assert transaction.locked["xlwings"].version == pin


def test_micropip_refuses_a_wheel_that_requires_a_newer_xlwings(built_wheel, tmp_path):
    old = 'xlwings>=0.33.11; sys_platform == "emscripten"'
    wheel = _wheel_requiring(built_wheel, tmp_path, old, "xlwings>=0.37")
    with pytest.raises(ValueError, match=r"xlwings==0\.33\.15 is already installed"):
        _micropip_install(wheel, "0.33.15")


# ----------------------------------------------------------------------------- the import
#: Imported names of the packages xl-kpi's Pyodide requirements bring that are pure Python
#: (installed from PyPI by micropip); checked against the installed wheels below.
PURE = ("xlwings", "openpyxl", "et_xmlfile", "xlsxwriter", "defusedxml", "narwhals")
_IMPORT_CHECK = """
import importlib, importlib.abc, json, sys
absent = set(json.loads(sys.argv[2]))  # stdlib modules Pyodide cannot import as it starts
allowed = (set(sys.stdlib_module_names) - absent) | set(json.loads(sys.argv[1]))
blocked = []

class NotInPyodide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in allowed or (top.startswith("_") and top not in absent):
            return None
        blocked.append(top)
        raise ModuleNotFoundError(f"No module named {name!r} in Pyodide")

sys.meta_path.insert(0, NotInPyodide())
control = []
for name in ("fastexcel", "sqlite3"):  # both here; the blocker must stop both
    try:
        importlib.import_module(name)
        control.append("imported")
    except ImportError:
        control.append("blocked")
namespace = {}
exec("from xl_kpi.udfs import *", namespace)
import xlwings, pandas
imported = [name for name, module in sys.modules.items() if getattr(module, "__spec__", None)]
loaded = sorted({name.partition(".")[0] for name in imported} - set(sys.stdlib_module_names))
print(json.dumps({
    "control": control, "blocked": sorted(set(blocked)), "loaded": loaded,
    "names": sorted(n for n in namespace if not n.startswith("__")),
    "romi": namespace["ROMI"]([[2000000.0], [None]], 500000.0),
    "blank": namespace["CAC"]([[None]], [[None]], None),
    "xlwings": xlwings.__version__, "pandas": pandas.__version__,
}))
"""


def _import_as_in_pyodide(python: str | Path, cwd: Path) -> dict:
    allowed = ["xl_kpi", *PURE, *(module for _, module in PYODIDE.values())]
    done = subprocess.run(
        [str(python), "-c", _IMPORT_CHECK, json.dumps(allowed), json.dumps(NOT_IN_PYODIDE)],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout)
    assert found["control"] == ["blocked", "blocked"]
    assert set(found["loaded"]) <= {"xl_kpi", *PURE, *(m for _, m in PYODIDE.values())} | {
        m for m in found["loaded"] if m.startswith("_")
    }, found["loaded"]
    assert {"fastexcel", "pyarrow"}.isdisjoint(found["loaded"])
    assert "ROMI" in found["names"] and "refresh_kpis" in found["names"]
    assert (found["romi"], found["blank"]) == (3.0, "#DIV/0!")
    return found


def test_the_udf_module_imports_with_only_what_pyodide_has():
    """Every package outside Pyodide's distribution and the pure wheels is unimportable
    (pandas looks for pyarrow and others itself; blocking them is the test), and so is every
    standard-library module Pyodide ships separately or leaves out (``sqlite3``, ``ssl``...)."""
    found = _import_as_in_pyodide(sys.executable, ROOT)
    assert "fastexcel" in found["blocked"]


def test_a_sqlite_source_without_sqlite3_says_so(tmp_path, monkeypatch, capsys):
    """Where ``sqlite3`` cannot be imported (Pyodide until it is loaded), a SQLite source
    stops with a message naming it; the rest of the package imported without it."""
    from xl_kpi import cli

    book = tmp_path / "sample.xlsx"
    assert cli.main(["new", "--sample", "--orders", "60", str(book)]) == 0
    monkeypatch.setitem(sys.modules, "sqlite3", None)  # import sqlite3 raises ImportError
    (tmp_path / "shop.db").write_bytes(b"")
    args = ["refresh", str(book), "--engine", "pandas", "--source", "orders=sqlite:///shop.db"]
    assert cli.main(args) != 0
    error = capsys.readouterr().err
    assert "source Orders (sqlite:///shop.db)" in error
    assert "SQLite sources need Python's sqlite3 module" in error
    assert cli.main(["--lang", "ru", *args]) != 0
    assert "нужен модуль Python sqlite3" in capsys.readouterr().err


@pytest.fixture(scope="module")
def lite_env(built_wheel, tmp_path_factory) -> Path:
    """A throw-away environment as a Lite workbook gets it: xlwings pinned by Lite (its pure
    wheel, the one micropip installs), Pyodide 0.27.5's versions of numpy and pandas, the
    pure requirements, and xl-kpi's wheel. Skipped only where the package index cannot be
    reached."""
    folder = tmp_path_factory.mktemp("lite-env")
    wheels = folder / "wheels"
    fetched = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
         "--platform", "any", f"xlwings=={LITE_XLWINGS}", "-d", str(wheels)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if fetched.returncode != 0:
        if re.search(
            r"connection|resolution|network|unreachable|timed? ?out", fetched.stderr, re.I
        ):
            pytest.skip(f"the package index cannot be reached: {fetched.stderr.strip()[-300:]}")
        pytest.fail(fetched.stderr[-2000:])
    (xlwings_wheel,) = wheels.glob("xlwings-*-py3-none-any.whl")
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True, timeout=300)
    python = folder / "venv" / "bin" / "python"
    others = [
        str(r) for r in _on_pyodide(built_wheel) if canonicalize_name(r.name) != "xlwings"
    ] + [f"{name}=={version}" for name, (version, _) in PYODIDE.items()]
    for args in ([str(xlwings_wheel), *others], ["--no-deps", str(built_wheel)]):
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
            capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
    return python


def test_the_udf_module_imports_with_lite_s_xlwings(lite_env, tmp_path):
    found = _import_as_in_pyodide(lite_env, tmp_path)  # not the sources: the wheel
    assert (found["xlwings"], found["pandas"]) == (LITE_XLWINGS, PYODIDE["pandas"][0])


def test_what_pyodide_does_not_ship_installs_from_pure_wheels(lite_env, built_wheel):
    names = [canonicalize_name(r.name) for r in _on_pyodide(built_wheel)]
    outside = [name for name in names if name not in PYODIDE]
    code = (
        "import importlib.metadata as m, json, sys\n"
        "seen = {}\n"
        "for name in json.loads(sys.argv[1]):\n"
        "    seen[name] = m.distribution(name).read_text('WHEEL')\n"
        "print(json.dumps(seen))\n"
    )
    done = subprocess.run(
        [str(lite_env), "-c", code, json.dumps(outside)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for name, wheel in json.loads(done.stdout).items():
        info = Parser().parsestr(wheel)
        assert info["Root-Is-Purelib"].strip().lower() == "true", name
        assert all(tag.endswith("-none-any") for tag in info.get_all("Tag")), name
    assert {"xlwings", "openpyxl", "xlsxwriter", "defusedxml"} <= set(outside)


# ----------------------------------------------------------------------------- the refresh
def _lite_api(python: Path) -> dict[str, list[str] | None]:
    """The public names of each real xlwings class the stand-in mirrors, in ``python``'s
    xlwings (None where the class does not exist there)."""

    mirrored = sorted({cls._mirrors for cls in _fakes(fake_xlwings)})
    code = (
        "import importlib, json, sys\n"
        "found = {}\n"
        "for dotted in json.loads(sys.argv[1]):\n"
        "    module, _, name = dotted.rpartition('.')\n"
        "    cls = getattr(importlib.import_module(module), name, None)\n"
        "    found[dotted] = None if cls is None else dir(cls)\n"
        "print(json.dumps(found))\n"
    )
    done = subprocess.run(
        [str(python), "-c", code, json.dumps(mirrored)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _fakes(module) -> list[type]:
    return [
        cls
        for cls in vars(module).values()
        if isinstance(cls, type) and issubclass(cls, module._Mirror) and cls._mirrors
    ]


class _Absent:
    """An attribute the real class does not have: reads and writes fail as on it."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type | None = None):
        raise AttributeError(self.name)

    def __set__(self, obj: object, value: object) -> None:
        raise AttributeError(self.name)


def _summary_values(book, sheet_name: str) -> list[list[object]]:
    return book.sheets[sheet_name].used_range.options(ndim=2).value


def test_the_refresh_degrades_with_lite_s_xlwings(lite_env, monkeypatch):
    """The Refresh on the stand-in cut down to xlwings 0.33.x as xlwings Lite runs it: the
    classes offer only what that xlwings's classes have, and the engine raises
    NotImplementedError where that version's engine does. The summary's values are the
    same as with the full API; only charts and cosmetics are missing."""

    api = _lite_api(lite_env)
    tables = sample_tables(orders=300, seed=5)

    when = dt.datetime(2026, 1, 31, 9, 0)  # both refreshes say the same time, whatever the clock

    def refresh(app):
        book = pasted_book(tables, app)
        excel.refresh_book(
            book, lambda raw: build_summary(raw, refreshed=when)[1], lambda n: n != "My notes"
        )
        return book

    full = refresh(fake_xlwings.FakeApp(engine="remote"))
    cut = []
    for cls in _fakes(fake_xlwings):
        real = api[cls._mirrors]
        public = [n for n in dir(cls) if not n.startswith(("_", "fake_"))]
        absent = public if real is None else [n for n in public if n not in real]
        if absent:
            cut += [f"{cls.__name__}.{n}" for n in absent]
            monkeypatch.setattr(
                fake_xlwings,
                cls.__name__,
                type(cls.__name__, (cls,), {n: _Absent() for n in absent}),
            )
    assert "FakeChart.title" in cut and "FakeRange.borders" in cut  # 0.37-only API is cut
    lite = refresh(fake_xlwings.FakeApp(engine="remote", unimplemented=LITE_033_UNIMPLEMENTED))
    summary = SHEET_NAMES["en"]
    assert _summary_values(lite, summary) == _summary_values(full, summary)
    assert lite.app.fake_alerts == []
    assert full.sheets[summary]._charts and not lite.sheets[summary]._charts
    assert lite.sheets["My notes"].range("A1").value == "keep me"


def test_lite_s_xlwings_leaves_those_operations_unimplemented(lite_env):
    """The operations the test above takes as unimplemented raise NotImplementedError in
    that xlwings's base classes, which an engine falls back to where it has no own."""
    code = (
        "import sys, xlwings.base_classes as b\n"
        "checks = {\n"
        "    'charts': lambda: b.Sheet.charts.fget(None),\n"
        "    'column_width': lambda: b.Range.column_width.fset(None, 1),\n"
        "    'row_height': lambda: b.Range.row_height.fset(None, 1),\n"
        "    'wrap_text': lambda: b.Range.wrap_text.fset(None, True),\n"
        "    'screen_updating': lambda: b.App.screen_updating.fset(None, False),\n"
        "}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        checks[name]()\n"
        "    except NotImplementedError:\n"
        "        continue\n"
        "    raise SystemExit(name + ' is implemented')\n"
    )
    done = subprocess.run(
        [str(lite_env), "-c", code, *LITE_033_UNIMPLEMENTED], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout


# ----------------------------------------------------------------------------- xlwings' rules
def test_udfs_have_no_result_converter_xlwings_cannot_find():
    """xlwings takes a function's return annotation as its result converter; a union has
    none (``float | str`` made every KPI cell an error)."""

    for name in udfs.__all__:
        hint = typing.get_type_hints(getattr(udfs, name)).get("return")
        if name != "refresh_kpis":
            assert hint is None or hint in accessors, (name, hint)


def test_refresh_script_takes_the_book_as_lite_passes_it():
    """xlwings Lite's script runner (xlwings 0.33.x) passes the workbook to the parameter
    annotated with the ``xlwings.Book`` class itself (not a string, not an Optional)."""

    parameters = inspect.signature(udfs.refresh_kpis).parameters
    assert list(parameters) == ["book"]
    assert parameters["book"].annotation is xlwings.Book
    assert parameters["book"].default is None  # classic xlwings calls it without one


def test_the_button_binds_with_an_xlwings_that_calls_it_target_cell(monkeypatch):
    """xlwings before 0.33.14 (pinned by older Lite workbooks) has no ``button`` argument."""

    bound = {}

    def script(f=None, target_cell=None, config=None, required_roles=None):  # 0.33.11's
        def inner(func):
            bound[func.__name__] = target_cell
            return func

        return inner if f is None else inner(f)

    monkeypatch.setattr(xlwings, "script", script, raising=False)
    try:
        importlib.reload(udfs)
        assert bound == {"refresh_kpis": udfs.LITE_BUTTON}
        monkeypatch.delattr(xlwings, "script")
        monkeypatch.setattr(
            xlwings, "sub", lambda f=None, **kw: lambda g: bound.update(sub=kw) or g
        )
        importlib.reload(udfs)
        assert bound["sub"] == {"button": udfs.LITE_BUTTON}
    finally:
        monkeypatch.undo()
        importlib.reload(udfs)
    assert callable(udfs.refresh_kpis)
