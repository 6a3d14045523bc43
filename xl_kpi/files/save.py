"""Save a workbook safely: refuse while Excel has it open, and replace it atomically.

A refresh writes the new workbook to a temporary file beside the original and
only then swaps it in with :func:`os.replace`, so a crash, a full disk or a kill
at any moment leaves either the old file or the new one, never a mix.

Before anything is read or written, :func:`check_target` says in a user's words what
cannot work: a read-only workbook, an output in a folder that does not exist or that is
itself a folder, a pipe or a device. A workbook reached through a symbolic link is
refreshed where it really is, and the link stays. The temporary files of an earlier
refresh that was killed are removed (those of a refresh still running are locked and
left alone).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..problems import Problem, Words, keyed, os_reason

try:
    import fcntl
except ImportError:  # Windows: a file that is open cannot be deleted, which is enough
    fcntl = None  # type: ignore[assignment]


class WorkbookLocked(Problem, OSError):
    """The workbook is open in Excel (or another program) and cannot be replaced."""


class CannotWrite(Problem, OSError):
    """The workbook cannot be written where asked; the message says why and what to do."""


class FileTaken(Problem, FileExistsError):
    """The file to create exists and may not be replaced."""


class NotAWorkbook(Problem, ValueError):
    """What was written does not read back as a workbook (it never replaces the file)."""


def real_path(path: str | os.PathLike[str]) -> Path:
    """``path`` with symbolic links followed: where the file really is (or would be)."""
    return Path(os.path.realpath(path))


def check_target(source: str | os.PathLike[str], out: str | os.PathLike[str] | None) -> Path:
    """Where a refresh of ``source`` will write (``out``, else ``source`` itself), links
    followed; raise :class:`CannotWrite` when it cannot be written there.

    Refused: a read-only workbook (in place, or an existing read-only ``out``); an
    ``out`` that is a folder, a pipe or a device; an ``out`` in a folder that does not
    exist. Nothing is read or written.
    """
    given = Path(out) if out is not None else Path(source)
    target = real_path(given)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise keyed(
            CannotWrite, "error.save.unreachable", file=repr(given.name), reason=os_reason(exc)
        ) from exc
    if mode is not None and not stat.S_ISREG(mode):
        kind = describe_special(mode)
        if out is None:
            raise keyed(CannotWrite, "error.save.special", file=repr(given.name), kind=kind)
        if stat.S_ISDIR(mode):
            raise keyed(
                CannotWrite,
                "error.save.out_folder",
                output=repr(str(given)),
                example=repr(str(Path(given) / Path(source).name)),
            )
        raise keyed(CannotWrite, "error.save.out_special", file=repr(given.name), kind=kind)
    folder = target.parent
    if not folder.is_dir():
        raise keyed(CannotWrite, "error.save.no_folder", folder=repr(str(given.parent)))
    if mode is not None and (not mode & 0o222 or not os.access(target, os.W_OK)):
        if out is not None:
            raise keyed(CannotWrite, "error.save.out_read_only", file=repr(given.name))
        raise keyed(CannotWrite, "error.save.read_only", file=repr(given.name))
    return target


def describe_special(mode: int) -> Words:
    """What a file that is not a regular file is, in a user's words (``str()``: English)."""
    if stat.S_ISDIR(mode):
        return Words("error.kind.folder")
    if stat.S_ISFIFO(mode):
        return Words("error.kind.fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Words("error.kind.device")
    if stat.S_ISSOCK(mode):
        return Words("error.kind.socket")
    return Words("error.kind.special")


def _locked(path: Path, lock: Path | None = None) -> WorkbookLocked:
    if lock is None:
        return keyed(WorkbookLocked, "error.save.locked", file=repr(path.name))
    return keyed(
        WorkbookLocked, "error.save.locked_lock", file=repr(path.name), lock=repr(lock.name)
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
        raise keyed(FileTaken, "error.save.exists", file=repr(path.name))


def _verify(path: Path) -> None:
    """Cheap check that ``path`` is a complete workbook: its zip directory reads back
    and ``xl/workbook.xml`` inflates with a correct CRC. Raises ``ValueError``."""
    try:
        with zipfile.ZipFile(path) as zf:
            zf.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise keyed(NotAWorkbook, "error.save.verify", detail=str(exc)) from exc


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
    """Create a new hidden file beside ``path``, locked while it is written; the umask
    applies to its mode."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
        except FileNotFoundError as exc:
            raise keyed(
                CannotWrite, "error.save.no_folder_temp", folder=repr(str(path.parent))
            ) from exc
        except PermissionError as exc:
            raise keyed(
                CannotWrite,
                "error.save.denied",
                folder=repr(str(path.parent)),
                reason=os_reason(exc),
            ) from exc
        except OSError as exc:
            raise keyed(
                CannotWrite,
                "error.save.cannot_write",
                file=repr(path.name),
                folder=repr(str(path.parent)),
                reason=os_reason(exc),
            ) from exc
        if fcntl is not None:  # shared: the cleaner's exclusive lock fails while it is held
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return temp, fd


def remove_stale_temps(path: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files an earlier, killed refresh of ``path`` left beside it.

    A temporary file of a refresh still running is locked by it and left alone. Returns
    the files removed.
    """
    path = Path(path)
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.tmp")
    removed = []
    try:
        candidates = [p for p in path.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return removed
    for temp in candidates:
        try:
            fd = os.open(temp, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while in use
            os.unlink(temp)
            removed.append(temp)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file whose content replaces ``path`` when the block succeeds.

    The file is created in the same folder (so the final :func:`os.replace` is
    atomic), flushed and synced, checked to be a readable workbook, given the
    original file's permission bits, and then moved over ``path``. If the block or
    any of these steps fails, the temporary file is removed and ``path`` is left
    untouched. (A process killed outright cannot clean up: a hidden
    ``.<name>.<random>.tmp`` file may remain, but the original is intact.)

    A symbolic link is followed: the file it points to is replaced and the link stays.
    Temporary files left by an earlier refresh that was killed are removed first.

    Raises:
        WorkbookLocked: Windows refused to replace the file because it is open.
        CannotWrite: the folder cannot be written to.
        ValueError: what was written is not a readable workbook.
    """
    path = real_path(path)
    remove_stale_temps(path)
    temp, fd = _create_temp(path)
    hold = None  # a second descriptor keeps the lock once the writer closes its own
    try:
        if fcntl is not None:  # (Windows could not rename a file that is open)
            hold = os.open(temp, os.O_RDONLY)
            fcntl.flock(hold, fcntl.LOCK_SH | fcntl.LOCK_NB)
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
    finally:
        if hold is not None:
            os.close(hold)
    _fsync_dir(path.parent)
