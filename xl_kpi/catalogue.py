"""The catalogue: one registry of KPIs that drives the cell functions, the docs and the tests.

A KPI is a pure Python function registered with :func:`kpi`, which records its spec
(Excel name, unit, which direction is better, formula, English and Russian text, the
meaning and kind of each argument) and wraps it so that every argument is read the same
way before the formula runs.

Conventions, the same for every KPI
-----------------------------------
Inputs
    An argument may be a number, text that reads as a number (see :mod:`xl_kpi.inputs`),
    an Excel range (a list, or a list of lists), a numpy array, or a pandas Series or
    DataFrame.  A range is *pooled*: blanks are skipped and the rest is summed, so a KPI
    of a set of rows is the ratio of the sums, not the mean of row ratios.  Inputs are
    never modified.
Undefined results
    A zero denominator, or an argument with no values at all (``None``, an empty or
    all-blank range), makes the KPI undefined: it returns ``nan``, never 0 and never an
    exception.  The cell functions show ``#DIV/0!``.
Invalid input
    Text that is not a number, Excel error values, negative counts and negative costs
    raise :class:`~xl_kpi.inputs.InputError` (a ``ValueError``) that names the argument,
    the value and where it sits in the range.
Results
    A float.  Rates are fractions (0.05 is 5%), money is in the input's currency, NPS is
    in points from -100 to 100 and payback in months.
"""

from __future__ import annotations

import enum
import functools
import inspect
import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .inputs import InputError, flatten, is_blank, parse_date, parse_number
from .problems import Problem, Words, keyed

__all__ = [
    "CATALOGUE",
    "Arg",
    "Category",
    "Kind",
    "KPI",
    "UnknownKPI",
    "Unit",
    "divide",
    "get",
    "kpi",
]


class Category(str, enum.Enum):
    """The guide's groups of KPIs, in the order the docs and the summary show them."""

    FINANCIAL = "Financial"
    SALES = "Sales"
    MARKETING = "Marketing"
    SMM = "SMM"
    LOYALTY = "Loyalty and growth"


class Unit(str, enum.Enum):
    """What a KPI's number measures; it decides how the number is shown."""

    MONEY = "money"
    RATIO = "ratio"
    MULTIPLE = "multiple"
    COUNT = "count"
    POINTS = "points"
    MONTHS = "months"


class Kind(enum.Enum):
    """How an argument is read.

    AMOUNT, COUNT and COST are pooled to one number (COUNT and COST must not be
    negative); VALUES keeps each cell (blanks as NaN) so it can be matched with DATES;
    IDS keeps each cell as a text key (blanks as None); SCORES keeps each survey answer;
    DATE is one date.
    """

    AMOUNT = "amount"
    COUNT = "count"
    COST = "cost"
    VALUES = "values"
    DATES = "dates"
    DATE = "date"
    IDS = "ids"
    SCORES = "scores"


@dataclass(frozen=True)
class Arg:
    """One argument of a KPI: its name, its one-line help and how it is read."""

    name: str
    doc: str
    kind: Kind
    optional: bool = False
    default: Any = None


@dataclass(frozen=True)
class KPI:
    """A catalogue entry: the function and everything said about it."""

    func: Callable[..., float]
    category: Category
    unit: Unit
    higher_is_better: bool
    formula: str
    title_en: str
    title_ru: str
    en: str
    ru: str
    args: tuple[Arg, ...]

    @property
    def name(self) -> str:
        """The Python name, e.g. ``romi``."""
        return self.func.__name__

    @property
    def excel_name(self) -> str:
        """The name typed in a cell, e.g. ``ROMI``."""
        return self.name.upper()

    def title(self, lang: str = "en") -> str:
        """Short name for headings, in ``en`` or ``ru``."""
        return self.title_ru if lang == "ru" else self.title_en

    def description(self, lang: str = "en") -> str:
        """One-line description, in ``en`` or ``ru``."""
        return self.ru if lang == "ru" else self.en

    @property
    def wizard_help(self) -> str:
        """Excel's Function Wizard text: the description and the formula, in 255 characters."""
        text = f"{self.en} Formula: {self.formula}."
        return text if len(text) <= 255 else text[:254] + "…"


#: Every KPI by Python name, in the order they are defined (by category).
CATALOGUE: dict[str, KPI] = {}


class UnknownKPI(Problem, KeyError):
    """A KPI name the catalogue does not know."""


def get(name: str) -> KPI:
    """Look a KPI up by its Python or Excel name, in any case.

    >>> get("ROMI").name
    'romi'
    """
    entry = CATALOGUE.get(name.strip().lower())
    if entry is None:
        known = ", ".join(k.excel_name for k in CATALOGUE.values())
        raise keyed(UnknownKPI, "error.kpi.unknown", name=repr(name), known=known)
    return entry


