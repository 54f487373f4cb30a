"""Numbers as people type them in budgets and head counts, with multiplier words.

"1,5" and "1.2" are decimals; "250,000", "50.000" and "1 000 000" are thousands (a single
separator followed by exactly three digits is read as a thousands separator); "1.500,25" and
"1,500.25" take the last separator as the decimal one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# A number as typed: digits with "." "," "'" inside, or spaces before groups of three digits.
NUMBER = r"\d+(?:[.,']\d+|\s\d{3}(?!\d))*"

# Multiplier words (case-folded, RU/PL/EN/DE), longest first so "mln" wins over "m".
MULTIPLIERS: dict[str, float] = {
    "тысяч": 1e3, "тыс": 1e3, "tysięcy": 1e3, "tysiące": 1e3, "tys": 1e3,
    "thousand": 1e3, "tsd": 1e3, "к": 1e3, "k": 1e3,
    "миллионов": 1e6, "миллиона": 1e6, "миллион": 1e6, "млн": 1e6, "milionów": 1e6,
    "miliony": 1e6, "milion": 1e6, "million": 1e6, "mln": 1e6, "mio": 1e6, "mm": 1e6, "m": 1e6,
    "миллиардов": 1e9, "миллиарда": 1e9, "миллиард": 1e9, "млрд": 1e9, "miliardów": 1e9,
    "miliard": 1e9, "billion": 1e9, "mld": 1e9, "mrd": 1e9, "bn": 1e9,
}  # fmt: skip
MULTIPLIER = "(?:" + "|".join(sorted(MULTIPLIERS, key=len, reverse=True)) + r")(?![^\W\d_])\.?"

_THOUSANDS_ONLY = r"^\d{1,3}[.,']\d{3}$"


def read_numbers(texts: pd.Series) -> pd.Series:
    """The numbers in ``texts`` (each a NUMBER match, or NA) as floats; NA stays NA."""
    compact = texts.str.replace(r"[\s']", "", regex=True)
    last_comma = compact.str.rfind(",")
    last_dot = compact.str.rfind(".")
    commas = compact.str.count(",")
    dots = compact.str.count(r"\.")
    thousands_only = compact.str.match(_THOUSANDS_ONLY).fillna(False).astype(bool)
    cleaned = np.select(
        [
            (commas > 0) & (dots > 0) & (last_comma > last_dot),  # 1.500,25
            (commas > 0) & (dots > 0),  # 1,500.25
            (commas + dots > 1) | thousands_only,  # 1,000,000 or 250,000 or 50.000
        ],
        [
            compact.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
            compact.str.replace(",", "", regex=False),
            compact.str.replace(r"[.,]", "", regex=True),
        ],
        default=compact.str.replace(",", ".", regex=False),
    )
    numbers = pd.to_numeric(pd.Series(cleaned, index=texts.index), errors="coerce")
    return numbers.astype("Float64").where(np.isfinite(numbers.astype(float)))


def multiplier_values(words: pd.Series) -> pd.Series:
    """The factor each multiplier word stands for (1 where there is none)."""
    stripped = words.str.rstrip(".")
    return stripped.map(MULTIPLIERS).fillna(1.0).astype(float)
