"""The error raised when a sheet cannot be spliced into a workbook."""

from __future__ import annotations


class SpliceError(ValueError):
    """The summary sheet cannot be inserted; the message is meant for the user."""

    __module__ = "xl_kpi.files.splice"  # where it is public: tracebacks and pickles name it so