def divide(numerator: float, denominator: float) -> float:
    """The one division every KPI uses: ``nan`` when the denominator is 0 or missing.

    >>> divide(1, 4), divide(1, 0)
    (0.25, nan)
    """
    if math.isnan(numerator) or math.isnan(denominator) or denominator == 0:
        return math.nan
    return numerator / denominator


def kpi(
    *,
    category: Category,
    unit: Unit,
    higher_is_better: bool,
    formula: str,
    title: tuple[str, str],
    en: str,
    ru: str,
    args: Mapping[str, tuple[Kind, str]],
) -> Callable[[Callable[..., float]], Callable[..., float]]:
    """Register a KPI function in :data:`CATALOGUE` and read its arguments for it.

    ``args`` maps each parameter to its kind and one-line help, in signature order.  The
    returned function reads every argument with :func:`read_arg`, calls the formula and
    returns a float; its docstring is composed from the spec, followed by the function's
    own text (notes and a doctested example).
    """

    def register(func: Callable[..., float]) -> Callable[..., float]:
        signature = inspect.signature(func)
        if list(signature.parameters) != list(args):
            raise TypeError(f"{func.__name__}: args must document {list(signature.parameters)}")
        spec_args = tuple(_arg(name, kind, doc, signature) for name, (kind, doc) in args.items())
        # Positional calls, as cells and the report make them, skip ``signature.bind`` (most
        # of a call's cost): an omitted optional argument is None, which reads as its default.
        plain = all(p.kind is p.POSITIONAL_OR_KEYWORD for p in signature.parameters.values())
        fewest = sum(not a.optional for a in spec_args) if plain else math.inf  # always bind

        @functools.wraps(func)
        def wrapper(*call_args: Any, **call_kwargs: Any) -> float:
            if call_kwargs or not fewest <= len(call_args) <= len(spec_args):
                bound = signature.bind(*call_args, **call_kwargs)
                bound.apply_defaults()
                call_args = tuple(bound.arguments[a.name] for a in spec_args)
            values = itertools.chain(call_args, itertools.repeat(None))
            read = {a.name: read_arg(value, a) for a, value in zip(spec_args, values)}
            return float(func(**read))

        entry = KPI(wrapper, category, unit, higher_is_better, formula, *title, en, ru, spec_args)
        if entry.name in CATALOGUE:
            raise ValueError(f"KPI {entry.name} is registered twice")
        wrapper.__doc__ = _docstring(entry, inspect.getdoc(func) or "")
        CATALOGUE[entry.name] = entry
        return wrapper

    return register


def _arg(name: str, kind: Kind, doc: str, signature: inspect.Signature) -> Arg:
    default = signature.parameters[name].default
    if default is inspect.Parameter.empty:
        return Arg(name, doc, kind)
    return Arg(name, doc, kind, optional=True, default=default)


def _docstring(entry: KPI, own: str) -> str:
    params = "\n".join(f"{a.name} : {a.kind.value}\n    {a.doc}" for a in entry.args)
    return (
        f"{entry.en}\n\n{entry.formula}\n\nParameters\n----------\n{params}\n\n"
        f"Returns\n-------\nfloat\n    In {entry.unit.value}; nan when undefined.\n\n{own}"
    )


# --- reading arguments -------------------------------------------------------------


def read_arg(value: Any, arg: Arg) -> Any:
    """Read one argument as its kind says; an omitted (None) optional one takes its default."""
    if value is None and arg.optional:
        value = arg.default
        if value is None:
            return None
    reader = _READERS[arg.kind]
    return reader(value, arg.name)


