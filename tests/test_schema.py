"""The one description of the raw tabs: names, columns, aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_kpi import docs
from xl_kpi.header_names import key
from xl_kpi.schema import CHANNELS, TABS, find_tab

KINDS = {"date", "money", "count", "text", "id"}


def test_tab_names_are_distinct_in_each_language() -> None:
    assert len({t.name for t in TABS}) == len({t.ru for t in TABS}) == len(TABS)
    for tab in TABS:
        assert find_tab(tab.name) is tab and find_tab(tab.ru.upper()) is tab


def test_a_column_name_has_one_russian_header_across_tabs() -> None:
    russian: dict[str, str] = {}
    for tab in TABS:
        for column in tab.columns:
            assert russian.setdefault(column.name, column.ru) == column.ru, column.name
            assert column.kind in KINDS


@pytest.mark.parametrize("tab", TABS, ids=lambda t: t.name)
def test_no_header_names_two_columns_of_a_tab(tab) -> None:
    seen: dict[str, str] = {}
    for column in tab.columns:
        for header in column.headers:
            assert seen.setdefault(key(header), column.name) == column.name, header
    assert any(c.required for c in tab.columns)


def test_no_alias_names_two_tabs() -> None:
    seen: dict[str, str] = {}
    for tab in TABS:
        for alias in (tab.name, tab.ru, *tab.aliases):
            assert seen.setdefault(key(alias), tab.name) == tab.name, alias


def test_the_readme_tab_table_is_generated_from_the_schema() -> None:
    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = text[text.index(docs.TAB_BEGIN) + len(docs.TAB_BEGIN) : text.index(docs.TAB_END)]
    assert block.strip() == docs.tab_table().strip(), "run: python -m xl_kpi.docs"
    for spec in (*TABS, CHANNELS):
        assert f"| {spec.name} ({spec.ru}) |" in block


def test_the_readme_lists_every_header_the_reader_knows() -> None:
    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = text[
        text.index(docs.HEADER_BEGIN) + len(docs.HEADER_BEGIN) : text.index(docs.HEADER_END)
    ]
    assert block.strip() == docs.header_table().strip(), "run: python -m xl_kpi.docs"
    for header in ("Total Spent", "Clicks (destination)", "Дата начала отчетности"):
        assert f"`{header.casefold()}`" in block.casefold()


def test_the_channels_tab_is_recognised_but_no_template_tab() -> None:
    assert find_tab("Каналы") is CHANNELS and CHANNELS not in TABS
    written, channel = ({key(h) for h in c.headers} for c in CHANNELS.columns)
    assert not written & channel
