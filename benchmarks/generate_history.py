"""Seeded generator of past leads with known outcomes, for `leadq evaluate`, `learn`, `compare`.

The leads are those of ``generate_leads.py`` (same columns and mess) plus:

- ``Plan``: the plan asked about, with case and spelling variants ("Enterprise", "enterprise ",
  "ENTERPRISE", "Enterprize") and placeholders ("Select", "-", empty);
- ``Meeting Date``: the planted **leaky** column, filled after contact: for about 90 % of the
  converted leads and 3 % of the others; a learner must refuse it;
- ``Converted`` (yes/no) and ``Status`` (Won, Lost, or Open for an undecided lead: ``Converted``
  is then empty).

The **planted signal**: conversion odds rise with company size (50-999 employees most, 1000+
somewhat), the Enterprise and Pro plans, webinar attendance and partner or LinkedIn sources;
trade-show imports convert less. Everything else is noise::

    python benchmarks/generate_history.py --rows 100000 --out benchmarks/data/history_100k.csv
    python benchmarks/generate_history.py --examples examples/

``--examples`` also writes ``customers.csv``: the won leads' firmographics, as a CRM export of
current customers would give them (for ``leadq learn --customers``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_leads import generate_leads, write_csv  # noqa: E402

EXAMPLE_ROWS = 2000
EXAMPLE_SEED = 5
INTERCEPT = -2.6
PLAN_VARIANTS = {
    "Enterprise": ("Enterprise", "enterprise ", "ENTERPRISE", "Enterprize"),
    "Pro": ("Pro", "pro", "PRO "),
    "Starter": ("Starter", "starter"),
}
PLAN_WEIGHT = {"Enterprise": 1.1, "Pro": 0.5, "Starter": 0.0}
PLACEHOLDERS = ("Select", "-", "")
SOURCE_WEIGHT = {"partner": 0.9, "linkedin": 0.4, "import_expo": -0.6}
CUSTOMER_COLUMNS = ["Company", "Country", "Employees", "Industry", "Source", "Plan"]
YES = frozenset({"yes", "да", "tak"})


def generate_history(rows: int, seed: int) -> pd.DataFrame:
    """``rows`` past leads with the planted signal, the leaky column and the outcome columns."""
    rng = np.random.default_rng(seed)
    leads = generate_leads(rows, seed, "en")
    plan, plan_weight = _plans(rows, rng)
    logit = (
        INTERCEPT
        + _size_weight(leads["Employees"])
        + plan_weight
        + 0.7 * leads["Webinar"].str.casefold().isin(YES).fillna(False).to_numpy(dtype=float)
        + leads["Source"].map(SOURCE_WEIGHT).fillna(0.0).to_numpy(dtype=float)
    )
    converted = rng.random(rows) < 1 / (1 + np.exp(-logit))
    undecided = rng.random(rows) < 0.05
    history = leads.assign(Plan=plan)
    history["Meeting Date"] = _meeting_dates(leads["Created"], converted, rng)
    history["Converted"] = np.where(undecided, "", np.where(converted, "yes", "no"))
    history["Status"] = np.where(undecided, "Open", np.where(converted, "Won", "Lost"))
    return history


def _size_weight(employees: pd.Series) -> np.ndarray:
    """Mid-market (50-999 employees) converts best, enterprise next, small firms least."""
    first = (
        employees.str.extract(r"(\d+)", expand=False)
        .astype("Float64")
        .to_numpy(dtype=float, na_value=np.nan)
    )
    weight = np.where((first >= 50) & (first < 1000), 1.3, 0.0)
    return np.where(first >= 1000, 0.7, weight)


def _plans(rows: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    names = np.array(["Enterprise", "Pro", "Starter", "none"])
    chosen = names[rng.choice(4, size=rows, p=[0.15, 0.25, 0.35, 0.25])]
    cells = np.empty(rows, dtype=object)
    for name, variants in PLAN_VARIANTS.items():
        where = chosen == name
        spelled = rng.choice(len(variants), size=int(where.sum()), p=_variant_shares(variants))
        cells[where] = np.array(variants, dtype=object)[spelled]
    missing = chosen == "none"
    cells[missing] = np.array(PLACEHOLDERS, dtype=object)[rng.integers(0, 3, int(missing.sum()))]
    weight = np.array([PLAN_WEIGHT.get(name, 0.0) for name in names])[
        np.searchsorted(names, chosen, sorter=np.argsort(names))
    ]
    return cells, np.asarray(weight, dtype=float)


def _variant_shares(variants: Sequence[str]) -> list[float]:
    """The first spelling is the usual one; the variants share the rest."""
    rest = len(variants) - 1
    return [0.7] + [0.3 / rest] * rest if rest else [1.0]


def _meeting_dates(
    created: pd.Series, converted: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A date some days after creation, for most converted leads and a few others."""
    filled = np.where(
        converted, rng.random(len(converted)) < 0.9, rng.random(len(converted)) < 0.03
    )
    day = pd.to_datetime(created.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    later = day + pd.to_timedelta(rng.integers(2, 30, len(converted)), unit="D")
    text = later.dt.strftime("%Y-%m-%d").fillna("2026-06-01").to_numpy(dtype=object)
    return np.where(filled, text, "")


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="number of leads")
    parser.add_argument("--seed", type=int, default=3, help="random seed (default 3)")
    parser.add_argument("--out", type=Path, help="output CSV file")
    parser.add_argument(
        "--examples", type=Path, metavar="FOLDER", help="write examples/history.csv"
    )
    args = parser.parse_args(argv)
    if args.out is None and args.examples is None:
        parser.error("give --out FILE or --examples FOLDER")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.examples is not None:
        history = generate_history(EXAMPLE_ROWS, EXAMPLE_SEED)
        write_csv(history, args.examples / "history.csv")
        write_csv(
            history.loc[history["Status"] == "Won", CUSTOMER_COLUMNS],
            args.examples / "customers.csv",
        )
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_csv(generate_history(args.rows, args.seed), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
