"""Phone normalization speed: the pure library path per value, and normalize_phones on 1M rows.

Run: ``python benchmarks/bench_phone.py [rows]``. Prints figures; asserts nothing.
The data: ~70% distinct realistic RU/PL/international numbers in mixed formats, ~5% junk.
"""

from __future__ import annotations

import random
import sys
import time

import numpy as np
import pandas as pd
import pyarrow as pa

from leadq.normalize.phone import fast_normalize, normalize_phones, parse_phone_text


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _ru(rng: random.Random) -> str:
    code = rng.choice(["912", "916", "926", "903", "495", "499", "812", "343", "985"])
    a, b, c = _digits(rng, 3), _digits(rng, 2), _digits(rng, 2)
    return rng.choice(
        [
            f"+7 ({code}) {a}-{b}-{c}",
            f"8 ({code}) {a}-{b}-{c}",
            f"8{code}{a}{b}{c}",
            f"+7{code}{a}{b}{c}",
            f"7 {code} {a} {b} {c}",
            f"8-{code}-{a}-{b}-{c}",
            f"+7 {code} {a}-{b}-{c} доб. {rng.randint(1, 999)}",
        ]
    )


def _pl(rng: random.Random) -> str:
    lead = rng.choice(["50", "51", "53", "60", "66", "69", "72", "78", "88", "22", "12", "61"])
    a, b = lead + _digits(rng, 1), _digits(rng, 3)
    c = _digits(rng, 3)
    return rng.choice(
        [
            f"{a} {b} {c}",
            f"+48 {a} {b} {c}",
            f"{a}-{b}-{c}",
            f"+48{a}{b}{c}",
            f"{a}{b}{c}",
            f"0048 {a} {b} {c}",
            f"{a} {b} {c} / {rng.choice(['501', '601'])} {_digits(rng, 3)} {c}",
        ]
    )


def _intl(rng: random.Random) -> str:
    return rng.choice(
        [
            f"+1 ({rng.choice(['212', '415', '650', '604'])}) 555-{_digits(rng, 4)}",
            f"+44 20 79{_digits(rng, 2)} {_digits(rng, 4)}",
            f"+49 30 {_digits(rng, 8)}",
            f"+380 50 {_digits(rng, 3)} {_digits(rng, 2)} {_digits(rng, 2)}",
            f"+375 29 {_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 2)}",
            f"+7 701 {_digits(rng, 3)} {_digits(rng, 4)}",
            f"+39 06 {_digits(rng, 8)}",
        ]
    )


def _junk(rng: random.Random) -> str:
    return rng.choice(
        [
            "-",
            "нет",
            "0",
            "123",
            "n/a",
            f"+7 912 {_digits(rng, 3)}",
            _digits(rng, 5),
            f"8 (9{_digits(rng, 2)}) {_digits(rng, 3)}-{_digits(rng, 2)}",
        ]
    )


def make_rows(n: int, seed: int = 7) -> tuple[pd.Series, pd.Series]:
    """n rows, about 70% of them distinct, with their regions."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(int(n * 0.72)):
        kind = rng.random()
        maker, region = (_ru, "RU") if kind < 0.5 else (_pl, "PL") if kind < 0.85 else (_intl, "RU")
        pairs.append((_junk(rng) if rng.random() < 0.05 else maker(rng), region))
    picks = np.random.default_rng(seed).integers(0, len(pairs), n - len(pairs))
    pairs += [pairs[i] for i in picks]
    raw, region = zip(*pairs, strict=True)
    return pd.Series(raw, dtype="str"), pd.Series(region, dtype="str")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    raw, region = make_rows(n)
    distinct = len(set(zip(raw, region, strict=True)))
    print(f"rows {n:,}, distinct (value, region) {distinct:,} ({distinct / n:.0%})")
    sample = list(zip(raw[:20_000], region[:20_000], strict=True))
    start = time.perf_counter()
    for text, reg in sample:
        parse_phone_text(text, reg)
    per_value = (time.perf_counter() - start) / len(sample) * 1e6
    print(f"library path (parse_phone_text): {per_value:.1f} us/value")
    fast = fast_normalize(pa.array(raw.tolist()), pa.array(region.tolist()))
    print(f"fast path accepts {fast.accepted.mean():.1%} of values")
    for workers in (1, 2):
        start = time.perf_counter()
        result = normalize_phones(raw, region, workers=workers)
        elapsed = time.perf_counter() - start
        print(
            f"normalize_phones workers={workers}: {elapsed:.2f} s "
            f"({elapsed / n * 1e6:.2f} us/row, valid {result['phone_valid'].mean():.1%})"
        )


if __name__ == "__main__":
    main()
