"""``leadq rules``: check a rule file, start one, list the condition operators."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from leadq.cli.console import print_error, stdout_console
from leadq.cli.errors import handle_errors
from leadq.conditions import OPERATORS
from leadq.errors import InputError
from leadq.ruleset import check_rules, default_rules_text, load_rules

HELP = """Check, start and look up rule files.

Examples:

\b
    leadq rules check my-rules.yaml
    leadq rules init > my-rules.yaml
    leadq rules operators
"""

app = typer.Typer(help=HELP, no_args_is_help=True)


@app.command("check")
@handle_errors
def check(
    files: Annotated[
        list[Path], typer.Argument(help="Rule files (YAML) to check.", show_default=False)
    ],
) -> int:
    """Check rule files: every problem at once, each as file:line:column: key path: message.

    Exit code 0 when every file is fine, 2 otherwise.

    Examples:

        leadq rules check rules/b2b-saas.yaml

        leadq rules check my-rules.yaml other.yaml
    """
    failed = False
    for path in files:
        try:
            problems = check_rules(path)
        except InputError as error:
            print_error(str(error))
            failed = True
            continue
        for problem in problems:
            print_error(str(problem))
        if problems:
            failed = True
        else:
            rules = load_rules(path)
            counted = (
                len(rules.disqualify) + sum(len(c.rules) for c in rules.score) + len(rules.quality)
            )
            sys.stderr.write(f"{path}: ok ({counted} rules)\n")
    return 2 if failed else 0


@app.command("init")
@handle_errors
def init() -> int:
    """Print the default rule file, every option commented, to start your own.

    Examples:

        leadq rules init > my-rules.yaml
    """
    sys.stdout.write(default_rules_text())
    return 0


@app.command("operators")
@handle_errors
def operators() -> int:
    """List the operators a rule condition can use, with the field types each accepts.

    Examples:

        leadq rules operators
    """
    table = Table("operator", "field types", "meaning", box=None, pad_edge=False)
    for name, operator in OPERATORS.items():
        types = ", ".join(sorted(field_type.value for field_type in operator.field_types))
        table.add_row(name, types, operator.doc)
    stdout_console().print(table)
    return 0
