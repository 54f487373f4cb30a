"""Intent from free text (stage B): which key-phrase groups a lead's request and call notes hold.

Adds ``intent``: the groups of the rule file's ``intent:`` section found in its text fields,
in the section's order, "; "-joined ("price; implementation"); missing when none is found.
Real intent (price, demo, implementation) earns points, hidden motives (job seekers, suppliers,
students) can disqualify, each through ordinary rules: ``{field: intent, has: job_seeker}``.
Each distinct text is searched once (see ``leadq.phrases``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from leadq.conditions import TEXT_TYPES
from leadq.context import RunContext
from leadq.fields import LeadFields
from leadq.phrases import PhraseMatcher, bit_labels


def add_intent(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """The score pipeline's stage: add ``intent`` (nothing without an ``intent:`` section)."""
    settings = context.rules.intent
    if settings is None:
        return table
    matcher = PhraseMatcher(settings.groups)
    fields = context.fields(table)
    bits = np.zeros(len(table), dtype=np.uint64)
    for column in searched_columns(fields, settings.fields):
        bits |= matcher.groups_per_row(column).to_numpy(dtype=np.uint64)
    return table.assign(intent=bit_labels(pd.Series(bits, index=table.index), matcher.names))


def searched_columns(fields: LeadFields, names: Sequence[str]) -> list[pd.Series]:
    """The columns behind the fields, as read: every input column mapped to each field (or the
    derived column of that name). Searched as they are, without trimming or blanking
    placeholders first: neither changes what a phrase or a link finds, and each column is then
    handled once per distinct value, never as a million-row text."""
    columns = []
    for name in names:
        headers = fields.headers.get(name) or ((name,) if name in fields.table.columns else ())
        columns += [fields.table[header] for header in headers]
    return columns


def field_text(fields: LeadFields, name: str) -> pd.Series:
    """A field's cleaned text; a text field through the run's cache, read once per run."""
    if fields.types.get(name) in TEXT_TYPES:
        return fields.get(name)
    return fields.text(name)
