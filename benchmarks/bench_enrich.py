"""Enrichment stage speed on the generated exports: phone descriptions, tax ids, registry join.

Run: ``python benchmarks/bench_enrich.py [FILE] [repeats]`` (default FILE:
``benchmarks/data/leads_1000000.csv``, made by ``generate_leads.py --seed 7``). Prints figures;
asserts nothing. The generated exports have no tax id or website column, so one is added in
memory: a tax id for 60% of rows, drawn per company (an INN for Russian leads, a NIP for Polish
ones, one in ten with a wrong check digit), and a registry of one record per distinct company
(half by tax id, half by name), as a SPARK or REGON export would give. The machine may be
shared: each timing is repeated and the median quoted.
"""

from __future__ import annotations

import datetime
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from stdnum.pl import nip
from stdnum.ru import inn

from leadq.context import RunSettings
from leadq.enrich import Registry, enrich_leads
from leadq.enrich.phones import describe_numbers, describe_phones
from leadq.enrich.tax_ids import read_tax_ids
from leadq.load import read_leads
from leadq.normalize import normalize_leads
from leadq.pipeline import build_context
from leadq.ruleset import load_rules

DATA = Path(__file__).parent / "data"
MOMENT = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)


def company_tax_ids(company_keys: pd.Series, countries: pd.Series) -> pd.Series:
    """A tax id per company (same company, same id): INN or NIP by country, some invalid."""
    codes, companies = pd.factorize(company_keys)
    rng = np.random.default_rng(7)
    bases = rng.integers(100_000_000, 999_999_999, size=len(companies))
    polish = pd.Series(countries.to_numpy()).groupby(codes).first().reindex(range(len(companies)))
    ids = [
        _tax_id(str(base), country == "PL", broken=index % 10 == 0)
        for index, (base, country) in enumerate(zip(bases, polish, strict=True))
    ]
    per_row = pd.Series(np.array(ids, dtype=object)[np.where(codes < 0, 0, codes)], dtype="str")
    keep = (codes >= 0) & (rng.random(len(codes)) < 0.6)
    return per_row.where(keep)


def _tax_id(base: str, polish: bool, broken: bool) -> str:
    if polish:
        number = next((base + d for d in "0123456789" if nip.is_valid(base + d)), base + "0")
    else:
        number = base + inn.calc_company_check_digit(base)
    return number[:-1] + str((int(number[-1]) + 1) % 10) if broken else number


def registry_for(table: pd.DataFrame, tax_ids: pd.Series) -> Registry:
    """One record per distinct company: half keyed by tax id, half by company key."""
    firsts = table.assign(tax=tax_ids.to_numpy()).drop_duplicates("company_key")
    firsts = firsts[firsts["company_key"].notna()].reset_index(drop=True)
    by_tax = (np.arange(len(firsts)) % 2 == 0) & firsts["tax"].notna().to_numpy()
    keys = read_tax_ids(firsts["tax"], pd.Series(pd.NA, index=firsts.index, dtype="str"))
    records = pd.DataFrame(
        {
            "industry": "Manufacturing",
            "employees": pd.array(np.arange(len(firsts)) % 900 + 5, dtype="Float64"),
            "revenue": pd.array(np.arange(len(firsts)) * 1000.0, dtype="Float64"),
            "region": "Mazowieckie",
            "founded": pd.array(np.full(len(firsts), 2004.0), dtype="Float64"),
            "label": "registry.csv:" + pd.Series(np.arange(len(firsts)) + 2).astype("str"),
            "tax_id": keys["tax_id_normalized"].astype("str").where(by_tax),
            "domain": pd.Series(pd.NA, index=firsts.index, dtype="str"),
            "company": firsts["company_key"].where(~by_tax),
        }
    )
    return Registry(records)


def median_seconds(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA / "leads_1000000.csv"
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rules = load_rules()
    loaded = read_leads([source])
    settings = RunSettings(as_of=MOMENT.date(), workers=2, moment=MOMENT)
    context = build_context(loaded.table, rules, settings)
    normalized = normalize_leads(loaded.table, context)
    countries = normalized["phone_country"]
    tax_ids = company_tax_ids(normalized["company_key"], countries)
    with_ids = normalized.assign(**{"Tax ID": tax_ids.to_numpy()})
    print(f"{source.name}: {len(normalized):,} rows, {tax_ids.notna().sum():,} tax ids")

    numbers = normalized["phone_e164"].dropna().unique()
    sample = list(numbers[:20_000])
    start = time.perf_counter()
    describe_numbers(sample)
    per_number = (time.perf_counter() - start) / len(sample) * 1e6
    print(f"  phonenumbers one by one: {per_number:.1f} us/number; {len(numbers):,} distinct")
    phones = (normalized["phone_e164"], normalized["phone_type"], normalized["phone_country"])
    elapsed = median_seconds(lambda: describe_phones(*phones), repeats)
    print(f"  describe_phones (grouped): {elapsed:.2f} s median of {repeats}")

    as_generated = build_context(normalized, rules, settings)
    elapsed = median_seconds(lambda: enrich_leads(normalized, as_generated), repeats)
    print(f"  enrich_leads, the file as generated (no tax id): {elapsed:.2f} s median of {repeats}")
    pairs = pd.DataFrame({"id": tax_ids.to_numpy(), "country": countries.to_numpy()})
    print(f"  {len(pairs.dropna(subset=['id']).drop_duplicates()):,} distinct (tax id, country)")
    plain = build_context(with_ids, rules, settings)
    elapsed = median_seconds(lambda: enrich_leads(with_ids, plain), repeats)
    print(f"  enrich_leads, with tax ids, no registry: {elapsed:.2f} s median of {repeats}")
    registry = registry_for(normalized, tax_ids)
    joined = build_context(with_ids, rules, settings, registry=registry)
    result = enrich_leads(with_ids, joined)
    elapsed = median_seconds(lambda: enrich_leads(with_ids, joined), repeats)
    print(
        f"  enrich_leads, registry of {len(registry.records):,} records: {elapsed:.2f} s median "
        f"of {repeats}; {result['enriched_by'].notna().mean():.0%} of leads enriched, "
        f"{(result['tax_id_valid'] == False).sum():,} invalid tax ids"  # noqa: E712
    )


if __name__ == "__main__":
    main()
