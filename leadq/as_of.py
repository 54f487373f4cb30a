"""``--as-of``: the date time-based rules count from, and the moment local times are shown for.

It is a date (``2026-11-25``) or a date and time (``2026-11-25T09:00``, ``2026-11-25 09:00+03:00``;
without an offset, UTC). A date alone stands for 00:00 UTC of that day, so that a fixed
``--as-of`` gives the same output on every run; without ``--as-of``, today and now.
"""

from __future__ import annotations

import datetime


def parse_as_of(text: str) -> datetime.date:
    """A date, or a datetime (a subclass of date) when the text has a time.

    Raises:
        ValueError: neither a date nor a date and time in ISO 8601.
    """
    text = text.strip()
    if len(text) <= len("YYYY-MM-DD"):
        return datetime.date.fromisoformat(text)
    return datetime.datetime.fromisoformat(text)


def date_and_moment(as_of: datetime.date | None) -> tuple[datetime.date, datetime.datetime]:
    """The run's date and moment (aware, UTC) from ``--as-of`` (None: today, now)."""
    if as_of is None:
        return datetime.date.today(), datetime.datetime.now(datetime.UTC)
    if isinstance(as_of, datetime.datetime):
        aware = as_of if as_of.tzinfo is not None else as_of.replace(tzinfo=datetime.UTC)
        return as_of.date(), aware.astimezone(datetime.UTC)
    return as_of, datetime.datetime.combine(as_of, datetime.time(), datetime.UTC)
