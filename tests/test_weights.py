"""Match weights (``dedupe: weights:``): bands, estimation from the batch, the decision."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

import leadq
from leadq.api import ScoreOptions
from leadq.match.weights import MISSING, band_of
from leadq.ruleset import check_rules

WEIGHTS_ONLY = """
    version: 1
    extend: default
    dedupe:
      weights: {threshold: 0.99}
      rules:
        - {id: same_email, enabled: false}
        - {id: same_phone, enabled: false}
        - {id: same_person_at_company, enabled: false}
"""
FIRST = ["Anna", "Jan", "Piotr", "Ewa", "Marek", "Olga", "Igor", "Zofia", "Adam", "Maria"]
LAST = ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński"]


@pytest.mark.parametrize(
    ("similarity", "band"),
    [(1.0, 0), (0.95, 1), (0.92, 1), (0.85, 2), (0.8, 2), (0.79, 3), (0.0, 3), (np.nan, MISSING)],
)
def test_a_similarity_falls_in_the_first_band_it_reaches(similarity, band):
    assert band_of(np.array([similarity]), (1.0, 0.92, 0.8))[0] == band


def people(count: int, seed: int = 1) -> list[list[str]]:
    """Distinct people at distinct companies; every fifth comes twice, the copy with a typo
    in the name, another phone format and its e-mail in capitals."""
    rng = np.random.default_rng(seed)
    rows = []
    for number in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first}.{last}{number}@firma{number}.pl".lower()
        phone = f"+48 601 {number:03d} {number % 97:03d}"
        company = f"Firma {number} Sp. z o.o."
        row = [f"L{number}", f"{first} {last}", email, phone, company, "Gdańsk"]
        rows.append(row)
        if number % 5 == 0:
            copy = [f"L{number}b", f"{first} {last[:-1]}a", row[2].upper(),
                    row[3].replace(" ", ""), f"FIRMA {number}", ""]  # fmt: skip
            rows.append(copy)
    return rows


def dedupe_weighted(write_file, rows: list[list[str]], rules: str = WEIGHTS_ONLY):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["ID", "Name", "Email", "Phone", "Company", "City"], *rows])
    path = write_file("people.csv", buffer.getvalue())
    options = ScoreOptions(rules=write_file("rules.yaml", rules), workers=1)
    return leadq.dedupe([path], options).table.set_index("lead_id")


def test_weights_learnt_from_the_batch_find_the_copies_and_nothing_else(write_file):
    table = dedupe_weighted(write_file, people(300))

    copies = [f"L{n}b" for n in range(0, 300, 5)]
    assert (table.loc[copies, "duplicate_of"].tolist()) == [f"L{n}" for n in range(0, 300, 5)]
    assert (table.loc[copies, "match_reason"] == "weights").all()
    assert table["cluster_id"].nunique() == 300


def test_the_weights_are_the_same_on_every_run(write_file):
    first = dedupe_weighted(write_file, people(200))
    second = dedupe_weighted(write_file, people(200))

    assert first.equals(second)


def test_weights_add_to_the_rules_a_pair_no_rule_matches(write_file):
    rules = WEIGHTS_ONLY.replace("        - {id: same_email, enabled: false}\n", "")
    table = dedupe_weighted(write_file, people(100), rules)

    # The copies share the mailbox (case folded): same_email matches them before the weights.
    assert (table.loc[[f"L{n}b" for n in range(0, 100, 5)], "match_reason"] == "same_email").all()


@pytest.mark.parametrize(
    ("weights", "where", "message"),
    [
        ("{levels: [1, 0.9]}", ":4:12: dedupe.weights:", "needs 'threshold:'"),
        ("{threshold: 2}", ":4:24: dedupe.weights.threshold:", "needs a number from 0 to 1"),
        (
            "{threshold: 0.9, levels: [0.8, 0.9]}",
            ":4:37: dedupe.weights.levels:",
            "needs similarities from 1 down to 0, highest first",
        ),
        (
            "{threshold: 0.9, fields: [emial]}",
            ":4:38: dedupe.weights.fields[0]:",
            "unknown compared field 'emial'; did you mean 'email'?",
        ),
    ],
)
def test_a_bad_weights_section_is_reported_at_file_line_column(write_file, weights, where, message):
    text = f"version: 1\nextend: default\ndedupe:\n  weights: {weights}\n"
    problems = [str(problem) for problem in check_rules(write_file("rules.yaml", text))]
    assert len(problems) == 1, problems
    assert where in problems[0] and message in problems[0], problems
