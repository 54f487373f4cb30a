"""Reordering rows for the ranking: the threaded gather equals pandas' own take."""

import numpy as np
import pandas as pd

from leadq import rank


def test_threaded_take_equals_take(monkeypatch):
    monkeypatch.setattr(rank, "PARALLEL_TAKE_ROWS", 0)
    rng = np.random.default_rng(5)
    table = pd.DataFrame(
        {
            "text": pd.Series([f"lead {i}" if i % 7 else None for i in range(1_000)], dtype="str"),
            "score": pd.Series(rng.integers(-50, 100, 1_000), dtype="Int64"),
            "valid": rng.random(1_000) > 0.5,
        }
    )
    order = rng.permutation(len(table))
    pd.testing.assert_frame_equal(rank.take_rows(table, order, threads=2), table.take(order))
