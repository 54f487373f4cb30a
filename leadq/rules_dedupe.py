"""The ``dedupe:`` section of a rule file: read with positions, merged over ``extend:``, built.

Reading checks each value where it stands; building checks what needs the whole merged chain
(compared fields read known lead fields, blocking keys and match rules name compared fields).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

import yaml

from leadq.conditions import node_bool, node_int, node_number, node_text, unknown_word
from leadq.match.model import (
    ALLOWED_SIMILARITIES,
    DEFAULT_LEVELS,
    DEFAULT_SIMILARITY,
    POOLABLE,
    DedupeSettings,
    Derivation,
    KeyKind,
    MatchField,
    MatchRule,
    MergeRule,
    Requirement,
    Similarity,
    Survivor,
    WeightSettings,
)
from leadq.rules_model import Position
from leadq.rules_yaml import Problems, kind, where
from leadq.schema import FieldType

if TYPE_CHECKING:
    from leadq.rules_sections import FileReader

Choice = TypeVar("Choice", KeyKind, Similarity)

SECTION_KEYS = (
    "in_score", "fields", "blocking", "max_block_size", "rules", "min_centre_similarity",
    "survivor", "source_priority", "merge", "add_to_survivor", "weights",
)  # fmt: skip
FIELD_KEYS = ("field", "key", "compare", "window", "ignore")
RULE_KEYS = ("id", "when", "enabled")
WEIGHTS_KEYS = ("threshold", "fields", "levels")
REQUIREMENT_KEYS = ("same", "at_least", "or_missing", "shared_by_at_most")


@dataclass(frozen=True)
class Located:
    """A value with where it was written, for messages after merging."""

    value: object
    node: yaml.Node
    path: str
    file: str


@dataclass(frozen=True)
class RawMatchRule:
    id: str
    enabled: bool
    requires: tuple[tuple[Requirement, Located], ...]
    node: yaml.Node
    path: str
    file: str


@dataclass(frozen=True)
class RawWeights:
    threshold: float
    levels: tuple[float, ...]
    fields: list[tuple[str, yaml.Node]] | None  # None: every compared field


@dataclass
class RawDedupe:
    """One file's ``dedupe:`` section, or the effective section of an ``extend:`` chain."""

    settings: dict[str, Located] = field(default_factory=dict)
    fields: dict[str, tuple[MatchField, Located]] = field(default_factory=dict)
    rules: list[RawMatchRule] = field(default_factory=list)
    broken_fields: set[str] = field(default_factory=set)  # reported already; not reported again


