"""Every broken file as a source is one line a marketer can act on, in English and Russian,
on every engine: the file, the problem and the fix in the product's words, never a
reader's own (``Error when sniffing file``, ``No magic bytes``, ``C error``) nor the name
of a scratch copy, nor mojibake."""

from __future__ import annotations

import gzip
import re
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from xl_kpi.cli import main

RAW = re.compile(
    r"sniffing|magic|C error|Invalid Input|tokeniz|field limit|non-root|footer|utf8-\d|Arrow",
    re.IGNORECASE,
)


def _broken(folder):
    (folder / "bad.parquet").write_bytes(b"hello")
    pq.write_table(pa.table({}), folder / "empty.parquet")
    (folder / "broken.csv").write_text('date,revenue\n2025-01-01,"1\n2025-01-02,2,3,4\n')
    with gzip.open(folder / "packed.csv", "wt") as out:
        out.write("date,channel,revenue\n2025-01-01,Email,1\n")
    with zipfile.ZipFile(folder / "zipped.csv", "w") as out:
        out.writestr("orders.csv", "date,revenue\n")
    (folder / "binary.csv").write_bytes(b"date\0revenue\0\1\2")


CASES = {
    "bad.parquet": ("bad.parquet is not a Parquet file", "bad.parquet — не файл Parquet"),
    "empty.parquet": ("empty.parquet is not a Parquet file", "empty.parquet — не файл Parquet"),
    "broken.csv": ("broken.csv is not a well-formed CSV table", "broken.csv — испорченная таблица"),
    "packed.csv": ("packed.csv is a gzip file, not text", "packed.csv — файл gzip"),
    "zipped.csv": ("zipped.csv is a zip file, not text", "zipped.csv — файл zip"),
    "binary.csv": ("binary.csv is not a text file", "binary.csv — не текстовый файл"),
}


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("name", list(CASES))
def test_a_broken_file_is_said_in_the_users_words(
    tmp_path, capsys, monkeypatch, engine, lang, name
):
    if name == "empty.parquet" and engine == "pandas":
        pytest.skip("pandas reads a file without columns as a table without columns")
    _broken(tmp_path)
    monkeypatch.chdir(tmp_path)
    code = main(["--lang", lang, "report", "--engine", engine, "--source", f"orders={name}"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1, err
    english, russian = CASES[name]
    assert (english if lang == "en" else russian) in err, err
    assert not RAW.search(err), err
    if lang == "ru":
        assert not re.search(r"\b(is|the|not|file|or)\b", err.split("): ", 1)[1]), err


def test_a_unicode_text_export_is_read(tmp_path, capsys, monkeypatch, engine):
    """Excel's "Unicode text" (UTF-16 with a byte order mark) reads as the text it is."""
    text = "date\tchannel\trevenue\n2025-01-01\tEmail\t100\n"
    (tmp_path / "orders.txt").write_text(text, encoding="utf-16")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--engine", engine, "--source", "orders=orders.txt"]) == 0
    assert '"value": 100' in capsys.readouterr().out
