"""Purchase timelines as people type them -> a target date and a bucket, relative to ``--as-of``.

The target date is the latest day the lead means: "Q1 2027" is 2027-03-31, "next year" the
31 December of next year, "within 3 months" ``as_of`` + 3 months, "ASAP" ``as_of`` itself.
The bucket counts days from ``as_of`` to that date (see ``Bucket``); phrases that say there is
no plan yet ("just researching", "пока изучаем") are ``later`` without a date, and text that
reads as none of these (``TBD``, "не определены") is ``unknown``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache

import numpy as np
import pandas as pd
from babel import Locale

from leadq.fields import read_date


class Bucket(StrEnum):
    """How soon, counted from ``as_of`` to the target date."""

    NOW = "now"  # within 31 days (ASAP, this month, a date already past)
    THIS_QUARTER = "this_quarter"  # within 92 days (about three months)
    THIS_YEAR = "this_year"  # within 366 days
    LATER = "later"  # further out, or "no plans yet"
    UNKNOWN = "unknown"  # text that names no time


BUCKET_DAYS = ((Bucket.NOW, 31), (Bucket.THIS_QUARTER, 92), (Bucket.THIS_YEAR, 366))
_L = r"[^\W\d_]"  # a letter, in any script

ASAP = (
    r"asap|срочно|немедленно|сейчас|как можно скорее|вчера|уже|urgent\w*|immediately|now"
    r"|right away|pilne|pilnie|od zaraz|natychmiast|jak najszybciej|teraz|sofort"
)
NO_PLANS = (
    r"изуча\w*|просто смотр\w*|присматрива\w*|не планир\w*|в будущем|позже|пока нет"
    r"|research\w*|just looking|browsing|no plans?|not now|later|in the future"
    r"|rozezna\w*|nie planuj\w*|w przyszłości|później"
)
PERIODS: tuple[tuple[str, str, int], ...] = (  # phrase, period, how many periods ahead
    (r"следующ\w* квартал\w*|next quarter|przyszł\w* kwarta\w*|kolejn\w* kwarta\w*", "Q", 1),
    (r"(?:это\w*|текущ\w*|конц\w*) квартал\w*|this quarter|end of (?:the )?quarter"
     r"|(?:tym|bieżącym|końca) kwarta\w*", "Q", 0),
    (r"следующ\w* месяц\w*|next month|przyszł\w* miesiąc\w*|kolejn\w* miesiąc\w*", "M", 1),
    (r"(?:это\w*|текущ\w*|конц\w*) месяц\w*|this month|end of (?:the )?month"
     r"|(?:tym|bieżącym|końca) miesiąc\w*", "M", 0),
    (r"следующ\w* год\w*|next year|przyszł\w* rok\w*|kolejn\w* rok\w*|nächstes jahr", "Y", 1),
    (r"(?:это\w*|текущ\w*|конц\w*) год\w*|this year|end of (?:the )?year|year end"
     r"|(?:tym|bieżącym|końca) rok\w*|jahresende", "Y", 0),
)  # fmt: skip
UNITS = {  # duration unit words -> (pattern, months, days)
    "day": (r"дн\w*|день|сут\w*|days?|dni|dzień", 0, 1),
    "week": (r"недел\w*|weeks?|tydz\w*|tygodni\w*", 0, 7),
    "month": (r"месяц\w*|мес|months?|mies\w*|miesiąc\w*|monat\w*", 1, 0),
    "half": (r"полгода|pół roku|half a year", 6, 0),
    "year": (r"год\w*|лет|years?|rok\w*|lat|lata|jahr\w*", 12, 0),
}
QUARTER = (
    rf"(?<!{_L})(?:q([1-4])|([1-4]|iv|i{{1,3}})(?:-?(?:й|ый|ой|st|nd|rd|th))?\s*"
    rf"(?:кв\w*|kw\w*|quarter|quartal))\.?(?!{_L})\s*(?:(20\d\d)(?!\d))?"
)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
SLAVIC_PREPOSITIONS = r"в|во|до|к|с|по|w|we|do|od|na|przed"
ENGLISH_PREPOSITIONS = r"in|by|until|till|before|from|end of"


@lru_cache(maxsize=1)
def month_stems() -> dict[str, int]:
    """Month name beginnings in English, Russian and Polish (Babel's abbreviations) -> month."""
    stems = {"мае": 5}  # "в мае": a case Babel does not abbreviate
    for name in ("en", "ru", "pl"):
        months = Locale.parse(name).months
        for width in ("format", "stand-alone"):
            for number, text in months[width]["abbreviated"].items():
                stems.setdefault(text.casefold().rstrip("."), number)
    return stems


@lru_cache(maxsize=1)
def english_months() -> dict[str, int]:
    """English month names, full and abbreviated (Babel's), case-folded -> month."""
    months = Locale.parse("en").months["format"]
    return {
        text.casefold(): number
        for width in ("wide", "abbreviated")
        for number, text in months[width].items()
    }


def parse_timelines(texts: pd.Series, as_of: datetime.date) -> pd.DataFrame:
    """``timeline_date`` and ``timeline_bucket`` for case-folded timeline texts."""
    today = pd.Timestamp(as_of)
    date = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]")
    for read in _READERS:
        todo = date.isna() & texts.notna()
        if not todo.any():
            break
        date = date.fillna(read(texts[todo], today))
    no_plans = _has(texts, NO_PLANS) & date.isna()
    return pd.DataFrame(
        {
            "timeline_date": date.astype("datetime64[s]"),  # as the other date columns
            "timeline_bucket": _buckets(date, no_plans, texts, today),
        },
        index=texts.index,
    )


