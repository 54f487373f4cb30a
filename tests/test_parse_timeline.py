"""Timelines as typed in RU, PL and EN -> the latest day meant and a bucket, from --as-of."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from leadq.parse.per_value import parse_per_value
from leadq.parse.timeline import parse_timelines

AS_OF = datetime.date(2026, 11, 25)  # a Wednesday in Q4


def timeline(text: str | None, as_of: datetime.date = AS_OF) -> tuple[str | None, str | None]:
    values = pd.Series([text], dtype="str")
    row = parse_per_value(values, lambda folded: parse_timelines(folded, as_of)).iloc[0]
    date = None if pd.isna(row["timeline_date"]) else row["timeline_date"].strftime("%Y-%m-%d")
    bucket = None if pd.isna(row["timeline_bucket"]) else row["timeline_bucket"]
    return date, bucket


@pytest.mark.parametrize(
    ("text", "date", "bucket"),
    [
        # Russian
        ("срочно", "2026-11-25", "now"),
        ("через месяц", "2026-12-25", "now"),
        ("в течение месяца", "2026-12-25", "now"),
        ("через 2 недели", "2026-12-09", "now"),
        ("в этом квартале", "2026-12-31", "this_quarter"),
        ("до конца года", "2026-12-31", "this_quarter"),
        ("через 3 месяца", "2027-02-25", "this_quarter"),
        ("1 квартал 2027", "2027-03-31", "this_year"),
        ("март 2027", "2027-03-31", "this_year"),
        ("в мае 2027", "2027-05-31", "this_year"),
        ("полгода", "2027-05-25", "this_year"),
        ("в следующем году", "2027-12-31", "later"),
        ("пока изучаем рынок", None, "later"),
        ("не определены", None, "unknown"),
        # Polish
        ("pilne", "2026-11-25", "now"),
        ("od zaraz", "2026-11-25", "now"),
        ("w tym kwartale", "2026-12-31", "this_quarter"),
        ("w ciągu 3 miesięcy", "2027-02-25", "this_quarter"),
        ("do końca roku", "2026-12-31", "this_quarter"),
        ("I kwartał 2027", "2027-03-31", "this_year"),
        ("w marcu 2027", "2027-03-31", "this_year"),
        ("w przyszłym roku", "2027-12-31", "later"),
        ("nie wiem", None, "unknown"),
        # English
        ("ASAP", "2026-11-25", "now"),
        ("this month", "2026-11-30", "now"),
        ("next month", "2026-12-31", "this_quarter"),
        ("this quarter", "2026-12-31", "this_quarter"),
        ("within 3 months", "2027-02-25", "this_quarter"),
        ("Q1 2027", "2027-03-31", "this_year"),
        ("Q2 2027", "2027-06-30", "this_year"),
        ("march 2027", "2027-03-31", "this_year"),
        ("6-12 months", "2027-11-25", "this_year"),  # a range: its far end
        ("next year", "2027-12-31", "later"),
        ("just researching", None, "later"),
        ("not now", None, "later"),
        ("TBD", None, "unknown"),
        # a month without a year: this year's, or next year's once it has ended
        ("в марте", "2027-03-31", "this_year"),
        ("до декабря", "2026-12-31", "this_quarter"),
        ("w listopadzie", "2026-11-30", "now"),
        ("do lipca", "2027-07-31", "this_year"),
        ("by March", "2027-03-31", "this_year"),
        ("in marketing", None, "unknown"),  # "mar..." after "in" is March only in full
        # dates and numbers
        ("2027-03", "2027-03-31", "this_year"),
        ("03/2027", "2027-03-31", "this_year"),
        ("15.03.2027", "2027-03-15", "this_year"),
        ("2026-12-01", "2026-12-01", "now"),
        ("2027", "2027-12-31", "later"),
        ("Q1", "2027-03-31", "this_year"),  # no year: the next Q1 that has not ended
        ("2020-01-01", "2020-01-01", "now"),  # a date already past: wanted yesterday
    ],
)
def test_timeline_is_read(text, date, bucket):
    assert timeline(text) == (date, bucket)


@pytest.mark.parametrize("text", [None, ""])
def test_missing_timeline_has_no_date_and_no_bucket(text):
    assert timeline(text) == (None, None)


@pytest.mark.parametrize("text", ["garbage", "n/a", "-3 months?", "q9 2027", "13/2027", "x" * 500])
def test_garbage_is_unknown_or_read_sensibly(text):
    date, bucket = timeline(text)
    assert bucket in {"unknown", "now", "this_quarter", "this_year", "later"}
    assert date is not None or bucket in {"unknown", "later"}
    assert bucket != "unknown" or date is None


def test_the_same_words_mean_another_date_on_another_as_of():
    assert timeline("в этом квартале", datetime.date(2027, 2, 1)) == ("2027-03-31", "this_quarter")
    assert timeline("Q1", datetime.date(2027, 2, 1)) == ("2027-03-31", "this_quarter")
    assert timeline("через месяц", datetime.date(2027, 1, 31)) == ("2027-02-28", "now")
