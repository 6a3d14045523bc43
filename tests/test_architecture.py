"""The package's shape: the layers of ARCHITECTURE.md, no import cycles, no hidden imports,
and a core that imports no Excel or file-format library."""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from xl_kpi.engine import Engine
from xl_kpi.problems import Problem

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "xl_kpi"
CORE = (
    "excelfacts", "i18n", "i18n_summary", "i18n_templates", "i18n_formulas", "i18n_notes",
    "i18n_errors", "i18n_commands", "i18n_sources", "i18n_reading", "problems", "inputs",
    "header_names", "schema", "statuses", "catalogue", "kpis", "formats", "cells", "tabs",
    "paste", "rows", "columns", "notes", "money", "channels", "report", "sample", "layout",
    "summary_sheet", "summary", "summary_tables", "summary_charts", "definitions", "engine",
    "progress",
)  # fmt: skip
EXCEL_LIBRARIES = ("xlwings", "openpyxl", "xlsxwriter", "fastexcel", "pyarrow", "defusedxml")

#: Project imports inside a function body, each with its reason. Nothing else may hide one.
LAZY_IMPORTS: dict[tuple[str, str], str] = {}


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The project modules an import statement names (as dotted names)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "xl_kpi"]
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    if node.level:
        base = package.split(".")
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    if target.split(".")[0] != "xl_kpi":
        return []
    named = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
    return named or [target]


def _imports(module: str, source: str | None = None) -> tuple[set[str], set[str]]:
    """(project modules imported when the module runs, those imported inside functions);
    imports only for type checkers (``if TYPE_CHECKING:``) never run and count in neither
    (:data:`TYPING` holds them: a cycle through them is still a cycle in the design)."""
    tree = ast.parse(source or MODULES[module].read_text(encoding="utf-8"))
    top: set[str] = set()
    inner: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                TYPING.setdefault(module, set()).update(
                    i for n in ast.walk(child) if isinstance(n, (ast.Import, ast.ImportFrom))
                    for i in _resolve(module, n)
                )  # fmt: skip
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                (inner if in_function else top).update(_resolve(module, child))
            funcs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            visit(child, in_function or isinstance(child, funcs))

    visit(tree, False)
    return top - {module}, inner - {module}


#: module -> the project modules it imports for type checkers only.
TYPING: dict[str, set[str]] = {}
IMPORTS = {m: _imports(m) for m in MODULES}


def _layers() -> dict[str, int]:
    """Top-level module -> layer number, from ARCHITECTURE.md's table."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text[text.index("<!-- layers:begin -->") : text.index("<!-- layers:end -->")]
    layers = {}
    for row in table.splitlines():
        found = re.match(r"\|\s*(\d+)[^|]*\|([^|]*)\|", row)
        if found:
            for name in re.findall(r"`([\w.]+)`", found.group(2)):
                layers[name] = int(found.group(1))
    return layers


LAYERS = _layers()


def _top(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_every_module_is_in_a_layer_of_the_design_note():
    missing = {_top(m) for m in MODULES if m != "xl_kpi"} - set(LAYERS)
    assert not missing, f"add these to ARCHITECTURE.md's layer table: {sorted(missing)}"
    stale = set(LAYERS) - {_top(m) for m in MODULES}
    assert not stale, f"ARCHITECTURE.md names modules that do not exist: {sorted(stale)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "xl_kpi"))
def test_imports_go_down_the_layers(module):
    layer = LAYERS[_top(module)]
    for imported in IMPORTS[module][0] | IMPORTS[module][1]:
        if imported == "xl_kpi":
            continue
        assert LAYERS[_top(imported)] <= layer, f"{module} (layer {layer}) imports {imported}"


def test_no_import_cycle():
    """No cycle among the imports, those for type checkers included (``rows`` naming
    ``tabs.Tab`` while ``tabs`` runs ``rows`` was one)."""
    graph = {m: {i for i in IMPORTS[m][0] | TYPING.get(m, set()) if i in MODULES} for m in MODULES}
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> None:
        if node in path:
            cycle = path[path.index(node) :] + [node]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if node in done:
            return
        for nxt in sorted(graph[node]):
            walk(nxt, [*path, node])
        done.add(node)

    for module in sorted(graph):
        walk(module, [])


def test_no_project_import_hides_in_a_function():
    hidden = {(m, i) for m, (_, inner) in IMPORTS.items() for i in inner}
    assert hidden <= set(LAZY_IMPORTS), f"move to the top of the module: {sorted(hidden)}"


def test_the_checks_see_imports():
    """The checks above would pass vacuously if the parser missed imports."""
    assert "xl_kpi.catalogue" in IMPORTS["xl_kpi.kpis.financial"][0]
    assert "xl_kpi.report.facts" in IMPORTS["xl_kpi.report"][0]
    assert "xl_kpi.files.save" in IMPORTS["xl_kpi.files.render"][0]
    assert LAYERS["cli"] > LAYERS["report"] > LAYERS["catalogue"] > LAYERS["inputs"]
    hidden = "import os\ndef f():\n    from .summary import build_summary\n    import xl_kpi.tabs\n"
    assert _imports("xl_kpi.udfs", hidden) == (set(), {"xl_kpi.summary", "xl_kpi.tabs"})


TESTS = ROOT / "tests"


def _test_files_imported(source: str) -> set[str]:
    """The test files (``test_*``) of ``tests/`` an import statement of ``source`` names:
    ``from .test_x import ...``, ``from tests.test_x import ...``, ``from . import test_x``,
    ``import tests.test_x``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            dotted = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 0 and base.split(".")[0] != "tests":
                continue
            base = base.removeprefix("tests").lstrip(".")
            dotted = [base] if base else []
            dotted += [f"{base}.{a.name}".lstrip(".") for a in node.names]
        else:
            continue
        for name in dotted:
            parts = name.split(".")
            parts = parts[1:] if parts[0] == "tests" else parts
            if parts and parts[0].startswith("test_"):
                found.add(parts[0])
    return found


