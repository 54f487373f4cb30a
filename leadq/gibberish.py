"""Names no person has: what spam bots and keyboard-mashers type into a form's name field.

A vectorized heuristic (RE2 inside Arrow, on the distinct names only), tuned so that real
Russian, Polish and English names pass: "Pszczółkowski", "Brzęczyszczykiewicz", "Щукин",
"McDonald", "O'Neil" and initials ("Иванов И.И.") are names; "xkqzvwt", "asdfgh", "Ivan123",
"hDfGkLs" and a word of two scripts ("Ivаnov" with a Cyrillic "а") are not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from leadq.distinct import map_distinct

_VOWELS = "aeiouyąęóéèêëáàâäãåíìîïúùûüýöøæœ" + "аеёиоуыэюяіїєў"
_CONSONANT = rf"[^\P{{L}}{_VOWELS}]"
_NOT_LETTER = r"(?:^|[^\p{L}])"
_END = r"(?:$|[^\p{L}])"
_KEYBOARD_ROWS = (
    "qwertyuiop", "asdfghjkl", "zxcvbnm", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю",
)  # fmt: skip


def _keyboard_runs(width: int = 5) -> list[str]:
    """Every run of ``width`` neighbouring keys on a keyboard row ("asdfg", "фывап")."""
    return [row[i : i + width] for row in _KEYBOARD_ROWS for i in range(len(row) - width + 1)]


# Each pattern is one sign of a made-up name; any of them marks the name.
SIGNS: dict[str, str] = {
    "a digit": r"\d",
    "six consonants in a row": _CONSONANT + "{6,}",
    "a word of four or more letters without a vowel": f"{_NOT_LETTER}{_CONSONANT}{{4,}}{_END}",
    "Latin and Cyrillic letters in one word": r"\p{Latin}\p{Cyrillic}|\p{Cyrillic}\p{Latin}",
    "case changing inside a word three times": r"(?:\p{Ll}\p{Lu}\p{L}*?){3}",
    "a run of keyboard keys": "|".join(_keyboard_runs()),
    "a link or an e-mail address": r"https?:|www\.|@",
}
CASE_SIGNS = frozenset({"case changing inside a word three times"})


def gibberish_names(names: pd.Series) -> pd.Series:
    """True where a name shows a sign of being made up; False for a real name or a missing one."""
    return map_distinct(names.astype("str"), _flag_distinct).fillna(False).astype(bool)


def _flag_distinct(names: pd.Series) -> pd.Series:
    text = pa.array(names, pa.string())
    found = np.zeros(len(names), dtype=bool)
    for sign, pattern in SIGNS.items():
        hit = pc.match_substring_regex(text, pattern=pattern, ignore_case=sign not in CASE_SIGNS)
        found |= np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)
    return pd.Series(found, index=names.index)
