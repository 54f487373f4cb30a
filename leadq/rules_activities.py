"""The ``activities:`` section of a rule file: read with positions, merged over ``extend:``, built.

It says how to read an activity log given with ``--activities`` (its own header aliases), which
keys link a log row to a lead (in priority order), which words of the log's outcome column mean
which event type, which event types are our contact attempts and which are the lead answering,
and how events earn engagement points (per event type, channel and page/asset) and lose them with
age (a half-life or steps).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, cast

import yaml

from leadq.conditions import node_int, node_number, node_text, unknown_word
from leadq.load import header_key
from leadq.rules_yaml import (
    Header,
    Problems,
    Written,
    chosen_keys,
    headers_per_field,
    kind,
    where,
)

if TYPE_CHECKING:
    from leadq.rules_sections import FileReader


class ActivityKey(StrEnum):
    """What links a log row to a lead."""

    LEAD_ID = "lead_id"  # the lead's id, exactly as the leads' lead_id column shows it
    EMAIL = "email"  # the same mailbox: case, gmail dots and +tags ignored (as --against)
    PHONE = "phone"  # the same number in E.164 (read in the log's country, else defaults.region)


# The log's fields: the keys, the event's time, and what happened.
ACTIVITY_FIELDS = (
    "lead_id", "email", "phone", "country", "timestamp", "channel", "outcome", "page",
)  # fmt: skip
SECTION_KEYS = (
    "columns", "match_on", "shared_by_at_most", "outcomes", "attempts", "answered", "decay",
    "points",
)  # fmt: skip
POINTS_KEYS = ("id", "event", "channel", "page", "points", "enabled")
FILTER_KEYS = ("event", "channel", "page")
STEP_KEYS = ("within_days", "factor")
RULE_ID = re.compile(r"[a-z0-9_.-]+")
TYPE_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Decay:
    """How an event's points shrink with its age in whole days before ``--as-of``.

    ``half_life_days``: points * 0.5 ** (age / half_life). Otherwise ``steps``: (within_days,
    factor) pairs, ascending; an event at most ``within_days`` old keeps ``factor`` of its
    points, one older than the last step keeps none.
    """

    half_life_days: float | None = None
    steps: tuple[tuple[int, float], ...] = ()


@dataclass(frozen=True)
class EventPoints:
    """Points for an event; the first rule of ``points:`` that matches an event gives them.

    An empty filter matches every event; ``pages`` match when the page/asset contains any of
    them, ignoring case; ``channels`` compare like headers (case, spaces, punctuation ignored).
    """

    id: str
    events: tuple[str, ...]
    channels: tuple[str, ...]
    pages: tuple[str, ...]
    points: int


@dataclass(frozen=True)
class ActivitySettings:
    """How ``--activities`` logs are read, matched to leads and turned into columns."""

    columns: Mapping[str, tuple[str, ...]]  # log field -> header aliases (its name matches too)
    match_on: tuple[ActivityKey, ...] = tuple(ActivityKey)  # first key that finds a lead wins
    shared_by_at_most: int = 10  # a key held by more leads ("test@test.com") links no event
    outcomes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # type -> words
    attempts: tuple[str, ...] = ()  # event types that are our tries to reach the lead
    answered: tuple[str, ...] = ()  # event types in which the lead answered us
    decay: Decay = Decay(half_life_days=30.0)
    points: tuple[EventPoints, ...] = ()


@dataclass
class RawPoints:
    """One rule of ``points:`` as written, for merging by id."""

    id: str
    node: yaml.Node
    path: str
    file: str
    enabled: bool
    filters: dict[str, Written]  # event / channel / page -> the words
    points: int


@dataclass
class RawActivities:
    """One file's ``activities:`` section, or the effective section of an ``extend:`` chain."""

    columns: dict[str, list[Written]] = field(default_factory=dict)
    outcomes: dict[str, list[Written]] = field(default_factory=dict)
    settings: dict[str, Written] = field(default_factory=dict)
    points: list[RawPoints] = field(default_factory=list)


