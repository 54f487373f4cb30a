"""Each distinct text of a column parsed once: folded for matching, results spread to rows.

The parsers of this package match words of three languages with Python's ``re`` (whose ``\\b``
and ``\\w`` know Cyrillic and Polish letters, unlike Arrow's RE2), so they work on the distinct
values as plain Python strings; a column of a million rows has a few hundred distinct budgets.
Trimming and blanking placeholders happen on the distinct values too, never on every row.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

ParseDistinct = Callable[[pd.Series], pd.DataFrame]

# Dashes and spaces people paste from word processors, read as their plain forms.
_PLAIN = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " "})


def fold_texts(values: pd.Series, missing: frozenset[str] = frozenset()) -> pd.Series:
    """Case-folded Python strings with plain dashes and spaces, "ё" read as "е".

    NA, an empty text and a text in ``missing`` (trimmed and case-folded) become None.
    """
    folded = [_fold(value, missing) if isinstance(value, str) else None for value in values]
    return pd.Series(folded, index=values.index, dtype=object)


def _fold(value: str, missing: frozenset[str]) -> str | None:
    trimmed = value.strip().casefold()
    if not trimmed or trimmed in missing:
        return None
    return trimmed.translate(_PLAIN).replace("ё", "е").strip() or None


def parse_per_value(
    values: pd.Series, parse: ParseDistinct, missing: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """``parse`` applied to the folded distinct values of ``values``, one result row per row.

    ``parse`` gets an object Series of folded texts (None for a missing value or a placeholder
    in ``missing``) and returns a frame with one row per text, in order.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct: list[object] = [*uniques.tolist(), None]  # the last one stands for NA
    texts = fold_texts(pd.Series(distinct, dtype="object"), missing)
    parsed = parse(texts).reset_index(drop=True)
    result = parsed.take(np.where(codes < 0, len(uniques), codes))
    result.index = values.index
    return result
