"""The Refresh button's work without Excel, on a workbook file (Linux, CI, scheduled jobs).

The Python face of the ``xl-kpi`` commands: each function is one command, over
:mod:`xl_kpi.files.refresh` (read, compute, write the summary only, atomically),
:mod:`xl_kpi.files.pdf` (the summary alone as a PDF, through LibreOffice) and
:mod:`xl_kpi.templates` (new workbooks).
"""

from __future__ import annotations

from .files.pdf import export_pdf
from .files.refresh import Refreshed, check_file, refresh_file, report_file
from .templates import build_template

__all__ = [
    "Refreshed",
    "check_workbook",
    "export_summary_pdf",
    "new_workbook",
    "refresh_workbook",
    "report_workbook",
]

check_workbook = check_file
report_workbook = report_file
refresh_workbook = refresh_file
new_workbook = build_template
export_summary_pdf = export_pdf
