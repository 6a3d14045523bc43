"""Where a raw tab's rows live: one source per tab, from the Sources tab or the command line.

A source names a raw tab (``Orders``, ``Spend``...), a location (a file, a folder, a glob
of files, or a ``sqlite:///`` / ``postgresql://`` URL), an optional format (guessed from
the location when blank) and options written as ``key=value`` words
(``sep=; encoding=cp1251``, ``table=orders``, ``query="select ..."``).

Credentials never live in the workbook: a location may name environment variables as
``${NAME}`` (``postgresql://${XLKPI_PG}``), expanded only when the source is opened. What
the product shows of a source (notes, errors, progress) is its location as written, with
any password in it replaced by ``***``.
"""

from __future__ import annotations

import glob
import os
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import TEXT
from ..inputs import is_blank
from ..problems import Words, keyed
from ..schema import TABS, find_tab, key

__all__ = [
    "FORMATS",
    "SourceError",
    "SourceSpec",
    "cause",
    "either",
    "expand_env",
    "parse_options",
    "parse_source_arg",
    "redact",
    "resolve_files",
    "specs_from_rows",
]

#: The formats a source may be read as.
FORMATS = ("csv", "tsv", "parquet", "excel", "sqlite", "postgresql")

_EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "excel",
    ".xlsm": "excel",
}
_SCHEMES = {"sqlite": "sqlite", "postgresql": "postgresql", "postgres": "postgresql"}
_FORMAT_NAMES = {
    **{f: f for f in FORMATS},
    "xlsx": "excel",
    "xlsm": "excel",
    "workbook": "excel",
    "postgres": "postgresql",
    "pg": "postgresql",
    "text": "csv",
}
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<secret>[^@\s]*)(?=@)", re.I)
_PASSWORD_OPTION = re.compile(r"(?i)(password\s*=\s*)('[^']*'|\"[^\"]*\"|\S+)")


class SourceError(ValueError):
    """A source that cannot be read: the message names the source and the cause."""


@dataclass(frozen=True)
class SourceSpec:
    """One raw tab read from elsewhere: the tab, where, as what, with which options."""

    tab: str  # canonical raw tab name: Orders, Spend...
    location: str  # as written (environment variables not expanded)
    format: str | None = None  # None: guessed from the location
    options: Mapping[str, str] = field(default_factory=dict)
    origin: str = "--source"  # where it was declared, for messages

    @property
    def label(self) -> str:
        """The source as shown to people: its location, never a password."""
        return redact(self.location)

    def fail(self, key: str, **params: Any) -> SourceError:
        """The one-line error about this source, its cause the words ``key`` with ``params``
        (``error.source.reason`` with ``reason``: a cause as another program said it)."""
        cause = Words(key, **params)
        return keyed(SourceError, "error.source", tab=self.tab, source=self.label, cause=cause)

    @property
    def is_url(self) -> bool:
        return _scheme(self.location) is not None

    def kind(self, base: Path | None = None) -> str:
        """The format to read: as declared, else by URL scheme, file extension or folder."""
        if self.format:
            return self.format
        scheme = _scheme(self.location)
        if scheme is not None:
            if scheme not in _SCHEMES:
                raise self.fail("error.source.url_kind", scheme=repr(scheme + "://"))
            return _SCHEMES[scheme]
        suffix = Path(self.location.rstrip("/\\")).suffix.lower()
        if suffix in _EXTENSIONS:
            return _EXTENSIONS[suffix]
        path = _absolute(self.location, base)
        if path.is_dir():
            inside = {p.suffix.lower() for p in path.rglob("*") if p.is_file()}
            for kind in ("parquet", "csv", "tsv", "excel"):
                if any(_EXTENSIONS.get(s) == kind for s in inside):
                    return kind
            raise self.fail("error.source.folder_any")
        raise self.fail("error.source.no_format", formats=", ".join(FORMATS))


def _scheme(location: str) -> str | None:
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]+)://", location.strip())
    return match.group(1).lower() if match else None


def _absolute(location: str, base: Path | None) -> Path:
    path = Path(os.path.expanduser(location))
    return path if path.is_absolute() or base is None else base / path


def redact(text: str) -> str:
    """``text`` with the password of any URL or ``password=`` option replaced by ``***``.

    >>> redact("postgresql://kpi:s3cret@db:5432/shop")
    'postgresql://kpi:***@db:5432/shop'
    >>> redact("host=db password=s3cret user=kpi")
    'host=db password=*** user=kpi'
    """
    text = _PASSWORD.sub(lambda m: m.group("head") + "***", text)
    return _PASSWORD_OPTION.sub(lambda m: m.group(1) + "***", text)


