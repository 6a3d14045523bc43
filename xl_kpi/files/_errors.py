"""The errors the file adapters raise for users: their messages say what to do."""

from __future__ import annotations

from ..problems import Problem


class SpliceError(Problem, ValueError):
    """The summary sheet cannot be inserted; the message is meant for the user."""

    __module__ = "xl_kpi.files.splice"  # where it is public: tracebacks and pickles name it so


class MissingFile(Problem, FileNotFoundError):
    """The workbook asked for is not there; the message names the file and the folder."""


class UnsafeWorkbook(Problem, ValueError):
    """The file is not a workbook that can be read safely; the message says why."""

    __module__ = "xl_kpi.files.guard"
