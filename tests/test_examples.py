"""Golden outputs: scoring the shipped examples with the default rules gives exactly the files in
tests/golden/. After an intended change, regenerate them with
``pytest tests/test_examples.py --update-golden`` and review the diff."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import leadq
from leadq.api import ScoreOptions
from leadq.write import OutputFormat, write_table

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = datetime.date(2026, 11, 25)
EXAMPLES = ["leads.csv", "leads_ru.csv", "leads_pl.xlsx"]


def scored_csv(example: str, tmp_path: Path) -> bytes:
    result = leadq.score([ROOT / "examples" / example], ScoreOptions(as_of=AS_OF, workers=1))
    result.table["source_file"] = example  # independent of where the checkout lives
    path = tmp_path / "out.csv"
    write_table(result.table, path, OutputFormat.CSV)
    return path.read_bytes()


@pytest.mark.parametrize("example", EXAMPLES)
def test_examples_score_to_the_golden_files(example, tmp_path, update_golden):
    golden = GOLDEN / f"{Path(example).stem}.scored.csv"
    produced = scored_csv(example, tmp_path)
    if update_golden:
        golden.write_bytes(produced)
    assert produced == golden.read_bytes(), (
        f"{golden.name} differs: run with --update-golden and review the diff"
    )


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_row_is_scored_once(example):
    result = leadq.score([ROOT / "examples" / example], ScoreOptions(as_of=AS_OF, workers=1))
    rows = result.table["source_row"]
    assert rows.is_unique and len(rows) in (300, 400)
    assert set(result.table["stage"]) == {"sql", "mql", "nurture", "disqualified"}


def test_the_broken_web_form_tops_bad_data_by_source():
    result = leadq.score([ROOT / "examples" / "leads.csv"], ScoreOptions(as_of=AS_OF, workers=1))
    assert result.summary.bad_data_by_source.iloc[0]["source"] == "landing_promo"
