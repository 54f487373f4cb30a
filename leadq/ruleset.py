"""Rule files (YAML) -> a typed, validated rule set, with file:line:column for every mistake.

Sales-ops people edit these files by hand, so loading never stops at the first mistake: every
problem in the file (and in the files it extends) is collected and raised at once as
``RulesError``, sorted by file and line. YAML is read with the safe loader only, anchors and
aliases are refused before anything is expanded, and no text from a rule file is ever run as code.

Loading happens in three steps: read each file into raw sections that keep their YAML nodes
(``_FileReader``), merge an ``extend:`` chain base-first (``_merge``), then compile the
conditions against the merged fields and lists (``_build``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType

import yaml

from leadq.conditions import (
    CompileContext,
    Condition,
    Report,
    compile_condition,
    is_null,
    node_bool,
    node_int,
    node_number,
    node_text,
    unknown_word,
)
from leadq.errors import InputError, RuleProblem, RulesError
from leadq.schema import STANDARD_SCORE_CATEGORIES, FieldType, Stage, builtin_fields

SUPPORTED_VERSION = 1
MAX_FILE_BYTES = 1 << 20
MAX_LIST_FILE_BYTES = 16 << 20
MAX_YAML_DEPTH = 64
MAX_EXTEND_DEPTH = 16
DEFAULT_REGION = "RU"
DEFAULT_CURRENCY = "RUB"
DEFAULT_SOURCE = "default"

RULE_ID = re.compile(r"[a-z0-9_.-]+")
NAME = re.compile(r"[a-z][a-z0-9_]*")
TOP_KEYS = (
    "version", "extend", "defaults", "missing_values", "columns", "fields", "lists",
    "disqualify", "score", "quality", "grades", "stages",
)  # fmt: skip
STAGE_KEYS = {"sql": Stage.SQL, "mql": Stage.MQL}
_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
_ANCHORS = "YAML anchors and aliases (&name, *name) are not allowed in rule files"


# --------------------------------------------------------------------------- the typed rule set


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


# --------------------------------------------------------------------------- problems


class _Problems:
    """Collects problems from every file read during one load."""

    def __init__(self) -> None:
        self.items: list[RuleProblem] = []

    def add(self, file: str, node: yaml.Node | None, path: str, message: str) -> None:
        line, column = _where(node)
        self.items.append(RuleProblem(file, line, column, path, message))

    def reporter(self, file: str) -> Report:
        def report(node: yaml.Node, path: str, message: str) -> None:
            self.add(file, node, path, message)

        return report

    def sorted(self) -> list[RuleProblem]:
        return sorted(self.items, key=lambda p: (p.file, p.line, p.column))


def _where(node: yaml.Node | yaml.Event | None) -> tuple[int, int]:
    if node is None or node.start_mark is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "nothing" if is_null(node) else f"{node.value!r}"


# --------------------------------------------------------------------------- reading YAML safely


@dataclass(frozen=True)
class _Source:
    """A rule file to read: its label for messages, identity for cycles, and its folder."""

    label: str
    key: str
    location: Traversable

    @property
    def folder(self) -> Traversable:
        return self.location.parent if isinstance(self.location, Path) else _default_folder()


def _default_rules_path() -> Traversable:
    """The packaged default rule file (tests monkeypatch this)."""
    return _default_folder().joinpath("default.yaml")


def _default_folder() -> Traversable:
    return resources.files("leadq").joinpath("rules")


def _join_path(folder: Traversable, relative: str) -> Traversable:
    """``folder / relative`` for a real folder or a package resource folder."""
    if isinstance(folder, Path):
        return folder / relative
    for part in Path(relative).parts:
        folder = folder.joinpath(part)
    return folder


def _read_bytes(source: _Source, limit: int) -> bytes:
    """The file's bytes, at most ``limit + 1`` of them; InputError when it cannot be read."""
    try:
        if not source.location.is_file():
            missing = isinstance(source.location, Path) and not source.location.exists()
            raise InputError(source.label, "no such file" if missing else "not a file")
        with source.location.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as error:
        raise InputError(source.label, f"cannot read the file: {error.strerror or error}") from None


