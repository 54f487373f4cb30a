"""What-if before rollout (``leadq compare``): the same leads under an old and a new rule file.

Both rule files run on the same leads; leads are matched by their position in the input. The
comparison says how many leads change stage, grade (and queue, when either file has
``queues:``: the queue each lead's conditions give it, with no rep assigned and no routing state
read or written), how the score distribution shifts, which rules (and queues) cause the changes
(a rule added, removed, re-pointed, or firing on other leads), and which leads move most.
With a known outcome, both rule files are evaluated side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from leadq.api import ScoreOptions, ScoreResult, score
from leadq.evaluation import Evaluation, evaluate_table
from leadq.firing import fired_labels
from leadq.outcome import Target, read_outcome
from leadq.routing.model import Queue
from leadq.routing.queues import queue_column, queue_membership
from leadq.rule_hits import DISQUALIFY, SectionRule, rule_hits

COMPARED = ("stage", "grade", "queue")  # each compared when both runs have the column
MOVERS = 20
QUEUES = "queues"  # the section of a queue in the rules that cause changes
FIRES_DIFFERENTLY = "fires differently"
NO_VALUE = "(none)"  # a transition from or to no value: no queue (disqualified, no queues:)


@dataclass(frozen=True)
class Transition:
    column: str
    old: str
    new: str
    leads: int


@dataclass(frozen=True)
class ScoreShift:
    old_mean: float
    new_mean: float
    old_median: float
    new_median: float
    raised: int
    lowered: int
    unchanged: int


@dataclass(frozen=True)
class RuleChange:
    """A rule whose contribution differs on some leads, and how its definition changed."""

    section: str
    rule_id: str
    change: str  # added, removed, points +10 -> +15, condition changed, fires differently
    leads: int  # leads whose contribution from this rule differs
    points: int  # new minus old points it gives, summed over leads (before category caps)


@dataclass(frozen=True)
class Comparison:
    leads: int
    changed: dict[str, int]  # column -> leads whose value differs; "score" and "any" too
    transitions: list[Transition]
    shift: ScoreShift
    rules: list[RuleChange]
    movers: list[dict[str, Any]]
    changed_leads: pd.DataFrame  # one row per changed lead, for a CSV
    evaluations: tuple[Evaluation, Evaluation] | None = None  # old, new (with a target)

    def to_dict(self) -> dict[str, Any]:
        result = {key: value for key, value in asdict(self).items() if key != "changed_leads"}
        if self.evaluations is not None:
            result["evaluations"] = {
                "old": self.evaluations[0].to_dict(),
                "new": self.evaluations[1].to_dict(),
            }
        return result


def compare(
    old_rules: str | Path | None,
    new_rules: str | Path | None,
    sources: Sequence[str | Path],
    options: ScoreOptions | None = None,
    target: Target | None = None,
) -> Comparison:
    """Score ``sources`` under both rule files (None: the shipped rules) and compare.

    Raises:
        InputError: an input cannot be read, or the target column is absent or unreadable.
        RulesError: either rule file has problems.
    """
    base = options or ScoreOptions()
    old = _scored(sources, base, old_rules)
    new = _scored(sources, base, new_rules)
    old_queues, new_queues = _queued(old), _queued(new)
    if old_queues is not None or new_queues is not None:  # compare the queue each lead joins
        old.table = _with_queue(old, old_queues)
        new.table = _with_queue(new, new_queues)
    rules, differs = rule_changes(old, new, old_queues, new_queues)
    table = changed_table(old.table, new.table, differs)
    evaluations = None
    if target is not None:
        missing = old.context.rules.missing_values
        outcome = read_outcome(old.table, target, missing, ", ".join(map(str, sources)))
        evaluations = (_evaluate(old, outcome), _evaluate(new, outcome))
    return Comparison(
        leads=len(old.table),
        changed={**_changed_counts(old.table, new.table), "any": len(table)},
        transitions=transitions(old.table, new.table),
        shift=score_shift(old.table["score"], new.table["score"]),
        rules=rules,
        movers=_movers(table),
        changed_leads=table,
        evaluations=evaluations,
    )


def _scored(
    sources: Sequence[str | Path], options: ScoreOptions, rules: str | Path | None
) -> ScoreResult:
    result = score(sources, ScoreOptions(**{**vars(options), "rules": rules}))
    result.table = result.table.sort_index()  # input order: both runs line up row by row
    return result


Membership = tuple[tuple[Queue, ...], list[np.ndarray]]  # queues and, per queue, its leads


def _queued(result: ScoreResult) -> Membership | None:
    """The queue each lead joins by the queue conditions alone (no rep assigned, no routing
    state read or written); None when the rules have no ``queues:``."""
    if result.context.rules.routing is None:
        return None
    return queue_membership(result.table, result.context)


def _with_queue(result: ScoreResult, membership: Membership | None) -> pd.DataFrame:
    """The table with its ``queue`` column (empty when these rules have no queues)."""
    index = result.table.index
    if membership is None:
        return result.table.assign(queue=pd.Series(pd.NA, index=index, dtype="str"))
    return result.table.assign(queue=queue_column(*membership, index))


def _evaluate(result: ScoreResult, outcome: pd.Series) -> Evaluation:
    ranked = result.table.sort_values("rank")
    return evaluate_table(ranked, outcome.loc[ranked.index], result.context)


def _compared(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    return [column for column in COMPARED if column in old.columns and column in new.columns]


def _differs(old: pd.Series, new: pd.Series) -> np.ndarray:
    different = old.astype("str").fillna("") != new.astype("str").fillna("")
    return different.to_numpy(dtype=bool, copy=True)


def _changed_counts(old: pd.DataFrame, new: pd.DataFrame) -> dict[str, int]:
    counts = {
        column: int(_differs(old[column], new[column]).sum()) for column in _compared(old, new)
    }
    counts["score"] = int(_differs(old["score"], new["score"]).sum())
    return counts


def transitions(old: pd.DataFrame, new: pd.DataFrame) -> list[Transition]:
    """Per compared column, how many leads went from each old value to each new one."""
    found = []
    for column in _compared(old, new):
        moved = _differs(old[column], new[column])
        pairs = pd.DataFrame(
            {
                "old": old[column][moved].astype("str").fillna(NO_VALUE),
                "new": new[column][moved].astype("str").fillna(NO_VALUE),
            }
        )
        counts = pairs.value_counts(sort=True)
        for pair, leads in counts.items():
            was, now = cast(tuple[str, str], pair)
            found.append(Transition(column, str(was), str(now), int(leads)))
    return found


def score_shift(old: pd.Series, new: pd.Series) -> ScoreShift:
    before = old.to_numpy(dtype=np.float64)
    after = new.to_numpy(dtype=np.float64)
    delta = after - before
    empty = len(before) == 0
    return ScoreShift(
        old_mean=0.0 if empty else float(before.mean()),
        new_mean=0.0 if empty else float(after.mean()),
        old_median=0.0 if empty else float(np.median(before)),
        new_median=0.0 if empty else float(np.median(after)),
        raised=int((delta > 0).sum()),
        lowered=int((delta < 0).sum()),
        unchanged=int((delta == 0).sum()),
    )


def rule_changes(
    old: ScoreResult,
    new: ScoreResult,
    old_queues: Membership | None = None,
    new_queues: Membership | None = None,
) -> tuple[list[RuleChange], pd.Series]:
    """Each rule (and queue) whose contribution differs on some lead, and per lead the ids of
    those rules (a queue as ``queue:<id>``)."""
    changes, masks, labels = _scoring_changes(old, new)
    if old_queues is not None or new_queues is not None:
        more, queue_masks, queue_labels = queue_changes(old_queues, new_queues, len(old.table))
        changes, labels = changes + more, labels + queue_labels
        masks = np.concatenate([masks, queue_masks], axis=1)
    return changes, fired_labels(masks, labels, old.table.index)


def _scoring_changes(
    old: ScoreResult, new: ScoreResult
) -> tuple[list[RuleChange], np.ndarray, list[str]]:
    """The rules whose points or disqualification differ on some lead, a rows x rules matrix
    of where they differ, and the rules' ids."""
    old_rules, old_hits = rule_hits(old.table, old.context)
    new_rules, new_hits = rule_hits(new.table, new.context)
    old_at = {(item.section, item.rule.id): i for i, item in enumerate(old_rules)}
    new_at = {(item.section, item.rule.id): i for i, item in enumerate(new_rules)}
    keys = list(dict.fromkeys([*old_at, *new_at]))
    rows = len(old.table)
    changes: list[RuleChange] = []
    masks = np.zeros((rows, len(keys)), dtype=bool)
    for column, key in enumerate(keys):
        before = _contribution(old_rules, old_hits, old_at.get(key), rows)
        after = _contribution(new_rules, new_hits, new_at.get(key), rows)
        masks[:, column] = before != after
        change = _definition_change(key, old_rules, new_rules, old_at, new_at)
        if masks[:, column].any() or change != FIRES_DIFFERENTLY:
            changes.append(
                RuleChange(
                    key[0],
                    key[1],
                    change,
                    int(masks[:, column].sum()),
                    int((after - before).sum()) if key[0] != DISQUALIFY else 0,
                )
            )
    return changes, masks, [rule_id for _, rule_id in keys]


