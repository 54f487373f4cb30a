"""Reading the ``--against`` files: CRM exports of accounts, contacts or open deals.

Each file is read by the same reader as the leads (CSV or Excel, any encoding and delimiter),
its headers mapped through the rule file's ``crm: columns:`` aliases, and its contact fields
normalized by the same ``normalize_leads``, so that its keys are exactly comparable with the
leads'. This happens once per run, before the pipeline's stages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from leadq.context import (
    RunContext,
    RunSettings,
    SideFile,
    headers_by_alias,
    set_aside_clashing_columns,
)
from leadq.crm.keys import KEY_FIELDS, match_keys
from leadq.distinct import map_distinct
from leadq.errors import RuleProblem, RulesError
from leadq.load import ADDED_COLUMNS, ReadOptions, ReadWarning, read_table
from leadq.normalize import normalize_leads
from leadq.rules_crm import CRM_FIELDS, CrmSettings
from leadq.rules_model import RuleSet

# How a CRM status ranks when one lead matches several records: a customer before an open deal.
CUSTOMER, OPEN_DEAL, OTHER_STATUS = 0, 1, 2


@dataclass(frozen=True)
class CrmRecords:
    """The records of every ``--against`` file, in file order, and their match keys.

    ``records`` has ``crm_id``, ``owner``, ``status``, ``created`` (datetime64[s]) and
    ``status_rank`` (``CUSTOMER``, ``OPEN_DEAL`` or ``OTHER_STATUS``), one row per record under a
    RangeIndex; ``keys`` has ``record`` (position in ``records``), ``key`` and ``value``.
    """

    records: pd.DataFrame
    keys: pd.DataFrame
    warnings: tuple[ReadWarning, ...] = ()


def crm_settings(rules: RuleSet) -> CrmSettings:
    """The rule set's ``crm:`` section; a clear error when it has none."""
    if rules.crm is None:
        message = "has no 'crm:' section, which --against needs (add one, or extend: default)"
        raise RulesError([RuleProblem(rules.source, 1, 1, "crm", message)])
    return rules.crm


def read_crm_records(
    sources: Sequence[str | Path], rules: RuleSet, settings: RunSettings
) -> CrmRecords | None:
    """Read, map and key every CRM export; None when there are none.

    Raises:
        RulesError: the rules have no ``crm:`` section.
        InputError: a file that cannot be read as a table, or that has no column to match on.
    """
    if not sources:
        return None
    crm = crm_settings(rules)
    parts = [_read_one(str(source), rules, crm, settings) for source in sources]
    offsets = np.cumsum([0] + [len(part.records) for part in parts[:-1]])
    keys = [
        part.keys.assign(record=part.keys["record"] + offset)
        for part, offset in zip(parts, offsets, strict=True)
    ]
    return CrmRecords(
        pd.concat([part.records for part in parts], ignore_index=True),
        pd.concat(keys, ignore_index=True),
        tuple(warning for part in parts for warning in part.warnings),
    )


def _read_one(source: str, rules: RuleSet, crm: CrmSettings, settings: RunSettings) -> CrmRecords:
    """One CRM export, read with detection only (--encoding and friends are the leads')."""
    loaded = read_table(source, ReadOptions())
    table, set_aside = set_aside_clashing_columns(loaded.table, rules)
    headers = crm_headers(list(table.columns), crm.columns, set_aside)
    exported = [name for name in loaded.table.columns if name not in ADDED_COLUMNS]
    key_fields = dict.fromkeys(name for key in crm.match_on for name in KEY_FIELDS[key])
    SideFile(source, "crm", exported).require_column(headers, list(key_fields))
    run = RunSettings(as_of=settings.as_of, workers=settings.workers)
    context = RunContext(rules=rules, headers=headers, settings=run)
    normalized = normalize_leads(table, context)
    fields = context.fields(normalized)
    status = fields.text("status")
    records = pd.DataFrame(
        {
            "crm_id": normalized["lead_id"],
            "owner": fields.text("owner"),
            "status": status,
            "created": fields.get("created").astype("datetime64[s]"),
            "status_rank": status_ranks(status, crm),
        }
    ).reset_index(drop=True)
    keys = match_keys(normalized, fields, crm.match_on).rename(columns={"row": "record"})
    return CrmRecords(records, keys, tuple(loaded.warnings))


def crm_headers(
    headers: list[str], aliases: Mapping[str, tuple[str, ...]], set_aside: Mapping[str, str]
) -> dict[str, tuple[str, ...]]:
    """CRM field -> the export's headers for it, leftmost first, as for leads; ``crm_id`` is
    served as ``lead_id`` so that the normalizer gives ids to every record (``<file
    name>-<row>`` where the export has no id column)."""
    wanted = {name: aliases.get(name, ()) for name in CRM_FIELDS}
    mapped = headers_by_alias(headers, wanted, set_aside)
    if "crm_id" in mapped:
        mapped["lead_id"] = mapped.pop("crm_id")
    return mapped


def status_ranks(status: pd.Series, crm: CrmSettings) -> np.ndarray:
    """``CUSTOMER``, ``OPEN_DEAL`` or ``OTHER_STATUS`` per status (trimmed, case-folded)."""
    customer = {text.casefold() for text in crm.existing_customer}
    deal = {text.casefold() for text in crm.open_deal}

    def rank(values: pd.Series) -> pd.Series:
        folded = values.str.casefold()
        ranks = np.where(folded.isin(deal), OPEN_DEAL, OTHER_STATUS)
        return pd.Series(np.where(folded.isin(customer), CUSTOMER, ranks), index=values.index)

    ranked = map_distinct(status.astype("str"), rank)
    return ranked.fillna(OTHER_STATUS).to_numpy(dtype=np.int64)