def _read_text(source: _Source, problems: _Problems) -> str | None:
    data = _read_bytes(source, MAX_FILE_BYTES)
    if len(data) > MAX_FILE_BYTES:
        problems.add(source.label, None, "", "the rule file is larger than 1 MiB; split it up")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(
            source.label, None, "", f"not UTF-8 text (byte {error.start}); save it as UTF-8"
        )
        return None


def _syntax_problem(error: yaml.YAMLError, text: str, label: str, problems: _Problems) -> None:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        detail = error.problem or "syntax error"
        if error.context:
            detail = f"{detail} ({error.context})"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    else:
        position = getattr(error, "position", 0) or 0
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        detail = "the file holds a character YAML does not allow"
    problems.items.append(RuleProblem(label, line, column, "", f"invalid YAML: {detail}"))


def _scan_events(text: str, label: str, problems: _Problems) -> bool:
    """Refuse anchors, aliases, custom tags and deep nesting before composing anything."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line, column = _where(event)
        tag = getattr(event, "tag", None)
        message = None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            message = _ANCHORS
        elif tag and tag not in _SAFE_TAGS and tag != "!":
            message = f"YAML tags such as {tag!r} are not allowed in rule files"
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                message = f"the YAML is nested more than {MAX_YAML_DEPTH} levels deep"
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if message:
            problems.items.append(RuleProblem(label, line, column, "", message))
            return False
    return True


def _compose(source: _Source, problems: _Problems) -> yaml.MappingNode | None:
    """The file's top-level mapping node, or None after reporting why there is none."""
    text = _read_text(source, problems)
    if text is None:
        return None
    try:
        if not _scan_events(text, source.label, problems):
            return None
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        _syntax_problem(error, text, source.label, problems)
        return None
    if root is None or is_null(root):
        problems.add(source.label, root, "", "the rule file is empty")
        return None
    if not isinstance(root, yaml.MappingNode):
        message = f"a rule file is a mapping of sections such as 'score:'; found {_kind(root)}"
        problems.add(source.label, root, "", message)
        return None
    return root


# --------------------------------------------------------------------------- raw sections


@dataclass
class _RawRule:
    id: str
    node: yaml.Node
    path: str
    file: str
    enabled: bool
    when: yaml.Node | None
    points: int
    reason: str | None
    broken: bool = False


@dataclass
class _RawCategory:
    name: str
    cap: int | None
    cap_given: bool
    rules: list[_RawRule]


@dataclass
class _Alias:
    text: str
    node: yaml.Node
    file: str


@dataclass
class _RawFile:
    """One file's sections (or, after merging, the effective sections of a chain)."""

    label: str
    extend: tuple[str, yaml.Node] | None = None
    version: int = SUPPORTED_VERSION
    region: str | None = None
    currency: str | None = None
    missing_values: frozenset[str] | None = None
    columns: dict[str, list[_Alias]] = field(default_factory=dict)
    fields: dict[str, FieldType] = field(default_factory=dict)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    disqualify: list[_RawRule] = field(default_factory=list)
    score: dict[str, _RawCategory] = field(default_factory=dict)
    quality: list[_RawRule] = field(default_factory=list)
    grades: list[Grade] | None = None
    stages: dict[Stage, tuple[yaml.Node, str, str]] | None = None


