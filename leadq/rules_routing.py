"""The ``queues:``, ``reps:`` and ``routing:`` sections of a rule file: read, merged, built.

``queues:`` lists the queues (each an id, a condition, an order and an assignment), ``reps:``
the sales reps (a roster CSV given at run time adds to them), ``routing:`` how a lead that meets
several queues' conditions is placed. Every mistake is reported with file:line:col and its key
path; conditions are compiled after the ``extend:`` chain is merged, like the scoring rules'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import yaml

from leadq.conditions import (
    CompileContext,
    compile_condition,
    is_null,
    node_int,
    node_number,
    node_text,
    unknown_word,
)
from leadq.routing.days_off import DaysOff, parse_days_off
from leadq.routing.model import (
    DEFAULT_ORDER,
    FALLBACK_STRATEGIES,
    NO_FALLBACK,
    Assignment,
    MatchMode,
    OrderKey,
    Period,
    Queue,
    Rep,
    RepAttribute,
    RepRef,
    RoutingSettings,
    Strategy,
)
from leadq.rules_model import Position
from leadq.rules_yaml import Problems, kind, where
from leadq.schema import FieldType

if TYPE_CHECKING:
    from leadq.rules_sections import FileReader

Choice = TypeVar("Choice", Strategy, Period, MatchMode, RepAttribute)

QUEUE_ID = re.compile(r"[a-z0-9_.-]+")
QUEUE_KEYS = ("id", "when", "order", "assign", "fallback")
ASSIGN_KEYS = ("strategy", "reps", "fallback", "per", "capacity", "field", "match")
REP_KEYS = ("name", "queues", "weight", "capacity", "languages", "regions", "days_off", "load")
ROUTING_KEYS = ("match",)
DIRECTIONS = ("asc", "desc")
# Keys of `assign:` that only some strategies read.
STRATEGY_KEYS = {
    "per": (Strategy.CAPACITY,),
    "capacity": (Strategy.CAPACITY,),
    "field": (Strategy.TERRITORY, Strategy.OWNER),
    "match": (Strategy.TERRITORY,),
}
DEFAULT_FIELDS = {Strategy.TERRITORY: "country", Strategy.OWNER: "crm_owner"}


@dataclass(frozen=True)
class Spot:
    """Where something was written, for messages after merging."""

    node: yaml.Node
    path: str
    file: str

    @property
    def position(self) -> Position:
        return Position(self.file, *where(self.node))


@dataclass
class RawQueue:
    id: str
    spot: Spot
    when: yaml.Node | None
    fallback: bool
    order: list[tuple[str, Spot]] | None  # None: the default order
    assign: Assignment
    assign_field: Spot | None = None  # where `field:` was written, checked once fields are known


@dataclass(frozen=True)
class RawRep:
    rep: Rep
    spot: Spot
    queues: list[tuple[str, Spot]]  # the queue ids it lists, checked once queues are merged


@dataclass
class RawRouting:
    """One file's routing sections, or the effective sections of an ``extend:`` chain."""

    queues: list[RawQueue] | None = None  # None: the file has no queues: section
    reps: dict[str, RawRep] = field(default_factory=dict)
    match: MatchMode | None = None


