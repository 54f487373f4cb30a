"""Match weights (Fellegi-Sunter): evidence from every compared field, learned from the data.

Each field's similarity falls in a band (``levels``: equal, very similar, similar, different);
a band is evidence for a match in the ratio m/u, where m is how often true duplicates fall in it
and u how often unrelated records do. The log2 ratios add up over the fields both records have,
with the prior odds of a match, to the pair's match weight; its probability decides.

Both are estimated from the batch itself, as splink does, so nobody has to label pairs:
- u from random pairs of rows (almost all of them unrelated);
- m by expectation-maximisation (u fixed) once per blocking key, over a sample of the pairs
  sharing that key, for the fields the key does not contain (inside a block on the phone every
  pair has the same phone, so the phone's m cannot be learnt there), averaged over the keys;
- the prior, the share of matches among all candidate pairs, by the same iteration with m and u
  fixed.
A field that every blocking key contains keeps a starting guess for m. Everything is seeded: the
same input gives the same weights.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from leadq.match.compare import Compared, compare_pairs
from leadq.match.keys import FieldKeys
from leadq.match.model import DedupeSettings

MISSING = -1
U_SAMPLE_PAIRS = 200_000
M_SAMPLE_PAIRS = 300_000
EM_ROUNDS = 30
EM_TOLERANCE = 1e-5
SEED = 0


@dataclass(frozen=True)
class FittedWeights:
    """The estimated model: per field and band, m and u; the prior match probability."""

    fields: tuple[str, ...]
    levels: tuple[float, ...]
    m: np.ndarray  # fields x bands (len(levels) + 1: the last band is "different")
    u: np.ndarray
    prior: float
    threshold: float

    def band_weights(self) -> np.ndarray:
        """log2(m / u) per field and band: the evidence each band adds to a pair's weight."""
        return np.log2(self.m) - np.log2(self.u)

    def match_weight(self, compared: Mapping[str, Compared]) -> np.ndarray:
        """Per pair: the prior's log2 odds plus every present field's band weight."""
        bands = band_matrix(compared, self.fields, self.levels)
        weights = self.band_weights()
        total = np.full(bands.shape[1], np.log2(self.prior / (1 - self.prior)))
        for row, field_bands in enumerate(bands):
            present = field_bands != MISSING
            total[present] += weights[row, field_bands[present]]
        return total

    def probability(self, compared: Mapping[str, Compared]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp2(-self.match_weight(compared)))


def band_of(similarity: np.ndarray, levels: tuple[float, ...]) -> np.ndarray:
    """Per pair: 0 when at least ``levels[0]`` similar, 1 for ``levels[1]`` ..., len(levels) when
    below them all, ``MISSING`` when a side has no value."""
    bands = np.full(len(similarity), len(levels), dtype=np.int8)
    for band in reversed(range(len(levels))):
        with np.errstate(invalid="ignore"):
            bands[similarity >= levels[band] - 1e-9] = band
    bands[np.isnan(similarity)] = MISSING
    return bands


def band_matrix(
    compared: Mapping[str, Compared], fields: tuple[str, ...], levels: tuple[float, ...]
) -> np.ndarray:
    return np.vstack([band_of(compared[name].similarity, levels) for name in fields])


# Candidate pairs per blocking key (its index), e.g. ``Blocks.pairs_of``.
PairsOfKey = Callable[[int], Iterable[tuple[np.ndarray, np.ndarray]]]