class _FileReader:
    """Reads one file's top-level mapping into a ``_RawFile``, reporting every problem."""

    def __init__(self, source: _Source, problems: _Problems) -> None:
        self.source = source
        self.file = source.label
        self.problems = problems
        self.raw = _RawFile(source.label)
        self.rule_ids: dict[str, yaml.Node] = {}

    def report(self, node: yaml.Node | None, path: str, message: str) -> None:
        self.problems.add(self.file, node, path, message)

    def entries(
        self, node: yaml.Node, path: str, what: str
    ) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """The (key, key node, value node) of a mapping; reports duplicates and odd keys."""
        if not isinstance(node, yaml.MappingNode):
            self.report(node, path, f"needs {what}; found {_kind(node)}")
            return []
        seen: dict[str, yaml.Node] = {}
        result = []
        for key_node, value_node in node.value:
            key = node_text(key_node)
            if key is None:
                self.report(key_node, path, "a key must be plain text")
            elif key in seen:
                first = _where(seen[key])[0]
                self.report(
                    key_node, _join(path, key), f"duplicate key {key!r} (first on line {first})"
                )
            else:
                seen[key] = key_node
                result.append((key, key_node, value_node))
        return result

    def keys(
        self, node: yaml.Node, path: str, allowed: tuple[str, ...], what: str
    ) -> dict[str, yaml.Node]:
        """A mapping with a fixed set of keys; unknown keys reported with a suggestion."""
        result = {}
        for key, key_node, value_node in self.entries(node, path, what):
            if key in allowed:
                result[key] = value_node
            else:
                self.report(key_node, _join(path, key), unknown_word("key", key, allowed))
        return result

    def read(self, root: yaml.MappingNode) -> _RawFile:
        """Read every section of the file."""
        sections = self.keys(root, "", TOP_KEYS, "a mapping of sections")
        for name in TOP_KEYS:
            if name in sections:
                getattr(self, f"read_{name}")(sections[name], name)
        return self.raw

    # ---- small sections

    def read_version(self, node: yaml.Node, path: str) -> None:
        version = node_int(node)
        if version != SUPPORTED_VERSION:
            shown = version if version is not None else node_text(node) or _kind(node)
            message = f"unsupported version {shown}; this leadq reads version {SUPPORTED_VERSION}"
            self.report(node, path, message)

    def read_extend(self, node: yaml.Node, path: str) -> None:
        target = node_text(node)
        if not target or not target.strip():
            self.report(node, path, "needs 'default' or the path of another rule file")
            return
        self.raw.extend = (target.strip(), node)

    def read_defaults(self, node: yaml.Node, path: str) -> None:
        keys = self.keys(node, path, ("region", "currency"), "a mapping such as {region: RU}")
        if "region" in keys:
            self.raw.region = self._code(
                keys["region"], f"{path}.region", 2, "ISO country code, e.g. RU or PL"
            )
        if "currency" in keys:
            self.raw.currency = self._code(
                keys["currency"], f"{path}.currency", 3, "currency code, e.g. RUB or PLN"
            )

    def _code(self, node: yaml.Node, path: str, length: int, what: str) -> str | None:
        text = (node_text(node) or "").strip()
        if len(text) != length or not text.isascii() or not text.isalpha():
            self.report(node, path, f"needs a {length}-letter {what}; found {_kind(node)}")
            return None
        return text.upper()

    def read_missing_values(self, node: yaml.Node, path: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                node, path, f'needs a list of texts, e.g. ["", "-", "n/a"]; found {_kind(node)}'
            )
            return
        values = set()
        for index, item in enumerate(node.value):
            text = "" if is_null(item) else node_text(item)
            if text is None:
                self.report(item, f"{path}[{index}]", f"needs a text; found {_kind(item)}")
            else:
                values.add(text.strip().casefold())
        self.raw.missing_values = frozenset(values)

    def read_fields(self, node: yaml.Node, path: str) -> None:
        types = [t.value for t in FieldType]
        for name, key_node, value_node in self.entries(
            node, path, "a mapping such as {employees: number}"
        ):
            if not self._name_ok(name, key_node, _join(path, name), "field"):
                continue
            text = node_text(value_node)
            if text not in types:
                message = unknown_word("field type", text or _kind(value_node), types)
                self.report(value_node, _join(path, name), message)
                continue
            self.raw.fields[name] = FieldType(text)

    def _name_ok(self, name: str, node: yaml.Node, path: str, what: str) -> bool:
        if NAME.fullmatch(name):
            return True
        message = (
            f"a {what} name uses lower-case letters, digits and '_', "
            f"and starts with a letter; got {name!r}"
        )
        self.report(node, path, message)
        return False

    # ---- columns and lists

    def read_columns(self, node: yaml.Node, path: str) -> None:
        for name, key_node, value_node in self.entries(
            node, path, "a mapping of field: [header, ...]"
        ):
            if not self._name_ok(name, key_node, _join(path, name), "field"):
                continue
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            aliases = []
            for index, item in enumerate(items):
                text = node_text(item)
                if text is None or not text.strip():
                    self.report(item, f"{_join(path, name)}[{index}]", "needs a column header text")
                else:
                    aliases.append(_Alias(text.strip(), item, self.file))
            self.raw.columns[name] = aliases

    def read_lists(self, node: yaml.Node, path: str) -> None:
        for name, key_node, value_node in self.entries(
            node, path, "a mapping of list name: entries"
        ):
            where = _join(path, name)
            if not self._name_ok(name, key_node, where, "list"):
                continue
            if isinstance(value_node, yaml.MappingNode):
                entries = self._list_file(value_node, where)
            else:
                entries = self._inline_list(value_node, where)
            if entries is not None:
                self.raw.lists[name] = entries

    def _inline_list(self, node: yaml.Node, path: str) -> tuple[str, ...] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                node, path, f"needs a list [a, b] or {{file: lists/name.txt}}; found {_kind(node)}"
            )
            return None
        entries = []
        for index, item in enumerate(node.value):
            text = node_text(item)
            if text is None or not text.strip():
                self.report(item, f"{path}[{index}]", "needs a non-empty text")
            else:
                entries.append(text.strip())
        return tuple(entries)

    def _list_file(self, node: yaml.MappingNode, path: str) -> tuple[str, ...] | None:
        keys = self.keys(node, path, ("file",), "{file: lists/name.txt}")
        name = node_text(keys["file"]) if "file" in keys else None
        if not name:
            if "file" in keys:
                self.report(
                    keys["file"], f"{path}.file", "needs a file path, e.g. lists/competitors.txt"
                )
            return None
        target = _join_path(self.source.folder, name)
        try:
            data = _read_bytes(_Source(name, name, target), MAX_LIST_FILE_BYTES)
        except InputError as error:
            self.report(keys["file"], f"{path}.file", f"list file {name!r}: {error.message}")
            return None
        if len(data) > MAX_LIST_FILE_BYTES:
            self.report(keys["file"], f"{path}.file", f"list file {name!r} is larger than 16 MiB")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.report(keys["file"], f"{path}.file", f"list file {name!r} is not UTF-8 text")
            return None
        lines = (line.strip() for line in text.splitlines())
        return tuple(line for line in lines if line and not line.startswith("#"))

    # ---- rules

    def read_disqualify(self, node: yaml.Node, path: str) -> None:
        self.raw.disqualify = self.rules(node, path, with_points=False)

    def read_quality(self, node: yaml.Node, path: str) -> None:
        self.raw.quality = self.rules(node, path, with_points=True)

    def rules(self, node: yaml.Node, path: str, *, with_points: bool) -> list[_RawRule]:
        """A list of rules; each checked for its keys, id, points and enabled flag."""
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                node,
                path,
                f"needs a list of rules (each starting with '- id: ...'); found {_kind(node)}",
            )
            return []
        rules = [self.rule(item, f"{path}[{i}]", with_points) for i, item in enumerate(node.value)]
        return [rule for rule in rules if rule is not None]

    def rule(self, node: yaml.Node, path: str, with_points: bool) -> _RawRule | None:
        allowed = ("id", "when", "reason", "enabled") + (("points",) if with_points else ())
        keys = self.keys(node, path, allowed, "a rule such as {id: ..., when: ...}")
        if not isinstance(node, yaml.MappingNode):
            return None
        rule_id = self._rule_id(node, keys.get("id"), path)
        enabled = self._enabled(keys.get("enabled"), path)
        if enabled and "when" not in keys:
            self.report(node, path, "the rule needs 'when:', the condition it tests")
        points = self._points(node, keys.get("points"), path) if with_points and enabled else 0
        reason = node_text(keys["reason"]) if "reason" in keys else None
        if "reason" in keys and not reason:
            self.report(keys["reason"], f"{path}.reason", "needs a short text")
        # A rule with a bad id or points still has its condition checked, then is never kept.
        broken = rule_id is None or points is None
        return _RawRule(
            rule_id or "",
            node,
            path,
            self.file,
            enabled,
            keys.get("when"),
            points or 0,
            reason,
            broken,
        )

    def _rule_id(self, node: yaml.Node, id_node: yaml.Node | None, path: str) -> str | None:
        if id_node is None:
            self.report(node, path, "the rule needs an 'id:', e.g. id: mid_market")
            return None
        rule_id = node_text(id_node)
        if rule_id is None or not RULE_ID.fullmatch(rule_id):
            message = (
                f"a rule id uses lower-case letters, digits, '_', '.' and '-'; got {_kind(id_node)}"
            )
            self.report(id_node, f"{path}.id", message)
            return None
        if rule_id in self.rule_ids:
            first = _where(self.rule_ids[rule_id])[0]
            line = _where(id_node)[0]
            self.report(
                id_node,
                f"{path}.id",
                f"rule id {rule_id!r} is used twice, on lines {first} and {line}",
            )
            return None
        self.rule_ids[rule_id] = id_node
        return rule_id

    def _enabled(self, node: yaml.Node | None, path: str) -> bool:
        if node is None:
            return True
        value = node_bool(node)
        if value is None:
            self.report(node, f"{path}.enabled", "needs true or false")
            return True
        return value

    def _points(self, node: yaml.Node, points_node: yaml.Node | None, path: str) -> int | None:
        if points_node is None:
            self.report(node, path, "the rule needs 'points:', a whole number (may be negative)")
            return None
        points = node_int(points_node)
        if points is None:
            self.report(
                points_node,
                f"{path}.points",
                f"needs a whole number, e.g. 15 or -10; found {_kind(points_node)}",
            )
        return points

    # ---- score, grades, stages

    def read_score(self, node: yaml.Node, path: str) -> None:
        for name, key_node, value_node in self.entries(node, path, "a mapping of category: rules"):
            where = _join(path, name)
            if not self._name_ok(name, key_node, where, "score category"):
                continue
            if isinstance(value_node, yaml.SequenceNode) or is_null(value_node):
                rules = (
                    [] if is_null(value_node) else self.rules(value_node, where, with_points=True)
                )
                self.raw.score[name] = _RawCategory(name, None, False, rules)
                continue
            keys = self.keys(
                value_node, where, ("cap", "rules"), "a list of rules or {cap: N, rules: [...]}"
            )
            cap = self._cap(keys["cap"], f"{where}.cap") if "cap" in keys else None
            rules = (
                self.rules(keys["rules"], f"{where}.rules", with_points=True)
                if "rules" in keys
                else []
            )
            self.raw.score[name] = _RawCategory(name, cap, "cap" in keys, rules)

    def _cap(self, node: yaml.Node, path: str) -> int | None:
        if is_null(node):
            return None
        cap = node_int(node)
        if cap is None or cap < 0:
            self.report(node, path, f"needs a whole number, 0 or more; found {_kind(node)}")
            return None
        return cap

    def read_grades(self, node: yaml.Node, path: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, path, "needs a list such as [{grade: A, at_least: 70}, {grade: B}]")
            return
        grades: list[Grade] = []
        for index, item in enumerate(node.value):
            grade = self._grade(item, f"{path}[{index}]", grades, index == len(node.value) - 1)
            if grade is not None:
                grades.append(grade)
        self.raw.grades = grades

    def _grade(self, node: yaml.Node, path: str, before: list[Grade], last: bool) -> Grade | None:
        keys = self.keys(node, path, ("grade", "at_least"), "{grade: A, at_least: 70}")
        name = node_text(keys["grade"]) if "grade" in keys else None
        if not name:
            self.report(
                keys.get("grade", node), path, "each band needs 'grade:', its name, e.g. grade: A"
            )
            return None
        if any(grade.name == name for grade in before):
            self.report(keys["grade"], f"{path}.grade", f"grade {name!r} is listed twice")
        if "at_least" not in keys:
            if not last:
                self.report(node, path, "only the last grade may leave out 'at_least'")
            return Grade(name, None)
        at_least = node_number(keys["at_least"])
        if at_least is None:
            self.report(keys["at_least"], f"{path}.at_least", "needs a number")
            return None
        previous = [g for g in before if g.at_least is not None]
        if previous and at_least >= previous[-1].at_least:  # type: ignore[operator]
            message = (
                f"grades go from the highest score down: {name!r} (at_least {at_least:g}) "
                f"must be below {previous[-1].name!r} (at_least {previous[-1].at_least:g})"
            )
            self.report(keys["at_least"], f"{path}.at_least", message)
        return Grade(name, at_least)

    def read_stages(self, node: yaml.Node, path: str) -> None:
        stages: dict[Stage, tuple[yaml.Node, str, str]] = {}
        for name, key_node, value_node in self.entries(
            node, path, "a mapping such as {sql: {when: ...}}"
        ):
            where = _join(path, name)
            if name in ("nurture", "disqualified"):
                message = (
                    f"{name!r} takes no condition: "
                    "nurture is every lead not disqualified, SQL or MQL"
                )
                self.report(key_node, where, message)
                continue
            if name not in STAGE_KEYS:
                self.report(key_node, where, unknown_word("stage", name, STAGE_KEYS))
                continue
            keys = self.keys(value_node, where, ("when",), "{when: condition}")
            if "when" in keys:
                stages[STAGE_KEYS[name]] = (keys["when"], f"{where}.when", self.file)
            elif isinstance(value_node, yaml.MappingNode):
                self.report(value_node, where, "needs 'when:', the condition for this stage")
        self.raw.stages = stages


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# --------------------------------------------------------------------------- extend chains


