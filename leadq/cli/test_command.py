"""``leadq test``: run rule tests (YAML cases) against a rule file, for CI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from leadq.cli.errors import EXIT_FAIL_ON, EXIT_OK
from leadq.cli.options import AsOfOption, RulesOption, parse_as_of
from leadq.rule_tests import run_rule_tests


def test(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Case files (YAML), or folders of them.", show_default=False),
    ],
    rules: RulesOption = None,
    as_of: AsOfOption = None,
) -> int:
    """Run rule tests: each case gives a lead's fields and the stage, grade, points or
    disqualification it must get. Failures are listed as file:line: case: what differs.

    A case file names its rule file (`rules:`, relative to it) and date (`as_of:`); --rules and
    --as-of apply to the files that do not. Exit code 0 when every case passes, 1 when one
    fails, 2 for a malformed case file.

    Examples:

        leadq test rules/tests/

        leadq test rules/tests/default.yaml -r my-rules.yaml --as-of 2026-11-25
    """
    report = run_rule_tests(paths, rules, parse_as_of(as_of))
    for failure in report.failures:
        sys.stdout.write(f"FAIL {failure}\n")
    files = f"{len(report.files)} file{'s' if len(report.files) != 1 else ''}"
    passed = report.cases - report.failed_cases
    summary = f"{report.cases} cases in {files}: {passed} passed, {report.failed_cases} failed"
    sys.stdout.write(f"{summary}\n")
    return EXIT_FAIL_ON if report.failures else EXIT_OK
