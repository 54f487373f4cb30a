"""``extend:`` chains: reading a file and the files it extends, then merging them base-first.

The packaged default rules are found through a ``default`` callable the caller passes in, so
``leadq.ruleset`` decides where they live (and tests can point it elsewhere).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import yaml

from leadq.conditions import unknown_word
from leadq.errors import InputError
from leadq.rules_activities import merge_activities
from leadq.rules_crm import merge_crm
from leadq.rules_dedupe import merge_dedupe
from leadq.rules_enrich import merge_enrich
from leadq.rules_intent import merge_intent
from leadq.rules_junk import merge_junk
from leadq.rules_money import merge_rates
from leadq.rules_routing import merge_routing
from leadq.rules_sections import FileReader, RawCategory, RawFile, RawRule
from leadq.rules_yaml import Problems, Source, compose, join_path

MAX_EXTEND_DEPTH = 16
DEFAULT_SOURCE = "default"

DefaultSource = Callable[[], Source]


def _identity(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def path_source(path: str | Path) -> Source:
    return Source(str(path), _identity(Path(path)), Path(path))


def _extend_source(child: Source, target: str, default: DefaultSource) -> Source:
    """Where ``extend: target`` points: the packaged default, or a path next to the child."""
    if target == DEFAULT_SOURCE:
        return default()
    if isinstance(child.location, Path):
        location = child.location.parent / target
        label = os.path.normpath(os.path.join(os.path.dirname(child.label), target))
        return Source(label, _identity(location), location)
    return Source(target, f"{child.key}/{target}", join_path(child.folder, target))


def resolve(
    source: Source, problems: Problems, chain: tuple[Source, ...], default: DefaultSource
) -> RawFile | None:
    """Read a file and, recursively, the files it extends; None when a file could not be read.

    ``default`` gives the source that ``extend: default`` names; it is called only when needed.
    """
    root = compose(source, problems)
    if root is None:
        return None
    raw = FileReader(source, problems).read(root)
    if raw.extend is None:
        return _drop_disabled(raw)
    base = _resolve_base(source, raw.extend, problems, (*chain, source), default)
    return _merge(base, raw, problems) if base is not None else None


def _resolve_base(
    source: Source,
    extend: tuple[str, yaml.Node],
    problems: Problems,
    chain: tuple[Source, ...],
    default: DefaultSource,
) -> RawFile | None:
    target, node = extend
    base = _extend_source(source, target, default)
    if any(seen.key == base.key for seen in chain):
        cycle = " -> ".join([*(seen.label for seen in chain), base.label])
        problems.add(source.label, node, "extend", f"extend cycle: {cycle}")
        return None
    if len(chain) >= MAX_EXTEND_DEPTH:
        problems.add(
            source.label, node, "extend", f"more than {MAX_EXTEND_DEPTH} files extend each other"
        )
        return None
    try:
        return resolve(base, problems, chain, default)
    except InputError as error:
        message = f"cannot extend {target!r}: {error.message} ({base.label})"
        problems.add(source.label, node, "extend", message)
        return None


def _drop_disabled(raw: RawFile) -> RawFile:
    raw.disqualify = [rule for rule in raw.disqualify if rule.enabled]
    raw.quality = [rule for rule in raw.quality if rule.enabled]
    for category in raw.score.values():
        category.rules = [rule for rule in category.rules if rule.enabled]
    return raw


def _merge(base: RawFile, child: RawFile, problems: Problems) -> RawFile:
    """The child's sections laid over the base's, as the rule-file format documents."""
    merged = RawFile(child.label, version=child.version)
    merged.region = child.region or base.region
    merged.currency = child.currency or base.currency
    merged.missing_values = (
        child.missing_values if child.missing_values is not None else base.missing_values
    )
    merged.columns = {name: list(aliases) for name, aliases in base.columns.items()}
    for name, aliases in child.columns.items():
        merged.columns.setdefault(name, []).extend(aliases)
    merged.fields = {**base.fields, **child.fields}
    merged.lists = {**base.lists, **child.lists}
    merged.disqualify = _merge_rules(base.disqualify, child.disqualify, problems)
    merged.quality = _merge_rules(base.quality, child.quality, problems)
    merged.score = _merge_score(base.score, child.score, problems)
    merged.grades = child.grades if child.grades is not None else base.grades
    merged.stages = child.stages if child.stages is not None else base.stages
    merged.dedupe = merge_dedupe(base.dedupe, child.dedupe, problems)
    merged.crm = merge_crm(base.crm, child.crm)
    merged.currency_rates = merge_rates(base.currency_rates, child.currency_rates, base.currency)
    merged.routing = merge_routing(base.routing, child.routing)
    merged.enrich = merge_enrich(base.enrich, child.enrich)
    merged.intent = merge_intent(base.intent, child.intent)
    merged.junk = merge_junk(base.junk, child.junk)
    merged.activities = merge_activities(base.activities, child.activities)
    return merged


def _merge_rules(base: list[RawRule], child: list[RawRule], problems: Problems) -> list[RawRule]:
    """Same id replaces in place, ``enabled: false`` removes, new ids are appended."""
    result: list[RawRule | None] = list(base)
    where = {rule.id: index for index, rule in enumerate(base)}
    for rule in child:
        if rule.broken:
            result.append(rule)
        elif rule.id in where:
            result[where[rule.id]] = rule if rule.enabled else None
        elif rule.enabled:
            result.append(rule)
        else:
            hint = unknown_word("rule", rule.id, where).removeprefix(f"unknown rule {rule.id!r}")
            message = (
                f"cannot disable rule {rule.id!r}: the extended rules have no such rule here{hint}"
            )
            problems.add(rule.file, rule.node, rule.path, message)
    return [rule for rule in result if rule is not None]


def _merge_score(
    base: dict[str, RawCategory], child: dict[str, RawCategory], problems: Problems
) -> dict[str, RawCategory]:
    merged = dict(base)
    for name, category in child.items():
        if name not in base:
            merged[name] = _drop_disabled_rules(category, problems)
            continue
        cap = category.cap if category.cap_given else base[name].cap
        rules = _merge_rules(base[name].rules, category.rules, problems)
        merged[name] = RawCategory(name, cap, category.cap_given or base[name].cap_given, rules)
    return merged


def _drop_disabled_rules(category: RawCategory, problems: Problems) -> RawCategory:
    """A category new in the child: disabling one of its rules disables nothing in the base."""
    rules = _merge_rules([], category.rules, problems)
    return RawCategory(category.name, category.cap, category.cap_given, rules)
