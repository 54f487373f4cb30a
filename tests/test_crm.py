"""``leadq score --against``: leads matched with CRM exports of customers and open deals.

A lead matches a CRM record by e-mail, phone, tax id, company or corporate domain (never by a
free-mail domain); existing customers and open deals are disqualified with their own reasons and
go to a hand-off file per owner; every other lead is scored as if no CRM was given.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

import leadq
from leadq.api import ScoreOptions
from leadq.cli import main
from leadq.crm import write_handoff
from leadq.ruleset import check_rules, load_rules
from leadq.write import OutputFormat, write_table

AS_OF = "2026-11-25"
LEAD_HEADER = ["Lead ID", "Created", "Source", "Full Name", "Email", "Phone", "Company", "Tax ID",
               "Website", "Country", "Product", "Message"]  # fmt: skip
CRM_HEADER = ["Account ID", "Account Name", "Account Owner", "Status", "E-mail", "Phone", "NIP",
              "Website", "Created"]  # fmt: skip
CRM_COLUMNS = ["crm_match", "crm_owner", "crm_status", "crm_match_on", "crm_seen",
               "crm_first_seen", "crm_last_seen"]  # fmt: skip


def lead(lead_id: str, name: str = "Ewa Lis", email: str = "", phone: str = "",
         company: str = "", tax_id: str = "", website: str = "", country: str = "",
         product: str = "CRM Pro", message: str = "Please send a quote",
         source: str = "website_form", created: str = "2026-11-20") -> list[str]:  # fmt: skip
    return [lead_id, created, source, name, email, phone, company, tax_id, website, country,
            product, message]  # fmt: skip


def account(crm_id: str, company: str = "", owner: str = "Anna Kowalska",
            status: str = "Customer", email: str = "", phone: str = "", tax_id: str = "",
            website: str = "", created: str = "2025-01-10") -> list[str]:  # fmt: skip
    return [crm_id, company, owner, status, email, phone, tax_id, website, created]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def score_against(write_file):
    """Score lead rows against CRM rows (one CSV file per list of rows); the result's table."""

    def run(leads: list[list[str]], *crm_files: list[list[str]], rules: Path | None = None):
        leads_path = write_file("leads.csv", csv_text(LEAD_HEADER, leads))
        against = tuple(
            write_file(f"crm{number}.csv", csv_text(CRM_HEADER, rows))
            for number, rows in enumerate(crm_files, start=1)
        )
        options = ScoreOptions(rules=rules, as_of=pd.Timestamp(AS_OF).date(), workers=1,
                               against=against)  # fmt: skip
        return leadq.score([leads_path], options)

    return run


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_id(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("lead_id")


# ------------------------------------------------------------------ a match by each key

KEYS = {
    "e-mail, another case and gmail dots": (
        lead("L1", email="Jan.Kowalski+crm@GMAIL.com"),
        account("A1", email="JanKowalski@gmail.com"),
        "email",
    ),
    "phone in another format": (
        lead("L1", phone="8 (912) 345-67-89"),
        account("A1", phone="+7 912 345 67 89"),
        "phone",
    ),
    "tax id with spaces, dashes and a country prefix": (
        lead("L1", tax_id="525-000-12-34"),
        account("A1", tax_id="PL 525 000 12 34"),
        "tax_id",
    ),
    "company key with another legal form": (
        lead("L1", company="Polmet Sp. z o.o."),
        account("A1", company="POLMET S.A."),
        "company",
    ),
    "corporate e-mail domain against the CRM's website": (
        lead("L1", email="ewa.lis@firma-x.pl"),
        account("A1", website="https://www.Firma-X.pl/kontakt"),
        "domain",
    ),
    "corporate domains of two different mailboxes": (
        lead("L1", email="ewa.lis@firma-x.pl"),
        account("A1", email="biuro@firma-x.pl"),
        "domain",
    ),
}


@pytest.mark.parametrize("lead_row, crm_row, key", KEYS.values(), ids=KEYS.keys())
def test_a_lead_matches_its_crm_record_by_each_key(score_against, lead_row, crm_row, key):
    matched = by_id(score_against([lead_row], [crm_row]).table).loc["L1"]
    assert matched["crm_match"] == "A1"
    assert matched["crm_match_on"] == key
    assert matched["crm_owner"] == "Anna Kowalska"
    assert matched["crm_status"] == "Customer"


def test_a_free_mail_domain_never_matches_by_domain(score_against):
    table = score_against(
        [lead("L1", email="ewa.lis@gmail.com"), lead("L2", email="piotr@mail.ru")],
        [account("A1", email="someone.else@gmail.com", website="gmail.com"),
         account("A2", email="other@mail.ru")],
    ).table  # fmt: skip
    assert table["crm_match"].isna().all()
    assert (table["crm_seen"] == 0).all()


# ------------------------------------------------------------------ choosing among several records


def test_the_earliest_key_of_match_on_wins(score_against):
    table = score_against(
        [lead("L1", email="ewa@polmet.pl", company="Polmet")],
        [account("BY-COMPANY", company="Polmet", created="2026-10-01"),
         account("BY-EMAIL", email="EWA@polmet.pl", status="Negotiation", created="2020-01-01")],
    ).table  # fmt: skip
    matched = by_id(table).loc["L1"]
    assert (matched["crm_match"], matched["crm_match_on"]) == ("BY-EMAIL", "email")
    assert matched["crm_seen"] == 2  # both records share a key with the lead (email, company)


def test_a_customer_comes_before_an_open_deal_then_the_most_recent_then_file_order(
    score_against,
):
    crm = [
        account("DEAL", company="Polmet", status="Negotiation", created="2026-11-01"),
        account("OLD", company="Polmet", status="Customer", created="2021-05-01"),
        account("NEW", company="Polmet", status="Customer", created="2024-05-01"),
        account("NEW-TOO", company="Polmet", status="Customer", created="2024-05-01"),
    ]
    matched = by_id(score_against([lead("L1", company="Polmet")], crm).table).loc["L1"]
    assert matched["crm_match"] == "NEW"
    assert matched["crm_seen"] == 4
    assert matched["crm_first_seen"] == pd.Timestamp("2021-05-01")
    assert matched["crm_last_seen"] == pd.Timestamp("2026-11-01")


def test_records_of_several_files_are_matched_as_one_crm(score_against):
    table = score_against(
        [lead("L1", company="Polmet"), lead("L2", phone="+7 912 345 67 89")],
        [account("ACC-1", company="Polmet")],
        [account("DEAL-7", phone="89123456789", status="Proposal", owner="Piotr Zieliński")],
    ).table  # fmt: skip
    assert by_id(table).loc[["L1", "L2"], "crm_match"].tolist() == ["ACC-1", "DEAL-7"]


# ------------------------------------------------------------------ disqualification


def test_customers_and_open_deals_are_disqualified_with_their_own_reasons(score_against):
    table = by_id(
        score_against(
            [lead("L1", company="Polmet", email="jan@polmet.pl"),
             lead("L2", company="Drewtel", email="ewa@drewtel.pl"),
             lead("L3", company="Interfarm", email="zofia@interfarm.pl")],
            [account("A1", company="Polmet", status="customer"),
             account("A2", company="Drewtel", status="Negocjacje"),
             account("A3", company="Interfarm", status="Lost")],
        ).table
    )  # fmt: skip
    assert table.loc["L1", "disqualified_by"] == "existing_customer"
    assert table.loc["L2", "disqualified_by"] == "open_deal"
    assert table.loc["L1", "reasons"].startswith("already a customer in the CRM")
    assert (table.loc[["L1", "L2"], "stage"] == "disqualified").all()
    # matched, but neither a customer nor an open deal: stays in the funnel, the match visible
    assert table.loc["L3", "crm_match"] == "A3"
    assert table.loc["L3", "stage"] != "disqualified"


def test_statuses_are_configurable_in_the_rules(score_against, write_file):
    rules = write_file(
        "rules.yaml",
        """
        extend: default
        crm:
          existing_customer: [partner]
        """,
    )
    table = by_id(
        score_against([lead("L1", company="Polmet", email="jan@polmet.pl"),
                       lead("L2", company="Drewtel", email="ewa@drewtel.pl")],
                      [account("A1", company="Polmet", status="Partner"),
                       account("A2", company="Drewtel", status="Customer")], rules=rules).table
    )  # fmt: skip
    assert table.loc["L1", "disqualified_by"] == "existing_customer"
    assert table.loc["L2", "disqualified_by"] == ""  # "customer" is no longer in the list


def test_unmatched_leads_are_scored_as_without_a_crm(score_against, write_file):
    leads = [lead("L1", company="Polmet"), lead("L2", email="ewa@drewtel.pl", company="Drewtel")]
    with_crm = by_id(score_against(leads, [account("A1", company="Polmet")]).table)
    path = write_file("plain.csv", csv_text(LEAD_HEADER, leads))
    plain = by_id(leadq.score([path], ScoreOptions(as_of=pd.Timestamp(AS_OF).date())).table)
    for column in ("disqualified_by", "reasons", "score", "quality", "stage"):
        assert str(with_crm.loc["L2", column]) == str(plain.loc["L2", column])
    assert pd.isna(with_crm.loc["L2", "crm_match"]) and with_crm.loc["L2", "crm_seen"] == 0


def test_every_lead_comes_out_once_and_without_against_no_crm_column_is_added(
    score_against, tmp_path
):
    leads = [lead(f"L{n}", company=f"Firma {n % 7}", phone=f"+48 501 234 5{n:02d}")
             for n in range(40)]  # fmt: skip
    crm_xlsx = tmp_path / "deals.xlsx"
    deals = pd.DataFrame([account("D1", company="Firma 3", status="Open")], columns=CRM_HEADER)
    write_table(deals, crm_xlsx, OutputFormat.XLSX)
    result = score_against(leads, [account("A1", company="Firma 1")])
    assert sorted(result.table["lead_id"]) == sorted(row[0] for row in leads)
    both = leadq.score(
        [tmp_path / "leads.csv"],
        ScoreOptions(workers=1, against=(tmp_path / "crm1.csv", crm_xlsx)),
    ).table
    assert len(both) == 40 and both["lead_id"].is_unique
    assert set(both.loc[both["crm_match"].notna(), "crm_match"]) == {"A1", "D1"}
    plain = leadq.score([tmp_path / "leads.csv"], ScoreOptions(workers=1)).table
    assert not set(CRM_COLUMNS) & set(plain.columns)


# ------------------------------------------------------------------ hand-off files


def test_hand_off_files_hold_each_owners_leads(score_against, tmp_path):
    result = score_against(
        [lead("L1", name="Jan Nowak", company="Polmet", email="jan@polmet.pl",
              message="=HYPERLINK(\"x\")"),
         lead("L2", company="Drewtel"), lead("L3", company="Interfarm"),
         lead("L4", company="Nobody")],
        [account("A1", company="Polmet", owner="Łukasz Wójcik"),
         account("A2", company="Drewtel", owner="", status="Open"),
         account("A3", company="Interfarm", owner="Łukasz Wójcik", status="Lost")],
    )  # fmt: skip
    written = write_handoff(result.table, result.context, tmp_path / "handoff")
    assert {path.name: count for path, count in written.items()} == {
        "handoff-lukasz-wojcik.csv": 1,
        "handoff-unassigned.csv": 1,
    }
    rows = read_rows(tmp_path / "handoff" / "handoff-lukasz-wojcik.csv")
    assert rows == [
        {"lead_id": "L1", "crm_match": "A1", "crm_owner": "Łukasz Wójcik",
         "crm_status": "Customer", "crm_match_on": "company",
         "name": "Jan Nowak", "email": "jan@polmet.pl", "phone": "", "company": "Polmet",
         "product": "CRM Pro", "message": "'=HYPERLINK(\"x\")", "source": "website_form",
         "created": "2026-11-20"},
    ]  # fmt: skip
    unassigned = read_rows(tmp_path / "handoff" / "handoff-unassigned.csv")
    assert [row["lead_id"] for row in unassigned] == ["L2"]


# ------------------------------------------------------------------ the crm: section


def test_mistakes_in_the_crm_section_are_reported_with_file_line_and_column(write_file):
    path = write_file(
        "rules.yaml",
        """
        extend: default
        crm:
          columns:
            ownr: [manager]
          match_on: [email, fone, email]
          existing_customer: [customer]
          open_deal: [Customer, open]
          stages: [won]
        """,
    )
    problems = [str(problem) for problem in check_rules(path)]
    assert problems == [
        f"{path}:4:5: crm.columns.ownr: unknown CRM field 'ownr'; did you mean 'owner'?",
        f"{path}:5:21: crm.match_on[1]: unknown key 'fone'; did you mean 'phone'?",
        f"{path}:5:27: crm.match_on[2]: key 'email' is listed twice",
        f"{path}:7:14: crm.open_deal: status 'Customer' is also listed under existing_customer; "
        "list it once",
        f"{path}:8:3: crm.stages: unknown key 'stages'; expected one of: columns, "
        "existing_customer, match_on, open_deal",
    ]


def test_the_default_rules_describe_a_crm_export():
    crm = load_rules().crm
    assert crm is not None
    assert [key.value for key in crm.match_on] == ["email", "phone", "tax_id", "company", "domain"]
    assert "customer" in crm.existing_customer and "negotiation" in crm.open_deal


def test_against_with_rules_without_a_crm_section_is_a_rules_error(score_against, write_file):
    rules = write_file("rules.yaml", "version: 1\n")
    with pytest.raises(leadq.RulesError, match="has no 'crm:' section"):
        score_against([lead("L1")], [account("A1", company="Polmet")], rules=rules)


# ------------------------------------------------------------------ the command line


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_the_output_and_the_hand_off(write_file, tmp_path, capsys):
    leads = write_file("leads.csv", csv_text(LEAD_HEADER, [lead("L1", company="Polmet")]))
    crm = write_file("crm.csv", csv_text(CRM_HEADER, [account("A1", company="Polmet")]))
    out, ranked_path = tmp_path / "out", tmp_path / "ranked.csv"
    code, _, err = run_cli(
        capsys, "score", leads, "--against", crm, "--handoff", out, "-o", ranked_path
    )
    assert code == 0, err
    assert "1 leads already being worked" in err
    assert (tmp_path / "out" / "handoff-anna-kowalska.csv").exists()
    ranked = pd.read_csv(ranked_path, dtype=str)
    assert ranked.loc[0, "crm_match"] == "A1"


@pytest.mark.parametrize(
    "crm_text, expected",
    [
        (None, "missing.csv: no such file"),
        ("Name,Notes\nPolmet,vip\n", "no column to match leads on"),
    ],
    ids=["missing file", "no key column"],
)
def test_cli_a_bad_crm_file_is_one_error_line_and_exit_2(
    write_file, tmp_path, capsys, crm_text, expected
):
    leads = write_file("leads.csv", csv_text(LEAD_HEADER, [lead("L1")]))
    crm = tmp_path / "missing.csv" if crm_text is None else write_file("crm.csv", crm_text)
    code, out, err = run_cli(capsys, "score", leads, "--against", crm, "-o", tmp_path / "r.csv")
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("leadq: error: "), err
    assert str(crm) in lines[0] and expected in lines[0]
    assert "Traceback" not in err and not (tmp_path / "r.csv").exists()


def test_cli_handoff_needs_against(write_file, tmp_path, capsys):
    leads = write_file("leads.csv", csv_text(LEAD_HEADER, [lead("L1")]))
    code, _, err = run_cli(capsys, "score", leads, "--handoff", tmp_path, "-o", tmp_path / "r.csv")
    assert code == 2
    expected = "leadq: error: --handoff needs --against CRM_FILE: the hand-off lists CRM matches"
    assert err.splitlines() == [expected]


# ------------------------------------------------------------------ history: seen before


def test_history_counts_the_crm_records_of_the_person_or_company(score_against):
    table = score_against(
        [lead("L1", email="ewa@firma-x.pl"), lead("L2", email="nowy@inna.pl")],
        [account("A1", email="ewa@firma-x.pl", created="2024-03-01"),
         account("A2", website="firma-x.pl", status="Lost", created="2025-06-30")],
    )  # fmt: skip
    rows = by_id(table.table)
    assert rows.loc["L1", "seen_before"] == 2
    assert str(rows.loc["L1", "first_seen"])[:10] == "2024-03-01"
    assert str(rows.loc["L1", "last_seen"])[:10] == "2025-06-30"
    assert rows.loc["L2", "seen_before"] == 0
    assert pd.isna(rows.loc["L2", "first_seen"]) and pd.isna(rows.loc["L2", "last_seen"])


def test_history_counts_earlier_duplicates_in_the_batch(score_against, write_file):
    rules = write_file("rules.yaml", "version: 1\nextend: default\ndedupe:\n  in_score: true\n")
    table = score_against(
        [lead("L1", email="ewa@firma-x.pl", created="2026-11-20"),
         lead("L2", email="EWA@firma-x.pl", created="2026-09-01"),
         lead("L3", email="ewa@firma-x.pl", created="2026-10-15"),
         lead("L4", name="Jan Nowak", email="jan@inna.pl")],
        rules=rules,
    )  # fmt: skip
    rows = by_id(table.table)
    assert rows.loc[["L2", "L3", "L1", "L4"], "seen_before"].tolist() == [0, 1, 2, 0]
    assert str(rows.loc["L1", "first_seen"])[:10] == "2026-09-01"
    assert str(rows.loc["L1", "last_seen"])[:10] == "2026-10-15"
    assert pd.isna(rows.loc["L2", "first_seen"])


def test_without_crm_or_duplicate_marking_no_history_is_claimed(score_against):
    table = score_against([lead("L1", email="ewa@firma-x.pl")])
    assert "seen_before" not in table.table.columns
