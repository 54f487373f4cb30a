"""Which rules fired, as text: joined once per distinct pattern, identical to a per-row join."""

import numpy as np

from leadq.firing import fired_labels


def per_row(masks, labels):
    return ["; ".join(label for label, hit in zip(labels, row) if hit) for row in masks]


def test_labels_of_fired_rules_in_rule_order():
    masks = np.array([[1, 0, 1], [0, 0, 0], [0, 1, 0]], dtype=bool)
    assert fired_labels(masks, ["a", "b", "c"]).tolist() == ["a; c", "", "b"]


def test_many_rules_and_rows_match_the_per_row_join():
    rng = np.random.default_rng(3)
    masks = rng.random((2_000, 150)) > 0.9
    labels = [f"rule_{i}" for i in range(150)]
    assert fired_labels(masks, labels).tolist() == per_row(masks, labels)


def test_no_rules_or_no_rows():
    assert fired_labels(np.zeros((3, 0), dtype=bool), []).tolist() == ["", "", ""]
    assert fired_labels(np.zeros((0, 2), dtype=bool), ["a", "b"]).tolist() == []
