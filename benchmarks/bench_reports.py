"""Time the reports of a run (``--out-dir``): where the time goes, and a look at the HTML.

    python benchmarks/bench_reports.py                    # 100k generated leads
    python benchmarks/bench_reports.py --rows 1000000
    python benchmarks/bench_reports.py --screenshot report.png   # also render report.html
    python benchmarks/bench_reports.py --history --screenshot report.png   # with the evaluation

Scores the generated export once in this process (with routing columns added by hand, as a
routed run has them), then times ``write_out_dir`` as a whole (every CSV file, the workbook,
the HTML report, summary.json) and, in memory, its parts: the figures, the workbook, the HTML
report. With ``--screenshot``, headless Chromium renders the report to a PNG (needs chromium).
With ``--history``, the leads are the generated history (``generate_history.py``) and the
reports gain the evaluation against its ``Converted`` column (timed too).
For the whole process, compare ``leadq score FILE -o out.csv`` with and without ``--out-dir``.
"""

from __future__ import annotations

import argparse
import datetime
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import leadq
from leadq.api import ScoreOptions
from leadq.evaluation import evaluate_outcome
from leadq.outcome import Target
from leadq.reports.html import render_html
from leadq.reports.outdir import write_out_dir
from leadq.reports.summary import RunInfo, run_figures
from leadq.reports.workbook import write_workbook

HERE = Path(__file__).resolve().parent
AS_OF = datetime.date(2026, 11, 25)
REPS = [f"rep-{number:02d}" for number in range(50)]


def dataset(rows: int, history: bool = False) -> Path:
    """The generated export with ``rows`` leads (made once, seed 7), as bench_score.py uses;
    or the generated history with outcomes (seed 3), as bench_learn.py uses."""
    name, generator, seed = (
        ("history", "generate_history.py", "3") if history else ("leads", "generate_leads.py", "7")
    )
    path = HERE / "data" / f"{name}_{rows}.csv"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        command = [sys.executable, str(HERE / generator), "--rows", str(rows)]
        subprocess.run([*command, "--seed", seed, "--out", str(path)], check=True)
    return path


def routed(table: pd.DataFrame) -> pd.DataFrame:
    """Three queues and 50 reps, as the routing stage would add them."""
    queue = table["stage"].map({"sql": "enterprise", "mql": "smb", "nurture": "nurture"})
    rep = pd.Series(REPS, dtype="str").take(table["rank"].to_numpy() % len(REPS))
    return table.assign(
        queue=queue,
        queue_rank=table.groupby(queue)["rank"].rank(method="first"),
        assigned_to=rep.where(queue.notna().to_numpy()).to_numpy(),
        assigned_by="round_robin",
    )


def timed(label: str, work):  # noqa: ANN001, ANN201 - a tiny timing helper for this script
    started = time.perf_counter()
    result = work()
    print(f"{label:<34} {time.perf_counter() - started:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--screenshot", type=Path, help="render report.html to this PNG")
    parser.add_argument("--history", action="store_true", help="add the evaluation section")
    args = parser.parse_args()
    source = dataset(args.rows, args.history)
    print(f"{args.rows} leads from {source.name}")
    result = timed(
        "score (for reference)", lambda: leadq.score([source], ScoreOptions(as_of=AS_OF))
    )
    table = routed(result.table)
    info = RunInfo("default", AS_OF, (str(source),))
    evaluation = None
    if args.history:
        evaluation = timed(
            "evaluation (--target Converted)",
            lambda: evaluate_outcome(table, result.context, Target("Converted"), str(source)),
        )
    figures = timed(
        "figures (summary.json)", lambda: run_figures(table, result.context, info, evaluation)
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        written = timed(
            "write_out_dir (all of it)",
            lambda: write_out_dir(table, result.context, out, info, evaluation=evaluation),
        )
        size = sum(path.stat().st_size for path in written) / 2**20
        print(f"  {len(written)} files, {size:.0f} MiB")
    workbook = io.BytesIO()
    timed("report.xlsx", lambda: write_workbook(workbook, table, result.context, figures))
    html = timed("report.html", lambda: render_html(figures, table))
    megabytes = len(workbook.getvalue()) / 2**20
    print(f"report.xlsx {megabytes:.1f} MiB, report.html {len(html) / 1024:.0f} kB")
    if args.screenshot:
        _screenshot(html, args.screenshot, height=9000 if args.history else 4400)


def _screenshot(html: str, png: Path, height: int) -> None:
    browser = next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    if browser is None:
        raise SystemExit("no Chromium or Chrome installed: no screenshot")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--window-size=1000,{height}", f"--screenshot={png.resolve()}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    print(f"screenshot: {png}")


if __name__ == "__main__":
    main()
