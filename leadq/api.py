"""leadq's Python API: what each CLI command calls, under the same names."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from leadq.activities import read_activity_log, unmatched_warnings
from leadq.as_of import date_and_moment
from leadq.context import RunContext, RunSettings, set_aside_clashing_columns
from leadq.crm import read_crm_records
from leadq.distinct import worker_count
from leadq.enrich import read_registry
from leadq.errors import InputError
from leadq.explain import Explanation, explain_lead
from leadq.load import ReadOptions, ReadResult, ReadWarning, concat_tables, read_leads
from leadq.match.find import (
    DedupeReport,
    dedupe_output_columns,
    dedupe_settings,
    duplicate_columns,
    find_duplicates,
    input_columns,
    merged_records,
)
from leadq.match.link import LinkReport, find_links, link_columns
from leadq.match.model import DedupeSettings
from leadq.match.prepare import normalized_and_keyed, start_worker_early
from leadq.normalize import normalize_leads
from leadq.pipeline import STAGES, build_context, qualify_leads
from leadq.progress import ProgressHook, Steps
from leadq.report import Summary, summarize
from leadq.routing.run import (
    RouteOptions,
    read_scored,
    route_from_saved,
    route_with_state,
    run_reps,
)
from leadq.routing.state import RoutingState
from leadq.routing.summary import RoutingSummary, summarize_routing
from leadq.ruleset import RuleSet, load_rules
from leadq.schema import PROVENANCE_COLUMNS

SHOWN_RENAMES = 5


@dataclass(frozen=True)
class ScoreOptions:
    """How to read the inputs and run the rules."""

    rules: str | Path | RuleSet | None = None  # None: the packaged default rule set
    as_of: datetime.date | None = None  # None: today; time-based rules count from it
    # (a datetime also sets the moment the phone_local_* columns are for; see leadq.as_of)
    read: ReadOptions = field(default_factory=ReadOptions)
    workers: int | None = None  # None: every core this process may use
    check_dns: bool = False
    against: tuple[str | Path, ...] = ()  # CRM exports (accounts, contacts, open deals)
    route: RouteOptions | None = None  # route to queues and reps after ranking (score --route)
    enrich: tuple[str | Path, ...] = ()  # company registry exports (SPARK, REGON/KRS, lists)
    activities: tuple[str | Path, ...] = ()  # activity logs (calls, e-mails, web events)


@dataclass
class ScoreResult:
    table: pd.DataFrame
    summary: Summary
    warnings: list[ReadWarning]
    context: RunContext
    routing_state: RoutingState | None = None  # the state to save (options.route.defer_save)


def score(
    sources: Sequence[str | Path],
    options: ScoreOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
    progress: ProgressHook | None = None,
) -> ScoreResult:
    """Read lead exports and qualify them: normalize, disqualify, score, stage and rank.

    Returns every input row, in ranking order, with the derived columns added; with
    ``options.against``, also matched against those CRM exports (the ``crm_*`` columns); with
    ``options.activities``, the contact and engagement columns from those logs. ``progress`` is
    told of each step (reading, each stage, routing) as it starts.
    """
    options = options or ScoreOptions()
    steps = Steps(progress, 1 + len(STAGES) + (options.route is not None))
    steps("reading")
    batch = _read_batch(sources, options, stdin)
    reps = run_reps(batch.context, options.route) if options.route is not None else None
    table = qualify_leads(batch.table, batch.context, on_stage=steps)
    routing_state = None
    if options.route is not None and reps is not None:
        steps("routing")
        if options.route.defer_save:
            table, routing_state = route_from_saved(table, batch.context, reps, options.route)
        else:
            table = route_with_state(table, batch.context, reps, options.route)
    steps.finish()
    log = batch.context.activities
    warnings = batch.warnings + (unmatched_warnings(log) if log is not None else [])
    summary = summarize(table, batch.context)
    return ScoreResult(table, summary, warnings, batch.context, routing_state)


@dataclass
class _Batch:
    table: pd.DataFrame
    context: RunContext
    warnings: list[ReadWarning]
    set_aside: dict[str, str]  # input headers renamed because leadq has columns of that name


def _read_batch(
    sources: Sequence[str | Path], options: ScoreOptions, stdin: BinaryIO | None
) -> _Batch:
    """The rules loaded and the inputs read as one table, mapped onto the rules' fields."""
    return _batch(read_leads(list(sources), options.read, stdin=stdin), sources, options)