def queue_changes(
    old: Membership | None, new: Membership | None, rows: int
) -> tuple[list[RuleChange], np.ndarray, list[str]]:
    """Each queue that takes other leads under the new rules (or whose definition changed), a
    rows x queues matrix of the leads it gains or loses, and the queues' labels."""
    old_queues, old_members = _by_id(old)
    new_queues, new_members = _by_id(new)
    keys = list(dict.fromkeys([*old_queues, *new_queues]))
    nobody = np.zeros(rows, dtype=bool)
    masks = np.zeros((rows, len(keys)), dtype=bool)
    changes = []
    for column, key in enumerate(keys):
        masks[:, column] = old_members.get(key, nobody) != new_members.get(key, nobody)
        change = _queue_change(old_queues.get(key), new_queues.get(key))
        if masks[:, column].any() or change != FIRES_DIFFERENTLY:
            changes.append(RuleChange(QUEUES, key, change, int(masks[:, column].sum()), 0))
    return changes, masks, [f"queue:{key}" for key in keys]


def _by_id(membership: Membership | None) -> tuple[dict[str, Queue], dict[str, np.ndarray]]:
    """Queue id -> the queue, and queue id -> its leads."""
    if membership is None:
        return {}, {}
    queues, members = membership
    return {queue.id: queue for queue in queues}, {
        queue.id: member for queue, member in zip(queues, members, strict=True)
    }


