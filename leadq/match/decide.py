"""The match decision: which rule (if any) makes a compared pair a duplicate."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from leadq.match.compare import Compared
from leadq.match.model import MatchRule, Requirement

NO_RULE = -1


def rule_holds(rule: MatchRule, compared: Mapping[str, Compared]) -> np.ndarray:
    """Per pair: every requirement of ``rule`` holds."""
    result: np.ndarray | None = None
    for requirement in rule.requires:
        holds = requirement_holds(requirement, compared[requirement.field])
        result = holds if result is None else result & holds
    assert result is not None, "a match rule has at least one requirement"
    return result


def requirement_holds(requirement: Requirement, compared: Compared) -> np.ndarray:
    if requirement.at_least is None:
        holds = compared.same
    else:
        with np.errstate(invalid="ignore"):
            holds = compared.similarity >= requirement.at_least
    return holds | compared.missing if requirement.missing_ok else holds


def first_rule(rules: tuple[MatchRule, ...], compared: Mapping[str, Compared]) -> np.ndarray:
    """Per pair: the index of the first rule that holds, ``NO_RULE`` when none does."""
    pairs = len(next(iter(compared.values())).same) if compared else 0
    result = np.full(pairs, NO_RULE, dtype=np.int16)
    for index in reversed(range(len(rules))):
        result[rule_holds(rules[index], compared)] = index
    return result


def mean_similarity(compared: Mapping[str, Compared]) -> np.ndarray:
    """Per pair: the mean similarity over the fields both sides have; 0 when they share none."""
    stacked = np.vstack([c.similarity for c in compared.values()])
    present = ~np.isnan(stacked)
    counts = present.sum(axis=0)
    totals = np.where(present, stacked, 0.0).sum(axis=0)
    return np.divide(totals, counts, out=np.zeros(stacked.shape[1]), where=counts > 0)
