"""A rule file's sections read into raw form, each value keeping its YAML node for messages.

``FileReader`` checks every section's keys and values and reports each problem with its position;
conditions are kept as YAML nodes here and compiled only after an ``extend:`` chain is merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from leadq.conditions import is_null, node_int, node_number, node_text, unknown_word
from leadq.errors import InputError
from leadq.rules_activities import ActivitiesReader, RawActivities
from leadq.rules_crm import CrmReader, RawCrm
from leadq.rules_dedupe import DedupeReader, RawDedupe
from leadq.rules_enrich import EnrichReader, RawEnrich
from leadq.rules_intent import RawIntent, read_intent
from leadq.rules_junk import JunkReader, RawJunk
from leadq.rules_model import Grade
from leadq.rules_money import RawRates, read_rates
from leadq.rules_routing import RawRouting, RoutingReader
from leadq.rules_yaml import Problems, Source, join_path, kind, read_bytes, where
from leadq.schema import FieldType, Stage

SUPPORTED_VERSION = 1
MAX_LIST_FILE_BYTES = 16 << 20

RULE_ID = re.compile(r"[a-z0-9_.-]+")
NAME = re.compile(r"[a-z][a-z0-9_]*")
TOP_KEYS = (
    "version", "extend", "defaults", "missing_values", "columns", "fields", "lists",
    "disqualify", "score", "quality", "grades", "stages", "dedupe", "crm", "currency_rates",
    "routing", "queues", "reps", "enrich", "intent", "junk", "activities",
)  # fmt: skip
STAGE_KEYS = {"sql": Stage.SQL, "mql": Stage.MQL}


@dataclass
class RawRule:
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
class RawCategory:
    name: str
    cap: int | None
    cap_given: bool
    rules: list[RawRule]


@dataclass
class Alias:
    text: str
    node: yaml.Node
    file: str


@dataclass
class RawFile:
    """One file's sections (or, after merging, the effective sections of a chain)."""

    label: str
    extend: tuple[str, yaml.Node] | None = None
    version: int = SUPPORTED_VERSION
    region: str | None = None
    currency: str | None = None
    missing_values: frozenset[str] | None = None
    columns: dict[str, list[Alias]] = field(default_factory=dict)
    fields: dict[str, FieldType] = field(default_factory=dict)
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    disqualify: list[RawRule] = field(default_factory=list)
    score: dict[str, RawCategory] = field(default_factory=dict)
    quality: list[RawRule] = field(default_factory=list)
    grades: list[Grade] | None = None
    stages: dict[Stage, tuple[yaml.Node, str, str]] | None = None
    dedupe: RawDedupe | None = None
    crm: RawCrm | None = None
    currency_rates: RawRates | None = None
    routing: RawRouting | None = None  # queues:, reps: and routing: together
    enrich: RawEnrich | None = None
    intent: RawIntent | None = None
    junk: RawJunk | None = None
    activities: RawActivities | None = None


