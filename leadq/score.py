"""Scoring: points per category (fit, engagement, BANT, ...), the data-quality score, the grade.

Each rule adds its points where its condition holds; a category's sum is clipped to its cap; the
total ``score`` is the sum of the categories. ``quality`` (0-100) is scored separately, because
the seeds ask for two scores: how well the lead fits, and whether we have a real contact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadq.context import RunContext
from leadq.firing import fired_labels, join_texts
from leadq.rule_masks import rule_masks, summed_points
from leadq.ruleset import Grade, Rule, ScoreCategory

QUALITY_RANGE = (0, 100)


def score_leads(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """Add ``score_<category>``, ``score``, ``quality`` and ``grade``; extend ``reasons``."""
    fields = context.fields(table)
    columns: dict[str, pd.Series] = {}
    masks: list[np.ndarray] = []
    for category in context.rules.score:
        category_masks = rule_masks(category.rules, fields)
        columns[f"score_{category.name}"] = pd.Series(
            _category_points(category, category_masks), index=table.index, dtype="Int64"
        )
        masks.append(category_masks)
    total = sum(
        (column.to_numpy(dtype=np.int64) for column in columns.values()),
        np.zeros(len(table), np.int64),
    )
    quality_rules = context.rules.quality
    quality_masks = rule_masks(quality_rules, fields)
    quality = np.clip(_points(quality_rules, quality_masks), *QUALITY_RANGE)
    return table.assign(
        **columns,
        score=pd.Series(total, index=table.index, dtype="Int64"),
        quality=pd.Series(quality, index=table.index, dtype="Int64"),
        grade=pd.Series(grade_scores(total, context.rules.grades), index=table.index, dtype="str"),
        reasons=join_texts(
            table["reasons"], _score_labels(context, [*masks, quality_masks], table.index)
        ),
    )


def _points(rules: tuple[Rule, ...], masks: np.ndarray) -> np.ndarray:
    """Each row's sum of the points of the rules that fired on it."""
    return summed_points(masks, [rule.points for rule in rules])


def _category_points(category: ScoreCategory, masks: np.ndarray) -> np.ndarray:
    points = _points(category.rules, masks)
    return points if category.cap is None else np.minimum(points, category.cap)


def _score_labels(context: RunContext, masks: list[np.ndarray], index: pd.Index) -> pd.Series:
    """ "fit: mid_market +15; quality: named_person +15" for the rules that fired, in order."""
    sections = [(category.name, category.rules) for category in context.rules.score]
    sections.append(("quality", context.rules.quality))
    labels = [f"{name}: {rule.id} {rule.points:+d}" for name, rules in sections for rule in rules]
    matrix = np.hstack(masks) if masks else np.zeros((len(index), 0), dtype=bool)
    return fired_labels(matrix, labels, index)


def grade_scores(scores: np.ndarray, grades: tuple[Grade, ...]) -> np.ndarray:
    """The first grade (highest first) whose ``at_least`` the score reaches; "" when none."""
    result = np.full(len(scores), "", dtype=object)
    unassigned = np.ones(len(scores), dtype=bool)
    for grade in grades:
        hit = unassigned if grade.at_least is None else unassigned & (scores >= grade.at_least)
        result[hit] = grade.name
        unassigned &= ~hit
    return result
