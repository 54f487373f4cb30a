"""Company sizes as people type them -> ``employees_min`` and ``employees_max``.

"50-200" keeps both ends; "от 100", "250+", "more than 1000", "powyżej 5000" only a minimum;
"до 50", "under 10" only a maximum; "40", "ok. 40 osób" are both. The bounds are as typed
("more than 1000" gives 1000). A count above ``MAX_EMPLOYEES`` or a negative one is no size.
"""

from __future__ import annotations

import pandas as pd

from leadq.parse.money import LOWER_BOUND, RANGE_JOIN, UPPER_BOUND
from leadq.parse.numbers import MULTIPLIER, NUMBER, multiplier_values, read_numbers

MAX_EMPLOYEES = 10_000_000  # the largest employers have about two million people
_L = r"[^\W\d_]"
SIZE = (
    rf"(?:(?<!{_L})(?P<qualifier>{LOWER_BOUND}|{UPPER_BOUND})(?!{_L})\.?\s*)?"
    rf"(?P<n1>{NUMBER})\s*(?P<m1>{MULTIPLIER})?\s*"
    rf"(?:(?:{RANGE_JOIN})\s*(?P<n2>{NUMBER})\s*(?P<m2>{MULTIPLIER})?)?\s*(?P<plus>\+)?"
)


def parse_sizes(texts: pd.Series) -> pd.DataFrame:
    """``employees_min`` and ``employees_max`` of case-folded size texts."""
    parts = texts.str.extract(SIZE)
    # Head counts have no decimals: "1,001" and "5.000" are thousands, "1,5 тыс." is 1500.
    first = _count(parts["n1"], parts["m1"])
    second = _count(parts["n2"], parts["m2"])
    is_range = second.notna()
    low = first.where(~is_range | (first <= second), second)
    high = second.where(~is_range | (first <= second), first).fillna(first)
    qualifier = parts["qualifier"]
    lower_only = (qualifier.str.fullmatch(LOWER_BOUND).fillna(False).astype(bool)) | parts[
        "plus"
    ].notna()
    upper_only = qualifier.str.fullmatch(UPPER_BOUND).fillna(False).astype(bool)
    negative = texts.str.match(r"\s*-\s*\d").fillna(False).astype(bool)
    insane = (high > MAX_EMPLOYEES).fillna(False).astype(bool) | negative
    return pd.DataFrame(
        {
            "employees_min": low.mask(~is_range & upper_only & ~lower_only).mask(insane),
            "employees_max": high.mask(~is_range & lower_only).mask(insane),
        },
        index=texts.index,
    )


def _count(numbers: pd.Series, multipliers: pd.Series) -> pd.Series:
    grouped = numbers.str.replace(r"(?<=\d)[.,](?=\d{3}(?!\d))", "", regex=True)
    return (read_numbers(grouped) * multiplier_values(multipliers)).round().astype("Float64")
