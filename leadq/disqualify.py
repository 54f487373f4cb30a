"""Disqualification: mark leads not worth a rep's time, with the rule ids and reasons.

No row is removed: a disqualified lead stays in the table with ``disqualified_by`` (rule ids) and
the human reasons at the start of ``reasons``; the stage step turns it into ``disqualified``.
"""

from __future__ import annotations

import pandas as pd

from leadq.context import RunContext
from leadq.firing import fired_labels
from leadq.rule_masks import rule_masks


def disqualify_leads(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """Add ``disqualified_by`` and ``reasons`` from the rule set's ``disqualify`` rules."""
    rules = context.rules.disqualify
    masks = rule_masks(rules, context.fields(table))
    return table.assign(
        disqualified_by=fired_labels(masks, [rule.id for rule in rules], table.index),
        reasons=fired_labels(masks, [rule.reason or rule.id for rule in rules], table.index),
    )