def expand_env(text: str, spec: SourceSpec) -> str:
    """``text`` with each ``${NAME}`` replaced by that environment variable.

    Raises :class:`SourceError` naming the variable when it is not set.
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise spec.fail("error.source.env", name=name)
        return os.environ[name]

    return _ENV.sub(value, text)


def parse_options(text: Any, where: Words | str = "options") -> dict[str, str]:
    """Options written as ``key=value`` words; quote a value with spaces.

    >>> parse_options('sep=; encoding=cp1251 query="select * from orders"')
    {'sep': ';', 'encoding': 'cp1251', 'query': 'select * from orders'}
    """
    if is_blank(text):
        return {}
    try:
        words = shlex.split(str(text))
    except ValueError as exc:  # shlex says "No closing quotation" or "No escaped character"
        said = "error.source." + "_".join(str(exc).lower().split())
        problem = Words(said) if said in TEXT else exc
        raise keyed(
            SourceError, "error.source.quotes", where=where, problem=problem, text=repr(str(text))
        ) from None
    options = {}
    for word in words:
        name, sep, value = word.partition("=")
        if not sep or not name.strip():
            raise keyed(SourceError, "error.source.not_key_value", where=where, word=repr(word))
        options[name.strip().lower()] = value
    return options


def _tab_name(text: Any, where: Words | str) -> str:
    spec = find_tab(str(text))
    if spec is None or spec.name == "Sources":
        names = ", ".join(t.name for t in TABS)
        raise keyed(
            SourceError, "error.source.not_tab", where=where, text=repr(str(text)), names=names
        )
    return spec.name


def _format(text: Any, where: Words | str) -> str | None:
    if is_blank(text):
        return None
    chosen = _FORMAT_NAMES.get(key(text))
    if chosen is None:
        formats, said = ", ".join(FORMATS), repr(str(text))
        raise keyed(SourceError, "error.source.not_format", where=where, text=said, formats=formats)
    return chosen


def parse_source_arg(text: str, options: str | None = None) -> SourceSpec:
    """A ``--source TAB=LOCATION`` of the command line (a format may follow the tab:
    ``orders:csv=export.txt``).

    >>> parse_source_arg("orders=data/*.parquet").tab
    'Orders'
    """
    name, sep, location = text.partition("=")
    if not sep or not location.strip():
        raise keyed(SourceError, "error.source.arg", text=repr(text))
    name, _, kind = name.partition(":")
    where = f"--source {text!r}"
    return SourceSpec(
        _tab_name(name, where),
        location.strip(),
        _format(kind or None, where),
        parse_options(options, where),
        "--source",
    )


def specs_from_rows(rows: Iterable[Mapping[str, Any]], sheet: str) -> list[SourceSpec]:
    """The sources of the Sources tab's rows (``tab``, ``location``, ``format``, ``options``;
    ``row`` is the Excel row, for messages)."""
    specs: dict[str, SourceSpec] = {}
    for row in rows:
        where = Words("error.source.row", sheet=sheet, row=row.get("row", "?"))
        tab = _tab_name(row["tab"], where)
        if tab in specs:
            raise keyed(
                SourceError, "error.source.twice", where=where, tab=tab, source=specs[tab].label
            )
        specs[tab] = SourceSpec(
            tab,
            str(row["location"]).strip(),
            _format(row.get("format"), where),
            parse_options(row.get("options"), where),
            str(where),
        )
    return list(specs.values())


def resolve_files(spec: SourceSpec, base: Path | None, suffixes: tuple[str, ...]) -> list[Path]:
    """The files a file source names, sorted: one file, a folder's files (recursively), or
    the files a glob matches. Raises :class:`SourceError` when there are none."""
    location = expand_env(spec.location, spec)
    path = _absolute(location, base)
    if any(ch in location for ch in "*?["):
        found = sorted(Path(p) for p in glob.glob(str(path), recursive=True) if Path(p).is_file())
        if not found:
            raise spec.fail("error.source.no_match")
        return found
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
        if not found:
            raise spec.fail("error.source.folder", suffixes=either(suffixes))
        return found
    if not path.exists():
        raise spec.fail("error.source.no_file", file=repr(path.name), folder=repr(str(path.parent)))
    if not os.access(path, os.R_OK):
        raise spec.fail("error.source.denied")
    return [path]


def either(items: Sequence[str]) -> Words | str:
    """Items joined by ``or`` (``или`` in Russian), each one in turn.

    >>> either([".csv", ".tsv", ".txt"]).say("ru")
    '.csv или .tsv или .txt'
    """
    words: Words | str = items[-1]
    for item in reversed(items[:-1]):
        words = Words("error.source.or", first=item, rest=words)
    return words


def cause(exc: BaseException) -> BaseException | str:
    """Why a source could not be read, for its message: an error that carries the key of
    its words as itself (said in the user's language), anything else as its first line."""
    if getattr(exc, "key", None):
        return exc
    text = [line for line in str(exc).strip().splitlines() if line.strip()]
    return (text[0] if text else type(exc).__name__)[:300]
