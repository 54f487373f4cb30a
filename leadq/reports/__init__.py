"""Reports of a run: ``summary.json``, the Excel workbook, the HTML report and ``--out-dir``.

They read leadq's output table (from a run, or read back from an earlier output file by
:func:`read_scored`) and work with or without the routing columns ``queue``, ``queue_rank``,
``assigned_to`` and ``assigned_by``.
"""

from leadq.reports.build import build_report
from leadq.reports.outdir import write_out_dir
from leadq.reports.scored import ScoredRun, read_scored
from leadq.reports.summary import RunFigures, RunInfo, run_figures

__all__ = [
    "RunFigures",
    "RunInfo",
    "ScoredRun",
    "build_report",
    "read_scored",
    "run_figures",
    "write_out_dir",
]
