"""How a routing run looks on a terminal: leads per queue and per rep, and the state file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from leadq.routing.summary import RoutingSummary

SHOWN_PER_QUEUE = 5
# What a rep reads first about a lead: column -> heading.
SHOWN_COLUMNS = {
    "queue": "queue", "queue_rank": "#", "assigned_to": "rep", "stage": "stage",
    "score": "score", "person_name": "name",
}  # fmt: skip


def routing(console: Console, totals: RoutingSummary, state: Path, *, dry_run: bool) -> None:
    """Queue sizes, each rep's new leads, what stayed unassigned, where the state went."""
    queues = Table("queue", "leads", box=None, pad_edge=False)
    for queue, count in totals.queues.items():
        queues.add_row(queue, str(count))
    console.print(queues)
    reps = Table("assigned to", "leads", box=None, pad_edge=False)
    for rep, count in totals.reps.items():
        reps.add_row(rep, str(count))
    console.print(reps)
    console.print(
        f"{totals.unassigned} leads in a queue with nobody assigned; "
        f"{totals.not_routed} disqualified leads in no queue"
    )
    saved = "dry run: routing state not saved" if dry_run else f"routing state saved to {state}"
    console.print(saved)


def assignments(console: Console, table: pd.DataFrame, count: int = SHOWN_PER_QUEUE) -> None:
    """The head of each queue: who calls whom first (the whole table goes to -o FILE)."""
    routed = table[table["queue"].notna()]
    ordered = routed.sort_values(["queue", "queue_rank"], kind="stable")
    head = ordered.groupby("queue", sort=False, observed=True).head(count)
    columns = [name for name in SHOWN_COLUMNS if name in head.columns]
    headings = [SHOWN_COLUMNS[name] for name in columns]
    shown = Table(*headings, title=f"the first {count} leads of each queue", box=None)
    for row in head[columns].itertuples(index=False):
        shown.add_row(*("" if pd.isna(value) else str(value) for value in row))
    console.print(shown)
    console.print("Write every lead with -o FILE (csv, xlsx, jsonl, parquet).", style="dim")