class RoutingReader:
    """Reads the routing sections of one file, reporting through the file's reader."""

    def __init__(self, reader: FileReader, raw: RawRouting | None) -> None:
        self.reader = reader
        self.raw = raw if raw is not None else RawRouting()

    def spot(self, node: yaml.Node, path: str) -> Spot:
        return Spot(node, path, self.reader.file)

    def read_routing(self, node: yaml.Node, path: str) -> RawRouting:
        keys = self.reader.keys(node, path, ROUTING_KEYS, "a mapping such as {match: first}")
        if "match" in keys:
            self.raw.match = self._choice(keys["match"], f"{path}.match", MatchMode, "match mode")
        return self.raw

    def read_queues(self, node: yaml.Node, path: str) -> RawRouting:
        if not isinstance(node, yaml.SequenceNode):
            message = f"needs a list of queues (each starting with '- id: ...'); found {kind(node)}"
            self.reader.report(node, path, message)
            return self.raw
        queues = [self._queue(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
        self.raw.queues = [queue for queue in queues if queue is not None]
        self._check_queue_ids(self.raw.queues)
        return self.raw

    def read_reps(self, node: yaml.Node, path: str) -> RawRouting:
        if not isinstance(node, yaml.SequenceNode):
            message = (
                f"needs a list of reps (each '- name: ...' or just a name); found {kind(node)}"
            )
            self.reader.report(node, path, message)
            return self.raw
        for index, item in enumerate(node.value):
            raw = self._rep(item, f"{path}[{index}]")
            if raw is None:
                continue
            name = raw.rep.name
            if name in self.raw.reps:
                first = where(self.raw.reps[name].spot.node)[0]
                message = f"rep {name!r} is listed twice (first on line {first})"
                self.reader.report(item, f"{path}[{index}]", message)
                continue
            self.raw.reps[name] = raw
        return self.raw

    # ---- queues

    def _queue(self, node: yaml.Node, path: str) -> RawQueue | None:
        keys = self.reader.keys(node, path, QUEUE_KEYS, "a queue such as {id: ..., when: ...}")
        if not isinstance(node, yaml.MappingNode):
            return None
        queue_id = self._queue_id(node, keys.get("id"), path)
        fallback = self.reader.flag(keys.get("fallback"), f"{path}.fallback", default=False)
        if fallback and "when" in keys:
            message = "the fallback queue takes every lead no other queue took; remove 'when:'"
            self.reader.report(keys["when"], f"{path}.when", message)
        elif not fallback and "when" not in keys:
            message = (
                "the queue needs 'when:', the condition of the leads it takes "
                "(or 'fallback: true' for the queue that takes the rest)"
            )
            self.reader.report(node, path, message)
        order = self._order(keys["order"], f"{path}.order") if "order" in keys else None
        assign, assign_field = self._assign(keys.get("assign"), f"{path}.assign")
        if queue_id is None:
            return None
        when = None if fallback else keys.get("when")
        return RawQueue(
            queue_id, self.spot(node, path), when, fallback, order, assign, assign_field
        )

    def _queue_id(self, node: yaml.Node, id_node: yaml.Node | None, path: str) -> str | None:
        if id_node is None:
            self.reader.report(node, path, "the queue needs an 'id:', e.g. id: enterprise")
            return None
        text = node_text(id_node)
        if text is None or not QUEUE_ID.fullmatch(text):
            message = (
                f"a queue id uses lower-case letters, digits, '_', '.' and '-'; got {kind(id_node)}"
            )
            self.reader.report(id_node, f"{path}.id", message)
            return None
        return text

    def _check_queue_ids(self, queues: list[RawQueue]) -> None:
        seen: dict[str, RawQueue] = {}
        fallback: RawQueue | None = None
        for queue in queues:
            if queue.id in seen:
                first = where(seen[queue.id].spot.node)[0]
                message = f"queue id {queue.id!r} is used twice (first on line {first})"
                self.reader.report(queue.spot.node, f"{queue.spot.path}.id", message)
            seen.setdefault(queue.id, queue)
            if queue.fallback and fallback is not None:
                message = f"only one queue may be the fallback; {fallback.id!r} already is"
                self.reader.report(queue.spot.node, f"{queue.spot.path}.fallback", message)
            elif queue.fallback:
                fallback = queue

    def _order(self, node: yaml.Node, path: str) -> list[tuple[str, Spot]]:
        items = node.value if isinstance(node, yaml.SequenceNode) else None
        if not items:
            example = "[stage, score desc, quality desc, created asc]"
            self.reader.report(node, path, f"needs a list such as {example}; found {kind(node)}")
            return []
        result = []
        for index, item in enumerate(items):
            text = node_text(item)
            if text is None or not text.strip():
                self.reader.report(item, f"{path}[{index}]", "needs 'field' or 'field desc'")
            else:
                result.append((text.strip(), self.spot(item, f"{path}[{index}]")))
        return result

    # ---- assign

    def _assign(self, node: yaml.Node | None, path: str) -> tuple[Assignment, Spot | None]:
        if node is None:
            return Assignment(), None
        example = "a mapping such as {strategy: round_robin, reps: [anna, piotr]}"
        keys = self.reader.keys(node, path, ASSIGN_KEYS, example)
        chosen: Strategy | None = Strategy.ROUND_ROBIN
        if "strategy" in keys:
            chosen = self._choice(keys["strategy"], f"{path}.strategy", Strategy, "strategy")
        fallback = self._fallback(keys["fallback"], path) if "fallback" in keys else None
        if chosen is not None:  # a misspelt strategy is reported once, not once per key
            self._check_strategy_keys(keys, (chosen, fallback), path)
        strategy = chosen or Strategy.ROUND_ROBIN
        assignment = Assignment(
            strategy=strategy,
            reps=self._rep_refs(keys["reps"], f"{path}.reps") if "reps" in keys else (),
            fallback=fallback,
            per=self._optional(keys, "per", path, Period, Period.RUN),
            capacity=self._count(keys["capacity"], f"{path}.capacity")
            if "capacity" in keys
            else None,
            field=node_text(keys["field"]) if "field" in keys else DEFAULT_FIELDS.get(strategy),
            match=self._optional(keys, "match", path, RepAttribute, RepAttribute.REGIONS),
        )
        field_spot = self.spot(keys["field"], f"{path}.field") if "field" in keys else None
        return assignment, field_spot

    def _check_strategy_keys(
        self, keys: Mapping[str, yaml.Node], used: tuple[Strategy | None, ...], path: str
    ) -> None:
        """Keys that none of the strategies in use reads are reported (a likely mix-up)."""
        for name, strategies in STRATEGY_KEYS.items():
            if name in keys and not set(strategies) & set(used):
                users = " and ".join(s.value for s in strategies)
                message = f"'{name}' applies to the {users} strategy only, not {used[0]}"
                self.reader.report(keys[name], f"{path}.{name}", message)

    def _fallback(self, node: yaml.Node, path: str) -> Strategy | None:
        path = f"{path}.fallback"
        choices = [*(s.value for s in FALLBACK_STRATEGIES), NO_FALLBACK]
        text = node_text(node)
        if text not in choices:
            self.reader.report(node, path, unknown_word("fallback", text or kind(node), choices))
            return None
        return None if text == NO_FALLBACK else Strategy(text)

    def _rep_refs(self, node: yaml.Node, path: str) -> tuple[RepRef, ...]:
        return tuple(
            RepRef(text, Position(self.reader.file, *where(item)), item_path)
            for text, item, item_path in self._texts(node, path, "[anna, piotr]")
        )

    # ---- reps

    def _rep(self, node: yaml.Node, path: str) -> RawRep | None:
        if isinstance(node, yaml.ScalarNode) and (name := node_text(node)) and name.strip():
            return RawRep(Rep(name.strip()), self.spot(node, path), [])
        keys = self.reader.keys(node, path, REP_KEYS, "a rep such as {name: anna, weight: 2}")
        if not isinstance(node, yaml.MappingNode):
            return None
        name = node_text(keys["name"]) if "name" in keys else None
        if name is None or not name.strip():
            self.reader.report(keys.get("name", node), path, "the rep needs a 'name:'")
            return None
        queues = (
            self._texts(keys["queues"], f"{path}.queues", "[enterprise]")
            if "queues" in keys
            else []
        )
        rep = Rep(
            name=name.strip(),
            queues=tuple(text for text, _, _ in queues),
            weight=self._weight(keys["weight"], f"{path}.weight") if "weight" in keys else 1.0,
            capacity=self._count(keys["capacity"], f"{path}.capacity")
            if "capacity" in keys
            else None,
            languages=self._words(keys.get("languages"), f"{path}.languages"),
            regions=self._words(keys.get("regions"), f"{path}.regions"),
            days_off=self._days_off(keys.get("days_off"), f"{path}.days_off"),
            load=(self._count(keys["load"], f"{path}.load") or 0) if "load" in keys else 0,
        )
        refs = [(text, self.spot(item, item_path)) for text, item, item_path in queues]
        return RawRep(rep, self.spot(node, path), refs)

    def _weight(self, node: yaml.Node, path: str) -> float:
        value = node_number(node)
        if value is None or value < 0:
            self.reader.report(node, path, f"needs a number, 0 or more; found {kind(node)}")
            return 1.0
        return value

    def _words(self, node: yaml.Node | None, path: str) -> tuple[str, ...]:
        if node is None:
            return ()
        items = node if isinstance(node, yaml.SequenceNode) else yaml.SequenceNode("", [node])
        return tuple(text for text, _, _ in self._texts(items, path, "[RU, KZ]"))

    def _days_off(self, node: yaml.Node | None, path: str) -> DaysOff:
        if node is None:
            return DaysOff()
        items = node if isinstance(node, yaml.SequenceNode) else yaml.SequenceNode("", [node])
        texts = []
        for index, item in enumerate(items.value):
            text = node_text(item)
            try:
                parse_days_off([text or ""])
                texts.append(text or "")
            except ValueError as error:
                self.reader.report(item, f"{path}[{index}]", str(error))
        return parse_days_off(texts)

    # ---- small values

    def _choice(
        self, node: yaml.Node, path: str, choices: type[Choice], what: str
    ) -> Choice | None:
        text = node_text(node)
        values = [choice.value for choice in choices]
        if text not in values:
            self.reader.report(node, path, unknown_word(what, text or kind(node), values))
            return None
        return choices(text)

    def _optional(
        self,
        keys: Mapping[str, yaml.Node],
        name: str,
        path: str,
        choices: type[Choice],
        default: Choice,
    ) -> Choice:
        """A closed-set value of ``keys[name]``, or the default when absent or wrong."""
        if name not in keys:
            return default
        what = {"per": "period", "match": "rep list"}[name]
        return self._choice(keys[name], f"{path}.{name}", choices, what) or default

    def _count(self, node: yaml.Node, path: str) -> int | None:
        value = node_int(node)
        if value is None or value < 0:
            self.reader.report(node, path, f"needs a whole number, 0 or more; found {kind(node)}")
            return None
        return value

    def _texts(self, node: yaml.Node, path: str, example: str) -> list[tuple[str, yaml.Node, str]]:
        """The non-empty texts of a list, each with its node and key path."""
        if not isinstance(node, yaml.SequenceNode):
            self.reader.report(node, path, f"needs a list such as {example}; found {kind(node)}")
            return []
        result = []
        for index, item in enumerate(node.value):
            text = node_text(item)
            if text is None or not text.strip() or is_null(item):
                self.reader.report(item, f"{path}[{index}]", f"needs a text; found {kind(item)}")
            else:
                result.append((text.strip(), item, f"{path}[{index}]"))
        return result


# --------------------------------------------------------------------------- merging, building


def merge_routing(base: RawRouting | None, child: RawRouting | None) -> RawRouting | None:
    """A child's ``queues:`` replaces the base's list; reps with the same name are replaced,
    new ones added; ``routing:`` keys the child sets win."""
    if base is None or child is None:
        return child if base is None else base
    return RawRouting(
        queues=child.queues if child.queues is not None else base.queues,
        reps={**base.reps, **child.reps},
        match=child.match or base.match,
    )


@dataclass(frozen=True)
class RoutingCompiler:
    """What queue conditions and orders may name, and where problems go."""

    fields: Mapping[str, FieldType]
    lists: Mapping[str, tuple[str, ...]]
    problems: Problems


def build_routing(raw: RawRouting | None, compiler: RoutingCompiler) -> RoutingSettings | None:
    """The typed settings; None when the rule file has no queues."""
    if raw is None or not raw.queues:
        return None
    queues = [queue for raw_queue in raw.queues if (queue := _build_queue(raw_queue, compiler))]
    queues.sort(key=lambda queue: queue.fallback)  # the fallback queue is tried last
    ids = [queue.id for queue in raw.queues]
    for raw_rep in raw.reps.values():
        for queue_id, spot in raw_rep.queues:
            if queue_id not in ids:
                compiler.problems.add(
                    spot.file, spot.node, spot.path, unknown_word("queue", queue_id, ids)
                )
    reps = tuple(raw_rep.rep for raw_rep in raw.reps.values())
    return RoutingSettings(tuple(queues), reps, raw.match or MatchMode.FIRST)


def _build_queue(raw: RawQueue, compiler: RoutingCompiler) -> Queue | None:
    problems = compiler.problems
    when = None
    if raw.when is not None:
        context = CompileContext(compiler.fields, compiler.lists, problems.reporter(raw.spot.file))
        when = compile_condition(raw.when, f"{raw.spot.path}.when", context)
    order = DEFAULT_ORDER if raw.order is None else _order_keys(raw.order, compiler)
    assign = raw.assign
    if raw.assign_field is not None and assign.field not in compiler.fields:
        spot = raw.assign_field
        message = unknown_word("field", assign.field or kind(spot.node), compiler.fields)
        problems.add(spot.file, spot.node, spot.path, message)
    if when is None and not raw.fallback:  # its problems are reported; the file will not load
        return None
    return Queue(raw.id, when, order, assign, raw.spot.position, raw.fallback)


def _order_keys(items: list[tuple[str, Spot]], compiler: RoutingCompiler) -> tuple[OrderKey, ...]:
    keys = []
    for text, spot in items:
        words = text.split()
        name = words[0]
        direction = words[1].casefold() if len(words) > 1 else "asc"
        if name not in compiler.fields:
            message = unknown_word("field", name, compiler.fields)
            compiler.problems.add(spot.file, spot.node, spot.path, message)
        elif len(words) > 2 or direction not in DIRECTIONS:
            message = f"write 'field', 'field asc' or 'field desc'; got {text!r}"
            compiler.problems.add(spot.file, spot.node, spot.path, message)
        else:
            keys.append(OrderKey(name, descending=direction == "desc"))
    return tuple(keys)