class DedupeReader:
    """Reads a ``dedupe:`` mapping, reporting through the file's reader."""

    def __init__(self, reader: FileReader) -> None:
        self.reader = reader
        self.file = reader.file
        self.raw = RawDedupe()

    def report(self, node: yaml.Node, path: str, message: str) -> None:
        self.reader.report(node, path, message)

    def located(self, value: object, node: yaml.Node, path: str) -> Located:
        return Located(value, node, path, self.file)

    def read(self, node: yaml.Node, path: str) -> RawDedupe:
        keys = self.reader.keys(
            node, path, SECTION_KEYS, "a mapping such as {fields: ..., rules: ...}"
        )
        for name, value in keys.items():
            getattr(self, f"_read_{name}")(value, f"{path}.{name}")
        return self.raw

    # ---- plain settings

    def _read_in_score(self, node: yaml.Node, path: str) -> None:
        value = node_bool(node)
        if value is None:
            self.report(node, path, f"needs true or false; found {kind(node)}")
        else:
            self.raw.settings["in_score"] = self.located(value, node, path)

    def _read_max_block_size(self, node: yaml.Node, path: str) -> None:
        value = node_int(node)
        if value is None or value < 2:
            self.report(node, path, f"needs a whole number, 2 or more; found {kind(node)}")
        else:
            self.raw.settings["max_block_size"] = self.located(value, node, path)

    def _read_min_centre_similarity(self, node: yaml.Node, path: str) -> None:
        value = self._fraction(node, path)
        if value is not None:
            self.raw.settings["min_centre_similarity"] = self.located(value, node, path)

    def _fraction(self, node: yaml.Node, path: str) -> float | None:
        value = node_number(node)
        if value is None or not 0 <= value <= 1:
            self.report(node, path, f"needs a number from 0 to 1, e.g. 0.85; found {kind(node)}")
            return None
        return value

    def _read_survivor(self, node: yaml.Node, path: str) -> None:
        words = self._words(node, path, "[most_complete, most_recent]")
        choices = [s.value for s in Survivor]
        criteria = []
        for index, (word, item) in enumerate(words):
            if word in choices:
                criteria.append(Survivor(word))
            else:
                self.report(item, f"{path}[{index}]", unknown_word("criterion", word, choices))
        self.raw.settings["survivor"] = self.located(tuple(criteria), node, path)

    def _read_source_priority(self, node: yaml.Node, path: str) -> None:
        words = self._words(node, path, "[partner, webinar, website]")
        self.raw.settings["source_priority"] = self.located(
            tuple(word for word, _ in words), node, path
        )

    def _read_add_to_survivor(self, node: yaml.Node, path: str) -> None:
        words = self._words(node, path, "[page_views, webinar]")
        self.raw.settings["add_to_survivor"] = self.located(tuple(words), node, path)

    def _read_weights(self, node: yaml.Node, path: str) -> None:
        keys = self.reader.keys(node, path, WEIGHTS_KEYS, "{threshold: 0.95}")
        if "threshold" not in keys:
            self.report(node, path, "needs 'threshold:', the match probability a pair needs")
            return
        threshold = self._fraction(keys["threshold"], f"{path}.threshold")
        levels = self._levels(keys["levels"], f"{path}.levels") if "levels" in keys else None
        fields = (
            self._words(keys["fields"], f"{path}.fields", "[email, name]")
            if "fields" in keys
            else None
        )
        if threshold is not None:
            self.raw.settings["weights"] = self.located(
                RawWeights(threshold, levels or DEFAULT_LEVELS, fields), node, path
            )

    def _levels(self, node: yaml.Node, path: str) -> tuple[float, ...] | None:
        items = node.value if isinstance(node, yaml.SequenceNode) else []
        read = [node_number(item) for item in items]
        values = [value for value in read if value is not None and 0 < value <= 1]
        falling = all(a > b for a, b in zip(values, values[1:], strict=False))
        if not items or len(values) < len(read) or not falling:
            example = "similarities from 1 down to 0, highest first, e.g. [1, 0.9, 0.75]"
            self.report(node, path, f"needs {example}; found {kind(node)}")
            return None
        return tuple(values)

    def _words(self, node: yaml.Node, path: str, example: str) -> list[tuple[str, yaml.Node]]:
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, path, f"needs a list such as {example}; found {kind(node)}")
            return []
        result = []
        for index, item in enumerate(node.value):
            text = node_text(item)
            if text is None or not text.strip():
                self.report(item, f"{path}[{index}]", f"needs a text; found {kind(item)}")
            else:
                result.append((text.strip(), item))
        return result

    def _read_merge(self, node: yaml.Node, path: str) -> None:
        keys = self.reader.keys(
            node, path, ("default", "columns"), "{default: ..., columns: {...}}"
        )
        if "default" in keys:
            rule = self._merge_rule(keys["default"], f"{path}.default")
            if rule is not None:
                self.raw.settings["merge_default"] = self.located(rule, keys["default"], path)
        if "columns" in keys:
            columns = {}
            for name, _, value in self.reader.entries(
                keys["columns"], f"{path}.columns", "a mapping of column or field: merge rule"
            ):
                rule = self._merge_rule(value, f"{path}.columns.{name}")
                if rule is not None:
                    columns[name] = rule
            self.raw.settings["merge"] = self.located(columns, keys["columns"], path)

    def _merge_rule(self, node: yaml.Node, path: str) -> MergeRule | None:
        text = node_text(node)
        choices = [rule.value for rule in MergeRule]
        if text not in choices:
            self.report(node, path, unknown_word("merge rule", text or kind(node), choices))
            return None
        return MergeRule(text)

    def _read_blocking(self, node: yaml.Node, path: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, path, "needs a list of keys such as [[email], [company, city]]")
            return
        keys = []
        for index, item in enumerate(node.value):
            where_ = f"{path}[{index}]"
            parts = (
                self._words(item, where_, "[company, city]")
                if isinstance(item, yaml.SequenceNode)
                else self._single(item, where_)
            )
            if parts:
                keys.append(self.located(tuple(word for word, _ in parts), item, where_))
        self.raw.settings["blocking"] = self.located(tuple(keys), node, path)

    def _single(self, node: yaml.Node, path: str) -> list[tuple[str, yaml.Node]]:
        text = node_text(node)
        if text is None or not text.strip():
            self.report(node, path, f"needs a compared field or a list of them; found {kind(node)}")
            return []
        return [(text.strip(), node)]

    # ---- compared fields

    def _read_fields(self, node: yaml.Node, path: str) -> None:
        for name, key_node, value in self.reader.entries(
            node, path, "a mapping of name: {field: ..., key: ...}"
        ):
            where_ = f"{path}.{name}"
            if self.reader._name_ok(name, key_node, where_, "compared field"):
                match_field = self._match_field(name, value, where_)
                if match_field is not None:
                    self.raw.fields[name] = (match_field, self.located(name, value, where_))
                else:
                    self.raw.broken_fields.add(name)

    def _match_field(self, name: str, node: yaml.Node, path: str) -> MatchField | None:
        keys = self.reader.keys(node, path, FIELD_KEYS, "{field: email_normalized, key: email}")
        sources = (
            self._words(keys["field"], f"{path}.field", "[person_first, person_last]")
            if (isinstance(keys.get("field"), yaml.SequenceNode))
            else self._single(keys["field"], f"{path}.field")
            if "field" in keys
            else []
        )
        if not sources:
            if "field" not in keys:
                self.report(node, path, "needs 'field:', the lead field (or fields) it reads")
            return None
        key_kind = self._choice(keys.get("key"), f"{path}.key", KeyKind, KeyKind.TEXT)
        default = DEFAULT_SIMILARITY[key_kind] if key_kind else Similarity.EXACT
        similarity = self._choice(keys.get("compare"), f"{path}.compare", Similarity, default)
        if key_kind is None or similarity is None:
            return None
        if similarity not in ALLOWED_SIMILARITIES[key_kind]:
            allowed = ", ".join(sorted(ALLOWED_SIMILARITIES[key_kind]))
            self.report(
                keys["compare"], f"{path}.compare", f"a {key_kind} key compares by {allowed}"
            )
            return None
        window = 365.0
        if "window" in keys:
            window = node_number(keys["window"]) or 0.0
            if window <= 0:
                self.report(keys["window"], f"{path}.window", "needs a number of days above 0")
                return None
        ignore = (
            tuple(word for word, _ in self._words(keys["ignore"], f"{path}.ignore", "[test, n/a]"))
            if "ignore" in keys
            else ()
        )
        sources_ = tuple(word for word, _ in sources)
        return MatchField(name, sources_, key_kind, similarity, window, ignore)

    def _choice(
        self, node: yaml.Node | None, path: str, options: type[Choice], default: Choice
    ) -> Choice | None:
        if node is None:
            return default
        text = node_text(node)
        choices = [option.value for option in options]
        if text not in choices:
            self.report(node, path, unknown_word("word", text or kind(node), choices))
            return None
        return options(text)

    # ---- match rules

    def _read_rules(self, node: yaml.Node, path: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                node,
                path,
                f"needs a list of rules (each '- id: ..., when: ...'); found {kind(node)}",
            )
            return
        for index, item in enumerate(node.value):
            rule = self._rule(item, f"{path}[{index}]")
            if rule is not None:
                self.raw.rules.append(rule)

    def _rule(self, node: yaml.Node, path: str) -> RawMatchRule | None:
        keys = self.reader.keys(node, path, RULE_KEYS, "a rule such as {id: ..., when: ...}")
        if not isinstance(node, yaml.MappingNode):
            return None
        rule_id = self.reader._rule_id(node, keys.get("id"), path)
        enabled = self.reader.flag(keys.get("enabled"), f"{path}.enabled", default=True)
        requires: list[tuple[Requirement, Located]] = []
        if "when" in keys:
            requires = self._requirements(keys["when"], f"{path}.when")
        elif enabled:
            self.report(node, path, "the rule needs 'when:', e.g. {email: same}")
        if rule_id is None:
            return None
        return RawMatchRule(rule_id, enabled, tuple(requires), node, path, self.file)

    def _requirements(self, node: yaml.Node, path: str) -> list[tuple[Requirement, Located]]:
        result = []
        entries = self.reader.entries(node, path, "a mapping such as {email: same, name: 0.9}")
        if isinstance(node, yaml.MappingNode) and not entries:
            self.report(node, path, "needs at least one compared field")
        for name, _, value in entries:
            requirement = self._requirement(name, value, f"{path}.{name}")
            if requirement is not None:
                result.append((requirement, self.located(name, value, f"{path}.{name}")))
        return result

    def _requirement(self, name: str, node: yaml.Node, path: str) -> Requirement | None:
        if isinstance(node, yaml.MappingNode):
            return self._requirement_mapping(name, node, path)
        if node_text(node) == "same":
            return Requirement(name, None)
        at_least = node_number(node)
        if at_least is None or not 0 <= at_least <= 1:
            self.report(
                node,
                path,
                f"needs 'same', a similarity from 0 to 1, or a mapping; found {kind(node)}",
            )
            return None
        return Requirement(name, at_least)

    def _requirement_mapping(
        self, name: str, node: yaml.MappingNode, path: str
    ) -> Requirement | None:
        keys = self.reader.keys(node, path, REQUIREMENT_KEYS, "{at_least: 0.9, or_missing: true}")
        missing_ok = self.reader.flag(keys.get("or_missing"), f"{path}.or_missing", default=False)
        shared_by_at_most = None
        if "shared_by_at_most" in keys:
            shared_by_at_most = node_int(keys["shared_by_at_most"])
            if shared_by_at_most is None or shared_by_at_most < 2:
                where_ = f"{path}.shared_by_at_most"
                self.report(keys["shared_by_at_most"], where_, "needs a whole number of rows >= 2")
                return None
        if ("same" in keys) == ("at_least" in keys):
            self.report(node, path, "needs either 'same: true' or 'at_least: <0..1>'")
            return None
        if "same" in keys:
            if node_bool(keys["same"]) is not True:
                self.report(keys["same"], f"{path}.same", "needs true")
                return None
            return Requirement(name, None, missing_ok, shared_by_at_most)
        at_least = self._fraction(keys["at_least"], f"{path}.at_least")
        if at_least is None:
            return None
        return Requirement(name, at_least, missing_ok, shared_by_at_most)


