"""How well a rule file ranks past leads whose outcome is known (``leadq evaluate``).

The rules are run on history exactly as on new leads, and the ranked queue is set against what
happened: ROC AUC of the queue order, conversion and lift by score decile, precision in the top
10 and 20 % of the queue, conversion by grade (with a check that better grades convert more) and
by stage, and per rule: how often it fires and how its leads convert. A rule whose leads convert
less than the others while it gives them points stands out as ``backwards``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leadq.api import ScoreOptions, ScoreResult, score
from leadq.context import RunContext
from leadq.outcome import Target, read_outcome
from leadq.rule_hits import DISQUALIFY, SectionRule, rule_hits
from leadq.schema import STAGE_ORDER

DECILES = 10
TOP_SHARES = (0.1, 0.2)
MIN_SUPPORT = 20  # fewer leads than this on either side of a rule: too few to judge it
STAGE_SPAN = 1_000_000  # larger than any score: the queue sorts by stage first


@dataclass(frozen=True)
class Bucket:
    """A group of leads: how many, how many converted, and how that compares to all leads."""

    label: str
    leads: int
    converted: int
    rate: float | None  # conversion rate; None for an empty group
    lift: float | None  # rate / the base rate
    captured: float | None  # share of all conversions in this group and the ones before it


@dataclass(frozen=True)
class RuleStats:
    section: str
    rule_id: str
    points: int
    fires: int
    rate_when_fires: float | None
    rate_when_not: float | None
    lift: float | None
    verdict: str  # works, backwards, never fires, too few to judge


@dataclass(frozen=True)
class Evaluation:
    leads: int
    known: int  # leads with a known outcome: every metric counts these only
    converted: int
    base_rate: float | None
    auc: float | None  # of the queue order (stage, then score); None with one class only
    deciles: list[Bucket]
    top: list[Bucket]
    grades: list[Bucket]
    grade_inversions: list[str]  # "C converts more than B (12.0% vs 8.0%)": empty = calibrated
    stages: list[Bucket]
    rules: list[RuleStats]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class OutcomeEvaluation:
    """An evaluation and the outcome it measured, as the reports show it."""

    target: str  # the outcome column and its mapping, as Target.describe() says it
    evaluation: Evaluation

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, **self.evaluation.to_dict()}


@dataclass(frozen=True)
class EvaluatedRun:
    """A scored history and its evaluation: the HTML report shows both."""

    scored: ScoreResult
    evaluation: OutcomeEvaluation


def evaluate(
    source: str | Path,
    target: Target,
    options: ScoreOptions | None = None,
    *,
    min_support: int = MIN_SUPPORT,
) -> Evaluation:
    """Score a history export with the rules and measure the ranking against ``target``.

    Raises:
        InputError: the file cannot be read, or the target column is absent or unreadable.
        RulesError: the rule file has problems.
    """
    return evaluate_run(source, target, options, min_support=min_support).evaluation.evaluation


def evaluate_run(
    source: str | Path,
    target: Target,
    options: ScoreOptions | None = None,
    *,
    min_support: int = MIN_SUPPORT,
) -> EvaluatedRun:
    """:func:`evaluate`, keeping the scored table for a report of the run."""
    result = score([source], options or ScoreOptions())
    measured = evaluate_outcome(result.table, result.context, target, str(source), min_support)
    return EvaluatedRun(result, measured)


def evaluate_outcome(
    table: pd.DataFrame,
    context: RunContext,
    target: Target,
    source: str,
    min_support: int = MIN_SUPPORT,
) -> OutcomeEvaluation:
    """The metrics of a qualified table (a run's, or leadq's output read back) against the
    outcome in its ``target`` column; the queue is taken in ``rank`` order.

    Raises:
        InputError: the target column is absent or unreadable (named with ``source``).
    """
    in_order = table["rank"].is_monotonic_increasing  # a run's table is: no copy then
    ranked = table if in_order else table.sort_values("rank", kind="stable")
    outcome = read_outcome(ranked, target, context.rules.missing_values, source)
    evaluation = evaluate_table(ranked, outcome, context, min_support=min_support)
    return OutcomeEvaluation(target.describe(), evaluation)


def evaluate_table(
    table: pd.DataFrame,
    outcome: pd.Series,
    context: RunContext,
    *,
    min_support: int = MIN_SUPPORT,
) -> Evaluation:
    """The metrics of a qualified table (in ranking order) against each row's outcome.

    A rule that fires on fewer than ``min_support`` leads (or misses fewer) is "too few to
    judge" rather than "works" or "backwards".
    """
    known = outcome.notna().to_numpy()
    ranked = table[known]
    converted = outcome[known].to_numpy(dtype=bool)
    base = converted.mean() if len(converted) else None
    grade_names = [grade.name for grade in context.rules.grades]
    grades = _groups(ranked["grade"].to_numpy(dtype=object), converted, grade_names, base)
    stages = [stage.value for stage in STAGE_ORDER]
    listed, hits = rule_hits(ranked, context)
    return Evaluation(
        leads=len(table),
        known=int(known.sum()),
        converted=int(converted.sum()),
        base_rate=_float(base),
        auc=roc_auc(queue_priority(ranked), converted),
        deciles=decile_buckets(converted, base),
        top=top_buckets(converted, base),
        grades=grades,
        grade_inversions=grade_inversions(grades),
        stages=_groups(ranked["stage"].to_numpy(dtype=object), converted, stages, base),
        rules=rule_stats(listed, hits, converted, min_support),
    )


def queue_priority(table: pd.DataFrame) -> np.ndarray:
    """Higher is called earlier: the stage first (sql before mql ...), then the score."""
    order = {stage.value: index for index, stage in enumerate(STAGE_ORDER)}
    stage = table["stage"].map(order).to_numpy(dtype=np.int64)
    return table["score"].to_numpy(dtype=np.float64) - stage * STAGE_SPAN


def roc_auc(priority: np.ndarray, converted: np.ndarray) -> float | None:
    """The chance that a converted lead is ranked above a non-converted one (ties count half).

    Mann-Whitney: the rank sum of the converted leads, with tied priorities given their mean
    rank. None when every lead has the same outcome.
    """
    positives = int(converted.sum())
    negatives = len(converted) - positives
    if positives == 0 or negatives == 0:
        return None
    ranks = pd.Series(priority).rank(method="average").to_numpy()
    wins = ranks[converted].sum() - positives * (positives + 1) / 2
    return float(wins / (positives * negatives))


def decile_buckets(converted: np.ndarray, base: float | None) -> list[Bucket]:
    """Ten equal slices of the queue, best first (the first slices take the extra leads)."""
    slices = np.array_split(np.arange(len(converted)), DECILES)
    total = int(converted.sum())
    buckets, seen = [], 0
    for number, rows in enumerate(slices, start=1):
        hits = int(converted[rows].sum())
        seen += hits
        buckets.append(_bucket(str(number), len(rows), hits, base, seen, total))
    return buckets


def top_buckets(converted: np.ndarray, base: float | None) -> list[Bucket]:
    """Precision at k: the conversion rate of the first 10 and 20 % of the queue."""
    total = int(converted.sum())
    buckets = []
    for share in TOP_SHARES:
        size = math.ceil(share * len(converted))
        hits = int(converted[:size].sum())
        buckets.append(_bucket(f"top {share:.0%}", size, hits, base, hits, total))
    return buckets


def _groups(
    labels: np.ndarray, converted: np.ndarray, order: Sequence[str], base: float | None
) -> list[Bucket]:
    """One bucket per label in ``order`` that occurs, in that order."""
    total = int(converted.sum())
    buckets, seen = [], 0
    for label in order:
        members = labels == label
        if not members.any():
            continue
        hits = int(converted[members].sum())
        seen += hits
        buckets.append(_bucket(label, int(members.sum()), hits, base, seen, total))
    return buckets


def _bucket(label: str, leads: int, hits: int, base: float | None, seen: int, total: int) -> Bucket:
    rate = hits / leads if leads else None
    lift = rate / base if rate is not None and base else None
    captured = seen / total if total else None
    return Bucket(label, leads, hits, rate, lift, captured)


def grade_inversions(grades: Sequence[Bucket]) -> list[str]:
    """Each pair of neighbouring grades where the lower grade converts more."""
    found = []
    for better, worse in zip(grades, grades[1:], strict=False):
        if better.rate is not None and worse.rate is not None and worse.rate > better.rate:
            found.append(
                f"{worse.label} converts more than {better.label} "
                f"({worse.rate:.1%} vs {better.rate:.1%})"
            )
    return found


def rule_stats(
    listed: Sequence[SectionRule],
    hits: np.ndarray,
    converted: np.ndarray,
    min_support: int = MIN_SUPPORT,
) -> list[RuleStats]:
    """Per rule: how often it fires, and the conversion of its leads against the others."""
    fires = hits.sum(axis=0)
    fired_converted = hits[converted].sum(axis=0)
    total, leads = int(converted.sum()), len(converted)
    base = total / leads if leads else None
    stats = []
    for column, item in enumerate(listed):
        count, hit = int(fires[column]), int(fired_converted[column])
        when = hit / count if count else None
        rest = leads - count
        when_not = (total - hit) / rest if rest else None
        lift = when / base if when is not None and base else None
        verdict = _verdict(item, min(count, rest) >= min_support, when, when_not)
        stats.append(
            RuleStats(item.section, item.rule.id, item.points, count, when, when_not, lift, verdict)
        )
    return stats


def _verdict(item: SectionRule, enough: bool, when: float | None, when_not: float | None) -> str:
    """``backwards``: the rule pushes its leads the wrong way (up while they convert less)."""
    if when is None:
        return "never fires"
    if not enough or when_not is None:
        return "too few to judge"
    if item.section == DISQUALIFY or item.points < 0:
        return "backwards" if when >= when_not else "works"
    if item.points > 0:
        return "backwards" if when <= when_not else "works"
    return "no points"


def _float(value: float | np.floating | None) -> float | None:
    return None if value is None else float(value)
