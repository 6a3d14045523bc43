"""What each scorecard KPI is and which raw data the summary reads for it.

The summary ends with a definitions table: for every scorecard KPI its formula and
meaning from the catalogue, in the workbook's language, and the tabs and columns the
refresh read to compute it (the sheet names as the workbook spells them).  A table,
rather than a note on each KPI's cell, prints and exports to PDF with the numbers, reads
the same in Excel, LibreOffice and a printout, and is written by both writers as plain
cells.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from .catalogue import CATALOGUE
from .i18n import text
from .layout import Value
from .measures import Inputs, inputs
from .report import Report
from .report.tables import SCORECARD
from .schema import tab

__all__ = ["KPI_INPUTS", "definition_rows", "definitions_table", "formula_text", "inputs_text"]


# a billing export's subscriptions (:mod:`xl_kpi.report.subscriptions`): each customer's
# paid invoices by period, and for LTV and its ratios the margin and the spend
_BILLED = ("customer_id", "date", "status", "revenue")

#: The raw tabs and columns the summary reads for each scorecard KPI (catalogue name ->
#: (tab, columns) pairs; a Settings entry names the setting): those of the measures it
#: reads (:func:`xl_kpi.measures.inputs`), and those of the subscriptions' and the
#: pipeline's rows.  Every KPI is by period, so the date column of each tab is read too
#: and not listed, except where the date decides who counts (a customer's first order).
KPI_INPUTS: Mapping[str, Inputs] = {
    **{spec.entry.name: inputs(spec.reads) for spec in SCORECARD},
    **dict.fromkeys(
        ("mrr", "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr"),
        (("Orders", _BILLED),),
    ),
    "net_revenue_retention": (("Orders", _BILLED),),
    "ltv": (("Orders", (*_BILLED, "cost")),),
    "ltv_cac": (("Orders", (*_BILLED, "cost")), ("Spend", ("spend",))),
    "cac_payback": (("Orders", (*_BILLED, "cost")), ("Spend", ("spend",))),
    "pipeline": inputs(("pipeline",)),
    "pipeline_weighted": inputs(("pipeline_weighted",)),
    "pipeline_coverage": (*inputs(("pipeline",)), ("Targets", ("kpi", "target"))),
}


def inputs_text(name: str, report: Report, lang: str) -> str:
    """The data a KPI was computed from, as ``Orders: revenue, status; Spend: spend``.

    Tabs are named as the workbook names them (a tab it lacks by its name in ``lang``),
    columns by their header in ``lang``; ROMI on gross profit reads the cost of goods too.
    """
    parts = []
    inputs = KPI_INPUTS[name]
    if name == "cac" and report.settings.sales_costs:  # the sales team's costs, as set
        inputs = (*inputs, ("Settings", ("sales_costs",)))
    for tab_name, columns in inputs:
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


def formula_text(name: str, lang: str) -> str:
    """A KPI's formula in ``lang``: ``ROMI = (income - cost) / cost`` in English (the
    catalogue's), ``ROMI = (доход − расход) / расход`` in Russian, named by its title."""
    entry = CATALOGUE[name]
    if lang == "ru":
        return f"{entry.title(lang)} = {text(f'formula.{name}', lang)}"
    return f"{entry.excel_name} = {entry.formula}"


def definition_rows(report: Report, lang: str) -> list[tuple[str, str, str, str]]:
    """(title, formula, meaning, data used) of every scorecard KPI, in scorecard order."""
    rows = []
    for line in report.scorecard:
        entry = CATALOGUE[line.entry.name]
        rows.append(
            (
                entry.title(lang),
                formula_text(entry.name, lang),
                entry.description(lang),
                inputs_text(entry.name, report, lang),
            )
        )
    return rows


#: Characters of a definition's line: columns B to M hold about 130 of them.
LINE_CHARS = 125


def definitions_table(
    report: Report, t: Mapping[str, str], lang: str, widths: Mapping[int, float]
) -> tuple[list[list[Value]], list[list[str | None]]]:
    """The definitions as rows of cells and their styles: each scorecard KPI's title and
    formula, then its meaning and the data it used on the lines below.

    Each text runs over the empty cells to its right and wraps into lines of its own
    (:data:`LINE_CHARS`), so the table needs neither wrapped cells nor merged ones and
    prints within the width of the tables above it.
    """
    del widths  # every line starts in column B and runs to the page's edge
    rows: list[list[Value]] = [[t["kpi"], t["formula"]]]
    styles: list[list[str | None]] = [["band", "band"]]
    for title, formula, meaning, used in definition_rows(report, lang):
        rows.append([title, formula])
        styles.append(["label", None])
        said = [*_wrap(meaning), *_wrap(f"{t['data_used']}: {used}")]
        rows += [[None, line] for line in said]
        styles += [[None, "note"] for _ in said]
    return rows, styles


def _wrap(text_: str) -> list[str]:
    return textwrap.wrap(text_, LINE_CHARS, break_long_words=False) or [""]
