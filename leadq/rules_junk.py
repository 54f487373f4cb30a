"""The ``junk:`` section of a rule file: how requests that are not buyers are recognised.

Kinds, in the fixed order ``junk_kind`` reports the first of: competitor (their domains, company
names, tax ids, or phrases), ad/marketing agency, tender participant, call centre or debt
collector (phrases in the text fields), spam with links or HTML, a gibberish name, a throwaway
e-mail, a filled honeypot field, one phone or e-mail used with many names, and a burst of
requests from one IP or address. A file that extends another replaces each setting it gives;
phrase lists are replaced per kind (``[]`` empties one), as are the competitor lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import yaml

from leadq.conditions import is_null, node_bool, node_int, node_text, unknown_word
from leadq.rules_phrases import (
    RawNames,
    RawPhrases,
    read_names,
    read_phrases,
    resolve_field,
    resolve_names,
    resolve_phrases,
)
from leadq.rules_yaml import Problems, kind
from leadq.schema import FieldType

if TYPE_CHECKING:
    from leadq.rules_sections import FileReader


class JunkKind(StrEnum):
    """What a junk request is, in the order ``junk_kind`` picks the first one found."""

    COMPETITOR = "competitor"  # a competitor's domain, company name, tax id or phrases
    AGENCY = "agency"  # an ad or marketing agency pitching its services
    TENDER = "tender"  # collecting quotes for a tender or procurement
    COLLECTOR = "collector"  # a call centre or debt collector
    SPAM_LINK = "spam_link"  # a link or HTML in a text field: spam bots
    GIBBERISH_NAME = "gibberish_name"  # a name no person has ("xkqzvw", "asdfgh", "Ab12")
    DISPOSABLE_EMAIL = "disposable_email"  # a throwaway mailbox (email_disposable)
    HONEYPOT = "honeypot"  # the hidden form field people never see was filled in
    SHARED_CONTACT = "shared_contact"  # one phone or e-mail used with many different names
    BURST = "burst"  # many requests from one IP or address within minutes


PHRASE_KINDS = (JunkKind.COMPETITOR, JunkKind.AGENCY, JunkKind.TENDER, JunkKind.COLLECTOR)
COMPETITOR_KEYS = ("domains", "names", "tax_ids")
SECTION_KEYS = (
    "fields", "phrases", "competitors", "links", "gibberish_names", "disposable_email",
    "honeypot", "names_per_email", "names_per_phone", "burst",
)  # fmt: skip
SWITCHES = ("gibberish_names", "disposable_email")


@dataclass(frozen=True)
class Burst:
    """``requests`` or more requests with the same ``field`` value within ``minutes``."""

    field: str
    requests: int
    minutes: int


@dataclass(frozen=True)
class JunkSettings:
    """What the junk stage looks for; a setting left empty or None looks for nothing."""

    fields: tuple[str, ...] = ("message",)  # searched for the phrases
    phrases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> phrases
    competitors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # domains, ...
    links: tuple[str, ...] = ()  # fields where a link or HTML marks spam
    gibberish_names: bool = False
    disposable_email: bool = False
    honeypot: str | None = None  # a field that people leave empty and bots fill
    names_per_email: int | None = None  # this many different names on one e-mail address
    names_per_phone: int | None = None  # ... on one phone number (off: offices share numbers)
    burst: Burst | None = None


@dataclass(frozen=True)
class Setting:
    """A value with where it was written, for messages after merging."""

    value: object
    node: yaml.Node
    path: str
    file: str


@dataclass
class RawJunk:
    """One file's ``junk:`` section, or the effective section of an ``extend:`` chain."""

    names: dict[str, RawNames] = field(default_factory=dict)  # fields, links
    phrases: dict[str, RawPhrases] = field(default_factory=dict)
    competitors: dict[str, RawPhrases] = field(default_factory=dict)
    settings: dict[str, Setting | None] = field(default_factory=dict)  # None: switched off


