"""`leadq test`: rule tests as YAML cases pass, fail with file:line, and refuse malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadq.cli import main
from leadq.errors import RulesError
from leadq.rule_tests import read_case_files, run_rule_tests

ROOT = Path(__file__).resolve().parent.parent

RULES = """
version: 1
disqualify:
  - id: no_company
    when: {field: company, missing: true}
    reason: no company named
score:
  fit:
    - id: big
      when: {field: employees, at_least: 100}
      points: 30
    - id: tiny
      when: {field: employees, less_than: 10}
      points: -10
grades:
  - {grade: A, at_least: 30}
  - {grade: B}
stages:
  sql: {when: {field: score, at_least: 30}}
"""

PASSING = """
rules: ../rules.yaml
as_of: 2026-11-25
cases:
  - case: a big company is an SQL
    lead: {Company: Acme, Employees: 500}
    expect: {stage: sql, grade: A, score: 30, score_fit: 30, fired: [big], not_fired: [tiny]}
  - case: no company is disqualified
    lead: {Company: "", Employees: 5}
    expect: {stage: disqualified, disqualified_by: no_company, reason: no company named}
"""

# Line numbers matter: the failures below name them.
FAILING = """rules: ../rules.yaml
cases:
  - case: right
    lead: {Company: Acme, Employees: 500}
    expect: {stage: sql}
  - case: wrong stage and points
    lead: {Company: Acme, Employees: 50}
    expect: {stage: sql, score: 30, fired: [big]}
  - case: wrong reason and a rule id that does not exist
    lead: {Employees: 50}
    expect: {reason: too small, not_fired: [bigg]}
"""


@pytest.fixture
def suite(write_file) -> Path:
    (write_file("rules.yaml", RULES).parent / "tests").mkdir()
    write_file("tests/pass.yaml", PASSING)
    write_file("tests/fail.yaml", FAILING)
    return write_file("rules.yaml", RULES).parent / "tests"


def test_passing_cases_exit_0_with_a_summary(suite, capsys):
    code = main(["test", str(suite / "pass.yaml")])
    out = capsys.readouterr().out
    assert code == 0
    assert out == "2 cases in 1 file: 2 passed, 0 failed\n"


def test_each_failed_expectation_is_reported_with_the_cases_file_and_line(suite, capsys):
    code = main(["test", str(suite / "fail.yaml")])
    out = capsys.readouterr().out
    file = suite / "fail.yaml"
    assert code == 1
    assert out.splitlines() == [
        f"FAIL {file}:6: wrong stage and points: stage: expected 'sql', got 'nurture'",
        f"FAIL {file}:6: wrong stage and points: score: expected 30, got 0",
        f"FAIL {file}:6: wrong stage and points: fired: big did not fire",
        f"FAIL {file}:9: wrong reason and a rule id that does not exist: reason: expected the "
        "reason 'too small', got 'no company named'",
        f"FAIL {file}:9: wrong reason and a rule id that does not exist: not_fired: no rule "
        "'bigg' in the rule set",
        "3 cases in 1 file: 1 passed, 2 failed",
    ]


def test_a_folder_runs_every_case_file_in_it(suite, capsys):
    assert main(["test", str(suite)]) == 1
    assert capsys.readouterr().out.endswith("5 cases in 2 files: 3 passed, 2 failed\n")


def test_a_folder_without_case_files_is_bad_input(tmp_path, capsys):
    assert main(["test", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"leadq: error: {tmp_path}: no case files (*.yaml) in this folder\n"
    )


def test_rules_option_applies_to_files_that_do_not_name_their_rules(write_file, capsys):
    rules = write_file("strict.yaml", RULES)
    cases = write_file(
        "cases.yaml",
        """
        cases:
          - case: without a company
            lead: {Email: anna@acme-corp.pl}
            expect: {disqualified_by: no_company}
        """,
    )
    assert main(["test", str(cases)]) == 1  # the default rules have no no_company rule
    assert "no_company" in capsys.readouterr().out
    assert main(["test", str(cases), "-r", str(rules)]) == 0


def test_a_misspelt_expectation_is_a_malformed_file_with_a_suggestion(write_file, capsys):
    cases = write_file(
        "cases.yaml",
        """
        cases:
          - case: typo
            lead: {Company: Acme}
            expect: {stag: sql}
        """,
    )
    code = main(["test", str(cases)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        f"leadq: error: {cases}:4:14: cases[0].expect.stag: unknown key 'stag'; "
        "did you mean 'stage'?\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases: 3\n", "cases: a list of cases is needed; found '3'"),
        ("as_of: soon\ncases: []\n", "as_of: a date as YYYY-MM-DD is needed; found 'soon'"),
        (
            "cases:\n  - case: x\n    lead: {a: 1}\n",
            "cases[0].expect: a mapping 'expect:' is needed",
        ),
    ],
)
def test_malformed_case_files_name_the_problem(write_file, text, message):
    path = write_file("cases.yaml", text)
    with pytest.raises(RulesError) as raised:
        read_case_files([path])
    assert message in str(raised.value)


def test_a_missing_path_is_bad_input(tmp_path, capsys):
    assert main(["test", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"leadq: error: {tmp_path / 'nope'}: no such file or folder\n"


def test_the_shipped_tests_of_the_default_rules_pass():
    report = run_rule_tests([ROOT / "rules" / "tests"])
    assert report.cases >= 15
    assert [str(failure) for failure in report.failures] == []
