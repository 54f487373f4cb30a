"""Rule files (YAML) -> a typed, validated rule set, with file:line:column for every mistake.

Sales-ops people edit these files by hand, so loading never stops at the first mistake: every
problem in the file (and in the files it extends) is collected and raised at once as
``RulesError``, sorted by file and line. YAML is read with the safe loader only, anchors and
aliases are refused before anything is expanded, and no text from a rule file is ever run as code.

Loading happens in three steps: read each file into raw sections that keep their YAML nodes
(``FileReader`` in ``leadq.rules_sections``, on top of ``leadq.rules_yaml``), merge an
``extend:`` chain base-first (``leadq.rules_extend``), then compile the conditions against the
merged fields and lists (``_build``, here). The typed rule set lives in ``leadq.rules_model`` and
is importable from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml

from leadq.conditions import CompileContext, Condition, compile_condition
from leadq.errors import RuleProblem, RulesError
from leadq.rules_activities import build_activities
from leadq.rules_crm import build_crm, status_lists
from leadq.rules_dedupe import build_dedupe
from leadq.rules_enrich import build_enrich
from leadq.rules_extend import DEFAULT_SOURCE, path_source, resolve
from leadq.rules_intent import build_intent
from leadq.rules_junk import build_junk
from leadq.rules_model import Grade as Grade
from leadq.rules_model import Position, Rule, RuleSet, ScoreCategory
from leadq.rules_money import build_rates
from leadq.rules_routing import RoutingCompiler, build_routing
from leadq.rules_sections import TOP_KEYS as TOP_KEYS
from leadq.rules_sections import Alias, RawCategory, RawFile, RawRule
from leadq.rules_yaml import ANCHORS as _ANCHORS  # noqa: F401  (tests compare the message)
from leadq.rules_yaml import (
    MAX_FILE_BYTES,
    Header,
    Problems,
    Source,
    default_folder,
    headers_per_field,
    read_bytes,
    where,
)
from leadq.schema import STANDARD_SCORE_CATEGORIES, FieldType, Stage, builtin_fields

if TYPE_CHECKING:  # importlib.resources.abc is Python 3.11+; this one is 3.9+
    from importlib.abc import Traversable

DEFAULT_REGION = "RU"
DEFAULT_CURRENCY = "RUB"


# --------------------------------------------------------------------------- the packaged default


def _default_rules_path() -> Traversable:
    """The packaged default rule file (tests monkeypatch this)."""
    return default_folder().joinpath("default.yaml")


def _default_source() -> Source:
    return Source(DEFAULT_SOURCE, DEFAULT_SOURCE, _default_rules_path())


# --------------------------------------------------------------------------- building the rule set


def _category_names(raw: RawFile) -> list[str]:
    others = [name for name in raw.score if name not in STANDARD_SCORE_CATEGORIES]
    return [*STANDARD_SCORE_CATEGORIES, *others]


def _all_fields(raw: RawFile) -> dict[str, FieldType]:
    """Builtin fields, new text fields from ``columns``, declared types, then score_<category>."""
    fields = builtin_fields()
    for name in raw.columns:
        fields.setdefault(name, FieldType.TEXT)
    fields.update(raw.fields)
    for name in _category_names(raw):
        fields[f"score_{name}"] = FieldType.NUMBER
    return fields


def _build_columns(
    columns: dict[str, list[Alias]], problems: Problems
) -> dict[str, tuple[str, ...]]:
    """Aliases per field of the ``columns:`` section; one header maps to one field."""
    headers = {
        name: [Header(alias.text, alias.node, alias.file, f"columns.{name}") for alias in aliases]
        for name, aliases in columns.items()
    }
    return headers_per_field(headers, problems)


def _check_unique_ids(raw: RawFile, problems: Problems) -> None:
    """After merging, an id may still appear in two sections coming from different files."""
    seen: dict[str, RawRule] = {}
    sections = [raw.disqualify, raw.quality, *(c.rules for c in raw.score.values())]
    for rule in (rule for section in sections for rule in section if not rule.broken):
        first = seen.setdefault(rule.id, rule)
        if first is not rule:
            line = where(first.node)[0]
            message = (
                f"rule id {rule.id!r} is also used at {first.file}:{line} ({first.path}); "
                "ids must be unique"
            )
            problems.add(rule.file, rule.node, f"{rule.path}.id", message)


@dataclass(frozen=True)
class _Compiler:
    fields: Mapping[str, FieldType]
    lists: Mapping[str, tuple[str, ...]]
    problems: Problems

    def condition(self, node: yaml.Node, path: str, file: str) -> Condition | None:
        ctx = CompileContext(self.fields, self.lists, self.problems.reporter(file))
        return compile_condition(node, path, ctx)

    def rules(self, rules: list[RawRule]) -> tuple[Rule, ...]:
        compiled = [(raw, self.rule(raw)) for raw in rules]
        return tuple(rule for raw, rule in compiled if rule is not None and not raw.broken)

    def rule(self, rule: RawRule) -> Rule | None:
        if rule.when is None:
            return None
        when = self.condition(rule.when, f"{rule.path}.when", rule.file)
        if when is None:
            return None
        line, column = where(rule.node)
        position = Position(rule.file, line, column)
        return Rule(rule.id, when, rule.points, rule.reason or rule.id, position)

    def score(self, raw: RawFile) -> tuple[ScoreCategory, ...]:
        result = []
        for name in _category_names(raw):
            category = raw.score.get(name, RawCategory(name, None, False, []))
            result.append(ScoreCategory(name, category.cap, self.rules(category.rules)))
        return tuple(result)

    def stages(self, raw: RawFile) -> dict[Stage, Condition]:
        result = {}
        for stage, (node, path, file) in (raw.stages or {}).items():
            condition = self.condition(node, path, file)
            if condition is not None:
                result[stage] = condition
        return result


def _build(raw: RawFile, source: Source, problems: Problems) -> RuleSet:
    """Compile every condition of the merged sections into the typed rule set."""
    _check_unique_ids(raw, problems)
    fields = _all_fields(raw)
    crm = build_crm(raw.crm, raw.lists, problems)
    lists = {**raw.lists, **status_lists(crm)}
    compiler = _Compiler(MappingProxyType(fields), MappingProxyType(lists), problems)
    missing = raw.missing_values if raw.missing_values is not None else frozenset()
    return RuleSet(
        source=source.label,
        version=raw.version,
        region=raw.region or DEFAULT_REGION,
        currency=raw.currency or DEFAULT_CURRENCY,
        missing_values=missing | {""},
        columns=MappingProxyType(_build_columns(raw.columns, problems)),
        fields=compiler.fields,
        lists=compiler.lists,
        disqualify=compiler.rules(raw.disqualify),
        score=compiler.score(raw),
        quality=compiler.rules(raw.quality),
        grades=tuple(raw.grades or ()),
        stages=MappingProxyType(compiler.stages(raw)),
        dedupe=build_dedupe(raw.dedupe, fields, problems),
        crm=crm,
        currency_rates=MappingProxyType(
            build_rates(
                raw.currency_rates, raw.currency or DEFAULT_CURRENCY, DEFAULT_CURRENCY, problems
            )
        ),
        routing=build_routing(raw.routing, RoutingCompiler(fields, lists, problems)),
        enrich=build_enrich(raw.enrich, problems),
        intent=build_intent(raw.intent, fields, lists, problems),
        junk=build_junk(raw.junk, fields, lists, problems),
        activities=build_activities(raw.activities, problems),
    )


# --------------------------------------------------------------------------- public API


def _load(path: str | Path | None) -> tuple[RuleSet | None, list[RuleProblem]]:
    source = _default_source() if path is None else path_source(path)
    problems = Problems()
    raw = resolve(source, problems, (), _default_source)
    ruleset = _build(raw, source, problems) if raw is not None else None
    return ruleset, problems.sorted()


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load, merge and validate a rule file.

    Args:
        path: The rule file; None for the default rules packaged with leadq.

    Returns:
        The typed rule set, with every ``extend:`` base merged in.

    Raises:
        InputError: The file does not exist or cannot be read.
        RulesError: The file (or a file it extends) has problems; all of them are listed.

    Example:
        >>> rules = load_rules("rules/b2b.yaml")  # doctest: +SKIP
        >>> [rule.id for rule in rules.disqualify]  # doctest: +SKIP
        ['no_contact', 'test_name']
    """
    ruleset, problems = _load(path)
    if problems or ruleset is None:
        raise RulesError(problems)
    return ruleset


def check_rules(path: str | Path) -> list[RuleProblem]:
    """Every problem in a rule file and the files it extends, sorted by file and line.

    Args:
        path: The rule file.

    Returns:
        The problems; an empty list when the file is fine.

    Raises:
        InputError: The file does not exist or cannot be read.
    """
    return _load(path)[1]


def default_rules_text() -> str:
    """The text of the default rule file packaged with leadq (a starting point to copy).

    Raises:
        InputError: The packaged file is missing (a broken installation).
    """
    data = read_bytes(_default_source(), MAX_FILE_BYTES)
    return data.decode("utf-8-sig")
