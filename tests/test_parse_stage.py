"""The BANT stage in the pipeline, and the ``currency_rates:`` section of a rule file."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadq.context import RunSettings
from leadq.parse import parse_bant
from leadq.pipeline import build_context
from leadq.ruleset import check_rules, load_rules
from leadq.schema import BANT_COLUMNS

AS_OF = datetime.date(2026, 11, 25)
DEFAULT_RULES = load_rules()
HEADERS = [
    "Budget", "Timeline", "Job Title", "Decision Maker", "Need", "Solution Fit", "Trust",
    "Employees",
]  # fmt: skip


def run_stage(table: pd.DataFrame, rules=DEFAULT_RULES) -> pd.DataFrame:
    context = build_context(table, rules, RunSettings(as_of=AS_OF))
    return parse_bant(table, context)


def test_stage_adds_every_bant_column_and_keeps_the_inputs():
    table = pd.DataFrame(
        {
            "Budget": ["50k EUR", "нет", None],
            "Timeline": ["Q1 2027", "срочно", None],
            "Job Title": ["CEO", "Kierownik projektu", None],
            "Decision Maker": ["нет", "tak", None],
            "Need": ["нужна CRM", "no", None],
            "Solution Fit": ["да", "nie wiem", None],
            "Trust": ["yes", "нет", None],
            "Employees": ["50-200", "до 50", None],
        },
        dtype="str",
    )
    result = run_stage(table)
    assert list(result.columns) == [*HEADERS, *BANT_COLUMNS]
    pd.testing.assert_frame_equal(result[HEADERS], table)
    first, second, empty = (result.iloc[i] for i in range(3))
    assert first["budget_amount"] == 5_000_000 and first["budget_currency"] == "EUR"
    assert str(first["timeline_date"].date()) == "2027-03-31"
    assert first["timeline_bucket"] == "this_year" and second["timeline_bucket"] == "now"
    assert first["authority_level"] == "owner_c_level" and second["authority_level"] == "manager"
    assert (first["decision_maker"], second["decision_maker"]) == (False, True)
    assert (first["need_confirmed"], second["need_confirmed"]) == (True, False)
    assert first["solution_confirmed"] and pd.isna(second["solution_confirmed"])
    assert first["trust_confirmed"] and not second["trust_confirmed"]
    assert (first["employees_min"], first["employees_max"]) == (50, 200)
    assert pd.isna(second["employees_min"]) and second["employees_max"] == 50
    assert pd.isna(second["budget_amount"])  # "нет" is a placeholder for the budget
    assert empty[list(BANT_COLUMNS)].isna().all()


def test_an_export_without_bant_columns_gets_them_empty():
    table = pd.DataFrame({"Email": ["a@b.pl", "c@d.pl"]}, dtype="str")
    result = run_stage(table)
    assert len(result) == 2 and result[list(BANT_COLUMNS)].isna().all().all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.text(max_size=40)), min_size=8, max_size=8),
        max_size=30,
    )
)
def test_rows_in_equal_rows_out_on_arbitrary_text(rows):
    table = pd.DataFrame(rows, columns=HEADERS, dtype="str")
    result = run_stage(table)
    assert len(result) == len(table)
    assert result.index.equals(table.index)
    pd.testing.assert_frame_equal(result[HEADERS], table)


# ---- currency_rates: in the rule file


def rules_file(write_file, text: str):
    return write_file("rules.yaml", text)


def test_rates_convert_into_the_rule_sets_currency(write_file):
    path = rules_file(
        write_file,
        """
        version: 1
        defaults: {currency: PLN}
        currency_rates: {EUR: 4.3, usd: 3.7}
        """,
    )
    rules = load_rules(path)
    assert dict(rules.currency_rates) == {"EUR": 4.3, "USD": 3.7, "PLN": 1.0}
    table = pd.DataFrame({"Budget": ["10k EUR", "200 tys. zł", "5 000 SEK"]}, dtype="str")
    result = run_stage(table, rules)
    assert result["budget_amount"].tolist()[:2] == [43_000, 200_000]
    assert pd.isna(result["budget_amount"].iloc[2])
    assert result["budget_currency"].tolist() == ["EUR", "PLN", "SEK"]


def test_an_extending_file_with_another_currency_converts_through_the_inherited_rates(
    write_file,
):
    path = rules_file(write_file, "version: 1\nextend: default\ndefaults: {currency: PLN}\n")
    rates = load_rules(path).currency_rates
    assert rates["PLN"] == 1.0 and rates["RUB"] == pytest.approx(1 / 23)
    assert rates["EUR"] == pytest.approx(100 / 23)


def test_an_extending_file_may_give_its_own_rates(write_file):
    path = rules_file(
        write_file,
        "version: 1\nextend: default\ndefaults: {currency: EUR}\ncurrency_rates: {USD: 0.9}\n",
    )
    assert dict(load_rules(path).currency_rates) == {"USD": 0.9, "EUR": 1.0}


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            "currency_rates: {EUR: 100, EUX: 3}",
            "rules.yaml:3:28: currency_rates.EUX: unknown currency code 'EUX'; did you mean",
        ),
        (
            "currency_rates: {EUR: -1}",
            "rules.yaml:3:23: currency_rates.EUR: needs a positive number: what one EUR is "
            "worth in RUB; found '-1'",
        ),
        (
            "currency_rates: {EUR: lots}",
            "rules.yaml:3:23: currency_rates.EUR: needs a positive number: what one EUR is "
            "worth in RUB; found 'lots'",
        ),
        (
            "currency_rates: {RUB: 2}",
            "rules.yaml:3:17: currency_rates.RUB: RUB is the currency these rates are in: "
            "leave it out or give 1",
        ),
        (
            "currency_rates: [EUR, 100]",
            "rules.yaml:3:17: currency_rates: needs a mapping such as {EUR: 100}; found a list",
        ),
    ],
)
def test_rate_mistakes_are_reported_with_their_place(write_file, section, message):
    path = rules_file(write_file, f"version: 1\ndefaults: {{currency: RUB}}\n{section}\n")
    problems = [str(problem).replace(f"{path.parent}/", "") for problem in check_rules(path)]
    assert len(problems) == 1 and problems[0].startswith(message), problems


def test_rates_that_cannot_reach_the_new_currency_are_reported(write_file):
    path = rules_file(write_file, "version: 1\nextend: default\ndefaults: {currency: SEK}\n")
    (problem,) = check_rules(path)
    assert problem.path == "currency_rates"
    assert problem.message == (
        "these rates are in RUB but the rule set's currency is SEK: add SEK's rate in RUB, "
        "or give the rates in SEK"
    )
