"""Blocking: the candidate pairs, only between rows that share a key, never all pairs.

Each blocking key is a list of compared fields (or derived keys such as ``name.initials``, see
``leadq.match.keys.blocking_keys``); rows whose keys are all equal form a block, and every pair
inside a block is a candidate. A block larger than ``max_block_size`` (a common surname, a
switchboard number, ``info@``) is skipped whole and reported, so one frequent value cannot make
the pair count explode.

Pairs are handed out in chunks of bounded size, so memory does not grow with the pair count, and
each pair comes once: a pair that an earlier key already produced is left out of a later key's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadq.match.keys import FieldKeys

CHUNK_PAIRS = 1_000_000


@dataclass(frozen=True)
class SkippedBlocks:
    """What the block-size cap left out for one blocking key."""

    key: tuple[str, ...]
    blocks: int
    rows: int
    pairs: int

    def describe(self, cap: int) -> str:
        return (
            f"blocking on {' + '.join(self.key)}: {self.blocks} blocks larger than {cap} rows "
            f"skipped ({self.rows} rows, {self.pairs} pairs not compared)"
        )


@dataclass(frozen=True)
class Blocks:
    """Per blocking key, each row's block (-1: no key, or its block was over the cap)."""

    codes: tuple[np.ndarray, ...]
    skipped: tuple[SkippedBlocks, ...]

    def pairs(self, chunk_pairs: int = CHUNK_PAIRS) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Every candidate pair once, as row positions ``left < right``, in chunks."""
        for index, codes in enumerate(self.codes):
            for left, right in _pairs_within(codes, chunk_pairs):
                again = _share_any(self.codes[:index], left, right)
                yield left[~again], right[~again]

    def pairs_of(
        self, index: int, chunk_pairs: int = CHUNK_PAIRS
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Every pair sharing blocking key ``index``, whether other keys also pair them or not."""
        yield from _pairs_within(self.codes[index], chunk_pairs)


@dataclass(frozen=True)
class Candidates:
    """All candidate pairs at once (small tables and tests), ``left < right``."""

    left: np.ndarray
    right: np.ndarray
    skipped: tuple[SkippedBlocks, ...]

    def __len__(self) -> int:
        return len(self.left)


def block_rows(
    keys: Mapping[str, FieldKeys], blocking: tuple[tuple[str, ...], ...], max_block_size: int
) -> Blocks:
    """The blocks of every blocking key, with blocks over ``max_block_size`` left out."""
    codes, skipped = [], []
    for key in blocking:
        kept, skip = _cap_blocks(key_codes([keys[name] for name in key]), max_block_size, key)
        codes.append(kept)
        if skip.blocks:
            skipped.append(skip)
    return Blocks(tuple(codes), tuple(skipped))


def candidate_pairs(
    keys: Mapping[str, FieldKeys], blocking: tuple[tuple[str, ...], ...], max_block_size: int
) -> Candidates:
    """Every pair of rows that share at least one blocking key, within the size cap."""
    blocks = block_rows(keys, blocking, max_block_size)
    chunks = list(blocks.pairs())
    left = np.concatenate([c[0] for c in chunks]) if chunks else np.empty(0, dtype=np.int64)
    right = np.concatenate([c[1] for c in chunks]) if chunks else np.empty(0, dtype=np.int64)
    return Candidates(left, right, blocks.skipped)


def key_codes(parts: list[FieldKeys]) -> np.ndarray:
    """One code per row for the combination of ``parts``' keys; -1 where any part is missing."""
    combined = np.zeros(len(parts[0].codes), dtype=np.int64)
    present = np.ones(len(combined), dtype=bool)
    for part in parts:
        present &= part.present
        combined = combined * (len(part.values) + 1) + np.maximum(part.codes, 0)
        combined, _ = pd.factorize(combined)  # keep the codes small for the next part
    return np.where(present, combined, -1)


def _cap_blocks(
    codes: np.ndarray, cap: int, key: tuple[str, ...]
) -> tuple[np.ndarray, SkippedBlocks]:
    """``codes`` with rows of blocks over ``cap`` (and of one-row blocks) set to -1."""
    sizes = np.bincount(codes[codes >= 0]) if (codes >= 0).any() else np.zeros(0, dtype=np.int64)
    too_big = sizes > cap
    big_sizes = sizes[too_big].astype(np.int64)
    skipped = SkippedBlocks(
        key, int(too_big.sum()), int(big_sizes.sum()), int((big_sizes * (big_sizes - 1) // 2).sum())
    )
    size_of_row = np.where(codes >= 0, sizes[np.maximum(codes, 0)] if len(sizes) else 0, 0)
    return np.where((size_of_row >= 2) & (size_of_row <= cap), codes, -1), skipped


def _share_any(earlier: tuple[np.ndarray, ...], left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair: both rows are in one block of any of the ``earlier`` keys."""
    shared = np.zeros(len(left), dtype=bool)
    for codes in earlier:
        shared |= (codes[left] >= 0) & (codes[left] == codes[right])
    return shared


def _pairs_within(codes: np.ndarray, chunk_pairs: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every pair inside each block of ``codes``, whole blocks at a time, about ``chunk_pairs``
    pairs per chunk."""
    members = np.flatnonzero(codes >= 0)
    if len(members) == 0:
        return
    order = members[np.argsort(codes[members], kind="stable")]
    _, starts, sizes = np.unique(codes[order], return_index=True, return_counts=True)
    pair_counts = sizes.astype(np.int64) * (sizes - 1) // 2
    ends = np.cumsum(pair_counts)
    first = 0
    while first < len(sizes):
        before = ends[first] - pair_counts[first]
        last = max(int(np.searchsorted(ends, before + chunk_pairs, side="right")), first + 1)
        yield _all_pairs(order, starts[first:last], sizes[first:last])
        first = last


def _all_pairs(
    order: np.ndarray, starts: np.ndarray, sizes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every pair inside each block ``order[start:start + size]``, smaller row first.

    The k-th row of a block of n pairs with the n-1-k rows after it; the pairs are spelt out
    with repeat and cumsum, with no Python loop over blocks.
    """
    positions = np.repeat(starts, sizes) + offsets_within(sizes)
    partners = np.repeat(sizes, sizes) - 1 - offsets_within(sizes)
    first = np.repeat(positions, partners)
    second = first + 1 + offsets_within(partners)
    left, right = order[first], order[second]
    return np.minimum(left, right), np.maximum(left, right)


def offsets_within(sizes: np.ndarray) -> np.ndarray:
    """0, 1, ..., size-1 for each size, concatenated."""
    total = int(sizes.sum())
    ends = np.cumsum(sizes)
    return np.arange(total, dtype=np.int64) - np.repeat(ends - sizes, sizes)
