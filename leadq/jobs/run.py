"""One run of a job file: find the inputs, skip the ones already processed, score and route them,
write the dated out_dir whole, record the inputs, and remove runs past ``keep_runs``.

The whole run holds the job's lock (``run.lock`` in its state folder): a second run started by
an overlapping cron line waits up to ``lock_timeout`` seconds, then fails with one line.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from leadq.api import ScoreOptions, ScoreResult, score
from leadq.as_of import date_and_moment
from leadq.errors import LeadqError
from leadq.jobs.inputs import Processed, expand, file_digest, read_ledger, save_ledger
from leadq.jobs.runs import prune_runs, run_folder, staged
from leadq.jobs.spec import Job, Pattern
from leadq.locks import held_lock
from leadq.progress import ProgressHook
from leadq.reports import RunInfo, write_out_dir
from leadq.reports.outdir import make_folder
from leadq.routing.run import RouteOptions, save_routing

LOCK_FILE = "run.lock"
ROUTING_STATE_FILE = "routing-state.json"


class JobError(LeadqError):
    """Another run of the job holds its lock."""


@dataclass(frozen=True)
class RunOptions:
    """What the command line adds to a job file."""

    as_of: datetime.date | None = None  # None: today (now)
    dry_run: bool = False  # score and route, but write, record and remove nothing
    skip_unchanged: bool | None = None  # None: as the job file says
    workers: int | None = None


@dataclass
class JobRun:
    """What one run did."""

    folder: Path  # the run's out_dir (not written by a dry run or a run with nothing to read)
    inputs: list[Path]  # read this time
    skipped: dict[Path, Processed]  # unchanged since the run that processed them
    empty_globs: list[Pattern]  # input globs that matched no file
    result: ScoreResult | None = None  # None: nothing to read
    written: list[Path] = field(default_factory=list)
    pruned: list[Path] = field(default_factory=list)  # old runs removed (keep_runs)
    failures: list[str] = field(default_factory=list)  # fail_on conditions met


def run_job(job: Job, options: RunOptions, progress: ProgressHook | None = None) -> JobRun:
    """Run ``job`` once (see the module's docstring).

    Raises:
        LeadqError: a bad input, side file, rule file or output; the job's lock held too long.
    """
    files, empty_globs = expand(job.inputs, must_match=False)
    sides = side_files(job)  # a missing CRM export fails before any work
    as_of, _ = date_and_moment(options.as_of)
    folder = run_folder(job.out_dir, as_of, datetime.datetime.now(datetime.UTC))
    if options.dry_run:  # reads the record of inputs, takes no lock, writes nothing
        return _run(job, options, files, sides, JobRun(folder, [], {}, empty_globs), progress)
    make_folder(job.state_dir)
    hint = "lock_timeout: in the job file sets how long to wait"
    with held_lock(job.state_dir / LOCK_FILE, job.lock_timeout, f"job {job.file}", hint, JobError):
        return _run(job, options, files, sides, JobRun(folder, [], {}, empty_globs), progress)


def _run(
    job: Job,
    options: RunOptions,
    files: list[Path],
    sides: SideFiles,
    run: JobRun,
    progress: ProgressHook | None,
) -> JobRun:
    ledger = read_ledger(job.state_dir)
    digests = {path: file_digest(path) for path in files}
    skip = job.skip_unchanged if options.skip_unchanged is None else options.skip_unchanged
    run.skipped = {
        path: ledger[digests[path]] for path in files if skip and digests[path] in ledger
    }
    run.inputs = [path for path in files if path not in run.skipped]
    if not run.inputs:
        why = "every input was processed by an earlier run" if run.skipped else "no input file"
        run.failures = [m for c in job.fail_on if (m := c.met_by_no_rows(why))]
        return run
    run.result = score(run.inputs, _score_options(job, options, sides), progress=progress)
    run.failures = [m for c in job.fail_on if (m := c.met_by(run.result.summary))]
    if options.dry_run:
        return run
    info = RunInfo(
        rules=shown(job.rules, job) if job.rules else "default",
        as_of=run.result.context.settings.as_of,
        inputs=tuple(shown(path, job) for path in run.inputs),
        job=str(job.file),
        skipped_inputs=tuple(shown(path, job) for path in run.skipped),
    )
    with staged(run.folder) as partial:
        written = write_out_dir(run.result.table, run.result.context, partial, info)
    run.written = [run.folder / path.relative_to(partial) for path in written]
    if run.result.routing_state is not None:  # turns and counts used only once the files are out
        save_routing(run.result.routing_state, _route_options(job, options))
    save_ledger(job.state_dir, ledger, {path: digests[path] for path in run.inputs}, run.folder)
    run.pruned = prune_runs(job.out_dir, job.keep_runs) if job.keep_runs else []
    return run


@dataclass(frozen=True)
class SideFiles:
    """The files the job's side-file patterns name."""

    against: tuple[Path, ...]
    enrich: tuple[Path, ...]
    activities: tuple[Path, ...]


def side_files(job: Job) -> SideFiles:
    """Each side-file pattern expanded; one that names no file is an error (see ``expand``)."""
    return SideFiles(
        against=tuple(expand(job.against, must_match=True)[0]),
        enrich=tuple(expand(job.enrich, must_match=True)[0]),
        activities=tuple(expand(job.activities, must_match=True)[0]),
    )


def _route_options(job: Job, options: RunOptions) -> RouteOptions:
    """Routing with the state in the job's state folder, saved by the run once it is written."""
    state = job.state_dir / ROUTING_STATE_FILE
    return RouteOptions(state, job.roster, options.dry_run, job.lock_timeout, defer_save=True)


def _score_options(job: Job, options: RunOptions, sides: SideFiles) -> ScoreOptions:
    """The library's options: the job's rules, side files and routing."""
    route = _route_options(job, options) if job.route else None
    return ScoreOptions(
        rules=job.rules,
        as_of=options.as_of,
        read=job.read,
        workers=options.workers,
        against=sides.against,
        enrich=sides.enrich,
        activities=sides.activities,
        route=route,
    )


def shown(path: Path, job: Job) -> str:
    """A path as reports show it: relative to the job file's folder, so that a run's
    summary.json reads the same wherever the job folder is (absolute on another drive)."""
    try:
        return Path(os.path.relpath(path, job.file.parent)).as_posix()
    except ValueError:
        return str(path)
