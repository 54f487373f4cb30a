"""Days a rep takes no new leads: dates, date ranges and weekdays, checked against ``--as-of``.

Written the same way in a rule file's ``reps:`` and in a roster CSV's "days off" column:
``2026-12-24``, ``2026-12-24..2027-01-02`` (both ends included), ``sat``/``sunday``/``сб``/
``sobota``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Weekday names and their usual short forms in English, Russian and Polish; a longer word is
# read by its first three letters ("saturday", "суббота", "sobota").
WEEKDAY_WORDS: dict[str, int] = {
    **{name: day for day, name in enumerate(WEEKDAYS)},
    **{name: day for day, name in enumerate(("пн", "вт", "ср", "чт", "пт", "сб", "вс"))},
    **{name: day for day, name in enumerate(("пон", "вто", "сре", "чет", "пят", "суб", "вос"))},
    **{name: day for day, name in enumerate(("pn", "wt", "śr", "cz", "pt", "sb", "nd"))},
    **{name: day for day, name in enumerate(("pon", "wto", "śro", "czw", "pią", "sob", "nie"))},
}
_SEPARATORS = re.compile(r"[;,\s]+")


@dataclass(frozen=True)
class DaysOff:
    """The days one rep is away."""

    dates: frozenset[datetime.date] = frozenset()
    ranges: tuple[tuple[datetime.date, datetime.date], ...] = ()
    weekdays: frozenset[int] = frozenset()  # 0 = Monday, as datetime.date.weekday()

    def includes(self, day: datetime.date) -> bool:
        """Whether the rep is away on ``day``."""
        return (
            day in self.dates
            or day.weekday() in self.weekdays
            or any(first <= day <= last for first, last in self.ranges)
        )


def parse_days_off(items: Iterable[str]) -> DaysOff:
    """Read day-off texts; a cell may hold several, separated by ``;``, ``,`` or spaces.

    Raises:
        ValueError: a text that is none of a date, a range or a weekday; its message says which.
    """
    dates: set[datetime.date] = set()
    ranges: list[tuple[datetime.date, datetime.date]] = []
    weekdays: set[int] = set()
    for item in items:
        for word in (part for part in _SEPARATORS.split(item.strip()) if part):
            day = _weekday(word)
            if day is not None:
                weekdays.add(day)
            elif ".." in word:
                ranges.append(_range(word))
            else:
                dates.add(_date(word))
    return DaysOff(frozenset(dates), tuple(ranges), frozenset(weekdays))


def _weekday(word: str) -> int | None:
    if not word.isalpha():
        return None
    folded = word.casefold()
    return WEEKDAY_WORDS.get(folded, WEEKDAY_WORDS.get(folded[:3]))


def _range(word: str) -> tuple[datetime.date, datetime.date]:
    first_text, _, last_text = word.partition("..")
    first, last = _date(first_text), _date(last_text)
    if last < first:
        raise ValueError(f"day-off range {word!r} ends before it starts")
    return first, last


def _date(word: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(word)
    except ValueError:
        raise ValueError(
            f"day off {word!r} is not a date (YYYY-MM-DD), a range (YYYY-MM-DD..YYYY-MM-DD) "
            "or a weekday (mon ... sun)"
        ) from None
