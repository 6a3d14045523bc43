"""The one table of words: every key says itself in English and in Russian."""

from __future__ import annotations

import importlib
import re
import string
from pathlib import Path

import pytest

from xl_kpi import i18n
from xl_kpi.i18n import LANGUAGES, TEXT, both, labels, text

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
#: Words that read the same in both languages (a symbol, a product's or a format's name).
SAME_IN_BOTH = {"summary.undefined", "summary.kpi"}


def _texts(value: object) -> list[str]:
    return list(value) if isinstance(value, tuple) else [value]  # type: ignore[list-item]


def _fields(texts: list[str]) -> list[set[str]]:
    return [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts]


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_key_has_both_languages(key: str) -> None:
    english, russian = TEXT[key]
    en, ru = _texts(english), _texts(russian)
    assert len(en) == len(ru) and all(t.strip() for t in en + ru), key
    if key in SAME_IN_BOTH or all(not re.search("[A-Za-zА-Яа-я]", t) for t in en):
        return
    assert any(CYRILLIC.search(t) for t in ru) or ru == en, f"{key}: the Russian is not Russian"
    assert _fields(en) == _fields(ru), f"{key}: the two languages fill different fields"


def test_the_lookups_take_the_language_asked_for() -> None:
    assert LANGUAGES == ("en", "ru")
    assert text("summary.total", "ru") == "Итого" and text("summary.total", "en") == "Total"
    assert text("summary.total", "de") == "Total"  # an unknown language reads as English
    assert labels("summary.", "ru")["total"] == "Итого"
    assert both("summary.total") == "Total / Итого"


def test_a_missing_key_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError):
        text("summary.no_such_word", "en")


def test_no_key_is_in_two_modules_of_words() -> None:
    """The table gathers each area's module: a key in two of them would say one module's
    words where the other's were meant, without a word (the later one wins)."""
    parts: dict[str, str] = {}
    for path in sorted(Path(i18n.__file__).parent.glob("i18n_*.py")):
        module = importlib.import_module(f"xl_kpi.{path.stem}")
        for name in module.__all__:
            for key in getattr(module, name):
                assert key not in parts, f"{key} is in {parts.get(key)} and {path.stem}.{name}"
                parts[key] = f"{path.stem}.{name}"
    assert len(parts) > 400 and set(parts) <= set(TEXT)  # the check sees the modules
