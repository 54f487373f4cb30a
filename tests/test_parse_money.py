"""Budgets as typed in RU, PL and EN -> min, max, currency, and the amount in the rule set's
currency."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from leadq.parse.money import convert_amounts, parse_budgets
from leadq.parse.per_value import parse_per_value

RATES = {"EUR": 100.0, "USD": 92.0, "PLN": 23.0, "GBP": 117.0}
NA = None


def budgets(*texts: str | None) -> pd.DataFrame:
    values = pd.Series(texts, dtype="str")
    parsed = parse_per_value(values, parse_budgets)
    return parsed.assign(budget_amount=convert_amounts(parsed, RATES, "RUB"))


def same(value: object, expected: float | None) -> bool:
    if expected is None:
        return bool(pd.isna(value))
    return not pd.isna(value) and math.isclose(float(value), expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "low", "high", "currency", "amount"),
    [
        # Russian
        ("1,5 млн руб", 1_500_000, 1_500_000, "RUB", 1_500_000),
        ("от 500 тыс.", 500_000, NA, NA, 500_000),  # no currency: the rule set's
        ("до 2 млн", NA, 2_000_000, NA, 2_000_000),  # only a maximum: the amount is it
        ("100-200 тыс. руб", 100_000, 200_000, "RUB", 100_000),  # a range: its minimum
        ("200 тыс. р.", 200_000, 200_000, "RUB", 200_000),
        ("50 000 руб.", 50_000, 50_000, "RUB", 50_000),
        ("около 700 тыс. руб", 700_000, 700_000, "RUB", 700_000),
        ("100 000 рублей", 100_000, 100_000, "RUB", 100_000),
        ("2000 долларов", 2_000, 2_000, "USD", 184_000),
        ("1 000 000", 1_000_000, 1_000_000, NA, 1_000_000),
        # Polish
        ("200 tys. zł", 200_000, 200_000, "PLN", 4_600_000),
        ("ok. 2 mln PLN", 2_000_000, 2_000_000, "PLN", 46_000_000),
        ("50-100 tys. zł", 50_000, 100_000, "PLN", 1_150_000),
        ("od 50 do 100 tys. zł", 50_000, 100_000, "PLN", 1_150_000),
        ("do 300 tys.", NA, 300_000, NA, 300_000),
        ("15000 zł", 15_000, 15_000, "PLN", 345_000),
        # English
        ("50k EUR", 50_000, 50_000, "EUR", 5_000_000),
        ("$1.2M", 1_200_000, 1_200_000, "USD", 110_400_000),
        ("£250,000", 250_000, 250_000, "GBP", 29_250_000),
        ("£50-100k", 50_000, 100_000, "GBP", 5_850_000),  # one multiplier for both ends
        ("under £50k", NA, 50_000, "GBP", 5_850_000),
        ("10k+", 10_000, NA, NA, 10_000),
        ("€25k", 25_000, 25_000, "EUR", 2_500_000),
        ("500 USD", 500, 500, "USD", 46_000),
        ("1.500,25 EUR", 1_500.25, 1_500.25, "EUR", 150_025),
        ("2 млн - 500 тыс", 500_000, 2_000_000, NA, 500_000),  # a reversed range, in order
        ("1-2 млн", 1_000_000, 2_000_000, NA, 1_000_000),
    ],
)
def test_budget_is_read(text, low, high, currency, amount):
    row = budgets(text).iloc[0]
    assert same(row["budget_min"], low)
    assert same(row["budget_max"], high)
    assert (row["budget_currency"] if pd.notna(row["budget_currency"]) else None) == currency
    assert same(row["budget_amount"], amount)


@pytest.mark.parametrize(
    "text", [None, "", "нет бюджета", "no budget yet", "TBD", "brak", "n/a", "???", "-500"]
)
def test_no_amount_means_no_budget(text):
    row = budgets(text).iloc[0]
    assert row[["budget_min", "budget_max", "budget_amount", "budget_currency"]].isna().all()


def test_a_currency_without_a_rate_keeps_what_was_typed_but_gets_no_amount():
    row = budgets("5 000 SEK").iloc[0]
    assert (row["budget_min"], row["budget_max"], row["budget_currency"]) == (5000, 5000, "SEK")
    assert pd.isna(row["budget_amount"])


def test_a_huge_amount_stays_a_number():
    row = budgets("99999999999999999999 USD").iloc[0]
    assert row["budget_min"] == pytest.approx(1e20)
    assert row["budget_amount"] == pytest.approx(92e20)


def test_each_distinct_value_is_parsed_once_and_spread_to_every_row():
    calls: list[int] = []

    def count(folded: pd.Series) -> pd.DataFrame:
        calls.append(len(folded))
        return parse_budgets(folded)

    values = pd.Series(["50k EUR", None, "50k EUR", "1 млн руб"] * 1000, dtype="str")
    parsed = parse_per_value(values, count)
    assert calls == [3]  # two texts and the missing value
    assert len(parsed) == 4000 and parsed.index.equals(values.index)
    assert parsed["budget_currency"].iloc[2] == "EUR" and pd.isna(parsed["budget_min"].iloc[1])