# --------------------------------------------------------------------------- merging, building


def merge_dedupe(
    base: RawDedupe | None, child: RawDedupe | None, problems: Problems
) -> RawDedupe | None:
    """The child's keys over the base's; compared fields by name, match rules by id."""
    if base is None or child is None:
        return child if base is None else base
    rules: list[RawMatchRule | None] = list(base.rules)
    place = {rule.id: index for index, rule in enumerate(base.rules)}
    for rule in child.rules:
        if rule.id in place:
            rules[place[rule.id]] = rule if rule.enabled else None
        elif rule.enabled:
            rules.append(rule)
        else:
            message = f"cannot disable match rule {rule.id!r}: the extended rules have no such rule"
            problems.add(rule.file, rule.node, rule.path, message)
    return RawDedupe(
        {**base.settings, **child.settings},
        {**base.fields, **child.fields},
        [rule for rule in rules if rule is not None],
        base.broken_fields | child.broken_fields,
    )


def build_dedupe(
    raw: RawDedupe | None, known_fields: Mapping[str, FieldType], problems: Problems
) -> DedupeSettings | None:
    """The typed settings; every dangling name reported where it was written."""
    if raw is None:
        return None
    fields = _checked_fields(raw, known_fields, problems)
    declared = set(raw.fields) | raw.broken_fields  # names whose own mistakes are reported
    rules = tuple(_checked_rules(raw, fields, declared, problems))
    blocking = _checked_blocking(raw, fields, declared, problems)
    weights = _checked_weights(raw, fields, declared, problems)
    if not raw.rules and "weights" not in raw.settings:
        located = raw.settings.get("in_score") or next(iter(raw.fields.values()), (None, None))[1]
        if located is not None:
            problems.add(
                located.file,
                located.node,
                "dedupe",
                "needs 'rules:', at least one match rule (or 'weights:')",
            )
    if not blocking and raw.settings.get("blocking") is None and fields:
        _, located = next(iter(raw.fields.values()))
        problems.add(located.file, located.node, "dedupe", "needs 'blocking:', at least one key")
    settings = DedupeSettings(
        fields=tuple(fields.values()),
        blocking=blocking,
        rules=rules,
        add_to_survivor=_checked_additions(raw, known_fields, problems),
        weights=weights,
    )
    checked = {"blocking", "add_to_survivor", "weights"}
    values = {name: located.value for name, located in raw.settings.items() if name not in checked}
    return replace(settings, **values)  # type: ignore[arg-type]


