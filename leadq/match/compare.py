"""Field similarity over pairs of rows: 0 (different) .. 1 (equal), NaN where a side is missing.

Pairs repeat values (one company, many colleagues), so each measure runs once per distinct pair of
keys, in rapidfuzz's C++ over both cores (``process.cpdist``), and is spread back to the pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, JaroWinkler

from leadq.match.blocking import offsets_within
from leadq.match.keys import FieldKeys
from leadq.match.model import MatchField, Similarity

TextScorer = Callable[..., float]
INITIAL_SIMILARITY = 0.9
PARTIAL_NAME_SIMILARITY = 0.85

TEXT_SCORERS: Mapping[Similarity, tuple[TextScorer, float]] = {
    Similarity.JARO_WINKLER: (JaroWinkler.normalized_similarity, 1.0),
    Similarity.RATIO: (Indel.normalized_similarity, 1.0),
    Similarity.TOKEN_SET: (fuzz.token_set_ratio, 100.0),
    Similarity.TOKEN_SORT: (fuzz.token_sort_ratio, 100.0),
}


@dataclass(frozen=True)
class Compared:
    """One field over the pairs: keys equal (both present), and similarity (NaN if missing)."""

    same: np.ndarray
    similarity: np.ndarray

    @property
    def missing(self) -> np.ndarray:
        return np.isnan(self.similarity)


def compare_pairs(
    keys: Mapping[str, FieldKeys],
    fields: tuple[MatchField, ...],
    left: np.ndarray,
    right: np.ndarray,
    workers: int = 1,
) -> dict[str, Compared]:
    """Every compared field over the pairs ``(left[i], right[i])`` of row positions."""
    return {
        field.name: compare_field(keys[field.name], field, left, right, workers) for field in fields
    }


def compare_field(
    keys: FieldKeys, field: MatchField, left: np.ndarray, right: np.ndarray, workers: int = 1
) -> Compared:
    a, b = keys.codes[left], keys.codes[right]
    present = (a >= 0) & (b >= 0)
    same = present & (a == b)
    similarity = np.where(present, 0.0, np.nan).astype(np.float32)
    similarity[same] = 1.0
    todo = np.flatnonzero(present & ~same)
    if len(todo) and field.similarity is not Similarity.EXACT:
        similarity[todo] = _measure(keys, field, left[todo], right[todo], workers)
    return Compared(same, similarity)


def _measure(
    keys: FieldKeys, field: MatchField, left: np.ndarray, right: np.ndarray, workers: int
) -> np.ndarray:
    if field.similarity is Similarity.DAYS:
        gap = np.abs(keys.values[keys.codes[left]] - keys.values[keys.codes[right]])
        return np.clip(1.0 - gap.astype(float) / field.window, 0.0, 1.0)
    if field.similarity is Similarity.RELATIVE:
        a = keys.values[keys.codes[left]].astype(float)
        b = keys.values[keys.codes[right]].astype(float)
        scale = np.maximum(np.abs(a), np.abs(b))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(scale > 0, np.clip(1.0 - np.abs(a - b) / scale, 0.0, 1.0), 1.0)
    return _per_distinct_pair(keys, left, right, _MEASURES[field.similarity], workers)


def _per_distinct_pair(
    keys: FieldKeys,
    left: np.ndarray,
    right: np.ndarray,
    measure: Callable[[np.ndarray, np.ndarray, int], np.ndarray],
    workers: int,
) -> np.ndarray:
    """``measure`` once per distinct (unordered) pair of keys, spread back to the pairs."""
    a, b = keys.codes[left], keys.codes[right]
    size = len(keys.values) + 1
    pair_ids, inverse = np.unique(np.minimum(a, b) * size + np.maximum(a, b), return_inverse=True)
    first, second = keys.values[pair_ids // size], keys.values[pair_ids % size]
    return measure(first, second, workers)[inverse]


def _scorer(similarity: Similarity) -> Callable[[np.ndarray, np.ndarray, int], np.ndarray]:
    scorer, scale = TEXT_SCORERS[similarity]

    def measure(first: np.ndarray, second: np.ndarray, workers: int) -> np.ndarray:
        return _cpdist(first, second, scorer, workers) / scale

    return measure


def _cpdist(first: np.ndarray, second: np.ndarray, scorer: TextScorer, workers: int) -> np.ndarray:
    scores = process.cpdist(
        first.tolist(),
        second.tolist(),
        scorer=scorer,
        processor=None,
        workers=workers,
        dtype=np.float32,
    )
    return np.asarray(scores, dtype=np.float32)


def name_similarity(first: np.ndarray, second: np.ndarray, workers: int = 1) -> np.ndarray:
    """Names word by word: every word of the shorter name must meet a similar word of the other.

    The score is the weakest of those best matches (Jaro-Winkler), so "Anna Borkowska" and "Anna
    Ostrowska" stay apart although most letters agree, while "Sergey Petrov" meets "Petrov Sergey
    Olegovich" fully. One word against several ("Pawel" / "Pawel Kowalski") scores at most 0.85:
    a first name alone is weak evidence. An initial ("j") meets a word starting with it at 0.9.
    All word pairs are scored in one call, with no Python loop over names.
    """
    words_a = pd.Series(first, dtype="str").str.split(" ")
    words_b = pd.Series(second, dtype="str").str.split(" ")
    a_is_longer = (words_a.map(len) > words_b.map(len)).to_numpy()
    short = _Words(words_b.where(a_is_longer, words_a))
    long = _Words(words_a.where(a_is_longer, words_b))
    # every word of the short name (grouped by name) against every word of the long one
    per_word = long.counts[short.owner]
    short_word = np.repeat(np.arange(len(short.words)), per_word)
    long_word = np.repeat(long.starts[short.owner], per_word) + offsets_within(per_word)
    scores = _cpdist(
        short.words[short_word], long.words[long_word], JaroWinkler.normalized_similarity, workers
    )
    initial = _is_initial_of(short.words[short_word], long.words[long_word])
    scores = np.where(initial, np.maximum(scores, INITIAL_SIMILARITY), scores)
    best_per_word = np.maximum.reduceat(scores, np.cumsum(per_word) - per_word)
    weakest = np.minimum.reduceat(best_per_word, short.starts)
    partial = (short.counts == 1) & (long.counts > 1)
    return np.where(partial, np.minimum(weakest, PARTIAL_NAME_SIMILARITY), weakest).astype(
        np.float32
    )


class _Words:
    """Names' words flattened: ``words[starts[i]:starts[i] + counts[i]]`` are name i's."""

    def __init__(self, names: pd.Series) -> None:
        self.counts = names.str.len().to_numpy(dtype=np.int64)
        self.starts = np.cumsum(self.counts) - self.counts
        self.owner = np.repeat(np.arange(len(names)), self.counts)
        self.words = np.array([word for words in names for word in words], dtype=object)


def _is_initial_of(short: np.ndarray, long: np.ndarray) -> np.ndarray:
    short_text = pd.Series(short, dtype="str")
    first_letters = pd.Series(long, dtype="str").str[:1]
    return ((short_text.str.len() == 1) & (short_text == first_letters)).to_numpy(dtype=bool)


_MEASURES: dict[Similarity, Callable[[np.ndarray, np.ndarray, int], np.ndarray]] = {
    Similarity.JARO_WINKLER: _scorer(Similarity.JARO_WINKLER),
    Similarity.RATIO: _scorer(Similarity.RATIO),
    Similarity.TOKEN_SET: _scorer(Similarity.TOKEN_SET),
    Similarity.TOKEN_SORT: _scorer(Similarity.TOKEN_SORT),
    Similarity.NAME: name_similarity,
}
