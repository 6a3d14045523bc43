"""Every KPI of the catalogue against worked examples, undefined cases, input shapes and text."""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xl_kpi
from xl_kpi.catalogue import CATALOGUE, Kind
from xl_kpi.inputs import InputError

from .kpi_cases import ALWAYS_DEFINED, EXAMPLES, NEGATIVE_REFUSED, UNDEFINED

POOLED = {Kind.AMOUNT, Kind.COUNT, Kind.COST}
ALL = sorted(CATALOGUE)
EXAMPLE_CASES = [(name, case) for name in ALL for case in EXAMPLES.get(name, [])]


def _id(value):
    return value if isinstance(value, str) else ""


@pytest.mark.parametrize("name", ALL)
def test_every_kpi_has_worked_examples_and_an_undefined_policy(name):
    assert EXAMPLES.get(name), f"{name} has no worked example in tests/kpi_cases.py"
    assert name in UNDEFINED or name in ALWAYS_DEFINED, f"{name}: say what makes it undefined"


@pytest.mark.parametrize(("name", "case"), EXAMPLE_CASES, ids=_id)
def test_worked_examples(name, case):
    result = getattr(xl_kpi, name)(*case.args, **case.kwargs)
    assert isinstance(result, float)
    assert result == pytest.approx(case.expected, rel=1e-12), case.source


@pytest.mark.parametrize(("name", "case"), EXAMPLE_CASES, ids=_id)
def test_a_call_reads_the_same_by_position_and_by_name(name, case):
    """Positional calls take a shorter road than named ones; both read the same arguments,
    and an optional argument left out reads as None, its default."""
    entry, func = CATALOGUE[name], getattr(xl_kpi, name)
    named = dict(zip((a.name for a in entry.args), case.args)) | case.kwargs
    padded = [named.get(a.name) for a in entry.args]
    results = {func(*case.args, **case.kwargs), func(**named), func(*padded)}
    assert len(results) == 1 or all(math.isnan(r) for r in results), results
    with pytest.raises(TypeError, match="too many"):
        func(*padded, None)
    fewest = sum(not a.optional for a in entry.args)
    with pytest.raises(TypeError, match="missing"):
        func(*padded[: fewest - 1])


@pytest.mark.parametrize(
    ("name", "args"), [(n, a) for n in ALL for a in UNDEFINED.get(n, [])], ids=_id
)
def test_zero_or_missing_denominator_is_nan_never_zero_or_an_error(name, args):
    assert math.isnan(getattr(xl_kpi, name)(*args))


@pytest.mark.parametrize("name", sorted(ALWAYS_DEFINED))
def test_sums_and_counts_of_nothing_are_zero(name):
    blank_ranges = [[[None], [""]] for arg in CATALOGUE[name].args if not arg.optional]
    assert getattr(xl_kpi, name)(*blank_ranges) == 0.0


@pytest.mark.parametrize(("name", "position"), sorted(NEGATIVE_REFUSED.items()))
def test_negative_counts_and_costs_are_invalid(name, position):
    entry = CATALOGUE[name]
    assert entry.args[position].kind in {Kind.COUNT, Kind.COST, Kind.SCORES}
    args = list(EXAMPLES[name][0].args)
    args[position] = [[5], [-3]]
    with pytest.raises(InputError, match=rf"{entry.args[position].name}.*-3.*row 2"):
        entry.func(*args)


def _pooled_example_cases():
    for name, case in EXAMPLE_CASES:
        kinds = [a.kind for a in CATALOGUE[name].args]
        if not case.kwargs and all(
            k in POOLED and isinstance(v, (int, float)) for k, v in zip(kinds, case.args)
        ):
            yield name, case


SHAPES = {
    "list of lists with blanks": lambda x: [[x / 4], [None], [3 * x / 4], [""]],
    "one row": lambda x: [x / 2, None, x / 2],
    "2-D block": lambda x: [[x / 2, None], [x / 4, x / 4]],
    "numpy column": lambda x: np.array([[x / 2], [np.nan], [x / 2]]),
    "numpy 1-D int": lambda x: np.array([x]) if float(x).is_integer() else np.array([x / 2, x / 2]),
    "pandas Series": lambda x: pd.Series([x / 2, None, x / 2]),
    "pandas DataFrame": lambda x: pd.DataFrame({"a": [x / 2, None], "b": [x / 4, x / 4]}),
    "Russian text": lambda x: [[f"{x:,.2f}".replace(",", "\u00a0").replace(".", ",")]],
    "English text with currency": lambda x: [[f"${x:,.2f}"]] if x >= 0 else [[x]],
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("name", "case"), list(_pooled_example_cases()), ids=_id)
def test_every_input_shape_gives_the_same_number(name, case, shape):
    args = [SHAPES[shape](x) for x in case.args]
    before = copy.deepcopy(args)
    result = getattr(xl_kpi, name)(*args)
    assert result == pytest.approx(case.expected, rel=1e-9)
    for old, new in zip(before, args):  # inputs are never mutated
        if isinstance(new, (pd.Series, pd.DataFrame)):
            assert new.equals(old)
        elif isinstance(new, np.ndarray):
            np.testing.assert_array_equal(new, old)
        else:
            assert new == old


