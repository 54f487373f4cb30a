"""``leadq run job.yaml``: a nightly job in one cron line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from leadq.cli.console import LogFormat, print_info, print_warning, use_log_format
from leadq.cli.options import AsOfOption, LogFormatOption, WorkersOption, parse_as_of
from leadq.cli.output import QuietOption
from leadq.cli.progress_bar import progress_bar, shows_progress
from leadq.cli.score_command import show_routing, show_summary
from leadq.jobs import JobRun, RunOptions, read_job, run_job
from leadq.jobs.run import ROUTING_STATE_FILE, shown
from leadq.jobs.spec import Job


def run(
    job_file: Annotated[
        Path, typer.Argument(help="The job file (YAML).", show_default=False, metavar="JOB")
    ],
    as_of: AsOfOption = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Score and route, show what would be written; write, record and remove nothing.",
        ),
    ] = False,
    skip_unchanged: Annotated[
        bool | None,
        typer.Option(
            "--skip-unchanged/--no-skip-unchanged",
            help="Skip inputs an earlier run already processed (same content); default: as "
            "the job file's skip_unchanged says.",
            show_default=False,
        ),
    ] = None,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
    log_format: LogFormatOption = LogFormat.TEXT,
) -> int:
    """Run a job file: read its inputs, score, route, and write one dated run folder.

    The job file says which exports to read (globs), with which rules, CRM exports, registries
    and activity logs, whether to route, where to write (out_dir with {date} and {time}), how
    many past runs to keep, which conditions fail the run, and whether inputs processed before
    are skipped. Paths in it are relative to its own folder. See the README for every key.

    Exit codes: 0 done (or nothing new); 1 a fail_on condition was met (the run's files are
    still written); 2 bad input, a bad job or rule file, or another run holding the job's lock.

    Examples:

    \b
        leadq run examples/nightly.yaml
        leadq run nightly.yaml --as-of 2026-11-25 --dry-run
        leadq run nightly.yaml --skip-unchanged --quiet --log-format json >> /var/log/leadq.log 2>&1
    """
    use_log_format(log_format)
    job = read_job(job_file)
    options = RunOptions(parse_as_of(as_of), dry_run, skip_unchanged, workers)
    with progress_bar(shows_progress(quiet)) as progress:
        done = run_job(job, options, progress)
    _warn(job, done)
    if not quiet:
        _report(job, done, dry_run=dry_run)
    for message in done.failures:
        print_warning(f"fail_on: {message}")
    return 1 if done.failures else 0


def _warn(job: Job, done: JobRun) -> None:
    """Globs that matched nothing, and the reader's warnings, on stderr."""
    for pattern in done.empty_globs:
        where = f"{pattern.file}:{pattern.line}:{pattern.column}: {pattern.path}"
        print_warning(f"{where}: {pattern.text!r} matched no file")
    for warning in done.result.warnings if done.result else []:
        print_warning(f"{warning.source}: {warning.message}")


def _report(job: Job, done: JobRun, *, dry_run: bool) -> None:
    """What the run read, skipped, wrote and removed: lines, or JSON events."""
    for path, earlier in done.skipped.items():
        print_info(
            f"Skipped {shown(path, job)}: unchanged since the run in {earlier.run}",
            skipped=shown(path, job),
            processed_by=earlier.run,
        )
    if done.result is None:
        print_info("Nothing new to read: no run folder written", out_dir=None)
        return
    show_summary(done.result)
    if job.route:
        show_routing(done.result, job.state_dir / ROUTING_STATE_FILE, dry_run=dry_run)
    if dry_run:
        print_info(f"Dry run: would write {done.folder}; nothing written", out_dir=None)
        return
    print_info(
        f"Wrote {len(done.written)} files to {done.folder}",
        out_dir=str(done.folder),
        files=len(done.written),
    )
    for folder in done.pruned:
        print_info(f"Removed the old run {folder}", removed=str(folder))
