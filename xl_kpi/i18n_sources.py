"""The words of the errors of sources and engines, in English and Russian.

Part of the one text table (:data:`xl_kpi.i18n.TEXT` holds these keys too), kept apart
from :mod:`xl_kpi.i18n_errors` and :mod:`xl_kpi.i18n_commands` for length. A source's
error is ``error.source`` (the tab and the source, as its label shows it) with its cause,
one of the ``error.source.*`` words; a cause the product cannot word itself (a driver's or
an engine's own message) is given as it was said.
"""

from __future__ import annotations

__all__ = ["SOURCE_ERRORS"]

#: key -> (English, Russian).
SOURCE_ERRORS: dict[str, tuple[str, str]] = {
    "error.source": ("source {tab} ({source}): {cause}", "источник {tab} ({source}): {cause}"),
    "error.source.reason": ("{reason}", "{reason}"),
    "error.source.in_file": ("{file}: {reason}", "{file}: {reason}"),
    "error.source.or": ("{first} or {rest}", "{first} или {rest}"),
    # declaring a source
    "error.source.row": ("{sheet}, row {row}", "{sheet}, строка {row}"),
    "error.source.arg": (
        "--source {text}: write TAB=LOCATION, e.g. orders=orders.csv",
        "--source {text}: пишите TAB=LOCATION, например orders=orders.csv",
    ),
    "error.source.quotes": ("{where}: {problem} in {text}", "{where}: {problem} в {text}"),
    "error.source.no_closing_quotation": ("No closing quotation", "Нет закрывающей кавычки"),
    "error.source.no_escaped_character": (
        "No escaped character",
        "Нет символа после обратной косой черты",
    ),
    "error.source.not_key_value": (
        "{where}: {word} is not key=value",
        "{where}: {word} — не key=value",
    ),
    "error.source.not_tab": (
        "{where}: {text} is not a raw tab ({names})",
        "{where}: {text} — не вкладка исходных данных ({names})",
    ),
    "error.source.not_format": (
        "{where}: {text} is not a format ({formats})",
        "{where}: {text} — не формат ({formats})",
    ),
    "error.source.twice": (
        "{where}: {tab} already has a source ({source})",
        "{where}: у {tab} уже есть источник ({source})",
    ),
    "error.source.url_kind": (
        "unknown kind of URL {scheme} (sqlite:/// or postgresql://)",
        "неизвестный вид URL {scheme} (sqlite:/// или postgresql://)",
    ),
    "error.source.no_format": (
        "cannot tell the format from the name; write it in the format column ({formats})",
        "по имени не понять формат; укажите его в столбце format ({formats})",
    ),
    "error.source.env": (
        "the environment variable {name} is not set",
        "переменная окружения {name} не задана",
    ),
    # finding the files
    "error.source.folder_any": (
        "the folder holds no .parquet, .csv, .tsv or .xlsx files",
        "в папке нет файлов .parquet, .csv, .tsv или .xlsx",
    ),
    "error.source.folder": (
        "the folder holds no {suffixes} files",
        "в папке нет файлов {suffixes}",
    ),
    "error.source.no_match": (
        "no file matches this pattern",
        "ни один файл не подходит под шаблон",
    ),
    "error.source.no_file": (
        "there is no file {file} in {folder}",
        "нет файла {file} в папке {folder}",
    ),
    "error.source.denied": (
        "the file cannot be read (permission denied)",
        "файл нельзя прочитать (нет прав доступа)",
    ),
    "error.source.changed": (
        "{file} changed while it was being read; refresh again",
        "{file} изменился, пока его читали; обновите снова",
    ),
    # reading the files
    "error.source.encoding": (
        "unknown encoding {name} (e.g. utf-8, cp1251)",
        "неизвестная кодировка {name} (например, utf-8, cp1251)",
    ),
    "error.source.not_text": (
        "{file} is not {encoding} text (byte {byte}); set encoding= in options",
        "{file} — не текст в {encoding} (байт {byte}); укажите encoding= в options",
    ),
    "error.source.empty": (
        "{file} is empty (no header line)",
        "{file} пуст (нет строки заголовков)",
    ),
    "error.source.delimiters": (
        "the files do not share one delimiter; set sep= in options",
        "у файлов разные разделители; укажите sep= в options",
    ),
    "error.source.no_sheet": ("{file} has no sheet {sheet}", "в {file} нет листа {sheet}"),
    "error.source.no_column": (
        "no column for {wanted}; its columns are {headers}",
        "нет столбца для {wanted}; столбцы источника: {headers}",
    ),
    # databases
    "error.source.table_name": (
        "{table} is not a table name (use query= for anything else)",
        "{table} — не имя таблицы (для всего остального есть query=)",
    ),
    "error.source.sqlite_url": (
        "a sqlite URL names a file: sqlite:///shop.db or sqlite:////abs/shop.db",
        "URL sqlite называет файл: sqlite:///shop.db или sqlite:////abs/shop.db",
    ),
    "error.source.no_database": (
        "there is no database file {file} in {folder}",
        "нет файла базы данных {file} в папке {folder}",
    ),
    "error.source.db_open": (
        "cannot open the database: {reason}",
        "не удаётся открыть базу данных: {reason}",
    ),
    "error.source.no_sqlite": (
        "SQLite sources need Python's sqlite3 module, which this Python lacks"
        " (xlwings Lite: read the database with the xl-kpi command line)",
        "для источников SQLite нужен модуль Python sqlite3, а в этом Python его нет"
        " (xlwings Lite: читайте базу командой xl-kpi)",
    ),
    "error.source.postgres": (
        "PostgreSQL sources need pip install 'xl-kpi[postgres]'",
        "для источников PostgreSQL нужен pip install 'xl-kpi[postgres]'",
    ),
    # what a workbook may do by itself, and what the user grants it
    "error.trust.refused": (
        "this workbook asks to {asks}, which you have not allowed; to allow it, run "
        "xl-kpi trust {book} (or add --trust to the command for this run only)",
        "эта книга просит {asks}, а вы этого не разрешали; чтобы разрешить, выполните "
        "xl-kpi trust {book} (или добавьте --trust к команде, только на этот запуск)",
    ),
    "trust.and": ("{first}; {rest}", "{first}; {rest}"),
    "trust.ask.files": ("read the files {what}", "читать файлы {what}"),
    "trust.ask.database": ("connect to the database {what}", "подключаться к базе данных {what}"),
    "trust.ask.engine": ("compute on {what}", "считать на движке {what}"),
    "trust.ask.cluster": (
        "send its rows to the Spark cluster {what}",
        "отправлять строки в кластер Spark {what}",
    ),
    "error.trust.variable": (
        "a workbook may not read the environment variable {name}: name one starting with "
        'XLKPI_, or add {name} to "variables" in your trust file',
        "книга не может читать переменную окружения {name}: назовите переменную, "
        'начинающуюся с XLKPI_, или добавьте {name} в "variables" файла доверия',
    ),
    "error.trust.password": (
        "a workbook may not hold a password: write it as ${{XLKPI_...}} and set that "
        "variable in the environment",
        "в книге не может быть пароля: напишите его как ${{XLKPI_...}} и задайте эту "
        "переменную в окружении",
    ),
    "error.trust.setting": (
        "a workbook's URL may not set {name} (only {allowed})",
        "URL в книге не может задавать {name} (только {allowed})",
    ),
    "error.trust.outside": (
        "{file} leads to {real}, outside the folders this source may read; name that place "
        "in the Sources tab instead, and allow it with xl-kpi trust",
        "{file} ведёт в {real}, за пределы папок этого источника; укажите это место во "
        "вкладке Sources и разрешите его командой xl-kpi trust",
    ),
    "error.trust.file": (
        "the trust file {file} cannot be read ({reason}); correct or delete it",
        "файл доверия {file} не читается ({reason}); исправьте или удалите его",
    ),
    "error.trust.no_book": (
        "xl-kpi trust needs a workbook file",
        "xl-kpi trust нужен файл книги",
    ),
    "trust.nothing": (
        "{book} asks for nothing beyond its own tabs and the files in its folder",
        "{book} не просит ничего сверх своих вкладок и файлов в своей папке",
    ),
    "trust.asks": ("{book} asks to:", "{book} просит:"),
    "trust.is_granted": ("granted", "разрешено"),
    "trust.not_granted": ("not granted", "не разрешено"),
    "trust.question": ("Allow all of this? [y/N] ", "Разрешить всё это? [y/N] "),
    "trust.done": ("allowed; the grants are in {file}", "разрешено; разрешения в {file}"),
    "trust.kept": ("nothing allowed", "ничего не разрешено"),
    "trust.revoked": ("withdrew every grant of {book}", "все разрешения {book} отозваны"),
    "trust.no_grants": ("{book} had no grants", "у {book} не было разрешений"),
    "trust.settings_later": (
        "its Settings come from a source: the engine they choose is asked once it is allowed",
        "её Settings берутся из источника: движок из них будет спрошен, когда его разрешат",
    ),
    # limits
    "error.limit.setting": (
        "{variable} is {text}: write a whole number above 0",
        "{variable} = {text}: нужно целое число больше 0",
    ),
    "error.limit.files": (
        "more than {limit} files match; name fewer, or set {variable} to raise the limit",
        "подходит больше {limit} файлов; укажите меньше или поднимите предел в {variable}",
    ),
    "error.limit.bytes": (
        "the files are larger than {limit} together; set {variable} to raise the limit",
        "файлы вместе больше {limit}; поднимите предел в {variable}",
    ),
    "error.limit.rows": (
        "more than {limit} rows; filter them with query=, or set {variable} to raise the limit",
        "больше {limit} строк; отберите их через query= или поднимите предел в {variable}",
    ),
    "error.limit.line": (
        "{file}, line {line} is longer than {limit} characters (is it a CSV file?); "
        "set {variable} to raise the limit",
        "{file}, строка {line} длиннее {limit} символов (это CSV-файл?); "
        "поднимите предел в {variable}",
    ),
    "error.limit.seconds": (
        "the query ran longer than {limit} s and was stopped; make it lighter, or set "
        "{variable} to raise the limit",
        "запрос шёл дольше {limit} с и остановлен; упростите его или поднимите предел в {variable}",
    ),
    "error.limit.skip": (
        "skip={text} is not a number of lines from 0 to {limit}",
        "skip={text} — не число строк от 0 до {limit}",
    ),
    "error.source.not_parquet": (
        "{file} is not a Parquet file (or is empty or cut short); export it again as "
        "Parquet, or write its real format in the format column",
        "{file} — не файл Parquet (или пустой, или обрезан); выгрузите его снова в Parquet "
        "или укажите его настоящий формат в столбце format",
    ),
    "error.source.csv_broken": (
        "{file} is not a well-formed CSV table{where}: a quote left open, or rows with more "
        "cells than the header; open it in Excel and save it again as CSV",
        "{file} — испорченная таблица CSV{where}: незакрытая кавычка или в строках больше "
        "ячеек, чем в заголовке; откройте его в Excel и сохраните снова как CSV",
    ),
    "error.source.line_long": (
        "{file} has a line longer than {limit} bytes: is it a CSV file?",
        "в {file} есть строка длиннее {limit} байт: это CSV-файл?",
    ),
    "error.source.at_line": (" (line {line})", " (строка {line})"),
    "error.source.a_file": ("one of its files", "один из его файлов"),
    "error.source.packed": (
        "{file} is a {kind} file, not text: unpack or convert it to CSV first, or write its "
        "format in the format column",
        "{file} — файл {kind}, а не текст: сначала распакуйте или сохраните его как CSV, "
        "или укажите формат в столбце format",
    ),
    "error.source.binary": (
        "{file} is not a text file; name a CSV file, or write its format in the format column",
        "{file} — не текстовый файл; укажите CSV-файл или формат в столбце format",
    ),
    "error.source.not_regular": (
        "{file} is not a regular file (a pipe, a device or a folder); name a file",
        "{file} — не обычный файл (канал, устройство или папка); укажите файл",
    ),
    # engines
    "error.engine.unknown": (
        "unknown engine {name}: use {engines}",
        "неизвестный движок {name}: выберите {engines}",
    ),
    "error.engine.no_duckdb": (
        "the duckdb engine needs DuckDB: pip install 'xl-kpi[duckdb]'",
        "движку duckdb нужен DuckDB: pip install 'xl-kpi[duckdb]'",
    ),
    "error.engine.memory_size": (
        "Settings memory_limit {setting} is not a size: write it as 4GB, 512MB or 50%",
        "Settings memory_limit {setting} — не размер: пишите 4GB, 512MB или 50%",
    ),
    "error.engine.memory_share": (
        "Settings memory_limit {setting}: a share is 1% to 100%",
        "Settings memory_limit {setting}: доля — от 1% до 100%",
    ),
    "error.engine.memory_small": (
        "Settings memory_limit {setting} is under 64MB: DuckDB needs more",
        "Settings memory_limit {setting} меньше 64MB: DuckDB нужно больше",
    ),
    "error.engine.no_pyspark": (
        "the spark engine needs pyspark: pip install 'xl-kpi[spark]'",
        "движку spark нужен pyspark: pip install 'xl-kpi[spark]'",
    ),
    "error.engine.spark_unreachable": (
        "the Spark master {master} cannot be reached: {reason}",
        "мастер Spark {master} недоступен: {reason}",
    ),
    "error.engine.spark_start": (
        "Spark ({master}) did not start: {reason}",
        "Spark ({master}) не запустился: {reason}",
    ),
    # notes
    "note.source_replaces": (
        "not used: its rows come from {source}",
        "не используется: её строки берутся из {source}",
    ),
}