class JunkReader:
    """Reads a ``junk:`` mapping, reporting through the file's reader."""

    def __init__(self, reader: FileReader) -> None:
        self.reader = reader
        self.raw = RawJunk()

    def read(self, node: yaml.Node, path: str) -> RawJunk:
        keys = self.reader.keys(node, path, SECTION_KEYS, "a mapping such as {phrases: ...}")
        for name in ("fields", "links"):
            if name in keys and (names := read_names(self.reader, keys[name], f"{path}.{name}")):
                self.raw.names[name] = names
        if "phrases" in keys:
            kinds = tuple(kind.value for kind in PHRASE_KINDS)
            self._read_lists(keys["phrases"], f"{path}.phrases", kinds, self.raw.phrases)
        if "competitors" in keys:
            where = f"{path}.competitors"
            self._read_lists(keys["competitors"], where, COMPETITOR_KEYS, self.raw.competitors)
        for name in SWITCHES:
            if name in keys:
                self._setting(name, keys[name], f"{path}.{name}", node_bool, "needs true or false")
        if "honeypot" in keys:
            self._setting("honeypot", keys["honeypot"], f"{path}.honeypot", _field_name,
                          "needs the name of a field, e.g. honeypot: website_confirm")  # fmt: skip
        limit = "needs a whole number, 2 or more (or null to switch it off)"
        for name in ("names_per_email", "names_per_phone"):
            if name in keys:
                self._setting(name, keys[name], f"{path}.{name}", _at_least_two, limit)
        if "burst" in keys:
            self._read_burst(keys["burst"], f"{path}.burst")
        return self.raw

    def _read_lists(
        self, node: yaml.Node, path: str, allowed: tuple[str, ...], into: dict[str, RawPhrases]
    ) -> None:
        for name, key_node, value in self.reader.entries(node, path, "a mapping of name: phrases"):
            if name not in allowed:
                self.reader.report(key_node, f"{path}.{name}", unknown_word("kind", name, allowed))
            elif (phrases := read_phrases(self.reader, value, f"{path}.{name}")) is not None:
                into[name] = phrases

    def _setting(self, name: str, node: yaml.Node, path: str, read: object, problem: str) -> None:
        if is_null(node):
            self.raw.settings[name] = None
            return
        value = read(node)  # type: ignore[operator]
        if value is None:
            self.reader.report(node, path, f"{problem}; found {kind(node)}")
        else:
            self.raw.settings[name] = Setting(value, node, path, self.reader.file)

    def _read_burst(self, node: yaml.Node, path: str) -> None:
        if is_null(node):
            self.raw.settings["burst"] = None
            return
        example = "{field: ip, requests: 5, minutes: 10}"
        keys = self.reader.keys(node, path, ("field", "requests", "minutes"), example)
        missing = [key for key in ("field", "requests", "minutes") if key not in keys]
        if isinstance(node, yaml.MappingNode) and missing:
            self.reader.report(node, path, f"needs {', '.join(missing)}, e.g. {example}")
            return
        if not isinstance(node, yaml.MappingNode):
            return
        name = _field_name(keys["field"])
        requests, minutes = _at_least_two(keys["requests"]), _whole(keys["minutes"], 1)
        if name is None:
            self.reader.report(keys["field"], f"{path}.field", "needs a field name, e.g. ip")
        if requests is None:
            self.reader.report(
                keys["requests"], f"{path}.requests", "needs a whole number, 2 or more"
            )
        if minutes is None:
            self.reader.report(
                keys["minutes"], f"{path}.minutes", "needs a whole number, 1 or more"
            )
        if name is not None and requests is not None and minutes is not None:
            burst = Burst(name, requests, minutes)
            self.raw.settings["burst"] = Setting(
                burst, keys["field"], f"{path}.field", self.reader.file
            )


def _field_name(node: yaml.Node) -> str | None:
    text = node_text(node)
    return text.strip() if text and text.strip() else None


def _whole(node: yaml.Node, least: int) -> int | None:
    number = node_int(node)
    return number if number is not None and number >= least else None


def _at_least_two(node: yaml.Node) -> int | None:
    return _whole(node, 2)


# --------------------------------------------------------------------------- merging, building


def merge_junk(base: RawJunk | None, child: RawJunk | None) -> RawJunk | None:
    """Each setting, field list and phrase list the child gives replaces the base's."""
    if base is None or child is None:
        return child if base is None else base
    return RawJunk(
        {**base.names, **child.names},
        {**base.phrases, **child.phrases},
        {**base.competitors, **child.competitors},
        {**base.settings, **child.settings},
    )


def build_junk(
    raw: RawJunk | None,
    fields: Mapping[str, FieldType],
    lists: Mapping[str, tuple[str, ...]],
    problems: Problems,
) -> JunkSettings | None:
    """The typed settings; unknown fields and lists reported with a suggestion."""
    if raw is None:
        return None
    names = {key: resolve_names(value, fields, problems) for key, value in raw.names.items()}
    values = {key: s.value if s else None for key, s in raw.settings.items()}
    honeypot = raw.settings.get("honeypot")
    if honeypot is not None:
        values["honeypot"] = resolve_field(
            str(honeypot.value), honeypot.node, honeypot.path, honeypot.file, fields, problems
        )
    burst = raw.settings.get("burst")
    if burst is not None and isinstance(burst.value, Burst):
        if resolve_field(burst.value.field, burst.node, burst.path, burst.file, fields, problems):
            values["burst"] = burst.value
        else:
            values["burst"] = None
    return JunkSettings(
        phrases={k: resolve_phrases(p, lists, problems) for k, p in raw.phrases.items()},
        competitors={k: resolve_phrases(p, lists, problems) for k, p in raw.competitors.items()},
        **names,  # type: ignore[arg-type]
        **values,  # type: ignore[arg-type]
    )
