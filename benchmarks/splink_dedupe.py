"""Deduplicate a lead export with splink 5 (DuckDB backend), for comparison with `leadq dedupe`.

    python benchmarks/splink_dedupe.py IN.csv OUT.csv

writes ``lead_id,cluster_id`` for every row of IN.csv (English headers of generate_leads.py).
The whole job is timed from outside, so the cleaning below counts as splink's time.

Cleaning (pandas, once per distinct value where it is per-row Python), comparable to what leadq
does before matching:

* e-mail: trimmed, lower case, +tags removed, dots of gmail local parts removed; values that are
  not shaped like an address are missing;
* phone: the digits of the first number in the cell (before an extension word or a second
  number), keyed on its last 9 digits, which equal across +7 / 8 / no-prefix and +48 / 0048
  spellings; fewer than 9 digits or placeholder digits (000000000, 123456789) are missing;
* name: transliterated with anyascii, lower case, patronymics and initials dropped, words sorted;
* company: transliterated, lower case, legal forms removed (ООО, АО, LLC, Inc, Ltd, GmbH,
  Sp. z o.o., S.A., ... and their long spellings), punctuation and spaces removed, placeholders
  ("-", "нет", "n/a") missing;
* city: transliterated, lower case, letters only, a leading "g." removed.

Model: blocking on e-mail, phone, company + name initials (the keys leadq's default rules block
on; an earlier run with name + company, company + city and name + city as well was slower and no
more accurate: F1 0.822 at 100k, 0.291 at 1M); comparisons on
name (exact with term frequencies, Jaro-Winkler 0.92 / 0.88 / 0.7), e-mail (splink's
EmailComparison), phone (exact, term frequencies) and company (exact with term frequencies,
Jaro-Winkler 0.92 / 0.8). City is not compared: it follows from the company (splink's
documentation warns against highly correlated comparison columns; as a comparison it merged
colleagues). Training as splink's documentation recommends: λ from deterministic rules, u by
random sampling (1e7 pairs), m by expectation maximisation on blocks of e-mail, name + company and
name + phone (blocks that are mostly true matches, not colleagues). Pairs at match probability
0.9 or more are clustered (connected components).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from anyascii import anyascii

if TYPE_CHECKING:
    from splink import SettingsCreator

MATCH_PROBABILITY = 0.9
U_SAMPLE_PAIRS = 1e7
SEED = 7

LONG_LEGAL_FORMS: tuple[str, ...] = (
    "Общество с ограниченной ответственностью", "Акционерное общество", "Группа компаний",
    "Публичное акционерное общество", "Закрытое акционерное общество",
    "spółka z ograniczoną odpowiedzialnością", "Spółka Akcyjna", "Spółka Jawna",
    "Spółka Komandytowa", "GmbH & Co. KG", "GmbH & Co KG", "Sp. z o.o.", "Sp.z o.o.",
    "Sp. z o. o.", "Sp. k.", "sp.j.", "s.j.", "S.A.", "L.L.C.", "P.H.U.", "F.H.U.", "& Co",
)  # fmt: skip
SHORT_LEGAL_FORMS: tuple[str, ...] = (
    "ooo", "oao", "zao", "pao", "ao", "ip", "gk", "td", "llc", "inc", "incorporated", "corp",
    "corporation", "ltd", "limited", "plc", "gmbh", "ag", "kg", "sa", "spk", "spj", "sj", "pphu",
    "phu", "fhu", "jsc", "pjsc",
)  # fmt: skip
NO_COMPANY: frozenset[str] = frozenset(
    {"", "net", "brak", "none", "na", "test", "private", "privat", "keine", "chastnoelitso",
     "fizlitso", "neraboteu", "osobaprywatna", "prywatnie", "niedotyczy", "selfemployed"}
)  # fmt: skip
PATRONYMIC = re.compile(r"^\w{3,}(ovich|evich|ich|ovna|evna|ichna|inichna)$")
PLACEHOLDER_PHONES: frozenset[str] = frozenset({"000000000", "123456789", "111111111"})


def _words(text: str) -> str:
    """Transliterated, lower-case words separated by single spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).split())


def _legal_forms_pattern() -> re.Pattern[str]:
    long_forms = sorted({_words(f) for f in LONG_LEGAL_FORMS}, key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in [*long_forms, *SHORT_LEGAL_FORMS])
    return re.compile(rf"(?:^| )(?:{alternatives})(?= |$)")


LEGAL_FORMS = _legal_forms_pattern()


def name_key(name: str) -> str | None:
    """Sorted transliterated words of a person's name without patronymic and initials."""
    words = [w for w in _words(name).split() if len(w) > 1 and not PATRONYMIC.match(w)]
    return " ".join(sorted(words)) or None


