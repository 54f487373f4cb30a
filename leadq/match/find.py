"""Duplicates within a batch: keys -> blocking -> comparison -> match rules -> clusters.

Every row is kept; each gets ``cluster_id``, ``cluster_size``, ``is_primary``, ``duplicate_of``
(the survivor's ``lead_id``), ``match_score`` and ``match_reason``. ``--merge`` turns each cluster
into one golden record (``leadq.match.survive``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadq.context import RunContext
from leadq.errors import RuleProblem, RulesError
from leadq.fields import LeadFields
from leadq.match.blocking import SkippedBlocks, block_rows
from leadq.match.cluster import Clusters, cluster_rows
from leadq.match.compare import Compared, cheapest_first, compare_field, compare_pairs
from leadq.match.decide import NO_RULE, first_rule, first_rule_lazily, mean_similarity
from leadq.match.engagement import engagement_added, pool_engagement
from leadq.match.keys import FieldKeys, blocking_keys, field_keys
from leadq.match.model import DedupeSettings
from leadq.match.survive import merge_clusters, survivor_rank
from leadq.match.weights import FittedWeights, PairsOfKey, fit_weights
from leadq.rules_model import RuleSet
from leadq.schema import DEDUPE_COLUMNS, DERIVED_FIELDS, PROVENANCE_COLUMNS, RESULT_COLUMNS

SCORE_DECIMALS = 3


@dataclass(frozen=True)
class Duplicates:
    """What the matcher found in one table."""

    clusters: Clusters
    rank: np.ndarray  # survivorship rank per row
    matches: Matches
    skipped: tuple[SkippedBlocks, ...]

    @property
    def compared_pairs(self) -> int:
        return self.matches.compared

    @property
    def matched_pairs(self) -> int:
        return len(self.matches.left)


@dataclass(frozen=True)
class Matches:
    """The candidate pairs some rule matched (row positions), out of ``compared`` pairs."""

    left: np.ndarray
    right: np.ndarray
    rule: np.ndarray
    compared: int


@dataclass(frozen=True)
class DedupeReport:
    """Counts for the summary: what was compared, matched and skipped."""

    rows: int
    clusters: int
    duplicate_rows: int  # rows that are not their cluster's survivor
    compared_pairs: int
    matched_pairs: int
    skipped: tuple[SkippedBlocks, ...]
    max_block_size: int

    @classmethod
    def of(cls, found: Duplicates, settings: DedupeSettings) -> DedupeReport:
        label = found.clusters.label
        return cls(
            rows=len(label),
            clusters=int(label.max()) + 1 if len(label) else 0,
            duplicate_rows=int((~found.clusters.is_survivor).sum()),
            compared_pairs=found.compared_pairs,
            matched_pairs=found.matched_pairs,
            skipped=found.skipped,
            max_block_size=settings.max_block_size,
        )


def dedupe_settings(rules: RuleSet) -> DedupeSettings:
    """The rule set's ``dedupe:`` section; a clear error when it has none."""
    if rules.dedupe is None:
        problem = RuleProblem(
            rules.source, 1, 1, "dedupe", "has no 'dedupe:' section (add one, or extend: default)"
        )
        raise RulesError([problem])
    return rules.dedupe


def dedupe_output_columns(table: pd.DataFrame) -> list[str]:
    """``leadq dedupe``'s columns: the export's, its id and provenance, then the cluster's."""
    return ["lead_id", *input_columns(table), *PROVENANCE_COLUMNS, *DEDUPE_COLUMNS]


