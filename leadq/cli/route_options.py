"""The routing options, shared by ``leadq route`` and ``leadq score --route``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from leadq.routing.run import RouteOptions
from leadq.routing.state import DEFAULT_LOCK_TIMEOUT, DEFAULT_STATE_FILE

RouteOption = Annotated[
    bool,
    typer.Option(
        "--route", help="Also route: queue, queue_rank, assigned_to, assigned_by (see 'route')."
    ),
]
StateOption = Annotated[
    Path,
    typer.Option(
        "--state",
        help="Routing state file (turns and counts kept between runs); delete it to reset.",
    ),
]
RosterOption = Annotated[
    Path | None,
    typer.Option(
        "--roster",
        help="Reps as CSV/Excel: name, queues, weight, capacity, languages, regions, days off.",
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show the assignments; save no routing state.")
]
LockTimeoutOption = Annotated[
    float,
    typer.Option(
        "--lock-timeout",
        min=0,
        help="Seconds to wait while another run holds the state file; 0: fail at once.",
    ),
]


def route_options(
    state: Path = DEFAULT_STATE_FILE,
    roster: Path | None = None,
    dry_run: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> RouteOptions:
    """The library's routing options from the CLI's."""
    return RouteOptions(state=state, roster=roster, dry_run=dry_run, lock_timeout=lock_timeout)
