"""Company sizes as typed in RU, PL and EN -> employees_min and employees_max."""

from __future__ import annotations

import pandas as pd
import pytest

from leadq.parse.per_value import parse_per_value
from leadq.parse.size import parse_sizes

NA = None


def size(text: str | None) -> tuple[float | None, float | None]:
    row = parse_per_value(pd.Series([text], dtype="str"), parse_sizes).iloc[0]
    low, high = row["employees_min"], row["employees_max"]
    return (None if pd.isna(low) else low), (None if pd.isna(high) else high)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("50-200", 50, 200),
        ("1-10", 1, 10),
        ("40", 40, 40),
        ("5 000", 5000, 5000),
        ("200-50", 50, 200),  # reversed: put in order
        # Russian
        ("от 100", 100, NA),
        ("до 50", NA, 50),
        ("более 5000", 5000, NA),
        ("около 300 человек", 300, 300),
        ("1,5 тыс. сотрудников", 1500, 1500),
        ("от 10 до 50", 10, 50),
        # Polish
        ("ok. 40 osób", 40, 40),
        ("powyżej 5000", 5000, NA),
        ("10-49", 10, 49),
        ("do 9", NA, 9),
        # English
        ("250+", 250, NA),
        ("more than 1000", 1000, NA),
        ("1,001-5,000", 1001, 5000),
        ("5,000+", 5000, NA),
        ("under 10", NA, 10),
        ("10k+", 10000, NA),
        ("about 75 people", 75, 75),
    ],
)
def test_size_is_read(text, low, high):
    assert size(text) == (low, high)


@pytest.mark.parametrize("text", [None, "", "n/a", "garbage", "много", "-5", "99999999999"])
def test_no_size_where_nothing_sensible_is_written(text):
    assert size(text) == (None, None)
