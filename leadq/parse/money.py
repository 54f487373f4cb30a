"""Budgets as people type them: "1,5 млн руб", "от 500 тыс.", "50k EUR", "200 tys. zł", "$1.2M".

One pattern reads a qualifier ("от", "up to", "do"), a currency before or after the amount, the
amount with its multiplier word, and an optional second amount of a range ("100-200 тыс. руб",
"£50-100k": a multiplier written once applies to both ends). Currency symbols come from Babel's
locale data (``€``, ``£``, ``$``, ``zł``, ``₽``, ``₴``); the words people type for them ("руб",
"złotych", "евро", "dollars") are listed here, and any ISO code of a known currency reads too.

price-parser was weighed for this: it reads one amount and its currency symbol well, but not
ranges, multiplier words ("тыс.", "mln", "k") or qualifiers ("от", "do"), gives the symbol as
typed rather than an ISO code, and runs once per value in Python; those are the hard parts
here, so the grammar below does it all in one ``str.extract`` over the distinct values.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
from babel import Locale
from babel.numbers import list_currencies

from leadq.parse.numbers import MULTIPLIER, NUMBER, multiplier_values, read_numbers

# Currencies whose symbols Babel supplies and whose typed words are listed below; any other
# ISO 4217 code Babel knows ("SEK", "CZK") is recognised by its code.
COMMON_CURRENCIES = ("RUB", "EUR", "USD", "PLN", "GBP", "UAH", "BYN", "KZT", "CHF", "CZK", "CNY")

# Words people type for a currency (case-folded regex fragments; whole words).
CURRENCY_WORDS: dict[str, tuple[str, ...]] = {
    "RUB": (r"руб\w*", "р", r"rub\w*", "rur"),
    "PLN": (r"zł\w*", "zl", r"złot\w*", r"zlot\w*"),
    "EUR": ("евро", r"euro\w*"),
    "USD": (r"долл\w*", r"dollar\w*", r"dolar\w*", r"бакс\w*"),
    "GBP": (r"фунт\w*", r"pound\w*", r"funt\w*"),
    "UAH": ("грн", r"гривн\w*"),
    "KZT": ("тенге",),
}
SYMBOL_LOCALES = ("en", "ru", "pl", "de")

_LETTER = r"[^\W\d_]"
LOWER_BOUND = (
    r"от|свыше|более|больше|не менее|минимум|from|more than|over|above|at least|minimum|min"
    r"|od|powyżej|ponad|co najmniej|ab|über|mehr als"
)
UPPER_BOUND = (
    r"до|не более|менее|меньше|максимум|up to|under|below|less than|maximum|max|within"
    r"|do|poniżej|maks|bis|unter"
)
RANGE_JOIN = r"-|до|to|do|bis|and|и|i"


@lru_cache(maxsize=1)
def currency_symbols() -> dict[str, str]:
    """Symbol -> ISO code, from Babel's data for English, Russian, Polish and German."""
    symbols: dict[str, str] = {}
    for name in SYMBOL_LOCALES:
        locale = Locale.parse(name)
        for code in COMMON_CURRENCIES:
            symbol = locale.currency_symbols.get(code)
            if symbol and symbol != code:
                symbols.setdefault(symbol.casefold(), code)
    return symbols


@lru_cache(maxsize=1)
def currency_patterns() -> dict[str, re.Pattern[str]]:
    """ISO code -> a pattern that fully matches the ways of writing it (case-folded)."""
    symbols = currency_symbols()
    patterns = {}
    for code in sorted(list_currencies()):
        words = [code.casefold(), *CURRENCY_WORDS.get(code, ())]
        marks = [re.escape(symbol) for symbol, owner in symbols.items() if owner == code]
        patterns[code] = re.compile("|".join([*words, *marks]))
    return patterns


