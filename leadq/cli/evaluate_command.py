"""``leadq evaluate``: how well the rules rank past leads whose outcome is known."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from leadq.cli import render_metrics
from leadq.cli.console import stdout_console
from leadq.cli.options import (
    AsOfOption,
    DelimiterOption,
    EncodingOption,
    RulesOption,
    SheetOption,
    score_options,
)
from leadq.evaluation import evaluate_run
from leadq.outcome import Target, target_values
from leadq.reports import RunInfo
from leadq.reports.build import check_html_path, write_html_report

TargetOption = Annotated[
    str,
    typer.Option("--target", "-t", help="The outcome column: yes/no, or a status with --positive."),
]
PositiveOption = Annotated[
    list[str] | None,
    typer.Option(
        "--positive",
        help="A value of the target column that means converted (repeatable, or a,b).",
    ),
]
NegativeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--negative",
        help="A value that means not converted (repeatable); default: every other value.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def target_from_options(
    column: str, positive: list[str] | None, negative: list[str] | None
) -> Target:
    return Target(column, target_values(positive or []), target_values(negative or []))


def evaluate(
    history: Annotated[
        str,
        typer.Argument(
            help="CSV or Excel export of past leads with their outcome.", show_default=False
        ),
    ],
    target: TargetOption,
    positive: PositiveOption = None,
    negative: NegativeOption = None,
    rules: RulesOption = None,
    encoding: EncodingOption = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Also write the HTML report of the history, with the evaluation section.",
        ),
    ] = None,
) -> int:
    """Measure the rules on past leads: ROC AUC, conversion and lift by score decile, the top
    10/20 % of the queue, conversion by grade and stage, and per rule how often it fires and
    how its leads convert (rules that push leads the wrong way are marked backwards).

    Leads with an empty or placeholder outcome (or, with --negative, a status in neither list)
    are left out and counted. --html also writes the HTML report of the scored history with
    an evaluation section (the same figures, a lift chart, the backwards rules marked).

    Examples:

        leadq evaluate examples/history.csv --target Converted

        leadq evaluate history.csv -t Status --positive Won --negative Lost -r my-rules.yaml --json

        leadq evaluate examples/history.csv -t Converted --html report.html
    """
    if html is not None:
        check_html_path(html)
    options = score_options(rules, encoding, delimiter, sheet, as_of, False, None)
    run = evaluate_run(history, target_from_options(target, positive, negative), options)
    result = run.evaluation.evaluation
    if html is not None:
        scored = run.scored
        info = RunInfo(str(rules or "default"), scored.context.settings.as_of, (history,))
        write_html_report(html, scored.table, scored.context, info, run.evaluation)
        sys.stderr.write(f"wrote {html}\n")
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_metrics.evaluation(stdout_console(), result)
    return 0
