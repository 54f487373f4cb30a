"""``leadq score``: the main job."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Annotated

import typer

from leadq.api import ScoreResult
from leadq.api import score as score_leads
from leadq.cli import render, route_render
from leadq.cli.console import (
    LogFormat,
    log_event,
    logs_json,
    print_info,
    print_warning,
    stderr_console,
    stdout_console,
    use_log_format,
)
from leadq.cli.options import (
    ActivitiesOption,
    AgainstOption,
    AsOfOption,
    CheckDnsOption,
    DelimiterOption,
    EncodingOption,
    EnrichOption,
    HandoffOption,
    InputsArgument,
    LogFormatOption,
    OutDirOption,
    RulesOption,
    SheetOption,
    WorkersOption,
    score_options,
)
from leadq.cli.output import (
    FormatOption,
    NoNeutralizeOption,
    OutputOption,
    QuietOption,
    check_output,
    write_output,
)
from leadq.cli.progress_bar import progress_bar, shows_progress
from leadq.cli.route_options import (
    DryRunOption,
    LockTimeoutOption,
    RosterOption,
    RouteOption,
    StateOption,
    route_options,
)
from leadq.crm import write_handoff
from leadq.errors import LeadqError
from leadq.fail_on import parse_fail_on
from leadq.reports import RunInfo, write_out_dir
from leadq.reports.outdir import check_out_dir
from leadq.routing.state import DEFAULT_LOCK_TIMEOUT, DEFAULT_STATE_FILE
from leadq.routing.summary import summarize_routing
from leadq.write import OutputFormat


def score(
    inputs: InputsArgument,
    rules: RulesOption = None,
    output: OutputOption = None,
    output_format: FormatOption = None,
    encoding: EncodingOption = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    as_of: AsOfOption = None,
    check_dns: CheckDnsOption = False,
    workers: WorkersOption = None,
    no_neutralize: NoNeutralizeOption = False,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when met: empty, bad-data>SHARE, disqualified>SHARE (repeatable).",
        ),
    ] = None,
    quiet: QuietOption = False,
    against: AgainstOption = None,
    handoff: HandoffOption = None,
    route: RouteOption = False,
    roster: RosterOption = None,
    state: StateOption = DEFAULT_STATE_FILE,
    dry_run: DryRunOption = False,
    lock_timeout: LockTimeoutOption = DEFAULT_LOCK_TIMEOUT,
    out_dir: OutDirOption = None,
    enrich: EnrichOption = None,
    activities: ActivitiesOption = None,
    log_format: LogFormatOption = LogFormat.TEXT,
) -> int:
    """Qualify leads: normalize, disqualify, score, stage and rank them.

    With -o, or when standard output is piped, writes every lead (ranked, with its scores and
    reasons) and prints a summary on stderr. On a terminal without -o, shows the summary and the
    top of the ranking instead.

    With --out-dir DIR, also writes the run's files there: every lead, the disqualified ones,
    one file per queue and per rep (when routed), the hand-over to CRM owners, report.xlsx,
    report.html and summary.json.

    With --against, leads are matched with CRM exports (by e-mail, phone, tax id, company and
    corporate domain); existing customers and open deals are disqualified, and with --handoff
    DIR their new contacts go to one file per CRM owner.

    With --enrich, leads are joined with company registry exports (by tax id, company domain,
    then company key) to complete industry, employees, revenue, region and founding year.
    With --activities, leads are matched with activity logs (by lead id, e-mail or phone): contact
    attempts without an answer can disqualify a lead as unreachable, and events (page visits,
    webinars, downloads, opened e-mails ...) earn engagement points that decay with age.

    Examples:

    \b
        leadq score leads.csv
        leadq score leads.csv -r rules/b2b-saas.yaml -o ranked.xlsx
        cat export.csv | leadq score - --format jsonl | jq .stage
        leadq score jan.csv feb.xlsx --as-of 2026-11-25 -o ranked.csv --fail-on "bad-data>30%"
        leadq score leads.csv --against crm_accounts.csv --against crm_deals.xlsx --handoff out/
        leadq score leads.csv -r rules/routing-example.yaml --route --roster examples/roster.csv
        leadq score leads.csv --as-of 2026-11-25 --out-dir runs/2026-11-25
        leadq score leads.csv --enrich spark_export.xlsx --as-of 2026-11-25T09:00 -o ranked.csv
        leadq score leads.csv --activities calls.csv --activities web.xlsx --as-of 2026-11-25
    """
    use_log_format(log_format)
    conditions = [parse_fail_on(text) for text in fail_on or []]
    check_output(output, output_format)  # a bad -o fails before a long run, not after it
    _check_handoff(handoff, against)
    if out_dir is not None:
        check_out_dir(out_dir)
    options = score_options(
        rules,
        encoding,
        delimiter,
        sheet,
        as_of,
        check_dns,
        workers,
        against=against or (),
        enrich=enrich or (),
        activities=activities or (),
    )
    if route:  # --route: queues and reps after ranking (see leadq route --help)
        routing = route_options(state, roster, dry_run, lock_timeout)
        options = dataclasses.replace(options, route=routing)
    with progress_bar(shows_progress(quiet)) as progress:
        result = score_leads(inputs, options, progress=progress)
    for warning in result.warnings:
        print_warning(f"{warning.source}: {warning.message}")
    _deliver(result, output, output_format, neutralize=not no_neutralize, quiet=quiet)
    if route and not quiet:
        show_routing(result, state, dry_run=dry_run)
    if handoff is not None:
        _hand_off(result, handoff, quiet=quiet)
    if out_dir is not None:
        info = RunInfo(str(rules or "default"), result.context.settings.as_of, tuple(inputs))
        _write_out_dir(result, out_dir, info, neutralize=not no_neutralize, quiet=quiet)
    failures = [
        message for condition in conditions if (message := condition.met_by(result.summary))
    ]
    for message in failures:
        print_warning(f"--fail-on: {message}")
    return 1 if failures else 0


def _deliver(
    result: ScoreResult,
    output: Path | None,
    output_format: OutputFormat | None,
    *,
    neutralize: bool,
    quiet: bool,
) -> None:
    """Data to the file or pipe; on a bare terminal, the summary and top of the ranking."""
    if output is None and output_format is None and sys.stdout.isatty():
        render.summary(stdout_console(), result)
        render.top_leads(stdout_console(), result)
        return
    write_output(result.table, output, output_format, neutralize=neutralize)
    if not quiet:
        show_summary(result)


def show_summary(result: ScoreResult) -> None:
    """The run's figures on stderr: a table, or one JSON event with --log-format json."""
    if logs_json():
        log_event("info", "scored", summary=result.summary.to_dict())
    else:
        render.summary(stderr_console(), result)


