"""Comparison keys: derived blocking keys and names split into words, computed in Arrow."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from leadq.match.keys import FieldKeys, Words, initials, keys_of
from leadq.match.model import KeyKind


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("ivan ivanov", "i i"),
        ("sergey petrov", "p s"),  # sorted: swapped names share the key
        ("petrov sergey", "p s"),
        ("zofia anna bak", "a b z"),
        ("łukasz żak", "ł ż"),  # code point order, as Python's sorted()
        ("solo", "s"),
    ],
)
def test_initials_are_the_first_letters_of_the_words_sorted(key, expected):
    keys = keys_of(pd.Series([key, None], dtype="str"), KeyKind.EXACT)

    derived = initials(keys)

    assert derived.values[derived.codes[0]] == expected
    assert derived.codes[1] == -1  # missing stays missing


def test_keys_with_the_same_initials_share_one_code():
    keys = FieldKeys(np.array([0, 1, 2, -1]), np.array(["ivan ivanov", "iwan iwanow", "anna"]))

    derived = initials(keys)

    assert list(derived.codes) == [0, 0, 1, -1]
    assert list(derived.values) == ["i i", "a"]


def test_words_index_each_distinct_word_once():
    words = Words.of(np.array(["anna nowak", "nowak", "jan  kowalski"], dtype=object))

    assert list(words.counts) == [2, 1, 3]
    assert list(words.starts) == [0, 2, 3]
    every_word = [words.texts[code] for code in words.codes]
    assert every_word == ["anna", "nowak", "nowak", "jan", "", "kowalski"]


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("j", "jan", True),
        ("j", "j", True),
        ("j", "anna", False),
        ("jan", "jan", False),  # a whole word is no initial
        ("ł", "łukasz", True),
        ("l", "łukasz", False),
    ],
)
def test_a_one_letter_word_is_the_initial_of_words_starting_with_it(short, long, expected):
    words = Words.of(np.array([short, long], dtype=object))
    first, second = words.codes[0], words.codes[-1]

    assert words.is_initial_of(np.array([first]), np.array([second]))[0] == expected