def test_no_test_file_imports_another():
    """What tests share lives in helper modules (``pasting``, ``fake_books``, ``xlsx_parts``,
    ...): importing a test file runs its module again under another name, and pytest may
    collect its tests twice."""
    found = {
        path.name: imported
        for path in sorted(TESTS.rglob("test_*.py"))
        if (imported := _test_files_imported(path.read_text(encoding="utf-8")))
    }
    assert not found, f"move what these import into a helper module of tests/: {found}"


def test_the_test_import_check_sees_test_imports():
    """The check above would pass vacuously if it missed the imports it is there for."""
    source = (
        "from .test_a import x\nfrom tests.test_b import y\nfrom tests import test_c\n"
        "from . import test_d, pasting\nimport tests.test_e\nfrom .pasting import test_like\n"
        "from xl_kpi.test_f import z\nimport test_g\n"
    )
    assert _test_files_imported(source) == {
        "test_a",
        "test_b",
        "test_c",
        "test_d",
        "test_e",
        "test_g",
    }


#: The engines themselves: the only modules that may ask which engine is which.
ENGINE_MODULES = {
    "xl_kpi.engine",
    "xl_kpi.engine.base",
    "xl_kpi.engine.duck",
    "xl_kpi.engine.spark",
}


def _engine_probes(source: str) -> list[str]:
    """Where code asks an engine what it can do instead of calling what ``Engine`` declares:
    ``getattr``/``hasattr`` of a member ``Engine`` declares, a comparison of an engine's
    ``name``, or asking narwhals which backend holds a frame (``lf.implementation.is_…()``)."""
    declared = {n for n in vars(Engine) if not n.startswith("_")}
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in declared
        ):
            found.append(ast.unparse(node))
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("is_")
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "implementation"
        ):
            found.append(ast.unparse(node))
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            names = [s for s in sides if isinstance(s, ast.Attribute) and s.attr == "name"]
            if any("engine" in ast.unparse(s.value).lower() for s in names):
                found.append(ast.unparse(node))
    return found


def test_no_module_probes_an_engine():
    """What the pipeline asks of an engine is declared on ``engine.base.Engine`` and each
    engine implements it: no ``getattr(engine, ...)``, no ``engine.name == "pandas"``, no
    ``lf.implementation.is_pandas_like()`` outside the engines."""
    found = {
        m: probes
        for m, path in MODULES.items()
        if m not in ENGINE_MODULES and (probes := _engine_probes(path.read_text(encoding="utf-8")))
    }
    assert not found, f"declare these on engine.base.Engine instead: {found}"


