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
    event = pairs["event"].to_numpy()
    rule, points = event_rules(log.events, activities.points)
    events = log.events.iloc[event]
    happened = pd.DataFrame(
        {
            "lead": pairs["lead"].to_numpy(),
            "at": events["at"].to_numpy(dtype="datetime64[s]").astype(np.int64),
            "age": as_of - events["at"].to_numpy(dtype="datetime64[D]").astype(np.int64),
            "event": events["event"].cat.codes.to_numpy(),
            "rule": rule[event],
            "points": points[event],
        }
    )
    happened = happened[happened["age"].to_numpy() >= 0]
    columns = pd.concat(
        [
            contact_columns(happened, activities, len(table), as_of),
            engagement_columns(happened, activities, len(table)),
        ],
        axis=1,
    )[list(ACTIVITY_COLUMNS)]
    columns.index = table.index
    return pd.concat([table, columns], axis=1)


def contact_columns(
    happened: pd.DataFrame, activities: ActivitySettings, rows: int, as_of_day: int
) -> pd.DataFrame:
    """Attempts, answers and the unanswered streak per lead, from its (lead, at, event) events."""
    types = list(activities.outcomes)
    event = happened["event"].to_numpy()
    lead, at = happened["lead"].to_numpy(), happened["at"].to_numpy()
    attempt = np.isin(event, [types.index(name) for name in activities.attempts])
    answer = np.isin(event, [types.index(name) for name in activities.answered])
    last_answer = _per_lead(lead[answer], at[answer], rows, "max")
    since = np.where(np.isnan(last_answer), -np.inf, last_answer)
    unanswered = attempt & (at > since[lead])
    first_unanswered = _per_lead(lead[unanswered], at[unanswered], rows, "min")
    first_day = np.floor(first_unanswered / 86_400)
    return pd.DataFrame(
        {
            "contact_attempts": np.bincount(lead[attempt], minlength=rows),
            "contact_answered": np.bincount(lead[answer], minlength=rows),
            "unanswered_attempts": np.bincount(lead[unanswered], minlength=rows),
            "first_attempt": _times(_per_lead(lead[attempt], at[attempt], rows, "min")),
            "last_attempt": _times(_per_lead(lead[attempt], at[attempt], rows, "max")),
            "days_without_answer": pd.array(as_of_day - first_day, dtype="Int64"),
        }
    )


def engagement_columns(
    happened: pd.DataFrame, activities: ActivitySettings, rows: int
) -> pd.DataFrame:
    """Decayed points, how many events earned points and the latest of them, per lead."""
    earned = happened[happened["rule"].to_numpy() != NO_RULE]
    lead = earned["lead"].to_numpy()
    micro = decayed_micro_points(
        earned["points"].to_numpy(), earned["age"].to_numpy(), activities.decay
    )
    totals = np.bincount(lead, weights=micro, minlength=rows)
    return pd.DataFrame(
        {
            "activity_points": rounded_points(totals),
            "activity_events": np.bincount(lead, minlength=rows),
            "last_activity": _times(_per_lead(lead, earned["at"].to_numpy(), rows, "max")),
        }
    )


def _per_lead(lead: np.ndarray, values: np.ndarray, rows: int, how: str) -> np.ndarray:
    """``how`` ("min" or "max") of ``values`` per lead position; NaN for leads without any."""
    grouped = pd.Series(values, dtype="float64").groupby(lead).agg(how)
    return grouped.reindex(range(rows)).to_numpy(dtype=np.float64)


def _times(seconds: np.ndarray) -> pd.Series:
    """Seconds since the epoch (NaN for none) as datetime64[s]."""
    stamps = np.where(np.isnan(seconds), np.iinfo(np.int64).min, seconds).astype(np.int64)
    return pd.Series(stamps.view("datetime64[s]"))
