"""``python -m xl_kpi.templates FOLDER``: rebuild the six published templates."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from . import TEMPLATE_NAMES, build_all


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m xl_kpi.templates",
        description="(Re)build the six published templates: " + ", ".join(TEMPLATE_NAMES.values()),
    )
    parser.add_argument("folder", help="where the templates go, e.g. workbooks")
    folder = parser.parse_args(argv).folder
    # fastexcel warns about every all-blank column of the blank templates: not news here.
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    build_all(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