def test_the_probe_check_sees_probes():
    """The check above would pass vacuously if it missed the probes it is there for."""
    probes = (
        "persist = getattr(engine, 'persist', None)\n"
        "watch = getattr(running, 'progress', None)\n"
        "if kind == 'money' and engine.name != 'pandas':\n    pass\n"
        "x = getattr(tab, 'lazy', None)\n"
        "y = getattr(spec, 'label', None)\n"
        "if lf.implementation.is_pandas_like():\n    pass\n"
    )
    assert len(_engine_probes(probes)) == 5


#: Exception classes of the package that are not a user's error, each with its reason.
NOT_PROBLEMS = {
    "xl_kpi.files._scan.Irregular": "a signal inside the scan: the sheet is walked tag by tag",
    "xl_kpi.files._scan._Wide": "a signal inside the scan: rows are compared exactly",
    "xl_kpi.files._scan.CellProblem": "the guard says it as UnsafeWorkbook, naming the file",
}


def test_every_error_a_user_can_meet_is_a_problem():
    """One base carries the key of an error's words and their fields; the command line says
    any of them in the user's language by ``isinstance`` (no traceback inspected)."""
    found = set()
    for module in MODULES:
        for value in vars(importlib.import_module(module)).values():
            if isinstance(value, type) and issubclass(value, BaseException):
                if value.__module__.startswith("xl_kpi") and value is not Problem:
                    found.add(value)
    named = {f"{c.__module__}.{c.__qualname__}": c for c in found}
    assert set(NOT_PROBLEMS) <= set(named), "NOT_PROBLEMS names a class that is not there"
    strays = sorted(n for n, c in named.items() if not issubclass(c, Problem))
    assert strays == sorted(NOT_PROBLEMS), f"derive these from problems.Problem: {strays}"
    assert len(named) > 20  # the check sees the package's errors


ENGINE_LIBRARIES = ("duckdb", "pyspark", "py4j", "adbc_driver_postgresql", "adbc_driver_manager")

#: One fresh interpreter for the import checks below (starting one is most of their cost):
#: with the Excel and engine libraries blocked, the core imports; blocking blocks; then,
#: with only the engines blocked, the Excel layer and the command line import, and a
#: workbook without sources is made and refreshed. Each step's outcome is printed.
_CHILD = """
import json, sys
core, excel, engines, book = json.loads(sys.argv[1])
found = {}
def attempt(step, action):
    try:
        found[step] = action()
    except BaseException as exc:
        found[step] = f"{type(exc).__name__}: {exc}"
for name in excel + engines:
    sys.modules[name] = None
attempt("core", lambda: [__import__(f"xl_kpi.{m}") for m in core] and 0)
attempt("udfs without Excel libraries", lambda: __import__("xl_kpi.udfs") and 0)
for name in excel:
    del sys.modules[name]
layer = ("xl_kpi.udfs", "xl_kpi.cli", "xl_kpi.sources")
attempt("layer", lambda: [__import__(m) for m in layer] and 0)
from xl_kpi.cli import main
new = ["new", book, "--sample", "--orders", "300"]
attempt("refresh", lambda: main(new) or main(["refresh", book]))
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def blocked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What each step of :data:`_CHILD` gave: 0 when it went through, else its error."""
    book = str(tmp_path_factory.mktemp("blocked") / "book.xlsx")
    given = json.dumps([CORE, EXCEL_LIBRARIES, ENGINE_LIBRARIES, book])
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, given], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_core_imports_without_any_excel_library(blocked):
    assert blocked["core"] == 0


def test_blocking_really_blocks(blocked):
    """The check above would pass vacuously if blocking a module did not stop its import."""
    error = str(blocked["udfs without Excel libraries"])
    assert error.startswith("ModuleNotFoundError: import of xlwings halted"), error


def test_excel_the_core_and_the_command_line_start_no_engine(blocked):
    """DuckDB, Spark and the PostgreSQL driver are imported only when a refresh uses them:
    xlwings Lite and a workbook without sources never need them."""
    assert blocked["core"] == 0 and blocked["layer"] == 0


def test_a_workbook_without_sources_refreshes_without_an_engine(blocked):
    assert blocked["refresh"] == 0
