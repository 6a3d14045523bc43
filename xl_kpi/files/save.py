"""Save a workbook safely: refuse while Excel has it open, and replace it atomically.

A refresh writes the new workbook to a temporary file beside the original and
only then swaps it in with :func:`os.replace`, so a crash, a full disk or a kill
at any moment leaves either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class WorkbookLocked(OSError):
    """The workbook is open in Excel (or another program) and cannot be replaced."""


def _locked(path: Path, lock: Path | None = None) -> WorkbookLocked:
    hint = (
        f" If Excel is not running, delete the leftover lock file {lock.name!r}."
        if lock is not None
        else ""
    )
    return WorkbookLocked(
        f"{path.name!r} is open in Excel. Close the workbook in Excel and try again.{hint}"
    )


def _owner_files(path: Path) -> list[Path]:
    """Where Excel's owner ("lock") file for ``path`` may be.

    Excel creates ``~$`` followed by the file name beside an open workbook. Office
    shortens it for long names by dropping the first two characters of the name, so
    both spellings are checked.
    """
    names = [f"~${path.name}"]
    if len(path.stem) > 2:
        names.append(f"~${path.name[2:]}")
    return [path.with_name(n) for n in names]


def ensure_not_open(path: str | os.PathLike[str]) -> None:
    """Raise :class:`WorkbookLocked` if Excel appears to have ``path`` open.

    Checks for Excel's owner file beside the workbook and, on Windows, whether the
    file can be opened for reading and writing (Excel denies write sharing).
    A missing file is not locked.
    """
    path = Path(path)
    for lock in _owner_files(path):
        if lock.is_file():
            raise _locked(path, lock)
    if sys.platform == "win32" and path.exists():
        try:
            with open(path, "r+b"):
                pass
        except PermissionError as exc:
            raise _locked(path) from exc


def ensure_new(path: str | os.PathLike[str], overwrite: bool = False) -> None:
    """Raise ``FileExistsError`` if ``path`` exists and may not be replaced."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"{path.name!r} already exists; choose another name or pass overwrite=True "
            "to replace it."
        )


def _verify(path: Path) -> None:
    """Cheap check that ``path`` is a complete workbook: its zip directory reads back
    and ``xl/workbook.xml`` inflates with a correct CRC. Raises ``ValueError``."""
    try:
        with zipfile.ZipFile(path) as zf:
            zf.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise ValueError(f"The new workbook was not written correctly ({exc}).") from exc


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows syncing a directory."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _create_temp(path: Path) -> tuple[Path, int]:
    """Create a new hidden file beside ``path``; the umask applies to its mode."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temp, os.open(temp, flags, 0o666)
        except FileExistsError:
            continue


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file whose content replaces ``path`` when the block succeeds.

    The file is created in the same folder (so the final :func:`os.replace` is
    atomic), flushed and synced, checked to be a readable workbook, given the
    original file's permission bits, and then moved over ``path``. If the block or
    any of these steps fails, the temporary file is removed and ``path`` is left
    untouched. (A process killed outright cannot clean up: a hidden
    ``.<name>.<random>.tmp`` file may remain, but the original is intact.)

    Raises:
        WorkbookLocked: Windows refused to replace the file because it is open.
        ValueError: what was written is not a readable workbook.
    """
    path = Path(path)
    temp, fd = _create_temp(path)
    try:
        synced = False
        with os.fdopen(fd, "wb") as handle:
            yield handle
            if not handle.closed:
                handle.flush()
                os.fsync(handle.fileno())
                synced = True
        if not synced:  # the block closed the file itself
            with open(temp, "r+b") as again:
                os.fsync(again.fileno())
        _verify(temp)
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, stat.S_IMODE(os.stat(path).st_mode))
        try:
            os.replace(temp, path)
        except PermissionError as exc:
            if sys.platform == "win32":
                raise _locked(path) from exc
            raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)