def _identity(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def _path_source(path: str | Path) -> _Source:
    return _Source(str(path), _identity(Path(path)), Path(path))


def _default_source() -> _Source:
    return _Source(DEFAULT_SOURCE, DEFAULT_SOURCE, _default_rules_path())


def _extend_source(child: _Source, target: str) -> _Source:
    """Where ``extend: target`` points: the packaged default, or a path next to the child."""
    if target == DEFAULT_SOURCE:
        return _default_source()
    if isinstance(child.location, Path):
        location = child.location.parent / target
        label = os.path.normpath(os.path.join(os.path.dirname(child.label), target))
        return _Source(label, _identity(location), location)
    return _Source(target, f"{child.key}/{target}", _join_path(child.folder, target))


def _resolve(source: _Source, problems: _Problems, chain: tuple[_Source, ...]) -> _RawFile | None:
    """Read a file and, recursively, the files it extends; None when a file could not be read."""
    root = _compose(source, problems)
    if root is None:
        return None
    raw = _FileReader(source, problems).read(root)
    if raw.extend is None:
        return _drop_disabled(raw)
    base = _resolve_base(source, raw.extend, problems, (*chain, source))
    return _merge(base, raw, problems) if base is not None else None


def _resolve_base(
    source: _Source, extend: tuple[str, yaml.Node], problems: _Problems, chain: tuple[_Source, ...]
) -> _RawFile | None:
    target, node = extend
    base = _extend_source(source, target)
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
        return _resolve(base, problems, chain)
    except InputError as error:
        message = f"cannot extend {target!r}: {error.message} ({base.label})"
        problems.add(source.label, node, "extend", message)
        return None


def _drop_disabled(raw: _RawFile) -> _RawFile:
    raw.disqualify = [rule for rule in raw.disqualify if rule.enabled]
    raw.quality = [rule for rule in raw.quality if rule.enabled]
    for category in raw.score.values():
        category.rules = [rule for rule in category.rules if rule.enabled]
    return raw


def _merge(base: _RawFile, child: _RawFile, problems: _Problems) -> _RawFile:
    """The child's sections laid over the base's, as the rule-file format documents."""
    merged = _RawFile(child.label, version=child.version)
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
    return merged


def _merge_rules(
    base: list[_RawRule], child: list[_RawRule], problems: _Problems
) -> list[_RawRule]:
    """Same id replaces in place, ``enabled: false`` removes, new ids are appended."""
    result: list[_RawRule | None] = list(base)
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
    base: dict[str, _RawCategory], child: dict[str, _RawCategory], problems: _Problems
) -> dict[str, _RawCategory]:
    merged = dict(base)
    for name, category in child.items():
        if name not in base:
            merged[name] = _drop_disabled_rules(category, problems)
            continue
        cap = category.cap if category.cap_given else base[name].cap
        rules = _merge_rules(base[name].rules, category.rules, problems)
        merged[name] = _RawCategory(name, cap, category.cap_given or base[name].cap_given, rules)
    return merged


