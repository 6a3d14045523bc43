"""The words of every error the product says to a user, in English and Russian.

Part of the one text table (:data:`xl_kpi.i18n.TEXT` holds these keys too), kept in its
own module for length. The errors that use them are made with
:func:`xl_kpi.problems.keyed`; a field in braces is filled by the raiser (a file's name
is given quoted, as ``'book.xlsx'``).
"""

from __future__ import annotations

__all__ = ["ERRORS"]

_FIX_EN = "Open it in Excel (which can often repair it) and save it again, or get a fresh copy."
_FIX_RU = (
    "Откройте его в Excel (Excel часто может восстановить файл) и сохраните заново или "
    "возьмите свежую копию."
)

#: key -> (English, Russian).
ERRORS: dict[str, tuple[str, str]] = {
    "error.and": ("{items} and {last}", "{items} и {last}"),
    "error.fix": (_FIX_EN, _FIX_RU),
    # what a file is
    "error.kind.folder": ("a folder", "папка"),
    "error.kind.fifo": ("a named pipe (FIFO)", "именованный канал (FIFO)"),
    "error.kind.device": ("a device", "устройство"),
    "error.kind.socket": ("a socket", "сокет"),
    "error.kind.special": ("a special file", "особый файл"),
    "error.kind.html": (
        "an HTML or XML file (a web page or an XML spreadsheet)",
        "файл HTML или XML (веб-страница или таблица XML)",
    ),
    "error.kind.text": ("a text or CSV file", "текстовый файл или CSV"),
    "error.kind.other": (
        "not a file Excel saves as .xlsx",
        "файл, который Excel не сохраняет как .xlsx",
    ),
    # opening a file
    "error.file.missing": (
        "There is no workbook {file} in {folder}.",
        "Нет книги {file} в папке {folder}.",
    ),
    "error.file.folder": ("{file} is a folder, not a workbook.", "{file} — папка, а не книга."),
    "error.file.special": (
        "{file} is {kind}, not a workbook file; xl-kpi reads only ordinary .xlsx or .xlsm files.",
        "{file} — {kind}, а не файл книги; xl-kpi читает только обычные файлы .xlsx и .xlsm.",
    ),
    "error.file.empty": (
        "{file} is empty (0 bytes): nothing was saved into it, or a download or copy did not "
        "finish.",
        "{file} пуст (0 байт): в него ничего не сохранили, или загрузка либо копирование не "
        "завершились.",
    ),
    "error.file.not_workbook": (
        "{file} is not an Excel workbook (.xlsx or .xlsm): it is {kind} with a workbook's name. "
        "Open it in Excel and save it as Excel Workbook (.xlsx).",
        "{file} — не книга Excel (.xlsx или .xlsm): это {kind} с именем книги. Откройте его в "
        "Excel и сохраните как «Книга Excel (.xlsx)».",
    ),
    "error.file.encrypted": (
        "{file} is password-protected. Open it in Excel, remove the password (File > Info > "
        "Protect Workbook > Encrypt with Password, clear it), save, and try again.",
        "{file} защищён паролем. Откройте его в Excel, снимите пароль (Файл > Сведения > "
        "Защита книги > Зашифровать с использованием пароля, очистите поле), сохраните и "
        "попробуйте снова.",
    ),
    "error.file.xls": (
        "{file} is an old-format Excel 97-2003 workbook (.xls) or another Office file. Open it "
        "in Excel and save it as Excel Workbook (.xlsx), then try again.",
        "{file} — книга старого формата Excel 97-2003 (.xls) или другой файл Office. Откройте "
        "его в Excel, сохраните как «Книга Excel (.xlsx)» и попробуйте снова.",
    ),
    # the zip archive
    "error.zip.directory": (
        "{file} is incomplete or damaged: its zip directory cannot be read (a download that "
        "did not finish?). {fix}",
        "{file} неполон или повреждён: его оглавление zip не читается (загрузка не "
        "завершилась?). {fix}",
    ),
    "error.zip.encrypted_parts": (
        "{file} contains encrypted parts and cannot be read.",
        "{file} содержит зашифрованные части и не может быть прочитан.",
    ),
    "error.zip.twice": (
        "{file} is damaged: its part {part} is stored twice. {fix}",
        "{file} повреждён: его часть {part} записана дважды. {fix}",
    ),
    "error.zip.bomb_part": (
        "{file} looks like a zip bomb: its part {part} inflates {ratio} times (the limit is "
        "{limit}).",
        "{file} похож на zip-бомбу: его часть {part} при распаковке растёт в {ratio} раз "
        "(предел {limit}).",
    ),
    "error.zip.bomb": (
        "{file} looks like a zip bomb: it inflates {ratio} times (the limit is {limit}).",
        "{file} похож на zip-бомбу: при распаковке он растёт в {ratio} раз (предел {limit}).",
    ),
    "error.zip.too_large_part": (
        "{file} is too large: its part {part} inflates to {size} GiB (the limit is {limit} GiB).",
        "{file} слишком велик: его часть {part} распаковывается в {size} ГиБ (предел {limit} ГиБ).",
    ),
    "error.zip.too_large": (
        "{file} is too large: it inflates to {size} GiB (the limit is {limit} GiB).",
        "{file} слишком велик: он распаковывается в {size} ГиБ (предел {limit} ГиБ).",
    ),
    "error.zip.broken": (
        "{file} is damaged: its zip directory is broken. {fix}",
        "{file} повреждён: его оглавление zip испорчено. {fix}",
    ),
    "error.zip.misplaced": (
        "{file} is damaged: its part {part} is not where the zip directory says. {fix}",
        "{file} повреждён: его часть {part} не там, где указано в оглавлении zip. {fix}",
    ),
    "error.zip.not_workbook": (
        "{file} is a zip archive but not an Excel workbook.",
        "{file} — архив zip, но не книга Excel.",
    ),
    "error.zip.xlsb": (
        "{file} is a binary workbook (.xlsb), which xl-kpi does not read; save it as .xlsx.",
        "{file} — двоичная книга (.xlsb), её xl-kpi не читает; сохраните её как .xlsx.",
    ),
    "error.zip.parts_unreadable": (
        "{file} is damaged: its workbook parts cannot be read. {fix}",
        "{file} повреждён: части книги не читаются. {fix}",
    ),
    "error.zip.sheet_missing": (
        "{file} is damaged: its sheet {sheet} is missing. {fix}",
        "{file} повреждён: в нём нет листа {sheet}. {fix}",
    ),
    "error.zip.bad_entry": (
        "The workbook is damaged (bad zip entry {part}).",
        "Книга повреждена (испорчена запись zip {part}).",
    ),
    "error.zip.truncated_entry": (
        "The workbook is damaged (truncated entry {part}).",
        "Книга повреждена (обрезана запись zip {part}).",
    ),
    # the guard's reasons about a part, said after "is damaged:" or "is refused:"
    "error.guard.refused": ("{file} is refused: {reason}.", "{file} отклонён: {reason}."),
    "error.guard.refused_dtd": (
        "{file} is refused: {reason} (a workbook saved by Excel never has them; it may have "
        "been made to attack the program that reads it).",
        "{file} отклонён: {reason} (в книге, сохранённой Excel, их не бывает; файл мог быть "
        "сделан для атаки на программу, которая его читает).",
    ),
    "error.guard.damaged": (
        "{file} is damaged: {reason}. {fix}",
        "{file} повреждён: {reason}. {fix}",
    ),
    "error.guard.damaged_sheet": (
        "{file} is damaged (sheet {sheet}): {reason}. {fix}",
        "{file} повреждён (лист {sheet}): {reason}. {fix}",
    ),
    "error.guard.part": ("{file}: {reason} {fix}", "{file}: {reason} {fix}"),
    "error.part.larger": (
        "its part {part} is larger than its zip entry says",
        "его часть {part} больше, чем указано в записи zip",
    ),
    "error.part.corrupt_data": (
        "its part {part} holds corrupt compressed data",
        "сжатые данные его части {part} испорчены",
    ),
    "error.part.checksum": (
        "its part {part} fails its checksum (the file is corrupt)",
        "контрольная сумма его части {part} не сходится (файл испорчен)",
    ),
    "error.part.too_big": (
        "its part {part} inflates to {size} bytes (the limit is {limit})",
        "его часть {part} распаковывается в {size} байт (предел {limit})",
    ),
    "error.part.method": (
        "its part {part} uses a compression method Excel does not write",
        "его часть {part} сжата способом, которым Excel не пишет",
    ),
    "error.part.absent": (
        "its part {part} is missing from the archive",
        "его части {part} нет в архиве",
    ),
    "error.part.cut_download": (
        "its part {part} is cut short (an incomplete download?)",
        "его часть {part} обрезана (загрузка не завершилась?)",
    ),
    "error.part.after_end": (
        "its part {part} holds data after its end",
        "в его части {part} есть данные после её конца",
    ),
    "error.part.cut": (
        "its part {part} is cut short or corrupt",
        "его часть {part} обрезана или испорчена",
    ),
    "error.part.dtd": (
        "its part {part} declares a DTD or entities",
        "его часть {part} объявляет DTD или сущности",
    ),
    "error.part.encoding": (
        "its part {part} is in an unknown encoding {encoding}",
        "его часть {part} в неизвестной кодировке {encoding}",
    ),
    "error.part.bad_text": (
        "its part {part} is not valid {encoding} text",
        "его часть {part} — не правильный текст в кодировке {encoding}",
    ),
    "error.part.incomplete": (
        "The workbook is incomplete: {part} is missing.",
        "Книга неполна: нет части {part}.",
    ),
    "error.part.no_main": (
        "The file is not an Excel workbook (no main workbook part).",
        "Файл — не книга Excel (нет основной части книги).",
    ),
    "error.xml.dtd": (
        "The workbook part {part} declares a DTD or entities, which xl-kpi refuses to read (a "
        "workbook saved by Excel never has them).",
        "Часть книги {part} объявляет DTD или сущности; xl-kpi такое не читает (в книге, "
        "сохранённой Excel, их не бывает).",
    ),
    "error.xml.dtd_refused": (
        "{file} is refused: the workbook part {part} declares a DTD or entities, which xl-kpi "
        "refuses to read (a workbook saved by Excel never has them).",
        "{file} отклонён: часть книги {part} объявляет DTD или сущности; xl-kpi такое не "
        "читает (в книге, сохранённой Excel, их не бывает).",
    ),
    "error.xml.invalid": (
        "The workbook is damaged: its part {part} is not valid XML.",
        "Книга повреждена: её часть {part} — не правильный XML.",
    ),
    # a sheet's cells
    "error.sheet.extent": (
        "{file}, sheet {sheet}: it has cells out to {corner} ({rows} rows, {columns} columns); "
        "the limit is {max_rows} rows, {max_columns} columns and {max_cells} cells. Delete the "
        "stray cells beyond your data (Ctrl+End jumps to the last used cell), save, and try "
        "again.",
        "{file}, лист {sheet}: в нём есть ячейки до {corner} (строк: {rows}, столбцов: "
        "{columns}); предел — {max_rows} строк, {max_columns} столбцов и {max_cells} ячеек. "
        "Удалите лишние ячейки за пределами данных (Ctrl+End переходит к последней "
        "заполненной ячейке), сохраните и попробуйте снова.",
    ),
    "error.sheet.cell": (
        "{file}, sheet {sheet}, cell {cell}: it {reason}; the file is damaged. {fix}",
        "{file}, лист {sheet}, ячейка {cell}: {reason}; файл повреждён. {fix}",
    ),
    "error.cell.not_ref": ("is not a cell reference", "это не ссылка на ячейку"),
    "error.cell.not_index": (
        "holds {text} where a text number belongs",
        "в ней {text} там, где должен быть номер текста",
    ),
    "error.cell.index": (
        "refers to text number {number}, but the workbook has {table}",
        "она ссылается на текст номер {number}, а в книге {table}",
    ),
    "error.cell.no_table": ("no text table", "нет таблицы текстов"),
    "error.cell.table": ("a text table of {count} entries", "таблица из {count} текстов"),
    "error.sheet.no_header": (
        "Sheet {sheet} of {file} has no column names in row 1 (its first filled row is {row}). "
        "Put the header in row 1 and try again.",
        "На листе {sheet} книги {file} нет названий столбцов в строке 1 (первая заполненная "
        "строка — {row}). Поставьте заголовок в строку 1 и попробуйте снова.",
    ),
    "error.read.fastexcel": (
        "{file} is damaged: fastexcel cannot open it. {fix}",
        "{file} повреждён: fastexcel не может его открыть. {fix}",
    ),
    "error.read.damaged": (
        "{file} cannot be read: the file is damaged. {fix}",
        "{file} не читается: файл повреждён. {fix}",
    ),
    "error.read.damaged_sheet": (
        "{file}, sheet {sheet}, cannot be read: the file is damaged. {fix}",
        "{file}, лист {sheet}, не читается: файл повреждён. {fix}",
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
}
