"""Sheet layouts made by hand, for the tests of what writes them: a summary like the
core's for the live workbook (tricky text, charts with a target line, a sparkline, a colour
scale, a page setup) and three months with tricky cells for the file renderer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xl_kpi.layout import Block, ChartSpec, ColorScale, PageSetup, SheetLayout, Sparkline

SUMMARY = "KPI summary"
FORMULA_TEXT = '=HYPERLINK("http://example.com")'


def block(row: int, col: int, rows: list[list[Any]], styles: list[list[str | None]]) -> Block:
    """A block of ``rows`` and their ``styles`` at ``row``, ``col`` (0-based)."""
    return Block(row, col, tuple(map(tuple, rows)), tuple(map(tuple, styles)))


def summary_layout(name: str = SUMMARY) -> SheetLayout:
    """A summary like the core's: title, a table with tricky text, three charts (one with a
    target line), a sparkline, a colour scale and a page setup."""
    table = [
        ["Channel", "Revenue", "Spend", "ROMI", "Note"],
        ["VK", 1000.0, 250.0, 3.0, '=HYPERLINK("http://x")'],
        ["Telegram", 800, 200.0, 3.0, "1 234"],
        ["Email", 0.0, 0.0, "#N/A", "01.02"],
    ]
    styles = [
        ["header"] * 5,
        ["label", "money", "money", "ratio", "text"],
        ["label", "money", "money", "ratio", "text"],
        ["label", "money", "money", "nodata", "text"],
    ]
    categories = (4, 0, 6, 0)
    return SheetLayout(
        name=name,
        blocks=(
            block(0, 0, [["KPI summary"]], [["title"]]),
            block(
                1, 0, [["Data: Orders, Spend", None, dt.datetime(2024, 5, 31)]], [["subtitle"] * 3]
            ),
            block(3, 0, table, styles),
            block(8, 0, [["A note"], ["Second line", "ragged"]], [["note"], ["note", None]]),
        ),
        column_widths={0: 18, 1: 12, 2: 12, 3: 12, 4: 30},
        charts=(
            ChartSpec(
                "column",
                "ROMI by channel",
                categories,
                (("ROMI", (4, 3, 6, 3)),),
                (11, 0),
                lines=(("Target", (4, 2, 6, 2)),),
            ),
            ChartSpec(
                "line",
                "Revenue and spend",
                categories,
                (("Revenue", (4, 1, 6, 1)), ("Spend", (4, 2, 6, 2))),
                (11, 7),
                number_format="#,##0",
            ),
            ChartSpec(
                "bar",
                "Revenue and ROMI",
                categories,
                (("Revenue", (4, 1, 6, 1)), ("ROMI", (4, 3, 6, 3))),
                (28, 0),
                size=(400, 200),
            ),
        ),
        freeze=(4, 1),
        sparklines=(Sparkline((1, 5), (4, 1, 4, 3)),),
        color_scales=(ColorScale((4, 1, 6, 2)),),
        page=PageSetup((0, 0, 9, 4), repeat_rows=(0, 1), breaks=(8,), footer="Page &P of &N"),
    )


def make_layout(revenue: float = 1234.5) -> SheetLayout:
    """Three months of revenue (January's is ``revenue``) and ROMI, a row of tricky cells
    (text like a formula, an error literal, dates, infinity) and three charts."""
    months = (("Jan", revenue, 0.25), ("Feb", 2345.25, float("nan")), ("Mar", 3000.0, 1.5))
    return SheetLayout(
        name=SUMMARY,
        blocks=(
            Block(0, 0, (("KPI summary",),), (("title",),)),
            Block(
                2,
                0,
                (("Month", "Revenue", "ROMI"), *months),
                (("header",) * 3, *(("label", "money", "ratio"),) * 3),
            ),
            Block(
                7,
                0,
                (
                    (
                        FORMULA_TEXT,
                        "#N/A",
                        "1 234",
                        None,
                        dt.datetime(2025, 1, 31),
                        dt.datetime(2025, 1, 31, 13, 30),
                        float("inf"),
                    ),
                ),
                (("text", "note", None, "bad", None, "good", "count"),),
            ),  # fmt: skip
        ),
        column_widths={0: 20, 1: 14},
        charts=(
            ChartSpec(
                "column",
                "Revenue",
                (3, 0, 5, 0),
                (("Revenue", (3, 1, 5, 1)),),
                (10, 0),
                "#,##0",
                (480, 240),
            ),
            ChartSpec("bar", "ROMI", (3, 0, 5, 0), (("ROMI", (3, 2, 5, 2)),), (10, 8), "0%"),
            ChartSpec(
                "line",
                "Trend",
                (3, 0, 5, 0),
                (("Revenue", (3, 1, 5, 1)), ("ROMI", (3, 2, 5, 2))),
                (26, 0),
            ),
        ),  # fmt: skip
        freeze=(3, 1),
    )
