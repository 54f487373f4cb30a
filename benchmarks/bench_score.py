"""Time `leadq score` on generated exports, against the naive per-row baseline, and show where
the time goes. Anyone can run it; it needs only the project installed (pip install .).

    python benchmarks/bench_score.py                 # 100k and 1M rows, 3 runs each
    python benchmarks/bench_score.py --sizes 100000 --runs 5

Whole-process figures are wall-clock seconds and the peak resident memory of the process tree's
largest process (from the kernel's accounting of finished children). Medians are reported.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
AS_OF = "2026-11-25"


def dataset(rows: int) -> Path:
    """The generated export with ``rows`` leads (made once, seed 7)."""
    path = DATA / f"leads_{rows}.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_leads.py"),
                "--rows",
                str(rows),
                "--seed",
                "7",
                "--out",
                str(path),
            ],
            check=True,
        )
    return path


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of ``command`` in a fresh process."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: exec the command with output discarded
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}")
    return wall, usage.ru_maxrss / 1024


def measure(command: list[str], runs: int) -> dict[str, float]:
    results = [run_once(command) for _ in range(runs)]
    walls = [wall for wall, _ in results]
    return {
        "wall_median": statistics.median(walls),
        "wall_min": min(walls),
        "wall_max": max(walls),
        "peak_mib": max(m for _, m in results),
    }


def stage_times(source: Path) -> dict[str, float]:
    """Seconds per pipeline stage in one in-process run (where the time goes)."""
    from leadq.context import RunSettings
    from leadq.load import ReadOptions, read_leads
    from leadq.normalize.distinct import worker_count
    from leadq.pipeline import STAGES, build_context
    from leadq.ruleset import load_rules
    from leadq.write import OutputFormat, write_table

    times: dict[str, float] = {}
    started = time.perf_counter()
    table = read_leads([source], ReadOptions()).table
    times["read"] = time.perf_counter() - started
    settings = RunSettings(as_of=datetime.date.fromisoformat(AS_OF), workers=worker_count())
    context = build_context(table, load_rules(None), settings)
    for stage in STAGES:
        started = time.perf_counter()
        table = stage(table, context)
        times[stage.__name__] = time.perf_counter() - started
    started = time.perf_counter()
    write_table(table, DATA / "stage_times_out.csv", OutputFormat.CSV)
    times["write_csv"] = time.perf_counter() - started
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    leadq = [sys.executable, "-m", "leadq"]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {datetime.date.today()}"
    )
    for rows in args.sizes:
        source = dataset(rows)
        out = DATA / f"out_{rows}.csv"
        figures = measure(
            [*leadq, "score", str(source), "-o", str(out), "--as-of", AS_OF, "-q"], args.runs
        )
        print(
            f"leadq score {rows:>9,} rows: wall median {figures['wall_median']:.2f} s (min {figures['wall_min']:.2f}, max {figures['wall_max']:.2f}), peak {figures['peak_mib']:.0f} MiB"
        )
        if rows <= 100_000:
            naive = measure(
                [
                    sys.executable,
                    str(HERE / "naive_score.py"),
                    str(source),
                    str(DATA / "naive_out.csv"),
                ],
                args.runs,
            )
            print(
                f"naive apply {rows:>9,} rows: wall median {naive['wall_median']:.2f} s, peak {naive['peak_mib']:.0f} MiB; leadq is {naive['wall_median'] / figures['wall_median']:.1f}x faster"
            )
        times = stage_times(source)
        print(
            "  where the time goes: "
            + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items())
        )


if __name__ == "__main__":
    main()
