"""The command line: what a user types and sees, exit codes included."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from xl_kpi import readme
from xl_kpi.catalogue import CATALOGUE
from xl_kpi.cli import main
from xl_kpi.cli_errors import LOCALE_VARIABLES, error_line
from xl_kpi.problems import Problem, Words, keyed

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "printed"),
    [
        (["calc", "ROMI", "2000000", "500000"], "300%"),
        (["calc", "romi", "income=2 000 000 ₽", "cost=500000", "--lang", "ru"], "300 %"),
        (["calc", "CPC", "0,20;0,40", "2"], "0.30"),
        (["calc", "CAC", "300000", "120", "sales_costs=60000"], "3,000.00"),
        (["calc", "NPS", "10;9;;3"], "33.3"),
        (["calc", "CAC_PAYBACK", "3000", "1000", "0.5"], "6 months"),
        (["calc", "CPC", "10", "0"], "undefined (zero or missing denominator)"),
        (
            [
                "calc",
                "REVENUE",
                "100;200",
                "01.01.2026;01.02.2026",
                "start=01.01.2026",
                "end=31.01.2026",
            ],
            "100.00",
        ),
    ],
)
def test_calc_prints_the_formatted_value(capsys, argv, printed):
    code, out, err = run(capsys, *argv)
    assert (code, out.strip(), err) == (0, printed, "")


def test_calc_json(capsys):
    code, out, _ = run(capsys, "calc", "CPC", "10", "0", "--format", "json")
    assert json.loads(out) == {"kpi": "CPC", "value": None}


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["calc", "GROWTH", "1"], 1, "no KPI called 'GROWTH'"),
        (["calc", "CPC", "1"], 2, "missing a required argument: 'clicks'"),
        (["calc", "CPC", "1", "2", "3"], 2, "too many positional arguments"),
        (["calc", "CPC", "1", "click=2"], 2, "CPC has no argument 'click'"),
        (["calc", "CPC", "ten", "2"], 1, "cost: 'ten' is not a number"),
        (["calc", "CTR", "-1", "2"], 1, "clicks must not be negative"),
    ],
)
def test_errors_are_one_line_and_a_nonzero_exit(capsys, argv, code, message):
    got, out, err = run(capsys, *argv)
    assert got == code and out == ""
    assert err.startswith("xl-kpi: ") and message in err and err.count("\n") == 1


def test_kpis_lists_the_catalogue_in_english_russian_and_json(capsys):
    _, out, _ = run(capsys, "kpis")
    assert len(out.splitlines()) == len(CATALOGUE) and "ROMI" in out
    _, out, _ = run(capsys, "kpis", "--lang", "ru")
    assert "Выручка" in out
    _, out, _ = run(capsys, "kpis", "--format", "json", "--lang", "ru")
    records = json.loads(out)
    assert [r["name"] for r in records] == [e.excel_name for e in CATALOGUE.values()]
    assert records[0]["args"][0] == {
        "name": "amounts",
        "doc": "Order amounts, a range; blanks are skipped.",
        "optional": False,
    }


def test_the_installed_command_runs_without_a_traceback():
    done = subprocess.run(
        [sys.executable, "-m", "xl_kpi.cli", "calc", "CPC", "x", "1"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """Messages follow the locale: these tests run under an English one unless they say."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["--lang", "ru", "calc", "CPC", "ten", "2"], {}, "cost: 'ten' — не число"),
        (["calc", "CPC", "ten", "2", "--lang", "ru"], {}, "cost: 'ten' — не число"),
        (["calc", "NOPE", "1"], {"LANG": "ru_RU.UTF-8"}, "нет KPI с именем 'NOPE'"),
        (["calc", "NOPE", "1"], {"LANGUAGE": "ru:en", "LANG": "en_US"}, "нет KPI с именем"),
        (["calc", "NOPE", "1"], {"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}, "no KPI called 'NOPE'"),
        (["--lang", "en", "calc", "NOPE", "1"], {"LANG": "ru_RU.UTF-8"}, "no KPI called"),
        (["report", "missing.xlsx", "--lang", "ru"], {}, "Нет книги 'missing.xlsx' в папке"),
        (["check", "missing.xlsx"], {"LC_MESSAGES": "ru_RU"}, "Нет книги 'missing.xlsx' в папке"),
    ],
)
def test_errors_are_said_in_the_language_asked_for(capsys, monkeypatch, argv, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("xl-kpi: ") and message in err, err


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["refresh"], 2, "не хватает аргументов: book (см. xl-kpi refresh --help)"),
        (["nope"], 2, "аргумент COMMAND: недопустимое значение 'nope'"),
        (["new", "x.xlsx", "--orders", "0"], 2, "аргумент --orders: должно быть не меньше 1"),
        (["new", "x.xlsm"], 2, "Книга вида plain должна называться *.xlsx (в ней нет макросов)"),
        (["calc", "CPC", "1"], 2, "CPC(cost, clicks): не хватает обязательного аргумента"),
        (["calc", "CPC", "1", "click=2"], 2, "у CPC нет аргумента 'click'; аргументы: cost"),
        (["calc", "CTR", "-1", "2"], 1, "clicks не может быть отрицательным: получено -1"),
        (["calc", "CPC", "1;x", "2"], 1, "cost: 'x' — не число (строка 2 диапазона)"),
        (["report"], 2, "для report нужна книга или хотя бы один --source"),
        (["report", "--source-options", "x"], 2, "--source-options 'x': пишите TAB=OPTIONS"),
        (["report", "--source", "orders"], 1, "--source 'orders': пишите TAB=LOCATION"),
        (["report", "--source", "nope=x.csv"], 1, "'nope' — не вкладка исходных данных (Orders"),
        (
            ["report", "--source", "orders=x.csv", "--source-options", 'orders=sep="'],
            1,
            "--source 'orders=x.csv': Нет закрывающей кавычки в 'sep=\"'",
        ),
        (["report", "--source", "orders:zip=x"], 1, "'zip' — не формат (csv, tsv, parquet"),
    ],
)
def test_usage_and_input_errors_in_russian_are_one_line(capsys, argv, code, message):
    got, out, err = run(capsys, "--lang", "ru", *argv)
    assert (got, out) == (code, "") and err.count("\n") == 1
    assert err.startswith("xl-kpi: ") and message in err, err


