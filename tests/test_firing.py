"""Which rules fired, as text: joined once per distinct pattern, identical to a per-row join."""

import numpy as np
import pandas as pd

from leadq.firing import fired_labels, join_texts


def per_row(masks, labels):
    return ["; ".join(name for name, hit in zip(labels, row, strict=True) if hit) for row in masks]


def test_labels_of_fired_rules_in_rule_order():
    masks = np.array([[1, 0, 1], [0, 0, 0], [0, 1, 0]], dtype=bool)
    assert fired_labels(masks, ["a", "b", "c"], pd.RangeIndex(3)).tolist() == ["a; c", "", "b"]


def test_many_rules_and_rows_match_the_per_row_join():
    rng = np.random.default_rng(3)
    masks = rng.random((2_000, 150)) > 0.9
    labels = [f"rule_{i}" for i in range(150)]
    assert fired_labels(masks, labels, pd.RangeIndex(len(masks))).tolist() == per_row(masks, labels)


def test_no_rules_or_no_rows():
    assert fired_labels(np.zeros((3, 0), dtype=bool), [], pd.RangeIndex(3)).tolist() == ["", "", ""]
    assert fired_labels(np.zeros((0, 2), dtype=bool), ["a", "b"], pd.RangeIndex(0)).tolist() == []


def test_texts_are_joined_without_separators_next_to_empty_sides():
    first = pd.Series(["no contact", "", "no contact", ""], dtype="str")
    second = pd.Series(["fit: big +15", "fit: big +15", "", ""], dtype="str")
    assert join_texts(first, second).tolist() == [
        "no contact; fit: big +15",
        "fit: big +15",
        "no contact",
        "",
    ]


def test_rows_differing_only_in_a_rule_past_the_first_64_are_told_apart():
    labels = [f"rule_{i}" for i in range(130)]
    masks = np.zeros((4, 130), dtype=bool)
    masks[1, 63] = True  # last bit of the first 64-bit word
    masks[2, 64] = True  # first bit of the second word
    masks[3, 129] = True  # the third word
    assert fired_labels(masks, labels, pd.RangeIndex(4)).tolist() == [
        "",
        "rule_63",
        "rule_64",
        "rule_129",
    ]


def test_joined_texts_match_a_per_row_join_with_empty_and_missing_sides():
    rng = np.random.default_rng(8)
    words = ["", "no contact", "fit: big +15", "Ж; é", None]
    first = pd.Series(rng.choice(words[:4], 3_000), dtype="str").astype("category")
    second = pd.Series([words[i] for i in rng.integers(0, 5, 3_000)], dtype="str")
    expected = ["; ".join(part for part in pair if isinstance(part, str) and part)
                for pair in zip(first, second, strict=True)]  # fmt: skip
    assert join_texts(first, second).tolist() == expected
