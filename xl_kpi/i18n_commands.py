"""The words of the errors of saving, the summary, PDFs, templates, KPI calls and the
command line, in English and Russian.

Part of the one text table (:data:`xl_kpi.i18n.TEXT` holds these keys too), kept apart
from :mod:`xl_kpi.i18n_errors` (the errors of reading a file) for length.
"""

from __future__ import annotations

__all__ = ["COMMAND_ERRORS"]

#: key -> (English, Russian).
COMMAND_ERRORS: dict[str, tuple[str, str]] = {
    # what the command line prints (not errors): refresh, check
    "cli.refreshed": (
        "refreshed {path}: sheet '{sheet}'",
        "обновлена книга {path}: лист «{sheet}»",
    ),
    "cli.skipped": (
        "{count} rows skipped: see the data notes on the sheet or run 'xl-kpi check'",
        "пропущено строк: {count}; см. замечания к данным на листе или выполните 'xl-kpi check'",
    ),
    "cli.wrote": ("wrote {path}", "записан файл {path}"),
    "cli.no_tabs": ("no raw tabs found ({tabs})", "вкладки с данными не найдены ({tabs})"),
    "cli.tab": (
        "{sheet}{name}: {read} rows read, {skipped} skipped",
        "{sheet}{name}: прочитано строк: {read}, пропущено: {skipped}",
    ),
    # writing
    "error.save.unreachable": (
        "{file} cannot be reached: {reason}.",
        "{file} недоступен: {reason}.",
    ),
    "error.save.special": (
        "{file} is {kind}, not a workbook file.",
        "{file} — {kind}, а не файл книги.",
    ),
    "error.save.out_folder": (
        "The output {output} is a folder; give a file name, such as {example}.",
        "Вывод {output} — папка; укажите имя файла, например {example}.",
    ),
    "error.save.out_special": (
        "The output {file} is {kind}, not a file.",
        "Вывод {file} — {kind}, а не файл.",
    ),
    "error.save.no_folder": (
        "The folder {folder} does not exist; create it first or choose another place for the "
        "output.",
        "Папки {folder} нет; сначала создайте её или выберите другое место для результата.",
    ),
    "error.save.out_read_only": (
        "The output {file} is read-only; choose another file.",
        "Вывод {file} только для чтения; выберите другой файл.",
    ),
    "error.save.read_only": (
        "{file} is read-only; save a copy or use -o to write the refreshed workbook elsewhere.",
        "{file} только для чтения; сохраните копию или укажите -o, чтобы записать обновлённую "
        "книгу в другое место.",
    ),
    "error.save.locked": (
        "{file} is open in Excel. Close the workbook in Excel and try again.",
        "{file} открыт в Excel. Закройте книгу в Excel и попробуйте снова.",
    ),
    "error.save.locked_lock": (
        "{file} is open in Excel. Close the workbook in Excel and try again. If Excel is not "
        "running, delete the leftover lock file {lock}.",
        "{file} открыт в Excel. Закройте книгу в Excel и попробуйте снова. Если Excel не "
        "запущен, удалите оставшийся файл блокировки {lock}.",
    ),
    "error.save.exists": (
        "{file} already exists; choose another name, or replace it (--force on the command "
        "line, overwrite=True in Python).",
        "{file} уже есть; выберите другое имя или замените файл (--force в командной строке, "
        "overwrite=True в Python).",
    ),
    "error.save.verify": (
        "The new workbook was not written correctly ({detail}).",
        "Новая книга записана с ошибкой ({detail}).",
    ),
    "error.save.no_folder_temp": (
        "The folder {folder} does not exist; create it first or choose another place.",
        "Папки {folder} нет; сначала создайте её или выберите другое место.",
    ),
    "error.save.denied": (
        "Cannot write into the folder {folder} ({reason}); choose another place with -o.",
        "Нельзя записать в папку {folder} ({reason}); выберите другое место с -o.",
    ),
    "error.save.cannot_write": (
        "Cannot write {file} into {folder}: {reason}.",
        "Нельзя записать {file} в {folder}: {reason}.",
    ),
    # the summary sheet
    "error.summary.taken": (
        'The workbook already has a sheet named "{sheet}" that xl-kpi did not create. Rename '
        "or delete that sheet, then refresh again.",
        "В книге уже есть лист «{sheet}», созданный не xl-kpi. Переименуйте или удалите этот "
        "лист и обновите снова.",
    ),
    "error.summary.several": (
        "The workbook has {count} KPI summary sheets: {sheets} (a copy made with Move or Copy "
        "keeps the summary's hidden mark). {choose}",
        "В книге {count} листа сводки KPI: {sheets} (копия, сделанная командой «Переместить "
        "или скопировать», сохраняет скрытую метку сводки). {choose}",
    ),
    "error.summary.choose_cli": (
        'Say which one to refresh, e.g. --summary "{sheet}"; the others are then kept as they '
        "are and never refreshed.",
        'Укажите, какой обновлять, например --summary "{sheet}"; остальные останутся как есть '
        "и больше не будут обновляться.",
    ),
    "error.summary.choose_excel": (
        "Delete the copies you do not need (copy their contents to a new sheet first to keep "
        "them), then refresh again.",
        "Удалите ненужные копии (чтобы сохранить их содержимое, сначала скопируйте его на "
        "новый лист) и обновите снова.",
    ),
    "error.summary.none_to_choose": (
        "The workbook has no KPI summary sheet to refresh, so {sheet} cannot be chosen as one.",
        "В книге нет листа сводки KPI для обновления, поэтому {sheet} нельзя выбрать сводкой.",
    ),
    "error.summary.not_marked": (
        "{sheet} is not a KPI summary sheet of this workbook; the summary sheets are {sheets}.",
        "{sheet} — не лист сводки KPI этой книги; листы сводки: {sheets}.",
    ),
    "error.summary.bad_name": (
        "{sheet} is not a valid Excel sheet name.",
        "{sheet} — недопустимое имя листа Excel.",
    ),
    "error.splice.no_sheet_list": (
        "The workbook has no sheet list; it may be damaged.",
        "В книге нет списка листов; возможно, она повреждена.",
    ),
    "error.splice.sheet_no_part": (
        "The workbook is damaged: a sheet has no part.",
        "Книга повреждена: у листа нет своей части.",
    ),
    "error.splice.unreadable": (
        "{file} is not a readable Excel workbook: {detail}",
        "{file} — нечитаемая книга Excel: {detail}",
    ),
    # PDF
    "error.pdf.no_soffice": (
        "Writing a PDF needs LibreOffice, which was not found: install it (libreoffice.org, or "
        "apt-get install libreoffice-calc-nogui) and make sure 'soffice' is on the PATH. The "
        "workbook itself was refreshed.",
        "Для PDF нужен LibreOffice, но он не найден: установите его (libreoffice.org или "
        "apt-get install libreoffice-calc-nogui) и проверьте, что 'soffice' есть в PATH. Сама "
        "книга обновлена.",
    ),
    "error.pdf.no_summary": (
        "{file} has no KPI Summary yet: refresh it first (xl-kpi refresh).",
        "В {file} ещё нет сводки KPI: сначала обновите книгу (xl-kpi refresh).",
    ),
    "error.pdf.timeout": (
        "LibreOffice did not finish the PDF in {seconds} seconds.",
        "LibreOffice не закончил PDF за {seconds} с.",
    ),
    "error.pdf.failed": (
        "LibreOffice could not write the PDF: {said}",
        "LibreOffice не смог записать PDF: {said}",
    ),
    "error.pdf.failed_code": (
        "LibreOffice could not write the PDF (exit code {code}).",
        "LibreOffice не смог записать PDF (код выхода {code}).",
    ),
    # templates and KPIs
    "error.template.flavor": (
        "Unknown flavor {flavor}; choose classic, lite or plain.",
        "Неизвестный вид {flavor}; выберите classic, lite или plain.",
    ),
    "error.template.extension": (
        "A {flavor} workbook must be named *{extension} ({why}), not {file}.",
        "Книга вида {flavor} должна называться *{extension} ({why}), а не {file}.",
    ),
    "error.template.macros": ("it carries macros", "в ней есть макросы"),
    "error.template.no_macros": ("it has no macros", "в ней нет макросов"),
    "error.template.language": (
        "Unknown language {language}; choose en or ru.",
        "Неизвестный язык {language}; выберите en или ru.",
    ),
    "error.kpi.unknown": (
        "no KPI called {name}; the catalogue has: {known}",
        "нет KPI с именем {name}; в каталоге есть: {known}",
    ),
    "input.argument": ("{name}: {reason}{at}", "{name}: {reason}{at}"),
    "input.at": (" ({where} of the range)", " ({where} диапазона)"),
    "input.position.row": ("row {row}", "строка {row}"),
    "input.position.column": ("column {column}", "столбец {column}"),
    "input.position.cell": ("row {row}, column {column}", "строка {row}, столбец {column}"),
    "input.negative_argument": (
        "{name} must not be negative: got {value}{at}",
        "{name} не может быть отрицательным: получено {value}{at}",
    ),
    "input.not_a_number": ("{value} is not a number", "{value} — не число"),
    "input.one_date": (
        "{name} must be one date, not a range of {count} cells",
        "{name}: нужна одна дата, а не диапазон из {count} ячеек",
    ),
    "input.score": (
        "{name}: {value} is not a score from 0 to 10",
        "{name}: {value} — не оценка от 0 до 10",
    ),
    "input.same_size": (
        "{first} and {second} must be ranges of the same size ({first_size} and {second_size} "
        "cells)",
        "{first} и {second} должны быть диапазонами одного размера ({first_size} и "
        "{second_size} ячеек)",
    ),
    "input.undated": (
        "dates: the amount in row {row} has no date",
        "dates: у суммы в строке {row} нет даты",
    ),
    "input.mixed_range": (
        "a range mixes single values and rows",
        "в диапазоне смешаны отдельные значения и строки",
    ),
    # the command line
    "error.cli.unexpected": (
        "unexpected problem{what}; nothing was changed. Please report it; XL_KPI_DEBUG=1 shows "
        "the details",
        "непредвиденная ошибка{what}; ничего не изменено. Пожалуйста, сообщите о ней; "
        "XL_KPI_DEBUG=1 покажет подробности",
    ),
    "error.cli.memory": (
        "there is not enough memory to read it; nothing was changed",
        "не хватает памяти, чтобы прочитать файл; ничего не изменено",
    ),
    "error.cli.nested": (
        "its contents are nested too deeply to read; nothing was changed",
        "содержимое вложено слишком глубоко, чтобы его прочитать; ничего не изменено",
    ),
    "error.cli.os": ("{reason}; nothing was changed", "{reason}; ничего не изменено"),
    "error.cli.os_file": ("{file}: {reason}", "{file}: {reason}"),
    "error.cli.temp_folder": (
        "cannot write into the folder {folder}: {reason}",
        "нельзя записать в папку {folder}: {reason}",
    ),
    "error.cli.interrupted": ("interrupted; nothing was changed", "прервано; ничего не изменено"),
    "error.cli.infinite": (
        "note: {count} value(s) too large to be a number (infinite) are given as null",
        "замечание: значения, слишком большие для числа (бесконечные), выданы как null: {count}",
    ),
    "error.usage.help": ("{problem} (see {help})", "{problem} (см. {help})"),
    "error.usage.required": (
        "the following arguments are required: {names}",
        "не хватает аргументов: {names}",
    ),
    "error.usage.unrecognized": (
        "unrecognized arguments: {names}",
        "неизвестные аргументы: {names}",
    ),
    "error.usage.choice": (
        "argument {argument}: invalid choice: {value} (choose from {choices})",
        "аргумент {argument}: недопустимое значение {value} (можно: {choices})",
    ),
    "error.usage.expected_one": (
        "argument {argument}: expected one argument",
        "аргумент {argument}: нужно одно значение",
    ),
    "error.usage.argument": ("argument {argument}: {problem}", "аргумент {argument}: {problem}"),
    "error.usage.at_least_one": ("must be at least 1", "должно быть не меньше 1"),
    "error.usage.not_integer": ("invalid int value: {value}", "не целое число: {value}"),
    "error.usage.source_options": (
        "--source-options {text}: write TAB=OPTIONS",
        "--source-options {text}: пишите TAB=OPTIONS (вкладка=параметры)",
    ),
    "error.usage.no_such_source": (
        "--source-options for {tabs}: no such --source",
        "--source-options для {tabs}: такого --source нет",
    ),
    "error.usage.report_needs": (
        "report needs a workbook or at least one --source",
        "для report нужна книга или хотя бы один --source",
    ),
    "error.usage.calc": ("{kpi}({usage}): {problem}", "{kpi}({usage}): {problem}"),
    "error.usage.missing_argument": (
        "missing a required argument: {name}",
        "не хватает обязательного аргумента: {name}",
    ),
    "error.usage.too_many": ("too many positional arguments", "слишком много аргументов"),
    "error.usage.unexpected_argument": (
        "got an unexpected keyword argument {name}",
        "неизвестный аргумент {name}",
    ),
    "error.usage.twice": ("multiple values for argument {name}", "аргумент {name} задан дважды"),
    "error.usage.no_argument": (
        "{kpi} has no argument {name}; it takes {names}",
        "у {kpi} нет аргумента {name}; аргументы: {names}",
    ),
    # what the operating system said, by errno name
    "error.os.ENOENT": ("no such file or directory", "нет такого файла или папки"),
    "error.os.EACCES": ("permission denied", "доступ запрещён"),
    "error.os.EPERM": ("operation not permitted", "операция не разрешена"),
    "error.os.ENOSPC": ("no space left on device", "на диске не осталось места"),
    "error.os.EDQUOT": ("disk quota exceeded", "превышена дисковая квота"),
    "error.os.EISDIR": ("is a directory", "это папка"),
    "error.os.ENOTDIR": ("not a directory", "это не папка"),
    "error.os.EROFS": ("read-only file system", "файловая система только для чтения"),
    "error.os.EEXIST": ("file exists", "файл уже есть"),
    "error.os.EBUSY": ("device or resource busy", "устройство или ресурс заняты"),
    "error.os.EIO": ("input/output error", "ошибка ввода-вывода"),
    "error.os.EFBIG": ("file too large", "файл слишком велик"),
    "error.os.ENAMETOOLONG": ("file name too long", "слишком длинное имя файла"),
    "error.os.ELOOP": (
        "too many levels of symbolic links",
        "слишком много уровней символических ссылок",
    ),
    "error.os.EMFILE": ("too many open files", "слишком много открытых файлов"),
    "error.os.ETXTBSY": ("text file busy", "файл занят"),
    "error.os.other": ("{reason}", "ошибка системы: {reason}"),
    # The live refresh in Excel (xl_kpi.excel, xl_kpi.excel_draw, xl_kpi.excel_styles,
    # xl_kpi.udfs).
    "excel.refresh_failed": (
        "xl-kpi could not refresh the KPI Summary: {reason}",
        "xl-kpi не смог обновить сводку KPI: {reason}",
    ),
    "excel.engine_error": (
        "Excel refused a step of the refresh ({reason}); the KPI Summary may be incomplete, "
        "refresh again.",
        "Excel отказался выполнить шаг обновления ({reason}); сводка KPI может быть неполной, "
        "обновите её ещё раз.",
    ),
    "excel.lacks": (
        "This Excel could not {features}; the rest of the KPI Summary is written.",
        "Этот Excel не смог {features}; остальная сводка KPI записана.",
    ),
    "excel.lacks.charts": ("draw the charts", "нарисовать диаграммы"),
    "excel.lacks.chart_series": (
        "draw the second series of the charts that have two (it takes one range per chart)",
        "нарисовать второй ряд диаграмм, где их два (он берёт один диапазон на диаграмму)",
    ),
    "excel.lacks.series_names": ("name the charts' series", "подписать ряды диаграмм"),
    "excel.lacks.chart_values": (
        "keep the points of a chart series that starts with a text in place (Excel takes "
        "that text for the series' name)",
        "удержать на месте точки ряда диаграммы, который начинается с текста (Excel "
        "принимает этот текст за имя ряда)",
    ),
    "excel.lacks.formats": (
        "set borders, alignment and text colours",
        "задать границы, выравнивание и цвет текста",
    ),
    "excel.lacks.sizes": (
        "set column widths, row heights and text wrapping",
        "задать ширину столбцов, высоту строк и перенос текста",
    ),
    "excel.lacks.color_scales": ("colour the colour scales", "раскрасить цветовые шкалы"),
    "excel.lacks.page_setup": (
        "set the print settings (landscape, one page wide, title rows, footer, page breaks)",
        "задать параметры печати (альбомная, одна страница в ширину, сквозные строки, "
        "колонтитул, разрывы страниц)",
    ),
    "excel.lacks.panes": ("freeze the panes", "закрепить области"),
}
