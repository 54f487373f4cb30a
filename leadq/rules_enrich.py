"""The ``enrich:`` section of a rule file: read with positions, merged over ``extend:``, built.

It says how to read a company registry export given with ``--enrich`` (a SPARK, REGON/KRS or
any company list): its own header aliases, which keys link a lead to a registry record (in
priority order), and whose value wins when both the lead and the registry have one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import yaml

from leadq.conditions import node_text, unknown_word
from leadq.rules_yaml import Header, Problems, Written, headers_per_field, kind

if TYPE_CHECKING:
    from leadq.rules_sections import FileReader


class RegistryKey(StrEnum):
    """What links a lead to a registry record."""

    TAX_ID = "tax_id"  # the same company id (compact, EU country prefix ignored)
    DOMAIN = "domain"  # the same corporate domain: the lead's company_domain, the record's website
    COMPANY = "company"  # the same company key: legal forms, case and script ignored


class Prefer(StrEnum):
    """Whose value a company column shows when the lead and its registry record both have one."""

    LEAD = "lead"  # the lead's own value; the registry fills blanks
    REGISTRY = "registry"  # the registry's value; the lead's fills blanks


# The registry export's fields: keys to match on, then the values it adds.
KEY_FIELDS = ("tax_id", "website", "email", "company", "country")
VALUE_FIELDS = ("industry", "employees", "revenue", "region", "founded")
REGISTRY_FIELDS = KEY_FIELDS + VALUE_FIELDS
SECTION_KEYS = ("columns", "match_on", "prefer")


@dataclass(frozen=True)
class EnrichSettings:
    """How ``--enrich`` files are read and joined."""

    columns: Mapping[str, tuple[str, ...]]  # registry field -> header aliases (its name too)
    match_on: tuple[RegistryKey, ...] = tuple(RegistryKey)  # the first key that matches wins
    prefer: Prefer = Prefer.LEAD


@dataclass
class RawEnrich:
    """One file's ``enrich:`` section, or the effective section of an ``extend:`` chain."""

    columns: dict[str, list[Written]] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=dict)


class EnrichReader:
    """Reads an ``enrich:`` mapping, reporting through the file's reader."""

    def __init__(self, reader: FileReader) -> None:
        self.reader = reader
        self.raw = RawEnrich()

    def read(self, node: yaml.Node, path: str) -> RawEnrich:
        keys = self.reader.keys(
            node, path, SECTION_KEYS, "a mapping such as {columns: ..., match_on: [...]}"
        )
        if "columns" in keys:
            self._read_columns(keys["columns"], f"{path}.columns")
        if "match_on" in keys:
            self._read_match_on(keys["match_on"], f"{path}.match_on")
        if "prefer" in keys:
            self._read_prefer(keys["prefer"], f"{path}.prefer")
        return self.raw

    def _read_columns(self, node: yaml.Node, path: str) -> None:
        entries = self.reader.entries(node, path, "a mapping of registry field: [header, ...]")
        for name, key_node, value in entries:
            where = f"{path}.{name}"
            if name not in REGISTRY_FIELDS:
                message = unknown_word("registry field", name, REGISTRY_FIELDS)
                self.reader.report(key_node, where, message)
                continue
            items = value.value if isinstance(value, yaml.SequenceNode) else [value]
            aliases = []
            for index, item in enumerate(items):
                text = node_text(item)
                if text is None or not text.strip():
                    self.reader.report(item, f"{where}[{index}]", "needs a column header text")
                else:
                    aliases.append(Written(text.strip(), item, where, self.reader.file))
            self.raw.columns[name] = aliases

    def _read_match_on(self, node: yaml.Node, path: str) -> None:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            message = f"needs a list of keys such as [tax_id, domain, company]; found {kind(node)}"
            self.reader.report(node, path, message)
            return
        choices = [key.value for key in RegistryKey]
        chosen: list[RegistryKey] = []
        for index, item in enumerate(node.value):
            word = (node_text(item) or "").strip()
            if word not in choices:
                shown = word or kind(item)
                self.reader.report(item, f"{path}[{index}]", unknown_word("key", shown, choices))
            elif RegistryKey(word) in chosen:
                self.reader.report(item, f"{path}[{index}]", f"key {word!r} is listed twice")
            else:
                chosen.append(RegistryKey(word))
        self.raw.settings["match_on"] = tuple(chosen)

    def _read_prefer(self, node: yaml.Node, path: str) -> None:
        word = (node_text(node) or "").strip()
        choices = [choice.value for choice in Prefer]
        if word not in choices:
            self.reader.report(node, path, unknown_word("choice", word or kind(node), choices))
            return
        self.raw.settings["prefer"] = Prefer(word)


def merge_enrich(base: RawEnrich | None, child: RawEnrich | None) -> RawEnrich | None:
    """The child's settings over the base's; header aliases added to the base's, as in
    ``columns:``."""
    if base is None or child is None:
        return child if base is None else base
    columns = {name: list(aliases) for name, aliases in base.columns.items()}
    for name, aliases in child.columns.items():
        columns.setdefault(name, []).extend(aliases)
    return RawEnrich(columns, {**base.settings, **child.settings})


def build_enrich(raw: RawEnrich | None, problems: Problems) -> EnrichSettings | None:
    """The typed settings; a header listed under two fields is reported."""
    if raw is None:
        return None
    headers = {
        name: [Header(str(alias.value), alias.node, alias.file, alias.path) for alias in aliases]
        for name, aliases in raw.columns.items()
    }
    columns = headers_per_field(headers, problems)
    return EnrichSettings(columns=columns, **raw.settings)  # type: ignore[arg-type]
