"""Stages: SQL (ready for sales now), MQL (interested, to nurture), nurture, or disqualified."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadq.context import RunContext
from leadq.schema import Stage


def stage_leads(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """Add ``stage``: disqualified wins; then the ``sql`` condition, then ``mql``; else nurture."""
    fields = context.fields(table)
    stage = np.full(len(table), Stage.NURTURE.value, dtype=object)
    undecided = (table["disqualified_by"] == "").to_numpy(dtype=bool, copy=True)
    stage[~undecided] = Stage.DISQUALIFIED.value
    for name in (Stage.SQL, Stage.MQL):
        condition = context.rules.stages.get(name)
        if condition is None:
            continue
        hit = undecided & condition.mask(fields).to_numpy(dtype=bool)
        stage[hit] = name.value
        undecided &= ~hit
    return table.assign(stage=pd.Series(stage, index=table.index, dtype="str"))
