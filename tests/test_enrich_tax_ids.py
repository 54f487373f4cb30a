"""Company ids: the kind a cell holds, its compact form, its country, and whether it is valid.

Valid ids are python-stdnum's own documentation examples, or made valid with its check-digit
functions; invalid ones differ from a valid one in the check digit.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.pl import nip
from stdnum.ru import inn

from leadq.enrich.tax_ids import read_tax_id, read_tax_ids, tax_id_match_keys


def values(series: pd.Series) -> list[object]:
    """The series as a list, None for missing (NA does not compare equal)."""
    return [None if pd.isna(value) else value for value in series]


def valid_company_inn(first_nine: str) -> str:
    return first_nine + inn.calc_company_check_digit(first_nine)


def valid_nip(first_nine: str) -> str:
    return next(first_nine + digit for digit in "0123456789" if nip.is_valid(first_nine + digit))


INN_10 = valid_company_inn("770708389")  # Sberbank's INN, 7707083893
NIP = valid_nip("856734621")  # 8567346215, stdnum's example
BOTH = next(  # ten digits whose check digits hold both as INN and as NIP
    number
    for number in (valid_company_inn(f"{base:09d}") for base in range(100_000_000, 100_100_000))
    if nip.is_valid(number)
)


@pytest.mark.parametrize(
    "text, country, expected",
    [
        # INN: 10 digits (organisation), 12 (person); stdnum's examples
        ("1234567894", "RU", ("1234567894", True, "RU", "inn")),
        ("1234567895", "RU", ("1234567895", False, "RU", "inn")),
        ("123456789047", None, ("123456789047", True, "RU", "inn")),
        ("123456789037", None, ("123456789037", False, "RU", "inn")),
        (f"ИНН {INN_10}", None, (INN_10, True, "RU", "inn")),
        (f"INN: {INN_10}", "PL", (INN_10, True, "RU", "inn")),  # the label beats the country
        (f"RU{INN_10}", None, (INN_10, True, "RU", "inn")),
        # KPP: 9 characters, no check digit; digits, or letters in the middle since 2019
        ("773601001", "RU", ("773601001", True, "RU", "kpp")),
        ("КПП 7736AB001", None, ("7736AB001", True, "RU", "kpp")),
        ("КПП 77360100", None, ("77360100", False, "RU", "kpp")),
        # OGRN: 13 digits, OGRNIP 15
        ("1022200525819", None, ("1022200525819", True, "RU", "ogrn")),
        ("ОГРН 1022500001328", None, ("1022500001328", False, "RU", "ogrn")),
        ("385768585948949", None, ("385768585948949", True, "RU", "ogrn")),
        # NIP: 10 digits, dashes allowed
        ("856-734-62-15", "PL", ("8567346215", True, "PL", "nip")),
        ("NIP: 856-734-62-16", None, ("8567346216", False, "PL", "nip")),
        # REGON: 9 or 14 digits
        ("192598184", None, ("192598184", True, "PL", "regon")),
        ("192598183", "PL", ("192598183", False, "PL", "regon")),
        ("12345678512347", None, ("12345678512347", True, "PL", "regon")),
        ("REGON 12345678512348", None, ("12345678512348", False, "PL", "regon")),
        # KRS: 10 digits with its label only (no check digit)
        ("KRS 0000012345", None, ("0000012345", True, "PL", "krs")),
        ("KRS 12345", None, ("12345", False, "PL", "krs")),
        # EU VAT, with its country prefix; stdnum's examples
        ("PL 856-734-62-15", None, ("PL8567346215", True, "PL", "vat")),
        ("PL8567346216", "RU", ("PL8567346216", False, "PL", "vat")),
        ("BE697449992", None, ("BE0697449992", True, "BE", "vat")),
        ("FR 61 954 506 077", None, ("FR61954506077", True, "FR", "vat")),
        ("EL 094259216", None, ("EL094259216", True, "GR", "vat")),
        # no id
        ("12345", None, ("12345", False, None, None)),
        ("VAT 1234567890", None, ("1234567890", False, None, "vat")),  # no country prefix
        ("  ", None, (None, None, None, None)),
        (None, "RU", (None, None, None, None)),
    ],
)
def test_each_kind_valid_and_invalid(text, country, expected):
    assert read_tax_id(text, country) == expected


@pytest.mark.parametrize(
    "country, expected_kind",
    [("RU", "inn"), ("PL", "nip"), ("DE", "inn"), (None, "inn")],
    ids=["russia", "poland", "elsewhere: both pass, INN first", "unknown: both pass, INN first"],
)
def test_ten_digits_valid_as_both_inn_and_nip_follow_the_country(country, expected_kind):
    assert read_tax_id(BOTH, country)[3] == expected_kind


@pytest.mark.parametrize(
    "text, expected",
    [
        (INN_10, (INN_10, True, "RU", "inn")),  # only the INN checksum holds
        (NIP, (NIP, True, "PL", "nip")),  # only the NIP checksum holds
        ("1234567890", ("1234567890", False, None, None)),  # neither: kind unknown, invalid
    ],
)
def test_ten_digits_without_a_country_take_the_kind_whose_checksum_holds(text, expected):
    assert inn.is_valid(INN_10) and not nip.is_valid(INN_10)
    assert nip.is_valid(NIP) and not inn.is_valid(NIP)
    assert read_tax_id(text, None) == expected


def test_nine_digits_are_a_kpp_in_russia_and_a_regon_elsewhere():
    assert read_tax_id("192598184", "RU")[3] == "kpp"
    assert read_tax_id("192598184", "PL")[3] == "regon"
    assert read_tax_id("192598184", None)[3] == "regon"


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        # stdnum's own examples: GB 980 7806 84 (UK VAT) and 04-2103594 (US EIN)
        ("GB 980 7806 84", None, ("GB980780684", True, "GB", "vat")),
        ("980 7806 84", "GB", ("GB980780684", True, "GB", "vat")),
        ("980 7806 85", "GB", ("980780685", False, None, "vat")),  # no prefix to tell
        ("04-2103594", "US", ("042103594", True, "US", "ein")),
    ],
)
def test_nine_digits_are_a_vat_number_in_the_uk_and_an_ein_in_the_us(text, country, expected):
    assert read_tax_id(text, country) == expected


def test_inn_and_kpp_written_together_read_as_the_inn():
    assert read_tax_id(f"{INN_10}/770701001", "RU") == (INN_10, True, "RU", "inn")
    assert read_tax_id(f"{INN_10} / 770701001", None) == (INN_10, True, "RU", "inn")


def test_columns_for_every_row_and_each_distinct_pair_once():
    texts = pd.Series([INN_10, None, INN_10, "856-734-62-15", "856-734-62-15"], dtype="str")
    countries = pd.Series(["RU", "RU", "RU", "PL", None], dtype="str")
    frame = read_tax_ids(texts, countries)
    assert frame.columns.tolist() == [
        "tax_id_normalized",
        "tax_id_valid",
        "tax_id_country",
        "tax_id_kind",
    ]
    assert values(frame["tax_id_kind"]) == ["inn", None, "inn", "nip", "nip"]
    assert values(frame["tax_id_valid"]) == [True, None, True, True, True]
    assert frame.index.equals(texts.index)


def test_the_join_key_drops_an_eu_country_prefix():
    normalized = pd.Series(["PL8567346215", "8567346215", "7707083893", None], dtype="str")
    keys = ["8567346215", "8567346215", "7707083893", None]
    assert values(tax_id_match_keys(normalized)) == keys


@given(
    text=st.text(alphabet=st.sampled_from("0123456789 -./PLRUDEИННNIPKRSkpp:№"), max_size=24),
    country=st.sampled_from([None, "RU", "PL", "DE"]),
)
def test_any_cell_reads_without_an_error_into_a_known_kind(text, country):
    normalized, valid, id_country, kind = read_tax_id(text, country)
    assert kind in {None, "inn", "kpp", "ogrn", "nip", "regon", "krs", "vat"}
    assert (normalized is None) == (valid is None)
    assert valid is not True or kind is not None
    assert id_country is None or (len(id_country) == 2 and id_country.isalpha())
