"""What several KPI modules share: argument help and the period filter of amounts."""

from __future__ import annotations

import numpy as np

from ..catalogue import Category
from ..inputs import InputError

FIN, SALES, MKT, SMM, LOYAL = (
    Category.FINANCIAL,
    Category.SALES,
    Category.MARKETING,
    Category.SMM,
    Category.LOYALTY,
)


AMOUNTS = "Order amounts, a range; blanks are skipped."
DATES = "Optional dates of the amounts, a range of the same size."
START = "Optional first day counted (inclusive)."
END = "Optional last day counted (inclusive)."


def same_size(first: str, a: np.ndarray, second: str, b: np.ndarray) -> None:
    """Refuse two ranges of different sizes whose cells go in pairs, naming both."""
    if a.size != b.size:
        raise InputError.of(
            "input.same_size",
            first=first,
            second=second,
            first_size=str(a.size),
            second_size=str(b.size),
        )


def in_period(amounts: np.ndarray, dates, start, end) -> np.ndarray:
    """The non-blank amounts dated within [start, end]; all of them without a period."""
    keep = ~np.isnan(amounts)
    if dates is not None and (start is not None or end is not None):
        same_size("amounts", amounts, "dates", dates)
        undated = keep & np.isnat(dates)
        if undated.any():
            row = int(np.flatnonzero(undated)[0]) + 1
            raise InputError.of("input.undated", row=str(row))
        days = dates.astype("datetime64[D]")
        if start is not None:
            keep &= days >= start.astype("datetime64[D]")
        if end is not None:
            keep &= days <= end.astype("datetime64[D]")
    return amounts[keep]
