"""Why a lead got its stage and score: every rule, whether it fired, and what it gave."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from leadq.context import RunContext
from leadq.fields import LeadFields
from leadq.ruleset import Rule

SHOWN_COLUMNS = (
    "lead_id",
    "source_file",
    "source_row",
    "person_name",
    "email_normalized",
    "phone_e164",
    "company_key",
    "stage",
    "grade",
    "score",
    "quality",
    "rank",
)


@dataclass(frozen=True)
class RuleVerdict:
    """One rule's outcome for one lead."""

    section: str  # disqualify, score category name, quality, or stage
    rule_id: str
    fired: bool
    points: int | None
    condition: str
    reason: str = ""
    values: dict[str, object] = field(
        default_factory=dict
    )  # the fields the rule reads, as it saw them


@dataclass(frozen=True)
class Explanation:
    lead: dict[str, object]
    scores: dict[str, int]
    verdicts: list[RuleVerdict]


def explain_lead(qualified: pd.DataFrame, position: int, context: RunContext) -> Explanation:
    """Evaluate every rule on the lead at ``position`` (0-based) of a qualified table."""
    one = qualified.iloc[[position]]
    fields = context.fields(one)
    verdicts = [
        _verdict("disqualify", rule, fields, points=False) for rule in context.rules.disqualify
    ]
    for category in context.rules.score:
        verdicts += [_verdict(category.name, rule, fields, points=True) for rule in category.rules]
    verdicts += [_verdict("quality", rule, fields, points=True) for rule in context.rules.quality]
    for stage, condition in context.rules.stages.items():
        fired = bool(condition.mask(fields).iloc[0])
        values = {
            name: _plain(fields.get(name).iloc[0]) for name in sorted(condition.fields_used())
        }
        verdicts.append(
            RuleVerdict("stage", stage.value, fired, None, condition.describe(), values=values)
        )
    row = one.iloc[0]
    score_columns = [f"score_{category.name}" for category in context.rules.score]
    return Explanation(
        lead={name: _plain(row[name]) for name in SHOWN_COLUMNS if name in one.columns},
        scores={name: int(row[name]) for name in score_columns},
        verdicts=verdicts,
    )


def _verdict(section: str, rule: Rule, fields: LeadFields, *, points: bool) -> RuleVerdict:
    fired = bool(rule.when.mask(fields).iloc[0])
    values = {name: _plain(fields.get(name).iloc[0]) for name in sorted(rule.when.fields_used())}
    return RuleVerdict(
        section,
        rule.id,
        fired,
        rule.points if points else None,
        rule.when.describe(),
        rule.reason,
        values,
    )


def _plain(value: object) -> object:
    if (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and value != value)
    ):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat(sep=" ")
    return value.item() if hasattr(value, "item") else value
