"""A raw tab read and checked: its rows in the tab's canonical columns, and what was wrong.

The one representation of a checked tab, whatever read it (:mod:`xl_kpi.tabs` from a sheet,
:mod:`xl_kpi.sources` from elsewhere); :mod:`xl_kpi.rows` fills it step by step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from .money import Money
from .notes import Note
from .paste import Period
from .schema import TabSchema

if TYPE_CHECKING:
    from .engine.base import Engine

__all__ = ["Tab"]


@dataclass
class Tab:
    """A raw tab read and checked: its rows in canonical columns, and what was wrong."""

    spec: TabSchema
    sheet: str  # the sheet, or the sheets combined ("Spend - Google Ads, Spend - Meta")
    frame: pd.DataFrame
    rows_read: int = 0
    rows_skipped: int = 0
    notes: list[Note] = field(default_factory=list)
    sheets: tuple[str, ...] = ()  # every sheet read into this tab
    period: Period | None = None  # the dates the export says it covers
    deals: bool = False  # Orders from a deals export: only won deals are sales
    rows_excluded: int = 0  # totals rows and repeated line items left out
    money: Money | None = None  # the workbook's currency and rates its money was read with
    lazy: Any = None  # the rows as a narwhals LazyFrame on ``engine``; None: ``frame`` has them
    engine: Engine | None = None  # the engine ``lazy`` lives on
    billing: bool = False  # Orders from a billing export: invoices read as subscriptions
    #: beside a billing export, the deals export's rows: not orders, their open deals
    #: are the pipeline (:mod:`xl_kpi.combined_orders`)
    deals_beside: pd.DataFrame | None = None
