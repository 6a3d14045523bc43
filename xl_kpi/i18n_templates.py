"""The words of the templates, in English and Russian: the Start sheet's instructions for
each flavour (``start.*``) and the notes beside the template's tabs (``template.*``).

Part of the one text table (:data:`xl_kpi.i18n.TEXT` holds these keys too), kept apart
from :mod:`xl_kpi.i18n` for length.
"""

from __future__ import annotations

__all__ = ["TEMPLATES"]

#: key -> (English, Russian).
TEMPLATES: dict[str, tuple[str | tuple[str, ...], str | tuple[str, ...]]] = {
    "start.flavor.classic": (
        "Classic xlwings workbook (.xlsm): Excel on Windows with Python and the xlwings add-in. "
        "xlwings runs a classic workbook's KPI functions and Refresh button on Windows only: "
        "on a Mac, use the xlwings Lite workbook.",
        "Классическая книга xlwings (.xlsm): Excel для Windows с Python и надстройкой xlwings. "
        "Функции KPI и кнопку «Обновить» классической книги xlwings выполняет только в "
        "Windows: на Mac используйте книгу xlwings Lite.",
    ),
    "start.flavor.lite": (
        "xlwings Lite workbook (.xlsx): Excel 365 or 2021+ on Windows, Mac or the web, with "
        "the free xlwings Lite add-in; no Python to install.",
        "Книга xlwings Lite (.xlsx): Excel 365 или 2021+ для Windows, Mac или веб с бесплатной "
        "надстройкой xlwings Lite; Python устанавливать не нужно.",
    ),
    "start.flavor.plain": (
        "Plain workbook (.xlsx): no add-in and no macros; the KPI Summary is refreshed from "
        "the command line.",
        "Простая книга (.xlsx): без надстроек и макросов; сводка KPI обновляется из командной "
        "строки.",
    ),
    "start.what": (
        "Paste exports into the raw tabs ({tabs}), set {targets} and {settings}, refresh, and "
        "read the sheet {summary}: every KPI by period and channel, against targets, with "
        "charts and notes on rows that could not be read.",
        "Вставьте выгрузки во вкладки с данными ({tabs}), заполните {targets} и {settings}, "
        "обновите и читайте лист {summary}: все KPI по периодам и каналам, сравнение с целями, "
        "графики и замечания о строках, которые не удалось прочитать.",
    ),
    "start.sample": (
        "This copy holds a generated year of a small online shop: clear those rows (from row 2 "
        "down) before you paste your own.",
        "В этой копии — сгенерированный год небольшого интернет-магазина: удалите эти строки "
        "(со 2-й вниз), прежде чем вставлять свои.",
    ),
    "start.blank": (
        "This copy is blank: the raw tabs hold their headers only.",
        "Это пустая копия: во вкладках с данными только заголовки.",
    ),
    "start.setup": ("Set up once", "Настройка (один раз)"),
    "start.steps.classic": (
        (
            "Install Python 3.10 or newer, then in a terminal: pip install xl-kpi",
            "Install the xlwings add-in: xlwings addin install (then restart Excel).",
            "Open this workbook and enable macros. Its sheet {conf} already sets UDF Modules "
            "to {module}.",
            "On the xlwings ribbon tab, click Import Functions once: it adds the KPI functions "
            "(=ROMI, =CPC…) and the refresh_kpis macro of the {button} button. Save the "
            "workbook.",
            "If the examples below show #NAME?, press Ctrl+Alt+F9 to recalculate.",
        ),
        (
            "Установите Python 3.10 или новее и выполните в терминале: pip install xl-kpi",
            "Установите надстройку xlwings: xlwings addin install (и перезапустите Excel).",
            "Откройте эту книгу и включите макросы. Лист {conf} уже задаёт UDF Modules = {module}.",
            "На вкладке xlwings нажмите Import Functions один раз: в книгу добавятся функции "
            "KPI (=ROMI, =CPC…) и макрос refresh_kpis кнопки «{button}». Сохраните книгу.",
            "Если примеры ниже показывают #ИМЯ? (#NAME?), нажмите Ctrl+Alt+F9.",
        ),
    ),
    "start.steps.lite": (
        (
            'In Excel: Home > Add-ins, search for "xlwings Lite" and add it (free, from the '
            "Office store).",
            "Open this workbook: the xlwings Lite pane opens with it. Trust the workbook's "
            "code when asked; the first start installs xl-kpi from requirements.txt (a minute).",
            "The code is in the workbook: main.py imports every KPI function and the "
            "refresh_kpis script of the {button} button from xl-kpi.",
            "If the examples below show #NAME?, press Ctrl+Alt+F9 to recalculate.",
        ),
        (
            "В Excel: Главная > Надстройки, найдите «xlwings Lite» и добавьте её (бесплатно, "
            "из магазина Office).",
            "Откройте эту книгу: панель xlwings Lite откроется вместе с ней. Разрешите код "
            "книги, когда Excel спросит; при первом запуске xl-kpi установится по "
            "requirements.txt (около минуты).",
            "Код хранится в книге: main.py подключает из xl-kpi все функции KPI и скрипт "
            "refresh_kpis кнопки «{button}».",
            "Если примеры ниже показывают #ИМЯ? (#NAME?), нажмите Ctrl+Alt+F9.",
        ),
    ),
    "start.steps.plain": (
        (
            "Install Python 3.10 or newer, then in a terminal: pip install xl-kpi",
            "Nothing to install in Excel: this workbook has no macros and no add-in.",
        ),
        (
            "Установите Python 3.10 или новее и выполните в терминале: pip install xl-kpi",
            "В Excel ничего устанавливать не нужно: в книге нет макросов и надстроек.",
        ),
    ),
    "start.every": ("Every time", "Каждый раз"),
    "start.routine.classic": (
        (
            "Paste each export at A1 of its raw tab as the tool gave it (its title rows, "
            "header and totals are recognised), or your own rows under the headers.",
            "Click {button} on the sheet {summary}. Without Excel: close the workbook and run "
            "xl-kpi refresh book.xlsm.",
        ),
        (
            "Вставьте каждую выгрузку в A1 своей вкладки как есть (строки заголовка, "
            "шапка и итоги распознаются) или свои строки под заголовками.",
            "Нажмите «{button}» на листе {summary}. Без Excel: закройте книгу и выполните "
            "xl-kpi refresh book.xlsm.",
        ),
    ),
    "start.routine.lite": (
        (
            "Paste each export at A1 of its raw tab as the tool gave it (its title rows, "
            "header and totals are recognised), or your own rows under the headers.",
            "Click {button} on the sheet {summary} (the xlwings Lite pane must be open).",
        ),
        (
            "Вставьте каждую выгрузку в A1 своей вкладки как есть (строки заголовка, "
            "шапка и итоги распознаются) или свои строки под заголовками.",
            "Нажмите «{button}» на листе {summary} (панель xlwings Lite должна быть открыта).",
        ),
    ),
    "start.routine.plain": (
        (
            "Paste each export at A1 of its raw tab as the tool gave it (its title rows, "
            "header and totals are recognised), or your own rows under the headers.",
            "Save and close the workbook, then in a terminal: xl-kpi refresh book.xlsx (it "
            "rewrites the sheet {summary} only).",
            "xl-kpi check book.xlsx lists the rows that could not be read, and why.",
        ),
        (
            "Вставьте каждую выгрузку в A1 своей вкладки как есть (строки заголовка, "
            "шапка и итоги распознаются) или свои строки под заголовками.",
            "Сохраните и закройте книгу, затем в терминале: xl-kpi refresh book.xlsx "
            "(перезаписывается только лист {summary}).",
            "xl-kpi check book.xlsx покажет строки, которые не удалось прочитать, и почему.",
        ),
    ),
    "start.rows": (
        "The example formulas cover rows 2 to {rows}: widen their ranges for more.",
        "Примеры формул охватывают строки со 2-й по {rows}-ю: расширьте диапазоны, если строк "
        "больше.",
    ),
    "start.values": (
        "The examples are values computed by xl-kpi (this workbook has no KPI functions); the "
        "formula shows what the same KPI is in a classic or Lite workbook.",
        "Примеры — значения, посчитанные xl-kpi (функций KPI в этой книге нет); формула "
        "показывает тот же KPI в книге classic или Lite.",
    ),
    "start.title": ("xl-kpi: sales and marketing KPIs", "KPI продаж и маркетинга"),
    "start.examples": ("Example formulas", "Примеры формул"),
    "start.column.kpi": ("KPI", "Показатель"),
    "start.column.formula": ("Formula", "Формула"),
    "start.column.result": ("Result", "Результат"),
    "start.column.counts": ("What it counts", "Что считает"),
    "start.config_note": (
        "Read by the xlwings add-in (Import Functions): settings run from A1 down to the first "
        "blank row.",
        "Читается надстройкой xlwings (Import Functions): настройки идут с A1 до первой пустой "
        "строки.",
    ),
    "template.paste_note": (
        "← Paste an export at A1 as it comes, or your rows under these headers",
        "Вставьте выгрузку в A1 как есть или свои строки под заголовками",
    ),
    "template.note.Targets": (
        "← One target per row: kpi is the Excel name or the title (ROMI, Average check…); "
        "blank period or channel = every period, the whole shop",
        "По одной цели в строке: показатель — имя функции или название (ROMI, Средний "
        "чек…); пустой период или канал — все периоды, весь магазин",
    ),
    "template.note.Settings": (
        "← period: month, week or quarter; language: en or ru; romi_basis: revenue or gross "
        "profit; optional: currency (RUB), social_channels (VK, Telegram)",
        "period: month, week или quarter; language: en или ru; по желанию: currency, "
        "social_channels",
    ),
    "start.separator": (
        "In Russian Excel, formula arguments are separated by semicolons.",
        "В русском Excel аргументы формул разделяются точкой с запятой.",
    ),
    "start.example.revenue": (
        "every order row, cancelled and returned included",
        "все строки заказов, включая отменённые и возвраты",
    ),
    "start.example.aov": ("average of every order row", "среднее по всем строкам заказов"),
    "start.example.romi": (
        "all order revenue against all ad spend (the summary counts sales of paid channels only)",
        "вся выручка против всех расходов (сводка считает только продажи платных каналов)",
    ),
    "start.example.cpc": ("ad spend per click", "расход на клик"),
    "start.example.ctr": ("clicks per impression", "клики на показ"),
}
