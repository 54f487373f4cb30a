"""A progress bar on stderr for long runs, only on a terminal: cron logs get no bar."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from leadq.cli.console import logs_json, stderr_console
from leadq.progress import ProgressHook


def shows_progress(quiet: bool) -> bool:
    """A bar only for a person watching: stderr a terminal, no --quiet, text logs."""
    return not quiet and sys.stderr.isatty() and not logs_json()


@contextmanager
def progress_bar(shown: bool) -> Iterator[ProgressHook | None]:
    """A hook drawing the steps of a run as a bar that disappears when done; None if not shown."""
    if not shown:
        yield None
        return
    columns = (
        TextColumn("{task.description:<20}", markup=False),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}", markup=False),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr_console(), transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def hook(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        yield hook
