"""`leadq evaluate`: metrics of a rule file on past leads, checked by hand on ten leads."""

from __future__ import annotations

import datetime
import json

import pandas as pd
import pytest

from leadq.api import ScoreOptions
from leadq.cli import main
from leadq.errors import InputError
from leadq.evaluation import evaluate, roc_auc
from leadq.outcome import Target, read_outcome

# Ten leads with a known outcome and one without (the last). Under the `size_rules` fixture
# (conftest.py) they score 20 (A, mql) for the first three, 10 (B, mql) for the next three, 0 (C,
# nurture) for the rest; the queue keeps file order within a score.
HISTORY = """\
Email,Employees,Converted,Status
a1@acme-corp.pl,500,yes,Won
a2@acme-corp.pl,200,yes,Won
a3@acme-corp.pl,150,no,Lost
b1@acme-corp.pl,50,yes,Won
b2@acme-corp.pl,40,no,Lost
b3@acme-corp.pl,20,no,Lost
c1@acme-corp.pl,5,yes,Won
c2@acme-corp.pl,5,no,Lost
c3@acme-corp.pl,3,no,Lost
c4@acme-corp.pl,,no,Lost
u1@acme-corp.pl,500,,Open
"""


@pytest.fixture
def history(write_file, size_rules):
    write_file("rules.yaml", size_rules)
    return write_file("history.csv", HISTORY)


@pytest.fixture
def options(history):
    return ScoreOptions(rules=history.parent / "rules.yaml", as_of=datetime.date(2026, 11, 25))


def test_headline_and_auc_are_the_hand_computed_ones(history, options):
    result = evaluate(history, Target("Converted"), options, min_support=1)
    # 10 known leads, 4 converted: base rate 0.4. AUC over 4 x 6 = 24 pairs (ties count half):
    # each converted 20 beats the 10s and 0s (5) and ties the lost 20 (0.5): 2 x 5.5 = 11;
    # the converted 10 ties two 10s (1) and beats three 0s (3): 4; the converted 0 ties three
    # 0s: 1.5. (11 + 4 + 1.5) / 24 = 0.6875.
    assert (result.leads, result.known, result.converted) == (11, 10, 4)
    assert result.base_rate == pytest.approx(0.4)
    assert result.auc == pytest.approx(0.6875)


def test_deciles_and_top_of_queue(history, options):
    result = evaluate(history, Target("Converted"), options, min_support=1)
    # One lead per decile, in queue order: converted 1,1,0,1,0,0,1,0,0,0.
    assert [bucket.converted for bucket in result.deciles] == [1, 1, 0, 1, 0, 0, 1, 0, 0, 0]
    assert [bucket.lift for bucket in result.deciles[:3]] == pytest.approx([2.5, 2.5, 0.0])
    assert [bucket.captured for bucket in result.deciles[:4]] == pytest.approx(
        [0.25, 0.5, 0.5, 0.75]
    )
    # Top 10 % = ceil(1) lead, top 20 % = 2 leads: both converted.
    top = [(bucket.label, bucket.leads, bucket.converted, bucket.rate) for bucket in result.top]
    assert top == [("top 10%", 1, 1, 1.0), ("top 20%", 2, 2, 1.0)]


def test_grades_and_stages_with_calibration(history, options):
    result = evaluate(history, Target("Converted"), options, min_support=1)
    grades = [(b.label, b.leads, b.converted) for b in result.grades]
    assert grades == [("A", 3, 2), ("B", 3, 1), ("C", 4, 1)]
    assert [b.rate for b in result.grades] == pytest.approx([2 / 3, 1 / 3, 1 / 4])
    assert result.grade_inversions == []  # A 67 % > B 33 % > C 25 %
    assert [(b.label, b.leads, b.converted) for b in result.stages] == [
        ("mql", 6, 3),
        ("nurture", 4, 1),
    ]


