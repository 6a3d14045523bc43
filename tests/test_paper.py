"""The summary on paper, as a head of marketing prints it for a meeting: the ``--pdf``
snapshot of the 12-month sample in English and in Russian, measured word by word with
pdfplumber: the paper size, the smallest text (never below 8 points: the summary is laid
out one page wide at 75% or more, not shrunk to fit), the first page (tiles, then the
scorecard of the latest periods), the Russian numbers and no English word in the Russian
PDF beyond the KPI abbreviations, currency codes and names from the data."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from xl_kpi.cli import main
from xl_kpi.cli_errors import LOCALE_VARIABLES
from xl_kpi.headless import new_workbook, report_workbook

from .english_words import data_names, english

pytestmark = pytest.mark.slow  # LibreOffice writes each PDF

pdfplumber = pytest.importorskip("pdfplumber")

#: Page sizes in points (portrait width, height), within a point.
A4, LETTER = (595, 842), (612, 792)


@pytest.fixture(scope="module")
def carlito():
    """Calibri's metrics for LibreOffice: without them a wider font stands in and every
    column is a third wider than Excel draws it (.ci/run installs the font)."""
    listed = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    if "carlito" not in listed.lower():
        pytest.fail("the Carlito font is missing: apt-get install fonts-crosextra-carlito")


def _printed(folder: Path, lang: str, env: dict[str, str], monkeypatch) -> Path:
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    book = new_workbook(folder / f"{lang}.xlsx", sample=True, language=lang)
    pdf = folder / f"{lang}.pdf"
    assert main(["refresh", str(book), "--pdf", str(pdf)]) == 0
    return pdf


@pytest.fixture(scope="module")
def printed(libreoffice, carlito, tmp_path_factory):
    """The 12-month sample printed in each language: English under a US locale."""
    folder = tmp_path_factory.mktemp("paper")
    found = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        found["en"] = _printed(folder, "en", {"LANG": "en_US.UTF-8"}, monkeypatch)
        found["ru"] = _printed(folder, "ru", {"LANG": "ru_RU.UTF-8"}, monkeypatch)
    return found


def _level(char) -> bool:
    """Whether a char is set level (its text matrix turns nothing)."""
    return abs(char["matrix"][1]) < 1e-6 and abs(char["matrix"][2]) < 1e-6


def _size(page) -> tuple[int, int]:
    return tuple(sorted((round(page.width), round(page.height))))  # type: ignore[return-value]


@pytest.mark.parametrize(("lang", "paper"), [("en", LETTER), ("ru", A4)])
def test_every_page_is_the_languages_paper_and_no_text_is_below_8_points(printed, lang, paper):
    with pdfplumber.open(printed[lang]) as pdf:
        assert len(pdf.pages) >= 4
        for number, page in enumerate(pdf.pages, start=1):
            assert _size(page) == paper, number
            assert page.width > page.height  # landscape
            # upright text: a rotated char's box (axis labels at 45°) does not give its size;
            # the charts' fonts are checked in their XML below
            sizes = [c["size"] for c in page.chars if c["text"].strip() and _level(c)]
            assert sizes and min(sizes) >= 8, (number, min(sizes))
            assert max(c["x1"] for c in page.chars) <= page.width  # nothing off the page


def test_every_text_of_every_chart_is_set_at_11_points(printed):
    """11 points printed at 75% or more is above 8: the titles, axes and legends say so in
    the chart's XML (a reader's default would be 10 points)."""
    with zipfile.ZipFile(printed["en"].with_suffix(".xlsx")) as book:
        charts = [n for n in book.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        assert len(charts) >= 5
        for name in charts:
            xml = book.read(name).decode()
            sizes = [int(v) for v in re.findall(r'<a:defRPr[^>]*\bsz="(\d+)"', xml)]
            axes = len(re.findall(r"<c:(?:valAx|catAx)>", xml))
            assert len(sizes) >= axes + 1 and min(sizes) >= 1100, name


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_first_page_shows_the_tiles_then_the_scorecard(printed, lang):
    title, scorecard, revenue = {
        "en": ("KPI Summary", "Scorecard", "Revenue"),
        "ru": ("Сводка KPI", "Показатели", "Выручка"),
    }[lang]
    with pdfplumber.open(printed[lang]) as pdf:
        first = pdf.pages[0].extract_text()
        assert first.startswith(title)
        assert first.index(revenue) < first.index(scorecard)  # a tile, above the scorecard
        kpis = ["ROMI", "CAC", "CTR", "CPC"]
        assert all(kpi in first.split(scorecard, 1)[1] for kpi in kpis)
        pages = [page.extract_text() for page in pdf.pages]
        assert all(page.startswith(title) for page in pages)  # the titles on every page


def test_the_russian_pdf_writes_numbers_and_periods_the_russian_way(printed):
    with pdfplumber.open(printed["ru"]) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert re.search(r"\d{1,3}(?: \d{3})+,\d\d\b", text)  # 1 234 567,89
    assert not re.search(r"\d,\d{3}\.\d\d\b", text)  # never 1,234.56
    assert "дек 2025" in text and not re.search(r"\b2025-\d\d\b", text)
    assert "п.п." in text  # a rate's change in percentage points


def test_the_russian_pdf_has_no_english_word(printed):
    report = report_workbook(printed["ru"].with_suffix(".xlsx"))
    with pdfplumber.open(printed["ru"]) as pdf:
        text = [page.extract_text() for page in pdf.pages]
    assert english(text, data_names(report)) == set()


def test_english_prints_on_a4_outside_the_letter_countries(libreoffice, carlito, tmp_path):
    with pytest.MonkeyPatch.context() as monkeypatch:
        pdf = _printed(tmp_path, "en", {"LANG": "en_GB.UTF-8"}, monkeypatch)
    with pdfplumber.open(pdf) as found:
        assert {_size(page) for page in found.pages} == {A4}
