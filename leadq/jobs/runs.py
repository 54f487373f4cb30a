"""A job's run folders: the dated out_dir, written whole or not at all, and the past runs kept.

A run writes into a hidden folder beside its out_dir and renames it into place when every file
is written: a killed run leaves the previous outputs whole (and the next run removes its
leftovers), and a second run on one day replaces the first folder instead of leaving the first
run's per-rep files in it. Pruning removes only folders whose name fits the out_dir template
and that hold a ``summary.json``: never anything leadq did not write.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from leadq.errors import OutputError
from leadq.jobs.spec import PLACEHOLDER, PLACEHOLDERS, Pattern
from leadq.reports.outdir import SUMMARY_FILE, make_folder

PARTIAL = ".partial-"  # hidden folders of runs being written: .<name>.partial-<pid>
REPLACED = ".replaced-"


def run_folder(template: Pattern, as_of: datetime.date, started: datetime.datetime) -> Path:
    """The out_dir of a run: ``{date}`` is its --as-of date, ``{time}`` its start (UTC)."""
    values = {"date": as_of.isoformat(), "time": started.strftime("%H%M%S")}
    return Path(PLACEHOLDER.sub(lambda match: values[match[1]], template.full))


def past_runs(template: Pattern) -> list[Path]:
    """The folders of earlier runs of the template, oldest first (by their date and time).

    Only folders whose name fits the template and that hold a ``summary.json`` count.
    """
    folder = Path(template.full)
    shape = _name_shape(folder.name)
    runs = []
    for entry in _entries(folder.parent):
        match = shape.fullmatch(entry.name)
        if match and entry.is_dir() and (entry / SUMMARY_FILE).is_file():
            runs.append((_run_order(match), entry))
    return [entry for _, entry in sorted(runs)]


def _run_order(match: re.Match[str]) -> tuple[str, str, str]:
    """Date, then time, then the name: the order runs were made in."""
    groups = match.groupdict("")
    return groups.get("date", ""), groups.get("time", ""), match.string


def prune_runs(template: Pattern, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest run folders; returns the removed ones."""
    runs = past_runs(template)
    removed = runs[: max(len(runs) - keep, 0)]
    for folder in removed:
        _remove(folder)
    return removed


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A hidden folder beside ``target`` to write the run into, renamed to ``target`` when the
    block ends without error (an existing ``target`` is replaced); removed on error."""
    parent = target.parent
    make_folder(parent)
    for leftover in _entries(parent):  # a killed run's partial folder
        if leftover.name.startswith(f".{target.name}{PARTIAL}"):
            _remove(leftover)
    partial = parent / f".{target.name}{PARTIAL}{os.getpid()}"
    make_folder(partial)
    try:
        yield partial
    except BaseException:
        _remove(partial)
        raise
    _replace(partial, target)


def _replace(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; an old ``target`` is moved aside first, then removed."""
    old = target.parent / f".{target.name}{REPLACED}{os.getpid()}"
    try:
        if target.exists():
            os.replace(target, old)
        os.replace(new, target)
    except OSError as error:
        raise OutputError(
            f"{target}: cannot put the run in place: {error.strerror or error}"
        ) from None
    if old.exists():
        _remove(old)


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise OutputError(f"{folder}: cannot list the folder: {error.strerror or error}") from None


def _remove(folder: Path) -> None:
    try:
        shutil.rmtree(folder)
    except OSError as error:
        raise OutputError(f"{folder}: cannot remove it: {error.strerror or error}") from None


def _name_shape(name: str) -> re.Pattern[str]:
    """A regex for the folder names a template's last part makes, capturing date and time."""
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(name):
        parts.append(re.escape(name[position : match.start()]))
        parts.append(f"(?P<{match[1]}>{PLACEHOLDERS[match[1]]})")
        position = match.end()
    parts.append(re.escape(name[position:]))
    return re.compile("".join(parts))
