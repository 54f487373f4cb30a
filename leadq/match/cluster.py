"""Clusters: connected components of the matched pairs, with a guard against chaining.

A chain of matches can join records that have nothing in common: A and B share an e-mail, B and C
a phone, and A and C are different people. So every member is compared with its cluster's
survivor; a member that matches it by no rule and is less similar to it than
``min_centre_similarity`` is taken out, the members taken out form clusters among themselves,
and the test is repeated until no member is taken out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from leadq.match.decide import NO_RULE

MAX_ROUNDS = 20

# Compares rows ``left`` with rows ``right``: (first rule that holds, mean similarity) per pair.
PairJudge = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Clusters:
    """Per row: its cluster (0..k-1, numbered in input order) and its cluster's survivor.

    For a non-survivor, ``rule`` is the rule that matches it with the survivor (``NO_RULE`` when
    it joined through another member) and ``similarity`` its mean similarity to the survivor.
    """

    label: np.ndarray
    survivor: np.ndarray
    rule: np.ndarray
    similarity: np.ndarray

    @property
    def is_survivor(self) -> np.ndarray:
        return self.survivor == np.arange(len(self.survivor))

    def sizes(self) -> np.ndarray:
        return np.bincount(self.label)[self.label]


def components(rows: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The connected component of every row in the graph of pairs (isolated rows: their own)."""
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(rows, rows))
    _, labels = connected_components(graph.tocsr(), directed=False)
    return labels.astype(np.int64)


def survivors(label: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Per row: the row of its cluster with the lowest survivorship rank."""
    order = np.lexsort((rank, label))
    first_of_label = np.ones(len(order), dtype=bool)
    first_of_label[1:] = label[order][1:] != label[order][:-1]
    best = np.empty(label.max() + 1 if len(label) else 0, dtype=np.int64)
    best[label[order][first_of_label]] = order[first_of_label]
    return best[label]


def cluster_rows(
    left: np.ndarray,
    right: np.ndarray,
    rank: np.ndarray,
    judge: PairJudge,
    min_centre_similarity: float,
) -> Clusters:
    """Cluster ``len(rank)`` rows linked by the matched pairs ``(left, right)``.

    Args:
        left, right: row positions of the matched pairs.
        rank: survivorship rank per row (lower survives).
        judge: compares rows with rows: the first rule that holds and the mean similarity.
        min_centre_similarity: a member that no rule matches with its survivor stays only when at
            least this similar to it.
    """
    label = components(len(rank), left, right)
    for _ in range(MAX_ROUNDS):
        judged = _judged(label, rank, judge)
        weak = (judged.rule == NO_RULE) & (judged.similarity < min_centre_similarity)
        if not weak.any():
            return _finish(label, rank, judged)
        label = _split_off(label, judged.members[weak], left, right)
    return _finish(label, rank, _judged(label, rank, judge))


@dataclass(frozen=True)
class _Judged:
    """The rows that are not their cluster's survivor, with the rule and similarity that
    link each to its survivor."""

    members: np.ndarray
    rule: np.ndarray
    similarity: np.ndarray


def _judged(label: np.ndarray, rank: np.ndarray, judge: PairJudge) -> _Judged:
    survivor = survivors(label, rank)
    members = np.flatnonzero(survivor != np.arange(len(rank)))
    return _Judged(members, *judge(members, survivor[members]))


def _split_off(
    label: np.ndarray, taken_out: np.ndarray, left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """New clusters: the members taken out apart from the rest of their old cluster.

    Both parts are split again into what stays connected by pairs inside them, so a member that
    was linked to its survivor only through one taken out leaves as well.
    """
    out = np.zeros(len(label), dtype=bool)
    out[taken_out] = True
    parts = label * 2 + out
    inside = parts[left] == parts[right]
    return components(len(label), left[inside], right[inside])


def _finish(label: np.ndarray, rank: np.ndarray, judged: _Judged) -> Clusters:
    """Clusters numbered by their first row (renumbering keeps the survivors)."""
    rows = len(rank)
    numbered, _ = pd.factorize(label)
    numbered = numbered.astype(np.int64)
    survivor = survivors(numbered, rank)
    rule = np.full(rows, NO_RULE, dtype=np.int16)
    similarity = np.full(rows, np.nan)
    rule[judged.members], similarity[judged.members] = judged.rule, judged.similarity
    return Clusters(numbered, survivor, rule, similarity)