def show_routing(result: ScoreResult, state: Path, *, dry_run: bool) -> None:
    """Queue sizes and reps' new leads on stderr: tables, or one JSON event."""
    totals = summarize_routing(result.table)
    if logs_json():
        log_event("info", "routed", routing=totals.to_dict(), state=str(state), dry_run=dry_run)
    else:
        route_render.routing(stderr_console(), totals, state, dry_run=dry_run)


def _check_handoff(handoff: Path | None, against: list[Path] | None) -> None:
    """--handoff needs --against, and a folder it can write in, before any work."""
    if handoff is None:
        return
    if not against:
        raise LeadqError("--handoff needs --against CRM_FILE: the hand-off lists CRM matches")
    if handoff.exists() and not handoff.is_dir():
        raise LeadqError(f"--handoff {handoff}: is a file; give a folder")
    parent = handoff.parent if str(handoff.parent) else Path(".")
    if not handoff.exists() and not parent.is_dir():
        raise LeadqError(f"--handoff {handoff}: folder {str(parent)!r} does not exist")


def _hand_off(result: ScoreResult, folder: Path, *, quiet: bool) -> None:
    """The hand-off files, and one line on stderr saying what went where."""
    written = write_handoff(result.table, result.context, folder)
    if not quiet:
        leads = sum(written.values())
        print_info(
            f"Hand-off: {leads} leads already being worked -> {len(written)} files in {folder}",
            handoff_leads=leads,
            files=len(written),
        )


def _write_out_dir(
    result: ScoreResult, folder: Path, info: RunInfo, *, neutralize: bool, quiet: bool
) -> None:
    """The run's files in ``folder``, and one line on stderr saying how many."""
    written = write_out_dir(result.table, result.context, folder, info, neutralize=neutralize)
    if not quiet:
        print_info(f"Wrote {len(written)} files to {folder}", files=[str(p) for p in written])
