"""Typed errors. The library raises them; only the CLI turns them into messages and exit codes.

``str(error)`` is always the single line (or, for a rule file, one line per problem) that a user
sees on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass


class LeadqError(Exception):
    """Base class of every error leadq reports to a user (exit code 2 in the CLI)."""


class InputError(LeadqError):
    """A data file that cannot be read as a table, or a bad value that stops the run.

    Renders as ``file: row 17: column 'phone': message``, leaving out the parts that are unknown.
    """

    def __init__(
        self, source: str, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.source = source
        self.message = message
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.source]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        parts.append(self.message)
        return ": ".join(parts)


@dataclass(frozen=True)
class RuleProblem:
    """One mistake in a rule file, located by file, line and column (both 1-based)."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class RulesError(LeadqError):
    """A rule file with one or more problems; all of them are collected before raising."""

    def __init__(self, problems: list[RuleProblem]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class OutputError(LeadqError):
    """An output that cannot be written (unknown format, unwritable folder)."""
