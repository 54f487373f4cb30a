"""The condition language: each operator's meaning on a small frame with missing values."""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
import yaml

from leadq.conditions import (
    OPERATORS,
    CompileContext,
    Condition,
    FieldSource,
    compile_condition,
)
from leadq.schema import FieldType

AS_OF = datetime.date(2024, 6, 30)

FIELD_TYPES: dict[str, FieldType] = {
    "company": FieldType.TEXT,
    "industry": FieldType.CATEGORY,
    "employees": FieldType.NUMBER,
    "created": FieldType.DATE,
    "webinar": FieldType.BOOL,
}


class DictFields:
    """A FieldSource over a dict of already typed series."""

    def __init__(self, columns: Mapping[str, pd.Series], as_of: datetime.date = AS_OF) -> None:
        self.columns = dict(columns)
        self._index = next(iter(self.columns.values())).index
        self._as_of = as_of

    @property
    def index(self) -> pd.Index:
        return self._index

    @property
    def as_of(self) -> datetime.date:
        return self._as_of

    def get(self, name: str) -> pd.Series:
        return self.columns[name]


@pytest.fixture
def fields() -> DictFields:
    """Five leads; the last one has every field missing."""
    index = pd.Index([10, 11, 12, 13, 14])
    return DictFields(
        {
            "company": pd.Series(
                ["ACME Corp", "Тестовая компания", "Zażółć sp. z o.o.", "acme", None],
                index=index,
                dtype="str",
            ),
            "industry": pd.Series(
                ["IT", "retail", "it", "Banking", None], index=index, dtype="str"
            ),
            "employees": pd.Series([10, 50, 1000, 1001, None], index=index, dtype="Float64"),
            "created": pd.Series(
                pd.to_datetime(["2024-06-30", "2024-06-01", "2024-05-31", "2023-01-01", None]),
                index=index,
            ),
            "webinar": pd.Series([True, False, True, False, None], index=index, dtype="boolean"),
        }
    )


class Problems(list):
    """Collects reported problems as (line, column, path, message)."""

    def report(self, node: yaml.Node, path: str, message: str) -> None:
        self.append((node.start_mark.line + 1, node.start_mark.column + 1, path, message))


LISTS = {"competitors": ("acme", "globex"), "junk": ("test", "тест")}


def compile_text(
    text: str, lists: Mapping[str, tuple[str, ...]] = LISTS
) -> tuple[Condition | None, Problems]:
    problems = Problems()
    ctx = CompileContext(FIELD_TYPES, lists, problems.report)
    return compile_condition(yaml.compose(text, Loader=yaml.SafeLoader), "when", ctx), problems


def condition(text: str) -> Condition:
    compiled, problems = compile_text(text)
    assert not problems, problems
    assert compiled is not None
    return compiled


def hits(text: str, fields: FieldSource) -> list[int]:
    """Index labels where the condition is true (checking the mask's shape on the way)."""
    mask = condition(text).mask(fields)
    assert mask.dtype == np.dtype(bool)
    assert mask.index.equals(fields.index)
    return [int(i) for i in mask.index[mask.to_numpy()]]


# --------------------------------------------------------------------------- operators


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{field: company, equals: '  acme corp '}", [10]),
        ("{field: company, not_equals: acme}", [10, 11, 12, 14]),
        ("{field: industry, equals: it}", [10, 12]),
        ("{field: employees, equals: 50}", [11]),
        ("{field: employees, not_equals: 50}", [10, 12, 13, 14]),
        ("{field: webinar, equals: true}", [10, 12]),
        ("{field: created, equals: 2024-06-01}", [11]),
        ("{field: created, not_equals: '2024-06-01'}", [10, 12, 13, 14]),
    ],
)
def test_equals_and_not_equals(text: str, expected: list[int], fields: DictFields) -> None:
    assert hits(text, fields) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{field: industry, in: [IT, banking]}", [10, 12, 13]),
        ("{field: industry, not_in: [IT, banking]}", [11, 14]),
        ("{field: company, in: {list: competitors}}", [13]),
        ("{field: employees, in: [10, 1001]}", [10, 13]),
        ("{field: created, in: [2023-01-01]}", [13]),
    ],
)
def test_in_and_not_in(text: str, expected: list[int], fields: DictFields) -> None:
    assert hits(text, fields) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{field: company, contains: acme}", [10, 13]),
        ("{field: company, contains: [ТЕСТ, 'sp. z']}", [11, 12]),
        ("{field: company, contains: {list: junk}}", [11]),
        ("{field: company, contains: ZAŻÓŁĆ}", [12]),
        ("{field: company, contains: 'corp.'}", []),
    ],
)
def test_contains_ignores_case_and_reads_phrases_literally(
    text: str, expected: list[int], fields: DictFields
) -> None:
    assert hits(text, fields) == expected


