"""Nightly jobs: ``leadq run job.yaml`` (a job file says what to read, how, and where to write)."""

from leadq.jobs.run import JobRun, RunOptions, run_job
from leadq.jobs.spec import Job, read_job

__all__ = ["Job", "JobRun", "RunOptions", "read_job", "run_job"]
