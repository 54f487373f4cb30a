"""`leadq compare`: finds exactly the planted differences between two rule files."""

from __future__ import annotations

import csv
import datetime
import json

import pytest

from leadq.api import ScoreOptions
from leadq.cli import main
from leadq.comparison import RuleChange, Transition, compare
from leadq.outcome import Target

OLD = """
version: 1
disqualify:
  - id: no_company
    when: {field: company, missing: true}
score:
  fit:
    - id: big
      when: {field: employees, at_least: 100}
      points: 20
    - id: mid
      when: {field: employees, between: [10, 99]}
      points: 10
    - id: webinar
      when: {field: webinar, is: true}
      points: 5
grades:
  - {grade: A, at_least: 20}
  - {grade: B, at_least: 10}
  - {grade: C}
stages:
  sql: {when: {field: score, at_least: 20}}
  mql: {when: {field: score, at_least: 10}}
"""

# Three planted differences: mid gives 20 instead of 10, webinar is gone, partner is new.
NEW = OLD.replace("points: 10", "points: 20").replace(
    "    - id: webinar\n      when: {field: webinar, is: true}\n      points: 5\n",
    "    - id: partner\n      when: {field: source, equals: partner}\n      points: 5\n",
)

# Old scores 20, 10, 5, 0, 10, 0; new 20, 20, 0, 5, 20, 0 (the fifth is disqualified in both).
LEADS = """\
Company,Employees,Webinar,Source,Converted
Acme,500,no,web,yes
Beta,50,no,web,yes
Gamma,5,yes,web,no
Delta,5,no,partner,yes
,50,no,web,no
Eps,5,no,web,no
"""


@pytest.fixture
def files(write_file):
    return write_file("old.yaml", OLD), write_file("new.yaml", NEW), write_file("leads.csv", LEADS)


@pytest.fixture
def options():
    return ScoreOptions(as_of=datetime.date(2026, 11, 25), workers=1)


def test_exactly_the_planted_rule_changes_are_found(files, options):
    old, new, leads = files
    result = compare(old, new, [leads], options)
    assert result.rules == [
        RuleChange("fit", "mid", "points +10 -> +20", leads=2, points=20),
        RuleChange("fit", "webinar", "removed", leads=1, points=-5),
        RuleChange("fit", "partner", "added", leads=1, points=5),
    ]


def test_changed_leads_transitions_and_score_shift(files, options):
    old, new, leads = files
    result = compare(old, new, [leads], options)
    assert result.changed == {"stage": 1, "grade": 2, "score": 4, "any": 4}
    assert result.transitions == [
        Transition("stage", "mql", "sql", 1),
        Transition("grade", "B", "A", 2),
    ]
    shift = result.shift
    assert (shift.old_mean, shift.new_mean) == pytest.approx((7.5, 65 / 6))
    assert (shift.raised, shift.lowered, shift.unchanged) == (3, 1, 2)


def test_movers_are_ordered_by_how_far_they_move_with_the_rules_that_moved_them(files, options):
    old, new, leads = files
    movers = compare(old, new, [leads], options).movers
    assert [(m["source_row"], m["score_change"], m["rules_changed"]) for m in movers] == [
        (3, 10, "mid"),
        (6, 10, "mid"),
        (4, -5, "webinar"),
        (5, 5, "partner"),
    ]
    assert (movers[0]["stage_old"], movers[0]["stage_new"]) == ("mql", "sql")


def test_with_a_target_both_rule_files_are_evaluated_side_by_side(files, options):
    old, new, leads = files
    result = compare(old, new, [leads], options, Target("Converted"))
    assert result.evaluations is not None
    before, after = result.evaluations
    # Old queue: Acme (sql 20), Beta (mql 10), Gamma (5), Delta and Eps (0), the disqualified
    # one last. Converted Acme and Beta beat all 3 others (6 of 9 pairs); Delta loses to
    # Gamma, ties Eps and beats the disqualified lead: 1.5. AUC 7.5 / 9. New: Delta (5) now
    # beats Gamma and Eps (0): 9 / 9.
    assert before.auc == pytest.approx(7.5 / 9)
    assert after.auc == pytest.approx(1.0)


def test_only_leads_that_change_go_to_the_csv(files, tmp_path, capsys):
    old, new, leads = files
    changed = tmp_path / "changed.csv"
    code = main(
        [
            "compare",
            str(old),
            str(new),
            str(leads),
            "--changed",
            str(changed),
            "--as-of",
            "2026-11-25",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    rows = list(csv.DictReader(changed.open(encoding="utf-8")))
    assert [(row["source_row"], row["score_old"], row["score_new"]) for row in rows] == [
        ("3", "10", "20"),
        ("6", "10", "20"),
        ("4", "5", "0"),
        ("5", "0", "5"),
    ]
    assert f"wrote 4 changed leads to {changed}" in captured.err
    assert "4 of 6 leads change (1 stage, 2 grade, 4 score)" in captured.out


def test_cli_json_and_the_default_rules_by_name(files, capsys):
    old, new, leads = files
    assert main(["compare", "default", str(new), str(leads), "--json", "-t", "Converted"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["leads"] == 6
    assert {"old", "new"} == set(payload["evaluations"])
    assert any(
        rule["change"] == "removed" and rule["rule_id"] == "no_contact" for rule in payload["rules"]
    )
