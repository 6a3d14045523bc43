"""The user's trust file: what each workbook has been allowed to make this machine do.

A workbook is untrusted input. By itself it may read its own tabs and the files under its
own folder named by relative paths; everything else it asks for (another folder, a
database, a Spark cluster, an environment variable) is a request the user grants, once
per workbook and per request (:mod:`xl_kpi.sources.grants`), with ``xl-kpi trust
BOOK`` or for one run with ``--trust``. The grants live here, on the user's side, never
in the workbook:

- the file is ``XLKPI_TRUST_FILE`` when set, else ``xl-kpi/trust.json`` in the platform's
  folder for settings (``%APPDATA%`` on Windows, ``~/Library/Application Support`` on
  macOS, ``$XDG_CONFIG_HOME`` or ``~/.config`` elsewhere);
- ``workbooks`` maps a workbook's real path to the requests granted to it, each written
  as the product shows it (``files /shared/exports/*.csv``); a request that changes
  (another host, another folder) is another request, asked again;
- ``variables`` names the environment variables a workbook may name as ``${NAME}``
  besides those starting with ``XLKPI_``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from ..problems import Problem, keyed

__all__ = [
    "PREFIX",
    "TrustFileError",
    "allowed",
    "book_key",
    "grant",
    "granted",
    "revoke",
    "trust_file",
    "trusted_once",
    "trusting",
]

#: Environment variables a workbook may always name: the user's own for xl-kpi.
PREFIX = "XLKPI_"

_ONCE: ContextVar[bool] = ContextVar("xl_kpi_trust_once", default=False)


class TrustFileError(Problem, ValueError):
    """The file of the user's grants cannot be read."""


def trust_file() -> Path:
    """Where the grants live (see the module's text).

    Written here rather than with ``platformdirs``: three lines for the one folder needed,
    and one dependency less in xlwings Lite.
    """
    chosen = os.environ.get("XLKPI_TRUST_FILE")
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "win32":
        root = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Application Support"
    else:
        root = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return root / "xl-kpi" / "trust.json"


def _load() -> dict[str, Any]:
    path = trust_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {"workbooks": {}, "variables": []}
    except OSError as exc:
        raise keyed(
            TrustFileError, "error.trust.file", file=str(path), reason=exc.strerror
        ) from None
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError
        books = data.setdefault("workbooks", {})
        names = data.setdefault("variables", [])
        if not isinstance(books, dict) or not isinstance(names, list):
            raise ValueError
    except ValueError:
        raise keyed(TrustFileError, "error.trust.file", file=str(path), reason="not JSON") from None
    return data


def _save(data: dict[str, Any]) -> None:
    """Write the trust file whole or not at all, readable by its owner alone."""
    path = trust_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, staged = tempfile.mkstemp(prefix=".trust-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
            out.write("\n")
        os.chmod(staged, 0o600)
        os.replace(staged, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(staged)
        raise


def book_key(book: str | os.PathLike[str] | None, base: Path | None = None) -> str | None:
    """The name a workbook's grants are kept under: its real path (links followed)."""
    if book is not None:
        return os.path.realpath(book)
    return None if base is None else os.path.join(os.path.realpath(base), "")


def allowed(name: str) -> bool:
    """Whether a workbook may name the environment variable ``name`` as ``${NAME}``."""
    return name.startswith(PREFIX) or name in _load()["variables"]


def granted(key: str | None) -> set[str]:
    """The requests granted to the workbook ``key`` (:func:`book_key`)."""
    if key is None:
        return set()
    found = _load()["workbooks"].get(key, [])
    return {str(r) for r in found} if isinstance(found, list) else set()


def grant(key: str, requests: Iterable[str]) -> None:
    """Grant ``requests`` to the workbook ``key``; those granted before are kept."""
    data = _load()
    had = data["workbooks"].get(key, [])
    data["workbooks"][key] = sorted(set(had if isinstance(had, list) else []) | set(requests))
    _save(data)


def revoke(key: str) -> bool:
    """Withdraw every grant of the workbook ``key``; whether it had any."""
    data = _load()
    if data["workbooks"].pop(key, None) is None:
        return False
    _save(data)
    return True


@contextlib.contextmanager
def trusting(once: bool = True) -> Iterator[None]:
    """Within this block, a workbook's requests are granted for this run only (``--trust``)."""
    token = _ONCE.set(once)
    try:
        yield
    finally:
        _ONCE.reset(token)


def trusted_once() -> bool:
    """Whether this run grants a workbook's requests (:func:`trusting`)."""
    return _ONCE.get()
