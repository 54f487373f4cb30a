"""Which rules fired on each row, as text, computed once per distinct firing pattern.

A run evaluates tens of rules over up to millions of rows, but only a few hundred distinct
combinations of fired rules occur; the labels are joined for those combinations only.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

import numpy as np
import pandas as pd

_BITS_PER_KEY = 64


def fired_labels(
    masks: np.ndarray, labels: Sequence[str], index: pd.Index, sep: str = "; "
) -> pd.Series:
    """For a rows x rules boolean matrix, each row's labels of the fired rules, ``sep``-joined."""
    rows = masks.shape[0]
    if not labels or rows == 0:
        return texts_by_code([""], np.zeros(rows, dtype=np.int64), index)
    codes, patterns = _distinct_patterns(masks)
    texts = [sep.join(compress(labels, row)) for row in patterns.tolist()]
    return texts_by_code(texts, codes, index)


def texts_by_code(texts: Sequence[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A text column that repeats a few distinct texts, as a categorical: ``texts[codes]``.

    Reasons average hundreds of characters over a million rows but take few distinct values;
    kept as codes into the distinct texts, they cost megabytes instead of hundreds.
    """
    text_codes, distinct = pd.factorize(pd.Index(list(texts), dtype="str"))  # equal texts: one
    categories = pd.Index(distinct, dtype="str")
    categorical = pd.Categorical.from_codes(text_codes[codes], categories=categories)
    return pd.Series(categorical, index=index)


def _distinct_patterns(masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes per row (in order of first appearance) and the distinct rows of ``masks``."""
    codes = np.zeros(masks.shape[0], dtype=np.int64)
    for word in _packed_keys(masks).T:  # combined codes: no tuples, unlike a MultiIndex
        word_codes, distinct_words = pd.factorize(word)
        codes, _ = pd.factorize(codes * len(distinct_words) + word_codes)
    first_row = np.zeros(codes.max() + 1, dtype=np.int64)
    first_row[codes[::-1]] = np.arange(len(codes))[::-1]
    return codes, masks[first_row]


def _packed_keys(masks: np.ndarray) -> np.ndarray:
    """Each row's bits packed into 64-bit words (rows x words): one byte per 8 rules, where
    widening the booleans to integers would take 8 bytes per rule and row."""
    rows, rules = masks.shape
    words = max(1, -(-rules // _BITS_PER_KEY))
    packed = np.zeros((rows, words * 8), dtype=np.uint8)
    packed[:, : -(-rules // 8)] = np.packbits(masks, axis=1, bitorder="little")
    return packed.view("<u8")


def join_texts(first: pd.Series, second: pd.Series, sep: str = "; ") -> pd.Series:
    """``first`` and ``second`` joined by ``sep`` (no separator next to an empty side).

    Joined once per distinct pair: both sides repeat a few patterns over many rows.
    """
    first_codes, first_uniques = pd.factorize(first)
    second_codes, second_uniques = pd.factorize(second)
    first_texts, second_texts = list(first_uniques), list(second_uniques)  # plain str access
    width = max(len(second_texts), 1)
    pair_codes, pairs = pd.factorize(first_codes.astype(np.int64) * width + second_codes)
    joined = [
        sep.join(part for part in (first_texts[pair // width], second_texts[pair % width]) if part)
        for pair in pairs.tolist()
    ]
    return texts_by_code(joined or [""], pair_codes, first.index)
