"""Time `leadq learn` and `leadq evaluate` on generated histories of 100k and 1M leads.

Anyone can run it with the project installed (pip install '.[learn]'):

    python benchmarks/bench_learn.py                        # 100k and 1M rows, 3 runs each
    python benchmarks/bench_learn.py --sizes 100000 --runs 5

Each figure is a whole process (`python -m leadq learn FILE ...` in a fresh interpreter): wall
seconds as median, min and max over the runs, and the peak resident memory. It also prints the
held-out ROC AUC of the learned rules and of the one-hot logistic baseline at each size.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def dataset(rows: int) -> Path:
    """The generated history with ``rows`` leads (made once, seed 3)."""
    path = DATA / f"history_{rows}.csv"
    if not path.exists():
        command = [sys.executable, str(HERE / "generate_history.py"), "--rows", str(rows)]
        subprocess.run([*command, "--seed", "3", "--out", str(path)], check=True)
    return path


def run_once(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and stderr of one run of ``command``."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors, open(os.devnull, "wb") as devnull:
        child = subprocess.Popen(command, stdout=devnull, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{text}")
    return wall, usage.ru_maxrss / 1024, text


def measure(command: list[str], runs: int) -> tuple[str, str]:
    """``median (min-max) s, peak MiB`` over ``runs`` runs, and the last run's stderr."""
    walls, peak, text = [], 0.0, ""
    for _ in range(runs):
        wall, memory, text = run_once(command)
        walls.append(wall)
        peak = max(peak, memory)
    summary = (
        f"{statistics.median(walls):6.1f} s ({min(walls):.1f}-{max(walls):.1f}), "
        f"{peak:,.0f} MiB peak"
    )
    return summary, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    leadq = [sys.executable, "-m", "leadq"]
    for rows in args.sizes:
        history = str(dataset(rows))
        with tempfile.TemporaryDirectory() as folder:
            learned = str(Path(folder) / "learned.yaml")
            learn = [*leadq, "learn", history, "-t", "Converted", "-o", learned]
            timing, report = measure(learn, args.runs)
            print(f"{rows:>9,} rows  learn     {timing}")
            auc = [line for line in report.splitlines() if "ROC AUC" in line]
            print(f"{'':>15}{auc[-1] if auc else ''}")
            evaluate = [*leadq, "evaluate", history, "-t", "Converted", "--json"]
            evaluate += ["--as-of", "2026-11-25"]
            print(f"{rows:>9,} rows  evaluate  {measure(evaluate, args.runs)[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
