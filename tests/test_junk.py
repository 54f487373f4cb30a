"""The junk filter: competitors, agencies, tender hunters, collectors, spam bots and fraud.

Each kind fires on what marks it and a clean lead fires none; ``junk`` lists every kind found,
``junk_kind`` the first in a fixed order, ``junk_reasons`` what was found; the default disqualify
rules name the kind by id. No row is ever dropped.
"""

from __future__ import annotations

import csv
import datetime
import io

import pandas as pd
import pytest

import leadq
from leadq.api import ScoreOptions
from leadq.gibberish import gibberish_names
from leadq.ruleset import check_rules, load_rules

AS_OF = datetime.date(2026, 11, 25)

RULES = """
extend: default
columns:
  honeypot: [website confirm]
lists:
  competitor_domains: [rival-crm.pl, konkurent.ru]
  competitor_names: [Rival CRM]
  competitor_tax_ids: [PL 525-123-45-67]
"""

CLEAN = {
    "Full Name": "Anna Kowalska",
    "Email": "anna@kowalski-i-syn.pl",
    "Phone": "+48 501 234 567",
    "Company": "Kowalski i Syn",
    "Message": "Prosimy o wycenę wdrożenia",
}


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


def junk_of(write_file, changes: dict[str, str]) -> pd.Series:
    """The junk columns and disqualifying rule ids of one clean lead changed by ``changes``."""
    row = score(write_file, [{**CLEAN, **changes}]).iloc[0]
    return row[["junk", "junk_kind", "junk_reasons", "disqualified_by"]].fillna("")


def test_a_clean_lead_is_not_junk(write_file):
    lead = junk_of(write_file, {})
    assert lead.tolist() == ["", "", "", ""]


@pytest.mark.parametrize(
    ("changes", "kind", "reason", "rule"),
    [
        ({"Email": "jan@rival-crm.pl"}, "competitor", "e-mail domain", "competitor"),
        ({"Website": "https://www.shop.konkurent.ru/about"}, "competitor", "website", "competitor"),
        ({"Company": "RIVAL CRM sp. z o.o."}, "competitor", "company name", "competitor"),
        ({"Tax ID": "5251234567"}, "competitor", "tax id", "competitor"),
        ({"Message": "Мы интегратор, пришлите прайс"}, "competitor", "мы интегратор", "competitor"),
        ({"Message": "Предлагаем услуги SEO-продвижения"}, "agency", "seo", "ad_agency"),
        ({"Message": "Jesteśmy agencją marketingową"}, "agency", "agencja marketingow",
         "ad_agency"),
        ({"Message": "Просим КП для участия в тендере"}, "tender", "тендер", "tender"),
        ({"Message": "КП по 44-ФЗ до пятницы"}, "tender", "44-ФЗ", "tender"),
        ({"Message": "Zapytanie ofertowe, termin: piątek"}, "tender", "zapytanie ofertowe",
         "tender"),
        ({"Message": "RFQ attached, please quote"}, "tender", "RFQ", "tender"),
        ({"Message": "Коллекторское агентство, по задолженности"}, "collector", "коллектор",
         "collector"),
        ({"Message": "Firma windykacyjna, prosimy o kontakt"}, "collector", "windykac",
         "collector"),
        ({"Message": "Debt collection agency, call us"}, "collector", "debt collection",
         "collector"),
        ({"Message": "Buy now http://bit.ly/3xYzAb"}, "spam_link", "link or HTML in message",
         "spam_link"),
        ({"Full Name": "<b>Winner</b>"}, "spam_link", "link or HTML in full_name", "spam_link"),
        ({"Full Name": "xkqzvwt"}, "gibberish_name", "made-up name", "gibberish_name"),
        ({"website confirm": "http://x.example"}, "honeypot", "hidden field honeypot filled",
         "honeypot"),
    ],
)  # fmt: skip
def test_each_junk_kind_fires_with_its_reason_and_rule(write_file, changes, kind, reason, rule):
    lead = junk_of(write_file, changes)
    assert lead["junk_kind"] == kind
    assert lead["junk_reasons"] == f"{kind}: {reason}"
    assert rule in lead["disqualified_by"].split("; ")


def test_a_throwaway_mailbox_is_junk_and_disqualifies_only_without_a_phone(write_file):
    with_phone = junk_of(write_file, {"Email": "jan@mailinator.com"})
    without = junk_of(write_file, {"Email": "jan@mailinator.com", "Phone": ""})
    assert with_phone["junk_kind"] == without["junk_kind"] == "disposable_email"
    assert with_phone["disqualified_by"] == ""
    assert without["disqualified_by"] == "disposable_email"


def test_every_kind_found_is_listed_and_the_first_in_order_is_the_kind(write_file):
    lead = junk_of(write_file, {"Email": "x@rival-crm.pl", "Message": "Тендер 44-ФЗ <b>!</b>"})
    assert lead["junk"] == "competitor; tender; spam_link"
    assert lead["junk_kind"] == "competitor"
    assert lead["junk_reasons"] == (
        "competitor: e-mail domain; tender: тендер; spam_link: link or HTML in message"
    )


def names(count: int, email: str = "same@acme.pl") -> list[dict[str, str]]:
    people = ["Anna Nowak", "Jan Kowalski", "Ewa Lis", "Piotr Zieliński", "Olga Wójcik"]
    return [{**CLEAN, "Full Name": people[i], "Email": email, "Phone": ""} for i in range(count)]


def test_one_e_mail_with_many_names_is_a_shared_contact(write_file):
    shared = score(write_file, names(4))
    fewer = score(write_file, names(3))
    assert shared["junk_kind"].tolist() == ["shared_contact"] * 4
    assert shared["junk_reasons"].tolist() == ["shared_contact: e-mail used with 4+ names"] * 4
    assert fewer["junk"].isna().all()


