"""The shipped default rules, specified case by case in rules/tests/default.yaml.

The cases are run by the library behind `leadq test` (leadq.rule_tests): one source of truth for
this suite, for CI and for users who copy the file next to their own rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from leadq.rule_tests import CaseFailure, read_case_files, run_case_file

CASES_FILE = Path(__file__).resolve().parent.parent / "rules" / "tests" / "default.yaml"
(CASE_FILE,) = read_case_files([CASES_FILE])


@pytest.fixture(scope="module")
def failures() -> list[CaseFailure]:
    """Every case scored once, as one export."""
    return run_case_file(CASE_FILE, rules=None, as_of=None)


@pytest.mark.parametrize("case", CASE_FILE.cases, ids=[case.name for case in CASE_FILE.cases])
def test_default_rules_case(failures, case):
    assert [str(failure) for failure in failures if failure.case == case] == []
