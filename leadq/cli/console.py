"""Where the CLI's text goes: results to stdout, diagnostics to stderr, no colour when piped.

Markup is off: lead data and rule texts are printed as they are, never read as Rich markup.
"""

from __future__ import annotations

import sys

from rich.console import Console

WIDTH_WHEN_PIPED = 120


def stdout_console() -> Console:
    return Console(
        file=sys.stdout,
        width=None if sys.stdout.isatty() else WIDTH_WHEN_PIPED,
        highlight=False,
        markup=False,
    )


def stderr_console() -> Console:
    return Console(
        file=sys.stderr,
        width=None if sys.stderr.isatty() else WIDTH_WHEN_PIPED,
        highlight=False,
        markup=False,
    )


def print_error(message: str) -> None:
    """One line per problem, each prefixed, on stderr."""
    for line in message.splitlines() or [""]:
        sys.stderr.write(f"leadq: error: {line}\n")
    sys.stderr.flush()


def print_warning(message: str) -> None:
    sys.stderr.write(f"leadq: warning: {message}\n")
    sys.stderr.flush()
