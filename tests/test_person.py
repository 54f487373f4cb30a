"""normalize_people: tidy names, first/last split, distinct-letter count."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadq.normalize.person import normalize_people
from leadq.schema import PERSON_COLUMNS

NA = None

# full name as exported -> (person_name, person_first, person_last)
FULL_NAME_EXAMPLES = [
    # Russian
    ("ИВАНОВ ИВАН ИВАНОВИЧ", ("Иванов Иван Иванович", "Иван", "Иванов")),
    ("петрова мария ильинична", ("Петрова Мария Ильинична", "Мария", "Петрова")),
    ("Сидоров Пётр Алексеевич", ("Сидоров Пётр Алексеевич", "Пётр", "Сидоров")),
    ("Ленин Владимир Ильич", ("Ленин Владимир Ильич", "Владимир", "Ленин")),
    ("Ivanova Anna Sergeevna", ("Ivanova Anna Sergeevna", "Anna", "Ivanova")),
    ("Ivanov Ivan Ivanovich", ("Ivanov Ivan Ivanovich", "Ivan", "Ivanov")),
    ("Иван Иванович Петров", ("Иван Иванович Петров", "Иван", "Петров")),
    ("Roman Arkadyevich Abramovich", ("Roman Arkadyevich Abramovich", "Roman", "Abramovich")),
    ("Иванов, Иван Иванович", ("Иван Иванович Иванов", "Иван", "Иванов")),
    # without a patronymic the order cannot be told: first word first
    ("ИВАНОВ ИВАН", ("Иванов Иван", "Иванов", "Иван")),
    # Polish
    ("anna kowalska", ("Anna Kowalska", "Anna", "Kowalska")),
    ("ANNA-MARIA NOWAK-KOWALSKA", ("Anna-Maria Nowak-Kowalska", "Anna-Maria", "Nowak-Kowalska")),
    ("Kowalska, Anna Maria", ("Anna Maria Kowalska", "Anna", "Kowalska")),
    ("łukasz żółć", ("Łukasz Żółć", "Łukasz", "Żółć")),
    # English and others
    ("John Ronald Reuel Tolkien", ("John Ronald Reuel Tolkien", "John", "Tolkien")),
    ("Ronald McDonald", ("Ronald McDonald", "Ronald", "McDonald")),
    ("Anna van der Berg", ("Anna van der Berg", "Anna", "van der Berg")),
    ("van der Berg, Anna", ("Anna van der Berg", "Anna", "van der Berg")),
    ("ludwig van beethoven", ("Ludwig Van Beethoven", "Ludwig", "Van Beethoven")),
    ("o'brien", ("O'Brien", "O'Brien", NA)),
    ("Madonna", ("Madonna", "Madonna", NA)),
    ("  John \t\u00a0 Smith ", ("John Smith", "John", "Smith")),
    ("Smith,", ("Smith", NA, "Smith")),
    (", Anna", ("Anna", "Anna", NA)),
    (",", (NA, NA, NA)),
    ("- . -", (NA, NA, NA)),
    ("", (NA, NA, NA)),
    (NA, (NA, NA, NA)),
]


def people(full: list[str | None], first: list | None = None, last: list | None = None):
    """normalize_people over plain lists; missing first/last columns arrive all-NA."""
    missing = [NA] * len(full)
    columns = [pd.Series(c if c is not None else missing, dtype="str") for c in (full, first, last)]
    return normalize_people(*columns)


def as_row(frame: pd.DataFrame, position: int = 0) -> tuple:
    """One row's text columns, None for NA."""
    values = frame.iloc[position][list(PERSON_COLUMNS)[:3]]
    return tuple(None if pd.isna(v) else v for v in values)


@pytest.mark.parametrize(("full", "expected"), FULL_NAME_EXAMPLES)
def test_full_name_examples(full: str | None, expected: tuple) -> None:
    assert as_row(people([full])) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("ANNA", "KOWALSKA", ("Anna Kowalska", "Anna", "Kowalska")),
        ("иван", "иванов", ("Иван Иванов", "Иван", "Иванов")),
        ("Anna", "van der Berg", ("Anna van der Berg", "Anna", "van der Berg")),
        ("Jan", NA, ("Jan", "Jan", NA)),
        (NA, "Nowak", ("Nowak", NA, "Nowak")),
        ("  ", "", (NA, NA, NA)),
    ],
)
def test_first_and_last_columns_only(first: str | None, last: str | None, expected: tuple) -> None:
    assert as_row(people([NA], [first], [last])) == expected


