"""company_keys: one key for every spelling of a company, NA for no company."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadq.normalize import company
from leadq.normalize.company import company_keys
from leadq.schema import COMPANY_COLUMNS

KEY_SHAPE = re.compile(r"[a-z0-9]+( [a-z0-9]+)*")

# name as exported -> key
EXAMPLES = [
    # Russian
    ("ООО «Ромашка»", "romashka"),
    ('ООО "Ромашка"', "romashka"),
    ("ROMASHKA, OOO", "romashka"),
    ("Общество с ограниченной ответственностью „Ромашка“", "romashka"),
    ("ПАО Сбербанк", "sberbank"),
    ("ИП Иванов И.И.", "ivanov i i"),
    ("ФГУП «Почта России»", "pochta rossii"),
    ("ТОО 'Астана-Строй'", "astana stroy"),
    ("Объединение «Сибирь»", "obedinenie sibir"),
    ("ЗАО Вектор, АО", "vektor"),
    # Polish
    ("Sp. z o.o. Kowalski i Syn", "kowalski i syn"),
    ("Kowalski i Syn sp. z o. o.", "kowalski i syn"),
    ("KOWALSKI I SYN SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ", "kowalski i syn"),
    ("Łódź Trans S.A.", "lodz trans"),
    ("Nowak sp.j.", "nowak"),
    ("Nowak Sp.k.", "nowak"),
    ("„Polmos” S.K.A.", "polmos"),
    ("Żabka P.S.A.", "zabka"),
    # English and other
    ("Romashka LLC", "romashka"),
    ("Acme, L.L.C.", "acme"),
    ("Acme Ltd.", "acme"),
    ("ACME LIMITED", "acme"),
    ("Acme Inc.", "acme"),
    ("Acme Corporation", "acme"),
    ("Johnson & Co", "johnson"),
    ("Müller GmbH", "muller"),
    ("Siemens AG", "siemens"),
    ("Nokia Oy", "nokia"),
    ("Volvo AB", "volvo"),
    ("Shell PLC", "shell"),
    ("Smith & Partners LLP", "smith partners"),
    ("McDonald's Corp.", "mcdonalds"),
    ("`Quoted` 'Name'", "quoted name"),
    ("  Acme\t\tWidgets  ", "acme widgets"),
    ("3M", "3m"),
]

NO_KEY = [None, "", "   ", "...", "«»", "ООО", "Sp. z o.o.", "LLC", "Ltd. & Co.", "ООО LLC"]


def keys_of(*names: str | None) -> list[str | None]:
    """Keys as a plain list, None for NA."""
    result = company_keys(pd.Series(list(names), dtype="str"))
    return [None if pd.isna(key) else key for key in result]


@pytest.mark.parametrize(("name", "key"), EXAMPLES)
def test_key_examples(name: str, key: str) -> None:
    assert keys_of(name) == [key]


@pytest.mark.parametrize(
    "spellings",
    [
        ["ООО «Ромашка»", "Romashka LLC", "ROMASHKA, OOO", "romashka", "ооо ромашка"],
        ["Sp. z o.o. Kowalski i Syn", "Kowalski i Syn sp. z o.o.", "KOWALSKI I SYN SP Z O O"],
        ["Łódź S.A.", "LODZ SA", "lodz"],
    ],
)
def test_spellings_of_one_company_share_a_key(spellings: list[str]) -> None:
    assert len(set(keys_of(*spellings))) == 1


@pytest.mark.parametrize("name", NO_KEY)
def test_no_key_for_missing_empty_punctuation_or_only_legal_form(name: str | None) -> None:
    assert keys_of(name) == [None]


def test_legal_form_letters_inside_words_are_kept() -> None:
    assert keys_of("Cooper Agro", "Ltdx", "Abba", "Incognito") == [
        "cooper agro",
        "ltdx",
        "abba",
        "incognito",
    ]


def test_index_name_and_dtype() -> None:
    names = pd.Series(["ООО «Ромашка»", None, "Acme Ltd"], index=[7, 3, 9], dtype="str")
    keys = company_keys(names)
    assert keys.name == "company_key" == next(iter(COMPANY_COLUMNS))
    assert keys.dtype == "str"
    assert keys.index.equals(names.index)
    assert keys.isna().tolist() == [False, True, False]


def test_empty_and_all_missing_input() -> None:
    assert company_keys(pd.Series([], dtype="str")).empty
    assert company_keys(pd.Series([np.nan, np.nan])).isna().all()


def test_each_distinct_name_is_keyed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    key_distinct = company._key_distinct_names

    def counting(names: pd.Series) -> pd.Series:
        seen.append(len(names))
        return key_distinct(names)

    monkeypatch.setattr(company, "_key_distinct_names", counting)
    keys = company_keys(pd.Series(["Acme Ltd", "ООО Альфа", "Acme Ltd", None, None], dtype="str"))
    assert seen == [3]
    assert keys.tolist()[:3] == ["acme", "alfa", "acme"]


names_lists = st.lists(st.one_of(st.none(), st.text(max_size=40)), max_size=30)
# Text made of legal forms, quotes and separators: where removing forms can go wrong.
form_pieces = st.sampled_from(
    ["ООО", "ooo", "sp.", "z", "o.o.", "s", "a", "k", "ltd", "co", "&", "«", "»", "'s", "’",
     ",", " ", "  ", "Ромашка", "Łódź", "l.l.c.", "inc", "x", "9"]
)  # fmt: skip
formy_names = st.lists(st.lists(form_pieces, max_size=8).map(" ".join), max_size=20)


@settings(max_examples=60, deadline=None)  # no deadline: timing varies under load
@given(names_lists)
def test_any_text_gives_one_well_formed_key_per_row(names: list[str | None]) -> None:
    series = pd.Series(names, dtype="str", index=range(100, 100 + len(names)))
    keys = company_keys(series)
    assert len(keys) == len(series)
    assert keys.index.equals(series.index)
    assert all(KEY_SHAPE.fullmatch(key) for key in keys.dropna())


@settings(max_examples=60, deadline=None)  # no deadline: timing varies under load
@given(st.one_of(names_lists, formy_names))
def test_key_of_a_key_is_the_key(names: list[str | None]) -> None:
    keys = company_keys(pd.Series(names, dtype="str"))
    again = company_keys(keys)
    assert again.equals(keys)
