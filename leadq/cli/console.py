"""Where the CLI's text goes: results to stdout, diagnostics to stderr, no colour when piped.

Markup is off: lead data and rule texts are printed as they are, never read as Rich markup.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console

WIDTH_WHEN_PIPED = 120


def console_on(stream: TextIO) -> Console:
    """A console on ``stream``: the terminal's width, or a fixed one when piped; no markup."""
    width = None if stream.isatty() else WIDTH_WHEN_PIPED
    return Console(file=stream, width=width, highlight=False, markup=False)


def stdout_console() -> Console:
    return console_on(sys.stdout)


def stderr_console() -> Console:
    return console_on(sys.stderr)


def print_error(message: str) -> None:
    """One line per problem, each prefixed, on stderr."""
    for line in message.splitlines() or [""]:
        sys.stderr.write(f"leadq: error: {line}\n")
    sys.stderr.flush()


def print_warning(message: str) -> None:
    sys.stderr.write(f"leadq: warning: {message}\n")
    sys.stderr.flush()
