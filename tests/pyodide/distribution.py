"""The host's half of the Pyodide test: a Pyodide distribution on local disk, a package
index of the wheels a Lite workbook installs, and the Lite template's own files, made from
the npm and Python package registries only (no Pyodide CDN is needed or reached).

Where each piece comes from:

* Pyodide's core (``pyodide.mjs``, the WebAssembly interpreter, the standard library and
  ``pyodide-lock.json``) is the ``pyodide`` package on npm. It carries no package wheels.
* numpy and pandas built for Pyodide are on no package index as wheels of their own; a
  wheel on the Python package index bundles a whole Pyodide distribution (open-webui's,
  :data:`BUILDS`), and only the members needed are fetched from it with HTTP range requests
  (:func:`fetch_members`, about 10 MB of its 134 MB). Pyodide rebuilds its packages for
  every release, so those files' sha256 differ from the lock's: :func:`distribution`
  writes a local lock with the hashes of the files it puts beside it.
* Pure wheels (xlwings at the workbook's pin, openpyxl, micropip...) come by ``pip
  download`` for any platform; the xl-kpi wheel is built from the checkout.
* ``main.py`` and ``requirements.txt`` are read from the Lite template workbook itself.

``run.mjs`` (Node) then serves the index on 127.0.0.1 to micropip, loads Pyodide from the
folder, installs the template's requirements as xlwings Lite does and runs ``check.py``.
"""

from __future__ import annotations

import fnmatch
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

#: Wheels on the Python package index that carry Pyodide-built packages, by Pyodide series:
#: open-webui 0.6.16-0.6.22 bundle Pyodide 0.27.7's distribution (numpy 2.0.2, pandas 2.2.3;
#: ABI pyodide_2024_0, Emscripten 3.1.58, Python 3.12.7: the ABI of every 0.27.x release).
BUILDS = {"0.27": ("open-webui", "0.6.22", "open_webui/frontend/pyodide")}
#: The Pyodide-built packages taken from that wheel: numpy, pandas and every package of the
#: lock that installing the template's requirements reaches (micropip's packaging; black's
#: click; pandas' python-dateutil, pytz and six).
BUILT = ("numpy", "pandas", "python-dateutil", "pytz", "six", "packaging", "click")
#: Pure packages of Pyodide's own lock that are on the Python package index under the same
#: name and version (the lock's files themselves are on the CDN only).
LOCK_PURE = ("micropip", "pyodide-http")

#: Environment markers of Pyodide 0.27.x (Python 3.12.7, Emscripten 3.1.58).
MARKERS = {
    "implementation_name": "cpython",
    "implementation_version": "3.12.7",
    "os_name": "posix",
    "platform_machine": "wasm32",
    "platform_python_implementation": "CPython",
    "platform_release": "3.1.58",
    "platform_system": "Emscripten",
    "platform_version": "#1",
    "python_full_version": "3.12.7",
    "python_version": "3.12",
    "sys_platform": "emscripten",
    "extra": "",
}


def _run(args: list[str], **kw) -> None:
    done = subprocess.run(args, capture_output=True, text=True, timeout=900, **kw)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])}...: {done.stderr[-3000:]}")


# ----------------------------------------------------------------------------- the core
def pyodide_core(version: str, cache: Path) -> Path:
    """The npm package ``pyodide@version`` (its folder), installed once into ``cache``."""
    prefix = cache / "npm" / version
    core = prefix / "node_modules" / "pyodide"
    if not (core / "pyodide.mjs").is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to fetch Pyodide")
        _run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--silent",
              f"pyodide@{version}"])  # fmt: skip
    found = json.loads((core / "package.json").read_text())["version"]
    assert found == version, (found, version)
    return core


# ----------------------------------------------------------------------------- built wheels
class _RangeFile(io.RawIOBase):
    """A remote file read by HTTP range requests: ``zipfile`` reads the central directory
    and the wanted members only."""

    def __init__(self, url: str) -> None:
        self.url, self.pos = url, 0
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=60) as r:
            self.size = int(r.headers["Content-Length"])

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = (offset, self.pos + offset, self.size + offset)[whence]
        return self.pos

    def readinto(self, buffer) -> int:
        if self.pos >= self.size or len(buffer) == 0:
            return 0
        end = min(self.pos + len(buffer), self.size) - 1
        request = urllib.request.Request(self.url, headers={"Range": f"bytes={self.pos}-{end}"})
        with urllib.request.urlopen(request, timeout=300) as r:
            data = r.read()
        buffer[: len(data)] = data
        self.pos += len(data)
        return len(data)


def _index_url() -> str:
    """The package index pip uses here (``PIP_INDEX_URL``, pip's configured index-url, or
    pip's default)."""
    if os.environ.get("PIP_INDEX_URL"):
        return os.environ["PIP_INDEX_URL"].rstrip("/")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "config", "get", "global.index-url"],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode == 0 and done.stdout.strip().startswith("http"):
        return done.stdout.strip().rstrip("/")
    return "https://pypi.org/simple"


