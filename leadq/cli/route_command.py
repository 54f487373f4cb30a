"""``leadq route``: route an already-scored file to queues and reps."""

from __future__ import annotations

import dataclasses
import sys
from typing import Annotated

import typer

from leadq.api import route as route_leads
from leadq.cli import route_render
from leadq.cli.console import print_warning, stderr_console, stdout_console
from leadq.cli.options import AgainstOption, AsOfOption, RulesOption, score_options
from leadq.cli.output import (
    FormatOption,
    NoNeutralizeOption,
    OutputOption,
    QuietOption,
    check_output,
    write_output,
)
from leadq.cli.route_options import (
    DryRunOption,
    LockTimeoutOption,
    RosterOption,
    StateOption,
    route_options,
)
from leadq.routing.state import DEFAULT_LOCK_TIMEOUT, DEFAULT_STATE_FILE


def route(
    scored: Annotated[
        str, typer.Argument(help="A file leadq scored (CSV, Excel, ...); - reads standard input.")
    ],
    rules: RulesOption = None,
    output: OutputOption = None,
    output_format: FormatOption = None,
    as_of: AsOfOption = None,
    roster: RosterOption = None,
    state: StateOption = DEFAULT_STATE_FILE,
    dry_run: DryRunOption = False,
    lock_timeout: LockTimeoutOption = DEFAULT_LOCK_TIMEOUT,
    against: AgainstOption = None,
    no_neutralize: NoNeutralizeOption = False,
    quiet: QuietOption = False,
) -> int:
    """Route scored leads: each to a queue of the rules' queues: section, ranked, to a rep.

    With -o, or when standard output is piped, writes every lead with its routing; on a
    terminal without -o, shows the queues, each rep's leads and the head of each queue.

    Adds the columns queue, queue_rank, assigned_to and assigned_by (which queue and strategy
    placed the lead). Disqualified leads go to no queue; a lead with a CRM owner keeps that
    owner. With --against, the open deals each rep owns in those CRM exports count as the
    rep's load under the capacity strategy. Round-robin turns and per-rep counts are kept in
    the state file between runs (default ./leadq-routing-state.json; delete it to reset); a
    second run waits for the first (--lock-timeout).

    Examples:

    \b
        leadq route scored.csv -r rules/routing-example.yaml -o routed.csv
        leadq route scored.csv -r rules/routing-example.yaml --roster examples/roster.csv --dry-run
        leadq route scored.csv -r my.yaml --state /var/lib/leadq/state.json --lock-timeout 0
        leadq score leads.csv -r my.yaml --route --roster reps.csv -o routed.xlsx
    """
    check_output(output, output_format)
    options = score_options(rules, None, None, None, as_of, False, None, against=against or ())
    routing = route_options(state, roster, dry_run, lock_timeout)
    result = route_leads(scored, dataclasses.replace(options, route=routing))
    for warning in result.warnings:
        print_warning(f"{warning.source}: {warning.message}")
    if output is None and output_format is None and sys.stdout.isatty():
        route_render.routing(stdout_console(), result.summary, state, dry_run=dry_run)
        route_render.assignments(stdout_console(), result.table)
        return 0
    write_output(result.table, output, output_format, neutralize=not no_neutralize)
    if not quiet:
        route_render.routing(stderr_console(), result.summary, state, dry_run=dry_run)
    return 0