def test_per_rule_statistics_flag_the_backwards_rule(history, options):
    result = evaluate(history, Target("Converted"), options, min_support=1)
    big, mid = result.rules
    # big fires on the three 20s (2 converted) vs 2 of the other 7; lift (2/3) / 0.4.
    assert (big.rule_id, big.fires, big.verdict) == ("big", 3, "works")
    assert (big.rate_when_fires, big.rate_when_not) == pytest.approx((2 / 3, 2 / 7))
    assert big.lift == pytest.approx(5 / 3)
    # mid gives +10 to leads that convert 1 in 3, while the others convert 3 in 7.
    assert (mid.rule_id, mid.fires, mid.verdict) == ("mid", 3, "backwards")
    assert (mid.rate_when_fires, mid.rate_when_not) == pytest.approx((1 / 3, 3 / 7))


def test_too_few_leads_are_not_judged(history, options):
    result = evaluate(history, Target("Converted"), options)  # default: at least 20 each side
    assert {rule.verdict for rule in result.rules} == {"too few to judge"}


def test_an_inverted_grade_is_named(write_file, options):
    path = write_file(
        "history.csv", HISTORY.replace("c2@acme-corp.pl,5,no", "c2@acme-corp.pl,5,yes")
    )
    result = evaluate(path, Target("Converted"), options, min_support=1)
    # C now converts 2 in 4 (50 %), more than B's 1 in 3.
    assert result.grade_inversions == ["C converts more than B (50.0% vs 33.3%)"]


@pytest.mark.parametrize(
    ("values", "target", "expected"),
    [
        (
            ["yes", "No", "да", "nie", "", "n/a"],
            Target("out"),
            [True, False, True, False, None, None],
        ),
        (["Won", "lost", "Open", ""], Target("out", ("won",)), [True, False, False, None]),
        (["Won", "lost", "Open"], Target("out", ("Won",), ("Lost",)), [True, False, None]),
    ],
)
def test_outcomes_from_yes_no_or_a_status_mapping(values, target, expected):
    table = pd.DataFrame({"Out": pd.array(values, dtype="str")})
    outcome = read_outcome(table, target, frozenset({"", "n/a"}), "history.csv")
    assert [None if pd.isna(v) else bool(v) for v in outcome] == expected


def test_a_status_column_without_a_mapping_is_refused_with_a_hint():
    table = pd.DataFrame({"Status": pd.array(["Won", "Lost"], dtype="str")})
    with pytest.raises(InputError) as raised:
        read_outcome(table, Target("Status"), frozenset(), "history.csv")
    assert str(raised.value) == (
        "history.csv: --target 'Status' holds values that are not yes/no ('Won', 'Lost'); "
        "name the values that mean converted with --positive"
    )


def test_roc_auc_is_none_with_one_class_only():
    assert roc_auc(pd.Series([1.0, 2.0]).to_numpy(), pd.Series([True, True]).to_numpy()) is None


def test_cli_json_and_status_mapping(history, capsys):
    rules = history.parent / "rules.yaml"
    args = ["evaluate", history, "-t", "Status", "--positive", "Won", "--negative", "Lost"]
    code = main([str(arg) for arg in [*args, "-r", rules, "--as-of", "2026-11-25", "--json"]])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (payload["known"], payload["converted"], payload["auc"]) == (10, 4, 0.6875)
    assert payload["rules"][1]["rule_id"] == "mid"


def test_cli_table_and_a_misspelt_target(history, capsys):
    rules = str(history.parent / "rules.yaml")
    assert main(["evaluate", str(history), "-t", "Converted", "-r", rules]) == 0
    out = capsys.readouterr().out
    assert "10 leads with a known outcome (1 unknown, left out): 4 converted (40.0%)" in out
    assert "ROC AUC of the queue 0.69" in out
    assert main(["evaluate", str(history), "-t", "Convertd", "-r", rules]) == 2
    assert capsys.readouterr().err == (
        f"leadq: error: {history}: --target 'Convertd': no such column; did you mean 'Converted'?\n"
    )