def _queue_change(old: Queue | None, new: Queue | None) -> str:
    if old is None:
        return "added"
    if new is None:
        return "removed"
    if old.fallback != new.fallback or _describe(old) != _describe(new):
        return "condition changed"
    return FIRES_DIFFERENTLY  # same condition: an earlier queue takes other leads


def _describe(queue: Queue) -> str | None:
    return None if queue.when is None else queue.when.describe()


def _contribution(
    listed: Sequence[SectionRule], hits: np.ndarray, column: int | None, rows: int
) -> np.ndarray:
    """Points the rule gives each lead (1 where a disqualify rule fires); 0 without the rule."""
    if column is None:
        return np.zeros(rows, dtype=np.int64)
    weight = 1 if listed[column].section == DISQUALIFY else listed[column].points
    return hits[:, column].astype(np.int64) * weight


def _definition_change(
    key: tuple[str, str],
    old_rules: Sequence[SectionRule],
    new_rules: Sequence[SectionRule],
    old_at: dict[tuple[str, str], int],
    new_at: dict[tuple[str, str], int],
) -> str:
    if key not in old_at:
        return "added"
    if key not in new_at:
        return "removed"
    before, after = old_rules[old_at[key]], new_rules[new_at[key]]
    if before.points != after.points:
        return f"points {before.points:+d} -> {after.points:+d}"
    if before.rule.when.describe() != after.rule.when.describe():
        return "condition changed"
    return FIRES_DIFFERENTLY


def changed_table(old: pd.DataFrame, new: pd.DataFrame, rules_changed: pd.Series) -> pd.DataFrame:
    """One row per lead whose score or a compared column changed, old and new side by side."""
    changed = _differs(old["score"], new["score"])
    for column in _compared(old, new):
        changed |= _differs(old[column], new[column])
    columns: dict[str, pd.Series] = {
        "lead_id": old["lead_id"],
        "source_file": old["source_file"],
        "source_row": old["source_row"],
        "score_old": old["score"],
        "score_new": new["score"],
        "score_change": new["score"] - old["score"],
    }
    for column in (*_compared(old, new), "rank"):
        columns[f"{column}_old"] = old[column]
        columns[f"{column}_new"] = new[column]
    columns["rules_changed"] = rules_changed.astype("str")
    table = pd.DataFrame(columns)[changed]
    order = np.lexsort(
        (table["source_row"].to_numpy(), -table["score_change"].abs().to_numpy(dtype=np.int64))
    )
    return table.iloc[order]


def _movers(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The leads whose score moves most (the changed table is sorted that way)."""
    top = table.head(MOVERS)
    return [
        {
            str(key): (value.item() if hasattr(value, "item") else value)
            for key, value in row.items()
        }
        for row in top.astype(object).where(top.notna(), None).to_dict(orient="records")
    ]