def _checked_weights(
    raw: RawDedupe, fields: Mapping[str, MatchField], declared: set[str], problems: Problems
) -> WeightSettings | None:
    """The ``weights:`` model over declared compared fields (every one when none are named)."""
    located = raw.settings.get("weights")
    if located is None:
        return None
    weights: RawWeights = located.value  # type: ignore[assignment]
    names = [name for name, _ in weights.fields] if weights.fields is not None else list(fields)
    for index, (name, node) in enumerate(weights.fields or []):
        if name not in declared:
            message = unknown_word("compared field", name, declared)
            problems.add(located.file, node, f"{located.path}.fields[{index}]", message)
    used = tuple(name for name in names if name in fields)
    return WeightSettings(weights.threshold, used, weights.levels) if used else None


def _checked_additions(
    raw: RawDedupe, known: Mapping[str, FieldType], problems: Problems
) -> tuple[str, ...]:
    """The ``add_to_survivor`` fields: known, and a number, yes/no or date to pool."""
    located = raw.settings.get("add_to_survivor")
    if located is None:
        return ()
    result = []
    words: tuple[tuple[str, yaml.Node], ...] = located.value  # type: ignore[assignment]
    for index, (name, node) in enumerate(words):
        path = f"{located.path}[{index}]"
        field_type = known.get(name)
        if field_type is None:
            problems.add(located.file, node, path, unknown_word("field", name, known))
        elif field_type not in POOLABLE:
            message = (
                f"field {name!r} is {field_type.value}: only number, bool and date fields "
                "can be added up on a survivor"
            )
            problems.add(located.file, node, path, message)
        else:
            result.append(name)
    return tuple(result)


