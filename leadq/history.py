"""History: how often the same person or company came before, and when.

Two sources count, whichever the run has: the CRM records a lead matched (``--against``, the
``crm_seen`` / ``crm_first_seen`` / ``crm_last_seen`` columns) and the earlier rows of its
duplicate cluster in this batch (``dedupe: in_score: true``). A row is earlier than another of its
cluster when it was ``created`` before it; undated rows and ties go by input order.

Columns: ``seen_before`` (how many earlier contacts), ``first_seen`` and ``last_seen`` (the
earliest and the latest of them; empty when there were none). With neither source the stage adds
nothing: "seen 0 times" would claim a check that was not made.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadq.context import RunContext

NO_DATE = np.iinfo(np.int64).max


def add_history(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """The score pipeline's stage: add ``seen_before``, ``first_seen`` and ``last_seen``."""
    has_clusters, has_crm = "cluster_id" in table.columns, "crm_seen" in table.columns
    if not (has_clusters or has_crm):
        return table
    created = context.fields(table).get("created").astype("datetime64[s]")
    seen = pd.Series(0, index=table.index, dtype="int64")
    first = pd.Series(pd.NaT, index=table.index, dtype="datetime64[s]")
    last = first.copy()
    if has_clusters:
        seen, first, last = earlier_in_cluster(table["cluster_id"].to_numpy(), created)
    if has_crm:
        seen = seen + table["crm_seen"].fillna(0).astype("int64")
        first = _earliest(first, table["crm_first_seen"].astype("datetime64[s]"))
        last = _latest(last, table["crm_last_seen"].astype("datetime64[s]"))
    history = pd.DataFrame({"seen_before": seen, "first_seen": first, "last_seen": last})
    return pd.concat([table, history], axis=1)


def earlier_in_cluster(
    cluster: np.ndarray, created: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per row: how many rows of its cluster came before it, the first one's date and the
    latest earlier one's date (NaT when none came before)."""
    rows = np.arange(len(cluster))
    stamps = created.to_numpy(dtype="datetime64[s]")
    sortable = np.where(np.isnat(stamps), NO_DATE, stamps.astype(np.int64))
    order = np.lexsort((rows, sortable, cluster))  # by cluster, then date, then input order
    sorted_cluster, sorted_dates = cluster[order], stamps[order]
    starts = np.r_[True, sorted_cluster[1:] != sorted_cluster[:-1]]
    start = np.maximum.accumulate(np.where(starts, rows, 0))
    before = rows - start
    none = np.datetime64("NaT", "s")
    first = np.where(before > 0, sorted_dates[start], none)
    latest = np.where(before > 0, sorted_dates[np.maximum(rows - 1, 0)], none)
    back = np.empty_like(order)
    back[order] = rows  # sorted position of each input row
    index = created.index
    return (
        pd.Series(before[back], index=index, dtype="int64"),
        pd.Series(first[back], index=index, dtype="datetime64[s]"),
        pd.Series(latest[back], index=index, dtype="datetime64[s]"),
    )


def _earliest(a: pd.Series, b: pd.Series) -> pd.Series:
    return a.where(b.isna() | (a.notna() & (a <= b)), b)


def _latest(a: pd.Series, b: pd.Series) -> pd.Series:
    return a.where(b.isna() | (a.notna() & (a >= b)), b)
