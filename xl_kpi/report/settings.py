"""The Settings and Targets tabs: how the summary is computed, and what it is held to.

Unknown settings and values, and targets the catalogue does not know, become notes; they
never stop the report.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from ..catalogue import CATALOGUE, Unit
from ..header_names import key as name_key
from ..i18n import LANGUAGES, text
from ..inputs import InputError, is_blank, parse_date, parse_number
from ..measures import MEASURE_TARGETS, RECORDED
from ..tabs import Note, Tab
from .periods import period_key, period_label

__all__ = [
    "MEASURE_TARGETS",
    "Settings",
    "Target",
    "read_settings",
    "read_targets",
    "target_direction",
    "target_names",
    "target_unit",
]


@dataclass(frozen=True)
class Settings:
    """The workbook's Settings tab, with defaults for what it does not say."""

    period: str = "month"  # month, week or quarter
    language: str = "en"
    currency: str = ""
    social_channels: tuple[str, ...] = ()
    romi_basis: str = "revenue"  # or "gross profit"
    attribution: str = ""  # "channel" or "blended"; "" decides by whether orders have channels
    engine: str = ""  # where sources are computed: duckdb (default), spark or pandas
    memory_limit: str = ""  # DuckDB's memory limit, e.g. 4GB or 50% (default: a share of RAM)
    spark_master: str = ""  # spark.master, e.g. spark://host:7077 (default: the environment)
    as_of: dt.date | None = None  # the data is complete to this day (default: its last date)
    #: The sales team's costs of each period, added to the overall CAC's marketing costs
    #: (0: CAC is marketing spend alone); never to a channel's CAC.
    sales_costs: float = 0.0
    #: (deal stage in lower case, probability 0..1): lines ``probability <stage>`` giving
    #: the weighted pipeline of a deals export without a probability column
    stage_probability: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Target:
    kpi: str
    target: float
    period: str | None = None
    channel: str | None = None
    benchmark: float | None = None


_SETTING_KEYS = {
    "period": "period",
    "период": "period",
    "language": "language",
    "язык": "language",
    "lang": "language",
    "currency": "currency",
    "валюта": "currency",
    "socialchannels": "social_channels",
    "socialnetworks": "social_channels",
    "соцсети": "social_channels",
    "социальныесети": "social_channels",
    "romibasis": "romi_basis",
    "romiincome": "romi_basis",
    "базаromi": "romi_basis",
    "attribution": "attribution",
    "атрибуция": "attribution",
    "engine": "engine",
    "движок": "engine",
    "memorylimit": "memory_limit",
    "лимитпамяти": "memory_limit",
    "spark.master": "spark_master",
    "sparkmaster": "spark_master",
    "asof": "as_of",
    "данныена": "as_of",
    "надату": "as_of",
    "salesteamcosts": "sales_costs",
    "salescosts": "sales_costs",
    "затратынаотделпродаж": "sales_costs",
    "расходынаотделпродаж": "sales_costs",
    "расходынапродажи": "sales_costs",
}
_SETTING_VALUES = {
    "period": {
        "month": "month",
        "месяц": "month",
        "week": "week",
        "неделя": "week",
        "quarter": "quarter",
        "квартал": "quarter",
    },
    "language": {
        "en": "en",
        "english": "en",
        "английский": "en",
        "ru": "ru",
        "russian": "ru",
        "русский": "ru",
    },
    "romi_basis": {
        "revenue": "revenue",
        "выручка": "revenue",
        "grossprofit": "gross profit",
        "валоваяприбыль": "gross profit",
        "profit": "gross profit",
    },
    "attribution": {
        "channel": "channel",
        "channels": "channel",
        "поканалам": "channel",
        "канал": "channel",
        "blended": "blended",
        "overall": "blended",
        "общая": "blended",
        "смешанная": "blended",
    },
    "engine": {"duckdb": "duckdb", "spark": "spark", "pyspark": "spark", "pandas": "pandas"},
    "sales_costs": {"0": 0.0},  # else an amount (see _amount)
}


