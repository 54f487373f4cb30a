"""Engagement points of events: which ``points:`` rule each event meets, and decay with age.

An event's points are those of the first rule of ``activities: points:`` it meets (so a pricing
page rule listed before a catch-all page rule wins), times its decay factor: the event's age is
counted in whole days before ``--as-of`` (an event on the ``--as-of`` day is 0 days old).
Rules are evaluated once per distinct (event type, channel, page) of the log, never per event.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from leadq.distinct import factorize_rows
from leadq.load import header_key
from leadq.rules_activities import Decay, EventPoints

MICRO = 1_000_000  # events' points are summed in millionths, as integers: order never matters
NO_RULE = -1


def decay_factors(age_days: np.ndarray, decay: Decay) -> np.ndarray:
    """The share of its points an event keeps at each age (whole days, 0 or more).

    >>> decay_factors(np.array([0, 30, 60]), Decay(half_life_days=30)).tolist()
    [1.0, 0.5, 0.25]
    >>> decay_factors(np.array([7, 8, 90, 91]), Decay(steps=((7, 1.0), (90, 0.5)))).tolist()
    [1.0, 0.5, 0.5, 0.0]
    """
    age = np.asarray(age_days, dtype=np.float64)
    if decay.half_life_days is not None:
        return np.exp2(-age / decay.half_life_days)
    bounds = np.array([days for days, _ in decay.steps], dtype=np.float64)
    factors = np.array([factor for _, factor in decay.steps] + [0.0])
    return factors[np.searchsorted(bounds, age, side="left")]


def event_rules(
    events: pd.DataFrame, rules: tuple[EventPoints, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Per event: the index of the first rule it meets (``NO_RULE`` for none) and its points."""
    codes, distinct = factorize_rows(
        events["event"].astype("str"), events["channel"], events["page"]
    )
    rule_of = np.full(len(distinct), NO_RULE, dtype=np.int64)
    for index, rule in enumerate(rules):
        meets = _meets(rule, distinct[0], distinct[1], distinct[2]) & (rule_of == NO_RULE)
        rule_of[meets] = index
    points = np.array([rule.points for rule in rules] + [0], dtype=np.int64)
    return rule_of[codes], points[rule_of[codes]]


def _meets(rule: EventPoints, event: pd.Series, channel: pd.Series, page: pd.Series) -> np.ndarray:
    """Which distinct (event, channel, page) combinations a rule's filters all accept."""
    meets = np.ones(len(event), dtype=bool)
    if rule.events:
        meets &= event.isin(rule.events).fillna(False).to_numpy(dtype=bool)
    if rule.channels:
        wanted = {header_key(text) for text in rule.channels}
        meets &= channel.isin(wanted).fillna(False).to_numpy(dtype=bool)
    if rule.pages:
        pattern = "|".join(re.escape(text.lower()) for text in rule.pages)
        found = page.str.lower().str.contains(pattern, regex=True)
        meets &= found.fillna(False).to_numpy(dtype=bool)
    return meets


def decayed_micro_points(points: np.ndarray, age_days: np.ndarray, decay: Decay) -> np.ndarray:
    """Each event's decayed points in millionths (int64), rounded half to even."""
    return np.rint(points * decay_factors(age_days, decay) * MICRO).astype(np.int64)


def rounded_points(micro_totals: np.ndarray) -> np.ndarray:
    """Summed millionths as points to one decimal, halves rounded up: 8.75 -> 8.8."""
    return np.floor(micro_totals / (MICRO // 10) + 0.5) / 10
