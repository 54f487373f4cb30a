"""The ``leadq`` command line: a thin layer over leadq's Python API.

Exit codes: 0 success; 1 a ``--fail-on`` condition was met; 2 bad input, bad rules or a bad
option (one line on stderr says what and where); 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

from collections.abc import Sequence

import typer

from leadq.cli import explain_command, rules_command, score_command
from leadq.cli.errors import handle_errors

app = typer.Typer(
    name="leadq",
    help="Qualify B2B sales leads: clean, validate, disqualify, score, stage and rank CSV/Excel exports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
app.command("score")(handle_errors(score_command.score))
app.command("explain")(handle_errors(explain_command.explain))
app.add_typer(rules_command.app, name="rules")


def _version(value: bool) -> None:
    if value:
        from leadq import __version__

        typer.echo(f"leadq {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Qualify B2B sales leads: clean, validate, disqualify, score, stage and rank CSV/Excel exports."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this; the console script exits with it)."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="leadq")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 2)
    return 0


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
