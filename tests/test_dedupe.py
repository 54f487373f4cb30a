"""``leadq dedupe``: variants of one person match, different people do not, no row is lost."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import leadq
from leadq.api import ScoreOptions
from leadq.match.blocking import block_rows, candidate_pairs
from leadq.match.compare import compare_pairs, name_similarity
from leadq.match.decide import first_rule
from leadq.match.find import Judge
from leadq.match.keys import blocking_keys, email_keys, keys_of
from leadq.match.model import (
    DedupeSettings,
    KeyKind,
    MatchField,
    MatchRule,
    Requirement,
    Similarity,
)
from leadq.rules_model import Position
from leadq.ruleset import check_rules

README = Path(__file__).resolve().parent.parent / "README.md"
HEADER = ["Lead ID", "Created", "Source", "Full Name", "Email", "Phone", "Company", "City",
          "Country", "Message"]  # fmt: skip


def leads_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def dedupe(write_file, rows: list[list[str]], **kwargs) -> pd.DataFrame:
    path = write_file("leads.csv", leads_csv(rows))
    return leadq.dedupe([path], ScoreOptions(workers=1), **kwargs).table


def same_cluster(table: pd.DataFrame, *ids: str) -> bool:
    return table.set_index("lead_id").loc[list(ids), "cluster_id"].nunique() == 1


def lead(lead_id: str, name: str = "", email: str = "", phone: str = "", company: str = "",
         city: str = "", created: str = "2026-11-01", source: str = "web",
         country: str = "", message: str = "") -> list[str]:  # fmt: skip
    return [lead_id, created, source, name, email, phone, company, city, country, message]


# ------------------------------------------------------------------ spelling variants of one person

VARIANTS = {
    "cyrillic and latin": (
        lead("A", "Иванов Сергей", "s.ivanov@romashka.ru", company="ООО Ромашка", city="Москва"),
        lead("B", "Sergey Ivanov", "S.Ivanov@Romashka.ru", company="Romashka LLC", city="Moscow"),
    ),
    "polish diacritics": (
        lead("A", "Łukasz Wójcik", phone="+48 501 234 567", company="Polmet Sp. z o.o."),
        lead("B", "Lukasz Wojcik", phone="501-234-567", company="Polmet", country="Polska"),
    ),
    "e-mail case and gmail dots": (
        lead("A", "Jan Kowalski", "jan.kowalski@gmail.com"),
        lead("B", "Jan Kowalski", "JanKowalski+leads@GMAIL.com"),
    ),
    "phone formats": (
        lead("A", "Anna Nowak", phone="+48 (22) 345-67-89", country="PL"),
        lead("B", "Anna Nowak", phone="0048 22 345 67 89", country="Polska"),
    ),
    "company legal forms and a typo in the name": (
        lead("A", "Maria Smirnova", company="ООО «ВодоСнаб»", city="Казань"),
        lead("B", "Maria Smirnowa", company="ВодоСнаб", city="Казань"),
    ),
    "swapped first and last names": (
        lead("A", "Kowalczyk Kamil", "k.kowalczyk@drewpol.pl"),
        lead("B", "Kamil Kowalczyk", "k.kowalczyk@drewpol.pl"),
    ),
}


@pytest.mark.parametrize("pair", VARIANTS.values(), ids=VARIANTS.keys())
def test_spelling_variants_of_one_person_are_one_cluster(write_file, pair):
    table = dedupe(write_file, list(pair))
    assert same_cluster(table, "A", "B")
    assert table["is_primary"].sum() == 1


# ------------------------------------------------------------------ different people stay apart


def test_colleagues_on_one_switchboard_number_are_not_duplicates(write_file):
    table = dedupe(write_file, [
        lead("A", "Anna Borkowska", phone="+48 32 594 25 90", company="Intersoft", city="Katowice"),
        lead("B", "Anna Ostrowska", phone="+48 32 594 25 90", company="Intersoft", city="Katowice"),
        lead("C", "Piotr Nowak", phone="+48 32 594 25 90", company="Intersoft", city="Katowice"),
    ])  # fmt: skip
    assert table["cluster_id"].nunique() == 3


def test_namesakes_at_different_companies_are_not_duplicates(write_file):
    table = dedupe(write_file, [
        lead("A", "Emily White", "emily_white@outlook.com", company="Northway Media"),
        lead("B", "Emily White", "e.white@crowngroup.co.uk", company="Crown Group Ltd"),
    ])  # fmt: skip
    assert not same_cluster(table, "A", "B")


def test_a_placeholder_company_is_no_evidence(write_file):
    table = dedupe(write_file, [
        lead("A", "Anna Nowak", "anna.nowak@wp.pl", company="Частное лицо", city="Warszawa"),
        lead("B", "Anna Nowak", "a.nowak77@onet.pl", company="частное лицо", city="Warszawa"),
    ])  # fmt: skip
    assert not same_cluster(table, "A", "B")


def test_a_number_shared_by_a_whole_office_is_no_evidence_of_one_person(write_file):
    office = [lead(f"X{i}", f"Person{i} Staff{i}", phone="+48 22 594 25 90") for i in range(10)]
    table = dedupe(write_file, [
        lead("A", "Mariusz Nowak", phone="+48 22 594 25 90"),
        lead("B", "Dariusz Nowak", phone="+48 22 594 25 90"),
        *office,
    ])  # fmt: skip
    assert not same_cluster(table, "A", "B")


def test_a_shared_mailbox_does_not_join_different_names(write_file):
    table = dedupe(write_file, [
        lead("A", "Piotr Kamiński", "biuro@polmet.pl"),
        lead("B", "Zofia Grabowska", "biuro@polmet.pl"),
    ])  # fmt: skip
    assert not same_cluster(table, "A", "B")


# ------------------------------------------------------------------ chaining guard

CHAIN_RULES = """
    version: 1
    dedupe:
      fields:
        email: {field: email_normalized, key: email}
        phone: {field: phone_e164, key: phone}
        name: {field: person_name, key: name}
      blocking: [[email], [phone]]
      rules:
        - {id: same_email, when: {email: same}}
        - {id: same_phone, when: {phone: same}}
      min_centre_similarity: 0.6
