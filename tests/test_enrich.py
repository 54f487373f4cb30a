"""``leadq score``'s enrichment stage: the company domain, tax id columns, and ``--enrich``
registry exports joined by tax id, company domain and company key.

The lead's own industry, employees and revenue win; the registry fills blanks (``enrich:
prefer: registry`` turns that round); ``enriched_by`` names the record used; fit rules read
``company_employees``.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from stdnum.pl import nip
from stdnum.ru import inn

import leadq
from leadq.api import ScoreOptions
from leadq.as_of import date_and_moment, parse_as_of
from leadq.cli import main
from leadq.ruleset import check_rules, load_rules
from leadq.write import OutputFormat, write_table

AS_OF = datetime.date(2026, 11, 25)
LEAD_HEADER = ["Lead ID", "Full Name", "Email", "Phone", "Company", "Tax ID", "Website",
               "Country", "Employees", "Industry"]  # fmt: skip
REGISTRY_HEADER = ["Наименование", "ИНН", "Сайт", "Страна", "Отрасль", "Численность",
                   "Выручка", "Регион", "Дата регистрации"]  # fmt: skip
INN = "7707083893"  # computed below too: its check digit holds
NIP = "8567346215"  # python-stdnum's example NIP


def lead(lead_id: str, email: str = "", company: str = "", tax_id: str = "",
         website: str = "", country: str = "", employees: str = "", industry: str = "",
         phone: str = "+7 495 734-97-87") -> list[str]:  # fmt: skip
    return [lead_id, "Ewa Lis", email, phone, company, tax_id, website, country, employees,
            industry]  # fmt: skip


def record(company: str = "", tax_id: str = "", website: str = "", country: str = "",
           industry: str = "", employees: str = "", revenue: str = "", region: str = "",
           founded: str = "") -> list[str]:  # fmt: skip
    return [company, tax_id, website, country, industry, employees, revenue, region, founded]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def value(table: pd.DataFrame, lead_id: str, column: str) -> object:
    found = table.set_index("lead_id").loc[lead_id, column]
    return None if pd.isna(found) else found


@pytest.fixture
def score_with(write_file):
    """Score lead rows with registry files (one CSV per list of records); the result's table."""

    def run(leads: list[list[str]], *registries: list[list[str]], rules: Path | None = None):
        leads_path = write_file("leads.csv", csv_text(LEAD_HEADER, leads))
        enrich = tuple(
            write_file(f"registry{number}.csv", csv_text(REGISTRY_HEADER, rows))
            for number, rows in enumerate(registries, start=1)
        )
        options = ScoreOptions(rules=rules, as_of=AS_OF, workers=1, enrich=enrich)
        return leadq.score([leads_path], options).table

    return run


def test_the_known_ids_hold():
    assert inn.is_valid(INN) and nip.is_valid(NIP)


# ------------------------------------------------------------------ company domain


@pytest.mark.parametrize(
    "email, website, expected",
    [
        ("ivan@sibtekh.ru", "", "sibtekh.ru"),  # corporate e-mail
        ("ivan@sibtekh.ru", "https://www.other.ru", "sibtekh.ru"),  # the e-mail comes first
        ("ivan@gmail.com", "https://www.Sibtekh.ru/kontakty", "sibtekh.ru"),  # free-mail
        ("ivan@mailinator.com", "sibtekh.ru", "sibtekh.ru"),  # throwaway
        ("ivan@gmail.con", "", None),  # a typo of a free-mail domain is nobody's company
        ("ivan@yandex.ru", "", None),  # free-mail and no website
        ("", "not a site", None),
    ],
)
def test_company_domain(score_with, email, website, expected):
    table = score_with([lead("L1", email=email, website=website)])
    assert value(table, "L1", "company_domain") == expected


# ------------------------------------------------------------------ tax id columns


def test_tax_id_columns_use_the_country_or_the_phones(score_with):
    table = score_with(
        [
            lead("RU", tax_id=f"ИНН {INN}", country="Россия"),
            lead("PL", tax_id="856-734-62-15", country="Polska"),
            lead("PH", tax_id="856-734-62-16", phone="+48 22 628 12 34"),  # a Polish phone
            lead("NO", tax_id=""),
        ]
    )
    columns = ["tax_id_normalized", "tax_id_valid", "tax_id_country", "tax_id_kind"]
    assert [value(table, "RU", name) for name in columns] == [INN, True, "RU", "inn"]
    assert [value(table, "PL", name) for name in columns] == [NIP, True, "PL", "nip"]
    assert [value(table, "PH", name) for name in columns] == ["8567346216", False, "PL", "nip"]
    assert [value(table, "NO", name) for name in columns] == [None, None, None, None]


