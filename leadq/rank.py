"""The ranking reps work from: stage, then score, quality, arrival time, position in the input.

A stable, total order: the same input and rules always give the same ranks.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa

from leadq.context import RunContext
from leadq.schema import STAGE_ORDER

_LATEST = np.iinfo(np.int64).max
PARALLEL_TAKE_ROWS = 100_000


def rank_leads(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """Sort the table into ranking order and add ``rank`` (1 = call first).

    Each row keeps its index label: its position in the input batch.
    """
    stage_position = pd.Categorical(
        table["stage"], categories=[stage.value for stage in STAGE_ORDER]
    ).codes
    created = context.fields(table).get("created")
    arrival = created.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    arrival = np.where(created.isna().to_numpy(), _LATEST, arrival)
    order = np.lexsort(
        (
            np.arange(len(table)),  # input position: several files, and ties, stay in input order
            arrival,
            -table["quality"].to_numpy(dtype=np.int64),
            -table["score"].to_numpy(dtype=np.int64),
            stage_position.astype(np.int64),
        )
    )
    _free_before_copy(context)
    ranked = take_rows(table, order, context.settings.workers)
    return ranked.assign(
        rank=pd.Series(np.arange(1, len(ranked) + 1), index=ranked.index, dtype="int64")
    )


def _free_before_copy(context: RunContext) -> None:
    """Memory the reordered copy of the table can reuse: it is the run's peak, both row orders
    held at once. The typed inputs cached in input order are of no use once the rows are
    reordered (the cache checks the index), and Arrow's allocator keeps freed pages for reuse
    unless asked to hand them back."""
    context.typed_inputs.clear()
    pa.default_memory_pool().release_unused()


def take_rows(table: pd.DataFrame, order: np.ndarray, threads: int) -> pd.DataFrame:
    """``table.take(order)``, a column per thread: Arrow's gather releases the GIL, and a random
    gather of a million strings is bound by memory latency, which two cores overlap.

    The columns' arrays are gathered and put under one reordered index: a Series' own take
    would gather the index again for every column (8 bytes a row each time)."""
    if threads <= 1 or len(table) < PARALLEL_TAKE_ROWS:
        return table.take(order)
    index = table.index.take(order)

    def take_column(position: int) -> pd.Series:
        column = table.iloc[:, position]
        return pd.Series(column.array.take(order), index=index, name=column.name, copy=False)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        columns = list(pool.map(take_column, range(len(table.columns))))
    return pd.concat(columns, axis=1)
