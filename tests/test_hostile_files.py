"""Every command over a corpus of broken and hostile workbooks: never a crash, a hang, a
traceback or a repr; one clear line and exit 1 on a refusal; the file untouched then.

The corpus is built by code (``tests/corpus.py``). Each file goes to a child process that
runs ``check``, ``report --format json``, ``report --format csv`` and ``refresh`` in turn
(through the command line's ``main``) and reports what each printed, its exit code and the
file's digest after it: a reader that aborts the interpreter kills the child, which the
test sees as a signal; a hang is a time-out.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from tests import corpus
from xl_kpi.cli import main
from xl_kpi.excelfacts import MARKER_NAME
from xl_kpi.files import splice
from xl_kpi.files.save import remove_stale_temps
from xl_kpi.sources import report as sources_report

COMMANDS = (["check"], ["report", "--format", "json"], ["report", "--format", "csv"], ["refresh"])

DRIVER = r"""
import contextlib, hashlib, io, json, os, sys
from xl_kpi.cli import main
def digest(path):
    if not os.path.isfile(path):
        return "special"
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()
for path in sys.argv[2:]:
    print(json.dumps({"start": path}), flush=True)
    for argv in json.loads(sys.argv[1]):
        before = digest(path)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([*argv, path])
            except BaseException as exc:  # an escape from main is a failure of the one path
                code = f"escaped {type(exc).__name__}"
        print(json.dumps({"path": path, "argv": argv, "code": code, "out": out.getvalue(),
                          "err": err.getvalue(), "changed": digest(path) != before}), flush=True)
