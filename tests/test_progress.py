"""Progress of a long run: the library tells a hook each step; the CLI draws a bar only for a
person at a terminal (never in cron logs, never with --quiet or JSON logs)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from leadq.api import ScoreOptions, score
from leadq.cli import console
from leadq.cli.progress_bar import progress_bar, shows_progress
from leadq.pipeline import STAGES

LEADS = Path(__file__).resolve().parent.parent / "examples" / "leads.csv"


def test_score_tells_the_hook_each_step_in_order_then_done():
    seen: list[tuple[str, int, int]] = []
    score([LEADS], ScoreOptions(), progress=lambda *step: seen.append(step))
    total = 1 + len(STAGES)
    assert seen[0] == ("reading", 0, total)
    assert [step for step, _, _ in seen[1:-1]][:2] == ["normalize leads", "parse bant"]
    assert [done for _, done, _ in seen] == list(range(total + 1))
    assert seen[-1] == ("done", total, total)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("terminal", "quiet", "log_format", "shown"),
    [
        (True, False, console.LogFormat.TEXT, True),
        (False, False, console.LogFormat.TEXT, False),  # cron, a pipe, a log file
        (True, True, console.LogFormat.TEXT, False),
        (True, False, console.LogFormat.JSON, False),
    ],
)
def test_a_bar_is_shown_only_to_a_person_at_a_terminal(
    monkeypatch, terminal, quiet, log_format, shown
):
    monkeypatch.setattr(sys, "stderr", Terminal() if terminal else io.StringIO())
    console.use_log_format(log_format)
    try:
        assert shows_progress(quiet) is shown
    finally:
        console.use_log_format(console.LogFormat.TEXT)


def test_the_bar_names_the_step_it_is_on(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with progress_bar(True) as hook:
        assert hook is not None
        hook("normalize leads", 1, 14)
    assert "normalize leads" in screen.getvalue()


def test_no_bar_means_no_hook():
    with progress_bar(False) as hook:
        assert hook is None
