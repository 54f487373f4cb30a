"""Which rule fired on which lead, for every rule of a rule set, over a qualified table.

The pipeline keeps only labels (``reasons``, ``disqualified_by``); measuring rules on history,
testing them case by case and comparing two rule files need the boolean matrix itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadq.context import RunContext
from leadq.rule_masks import rule_masks
from leadq.ruleset import Rule, RuleSet

DISQUALIFY = "disqualify"
QUALITY = "quality"


@dataclass(frozen=True)
class SectionRule:
    """A rule and the section it scores in: ``disqualify``, a category name, or ``quality``."""

    section: str
    rule: Rule

    @property
    def points(self) -> int:
        return 0 if self.section == DISQUALIFY else self.rule.points


def section_rules(rules: RuleSet) -> list[SectionRule]:
    """Every rule of the set in the order the pipeline applies them."""
    listed = [SectionRule(DISQUALIFY, rule) for rule in rules.disqualify]
    for category in rules.score:
        listed += [SectionRule(category.name, rule) for rule in category.rules]
    return listed + [SectionRule(QUALITY, rule) for rule in rules.quality]


def rule_hits(table: pd.DataFrame, context: RunContext) -> tuple[list[SectionRule], np.ndarray]:
    """The rules of ``context`` and a rows x rules matrix, True where the rule fired."""
    listed = section_rules(context.rules)
    fields = context.fields(table)
    return listed, rule_masks([item.rule for item in listed], fields)
