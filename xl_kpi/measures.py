"""The measures: every sum and count the report reads, each declared once.

A measure is what the facts hold per (period, channel) and a KPI is computed from, as a
measure of dbt MetricFlow's semantic model: its name, the raw tab its rows come from,
the column it aggregates and how (a sum, a count of rows, of distinct customers, the last
count of a period), the raw columns it reads, whether it counts what happened (an
outcome: 0 for a channel its tab does not name), and how the summary shows it when it
shows it as a number of its own (its record name, unit, direction and words).

Everything else that names measures is derived from :data:`MEASURES_TABLE`: the columns
the engines sum per tab (:func:`summed`), the names a KPI may read and the outcomes
(:data:`MEASURES`, :data:`OUTCOMES`), the plain sums shown as records and held to targets
(:data:`MEASURE_RECORDS`, :data:`MEASURE_TARGETS`), the units of the channel table, and
the raw tabs and columns each KPI reads (:func:`inputs`).  A new summed column is one
entry here, its words in :mod:`xl_kpi.i18n_summary` (``summary.<name>``) and, when it is a new raw
column, its column in :mod:`xl_kpi.schema`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from .catalogue import Unit

__all__ = [
    "MEASURES",
    "MEASURES_TABLE",
    "MEASURE_RECORDS",
    "MEASURE_TARGETS",
    "OUTCOMES",
    "RECORDED",
    "Aggregation",
    "Measure",
    "inputs",
    "measure",
    "plain",
    "summed",
]


class Aggregation(Enum):
    """How a measure's rows become one number per (period, channel)."""

    SUM = "sum"  # the column's values added up (blank when all are blank)
    COUNT = "count"  # the rows
    COUNT_DISTINCT = "count distinct"  # the distinct values of the column
    LAST = "last"  # each network's count at the end of a period, added over networks


#: The raw inputs a measure reads: (tab, columns) pairs.
Inputs = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Measure:
    """One measure of the facts.

    ``column`` is the column the engines aggregate: a raw column of ``tab``, or one they
    work out per row by a rule the facts keep (``won``: 1 for a converted lead); None
    for a count of rows. ``rule`` names such a rule (``sold``, ``paid``...); a measure
    without one is a *plain* sum of its column, which the facts read with no code of its
    own. ``reads`` are the raw columns the summary's definitions name for it (the date,
    read by every measure, is left out); ``also`` the other tabs it reads. A measure with
    a ``record`` is shown as a number of its own (``SPEND``: a record per period and
    channel, a target's name) in ``unit``, words ``summary.<name>``.
    """

    name: str
    tab: str
    column: str | None
    aggregation: Aggregation
    reads: tuple[str, ...] = ()
    outcome: bool = False
    rule: str | None = None
    also: Inputs = ()
    unit: Unit = Unit.COUNT
    record: str | None = None
    higher_is_better: bool = True

    @property
    def words(self) -> str:
        """The key of its words in :mod:`xl_kpi.i18n`."""
        return f"summary.{self.name}"

    @property
    def inputs(self) -> Inputs:
        return ((self.tab, self.reads), *self.also)


_SUM, _COUNT = Aggregation.SUM, Aggregation.COUNT
_SOLD = ("revenue", "status")  # a sale is an order row that is not cancelled or returned
_OPEN = ("revenue", "status", "close_date", "expected_close")  # an open deal's amount and when
_PAID_SPEND = (("Spend", ("spend", "channel")),)  # the channels with spend are the paid ones

