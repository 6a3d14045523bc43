"""Where a raw tab's rows live: one source per tab, from the Sources tab or the command line.

A source names a raw tab (``Orders``, ``Spend``...), a location (a file, a folder, a glob
of files, or a ``sqlite:///`` / ``postgresql://`` URL), an optional format (guessed from
the location when blank) and options written as ``key=value`` words
(``sep=; encoding=cp1251``, ``table=orders``, ``query="select ..."``).

Credentials never live in the workbook: a location may name environment variables as
``${NAME}`` (``postgresql://${XLKPI_PG}``), expanded only when the source is opened, and
in a workbook's Sources tab only names the user allows (:mod:`xl_kpi.sources.trust`).
What the product shows of a source (notes, errors, progress) is its location as written,
with any password in it replaced by ``***`` (found by taking the URL apart, not by a
pattern), and no expanded value of a variable.

Files are found within bounds (:mod:`xl_kpi.sources.limits`): regular files only, so many
files and bytes at most, folders walked without following links to folders.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
import shlex
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..header_names import key
from ..i18n import TEXT
from ..inputs import is_blank
from ..problems import Problem, Words, keyed
from ..schema import TABS, TabSchema, find_tab, mapped
from .limits import LIMITS, limits
from .trust import allowed

__all__ = [
    "FORMATS",
    "SourceError",
    "SourceSpec",
    "cause",
    "either",
    "expand_env",
    "inside",
    "variables",
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
_PASSWORD_OPTION = re.compile(r"(?i)(password\s*=\s*)('[^']*'|\"[^\"]*\"|[^\s&]+)")


class SourceError(Problem, ValueError):
    """A source that cannot be read: the message names the source and the cause."""


@dataclass(frozen=True)
class SourceSpec:
    """One raw tab read from elsewhere: the tab, where, as what, with which options."""

    tab: str  # canonical raw tab name: Orders, Spend...
    location: str  # as written (environment variables not expanded)
    format: str | None = None  # None: guessed from the location
    options: Mapping[str, str] = field(default_factory=dict)
    origin: str = "--source"  # where it was declared, for messages
    #: The folder relative locations start from (set when the source is read).
    base: Path | None = field(default=None, compare=False)
    #: The folders its files must really be in (links followed); None: anywhere.
    roots: tuple[Path, ...] | None = field(default=None, compare=False)
    #: The workbook's column map for its tab (an export's header -> the tab's column).
    headers: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def schema(self) -> TabSchema | None:
        """The tab it is read as, the workbook's column map's headers winning."""
        found = find_tab(self.tab)
        return found if found is None or not self.headers else mapped(found, self.headers)

    @property
    def from_workbook(self) -> bool:
        """Declared by a workbook's Sources tab (not by the user on the command line)."""
        return self.origin != "--source"

    def at(self, base: Path | None, roots: tuple[Path, ...] | None = None) -> SourceSpec:
        """This source read from ``base``, its files within ``roots``."""
        return dataclasses.replace(self, base=base, roots=roots)

    @property
    def label(self) -> str:
        """The source as shown to people: its location, never a password."""
        return redact(self.location)

    def fail(self, key: str, **params: Any) -> SourceError:
        """The one-line error about this source, its cause the words ``key`` with ``params``
        (``error.source.reason`` with ``reason``: a cause as another program said it)."""
        params = {k: self.scrub(v) if isinstance(v, str) else v for k, v in params.items()}
        cause = Words(key, **params)
        return keyed(SourceError, "error.source", tab=self.tab, source=self.label, cause=cause)

    def scrub(self, text: str) -> str:
        """``text`` without any value of the variables the location names (a driver may
        echo one back: ``invalid integer value "tok-..."``), passwords shown as ``***``."""
        for name in sorted(set(_ENV.findall(self.location)), key=len, reverse=True):
            value = os.environ.get(name, "")
            if len(value) >= 3:
                text = text.replace(value, "***")
        return redact(text)

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
        path = _absolute(self.location, base if base is not None else self.base)
        if path.is_dir():
            inside = {p.suffix.lower() for p in _walk(self, path, ("**", "*"), count=False)}
            for kind in ("parquet", "csv", "tsv", "excel"):
                if any(_EXTENSIONS.get(s) == kind for s in inside):
                    return kind
            raise self.fail("error.source.folder_any")
        raise self.fail("error.source.no_format", formats=", ".join(FORMATS))


