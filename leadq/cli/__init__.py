"""The ``leadq`` command line: a thin layer over leadq's Python API.

Exit codes: 0 success; 1 a ``--fail-on`` condition was met; 2 bad input, bad rules or a bad
option (one line on stderr says what and where); 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import typer

from leadq.cli import (
    dedupe_command,
    explain_command,
    report_command,
    route_command,
    rules_command,
    run_command,
    score_command,
)
from leadq.cli.compare_command import compare
from leadq.cli.console import LogFormat, print_error, use_log_format
from leadq.cli.errors import EXIT_BAD_INPUT, EXIT_OK, handle_errors, silence_stdout
from leadq.cli.evaluate_command import evaluate
from leadq.cli.learn_command import learn_rules
from leadq.cli.test_command import test as test_rules

HELP = """Qualify B2B sales leads: clean, validate, disqualify, score and rank CSV/Excel exports.

Examples:

\b
    leadq score leads.csv
    leadq score leads.csv -r rules/b2b-saas.yaml -o ranked.xlsx
    cat export.csv | leadq score - --format jsonl | jq .stage
    leadq dedupe leads.csv -o deduped.csv
    leadq explain leads.csv --row 17
    leadq route scored.csv -r rules/routing-example.yaml --roster examples/roster.csv
    leadq report scored.csv -o report.html
    leadq run examples/nightly.yaml
    leadq rules init > my-rules.yaml
    leadq test rules/tests/
    leadq evaluate history.csv --target converted
    leadq learn history.csv --target converted -o learned.yaml
    leadq compare default learned.yaml history.csv --target converted
"""

# Click's usage errors (unknown option, bad value), found through a public class so that this
# works with Typer's vendored Click as well as with Click itself.
_CLICK_ERROR: Any = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

app = typer.Typer(
    name="leadq",
    help=HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
app.command("score")(handle_errors(score_command.score))
app.command("dedupe")(handle_errors(dedupe_command.dedupe))
app.command("explain")(handle_errors(explain_command.explain))
app.command("route")(handle_errors(route_command.route))
app.command("report")(handle_errors(report_command.report))
app.command("run")(handle_errors(run_command.run))
app.add_typer(rules_command.app, name="rules")
app.command("test")(handle_errors(test_rules))
app.command("evaluate")(handle_errors(evaluate))
app.command("learn")(handle_errors(learn_rules))
app.command("compare")(handle_errors(compare))


def _version(value: bool) -> None:
    if value:
        from leadq import __version__

        typer.echo(f"leadq {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """The root of the commands; its help is HELP above."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this; the console script exits with it).

    A usage error (unknown option, bad option value) is one ``leadq: error:`` line, exit 2.
    """
    use_log_format(LogFormat.TEXT)  # until a command's --log-format says otherwise
    try:
        code = app(
            args=list(argv) if argv is not None else None, prog_name="leadq", standalone_mode=False
        )
    except _CLICK_ERROR as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # bare `leadq` / `leadq rules`: the help
            error.show()
            return EXIT_BAD_INPUT
        context = getattr(error, "ctx", None)
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        print_error(f"{error.format_message().rstrip('.')}{hint}")
        return error.exit_code
    except BrokenPipeError:  # `leadq --help | head -1`
        silence_stdout()
        return EXIT_OK
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 2)
    return code if isinstance(code, int) else EXIT_OK


def run() -> None:
    """Console-script entry point."""
    from leadq.arrow_memory import prefer_jemalloc

    prefer_jemalloc()  # a process-wide choice: made by the program, never by the library
    raise SystemExit(main())
