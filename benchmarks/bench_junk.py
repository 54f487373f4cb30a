"""Time the intent and junk stages on a generated export, with the default rules.

    python benchmarks/bench_junk.py                              # 1M rows, 3 runs
    python benchmarks/bench_junk.py --data benchmarks/data/leads_100000.csv --runs 5

The generated exports have no IP, call-note or honeypot columns, so the script adds them
(seeded): an ``IP`` column drawn from 200,000 addresses, ``Call
notes`` holding another row's message, and a ``Honeypot`` column filled on 0.1% of rows. Then it
normalizes the table once (not timed: the normalize stage has its own benchmarks) and times
``add_intent`` and ``find_junk`` in this process, median over the runs, with the distinct texts
they search and what they found.
"""

from __future__ import annotations

import argparse
import datetime
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from leadq.context import RunSettings
from leadq.distinct import worker_count
from leadq.intent import add_intent
from leadq.junk import FINDERS, find_junk
from leadq.load import ReadOptions, read_leads
from leadq.normalize import normalize_leads
from leadq.pipeline import build_context
from leadq.ruleset import load_rules

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE / "data" / "leads_1000000.csv"
AS_OF = datetime.date(2026, 11, 25)


def with_side_columns(table: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """The export plus seeded IP, call-note and honeypot columns (see the module docstring)."""
    rng = np.random.default_rng(seed)
    rows = len(table)
    addresses = rng.integers(0, 200_000, rows)
    ip = pd.Series([f"10.{a >> 16}.{(a >> 8) & 255}.{a & 255}" for a in addresses], dtype="str")
    notes = table["Message"].to_numpy()[rng.permutation(rows)]
    honeypot = np.where(rng.random(rows) < 0.001, "http://bot.example", "")
    extra = pd.DataFrame(
        {"IP": ip.to_numpy(), "Call notes": notes, "Honeypot": honeypot}, index=table.index
    )
    return pd.concat([table, extra.astype("str")], axis=1)


def timed(work, runs: int, cache: dict) -> tuple[float, pd.DataFrame]:
    """Median seconds over ``runs`` runs, and the last result; each run reads the input fields
    afresh (``cache``: the run's typed inputs, emptied before each run)."""
    seconds = []
    for _ in range(runs):
        cache.clear()
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    if not args.data.exists():  # the generated 1M-row export, made once (seed 7)
        generator = [sys.executable, str(HERE / "generate_leads.py"), "--rows", "1000000"]
        subprocess.run([*generator, "--seed", "7", "--out", str(args.data)], check=True)
    table = with_side_columns(read_leads([args.data], ReadOptions()).table)
    settings = RunSettings(as_of=AS_OF, workers=worker_count())
    context = build_context(table, load_rules(None), settings)
    started = time.perf_counter()
    table = normalize_leads(table, context)
    print(f"rows: {len(table):,}; normalized in {time.perf_counter() - started:.1f} s (not timed)")

    cache = context.typed_inputs
    intent_seconds, with_intent = timed(lambda: add_intent(table, context), args.runs, cache)
    junk_seconds, with_junk = timed(lambda: find_junk(with_intent, context), args.runs, cache)
    texts = {name: table[name].nunique() for name in ("Message", "Call notes", "Full Name")}
    print(f"distinct texts: {texts}")
    print(f"add_intent: {intent_seconds:.2f} s (median of {args.runs})")
    print(f"find_junk:  {junk_seconds:.2f} s (median of {args.runs})")
    print("where find_junk's time goes, its input columns already read:")
    fields = context.fields(with_intent)
    for finder in FINDERS:
        started = time.perf_counter()
        list(finder(with_intent, fields, context.rules.junk))
        seconds = time.perf_counter() - started
        print(f"  {finder.__name__:<18} {seconds:.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:,.0f} MiB")
    print("rows per intent group:")
    print(with_intent["intent"].str.split("; ").explode().value_counts().to_string())
    print("rows per junk kind:")
    print(with_junk["junk"].str.split("; ").explode().value_counts().to_string())


if __name__ == "__main__":
    main()
