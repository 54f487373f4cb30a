"""A duplicate cluster's engagement, pooled on its survivor: two form fills are more interest.

With ``dedupe: add_to_survivor: [page_views, webinar ...]`` and ``in_score: true``, the score
rules see, on each survivor, the cluster's total: numbers summed, yes/no fields yes when any row
says yes, dates the latest. The input columns are never changed: the pooled values are what the
rules read (the run's typed fields), and ``engagement_added`` names the fields they raised.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from leadq.fields import LeadFields
from leadq.match.cluster import Clusters
from leadq.schema import FieldType


def pool_engagement(
    fields: LeadFields, clusters: Clusters, names: Sequence[str]
) -> dict[str, pd.Series]:
    """Per field: its typed values, with each survivor's replaced by its cluster's pooled one."""
    label = pd.Series(clusters.label, index=fields.index)
    survivor = pd.Series(clusters.is_survivor, index=fields.index)
    pooled = {}
    for name in names:
        values = fields.get(name)
        per_cluster = _pooled(values, label, fields.types.get(name, FieldType.TEXT))
        on_rows = per_cluster.reindex(label.to_numpy()).set_axis(fields.index)
        pooled[name] = values.where(~survivor, on_rows.astype(values.dtype)).rename(name)
    return pooled


def _pooled(values: pd.Series, label: pd.Series, field_type: FieldType) -> pd.Series:
    by_cluster = values.groupby(label.to_numpy(), sort=False)
    if field_type is FieldType.NUMBER:
        return by_cluster.sum(min_count=1)
    return by_cluster.max()  # yes over no; the latest date; NA only when every row is empty


def engagement_added(fields: LeadFields, pooled: dict[str, pd.Series]) -> pd.Series:
    """Per row: the fields whose pooled value differs from the row's own, "; "-joined."""
    names = list(pooled)
    if not names:
        return pd.Series(pd.NA, index=fields.index, dtype="str")
    raised = np.vstack([_raised(pooled[name], fields.get(name)) for name in names])
    codes = (raised.astype(np.int64) << np.arange(len(names))[:, None]).sum(axis=0)
    texts = {
        code: "; ".join(name for bit, name in enumerate(names) if code >> bit & 1) or None
        for code in np.unique(codes).tolist()
    }
    return pd.Series(codes, index=fields.index).map(texts).astype("str")


def _raised(pooled: pd.Series, own: pd.Series) -> np.ndarray:
    """Where the pooled value is there and is not the row's own (the row's may be missing)."""
    differs = pooled.ne(own).fillna(True).to_numpy(dtype=bool)
    return differs & pooled.notna().to_numpy()
