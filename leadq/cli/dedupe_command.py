"""``leadq dedupe``: mark duplicate clusters, or merge each into one record."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from leadq.api import DedupeResult, LinkResult, ScoreOptions
from leadq.api import dedupe as find_duplicates
from leadq.api import link as find_links
from leadq.arrow_memory import keep_freed_memory
from leadq.cli import render
from leadq.cli.console import print_warning, stderr_console
from leadq.cli.options import (
    DelimiterOption,
    EncodingOption,
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
from leadq.errors import LeadqError


def dedupe(
    inputs: InputsArgument,
    rules: RulesOption = None,
    output: OutputOption = None,
    output_format: FormatOption = None,
    merge: Annotated[
        bool,
        typer.Option("--merge", help="Write one merged record per cluster instead of every row."),
    ] = False,
    link: Annotated[
        Path | None,
        typer.Option(
            "--link",
            metavar="FILE",
            help="Instead of duplicates within the inputs, find which of their rows appear in "
            "FILE (link_match, link_score, link_reason ...).",
        ),
    ] = None,
    encoding: EncodingOption = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    workers: WorkersOption = None,
    no_neutralize: NoNeutralizeOption = False,
    quiet: QuietOption = False,
) -> int:
    """Find duplicates: every row kept, in input order, with its cluster, survivor and reason.

    Rows are compared only within blocks that share a key (the rule file's dedupe: section), so
    a million rows take seconds. With --merge, writes one golden record per cluster, each column
    chosen by the section's merge rules, and merged_from listing the lead ids.

    Examples:

    \b
        leadq dedupe leads.csv -o deduped.csv
        leadq dedupe jan.csv feb.csv web.csv --merge -o golden.csv
        leadq dedupe people.csv -r my-fields.yaml
        leadq dedupe new-leads.csv --link crm_contacts.csv -o linked.csv
    """
    check_output(output, output_format)
    keep_freed_memory()
    if link is not None and merge:
        raise LeadqError("--link cannot be combined with --merge")
    options = score_options(rules, encoding, delimiter, sheet, None, False, workers)
    result = _find(inputs, options, merge, link)
    for warning in result.warnings:
        print_warning(f"{warning.source}: {warning.message}")
    for skipped in result.report.skipped:
        print_warning(skipped.describe(result.report.max_block_size))
    write_output(result.table, output, output_format, neutralize=not no_neutralize)
    if not quiet:
        _summarize(result)
    return 0


def _summarize(result: DedupeResult | LinkResult) -> None:
    if isinstance(result, LinkResult):
        render.link_summary(stderr_console(), result.report)
    else:
        render.dedupe_summary(stderr_console(), result.report)


def _find(
    inputs: list[str], options: ScoreOptions, merge: bool, link: Path | None
) -> DedupeResult | LinkResult:
    if link is not None:
        return find_links(inputs, link, options)
    return find_duplicates(inputs, options, merge=merge)