def test_an_invalid_tax_id_costs_quality_points_and_never_stops_the_run(score_with):
    table = score_with([lead("BAD", tax_id="ИНН 7707083894"), lead("OK", tax_id=f"ИНН {INN}")])
    assert "invalid_tax_id" in value(table, "BAD", "reasons")
    assert "invalid_tax_id" not in (value(table, "OK", "reasons") or "")
    assert value(table, "OK", "quality") - value(table, "BAD", "quality") == 10


# ------------------------------------------------------------------ the registry join


@pytest.mark.parametrize(
    "lead_row, registry_row, key",
    [
        (lead("L1", tax_id=INN, country="RU"), record("Other name", tax_id=f"ИНН {INN}"), "tax_id"),
        (lead("L1", tax_id=f"PL {NIP}"), record("Netpol", tax_id=NIP, country="PL"), "tax_id"),
        (lead("L1", email="anna@netpol.pl"), record("Other", website="https://netpol.pl"),
         "domain"),
        (lead("L1", website="www.netpol.pl"), record("Other", website="netpol.pl/"), "domain"),
        (lead("L1", company="ООО «СибТех»"), record("Сибтех, ООО"), "company"),
        (lead("L1", company="Netpol Sp. z o.o."), record("NETPOL"), "company"),
    ],
    ids=["inn", "vat prefix vs nip", "email domain", "website", "company ru", "company pl"],
)  # fmt: skip
def test_a_lead_joins_its_record_by_each_key(score_with, lead_row, registry_row, key):
    registry_row[4:9] = ["Logistics", "120", "5 000 000", "mazowieckie", "12.03.2004"]
    table = score_with([lead_row], [registry_row])
    assert value(table, "L1", "enriched_by") == f"registry1.csv:2 by {key}"
    assert value(table, "L1", "company_industry") == "Logistics"
    assert value(table, "L1", "company_employees") == 120
    assert value(table, "L1", "company_revenue") == 5_000_000
    assert value(table, "L1", "company_region") == "mazowieckie"
    assert value(table, "L1", "company_founded") == 2004


def test_a_free_mail_domain_never_joins(score_with):
    registry = [record("Google", website="gmail.com")]
    table = score_with([lead("L1", email="anna@gmail.com")], registry)
    assert value(table, "L1", "enriched_by") is None


def test_the_earliest_key_of_match_on_wins_then_file_order(score_with):
    records = [
        record("Netpol", employees="10"),
        record("Other", website="netpol.pl", employees="20"),
        record("Third", tax_id=NIP, employees="30"),
        record("Fourth", tax_id=NIP, employees="40"),
    ]
    leads = [
        lead("ALL", tax_id=NIP, email="a@netpol.pl", company="Netpol"),
        lead("DOMAIN", email="a@netpol.pl", company="Netpol"),
    ]
    table = score_with(leads, records)
    assert value(table, "ALL", "enriched_by") == "registry1.csv:4 by tax_id"
    assert value(table, "ALL", "company_employees") == 30
    assert value(table, "DOMAIN", "enriched_by") == "registry1.csv:3 by domain"


def test_a_registry_can_be_an_excel_workbook(write_file, tmp_path):
    leads = write_file("leads.csv", csv_text(LEAD_HEADER, [lead("L1", tax_id=NIP)]))
    workbook = tmp_path / "regon.xlsx"
    rows = pd.DataFrame(
        [["Netpol Sp. z o.o.", NIP, "250"]], columns=["Nazwa", "NIP", "Zatrudnienie"]
    )
    write_table(rows, workbook, OutputFormat.XLSX)
    options = ScoreOptions(as_of=AS_OF, workers=1, enrich=(workbook,))
    table = leadq.score([leads], options).table
    assert value(table, "L1", "enriched_by") == "regon.xlsx:2 by tax_id"
    assert value(table, "L1", "company_employees") == 250


