"""Which leads each logged event belongs to.

A log row is tried with the keys of ``activities: match_on:`` in order (by default lead id, then
e-mail, then phone); the first key that finds a lead decides. It then belongs to every lead with
that key value: duplicates of one person share their history. Keys are the leads' own, computed
as for ``--against`` (``leadq.crm.keys``), and joined as integer codes, never row by row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadq.activities.log import ActivityLog
from leadq.crm.keys import KEY_COLUMNS
from leadq.fields import LeadFields
from leadq.load import ReadWarning
from leadq.rules_activities import ActivityKey, ActivitySettings
from leadq.rules_crm import CrmKey

SHOWN_ROWS = 5


def lead_keys(table: pd.DataFrame, fields: LeadFields, key: ActivityKey) -> pd.Series:
    """The leads' values for a key: their ``lead_id``, or their e-mail or phone key as
    ``--against`` computes it."""
    if key is ActivityKey.LEAD_ID:
        return table["lead_id"]
    return KEY_COLUMNS[CrmKey(key.value)](table, fields)[0]


def match_events(
    table: pd.DataFrame, fields: LeadFields, log: ActivityLog, activities: ActivitySettings
) -> pd.DataFrame:
    """The (event, lead) pairs: ``event`` a position in ``log.events``, ``lead`` in ``table``."""
    todo = np.ones(len(log.events), dtype=bool)
    parts = []
    for key in activities.match_on:
        if key.value not in log.events.columns:
            continue
        leads = lead_keys(table, fields, key)
        pairs = _joined(log.events[key.value], leads, todo, activities.shared_by_at_most)
        todo[pairs["event"].to_numpy()] = False
        parts.append(pairs)
    if not parts:
        return pd.DataFrame({"event": [], "lead": []}, dtype="int64")
    return pd.concat(parts, ignore_index=True)


def _joined(
    events: pd.Series, leads: pd.Series, todo: np.ndarray, shared_by_at_most: int
) -> pd.DataFrame:
    """Pairs of the ``todo`` events and the leads with an equal value; a value held by more
    than ``shared_by_at_most`` leads (a placeholder, an office switchboard) links none."""
    event_rows = np.flatnonzero(todo & events.notna().to_numpy())
    lead_rows = np.flatnonzero(leads.notna().to_numpy())
    values = pd.concat([leads.iloc[lead_rows], events.iloc[event_rows]], ignore_index=True)
    codes, _ = pd.factorize(values.astype("str"))
    lead_codes = codes[: len(lead_rows)]
    held = np.bincount(lead_codes, minlength=codes.max(initial=-1) + 1)
    kept = held[lead_codes] <= shared_by_at_most
    left = pd.DataFrame({"event": event_rows, "code": codes[len(lead_rows) :]})
    right = pd.DataFrame({"lead": lead_rows[kept], "code": lead_codes[kept]})
    return left.merge(right, on="code")[["event", "lead"]].astype("int64")


def unmatched_warnings(log: ActivityLog) -> list[ReadWarning]:
    """One warning per log file with events that matched no lead (after the stage ran)."""
    events = log.events
    unmatched = ~log.matched
    warnings = []
    for file, rows in events.loc[unmatched, "row"].groupby(
        events.loc[unmatched, "file"], observed=True
    ):
        total = int((events["file"] == file).sum())
        shown = ", ".join(str(row) for row in rows.iloc[:SHOWN_ROWS])
        more = ", ..." if len(rows) > SHOWN_ROWS else ""
        message = (
            f"{len(rows)} of {total} events match no lead by "
            f"{_key_names(events)} (rows {shown}{more}); they are left out"
        )
        warnings.append(ReadWarning(str(file), message, tuple(int(row) for row in rows)))
    return warnings


def _key_names(events: pd.DataFrame) -> str:
    names = {"lead_id": "lead id", "email": "e-mail", "phone": "phone"}
    present = [label for key, label in names.items() if key in events.columns]
    return ", ".join(present[:-1]) + (" or " if len(present) > 1 else "") + present[-1]
