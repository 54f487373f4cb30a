"""Routing's headline figures: leads per queue, leads per rep, leads nobody was given."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from leadq.routing.queues import JOIN


@dataclass(frozen=True)
class RoutingSummary:
    queues: dict[str, int]  # queue -> leads, in order of size
    reps: dict[str, int]  # rep -> leads (owners' kept leads included)
    unassigned: int  # leads in a queue with nobody assigned
    not_routed: int  # leads in no queue (disqualified)

    def to_dict(self) -> dict[str, object]:
        return vars(self).copy()


def summarize_routing(table: pd.DataFrame) -> RoutingSummary:
    """Counts over the routing columns (a lead in several queues counts in each)."""
    queues = _values(table["queue"])
    reps = _values(table["assigned_to"])
    by = _values(table["assigned_by"], keep_empty=True)
    unassigned = int(by.str.endswith(":unassigned").sum())
    return RoutingSummary(
        queues={str(k): int(v) for k, v in queues.value_counts().items()},
        reps={str(k): int(v) for k, v in reps.value_counts().items()},
        unassigned=unassigned,
        not_routed=int(table["queue"].isna().sum()),
    )


def _values(column: pd.Series, keep_empty: bool = False) -> pd.Series:
    """One value per lead and queue: ``"; "``-joined cells (``match: all``) split."""
    values = column.dropna().astype("str")
    if values.str.contains(JOIN, regex=False).any():
        values = values.str.split(JOIN).explode()
    return values if keep_empty else values[values != ""]