"""

#: What a Python repr or a traceback looks like on stderr.
REPR = re.compile(
    r"Traceback|\w+(Error|Exception|Forbidden)\(|\b\w+\(\w+=|<[\w.]+ object at 0x"
    r"|\bb'|\\x[0-9a-f]{2}"
)


#: The child's environment with a Russian locale (messages follow it) and an English one.
RUSSIAN = {**os.environ, "LANGUAGE": "ru_RU", "LC_ALL": "ru_RU.UTF-8"}
ENGLISH = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
ENGLISH["LANG"] = "C.UTF-8"


def run_all(paths: list[Path], env: dict[str, str] = ENGLISH) -> dict[str, list[dict]]:
    """The four commands on each of ``paths`` in one child process: what each did."""
    child = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(COMMANDS), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    lines = [json.loads(line) for line in child.stdout.splitlines()]
    started = [line["start"] for line in lines if "start" in line]
    assert child.returncode == 0, (
        f"the child died (signal {-child.returncode}) on {started[-1:]}: {child.stderr[-2000:]}"
    )
    runs: dict[str, list[dict]] = {str(p): [] for p in paths}
    for line in lines:
        if "path" in line:
            runs[line["path"]].append(line)
    return runs


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[dict]]]:
    """Every corpus case built and run through the commands, in two child processes."""
    built = {}
    for name, case in corpus.CASES.items():
        folder = tmp_path_factory.mktemp(re.sub(r"\W+", "-", name))
        built[name] = case.build(folder)
    paths = list(built.values())
    runs: dict[str, list[dict]] = {}
    with ThreadPoolExecutor(2) as pool:
        for batch in pool.map(run_all, [paths[0::2], paths[1::2]]):
            runs.update(batch)
    return {name: (path, runs[str(path)]) for name, path in built.items()}


@pytest.mark.parametrize("name", list(corpus.CASES))
def test_every_command_answers_cleanly(results, name: str) -> None:
    _, runs = results[name]
    assert [r["argv"] for r in runs] == [list(c) for c in COMMANDS]
    refused = corpus.CASES[name].refused
    for run in runs:
        where = f"{name}: xl-kpi {' '.join(run['argv'])}"
        assert not REPR.search(run["err"]), f"{where} printed {run['err']!r}"
        if refused is None:
            assert run["code"] == 0, f"{where} failed: {run['err']}"
            continue
        assert run["code"] == 1, f"{where} gave {run['code']}: {run['err']}"
        assert run["out"] == "" and run["err"].count("\n") == 1, where
        assert run["err"].startswith("xl-kpi: ") and "book.xlsx" in run["err"], where
        assert refused in run["err"], f"{where}: {run['err']}"
        assert not run["changed"], f"{where} changed the file it refused"


#: Russian letters; three English words in a row (what an untranslated phrase looks like).
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
ENGLISH_WORDS = re.compile(r"(?<![\w.-])[a-z]{2,}(?: [a-z]{2,}){2,}(?![\w.-])")
QUOTED = re.compile(r"'[^']*'|«[^»]*»|\"[^\"]*\"")


@pytest.fixture(scope="module")
def russian_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[dict]]]:
    """The corpus cases that print on stderr, run again under a Russian locale."""
    built = {}
    for name, case in corpus.CASES.items():
        if case.refused is not None or name == "infinite value":
            folder = tmp_path_factory.mktemp("ru-" + re.sub(r"\W+", "-", name))
            built[name] = case.build(folder)
    runs = run_all(list(built.values()), RUSSIAN)
    return {name: (path, runs[str(path)]) for name, path in built.items()}


def test_every_message_of_the_corpus_is_said_in_russian(russian_results) -> None:
    said = 0
    for name, (path, runs) in russian_results.items():
        refused = corpus.CASES[name].refused
        for run in runs:
            where = f"{name}: xl-kpi {' '.join(run['argv'])}"
            assert run["code"] == (0 if refused is None else 1), f"{where}: {run['err']}"
            assert not REPR.search(run["err"]), f"{where} printed {run['err']!r}"
            assert not run["changed"] or refused is None, where
            for line in run["err"].splitlines():
                assert line.startswith("xl-kpi: "), f"{where}: {line}"
                words = QUOTED.sub("", line.replace(str(path), "").replace(path.name, ""))
                assert CYRILLIC.search(words), f"{where}: not Russian: {line}"
                assert not ENGLISH_WORDS.search(words), f"{where}: English left in: {line}"
                said += 1
            if refused is not None:
                assert run["err"].count("\n") == 1 and path.name in run["err"], where
    assert said >= 4 * (len(russian_results) - 1)  # every refusal, each command


def _output(results, name: str, command: int) -> str:
    return results[name][1][command]["out"]


def test_cells_without_references_and_utf16_sheets_are_read_in_full(results) -> None:
    for name in ("cells without r", "utf-16 sheet", "inline strings, shared formulas, rich text"):
        assert "Orders (Orders): 30 rows read, 0 skipped" in _output(results, name, 0), name
    plain = json.loads(_output(results, "plain", 1))
    for name in ("cells without r", "utf-16 sheet", "inline strings, shared formulas, rich text"):
        assert json.loads(_output(results, name, 1)) == plain, name
    assert "read with the slower reader (openpyxl): the sheet is stored as UTF-16" in _output(
        results, "utf-16 sheet", 0
    )


def test_a_far_cell_in_a_sheet_nobody_reads_does_not_block_the_refresh(results) -> None:
    path, runs = results["far cell in an unrelated sheet"]
    assert "refreshed" in runs[3]["out"]
    assert "KPI Summary" in openpyxl.load_workbook(path, read_only=True).sheetnames


def test_a_second_revenue_column_is_noted(results) -> None:
    assert (
        "Orders, column revenue (D): ignored: column revenue (B) already holds revenue"
        in _output(results, "duplicate revenue column", 0)
    )


def test_json_stays_valid_when_a_value_is_infinite(results) -> None:
    run = results["infinite value"][1][1]

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    records = json.loads(run["out"], parse_constant=refuse)
    # 1e999 is no number of the data: its row is a bad row, and the sums stay finite
    revenue = [r["value"] for r in records if r["kpi"] == "REVENUE" and r["channel"] is None]
    assert revenue and all(v is None or math.isfinite(v) for v in revenue)
    assert run["code"] == 0


def test_csv_cells_that_start_like_a_formula_are_escaped(results) -> None:
    rows = list(csv.DictReader(io.StringIO(_output(results, "plain", 2))))
    channels = {row["channel"] for row in rows}
    assert {'\'=HYPERLINK("http://x","y")', "'+cmd|' /C calc'!A0", "'@SUM(1)"} <= channels
    assert not [c for c in channels if c and c[0] in "=+@-\t\r"]
    assert any(row["value"].startswith("-") for row in rows)  # numbers are left as they are


# --------------------------------------------------------------------------- real processes
_COMMANDS = """
import contextlib, io, json, sys
from xl_kpi.cli import main
said = []
for argv in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv)
    said.append([code, err.getvalue()])
