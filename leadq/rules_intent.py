"""The ``intent:`` section of a rule file: key-phrase groups found in request texts and call notes.

Each group is a name (``price``, ``demo``, ``job_seeker`` ...) and its phrases; the ``intent``
column lists the groups found in a lead's text fields, in the section's order, and rules test it
with ``{field: intent, has: price}``. A file that extends another replaces a group by naming it
again (``[]`` removes it), adds new groups after the base's, and replaces ``fields`` when given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from leadq.phrases import MAX_GROUPS
from leadq.rules_phrases import (
    RawNames,
    RawPhrases,
    name_ok,
    read_names,
    read_phrases,
    resolve_names,
    resolve_phrases,
)
from leadq.rules_yaml import Problems
from leadq.schema import FieldType

if TYPE_CHECKING:
    from leadq.rules_sections import FileReader

SECTION_KEYS = ("fields", "groups")
DEFAULT_FIELDS = ("message", "need")


@dataclass(frozen=True)
class IntentSettings:
    """Which text fields are searched, and the phrase groups in output order."""

    fields: tuple[str, ...]
    groups: Mapping[str, tuple[str, ...]]


@dataclass
class RawIntent:
    """One file's ``intent:`` section, or the effective section of an ``extend:`` chain."""

    fields: RawNames | None = None
    groups: dict[str, RawPhrases] = field(default_factory=dict)
    node: yaml.Node | None = None
    file: str = ""


def read_intent(reader: FileReader, node: yaml.Node, path: str) -> RawIntent:
    """Read ``intent: {fields: [...], groups: {name: [phrases] or {list: NAME}}}``."""
    raw = RawIntent(node=node, file=reader.file)
    keys = reader.keys(node, path, SECTION_KEYS, "a mapping such as {groups: {price: [...]}}")
    if "fields" in keys:
        raw.fields = read_names(reader, keys["fields"], f"{path}.fields")
    if "groups" in keys:
        where = f"{path}.groups"
        for name, key_node, value in reader.entries(keys["groups"], where, "group: [phrase, ...]"):
            if not name_ok(reader, name, key_node, f"{where}.{name}"):
                continue
            phrases = read_phrases(reader, value, f"{where}.{name}")
            if phrases is not None:
                raw.groups[name] = phrases
    return raw


def merge_intent(base: RawIntent | None, child: RawIntent | None) -> RawIntent | None:
    """The child's groups over the base's (same name: replaced in place); its fields if given."""
    if base is None or child is None:
        return child if base is None else base
    groups = {**base.groups, **child.groups}
    return RawIntent(child.fields or base.fields, groups, child.node, child.file)


def build_intent(
    raw: RawIntent | None,
    fields: Mapping[str, FieldType],
    lists: Mapping[str, tuple[str, ...]],
    problems: Problems,
) -> IntentSettings | None:
    """The typed settings; unknown fields and lists reported; empty groups dropped."""
    if raw is None:
        return None
    names = resolve_names(raw.fields, fields, problems) if raw.fields else DEFAULT_FIELDS
    groups = {name: resolve_phrases(p, lists, problems) for name, p in raw.groups.items()}
    groups = {name: phrases for name, phrases in groups.items() if phrases}
    if len(groups) > MAX_GROUPS:
        message = f"has {len(groups)} groups; at most {MAX_GROUPS} are allowed"
        problems.add(raw.file, raw.node, "intent.groups", message)
    known = tuple(name for name in names if name in fields)
    return IntentSettings(known, groups)
