"""Rule tests as data: YAML cases (a lead's fields and what must come out) run against a rule file.

A case file is a mapping: optional ``rules`` (a path relative to the file, or ``default``) and
``as_of`` (the date time-based rules count from), and ``cases``, a list of
``{case: name, lead: {header: value}, expect: {...}}``. Each file's cases are scored together as
one export, once. A failing expectation is reported with the case's file and line, so a rule
change that breaks a promise fails CI with a pointer to the promise.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from leadq.api import ScoreOptions, score
from leadq.errors import InputError, RulesError
from leadq.rule_hits import DISQUALIFY, rule_hits
from leadq.rules_yaml import Problems, Source, compose, kind, known_entries, where

CASE_KEYS = ("case", "lead", "activities", "expect")
FILE_KEYS = ("rules", "as_of", "cases")
EXPECT_KEYS = (
    "stage",
    "grade",
    "disqualified_by",
    "reason",
    "fired",
    "not_fired",
    "score",
    "quality",
    "intent",
    "junk",
    "junk_kind",
)


@dataclass(frozen=True)
class RuleCase:
    """One case: a lead as an export row and the outcome it must get."""

    name: str
    lead: dict[str, str]
    expect: dict[str, Any]
    file: str
    line: int
    activities: tuple[dict[str, str], ...] = ()  # rows of an --activities log for the lead


@dataclass(frozen=True)
class CaseFile:
    """A case file's cases with the rule file and date they run under (None: not named)."""

    label: str
    rules: Path | None
    names_rules: bool
    as_of: datetime.date | None
    cases: tuple[RuleCase, ...]


@dataclass(frozen=True)
class CaseFailure:
    """One expectation of one case that the rules did not meet."""

    case: RuleCase
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.case.file}:{self.case.line}: {self.case.name}: {self.key}: {self.message}"


@dataclass(frozen=True)
class RuleTestReport:
    files: tuple[CaseFile, ...]
    failures: tuple[CaseFailure, ...]

    @property
    def cases(self) -> int:
        return sum(len(case_file.cases) for case_file in self.files)

    @property
    def failed_cases(self) -> int:
        return len({(f.case.file, f.case.line) for f in self.failures})


def run_rule_tests(
    paths: Sequence[str | Path],
    rules: str | Path | None = None,
    as_of: datetime.date | None = None,
) -> RuleTestReport:
    """Run every case file under ``paths`` (files, or folders of ``*.yaml``).

    ``rules`` and ``as_of`` apply to the files that do not name their own; without either, the
    packaged default rules and today.

    Raises:
        InputError: a path does not exist, or a folder holds no case file.
        RulesError: a case file is malformed (every problem, with file:line:col).
    """
    files = read_case_files(paths)
    failures: list[CaseFailure] = []
    for case_file in files:
        failures += run_case_file(case_file, rules, as_of)
    return RuleTestReport(tuple(files), tuple(failures))


def read_case_files(paths: Sequence[str | Path]) -> list[CaseFile]:
    """Every case file under ``paths``, all problems collected before raising."""
    problems = Problems()
    files = [_read_case_file(path, problems) for path in _case_paths(paths)]
    if problems.items:
        raise RulesError(problems.sorted())
    return [case_file for case_file in files if case_file is not None]


def _case_paths(paths: Sequence[str | Path]) -> list[Path]:
    found: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            inside = sorted([*given.glob("*.yaml"), *given.glob("*.yml")])
            if not inside:
                raise InputError(str(given), "no case files (*.yaml) in this folder")
            found += inside
        elif given.is_file():
            found.append(given)
        else:
            raise InputError(str(given), "no such file or folder")
    return found


