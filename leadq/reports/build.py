"""``leadq report``: the reports of an earlier output, read back instead of scored again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from leadq.context import RunContext
from leadq.errors import OutputError
from leadq.evaluation import OutcomeEvaluation, evaluate_outcome
from leadq.load import ReadWarning
from leadq.outcome import Target
from leadq.reports.html import render_html
from leadq.reports.outdir import (
    check_out_dir,
    summary_json,
    write_bytes,
    write_out_dir,
    write_with,
)
from leadq.reports.scored import ScoredRun, read_scored
from leadq.reports.summary import RunInfo, run_figures
from leadq.reports.workbook import write_workbook
from leadq.ruleset import load_rules

REPORT_KINDS = (".html", ".xlsx", ".json")


@dataclass(frozen=True)
class ReportResult:
    """The files a report wrote, and what the reader repaired in the scored file."""

    files: list[Path]
    warnings: tuple[ReadWarning, ...]


def build_report(
    scored: Path,
    *,
    output: Path | None = None,
    out_dir: Path | None = None,
    rules: Path | None = None,
    as_of: datetime.date | None = None,
    target: Target | None = None,
) -> ReportResult:
    """Write one report (``output``: .html, .xlsx or .json) or a whole ``out_dir``.

    Args:
        scored: a file ``leadq score`` wrote (CSV, Excel-CSV or XLSX).
        rules: the rule file it was scored with (None: the default rules).
        as_of: the run's date, when known (recorded in the summary).
        target: the outcome column of a scored history: the HTML report and summary.json
            gain the evaluation of the rules against it (as ``leadq evaluate`` measures it).

    Returns:
        The files written and the reader's warnings (ragged rows ...).

    Raises:
        InputError: ``scored`` cannot be read or is not leadq's output, or the target column
            is absent or unreadable.
        OutputError: an unknown report extension, or a file that cannot be written.
    """
    if output is not None:
        check_report_path(output)
    if out_dir is not None:
        check_out_dir(out_dir)
    run = read_scored(scored, load_rules(rules), as_of)
    sources = run.table["source_file"].astype("str").dropna().unique()
    info = RunInfo(str(rules or "default"), as_of, tuple(sources), report_of=str(scored))
    measured = None
    if target is not None:
        measured = evaluate_outcome(run.table, run.context, target, str(scored))
    if out_dir is not None:
        written = write_out_dir(run.table, run.context, out_dir, info, evaluation=measured)
        return ReportResult(written, run.warnings)
    assert output is not None
    _write_report(run, info, output, measured)
    return ReportResult([output], run.warnings)


def check_report_path(output: Path) -> None:
    """A report's extension says which report; a folder or a missing folder fails early."""
    if output.suffix.lower() not in REPORT_KINDS:
        kinds = ", ".join(REPORT_KINDS)
        raise OutputError(f"{output}: unknown report extension {output.suffix!r}; use {kinds}")
    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir() or not folder.is_dir():
        raise OutputError(f"{output}: not a file in an existing folder")


def check_html_path(output: Path) -> None:
    """``--html FILE`` of ``leadq evaluate``: an .html file in an existing folder."""
    if output.suffix.lower() != ".html":
        raise OutputError(f"{output}: the report is HTML; give a file name ending in .html")
    check_report_path(output)


def write_html_report(
    output: Path,
    table: pd.DataFrame,
    context: RunContext,
    info: RunInfo,
    evaluation: OutcomeEvaluation | None = None,
) -> None:
    """The HTML report of a run (with its evaluation, when there is one) to ``output``."""
    figures = run_figures(table, context, info, evaluation)
    write_bytes(output, render_html(figures, table).encode("utf-8"))


def _write_report(
    run: ScoredRun, info: RunInfo, output: Path, evaluation: OutcomeEvaluation | None
) -> None:
    figures = run_figures(run.table, run.context, info, evaluation)
    kind = output.suffix.lower()
    if kind == ".xlsx":
        write_with(output, lambda handle: write_workbook(handle, run.table, run.context, figures))
    elif kind == ".html":
        write_bytes(output, render_html(figures, run.table).encode("utf-8"))
    else:
        write_bytes(output, summary_json(figures.to_dict()))
