"""Evaluate a list of rules over a table into one boolean matrix (rows x rules)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leadq.conditions import FieldSource
from leadq.ruleset import Rule


def rule_masks(rules: Sequence[Rule], fields: FieldSource) -> np.ndarray:
    """Column j is True where rule j's condition holds.

    Column-major (Fortran order): each rule's column is written, and read by the scoring
    stages, as one contiguous run of bytes; row-major, filling 340 rules over a million rows
    took 7 s of strided writes against 0.1 s.
    """
    rows = len(fields.index)
    matrix = np.zeros((rows, len(rules)), dtype=bool, order="F")
    for column, rule in enumerate(rules):
        matrix[:, column] = rule.when.mask(fields).to_numpy(dtype=bool)
    return matrix


def summed_points(masks: np.ndarray, points: Sequence[int]) -> np.ndarray:
    """Each row's sum of ``points[j]`` over the columns j that hold for it, a column at a time:
    a matrix product would first widen the boolean matrix to 8-byte integers."""
    total = np.zeros(masks.shape[0], np.int64)
    for column, earned in enumerate(points):
        if earned:
            np.add(total, earned, out=total, where=masks[:, column])
    return total
