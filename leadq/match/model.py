"""The typed ``dedupe:`` section of a rule file: what to compare, how to pair, what matches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from leadq.rules_model import Position
from leadq.schema import FieldType


class KeyKind(StrEnum):
    """How a field's text becomes the key that blocking and comparison see."""

    NAME = "name"  # transliterated, case- and accent-folded words; order does not matter
    TEXT = "text"  # transliterated, case- and accent-folded words, in order
    EMAIL = "email"  # lower case, gmail dots and +tags removed
    PHONE = "phone"  # digits only
    ID = "id"  # letters and digits only, upper case (tax ids, passport numbers)
    EXACT = "exact"  # trimmed and case-folded, nothing else
    DATE = "date"
    NUMBER = "number"


class Similarity(StrEnum):
    """How two keys are compared; every measure gives 0 (different) .. 1 (equal)."""

    EXACT = "exact"
    JARO_WINKLER = "jaro_winkler"
    RATIO = "ratio"  # normalized Indel (Levenshtein without substitutions)
    TOKEN_SET = "token_set"
    TOKEN_SORT = "token_sort"
    NAME = "name"  # Jaro-Winkler, the better of the words in order and sorted
    DAYS = "days"  # 1 on the same day, falling to 0 at ``window`` days apart
    RELATIVE = "relative"  # 1 - |a - b| / max(|a|, |b|)


class Derivation(StrEnum):
    """A blocking key derived from a compared field, written ``field.derivation``."""

    INITIALS = "initials"  # first letter of every word, sorted: survives typos and swapped names


DEFAULT_SIMILARITY: Mapping[KeyKind, Similarity] = MappingProxyType(
    {
        KeyKind.NAME: Similarity.NAME,
        KeyKind.TEXT: Similarity.RATIO,
        KeyKind.EMAIL: Similarity.EXACT,
        KeyKind.PHONE: Similarity.EXACT,
        KeyKind.ID: Similarity.EXACT,
        KeyKind.EXACT: Similarity.EXACT,
        KeyKind.DATE: Similarity.DAYS,
        KeyKind.NUMBER: Similarity.RELATIVE,
    }
)
TEXT_SIMILARITIES = frozenset(
    {
        Similarity.EXACT,
        Similarity.JARO_WINKLER,
        Similarity.RATIO,
        Similarity.TOKEN_SET,
        Similarity.TOKEN_SORT,
        Similarity.NAME,
    }
)
ALLOWED_SIMILARITIES: Mapping[KeyKind, frozenset[Similarity]] = MappingProxyType(
    {
        **{kind: TEXT_SIMILARITIES for kind in KeyKind},
        KeyKind.DATE: frozenset({Similarity.EXACT, Similarity.DAYS}),
        KeyKind.NUMBER: frozenset({Similarity.EXACT, Similarity.RELATIVE}),
    }
)


@dataclass(frozen=True)
class MatchField:
    """One compared field: a name used in blocking and rules, and the lead field it reads."""

    name: str
    sources: tuple[str, ...]  # fields a rule may name; several are joined with spaces
    kind: KeyKind
    similarity: Similarity
    window: float = 365.0  # days, for Similarity.DAYS
    ignore: tuple[str, ...] = ()  # values that identify nobody ("private person"): missing


@dataclass(frozen=True)
class Requirement:
    """One part of a match rule: ``field`` is the same, or at least ``at_least`` similar."""

    field: str
    at_least: float | None  # None: the keys must be equal
    missing_ok: bool = False  # also holds when either side has no value
    # holds only when the value is held by at most this many rows (not a switchboard number)
    shared_by_at_most: int | None = None

    def describe(self) -> str:
        test = "same" if self.at_least is None else f">= {self.at_least:g}"
        if self.shared_by_at_most is not None:
            test += f" (shared by at most {self.shared_by_at_most} rows)"
        return f"{self.field} {test}" + (" or missing" if self.missing_ok else "")


@dataclass(frozen=True)
class MatchRule:
    """Two records are duplicates when every requirement of any one rule holds."""

    id: str
    requires: tuple[Requirement, ...]
    position: Position


class Survivor(StrEnum):
    """Criteria choosing a cluster's survivor (its primary row), applied in order."""

    MOST_COMPLETE = "most_complete"  # most non-empty input cells
    MOST_RECENT = "most_recent"  # latest ``created``
    OLDEST = "oldest"  # earliest ``created``
    SOURCE_PRIORITY = "source_priority"  # earliest in ``source_priority``


class MergeRule(StrEnum):
    """How ``--merge`` picks one value per column from a cluster's rows (empty cells skipped)."""

    SURVIVOR = "survivor"  # the survivor's, else the next row's in survivorship order
    MOST_RECENT = "most_recent"
    LONGEST = "longest"
    MOST_FREQUENT = "most_frequent"
    SOURCE_PRIORITY = "source_priority"
    ALL = "all"  # every distinct value, "; "-joined


DEFAULT_LEVELS = (1.0, 0.92, 0.8)  # similarity bands of match weights: equal, very close, close
WEIGHTS_RULE_ID = "weights"  # the match reason of a pair that the weights, not a rule, matched


@dataclass(frozen=True)
class WeightSettings:
    """``dedupe: weights:``: a Fellegi-Sunter model over these fields, estimated from the data."""

    threshold: float  # the match probability a pair needs, 0..1
    fields: tuple[str, ...]  # compared fields that give evidence
    levels: tuple[float, ...] = DEFAULT_LEVELS  # similarity bands, highest first


# The field types a cluster can pool on its survivor (``add_to_survivor``): numbers are summed,
# yes/no is yes when any row says yes, dates take the latest.
POOLABLE = (FieldType.NUMBER, FieldType.BOOL, FieldType.DATE)


@dataclass(frozen=True)
class DedupeSettings:
    """The effective ``dedupe:`` section (defaults filled in)."""

    fields: tuple[MatchField, ...]
    blocking: tuple[tuple[str, ...], ...]
    rules: tuple[MatchRule, ...]
    max_block_size: int = 1000
    min_centre_similarity: float = 0.6
    survivor: tuple[Survivor, ...] = (Survivor.MOST_COMPLETE, Survivor.MOST_RECENT)
    source_priority: tuple[str, ...] = ()
    merge: Mapping[str, MergeRule] = field(default_factory=dict)  # column or field -> rule
    merge_default: MergeRule = MergeRule.SURVIVOR
    in_score: bool = False  # mark duplicates during ``leadq score``
    add_to_survivor: tuple[str, ...] = ()  # fields a cluster pools on its survivor in score
    weights: WeightSettings | None = None  # match weights besides the rules

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The match reasons by rule index: the rules' ids, then ``weights`` when used."""
        ids = tuple(rule.id for rule in self.rules)
        return ids + ((WEIGHTS_RULE_ID,) if self.weights is not None else ())

    def field(self, name: str) -> MatchField:
        return next(f for f in self.fields if f.name == name)
