"""Survivorship: which row of a cluster survives, and the golden record ``--merge`` writes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from leadq.fields import LeadFields, read_date
from leadq.match.model import DedupeSettings, MergeRule, Survivor

MERGED_FROM = "merged_from"
CLUSTER_SIZE = "cluster_size"
JOINER = "; "


def survivor_rank(
    table: pd.DataFrame,
    fields: LeadFields,
    input_columns: Sequence[str],
    settings: DedupeSettings,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """Per row: its place in survivorship order (0 first); input order breaks ties.

    With ``rows`` (the rows in some cluster), only those are ranked, among themselves; the
    others, alone in their clusters, keep their input position.
    """
    rows = np.arange(len(table)) if rows is None else rows
    criteria = [
        _criterion(c, table, fields, input_columns, settings, rows) for c in settings.survivor
    ]
    order = np.lexsort([rows, *reversed(criteria)])
    rank = np.arange(len(table), dtype=np.int64)
    rank[rows[order]] = np.arange(len(rows))
    return rank


def _criterion(
    criterion: Survivor,
    table: pd.DataFrame,
    fields: LeadFields,
    input_columns: Sequence[str],
    settings: DedupeSettings,
    rows: np.ndarray,
) -> np.ndarray:
    """A sort key for each of ``rows``, lower first."""
    if criterion is Survivor.MOST_COMPLETE:
        cells = (_filled(table[column].iloc[rows]) for column in input_columns)
        return -np.asarray(sum(cells, np.zeros(len(rows))), dtype=np.int64)
    if criterion is Survivor.SOURCE_PRIORITY:
        return source_priority(fields.text("source").iloc[rows], settings.source_priority)
    created = _arrival(fields, rows)
    return -created if criterion is Survivor.MOST_RECENT else created


def source_priority(sources: pd.Series, priority: Sequence[str]) -> np.ndarray:
    """Position of each row's source in ``priority`` (case-insensitive); unlisted ones last."""
    places = {name.casefold(): place for place, name in enumerate(priority)}
    folded = sources.str.strip().str.casefold()
    return folded.map(places).fillna(len(priority)).to_numpy(dtype=np.int64)


def _arrival(fields: LeadFields, rows: np.ndarray | None = None) -> np.ndarray:
    """``created`` as nanoseconds (of ``rows`` only, when given); missing dates sort as the
    oldest. Only the rows in some cluster need it, and dates parse per distinct value."""
    if rows is None:
        created = fields.get("created")
    else:
        created = read_date(fields.text("created").iloc[rows])
    stamps = created.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    return np.where(created.isna().to_numpy(), np.iinfo(np.int64).min + 1, stamps)


def _filled(column: pd.Series) -> np.ndarray:
    text = column.astype("str")
    return (text.notna() & (text.str.strip() != "")).to_numpy(dtype=bool, na_value=False)


def merge_clusters(
    table: pd.DataFrame,
    fields: LeadFields,
    columns: Sequence[str],
    label: np.ndarray,
    rank: np.ndarray,
    settings: DedupeSettings,
) -> pd.DataFrame:
    """One row per cluster: each column's value chosen by its merge rule, with ``merged_from``.

    Clusters come in the order of their first row; the survivor's ``lead_id`` leads
    ``merged_from``. Empty cells never win over a filled one.
    """
    rule_of = _merge_rules(fields, columns, settings)
    orders = _RowOrders(label, rank, fields, settings)
    clusters = int(label.max()) + 1 if len(label) else 0
    merged = {
        column: _merge_column(table[column].astype("str"), rule_of[column], orders, clusters)
        for column in columns
    }
    result = pd.DataFrame(merged)
    result[CLUSTER_SIZE] = np.bincount(label, minlength=clusters)
    ids = table["lead_id"].astype("str").to_numpy()
    result[MERGED_FROM] = _joined_in_order(ids, label, rank, clusters)
    return result


def _merge_rules(
    fields: LeadFields, columns: Sequence[str], settings: DedupeSettings
) -> dict[str, MergeRule]:
    """Each column's merge rule: by its header, else by the field mapped to it, else default."""
    by_header = {header: field for field, headers in fields.headers.items() for header in headers}
    result = {}
    for column in columns:
        rule = settings.merge.get(column) or settings.merge.get(by_header.get(column, ""))
        result[column] = rule or settings.merge_default
    return result


class _RowOrders:
    """The preference order of rows within their cluster under each merge rule."""

    def __init__(
        self, label: np.ndarray, rank: np.ndarray, fields: LeadFields, settings: DedupeSettings
    ) -> None:
        self.label = label
        self.rank = rank
        self._fields = fields
        self._settings = settings

    def key(self, rule: MergeRule, text: pd.Series) -> np.ndarray:
        """Per row, lower preferred; survivorship order breaks ties."""
        if rule is MergeRule.MOST_RECENT:
            return _lexrank(self.rank, -_arrival(self._fields))
        if rule is MergeRule.SOURCE_PRIORITY:
            sources = self._fields.text("source")
            return _lexrank(self.rank, source_priority(sources, self._settings.source_priority))
        if rule is MergeRule.LONGEST:
            return _lexrank(self.rank, -text.str.len().fillna(0).to_numpy(dtype=np.int64))
        if rule is MergeRule.MOST_FREQUENT:
            return _lexrank(self.rank, -self._count_in_cluster(text))
        return self.rank

    def _count_in_cluster(self, text: pd.Series) -> np.ndarray:
        frame = pd.DataFrame({"label": self.label, "text": text.to_numpy()})
        counts = frame.groupby(["label", "text"], dropna=False)["label"].transform("size")
        return counts.to_numpy(dtype=np.int64)


def _lexrank(rank: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Ranks by ``key`` first, survivorship order breaking ties."""
    order = np.lexsort((rank, key))
    result = np.empty(len(rank), dtype=np.int64)
    result[order] = np.arange(len(rank))
    return result


def _merge_column(text: pd.Series, rule: MergeRule, orders: _RowOrders, clusters: int) -> pd.Series:
    rows = np.flatnonzero(_filled(text))
    values = text.to_numpy()
    label = orders.label
    if rule is MergeRule.ALL:
        return _all_distinct(values[rows], label[rows], orders.rank[rows], clusters)
    key = orders.key(rule, text)
    order = rows[np.lexsort((key[rows], label[rows]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = label[order][1:] != label[order][:-1]
    result = pd.Series(pd.NA, index=range(clusters), dtype="str")
    result.iloc[label[order][first]] = values[order[first]]
    return result


def _all_distinct(
    values: np.ndarray, label: np.ndarray, rank: np.ndarray, clusters: int
) -> pd.Series:
    """Every distinct value of each cluster, in survivorship order, "; "-joined.

    Values that differ only in case or spacing count as one: the survivor's spelling is kept.
    """
    frame = pd.DataFrame({"label": label, "rank": rank, "text": values})
    frame["folded"] = frame["text"].str.casefold().str.replace(r"\s+", "", regex=True)
    frame = frame.sort_values(["label", "rank"]).drop_duplicates(["label", "folded"])
    joined = frame.groupby("label", sort=True)["text"].agg(JOINER.join)
    return joined.reindex(range(clusters)).astype("str")


def _joined_in_order(
    ids: np.ndarray, label: np.ndarray, rank: np.ndarray, clusters: int
) -> pd.Series:
    frame = pd.DataFrame({"label": label, "rank": rank, "id": ids}).sort_values(["label", "rank"])
    return frame.groupby("label", sort=True)["id"].agg(JOINER.join).reindex(range(clusters))
