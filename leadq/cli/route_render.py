"""How a routing run looks on a terminal: leads per queue and per rep, and the state file."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from leadq.routing.summary import RoutingSummary


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