def _amount(value: object) -> float | None:
    """A Settings value read as an amount of money (``250 000``, ``$1,200``); None if it
    is none (then the value is checked as the other settings' are, and noted)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return parse_number(str(value))
    except (InputError, ValueError):
        return None


def read_settings(tab: Tab | None, notes: list[Note]) -> Settings:
    """Settings from the key/value tab; unknown keys and values are noted, not fatal."""
    if tab is None:
        return Settings()
    found: dict[str, object] = {}
    stages: dict[str, float] = {}
    for key, value in _lines(tab, stages, notes):
        name = _SETTING_KEYS.get(name_key(key))
        if name is None:
            notes.append(Note.of(tab.sheet, "note.unknown_setting", setting=key))
        elif name == "social_channels":
            found[name] = tuple(
                p.strip() for p in str(value).replace(";", ",").split(",") if p.strip()
            )
        elif name == "as_of":
            try:
                found[name] = parse_date(value).date()
            except ValueError:
                notes.append(Note(tab.sheet, f"setting {key!r}: {value!r} is not a date"))
        elif name == "sales_costs" and _amount(value) is not None:
            found[name] = _amount(value)
        elif name in ("currency", "memory_limit", "spark_master"):
            found[name] = str(value).strip()
        else:
            chosen = _SETTING_VALUES[name].get(name_key(value))
            if chosen is None:
                allowed = ", ".join(sorted(set(_SETTING_VALUES[name].values())))
                notes.append(Note.of(tab.sheet, "note.bad_setting", setting=key, given=value,
                                     allowed=allowed))  # fmt: skip
            else:
                found[name] = chosen
    found["stage_probability"] = tuple(stages.items())
    return Settings(**found)  # type: ignore[arg-type]


#: The words a Settings line of a deal stage's probability starts with.
_STAGE_WORDS = ("probability", "вероятность")


def _lines(tab: Tab, stages: dict[str, float], notes: list[Note]) -> Iterator[tuple]:
    """The Settings tab's (key, value) lines, but for the lines ``probability <stage>``,
    read into ``stages``."""
    for key, value in zip(tab.frame["key"], tab.frame["value"]):
        if _SETTING_KEYS.get(name_key(key)) or not _take_stage(
            tab.sheet, key, value, stages, notes
        ):
            yield key, value


def _take_stage(
    sheet: str, key: object, value: object, stages: dict[str, float], notes: list[Note]
) -> bool:
    """Whether ``key`` is a line ``probability <stage>`` (its probability put in
    ``stages``, a value that is none noted)."""
    stage = _stage(key)
    if stage is None:
        return False
    chance = _probability(value)
    if chance is None:
        notes.append(Note.of(sheet, "note.bad_setting", setting=key, given=value,
                             allowed="0..1, 0%..100%"))  # fmt: skip
    else:
        stages[stage] = chance
    return True


def _stage(key: object) -> str | None:
    """The deal stage a Settings key ``probability <stage>`` names (stripped, lower case),
    else None."""
    words = str(key).strip()
    for word in _STAGE_WORDS:
        if words.lower().startswith(word) and len(words) > len(word):
            stage = words[len(word) :].strip(" :-—").strip().lower()
            return stage or None
    return None


def _probability(value: object) -> float | None:
    """A probability written as a share (``0.4``) or per cent (``40%``, ``40``)."""
    written = str(value).strip()
    percent = written.endswith("%")
    number = _amount(written.rstrip("%").strip()) if percent else _amount(value)
    if number is None or number < 0 or number > 100:
        return None
    return number / 100 if percent or number > 1 else number


def target_unit(name: str) -> Unit:
    """The unit of a target's KPI or measure (by record name: ``ROMI``, ``LEADS``)."""
    if name in MEASURE_TARGETS:
        return MEASURE_TARGETS[name][0]
    return CATALOGUE[name.lower()].unit


def target_direction(name: str) -> bool:
    """Whether more is better for a target's KPI or measure."""
    if name in MEASURE_TARGETS:
        return MEASURE_TARGETS[name][1]
    return CATALOGUE[name.lower()].higher_is_better


def _shown_names(name: str) -> list[str]:
    """Every name the product shows for a KPI or measure: its Excel and Python names and
    its titles in each language (the summary's words)."""
    if name in MEASURE_TARGETS:
        word = RECORDED[name].words
        return [name, *(str(text(word, lang)) for lang in LANGUAGES)]
    entry = CATALOGUE[name.lower()]
    return [name, entry.name, *(entry.title(lang) for lang in LANGUAGES)]


def target_names() -> dict[str, str]:
    """Each name a target may give (compared as :func:`xl_kpi.header_names.key` compares names:
    case, spaces and punctuation aside) -> the record name of its KPI or measure."""
    found: dict[str, str] = {}
    for name in [*(e.excel_name for e in CATALOGUE.values()), *MEASURE_TARGETS]:
        for shown in _shown_names(name):
            found.setdefault(name_key(shown), name)
    return found


_TARGET_NAMES = target_names()


def _closest(value: object, lang: str) -> str:
    """The names nearest to an unknown target name, as the workbook's language shows them."""
    shown = {}
    for name in [*(e.excel_name for e in CATALOGUE.values()), *MEASURE_TARGETS]:
        names = _shown_names(name)
        title = names[-1] if lang == "ru" else names[-2]
        for each in (name, title):
            shown.setdefault(name_key(each), each)
    near = difflib.get_close_matches(name_key(value), list(shown), n=3, cutoff=0.5)
    if not near:  # nothing alike: the names most often meant
        near = [name_key(n) for n in ("ROMI", "CAC", "REVENUE")]
    return ", ".join(shown[n] for n in near)


def read_targets(tab: Tab | None, settings: Settings, notes: list[Note]) -> list[Target]:
    """Targets by any name the product shows for a KPI (its Excel name, its English or
    Russian title) or a summed measure (``LEADS``, ``SPEND``...); an unknown name is noted
    with the closest names and skipped."""
    if tab is None:
        return []
    targets = []
    for _, row in tab.frame.iterrows():
        name = _TARGET_NAMES.get(name_key(row["kpi"]))
        if name is None:
            notes.append(
                Note.of(tab.sheet, "note.unknown_target", None, "kpi", row["kpi"],
                        closest=_closest(row["kpi"], settings.language))
            )  # fmt: skip
            continue
        channel, benchmark = row["channel"], row["benchmark"]
        if row["target"] < 0 and (target_unit(name) is Unit.COUNT or not target_direction(name)):
            notes.append(Note.of(tab.sheet, "note.negative_target", None, "target",
                                 row["target"], kpi=name))  # fmt: skip
            continue
        targets.append(
            Target(
                name,
                float(row["target"]),
                _target_period(row["period"], settings.period),
                None if is_blank(channel) else str(channel).strip(),
                None if is_blank(benchmark) else float(benchmark),
            )
        )
    return targets


def _target_period(value: object, period: str) -> str | None:
    """A target's period: blank (every period), a label such as 2026-01, or a date in it."""
    if is_blank(value):
        return None
    text = str(value).strip()
    try:
        return period_label(period_key(pd.Timestamp(parse_date(text)), period), period)
    except ValueError:
        return text.upper()
