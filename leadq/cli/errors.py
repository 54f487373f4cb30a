"""Turn library errors into one stderr line and an exit code; never a traceback."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import typer

from leadq.cli.console import print_error
from leadq.errors import LeadqError

EXIT_OK = 0
EXIT_FAIL_ON = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


def handle_errors(command: Callable[..., int]) -> Callable[..., None]:
    """Wrap a command that returns an exit code; map errors to codes 2 and 3."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = command(*args, **kwargs)
        except LeadqError as error:
            print_error(str(error))
            code = EXIT_BAD_INPUT
        except BrokenPipeError:
            silence_stdout()  # `leadq score ... | head`: the reader had enough
            code = EXIT_OK
        except KeyboardInterrupt:
            code = 130
        except Exception as error:  # noqa: BLE001 - the one place a bug becomes a message
            if os.environ.get("LEADQ_TRACEBACK"):
                raise
            print_error(f"internal error: {type(error).__name__}: {error} (please report this)")
            code = EXIT_INTERNAL
        if code:
            raise typer.Exit(code)

    return wrapper


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
