"""The typed rule set that loading a rule file produces: rules, score categories, grades."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from leadq.conditions import Condition
from leadq.schema import FieldType, Stage

if TYPE_CHECKING:
    from leadq.match.model import DedupeSettings
    from leadq.routing.model import RoutingSettings
    from leadq.rules_activities import ActivitySettings
    from leadq.rules_crm import CrmSettings
    from leadq.rules_enrich import EnrichSettings
    from leadq.rules_intent import IntentSettings
    from leadq.rules_junk import JunkSettings


@dataclass(frozen=True)
class Position:
    """Where something was written: file as shown to the user, 1-based line and column."""

    file: str
    line: int
    column: int


@dataclass(frozen=True)
class Rule:
    """One rule: its id, condition, points (0 for disqualify rules) and readable reason."""

    id: str
    when: Condition
    points: int
    reason: str
    position: Position


@dataclass(frozen=True)
class ScoreCategory:
    """A score category; its points are clipped to at most ``cap`` when a cap is set."""

    name: str
    cap: int | None
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Grade:
    """A grade band; ``at_least`` is None only for the last, catch-all band."""

    name: str
    at_least: float | None


@dataclass(frozen=True)
class RuleSet:
    """A validated rule file, its ``extend:`` chain already merged in."""

    source: str
    version: int
    region: str
    currency: str
    missing_values: frozenset[str]
    columns: Mapping[str, tuple[str, ...]]
    fields: Mapping[str, FieldType]
    lists: Mapping[str, tuple[str, ...]]
    disqualify: tuple[Rule, ...]
    score: tuple[ScoreCategory, ...]
    quality: tuple[Rule, ...]
    grades: tuple[Grade, ...]
    stages: Mapping[Stage, Condition]
    dedupe: DedupeSettings | None = None  # None: the rule file has no dedupe: section
    crm: CrmSettings | None = None  # None: the rule file has no crm: section
    # currency_rates: one unit of each currency in the rule set's currency (its own: 1.0)
    currency_rates: Mapping[str, float] = field(default_factory=dict)
    routing: RoutingSettings | None = None  # None: the rule file has no queues: section
    enrich: EnrichSettings | None = None  # None: the rule file has no enrich: section
    intent: IntentSettings | None = None  # None: the rule file has no intent: section
    junk: JunkSettings | None = None  # None: the rule file has no junk: section
    activities: ActivitySettings | None = None  # None: the rule file has no activities: section
