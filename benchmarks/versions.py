"""Which version of the product a benchmark's child process runs, and how.

Python puts the working folder first on its path, so a child started from a repository's
root imports that tree whatever ``PYTHONPATH`` says: each child runs outside the repository
with its version's folder on ``PYTHONPATH``. And each version's modules are compiled to
bytecode first, as ``pip install`` leaves them, so that the fixed cost measured is the
product's, not the compiler's where Python is told not to write bytecode.
"""

from __future__ import annotations

import compileall
import functools
import os
from pathlib import Path

#: The version of the product the benchmarks belong to (the folder holding its xl_kpi).
PRODUCT = Path(__file__).resolve().parents[1]


def environment(version: Path | None = None) -> dict[str, str]:
    """The environment of a child process that imports ``version`` (default: this one)."""
    folder = version or PRODUCT
    _compiled(folder.resolve())
    return dict(os.environ, PYTHONPATH=str(folder))


@functools.cache
def _compiled(folder: Path) -> None:
    if not compileall.compile_dir(folder / "xl_kpi", quiet=1):
        raise SystemExit(f"{folder / 'xl_kpi'} does not compile")
