"""The xlwings Lite parts of a template: its code, and the web extension that carries it.

xlwings Lite keeps a workbook's ``main.py`` and ``requirements.txt`` as properties of a
web extension part (``xl/webextensions/webextension1.xml``) that references the add-in in
Microsoft's store; a task-pane part opens the add-in with the workbook. The parts are
written as the add-in itself writes them (checked against workbooks it saved):

* properties in its order: ``main.py``, ``pyodideVersion``, ``addinVersion``,
  ``requirements.txt``; each value a JSON string (:func:`property_value`);
* ``requirements.txt`` starts with the lines the add-in marks ``# required``
  (:data:`LITE_REQUIRED`), then ``xl-kpi`` pinned to this package's version;
* ``pyodideVersion`` and ``addinVersion`` name the Pyodide and add-in that pinned those
  lines (:data:`LITE_PYODIDE_VERSION`, :data:`LITE_ADDIN_VERSION`), so the add-in sees a
  workbook of the version whose xlwings it carries.
"""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape

from .. import __version__
from ..files.flavor import LITE_ADDIN_ID

__all__ = [
    "LITE_ADDIN_VERSION",
    "LITE_PYODIDE_VERSION",
    "LITE_REQUIRED",
    "LITE_XLWINGS",
    "MAIN_PY",
    "UDF_MODULE",
    "add_lite_parts",
    "lite_files",
    "lite_properties",
    "property_value",
]

#: The Python module of the KPI functions and the Refresh script.
UDF_MODULE = "xl_kpi.udfs"

#: The xlwings version xlwings Lite pins in the workbooks it makes (add-in 1.0.0.0-18,
#: "New workbooks now default to xlwings 0.33.15" in its changelog). A workbook runs the
#: xlwings its requirements.txt pins, whatever the add-in's version.
LITE_XLWINGS = "0.33.15"
#: The lines xlwings Lite writes first into every workbook's requirements.txt, each marked
#: ``# required`` (two spaces before the ``#``), as the add-in of that xlwings writes them.
LITE_REQUIRED: tuple[str, ...] = (
    f"xlwings=={LITE_XLWINGS}  # required",
    "python-dotenv==1.1.1  # required",
    "pyodide-http  # required",
    "black  # required",
)
#: The Pyodide and add-in versions the add-in records with those lines.
LITE_PYODIDE_VERSION = "0.27.5"
LITE_ADDIN_VERSION = "1.0.0.0-18"

#: The web extension's own id in the workbook: any GUID, fixed so builds are equal.
_LITE_EXTENSION_GUID = "{E76579E3-CEFF-510C-AC83-14372AC7EDD1}"
_WE_NS = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
_WETP_NS = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_WEBEXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension"
_REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
_CT_WEBEXTENSION = "application/vnd.ms-office.webextension+xml"
_CT_TASKPANES = "application/vnd.ms-office.webextensiontaskpanes+xml"
_WEBEXTENSION_PART = "xl/webextensions/webextension1.xml"
_TASKPANES_PART = "xl/webextensions/taskpanes.xml"
_TASKPANES_RELS = "xl/webextensions/_rels/taskpanes.xml.rels"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

MAIN_PY = f'''"""xl-kpi in this workbook: sales and marketing KPIs as Excel functions.

Every KPI of the xl-kpi catalogue is a cell function (=ROMI(...), =CPC(...), =CAC(...)
and the rest), and the script refresh_kpis is bound to the Refresh button on the
KPI Summary sheet: it reads the raw tabs and rebuilds the summary. The code lives in the
xl-kpi package (see requirements.txt); this file only brings it in.
"""

from {UDF_MODULE} import *  # noqa: F403
'''


def lite_files() -> dict[str, str]:
    """The ``main.py`` and ``requirements.txt`` a Lite template carries, by file name (the
    names of xlwings Lite's editor tabs)."""
    requirements = "\n".join([*LITE_REQUIRED, f"xl-kpi=={__version__}"]) + "\n"
    return {"main.py": MAIN_PY, "requirements.txt": requirements}


def lite_properties() -> dict[str, str]:
    """The web extension's properties by name, in the add-in's order, as plain text."""
    files = lite_files()
    return {
        "main.py": files["main.py"],
        "pyodideVersion": LITE_PYODIDE_VERSION,
        "addinVersion": LITE_ADDIN_VERSION,
        "requirements.txt": files["requirements.txt"],
    }


def property_value(text: str) -> str:
    """``text`` as the add-in stores a property value: a JSON string with the characters as
    they are (no ``\\u`` escapes) and every ``/`` escaped as ``\\/``, then escaped for an
    XML attribute (``&``, ``<``, ``>`` and ``"``)."""
    encoded = json.dumps(text, ensure_ascii=False).replace("/", "\\/")
    return escape(encoded, {'"': "&quot;"})


def _lite_parts() -> dict[str, bytes]:
    """The web extension parts that make a workbook open xlwings Lite with its code."""
    properties = "".join(
        f'<we:property name="{name}" value="{property_value(text)}"/>'
        for name, text in lite_properties().items()
    )
    webextension = (
        f'{_XML_DECL}<we:webextension xmlns:we="{_WE_NS}" id="{_LITE_EXTENSION_GUID}">'
        f'<we:reference id="{LITE_ADDIN_ID}" version="1.0.0.0" store="en-US" '
        'storeType="OMEX"/>'
        f'<we:alternateReferences><we:reference id="{LITE_ADDIN_ID.upper()}" '
        f'version="1.0.0.0" store="{LITE_ADDIN_ID.upper()}" storeType="OMEX"/>'
        "</we:alternateReferences>"
        f"<we:properties>{properties}</we:properties>"
        f'<we:bindings/><we:snapshot xmlns:r="{_R_NS}"/></we:webextension>'
    )
    taskpanes = (
        f'{_XML_DECL}<wetp:taskpanes xmlns:wetp="{_WETP_NS}">'
        '<wetp:taskpane dockstate="right" visibility="1" width="350" row="1">'
        f'<wetp:webextensionref xmlns:r="{_R_NS}" r:id="rId1"/>'
        "</wetp:taskpane></wetp:taskpanes>"
    )
    rels = (
        f'{_XML_DECL}<Relationships xmlns="{_PKG_RELS_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_WEBEXTENSION}" Target="webextension1.xml"/>'
        "</Relationships>"
    )
    return {
        _WEBEXTENSION_PART: webextension.encode(),
        _TASKPANES_PART: taskpanes.encode(),
        _TASKPANES_RELS: rels.encode(),
    }


def add_lite_parts(members: dict[str, bytes]) -> None:
    """Add the web extension parts to a package's members, with a package relationship to
    the task pane and the two content types."""
    rels = members["_rels/.rels"].decode()
    taken = set(re.findall(r'\bId="([^"]*)"', rels))
    rid = next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)
    relationship = f'<Relationship Id="{rid}" Type="{_REL_TASKPANES}" Target="{_TASKPANES_PART}"/>'
    members["_rels/.rels"] = rels.replace(
        "</Relationships>", relationship + "</Relationships>"
    ).encode()
    overrides = (
        f'<Override PartName="/{_TASKPANES_PART}" ContentType="{_CT_TASKPANES}"/>'
        f'<Override PartName="/{_WEBEXTENSION_PART}" ContentType="{_CT_WEBEXTENSION}"/>'
    )
    types = members["[Content_Types].xml"].decode()
    members["[Content_Types].xml"] = types.replace("</Types>", overrides + "</Types>").encode()
    members.update(_lite_parts())
