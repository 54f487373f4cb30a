"""leadq's Python API: what each CLI command calls, under the same names."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from leadq.activities import read_activity_log, unmatched_warnings
from leadq.context import RunContext, RunSettings, set_aside_clashing_columns
from leadq.crm import read_crm_records
from leadq.distinct import worker_count
from leadq.errors import InputError
from leadq.explain import Explanation, explain_lead
from leadq.load import ReadOptions, ReadWarning, read_leads
from leadq.match.find import (
    DedupeReport,
    dedupe_output_columns,
    dedupe_settings,
    duplicate_columns,
    find_duplicates,
    merged_records,
)
from leadq.normalize import normalize_leads
from leadq.pipeline import build_context, qualify_leads
from leadq.report import Summary, summarize
from leadq.ruleset import RuleSet, load_rules

SHOWN_RENAMES = 5


@dataclass(frozen=True)
class ScoreOptions:
    """How to read the inputs and run the rules."""

    rules: str | Path | RuleSet | None = None  # None: the packaged default rule set
    as_of: datetime.date | None = None  # None: today; time-based rules count from it
    read: ReadOptions = field(default_factory=ReadOptions)
    workers: int | None = None  # None: every core this process may use
    check_dns: bool = False
    against: tuple[str | Path, ...] = ()  # CRM exports (accounts, contacts, open deals)
    activities: tuple[str | Path, ...] = ()  # activity logs (calls, e-mails, web events)


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

    Returns every input row, in ranking order, with the derived columns added; with
    ``options.against``, also matched against those CRM exports (the ``crm_*`` columns); with
    ``options.activities``, the contact and engagement columns from those logs.
    """
    batch = _read_batch(sources, options or ScoreOptions(), stdin)
    table = qualify_leads(batch.table, batch.context)
    log = batch.context.activities
    warnings = batch.warnings + (unmatched_warnings(log) if log is not None else [])
    return ScoreResult(table, summarize(table, batch.context), warnings, batch.context)


@dataclass
class _Batch:
    table: pd.DataFrame
    context: RunContext
    warnings: list[ReadWarning]


def _read_batch(
    sources: Sequence[str | Path], options: ScoreOptions, stdin: BinaryIO | None
) -> _Batch:
    """The rules loaded and the inputs read as one table, mapped onto the rules' fields."""
    rules = options.rules if isinstance(options.rules, RuleSet) else load_rules(options.rules)
    loaded = read_leads(list(sources), options.read, stdin=stdin)
    settings = RunSettings(
        as_of=options.as_of or datetime.date.today(),
        workers=options.workers or worker_count(),
        check_dns=options.check_dns,
    )
    crm = read_crm_records(options.against, rules, settings)
    log = read_activity_log(options.activities, rules, settings)
    table, set_aside = set_aside_clashing_columns(loaded.table, rules)
    context = build_context(table, rules, settings, set_aside, crm, activities=log)
    warnings = loaded.warnings + _set_aside_warnings(sources, set_aside)
    warnings += list(crm.warnings) if crm is not None else []
    warnings += list(log.warnings) if log is not None else []
    return _Batch(table, context, warnings)


@dataclass
class DedupeResult:
    """Every row with its cluster columns (input order), or one golden record per cluster."""

    table: pd.DataFrame
    report: DedupeReport
    warnings: list[ReadWarning]


def dedupe(
    sources: Sequence[str | Path],
    options: ScoreOptions | None = None,
    *,
    merge: bool = False,
    stdin: BinaryIO | None = None,
) -> DedupeResult:
    """Find duplicate leads (or records of any table the rules' ``dedupe:`` section describes).

    Returns every input row, in input order, with ``cluster_id``, ``cluster_size``,
    ``is_primary``, ``duplicate_of``, ``match_score`` and ``match_reason``; with ``merge``, one
    golden record per cluster instead, with ``merged_from``.

    Raises:
        RulesError: the rule file has no ``dedupe:`` section.
    """
    batch = _read_batch(sources, options or ScoreOptions(), stdin)
    settings = dedupe_settings(batch.context.rules)
    compared = {source for field in settings.fields for source in field.sources}
    table = normalize_leads(batch.table, batch.context, needed=compared)
    fields = batch.context.fields(table)
    found = find_duplicates(table, fields, settings, batch.context.settings.workers)
    report = DedupeReport.of(found, settings)
    if merge:
        return DedupeResult(merged_records(table, fields, found, settings), report, batch.warnings)
    marked = pd.concat([table, duplicate_columns(found, table["lead_id"], settings)], axis=1)
    return DedupeResult(marked[dedupe_output_columns(marked)], report, batch.warnings)


def _set_aside_warnings(
    sources: Sequence[str | Path], set_aside: dict[str, str]
) -> list[ReadWarning]:
    if not set_aside:
        return []
    shown = ", ".join(list(set_aside)[:SHOWN_RENAMES])
    more = f" and {len(set_aside) - SHOWN_RENAMES} more" if len(set_aside) > SHOWN_RENAMES else ""
    message = (
        f"{len(set_aside)} input columns named like leadq's own are kept as '<name> (input)': "
        f"{shown}{more} (is this leadq's output? score the original export instead)"
    )
    return [ReadWarning(", ".join(str(source) for source in sources), message, ())]


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
