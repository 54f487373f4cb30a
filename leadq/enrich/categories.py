"""Columns with few distinct values over many rows, kept as categoricals.

A phone's area or time zones, a tax id's country: a million rows hold a few thousand distinct
texts. Spreading them to rows as codes into those texts costs 1-4 bytes a row instead of a string
each (a Russian mobile number's 16 time zones are 250 characters), and no string is copied.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def spread_categorical(per_key: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """``per_key`` spread to rows by ``codes`` (-1: missing) as a categorical over its values.

    Args:
        per_key: one value per key (NA allowed), e.g. per distinct number.
        codes: each row's key, -1 where the row has none.
        index: the rows' index.
    """
    value_codes, values = pd.factorize(per_key, use_na_sentinel=True)
    row_codes = np.full(len(codes), -1, dtype=np.int64)
    present = codes >= 0
    row_codes[present] = value_codes[codes[present]]
    categorical = pd.Categorical.from_codes(row_codes, categories=pd.Index(values, dtype="str"))
    return pd.Series(categorical, index=index)