@dataclass(frozen=True)
class Judge:
    """Compares any rows with any rows under the settings' fields and rules."""

    keys: dict[str, FieldKeys]
    settings: DedupeSettings
    workers: int
    weights: FittedWeights | None = None  # with ``dedupe: weights:``, estimated beforehand

    def __call__(self, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every field compared: the first rule that holds and the mean similarity."""
        compared = compare_pairs(self.keys, self.settings.fields, left, right, self.workers)
        rule = first_rule(self.settings.rules, compared)
        return self._by_weights(rule, left, right), mean_similarity(compared)

    def rule(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Only the first rule that holds, comparing each field only where it can matter."""
        fields = cheapest_first(self.settings.fields)
        by_name = {field.name: field for field in fields}

        def compare(name: str, index: np.ndarray) -> Compared:
            field = by_name[name]
            return compare_field(self.keys[name], field, left[index], right[index], self.workers)

        rule = first_rule_lazily(self.settings.rules, compare, len(left), list(by_name))
        return self._by_weights(rule, left, right)

    def _by_weights(self, rule: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Pairs no rule matched but whose match probability reaches the threshold."""
        if self.weights is None:
            return rule
        todo = np.flatnonzero(rule == NO_RULE)
        used = tuple(f for f in self.settings.fields if f.name in self.weights.fields)
        compared = compare_pairs(self.keys, used, left[todo], right[todo], self.workers)
        matched = self.weights.probability(compared) >= self.weights.threshold
        rule[todo[matched]] = len(self.settings.rules)
        return rule


def fitted_judge(
    keys: dict[str, FieldKeys],
    settings: DedupeSettings,
    pairs_of: PairsOfKey,
    rows: int,
    workers: int,
) -> Judge:
    """The judge of a batch; with ``weights:``, their m and u estimated on its candidates."""
    if settings.weights is None:
        return Judge(keys, settings, workers)
    return Judge(keys, settings, workers, fit_weights(keys, settings, pairs_of, rows, workers))


def find_duplicates(
    table: pd.DataFrame,
    fields: LeadFields,
    settings: DedupeSettings,
    workers: int = 1,
    keys: dict[str, FieldKeys] | None = None,
) -> Duplicates:
    """Cluster the rows of ``table`` that the settings' rules call duplicates (``keys``: the
    fields' keys when already computed)."""
    keys = field_keys(fields, settings.fields) if keys is None else keys
    blocks = block_rows(
        blocking_keys(keys, settings.blocking), settings.blocking, settings.max_block_size
    )
    judge = fitted_judge(keys, settings, blocks.pairs_of, len(table), workers)
    matches = match_pairs(blocks.pairs(), judge)
    in_pairs = np.unique(np.concatenate([matches.left, matches.right]))
    rank = survivor_rank(table, fields, input_columns(table), settings, rows=in_pairs)
    clusters = cluster_rows(
        matches.left, matches.right, rank, judge, settings.min_centre_similarity
    )
    return Duplicates(clusters, rank, matches, blocks.skipped)


def match_pairs(pairs: Iterable[tuple[np.ndarray, np.ndarray]], judge: Judge) -> Matches:
    """The pairs some rule matches, chunk by chunk, so only matches are kept in memory."""
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    compared = 0
    for left, right in pairs:
        rule = judge.rule(left, right)
        matched = rule != NO_RULE
        found.append((left[matched], right[matched], rule[matched]))
        compared += len(left)
    if not found:
        empty = np.empty(0, dtype=np.int64)
        return Matches(empty, empty, np.empty(0, dtype=np.int16), 0)
    left, right, rule = (np.concatenate(parts) for parts in zip(*found, strict=True))
    return Matches(left, right, rule, compared)


def input_columns(table: pd.DataFrame) -> list[str]:
    """The export's own columns: every column leadq did not add."""
    added = {"lead_id", *DERIVED_FIELDS, *RESULT_COLUMNS, *DEDUPE_COLUMNS}
    return [column for column in table.columns if column not in added]


def duplicate_columns(
    found: Duplicates, lead_ids: pd.Series, settings: DedupeSettings
) -> pd.DataFrame:
    """The per-row columns describing each row's cluster, under ``lead_ids``' index."""
    clusters = found.clusters
    ids = lead_ids.astype("str").to_numpy()
    primary = clusters.is_survivor
    columns = pd.DataFrame(
        {
            "cluster_id": clusters.label + 1,
            "cluster_size": clusters.sizes(),
            "is_primary": primary,
            "duplicate_of": pd.Series(ids[clusters.survivor], dtype="str").mask(primary),
            "match_score": np.round(clusters.similarity, SCORE_DECIMALS),
            "match_reason": _reasons(found, ids, settings),
        }
    )
    columns.index = lead_ids.index
    return columns


def _reasons(found: Duplicates, ids: np.ndarray, settings: DedupeSettings) -> pd.Series:
    """The rule matching each duplicate with its survivor; else "<rule> via <lead_id>"."""
    clusters = found.clusters
    names = np.array([*settings.rule_ids, ""], dtype=object)
    reasons = pd.Series(names[clusters.rule], dtype="str")  # NO_RULE (-1) picks ""
    reasons[clusters.is_survivor] = pd.NA
    joined = np.flatnonzero((clusters.rule == NO_RULE) & ~clusters.is_survivor)
    if len(joined):
        others, rules = _first_link(found, joined)
        reasons.iloc[joined] = [
            f"{settings.rule_ids[rule]} via {ids[other]}"
            for other, rule in zip(others, rules, strict=True)
        ]
    return reasons


def _first_link(found: Duplicates, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``rows``: a row of its cluster it matched directly, and by which rule."""
    label = found.clusters.label
    matches = found.matches
    ends = np.concatenate([matches.left, matches.right])
    others = np.concatenate([matches.right, matches.left])
    rules = np.concatenate([matches.rule, matches.rule])
    inside = label[ends] == label[others]
    links = pd.DataFrame({"row": ends[inside], "other": others[inside], "rule": rules[inside]})
    first = links.drop_duplicates("row").set_index("row").loc[rows]  # clusters are connected
    return first["other"].to_numpy(dtype=np.int64), first["rule"].to_numpy(dtype=np.int64)


def merged_records(
    table: pd.DataFrame, fields: LeadFields, found: Duplicates, settings: DedupeSettings
) -> pd.DataFrame:
    """One golden record per cluster (see ``leadq.match.survive.merge_clusters``)."""
    columns: Sequence[str] = ["lead_id", *input_columns(table)]
    merged = merge_clusters(table, fields, columns, found.clusters.label, found.rank, settings)
    merged.insert(0, "cluster_id", np.arange(1, len(merged) + 1))
    return merged


def mark_duplicates(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """The score pipeline's stage: add the cluster columns when the rules turn it on."""
    settings = context.rules.dedupe
    if settings is None or not settings.in_score:
        return table
    fields = context.fields(table)
    found = find_duplicates(table, fields, settings, context.settings.workers)
    columns = duplicate_columns(found, table["lead_id"], settings)
    if settings.add_to_survivor:
        pooled = pool_engagement(fields, found.clusters, settings.add_to_survivor)
        columns["engagement_added"] = engagement_added(fields, pooled)
        context.typed_inputs.update(pooled)  # what the later stages' rules read
    return pd.concat([table, columns], axis=1)
