"""Linking two tables: which records of table A appear in table B (``leadq dedupe a --link b``).

The two tables are keyed and blocked as one, by the same ``dedupe:`` fields and rules, but only
pairs with one side in each table are compared. Every row of A is kept; each gets the B record
it matches best (highest mean field similarity, then the earliest B row) and how many matched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadq.fields import LeadFields
from leadq.match.blocking import SkippedBlocks, block_rows
from leadq.match.decide import NO_RULE
from leadq.match.find import SCORE_DECIMALS, fitted_judge, match_pairs
from leadq.match.keys import blocking_keys, field_keys
from leadq.match.model import DedupeSettings

NO_LINK = -1


@dataclass(frozen=True)
class Links:
    """Per row of A: its best match in B (a row position of the joint table, ``NO_LINK``)."""

    match: np.ndarray
    rule: np.ndarray  # the first match rule that holds with that record
    score: np.ndarray  # mean field similarity with it, NaN without a match
    count: np.ndarray  # how many records of B matched
    compared: int
    skipped: tuple[SkippedBlocks, ...]


@dataclass(frozen=True)
class LinkReport:
    """Counts for the summary."""

    rows: int
    linked_rows: int
    compared_pairs: int
    skipped: tuple[SkippedBlocks, ...]
    max_block_size: int

    @classmethod
    def of(cls, links: Links, settings: DedupeSettings) -> LinkReport:
        return cls(
            rows=len(links.match),
            linked_rows=int((links.match != NO_LINK).sum()),
            compared_pairs=links.compared,
            skipped=links.skipped,
            max_block_size=settings.max_block_size,
        )


def find_links(
    table: pd.DataFrame,
    fields: LeadFields,
    settings: DedupeSettings,
    first_of_b: int,
    workers: int = 1,
) -> Links:
    """Match rows ``[0, first_of_b)`` of ``table`` (A) with rows ``[first_of_b, end)`` (B)."""
    keys = field_keys(fields, settings.fields)
    blocks = block_rows(
        blocking_keys(keys, settings.blocking), settings.blocking, settings.max_block_size
    )
    judge = fitted_judge(
        keys, settings, lambda key: _across(blocks.pairs_of(key), first_of_b), len(table), workers
    )
    matches = match_pairs(_across(blocks.pairs(), first_of_b), judge)
    _, score = judge(matches.left, matches.right)
    best = (
        pd.DataFrame({"a": matches.left, "b": matches.right, "rule": matches.rule, "score": score})
        .sort_values(["a", "score", "b"], ascending=[True, False, True], kind="stable")
        .drop_duplicates("a")
    )
    match = np.full(first_of_b, NO_LINK, dtype=np.int64)
    rule = np.full(first_of_b, NO_RULE, dtype=np.int64)
    best_score = np.full(first_of_b, np.nan)
    a = best["a"].to_numpy()
    match[a] = best["b"].to_numpy()
    rule[a] = best["rule"].to_numpy()
    best_score[a] = best["score"].to_numpy()
    count = np.bincount(matches.left, minlength=first_of_b)
    return Links(match, rule, best_score, count, matches.compared, blocks.skipped)


def _across(
    pairs: Iterable[tuple[np.ndarray, np.ndarray]], first_of_b: int
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Only the pairs with one row in each table (``left < right``, so ``left`` is in A)."""
    for left, right in pairs:
        across = (left < first_of_b) & (right >= first_of_b)
        yield left[across], right[across]


def link_columns(
    links: Links, lead_ids: pd.Series, source_rows: pd.Series, settings: DedupeSettings
) -> pd.DataFrame:
    """The ``link_*`` columns of A's rows, from the joint table's ``lead_id``/``source_row``."""
    linked = links.match != NO_LINK
    at = np.where(linked, links.match, 0)
    ids = pd.Series(lead_ids.astype("str").to_numpy()[at], dtype="str")
    rows = pd.Series(source_rows.to_numpy()[at], dtype="Int64")
    names = np.array([*settings.rule_ids, ""], dtype=object)
    reasons = pd.Series(names[links.rule], dtype="str")  # NO_RULE (-1) picks ""
    return pd.DataFrame(
        {
            "link_match": ids.mask(~linked),
            "link_row": rows.mask(~linked),
            "link_score": np.round(links.score, SCORE_DECIMALS),
            "link_reason": reasons.mask(~linked),
            "link_count": links.count,
        }
    )
