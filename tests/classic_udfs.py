"""Classic xlwings' Windows UDF machinery on this machine, for the tests: its decorators
and VBA generation loaded with the Windows COM modules stubbed, ``xl_kpi.udfs`` rebuilt
with them (the ``classic`` fixture of ``conftest.py``), and the VBA it generates."""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
import types
from collections.abc import Iterator

import pytest
import xlwings

import xl_kpi.udfs


def com_stubs() -> dict[str, types.ModuleType]:
    """Stand-ins for the Windows COM modules xlwings' UDF module imports."""
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *a, **k: None
    win32com.client = client
    return {
        "pythoncom": pythoncom,
        "pywintypes": pywintypes,
        "win32com": win32com,
        "win32com.client": client,
    }


@contextlib.contextmanager
def loaded() -> Iterator[tuple[types.ModuleType, types.ModuleType]]:
    """(xlwings' ``udfs`` module, ``xl_kpi.udfs`` rebuilt with its decorators); both put
    back as they were afterwards."""
    mp = pytest.MonkeyPatch()
    for name, module in com_stubs().items():
        mp.setitem(sys.modules, name, module)
    mp.delitem(sys.modules, "xlwings.udfs", raising=False)
    xw_udfs = importlib.import_module("xlwings.udfs")
    mp.setattr(xlwings, "func", xw_udfs.xlfunc)
    mp.setattr(xlwings, "arg", xw_udfs.xlarg)
    mp.setattr(xlwings, "script", xw_udfs.xlsub)
    try:
        yield xw_udfs, importlib.reload(xl_kpi.udfs)
    finally:
        mp.undo()
        importlib.reload(xl_kpi.udfs)


def vba_module(
    classic: tuple[types.ModuleType, types.ModuleType], workbook_name: str = "kpis.xlsm"
) -> str:
    """The VBA module xlwings' Import Functions writes into ``workbook_name``."""
    xw_udfs, module = classic
    out = io.StringIO()
    xw_udfs.generate_vba_wrapper(
        "xl_kpi.udfs", module, out, types.SimpleNamespace(Name=workbook_name)
    )
    return out.getvalue()