def test_pooled_is_the_ratio_of_sums_not_the_mean_of_row_ratios():
    cost, clicks = [[100], [900]], [[50], [150]]
    assert xl_kpi.cpc(cost, clicks) == 5.0  # (100 + 900) / (50 + 150)
    assert np.mean([100 / 50, 900 / 150]) == 4.0  # what a mean of row ratios would say


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(
        st.one_of(st.none(), st.floats(0, 1e9, allow_nan=False)), min_size=1, max_size=30
    ),
    denominator=st.lists(st.floats(1, 1e6), min_size=1, max_size=30),
)
def test_property_pooling_equals_kpi_of_the_totals(parts, denominator):
    total = sum(p for p in parts if p is not None)
    pooled = xl_kpi.cpl([[p] for p in parts], [[d] for d in denominator])
    if all(p is None for p in parts):
        assert math.isnan(pooled)
    else:
        assert pooled == pytest.approx(xl_kpi.cpl(total, sum(denominator)), rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_property_nps_is_bounded_and_order_free(scores):
    value = xl_kpi.nps(scores)
    assert -100 <= value <= 100
    assert value == xl_kpi.nps(list(reversed(scores)))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: xl_kpi.cpc([[10], ["ten"]], 2),
            r"cost: 'ten' is not a number \(row 2 of the range\)",
        ),
        (lambda: xl_kpi.ctr("#N/A", 100), r"clicks: the cell holds the Excel error #N/A"),
        (lambda: xl_kpi.romi(100, True), r"cost: True is a logical value"),
        (lambda: xl_kpi.nps([9, 11]), r"scores: 11 is not a score from 0 to 10"),
        (lambda: xl_kpi.nps([9, 7.5]), r"scores: 7.5 is not a score"),
        (lambda: xl_kpi.revenue([1, 2], ["01.01.2026"], start="01.01.2026"), r"same size"),
        (
            lambda: xl_kpi.new_customers(["C1", "C2"], ["01.01.2026"]),
            r"customer_ids and dates .*same size",
        ),
        (
            lambda: xl_kpi.revenue([1, 2], ["01.01.2026", None], end="01.01.2026"),
            r"row 2 has no date",
        ),
        (
            lambda: xl_kpi.revenue([1], ["01.01.2026"], start=["01.01.2026", "02.01.2026"]),
            r"start must be one date",
        ),
        (
            lambda: xl_kpi.revenue([1], ["32.01.2026"], start="01.01.2026"),
            r"dates: '32.01.2026' is not a date",
        ),
    ],
)
def test_invalid_input_names_the_argument_the_value_and_the_place(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_revenue_and_sales_count_by_period_with_excel_serials_and_datetimes():
    amounts = [[1000.0], [2000.0], [None], [4000.0]]
    dates = [[46023.0], [46053.0], [46054.0], [pd.Timestamp("2026-03-01")]]  # 1 Jan, 31 Jan, ...
    assert xl_kpi.revenue(amounts, dates, start="2026-01-01", end="31.01.2026") == 3000.0
    assert xl_kpi.sales_count(amounts, dates, start="01.02.2026") == 1.0
    assert xl_kpi.revenue(amounts, dates) == 7000.0  # dates alone do not filter


def test_a_blank_amount_without_a_date_is_just_a_blank_row():
    assert xl_kpi.revenue([1, None], ["01.01.2026", None], start="01.01.2026") == 1.0


def test_every_kpi_is_importable_from_the_package():
    for name, entry in CATALOGUE.items():
        assert getattr(xl_kpi, name) is entry.func
        assert name in xl_kpi.__all__


@pytest.mark.parametrize(
    "dates",
    [
        pd.to_datetime(["2026-01-05", "2026-02-05"]).to_numpy(),  # datetime64[ns]
        pd.Series(pd.to_datetime(["2026-01-05", "2026-02-05"])),
        pd.to_datetime(["2026-01-05", "2026-02-05"]),
        [[46027.0], [46058.0]],  # Excel serials
        ["05.01.2026", "05.02.2026"],
    ],
    ids=["numpy", "Series", "DatetimeIndex", "serials", "text"],
)
def test_dates_in_every_shape(dates):
    assert xl_kpi.revenue([100, 200], dates, start="01.02.2026") == 200.0
    assert xl_kpi.new_customers(["A", "B"], dates, end="31.01.2026") == 1.0


@pytest.mark.parametrize("high", [1, 7, 400, 10**12])
def test_repeat_purchase_rate_of_customer_numbers_counts_as_for_any_ids(high):
    """Customer numbers (the report's codes) are counted by position; the rate is the one
    the ids give as text."""
    rng = np.random.default_rng(high % 97)
    numbers = rng.integers(0, high, size=500)
    as_text = [[f"C{n}"] for n in numbers]
    assert xl_kpi.repeat_purchase_rate(numbers) == xl_kpi.repeat_purchase_rate(as_text)
    assert math.isnan(xl_kpi.repeat_purchase_rate(np.array([], dtype=np.int64)))