def fit_weights(
    keys: Mapping[str, FieldKeys],
    settings: DedupeSettings,
    pairs_of: PairsOfKey,
    rows: int,
    workers: int = 1,
) -> FittedWeights:
    """Estimate u, m and the prior from the batch (see the module)."""
    weights = settings.weights
    assert weights is not None, "fit_weights needs a weights: section"
    used = tuple(field for field in settings.fields if field.name in weights.fields)
    names = tuple(field.name for field in used)
    rng = np.random.default_rng(SEED)

    def bands_of(pairs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        compared = compare_pairs(keys, used, pairs[0], pairs[1], workers)
        return band_matrix(compared, names, weights.levels)

    u = _band_shares(bands_of(_random_pairs(rows, rng)), len(weights.levels) + 1)
    m_sum, sessions = np.zeros_like(u), np.zeros(len(names))
    samples = []
    for index, key in enumerate(settings.blocking):
        bands = bands_of(_sample(pairs_of(index), rng))
        samples.append(bands)
        trained = np.array([name not in {part.partition(".")[0] for part in key} for name in names])
        m_key, _ = _expectation_maximisation(bands[trained], u[trained])
        m_sum[trained] += m_key
        sessions += trained
    m = np.where(sessions[:, None] > 0, m_sum / np.maximum(sessions, 1)[:, None], _start_m(u))
    every = np.hstack(samples) if samples else np.empty((len(names), 0), np.int8)
    prior = _prior(every, m, u) * _candidate_share(pairs_of, len(settings.blocking), rows)
    return FittedWeights(names, weights.levels, m, u, prior, weights.threshold)


def _random_pairs(rows: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    if rows < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    left = rng.integers(0, rows, U_SAMPLE_PAIRS)
    right = (left + rng.integers(1, rows, U_SAMPLE_PAIRS)) % rows  # never the row itself
    return left, right


def _sample(
    candidates: Iterable[tuple[np.ndarray, np.ndarray]], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A uniform sample of at most ``M_SAMPLE_PAIRS`` candidate pairs (row positions only)."""
    chunks = list(candidates)
    left = np.concatenate([c[0] for c in chunks]) if chunks else np.empty(0, np.int64)
    right = np.concatenate([c[1] for c in chunks]) if chunks else np.empty(0, np.int64)
    if len(left) > M_SAMPLE_PAIRS:
        chosen = np.sort(rng.choice(len(left), M_SAMPLE_PAIRS, replace=False))
        left, right = left[chosen], right[chosen]
    return left, right


def _band_shares(bands: np.ndarray, band_count: int) -> np.ndarray:
    """Per field: the share of pairs in each band among those with both values (smoothed)."""
    shares = np.empty((bands.shape[0], band_count))
    for row, field_bands in enumerate(bands):
        counts = np.bincount(field_bands[field_bands != MISSING], minlength=band_count)
        shares[row] = (counts + 0.5) / (counts.sum() + 0.5 * band_count)
    return shares


def _candidate_share(pairs_of: PairsOfKey, keys: int, rows: int) -> float:
    """Candidate pairs (at most; a pair may share several keys) over all pairs of rows."""
    candidates = sum(len(left) for key in range(keys) for left, _ in pairs_of(key))
    return min(1.0, candidates / max(rows * (rows - 1) / 2, 1))


def _start_m(u: np.ndarray) -> np.ndarray:
    """The starting guess for m: duplicates mostly agree (falling shares over the bands)."""
    start = np.linspace(0.9, 0.1, u.shape[1]) ** 3
    return np.tile(start / start.sum(), (len(u), 1))


def _prior(bands: np.ndarray, m: np.ndarray, u: np.ndarray) -> float:
    """The share of matches among the pairs, iterated with m and u fixed."""
    prior, present = 0.1, bands != MISSING
    for _ in range(EM_ROUNDS):
        new = float(np.clip(_posterior(bands, present, m, u, prior).mean(), 1e-6, 1 - 1e-6))
        if abs(new - prior) < EM_TOLERANCE:
            return new
        prior = new
    return prior


def _expectation_maximisation(bands: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, float]:
    """m per field and band and the prior of one session; u starts from the random pairs' and
    is re-estimated too, since unrelated records sharing a block (colleagues on one phone) agree
    on more than random pairs do."""
    band_count = u.shape[1]
    m, prior = _start_m(u), 0.1
    present = bands != MISSING
    for _ in range(EM_ROUNDS):
        match = _posterior(bands, present, m, u, prior)
        new_m = _weighted_shares(bands, present, match, band_count)
        u = _weighted_shares(bands, present, 1.0 - match, band_count)
        new_prior = float(np.clip(match.mean(), 1e-6, 1 - 1e-6)) if len(match) else prior
        done = np.abs(new_m - m).max() < EM_TOLERANCE and abs(new_prior - prior) < EM_TOLERANCE
        m, prior = new_m, new_prior
        if done:
            break
    return m, prior


def _weighted_shares(
    bands: np.ndarray, present: np.ndarray, weight: np.ndarray, band_count: int
) -> np.ndarray:
    """Per field: each band's share of the pairs' weight, among pairs with both values."""
    totals = np.vstack(
        [
            np.bincount(bands[row][present[row]], weight[present[row]], minlength=band_count)
            for row in range(len(bands))
        ]
    ).reshape(len(bands), band_count)
    return (totals + 1e-6) / (totals.sum(axis=1, keepdims=True) + 1e-6 * band_count)


def _posterior(
    bands: np.ndarray, present: np.ndarray, m: np.ndarray, u: np.ndarray, prior: float
) -> np.ndarray:
    """Per pair: the probability that it is a match under the current m, u and prior."""
    log_ratio = np.full(bands.shape[1], np.log(prior / (1 - prior)))
    for row in range(len(u)):
        at = present[row]
        log_ratio[at] += np.log(m[row, bands[row][at]]) - np.log(u[row, bands[row][at]])
    return 1.0 / (1.0 + np.exp(-np.clip(log_ratio, -700, 700)))
