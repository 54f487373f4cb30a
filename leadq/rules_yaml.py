"""Reading a rule file's YAML safely, keeping the position of every node.

Knows nothing of leadq's sections: it collects problems (``Problems``), reads a file's bytes
within a size limit, refuses anchors, aliases, custom tags and deep nesting before anything is
composed, and hands back the top-level mapping node.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from leadq.conditions import Report, is_null, node_bool, unknown_word
from leadq.errors import InputError, RuleProblem

if TYPE_CHECKING:  # importlib.resources.abc is Python 3.11+; this one is 3.9+
    from importlib.abc import Traversable

MAX_FILE_BYTES = 1 << 20
MAX_YAML_DEPTH = 64
_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)
ANCHORS = "YAML anchors and aliases (&name, *name) are not allowed in rule files"


# --------------------------------------------------------------------------- problems


class Problems:
    """Collects problems from every file read during one load."""

    def __init__(self) -> None:
        self.items: list[RuleProblem] = []

    def add(self, file: str, node: yaml.Node | None, path: str, message: str) -> None:
        line, column = where(node)
        self.items.append(RuleProblem(file, line, column, path, message))

    def flag(self, file: str, node: yaml.Node | None, path: str, default: bool) -> bool:
        """A true/false setting: ``default`` when it is absent, or not true or false (reported)."""
        if node is None:
            return default
        value = node_bool(node)
        if value is None:
            self.add(file, node, path, f"needs true or false; found {kind(node)}")
            return default
        return value

    def reporter(self, file: str) -> Report:
        def report(node: yaml.Node, path: str, message: str) -> None:
            self.add(file, node, path, message)

        return report

    def sorted(self) -> list[RuleProblem]:
        return sorted(self.items, key=lambda p: (p.file, p.line, p.column))


def where(node: yaml.Node | yaml.Event | None) -> tuple[int, int]:
    if node is None or node.start_mark is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "nothing" if is_null(node) else f"{node.value!r}"


# --------------------------------------------------------------------------- reading YAML safely


@dataclass(frozen=True)
class Source:
    """A rule file to read: its label for messages, identity for cycles, and its folder."""

    label: str
    key: str
    location: Traversable
    noun: str = "rule file"  # what the file is, in messages ("job file" for leadq run)
    first_key: str = "score"  # a top-level key named in the message for a file that is no mapping

    @property
    def folder(self) -> Traversable:
        return self.location.parent if isinstance(self.location, Path) else default_folder()


def default_folder() -> Traversable:
    return resources.files("leadq").joinpath("rules")


def join_path(folder: Traversable, relative: str) -> Traversable:
    """``folder / relative`` for a real folder or a package resource folder."""
    if isinstance(folder, Path):
        return folder / relative
    for part in Path(relative).parts:
        folder = folder.joinpath(part)
    return folder


def read_bytes(source: Source, limit: int) -> bytes:
    """The file's bytes, at most ``limit + 1`` of them; InputError when it cannot be read."""
    try:
        if not source.location.is_file():
            missing = isinstance(source.location, Path) and not source.location.exists()
            raise InputError(source.label, "no such file" if missing else "not a file")
        with source.location.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as error:
        raise InputError(source.label, f"cannot read the file: {error.strerror or error}") from None


def _read_text(source: Source, problems: Problems) -> str | None:
    data = read_bytes(source, MAX_FILE_BYTES)
    if len(data) > MAX_FILE_BYTES:
        problems.add(source.label, None, "", f"the {source.noun} is larger than 1 MiB; split it up")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(
            source.label, None, "", f"not UTF-8 text (byte {error.start}); save it as UTF-8"
        )
        return None


def _syntax_problem(error: yaml.YAMLError, text: str, label: str, problems: Problems) -> None:
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


def _scan_events(text: str, label: str, problems: Problems, noun: str = "rule file") -> bool:
    """Refuse anchors, aliases, custom tags and deep nesting before composing anything."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line, column = where(event)
        tag = getattr(event, "tag", None)
        message = None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            message = ANCHORS.replace("rule files", f"{noun}s")
        elif tag and tag not in _SAFE_TAGS and tag != "!":
            message = f"YAML tags such as {tag!r} are not allowed in {noun}s"
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


def compose(source: Source, problems: Problems) -> yaml.MappingNode | None:
    """The file's top-level mapping node, or None after reporting why there is none."""
    text = _read_text(source, problems)
    if text is None:
        return None
    try:
        if not _scan_events(text, source.label, problems, source.noun):
            return None
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        _syntax_problem(error, text, source.label, problems)
        return None
    if root is None or is_null(root):
        problems.add(source.label, root, "", f"the {source.noun} is empty")
        return None
    if not isinstance(root, yaml.MappingNode):
        message = (
            f"a {source.noun} is a mapping of sections such as '{source.first_key}:'; "
            f"found {kind(root)}"
        )
        problems.add(source.label, root, "", message)
        return None
    return root


@dataclass(frozen=True)
class Written:
    """A value of a rule-file section with where it was written, for messages after merging."""

    value: object
    node: yaml.Node
    path: str
    file: str


@dataclass(frozen=True)
class Header:
    """One header alias of a field, with where it was written."""

    text: str
    node: yaml.Node
    file: str
    path: str


def headers_per_field(
    columns: Mapping[str, Sequence[Header]], problems: Problems
) -> dict[str, tuple[str, ...]]:
    """Aliases per field, deduplicated ignoring case and spaces; one header maps to one field."""
    owner: dict[str, str] = {}
    result: dict[str, tuple[str, ...]] = {}
    for name, aliases in columns.items():
        kept = []
        for alias in aliases:
            key = " ".join(alias.text.casefold().split())
            if key in owner and owner[key] != name:
                message = (
                    f"header {alias.text!r} is already listed under {owner[key]!r}; "
                    "a header maps to one field"
                )
                problems.add(alias.file, alias.node, alias.path, message)
            elif key not in owner:
                owner[key] = name
                kept.append(alias.text)
        result[name] = tuple(kept)
    return result


Reporter = Callable[[yaml.Node, str, str], None]  # node, key path, message


def chosen_keys(
    report: Reporter,
    words: Sequence[tuple[str, yaml.Node]],
    node: yaml.Node,
    path: str,
    choices: Sequence[str],
    example: str,
) -> list[str]:
    """A side file's ``match_on:`` list (``words``, read from ``node``): the known keys in
    order; an unknown or repeated key, and an empty list, reported where written."""
    chosen: list[str] = []
    for index, (word, item) in enumerate(words):
        if word not in choices:
            report(item, f"{path}[{index}]", unknown_word("key", word, choices))
        elif word in chosen:
            report(item, f"{path}[{index}]", f"key {word!r} is listed twice")
        else:
            chosen.append(word)
    if isinstance(node, yaml.SequenceNode) and not node.value:
        report(node, path, f"needs at least one key, e.g. {example}")
    return chosen


def known_entries(
    node: yaml.Node, file: str, path: str, allowed: Sequence[str], problems: Problems
) -> dict[str, yaml.Node]:
    """A mapping node's values by key; unknown keys reported with a suggestion."""
    if not isinstance(node, yaml.MappingNode):
        problems.add(file, node, path, f"a mapping is needed; found {kind(node)}")
        return {}
    entries: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if key.value in allowed:
            entries[key.value] = value
            continue
        close = difflib.get_close_matches(str(key.value), allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(allowed)})"
        where_ = f"{path}.{key.value}" if path else str(key.value)
        problems.add(file, key, where_, f"unknown key {key.value!r}{hint}")
    return entries
