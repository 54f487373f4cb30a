"""``leadq score``: the main job."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from leadq.api import ScoreResult
from leadq.api import score as score_leads
from leadq.cli import render
from leadq.cli.console import print_warning, stderr_console, stdout_console
from leadq.cli.options import (
    ActivitiesOption,
    AgainstOption,
    AsOfOption,
    CheckDnsOption,
    DelimiterOption,
    EncodingOption,
    HandoffOption,
    InputsArgument,
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
from leadq.crm import write_handoff
from leadq.errors import LeadqError
from leadq.fail_on import parse_fail_on
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
    activities: ActivitiesOption = None,
) -> int:
    """Qualify leads: normalize, disqualify, score, stage and rank them.

    With -o, or when standard output is piped, writes every lead (ranked, with its scores and
    reasons) and prints a summary on stderr. On a terminal without -o, shows the summary and the
    top of the ranking instead.

    With --against, leads are matched with CRM exports (by e-mail, phone, tax id, company and
    corporate domain); existing customers and open deals are disqualified, and with --handoff
    DIR their new contacts go to one file per CRM owner.

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
        leadq score leads.csv --activities calls.csv --activities web.xlsx --as-of 2026-11-25
    """
    conditions = [parse_fail_on(text) for text in fail_on or []]
    check_output(output, output_format)  # a bad -o fails before a long run, not after it
    _check_handoff(handoff, against)
    options = score_options(
        rules, encoding, delimiter, sheet, as_of, check_dns, workers, against=against or (),
        activities=activities or (),
    )  # fmt: skip
    result = score_leads(inputs, options)
    for warning in result.warnings:
        print_warning(f"{warning.source}: {warning.message}")
    _deliver(result, output, output_format, neutralize=not no_neutralize, quiet=quiet)
    if handoff is not None:
        _hand_off(result, handoff, quiet=quiet)
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
        render.summary(stderr_console(), result)


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
        stderr_console().print(
            f"Hand-off: {leads} leads already being worked -> {len(written)} files in {folder}"
        )
