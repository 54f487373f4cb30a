"""Shared fixtures: small rule files and lead tables, everything written to tmp_path."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

AS_OF = datetime.date(2026, 11, 25)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def write_file(tmp_path: Path):
    """Write dedented text to a file under tmp_path and return its path."""

    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding)
        return path

    return write


@pytest.fixture
def size_rules() -> str:
    """The rule file of the evaluation tests, as text: 20 points for 100+ employees (grade A),
    10 for 10-99 (B), none for the rest (C); a score of 10 or more is an MQL."""
    return textwrap.dedent(
        """
        version: 1
        score:
          fit:
            - id: big
              when: {field: employees, at_least: 100}
              points: 20
            - id: mid
              when: {field: employees, between: [10, 99]}
              points: 10
        grades:
          - {grade: A, at_least: 20}
          - {grade: B, at_least: 10}
          - {grade: C}
        stages:
          mql: {when: {field: score, at_least: 10}}
        """
    )
