"""One routing run: read the scored leads, take the state's lock, route, save the state.

Used by ``leadq route`` (an already-scored file) and ``leadq score --route`` (both in one run).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from leadq.context import RunContext, RunSettings
from leadq.crm.records import read_crm_records
from leadq.errors import InputError
from leadq.load import SOURCE_FILE, SOURCE_ROW, ReadOptions, ReadWarning, read_leads
from leadq.pipeline import build_context
from leadq.routing.model import Rep
from leadq.routing.queues import ROUTE_COLUMNS, route_leads, routing_settings
from leadq.routing.roster import merge_reps, read_roster, with_crm_load
from leadq.routing.state import (
    DEFAULT_LOCK_TIMEOUT,
    DEFAULT_STATE_FILE,
    RoutingState,
    locked_state,
    read_state,
    save_state,
)
from leadq.ruleset import RuleSet

# leadq's own columns a scored file must have to be routed.
SCORED_COLUMNS = ("stage", "score")


@dataclass(frozen=True)
class RouteOptions:
    """Where routing keeps its state and finds its reps."""

    state: Path = DEFAULT_STATE_FILE
    roster: Path | None = None  # a roster CSV/Excel laid over the rule file's reps:
    dry_run: bool = False  # route, but read the state without the lock and never save it
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT  # seconds to wait for a concurrent run
    # leave saving to the caller: ``leadq run`` saves the state once the run's files are in
    # place, so a run that fails to write them has not used up reps' turns and capacity
    defer_save: bool = False


def run_reps(context: RunContext, options: RouteOptions) -> tuple[Rep, ...]:
    """The run's reps; checked before any long work (no queues, a bad roster: fail early)."""
    routing = routing_settings(context)
    roster = read_roster(options.roster) if options.roster is not None else ()
    return with_crm_load(merge_reps(routing.reps, roster), context.crm)


def route_with_state(
    table: pd.DataFrame, context: RunContext, reps: Sequence[Rep], options: RouteOptions
) -> pd.DataFrame:
    """Route under the state file's lock and save the new state (a dry run saves nothing)."""
    if options.dry_run:
        return route_from_saved(table, context, reps, options)[0]
    with locked_state(options.state, options.lock_timeout):
        state = read_state(options.state)
        routed = route_leads(table, context, reps, state)
        save_state(options.state, state)
    return routed


def route_from_saved(
    table: pd.DataFrame, context: RunContext, reps: Sequence[Rep], options: RouteOptions
) -> tuple[pd.DataFrame, RoutingState]:
    """Route from the saved state, saving nothing: the new state is returned to the caller."""
    state = read_state(options.state)
    return route_leads(table, context, reps, state), state


def save_routing(state: RoutingState, options: RouteOptions) -> None:
    """Save a state ``route_from_saved`` returned, under the state file's lock."""
    with locked_state(options.state, options.lock_timeout):
        save_state(options.state, state)


@dataclass
class ScoredFile:
    """leadq's output read back: its table, the run context over it, the reader's warnings."""

    table: pd.DataFrame
    context: RunContext
    warnings: list[ReadWarning]


def read_scored(
    source: str | Path,
    rules: RuleSet,
    read: ReadOptions,
    as_of: datetime.date,
    against: Sequence[str | Path] = (),
) -> ScoredFile:
    """A file leadq scored, with its own columns (stage, score ...) read as leadq's.

    Raises:
        InputError: the file lacks ``stage`` or ``score``: it is not leadq's output.
    """
    loaded = read_leads([str(source)], read)
    table, warnings = _original_provenance(loaded.table, loaded.warnings)
    missing = [name for name in SCORED_COLUMNS if name not in table.columns]
    if missing:
        raise InputError(
            str(source),
            f"no {missing[0]!r} column: not leadq's output; score it first "
            "(leadq score FILE -o scored.csv), or run leadq score --route",
        )
    # Routing a routed file again: the earlier routing is kept as "<name> (input)".
    earlier = {name: f"{name} (input)" for name in ROUTE_COLUMNS if name in table.columns}
    table = table.rename(columns=earlier)
    settings = RunSettings(as_of=as_of)
    crm = read_crm_records(against, rules, settings)  # only the open deals' owners are used
    context = build_context(table, rules, settings, earlier, crm)
    warnings += list(crm.warnings) if crm is not None else []
    return ScoredFile(table, context, warnings)


def _original_provenance(
    table: pd.DataFrame, warnings: list[ReadWarning]
) -> tuple[pd.DataFrame, list[ReadWarning]]:
    """Keep a scored file's own source_file/source_row (the original export's rows) instead
    of the reader's, which would point into the scored file."""
    kept = table
    for name in (SOURCE_FILE, SOURCE_ROW):
        earlier = f"{name} (input)"
        if earlier in kept.columns:
            kept = kept.drop(columns=[name]).rename(columns={earlier: name})
    renamed = {f"column {name!r} is renamed" for name in (SOURCE_FILE, SOURCE_ROW)}
    left = [w for w in warnings if not any(w.message.startswith(text) for text in renamed)]
    return kept, left
