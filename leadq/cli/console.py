"""Where the CLI's text goes: results to stdout, diagnostics to stderr, no colour when piped.

Markup is off: lead data and rule texts are printed as they are, never read as Rich markup.
With ``--log-format json`` every diagnostic is instead one JSON object per line on stderr
(``time``, ``level``, ``message`` and the event's figures), for log collectors.
"""

from __future__ import annotations

import datetime
import json
import sys
from enum import StrEnum
from typing import Any, TextIO

from rich.console import Console

WIDTH_WHEN_PIPED = 120


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


_log_format = [LogFormat.TEXT]  # set once per command by use_log_format


def use_log_format(log_format: LogFormat) -> None:
    """How this process writes its diagnostics from now on."""
    _log_format[0] = log_format


def logs_json() -> bool:
    return _log_format[0] is LogFormat.JSON


def log_event(level: str, message: str, **fields: Any) -> None:
    """One JSON line on stderr: ``{"time", "level", "message", **fields}``."""
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")
    event = {"time": now, "level": level, "message": message, **fields}
    sys.stderr.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
    sys.stderr.flush()


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
        if logs_json():
            log_event("error", line)
        else:
            sys.stderr.write(f"leadq: error: {line}\n")
    sys.stderr.flush()


def print_warning(message: str) -> None:
    if logs_json():
        log_event("warning", message)
        return
    sys.stderr.write(f"leadq: warning: {message}\n")
    sys.stderr.flush()


def print_info(message: str, **fields: Any) -> None:
    """A line of what the run did (JSON: with ``fields``, the figures behind it)."""
    if logs_json():
        log_event("info", message, **fields)
        return
    sys.stderr.write(f"{message}\n")  # never wrapped: a log line stays one line
    sys.stderr.flush()
