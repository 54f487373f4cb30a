"""The score pipeline's CRM stage: which CRM record each lead belongs to, if any.

A lead and a CRM record match when they share a key (``crm: match_on:``). Every key of every
lead is joined with the CRM's keys in one merge; when a lead matches several records, one is
chosen deterministically: the record matched by the earliest key of ``match_on``, then a
customer before an open deal before anything else, then the most recent record, then file order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from leadq.context import RunContext
from leadq.crm.keys import match_keys
from leadq.crm.records import CrmRecords
from leadq.rules_crm import CrmKey
from leadq.schema import CRM_COLUMNS

_UNDATED = np.iinfo(np.int64).max  # sorts after every real date when ordering newest first


def match_crm(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """Add the ``crm_*`` columns (``leadq.schema.CRM_COLUMNS``); a no-op without ``--against``."""
    records = context.crm
    if records is None or context.rules.crm is None:
        return table
    keys = match_keys(table, context.fields(table), context.rules.crm.match_on)
    pairs = keys.merge(records.keys, on=["key", "value"])[["row", "key", "record"]]
    columns = crm_columns(pairs, records, context.rules.crm.match_on, len(table))
    columns.index = table.index
    return pd.concat([table, columns], axis=1)


def crm_columns(
    pairs: pd.DataFrame, records: CrmRecords, match_on: Sequence[CrmKey], rows: int
) -> pd.DataFrame:
    """The CRM columns for ``rows`` leads from their (row, key, record) matches."""
    best = _best_matches(pairs, records, match_on)
    chosen = records.records.iloc[best["record"].to_numpy()]
    found = pd.DataFrame(
        {
            "crm_match": chosen["crm_id"].to_numpy(),
            "crm_owner": chosen["owner"].to_numpy(),
            "crm_status": chosen["status"].to_numpy(),
            "crm_match_on": best["key"].to_numpy(),
        },
        index=best["row"].to_numpy(),
    ).astype("str")
    result = found.reindex(range(rows))
    history = _history(pairs, records).reindex(range(rows))
    result["crm_seen"] = history["crm_seen"].fillna(0).astype("int64")
    result["crm_first_seen"] = history["crm_first_seen"].astype("datetime64[s]")
    result["crm_last_seen"] = history["crm_last_seen"].astype("datetime64[s]")
    return result[list(CRM_COLUMNS)]


def _best_matches(
    pairs: pd.DataFrame, records: CrmRecords, match_on: Sequence[CrmKey]
) -> pd.DataFrame:
    """One (row, key, record) per matched lead: the first by the documented order."""
    priority = pd.Series(range(len(match_on)), index=[key.value for key in match_on])
    record = pairs["record"].to_numpy()
    created = records.records["created"]
    newest_first = np.where(
        created.isna().to_numpy(), _UNDATED, -created.to_numpy().astype(np.int64)
    )
    order = np.lexsort(
        (
            record,  # file order
            newest_first[record],
            records.records["status_rank"].to_numpy()[record],
            priority.loc[pairs["key"]].to_numpy(),
            pairs["row"].to_numpy(),
        )
    )
    ranked = pairs.iloc[order]
    row = ranked["row"].to_numpy()
    first = np.ones(len(row), dtype=bool)
    first[1:] = row[1:] != row[:-1]
    return ranked[first]


def _history(pairs: pd.DataFrame, records: CrmRecords) -> pd.DataFrame:
    """Per matched lead: how many distinct CRM records share a key with it, first and last date."""
    distinct = pairs[["row", "record"]].drop_duplicates()
    created = records.records["created"].iloc[distinct["record"].to_numpy()].to_numpy()
    grouped = pd.DataFrame({"row": distinct["row"].to_numpy(), "created": created}).groupby("row")
    return pd.DataFrame(
        {
            "crm_seen": grouped.size(),
            "crm_first_seen": grouped["created"].min(),
            "crm_last_seen": grouped["created"].max(),
        }
    )
