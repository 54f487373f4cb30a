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
from leadq.match.keys import FieldKeys, Words
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
    """One field over the pairs: keys equal (both present), similarity (NaN if missing), and
    how many rows of the table hold the pair's value (the larger count of the two sides)."""

    same: np.ndarray
    similarity: np.ndarray
    rows_sharing: np.ndarray

    @property
    def missing(self) -> np.ndarray:
        return np.isnan(self.similarity)

    def take(self, index: np.ndarray) -> Compared:
        return Compared(self.same[index], self.similarity[index], self.rows_sharing[index])


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


COST: Mapping[Similarity, int] = {
    Similarity.EXACT: 0,
    Similarity.DAYS: 1,
    Similarity.RELATIVE: 1,
    Similarity.JARO_WINKLER: 2,
    Similarity.RATIO: 2,
    Similarity.TOKEN_SET: 3,
    Similarity.TOKEN_SORT: 3,
    Similarity.NAME: 4,
}


def cheapest_first(fields: tuple[MatchField, ...]) -> list[MatchField]:
    """The fields in the order their comparison costs, cheapest first (stable)."""
    return sorted(fields, key=lambda field: COST[field.similarity])


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
    rows_sharing = np.where(present, np.maximum(keys.rows[a], keys.rows[b]), 0)
    return Compared(same, similarity, rows_sharing)


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


# Scores distinct key pairs, given as codes into ``keys.values``.
KeyPairMeasure = Callable[[FieldKeys, np.ndarray, np.ndarray, int], np.ndarray]


def _per_distinct_pair(
    keys: FieldKeys, left: np.ndarray, right: np.ndarray, measure: KeyPairMeasure, workers: int
) -> np.ndarray:
    """``measure`` once per distinct (unordered) pair of keys, spread back to the pairs."""
    a, b = keys.codes[left], keys.codes[right]
    size = len(keys.values) + 1
    pair_ids, inverse = np.unique(np.minimum(a, b) * size + np.maximum(a, b), return_inverse=True)
    return measure(keys, pair_ids // size, pair_ids % size, workers)[inverse]


def _scorer(similarity: Similarity) -> KeyPairMeasure:
    scorer, scale = TEXT_SCORERS[similarity]

    def measure(keys: FieldKeys, first: np.ndarray, second: np.ndarray, workers: int) -> np.ndarray:
        return _cpdist(keys.values[first], keys.values[second], scorer, workers) / scale

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
    ``first`` and ``second`` are name keys: lower-case words separated by single spaces.
    """
    codes, values = pd.factorize(np.concatenate([first, second]))
    keys = FieldKeys(codes, np.asarray(values, dtype=object))
    return _name_measure(keys, codes[: len(first)], codes[len(first) :], workers)


def _name_measure(
    keys: FieldKeys, first: np.ndarray, second: np.ndarray, workers: int
) -> np.ndarray:
    """``name_similarity`` of the keys ``first[i]`` and ``second[i]``.

    Names with as many words each are also compared the other way round, so every word of both
    must meet a word of the other ("a adamczyk" does not match "adam dabrowski" through "adam"
    twice), and an initial on either side counts. Otherwise only the shorter name's initials
    do: the longer name's initials must not stand in for the shorter name's words. Each
    distinct pair of words is scored once, with no Python loop over names.
    """
    counts = keys.words.counts
    a_is_longer = counts[first] > counts[second]
    short = np.where(a_is_longer, second, first)
    long = np.where(a_is_longer, first, second)
    even = counts[short] == counts[long]
    weakest = _weakest_best_match(keys.words, short, long, even, workers)
    both = np.flatnonzero(even)
    weakest[both] = np.minimum(
        weakest[both],
        _weakest_best_match(keys.words, long[both], short[both], even[both], workers),
    )
    partial = (counts[short] == 1) & (counts[long] > 1)
    return np.where(partial, np.minimum(weakest, PARTIAL_NAME_SIMILARITY), weakest).astype(
        np.float32
    )


def _weakest_best_match(
    words: Words,
    names: np.ndarray,
    others: np.ndarray,
    initials_both_ways: np.ndarray,
    workers: int,
) -> np.ndarray:
    """Per pair: each word of ``names[i]`` meets its most similar word of ``others[i]``; the
    least similar of those meetings. An initial of ``names[i]`` meets a word starting with it
    at ``INITIAL_SIMILARITY``, and so does a word of ``others[i]`` where ``initials_both_ways``.
    """
    counts, other_counts = words.counts[names], words.counts[others]
    own_words = words.codes[np.repeat(words.starts[names], counts) + offsets_within(counts)]
    per_word = np.repeat(other_counts, counts)  # every word against every word of the other
    other_starts = np.repeat(np.repeat(words.starts[others], counts), per_word)
    other_words = words.codes[other_starts + offsets_within(per_word)]
    both_ways = np.repeat(np.repeat(initials_both_ways, counts), per_word)
    scores = _word_pair_scores(
        words, np.repeat(own_words, per_word), other_words, both_ways, workers
    )
    best_per_word = np.maximum.reduceat(scores, np.cumsum(per_word) - per_word)
    return np.minimum.reduceat(best_per_word, np.cumsum(counts) - counts)


def _word_pair_scores(
    words: Words, first: np.ndarray, second: np.ndarray, both_ways: np.ndarray, workers: int
) -> np.ndarray:
    """Jaro-Winkler of the words ``first[i]`` and ``second[i]`` (codes), each distinct pair
    scored once; an initial in ``first`` (or, where ``both_ways``, in ``second``) meeting a
    word that starts with it scores ``INITIAL_SIMILARITY``."""
    size = len(words.texts)
    pair_ids, inverse = np.unique(first * size + second, return_inverse=True)
    a, b = pair_ids // size, pair_ids % size
    scores = _cpdist(words.texts[a], words.texts[b], JaroWinkler.normalized_similarity, workers)
    initial = words.is_initial_of(a, b)[inverse] | (both_ways & words.is_initial_of(b, a)[inverse])
    return np.where(initial, np.maximum(scores[inverse], INITIAL_SIMILARITY), scores[inverse])


_MEASURES: dict[Similarity, KeyPairMeasure] = {
    Similarity.JARO_WINKLER: _scorer(Similarity.JARO_WINKLER),
    Similarity.RATIO: _scorer(Similarity.RATIO),
    Similarity.TOKEN_SET: _scorer(Similarity.TOKEN_SET),
    Similarity.TOKEN_SORT: _scorer(Similarity.TOKEN_SORT),
    Similarity.NAME: _name_measure,
}