#: Every measure, tab by tab (the order the facts build them in).
MEASURES_TABLE: tuple[Measure, ...] = (
    Measure("spend", "Spend", "spend", _SUM, ("spend",), unit=Unit.MONEY, record="SPEND",
            higher_is_better=False),  # a spend target is a budget: at or below is on track
    Measure("impressions", "Spend", "impressions", _SUM, ("impressions",), record="IMPRESSIONS"),
    Measure("clicks", "Spend", "clicks", _SUM, ("clicks",), record="CLICKS"),
    # Orders: every measure counts sold orders only (not cancelled or returned; of a deals
    # export, won deals), an order's line items summed into one row.
    Measure("revenue", "Orders", "revenue", _SUM, _SOLD, outcome=True, unit=Unit.MONEY),
    Measure("sales", "Orders", None, _COUNT, _SOLD, outcome=True),
    Measure("social_sales", "Orders", None, _COUNT, ("channel", "status"), outcome=True,
            rule="social", also=(("Settings", ("social_channels",)),)),
    Measure("cogs", "Orders", "cost", _SUM, ("status", "cost"), outcome=True, unit=Unit.MONEY),
    Measure("paid_cogs", "Orders", "cost", _SUM, ("cost", "channel", "status"), outcome=True,
            rule="paid", also=_PAID_SPEND, unit=Unit.MONEY),
    Measure("paid_revenue", "Orders", "revenue", _SUM, ("revenue", "channel", "status"),
            outcome=True, rule="paid", also=_PAID_SPEND, unit=Unit.MONEY),
    Measure("new", "Orders", "customer_id", Aggregation.COUNT_DISTINCT,
            ("customer_id", "date", "status"), outcome=True, rule="first order"),
    # The distinct customers of a period and those who ordered twice or more: read by the
    # facts' customer counts, never summed by slice (a slice reads it as no data).
    Measure("buyers", "Orders", "customer_id", Aggregation.COUNT_DISTINCT,
            ("customer_id", "status"), rule="buyers"),
    # a deals export's open deals, by expected close period: worked out apart from the
    # sold orders (engine/facts.py open_deals), so the engines sum no column for them
    Measure("pipeline", "Orders", None, _SUM, _OPEN, outcome=True, rule="open deals"),
    Measure("pipeline_weighted", "Orders", None, _SUM, (*_OPEN, "probability"),
            outcome=True, rule="open deals"),
    Measure("leads", "Leads", None, _COUNT, outcome=True, record="LEADS"),
    Measure("won", "Leads", "won", _SUM, ("status",), outcome=True, rule="converted"),
    Measure("visitors", "Traffic", "visitors", _SUM, ("visitors",), outcome=True),
    Measure("likes", "Social", "likes", _SUM, ("likes",)),
    Measure("comments", "Social", "comments", _SUM, ("comments",)),
    Measure("reposts", "Social", "reposts", _SUM, ("reposts",)),
    Measure("reach", "Social", "reach", _SUM, ("reach",)),
    Measure("followers", "Social", "followers", Aggregation.LAST, ("network", "followers")),
    Measure("aware", "Brand", "aware", _SUM, ("aware",)),
    Measure("surveyed", "Brand", "surveyed", _SUM, ("surveyed",)),
)  # fmt: skip

_BY_NAME: Mapping[str, Measure] = {m.name: m for m in MEASURES_TABLE}

#: Every measure the facts can hold; a tab that is missing, or a column without values,
#: leaves its measures out of the facts' available ones ("no data").
MEASURES = frozenset(_BY_NAME)
#: Measures that count what happened (sales, revenue, leads, visits): a channel their tab
#: does not mention had none of them, so they read as 0 there ("counts of nothing are 0").
#: The other measures (spend, clicks, impressions, social counts) read as no data instead.
OUTCOMES = frozenset(m.name for m in MEASURES_TABLE if m.outcome)
#: Plain sums the summary shows, as records: (record name, measure).
MEASURE_RECORDS: tuple[tuple[str, str], ...] = tuple(
    (m.record, m.name) for m in MEASURES_TABLE if m.record is not None
)
#: The measures shown as numbers of their own, by record name.
RECORDED: Mapping[str, Measure] = {m.record: m for m in MEASURES_TABLE if m.record is not None}
#: The plain sums a target may name besides the catalogue's KPIs: record name -> (unit,
#: higher is better).
MEASURE_TARGETS: Mapping[str, tuple[Unit, bool]] = {
    m.record: (m.unit, m.higher_is_better) for m in MEASURES_TABLE if m.record is not None
}


def measure(name: str) -> Measure:
    """The measure called ``name`` (KeyError for a name that is not one)."""
    return _BY_NAME[name]


def summed(tab: str) -> tuple[str, ...]:
    """The columns the engines sum (and count the values of) per (period, channel) for
    ``tab``, in the table's order: every measure's column but the distinct counts'."""
    distinct = Aggregation.COUNT_DISTINCT
    found = (m.column for m in MEASURES_TABLE if m.tab == tab and m.aggregation is not distinct)
    return tuple(dict.fromkeys(c for c in found if c is not None))


def plain(tab: str) -> tuple[Measure, ...]:
    """The plain sums of ``tab``: a column's sum with no rule of its own."""
    return tuple(
        m for m in MEASURES_TABLE if m.tab == tab and m.aggregation is _SUM and m.rule is None
    )


def inputs(names: Iterable[str]) -> Inputs:
    """The raw tabs and columns the measures ``names`` read, merged tab by tab in the
    order first met (a tab whose measures read no column but its rows: its date)."""
    merged: dict[str, dict[str, None]] = {}
    for name in names:
        for tab, columns in _BY_NAME[name].inputs:
            merged.setdefault(tab, {}).update(dict.fromkeys(columns))
    return tuple((tab, tuple(columns) or ("date",)) for tab, columns in merged.items())