def _checked_fields(
    raw: RawDedupe, known: Mapping[str, FieldType], problems: Problems
) -> dict[str, MatchField]:
    result = {}
    for name, (match_field, located) in raw.fields.items():
        unknown = [source for source in match_field.sources if source not in known]
        for source in unknown:
            message = unknown_word("field", source, known)
            problems.add(located.file, located.node, f"{located.path}.field", message)
        if not unknown:
            result[name] = match_field
    return result


def _checked_rules(
    raw: RawDedupe, fields: Mapping[str, MatchField], declared: set[str], problems: Problems
) -> list[MatchRule]:
    result = []
    for rule in raw.rules:
        ok = True
        for requirement, located in rule.requires:
            if requirement.field not in fields:
                ok = False
            if requirement.field not in declared:
                message = unknown_word("compared field", requirement.field, declared)
                problems.add(located.file, located.node, located.path, message)
        if ok and rule.requires:
            line, column = where(rule.node)
            position = Position(rule.file, line, column)
            result.append(MatchRule(rule.id, tuple(r for r, _ in rule.requires), position))
    return result


def _checked_blocking(
    raw: RawDedupe, fields: Mapping[str, MatchField], declared: set[str], problems: Problems
) -> tuple[tuple[str, ...], ...]:
    located = raw.settings.get("blocking")
    if located is None:
        return ()
    result = []
    for key in located.value:  # type: ignore[attr-defined]
        problems_before = len(problems.items)
        for name in key.value:
            field, _, derivation = name.partition(".")
            if field not in declared:
                message = unknown_word("compared field", field, declared)
                problems.add(key.file, key.node, key.path, message)
            elif derivation and derivation not in set(Derivation):
                message = unknown_word("derived key", derivation, [d.value for d in Derivation])
                problems.add(key.file, key.node, key.path, message)
        names_ok = all(name.partition(".")[0] in fields for name in key.value)
        if names_ok and len(problems.items) == problems_before:
            result.append(key.value)
    return tuple(result)
