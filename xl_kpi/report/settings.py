"""The Settings and Targets tabs: how the summary is computed, and what it is held to.

Unknown settings and values, and targets the catalogue does not know, become notes; they
never stop the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..catalogue import CATALOGUE, Unit
from ..inputs import is_blank, parse_date
from ..schema import key as name_key
from ..tabs import Note, Tab
from .periods import period_key, period_label

__all__ = ["Settings", "Target", "read_settings", "read_targets"]


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
}


def read_settings(tab: Tab | None, notes: list[Note]) -> Settings:
    """Settings from the key/value tab; unknown keys and values are noted, not fatal."""
    if tab is None:
        return Settings()
    found: dict[str, object] = {}
    for key, value in zip(tab.frame["key"], tab.frame["value"]):
        name = _SETTING_KEYS.get(name_key(key))
        if name is None:
            notes.append(Note(tab.sheet, f"unknown setting {key!r} ignored"))
        elif name == "social_channels":
            found[name] = tuple(
                p.strip() for p in str(value).replace(";", ",").split(",") if p.strip()
            )
        elif name == "as_of":
            try:
                found[name] = parse_date(value).date()
            except ValueError:
                notes.append(Note(tab.sheet, f"setting {key!r}: {value!r} is not a date"))
        elif name in ("currency", "memory_limit", "spark_master"):
            found[name] = str(value).strip()
        else:
            chosen = _SETTING_VALUES[name].get(name_key(value))
            if chosen is None:
                allowed = ", ".join(sorted(set(_SETTING_VALUES[name].values())))
                notes.append(Note(tab.sheet, f"setting {key!r}: {value!r} is not one of {allowed}"))
            else:
                found[name] = chosen
    return Settings(**found)  # type: ignore[arg-type]


def read_targets(tab: Tab | None, settings: Settings, notes: list[Note]) -> list[Target]:
    """Targets by KPI Excel name; a KPI the catalogue does not know is noted and skipped."""
    if tab is None:
        return []
    targets = []
    for _, row in tab.frame.iterrows():
        name = str(row["kpi"]).strip().lower()
        if name not in CATALOGUE:
            notes.append(Note(tab.sheet, "not a KPI of the catalogue", None, "kpi", row["kpi"]))
            continue
        channel, benchmark = row["channel"], row["benchmark"]
        entry = CATALOGUE[name]
        if row["target"] < 0 and (entry.unit is Unit.COUNT or not entry.higher_is_better):
            notes.append(Note(tab.sheet, f"a target for {entry.excel_name} cannot be negative",
                              None, "target", row["target"]))  # fmt: skip
            continue
        targets.append(
            Target(
                CATALOGUE[name].excel_name,
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
