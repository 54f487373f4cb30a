"""leadq's Python API: what each CLI command calls, under the same names."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from leadq.context import RunContext, RunSettings
from leadq.errors import InputError
from leadq.explain import Explanation, explain_lead
from leadq.load import ReadOptions, ReadWarning, read_leads
from leadq.normalize.distinct import worker_count
from leadq.pipeline import build_context, qualify_leads
from leadq.report import Summary, summarize
from leadq.ruleset import RuleSet, load_rules


@dataclass(frozen=True)
class ScoreOptions:
    """How to read the inputs and run the rules."""

    rules: str | Path | RuleSet | None = None  # None: the packaged default rule set
    as_of: datetime.date | None = None  # None: today; time-based rules count from it
    read: ReadOptions = field(default_factory=ReadOptions)
    workers: int | None = None  # None: every core this process may use
    check_dns: bool = False


@dataclass
class ScoreResult:
    table: pd.DataFrame
    summary: Summary
    warnings: list[ReadWarning]
    context: RunContext


def score(
    sources: Sequence[str | Path],
    options: ScoreOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
) -> ScoreResult:
    """Read lead exports and qualify them: normalize, disqualify, score, stage and rank.

    Returns every input row, in ranking order, with the derived columns added.
    """
    options = options or ScoreOptions()
    rules = options.rules if isinstance(options.rules, RuleSet) else load_rules(options.rules)
    loaded = read_leads(list(sources), options.read, stdin=stdin)
    settings = RunSettings(
        as_of=options.as_of or datetime.date.today(),
        workers=options.workers or worker_count(),
        check_dns=options.check_dns,
    )
    context = build_context(loaded.table, rules, settings)
    table = qualify_leads(loaded.table, context)
    return ScoreResult(table, summarize(table, context), loaded.warnings, context)


def explain(
    source: str | Path,
    row: int,
    options: ScoreOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
) -> Explanation:
    """Why the lead on spreadsheet row ``row`` (header = 1) of ``source`` got its stage, score."""
    result = score([source], options, stdin=stdin)
    matches = (result.table["source_row"] == row).to_numpy().nonzero()[0]
    if len(matches) == 0:
        rows = result.table["source_row"]
        known = f"rows {rows.min()}-{rows.max()}" if len(rows) else "no data rows"
        raise InputError(str(source), f"no lead on row {row} ({known})")
    return explain_lead(result.table, int(matches[0]), result.context)
