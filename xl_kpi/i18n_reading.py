"""The words of what the tab reader says about an export's columns and stages, in English
and Russian: columns it did not read, the column map, deals whose stages it does not know,
and figures that rest on a fallback.

Part of the one text table (:data:`xl_kpi.i18n.TEXT` holds these keys too), kept apart
from :mod:`xl_kpi.i18n` for length.
"""

from __future__ import annotations

__all__ = ["READING"]

#: key -> (English, Russian).
READING: dict[str, tuple[str, str]] = {
    "note.unread_columns": (
        "columns not read: {columns}; if one holds a column of this tab, rename its "
        "header or map it on the Columns tab (tab, header, column)",
        "столбцы не прочитаны: {columns}; если в одном из них данные этой вкладки, "
        "переименуйте заголовок или сопоставьте его на вкладке Столбцы (вкладка, "
        "заголовок, столбец)",
    ),
    "note.more_columns": ("and {count} more", "и ещё {count}"),
    "note.bad_column_map": (
        "the tab {tab} has no column {mapped}: this mapping is not used (write a tab such "
        "as Spend or Расходы, or leave it blank, and a column such as spend or расход)",
        "у вкладки {tab} нет столбца {mapped}: сопоставление не используется (укажите "
        "вкладку, например Расходы или Spend, или оставьте пустой, и столбец, например "
        "расход или spend)",
    ),
}
