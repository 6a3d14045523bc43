"""The generators behind :func:`xl_kpi.sample.sample_tables`, one per raw tab, vectorised."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import NDArray

CHANNELS: tuple[str, ...] = ("Paid search", "VK", "Telegram", "Instagram", "Email", "Organic")
"""Every sales channel of the sample shop, in a fixed order."""

SOCIAL_NETWORKS: tuple[str, ...] = ("VK", "Telegram", "Instagram")
"""The channels that are social networks (also the networks of the ``Social`` tab)."""

PAID_CHANNELS: tuple[str, ...] = CHANNELS[:5]
"""Channels that cost money and therefore have rows in the ``Spend`` tab (all but Organic)."""

# Per-channel behaviour, one entry per CHANNELS item (Paid search, VK, Telegram, Instagram,
# Email, Organic).
_NEW_SHARE = np.array([0.30, 0.15, 0.11, 0.13, 0.03, 0.28])  # first orders of new customers
_REPEAT_SHARE = np.array([0.15, 0.10, 0.08, 0.07, 0.33, 0.27])  # orders of returning customers
_LEAD_SHARE = np.array([0.28, 0.18, 0.14, 0.16, 0.06, 0.18])  # leads
_VISIT_CONVERSION = np.array([0.025, 0.015, 0.020, 0.010, 0.030, 0.025])  # orders / visitors
_CLICKS_PER_VISIT = np.array([1.15, 1.25, 1.20, 1.30, 1.10, 1.0])  # clicks lost before landing
_CTR = np.array([0.025, 0.007, 0.012, 0.006, 0.020, 1.0])  # clicks / impressions (emails sent)
_ROMI = np.array([2.0, 0.8, 0.4, -0.3, 5.0, 0.0])  # (revenue - spend) / spend, paid channels
_AOV_FACTOR = np.array([1.05, 0.97, 1.0, 0.92, 0.95, 1.02])  # order value relative to median
_RETURN_RATE = np.array([0.03, 0.035, 0.035, 0.07, 0.025, 0.03])  # share of returned orders
_CANCEL_RATE = 0.05
_LEAD_WIN_RATE = np.array([0.22, 0.19, 0.20, 0.14, 0.28, 0.21])  # of resolved leads

# Campaign names: "<channel slug>_<theme>"; the default theme differs per channel.
_CHANNEL_SLUGS = ("search", "vk", "tg", "insta", "email")
_DEFAULT_THEMES = ("generic", "retargeting", "channel_posts", "stories", "digest")
_SEASON_THEMES = ("march_8", "black_friday", "new_year")

# Calendar effects on the number of orders.
_MONTH_FACTOR = np.array([0.80, 0.74, 0.88, 0.84, 0.84, 0.78, 0.76, 0.80, 0.90, 0.98, 1.25, 1.55])
_WEEKDAY_FACTOR = np.array([1.08, 1.06, 1.02, 1.0, 0.95, 0.88, 1.01])  # Monday first
_MONTH_AOV = np.array([0.98, 1.0, 1.04, 1.0, 0.99, 0.98, 0.98, 0.99, 1.0, 1.0, 1.01, 1.08])

_MEDIAN_ORDER = 3_000.0  # lognormal median; the mean is about 3,500 RUB
_ORDER_SIGMA = 0.55
_REPEAT_SHARE_OF_ORDERS = 0.38  # orders that try to come from an earlier customer
_REPEAT_GAP_DAYS = 90.0  # mean pause between two purchases of one customer
_LEADS_PER_ORDER = 4.2
_LEADS_SOFT_CAP = 250_000


class _Calendar(NamedTuple):
    """Day-level calendar of one year."""

    dates: NDArray[np.datetime64]  # datetime64[D], every day of the year
    month: NDArray[np.int64]  # 0 = January
    weekday: NDArray[np.int64]  # 0 = Monday
    weight: NDArray[np.float64]  # relative order volume of the day, before noise
    theme: NDArray[np.int64]  # 0 = always-on campaign, k > 0 = _SEASON_THEMES[k - 1]


class _OrderFacts(NamedTuple):
    """Aggregates of the generated orders needed by the other tabs."""

    per_channel: NDArray[np.int64]  # orders per channel
    completed_revenue: NDArray[np.float64]  # completed revenue per channel
    new_customers: NDArray[np.int64]  # customers whose first order came through the channel
    monthly_revenue: NDArray[np.float64]  # completed revenue per month


# --------------------------------------------------------------------------- generators


def _rng(seed: int, stream: int) -> np.random.Generator:
    """Independent random stream ``stream`` of ``seed`` (one per tab, so tabs do not interact)."""
    return np.random.default_rng([int(seed), stream])


def _calendar(year: int) -> _Calendar:
    """Days of ``year`` with their seasonal weight and active campaign theme."""
    start = np.datetime64(f"{year}-01-01", "D")
    dates = np.arange(start, np.datetime64(f"{year + 1}-01-01", "D"))
    month = (dates.astype("datetime64[M]").astype(np.int64) % 12).astype(np.int64)
    weekday = (dates.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    day_of_month = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1

    def on(m: int, first: int, last: int) -> NDArray[np.bool_]:
        return (month == m - 1) & (day_of_month >= first) & (day_of_month <= last)

    november_30 = np.datetime64(f"{year}-11-30", "D")
    black_friday = november_30 - (int(weekday[dates == november_30][0]) - 4) % 7
    offset = (dates - black_friday).astype(np.int64)

    weight = _MONTH_FACTOR[month] * _WEEKDAY_FACTOR[weekday]
    weight *= np.where(on(1, 1, 8), 0.6, 1.0)  # New Year holidays
    weight *= np.where(on(2, 14, 14) | on(2, 20, 23), 1.25, 1.0)  # 14 and 23 February
    weight *= np.where(on(3, 1, 7), 1.35, 1.0)  # before 8 March
    weight *= np.where((offset >= -2) & (offset <= 3), 1.7, 1.0)  # Black Friday to Cyber Monday
    weight *= np.where(offset == 0, 1.35, 1.0)
    weight *= np.where(on(12, 15, 29), 1.25, 1.0)  # New Year gifts
    weight *= np.where(on(12, 31, 31), 0.55, 1.0)

    theme = np.zeros(dates.size, dtype=np.int64)
    theme[on(2, 24, 29) | on(3, 1, 8)] = 1
    theme[(offset >= -7) & (offset <= 3)] = 2
    theme[on(12, 10, 31)] = 3
    return _Calendar(dates, month, weekday, weight, theme)


def _campaign_table() -> NDArray[np.object_]:
    """Campaign name per (channel, theme); ``None`` for Organic."""
    table = np.full((len(CHANNELS), 1 + len(_SEASON_THEMES)), None, dtype=object)
    for c, (slug, default) in enumerate(zip(_CHANNEL_SLUGS, _DEFAULT_THEMES, strict=True)):
        table[c] = [f"{slug}_{theme}" for theme in (default, *_SEASON_THEMES)]
    return table


def _orders(
    calendar: _Calendar, day_weight: NDArray[np.float64], n: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, _OrderFacts]:
    """Orders sorted by date, with returning customers, and their per-channel aggregates."""
    n_days = calendar.dates.size
    # Counts and bins as numpy's index type (intp): np.repeat and np.bincount take only
    # what casts to it safely, and it is 32-bit on wasm32 (Pyodide, xlwings Lite).
    per_day = rng.multinomial(n, day_weight).astype(np.intp)
    day = np.repeat(np.arange(n_days), per_day)
    first_of_day = np.cumsum(per_day) - per_day
    index = np.arange(n, dtype=np.int64)

    # A returning order points at a random order a gamma-distributed pause earlier; the
    # customer of that order buys again. Orders that find nobody earlier are new customers.
    wants_repeat = rng.random(n) < _REPEAT_SHARE_OF_ORDERS
    pause = 1 + np.floor(rng.gamma(1.3, _REPEAT_GAP_DAYS / 1.3, n)).astype(np.int64)
    earlier_day = np.maximum(day - pause, 0)
    found = wants_repeat & (day - pause >= 0) & (per_day[earlier_day] > 0)
    earlier = first_of_day[earlier_day] + np.floor(rng.random(n) * per_day[earlier_day]).astype(
        np.int64
    )
    parent = np.where(found, earlier, index)
    while True:  # pointer jumping: every order ends up pointing at its customer's first order
        grand = parent[parent]
        if np.array_equal(grand, parent):
            break
        parent = grand
    is_first = parent == index
    customer = (np.cumsum(is_first) - 1)[parent]  # customers numbered by first purchase
    returning = ~is_first

    pick = rng.random(n)
    channel = np.where(
        returning,
        np.searchsorted(np.cumsum(_REPEAT_SHARE), pick * _REPEAT_SHARE.sum(), side="right"),
        np.searchsorted(np.cumsum(_NEW_SHARE), pick * _NEW_SHARE.sum(), side="right"),
    )
    channel = np.minimum(channel, len(CHANNELS) - 1)

    month = calendar.month[day]
    value = rng.lognormal(np.log(_MEDIAN_ORDER), _ORDER_SIGMA, n)
    value *= _AOV_FACTOR[channel] * _MONTH_AOV[month] * np.where(returning, 1.06, 1.0)
    revenue = np.round(np.maximum(value, 190.0), 2)
    cost = np.round(revenue * rng.uniform(0.55, 0.65, n), 2)

    draw = rng.random(n)
    status_code = np.where(
        draw < _CANCEL_RATE, 1, np.where(draw < _CANCEL_RATE + _RETURN_RATE[channel], 2, 0)
    )
    statuses = np.array(["completed", "cancelled", "returned"], dtype=object)

    n_customers = int(is_first.sum())
    customer_ids = _codes("C-", np.arange(1, n_customers + 1), 5)
    frame = _frame(
        {
            "date": calendar.dates.astype("datetime64[ns]")[day],
            "order_id": _codes("ORD-", index + 1, 6),
            "customer_id": customer_ids[customer],
            "channel": np.array(CHANNELS, dtype=object)[channel],
            "campaign": _campaign_table()[channel, calendar.theme[day]],
            "revenue": revenue,
            "cost": cost,
            "status": statuses[status_code],
        }
    )
    completed = status_code == 0
    facts = _OrderFacts(
        per_channel=np.bincount(channel, minlength=len(CHANNELS)).astype(np.int64),
        completed_revenue=np.bincount(
            channel, weights=np.where(completed, revenue, 0.0), minlength=len(CHANNELS)
        ),
        new_customers=np.bincount(channel[is_first], minlength=len(CHANNELS)).astype(np.int64),
        monthly_revenue=np.bincount(
            month.astype(np.intp), weights=np.where(completed, revenue, 0.0), minlength=12
        ),
    )
    return frame, facts


def _traffic(
    calendar: _Calendar,
    day_weight: NDArray[np.float64],
    facts: _OrderFacts,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, NDArray[np.float64]]:
    """Visitors per day and channel, sized so each channel converts at its usual rate.

    Also returns the expected (noise-free) visitors per day and channel for the spend tab.
    """
    n_days, n_channels = calendar.dates.size, len(CHANNELS)
    expected = np.outer(day_weight, facts.per_channel / _VISIT_CONVERSION)
    # Social traffic leans to weekends, search and email to weekdays.
    weekend = calendar.weekday >= 5
    tilt = np.where(np.isin(np.array(CHANNELS), SOCIAL_NETWORKS), 1.1, 0.96)
    expected *= np.where(weekend[:, None], tilt[None, :], 1.0)
    visitors = np.rint(expected * rng.lognormal(0.0, 0.06, expected.shape)).astype(np.int64)
    frame = _frame(
        {
            "date": np.repeat(calendar.dates.astype("datetime64[ns]"), n_channels),
            "channel": np.tile(np.array(CHANNELS, dtype=object), n_days),
            "visitors": visitors.ravel(),
        }
    )
    return frame, expected


def _spend(
    calendar: _Calendar,
    expected_visits: NDArray[np.float64],
    facts: _OrderFacts,
    n_orders: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Ad spend, impressions and clicks per day and paid channel.

    Clicks follow the channel's visitors; impressions follow from the click-through rate
    (emails sent for Email); the channel's yearly spend is set from its completed revenue
    and its intended ROMI and spread over days by clicks times a noisy, seasonal CPC.
    """
    n_days, n_paid = calendar.dates.size, len(PAID_CHANNELS)
    paid = slice(0, n_paid)
    expected_clicks = expected_visits[:, paid] * _CLICKS_PER_VISIT[paid]
    clicks = np.rint(expected_clicks * rng.lognormal(0.0, 0.05, expected_clicks.shape))
    ctr = _CTR[paid] * rng.lognormal(0.0, 0.1, expected_clicks.shape)
    impressions = np.rint(np.maximum(clicks, expected_clicks) / ctr)

    fallback = n_orders * _NEW_SHARE[paid] / _NEW_SHARE.sum() * _MEDIAN_ORDER
    revenue = facts.completed_revenue[paid]
    basis = np.where(revenue > 0, revenue, fallback)
    yearly = basis / (1.0 + _ROMI[paid])
    auction = np.where(calendar.month >= 10, 1.25, 1.0)[:, None]  # pricier Nov-Dec auctions
    weight = (expected_clicks + 1e-9) * auction * rng.lognormal(0.0, 0.12, expected_clicks.shape)
    spend = np.round(weight / weight.sum(axis=0) * yearly, 2)

    campaigns = _campaign_table()[:n_paid].T[calendar.theme]  # (days, paid channels)
    return _frame(
        {
            "date": np.repeat(calendar.dates.astype("datetime64[ns]"), n_paid),
            "channel": np.tile(np.array(PAID_CHANNELS, dtype=object), n_days),
            "campaign": campaigns.ravel(),
            "spend": spend.ravel(),
            "impressions": impressions.astype(np.int64).ravel(),
            "clicks": clicks.astype(np.int64).ravel(),
        }
    )


