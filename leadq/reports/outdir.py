"""``--out-dir DIR``: one run's results as files people and machines pick up.

Layout (files only when the run has something for them)::

    DIR/leads.csv                    every lead, ranked (what -o writes)
    DIR/disqualified.csv             the disqualified leads, reasons first
    DIR/queues/<queue>.csv           one file per queue, in queue order      (routed runs)
    DIR/reps/<rep>.csv               one file per rep, in ranking order      (routed runs)
    DIR/handover/handoff-<owner>.csv leads a CRM owner already works on      (with --against)
    DIR/report.xlsx                  the workbook (see leadq.reports.workbook)
    DIR/report.html                  the HTML report (see leadq.reports.html)
    DIR/summary.json                 the figures for machines, written last

Every file is written atomically, and ``summary.json`` last: when it is there and new, the
rest of the run is too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from leadq.context import RunContext
from leadq.crm.handoff import owner_slugs, write_handoff
from leadq.errors import OutputError
from leadq.evaluation import OutcomeEvaluation
from leadq.reports.html import render_html
from leadq.reports.summary import RunFigures, RunInfo, run_figures
from leadq.reports.workbook import lead_view, write_workbook
from leadq.schema import Stage
from leadq.write import OutputFormat, neutralize_formulas, write_atomically, write_table

LEADS_FILE = "leads.csv"
DISQUALIFIED_FILE = "disqualified.csv"
WORKBOOK_FILE = "report.xlsx"
HTML_FILE = "report.html"
SUMMARY_FILE = "summary.json"
HANDOVER_FOLDER = "handover"


def write_out_dir(
    table: pd.DataFrame,
    context: RunContext,
    folder: Path,
    info: RunInfo,
    *,
    neutralize: bool = True,
    evaluation: OutcomeEvaluation | None = None,
) -> list[Path]:
    """Write one run's files into ``folder`` (created, with its parents, when missing);
    ``evaluation`` (against a known outcome) goes into report.html and summary.json.

    Returns:
        The files written, in the order written (``summary.json`` last).

    Raises:
        OutputError: the folder or a file in it cannot be written.
    """
    figures = run_figures(table, context, info, evaluation)
    view = lead_view(table, context)
    if neutralize:  # once for every CSV file, which then share its rows
        view = neutralize_formulas(view)
    written: list[Path] = []
    try:
        make_folder(folder)
        for name, rows in lead_files(view).items():
            path = folder / name
            make_folder(path.parent)
            write_table(rows, path, OutputFormat.CSV, neutralize=False)
            written.append(path)
        if "crm_status" in table.columns:
            written += list(write_handoff(table, context, folder / HANDOVER_FOLDER))
        written += _write_reports(folder, table, context, figures)
    except OSError as error:
        where = getattr(error, "filename", None) or folder
        raise OutputError(f"{where}: cannot write: {error.strerror or error}") from None
    summary = figures.to_dict() | {"files": [str(path.relative_to(folder)) for path in written]}
    summary["files"].append(SUMMARY_FILE)
    write_bytes(folder / SUMMARY_FILE, summary_json(summary))
    return [*written, folder / SUMMARY_FILE]


def check_out_dir(folder: Path) -> None:
    """The errors an out-dir can show before any work: a file in its place."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"--out-dir {folder}: is a file; give a folder")


def lead_files(view: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Relative file name -> its leads: all, disqualified, per queue and per rep."""
    disqualified = (view["stage"] == Stage.DISQUALIFIED.value).fillna(False).to_numpy()
    files = {LEADS_FILE: view, DISQUALIFIED_FILE: view[disqualified]}
    if "queue" in view.columns:
        queued = view["queue"].notna().to_numpy() & ~disqualified
        order = view["queue_rank"].to_numpy() if "queue_rank" in view.columns else None
        files.update(split_by(view, queued, "queue", "queues", order))
    if "assigned_to" in view.columns:
        assigned = view["assigned_to"].notna().to_numpy()
        files.update(split_by(view, assigned, "assigned_to", "reps"))
    return files


def split_by(
    view: pd.DataFrame,
    keep: np.ndarray,
    column: str,
    folder: str,
    order: np.ndarray | None = None,
) -> dict[str, pd.DataFrame]:
    """``folder/<value>.csv`` -> the kept rows with that value of ``column``, values in order
    of first appearance, rows in ``order`` (else table order).

    File names are the values made file-name-safe ("Piotr Zieliński" -> piotr-zielinski); two
    values with one safe form get ``-2``, ``-3`` ... rather than one file. Rows are taken by
    position, once per file: taking rows of a wide table is the cost here.
    """
    positions = np.flatnonzero(keep)
    if order is not None:
        positions = positions[np.argsort(order[positions], kind="stable")]
    codes, values = pd.factorize(view[column].astype("str").to_numpy()[positions])
    names = distinct_names(list(owner_slugs(pd.Series(values, dtype="str"))))
    return {
        f"{folder}/{name}.csv": view.take(positions[codes == code])
        for code, name in enumerate(names)
    }


def distinct_names(slugs: list[str]) -> list[str]:
    """The slugs, a repeated one numbered: ["a-b", "a-b"] -> ["a-b", "a-b-2"]."""
    seen: dict[str, int] = {}
    names = []
    for slug in slugs:
        seen[slug] = seen.get(slug, 0) + 1
        names.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return names


def _write_reports(
    folder: Path, table: pd.DataFrame, context: RunContext, figures: RunFigures
) -> list[Path]:
    workbook, html = folder / WORKBOOK_FILE, folder / HTML_FILE
    write_with(workbook, lambda handle: write_workbook(handle, table, context, figures))
    write_bytes(html, render_html(figures, table).encode("utf-8"))
    return [workbook, html]


def summary_json(summary: dict[str, object]) -> bytes:
    """Indented, UTF-8 (Cyrillic stays readable), keys in a stable order, newline-terminated."""
    return (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_bytes(path: Path, data: bytes) -> None:
    """``data`` to ``path``, atomically; a failure is an OutputError naming the file."""

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    write_with(path, write)


def write_with(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """What ``write`` writes to ``path``, atomically; a failure is an OutputError."""
    try:
        write_atomically(path, write)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"{folder}: cannot create the folder: {error.strerror or error}"
        ) from None
