"""The ready workbooks of ``workbooks/``: built by code, equal to a fresh build, and each
carrying what its Excel needs (classic xlwings, xlwings Lite, or none), checked against
xlwings' own code, LibreOffice and the headless refresh."""

from __future__ import annotations

import ast
import html
import importlib
import json
import math
import re
import shutil
import zipfile
from email.parser import Parser
from pathlib import Path

import fastexcel
import openpyxl
import pytest
import xlwings
from defusedxml import ElementTree as SafeET
from packaging.markers import Marker
from packaging.requirements import Requirement

import xl_kpi
import xl_kpi.udfs
from tests.classic_udfs import vba_module
from xl_kpi.catalogue import CATALOGUE
from xl_kpi.cli import main
from xl_kpi.files.flavor import LITE_ADDIN_ID, detect_flavor
from xl_kpi.headless import report_workbook
from xl_kpi.report import TOTAL
from xl_kpi.summary import REFRESH_SHAPE
from xl_kpi.templates import BUILT, TEMPLATE_NAMES, build_all, build_template
from xl_kpi.templates.lite import UDF_MODULE, lite_files
from xl_kpi.templates.start import BLANK_ROWS, CONFIG_SHEET

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = ROOT / "workbooks"
NAMES = {flavor: [n for (f, _), n in TEMPLATE_NAMES.items() if f == flavor] for flavor in
         ("classic", "lite", "plain")}  # fmt: skip
ALL = list(TEMPLATE_NAMES.values())
SAMPLES = [n for (_, sample), n in TEMPLATE_NAMES.items() if sample]
RAW_TABS = ("Orders", "Leads", "Spend", "Traffic", "Social", "Brand")
NS = {
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "we": "http://schemas.microsoft.com/office/webextensions/webextension/2010/11",
    "wetp": "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11",
}