print(json.dumps(said))
"""


def _in_a_fresh_interpreter(*commands: list[str]) -> list[tuple[int, str]]:
    """Each command's exit code and stderr, run one after another in one new Python
    process: a crash (a signal) or a hang fails the test, not the test run."""
    done = subprocess.run(
        [sys.executable, "-c", _COMMANDS, json.dumps(list(commands))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr  # not -6 (SIGABRT), not killed
    return [(code, err) for code, err in json.loads(done.stdout.splitlines()[-1])]


@pytest.fixture(scope="module")
def in_a_process(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, str]]]:
    """The far cell and the pipe, each refreshed and checked in one fresh interpreter
    (starting it is most of the cost): case -> each command's exit code and stderr."""
    far = str(corpus.CASES["far cell"].build(tmp_path_factory.mktemp("far")))
    fifo = str(corpus.CASES["fifo"].build(tmp_path_factory.mktemp("fifo")))
    out = str(tmp_path_factory.mktemp("out") / "out.xlsx")
    commands = {
        "far cell": [["check", far], ["refresh", far]],
        "fifo": [["refresh", fifo], ["refresh", "-o", out, fifo], ["check", fifo]],
    }
    said = iter(_in_a_fresh_interpreter(*(c for case in commands.values() for c in case)))
    return {case: [next(said) for _ in run] for case, run in commands.items()}


def test_the_far_cell_does_not_kill_the_interpreter(in_a_process) -> None:
    for code, err in in_a_process["far cell"]:
        assert code == 1, err
        assert err.startswith("xl-kpi: 'book.xlsx', sheet 'Orders': it has cells out to")


def test_a_pipe_named_like_a_workbook_does_not_hang(in_a_process) -> None:
    for code, err in in_a_process["fifo"]:
        assert code == 1 and "pipe" in err, err