def _drop_disabled_rules(category: _RawCategory, problems: _Problems) -> _RawCategory:
    """A category new in the child: disabling one of its rules disables nothing in the base."""
    rules = _merge_rules([], category.rules, problems)
    return _RawCategory(category.name, category.cap, category.cap_given, rules)


# --------------------------------------------------------------------------- building the rule set


def _category_names(raw: _RawFile) -> list[str]:
    others = [name for name in raw.score if name not in STANDARD_SCORE_CATEGORIES]
    return [*STANDARD_SCORE_CATEGORIES, *others]


def _all_fields(raw: _RawFile) -> dict[str, FieldType]:
    """Builtin fields, new text fields from ``columns``, declared types, then score_<category>."""
    fields = builtin_fields()
    for name in raw.columns:
        fields.setdefault(name, FieldType.TEXT)
    fields.update(raw.fields)
    for name in _category_names(raw):
        fields[f"score_{name}"] = FieldType.NUMBER
    return fields


def _alias_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _build_columns(
    columns: dict[str, list[_Alias]], problems: _Problems
) -> dict[str, tuple[str, ...]]:
    """Aliases per field, deduplicated ignoring case and spaces; one header maps to one field."""
    owner: dict[str, str] = {}
    result: dict[str, tuple[str, ...]] = {}
    for name, aliases in columns.items():
        kept = []
        for alias in aliases:
            key = _alias_key(alias.text)
            if key in owner and owner[key] != name:
                message = (
                    f"header {alias.text!r} is already listed under {owner[key]!r}; "
                    "a header maps to one field"
                )
                problems.add(alias.file, alias.node, f"columns.{name}", message)
            elif key not in owner:
                owner[key] = name
                kept.append(alias.text)
        result[name] = tuple(kept)
    return result


