"""``leadq explain``: why one lead got its stage and score."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from leadq.api import explain as explain_lead
from leadq.cli import render
from leadq.cli.console import stdout_console
from leadq.cli.options import (
    ActivitiesOption,
    AsOfOption,
    DelimiterOption,
    EncodingOption,
    EnrichOption,
    RulesOption,
    SheetOption,
    score_options,
)


def explain(
    input_file: Annotated[
        str, typer.Argument(help="CSV or Excel file; - reads standard input.", show_default=False)
    ],
    row: Annotated[
        int,
        typer.Option("--row", help="The lead's row number as a spreadsheet shows it (header = 1)."),
    ],
    rules: RulesOption = None,
    encoding: EncodingOption = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
    enrich: EnrichOption = None,
    activities: ActivitiesOption = None,
) -> int:
    """Show every rule for one lead: which fired, the points each gave, and the resulting stage.

    Examples:

        leadq explain leads.csv --row 17

        leadq explain leads.csv --row 17 -r my-rules.yaml --json

        leadq explain leads.csv --row 17 --enrich spark_export.xlsx
        leadq explain leads.csv --row 17 --activities calls.csv --as-of 2026-11-25
    """
    options = score_options(
        rules, encoding, delimiter, sheet, as_of, False, 1,
        enrich=enrich or (), activities=activities or (),
    )  # fmt: skip
    explanation = explain_lead(input_file, row, options)
    if as_json:
        payload = {
            "lead": explanation.lead,
            "scores": explanation.scores,
            "rules": [vars(v) for v in explanation.verdicts],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        render.explanation(stdout_console(), explanation)
    return 0
