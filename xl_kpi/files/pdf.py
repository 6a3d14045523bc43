"""The KPI Summary alone as a PDF, through LibreOffice: for people without Excel.

:func:`export_pdf` copies the workbook to a temporary folder with every sheet but the
summary hidden and the summary made the active sheet, converts the copy with LibreOffice
headless (a private, temporary profile, so an open LibreOffice does not interfere), and
moves the PDF into place in one step.  The workbook itself is only read.

A workbook is untrusted: making its PDF must not make this machine fetch anything. The
copy has no external relationship left (linked pictures, hyperlinks, links to other
workbooks and data connections point nowhere), and the profile LibreOffice runs with
never updates links, never recalculates on load (``WEBSERVICE``), runs no macros, and
sends whatever might still try the network to a closed port on this machine.  The page setup
the summary carries (landscape, one page wide, the title rows on every page, page breaks
between sections) decides how the PDF looks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..excelfacts import MARKER_NAME
from ..problems import Problem, keyed
from ._errors import SpliceError
from ._opc import REL_NS, Package, open_archive
from ._xmltext import Edit, apply_edits, parse, set_attr
from ._zipcopy import copy_raw, write_member

__all__ = ["NoLibreOffice", "PdfError", "export_pdf", "find_soffice", "summary_only"]

#: How long one conversion may take, in seconds.
TIMEOUT = 300


class PdfError(Problem, OSError):
    """The PDF cannot be made; the message says why."""


class NoLibreOffice(PdfError):
    """LibreOffice, which writes the PDF, is not installed (or not on the PATH)."""


def find_soffice() -> str:
    """The LibreOffice program, or :class:`NoLibreOffice` saying how to get it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise keyed(NoLibreOffice, "error.pdf.no_soffice")
    return found


def summary_only(book: str | os.PathLike[str], out: str | os.PathLike[str]) -> str:
    """Copy ``book`` to ``out`` with every sheet but the summary hidden; return its name.

    The summary is the sheet carrying the marker name a refresh gives it. Only
    ``workbook.xml`` and the summary's drawing (without the objects marked not to print)
    change; every other member is copied as it is.

    Raises:
        SpliceError: ``book`` is not a workbook, or has no summary (it was never refreshed).
    """
    with open_archive(book) as zin, open(book, "rb") as src:
        pkg = Package(zin)
        part = pkg.main_part()
        text, wb = parse(pkg.read(part), part)
        sheets = wb.child("sheets")
        found = sheets.kids("sheet") if sheets else []
        names = wb.child("definedNames")
        index = next(
            (
                int(node.attrs["localSheetId"])
                for node in (names.kids("definedName") if names else [])
                if node.attrs.get("name", "").casefold() == MARKER_NAME
                and node.attrs.get("localSheetId", "").isdigit()
                and int(node.attrs["localSheetId"]) < len(found)
            ),
            None,
        )
        if index is None:
            raise keyed(SpliceError, "error.pdf.no_summary", file=Path(book).name)
        edits: list[Edit] = []
        for i, sheet in enumerate(found):
            tag = text[sheet.start : sheet.open_end]
            state = None if i == index else sheet.attrs.get("state", "hidden")
            if state == "visible":
                state = "hidden"
            new = set_attr(tag, "state", state)
            if new != tag:
                edits.append((sheet.start, sheet.open_end, new))
        sheet_rel = next(
            (r for r in pkg.rels(part) if r.id == found[index].ns_attr(REL_NS, "id")), None
        )
        drawings = {
            r.part.lower(): r.part
            for r in (pkg.rels(sheet_rel.part) if sheet_rel else [])
            if r.type.endswith("/drawing") and not r.external and pkg.has(r.part)
        }
        view = (wb.child("bookViews") or wb).child("workbookView")
        if view is not None:
            tag = text[view.start : view.open_end]
            tag = set_attr(set_attr(tag, "activeTab", str(index)), "firstSheet", str(index))
            edits.append((view.start, view.open_end, tag))
        with zipfile.ZipFile(out, "w", allowZip64=True) as zout:
            for info in zin.infolist():
                if info.filename.lower() == part.lower():
                    write_member(zout, info.filename, apply_edits(text, edits).encode(), info)
                elif info.filename.lower() in drawings:
                    shown = _printed_only(zin.read(info).decode("utf-8"))
                    write_member(zout, info.filename, shown.encode("utf-8"), info)
                elif info.filename.lower().endswith(".rels") and _EXTERNAL.search(
                    rels := zin.read(info).decode("utf-8")
                ):
                    write_member(zout, info.filename, _internal_only(rels).encode("utf-8"), info)
                else:
                    copy_raw(src, info, zout)
        return found[index].attrs.get("name", "")


