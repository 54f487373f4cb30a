"""Time `leadq score` on generated exports, against the naive per-row baseline, and show where
the time goes. Anyone can run it with the project installed (pip install .):

    python benchmarks/bench_score.py                       # 100k and 1M rows, 3 runs each
    python benchmarks/bench_score.py --sizes 100000 --runs 5

It prints four kinds of figures:
1. whole process: `leadq score FILE -o out.csv` in a fresh process, wall seconds (median, min,
   max over the runs) and the peak resident memory of the largest process;
2. the naive baseline, whole process: pandas `apply` calling phonenumbers and email-validator on
   every row (benchmarks/naive_score.py), which does only a slice of leadq's work;
3. like for like, in one process: validating the same phone and e-mail columns the naive way
   and with leadq's normalizers;
4. where the time goes: seconds per pipeline stage in one in-process run.
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
from collections.abc import Callable
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
AS_OF = "2026-11-25"


def dataset(rows: int) -> Path:
    """The generated export with ``rows`` leads (made once, seed 7)."""
    path = DATA / f"leads_{rows}.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        command = [sys.executable, str(HERE / "generate_leads.py"), "--rows", str(rows)]
        subprocess.run([*command, "--seed", "7", "--out", str(path)], check=True)
    return path


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of ``command``, output discarded."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        child = subprocess.Popen(command, stdout=devnull, stderr=devnull)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}")
    return wall, usage.ru_maxrss / 1024


def measure(command: list[str], runs: int) -> dict[str, float]:
    """Median, min and max wall seconds and the largest peak memory over ``runs`` runs."""
    results = [run_once(command) for _ in range(runs)]
    walls = [wall for wall, _ in results]
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "peak_mib": max(peak for _, peak in results),
    }


def describe(label: str, figures: dict[str, float]) -> str:
    return (
        f"{label}: wall median {figures['median']:.2f} s "
        f"(min {figures['min']:.2f}, max {figures['max']:.2f}), peak {figures['peak_mib']:.0f} MiB"
    )


def seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def like_for_like(source: Path) -> tuple[float, float]:
    """Seconds to validate the Phone and Email columns: naive per-row apply, then leadq."""
    sys.path.insert(0, str(HERE))
    import naive_score

    from leadq.distinct import worker_count
    from leadq.normalize.email import normalize_emails
    from leadq.normalize.phone import normalize_phones

    table = pd.read_csv(source, dtype="str", keep_default_na=False)
    phones, emails = table["Phone"], table["Email"]
    naive = seconds(
        lambda: (phones.apply(naive_score.check_phone), emails.apply(naive_score.check_email))
    )
    regions = pd.Series("RU", index=table.index, dtype="str")  # as the naive script reads them
    phones, emails = phones.replace("", pd.NA), emails.replace("", pd.NA)
    workers = worker_count()
    ours = seconds(
        lambda: (
            normalize_phones(phones, regions, workers=workers),
            normalize_emails(emails, workers=workers),
        )
    )
    return naive, ours


def stage_times(source: Path) -> dict[str, float]:
    """Seconds per pipeline stage in one in-process run (where the time goes)."""
    from leadq.context import RunSettings
    from leadq.distinct import worker_count
    from leadq.load import ReadOptions, read_leads
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
    python = sys.executable
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {datetime.date.today()}"
    )
    for rows in args.sizes:
        source = dataset(rows)
        score = [
            python,
            "-m",
            "leadq",
            "score",
            str(source),
            "-o",
            str(DATA / "out.csv"),
            "--as-of",
            AS_OF,
            "-q",
        ]
        leadq_figures = measure(score, args.runs)
        print(describe(f"leadq score, {rows:,} rows", leadq_figures))
        if rows <= 100_000:
            naive = [python, str(HERE / "naive_score.py"), str(source), str(DATA / "naive_out.csv")]
            naive_figures = measure(naive, args.runs)
            ratio = naive_figures["median"] / leadq_figures["median"]
            print(
                describe(f"naive apply, {rows:,} rows", naive_figures)
                + f"; leadq score is {ratio:.1f}x faster"
            )
            slow, fast = like_for_like(source)
            print(
                f"phone + e-mail validation, {rows:,} rows: "
                f"naive {slow:.2f} s, leadq {fast:.2f} s ({slow / fast:.1f}x)"
            )
        times = stage_times(source)
        print(
            "  where the time goes: "
            + ", ".join(f"{name} {value:.2f} s" for name, value in times.items())
        )


if __name__ == "__main__":
    main()
