"""Speed of the BANT stage (leadq.parse.parse_bant) on a generated export.

Run: ``python benchmarks/bench_bant.py [CSV] [repeats]``. Prints figures; asserts nothing.
Reads ``benchmarks/data/leads_1000000.csv`` by default (make it with
``python benchmarks/generate_leads.py``), all columns as text as ``leadq score`` does, maps the
headers with the default rules and times the stage alone, the median of ``repeats`` runs.
"""

from __future__ import annotations

import datetime
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

from leadq.context import RunSettings
from leadq.parse import parse_bant
from leadq.pipeline import build_context
from leadq.ruleset import load_rules
from leadq.schema import BANT_COLUMNS

DATA = Path(__file__).parent / "data"
AS_OF = datetime.date(2026, 11, 25)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA / "leads_1000000.csv"
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    table = pd.read_csv(path, dtype="str", keep_default_na=False)
    rules = load_rules()
    times = []
    for _ in range(repeats):
        context = build_context(table, rules, RunSettings(as_of=AS_OF))  # fresh: no caches
        start = time.perf_counter()
        result = parse_bant(table, context)
        times.append(time.perf_counter() - start)
    elapsed = statistics.median(times)
    print(f"{path.name}: {len(table):,} rows; parse_bant median of {repeats}: {elapsed:.2f} s")
    runs = ", ".join(f"{seconds:.2f}" for seconds in times)
    print(f"  {elapsed / len(table) * 1e6:.2f} us/row; runs: {runs}")
    for name in ("Budget", "Timeline", "Job Title", "Employees"):
        if name in table.columns:
            print(f"  distinct {name}: {table[name].nunique():,}")
    parsed = result[list(BANT_COLUMNS)].notna().mean()
    print("  share of rows with a value:")
    for name, share in parsed.items():
        print(f"    {name}: {share:.1%}")


if __name__ == "__main__":
    main()
