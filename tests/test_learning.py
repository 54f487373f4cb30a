"""`leadq learn`: a readable rule file that scores as the model, with leaky columns refused."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
import yaml

import leadq
from leadq.cli import main
from leadq.errors import LeadqError
from leadq.learning import LearnSettings, learn
from leadq.learning.features import (
    TYPO_TARGETS,
    cleaned_text,
    nice_number,
    spelling_groups,
    typo_of,
    typos_of,
)
from leadq.learning.model import categories_of, one_hot
from leadq.outcome import Target

pytest.importorskip("sklearn")

ROOT = Path(__file__).resolve().parent.parent
PLANS = [
    "Enterprise",
    "enterprise ",
    "ENTERPRISE",
    "Enterprize",
    "Pro",
    "pro",
    "Starter",
    "Select",
    "",
]
SIZES = ["5", "20", "80", "300", "2000", "", "n/a"]


def history_rows(rows: int = 630) -> list[dict[str, str]]:
    """Fixed leads: Enterprise plans and 50-999 employees convert more; Meeting Date leaks.

    The "noise" is (37 i mod 100), which cycles independently of i mod 9 (plan) and i mod 7
    (size), so no single column predicts the outcome perfectly.
    """
    result = []
    for i in range(rows):
        plan, size = PLANS[i % 9], SIZES[i % 7]
        chance = (
            10 + 45 * plan.strip().casefold().startswith("enterpri") + 30 * (size in ("80", "300"))
        )
        converted = (37 * i) % 100 < chance
        meeting = f"2026-0{1 + i % 9}-1{i % 10}" if converted and i % 10 else ""
        result.append(
            {
                "Plan": plan,
                "Employees": size,
                "Meeting Date": meeting,
                "Converted": "yes" if converted else "no",
            }
        )
    return result


@pytest.fixture
def history(tmp_path) -> Path:
    path = tmp_path / "history.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["Plan", "Employees", "Meeting Date", "Converted"]
        )
        writer.writeheader()
        writer.writerows(history_rows())
    return path


@pytest.fixture
def learned(history):
    return learn(history, Target("Converted"), LearnSettings(min_support=20))


def test_the_learned_file_loads_and_scores_every_lead_as_the_model(learned, history, tmp_path):
    rules_path = tmp_path / "learned.yaml"
    rules_path.write_text(learned.text, encoding="utf-8")
    assert leadq.check_rules(rules_path) == []
    scored = leadq.score([history], leadq.ScoreOptions(rules=rules_path, workers=1)).table
    assert scored.sort_index()["score"].tolist() == learned.scores.tolist()


def test_every_rule_has_integer_points_and_a_comment_with_support_and_conversion(learned):
    text = learned.text
    for rule in learned.rules:
        assert isinstance(rule.points, int) and rule.points != 0
        assert f"- id: {rule.id}\n" in text
        assert f"# {rule.feature.header}: {rule.bin.label}: {rule.comment}\n" in text
    assert all(
        " leads (" in rule.comment and "% converted" in rule.comment for rule in learned.rules
    )


def test_spelling_variants_are_one_category_and_placeholders_are_missing(learned):
    plan_rules = {rule.bin.label: rule for rule in learned.rules if rule.feature.field == "plan"}
    assert plan_rules["Enterprise"].bin.when == {
        "field": "plan",
        "in": ["Enterprise", "Enterprize"],
    }
    assert plan_rules["Enterprise"].points > 0
    assert not any("select" in str(rule.bin.when).casefold() for rule in learned.rules)
    assert learned.text.count("id: plan.") == len(plan_rules)


def test_numbers_are_binned_at_rounded_quantiles(learned):
    # The 331 training leads with a size hold 5 (68), 20 (65), 80 (61), 300 (72) and 2000 (65)
    # employees. The deciles fall on 5, 5, 20, 20, 80, 300, 300, 300 and 2000; a cut at the
    # smallest value would leave an empty bin, so it moves up to 20: cuts at 20, 80, 300, 2000,
    # one bin per size. 80 and 300 are the planted converting sizes and earn the most.
    size = {rule.bin.label: rule for rule in learned.rules if rule.feature.field == "employees"}
    assert set(size) <= {"below 20", "20 to under 80", "80 to under 300", "300 to under 2000",
                         "2000 or more"}  # fmt: skip
    assert size["80 to under 300"].bin.when == {
        "all": [{"field": "employees", "at_least": 80}, {"field": "employees", "less_than": 300}]
    }
    ranked = sorted(size, key=lambda label: -size[label].points)
    assert set(ranked[:2]) == {"80 to under 300", "300 to under 2000"}


def test_the_leaky_column_is_named_and_left_out(learned):
    (leak,) = learned.leaks
    assert leak.header == "Meeting Date"
    assert (
        leak.reason.startswith("filled for 9")
        and "of converted leads and 0% of the others" in leak.reason
    )
    assert "meeting_date" not in yaml.safe_load(learned.text)["columns"]
    assert "# Left out: column 'Meeting Date' looks leaky" in learned.text


def test_a_leaky_column_is_kept_when_asked(history):
    kept = learn(
        history, Target("Converted"), LearnSettings(min_support=20, allow_leaky=("meeting date",))
    )
    assert [leak.kept for leak in kept.leaks] == [True]
    assert any(rule.feature.header == "Meeting Date" for rule in kept.rules)


def test_the_holdout_split_is_seeded_and_stratified(history):
    first = learn(history, Target("Converted"), LearnSettings(min_support=20, seed=3))
    again = learn(history, Target("Converted"), LearnSettings(min_support=20, seed=3))
    assert first.text == again.text and first.auc_rules == again.auc_rules
    assert (first.train_rows, first.holdout_rows) == (472, 158)  # 630 leads, a quarter held out


def test_on_the_example_history_the_rules_are_at_least_as_good_as_one_hot_logistic():
    result = learn(ROOT / "examples" / "history.csv", Target("Converted"))
    assert result.auc_rules is not None and result.auc_baseline is not None
    assert result.auc_rules >= result.auc_baseline
    assert {leak.header for leak in result.leaks if not leak.kept} == {"Meeting Date", "Status"}


@pytest.mark.parametrize(
    ("value", "nice"), [(47.3, 47), (1234.0, 1200), (0.0123, 0.012), (5.0, 5), (0, 0)]
)
def test_bin_edges_are_rounded_to_two_significant_digits(value, nice):
    assert nice_number(value) == nice


def test_cleaned_text_trims_and_treats_blanks_and_placeholders_in_any_case_as_missing():
    import pandas as pd

    text = pd.Series(
        [" Retail ", "retail", None, "   ", "N/A", "n/a ", "Select", "IT", "Retail "],
        index=[10, 11, 12, 13, 14, 15, 16, 17, 18],
        dtype="str",
        name="Industry",
    )
    cleaned = cleaned_text(text, frozenset({"n/a", "select"}))
    expected = ["Retail", "retail", None, None, None, None, None, "IT", "Retail"]
    assert cleaned.isna().tolist() == [value is None for value in expected]
    assert cleaned.dropna().tolist() == [value for value in expected if value is not None]
    assert cleaned.index.tolist() == text.index.tolist() and cleaned.name == "Industry"


def test_one_hot_is_scikit_learns_one_hot_encoding_of_the_same_rows():
    import random

    import numpy as np
    import pandas as pd
    from sklearn.preprocessing import OneHotEncoder

    rng = random.Random(3)
    spellings = ["Retail", " retail", "IT", "Łódź", "Москва", "", "a b", "Z", "zeta", "10", "9"]
    columns = [
        pd.Series([rng.choice([*spellings, None]) for _ in range(20_000)], dtype="str")
        for _ in range(4)
    ]
    texts = [column.fillna("").astype(str).str.strip() for column in columns]
    train, holdout = np.arange(0, 20_000, 3), np.arange(1, 20_000, 3)
    fitted = [text.iloc[train[:50]] for text in texts]  # few rows: unseen values in the rest
    encoder = OneHotEncoder(handle_unknown="ignore")
    encoder.fit(np.column_stack([text.to_numpy(dtype=object) for text in fitted]))
    categories = [categories_of(text) for text in fitted]
    for rows in (train, holdout):
        expected = encoder.transform(
            np.column_stack([text.iloc[rows].to_numpy(dtype=object) for text in texts])
        )
        got = one_hot(texts, categories, rows)
        assert got.shape == expected.shape and (got != expected).nnz == 0
    assert [list(known) for known in categories] == [list(c) for c in encoder.categories_]


def test_spelling_groups_merge_case_punctuation_and_typos():
    import pandas as pd

    counts = pd.Series(
        {"E-commerce": 50, "ecommerce": 10, "Enterprise": 40, "Enterprize": 5, "IT": 30}
    )
    groups = spelling_groups(counts)
    assert groups == {
        "ecommerce": ("E-commerce", "ecommerce"),
        "enterprise": ("Enterprise", "Enterprize"),
        "it": ("IT",),
    }


def test_a_typo_joins_only_one_of_the_200_most_frequent_categories():
    import random

    import pandas as pd

    rng = random.Random(5)
    words = ["".join(rng.choices("bcdfghjklmnpqrstvwxz", k=9)) for _ in range(TYPO_TARGETS + 1)]
    counts = {word: 1000 - rank for rank, word in enumerate(words)}  # words[200] is 201st
    counts[words[0][:-1] + "a"] = 2  # a typo of the most frequent category
    counts[words[-1][:-1] + "a"] = 1  # a typo of the 201st
    groups = spelling_groups(pd.Series(counts))
    assert groups[words[0]] == (words[0], words[0][:-1] + "a")
    assert groups[words[-1]] == (words[-1],)
    assert groups[words[-1][:-1] + "a"] == (words[-1][:-1] + "a",)
    assert len(groups) == TYPO_TARGETS + 2


def test_typos_compared_at_once_get_extract_ones_verdict_on_every_key():
    import random

    rng = random.Random(11)
    letters = "aeioubcdkmnprst"

    def word() -> str:
        return "".join(rng.choices(letters, k=rng.randint(5, 12)))

    def typo(text: str) -> str:
        cut = rng.randrange(len(text))
        edits = (
            text[:cut] + text[cut + 1 :],  # deletion
            text[:cut] + rng.choice(letters) + text[cut + 1 :],  # substitution
            text[:cut] + rng.choice(letters) + text[cut:],  # insertion
            text[:cut] + text[cut + 1 : cut + 2] + text[cut : cut + 1] + text[cut + 2 :],  # swap
        )
        return rng.choice(edits)

    bases = [word() for _ in range(150)]
    targets = bases + [typo(base) for base in bases[:50]]  # near-equal targets: ties happen
    keys = [typo(typo(rng.choice(targets))) for _ in range(40_000)]
    keys += [word() for _ in range(5_000)] + ["abcd", "it", ""]
    expected = [typo_of(key, targets) for key in keys]
    assert typos_of(keys, targets) == expected
    assert sum(found is not None for found in expected) > 10_000  # most typos do match


def test_the_customer_profile_becomes_fit_rules_and_still_scores_as_written(history, tmp_path):
    customers = tmp_path / "customers.csv"
    # 40 customers: 30 on an Enterprise plan (vs 4 in 9 = 44 % of leads: 1.7x) and 10 on Pro.
    customers.write_text("Plan\n" + "Enterprise\n" * 30 + "Pro\n" * 10)
    result = learn(history, Target("Converted"), LearnSettings(min_support=20, customers=customers))
    profile = {rule.bin.label: rule for rule in result.profile}
    assert set(profile) == {"Enterprise"}
    # 75 % of customers vs 44 % of leads: 1.7x, 10 x log2(1.69) = 7.6 -> 8 points.
    assert profile["Enterprise"].points == 8
    assert "75% of customers vs 44% of leads (1.7x)" in profile["Enterprise"].comment
    rules_path = tmp_path / "learned.yaml"
    rules_path.write_text(result.text, encoding="utf-8")
    scored = leadq.score([history], leadq.ScoreOptions(rules=rules_path, workers=1)).table
    assert scored.sort_index()["score"].tolist() == result.scores.tolist()
    assert scored.sort_index()["score_fit"].max() == 8


def test_without_scikit_learn_the_user_is_told_what_to_install(history, monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    with pytest.raises(LeadqError) as raised:
        learn(history, Target("Converted"))
    assert str(raised.value) == "leadq learn needs scikit-learn: pip install 'leadq[learn]'"


def test_cli_writes_the_file_and_reports_leaks_and_auc(history, tmp_path, capsys):
    output = tmp_path / "learned.yaml"
    code = main(
        ["learn", str(history), "-t", "Converted", "-o", str(output), "--min-support", "20"]
    )
    err = capsys.readouterr().err
    assert code == 0
    assert leadq.check_rules(output) == []
    assert "leadq: warning: column 'Meeting Date' looks leaky: filled for" in err
    assert "ROC AUC on the held-out leads: learned rules 0." in err
    assert "Traceback" not in err