"""


def test_a_weak_link_does_not_chain_strangers_into_one_cluster(write_file):
    rules = write_file("rules.yaml", CHAIN_RULES)
    rows = [
        # A and B: one person (same e-mail, same name); B and C only share an office phone
        lead("A", "Jan Nowak", "jan@firma.pl", "+48 22 111 22 33", created="2026-11-03"),
        lead("B", "Jan Nowak", "jan@firma.pl", "+48 22 999 88 77", created="2026-11-02"),
        lead("C", "Ewa Lis", "ewa@other.pl", "+48 22 999 88 77", created="2026-11-01"),
    ]
    path = write_file("leads.csv", leads_csv(rows))
    table = leadq.dedupe([path], ScoreOptions(rules=rules, workers=1)).table
    assert same_cluster(table, "A", "B")
    assert not same_cluster(table, "A", "C")


def test_a_member_linked_through_another_says_so_in_its_reason(write_file):
    rows = [
        lead("A", "Jan Nowak", "jan@firma.pl", company="Firma", city="Gdańsk"),
        lead("B", "Jan Nowak", "jan@firma.pl", "+48 601 222 333", company="Firma", city="Gdańsk"),
        lead("C", "Jan Nowak", phone="+48 601 222 333", created="2026-10-01"),
    ]
    table = dedupe(write_file, rows).set_index("lead_id")
    assert table.loc["B", "is_primary"]  # most complete
    assert table.loc["A", "match_reason"] == "same_email"
    assert table.loc["C", "match_reason"] == "same_phone"
    assert table.loc["C", "duplicate_of"] == "B"


# ------------------------------------------------------------------ blocking


def test_blocking_compares_only_rows_that_share_a_key():
    emails = pd.Series(["a@x.pl", "a@x.pl", "b@x.pl", pd.NA, "c@x.pl", "a@x.pl"], dtype="str")
    keys = {"email": keys_of(emails, KeyKind.EMAIL)}
    pairs = candidate_pairs(keys, (("email",),), max_block_size=10)
    assert sorted(zip(pairs.left.tolist(), pairs.right.tolist(), strict=True)) == [
        (0, 1), (0, 5), (1, 5)
    ]  # fmt: skip
    assert pairs.skipped == ()


def test_a_block_over_the_cap_is_skipped_and_reported_never_all_pairs():
    emails = pd.Series(["info@x.pl"] * 3000 + [f"p{i}@x.pl" for i in range(2000)], dtype="str")
    emails[3000:3002] = "twin@x.pl"
    keys = {"email": keys_of(emails, KeyKind.EMAIL)}
    pairs = candidate_pairs(keys, (("email",),), max_block_size=1000)
    assert len(pairs) == 1  # the twins; not the 4.5 million pairs of info@
    (skipped,) = pairs.skipped
    assert (skipped.blocks, skipped.rows, skipped.pairs) == (1, 3000, 3000 * 2999 // 2)
    assert "1 blocks larger than 1000 rows skipped (3000 rows" in skipped.describe(1000)


def test_candidate_pairs_over_several_keys_are_each_pair_once():
    rng = np.random.default_rng(7)
    a = pd.Series(rng.integers(0, 50, 2000).astype(str), dtype="str")
    b = pd.Series(rng.integers(0, 50, 2000).astype(str), dtype="str")
    keys = {"a": keys_of(a, KeyKind.EXACT), "b": keys_of(b, KeyKind.EXACT)}
    pairs = candidate_pairs(keys, (("a",), ("b",)), max_block_size=10_000)
    ids = pairs.left * 2000 + pairs.right
    assert len(np.unique(ids)) == len(ids)
    assert (pairs.left < pairs.right).all()
    share_a = a.to_numpy()[pairs.left] == a.to_numpy()[pairs.right]
    share_b = b.to_numpy()[pairs.right] == b.to_numpy()[pairs.left]
    assert (share_a | share_b).all()
    expected = sum(n * (n - 1) // 2 for n in a.value_counts()) + sum(
        n * (n - 1) // 2 for n in b.value_counts()
    )
    both = pd.Series(list(zip(a, b, strict=True))).value_counts()
    assert len(pairs) == expected - sum(n * (n - 1) // 2 for n in both)


def test_pairs_come_in_chunks_of_any_size_each_pair_once():
    rng = np.random.default_rng(3)
    a = pd.Series(rng.integers(0, 40, 1500).astype(str), dtype="str")
    b = pd.Series(rng.integers(0, 40, 1500).astype(str), dtype="str")
    keys = {"a": keys_of(a, KeyKind.EXACT), "b": keys_of(b, KeyKind.EXACT)}
    blocks = block_rows(keys, (("a",), ("b",)), max_block_size=10_000)
    everything = candidate_pairs(keys, (("a",), ("b",)), max_block_size=10_000)
    whole = set(zip(everything.left.tolist(), everything.right.tolist(), strict=True))
    for chunk_pairs in (1, 7, 1000):
        chunks = list(blocks.pairs(chunk_pairs))
        pairs = [
            p for left, right in chunks for p in zip(left.tolist(), right.tolist(), strict=True)
        ]
        assert len(pairs) == len(set(pairs)) == len(whole)
        assert set(pairs) == whole


def test_name_initials_block_spellings_of_one_person_at_a_company_together():
    names = pd.Series(
        ["Иванов Сергей", "Sergey Iwanow", "Smirnov Sergey", "Ivan Ivanov"], dtype="str"
    )
    company = pd.Series(["Romashka"] * 4, dtype="str")
    keys = {"name": keys_of(names, KeyKind.NAME), "company": keys_of(company, KeyKind.TEXT)}
    blocking = (("company", "name.initials"),)
    pairs = candidate_pairs(blocking_keys(keys, blocking), blocking, max_block_size=100)
    assert list(zip(pairs.left.tolist(), pairs.right.tolist(), strict=True)) == [(0, 1)]


def test_lazy_comparison_decides_exactly_as_comparing_every_field():
    rng = np.random.default_rng(11)
    rows = 3000
    pick = lambda options, p=None: pd.Series(rng.choice(options, rows, p=p), dtype="str")  # noqa: E731
    table = {
        "email": pick(["a@x.pl", "b@x.pl", "c@y.pl", None]),
        "phone": pick(["+48221112233", "+48601222333", None], [0.5, 0.1, 0.4]),  # switchboard
        "name": pick(["jan nowak", "jan nowakowski", "anna nowak", "j nowak", "nowak jan", None]),
        "company": pick(["polmet", "polmet sa", "intersoft", None]),
    }
    fields = tuple(
        MatchField(name, (name,), kind, Similarity(similarity))
        for name, kind, similarity in [
            ("email", KeyKind.EMAIL, "exact"), ("phone", KeyKind.PHONE, "exact"),
            ("name", KeyKind.NAME, "name"), ("company", KeyKind.TEXT, "ratio"),
        ]
    )  # fmt: skip
    at = Position("rules.yaml", 1, 1)
    rules = (
        MatchRule("e", (Requirement("email", None), Requirement("name", 0.8, True)), at),
        MatchRule("p", (Requirement("phone", None, False, 500), Requirement("name", 0.88)), at),
        MatchRule("c", (Requirement("name", 0.92), Requirement("company", 0.9)), at),
    )
    settings = DedupeSettings(fields=fields, blocking=(), rules=rules)
    keys = {
        name: keys_of(text, field.kind)
        for (name, text), field in zip(table.items(), fields, strict=True)
    }
    left, right = rng.integers(0, rows, 20_000), rng.integers(0, rows, 20_000)
    lazily = Judge(keys, settings, workers=1).rule(left, right)
    fully = first_rule(rules, compare_pairs(keys, fields, left, right))
    assert (lazily == fully).all()
    assert len(set(lazily.tolist())) == 4  # every rule, and no rule, occurs


# ------------------------------------------------------------------ keys and similarity


def test_email_keys_fold_case_tags_and_gmail_dots_only_for_gmail():
    keys = email_keys(pd.Series(
        ["J.Smith+news@GoogleMail.com", "j.smith@firma.pl", "j.smith+x@firma.pl"], dtype="str"
    ))  # fmt: skip
    assert keys.tolist() == ["jsmith@gmail.com", "j.smith@firma.pl", "j.smith@firma.pl"]


@pytest.mark.parametrize(
    ("first", "second", "low", "high"),
    [
        ("ivan ivanov", "ivan ivanov", 1.0, 1.0),
        ("olegovich petrov sergey", "petrov sergey", 1.0, 1.0),  # every word of the shorter meets
        ("ivanov ivan", "ivan ivanow", 0.9, 0.99),  # a typo
        ("anna borkowska", "anna ostrowska", 0.0, 0.87),  # most letters agree, surnames differ
        ("pawel", "kowalski pawel", 0.85, 0.85),  # a first name alone is weak evidence
        ("j thomas", "john thomas", 0.9, 0.9),  # an initial
        ("a adamczyk", "adam dabrowski", 0.0, 0.75),  # "adam" cannot meet both of the others
        ("aleksandr borisovich", "a b kuznetsov", 0.0, 0.8),  # initials of the longer name
        ("baranova olga vladimirovna", "baranova olga vladimirovnf", 0.95, 0.99),  # a typo
    ],
)
def test_name_similarity_compares_word_by_word(first, second, low, high):
    score = float(
        name_similarity(np.array([first], dtype=object), np.array([second], dtype=object))[0]
    )
    assert low - 1e-6 <= score <= high + 1e-6


# ------------------------------------------------------------------ survivorship, merge, rows


def test_every_row_comes_out_in_input_order(write_file):
    rows = [lead(f"L{i}", f"Person {i}", f"p{i % 7}@firma.pl") for i in range(40)]
    table = dedupe(write_file, rows)
    assert table["lead_id"].tolist() == [f"L{i}" for i in range(40)]
    assert table["cluster_id"].iloc[0] == 1


def test_the_most_complete_row_survives_then_the_most_recent(write_file):
    rows = [
        lead("A", "Jan Nowak", "jan@firma.pl", created="2026-11-01"),
        lead("B", "Jan Nowak", "jan@firma.pl", "+48 601 222 333", "Firma", created="2026-10-01"),
        lead("C", "Jan Nowak", "jan@firma.pl", "+48 601 222 333", "Firma", created="2026-10-02"),
    ]
    table = dedupe(write_file, rows).set_index("lead_id")
    assert table["is_primary"].tolist() == [False, False, True]
    assert (table.loc[["A", "B"], "duplicate_of"] == "C").all()


def test_merge_writes_one_record_per_cluster_with_per_column_rules(write_file):
    rows = [
        lead(
            "A",
            "Jan Nowak",
            "jan@firma.pl",
            "+48 601 222 333",
            "Firma",
            country="PL",
            message="Cena?",
        ),  # fmt: skip
        lead(
            "B",
            "JAN NOWAK",
            "JAN@firma.pl",
            "+48 22 111 22 33",
            city="Gdańsk",
            created="2026-11-05",
            message="Prosimy o wycenę wdrożenia dla 20 osób",
        ),  # fmt: skip
        lead("C", "Ewa Lis", "ewa@lis.pl"),
    ]
    merged = dedupe(write_file, rows, merge=True)
    assert len(merged) == 2
    jan = merged.iloc[0]
    assert jan["merged_from"] == "A; B" and jan["cluster_size"] == 2
    assert jan["Full Name"] == "Jan Nowak"  # the survivor's (most complete)
    assert jan["City"] == "Gdańsk"  # the survivor has none: the next row's
    assert jan["Email"] == "jan@firma.pl"  # `all`, but case variants are one value
    assert jan["Phone"] == "+48 601 222 333; +48 22 111 22 33"  # `all`: both numbers
    assert jan["Message"] == "Prosimy o wycenę wdrożenia dla 20 osób"  # `longest`
    assert merged.iloc[1]["merged_from"] == "C"


def test_score_disqualifies_all_but_the_survivor_as_duplicate(write_file):
    rows = [
        lead("A", "Jan Nowak", "jan@firma.pl", "+48 601 222 333", "Firma", country="PL"),
        lead("B", "Jan Nowak", "jan@firma.pl", country="PL"),
    ]
    path = write_file("leads.csv", leads_csv(rows))
    rules = write_file("rules.yaml", "version: 1\nextend: default\ndedupe: {in_score: true}\n")
    table = leadq.score([path], ScoreOptions(rules=rules, workers=1)).table.set_index("lead_id")
    assert table.loc["B", "disqualified_by"] == "duplicate"
    assert "duplicate" not in str(table.loc["A", "disqualified_by"])


POOLING_RULES = """
    version: 1
    extend: default
    columns: {page_views: [Views], webinar: [Webinar]}
    dedupe: {in_score: true, add_to_survivor: [page_views, webinar]}
