"""What each scorecard KPI is and which raw data the summary reads for it.

The summary ends with a definitions table: for every scorecard KPI its formula and
meaning from the catalogue, in the workbook's language, and the tabs and columns the
refresh read to compute it (the sheet names as the workbook spells them).  A table,
rather than a note on each KPI's cell, prints and exports to PDF with the numbers, reads
the same in Excel, LibreOffice and a printout, and is written by both writers as plain
cells.
"""

from __future__ import annotations

from collections.abc import Mapping

from .catalogue import CATALOGUE
from .excelfacts import DEFAULT_COLUMN_WIDTH, column_pixels
from .i18n import text
from .layout import Value
from .report import Report
from .schema import tab

__all__ = ["KPI_INPUTS", "definition_rows", "definitions_table", "inputs_text"]


_Inputs = tuple[tuple[str, tuple[str, ...]], ...]

_SOLD = ("revenue", "status")  # a sale is an order row that is not cancelled or returned
_CUSTOMERS = ("customer_id", "date", "status")
_PAID = (("Orders", ("revenue", "channel", "status")), ("Spend", ("spend", "channel")))

#: The raw tabs and columns the summary reads for each scorecard KPI (catalogue name ->
#: (tab, columns) pairs; a Settings entry names the setting).  Every KPI is by period, so
#: the date column of each tab is read too and not listed, except where the date decides
#: who counts (a customer's first order).
KPI_INPUTS: Mapping[str, _Inputs] = {
    "revenue": (("Orders", _SOLD),),
    "sales_count": (("Orders", _SOLD),),
    "aov": (("Orders", _SOLD),),
    "profit": (("Orders", (*_SOLD, "cost")), ("Spend", ("spend",))),
    "profit_margin": (("Orders", (*_SOLD, "cost")), ("Spend", ("spend",))),
    "new_customers": (("Orders", _CUSTOMERS),),
    "cac": (("Spend", ("spend",)), ("Orders", _CUSTOMERS)),
    "lead_conversion": (("Leads", ("status",)),),
    "conversion_rate": (("Orders", _SOLD), ("Traffic", ("visitors",))),
    "traffic": (("Traffic", ("visitors",)),),
    "engagement": (("Social", ("likes", "comments", "reposts")),),
    "engagement_rate": (("Social", ("likes", "comments", "reposts", "reach")),),
    "ctr": (("Spend", ("clicks", "impressions")),),
    "cpc": (("Spend", ("spend", "clicks")),),
    "cpm": (("Spend", ("spend", "impressions")),),
    "cpl": (("Spend", ("spend",)), ("Leads", ("date",))),
    "cps": (("Spend", ("spend",)), ("Orders", _SOLD)),
    "romi": _PAID,
    "roas": _PAID,
    "drr": _PAID,
    "follower_growth": (("Social", ("network", "followers")),),
    "social_sales": (("Orders", ("channel", "status")), ("Settings", ("social_channels",))),
    "sales_growth": (("Orders", _SOLD),),
    "brand_awareness": (("Brand", ("aware", "surveyed")),),
    "buyer_retention": (("Orders", _CUSTOMERS),),
    "churn_rate": (("Orders", _CUSTOMERS),),
    "repeat_purchase_rate": (("Orders", ("customer_id", "status")),),
}


def inputs_text(name: str, report: Report, lang: str) -> str:
    """The data a KPI was computed from, as ``Orders: revenue, status; Spend: spend``.

    Tabs are named as the workbook names them (a tab it lacks by its name in ``lang``),
    columns by their header in ``lang``; ROMI on gross profit reads the cost of goods too.
    """
    parts = []
    for tab_name, columns in KPI_INPUTS[name]:
        if name == "romi" and tab_name == "Orders" and report.settings.romi_basis != "revenue":
            columns = (*columns, "cost")
        schema = tab(tab_name)
        found = report.tabs.get(tab_name)
        sheet = found.sheet if found is not None else schema.title(lang)
        if tab_name == "Settings":
            shown = [str(text(f"setting.{c}", lang)) for c in columns]
        else:
            shown = [schema.column(c).header(lang) for c in columns]
        parts.append(f"{sheet}: {', '.join(shown)}")
    return "; ".join(parts)


def definition_rows(report: Report, lang: str) -> list[tuple[str, str, str, str]]:
    """(title, formula, meaning, data used) of every scorecard KPI, in scorecard order."""
    rows = []
    for line in report.scorecard:
        entry = CATALOGUE[line.entry.name]
        rows.append(
            (
                entry.title(lang),
                f"{entry.excel_name} = {entry.formula}",
                entry.description(lang),
                inputs_text(entry.name, report, lang),
            )
        )
    return rows


def definitions_table(
    report: Report, t: Mapping[str, str], lang: str, widths: Mapping[int, float]
) -> tuple[list[list[Value]], list[list[str | None]]]:
    """The definitions as rows of cells and their styles: each scorecard KPI's formula and
    the data it used, with its meaning on the line below.

    Each text runs over the empty cells to its right (the data used starts past the
    longest formula, in columns ``widths`` characters wide), so the table needs neither
    wrapped rows nor merged cells and stays within the width of the tables above it.
    """
    found = definition_rows(report, lang)
    used_col = _column_after(1, max(len(formula) for _, formula, _, _ in found) + 2, widths)
    header: list[Value] = [None] * (used_col + 1)
    header[0], header[1], header[used_col] = t["kpi"], t["formula"], t["data_used"]
    rows: list[list[Value]] = [header]
    styles: list[list[str | None]] = [["band"] * len(header)]
    for title, formula, meaning, used in found:
        rows += [[title, formula, *([None] * (used_col - 2)), used], [None, meaning]]
        styles += [["label", *([None] * used_col)], [None, "note"]]
    return rows, styles


def _column_after(col: int, chars: int, widths: Mapping[int, float]) -> int:
    """The first column after ``col`` that text ``chars`` characters long, starting in
    ``col``, does not reach."""
    room = column_pixels(chars)
    while room > 0:
        room -= column_pixels(widths.get(col, DEFAULT_COLUMN_WIDTH))
        col += 1
    return col