class FileReader:
    """Reads one file's top-level mapping into a ``RawFile``, reporting every problem."""

    def __init__(self, source: Source, problems: Problems) -> None:
        self.source = source
        self.file = source.label
        self.problems = problems
        self.raw = RawFile(source.label)
        self.rule_ids: dict[str, yaml.Node] = {}

    def report(self, node: yaml.Node | None, path: str, message: str) -> None:
        self.problems.add(self.file, node, path, message)

    def flag(self, node: yaml.Node | None, path: str, default: bool) -> bool:
        return self.problems.flag(self.file, node, path, default)

    def entries(
        self, node: yaml.Node, path: str, what: str
    ) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """The (key, key node, value node) of a mapping; reports duplicates and odd keys."""
        if not isinstance(node, yaml.MappingNode):
            self.report(node, path, f"needs {what}; found {kind(node)}")
            return []
        seen: dict[str, yaml.Node] = {}
        result = []
        for key_node, value_node in node.value:
            key = node_text(key_node)
            if key is None:
                self.report(key_node, path, "a key must be plain text")
            elif key in seen:
                first = where(seen[key])[0]
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

    def read(self, root: yaml.MappingNode) -> RawFile:
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
            shown = version if version is not None else node_text(node) or kind(node)
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
            self.report(node, path, f"needs a {length}-letter {what}; found {kind(node)}")
            return None
        return text.upper()

    def read_missing_values(self, node: yaml.Node, path: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                node, path, f'needs a list of texts, e.g. ["", "-", "n/a"]; found {kind(node)}'
            )
            return
        values = set()
        for index, item in enumerate(node.value):
            text = "" if is_null(item) else node_text(item)
            if text is None:
                self.report(item, f"{path}[{index}]", f"needs a text; found {kind(item)}")
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
                message = unknown_word("field type", text or kind(value_node), types)
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
                    aliases.append(Alias(text.strip(), item, self.file))
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
                node, path, f"needs a list [a, b] or {{file: lists/name.txt}}; found {kind(node)}"
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
        target = join_path(self.source.folder, name)
        try:
            data = read_bytes(Source(name, name, target), MAX_LIST_FILE_BYTES)
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

    def rules(self, node: yaml.Node, path: str, *, with_points: bool) -> list[RawRule]:
        """A list of rules; each checked for its keys, id, points and enabled flag."""
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                node,
                path,
                f"needs a list of rules (each starting with '- id: ...'); found {kind(node)}",
            )
            return []
        rules = [self.rule(item, f"{path}[{i}]", with_points) for i, item in enumerate(node.value)]
        return [rule for rule in rules if rule is not None]

    def rule(self, node: yaml.Node, path: str, with_points: bool) -> RawRule | None:
        allowed = ("id", "when", "reason", "enabled") + (("points",) if with_points else ())
        keys = self.keys(node, path, allowed, "a rule such as {id: ..., when: ...}")
        if not isinstance(node, yaml.MappingNode):
            return None
        rule_id = self._rule_id(node, keys.get("id"), path)
        enabled = self.flag(keys.get("enabled"), f"{path}.enabled", default=True)
        if enabled and "when" not in keys:
            self.report(node, path, "the rule needs 'when:', the condition it tests")
        points = self._points(node, keys.get("points"), path) if with_points and enabled else 0
        reason = node_text(keys["reason"]) if "reason" in keys else None
        if "reason" in keys and not reason:
            self.report(keys["reason"], f"{path}.reason", "needs a short text")
        # A rule with a bad id or points still has its condition checked, then is never kept.
        broken = rule_id is None or points is None
        return RawRule(
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
                f"a rule id uses lower-case letters, digits, '_', '.' and '-'; got {kind(id_node)}"
            )
            self.report(id_node, f"{path}.id", message)
            return None
        if rule_id in self.rule_ids:
            first = where(self.rule_ids[rule_id])[0]
            line = where(id_node)[0]
            self.report(
                id_node,
                f"{path}.id",
                f"rule id {rule_id!r} is used twice, on lines {first} and {line}",
            )
            return None
        self.rule_ids[rule_id] = id_node
        return rule_id

    def _points(self, node: yaml.Node, points_node: yaml.Node | None, path: str) -> int | None:
        if points_node is None:
            self.report(node, path, "the rule needs 'points:', a whole number (may be negative)")
            return None
        points = node_int(points_node)
        if points is None:
            self.report(
                points_node,
                f"{path}.points",
                f"needs a whole number, e.g. 15 or -10; found {kind(points_node)}",
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
                self.raw.score[name] = RawCategory(name, None, False, rules)
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
            self.raw.score[name] = RawCategory(name, cap, "cap" in keys, rules)

    def _cap(self, node: yaml.Node, path: str) -> int | None:
        if is_null(node):
            return None
        cap = node_int(node)
        if cap is None or cap < 0:
            self.report(node, path, f"needs a whole number, 0 or more; found {kind(node)}")
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

    def read_dedupe(self, node: yaml.Node, path: str) -> None:
        self.raw.dedupe = DedupeReader(self).read(node, path)

    def read_crm(self, node: yaml.Node, path: str) -> None:
        self.raw.crm = CrmReader(self).read(node, path)

    def read_currency_rates(self, node: yaml.Node, path: str) -> None:
        self.raw.currency_rates = read_rates(self, node, path)

    def read_routing(self, node: yaml.Node, path: str) -> None:
        self.raw.routing = RoutingReader(self, self.raw.routing).read_routing(node, path)

    def read_queues(self, node: yaml.Node, path: str) -> None:
        self.raw.routing = RoutingReader(self, self.raw.routing).read_queues(node, path)

    def read_reps(self, node: yaml.Node, path: str) -> None:
        self.raw.routing = RoutingReader(self, self.raw.routing).read_reps(node, path)

    def read_enrich(self, node: yaml.Node, path: str) -> None:
        self.raw.enrich = EnrichReader(self).read(node, path)

    def read_intent(self, node: yaml.Node, path: str) -> None:
        self.raw.intent = read_intent(self, node, path)

    def read_junk(self, node: yaml.Node, path: str) -> None:
        self.raw.junk = JunkReader(self).read(node, path)

    def read_activities(self, node: yaml.Node, path: str) -> None:
        self.raw.activities = ActivitiesReader(self).read(node, path)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
