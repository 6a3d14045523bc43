"""The measure table: each measure declared once, and what is derived from it."""

from __future__ import annotations

import pandas as pd
import pytest

from xl_kpi.engine.facts import SUMMED
from xl_kpi.header_names import key as name_key
from xl_kpi.i18n import LANGUAGES, TEXT, text
from xl_kpi.measures import (
    MEASURE_RECORDS,
    MEASURES,
    MEASURES_TABLE,
    OUTCOMES,
    Aggregation,
    inputs,
    measure,
)
from xl_kpi.report import TOTAL, build_report
from xl_kpi.report.settings import target_names
from xl_kpi.report.tables import CHANNEL_COLUMNS, SCORECARD
from xl_kpi.schema import tab
from xl_kpi.tabs import read_tabs


def test_every_measure_reads_columns_its_tab_has():
    for m in MEASURES_TABLE:
        for tab_name, columns in m.inputs:
            if tab_name != "Settings":
                assert set(columns) <= set(tab(tab_name).column_names), (m.name, tab_name)
        raw = m.column is None or m.rule is not None or m.column in tab(m.tab).column_names
        assert raw, m.name  # a plain sum sums a raw column


def test_names_are_unique_and_every_kpi_reads_declared_measures():
    assert len(MEASURES) == len(MEASURES_TABLE)
    assert OUTCOMES <= MEASURES
    for spec in SCORECARD:
        assert set(spec.needs) | set(spec.reads) <= MEASURES, spec.entry.name


def test_every_measure_shown_has_its_words_in_both_languages():
    shown = {name for _, name in MEASURE_RECORDS}
    shown |= {c.name for c in CHANNEL_COLUMNS if c.name in MEASURES}
    assert shown
    for name in shown:
        key = measure(name).words
        assert key in TEXT and all(text(key, lang) for lang in LANGUAGES), key


def test_a_target_may_name_a_recorded_measure_in_either_language():
    names = target_names()
    for record, name in MEASURE_RECORDS:
        assert names[name_key(record)] == record
        for lang in LANGUAGES:
            assert names[name_key(text(measure(name).words, lang))] == record, (record, lang)


def test_the_engines_sum_every_summed_column_and_skip_distinct_counts():
    for m in MEASURES_TABLE:
        if m.column is None:
            continue
        summed = m.column in SUMMED[m.tab]
        assert summed == (m.aggregation is not Aggregation.COUNT_DISTINCT), m.name


def test_a_row_count_lists_the_date_as_what_it_reads():
    assert inputs(["leads"]) == (("Leads", ("date",)),)
    assert inputs(["spend", "leads", "won"]) == (("Spend", ("spend",)), ("Leads", ("status",)))


@pytest.mark.parametrize("name", [m.name for m in MEASURES_TABLE if m.record])
def test_a_recorded_measure_is_a_record_of_every_period_and_channel(name):
    """A tab with the measure's column (and the tab's required ones) gives its record by
    period and channel: the column's sum, or the rows counted."""
    m = measure(name)
    days = pd.date_range("2025-01-01", periods=40, freq="D")
    frame = pd.DataFrame({"date": days, "channel": ["VK", "Email"] * 20})
    for column in tab(m.tab).columns:
        if column.required and column.name not in frame:
            frame[column.name] = 10.0
    if m.column is not None:
        frame[m.column] = [float(i % 7) for i in range(len(frame))]
    report = build_report(read_tabs({m.tab: frame}))
    found = {(r.period, r.channel): r.value for r in report.records if r.kpi == m.record}

    def expected(rows: pd.DataFrame) -> float:
        return float(len(rows)) if m.column is None else float(rows[m.column].sum())

    january, vk = frame[frame["date"] < "2025-02-01"], frame[frame["channel"] == "VK"]
    assert found[(TOTAL, None)] == pytest.approx(expected(frame))
    assert found[(report.periods[0], None)] == pytest.approx(expected(january))
    assert found[(TOTAL, "VK")] == pytest.approx(expected(vk))
