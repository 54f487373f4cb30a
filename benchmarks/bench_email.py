"""Benchmark ``normalize_emails`` on a million realistic addresses (prints figures, no checks).

Why: the pipeline must qualify 1M leads in 30 s on 2 cores, and email-validator alone costs
~22 µs a value; this shows what the fast path and distinct-value parsing buy.

Run: ``python benchmarks/bench_email.py [--rows 1000000] [--distinct 0.7]``
"""

from __future__ import annotations

import argparse
import contextlib
import random
import time
from collections.abc import Callable

import pandas as pd
import pyarrow as pa
from email_validator import EmailNotValidError, validate_email

import leadq.normalize.email as email
from leadq.normalize.email import normalize_emails

FIRST = [
    "ivan", "anna", "olga", "piotr", "jan", "katarzyna", "maria", "john", "emily", "michael",
    "sergey", "dmitry", "natalia", "tomasz", "agnieszka", "pawel", "alexey", "elena", "sarah",
    "david", "marek", "ewa", "yulia", "andrzej", "kevin", "laura", "igor", "tatiana",
    "krzysztof", "magdalena", "james", "oksana",
]  # fmt: skip
LAST = [
    "ivanov", "petrova", "smirnov", "kowalski", "nowak", "wisniewska", "smith", "johnson",
    "brown", "kuznetsov", "popova", "wojcik", "kaminski", "lewandowska", "volkov", "sokolova",
    "zielinski", "szymanski", "williams", "taylor", "morozov", "novikova", "dabrowski",
    "kozlowska", "jones", "miller", "fedorov", "mazur", "krawczyk", "lebedev",
]  # fmt: skip
FREE = ["gmail.com"] * 8 + ["mail.ru"] * 5 + ["yandex.ru"] * 4 + ["wp.pl"] * 3 + [
    "o2.pl", "interia.pl", "onet.pl", "outlook.com", "hotmail.com", "yahoo.com", "bk.ru",
    "inbox.ru", "list.ru", "rambler.ru", "icloud.com", "ya.ru", "gazeta.pl", "op.pl",
]  # fmt: skip
TLDS = ["ru"] * 4 + ["pl"] * 4 + ["com"] * 4 + ["com.pl", "de", "co.uk", "net", "eu", "org"]
WORDS = [
    "alfa", "beta", "stroy", "tech", "soft", "trade", "group", "prom", "servis", "logistik",
    "invest", "baltic", "polska", "nord", "energo", "agro", "med", "consult", "systems", "data",
    "media", "design", "build", "auto", "metal", "plast",
]  # fmt: skip
TYPOS = ["gmial.com", "gmail.con", "yandex.ry", "mail.ri", "wp.lp", "hotmial.com", "gmai.com"]


def company_domain(rng: random.Random) -> str:
    """A plausible company domain, e.g. ``nord-stroy.ru`` or ``alfatrade7.com.pl``."""
    joiner = rng.choice(["", "-", ""])
    name = joiner.join(rng.sample(WORDS, rng.choice([1, 2, 2])))
    return f"{name}{rng.choice(['', '', str(rng.randint(1, 99))])}.{rng.choice(TLDS)}"


def local_part(rng: random.Random) -> str:
    """A person's or a role mailbox, in the usual spellings."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    pattern = rng.random()
    if pattern < 0.05:
        return rng.choice(["info", "sales", "biuro", "office", "kontakt", "priemnaya"])
    if pattern < 0.06:
        return rng.choice(["иван", "ольга", "пётр.иванов"])
    form = rng.choice(
        ["{f}.{l}", "{f0}.{l}", "{f}{l}", "{f}_{l}", "{l}.{f}", "{f}{n}", "{f}.{l}{n}"]
    )
    local = form.format(f=first, l=last, f0=first[0], n=rng.randint(1, 9999))
    return local.capitalize() if rng.random() < 0.1 else local


def broken(rng: random.Random, address: str) -> str:
    """A damaged cell as exports have them."""
    local, domain = address.split("@")
    return rng.choice(
        [
            f"{local}@{rng.choice(TYPOS)}",
            f"{local}{domain}",
            f"{local}..x@{domain}",
            f"{local}@{domain}.",
            f"{local} @ {domain}",
            f"{local.title()} <{address}>",
            f"{address}; {rng.choice(FIRST)}@{domain}",
            f"mailto:{address}",
            rng.choice(["n/a", "-", "нет", "brak"]),
            f"{local}@@{domain}",
        ]
    )


def make_values(rows: int, distinct_share: float, seed: int = 7) -> list[str | None]:
    """``rows`` cells, about ``distinct_share`` of them distinct, 5 % broken, 2 % missing."""
    rng = random.Random(seed)
    companies = [company_domain(rng) for _ in range(max(1, rows // 12))]
    distinct: dict[str, None] = {}
    while len(distinct) < int(rows * distinct_share):
        domain = rng.choice(FREE) if rng.random() < 0.4 else rng.choice(companies)
        address = f"{local_part(rng)}@{domain}"
        distinct[broken(rng, address) if rng.random() < 0.05 else address] = None
    pool: list[str | None] = list(distinct)
    values = pool + [rng.choice(pool) for _ in range(rows - len(pool))]
    rng.shuffle(values)
    return [None if rng.random() < 0.02 else v for v in values]


def timed(label: str, action: Callable[[], object]) -> float:
    """Run ``action`` once and print its wall time."""
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed:8.2f} s")
    return elapsed


def library_cost(values: list[str | None], sample: int = 50_000) -> float:
    """Seconds per call of email-validator alone, on distinct values."""
    picked = list(dict.fromkeys(v for v in values if v))[:sample]
    start = time.perf_counter()
    for value in picked:
        with contextlib.suppress(EmailNotValidError):
            validate_email(value, check_deliverability=False)
    return (time.perf_counter() - start) / len(picked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=float, default=0.7)
    args = parser.parse_args()
    values = make_values(args.rows, args.distinct)
    raw = pd.Series(values, dtype="str")
    n_distinct = raw.nunique(dropna=False)
    cleaned = email.clean_addresses(pd.Series(raw.unique(), dtype="str")).unique()
    fast, _ = email._validate_simple(pa.array(cleaned, pa.large_string()))
    per_call = library_cost(values)
    print(
        f"rows {len(raw):,}, distinct {n_distinct:,}, decided by the fast path "
        f"{fast.is_valid().to_numpy(zero_copy_only=False).sum() / len(cleaned):.1%}"
    )
    print(f"{'email-validator alone, per distinct value':<52} {per_call * 1e6:8.1f} µs")
    print(
        f"{'  -> pure-library estimate for the distinct values':<52} {per_call * n_distinct:8.2f} s"
    )
    result = normalize_emails(raw.head(1000))  # warm imports
    timed("normalize_emails, workers=1", lambda: normalize_emails(raw, workers=1))
    timed("normalize_emails, workers=2", lambda: normalize_emails(raw, workers=2))
    result = normalize_emails(raw)
    print(
        f"valid {result['email_valid'].mean():.1%}, free {result['email_free'].mean():.1%}, "
        f"role {result['email_role'].mean():.1%}, "
        f"suggestions {result['email_suggestion'].notna().sum():,}"
    )


if __name__ == "__main__":
    main()