def fetch_members(project: str, version: str, folder: str, names: tuple[str, ...], out: Path):
    """The wheels of ``names`` (and the lock) in ``folder`` of ``project``'s wheel, into
    ``out``, fetched once."""
    if (out / "pyodide-lock.json").is_file():
        return
    request = urllib.request.Request(
        f"{_index_url()}/{project}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as r:
        files = json.load(r)["files"]
    (url,) = [f["url"] for f in files if f["filename"].endswith(f"-{version}-py3-none-any.whl")]
    patterns = [f"{folder}/{name.replace('-', '_')}-*.whl" for name in names]
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with zipfile.ZipFile(io.BufferedReader(_RangeFile(url), buffer_size=1 << 20)) as archive:
        for info in archive.infolist():
            name = info.filename
            if name == f"{folder}/pyodide-lock.json" or any(
                fnmatch.fnmatch(name, p) for p in patterns
            ):
                (partial / Path(name).name).write_bytes(archive.read(info))
    partial.rename(out)


# ----------------------------------------------------------------------------- pure wheels
def template_files(workbook: Path) -> dict[str, str]:
    """The web extension's properties of a Lite workbook (``main.py``,
    ``requirements.txt``, ``pyodideVersion``...), as the add-in reads them."""
    with zipfile.ZipFile(workbook) as archive:
        xml = archive.read("xl/webextensions/webextension1.xml").decode()
    return {
        name: json.loads(html.unescape(value))
        for name, value in re.findall(r'<we:property name="([^"]+)" value="([^"]*)"/>', xml)
    }


def pure_requirements(requirements_txt: str, wheel: Path) -> list[Requirement]:
    """What micropip fetches from the index for the template: its requirements and those
    of the xl-kpi wheel that apply on Pyodide, less what Pyodide builds and xl-kpi itself."""
    found = []
    for line in requirements_txt.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            found.append(Requirement(line))
    with zipfile.ZipFile(wheel) as archive:
        (meta,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(meta).decode())
    for line in metadata.get_all("Requires-Dist"):
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(MARKERS):
            found.append(requirement)
    out = []
    for requirement in found:
        if canonicalize_name(requirement.name) not in ("numpy", "pandas", "xl-kpi"):
            requirement.marker = None
            out.append(requirement)
    return out


def pure_wheels(requirements: list[Requirement], lock: dict, index: Path) -> None:
    """Pure wheels for ``requirements`` (xlwings without its dependencies, which are
    Windows' and macOS' only) and the lock's own pure packages, into ``index``."""
    common = ["--only-binary=:all:", "--platform", "any", "--python-version", "3.12",
              "--implementation", "py", "-q", "-d", str(index)]  # fmt: skip
    pip = [sys.executable, "-m", "pip", "download"]
    xlwings = [str(r) for r in requirements if canonicalize_name(r.name) == "xlwings"]
    rest = [str(r) for r in requirements if canonicalize_name(r.name) != "xlwings"]
    rest += [f"{name}=={lock['packages'][name]['version']}" for name in LOCK_PURE]
    _run([*pip, "--no-deps", *common, *xlwings])
    _run([*pip, *common, *rest])


# ----------------------------------------------------------------------------- the folder
def distribution(core: Path, built: Path, index: Path, out: Path) -> dict[str, dict]:
    """Pyodide's folder (what ``loadPyodide`` takes as ``indexURL``): the npm core, the
    built wheels and the lock's pure packages beside it, and a lock whose sha256 are those
    of the files put there. Returns, by package, the lock's hash and the one used."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for path in core.iterdir():
        if path.is_file():
            shutil.copy2(path, out / path.name)
    lock = json.loads((core / "pyodide-lock.json").read_text())
    changes = {}
    candidates = [*built.glob("*.whl")] + [
        p for p in index.glob("*.whl") if canonicalize_name(p.name.split("-")[0]) in LOCK_PURE
    ]
    for wheel in candidates:
        entry = lock["packages"].get(canonicalize_name(wheel.name.split("-")[0]))
        if entry is None or entry["file_name"] != wheel.name:
            continue  # not this release's version of the package
        sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
        changes[entry["name"]] = {"file": wheel.name, "lock": entry["sha256"], "used": sha}
        entry["sha256"] = sha
        shutil.copy2(wheel, out / wheel.name)
    (out / "pyodide-lock.json").write_text(json.dumps(lock))
    return changes


def stand_in_constants(fake: Path, out: Path) -> list[str]:
    """The constants the test stand-in (``fake_xlwings.py``) imports from ``xlwings.main``,
    as source taken from this machine's newer xlwings (0.33.x lacks some): ``check.py``
    adds to xlwings what it lacks, for the stand-in only. Returns their names."""
    import ast
    import importlib.util

    tree = ast.parse(fake.read_text(encoding="utf-8"))
    wanted = sorted(
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "xlwings.main"
        for alias in node.names
    )
    source = Path(importlib.util.find_spec("xlwings.base_classes").origin).read_text()
    defs: dict[str, ast.stmt] = {}
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                defs[target.id] = node
    order: list[str] = []
    todo = list(wanted)
    while todo:
        name = todo.pop()
        if name in order or name not in defs:
            continue
        order.append(name)
        todo += [n.id for n in ast.walk(defs[name]) if isinstance(n, ast.Name)]
    nodes = sorted({id(defs[n]): defs[n] for n in order}.values(), key=lambda n: n.lineno)
    text = "from typing import Literal, get_args  # noqa: F401\n" + "\n".join(
        ast.get_source_segment(source, n) for n in nodes
    )
    out.write_text(f"{text}\nNAMES = {wanted!r}\n")
    return wanted