def _check_unique_ids(raw: _RawFile, problems: _Problems) -> None:
    """After merging, an id may still appear in two sections coming from different files."""
    seen: dict[str, _RawRule] = {}
    sections = [raw.disqualify, raw.quality, *(c.rules for c in raw.score.values())]
    for rule in (rule for section in sections for rule in section if not rule.broken):
        first = seen.setdefault(rule.id, rule)
        if first is not rule:
            line = _where(first.node)[0]
            message = (
                f"rule id {rule.id!r} is also used at {first.file}:{line} ({first.path}); "
                "ids must be unique"
            )
            problems.add(rule.file, rule.node, f"{rule.path}.id", message)


@dataclass(frozen=True)
class _Compiler:
    fields: Mapping[str, FieldType]
    lists: Mapping[str, tuple[str, ...]]
    problems: _Problems

    def condition(self, node: yaml.Node, path: str, file: str) -> Condition | None:
        ctx = CompileContext(self.fields, self.lists, self.problems.reporter(file))
        return compile_condition(node, path, ctx)

    def rules(self, rules: list[_RawRule]) -> tuple[Rule, ...]:
        compiled = [(raw, self.rule(raw)) for raw in rules]
        return tuple(rule for raw, rule in compiled if rule is not None and not raw.broken)

    def rule(self, rule: _RawRule) -> Rule | None:
        if rule.when is None:
            return None
        when = self.condition(rule.when, f"{rule.path}.when", rule.file)
        if when is None:
            return None
        line, column = _where(rule.node)
        position = Position(rule.file, line, column)
        return Rule(rule.id, when, rule.points, rule.reason or rule.id, position)

    def score(self, raw: _RawFile) -> tuple[ScoreCategory, ...]:
        result = []
        for name in _category_names(raw):
            category = raw.score.get(name, _RawCategory(name, None, False, []))
            result.append(ScoreCategory(name, category.cap, self.rules(category.rules)))
        return tuple(result)

    def stages(self, raw: _RawFile) -> dict[Stage, Condition]:
        result = {}
        for stage, (node, path, file) in (raw.stages or {}).items():
            condition = self.condition(node, path, file)
            if condition is not None:
                result[stage] = condition
        return result