def test_matches_searches_anywhere_ignoring_case(fields: DictFields) -> None:
    assert hits("{field: company, matches: '^acme'}", fields) == [10, 13]
    assert hits("{field: company, matches: 'o\\.o\\.$'}", fields) == [12]
    assert hits("{field: company, matches: '\\s'}", fields) == [10, 11, 12]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{field: company, present: true}", [10, 11, 12, 13]),
        ("{field: company, present: false}", [14]),
        ("{field: employees, missing: true}", [14]),
        ("{field: employees, missing: false}", [10, 11, 12, 13]),
        ("{field: webinar, is: true}", [10, 12]),
        ("{field: webinar, is: false}", [11, 13]),
    ],
)
def test_presence_and_bool(text: str, expected: list[int], fields: DictFields) -> None:
    assert hits(text, fields) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{field: employees, at_least: 50}", [11, 12, 13]),
        ("{field: employees, at_most: 50}", [10, 11]),
        ("{field: employees, greater_than: 50}", [12, 13]),
        ("{field: employees, less_than: 50}", [10]),
        ("{field: employees, between: [50, 1000]}", [11, 12]),
    ],
)
def test_number_comparisons(text: str, expected: list[int], fields: DictFields) -> None:
    assert hits(text, fields) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{field: created, newer_than_days: 30}", [10, 11, 12]),
        ("{field: created, newer_than_days: 29}", [10, 11]),
        ("{field: created, older_than_days: 29}", [12, 13]),
        ("{field: created, older_than_days: 0}", [11, 12, 13]),
    ],
)
def test_date_ages_count_from_as_of(text: str, expected: list[int], fields: DictFields) -> None:
    assert hits(text, fields) == expected


MISSING_CASES = {
    "equals": "company, equals: acme", "not_equals": "company, not_equals: acme",
    "in": "company, in: [acme]", "not_in": "company, not_in: [acme]",
    "contains": "company, contains: acme", "matches": "company, matches: '.*'",
    "present": "company, present: true", "missing": "company, missing: false",
    "is": "webinar, is: false", "at_least": "employees, at_least: 0",
    "at_most": "employees, at_most: 0", "greater_than": "employees, greater_than: -1",
    "less_than": "employees, less_than: 1", "between": "employees, between: [-1, 1]",
    "older_than_days": "created, older_than_days: 0", "newer_than_days": "created, newer_than_days: 0",  # noqa: E501
    "has": "company, has: acme",
}  # fmt: skip


def test_missing_cases_cover_every_operator() -> None:
    assert set(MISSING_CASES) == set(OPERATORS)


@pytest.mark.parametrize("name", sorted(MISSING_CASES))
def test_a_missing_value_makes_an_operator_false_unless_negated(name: str) -> None:
    empty = DictFields(
        {
            "company": pd.Series([None], dtype="str"),
            "employees": pd.Series([None], dtype="Float64"),
            "created": pd.Series([pd.NaT], dtype="datetime64[ns]"),
            "webinar": pd.Series([None], dtype="boolean"),
        }
    )
    result = bool(condition(f"{{field: {MISSING_CASES[name]}}}").mask(empty).iloc[0])
    assert result is name.startswith("not_")


def test_present_false_and_missing_true_hold_for_a_missing_value() -> None:
    empty = DictFields({"company": pd.Series([None], dtype="str")})
    assert condition("{field: company, present: false}").mask(empty).iloc[0]
    assert condition("{field: company, missing: true}").mask(empty).iloc[0]


def test_every_operator_is_documented() -> None:
    for name, spec in OPERATORS.items():
        assert spec.doc.strip(), name
        assert "\n" not in spec.doc, name
        assert spec.field_types, name


# --------------------------------------------------------------------------- combinators


def test_all_any_not(fields: DictFields) -> None:
    assert hits(
        "{all: [{field: employees, at_least: 50}, {field: industry, equals: it}]}", fields
    ) == [12]
    assert hits(
        "{any: [{field: employees, less_than: 20}, {field: webinar, is: false}]}", fields
    ) == [10, 11, 13]
    assert hits("{not: {field: employees, at_least: 50}}", fields) == [10, 14]
    nested = "{not: {any: [{field: company, missing: true}, {all: [{field: webinar, is: true}]}]}}"
    assert hits(nested, fields) == [11, 13]


def test_describe_and_fields_used() -> None:
    text = "{all: [{field: employees, between: [50, 1000]}, {any: [{field: company, contains: {list: competitors}}, {not: {field: webinar, is: true}}]}]}"  # noqa: E501
    compiled = condition(text)
    assert compiled.describe() == (
        "employees between 50 and 1000 and "
        "(company contains list 'competitors' or not (webinar is true))"
    )
    assert compiled.fields_used() == {"employees", "company", "webinar"}
    assert condition("{field: company, missing: true}").describe() == "company is missing"


