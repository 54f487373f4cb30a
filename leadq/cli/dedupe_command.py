"""``leadq dedupe``: mark duplicate clusters, or merge each into one record."""

from __future__ import annotations

from typing import Annotated

import typer

from leadq.api import DedupeResult
from leadq.api import dedupe as find_duplicates
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


def dedupe(
    inputs: InputsArgument,
    rules: RulesOption = None,
    output: OutputOption = None,
    output_format: FormatOption = None,
    merge: Annotated[
        bool,
        typer.Option("--merge", help="Write one merged record per cluster instead of every row."),
    ] = False,
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
    """
    check_output(output, output_format)
    options = score_options(rules, encoding, delimiter, sheet, None, False, workers)
    result = find_duplicates(inputs, options, merge=merge)
    for warning in result.warnings:
        print_warning(f"{warning.source}: {warning.message}")
    _warn_skipped(result)
    write_output(result.table, output, output_format, neutralize=not no_neutralize)
    if not quiet:
        render.dedupe_summary(stderr_console(), result.report)
    return 0


def _warn_skipped(result: DedupeResult) -> None:
    report = result.report
    for skipped in report.skipped:
        print_warning(skipped.describe(report.max_block_size))
