"""Saving workbooks: Excel lock detection and atomic replacement."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from xl_kpi.files import save
from xl_kpi.files.save import WorkbookLocked, atomic_write, ensure_not_open

REPO = Path(__file__).resolve().parents[1]


def workbook_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as wb:
        wb.add_worksheet().write("A1", text)
    return buffer.getvalue()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "Quarterly sales.xlsx"
    path.write_bytes(workbook_bytes("original"))
    return path


def leftovers(folder: Path, keep: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p != keep)


def test_replaces_the_file_and_keeps_its_permissions(book: Path) -> None:
    os.chmod(book, 0o640)
    new = workbook_bytes("new")
    with atomic_write(book) as handle:
        handle.write(new)
    assert book.read_bytes() == new
    assert book.stat().st_mode & 0o777 == 0o640
    assert leftovers(book.parent, book) == []


def test_creates_a_new_file_with_the_usual_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    with atomic_write(path) as handle:
        handle.write(workbook_bytes("new"))
    mask = os.umask(0)
    os.umask(mask)
    assert zipfile.is_zipfile(path)
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_block_may_close_the_file_itself(book: Path) -> None:
    new = workbook_bytes("closed early")
    with atomic_write(book) as handle:
        handle.write(new)
        handle.close()
    assert book.read_bytes() == new


def test_failure_inside_the_block_leaves_the_original(book: Path) -> None:
    original = book.read_bytes()
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_write(book) as handle:
            handle.write(workbook_bytes("half")[:100])
            raise RuntimeError("boom")
    assert book.read_bytes() == original
    assert leftovers(book.parent, book) == []


@pytest.mark.parametrize(
    "content",
    [b"not a zip at all", workbook_bytes("cut")[:-40]],
    ids=["junk", "truncated"],
)
def test_invalid_output_is_not_swapped_in(book: Path, content: bytes) -> None:
    original = book.read_bytes()
    with pytest.raises(ValueError, match="not written correctly"):
        with atomic_write(book) as handle:
            handle.write(content)
    assert book.read_bytes() == original
    assert leftovers(book.parent, book) == []


def test_zip_without_workbook_part_is_refused(book: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ValueError, match="not written correctly"):
        with atomic_write(book) as handle:
            handle.write(buffer.getvalue())
    assert zipfile.ZipFile(book).namelist()[0] != "hello.txt"


def test_killed_writer_leaves_the_original(book: Path) -> None:
    original = book.read_bytes()
    script = (
        "import sys, time\n"
        "from xl_kpi.files.save import atomic_write\n"
        "with atomic_write(sys.argv[1]) as f:\n"
        "    f.write(b'PK' + b'x' * 100_000)\n"
        "    f.flush()\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    with subprocess.Popen(
        [sys.executable, "-c", script, str(book)], stdout=subprocess.PIPE, env=env, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "writing"
        child.kill()  # SIGKILL: no cleanup code runs
        child.wait(timeout=30)
    assert book.read_bytes() == original
    # the half-written file can only be a hidden temporary beside the workbook
    assert all(name.startswith(f".{book.name}.") for name in leftovers(book.parent, book))


def test_windows_refusal_to_replace_means_locked(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = book.read_bytes()

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(save.sys, "platform", "win32")
    monkeypatch.setattr(save.os, "replace", refuse)
    with pytest.raises(WorkbookLocked, match="Close the workbook in Excel"):
        with atomic_write(book) as handle:
            handle.write(workbook_bytes("new"))
    assert book.read_bytes() == original
    assert leftovers(book.parent, book) == []


def test_not_open_when_no_owner_file(book: Path, tmp_path: Path) -> None:
    ensure_not_open(book)
    ensure_not_open(tmp_path / "missing.xlsx")


@pytest.mark.parametrize("owner", ["~$Quarterly sales.xlsx", "~$arterly sales.xlsx"])
def test_excel_owner_file_means_open(book: Path, owner: str) -> None:
    (book.parent / owner).write_bytes(b"\x0bsomeone")
    with pytest.raises(WorkbookLocked, match="Close the workbook in Excel") as caught:
        ensure_not_open(book)
    assert owner in str(caught.value)  # says which lock file to delete if Excel crashed
    assert isinstance(caught.value, OSError)


def test_other_owner_files_do_not_count(book: Path) -> None:
    (book.parent / "~$Other.xlsx").write_bytes(b"x")
    ensure_not_open(book)


def test_windows_sharing_violation_means_open(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(path: object, mode: str = "r") -> None:
        raise PermissionError(13, "sharing violation")

    monkeypatch.setattr(save.sys, "platform", "win32")
    monkeypatch.setattr(save, "open", denied, raising=False)
    with pytest.raises(WorkbookLocked):
        ensure_not_open(book)
