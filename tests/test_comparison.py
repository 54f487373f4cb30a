"""`leadq compare`: finds exactly the planted differences between two rule files."""

from __future__ import annotations

import csv
import datetime
import json
import re
from pathlib import Path

import pytest

import leadq
from leadq.api import ScoreOptions
from leadq.cli import main
from leadq.comparison import RuleChange, Transition, compare
from leadq.outcome import Target
from leadq.routing.queues import queue_column, queue_membership
from leadq.routing.run import RouteOptions

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


# Queues: two rule files differing only in the enterprise queue's condition (250 -> 500
# employees). Same points, stages and grades; the leads of 300 and 260 employees move from
# enterprise to mid. The disqualified lead (no company, 400 employees) is in no queue in both.
QUEUED_OLD = """
version: 1
disqualify:
  - id: no_company
    when: {field: company, missing: true}
score:
  fit:
    - id: big
      when: {field: employees, at_least: 100}
      points: 20
grades:
  - {grade: A, at_least: 20}
  - {grade: C}
stages:
  mql: {when: {field: score, at_least: 20}}
queues:
  - id: enterprise
    when: {field: employees, at_least: 250}
    assign: {strategy: round_robin, reps: [anna, piotr]}
  - id: mid
    when: {field: employees, at_least: 100}
  - id: rest
    fallback: true
reps: [anna, piotr]
"""
QUEUED_NEW = QUEUED_OLD.replace("at_least: 250", "at_least: 500")
QUEUED_LEADS = """\
Company,Employees
Acme,1000
Beta,300
Gamma,260
Delta,120
Eps,5
,400
"""


@pytest.fixture
def queued(write_file):
    return (
        write_file("queued-old.yaml", QUEUED_OLD),
        write_file("queued-new.yaml", QUEUED_NEW),
        write_file("queued.csv", QUEUED_LEADS),
    )


def test_a_changed_queue_condition_moves_exactly_the_leads_it_should(queued, options):
    old, new, leads = queued
    result = compare(old, new, [leads], options)
    assert result.changed == {"stage": 0, "grade": 0, "queue": 2, "score": 0, "any": 2}
    assert result.transitions == [Transition("queue", "enterprise", "mid", 2)]
    assert result.rules == [
        RuleChange("queues", "enterprise", "condition changed", leads=2, points=0),
        RuleChange("queues", "mid", "fires differently", leads=2, points=0),
    ]
    moved = result.changed_leads
    assert moved["source_row"].tolist() == [3, 4]  # Beta and Gamma
    assert moved[["queue_old", "queue_new"]].astype(str).values.tolist() == [
        ["enterprise", "mid"],
        ["enterprise", "mid"],
    ]
    assert moved["rules_changed"].tolist() == ["queue:enterprise; queue:mid"] * 2


def test_rules_without_queues_against_rules_with_them(queued, write_file, options):
    _, new, leads = queued
    plain = write_file("plain.yaml", QUEUED_OLD.split("queues:")[0])
    result = compare(plain, new, [leads], options)
    assert result.changed["queue"] == 5  # every lead but the disqualified one joins a queue
    assert [(t.old, t.new, t.leads) for t in result.transitions] == [
        ("(none)", "mid", 3),
        ("(none)", "enterprise", 1),
        ("(none)", "rest", 1),
    ]
    assert [(rule.rule_id, rule.change, rule.leads) for rule in result.rules] == [
        ("enterprise", "added", 1),
        ("mid", "added", 3),
        ("rest", "added", 1),
    ]


def test_queue_changes_in_the_table_json_and_csv_without_routing_state(
    queued, tmp_path, monkeypatch, capsys
):
    old, new, leads = queued
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)  # where a routing run would write leadq-routing-state.json
    changed = here / "changed.csv"
    args = ["compare", str(old), str(new), str(leads), "--as-of", "2026-11-25"]
    assert main([*args, "--changed", str(changed)]) == 0
    out = capsys.readouterr().out
    assert "2 of 6 leads change (0 stage, 0 grade, 2 queue, 0 score)" in out
    assert re.search(r"queue\s+enterprise\s+mid\s+2", out)
    assert re.search(r"queues\s+enterprise\s+condition changed\s+2", out)
    rows = list(csv.DictReader(changed.open(encoding="utf-8")))
    assert [(r["source_row"], r["queue_old"], r["queue_new"]) for r in rows] == [
        ("3", "enterprise", "mid"),
        ("4", "enterprise", "mid"),
    ]
    assert main([*args, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["changed"]["queue"] == 2
    assert payload["transitions"] == [
        {"column": "queue", "old": "enterprise", "new": "mid", "leads": 2}
    ]
    assert [(m["source_row"], m["queue_old"], m["queue_new"]) for m in payload["movers"]] == [
        (3, "enterprise", "mid"),
        (4, "enterprise", "mid"),
    ]
    assert [path.name for path in here.iterdir()] == ["changed.csv"]  # no routing state


def test_with_match_all_a_lead_s_queues_are_compared_together(queued, write_file, options):
    _, _, leads = queued
    every = "routing: {match: all}\nqueues:"
    old = write_file("all-old.yaml", QUEUED_OLD.replace("queues:", every))
    new = write_file("all-new.yaml", QUEUED_NEW.replace("queues:", every))
    result = compare(old, new, [leads], options)
    # Beta and Gamma were in enterprise and mid, now in mid only; Acme stays in both.
    assert result.transitions == [Transition("queue", "enterprise; mid", "mid", 2)]
    assert result.changed_leads["source_row"].tolist() == [3, 4]
    assert [(rule.rule_id, rule.change, rule.leads) for rule in result.rules] == [
        ("enterprise", "condition changed", 2)
    ]


def test_the_queue_compared_is_the_queue_routing_writes(tmp_path):
    """Queue choice is routing's own (queue_membership), without its reps and state."""
    root = Path(__file__).resolve().parent.parent
    route = RouteOptions(state=tmp_path / "state.json", roster=root / "examples" / "roster.csv")
    rules = root / "rules" / "routing-example.yaml"
    options = ScoreOptions(rules=rules, as_of=datetime.date(2026, 11, 25), route=route)
    routed = leadq.score([root / "examples" / "leads.csv"], options)
    chosen = queue_column(*queue_membership(routed.table, routed.context), routed.table.index)
    assert chosen.astype("str").tolist() == routed.table["queue"].astype("str").tolist()
    qualified = routed.table["stage"] != "disqualified"
    assert chosen.notna().tolist() == qualified.tolist() and chosen.nunique() == 3
