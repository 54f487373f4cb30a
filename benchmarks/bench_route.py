"""Time routing a million scored leads to 50 reps, against the time it took to score them.

    python benchmarks/bench_route.py                    # score 1M generated leads, then route
    python benchmarks/bench_route.py --synthetic        # route a synthesized scored table only
    python benchmarks/bench_route.py --rows 100000 --runs 5
    python benchmarks/bench_route.py --leads path/to/leads_1000000.csv

Routing is what ``leadq score --route`` adds after ranking: queue membership (three queues),
queue order, assignment (round robin, weighted, territory with a capacity fallback, CRM owners
kept), the state file read and written under its lock. Each routing run continues from the
previous run's state, as nightly jobs do; the figure is the median over the runs.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_score import dataset  # noqa: E402

from leadq.api import ScoreOptions, score  # noqa: E402
from leadq.context import RunContext, RunSettings  # noqa: E402
from leadq.pipeline import build_context  # noqa: E402
from leadq.routing.run import RouteOptions, route_with_state, run_reps  # noqa: E402
from leadq.ruleset import load_rules  # noqa: E402

AS_OF = datetime.date(2026, 11, 25)
REPS = 50
COUNTRIES = ("RU", "PL", "DE", "GB", "US", "KZ", "UA", "FR")


def routing_rules(folder: Path) -> Path:
    """Three queues over 50 reps: 10 key-account reps in turn, 15 weighted, 25 by territory."""
    reps = [f"rep{i:02d}" for i in range(REPS)]
    lines = ["version: 1", "extend: default", "queues:"]
    lines += [
        "  - id: enterprise",
        "    when: {field: employees, at_least: 250}",
        f"    assign: {{strategy: round_robin, reps: [{', '.join(reps[:10])}]}}",
        "  - id: sales_ready",
        "    when: {field: stage, equals: sql}",
        f"    assign: {{strategy: weighted, reps: [{', '.join(reps[10:25])}]}}",
        "  - id: by_country",
        "    fallback: true",
        "    assign: {strategy: territory, fallback: capacity, per: day, capacity: 20000,",
        f"             reps: [{', '.join(reps[25:])}]}}",
        "reps:",
    ]
    for i, name in enumerate(reps):
        region = COUNTRIES[i % len(COUNTRIES)]
        lines.append(f"  - {{name: {name}, weight: {1 + i % 3}, regions: [{region}]}}")
    path = folder / "routing.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def synthetic_scored(rows: int) -> pd.DataFrame:
    """A table shaped like leadq's output (text columns), seeded."""
    rng = np.random.default_rng(7)
    stages = np.array(["sql", "mql", "nurture", "disqualified"])
    days = rng.integers(0, 120, rows)
    created = (np.datetime64("2026-07-01") + days).astype(str)
    owner = np.where(rng.random(rows) < 0.02, "Olga K", "")
    table = {
        "lead_id": np.char.add("L-", np.arange(rows).astype(str)),
        "created": created,
        "country": np.array(COUNTRIES + ("Narnia",))[rng.integers(0, 9, rows)],
        "employees": rng.integers(1, 2000, rows).astype(str),
        "stage": stages[rng.choice(4, rows, p=[0.15, 0.5, 0.28, 0.07])],
        "score": rng.integers(0, 100, rows).astype(str),
        "quality": rng.integers(0, 100, rows).astype(str),
        "crm_owner": owner,
    }
    return pd.DataFrame({name: pd.Series(values, dtype="str") for name, values in table.items()})


def time_routing(
    table: pd.DataFrame, context: RunContext, folder: Path, runs: int
) -> tuple[list[float], pd.DataFrame]:
    """Seconds of each routing run (state persisted between them), and the last result."""
    options = RouteOptions(state=folder / "state.json")
    reps = run_reps(context, options)
    seconds, routed = [], table
    for _ in range(runs):
        started = time.perf_counter()
        routed = route_with_state(table, context, reps, options)
        seconds.append(time.perf_counter() - started)
    return seconds, routed


def scored_table(
    args: argparse.Namespace, rules_path: Path
) -> tuple[pd.DataFrame, RunContext, float | None]:
    """The table to route, its run context and the seconds scoring took (None: synthesized).

    Routing a scored table in the scoring run's context is what ``leadq score --route`` does;
    a synthesized table of text columns is what ``leadq route scored.csv`` reads back."""
    if args.synthetic:
        table = synthetic_scored(args.rows)
        context = build_context(table, load_rules(rules_path), RunSettings(as_of=AS_OF))
        return table, context, None
    leads = args.leads or dataset(args.rows)
    started = time.perf_counter()
    result = score([leads], ScoreOptions(rules=rules_path, as_of=AS_OF))
    return result.table, result.context, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--synthetic", action="store_true", help="route a synthesized table; do not score"
    )
    parser.add_argument(
        "--leads", type=Path, help="the export to score (default: generated, --rows leads)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        table, context, scoring = scored_table(args, routing_rules(folder))
        seconds, routed = time_routing(table, context, folder, args.runs)
    route_median = statistics.median(seconds)
    print(f"{len(table)} scored rows -> {REPS} reps, {args.runs} routing runs (state kept)")
    command = "leadq route" if scoring is None else "leadq score --route"
    print(
        f"routing: median {route_median:.2f} s (min {min(seconds):.2f}, max {max(seconds):.2f}); "
        f"the first run {seconds[0]:.2f} s (what one {command} run spends routing)"
    )
    if scoring is not None:
        share = 100 * seconds[0] / scoring
        print(f"scoring: {scoring:.1f} s; the first routing run is {share:.1f}% of it")
    assert len(routed) == len(table)
    counts = routed["assigned_by"].value_counts()
    print("assigned_by:", ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
