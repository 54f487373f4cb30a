"""The match decision: which rule (if any) makes a compared pair a duplicate.

Fields are compared lazily: the cheap ones first (equal codes), and each further field only on
the pairs for which some rule that needs it can still hold. Most candidate pairs (colleagues on
one switchboard number, namesakes) are settled before their names are compared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from leadq.match.compare import Compared
from leadq.match.model import MatchRule, Requirement

NO_RULE = -1

# Compares one field (by name) over the pairs at ``index``.
FieldComparer = Callable[[str, np.ndarray], Compared]


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
    if requirement.shared_by_at_most is not None:
        holds = holds & (compared.rows_sharing <= requirement.shared_by_at_most)
    return holds | compared.missing if requirement.missing_ok else holds


def first_rule(rules: tuple[MatchRule, ...], compared: Mapping[str, Compared]) -> np.ndarray:
    """Per pair: the index of the first rule that holds, ``NO_RULE`` when none does."""
    pairs = len(next(iter(compared.values())).same) if compared else 0
    return first_rule_lazily(
        rules, lambda name, index: compared[name].take(index), pairs, list(compared)
    )


def first_rule_lazily(
    rules: tuple[MatchRule, ...], compare: FieldComparer, pairs: int, fields: Sequence[str]
) -> np.ndarray:
    """``first_rule``, comparing ``fields`` in the given order (cheapest first), each only on
    the pairs where a rule needing it still holds so far."""
    possible = np.ones((len(rules), pairs), dtype=bool)
    for name in fields:
        users = [i for i, rule in enumerate(rules) if any(r.field == name for r in rule.requires)]
        todo = np.flatnonzero(possible[users].any(axis=0)) if users else np.empty(0, np.int64)
        if len(todo) == 0:
            continue
        compared = compare(name, todo)
        for i in users:
            for requirement in rules[i].requires:
                if requirement.field == name:
                    possible[i, todo] &= requirement_holds(requirement, compared)
    result = np.full(pairs, NO_RULE, dtype=np.int16)
    for index in reversed(range(len(rules))):
        result[possible[index]] = index
    return result


def mean_similarity(compared: Mapping[str, Compared]) -> np.ndarray:
    """Per pair: the mean similarity over the fields both sides have; 0 when they share none."""
    stacked = np.vstack([c.similarity for c in compared.values()])
    present = ~np.isnan(stacked)
    counts = present.sum(axis=0)
    totals = np.where(present, stacked, 0.0).sum(axis=0)
    return np.divide(totals, counts, out=np.zeros(stacked.shape[1]), where=counts > 0)
