"""Assignment strategies as array arithmetic: who gets each of a queue's leads, best lead first.

Each strategy turns counts into *slots*: rep positions in the order the queue's leads (already in
queue order) take them. Nothing here loops over leads: quotas come from cumulative counts, slots
from ``np.repeat`` and one sort, so a million leads cost as much as a few array operations.

- round robin: every available rep in turn, starting after the rep who got the last lead of the
  previous run (a capacity with no limit);
- capacity: the same turns, but a rep stops at the leads left under their capacity; the leads
  past everyone's capacity get no slot;
- weighted: quotas that bring each rep's leads (this run plus earlier runs) closest to the share
  of their weight, the largest remainders rounded up; slots spread each rep's quota over the run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

NOBODY = -1


def rotation(names: Sequence[str], available: np.ndarray, last: str | None) -> np.ndarray:
    """Positions of the available reps in turn order: starting after ``last`` (whose place in
    the full list is kept even when ``last`` is away today), else from the first rep."""
    count = len(names)
    start = names.index(last) + 1 if last in names else 0
    turn = (np.arange(count) + start) % count
    return turn[available[turn]]


def fill_in_turn(leads: int, remaining: np.ndarray) -> np.ndarray:
    """Slots (positions into ``remaining``) for up to ``leads`` leads, handed out in turns.

    Turn k gives one lead to every rep with more than k leads left, in array order; so the
    first reps of the array are one lead ahead at most, and nobody goes past ``remaining``.
    """
    remaining = np.maximum(remaining.astype(np.int64), 0)
    placed = int(min(leads, remaining.sum()))
    if placed == 0:
        return np.empty(0, dtype=np.int64)
    level = _fill_level(remaining, placed)
    quotas = np.minimum(remaining, level - 1)
    extra = placed - int(quotas.sum())
    takers = np.flatnonzero(remaining >= level)[:extra]
    quotas[takers] += 1
    return _slots(quotas, spread=False)


def _fill_level(remaining: np.ndarray, placed: int) -> int:
    """The fewest turns that place ``placed`` leads: min L with sum(min(remaining, L)) >= it."""
    low, high = 1, placed
    while low < high:
        middle = (low + high) // 2
        if int(np.minimum(remaining, middle).sum()) >= placed:
            high = middle
        else:
            low = middle + 1
    return low


def weighted_slots(leads: int, weights: np.ndarray, given: np.ndarray) -> np.ndarray:
    """Slots for ``leads`` leads so that each rep's total (``given`` before, plus now) comes
    closest to the share of its weight; reps with weight 0 get none."""
    weights = np.asarray(weights, dtype=float)
    if leads == 0 or weights.sum() <= 0:
        return np.empty(0, dtype=np.int64)
    target = (given.sum() + leads) * weights / weights.sum()
    deficit = np.maximum(target - given, 0.0)
    if deficit.sum() <= 0:
        deficit = weights
    share = deficit * leads / deficit.sum()
    quotas = np.floor(share).astype(np.int64)
    short = leads - int(quotas.sum())
    quotas[np.argsort(-(share - quotas), kind="stable")[:short]] += 1
    return _slots(quotas, spread=True)


def _slots(quotas: np.ndarray, *, spread: bool) -> np.ndarray:
    """Rep positions, ``quotas[i]`` of rep i, interleaved: by turn, or spread evenly over the
    run (rep i's k-th slot at (k + 0.5) / quota) so that no rep gets all the best leads."""
    reps = np.repeat(np.arange(len(quotas)), quotas)
    first = np.repeat(np.cumsum(quotas) - quotas, quotas)
    turn = np.arange(len(reps)) - first
    key = (turn + 0.5) / quotas[reps] if spread else turn.astype(float)
    return reps[np.lexsort((reps, key))]


def territory_groups(
    values: pd.Series, rep_words: Sequence[frozenset[str]]
) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Each lead's group, and each group's reps: the reps whose word list holds the lead's value
    (compared case-folded). Work is per distinct value, never per lead."""
    codes, distinct = pd.factorize(values.astype("str").str.strip().str.casefold())
    reps_of_value = [
        tuple(i for i, words in enumerate(rep_words) if value in words) for value in distinct
    ]
    group_of_value, groups = pd.factorize(pd.Series(reps_of_value + [()], dtype=object))
    nobody = group_of_value[-1]
    lead_groups = np.where(codes >= 0, group_of_value[np.maximum(codes, 0)], nobody)
    return lead_groups.astype(np.int64), [tuple(group) for group in groups]


def owner_positions(owners: pd.Series, names: Sequence[str]) -> np.ndarray:
    """The position in ``names`` of the rep each lead's owner field names (case-folded, trimmed),
    or ``NOBODY``."""
    lookup = {name.strip().casefold(): position for position, name in enumerate(names)}
    codes, distinct = pd.factorize(owners.astype("str").str.strip().str.casefold())
    position_of = np.array([lookup.get(value, NOBODY) for value in distinct] + [NOBODY])
    return position_of[np.where(codes >= 0, codes, len(distinct))].astype(np.int64)