class _Templates:
    """The six templates, each freshly built the first time a test asks for it (so that a
    template that cannot be built fails its own tests only)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.flavors = {name: key for key, name in TEMPLATE_NAMES.items()}
        self.paths: dict[str, Path] = {}

    def __getitem__(self, name: str) -> Path:
        if name not in self.paths:
            flavor, sample = self.flavors[name]
            self.paths[name] = build_template(self.folder / name, flavor, sample=sample)
        return self.paths[name]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> _Templates:
    """The six templates, built once for the session."""
    return _Templates(tmp_path_factory.mktemp("templates"))


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _summary_parts(path: Path) -> tuple[str, str]:
    """(sheet name, worksheet part) of the summary, found by its hidden marker name."""
    with zipfile.ZipFile(path) as archive:
        book = SafeET.fromstring(archive.read("xl/workbook.xml"))
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    main_ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    marker = next(n for n in book.iter(f"{main_ns}definedName") if n.get("name") == "xlkpi_summary")
    sheet = list(book.iter(f"{main_ns}sheet"))[int(marker.get("localSheetId"))]
    rid = sheet.get(f"{{{NS['r']}}}id")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return sheet.get("name"), "xl/" + target.lstrip("/").removeprefix("xl/")


def _rels(members: dict[str, bytes], part: str) -> dict[str, str]:
    folder, name = part.rsplit("/", 1)
    data = members.get(f"{folder}/_rels/{name}.rels")
    return {} if data is None else {r.get("Id"): r.get("Target") for r in SafeET.fromstring(data)}


def _button(path: Path) -> tuple[object, dict[str, str]] | None:
    """The Refresh button's shape on the summary (or None) and its drawing's relationships."""
    members = _members(path)
    _, sheet = _summary_parts(path)
    drawings = [t for t in _rels(members, sheet).values() if "drawings/" in t]
    for target in drawings:
        part = "xl/drawings/" + target.rsplit("/", 1)[1]
        for shape in SafeET.fromstring(members[part]).iter(f"{{{NS['xdr']}}}sp"):
            props = shape.find("xdr:nvSpPr/xdr:cNvPr", NS)
            if props is not None and props.get("name") == REFRESH_SHAPE:
                return shape, _rels(members, part)
    return None


# ----------------------------------------------------------------------------- the files
@pytest.mark.parametrize("name", ALL)
def test_committed_template_equals_a_fresh_build(name, built):
    committed = WORKBOOKS / name
    assert committed.is_file(), f"{name} is missing: python -m xl_kpi.templates workbooks"
    fresh, stored = _members(built[name]), _members(committed)
    assert list(stored) == list(fresh), "rebuild: python -m xl_kpi.templates workbooks"
    stale = [member for member in fresh if fresh[member] != stored[member]]
    assert not stale, f"stale parts {stale}: python -m xl_kpi.templates workbooks"


def test_build_all_builds_the_published_six(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "xl_kpi.templates.build_template",
        lambda path, flavor, **kw: calls.append((path.name, flavor, kw)) or path,
    )
    assert [p.name for p in build_all(tmp_path / "new")] == ALL
    assert [(f, kw["sample"]) for _, f, kw in calls] == list(TEMPLATE_NAMES)
    assert all(kw["overwrite"] for _, _, kw in calls)


def test_a_build_is_the_same_every_time(tmp_path, built):
    again = build_template(tmp_path / "again.xlsx", "plain")
    assert _members(again) == _members(built["xl-kpi-plain.xlsx"])
    with zipfile.ZipFile(again) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert f"{BUILT:%Y-%m-%dT%H:%M:%S}Z" in core


@pytest.mark.parametrize("name", ALL)
def test_sheets_raw_tabs_and_their_notes(name, built):
    book = openpyxl.load_workbook(built[name], read_only=True)  # row 1 is all it needs
    classic_sheets = [CONFIG_SHEET] if name.endswith(".xlsm") else []
    expected = ["Start", *RAW_TABS, "Targets", "Settings", *classic_sheets, "KPI Summary"]
    assert book.sheetnames == expected
    assert book.active.title == "Start"
    for tab in (*RAW_TABS, "Targets", "Settings"):
        cells = next(book[tab].iter_rows(min_row=1, max_row=1))
        row = [c.value for c in cells] + [None]
        headers = row[: row.index(None)]
        assert headers and all(headers)
        note = cells[len(headers) + 1]  # one blank column between
        assert row[len(headers)] is None and note.value.startswith("←")
        assert note.font.i and note.font.color.rgb.endswith("808080")
        assert "/" in note.value and re.search("[а-я]", note.value)  # English and Russian


@pytest.mark.parametrize("name", ALL)
def test_check_reads_every_row_and_has_no_notes(name, built, capsys):
    assert main(["check", str(built[name])]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8 and all(line.endswith(", 0 skipped") for line in lines), lines
    if name in SAMPLES:
        assert all(" 0 rows read" not in line for line in lines)


@pytest.mark.parametrize("name", ALL)
def test_libreoffice_opens_it_and_reads_the_summary(name, built, libreoffice, tmp_path):
    book = Path(shutil.copy(built[name], tmp_path / name))
    sheets = libreoffice.sheets(book)
    summary = sheets["KPI Summary"]
    assert summary[0][0] == "KPI Summary"
    assert sheets["Start"][0][0].startswith("xl-kpi")
    if name not in SAMPLES:
        return
    top = next(i for i, row in enumerate(summary) if row and row[0] == "KPI")
    header = summary[top]
    revenue = next(row for row in summary[top:] if row and row[0] == "Revenue")  # not a tile
    expected = next(
        r.value
        for r in report_workbook(book).records
        if r.kpi == "REVENUE" and r.period == TOTAL and r.channel is None
    )
    assert float(revenue[header.index("Total")]) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("name", ALL)
def test_refresh_changes_only_the_summary(name, built, tmp_path, capsys):
    book = Path(shutil.copy(built[name], tmp_path / name))
    before = _members(book)
    _, sheet = _summary_parts(book)
    assert main(["refresh", str(book)]) == 0
    after = _members(book)
    assert _summary_parts(book) == ("KPI Summary", sheet)  # replaced in place
    own = {sheet, sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"}
    may_change = ("xl/drawings/", "xl/charts/", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                  "[Content_Types].xml", "xl/styles.xml")  # fmt: skip
    changed = {m for m in before.keys() | after.keys() if before.get(m) != after.get(m)}
    assert {m for m in changed if m not in own and not m.startswith(may_change)} == set()
    assert after[sheet] != before[sheet]  # the refresh time
    assert before["_rels/.rels"] == after["_rels/.rels"]
    assert detect_flavor(book) == detect_flavor(built[name])
    if name.endswith(".xlsm"):
        assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    for part in (m for m in before if m.startswith("xl/webextensions/")):
        assert after[part] == before[part], part
    assert (_button(book) is None) == name.startswith("xl-kpi-plain")


# ----------------------------------------------------------------------------- start sheet
def _columns(path: Path, tab: str, *headers: str) -> list[tuple[str, list[object]]]:
    """The letter and the cached values below the header of columns of a tab (read with
    fastexcel: openpyxl takes a second for a sample's year of rows)."""
    table = fastexcel.read_excel(path).load_sheet_by_name(tab).to_arrow()
    found = []
    for header in headers:
        j = table.column_names.index(header)
        found.append((openpyxl.utils.get_column_letter(j + 1), table.column(j).to_pylist()))
    return found


def _expected_examples(path: Path, sample: bool) -> dict[str, tuple[str, object]]:
    """KPI -> (the formula with exact ranges, the value xl_kpi computes over the data)."""
    (revenue,) = _columns(path, "Orders", "revenue")
    spend, clicks, impressions = _columns(path, "Spend", "spend", "clicks", "impressions")

    def ref(sheet: str, column: tuple[str, list[object]]) -> str:
        last = len(column[1]) + 1 if sample else BLANK_ROWS
        return f"{sheet}!{column[0]}2:{column[0]}{last}"

    def cells(column: tuple[str, list[object]]) -> list[list[object]]:
        return [[v] for v in column[1]] or [[None]]

    calls = {
        "REVENUE": [("Orders", revenue)],
        "AOV": [("Orders", revenue)],
        "ROMI": [("Orders", revenue), ("Spend", spend)],
        "CPC": [("Spend", spend), ("Spend", clicks)],
        "CTR": [("Spend", clicks), ("Spend", impressions)],
    }
    return {
        kpi: (
            f"={kpi}({','.join(ref(s, c) for s, c in args)})",
            getattr(xl_kpi.udfs, kpi)(*(cells(c) for _, c in args)),
        )
        for kpi, args in calls.items()
    }


def _example_rows(
    path: Path, data_only: bool, start: str = "Start"
) -> dict[str, tuple[object, object]]:
    """KPI -> (the formula text in column B, column C) of the Start sheet's examples."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        cells = list(book[start].iter_rows(min_col=2, max_col=3, values_only=True))
    finally:
        book.close()
    rows = {}
    for text, result in cells:
        if isinstance(text, str) and (found := re.fullmatch(r"=([A-Z_]+)\(.*\)", text)):
            rows[found.group(1)] = (text, result)
    return rows


@pytest.mark.parametrize("name", [*NAMES["classic"], *NAMES["lite"]])
def test_example_formulas_are_real_with_the_value_cached(name, built):
    path = built[name]
    expected = _expected_examples(path, sample=name in SAMPLES)
    formulas, cached = _example_rows(path, False), _example_rows(path, True)
    assert set(formulas) == set(expected)
    for kpi, (formula, value) in expected.items():
        text, cell = formulas[kpi]
        assert cell == formula and text.replace(", ", ",") == formula
        if isinstance(value, str):
            assert value == cached[kpi][1] == "#DIV/0!"  # a cached error, as Excel shows it
        else:
            assert cached[kpi][1] == pytest.approx(value, rel=1e-12)
    if name in SAMPLES:
        assert all(isinstance(v, float) and math.isfinite(v) for _, v in expected.values())


@pytest.mark.parametrize("name", NAMES["plain"])
def test_plain_examples_show_the_formula_as_text_beside_its_value(name, built):
    path = built[name]
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    expected = _expected_examples(path, sample=name in SAMPLES)
    shown = _example_rows(path, False)
    for kpi, (formula, value) in expected.items():
        text, result = shown[kpi]
        assert text.replace(", ", ",") == formula
        assert result == (value if isinstance(value, str) else pytest.approx(value, rel=1e-12))


# ----------------------------------------------------------------------------- classic
def _quickstart_vba() -> bytes:
    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart.xlsm") as archive:
        return archive.read("xl/vbaProject.bin")


@pytest.mark.parametrize("name", NAMES["classic"])
def test_classic_carries_xlwings_quickstart_vba_project(name, built):
    members = _members(built[name])
    assert members["xl/vbaProject.bin"] == _quickstart_vba()
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in members["[Content_Types].xml"]
    assert b'codeName="ThisWorkbook"' in members["xl/workbook.xml"]
    assert detect_flavor(built[name]) == "classic"


@pytest.mark.parametrize("name", NAMES["classic"])
def test_classic_button_runs_a_macro_that_import_functions_generates(name, built, classic):
    found = _button(built[name])
    assert found is not None
    macro = found[0].get("macro")
    assert macro.startswith("[0]!")
    vba = vba_module(classic, name)
    subs = re.findall(r"^Sub (\w+)\(", vba, re.MULTILINE)
    assert macro.removeprefix("[0]!") in subs


@pytest.mark.parametrize("name", NAMES["classic"])
def test_classic_config_sheet_sets_the_udf_module_where_xlwings_reads_it(name, built):
    sheet = openpyxl.load_workbook(built[name], read_only=True)[CONFIG_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows(max_row=2, max_col=2)]
    assert rows[0] == ["UDF Modules", UDF_MODULE]
    assert rows[1][0] is None  # xlwings reads from A1 down to the first blank row
    importlib.import_module(UDF_MODULE)
    # The add-in (VBA) and xlwings (Python) read the sheet "xlwings.conf"; the quickstart's
    # "_xlwings.conf" is only a template for it.
    addin = Path(xlwings.__file__).parent / "addin"
    main_bas = (addin / "Main.bas").read_text(errors="replace")
    config_bas = (addin / "Config.bas").read_text(errors="replace")
    assert re.search(r'PROJECT_NAME As String = "xlwings"', main_bas)
    assert 'Sheets(PROJECT_NAME & ".conf")' in config_bas
    assert f'GetConfig("{"UDF Modules".upper()}")' in main_bas
    assert CONFIG_SHEET == "xlwings.conf"
    source = Path(xlwings.__file__).with_name("utils.py").read_text()
    assert f'book.sheets["{CONFIG_SHEET}"]["A1:B1"]' in source


# ----------------------------------------------------------------------------- lite
def _webextension(path: Path) -> tuple[bytes, object]:
    data = _members(path)["xl/webextensions/webextension1.xml"]
    return data, SafeET.fromstring(data)


@pytest.mark.parametrize("name", NAMES["lite"])
def test_lite_carries_main_py_and_requirements_where_xlwings_lite_reads_them(name, built):
    data, root = _webextension(built[name])
    assert root.tag == f"{{{NS['we']}}}webextension"
    assert re.fullmatch(r"\{[0-9A-F-]{36}\}", root.get("id"))
    reference = root.find("we:reference", NS)
    assert (reference.get("id"), reference.get("store"), reference.get("storeType")) == (
        LITE_ADDIN_ID, "en-US", "OMEX")  # fmt: skip
    alternate = root.find("we:alternateReferences/we:reference", NS)
    assert alternate.get("id") == alternate.get("store") == LITE_ADDIN_ID.upper()
    values = {p.get("name"): p.get("value") for p in root.iterfind("we:properties/we:property", NS)}
    assert list(values) == ["main.py", "pyodideVersion", "addinVersion", "requirements.txt"]
    body = data.decode().split("\n", 1)[1]
    assert "\n" not in body  # newlines are \n inside the JSON, never raw in an attribute
    raw = dict(re.findall(r'<we:property name="([^"]+)" value="([^"]*)"/>', body))
    files = {}
    for file, value in values.items():
        assert json.loads(html.unescape(raw[file])) == json.loads(value)
        files[file] = json.loads(value)
    assert {name: files[name] for name in lite_files()} == lite_files()
    assert detect_flavor(built[name]) == "lite"


def test_lite_main_py_imports_only_what_exists():
    code = lite_files()["main.py"]
    tree = ast.parse(compile(code, "main.py", "exec", ast.PyCF_ONLY_AST))
    assert ast.get_docstring(tree)
    imports = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert imports
    for node in imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                importlib.import_module(alias.name)
            continue
        module = importlib.import_module(node.module)
        for alias in node.names:
            if alias.name == "*":
                assert module.__all__
                assert all(hasattr(module, n) for n in module.__all__)
            else:
                assert hasattr(module, alias.name)
    namespace: dict[str, object] = {}
    exec(compile(code, "main.py", "exec"), namespace)
    assert {e.excel_name for e in CATALOGUE.values()} | {"refresh_kpis"} <= set(namespace)


@pytest.mark.parametrize("name", NAMES["lite"])
def test_lite_button_is_bound_where_the_refresh_script_says(name, built):
    shape, rels = _button(built[name])
    found = re.fullmatch(r"\[(.+)\](.+)", xl_kpi.udfs.LITE_BUTTON)
    assert found, xl_kpi.udfs.LITE_BUTTON
    shape_name, target = found.groups()
    assert shape.find("xdr:nvSpPr/xdr:cNvPr", NS).get("name") == shape_name
    link = shape.find("xdr:nvSpPr/xdr:cNvPr/a:hlinkClick", NS)
    assert rels[link.get(f"{{{NS['r']}}}id")] == f"#{target}"
    assert shape.get("macro") == ""


@pytest.mark.parametrize("name", NAMES["lite"])
def test_lite_parts_are_registered(name, built):
    members = _members(built[name])
    types = SafeET.fromstring(members["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iterfind("ct:Override", NS)}
    assert overrides["/xl/webextensions/taskpanes.xml"] == (
        "application/vnd.ms-office.webextensiontaskpanes+xml"
    )
    assert overrides["/xl/webextensions/webextension1.xml"] == (
        "application/vnd.ms-office.webextension+xml"
    )
    package = {r.get("Type"): r.get("Target") for r in SafeET.fromstring(members["_rels/.rels"])}
    ids = [r.get("Id") for r in SafeET.fromstring(members["_rels/.rels"])]
    assert len(ids) == len(set(ids))
    assert package["http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"] \
        == "xl/webextensions/taskpanes.xml"  # fmt: skip
    panes = SafeET.fromstring(members["xl/webextensions/taskpanes.xml"])
    pane = panes.find("wetp:taskpane", NS)
    assert pane.get("visibility") == "1" and pane.get("dockstate") == "right"
    ref = pane.find("wetp:webextensionref", NS).get(f"{{{NS['r']}}}id")
    rels = SafeET.fromstring(members["xl/webextensions/_rels/taskpanes.xml.rels"])
    (rel,) = list(rels)
    assert rel.get("Id") == ref and rel.get("Target") == "webextension1.xml"
    assert rel.get("Type") == "http://schemas.microsoft.com/office/2011/relationships/webextension"


def test_the_wheel_is_pure_python_and_leaves_fastexcel_and_pyarrow_out_on_pyodide(built_wheel):
    assert built_wheel.name == f"xl_kpi-{xl_kpi.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(built_wheel) as archive:
        info = f"xl_kpi-{xl_kpi.__version__}.dist-info"
        tags = Parser().parsestr(archive.read(f"{info}/WHEEL").decode()).get_all("Tag")
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
    assert tags == ["py3-none-any"]
    pyodide = {"sys_platform": "emscripten", "platform_system": "Emscripten", "extra": ""}
    needed = set()
    for line in metadata.get_all("Requires-Dist"):
        requirement = Requirement(line)
        marker: Marker | None = requirement.marker
        if marker is None or marker.evaluate(pyodide):
            needed.add(requirement.name.lower())
    assert {"fastexcel", "pyarrow", "isal"}.isdisjoint(needed)
    assert {"numpy", "pandas", "xlwings", "openpyxl", "xlsxwriter", "defusedxml"} <= needed


# ----------------------------------------------------------------------------- plain
@pytest.mark.parametrize("name", NAMES["plain"])
def test_plain_has_no_macros_no_add_in_and_no_button(name, built):
    members = _members(built[name])
    assert "xl/vbaProject.bin" not in members
    assert not [m for m in members if m.startswith("xl/webextensions/")]
    assert b"macroEnabled" not in members["[Content_Types].xml"]
    assert _button(built[name]) is None
    assert not any(b"<xdr:sp " in data for m, data in members.items() if "drawings/" in m)
    assert detect_flavor(built[name]) == "plain"


# ----------------------------------------------------------------------------- command line
def test_new_checks_the_extension_of_the_flavor(tmp_path, capsys):
    for flavor, name in (("classic", "a.xlsx"), ("lite", "b.xlsm"), ("plain", "c.xlsm")):
        assert main(["new", str(tmp_path / name), "--flavor", flavor]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and flavor in err and name in err
        assert not (tmp_path / name).exists()


@pytest.mark.parametrize("flavor", ["classic", "lite", "plain"])
def test_new_writes_the_flavor_asked_for(flavor, tmp_path, capsys):
    book = tmp_path / f"team.{'xlsm' if flavor == 'classic' else 'xlsx'}"
    assert main(["new", str(book), "--flavor", flavor]) == 0  # the sample: see `built`
    assert detect_flavor(book) == flavor
    assert main(["new", str(book), "--flavor", flavor, "--sample"]) == 1  # no silent overwrite
    assert main(["new", str(book), "--flavor", flavor, "--force"]) == 0
    assert "KPI Summary" in openpyxl.load_workbook(book, read_only=True).sheetnames


def test_russian_templates(tmp_path, capsys):
    plain = build_template(tmp_path / "ru.xlsx", "plain", sample=True, language="ru", orders=300)
    lite = build_template(tmp_path / "ru-lite.xlsx", "lite", sample=True, language="ru",
                          orders=300)  # fmt: skip
    names = openpyxl.load_workbook(plain, read_only=True).sheetnames
    assert names[0] == "Начало" and "Заказы" in names and names[-1] == "Сводка KPI"
    # The Lite button is bound to the English summary name, so a Lite summary keeps it.
    assert _summary_parts(lite)[0] == "KPI Summary" and _button(lite) is not None
    formulas = _example_rows(lite, False, "Начало")
    assert formulas["ROMI"][1].startswith("=ROMI('Заказы'!F2:F301,'Расходы'!D2:D")
    assert main(["refresh", str(lite)]) == 0
    assert _summary_parts(lite)[0] == "KPI Summary"
    capsys.readouterr()
    for book in (plain, lite):
        assert main(["check", str(book)]) == 0
        assert all(line.endswith(", 0 skipped") for line in capsys.readouterr().out.splitlines())


def test_refresh_prints_the_sheet_it_wrote_not_the_language_s_name(tmp_path, capsys):
    book = tmp_path / "команда.xlsx"
    assert main(["new", str(book), "--flavor", "lite", "--lang", "ru", "--orders", "300"]) == 0
    capsys.readouterr()
    assert main(["refresh", str(book)]) == 0
    assert "sheet 'KPI Summary'" in capsys.readouterr().out  # Lite keeps the English name
