"""Intent from free text: key-phrase groups found in request texts and call notes.

Phrases match whatever the case, "ё"/"е", Polish diacritics and punctuation, at the start of a
word with any ending after it; never inside another word. The ``intent`` column lists the groups
found in the rule file's order, and rules test it with ``has:``.
"""

from __future__ import annotations

import csv
import datetime
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leadq
from leadq.api import ScoreOptions
from leadq.conditions import Phrases, eval_has
from leadq.phrases import PhraseMatcher, bit_labels, fold_phrase
from leadq.ruleset import check_rules, load_rules

AS_OF = datetime.date(2026, 11, 25)

RULES = """
version: 1
columns:
  call_notes: [call notes]
intent:
  fields: [message, call_notes]
  groups:
    price: [стоимост, wycen, cena, price]
    implementation: [внедрени, wdrożeni, implementation]
    demo: [демо, demo]
    job_seeker: [ищу работу, szukam pracy, looking for a job]
score:
  engagement:
    - {id: asked_price, when: {field: intent, has: price}, points: 15}
disqualify:
  - {id: job_seeker, when: {field: intent, has: job_seeker}, reason: looking for a job}
"""


def found(phrase: str, text: str) -> bool:
    matcher = PhraseMatcher({"group": [phrase]})
    return bool(matcher.groups_per_row(pd.Series([text], dtype="str")).iloc[0])


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("внедрени", "Хотим узнать стоимость внедрения", True),  # a stem catches every ending
        ("внедрени", "сроки внедрением займёмся позже", True),
        ("стоимост", "СТОИМОСТЬ?", True),  # case
        ("ёлка", "Елка в офис", True),  # ё and е are one letter
        ("елка", "Ёлка в офис", True),
        ("wdrożeni", "Prosimy o wycenę wdrozenia", True),  # Polish diacritics folded
        ("wdrozeni", "WDROŻENIE w tym kwartale", True),
        ("zażółć", "ZAZOLC gesla jazn", True),
        ("wycen", "Prosimy o wycenę", True),
        ("44-ФЗ", "тендер по 44 фз", True),  # punctuation between words is one space
        ("коммерческое предложение", "Коммерческое  предложение, срочно", True),
        ("cena", "Scena jest ładna", False),  # never inside another word
        ("price", "Priceless advice", True),  # ... but a word may go on after the phrase
        ("demo", "we are in a meeting", False),
        ("рфq", "RFQ", False),  # scripts are not mixed
        ("rfq", "RFQ attached", True),
    ],
)
def test_a_phrase_is_found_across_word_forms_case_and_accents(phrase, text, expected):
    assert found(phrase, text) is expected


def test_many_groups_are_found_in_one_text_in_group_order():
    matcher = PhraseMatcher({"price": ["цена"], "demo": ["демо"], "tender": ["тендер"]})
    bits = matcher.groups_per_row(pd.Series(["тендер: демо и цена", None, "нет"], dtype="str"))
    assert bit_labels(bits, matcher.names).fillna("").tolist() == ["price; demo; tender", "", ""]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=40)), max_size=20), st.text(max_size=10))
def test_any_texts_give_one_result_per_row_and_a_phrase_added_as_a_word_is_found(texts, word):
    matcher = PhraseMatcher({"group": ["цена", "wycen"], "other": ["demo"]})
    bits = matcher.groups_per_row(pd.Series(texts, dtype="str"))
    assert len(bits) == len(texts)  # rows in == rows out, missing texts included
    with_phrase = [f"{text or ''} {word} Wyceny!" for text in texts]
    found = matcher.groups_per_row(pd.Series(with_phrase, dtype="str"))
    assert all(int(value) & 1 for value in found)


def test_a_phrase_folds_like_the_text_it_is_compared_with():
    assert fold_phrase("  Wdrożenie  ЁЛКИ-44 ") == " wdrozenie елки 44"


def score(write_file, rows: list[dict[str, str]], rules: str = RULES) -> pd.DataFrame:
    path = write_file("rules.yaml", rules)
    headers = list(dict.fromkeys(key for row in rows for key in row))
    data = io.StringIO()
    writer = csv.DictWriter(data, fieldnames=headers)
    writer.writeheader()
    writer.writerows(rows)
    result = leadq.score(
        ["-"],
        ScoreOptions(rules=path, as_of=AS_OF, workers=1),
        stdin=io.BytesIO(data.getvalue().encode()),
    )
    return result.table.sort_values("source_row").reset_index(drop=True)


