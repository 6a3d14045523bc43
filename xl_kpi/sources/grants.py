"""What a workbook asks to do beyond itself, and whether the user has granted it.

A workbook may by itself read its own tabs and the files under its own folder named by
relative paths (their links followed: a link out of the folder is not under it). Each of
these is a :class:`Request` the user grants (:mod:`xl_kpi.sources.trust`):

- ``files PATH``: files anywhere else (an absolute path, ``~``, ``..``, a link that leads
  out of the folder, a location built from environment variables), named by where they
  really are;
- ``database URL``: any PostgreSQL database, by its URL as written (``${NAME}`` and all);
- ``engine spark``: the Settings tab choosing Spark; ``cluster MASTER``: a Spark master
  other than this machine (the rows go there).

Sources given on the command line are the user's own and ask nothing. A workbook's
source never carries a password itself (write ``${XLKPI_...}`` and set it in the
environment), and names only the connection settings that cannot redirect it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote

from ..problems import Words, keyed
from . import trust
from .spec import (
    _ENV,
    SourceError,
    SourceSpec,
    _absolute,
    _glob_root,
    _scheme,
    expand_env,
    real,
    variables,
)

__all__ = ["Request", "TrustError", "admit", "engine_requests", "source_requests"]

#: The PostgreSQL connection settings a workbook may write after ``?``: none of them can
#: send the connection, or anything of the user's, elsewhere.
SAFE_SETTINGS = ("sslmode", "connect_timeout", "application_name", "target_session_attrs")


class TrustError(SourceError):
    """A workbook asks for something the user has not granted."""


@dataclass(frozen=True, order=True)
class Request:
    """One thing a workbook asks to do beyond itself."""

    kind: str  # files, database, engine, cluster
    what: str

    def __str__(self) -> str:
        return f"{self.kind} {self.what}"

    def words(self) -> Words:
        return Words(f"trust.ask.{self.kind}", what=self.what)


@dataclass(frozen=True)
class Admitted:
    """A workbook's source as it may be read: the folders its files must be in."""

    spec: SourceSpec
    requests: tuple[Request, ...] = ()


def source_requests(spec: SourceSpec, base: Path | None) -> Admitted:
    """What a source asks (nothing when given on the command line) and where its files
    may be; raises :class:`TrustError` for what no grant allows (a password written in
    the workbook, a connection setting that could redirect it)."""
    if not spec.from_workbook:
        return Admitted(spec.at(base))
    location = spec.location.strip()
    scheme = _scheme(location)
    if scheme in ("postgresql", "postgres") or spec.format == "postgresql":
        _check_url(spec, location)
        # as written: no password of its own (checked above), only the names of variables
        return Admitted(spec.at(base), (Request("database", location),))
    if scheme == "sqlite" or spec.format == "sqlite":
        path = location.split("://", 1)[1] if "://" in location else location
        path, _, _ = path.partition("#")
        path = unquote(path[1:] if path.startswith("/") else path)
    elif scheme is not None:
        return Admitted(spec.at(base))  # kind() refuses it by name
    else:
        path = location
    return _files(spec, base, path)


def _files(spec: SourceSpec, base: Path | None, path: str) -> Admitted:
    named = variables(path)
    if named:
        expanded = expand_env(path, spec)  # a name the user does not allow stops here
    else:
        expanded = path
    where = _absolute(expanded, base)
    wild = any(ch in expanded for ch in "*?[")
    root, pattern = _glob_root(where) if wild else (where, ())
    own = (
        base is not None
        and not named
        and not expanded.startswith("~")
        and not Path(expanded).is_absolute()
        and _within(root, base)
    )
    if own:
        return Admitted(spec.at(base, (Path(real(base)),)))
    if named:
        shown = path if Path(path).is_absolute() or base is None else os.path.join(real(base), path)
    else:
        shown = os.path.join(real(root), *pattern)
    return Admitted(spec.at(base, (Path(real(root)),)), (Request("files", shown),))


def _within(path: Path, base: Path) -> bool:
    here, top = real(path), real(base)
    return here == top or here.startswith(top.rstrip(os.sep) + os.sep)


def _check_url(spec: SourceSpec, location: str) -> None:
    """A workbook's PostgreSQL URL: no password of its own, no setting that redirects it."""
    rest = location.split("://", 1)[1] if "://" in location else location
    query = rest.partition("?")[2].partition("#")[0]
    address = rest.partition("?")[0]
    end = min((i for i in (address.find("/"),) if i >= 0), default=len(address))
    at = address.rfind("@", 0, end)
    user = address[:at] if at >= 0 else ""
    password = user.partition(":")[2] if ":" in user else ""
    settings = parse_qsl(query, keep_blank_values=True)
    if password and not _only_variables(password):
        raise spec.fail("error.trust.password")
    for name, value in settings:
        if name.lower() == "password" and value and not _only_variables(value):
            raise spec.fail("error.trust.password")
        if name.lower() not in SAFE_SETTINGS:
            raise spec.fail("error.trust.setting", name=name, allowed=", ".join(SAFE_SETTINGS))


def _only_variables(text: str) -> bool:
    return _ENV.sub("", text) == ""


def engine_requests(setting: str, master: str, requested: str | None) -> list[Request]:
    """What the Settings ask of the engine: Spark (``setting``), unless the command line
    chose the engine (``requested``), and a Spark master other than this machine."""
    found = []
    if setting == "spark" and not requested:
        found.append(Request("engine", "spark"))
    remote = master.strip() and not master.strip().lower().startswith("local")
    if remote and (requested or setting) == "spark":
        found.append(Request("cluster", master.strip()))
    return found


def admit(
    specs: Sequence[SourceSpec],
    base: Path | None,
    book: str | os.PathLike[str] | None,
    extra: Sequence[Request] = (),
) -> list[SourceSpec]:
    """The sources ready to read (each with the folders its files must be in), when every
    request they and ``extra`` make is granted to ``book``; else :class:`TrustError` naming
    each request refused and how to allow it."""
    admitted = [source_requests(spec, base) for spec in specs]
    asked = sorted({r for a in admitted for r in a.requests} | set(extra))
    if asked and not trust.trusted_once():
        have = trust.granted(trust.book_key(book, base))
        refused = [r for r in asked if str(r) not in have]
        if refused:
            raise refusal(refused, book)
    return [a.spec for a in admitted]


def refusal(refused: Sequence[Request], book: str | os.PathLike[str] | None) -> TrustError:
    """The one error that names what was refused and how to allow it."""
    asks: Words | str = refused[-1].words()
    for request in reversed(refused[:-1]):
        asks = Words("trust.and", first=request.words(), rest=asks)
    name = Path(book).name if book is not None else "BOOK.xlsx"
    return keyed(TrustError, "error.trust.refused", asks=asks, book=_quoted(name))


def _quoted(name: str) -> str:
    return f'"{name}"' if any(c.isspace() for c in name) else name