def name_initials(name: str) -> str | None:
    """The first letter of every word of the name, sorted (leadq's ``name.initials``)."""
    return " ".join(sorted(word[0] for word in _words(name).split())) or None


def company_key(company: str) -> str | None:
    """Transliterated company name without legal form, letters and digits only."""
    words = LEGAL_FORMS.sub(" ", _words(company))
    words = LEGAL_FORMS.sub(" ", words)  # forms next to each other ("gmbh co kg")
    key = words.replace(" ", "")
    return None if key in NO_COMPANY else key


def city_key(city: str) -> str | None:
    """Transliterated city, letters only, without a leading "g." (город)."""
    key = re.sub(r"^g ", "", _words(city)).replace(" ", "")
    return key or None


def per_distinct(values: pd.Series, fn: Callable[[str], str | None]) -> pd.Series:
    """``fn`` applied once per distinct non-missing value of ``values``."""
    present = values.dropna()
    uniques = present.unique()
    mapping = dict(zip(uniques, map(fn, uniques), strict=True))
    return values.map(mapping).astype("str")


def email_keys(emails: pd.Series) -> pd.Series:
    """Lower-case addresses, +tags removed, gmail dots removed; non-addresses missing."""
    low = emails.str.strip().str.lower()
    low = low.where(low.str.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}"))
    local = low.str.extract(r"^([^@+]*)", expand=False)
    domain = low.str.extract(r"@(.*)$", expand=False)
    gmail = domain.isin(["gmail.com", "googlemail.com"])
    local = local.where(~gmail, local.str.replace(".", "", regex=False))
    domain = domain.where(~gmail, "gmail.com")
    return local + "@" + domain


def phone_keys(phones: pd.Series) -> pd.Series:
    """Last 9 digits of the first number in the cell; missing when shorter or a placeholder."""
    first = phones.str.split(r"[^\W\d_]| / |[,;]| -", n=1, regex=True).str[0]
    digits = first.str.replace(r"\D", "", regex=True)
    key = digits.str[-9:]
    return key.where((digits.str.len() >= 9) & ~key.isin(PLACEHOLDER_PHONES))


def clean(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns splink compares, one row per lead."""
    return pd.DataFrame(
        {
            "lead_id": frame["Lead ID"],
            "name_key": per_distinct(frame["Full Name"], name_key),
            "name_initials": per_distinct(frame["Full Name"], name_initials),
            "email_key": email_keys(frame["Email"]),
            "phone_key": phone_keys(frame["Phone"]),
            "company_key": per_distinct(frame["Company"], company_key),
            "city_key": per_distinct(frame["City"], city_key),
        }
    )


def settings() -> SettingsCreator:
    """The splink model: dedupe only, blocking rules and comparisons (see the module text)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="lead_id",
        blocking_rules_to_generate_predictions=[
            block_on("email_key"),
            block_on("phone_key"),
            block_on("company_key", "name_initials"),
        ],
        comparisons=[
            cl.NameComparison("name_key"),
            cl.EmailComparison("email_key"),
            cl.ExactMatch("phone_key").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("company_key", [0.92, 0.8]).configure(
                term_frequency_adjustments=True
            ),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def dedupe(cleaned: pd.DataFrame) -> pd.DataFrame:
    """``lead_id,cluster_id`` of every row: train, predict and cluster with splink."""
    from splink import DuckDBAPI, Linker, block_on

    db_api = DuckDBAPI()
    linker = Linker(db_api.register(cleaned), settings(), log_level=logging.WARNING)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("email_key"), block_on("phone_key", "name_key")], recall=0.8
    )
    training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
    training.estimate_parameters_using_expectation_maximisation(block_on("email_key"))
    training.estimate_parameters_using_expectation_maximisation(block_on("name_key", "company_key"))
    training.estimate_parameters_using_expectation_maximisation(block_on("name_key", "phone_key"))
    pairs = linker.inference.predict(threshold_match_probability=MATCH_PROBABILITY)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold_match_probability=MATCH_PROBABILITY
    )
    return clusters.as_pandas_dataframe()[["lead_id", "cluster_id"]]


def read_leads(path: Path) -> pd.DataFrame:
    """The columns of the export that the model uses, as text (missing = NA)."""
    columns = ["Lead ID", "Full Name", "Company", "Email", "Phone", "City"]
    table = pa_csv.read_csv(
        path,
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            include_columns=columns, column_types=dict.fromkeys(columns, pa.string())
        ),
    )
    return pd.DataFrame({c: pd.array(table.column(c), dtype="str") for c in columns})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="lead export (CSV, English headers)")
    parser.add_argument("out", type=Path, help="output CSV: lead_id,cluster_id")
    args = parser.parse_args(argv)
    result = dedupe(clean(read_leads(args.source)))
    result.to_csv(args.out, index=False)
    print(f"splink: {len(result)} rows, {result['cluster_id'].nunique()} clusters", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
