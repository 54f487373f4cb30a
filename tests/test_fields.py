"""How rule conditions see a lead table: typed fields, placeholders as missing, aliases."""

import datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadq.fields import LeadFields, blank_missing, read_bool, read_date, read_number
from leadq.schema import FieldType

PLACEHOLDERS = frozenset({"", "-", "n/a", "select", "нет"})


def text(*values):
    return pd.Series(values, dtype="str")


def lead_fields(table, headers=None, types=None):
    return LeadFields(
        table=table,
        headers=headers or {},
        types=types or {},
        missing_values=PLACEHOLDERS,
        as_of=datetime.date(2026, 11, 25),
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1500", 1500.0),
        ("1 500", 1500.0),
        ("1\u00a0500", 1500.0),
        ("1,5", 1.5),
        ("1,500", 1500.0),
        ("1,500.25", 1500.25),
        ("50-200", 50.0),
        ("около 300 человек", 300.0),
        ("-5", -5.0),
        ("many", None),
    ],
)
def test_numbers_are_read_as_people_type_them(typed, expected):
    value = read_number(text(typed)).iloc[0]
    assert (pd.isna(value) and expected is None) or value == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-03", "2026-11-03 00:00"),
        ("2026-11-03 14:05", "2026-11-03 14:05"),
        ("2026-11-03T14:05:00", "2026-11-03 14:05"),
        ("03.11.2026", "2026-11-03 00:00"),
        ("03.11.2026 09:30", "2026-11-03 09:30"),
        ("03/11/2026", "2026-11-03 00:00"),
        ("3 Nov 2026", "2026-11-03 00:00"),
        ("2026-11-03T14:05:00+03:00", "2026-11-03 11:05"),
    ],
)
def test_dates_are_read_day_first_and_iso_never_swapped(typed, expected):
    assert read_date(text(typed)).iloc[0] == pd.Timestamp(expected)


def test_unreadable_dates_are_missing():
    assert read_date(text("someday", "31.02.2026")).isna().all()


def test_booleans_in_three_languages():
    values = text("yes", "Да", "TAK", "x", "1", "no", "нет", "nie", "0", "maybe", None)
    assert read_bool(values).tolist() == [True] * 5 + [False] * 4 + [pd.NA, pd.NA]


def test_placeholders_and_blanks_become_missing():
    cleaned = blank_missing(text("  Acme  ", "-", "N/A", "Select", "", "   "), PLACEHOLDERS)
    assert cleaned.iloc[0] == "Acme"
    assert cleaned.iloc[1:].isna().all()


FOLDED_PLACEHOLDERS = frozenset({"-", "n/a", "select", "please select", "нет", "brak", "straße"})
SAMPLE_TEXT = st.text(alphabet="aAßSsTtEe-/ .НнЕеТтİıﬃ\u0307\t", max_size=16)


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.one_of(SAMPLE_TEXT, st.sampled_from(sorted(FOLDED_PLACEHOLDERS)), st.none()), max_size=30
    )
)
def test_placeholders_are_found_as_a_plain_casefold_of_every_value_would_find_them(cells):
    # The fast path skips values longer than the longest placeholder; this is the definition.
    text = pd.Series(cells, dtype="str")
    trimmed = text.str.strip()
    expected = [
        None if pd.isna(value) or value == "" or value.casefold() in FOLDED_PLACEHOLDERS else value
        for value in trimmed.tolist()
    ]
    result = blank_missing(text, FOLDED_PLACEHOLDERS).tolist()
    assert [None if pd.isna(value) else value for value in result] == expected


def test_a_field_is_read_through_its_header_alias():
    table = pd.DataFrame({"Количество сотрудников": text("120", "n/a")})
    fields = lead_fields(
        table, {"employees": ("Количество сотрудников",)}, {"employees": FieldType.NUMBER}
    )
    assert fields.get("employees").tolist() == [120.0, pd.NA]


def test_several_headers_for_one_field_fill_each_other():
    table = pd.DataFrame({"Email": text("a@x.pl", ""), "E-mail": text("", "b@y.ru")})
    fields = lead_fields(table, {"email": ("Email", "E-mail")})
    assert fields.get("email").tolist() == ["a@x.pl", "b@y.ru"]


def test_a_bool_field_reads_no_even_though_no_is_a_placeholder():
    table = pd.DataFrame({"Вебинар": text("да", "нет", "")})
    fields = lead_fields(table, {"webinar": ("Вебинар",)}, {"webinar": FieldType.BOOL})
    assert fields.get("webinar").tolist() == [True, False, pd.NA]


def test_a_field_the_table_lacks_is_all_missing_of_its_type():
    fields = lead_fields(pd.DataFrame({"x": text("1", "2")}), types={"employees": FieldType.NUMBER})
    employees = fields.get("employees")
    assert employees.isna().all() and len(employees) == 2


def test_derived_columns_are_read_by_their_own_name():
    table = pd.DataFrame({"phone_valid": [True, False]})
    fields = lead_fields(table, types={"phone_valid": FieldType.BOOL})
    assert fields.get("phone_valid").tolist() == [True, False]


def test_booleans_repeated_under_any_index_read_row_by_row():
    values = pd.Series(
        [" Yes", "no", None, " Yes", "нет", "no"], index=[10, 3, 7, 1, 0, 5], dtype="str"
    )
    read = read_bool(values)
    assert read.index.tolist() == [10, 3, 7, 1, 0, 5]
    assert read.tolist() == [True, False, pd.NA, True, False, False]