def test_the_intent_column_lists_groups_from_message_and_call_notes(write_file):
    rows = [
        {"Message": "Прошу демо и стоимость внедрения", "call notes": ""},
        {"Message": "Dzień dobry", "call notes": "Prosi o wycenę wdrożenia"},
        {"Message": "Szukam pracy, CV w załączniku", "call notes": ""},
        {"Message": "Здравствуйте", "call notes": ""},
    ]
    table = score(write_file, rows)
    assert len(table) == len(rows)  # rows in == rows out
    assert table["intent"].fillna("").tolist() == [
        "price; implementation; demo",
        "price; implementation",
        "job_seeker",
        "",  # missing: nothing found
    ]


def test_groups_earn_points_and_hidden_motives_disqualify_through_rules(write_file):
    rows = [{"Message": "What is the price?"}, {"Message": "Looking for a job in sales"}]
    table = score(write_file, rows)
    assert table["score_engagement"].tolist() == [15, 0]
    assert table["disqualified_by"].astype("str").tolist() == ["", "job_seeker"]


@pytest.mark.parametrize(
    ("names", "wanted", "expected"),
    [
        ("price; demo", ("demo",), True),
        ("price; demo", ("price",), True),
        ("demo_day", ("demo",), False),  # a whole name, never a part of one
        ("price; demo_day", ("demo",), False),
        ("tender", ("agency", "tender"), True),
        ("Tender", ("tender",), True),
        (None, ("tender",), False),
    ],
)
def test_has_finds_a_whole_name_in_a_joined_list(names, wanted, expected):
    found = eval_has(pd.Series([names], dtype="str"), Phrases(wanted), AS_OF)
    assert bool(found[0]) is expected


def test_has_tests_a_whole_name_in_the_list(write_file):
    rules = RULES.replace("has: price}", "has: pri}")
    table = score(write_file, [{"Message": "What is the price?"}], rules)
    assert table["score_engagement"].tolist() == [0]


def test_a_file_without_an_intent_section_adds_no_intent_column(write_file):
    table = score(write_file, [{"Message": "price"}], "version: 1\n")
    assert "intent" not in table.columns


def test_an_extending_file_replaces_removes_and_adds_groups(write_file):
    base = write_file("base.yaml", RULES)
    child = write_file(
        "child.yaml",
        f"""
        extend: {base.name}
        intent:
          groups:
            price: [koszt]
            demo: []
            trial: [trial]
        """,
    )
    intent = load_rules(child).intent
    assert intent is not None
    assert dict(intent.groups) == {
        "price": ("koszt",),
        "implementation": ("внедрени", "wdrożeni", "implementation"),
        "job_seeker": ("ищу работу", "szukam pracy", "looking for a job"),
        "trial": ("trial",),
    }
    assert intent.fields == ("message", "call_notes")


def test_the_default_rules_search_message_need_and_call_notes():
    intent = load_rules().intent
    assert intent is not None
    assert intent.fields == ("message", "need", "call_notes")
    assert list(intent.groups)[:3] == ["price", "demo", "implementation"]


def test_mistakes_in_the_intent_section_are_reported_with_file_line_and_column(write_file):
    path = write_file(
        "rules.yaml",
        """
        version: 1
        lists:
          prices: [cena]
        intent:
          fields: [mesage]
          groups:
            Price: [cena]
            demo: "demo"
            other: [" ", "--"]
            more: {list: price}
          group: {}
        """,
    )
    problems = [str(problem) for problem in check_rules(path)]
    assert problems == [
        f"{path}:5:12: intent.fields[0]: unknown field 'mesage'; did you mean 'message'?",
        f"{path}:7:5: intent.groups.Price: a group name uses lower-case letters, digits and '_', "
        "starting with a letter; got 'Price'",
        f"{path}:8:11: intent.groups.demo: needs a list of phrases [a, b] or {{list: NAME}}; "
        "found 'demo'",
        f"{path}:9:13: intent.groups.other[0]: needs a non-empty text; found ' '",
        f"{path}:9:18: intent.groups.other[1]: phrase '--' has no letter or digit",
        f"{path}:10:18: intent.groups.more: unknown list 'price'; did you mean 'prices'?",
        f"{path}:11:3: intent.group: unknown key 'group'; did you mean 'groups'?",
    ]