def _batch(loaded: ReadResult, sources: Sequence[str | Path], options: ScoreOptions) -> _Batch:
    """Load the rules and map the table read from ``sources`` onto their fields."""
    rules = options.rules if isinstance(options.rules, RuleSet) else load_rules(options.rules)
    as_of, moment = date_and_moment(options.as_of)
    settings = RunSettings(
        as_of=as_of,
        workers=options.workers or worker_count(),
        check_dns=options.check_dns,
        moment=moment,
    )
    crm = read_crm_records(options.against, rules, settings)
    registry = read_registry(options.enrich, rules)
    log = read_activity_log(options.activities, rules, settings)
    table, set_aside = set_aside_clashing_columns(loaded.table, rules)
    context = build_context(table, rules, settings, set_aside, crm, registry, log)
    warnings = loaded.warnings + _set_aside_warnings(sources, set_aside)
    for side in (crm, registry, log):
        warnings += list(side.warnings) if side is not None else []
    return _Batch(table, context, warnings, set_aside)


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
    start_worker_early(sources, (options or ScoreOptions()).workers)
    batch = _read_batch(sources, options or ScoreOptions(), stdin)
    settings = dedupe_settings(batch.context.rules)
    table, keys = normalized_and_keyed(batch.table, batch.context, settings)
    fields = batch.context.fields(table)
    found = find_duplicates(table, fields, settings, batch.context.settings.workers, keys)
    report = DedupeReport.of(found, settings)
    if merge:
        return DedupeResult(merged_records(table, fields, found, settings), report, batch.warnings)
    marked = pd.concat([table, duplicate_columns(found, table["lead_id"], settings)], axis=1)
    return DedupeResult(marked[dedupe_output_columns(marked)], report, batch.warnings)


@dataclass
class LinkResult:
    """Every row of the first tables, in input order, with its best match in the linked one."""

    table: pd.DataFrame
    report: LinkReport
    warnings: list[ReadWarning]


def link(
    sources: Sequence[str | Path],
    other: str | Path,
    options: ScoreOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
) -> LinkResult:
    """Find which records of ``sources`` appear in ``other``, by the rules' ``dedupe:`` section.

    Returns every row of ``sources`` with ``link_match`` (the ``lead_id`` of the best-matching
    record of ``other``), ``link_row``, ``link_score``, ``link_reason`` and ``link_count``.

    Raises:
        RulesError: the rule file has no ``dedupe:`` section.
    """
    options = options or ScoreOptions()
    ours = read_leads(list(sources), options.read, stdin=stdin)
    theirs = read_leads([other], options.read, stdin=stdin)
    joint = ReadResult(concat_tables([ours.table, theirs.table]), ours.warnings + theirs.warnings)
    batch = _batch(joint, [*sources, other], options)
    settings = dedupe_settings(batch.context.rules)
    table = _normalize_compared(batch, settings)
    fields = batch.context.fields(table)
    first_of_other = len(ours.table)
    links = find_links(table, fields, settings, first_of_other, batch.context.settings.workers)
    columns = link_columns(links, table["lead_id"], table["source_row"], settings)
    our_columns = [batch.set_aside.get(c, c) for c in input_columns(ours.table)]
    linked = table.iloc[:first_of_other][["lead_id", *our_columns, *PROVENANCE_COLUMNS]]
    columns.index = linked.index
    result = pd.concat([linked, columns], axis=1)
    return LinkResult(result, LinkReport.of(links, settings), batch.warnings)


def _normalize_compared(batch: _Batch, settings: DedupeSettings) -> pd.DataFrame:
    """The lead ids and only the derived columns the ``dedupe:`` fields compare."""
    compared = {source for field in settings.fields for source in field.sources}
    return normalize_leads(batch.table, batch.context, needed=compared)


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


@dataclass
class RouteResult:
    """Every row of a scored file with the routing columns, and the run's routing figures."""

    table: pd.DataFrame
    summary: RoutingSummary
    warnings: list[ReadWarning]
    context: RunContext


def route(source: str | Path, options: ScoreOptions | None = None) -> RouteResult:
    """Route an already-scored file (leadq's output) to queues and reps.

    Adds ``queue``, ``queue_rank``, ``assigned_to`` and ``assigned_by``; every row kept, in
    file order. ``options.route`` says where the state is (default: ``RouteOptions()``); with
    ``options.against``, the open deals each rep owns in those CRM exports count as their load.

    Raises:
        InputError: the file is not leadq's output (no ``stage`` / ``score`` column).
        RulesError: the rules have no ``queues:`` section, or a queue names an unknown rep.
        StateError: the state file is locked by another run, or unreadable.
    """
    options = options or ScoreOptions()
    route_options = options.route or RouteOptions()
    rules = options.rules if isinstance(options.rules, RuleSet) else load_rules(options.rules)
    as_of = options.as_of or datetime.date.today()
    scored = read_scored(source, rules, options.read, as_of, options.against)
    reps = run_reps(scored.context, route_options)
    table = route_with_state(scored.table, scored.context, reps, route_options)
    return RouteResult(table, summarize_routing(table), scored.warnings, scored.context)