def _buckets(
    date: pd.Series, no_plans: pd.Series, texts: pd.Series, today: pd.Timestamp
) -> pd.Series:
    days = (date - today).dt.days
    bucket = pd.Series(Bucket.LATER.value, index=date.index, dtype=object)
    for name, limit in reversed(BUCKET_DAYS):
        bucket = bucket.mask((days <= limit).fillna(False).astype(bool), name.value)
    bucket = bucket.mask(date.isna() & ~no_plans, Bucket.UNKNOWN.value)
    return bucket.mask(texts.isna(), None).astype("str")


def _has(texts: pd.Series, words: str) -> pd.Series:
    return texts.str.contains(rf"(?<!{_L})(?:{words})(?!{_L})").fillna(False).astype(bool)


# ---- readers, tried in this order; each returns dates for the texts it understands


def _asap(texts: pd.Series, today: pd.Timestamp) -> pd.Series:
    urgent = _has(texts, ASAP) & ~_has(texts, NO_PLANS)  # "not now" is no plan, not "now"
    return pd.Series(today, index=texts.index).where(urgent)


def _full_dates(texts: pd.Series, today: pd.Timestamp) -> pd.Series:
    found = texts.str.extract(r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4})", expand=False)
    return read_date(found.astype("str"))


def _quarters(texts: pd.Series, today: pd.Timestamp) -> pd.Series:
    parts = texts.str.extract(QUARTER)
    written = pd.to_numeric(parts[0]).fillna(pd.to_numeric(parts[1], errors="coerce"))
    quarter = written.fillna(parts[1].map(ROMAN).astype(float))
    year = pd.to_numeric(parts[2]).fillna(today.year)
    end = _month_ends(year, quarter * 3)
    passed = (end < today) & parts[2].isna()  # "Q1" said in May: next year's
    return end.mask(passed, _month_ends(year + 1, quarter * 3))


def _months(texts: pd.Series, today: pd.Timestamp) -> pd.Series:
    stems = month_stems()
    alternatives = "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
    named = texts.str.extract(rf"(?<!{_L})({alternatives}){_L}*\.?\s*(20\d\d)(?!\d)")
    named_month = named[0].map(stems).astype(float)
    numeric = texts.str.extract(r"(?<!\d)(?:(20\d\d)[-./](\d{1,2})|(\d{1,2})[./](20\d\d))(?!\d)")
    year = pd.to_numeric(named[1]).fillna(pd.to_numeric(numeric[0].fillna(numeric[3])))
    month = named_month.fillna(pd.to_numeric(numeric[1].fillna(numeric[2])))
    valid = month.between(1, 12)
    return _month_ends(year.where(valid), month.where(valid))