_ANCHOR = re.compile(r"<(\w+:)?(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b.*?</\1\2>", re.DOTALL)


def _printed_only(drawing: str) -> str:
    """A drawing without the objects marked not to print (the Refresh button): Excel leaves
    them off the page, LibreOffice does not look at the mark."""
    return _ANCHOR.sub(
        lambda m: "" if 'fPrintsWithSheet="0"' in m.group(0) else m.group(0), drawing
    )


_EXTERNAL = re.compile(
    r"<(\w+:)?Relationship\b[^>]*\bTargetMode\s*=\s*[\"']External[\"'][^>]*?(/>|>.*?</(\w+:)?Relationship>)",
    re.DOTALL,
)


def _internal_only(rels: str) -> str:
    """A relationships part without its external targets (URLs, other files): what
    referred to them (a linked picture, a hyperlink) is left pointing at nothing."""
    return _EXTERNAL.sub("", rels)


#: The LibreOffice settings of the conversion's profile: no link updates, no recalculation
#: on load, no macros, linked images from untrusted documents blocked, and any HTTP(S) it
#: might still try sent to the discard port of this machine (nothing listens there).
_OFFLINE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}
</oor:items>
"""
_SETTINGS = (
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "1"),  # never
    ("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode", "1"),  # never
    ("/org.openoffice.Office.Calc/Formula/Load", "ODFRecalcMode", "1"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "1"),  # manual
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
)


def offline_profile(folder: Path) -> Path:
    """A LibreOffice profile in ``folder`` that keeps a conversion off the network."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    items = "\n".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
        for path, name, value in _SETTINGS
    )
    (user / "registrymodifications.xcu").write_text(_OFFLINE.format(items=items), "utf-8")
    return folder


def export_pdf(book: str | os.PathLike[str], out: str | os.PathLike[str]) -> Path:
    """Write the summary sheet of ``book`` (and nothing else of it) as the PDF ``out``.

    Raises:
        NoLibreOffice: LibreOffice is not installed.
        SpliceError: ``book`` has no summary, or is not a workbook.
        OSError: LibreOffice failed to convert it (the message says what it said).
    """
    soffice = find_soffice()
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="xl-kpi-pdf-") as folder:
        tmp = Path(folder)
        copy = tmp / f"summary{Path(book).suffix.lower() or '.xlsx'}"
        summary_only(book, copy)
        profile = offline_profile(tmp / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        command += ["--convert-to", "pdf", "--outdir", str(tmp), str(copy)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise keyed(PdfError, "error.pdf.timeout", seconds=TIMEOUT) from exc
        pdf = tmp / "summary.pdf"
        if not pdf.is_file():
            said = (done.stderr or done.stdout).strip().splitlines()
            if said:
                raise keyed(PdfError, "error.pdf.failed", said=said[-1])
            raise keyed(PdfError, "error.pdf.failed_code", code=done.returncode)
        staged = out.with_name(f".{out.name}.tmp")
        shutil.copyfile(pdf, staged)
        os.replace(staged, out)
    return out
