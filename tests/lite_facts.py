"""What xlwings Lite and the Pyodide it runs in are, as seen in their own releases: the
xlwings versions Lite pins, the packages and standard-library modules Pyodide 0.27.5 ships
or leaves out, its environment markers, and what Lite's xlwings engine leaves unimplemented.
Shared by the tests of the Lite template and of the refresh in Pyodide itself."""

from __future__ import annotations

from .pyodide.distribution import MARKERS

#: The xlwings versions xlwings Lite has pinned in new workbooks since 0.33.11: seen in
#: workbooks it saved (0.33.11, 0.33.15) and in its changelog ("New workbooks now default
#: to xlwings ..." for 0.33.12, 0.33.14, 0.33.15, 0.33.19 and 0.33.20).
LITE_PINS = ("0.33.11", "0.33.12", "0.33.14", "0.33.15", "0.33.19", "0.33.20")
#: Packages of Pyodide 0.27.5's own distribution that xl-kpi's requirements reach, with the
#: version it ships (its pyodide-lock.json), and the names they are imported by.
PYODIDE = {
    "numpy": ("2.0.2", "numpy"),
    "pandas": ("2.2.3", "pandas"),
    "python-dateutil": ("2.9.0.post0", "dateutil"),
    "pytz": ("2024.1", "pytz"),
    "six": ("1.16.0", "six"),
    "tzdata": ("2024.1", "tzdata"),
}
#: The standard-library modules Pyodide 0.27.5 ships as packages of their own, loaded only
#: when asked for (its pyodide-lock.json, ``"package_type": "cpython_module"``, less
#: CPython's own ``test`` suite): nothing xlwings Lite imports may need one.
PYODIDE_SEPARATE = frozenset(
    {"_hashlib", "_lzma", "_pydecimal", "_sqlite3", "_ssl", "lzma", "pydoc_data", "sqlite3",
     "ssl"}
)  # fmt: skip
#: Every standard-library module Pyodide 0.27.5 cannot import as it starts: those above and
#: those it leaves out. Seen in Pyodide itself (``tests/test_lite_pyodide.py`` checks it).
NOT_IN_PYODIDE = (
    "_aix_support", "_curses", "_curses_panel", "_dbm", "_gdbm", "_hashlib", "_lzma", "_msi",
    "_multiprocessing", "_osx_support", "_overlapped", "_posixshmem", "_pydecimal", "_scproxy",
    "_sqlite3", "_ssl", "_tkinter", "_uuid", "_winapi", "_wmi", "curses", "dbm", "ensurepip",
    "fcntl", "grp", "idlelib", "lib2to3", "lzma", "msilib", "msvcrt", "nis", "nt",
    "ossaudiodev", "pwd", "pydoc_data", "readline", "resource", "spwd", "sqlite3", "ssl",
    "syslog", "termios", "tkinter", "turtle", "turtledemo", "venv", "winreg", "winsound",
)  # fmt: skip
#: The environment markers of Pyodide 0.27.5 (Python 3.12.7, Emscripten 3.1.58), as the
#: distribution the Pyodide test builds evaluates them, without an extra.
PYODIDE_MARKERS = {k: v for k, v in MARKERS.items() if k != "extra"}
#: What the xlwings 0.33.x engine of xlwings Lite leaves unimplemented (its Sheet and Range
#: do not override these operations of xlwings' base classes, which raise
#: NotImplementedError): charts, column widths, row heights, text wrapping, screen updating.
LITE_033_UNIMPLEMENTED = ("charts", "column_width", "row_height", "wrap_text", "screen_updating")
