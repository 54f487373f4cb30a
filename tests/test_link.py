"""``leadq dedupe a.csv --link b.csv``: which records of a appear in b, every row of a kept."""

from __future__ import annotations

import pandas as pd
import pytest

import leadq
from leadq.api import ScoreOptions
from leadq.cli import main

LEADS = """
    Name,Email,Phone,Company
    Ivan Ivanov,ivan@acme.ru,+7 912 345 67 89,ACME
    Anna Nowak,anna@firma.pl,,Firma
    John Smith,john@x.com,,X Ltd
    John Smith,john@x.com,,X Ltd
"""
CRM = """
    ID,Full name,E-mail,Phone,Company
    C-1,Иванов Иван,IVAN@acme.ru,,ООО АКМЕ
    C-2,Someone Else,other@y.com,,Y
    C-3,Nowak Anna,,,Firma Sp. z o.o.
    C-4,Ivan Ivanov,,+79123456789,
"""


def link(write_file, leads: str = LEADS, crm: str = CRM) -> pd.DataFrame:
    ours, theirs = write_file("leads.csv", leads), write_file("crm.csv", crm)
    return leadq.link([ours], theirs, ScoreOptions(workers=1)).table.set_index("lead_id")


def test_every_row_of_the_first_file_is_kept_in_order_with_only_its_own_columns(write_file):
    linked = link(write_file)

    assert list(linked.index) == ["leads-2", "leads-3", "leads-4", "leads-5"]
    assert list(linked.columns) == [
        "Name", "Email", "Phone", "Company", "source_file", "source_row",
        "link_match", "link_row", "link_score", "link_reason", "link_count",
    ]  # fmt: skip


def test_a_record_found_in_the_other_file_names_it_its_row_and_the_rule(write_file):
    anna = link(write_file).loc["leads-3"]

    assert anna["link_match"] == "C-3"
    assert anna["link_row"] == 4
    assert anna["link_reason"] == "same_person_at_company"
    assert anna["link_count"] == 1


def test_of_several_matching_records_the_most_similar_is_named_and_all_are_counted(write_file):
    ivan = link(write_file).loc["leads-2"]

    # C-1 shares the e-mail (the phone missing), C-4 the phone and the name as typed: C-4 is the
    # more similar over the fields both have (name 1.0, phone 1.0 against name, e-mail, company).
    assert ivan["link_count"] == 2
    assert ivan["link_match"] == "C-4"
    assert ivan["link_reason"] == "same_phone"


def test_duplicates_within_the_first_file_are_not_links(write_file):
    linked = link(write_file)

    assert linked.loc[["leads-4", "leads-5"], "link_count"].tolist() == [0, 0]
    assert linked.loc[["leads-4", "leads-5"], "link_match"].isna().all()
    assert linked.loc[["leads-4", "leads-5"], "link_score"].isna().all()


def test_nothing_in_common_links_nothing(write_file):
    linked = link(write_file, crm="ID,Name,Email\nX-1,Zed Zulu,zed@z.org\n")

    assert (linked["link_count"] == 0).all()
    assert linked["link_match"].isna().all()


def test_cli_writes_the_linked_rows_and_says_how_many_were_found(write_file, tmp_path, capsys):
    ours, theirs = write_file("leads.csv", LEADS), write_file("crm.csv", CRM)
    output = tmp_path / "linked.csv"

    code = main(["dedupe", str(ours), "--link", str(theirs), "-o", str(output)])

    err = capsys.readouterr().err
    assert code == 0
    assert "4 rows: 2 found in the linked file (50%)" in err
    assert len(pd.read_csv(output)) == 4


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--merge"], "leadq: error: --link cannot be combined with --merge"),
        (["--link", "missing.csv"], "missing.csv"),
    ],
)
def test_cli_link_mistakes_are_one_line_and_exit_2(write_file, capsys, extra, message):
    ours, theirs = write_file("leads.csv", LEADS), write_file("crm.csv", CRM)
    args = ["dedupe", str(ours), "--link", str(theirs), *extra]

    code = main(args)

    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
