"""Phrase lists and field lists in the ``intent:`` and ``junk:`` sections, read with positions.

A phrase list is written inline, ``[стоимост, wycen, price]``, or names a list under ``lists:``,
``{list: competitor_domains}`` (which may live in a side file, ``{file: lists/x.txt}``). Named
lists and field names are checked only after an ``extend:`` chain is merged, since a child file
may define the list or field that its base's section names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from leadq.conditions import node_text, unknown_word
from leadq.phrases import fold_phrases
from leadq.rules_yaml import Problems, kind
from leadq.schema import FieldType

if TYPE_CHECKING:
    from leadq.rules_sections import FileReader

NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class RawPhrases:
    """Phrases as written, or the name of a list to take them from after merging."""

    phrases: tuple[str, ...]
    list_name: str | None
    node: yaml.Node
    path: str
    file: str


@dataclass(frozen=True)
class RawNames:
    """Field names as written, each with its node for messages after merging."""

    names: tuple[tuple[str, yaml.Node], ...]
    path: str
    file: str


def read_phrases(reader: FileReader, node: yaml.Node, path: str) -> RawPhrases | None:
    """``[phrase, ...]`` or ``{list: NAME}``; a phrase without letters or digits is reported."""
    if isinstance(node, yaml.MappingNode):
        keys = reader.keys(node, path, ("list",), "{list: NAME}")
        name = node_text(keys["list"]) if "list" in keys else None
        if not name:
            example = "{list: competitor_domains}"
            reader.report(node, path, f"needs the name of a list under 'lists:', e.g. {example}")
            return None
        return RawPhrases((), name.strip(), keys["list"], path, reader.file)
    if not isinstance(node, yaml.SequenceNode):
        message = f"needs a list of phrases [a, b] or {{list: NAME}}; found {kind(node)}"
        reader.report(node, path, message)
        return None
    texts = [node_text(item) for item in node.value]
    folded = fold_phrases([text or "" for text in texts])
    phrases = []
    for index, (item, text, key) in enumerate(zip(node.value, texts, folded, strict=True)):
        if text is None or not text.strip():
            reader.report(item, f"{path}[{index}]", f"needs a non-empty text; found {kind(item)}")
        elif not key.strip():
            reader.report(item, f"{path}[{index}]", f"phrase {text!r} has no letter or digit")
        else:
            phrases.append(text.strip())
    return RawPhrases(tuple(phrases), None, node, path, reader.file)


def name_ok(reader: FileReader, name: str, node: yaml.Node, path: str) -> bool:
    """A group name is a word rules can test with ``has:``: lower case, digits and '_'."""
    if NAME.fullmatch(name):
        return True
    rule = "a group name uses lower-case letters, digits and '_', starting with a letter"
    message = f"{rule}; got {name!r}"
    reader.report(node, path, message)
    return False


def read_names(reader: FileReader, node: yaml.Node, path: str) -> RawNames | None:
    """A list of field names, ``[message, call_notes]`` (checked after merging)."""
    if not isinstance(node, yaml.SequenceNode):
        reader.report(node, path, f"needs a list of fields such as [message]; found {kind(node)}")
        return None
    names = []
    for index, item in enumerate(node.value):
        text = node_text(item)
        if text is None or not text.strip():
            reader.report(item, f"{path}[{index}]", f"needs a field name; found {kind(item)}")
        else:
            names.append((text.strip(), item))
    return RawNames(tuple(names), path, reader.file)


def resolve_phrases(
    raw: RawPhrases, lists: Mapping[str, tuple[str, ...]], problems: Problems
) -> tuple[str, ...]:
    """The phrases themselves; an unknown list name reported with a suggestion."""
    if raw.list_name is None:
        return raw.phrases
    if raw.list_name not in lists:
        problems.add(raw.file, raw.node, raw.path, unknown_word("list", raw.list_name, lists))
        return ()
    return tuple(lists[raw.list_name])


def resolve_names(
    raw: RawNames, fields: Mapping[str, FieldType], problems: Problems
) -> tuple[str, ...]:
    """The known field names; each unknown one reported with a suggestion."""
    known = []
    for index, (name, node) in enumerate(raw.names):
        if name in fields:
            known.append(name)
        else:
            problems.add(
                raw.file, node, f"{raw.path}[{index}]", unknown_word("field", name, fields)
            )
    return tuple(known)


def resolve_field(
    name: str, node: yaml.Node, path: str, file: str, fields: Mapping[str, FieldType],
    problems: Problems,
) -> str | None:  # fmt: skip
    """One field name, or None after reporting it as unknown."""
    if name in fields:
        return name
    problems.add(file, node, path, unknown_word("field", name, fields))
    return None
