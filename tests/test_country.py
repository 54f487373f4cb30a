"""country_codes: codes, names in three languages, variants, NA, index and distinct-once."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadq.normalize import country
from leadq.normalize.country import country_codes

CASES = [
    ("PL", "PL"),
    ("pl", "PL"),
    ("POL", "PL"),
    ("Poland", "PL"),
    ("Polska", "PL"),
    ("Польша", "PL"),
    ("  polska ", "PL"),
    ("RU", "RU"),
    ("RUS", "RU"),
    ("Russia", "RU"),
    ("Россия", "RU"),
    ("РФ", "RU"),
    ("Российская Федерация", "RU"),
    ("Rosja", "RU"),
    ("Russian Federation", "RU"),
    ("USA", "US"),
    ("U.S.A.", "US"),
    ("United States", "US"),
    ("США", "US"),
    ("UK", "GB"),
    ("Great Britain", "GB"),
    ("United Kingdom", "GB"),
    ("Великобритания", "GB"),
    ("Wielka Brytania", "GB"),
    ("Deutschland", "DE"),
    ("Germany", "DE"),
    ("Niemcy", "DE"),
    ("Германия", "DE"),
    ("Беларусь", "BY"),
    ("Белоруссия", "BY"),
    ("Białoruś", "BY"),
    ("Bialorus", "BY"),
    ("Belarus", "BY"),
    ("Казахстан", "KZ"),
    ("Kazachstan", "KZ"),
    ("KAZ", "KZ"),
    ("Украина", "UA"),
    ("Czech Republic", "CZ"),
    ("Czechy", "CZ"),
]


@pytest.mark.parametrize(("value", "code"), CASES)
def test_spellings(value: str, code: str) -> None:
    assert country_codes(pd.Series([value], dtype="str")).tolist() == [code]


@pytest.mark.parametrize("value", ["Narnia", "", "Europe", "EU", "world", "123", "ZZ"])
def test_unknown_is_na(value: str) -> None:
    assert country_codes(pd.Series([value], dtype="str")).isna().all()


def test_na_index_name_and_dtype() -> None:
    values = pd.Series(["Polska", None, "Россия"], index=[5, 1, 9], name="country", dtype="str")
    result = country_codes(values)
    assert result.index.tolist() == [5, 1, 9] and result.name == "country"
    assert result.dtype == "str"
    assert result.tolist()[0] == "PL" and pd.isna(result.tolist()[1])


def test_empty() -> None:
    result = country_codes(pd.Series([], dtype="str"))
    assert len(result) == 0 and result.dtype == "str"


def test_each_distinct_value_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    original = country.country_code

    def counting(value: str) -> str | None:
        seen.append(value)
        return original(value)

    monkeypatch.setattr(country, "country_code", counting)
    country_codes(pd.Series(["PL", "RU", "PL", None, "RU"] * 100, dtype="str"))
    assert sorted(seen) == ["PL", "RU"]


@given(st.lists(st.one_of(st.none(), st.text(max_size=20)), max_size=20))
def test_rows_in_rows_out(values: list[str | None]) -> None:
    result = country_codes(pd.Series(values, dtype="str"))
    assert len(result) == len(values)
    assert result.dropna().isin(set(country._country_table().values())).all()
