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
EXACT = ("stage", "grade", "disqualified_by", "intent", "junk", "junk_kind")


@pytest.fixture(scope="module")
def scored() -> pd.DataFrame:
    """Every case as one row of one export, scored once; indexed by case position."""
    headers = list(dict.fromkeys(header for case in CASES for header in case["lead"]))
    data = io.StringIO()
    writer = csv.DictWriter(data, fieldnames=headers)
    writer.writeheader()
    writer.writerows(case["lead"] for case in CASES)
    result = leadq.score(
        ["-"], ScoreOptions(as_of=AS_OF, workers=1), stdin=io.BytesIO(data.getvalue().encode())
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