def test_records_of_several_files_join_as_one_registry(score_with):
    table = score_with(
        [lead("A", company="Netpol"), lead("B", company="Polmet")],
        [record("Netpol", employees="10")],
        [record("Polmet", employees="20")],
    )
    assert value(table, "A", "enriched_by") == "registry1.csv:2 by company"
    assert value(table, "B", "enriched_by") == "registry2.csv:2 by company"


def test_the_leads_own_values_win_and_the_registry_fills_blanks(score_with):
    registry = [record("Netpol", industry="Wholesale", employees="300", region="mazowieckie")]
    table = score_with(
        [
            lead("OWN", company="Netpol", employees="40", industry="Retail"),
            lead("BLANK", company="Netpol", employees="-"),
        ],
        registry,
    )
    assert value(table, "OWN", "company_employees") == 40
    assert value(table, "OWN", "company_industry") == "Retail"
    assert value(table, "BLANK", "company_employees") == 300
    assert value(table, "BLANK", "company_industry") == "Wholesale"
    assert value(table, "OWN", "company_region") == "mazowieckie"  # the lead has no region
    assert value(table, "OWN", "Employees") == "40"  # the input column is untouched


def test_prefer_registry_turns_precedence_round(score_with, write_file):
    rules = write_file("rules.yaml", "extend: default\nenrich:\n  prefer: registry\n")
    registry = [record("Netpol", industry="Wholesale", employees="300")]
    leads = [lead("OWN", company="Netpol", employees="40"), lead("ALONE", employees="40")]
    table = score_with(leads, registry, rules=rules)
    assert value(table, "OWN", "company_employees") == 300
    assert value(table, "ALONE", "company_employees") == 40  # no record: its own value


def test_fit_rules_read_the_registrys_employees(score_with):
    leads = [lead("L1", company="Netpol")]
    without = score_with(leads)
    with_registry = score_with(leads, [record("Netpol", employees="300")])
    assert "mid_market" not in value(without, "L1", "reasons")
    assert "mid_market" in value(with_registry, "L1", "reasons")
    assert value(with_registry, "L1", "score_fit") - value(without, "L1", "score_fit") == 15


def test_every_lead_comes_out_once_with_the_columns_and_without_enrich_none_is_enriched(
    score_with,
):
    leads = [lead(f"L{number}", company="Netpol") for number in range(5)]
    table = score_with(leads)
    assert len(table) == 5 and table["enriched_by"].isna().all()
    enriched = score_with(leads, [record("Netpol")])
    assert len(enriched) == 5 and enriched["enriched_by"].notna().all()


def test_the_local_time_follows_as_of_with_a_time(write_file):
    leads = write_file("leads.csv", csv_text(LEAD_HEADER, [lead("L1")]))
    moment = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
    for as_of, local in [(AS_OF, "2026-11-25T03:00+03:00"), (moment, "2026-11-25T12:00+03:00")]:
        table = leadq.score([leads], ScoreOptions(as_of=as_of, workers=1)).table
        assert value(table, "L1", "phone_local_time") == local


@pytest.mark.parametrize(
    "text, as_of, moment",
    [
        ("2026-11-25", datetime.date(2026, 11, 25), "2026-11-25T00:00:00+00:00"),
        ("2026-11-25T09:00", datetime.datetime(2026, 11, 25, 9), "2026-11-25T09:00:00+00:00"),
        ("2026-11-25 09:00+03:00", None, "2026-11-25T06:00:00+00:00"),
        ("2026-11-25T01:00+03:00", None, "2026-11-24T22:00:00+00:00"),  # the date as written
    ],
)
def test_as_of_is_a_date_or_a_moment(text, as_of, moment):
    parsed = parse_as_of(text)
    if as_of is not None:
        assert parsed == as_of
    day, utc = date_and_moment(parsed)
    assert day == datetime.date(2026, 11, 25)
    assert utc.isoformat() == moment


# ------------------------------------------------------------------ the enrich: section