@lru_cache(maxsize=1)
def budget_pattern() -> str:
    """The budget grammar as one regex with named groups, for ``Series.str.extract``."""
    alternatives = "|".join(pattern.pattern for pattern in currency_patterns().values())
    currency = rf"(?<!{_LETTER})(?:{alternatives})(?!{_LETTER})\.?"
    return (
        rf"(?:(?<!{_LETTER})(?P<qualifier>{LOWER_BOUND}|{UPPER_BOUND})(?!{_LETTER})\.?\s*)?"
        rf"(?P<cur1>{currency})?\s*(?P<n1>{NUMBER})\s*(?P<m1>{MULTIPLIER})?\s*"
        rf"(?P<cur2>{currency})?\s*"
        rf"(?:(?:{RANGE_JOIN})\s*(?P<cur3>{currency})?\s*(?P<n2>{NUMBER})\s*(?P<m2>{MULTIPLIER})?)?"
        rf"\s*(?P<cur4>{currency})?\s*(?P<plus>\+)?"
    )


def parse_budgets(texts: pd.Series) -> pd.DataFrame:
    """``budget_min``, ``budget_max`` (as typed, in the typed currency) and ``budget_currency``.

    A range keeps both ends; "от 500 тыс." has only a minimum, "до 1 млн" only a maximum, a
    single amount is both. A negative amount ("-500") or text without a number gives nothing.

    Args:
        texts: case-folded budget texts (None when missing), one per distinct value.
    """
    parts = texts.str.extract(budget_pattern())
    low, high = _amounts(parts)
    negative = texts.str.match(r"\s*-\s*\d").fillna(False).astype(bool)
    lower_only = parts["qualifier"].str.fullmatch(LOWER_BOUND).fillna(False).astype(bool)
    upper_only = parts["qualifier"].str.fullmatch(UPPER_BOUND).fillna(False).astype(bool)
    is_range = high.notna()
    lower_only |= parts["plus"].notna() & ~is_range
    budget_min = low.mask(~is_range & upper_only)
    budget_max = high.fillna(low).mask(~is_range & lower_only & ~upper_only)
    return pd.DataFrame(
        {
            "budget_min": budget_min.mask(negative),
            "budget_max": budget_max.mask(negative),
            "budget_currency": _currency_codes(parts).mask(negative | low.isna()),
        },
        index=texts.index,
    )


def _amounts(parts: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Both ends of the amount; a range's single multiplier ("50-100k") applies to both."""
    first, second = read_numbers(parts["n1"]), read_numbers(parts["n2"])
    first_factor = multiplier_values(parts["m1"])
    second_factor = multiplier_values(parts["m2"])
    shared = parts["m1"].isna() & parts["m2"].notna() & (first < second).fillna(False)
    first_factor = first_factor.mask(shared.astype(bool), second_factor)
    low = (first * first_factor).astype("Float64")
    high = (second * second_factor).astype("Float64")
    swap = (low > high).fillna(False).astype(bool)
    return low.mask(swap, high), high.mask(swap, low)


def _currency_codes(parts: pd.DataFrame) -> pd.Series:
    """The ISO code of the first currency written anywhere around the amount."""
    typed = parts["cur1"]
    for column in ("cur2", "cur3", "cur4"):
        typed = typed.fillna(parts[column])
    distinct = typed.dropna().str.rstrip(".").unique()
    patterns = currency_patterns()
    named = {
        text: next((code for code, pattern in patterns.items() if pattern.fullmatch(text)), None)
        for text in distinct
    }
    return typed.str.rstrip(".").map(named).astype("str")


def convert_amounts(budgets: pd.DataFrame, rates: dict[str, float], currency: str) -> pd.Series:
    """``budget_amount``: the minimum (else the maximum) in the rule set's ``currency``.

    An amount typed without a currency is read in the rule set's currency; one in a currency
    with no rate gets no amount (its ``budget_min``/``budget_max`` stay as typed).
    """
    typed = budgets["budget_currency"].fillna(currency)
    factor = typed.map({**rates, currency: 1.0}).astype("Float64")
    amount = budgets["budget_min"].fillna(budgets["budget_max"]) * factor
    return amount.astype("Float64").where(np.isfinite(amount.astype(float)))
