"""The ``crm:`` section of a rule file: read with positions, merged over ``extend:``, built.

It says how to read a CRM export given with ``--against`` (its own header aliases), which keys
link a lead to a CRM record (in priority order) and which CRM statuses mean "existing customer"
and "open deal". The two status lists are also published to conditions as the named lists
``crm_existing_customer`` and ``crm_open_deal``, so that disqualify rules test ``crm_status``
against the same words the matcher uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import yaml

from leadq.conditions import node_text, unknown_word
from leadq.rules_yaml import Header, Problems, Written, chosen_keys, headers_per_field, kind

if TYPE_CHECKING:
    from leadq.rules_sections import FileReader


class CrmKey(StrEnum):
    """What links a lead to a CRM record."""

    EMAIL = "email"  # the same mailbox: case, gmail dots and +tags ignored
    PHONE = "phone"  # the same number in E.164
    TAX_ID = "tax_id"  # the same tax id: letters and digits only, country prefix ignored
    COMPANY = "company"  # the same company key: legal forms, case and script ignored
    DOMAIN = "domain"  # the same corporate domain (of the e-mail or website); never free-mail


# The CRM export's fields; crm_id, owner and status are the CRM's own, the rest read like leads'.
CRM_FIELDS = (
    "crm_id", "owner", "status", "created", "email", "phone", "company", "tax_id", "website",
    "country",
)  # fmt: skip
SECTION_KEYS = ("columns", "match_on", "existing_customer", "open_deal")
STATUS_KEYS = ("existing_customer", "open_deal")
STATUS_LISTS = {"crm_existing_customer": "existing_customer", "crm_open_deal": "open_deal"}


@dataclass(frozen=True)
class CrmSettings:
    """How ``--against`` files are read and matched."""

    columns: Mapping[str, tuple[str, ...]]  # CRM field -> header aliases (its name matches too)
    match_on: tuple[CrmKey, ...] = tuple(CrmKey)  # first key that matches wins
    existing_customer: tuple[str, ...] = ()  # statuses, compared trimmed and case-folded
    open_deal: tuple[str, ...] = ()


@dataclass
class RawCrm:
    """One file's ``crm:`` section, or the effective section of an ``extend:`` chain."""

    columns: dict[str, list[Written]] = field(default_factory=dict)
    settings: dict[str, Written] = field(default_factory=dict)


class CrmReader:
    """Reads a ``crm:`` mapping, reporting through the file's reader."""

    def __init__(self, reader: FileReader) -> None:
        self.reader = reader
        self.raw = RawCrm()

    def written(self, value: object, node: yaml.Node, path: str) -> Written:
        return Written(value, node, path, self.reader.file)

    def read(self, node: yaml.Node, path: str) -> RawCrm:
        keys = self.reader.keys(
            node, path, SECTION_KEYS, "a mapping such as {columns: ..., match_on: [...]}"
        )
        if "columns" in keys:
            self._read_columns(keys["columns"], f"{path}.columns")
        if "match_on" in keys:
            self._read_match_on(keys["match_on"], f"{path}.match_on")
        for name in STATUS_KEYS:
            if name in keys:
                statuses = self._texts(keys[name], f"{path}.{name}", "[customer, client]")
                words = tuple(text for text, _ in statuses)
                self.raw.settings[name] = self.written(words, keys[name], f"{path}.{name}")
        return self.raw

    def _read_columns(self, node: yaml.Node, path: str) -> None:
        for name, key_node, value in self.reader.entries(
            node, path, "a mapping of CRM field: [header, ...]"
        ):
            where = f"{path}.{name}"
            if name not in CRM_FIELDS:
                self.reader.report(key_node, where, unknown_word("CRM field", name, CRM_FIELDS))
                continue
            items = (
                value if isinstance(value, yaml.SequenceNode) else yaml.SequenceNode("", [value])
            )
            headers = self._texts(items, where, "[owner, account owner]")
            self.raw.columns[name] = [self.written(text, item, where) for text, item in headers]

    def _read_match_on(self, node: yaml.Node, path: str) -> None:
        words = self._texts(node, path, "[email, phone]")
        choices = [key.value for key in CrmKey]
        chosen = chosen_keys(self.reader.report, words, node, path, choices, "[email, phone]")
        self.raw.settings["match_on"] = self.written(tuple(map(CrmKey, chosen)), node, path)

    def _texts(self, node: yaml.Node, path: str, example: str) -> list[tuple[str, yaml.Node]]:
        """The non-empty texts of a list, each with its node; every other item reported."""
        if not isinstance(node, yaml.SequenceNode):
            self.reader.report(node, path, f"needs a list such as {example}; found {kind(node)}")
            return []
        result = []
        for index, item in enumerate(node.value):
            text = node_text(item)
            if text is None or not text.strip():
                self.reader.report(item, f"{path}[{index}]", f"needs a text; found {kind(item)}")
            else:
                result.append((text.strip(), item))
        return result


# --------------------------------------------------------------------------- merging, building


def merge_crm(base: RawCrm | None, child: RawCrm | None) -> RawCrm | None:
    """The child's settings over the base's; header aliases added to the base's, as in
    ``columns:``."""
    if base is None or child is None:
        return child if base is None else base
    columns = {name: list(aliases) for name, aliases in base.columns.items()}
    for name, aliases in child.columns.items():
        columns.setdefault(name, []).extend(aliases)
    return RawCrm(columns, {**base.settings, **child.settings})


def build_crm(
    raw: RawCrm | None, lists: Mapping[str, tuple[str, ...]], problems: Problems
) -> CrmSettings | None:
    """The typed settings; a header under two fields and a status in both lists reported."""
    if raw is None:
        return None
    values = {name: written.value for name, written in raw.settings.items()}
    settings = CrmSettings(columns=_checked_columns(raw.columns, problems), **values)  # type: ignore[arg-type]
    _check_statuses(raw, problems)
    for list_name in STATUS_LISTS:
        if list_name in lists and (written := _status_node(raw, STATUS_LISTS[list_name])):
            message = f"the list {list_name!r} under 'lists:' would hide these statuses; rename it"
            problems.add(written.file, written.node, written.path, message)
    return settings


def status_lists(settings: CrmSettings | None) -> dict[str, tuple[str, ...]]:
    """The named lists conditions see for the CRM statuses (empty without a ``crm:`` section)."""
    if settings is None:
        return {}
    return {name: getattr(settings, key) for name, key in STATUS_LISTS.items()}


def _status_node(raw: RawCrm, key: str) -> Written | None:
    return raw.settings.get(key)


def _checked_columns(
    columns: dict[str, list[Written]], problems: Problems
) -> dict[str, tuple[str, ...]]:
    """Aliases per CRM field; one header maps to one field (ignoring case and spaces)."""
    headers = {
        name: [Header(str(alias.value), alias.node, alias.file, alias.path) for alias in aliases]
        for name, aliases in columns.items()
    }
    return headers_per_field(headers, problems)


def _check_statuses(raw: RawCrm, problems: Problems) -> None:
    """A status cannot mean both "customer" and "open deal"."""
    customer, deal = (_status_node(raw, key) for key in STATUS_KEYS)
    if customer is None or deal is None:
        return
    words = {str(text).casefold() for text in customer.value}  # type: ignore[attr-defined]
    both = [text for text in deal.value if str(text).casefold() in words]  # type: ignore[attr-defined]
    if both:
        message = f"status {both[0]!r} is also listed under existing_customer; list it once"
        problems.add(deal.file, deal.node, deal.path, message)