def _leads(
    calendar: _Calendar, day_weight: NDArray[np.float64], n: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Leads sorted by date; old leads are mostly resolved (won or lost), recent ones open."""
    n_days = calendar.dates.size
    day = np.repeat(np.arange(n_days), rng.multinomial(n, day_weight).astype(np.intp))
    pick = rng.random(n) * _LEAD_SHARE.sum()
    channel = np.minimum(
        np.searchsorted(np.cumsum(_LEAD_SHARE), pick, side="right"), len(CHANNELS) - 1
    )
    age = (n_days - 1 - day).astype(np.float64)
    resolved = rng.random(n) < 0.97 * (1.0 - np.exp(-age / 12.0))
    won = rng.random(n) < _LEAD_WIN_RATE[channel]
    fresh = (age < 3) | (rng.random(n) < 0.25)
    status_code = np.where(resolved, np.where(won, 2, 3), np.where(fresh, 0, 1))
    statuses = np.array(["new", "in progress", "won", "lost"], dtype=object)
    return _frame(
        {
            "date": calendar.dates.astype("datetime64[ns]")[day],
            "lead_id": _codes("L-", np.arange(1, n + 1), 6),
            "channel": np.array(CHANNELS, dtype=object)[channel],
            "campaign": _campaign_table()[channel, calendar.theme[day]],
            "status": statuses[status_code],
        }
    )


def _month_ends(year: int) -> NDArray[np.datetime64]:
    """The twelve month-end dates of ``year`` as datetime64[ns]."""
    next_starts = np.arange(
        np.datetime64(f"{year}-02", "M"), np.datetime64(f"{year + 1}-02", "M")
    ).astype("datetime64[D]")
    return (next_starts - np.timedelta64(1, "D")).astype("datetime64[ns]")


def _social(year: int, n_orders: int, rng: np.random.Generator) -> pd.DataFrame:
    """Month-end statistics of the shop's communities; followers grow all year."""
    n_networks = len(SOCIAL_NETWORKS)
    scale = np.sqrt(n_orders / 3000.0)
    base = np.array([8_000.0, 3_500.0, 6_000.0]) * scale  # VK, Telegram, Instagram in January
    growth = np.array([0.035, 0.06, 0.015])
    season = np.where(np.arange(12) >= 10, 1.5, 1.0)[:, None]
    monthly = 1.0 + np.abs(growth * season + rng.normal(0.0, 0.008, (12, n_networks)))
    followers = np.rint(base * np.cumprod(monthly, axis=0))
    reach = followers * rng.uniform(0.55, 0.9, followers.shape) * np.sqrt(_MONTH_FACTOR)[:, None]
    impressions = reach * rng.uniform(1.5, 2.2, followers.shape)
    likes = impressions * rng.uniform(0.010, 0.018, followers.shape)
    comments = likes * rng.uniform(0.05, 0.10, followers.shape)
    reposts = likes * rng.uniform(0.08, 0.15, followers.shape)

    def counts(values: NDArray[np.float64]) -> NDArray[np.int64]:
        return np.rint(values).astype(np.int64).ravel()

    return _frame(
        {
            "date": np.repeat(_month_ends(year), n_networks),
            "network": np.tile(np.array(SOCIAL_NETWORKS, dtype=object), 12),
            "followers": counts(followers),
            "likes": counts(likes),
            "comments": counts(comments),
            "reposts": counts(reposts),
            "reach": counts(reach),
            "impressions": counts(impressions),
        }
    )


def _brand(year: int, rng: np.random.Generator) -> pd.DataFrame:
    """Quarterly brand-awareness surveys (at quarter end); awareness rises over the year."""
    quarter_ends = _month_ends(year)[2::3]
    surveyed = rng.integers(900, 1_301, 4).astype(np.int64)
    awareness = np.array([0.14, 0.15, 0.165, 0.19]) + rng.normal(0.0, 0.004, 4)
    return _frame(
        {
            "date": quarter_ends,
            "surveyed": surveyed,
            "aware": np.rint(surveyed * awareness).astype(np.int64),
        }
    )


def _nice(value: float, digits: int = 2) -> float:
    """``value`` rounded to ``digits`` significant digits (a round number for a target)."""
    if not np.isfinite(value) or value <= 0:
        return 0.0
    magnitude = 10.0 ** (int(np.floor(np.log10(value))) - digits + 1)
    return float(np.round(value / magnitude) * magnitude)


def _targets(spend: pd.DataFrame, facts: _OrderFacts) -> pd.DataFrame:
    """A handful of targets: some are met by the sample, some missed.

    A blank (``None``) period means every period, a blank channel means the whole shop.
    """
    spend_by_channel = (
        spend.groupby("channel", sort=False)["spend"].sum().reindex(list(PAID_CHANNELS)).to_numpy()
    )
    cac = spend_by_channel / np.maximum(facts.new_customers[: len(PAID_CHANNELS)], 1)
    stretch = np.array([0.9, 1.15, 0.85, 1.1, 1.2])  # tighter or looser than achieved
    rows: list[tuple[str, float, str | None, str | None, float]] = [
        ("REVENUE", _nice(facts.monthly_revenue.mean() * 1.05), None, None, np.nan),
        ("ROMI", 1.5, None, None, np.nan),
        *(
            ("CAC", _nice(value * factor), None, channel, np.nan)
            for channel, value, factor in zip(PAID_CHANNELS, cac, stretch, strict=True)
        ),
        ("CONVERSION_RATE", 0.02, None, None, 0.015),
        ("AOV", 3_800.0, None, None, 3_300.0),
        ("LEAD_CONVERSION", 0.2, None, None, np.nan),
    ]
    kpi, target, period, channel, benchmark = zip(*rows, strict=True)
    return _frame(
        {
            "kpi": np.array(kpi, dtype=object),
            "target": np.array(target, dtype=np.float64),
            "period": np.array(period, dtype=object),
            "channel": np.array(channel, dtype=object),
            "benchmark": np.array(benchmark, dtype=np.float64),
        }
    )


def _settings(language: str) -> pd.DataFrame:
    """The workbook settings of the sample."""
    pairs = {
        "period": "month",
        "language": language,
        "currency": "RUB",
        "social_channels": ", ".join(SOCIAL_NETWORKS),
        "romi_basis": "revenue",
    }
    return _frame(
        {
            "key": np.array(list(pairs), dtype=object),
            "value": np.array(list(pairs.values()), dtype=object),
        }
    )


# --------------------------------------------------------------------------- helpers


def _frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """DataFrame from numpy columns; object arrays stay ``object`` under every pandas version."""
    return pd.DataFrame(
        {
            name: pd.Series(values, dtype=object) if values.dtype == object else values
            for name, values in columns.items()
        }
    )


def _text_matrix(codes: NDArray[np.uint32]) -> NDArray[np.object_]:
    """Rows of a ``(n, width)`` matrix of Unicode code points as Python strings (no padding)."""
    n, width = codes.shape
    matrix = np.ascontiguousarray(codes, dtype=np.uint32)
    return matrix.view(np.dtype(f"U{width}")).reshape(n).astype(object)


def _codes(prefix: str, numbers: NDArray[np.int64], width: int) -> NDArray[np.object_]:
    """``prefix`` + zero-padded numbers, e.g. ``"ORD-000001"``; widens for large numbers."""
    numbers = np.asarray(numbers, dtype=np.int64)
    if numbers.size:
        width = max(width, len(str(int(numbers.max()))))
    head = np.array([ord(char) for char in prefix], dtype=np.uint32)
    matrix = np.empty((numbers.size, head.size + width), dtype=np.uint32)
    matrix[:, : head.size] = head
    rest = numbers.copy()
    for position in range(head.size + width - 1, head.size - 1, -1):  # digit positions
        matrix[:, position] = 48 + rest % 10
        rest //= 10
    return _text_matrix(matrix)