def _read_case_file(path: Path, problems: Problems) -> CaseFile | None:
    label = str(path)
    root = compose(Source(label, str(path.resolve()), path), problems)
    if root is None:
        return None
    entries = known_entries(root, label, "", FILE_KEYS, problems)
    rules_node, as_of_node = entries.get("rules"), entries.get("as_of")
    rules = _rules_path(rules_node, path, problems)
    as_of = _as_of(as_of_node, label, problems)
    cases_node = entries.get("cases")
    if not isinstance(cases_node, yaml.SequenceNode):
        found = "no 'cases:'" if cases_node is None else f"found {kind(cases_node)}"
        problems.add(label, cases_node or root, "cases", f"a list of cases is needed; {found}")
        return None
    cases = [
        _read_case(node, label, f"cases[{i}]", problems) for i, node in enumerate(cases_node.value)
    ]
    kept = tuple(case for case in cases if case is not None)
    return CaseFile(label, rules, rules_node is not None, as_of, kept)


def _rules_path(node: yaml.Node | None, case_path: Path, problems: Problems) -> Path | None:
    if node is None or _plain(node) == "default":
        return None
    if not isinstance(node, yaml.ScalarNode):
        problems.add(str(case_path), node, "rules", "a rule file path or 'default' is needed")
        return None
    return case_path.parent / str(node.value)


def _as_of(node: yaml.Node | None, file: str, problems: Problems) -> datetime.date | None:
    if node is None:
        return None
    value = _plain(node)
    if isinstance(value, datetime.date):
        return value
    problems.add(file, node, "as_of", f"a date as YYYY-MM-DD is needed; found {kind(node)}")
    return None


def _read_case(node: yaml.Node, file: str, path: str, problems: Problems) -> RuleCase | None:
    entries = known_entries(node, file, path, CASE_KEYS, problems)
    if not entries:
        return None
    name = str(_plain(entries["case"])) if "case" in entries else f"{path} (unnamed)"
    lead, expect = entries.get("lead"), entries.get("expect")
    if not isinstance(lead, yaml.MappingNode) or not isinstance(expect, yaml.MappingNode):
        missing = "lead" if not isinstance(lead, yaml.MappingNode) else "expect"
        problems.add(file, node, f"{path}.{missing}", f"a mapping '{missing}:' is needed")
        return None
    score_keys = [str(key.value) for key, _ in expect.value if str(key.value).startswith("score_")]
    known_entries(expect, file, f"{path}.expect", (*EXPECT_KEYS, *score_keys), problems)
    fields = {str(key.value): _cell(_plain(value)) for key, value in lead.value}
    expected = {str(key.value): _plain(value) for key, value in expect.value}
    log = _activities(entries.get("activities"), file, f"{path}.activities", problems)
    return RuleCase(name, fields, expected, file, where(node)[0], log)


def _activities(
    node: yaml.Node | None, file: str, path: str, problems: Problems
) -> tuple[dict[str, str], ...]:
    """The case's activity-log rows: a list of mappings, header -> cell."""
    if node is None:
        return ()
    rows = node.value if isinstance(node, yaml.SequenceNode) else None
    if rows is None or not all(isinstance(row, yaml.MappingNode) for row in rows):
        message = f"a list of log rows ({{header: value}}) is needed; found {kind(node)}"
        problems.add(file, node, path, message)
        return ()
    return tuple({str(k.value): _cell(_plain(v)) for k, v in row.value} for row in rows)


def _plain(node: yaml.Node) -> Any:
    return yaml.SafeLoader("").construct_object(node, deep=True)


def _cell(value: Any) -> str:
    """A YAML value as an export cell: ``yes`` read by YAML as True goes back to "yes"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Outcome:
    """What the rules made of one case's lead."""

    row: pd.Series
    fired: frozenset[str]
    reasons: tuple[str, ...]  # the disqualification reasons that applied
    known_rules: frozenset[str]


def run_case_file(
    case_file: CaseFile, rules: str | Path | None, as_of: datetime.date | None
) -> list[CaseFailure]:
    """Score the file's cases as one export and check every expectation of every case."""
    if not case_file.cases:
        return []
    chosen = case_file.rules if case_file.names_rules else rules
    options = ScoreOptions(
        rules=chosen, as_of=case_file.as_of or as_of or datetime.date.today(), workers=1
    )
    outcomes = _score_cases(case_file.cases, options)
    failures: list[CaseFailure] = []
    for case, outcome in zip(case_file.cases, outcomes, strict=True):
        failures += check_case(case, outcome)
    return failures


