"""``leadq report``: the workbook, HTML report and summary.json from an earlier leadq output."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated

import typer

from leadq.cli.console import print_warning, stderr_console
from leadq.cli.evaluate_command import NegativeOption, PositiveOption, target_from_options
from leadq.cli.options import AsOfOption, OutDirOption, RulesOption, parse_as_of
from leadq.cli.output import QuietOption
from leadq.errors import LeadqError
from leadq.reports import build_report


def report(
    scored: Annotated[
        Path,
        typer.Argument(
            help="A file leadq score wrote (CSV, Excel-CSV or XLSX).", show_default=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="One report: .html, .xlsx or .json (by the extension)."
        ),
    ] = None,
    out_dir: OutDirOption = None,
    rules: RulesOption = None,
    as_of: AsOfOption = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            "-t",
            help="Outcome column of a scored history: add the evaluation (as leadq evaluate).",
        ),
    ] = None,
    positive: PositiveOption = None,
    negative: NegativeOption = None,
    quiet: QuietOption = False,
) -> int:
    """Build the reports from an earlier leadq output, without scoring again.

    Reads leadq's own columns back (stage, score, grade, reasons, and queue, queue_rank and
    assigned_to when the file was routed). Give -o for one report (report.html, report.xlsx
    or summary.json), or --out-dir for the whole folder --out-dir of leadq score writes.
    --rules names the rule file the output was scored with (for the reasons' texts and the
    grade order); --as-of is recorded in summary.json.

    --target names the outcome column of a scored history (yes/no, or a status with
    --positive and --negative): report.html gains the evaluation section (ROC AUC, conversion
    and lift by score decile, the top 10/20 % of the queue, conversion by grade and stage, and
    every rule, the backwards ones marked) and summary.json its figures, as leadq evaluate
    measures them.

    Examples:

    \b
        leadq score leads.csv -o scored.csv && leadq report scored.csv -o report.html
        leadq report scored.csv -o report.xlsx
        leadq report scored.csv --out-dir reports/ -r rules/b2b-saas.yaml
        leadq report scored-history.csv -o report.html --target Converted
    """
    if (output is None) == (out_dir is None):
        raise LeadqError("leadq report: give either -o FILE (.html, .xlsx, .json) or --out-dir DIR")
    if target is None and (positive or negative):
        raise LeadqError("leadq report: --positive and --negative need --target COLUMN")
    date: datetime.date | None = parse_as_of(as_of)
    outcome = None if target is None else target_from_options(target, positive, negative)
    result = build_report(
        scored, output=output, out_dir=out_dir, rules=rules, as_of=date, target=outcome
    )
    for warning in result.warnings:
        print_warning(f"{warning.source}: {warning.message}")
    if not quiet:
        done = f"{len(result.files)} files to {out_dir}" if out_dir is not None else str(output)
        stderr_console().print(f"Wrote {done}")
    return 0