def test_mistakes_in_the_enrich_section_are_reported_with_file_line_and_column(write_file):
    path = write_file(
        "rules.yaml",
        """
        extend: default
        enrich:
          columns:
            industy: [branch]
            region: [Sector]
          match_on: [tax_id, domian, tax_id]
          prefer: leads
          join: left
        """,
    )
    problems = [str(problem) for problem in check_rules(path)]
    assert problems == [
        f"{path}:4:5: enrich.columns.industy: unknown registry field 'industy'; "
        "did you mean 'industry'?",
        f"{path}:5:14: enrich.columns.region: header 'Sector' is already listed under "
        "'industry'; a header maps to one field",
        f"{path}:6:22: enrich.match_on[1]: unknown key 'domian'; did you mean 'domain'?",
        f"{path}:6:30: enrich.match_on[2]: key 'tax_id' is listed twice",
        f"{path}:7:11: enrich.prefer: unknown choice 'leads'; did you mean 'lead'?",
        f"{path}:8:3: enrich.join: unknown key 'join'; expected one of: columns, match_on, prefer",
    ]


def test_the_default_rules_describe_a_registry_export():
    enrich = load_rules().enrich
    assert enrich is not None
    assert [key.value for key in enrich.match_on] == ["tax_id", "domain", "company"]
    assert enrich.prefer.value == "lead"
    assert "инн" in enrich.columns["tax_id"] and "численность" in enrich.columns["employees"]


def test_enrich_with_rules_without_an_enrich_section_is_a_rules_error(score_with, write_file):
    rules = write_file("rules.yaml", "version: 1\n")
    with pytest.raises(leadq.RulesError, match="has no 'enrich:' section"):
        score_with([lead("L1")], [record("Netpol")], rules=rules)


# ------------------------------------------------------------------ the command line


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_enriches_from_the_example_registry(tmp_path, capsys):
    examples = Path(__file__).resolve().parents[1] / "examples"
    ranked = tmp_path / "ranked.csv"
    code, _, err = run_cli(
        capsys, "score", examples / "leads.csv", "--enrich", examples / "registry.csv",
        "--as-of", "2026-11-25T09:00", "-o", ranked,
    )  # fmt: skip
    assert code == 0, err
    table = pd.read_csv(ranked, dtype=str)
    enriched = table[table["enriched_by"].notna()]
    assert len(enriched) >= 5
    assert set(enriched["enriched_by"].str.extract(r"by (\w+)$")[0]) == {"domain", "company"}
    moscow = table[table["phone_timezone"] == "Europe/Moscow"]
    assert (moscow["phone_local_time"].str.startswith("2026-11-25T12:00+03:00")).all()


def test_cli_explain_takes_the_registry_too(write_file, tmp_path, capsys):
    leads = write_file("leads.csv", csv_text(LEAD_HEADER, [lead("L1", company="Netpol")]))
    registry = write_file("reg.csv", csv_text(REGISTRY_HEADER, [record("Netpol", employees="300")]))
    code, out, err = run_cli(capsys, "explain", leads, "--row", 2, "--enrich", registry, "--json")
    assert code == 0, err
    fired = {rule["rule_id"] for rule in json.loads(out)["rules"] if rule["fired"]}
    assert "mid_market" in fired


@pytest.mark.parametrize(
    "registry_text, expected",
    [
        (None, "missing.csv: no such file"),
        ("Notes,Owner\nvip,anna\n", "no column to match leads on: no header is an alias of "
         "tax_id, website, email, company (the rules' enrich: columns)"),
    ],
    ids=["missing file", "no key column"],
)  # fmt: skip
def test_cli_a_bad_registry_file_is_one_error_line_and_exit_2(
    write_file, tmp_path, capsys, registry_text, expected
):
    leads = write_file("leads.csv", csv_text(LEAD_HEADER, [lead("L1")]))
    registry = (
        tmp_path / "missing.csv" if registry_text is None else write_file("reg.csv", registry_text)
    )
    code, _, err = run_cli(capsys, "score", leads, "--enrich", registry, "-o", tmp_path / "r.csv")
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("leadq: error: "), err
    assert str(registry) in lines[0] and expected in lines[0]
    assert "Traceback" not in err and not (tmp_path / "r.csv").exists()


def test_cli_a_bad_as_of_is_one_error_line(write_file, tmp_path, capsys):
    leads = write_file("leads.csv", csv_text(LEAD_HEADER, [lead("L1")]))
    code, _, err = run_cli(capsys, "score", leads, "--as-of", "25.11.2026 9:00")
    assert code == 2
    assert err.splitlines() == [
        "leadq: error: --as-of '25.11.2026 9:00': not a date; "
        "write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM"
    ]