def _csv_text(rows: Sequence[dict[str, str]]) -> str:
    """The rows as CSV, with the union of their keys as the header."""
    headers = list(dict.fromkeys(header for row in rows for header in row))
    data = io.StringIO()
    writer = csv.DictWriter(data, fieldnames=headers)
    writer.writeheader()
    writer.writerows(rows)
    return data.getvalue()


def _score_cases(cases: Sequence[RuleCase], options: ScoreOptions) -> list[Outcome]:
    """The cases as one export (their activity rows as one log), scored once."""
    log_rows = [row for case in cases for row in case.activities]
    with tempfile.TemporaryDirectory(prefix="leadq-test-") as folder:
        if log_rows:
            log = Path(folder) / "activities.csv"
            log.write_text(_csv_text(log_rows), encoding="utf-8")
            options = replace(options, activities=(log,))
        leads = io.BytesIO(_csv_text([case.lead for case in cases]).encode("utf-8"))
        result = score(["-"], options, stdin=leads)
    table = result.table.sort_index()  # the index is each lead's position in the input
    listed, hits = rule_hits(table, result.context)
    known = frozenset(item.rule.id for item in listed)
    outcomes = []
    for position in range(len(table)):
        fired = [item for item, hit in zip(listed, hits[position], strict=True) if hit]
        reasons = tuple(item.rule.reason for item in fired if item.section == DISQUALIFY)
        ids = frozenset(item.rule.id for item in fired)
        outcomes.append(Outcome(table.iloc[position], ids, reasons, known))
    return outcomes


def check_case(case: RuleCase, outcome: Outcome) -> list[CaseFailure]:
    """Every expectation of ``case`` that ``outcome`` does not meet."""
    failures = []
    for key, expected in case.expect.items():
        check = CHECKS.get(key, _check_score_column)
        message = check(key, expected, outcome)
        if message:
            failures.append(CaseFailure(case, key, message))
    return failures


def _check_exact(key: str, expected: Any, outcome: Outcome) -> str | None:
    actual = outcome.row[key]
    return None if str(actual) == str(expected) else f"expected {expected!r}, got {actual!r}"


def _check_score_column(key: str, expected: Any, outcome: Outcome) -> str | None:
    if key not in outcome.row.index:
        return f"the rule set has no score column {key!r}"
    actual = int(outcome.row[key])
    return None if actual == expected else f"expected {expected!r}, got {actual}"


def _ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return [str(item) for item in value or []]


def _check_disqualified_by(key: str, expected: Any, outcome: Outcome) -> str | None:
    wanted = set(_ids(expected))
    actual = set(_ids(outcome.row["disqualified_by"]))
    if wanted == actual:
        return None
    shown = "; ".join(sorted(actual)) or "nothing"
    return f"expected {'; '.join(sorted(wanted)) or 'nothing'}, got {shown}"


def _check_reason(key: str, expected: Any, outcome: Outcome) -> str | None:
    if str(expected) in outcome.reasons:
        return None
    shown = "; ".join(repr(reason) for reason in outcome.reasons) or "no disqualification"
    return f"expected the reason {str(expected)!r}, got {shown}"


def _check_fired(key: str, expected: Any, outcome: Outcome) -> str | None:
    wanted = _ids(expected)
    unknown = [rule_id for rule_id in wanted if rule_id not in outcome.known_rules]
    if unknown:
        return f"no rule {unknown[0]!r} in the rule set"
    should_fire = key == "fired"
    wrong = [rule_id for rule_id in wanted if (rule_id in outcome.fired) != should_fire]
    if not wrong:
        return None
    verb = "did not fire" if should_fire else "fired"
    return f"{', '.join(wrong)} {verb}"


CHECKS: dict[str, Callable[[str, Any, Outcome], str | None]] = {
    "stage": _check_exact,
    "grade": _check_exact,
    "disqualified_by": _check_disqualified_by,
    "reason": _check_reason,
    "fired": _check_fired,
    "not_fired": _check_fired,
    "score": _check_score_column,
    "quality": _check_score_column,
    "intent": _check_exact,  # the groups found, "; "-joined in the rule file's order
    "junk": _check_exact,
    "junk_kind": _check_exact,
}
