"""The shipped default rules, specified case by case in tests/rules_cases/default.yaml."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

import leadq
from leadq.api import ScoreOptions

CASES_FILE = Path(__file__).resolve().parent / "rules_cases" / "default.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
AS_OF = datetime.date(2026, 11, 25)
EXACT = ("stage", "grade", "disqualified_by")


def csv_of(rows: list[dict[str, str]]) -> str:
    """The rows as CSV text, with the union of their keys as the header."""
    headers = list(dict.fromkeys(header for row in rows for header in row))
    data = io.StringIO()
    writer = csv.DictWriter(data, fieldnames=headers)
    writer.writeheader()
    writer.writerows(rows)
    return data.getvalue()


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """Every case as one row of one export, scored once; indexed by case position.

    The cases' ``activities`` rows (keyed by the lead's e-mail) make one --activities log.
    """
    log = tmp_path_factory.mktemp("activities") / "activities.csv"
    log.write_text(csv_of([row for case in CASES for row in case.get("activities", [])]))
    result = leadq.score(
        ["-"],
        ScoreOptions(as_of=AS_OF, workers=1, activities=(log,)),
        stdin=io.BytesIO(csv_of([case["lead"] for case in CASES]).encode()),
    )
    return result.table.set_index(result.table["source_row"] - 2)


def fired_rules(reasons: str) -> set[str]:
    """Rule ids named in a reasons text ("fit: mid_market +15; ...")."""
    return {part.split(": ")[-1].split(" ")[0] for part in reasons.split("; ") if part}


@pytest.mark.parametrize("position", range(len(CASES)), ids=[case["case"] for case in CASES])
def test_default_rules_case(scored: pd.DataFrame, position: int) -> None:
    lead, expect = scored.loc[position], CASES[position]["expect"]
    fired = fired_rules(lead["reasons"]) | set(lead["disqualified_by"].split("; "))
    for key in EXACT:
        if key in expect:
            assert lead[key] == expect[key], key
    assert set(expect.get("fired", [])) <= fired
    assert not set(expect.get("not_fired", [])) & fired
    for key, value in expect.items():
        if key.startswith("score") or key == "quality":
            assert lead[key] == value, key