def _months_without_year(texts: pd.Series, today: pd.Timestamp) -> pd.Series:
    """ "в марте", "do lipca", "by March": the named month's end this year, or next year once
    it has ended. Only after a preposition, and English names only in full or abbreviated,
    so that "in marketing" is not March."""
    stems = month_stems()
    slavic = "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
    english = "|".join(sorted(english_months(), key=len, reverse=True))
    found = texts.str.extract(
        rf"(?<!{_L})(?:(?:{SLAVIC_PREPOSITIONS})\s+({slavic}){_L}*"
        rf"|(?:{ENGLISH_PREPOSITIONS})\s+({english})(?!{_L}))"
    )
    month = found[0].map(stems).astype(float).fillna(found[1].map(english_months()).astype(float))
    this_year = _month_ends(month * 0 + today.year, month)
    return this_year.mask(this_year < today, _month_ends(month * 0 + today.year + 1, month))


def _periods(texts: pd.Series, today: pd.Timestamp) -> pd.Series:
    result = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]")
    for phrase, period, ahead in PERIODS:
        hit = _has(texts, phrase) & result.isna()
        result[hit] = _period_end(today, period, ahead)
    return result


def _durations(texts: pd.Series, today: pd.Timestamp) -> pd.Series:
    result = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]")
    for pattern, months, days in UNITS.values():
        found = texts.str.extract(
            rf"(?:(\d+)\s*(?:-|до|to|do)\s*)?(\d+)?\s*(?<!{_L})(?:{pattern})(?!{_L})"
        )
        hit = found.notna().any(axis=1) | _has(texts, pattern)
        count = pd.to_numeric(found[1]).fillna(1.0).where(hit)
        target = _add_months(today, count * months) + pd.to_timedelta(count * days, unit="D")
        result = result.fillna(target.where(hit & result.isna()))
    return result


def _years(texts: pd.Series, today: pd.Timestamp) -> pd.Series:
    year = pd.to_numeric(texts.str.extract(r"(?<!\d)(20\d\d)(?!\d)", expand=False))
    return _month_ends(year, year * 0 + 12)


_READERS: tuple[Callable[[pd.Series, pd.Timestamp], pd.Series], ...] = (
    _asap, _full_dates, _quarters, _months, _months_without_year, _periods, _durations, _years,
)  # fmt: skip


# ---- date arithmetic on whole columns


def _month_ends(year: pd.Series, month: pd.Series) -> pd.Series:
    """The last day of each (year, month); NaT where either is missing."""
    valid = year.notna() & month.notna()
    parts = pd.DataFrame(
        {"year": year.where(valid, 2000), "month": month.where(valid, 1), "day": 1}
    ).astype(int)
    starts = pd.to_datetime(parts, errors="coerce")
    return (starts + pd.offsets.MonthEnd(0)).astype("datetime64[ns]").where(valid)


def _period_end(today: pd.Timestamp, period: str, ahead: int) -> pd.Timestamp:
    """The end of the month, quarter or year ``ahead`` periods after the one holding today."""
    step = pd.Period(today, freq={"M": "M", "Q": "Q", "Y": "Y"}[period]) + ahead
    return step.end_time.normalize()


def _add_months(today: pd.Timestamp, months: pd.Series) -> pd.Series:
    """``today`` plus whole months, the day clipped to the target month's length."""
    total = today.year * 12 + today.month - 1 + months
    year, month = total // 12, total % 12 + 1
    ends = _month_ends(year, month)
    day = np.minimum(today.day, ends.dt.day.fillna(1)).astype("Float64")
    return (ends - pd.to_timedelta(ends.dt.day - day, unit="D")).where(months.notna())