# --------------------------------------------------------------------------- saving
@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """The messages below are English: the locale must not make them Russian."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsx"
    path.write_bytes(corpus.workbook_bytes())
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_read_only_workbook_is_refused_and_o_writes_elsewhere(book: Path, capsys) -> None:
    book.chmod(0o444)
    before = _digest(book)
    code, _, err = cli(capsys, "refresh", str(book))
    assert code == 1
    assert (
        err == "xl-kpi: 'book.xlsx' is read-only; save a copy or use -o to write the "
        "refreshed workbook elsewhere.\n"
    )
    assert _digest(book) == before and book.stat().st_mode & 0o777 == 0o444
    out = book.with_name("out.xlsx")
    assert cli(capsys, "refresh", str(book), "-o", str(out))[0] == 0
    assert "KPI Summary" in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_a_link_is_followed_and_the_real_file_refreshed(book: Path, tmp_path: Path, capsys):
    link = tmp_path / "link.xlsx"
    link.symlink_to(book)
    code, out, _ = cli(capsys, "refresh", str(link))
    assert code == 0 and link.is_symlink() and link.resolve() == book.resolve()
    assert "KPI Summary" in openpyxl.load_workbook(book, read_only=True).sheetnames


def test_output_into_a_missing_folder_or_onto_a_folder(book: Path, tmp_path: Path, capsys):
    before = _digest(book)
    code, _, err = cli(capsys, "refresh", str(book), "-o", str(tmp_path / "nodir" / "out.xlsx"))
    assert (
        code == 1 and "book.xlsx: the folder" in err and "nodir" in err and "does not exist" in err
    )
    (tmp_path / "folder").mkdir()
    code, _, err = cli(capsys, "refresh", str(book), "-o", str(tmp_path / "folder"))
    assert code == 1 and "is a folder; give a file name" in err
    assert _digest(book) == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "book.xlsx",
        "folder",
    ]


def test_temporary_files_of_a_killed_refresh_are_removed(book: Path, capsys) -> None:
    stale = book.with_name(".book.xlsx.0badc0de.tmp")
    stale.write_bytes(b"half a workbook")
    other = book.with_name(".other.xlsx.0badc0de.tmp")  # another workbook's: not ours
    other.write_bytes(b"x")
    assert cli(capsys, "refresh", str(book))[0] == 0
    assert not stale.exists() and other.exists()
    assert sorted(p.name for p in book.parent.iterdir()) == [
        ".other.xlsx.0badc0de.tmp",
        "book.xlsx",
    ]


def test_a_temporary_file_in_use_is_left_alone(book: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    busy = book.with_name(".book.xlsx.0123abcd.tmp")
    with open(busy, "wb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
        assert remove_stale_temps(book) == [] and busy.exists()
    assert remove_stale_temps(book) == [busy] and not busy.exists()


def _marked_copy(book: Path) -> None:
    """Refresh, then do what Excel's Move or Copy does: a copy of the summary, first, that
    keeps the hidden marker; the real summary renamed."""
    assert main(["refresh", str(book)]) == 0
    wb = openpyxl.load_workbook(book)
    summary = wb["KPI Summary"]
    copy = wb.copy_worksheet(summary)
    copy.title = "Snapshot Jan"
    copy["A1"] = "January, kept"
    wb.move_sheet(copy, -(len(wb.sheetnames) - 1))
    summary.title = "Dashboard"
    copy.defined_names[MARKER_NAME] = DefinedName(
        MARKER_NAME, attr_text="'Snapshot Jan'!$A$1", hidden=True
    )
    summary.defined_names[MARKER_NAME] = DefinedName(
        MARKER_NAME, attr_text="Dashboard!$A$1", hidden=True
    )
    wb.save(book)


def test_copies_of_the_summary_are_refused_by_name_until_one_is_chosen(book: Path, capsys):
    _marked_copy(book)
    capsys.readouterr()
    before = _digest(book)
    code, _, err = cli(capsys, "refresh", str(book))
    assert code == 1 and _digest(book) == before
    assert "2 KPI summary sheets: 'Snapshot Jan' and 'Dashboard'" in err
    assert '--summary "Dashboard"' in err
    code, out, _ = cli(capsys, "refresh", str(book), "--summary", "Dashboard")
    assert code == 0 and "sheet 'Dashboard'" in out
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[0] == "Snapshot Jan" and wb["Snapshot Jan"]["A1"].value == "January, kept"
    assert MARKER_NAME not in wb["Snapshot Jan"].defined_names
    assert MARKER_NAME in wb["Dashboard"].defined_names
    code, out, _ = cli(capsys, "refresh", str(book))  # the copy is no longer a summary
    assert code == 0 and "sheet 'Dashboard'" in out


def test_an_unknown_summary_name_is_refused(book: Path, capsys) -> None:
    assert cli(capsys, "refresh", str(book))[0] == 0
    code, _, err = cli(capsys, "refresh", str(book), "--summary", "Nope")
    assert code == 1 and "'Nope' is not a KPI summary sheet" in err and "'KPI Summary'" in err


def test_unexpected_failures_are_one_line_without_python_details(book: Path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        return {}["missing"]  # a bug: a KeyError from deep inside

    monkeypatch.setattr(sources_report, "build_report", broken)  # where reports are built
    code, _, err = cli(capsys, "report", str(book))
    assert code == 1 and err.count("\n") == 1
    assert "book.xlsx: unexpected problem (KeyError); nothing was changed" in err
    assert "missing" not in err
    shutil.rmtree(book.parent, ignore_errors=True)


def test_a_full_disk_is_said_in_words(book: Path, capsys, monkeypatch) -> None:
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(splice, "write_member", full)  # the disk fills while writing
    before = _digest(book)
    code, _, err = cli(capsys, "refresh", str(book))
    assert code == 1 and err == "xl-kpi: book.xlsx: no space left on device; nothing was changed\n"
    assert _digest(book) == before and [p.name for p in book.parent.iterdir()] == ["book.xlsx"]
