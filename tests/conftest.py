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
