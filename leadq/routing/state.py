"""What routing remembers between runs, so that fairness holds across nightly jobs.

A small JSON file: per queue (and territory group), the last rep given a lead in turn; per queue
and rep, the leads given so far (weighted shares); per day and rep, the leads given that day
(daily capacity). A lock file next to it (``<state>.lock``, via ``filelock``) makes a second run
that starts while one is routing wait, up to a timeout, then fail with one clear line; the file
is replaced atomically, so a killed run leaves the previous state whole. Delete the file to
start afresh.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from leadq.errors import LeadqError
from leadq.locks import held_lock
from leadq.write import write_atomically

STATE_VERSION = 1
DEFAULT_STATE_FILE = Path("leadq-routing-state.json")
DEFAULT_LOCK_TIMEOUT = 60.0
KEEP_DAYS = 31  # daily counts older than this (before the run's date) are dropped


class StateError(LeadqError):
    """The state file is locked by another run, unreadable, or not a leadq routing state."""


@dataclass
class RoutingState:
    """Routing memory; strategies read and update it in place during one run."""

    last_rep: dict[str, str] = field(default_factory=dict)  # rotation key -> last rep given one
    given: dict[str, dict[str, int]] = field(default_factory=dict)  # queue -> rep -> leads
    daily: dict[str, dict[str, int]] = field(default_factory=dict)  # YYYY-MM-DD -> rep -> leads
    runs: int = 0

    def add_given(self, queue: str, counts: dict[str, int]) -> None:
        per_rep = self.given.setdefault(queue, {})
        for rep, count in counts.items():
            per_rep[rep] = per_rep.get(rep, 0) + count

    def add_daily(self, day: datetime.date, counts: dict[str, int]) -> None:
        per_rep = self.daily.setdefault(day.isoformat(), {})
        for rep, count in counts.items():
            per_rep[rep] = per_rep.get(rep, 0) + count

    def given_on(self, day: datetime.date) -> dict[str, int]:
        return self.daily.get(day.isoformat(), {})

    def forget_before(self, day: datetime.date) -> None:
        """Drop daily counts more than ``KEEP_DAYS`` before ``day``: the file stays small."""
        oldest = (day - datetime.timedelta(days=KEEP_DAYS)).isoformat()
        self.daily = {key: counts for key, counts in self.daily.items() if key >= oldest}

    def to_json(self) -> bytes:
        data = {
            "version": STATE_VERSION,
            "runs": self.runs,
            "last_rep": dict(sorted(self.last_rep.items())),
            "given": {
                queue: dict(sorted(reps.items())) for queue, reps in sorted(self.given.items())
            },
            "daily": {day: dict(sorted(reps.items())) for day, reps in sorted(self.daily.items())},
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_state(path: Path) -> RoutingState:
    """The state saved at ``path``; an empty state when there is no such file yet."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return RoutingState()
    except (OSError, UnicodeDecodeError) as error:
        raise StateError(f"routing state {path}: cannot read it: {error}") from None
    try:
        data = json.loads(text)
        return _state_from(data)
    except (ValueError, TypeError, AttributeError):
        raise StateError(
            f"routing state {path}: not a leadq routing state file; delete it to start afresh"
        ) from None


def _state_from(data: dict) -> RoutingState:  # type: ignore[type-arg]
    if data.get("version") != STATE_VERSION:
        raise ValueError("unknown version")
    return RoutingState(
        last_rep={str(key): str(rep) for key, rep in data["last_rep"].items()},
        given=_counts(data["given"]),
        daily=_counts(data["daily"]),
        runs=int(data["runs"]),
    )


def _counts(data: dict) -> dict[str, dict[str, int]]:  # type: ignore[type-arg]
    return {str(key): {str(rep): int(n) for rep, n in reps.items()} for key, reps in data.items()}


def save_state(path: Path, state: RoutingState) -> None:
    """Replace the state file atomically (a temporary file renamed over it)."""
    try:
        data = state.to_json()

        def write(handle: BinaryIO) -> None:
            handle.write(data)

        write_atomically(path, write)
    except OSError as error:
        raise StateError(
            f"routing state {path}: cannot write it: {error.strerror or error}"
        ) from None


@contextmanager
def locked_state(path: Path, timeout: float) -> Iterator[None]:
    """Hold ``<path>.lock`` while routing: a second run waits up to ``timeout`` seconds.

    Raises:
        StateError: another run held the lock for longer than ``timeout``.
    """
    hint = "--lock-timeout sets how long to wait"
    with held_lock(Path(f"{path}.lock"), timeout, f"routing state {path}", hint, StateError):
        yield
