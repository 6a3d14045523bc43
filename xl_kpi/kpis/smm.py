"""SMM KPIs: engagement, sales from social networks, follower growth."""

from __future__ import annotations

import re

from ..catalogue import Kind, Unit, divide, kpi
from ._shared import SMM

# --- SMM ---------------------------------------------------------------------------


@kpi(
    category=SMM,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="engagements / audience",
    title=("Engagement rate", "Вовлечённость (ER)"),
    en="Engagement rate: likes, comments and reposts per follower, reach or impression.",
    ru="Коэффициент вовлечённости (ER): лайки, комментарии и репосты на подписчика или охват.",
    args={
        "engagements": (Kind.COUNT, "Likes, comments and reposts: one or several columns."),
        "audience": (Kind.COUNT, "Followers, reach or impressions: say which in the report."),
    },
)
def engagement_rate(engagements, audience):
    """
    Social engagement, not GA4's engagement rate (engaged sessions over sessions).

    Examples
    --------
    >>> engagement_rate([[120, 30, 10], [80, 15, 5]], 5000)
    0.052
    """
    return divide(engagements, audience)


@kpi(
    category=SMM,
    unit=Unit.COUNT,
    higher_is_better=True,
    formula="likes + comments + reposts",
    title=("Engagement", "Вовлечённость"),
    en="Engagement: likes, comments and reposts of the period.",
    ru="Вовлечённость: лайки, комментарии и репосты за период.",
    args={
        "likes": (Kind.COUNT, "Likes (reactions), a number or a range."),
        "comments": (Kind.COUNT, "Optional comments, a number or a range."),
        "reposts": (Kind.COUNT, "Optional reposts (shares), a number or a range."),
    },
)
def engagement(likes, comments=0, reposts=0):
    """
    Examples
    --------
    >>> engagement([[120], [80]], 45, [[10], [5]])
    260.0
    """
    return likes + comments + reposts


@kpi(
    category=SMM,
    unit=Unit.COUNT,
    higher_is_better=True,
    formula="sales whose channel is a social network",
    title=("Sales from social networks", "Продажи из соцсетей"),
    en="Sales from social networks: the number of sales whose channel is a social network.",
    ru="Продажи из соцсетей: число продаж, пришедших из социальных сетей.",
    args={
        "channels": (Kind.IDS, "The channel of each sale, a range (one cell per sale)."),
        "social_channels": (
            Kind.IDS,
            "The channels that are social networks: cells, or text such as 'VK, Telegram'.",
        ),
    },
)
def social_sales(channels, social_channels):
    """
    Channel names are compared ignoring case and surrounding spaces.

    Examples
    --------
    >>> social_sales([["VK"], ["Email"], ["telegram"], [None]], "VK, Telegram")
    2.0
    """
    social = {
        part.strip().casefold()
        for cell in social_channels
        if cell is not None
        for part in re.split("[,;]", cell)
    }
    return sum(channel is not None and channel.casefold() in social for channel in channels)


@kpi(
    category=SMM,
    unit=Unit.RATIO,
    higher_is_better=True,
    formula="(end_followers - start_followers) / start_followers",
    title=("Follower growth", "Прирост подписчиков"),
    en="Follower growth: the change in followers over a period, relative to the start.",
    ru="Прирост подписчиков: изменение числа подписчиков за период относительно начала.",
    args={
        "start_followers": (Kind.COUNT, "Followers at the start of the period."),
        "end_followers": (Kind.COUNT, "Followers at the end of the period."),
    },
)
def follower_growth(start_followers, end_followers):
    """
    Examples
    --------
    >>> follower_growth(4000, 4600)
    0.15
    """
    return divide(end_followers - start_followers, start_followers)
