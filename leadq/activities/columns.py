"""The score pipeline's activity stage: contact attempts and engagement from the logs.

Contact (seed 000's "unreachable": valid contacts, but no answer to calls and messages within a
set period): ``contact_attempts`` and ``contact_answered`` count the event types listed under
``activities: attempts:`` and ``answered:``; ``unanswered_attempts`` counts the attempts after
the lead's last answer (an attempt at the same moment as an answer was answered), and
``days_without_answer`` runs from the first of them to ``--as-of``.

Engagement (seed 001's behavioural points): ``activity_points`` is the sum of the events'
points after decay, ``activity_events`` how many events earned points (frequency) and
``last_activity`` the latest of them (recency). Events after ``--as-of`` have not happened yet
as far as the run is concerned: they count for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from leadq.activities.match import match_events
from leadq.activities.points import (
    NO_RULE,
    decayed_micro_points,
    event_rules,
    rounded_points,
)
from leadq.context import RunContext
from leadq.rules_activities import ActivitySettings
from leadq.schema import ACTIVITY_COLUMNS


def add_activities(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """Add the ``leadq.schema.ACTIVITY_COLUMNS``; a no-op without ``--activities``."""
    log, activities = context.activities, context.rules.activities
    if log is None or activities is None:
        return table
    pairs = match_events(table, context.fields(table), log, activities)
    log.matched[pairs["event"].to_numpy()] = True  # for the warning about the others
    as_of = int(np.datetime64(context.settings.as_of, "D").astype(np.int64))
    happened = Happened.of(pairs, log.events, activities, as_of)
    columns = pd.concat(
        [
            contact_columns(happened, activities, len(table), as_of),
            engagement_columns(happened, activities, len(table)),
        ],
        axis=1,
    )[list(ACTIVITY_COLUMNS)]
    columns.index = table.index
    return pd.concat([table, columns], axis=1)


@dataclass(frozen=True)
class Happened:
    """The (event, lead) pairs of events up to ``--as-of``, as parallel arrays: the lead's
    position, the event's time (seconds), age (whole days), type code, points rule and points."""

    lead: np.ndarray
    at: np.ndarray
    age: np.ndarray
    event: np.ndarray
    rule: np.ndarray
    points: np.ndarray

    @classmethod
    def of(
        cls, pairs: pd.DataFrame, events: pd.DataFrame, activities: ActivitySettings, as_of: int
    ) -> Happened:
        at = events["at"].to_numpy(dtype="datetime64[s]")
        age = as_of - at.astype("datetime64[D]").astype(np.int64)
        rule, points = event_rules(events, activities.points)
        codes = events["event"].cat.codes.to_numpy()
        event, lead = pairs["event"].to_numpy(), pairs["lead"].to_numpy()
        due = age[event] >= 0  # events after --as-of have not happened yet
        event, lead = event[due], lead[due]
        seconds = at[event].astype(np.int64)
        return cls(lead, seconds, age[event], codes[event], rule[event], points[event])

    def where(self, mask: np.ndarray) -> Happened:
        """The pairs where ``mask`` holds."""
        return Happened(*(getattr(self, column.name)[mask] for column in fields(self)))


def contact_columns(
    happened: Happened, activities: ActivitySettings, rows: int, as_of_day: int
) -> pd.DataFrame:
    """Attempts, answers and the unanswered streak per lead."""
    types = list(activities.outcomes)
    lead, at = happened.lead, happened.at
    attempt = np.isin(happened.event, [types.index(name) for name in activities.attempts])
    answer = np.isin(happened.event, [types.index(name) for name in activities.answered])
    last_answer = _per_lead(lead[answer], at[answer], rows, np.maximum)
    since = np.where(np.isnan(last_answer), -np.inf, last_answer)
    unanswered = attempt & (at > since[lead])
    first_unanswered = _per_lead(lead[unanswered], at[unanswered], rows, np.minimum)
    first_day = np.floor(first_unanswered / 86_400)
    return pd.DataFrame(
        {
            "contact_attempts": np.bincount(lead[attempt], minlength=rows),
            "contact_answered": np.bincount(lead[answer], minlength=rows),
            "unanswered_attempts": np.bincount(lead[unanswered], minlength=rows),
            "first_attempt": _times(_per_lead(lead[attempt], at[attempt], rows, np.minimum)),
            "last_attempt": _times(_per_lead(lead[attempt], at[attempt], rows, np.maximum)),
            "days_without_answer": pd.array(as_of_day - first_day, dtype="Int64"),
        }
    )


def engagement_columns(happened: Happened, activities: ActivitySettings, rows: int) -> pd.DataFrame:
    """Decayed points, how many events earned points and the latest of them, per lead."""
    earned = happened.where(happened.rule != NO_RULE)
    micro = decayed_micro_points(earned.points, earned.age, activities.decay)
    totals = np.bincount(earned.lead, weights=micro, minlength=rows)
    return pd.DataFrame(
        {
            "activity_points": rounded_points(totals),
            "activity_events": np.bincount(earned.lead, minlength=rows),
            "last_activity": _times(_per_lead(earned.lead, earned.at, rows, np.maximum)),
        }
    )


def _per_lead(lead: np.ndarray, values: np.ndarray, rows: int, pick: np.ufunc) -> np.ndarray:
    """The ``pick`` (np.minimum or np.maximum) of ``values`` per lead position; NaN for leads
    without any."""
    start = np.inf if pick is np.minimum else -np.inf
    result = np.full(rows, start)
    pick.at(result, lead, values.astype(np.float64))
    return np.where(np.isinf(result), np.nan, result)


def _times(seconds: np.ndarray) -> pd.Series:
    """Seconds since the epoch (NaN for none) as datetime64[s]."""
    stamps = np.where(np.isnan(seconds), np.iinfo(np.int64).min, seconds).astype(np.int64)
    return pd.Series(stamps.view("datetime64[s]"))
