"""Which kind of workbook a file is: classic xlwings, xlwings Lite, or plain.

The headless refresh asks, so that the summary it writes carries the Refresh button that
kind of workbook can run (a macro for classic xlwings, a shape xlwings Lite binds to a
script), and none in a plain workbook.
"""

from __future__ import annotations

import os
import zipfile
from typing import Literal

__all__ = ["LITE_ADDIN_ID", "Flavor", "detect_flavor"]

Flavor = Literal["classic", "lite", "plain"]

#: xlwings Lite's id in Microsoft's add-in store, as workbooks reference it.
LITE_ADDIN_ID = "wa200008175"


def detect_flavor(path: str | os.PathLike[str]) -> Flavor:
    """``classic`` for a workbook with a VBA project, ``lite`` for one that carries xlwings
    Lite's add-in, ``plain`` otherwise (the package is read, not the sheets)."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "xl/vbaProject.bin" in names:
            return "classic"
        for name in names:
            if name.startswith("xl/webextensions/webextension") and name.endswith(".xml"):
                if LITE_ADDIN_ID.encode() in archive.read(name).lower():
                    return "lite"
    return "plain"
