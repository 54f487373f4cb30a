"""A job file (``leadq run nightly.yaml``): what a nightly run reads, how, and where it writes.

Read like a rule file: safe YAML only, every mistake reported with file:line:col and key path,
all of them collected before anything runs. Paths and globs are relative to the job file's
folder, so a job moves with its folder and cron needs no ``cd``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from leadq.conditions import node_int, node_number, node_text
from leadq.errors import RuleProblem, RulesError
from leadq.fail_on import FailOn, FailOnError, parse_fail_on
from leadq.load import ReadOptions
from leadq.routing.state import DEFAULT_LOCK_TIMEOUT
from leadq.rules_yaml import Problems, Source, compose, kind, known_entries, where

JOB_KEYS = (
    "inputs", "rules", "read", "against", "enrich", "activities", "route", "out_dir",
    "keep_runs", "fail_on", "skip_unchanged", "state_dir", "lock_timeout",
)  # fmt: skip
READ_KEYS = ("encoding", "delimiter", "sheet")
ROUTE_KEYS = ("roster",)
DEFAULT_STATE_DIR = "leadq-state"
# Placeholders of out_dir: the run's --as-of date and its start time (UTC).
PLACEHOLDERS = {"date": r"\d{4}-\d{2}-\d{2}", "time": r"\d{6}"}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Pattern:
    """A path or glob as written in the job file, with where, for messages about its matches."""

    text: str
    folder: Path  # the job file's folder: relative patterns start there
    file: str
    line: int
    column: int
    path: str  # key path, e.g. "inputs[1]"

    @property
    def full(self) -> str:
        """The pattern as an absolute (or job-folder-relative) path text, ``~`` expanded."""
        return os.path.normpath(self.folder / Path(self.text).expanduser())

    def problem(self, message: str) -> RulesError:
        """An error pointing at the pattern in the job file."""
        return RulesError([RuleProblem(self.file, self.line, self.column, self.path, message)])


@dataclass(frozen=True)
class Job:
    """A job file, read and checked."""

    file: Path
    inputs: tuple[Pattern, ...]
    out_dir: Pattern  # may hold {date} and {time} in its last folder name
    rules: Path | None = None  # None: leadq's default rules
    read: ReadOptions = field(default_factory=ReadOptions)
    against: tuple[Pattern, ...] = ()
    enrich: tuple[Pattern, ...] = ()
    activities: tuple[Pattern, ...] = ()
    route: bool = False
    roster: Path | None = None
    keep_runs: int | None = None  # None: keep every run
    fail_on: tuple[FailOn, ...] = ()
    skip_unchanged: bool = False
    state_dir: Path = Path(DEFAULT_STATE_DIR)
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT


def read_job(path: Path) -> Job:
    """Read and check a job file.

    Raises:
        InputError: the file cannot be read.
        RulesError: every mistake in it, each with file:line:col.
    """
    problems = Problems()
    label = str(path)
    root = compose(Source(label, str(path.resolve()), path, "job file", "inputs"), problems)
    job = None if root is None else _read_root(root, path, problems)
    if problems.items or job is None:
        raise RulesError(problems.sorted())
    return job


def _read_root(root: yaml.MappingNode, path: Path, problems: Problems) -> Job | None:
    reader = _Reader(str(path), path.parent, problems)
    entries = known_entries(root, reader.file, "", JOB_KEYS, problems)
    inputs = reader.patterns(entries.get("inputs"), "inputs")
    out_dir = reader.out_dir(entries.get("out_dir"))
    for key in ("inputs", "out_dir"):
        if key not in entries:
            problems.add(reader.file, root, key, f"'{key}:' is needed")
    keep_runs = reader.positive_int(entries.get("keep_runs"), "keep_runs")
    if keep_runs is not None and out_dir is not None and not PLACEHOLDER.search(out_dir.text):
        problems.add(
            reader.file,
            entries["keep_runs"],
            "keep_runs",
            "needs a dated out_dir (e.g. runs/{date}) to tell one run's folder from another",
        )
    route, roster = reader.route(entries.get("route"))
    if out_dir is None or not inputs:
        return None
    return Job(
        file=path,
        inputs=inputs,
        out_dir=out_dir,
        rules=reader.path(entries.get("rules"), "rules"),
        read=reader.read_options(entries.get("read")),
        against=reader.patterns(entries.get("against"), "against"),
        enrich=reader.patterns(entries.get("enrich"), "enrich"),
        activities=reader.patterns(entries.get("activities"), "activities"),
        route=route,
        roster=roster,
        keep_runs=keep_runs,
        fail_on=reader.fail_on(entries.get("fail_on")),
        skip_unchanged=reader.flag(entries.get("skip_unchanged"), "skip_unchanged"),
        state_dir=reader.path(entries.get("state_dir"), "state_dir")
        or path.parent / DEFAULT_STATE_DIR,
        lock_timeout=reader.seconds(entries.get("lock_timeout"), "lock_timeout"),
    )


@dataclass
class _Reader:
    """Reads the job file's values, reporting each mistake where it was written."""

    file: str
    folder: Path
    problems: Problems

    def report(self, node: yaml.Node, path: str, message: str) -> None:
        self.problems.add(self.file, node, path, message)

    def pattern(self, node: yaml.Node, path: str) -> Pattern | None:
        text = node_text(node)
        if text is None or not text.strip():
            self.report(node, path, f"a file path or glob is needed; found {kind(node)}")
            return None
        line, column = where(node)
        return Pattern(text.strip(), self.folder, self.file, line, column, path)

    def patterns(self, node: yaml.Node | None, path: str) -> tuple[Pattern, ...]:
        """One path/glob or a list of them."""
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            single = self.pattern(node, path)
            return (single,) if single is not None else ()
        if not node.value:
            self.report(node, path, "needs at least one file path or glob")
        found = (self.pattern(item, f"{path}[{index}]") for index, item in enumerate(node.value))
        return tuple(pattern for pattern in found if pattern is not None)

    def path(self, node: yaml.Node | None, path: str) -> Path | None:
        pattern = self.pattern(node, path) if node is not None else None
        return Path(pattern.full) if pattern is not None else None

    def out_dir(self, node: yaml.Node | None) -> Pattern | None:
        """The out_dir template: placeholders known, and only in its last folder name."""
        pattern = self.pattern(node, "out_dir") if node is not None else None
        if pattern is None or node is None:
            return None
        names = PLACEHOLDER.findall(pattern.text)
        unknown = [name for name in names if name not in PLACEHOLDERS]
        if unknown:
            known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
            self.report(node, "out_dir", f"unknown placeholder {{{unknown[0]}}}; use {known}")
            return None
        if len(set(names)) < len(names):
            self.report(node, "out_dir", "each placeholder may appear once")
            return None
        if PLACEHOLDER.search(str(Path(pattern.text).parent)):
            message = "placeholders go in the last folder name only, e.g. runs/{date}"
            self.report(node, "out_dir", message)
            return None
        return pattern

    def positive_int(self, node: yaml.Node | None, path: str) -> int | None:
        if node is None:
            return None
        value = node_int(node)
        if value is None or value < 1:
            self.report(node, path, f"a whole number of at least 1 is needed; found {kind(node)}")
            return None
        return value

    def seconds(self, node: yaml.Node | None, path: str) -> float:
        if node is None:
            return DEFAULT_LOCK_TIMEOUT
        value = node_number(node)
        if value is None or value < 0:
            self.report(
                node, path, f"a number of seconds (0 or more) is needed; found {kind(node)}"
            )
            return DEFAULT_LOCK_TIMEOUT
        return value

    def flag(self, node: yaml.Node | None, path: str) -> bool:
        return self.problems.flag(self.file, node, path, default=False)

    def read_options(self, node: yaml.Node | None) -> ReadOptions:
        """``read: {encoding, delimiter, sheet}``: how to read the inputs (default: detect)."""
        if node is None:
            return ReadOptions()
        entries = known_entries(node, self.file, "read", READ_KEYS, self.problems)
        texts = {key: node_text(value) for key, value in entries.items()}
        for key, value in entries.items():
            if texts[key] is None:
                self.report(value, f"read.{key}", f"a text is needed; found {kind(value)}")
        delimiter = texts.get("delimiter")
        return ReadOptions(
            encoding=texts.get("encoding"),
            delimiter="\t" if delimiter == "\\t" else delimiter,
            sheet=texts.get("sheet"),
        )

    def route(self, node: yaml.Node | None) -> tuple[bool, Path | None]:
        """``route: true`` or ``route: {roster: reps.csv}``; absent or false: no routing."""
        if node is None:
            return False, None
        if isinstance(node, yaml.MappingNode):
            entries = known_entries(node, self.file, "route", ROUTE_KEYS, self.problems)
            return True, self.path(entries.get("roster"), "route.roster")
        return self.flag(node, "route"), None

    def fail_on(self, node: yaml.Node | None) -> tuple[FailOn, ...]:
        """Conditions as ``--fail-on`` takes them: ``empty``, ``bad-data>30%`` ..."""
        found: list[FailOn] = []
        items = node.value if isinstance(node, yaml.SequenceNode) else [node] if node else []
        for index, item in enumerate(items):
            path = f"fail_on[{index}]" if isinstance(node, yaml.SequenceNode) else "fail_on"
            text = node_text(item)
            try:
                found.append(parse_fail_on(text or ""))
            except FailOnError as error:
                self.report(item, path, str(error).removeprefix("--fail-on "))
        return tuple(found)
