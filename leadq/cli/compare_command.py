"""``leadq compare``: the same leads under an old and a new rule file, before rollout."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from leadq.cli import render_metrics
from leadq.cli.console import stdout_console
from leadq.cli.evaluate_command import (
    JsonOption,
    NegativeOption,
    PositiveOption,
    target_from_options,
)
from leadq.cli.options import (
    AsOfOption,
    DelimiterOption,
    EncodingOption,
    InputsArgument,
    SheetOption,
    score_options,
)
from leadq.cli.output import check_output, write_output
from leadq.comparison import compare as compare_rules

RulesArgument = Annotated[
    str,
    typer.Argument(
        help="Rule file (YAML), or 'default' for the shipped rules.", show_default=False
    ),
]


def _rules_path(text: str) -> Path | None:
    return None if text == "default" else Path(text)


def compare(
    old: RulesArgument,
    new: RulesArgument,
    inputs: InputsArgument,
    target: Annotated[
        str | None,
        typer.Option("--target", "-t", help="Outcome column: also evaluate both on history."),
    ] = None,
    positive: PositiveOption = None,
    negative: NegativeOption = None,
    changed: Annotated[
        Path | None,
        typer.Option("--changed", help="Write the changed leads here (CSV, XLSX, ...)."),
    ] = None,
    encoding: EncodingOption = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> int:
    """Compare two rule files on the same leads before rolling the new one out: how many leads
    change stage, grade or queue, how scores shift, which rules cause the changes, and the 20
    leads that move most. With --target on history, ROC AUC and lift of both side by side.

    When either file has queues:, each lead's queue is chosen by the queue conditions alone
    (nobody is assigned, no routing state is read or written) and queue moves are counted.

    Examples:

        leadq compare default my-rules.yaml leads.csv

        leadq compare old.yaml new.yaml history.csv --target Converted --changed changed.csv

        leadq compare default rules/routing-example.yaml examples/leads.csv

        leadq compare default learned.yaml examples/history.csv -t Converted --json
    """
    check_output(changed, None)
    options = score_options(None, encoding, delimiter, sheet, as_of, False, None)
    outcome = None if target is None else target_from_options(target, positive, negative)
    result = compare_rules(_rules_path(old), _rules_path(new), inputs, options, outcome)
    if changed is not None:
        write_output(result.changed_leads, changed, None, neutralize=True)
        sys.stderr.write(f"wrote {len(result.changed_leads)} changed leads to {changed}\n")
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        render_metrics.comparison(stdout_console(), result)
    return 0
