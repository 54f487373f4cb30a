"""Phone normalization speed on the generated exports: library cost, fast-path share, timings.

Run: ``python benchmarks/bench_phone.py [repeats]``. Prints figures; asserts nothing.
Reads ``benchmarks/data/leads_100k.csv`` and ``leads_1m.csv`` (column "Phone", region from
"Country", "RU" where unknown), as the pipeline does. The machine may be shared: each timing is
repeated and the median quoted.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa

from leadq.normalize.country import country_codes
from leadq.normalize.phone import fast_normalize, normalize_phones, parse_phone_text

DATA = Path(__file__).parent / "data"


def read_phones(name: str) -> tuple[pd.Series, pd.Series]:
    """The phone column and its per-row region, as the pipeline builds them."""
    frame = pd.read_csv(DATA / name, usecols=["Phone", "Country"], dtype="str")
    return frame["Phone"].str.strip(), country_codes(frame["Country"]).fillna("RU")


def library_cost(raw: pd.Series, region: pd.Series, sample: int = 20_000) -> float:
    """Microseconds per value through parse_phone_text alone."""
    pairs = list(zip(raw[:sample].astype(object), region[:sample], strict=True))
    start = time.perf_counter()
    for text, reg in pairs:
        parse_phone_text(None if pd.isna(text) else text, reg)
    return (time.perf_counter() - start) / len(pairs) * 1e6


def fast_share(raw: pd.Series, region: pd.Series) -> tuple[float, int]:
    """Share of distinct (value, region) pairs the fast path answers, and how many are left."""
    pairs = pd.DataFrame({"raw": raw, "region": region.str.upper()}).drop_duplicates()
    fast = fast_normalize(pa.array(pairs["raw"].array), pa.array(pairs["region"].array))
    return float(fast.accepted.mean()), int((~fast.accepted).sum())


def median_time(raw: pd.Series, region: pd.Series, workers: int, repeats: int) -> float:
    """Median wall time of normalize_phones over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        normalize_phones(raw, region, workers=workers)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for name in ("leads_100k.csv", "leads_1m.csv"):
        raw, region = read_phones(name)
        share, left = fast_share(raw, region)
        print(f"{name}: {len(raw):,} rows")
        print(f"  library path (parse_phone_text): {library_cost(raw, region):.1f} us/value")
        print(f"  fast path answers {share:.1%} of distinct pairs; {left:,} left to the library")
        for workers in (1, 2):
            elapsed = median_time(raw, region, workers, repeats)
            print(
                f"  normalize_phones workers={workers}: {elapsed:.2f} s median of {repeats} "
                f"({elapsed / len(raw) * 1e6:.2f} us/row)"
            )


if __name__ == "__main__":
    main()