def _numbers(value: Any, name: str, *, nonnegative: bool, keep_blanks: bool) -> np.ndarray:
    """The numbers of a value as a float array; blanks dropped (or NaN if kept)."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        arr = value.astype(float).ravel()
    elif (
        hasattr(value, "to_numpy")
        and getattr(value, "dtypes", None) is not None
        and all(np.dtype(d).kind in "fiu" for d in np.atleast_1d(value.dtypes))
    ):
        arr = value.to_numpy(dtype=float, na_value=np.nan).ravel()
    else:
        cells, shape = flatten(value)
        if set(map(type, cells)) <= _PLAIN_CELLS:  # what most ranges hold: numbers, blanks
            arr = np.array(cells, dtype=float)
        else:
            arr = np.fromiter(
                (_number(c, name, i, shape) for i, c in enumerate(cells)), float, len(cells)
            )
    if nonnegative and (arr < 0).any():
        i = int(np.flatnonzero(arr < 0)[0])
        raise InputError.of(
            "input.negative_argument", name=name, value=f"{arr[i]:g}", at=_at(i, flatten(value)[1])
        )
    return arr if keep_blanks else arr[~np.isnan(arr)]


_PLAIN_CELLS = {float, int, type(None)}


def _number(cell: Any, name: str, index: int, shape: tuple[int, int]) -> float:
    kind = type(cell)
    if kind is float or kind is int:
        return cell
    if is_blank(cell):
        return math.nan
    try:
        if isinstance(cell, str):
            return parse_number(cell)
        if isinstance(cell, (bool, np.bool_)):
            raise InputError.of("input.logical", value=str(cell))
        if isinstance(cell, (int, float, np.integer, np.floating)):
            return float(cell)
        raise InputError.of("input.not_a_number", value=repr(cell))
    except InputError as exc:
        raise InputError.of("input.argument", name=name, reason=exc, at=_at(index, shape)) from None


def _at(index: int, shape: tuple[int, int]) -> Words | str:
    """Where a flat index sits in a range, as a message says it: `` (row 2 of the range)``."""
    rows, cols = shape
    if rows * cols <= 1:
        return ""
    row, col = divmod(index, cols)
    if cols == 1:
        where = Words("input.position.row", row=row + 1)
    elif rows == 1:
        where = Words("input.position.column", column=col + 1)
    else:
        where = Words("input.position.cell", row=row + 1, column=col + 1)
    return Words("input.at", where=where)


def _pooled(nonnegative: bool) -> Callable[[Any, str], float]:
    def read(value: Any, name: str) -> float:
        kind = type(value)
        if (kind is float or kind is int) and not (nonnegative and value < 0):
            return float(value)  # one number, as the report and most cells pass: no array
        arr = _numbers(value, name, nonnegative=nonnegative, keep_blanks=False)
        return float(arr.sum()) if arr.size else math.nan

    return read


def _values(value: Any, name: str) -> np.ndarray:
    return _numbers(value, name, nonnegative=False, keep_blanks=True)


def _dates(value: Any, name: str) -> np.ndarray:
    if isinstance(value, (np.ndarray, pd.Series, pd.DatetimeIndex)) and value.dtype.kind == "M":
        return np.asarray(value).astype("datetime64[us]").ravel()  # already dates
    cells, shape = flatten(value)
    out = np.empty(len(cells), dtype="datetime64[us]")
    for i, cell in enumerate(cells):
        try:
            out[i] = np.datetime64("NaT") if is_blank(cell) else parse_date(cell)
        except InputError as exc:
            raise InputError.of("input.argument", name=name, reason=exc, at=_at(i, shape)) from None
    return out


def _date(value: Any, name: str) -> np.datetime64 | None:
    dates = _dates(value, name)
    if dates.size != 1:
        raise InputError.of("input.one_date", name=name, count=str(dates.size))
    return None if np.isnat(dates[0]) else dates[0]


def _ids(value: Any) -> np.ndarray:
    if isinstance(value, (np.ndarray, pd.Series)) and value.dtype.kind in "iu":
        return np.asarray(value).ravel()  # integer keys (customer numbers) need no reading
    if isinstance(value, (np.ndarray, pd.Series)) and value.dtype == object:
        keys = np.asarray(value, dtype=object).ravel()
        blank = pd.isna(keys)
        if pd.api.types.infer_dtype(keys[~blank], skipna=False) in ("string", "empty"):
            stripped = pd.Series(keys).str.strip().to_numpy(dtype=object)
            return np.where(blank, None, stripped).astype(object)  # text keys: a fast path
    keys = []
    for cell in flatten(value)[0]:
        if is_blank(cell):
            keys.append(None)  # kept, so ids stay aligned with the dates of the same rows
            continue
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)  # Excel hands whole numbers over as floats: 42.0 is customer 42
        keys.append(str(cell).strip())
    return np.array(keys, dtype=object)


def _scores(value: Any, name: str) -> np.ndarray:
    scores = _numbers(value, name, nonnegative=True, keep_blanks=False)
    bad = (scores > 10) | (scores != np.floor(scores))
    if bad.any():
        raise InputError.of("input.score", name=name, value=f"{scores[bad][0]:g}")
    return scores


_READERS: dict[Kind, Callable[[Any, str], Any]] = {
    Kind.AMOUNT: _pooled(nonnegative=False),
    Kind.COUNT: _pooled(nonnegative=True),
    Kind.COST: _pooled(nonnegative=True),
    Kind.VALUES: _values,
    Kind.DATES: _dates,
    Kind.DATE: _date,
    Kind.IDS: lambda value, _: _ids(value),  # ids are never wrong: no name to blame
    Kind.SCORES: _scores,
}
