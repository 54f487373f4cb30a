"""Parse each distinct value once, optionally on several cores, and spread results back to rows.

Exports repeat values (the same company, domain or phone on many rows), and the heavy parsers
(phonenumbers, email-validator) cost tens of microseconds a call, so the unit of work is the
distinct value, never the row.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np
import pandas as pd

# Below this many distinct values a process pool costs more than it saves: each worker imports
# pandas and the parser's module first (1-2 s), while a library call costs 10-50 us. Measured on
# 2 cores: 21k e-mails took 0.4 s alone and 2.2-5.4 s with a pool, 125k tax ids 1.2 s and 2.1-4.6 s.
PARALLEL_THRESHOLD = 250_000

ParseMany = Callable[[Sequence[object]], pd.DataFrame]


def factorize_rows(*columns: pd.Series) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes per row and the distinct combinations of the given columns (NA kept as a value).

    Each column is factorized on its own and the integer codes are combined, which is several
    times faster than factorizing a MultiIndex of strings.
    """
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        combined, _ = pd.factorize(combined * max(len(uniques), 1) + codes)
    first_row = np.full(combined.max() + 1 if len(combined) else 0, len(combined), dtype=np.int64)
    np.minimum.at(first_row, combined, np.arange(len(combined)))
    distinct = pd.DataFrame(
        {i: column.iloc[first_row].reset_index(drop=True) for i, column in enumerate(columns)}
    )
    return combined, distinct


def worker_count() -> int:
    """Processes to use for heavy parsing: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def parse_in_parallel(
    values: Sequence[object], parse_many: ParseMany, workers: int
) -> pd.DataFrame:
    """``parse_many(values)``, split over ``workers`` processes when the batch is large.

    ``parse_many`` must be a module-level function (it is pickled by name) that returns one row
    per value, in order. The result has a fresh RangeIndex.
    """
    if workers <= 1 or len(values) < PARALLEL_THRESHOLD:
        return parse_many(values).reset_index(drop=True)
    bounds = np.linspace(0, len(values), workers + 1).astype(int)
    chunks = [values[start:stop] for start, stop in zip(bounds[:-1], bounds[1:], strict=False)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("forkserver")) as pool:
        parts = list(pool.map(parse_many, chunks))
    return pd.concat(parts, ignore_index=True)


def spread_to_rows(per_distinct: pd.DataFrame, codes: np.ndarray, index: pd.Index) -> pd.DataFrame:
    """Rows of ``per_distinct`` picked by ``codes``, under the original row index."""
    result = per_distinct.take(codes)
    result.index = index
    return result


def map_distinct(values: pd.Series, convert: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """A vectorized ``convert`` applied to the distinct values only, spread back to rows.

    NA stays NA and is never passed to ``convert``.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    converted = convert(pd.Series(uniques, dtype=values.dtype))
    if len(converted) == 0:  # every value missing: all NA, in the dtype the converter allows
        missing = converted.reindex(range(len(values)))
        missing.index = values.index
        return missing
    result = converted.take(np.where(codes < 0, 0, codes))  # a gather in Arrow/NumPy, no objects
    result.index = values.index
    return result.mask(codes < 0)