def test_a_role_mailbox_shared_by_colleagues_is_not_a_shared_contact(write_file):
    assert score(write_file, names(5, email="biuro@acme.pl"))["junk"].isna().all()


def test_one_person_typing_the_name_differently_is_not_a_shared_contact(write_file):
    spellings = ["James Thomas", "J. Thomas", "Thomas James", "james thomas", "Jim Thomas"]
    rows = [{**CLEAN, "Full Name": name, "Email": "jt@acme.co.uk"} for name in spellings]
    assert score(write_file, rows)["junk"].isna().all()


def test_one_phone_with_many_names_is_shared_only_when_asked(write_file):
    rows = [
        {**row, "Email": f"person{i}@acme.pl", "Phone": "+48 22 123 45 67"}
        for i, row in enumerate(names(3))
    ]
    office = score(write_file, rows)
    asked = score(write_file, rows, RULES + "junk:\n  names_per_phone: 3\n")
    assert office["junk"].isna().all()  # colleagues share an office number
    assert asked["junk_reasons"].tolist() == ["shared_contact: phone used with 3+ names"] * 3


def at(minute: int, ip: str = "10.0.0.1") -> dict[str, str]:
    return {**CLEAN, "Created": f"2026-11-20 10:{minute:02d}", "IP": ip}


@pytest.mark.parametrize(
    ("minutes", "ips", "expected"),
    [
        ([0, 2, 4, 6, 8], ["10.0.0.1"] * 5, [True] * 5),  # 5 within 10 minutes
        ([0, 2, 4, 6, 8, 30], ["10.0.0.1"] * 6, [True] * 5 + [False]),  # the late one is not
        ([0, 3, 6, 9, 12], ["10.0.0.1"] * 5, [False] * 5),  # spread over 12 minutes
        ([0, 2, 4, 6, 8], ["10.0.0.1"] * 4 + ["10.0.0.2"], [False] * 5),  # two addresses
    ],
)
def test_a_burst_from_one_ip_within_minutes_is_junk(write_file, minutes, ips, expected):
    table = score(write_file, [at(minute, ip) for minute, ip in zip(minutes, ips, strict=True)])
    assert len(table) == len(minutes)  # rows in == rows out
    assert (table["junk_kind"] == "burst").fillna(False).tolist() == expected


@pytest.mark.parametrize(
    "name",
    [
        "Mark Miller", "Krzysztof Kalinowski", "Grzegorz Brzęczyszczykiewicz", "Pszczółkowski",
        "Chrząszcz", "Anna Nowak-Wiśniewska", "O'Neil", "McDonald", "Doherty", "Nietzsche",
        "Иванов Иван Иванович", "Иванов И.И.", "Дарья Беляева", "Щукин", "Ткачёв Пётр",
        "Ng", "Jthomas",
    ],
)  # fmt: skip
def test_real_russian_polish_and_english_names_are_not_gibberish(name):
    assert not gibberish_names(pd.Series([name], dtype="str")).iloc[0]


@pytest.mark.parametrize(
    "name",
    ["xkqzvwt", "asdfgh", "Ivan123", "hDfGkLs", "Ivаnov (Cyrillic а)", "Xkcd Smith", "йцукен",
     "фывапр"],
)  # fmt: skip
def test_made_up_names_are_gibberish(name):
    assert gibberish_names(pd.Series([name], dtype="str")).iloc[0]


def test_the_names_of_the_examples_are_not_gibberish():
    table = leadq.score(["examples/leads.csv"], ScoreOptions(as_of=AS_OF, workers=1)).table
    flagged = table.loc[(table["junk_kind"] == "gibberish_name").fillna(False), "person_name"]
    assert flagged.tolist() == ["Йцукен"]  # the one keyboard-mashed name in the file


def test_an_extending_file_can_switch_a_check_off(write_file):
    rules = RULES + "junk:\n  gibberish_names: false\n  burst: null\n"
    junk = load_rules(write_file("rules.yaml", rules)).junk
    assert junk is not None
    assert (junk.gibberish_names, junk.burst, junk.names_per_email) == (False, None, 4)


def test_mistakes_in_the_junk_section_are_reported_with_file_line_and_column(write_file):
    path = write_file(
        "rules.yaml",
        """
        version: 1
        junk:
          fields: [mesage]
          phrases:
            tendr: [тендер]
          competitors:
            domain: [a.pl]
            names: {list: rivals}
          gibberish_names: maybe
          honeypot: hp_field
          names_per_email: 1
          burst: {field: ip, requests: 5}
        """,
    )
    problems = [str(problem) for problem in check_rules(path)]
    assert problems == [
        f"{path}:3:12: junk.fields[0]: unknown field 'mesage'; did you mean 'message'?",
        f"{path}:5:5: junk.phrases.tendr: unknown kind 'tendr'; did you mean 'tender'?",
        f"{path}:7:5: junk.competitors.domain: unknown kind 'domain'; did you mean 'domains'?",
        f"{path}:8:19: junk.competitors.names: unknown list 'rivals'",
        f"{path}:9:20: junk.gibberish_names: needs true or false; found 'maybe'",
        f"{path}:10:13: junk.honeypot: unknown field 'hp_field'",
        f"{path}:11:20: junk.names_per_email: needs a whole number, 2 or more (or null to "
        "switch it off); found '1'",
        f"{path}:12:10: junk.burst: needs minutes, e.g. {{field: ip, requests: 5, minutes: 10}}",
    ]