def _scheme(location: str) -> str | None:
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]+)://", location.strip())
    return match.group(1).lower() if match else None


def _absolute(location: str, base: Path | None) -> Path:
    """The location as an absolute path: from ``base``, else from the current folder (an
    engine started earlier, Spark's JVM, keeps the folder it started in)."""
    path = Path(os.path.expanduser(location))
    return path if path.is_absolute() else (base if base is not None else Path.cwd()) / path


def redact(text: str) -> str:
    """``text`` with the password of a URL or of ``password=`` options shown as ``***``.

    The URL is taken apart as a connection library does (the user's part ends at the last
    ``@`` of the address, the password starts after its first ``:``), so a password holding
    ``@``, ``:`` or ``/`` is hidden whole.

    >>> redact("postgresql://kpi:s3cret@db:5432/shop")
    'postgresql://kpi:***@db:5432/shop'
    >>> redact("postgresql://kpi:p@ss@db/shop?sslmode=require&password=x")
    'postgresql://kpi:***@db/shop?sslmode=require&password=***'
    >>> redact("host=db password=s3cret user=kpi")
    'host=db password=*** user=kpi'
    """
    found = re.search(r"[A-Za-z][A-Za-z0-9+.-]*://", text)
    if found is not None:
        start = found.end()
        rest = text[start:]
        end = min((i for i in (rest.find(c) for c in "?# \t\n") if i >= 0), default=len(rest))
        at = rest.rfind("@", 0, end)
        if at >= 0 and ":" in rest[:at]:
            user = rest[: rest.index(":")]
            text = text[:start] + user + ":***" + rest[at:]
    return _PASSWORD_OPTION.sub(lambda m: m.group(1) + "***", text)


def variables(text: str) -> list[str]:
    """The names of the environment variables ``text`` names as ``${NAME}``."""
    return list(dict.fromkeys(_ENV.findall(text)))


def expand_env(text: str, spec: SourceSpec) -> str:
    """``text`` with each ``${NAME}`` replaced by that environment variable; in a
    workbook's source, only names the user allows (:func:`xl_kpi.sources.trust.allowed`).

    Raises :class:`SourceError` naming the variable when it is not set or not allowed.
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if spec.from_workbook and not allowed(name):
            raise spec.fail("error.trust.variable", name=name)
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
    the files a glob matches. Raises :class:`SourceError` when there are none, when one is
    not a regular file or lies outside the source's folders, or when they are more files
    or bytes than the limits allow."""
    location = expand_env(spec.location, spec)
    path = _absolute(location, base if base is not None else spec.base)
    if any(ch in location for ch in "*?["):
        root, pattern = _glob_root(path)
        found = sorted(_walk(spec, root, pattern))
        if not found:
            raise spec.fail("error.source.no_match")
    elif path.is_dir():
        found = sorted(p for p in _walk(spec, path, ("**", "*")) if p.suffix.lower() in suffixes)
        if not found:
            raise spec.fail("error.source.folder", suffixes=either(suffixes))
    else:
        if not path.exists():
            folder = repr(str(path.parent))
            raise spec.fail("error.source.no_file", file=repr(path.name), folder=folder)
        found = [path]
    budget = limits()
    total = 0
    for file in found:
        total += check_file(spec, file).st_size
        if total > budget.bytes:
            raise spec.fail(
                "error.limit.bytes", limit=_size(budget.bytes), variable=LIMITS["bytes"]
            )
    return found


def check_file(spec: SourceSpec, path: Path) -> os.stat_result:
    """``path``'s status when it is a regular file, readable, inside the source's folders."""
    try:
        st = path.stat()
    except OSError:
        folder = repr(str(path.parent))
        raise spec.fail("error.source.no_file", file=repr(path.name), folder=folder) from None
    if not stat.S_ISREG(st.st_mode):
        raise spec.fail("error.source.not_regular", file=repr(path.name))
    if spec.roots is not None and not any(inside(path, root) for root in spec.roots):
        raise spec.fail("error.trust.outside", file=repr(path.name), real=repr(real(path)))
    if not os.access(path, os.R_OK):
        raise spec.fail("error.source.denied")
    return st