def test_the_output_stays_english_under_a_russian_locale(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    _, out, _ = run(capsys, "kpis")
    assert "Revenue" in out and "Выручка" not in out
    _, out, _ = run(capsys, "--lang", "ru", "kpis")
    assert "Выручка" in out


class _Outside(Problem, ValueError):
    """A product error raised from outside the package's modules (as a test, or a callback
    of another library, raises it): said as ours all the same."""


def test_a_problem_is_said_in_the_users_language_wherever_it_was_raised():
    exc = keyed(_Outside, "error.file.missing", file="'a.xlsx'", folder="'docs'")
    with pytest.raises(_Outside) as raised:  # raised here, in a test module
        raise exc
    assert error_line(raised.value, None, "ru") == "Нет книги 'a.xlsx' в папке 'docs'."
    assert error_line(raised.value, "a.xlsx", "en") == "There is no workbook 'a.xlsx' in 'docs'."
    bare = _Outside("The rendered summary is not a valid workbook.")  # a Problem without a key
    assert error_line(bare, None, "ru") == "The rendered summary is not a valid workbook."


def test_an_error_that_is_not_a_problem_is_said_without_its_python_details():
    """Only a Problem's message is written for users: another library's error (a ValueError
    or KeyError with its own text) is a problem in xl-kpi, whatever module raised it."""
    for exc in (ValueError("could not convert string to float: 'x'"), KeyError("__v_date")):
        said = error_line(exc, "book.xlsx", "en")
        assert "could not convert" not in said and "__v_date" not in said
        unexpected = Words("error.cli.unexpected", what=f" ({type(exc).__name__})").say("en")
        assert said.startswith("book.xlsx: ") and said.endswith(unexpected[1:])


def test_only_a_problem_can_be_keyed():
    with pytest.raises(TypeError, match="not a Problem"):
        keyed(ValueError, "error.file.missing", file="'a.xlsx'", folder="'docs'")


def test_a_usage_error_keeps_the_words_of_the_problem_it_comes_from(capsys):
    code, out, err = run(capsys, "--lang", "ru", "new", "book.xlsx", "--flavor", "classic")
    assert code == 2 and not out
    assert err.startswith("xl-kpi: Книга вида classic должна называться *.xlsm")


#: From Python 3.13 argparse names an option's value once (``-o, --output OUTPUT``, not
#: ``-o OUTPUT, --output OUTPUT``); both are compared in that form.
_INVOCATION = re.compile(r"(-\w) (\S+), (--[\w-]+) \2\b")


def _help_words(text: str) -> list[str]:
    """Help text as its words, the way an option is named made one (the README holds the
    help as one Python wrote it; another wraps and aligns it otherwise)."""
    return _INVOCATION.sub(r"\1, \3 \2", text).split()


def test_the_readme_holds_the_help_of_every_command():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[
        text.index(readme.HELP_BEGIN) + len(readme.HELP_BEGIN) : text.index(readme.HELP_END)
    ]
    assert _help_words(block) == _help_words(readme.help_block()), "run: python -m xl_kpi.readme"
    for command in ("kpis", "calc", "new", "refresh", "report", "check", "trust"):
        assert f"$ xl-kpi {command} --help\nusage: xl-kpi {command} " in block


def test_the_help_check_sees_a_change():
    """The check above would pass vacuously if the words compared missed a change."""
    said = readme.help_block()
    assert _help_words(said) != _help_words(said.replace("--summary SHEET", "--summary NAME"))
    assert _help_words("  -o OUTPUT, --output OUTPUT\n    x") == _help_words(
        "-o, --output OUTPUT x"
    )
