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
}