"""


def score_pooled(write_file, rows: list[list[str]], rules: str = POOLING_RULES) -> pd.DataFrame:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([[*HEADER, "Views", "Webinar"], *rows])
    path = write_file("leads.csv", buffer.getvalue())
    options = ScoreOptions(rules=write_file("rules.yaml", rules), workers=1)
    return leadq.score([path], options).table.set_index("lead_id")


def visits(lead_id: str, views: str, webinar: str, complete: bool = True) -> list[str]:
    phone = "+48 601 222 333" if complete else ""
    return [
        *lead(lead_id, "Jan Nowak", "jan@firma.pl", phone, "Firma", country="PL"),
        views,
        webinar,
    ]


def test_a_survivor_is_scored_on_its_clusters_engagement_added_up(write_file):
    table = score_pooled(write_file, [visits("A", "4", "no"), visits("B", "6", "yes", False)])

    survivor, duplicate = table.loc["A"], table.loc["B"]
    assert survivor["is_primary"] and not duplicate["is_primary"]
    # 4 + 6 = 10 page views: active_visitor (at least 10), and B's webinar counts for A.
    assert "active_visitor" in survivor["reasons"] and "attended_webinar" in survivor["reasons"]
    assert survivor["engagement_added"] == "page_views; webinar"
    assert survivor["Views"] == "4"  # the input column is never changed
    assert pd.isna(duplicate["engagement_added"])


def test_nothing_is_added_when_the_duplicates_bring_nothing_new(write_file):
    table = score_pooled(write_file, [visits("A", "12", "yes"), visits("B", "", "", False)])

    assert pd.isna(table.loc["A", "engagement_added"])
    assert "active_visitor" in table.loc["A", "reasons"]


def test_without_add_to_survivor_each_row_keeps_its_own_engagement(write_file):
    rules = POOLING_RULES.replace("add_to_survivor: [page_views, webinar]", "add_to_survivor: []")
    table = score_pooled(
        write_file, [visits("A", "4", "no"), visits("B", "6", "yes", False)], rules
    )

    assert "engagement_added" not in table.columns
    assert "active_visitor" not in str(table.loc["A", "reasons"])


# ------------------------------------------------------------------ the dedupe: section


@pytest.mark.parametrize(
    ("section", "where", "message"),
    [
        (
            "fields: {email: {field: emial, key: email}}\n  blocking: [email]\n"
            "  rules: [{id: r, when: {email: same}}]",
            ":3:19: dedupe.fields.email.field:",
            "unknown field 'emial'",
        ),
        (
            "fields: {email: {field: email, key: mail}}\n  blocking: [email]\n"
            "  rules: [{id: r, when: {email: same}}]",
            ":3:39: dedupe.fields.email.key:",
            "unknown word 'mail'",
        ),
        (
            "fields: {email: {field: email}}\n  blocking: [email]\n"
            "  rules: [{id: r, when: {emial: same}}]",
            ":5:33: dedupe.rules[0].when.emial:",
            "unknown compared field 'emial'",
        ),
        (
            "fields: {email: {field: email}}\n  blocking: [email]\n"
            "  rules: [{id: r, when: {email: 1.5}}]",
            ":5:33: dedupe.rules[0].when.email:",
            "needs 'same', a similarity from 0 to 1",
        ),
        (
            "fields: {email: {field: email}}\n  blocking: [[email, city]]\n"
            "  rules: [{id: r, when: {email: same}}]",
            ":4:14: dedupe.blocking[0]:",
            "unknown compared field 'city'",
        ),
        (
            "fields: {name: {field: person_name, key: name}}\n  blocking: [[name.initals]]\n"
            "  rules: [{id: r, when: {name: same}}]",
            ":4:14: dedupe.blocking[0]:",
            "unknown derived key 'initals'; did you mean 'initials'?",
        ),
        (
            "fields: {phone: {field: phone}}\n  blocking: [phone]\n"
            "  rules: [{id: r, when: {phone: {same: true, shared_by_at_most: 1}}}]",
            ":5:65: dedupe.rules[0].when.phone.shared_by_at_most:",
            "needs a whole number of rows >= 2",
        ),
        (
            "fields: {email: {field: email}}\n  blocking: [email]\n  add_to_survivor: [veiws]\n"
            "  rules: [{id: r, when: {email: same}}]",
            ":5:21: dedupe.add_to_survivor[0]:",
            "unknown field 'veiws'",
        ),
        (
            "fields: {email: {field: email}}\n  blocking: [email]\n  add_to_survivor: [company]\n"
            "  rules: [{id: r, when: {email: same}}]",
            ":5:21: dedupe.add_to_survivor[0]:",
            "field 'company' is text: only number, bool and date fields can be added up",
        ),
        (
            "fields: {email: {field: email}}\n  blocking: [email]\n  survivor: [newest]\n"
            "  rules: [{id: r, when: {email: same}}]",
            ":5:14: dedupe.survivor[0]:",
            "unknown criterion 'newest'",
        ),
    ],
)
def test_a_bad_dedupe_section_is_reported_at_file_line_column(write_file, section, where, message):
    path = write_file("rules.yaml", f"version: 1\ndedupe:\n  {section}\n")
    problems = [str(problem) for problem in check_rules(path)]
    assert len(problems) == 1, problems
    assert where in problems[0] and message in problems[0], problems


def test_dedupe_with_rules_that_have_no_dedupe_section_says_so(write_file):
    rules = write_file("rules.yaml", "version: 1\n")
    path = write_file("leads.csv", leads_csv([lead("A", "Jan")]))
    with pytest.raises(leadq.RulesError, match="has no 'dedupe:' section"):
        leadq.dedupe([path], ScoreOptions(rules=rules, workers=1))


# ------------------------------------------------------------------ any table (README example)


def _readme_people_rules() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Deduplicating any table") :]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)


def test_the_readme_people_example_dedupes_a_table_that_is_not_leads(tmp_path):
    rules = tmp_path / "people.yaml"
    rules.write_text(_readme_people_rules(), encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text(
        "Name,Date of birth,Passport no,Address\n"
        'Иванов Пётр,1980-03-01,45 01 123456,"Москва, ул. Ленина, 1"\n'
        'Petr Ivanov,01.03.1980,,"ул. Ленина 1, Москва"\n'
        "Ivanova Olga,1985-07-12,4501-654321,\n"
        "Olga Ivanova,1990-01-01,4501 654321,\n"
        "Петр Иванов,1975-05-05,,Тверь\n",
        encoding="utf-8",
    )
    table = leadq.dedupe([people], ScoreOptions(rules=rules, workers=1)).table
    assert table["cluster_id"].tolist() == [1, 1, 2, 2, 3]
    reasons = table["match_reason"].fillna("").tolist()
    assert sorted(reasons[:2]) == ["", "same_person"]
    assert sorted(reasons[2:4]) == ["", "same_passport"]
    assert reasons[4] == ""
