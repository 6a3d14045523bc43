"""The summary's cell styles on a live workbook: each style property set on the largest
rectangles of cells that share it, and column widths, in as few calls as the engine
allows (:mod:`xl_kpi.excel` says why the count matters). What the engine lacks (borders,
alignment, wrapping) is noted in the :class:`~xl_kpi.excel_draw.Shortfalls`, not raised."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .excel_draw import Shortfalls, supports
from .layout import STYLES, SheetLayout

if TYPE_CHECKING:
    import xlwings as xw

__all__ = ["PROPERTIES", "apply_styles", "rectangles", "set_column_widths"]

_BORDERS = {1: "thin", 2: "medium", 5: "thick"}  # xlsxwriter's border numbers: weights
_Rect = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col; zero-based


def apply_styles(sheet: xw.Sheet, layout: SheetLayout, lacks: Shortfalls) -> None:
    """Apply each style property to the largest rectangles of cells that share it.

    Number formats, fonts and fills are part of what a value shows and are always set;
    the rest (borders, alignment, wrapping) are left out where the engine lacks them."""
    groups: dict[tuple[str, Any], list[tuple[int, int]]] = {}
    for row, col, _value, style in layout.cells():
        if style is None:
            continue
        for key, setting in STYLES[style].items():
            if key in PROPERTIES and setting is not None and setting != _DEFAULTS.get(key):
                groups.setdefault((key, setting), []).append((row, col))
    for (key, setting), cells in groups.items():
        apply = PROPERTIES[key]
        for r0, c0, r1, c1 in rectangles(cells):
            rng = sheet.range((r0 + 1, c0 + 1), (r1 + 1, c1 + 1))
            if key in _COSMETIC:
                with lacks.guard(_COSMETIC[key]):
                    if not apply(rng, setting):
                        lacks.note(_COSMETIC[key])
            else:
                apply(rng, setting)


def _set_border(rng: xw.Range, setting: Any) -> bool:
    if not supports(rng, "borders"):
        return False
    weight = _BORDERS.get(setting, "thin")
    rows, cols = rng.shape
    sides = ["edge_top", "edge_bottom", "edge_left", "edge_right"]  # a grid: all borders,
    sides += ["inside_vertical"] if cols > 1 else []  # but inside ones only where a range
    sides += ["inside_horizontal"] if rows > 1 else []  # has cells side by side
    if weight == "thin":  # a continuous line is thin unless told otherwise: one call a side
        rng.borders.set(sides, line_style="continuous")
    else:
        rng.borders.set(sides, line_style="continuous", weight=weight)
    return True


def _set_alignment(rng: xw.Range, setting: Any) -> bool:
    if not supports(rng, "horizontal_alignment"):
        return False
    rng.horizontal_alignment = setting
    return True


def _set_number_format(rng: xw.Range, setting: Any) -> None:
    rng.number_format = setting


def _set_bold(rng: xw.Range, setting: Any) -> None:
    rng.font.bold = bool(setting)


def _set_italic(rng: xw.Range, setting: Any) -> None:
    rng.font.italic = bool(setting)


def _set_font_size(rng: xw.Range, setting: Any) -> None:
    rng.font.size = setting


def _set_font_color(rng: xw.Range, setting: Any) -> None:
    rng.font.color = setting


def _set_fill(rng: xw.Range, setting: Any) -> None:
    rng.color = setting


def _set_wrap(rng: xw.Range, setting: Any) -> bool:
    rng.wrap_text = bool(setting)
    return True


#: The style properties a cleared cell already has: not written again.
_DEFAULTS: Mapping[str, Any] = {"bold": False, "italic": False, "text_wrap": False}

#: Style properties that do not change what a cell shows, by the shortfall their absence is.
_COSMETIC: Mapping[str, str] = {"border": "formats", "align": "formats", "text_wrap": "sizes"}


#: How each style property of :data:`~xl_kpi.layout.STYLES` (xlsxwriter's names) is set.
PROPERTIES: Mapping[str, Callable[[xw.Range, Any], None]] = {
    "num_format": _set_number_format,
    "bold": _set_bold,
    "italic": _set_italic,
    "font_size": _set_font_size,
    "font_color": _set_font_color,
    "bg_color": _set_fill,
    "border": _set_border,
    "text_wrap": _set_wrap,
    "align": _set_alignment,
}


def rectangles(cells: Iterable[tuple[int, int]]) -> list[_Rect]:
    """Cover ``cells`` with rectangles: runs along each row, stacked where they line up."""
    runs: list[tuple[int, int, int]] = []
    for row, col in sorted(set(cells)):
        if runs and runs[-1][0] == row and runs[-1][2] == col - 1:
            runs[-1] = (row, runs[-1][1], col)
        else:
            runs.append((row, col, col))
    done: list[_Rect] = []
    growing: dict[tuple[int, int], list[int]] = {}  # (first_col, last_col) -> [first, last row]
    for row, c0, c1 in runs:
        rows = growing.get((c0, c1))
        if rows is not None and rows[1] == row - 1:
            rows[1] = row
            continue
        if rows is not None:
            done.append((rows[0], c0, rows[1], c1))
        growing[(c0, c1)] = [row, row]
    done.extend((r0, c0, r1, c1) for (c0, c1), (r0, r1) in growing.items())
    return sorted(done)


def set_column_widths(sheet: xw.Sheet, widths: Mapping[int, float]) -> None:
    """Set column widths, equal adjacent ones in one call."""
    runs: list[list[Any]] = []  # [first_col, last_col, width]
    for col, width in sorted(widths.items()):
        if runs and runs[-1][1] == col - 1 and runs[-1][2] == width:
            runs[-1][1] = col
        else:
            runs.append([col, col, width])
    for first, last, width in runs:
        sheet.range((1, first + 1), (1, last + 1)).column_width = width