class ActivitiesReader:
    """Reads an ``activities:`` mapping, reporting through the file's reader."""

    def __init__(self, reader: FileReader) -> None:
        self.reader = reader
        self.raw = RawActivities()

    def written(self, value: object, node: yaml.Node, path: str) -> Written:
        return Written(value, node, path, self.reader.file)

    def read(self, node: yaml.Node, path: str) -> RawActivities:
        keys = self.reader.keys(
            node, path, SECTION_KEYS, "a mapping such as {columns: ..., match_on: [...]}"
        )
        readers = {
            "columns": self._read_columns,
            "match_on": self._read_match_on,
            "shared_by_at_most": self._read_shared,
            "outcomes": self._read_outcomes,
            "attempts": self._read_types,
            "answered": self._read_types,
            "decay": self._read_decay,
            "points": self._read_points,
        }
        for name, read in readers.items():
            if name in keys:
                read(keys[name], f"{path}.{name}")
        return self.raw

    def _read_columns(self, node: yaml.Node, path: str) -> None:
        for name, key_node, value in self.reader.entries(
            node, path, "a mapping of log field: [header, ...]"
        ):
            where = f"{path}.{name}"
            if name not in ACTIVITY_FIELDS:
                message = unknown_word("activity log field", name, ACTIVITY_FIELDS)
                self.reader.report(key_node, where, message)
                continue
            headers = self._words(value, where, "[date, event time]")
            self.raw.columns[name] = [self.written(text, item, where) for text, item in headers]

    def _read_match_on(self, node: yaml.Node, path: str) -> None:
        words = self._words(node, path, "[lead_id, email]")
        choices = [key.value for key in ActivityKey]
        chosen = chosen_keys(self.reader.report, words, node, path, choices, "[lead_id, email]")
        self.raw.settings["match_on"] = self.written(tuple(map(ActivityKey, chosen)), node, path)

    def _read_shared(self, node: yaml.Node, path: str) -> None:
        limit = node_int(node)
        if limit is None or limit < 1:
            self.reader.report(node, path, f"needs a whole number, 1 or more; found {kind(node)}")
            return
        self.raw.settings["shared_by_at_most"] = self.written(limit, node, path)

    def _read_outcomes(self, node: yaml.Node, path: str) -> None:
        for name, key_node, value in self.reader.entries(
            node, path, "a mapping of event type: [word, ...]"
        ):
            where = f"{path}.{name}"
            if not TYPE_NAME.fullmatch(name):
                message = f"an event type uses lower-case letters, digits and '_'; got {name!r}"
                self.reader.report(key_node, where, message)
                continue
            words = self._words(value, where, "[no answer, недозвон, nie odebrano]")
            self.raw.outcomes[name] = [self.written(text, item, where) for text, item in words]

    def _read_types(self, node: yaml.Node, path: str) -> None:
        key = path.rsplit(".", 1)[-1]  # attempts or answered
        self.raw.settings[key] = self._names(node, path, "[answered, no_answer]")

    def _names(self, node: yaml.Node, path: str, example: str) -> Written:
        """A text or a list of texts, kept as (text, node) pairs for checks after merging."""
        return self.written(tuple(self._words(node, path, example)), node, path)

    def _read_decay(self, node: yaml.Node, path: str) -> None:
        keys = self.reader.keys(
            node, path, ("half_life_days", "steps"), "{half_life_days: 30} or {steps: [...]}"
        )
        if ("half_life_days" in keys) == ("steps" in keys):
            message = "needs exactly one of half_life_days: N or steps: [{within_days, factor}]"
            self.reader.report(node, path, message)
            return
        if "half_life_days" in keys:
            days = node_number(keys["half_life_days"])
            if days is None or days <= 0:
                message = f"needs a number of days above 0; found {kind(keys['half_life_days'])}"
                self.reader.report(keys["half_life_days"], f"{path}.half_life_days", message)
                return
            self.raw.settings["decay"] = self.written(Decay(half_life_days=days), node, path)
            return
        steps = self._steps(keys["steps"], f"{path}.steps")
        if steps is not None:
            self.raw.settings["decay"] = self.written(Decay(steps=steps), node, path)

    def _steps(self, node: yaml.Node, path: str) -> tuple[tuple[int, float], ...] | None:
        example = "[{within_days: 7, factor: 1}, {within_days: 30, factor: 0.5}]"
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.reader.report(node, path, f"needs a list such as {example}; found {kind(node)}")
            return None
        steps: list[tuple[int, float]] = []
        for index, item in enumerate(node.value):
            step = self._step(item, f"{path}[{index}]", steps[-1][0] if steps else -1)
            if step is None:
                return None
            steps.append(step)
        return tuple(steps)

    def _step(self, node: yaml.Node, path: str, previous: int) -> tuple[int, float] | None:
        keys = self.reader.keys(node, path, STEP_KEYS, "{within_days: 7, factor: 1}")
        if set(keys) != set(STEP_KEYS):
            self.reader.report(node, path, "each step needs within_days: N and factor: 0..1")
            return None
        days, factor = node_int(keys["within_days"]), node_number(keys["factor"])
        if days is None or days <= previous:
            message = (
                f"needs a whole number of days above {previous}; found {kind(keys['within_days'])}"
            )
            self.reader.report(keys["within_days"], f"{path}.within_days", message)
            return None
        if factor is None or not 0 <= factor <= 1:
            message = f"needs a number from 0 to 1; found {kind(keys['factor'])}"
            self.reader.report(keys["factor"], f"{path}.factor", message)
            return None
        return days, factor

    def _read_points(self, node: yaml.Node, path: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            example = "[{id: webinar, event: webinar, points: 15}]"
            message = f"needs a list of rules such as {example}; found {kind(node)}"
            self.reader.report(node, path, message)
            return
        seen: dict[str, yaml.Node] = {}
        for index, item in enumerate(node.value):
            rule = self._points_rule(item, f"{path}[{index}]", seen)
            if rule is not None:
                self.raw.points.append(rule)

    def _points_rule(
        self, node: yaml.Node, path: str, seen: dict[str, yaml.Node]
    ) -> RawPoints | None:
        keys = self.reader.keys(node, path, POINTS_KEYS, "{id: ..., event: ..., points: N}")
        if not isinstance(node, yaml.MappingNode):
            return None
        rule_id = self._rule_id(node, keys.get("id"), path, seen)
        enabled = self.reader.flag(keys.get("enabled"), f"{path}.enabled", default=True)
        points = node_int(keys["points"]) if "points" in keys else None
        if points is None and enabled is not False:
            found = kind(keys["points"]) if "points" in keys else "nothing"
            message = f"needs 'points:', a whole number (may be negative); found {found}"
            self.reader.report(keys.get("points", node), f"{path}.points", message)
        filters = {
            name: self._names(keys[name], f"{path}.{name}", "[visited, clicked]")
            for name in FILTER_KEYS
            if name in keys
        }
        if rule_id is None or (points is None and enabled is not False):
            return None
        return RawPoints(
            rule_id, node, path, self.reader.file, enabled is not False, filters, points or 0
        )

    def _rule_id(
        self, node: yaml.Node, id_node: yaml.Node | None, path: str, seen: dict[str, yaml.Node]
    ) -> str | None:
        rule_id = node_text(id_node) if id_node is not None else None
        if id_node is None or rule_id is None or not RULE_ID.fullmatch(rule_id):
            found = kind(id_node) if id_node is not None else "nothing"
            message = (
                f"needs an 'id:' of lower-case letters, digits, '_', '.' and '-'; found {found}"
            )
            self.reader.report(id_node or node, f"{path}.id", message)
            return None
        if rule_id in seen:
            first, line = where(seen[rule_id])[0], where(id_node)[0]
            message = f"rule id {rule_id!r} is used twice, on lines {first} and {line}"
            self.reader.report(id_node, f"{path}.id", message)
            return None
        seen[rule_id] = id_node
        return rule_id

    def _words(self, node: yaml.Node, path: str, example: str) -> list[tuple[str, yaml.Node]]:
        """The non-empty texts of a text or a list of texts, each with its node."""
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if isinstance(node, yaml.MappingNode):
            self.reader.report(
                node, path, f"needs a text or a list such as {example}; found {kind(node)}"
            )
            return []
        result = []
        for index, item in enumerate(items):
            text = node_text(item)
            if text is None or not text.strip():
                self.reader.report(item, f"{path}[{index}]", f"needs a text; found {kind(item)}")
            else:
                result.append((text.strip(), item))
        return result


# --------------------------------------------------------------------------- merging, building


def merge_activities(
    base: RawActivities | None, child: RawActivities | None
) -> RawActivities | None:
    """The child's settings over the base's; header aliases and outcome words added to the
    base's; ``points:`` rules merged by id (the same id replaces, a new one is appended)."""
    if base is None or child is None:
        return child if base is None else base
    return RawActivities(
        _added(base.columns, child.columns),
        _added(base.outcomes, child.outcomes),
        {**base.settings, **child.settings},
        _merged_points(base.points, child.points),
    )


def _added(
    base: dict[str, list[Written]], child: dict[str, list[Written]]
) -> dict[str, list[Written]]:
    merged = {name: list(words) for name, words in base.items()}
    for name, words in child.items():
        merged.setdefault(name, []).extend(words)
    return merged


def _merged_points(base: list[RawPoints], child: list[RawPoints]) -> list[RawPoints]:
    merged = list(base)
    position = {rule.id: index for index, rule in enumerate(base)}
    for rule in child:
        if rule.id in position:
            merged[position[rule.id]] = rule
        else:
            position[rule.id] = len(merged)
            merged.append(rule)
    return merged


def build_activities(raw: RawActivities | None, problems: Problems) -> ActivitySettings | None:
    """The typed settings; unknown event types and a word under two types reported."""
    if raw is None:
        return None
    outcomes = _checked_outcomes(raw.outcomes, problems)
    types = tuple(outcomes)
    chosen = {
        key: _known_types(raw.settings[key], types, problems)
        for key in ("attempts", "answered")
        if key in raw.settings
    }
    points = tuple(_built_points(rule, types, problems) for rule in raw.points if rule.enabled)
    values = {
        key: raw.settings[key].value
        for key in ("match_on", "shared_by_at_most", "decay")
        if key in raw.settings
    }
    return ActivitySettings(
        columns=_checked_columns(raw.columns, problems),
        outcomes=outcomes,
        points=points,
        **chosen,  # type: ignore[arg-type]
        **values,  # type: ignore[arg-type]
    )


def _checked_columns(
    columns: dict[str, list[Written]], problems: Problems
) -> dict[str, tuple[str, ...]]:
    """Aliases per log field; one header maps to one field (ignoring case and spaces)."""
    headers = {
        name: [Header(str(alias.value), alias.node, alias.file, alias.path) for alias in aliases]
        for name, aliases in columns.items()
    }
    return headers_per_field(headers, problems)


def _checked_outcomes(
    outcomes: dict[str, list[Written]], problems: Problems
) -> dict[str, tuple[str, ...]]:
    """Words per event type; a word (compared like headers) means one event type."""
    owner = {header_key(name): name for name in outcomes}
    result: dict[str, tuple[str, ...]] = {}
    for name, words in outcomes.items():
        kept = []
        for word in words:
            key = header_key(str(word.value))
            if owner.setdefault(key, name) != name:
                message = (
                    f"{word.value!r} is already an outcome of {owner[key]!r}; "
                    "a word means one event type"
                )
                problems.add(word.file, word.node, word.path, message)
            else:
                kept.append(str(word.value))
        result[name] = tuple(kept)
    return result


def _known_types(written: Written, types: tuple[str, ...], problems: Problems) -> tuple[str, ...]:
    """The event types named in ``written`` (texts with their nodes); unknown ones reported."""
    known = []
    for index, (name, node) in enumerate(_named(written)):
        if name in types:
            known.append(name)
        else:
            message = (
                unknown_word("event type", name, types)
                + " (event types are the keys of activities: outcomes)"
            )
            problems.add(written.file, node, f"{written.path}[{index}]", message)
    return tuple(known)


def _built_points(rule: RawPoints, types: tuple[str, ...], problems: Problems) -> EventPoints:
    filters = {
        name: tuple(text for text, _ in _named(written)) for name, written in rule.filters.items()
    }
    if "event" in rule.filters:
        _known_types(rule.filters["event"], types, problems)
    return EventPoints(
        id=rule.id,
        events=filters.get("event", ()),
        channels=filters.get("channel", ()),
        pages=filters.get("page", ()),
        points=rule.points,
    )


def _named(written: Written) -> tuple[tuple[str, yaml.Node], ...]:
    """The (text, node) pairs a list of names was read into."""
    return cast(tuple[tuple[str, yaml.Node], ...], written.value)
