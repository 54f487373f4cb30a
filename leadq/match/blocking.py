"""Blocking: the candidate pairs, only between rows that share a key, never all pairs.

Each blocking key is a list of compared fields; rows whose keys are all equal form a block, and
every pair inside a block is a candidate. A block larger than ``max_block_size`` (a common
surname, a switchboard number, ``info@``) is skipped whole and reported, so one frequent value
cannot make the pair count explode.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadq.match.keys import FieldKeys


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
class Candidates:
    """Candidate pairs as row positions, ``left < right``, each pair once."""

    left: np.ndarray
    right: np.ndarray
    skipped: tuple[SkippedBlocks, ...]

    def __len__(self) -> int:
        return len(self.left)


def candidate_pairs(
    keys: Mapping[str, FieldKeys],
    blocking: tuple[tuple[str, ...], ...],
    max_block_size: int,
    rows: int,
) -> Candidates:
    """Every pair of rows that share at least one blocking key, within the size cap."""
    found: list[np.ndarray] = []
    skipped = []
    for key in blocking:
        codes = block_codes([keys[name] for name in key], rows)
        pair_ids, skip = _pairs_in_blocks(codes, max_block_size, rows, key)
        found.append(pair_ids)
        if skip.blocks:
            skipped.append(skip)
    unique = np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    return Candidates(unique // rows, unique % rows, tuple(skipped))


def block_codes(parts: list[FieldKeys], rows: int) -> np.ndarray:
    """One code per row for the combination of ``parts``' keys; -1 where any part is missing."""
    combined = np.zeros(rows, dtype=np.int64)
    present = np.ones(rows, dtype=bool)
    for part in parts:
        present &= part.present
        combined = combined * (len(part.values) + 1) + np.maximum(part.codes, 0)
        combined, _ = pd.factorize(combined)  # keep the codes small for the next part
    return np.where(present, combined, -1)


def _pairs_in_blocks(
    codes: np.ndarray, cap: int, rows: int, key: tuple[str, ...]
) -> tuple[np.ndarray, SkippedBlocks]:
    """Pair ids ``left * rows + right`` of every pair within a block of 2..cap rows."""
    members = np.flatnonzero(codes >= 0)
    order = members[np.argsort(codes[members], kind="stable")]
    _, starts, sizes = np.unique(codes[order], return_index=True, return_counts=True)
    too_big = sizes > cap
    big_sizes = sizes[too_big].astype(np.int64)
    skipped = SkippedBlocks(
        key, int(too_big.sum()), int(big_sizes.sum()), int((big_sizes * (big_sizes - 1) // 2).sum())
    )
    kept = (sizes >= 2) & ~too_big
    return _all_pairs(order, starts[kept], sizes[kept], rows), skipped


def _all_pairs(order: np.ndarray, starts: np.ndarray, sizes: np.ndarray, rows: int) -> np.ndarray:
    """Every pair inside each block ``order[start:start + size]``, as sorted pair ids.

    The k-th row of a block of n pairs with the n-1-k rows after it; the pairs are spelt out
    with repeat and cumsum, with no Python loop over blocks.
    """
    if len(sizes) == 0:
        return np.empty(0, dtype=np.int64)
    positions = np.repeat(starts, sizes) + offsets_within(sizes)
    partners = np.repeat(sizes, sizes) - 1 - offsets_within(sizes)
    first = np.repeat(positions, partners)
    second = first + 1 + offsets_within(partners)
    left, right = order[first], order[second]
    low, high = np.minimum(left, right), np.maximum(left, right)
    return low.astype(np.int64) * rows + high


def offsets_within(sizes: np.ndarray) -> np.ndarray:
    """0, 1, ..., size-1 for each size, concatenated."""
    total = int(sizes.sum())
    ends = np.cumsum(sizes)
    return np.arange(total, dtype=np.int64) - np.repeat(ends - sizes, sizes)