def test_first_and_last_columns_win_over_the_split_full_name() -> None:
    frame = people(["Kowalska Anna", "Jan Nowak"], ["Anna", NA], ["Kowalska", NA])
    assert as_row(frame, 0) == ("Kowalska Anna", "Anna", "Kowalska")
    assert as_row(frame, 1) == ("Jan Nowak", "Jan", "Nowak")


@pytest.mark.parametrize(
    ("full", "letters"),
    [("aaaa", 1), ("asdf", 4), ("AaAa", 1), ("ЙЦУК", 4), ("a-a a.a", 1), ("123", 0), (NA, None)],
)
def test_distinct_letters(full: str | None, letters: int | None) -> None:
    count = people([full])["person_distinct_letters"].iloc[0]
    assert (pd.isna(count) and letters is None) or count == letters


def test_columns_dtypes_and_index() -> None:
    index = pd.Index([30, 10, 20])
    column = pd.Series(["anna kowalska", NA, "Anna Kowalska"], index=index, dtype="str")
    missing = pd.Series([NA] * 3, index=index, dtype="str")
    frame = normalize_people(column, missing, missing)
    assert list(frame.columns) == list(PERSON_COLUMNS)
    assert frame.index.equals(index)
    assert frame.dtypes.astype("str").tolist() == ["str", "str", "str", "Int64"]
    assert frame["person_name"].tolist()[::2] == ["Anna Kowalska", "Anna Kowalska"]


def test_empty_input() -> None:
    empty = pd.Series([], dtype="str")
    frame = normalize_people(empty, empty, empty)
    assert frame.empty
    assert list(frame.columns) == list(PERSON_COLUMNS)


def test_absent_columns_as_nan_floats_are_accepted() -> None:
    nan = pd.Series([np.nan, np.nan])
    frame = normalize_people(pd.Series(["jan nowak", NA], dtype="str"), nan, nan)
    assert as_row(frame, 0) == ("Jan Nowak", "Jan", "Nowak")
    assert frame.iloc[1].isna().all()


maybe_text = st.one_of(st.none(), st.text(max_size=30))
name_alphabet = st.sampled_from(list("aAbBяЯżŻ -,'\t") + ["ович", "vna", "van", "ß"])
name_like = st.one_of(st.none(), st.lists(name_alphabet, max_size=12).map("".join))


@settings(max_examples=60, deadline=None)  # no deadline: timing varies under load
@given(st.lists(st.tuples(maybe_text, maybe_text, maybe_text), max_size=20))
def test_any_text_gives_one_row_per_input_row(rows: list[tuple]) -> None:
    index = pd.RangeIndex(5, 5 + len(rows))
    full, first, last = (
        pd.Series([r[i] for r in rows], dtype="str", index=index) for i in range(3)
    )
    frame = normalize_people(full, first, last)
    assert len(frame) == len(rows)
    assert frame.index.equals(index)
    assert (frame["person_name"].isna() == frame["person_distinct_letters"].isna()).all()
    for column in list(PERSON_COLUMNS)[:3]:
        text = frame[column].dropna()
        assert not (text.str.len() == 0).any()
        assert not text.str.contains("  ", regex=False).any()
        assert (text == text.str.strip(" ")).all()


@settings(max_examples=60, deadline=None)  # no deadline: timing varies under load
@given(st.lists(name_like, max_size=20))
def test_normalizing_a_normalized_full_name_keeps_it(full_names: list[str | None]) -> None:
    missing = pd.Series([NA] * len(full_names), dtype="str")
    names = normalize_people(pd.Series(full_names, dtype="str"), missing, missing)["person_name"]
    again = normalize_people(names, missing, missing)["person_name"]
    assert again.equals(names)
