"""Evaluate a list of rules over a table into one boolean matrix (rows x rules)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leadq.conditions import FieldSource
from leadq.ruleset import Rule


def rule_masks(rules: Sequence[Rule], fields: FieldSource) -> np.ndarray:
    """Column j is True where rule j's condition holds."""
    rows = len(fields.index)
    matrix = np.zeros((rows, len(rules)), dtype=bool)
    for column, rule in enumerate(rules):
        matrix[:, column] = rule.when.mask(fields).to_numpy(dtype=bool)
    return matrix