# --------------------------------------------------------------------------- load-time checks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{field: employees, grater_than: 5}",
            (1, 20, "when", "unknown operator 'grater_than'; did you mean 'greater_than'?"),
        ),
        (
            "{field: employes, at_least: 5}",
            (1, 9, "when.field", "unknown field 'employes'; did you mean 'employees'?"),
        ),
        (
            "{field: company, at_least: 5}",
            (1, 18, "when", "operator 'at_least' needs a number field; 'company' is text"),
        ),
        (
            "{field: employees, is: true}",
            (1, 20, "when", "operator 'is' needs a bool field; 'employees' is number"),
        ),
        (
            "{field: company, older_than_days: 5}",
            (1, 18, "when", "operator 'older_than_days' needs a date field; 'company' is text"),
        ),
        ("{field: company, in: acme}", (1, 22, "when.in", "'in' needs a list, e.g. [a, b]")),
        (
            "{field: company, in: {list: competitor}}",
            (1, 29, "when.in", "unknown list 'competitor'; did you mean 'competitors'?"),
        ),
        (
            "{field: employees, between: [5]}",
            (1, 29, "when.between", "'between' needs two numbers [low, high], e.g. [50, 1000]"),
        ),
        (
            "{field: employees, between: [9, 5]}",
            (1, 29, "when.between", "'between' needs low <= high; got [9, 5]"),
        ),
        (
            "{field: company, equals: ''}",
            (
                1,
                26,
                "when.equals",
                "'equals' needs a non-empty text; to test for an empty cell use 'missing: true'",
            ),
        ),
        (
            "{all: []}",
            (
                1,
                7,
                "when.all",
                "'all' needs a list of conditions, e.g. all: [{field: a, present: true}, {field: b, present: true}]",  # noqa: E501
            ),
        ),
        (
            "{field: company}",
            (1, 1, "when", "the condition has no operator; add one of: " + ", ".join(OPERATORS)),
        ),
    ],
)
def test_load_time_problems(text: str, expected: tuple[int, int, str, str]) -> None:
    compiled, problems = compile_text(text)
    assert compiled is None
    assert problems == [expected]


def test_two_operators_hint_all() -> None:
    _, problems = compile_text("{field: employees, at_least: 5, at_most: 9}")
    assert problems[0][3] == (
        "a condition takes exactly one operator, found 'at_least' and 'at_most'; combine them "
        "with all: [{field: employees, at_least: ...}, {field: employees, at_most: ...}]"
    )


def test_every_problem_in_a_combinator_is_reported() -> None:
    _, problems = compile_text("{any: [{field: nope, equals: 1}, {field: employees, at_least: x}]}")
    assert [p[2] for p in problems] == ["when.any[0].field", "when.any[1].at_least"]


def test_nesting_depth_is_limited() -> None:
    text = "{not: " * 40 + "{field: company, present: true}" + "}" * 40
    _, problems = compile_text(text)
    assert len(problems) == 1
    assert "nested more than 32 levels" in problems[0][3]


# --------------------------------------------------------------------------- regular expressions


def test_matches_refuses_a_backreference_at_load() -> None:
    compiled, problems = compile_text(r"{field: company, matches: '(a)\1'}")
    assert compiled is None
    assert problems[0][2] == "when.matches"
    assert "RE2" in problems[0][3]
    assert "backreferences" in problems[0][3]


def test_matches_refuses_lookahead_at_load() -> None:
    _, problems = compile_text("{field: company, matches: 'a(?=b)'}")
    assert problems and problems[0][2] == "when.matches"


def test_pathological_pattern_runs_in_linear_time() -> None:
    long = DictFields({"company": pd.Series(["a" * 200_000 + "!", "a" * 50 + "\n!"], dtype="str")})
    started = time.perf_counter()
    mask = condition("{field: company, matches: '(a+)+$'}").mask(long)
    assert mask.tolist() == [False, False]
    assert time.perf_counter() - started < 5


def test_contains_with_thousands_of_phrases_runs() -> None:
    phrases = tuple(f"phrase {i} [x]" for i in range(2_000))
    rows = pd.Series(
        [f"text with phrase {i} [x] inside" for i in range(0, 4_000, 3)] + [None], dtype="str"
    )
    compiled, problems = compile_text("{field: company, contains: {list: many}}", {"many": phrases})
    assert not problems and compiled is not None
    mask = compiled.mask(DictFields({"company": rows}))
    expected = [i < 2_000 for i in range(0, 4_000, 3)] + [False]
    assert mask.tolist() == expected
