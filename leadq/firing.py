"""Which rules fired on each row, as text, computed once per distinct firing pattern.

A run evaluates tens of rules over up to millions of rows, but only a few hundred distinct
combinations of fired rules occur; the labels are joined for those combinations only.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


def texts_by_code(texts: Sequence[str] | pa.Array, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A text column that repeats a few distinct texts, as a categorical: ``texts[codes]``.

    Reasons average hundreds of characters over a million rows but take few distinct values;
    kept as codes into the distinct texts, they cost megabytes instead of hundreds.
    """
    if isinstance(texts, pa.Array):
        text_index = pd.Index(pd.array(texts, dtype="str"))
    else:
        text_index = pd.Index(list(texts), dtype="str")
    text_codes, distinct = pd.factorize(text_index)  # equal texts: one
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

    Joined once per distinct pair, by Arrow: both sides repeat a few patterns over many rows,
    but the pairs still number hundreds of thousands on a million leads.
    """
    first_codes, first_uniques = pd.factorize(first, use_na_sentinel=False)
    second_codes, second_uniques = pd.factorize(second, use_na_sentinel=False)
    width = max(len(second_uniques), 1)
    pair_codes, pairs = pd.factorize(first_codes.astype(np.int64) * width + second_codes)
    if not len(pairs):
        return texts_by_code([""], pair_codes, first.index)
    left = _distinct_texts(first_uniques).take(pa.array(pairs // width))
    right = _distinct_texts(second_uniques).take(pa.array(pairs % width))
    return texts_by_code(_join_non_empty(left, right, sep), pair_codes, first.index)


def _distinct_texts(uniques: pd.Index | pd.api.extensions.ExtensionArray | np.ndarray) -> pa.Array:
    """A factorization's distinct values as Arrow text, missing as empty."""
    return pa.array(list(uniques), pa.large_string(), from_pandas=True).fill_null("")


def _join_non_empty(left: pa.Array, right: pa.Array, sep: str) -> pa.Array:
    """``left + sep + right`` per element, just the other side where one side is empty."""
    both = pc.binary_join_element_wise(left, right, pa.scalar(sep, pa.large_string()))
    return pc.if_else(pc.equal(left, ""), right, pc.if_else(pc.equal(right, ""), left, both))