def _build(raw: _RawFile, source: _Source, problems: _Problems) -> RuleSet:
    """Compile every condition of the merged sections into the typed rule set."""
    _check_unique_ids(raw, problems)
    fields = _all_fields(raw)
    compiler = _Compiler(MappingProxyType(fields), MappingProxyType(dict(raw.lists)), problems)
    missing = raw.missing_values if raw.missing_values is not None else frozenset()
    return RuleSet(
        source=source.label,
        version=raw.version,
        region=raw.region or DEFAULT_REGION,
        currency=raw.currency or DEFAULT_CURRENCY,
        missing_values=missing | {""},
        columns=MappingProxyType(_build_columns(raw.columns, problems)),
        fields=compiler.fields,
        lists=compiler.lists,
        disqualify=compiler.rules(raw.disqualify),
        score=compiler.score(raw),
        quality=compiler.rules(raw.quality),
        grades=tuple(raw.grades or ()),
        stages=MappingProxyType(compiler.stages(raw)),
    )


# --------------------------------------------------------------------------- public API


def _load(path: str | Path | None) -> tuple[RuleSet | None, list[RuleProblem]]:
    source = _default_source() if path is None else _path_source(path)
    problems = _Problems()
    raw = _resolve(source, problems, ())
    ruleset = _build(raw, source, problems) if raw is not None else None
    return ruleset, problems.sorted()


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load, merge and validate a rule file.

    Args:
        path: The rule file; None for the default rules packaged with leadq.

    Returns:
        The typed rule set, with every ``extend:`` base merged in.

    Raises:
        InputError: The file does not exist or cannot be read.
        RulesError: The file (or a file it extends) has problems; all of them are listed.

    Example:
        >>> rules = load_rules("rules/b2b.yaml")  # doctest: +SKIP
        >>> [rule.id for rule in rules.disqualify]  # doctest: +SKIP
        ['no_contact', 'test_name']
    """
    ruleset, problems = _load(path)
    if problems or ruleset is None:
        raise RulesError(problems)
    return ruleset


def check_rules(path: str | Path) -> list[RuleProblem]:
    """Every problem in a rule file and the files it extends, sorted by file and line.

    Args:
        path: The rule file.

    Returns:
        The problems; an empty list when the file is fine.

    Raises:
        InputError: The file does not exist or cannot be read.
    """
    return _load(path)[1]


def default_rules_text() -> str:
    """The text of the default rule file packaged with leadq (a starting point to copy).

    Raises:
        InputError: The packaged file is missing (a broken installation).
    """
    data = _read_bytes(_default_source(), MAX_FILE_BYTES)
    return data.decode("utf-8-sig")