def real(path: Path) -> str:
    """Where ``path`` really is, its links followed."""
    return os.path.realpath(path)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (its links followed) is ``root`` or in it."""
    here, top = real(path), real(root)
    return here == top or here.startswith(top.rstrip(os.sep) + os.sep)


def _size(count: int) -> str:
    for unit, shift in (("GB", 30), ("MB", 20), ("KB", 10)):
        if count >= 1 << shift and count % (1 << shift) == 0:
            return f"{count >> shift} {unit}"
    return f"{count} bytes"


def _glob_root(path: Path) -> tuple[Path, tuple[str, ...]]:
    """The folder a glob starts in (its parts before the first wildcard) and the rest."""
    parts = path.parts
    first = next(i for i, p in enumerate(parts) if any(ch in p for ch in "*?["))
    return Path(*parts[:first]), tuple(parts[first:])


def _matches(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether a path's parts below the glob's folder match its parts (``**``: any number of
    folders), each part as ``glob`` matches one: names starting with a dot only explicitly."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return _matches(parts, pattern[1:]) or (
            bool(parts) and not parts[0].startswith(".") and _matches(parts[1:], pattern)
        )
    if not parts or (parts[0].startswith(".") and not pattern[0].startswith(".")):
        return False
    same = fnmatch.fnmatch(parts[0], pattern[0])  # the platform's case rule, as glob's
    return same and _matches(parts[1:], pattern[1:])


def _walk(spec: SourceSpec, root: Path, pattern: tuple[str, ...], count: bool = True) -> list[Path]:
    """The files below ``root`` whose path matches ``pattern``, walked without following a
    link to a folder (a link loop cannot make it endless), at most the files limit.

    Written here rather than with :func:`glob.glob`, which follows links to folders (a
    loop of links makes ``**`` run until paths are too long) and cannot stop at a count.
    """
    budget = limits()
    deep = "**" in pattern
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        below = Path(folder).relative_to(root).parts
        if not deep and len(below) >= len(pattern) - 1:
            dirs[:] = []  # deeper folders cannot match a pattern without **
        for name in files:
            if _matches((*below, name), pattern):
                found.append(Path(folder, name))
                if len(found) > budget.files:
                    if not count:
                        return found
                    raise spec.fail(
                        "error.limit.files", limit=budget.files, variable=LIMITS["files"]
                    )
    return found


def either(items: Sequence[str]) -> Words | str:
    """Items joined by ``or`` (``или`` in Russian), each one in turn.

    >>> either([".csv", ".tsv", ".txt"]).say("ru")
    '.csv или .tsv или .txt'
    """
    words: Words | str = items[-1]
    for item in reversed(items[:-1]):
        words = Words("error.source.or", first=item, rest=words)
    return words


#: What readers and engines say of a file they cannot read, as words a user can act on.
_SAID = (
    (re.compile(r"Maximum line size of (?P<limit>\d+) bytes"), "error.source.line_long"),
    (
        re.compile(
            r"too small to be a Parquet|magic bytes|non-root column|not a parquet"
            r"|Parquet file size is|minimum file footer|Could not open Parquet",
            re.IGNORECASE,
        ),
        "error.source.not_parquet",
    ),
    (
        re.compile(
            r"sniffing file|CSV Error on Line|Error tokenizing data|EOF inside string"
            r"|field larger than field limit|unquoted field|Expected \d+ fields",
            re.IGNORECASE,
        ),
        "error.source.csv_broken",
    ),
)
_QUOTED_FILE = re.compile(r"""(?:file|File)\s*(?:['"]([^'"]+)['"]|=\s*(\S+))""")
_LINE = re.compile(r"(?:Line|line|row)\s*:?\s*(\d+)")


def cause(exc: BaseException, file: str | None = None) -> BaseException | Words | str:
    """Why a source could not be read, for its message: an error that carries the key of
    its words as itself (said in the user's language), what a reader says of a broken
    file in the product's words (naming ``file`` when it does not), anything else as its
    first line."""
    if isinstance(exc, Problem) and exc.key is not None:
        return exc
    text = [line for line in str(exc).strip().splitlines() if line.strip()]
    first = (text[0] if text else type(exc).__name__)[:300]
    for pattern, said in _SAID:
        found = pattern.search(str(exc))
        if found:
            named = _QUOTED_FILE.search(str(exc))
            shown = (
                Path(named.group(1) or named.group(2)).name
                if named
                else file or Words("error.source.a_file")
            )
            line = _LINE.search(str(exc))
            where = Words("error.source.at_line", line=line.group(1)) if line else ""
            return Words(said, file=shown, where=where, **found.groupdict())
    return first
