"""The learned rules as a readable rule file in leadq's own format, every rule commented."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from anyascii import anyascii

from leadq.learning.features import Bin, Feature

LEARNED_CATEGORY = "learned"
FIT_CATEGORY = "fit"
MAX_ID = 40
MAX_LABEL = 60


@dataclass(frozen=True)
class LearnedRule:
    """A bin that earned points, with what it was learned from."""

    id: str
    feature: Feature
    bin: Bin
    points: int
    comment: str  # "312 leads (20.8 %), 41.0 % converted"


@dataclass(frozen=True)
class Thresholds:
    """Score levels of the grades A, B, C (D below) and of the stages sql and mql."""

    grades: tuple[tuple[str, int], ...]
    sql: int | None
    mql: int | None


def rule_id(feature: Feature, label: str, taken: set[str]) -> str:
    """``plan.enterprise``, ``employees.50_to_under_200``: lower case, unique."""
    slug = re.sub(r"[^a-z0-9]+", "_", anyascii(label).casefold()).strip("_")[:MAX_ID] or "value"
    base = f"{feature.field}.{slug}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


def one_line(text: str) -> str:
    """A value fit for a comment: one line, at most 60 characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_LABEL else flat[: MAX_LABEL - 3] + "..."


def flow(value: Any) -> str:
    """A value as one line of YAML flow style (what a person writes in a rule file)."""
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=1 << 20, sort_keys=False
    )
    return text.strip().removesuffix("...").strip()


def render_rule_file(
    header_lines: Sequence[str],
    missing_values: Sequence[str],
    features: Sequence[Feature],
    sections: dict[str, list[LearnedRule]],
    thresholds: Thresholds,
) -> str:
    """The whole file: header comments, the fields it reads, the rules, grades and stages."""
    lines = [f"# {line}".rstrip() for line in header_lines]
    lines += ["version: 1", "", "missing_values: " + flow(sorted(missing_values)), "", "columns:"]
    lines += [f"  {feature.field}: {flow([feature.header])}" for feature in features]
    lines += ["", "fields:"]
    lines += [f"  {feature.field}: {feature.field_type.value}" for feature in features]
    lines += ["", "score:"]
    for category, rules in sections.items():
        lines += [f"  {category}:", "    rules:"] if rules else [f"  {category}: []"]
        for rule in rules:
            lines += [
                f"      # {one_line(rule.feature.header)}: {one_line(rule.bin.label)}: "
                f"{rule.comment}",
                f"      - id: {rule.id}",
                f"        when: {flow(rule.bin.when)}",
                f"        points: {rule.points}",
            ]
    lines += ["", "grades:"]
    lines += [f"  - {{grade: {name}, at_least: {level}}}" for name, level in thresholds.grades]
    lines += ["  - {grade: D}", "", "stages:"]
    if thresholds.sql is not None:
        lines.append(f"  sql: {{when: {{field: score, at_least: {thresholds.sql}}}}}")
    if thresholds.mql is not None:
        lines.append(f"  mql: {{when: {{field: score, at_least: {thresholds.mql}}}}}")
    if thresholds.sql is None and thresholds.mql is None:
        lines[-1] = "stages: {}"
    return "\n".join(lines) + "\n"
