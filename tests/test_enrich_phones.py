"""What a phone number tells: area, carrier, time zones, and the local time at --as-of.

The answers are phonenumbers' (pinned in the test extra); the grouped lookup must give exactly
the library's answer for every number, which the last tests check number by number.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import phonenumbers
import pytest

from leadq.enrich.phones import describe_numbers, describe_phones, local_times
from leadq.normalize.phone import normalize_phones

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOON_UTC = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)
RUSSIAN_MOBILE_ZONES = 16  # a Russian mobile number may be anywhere in Russia


def described(*numbers: str) -> pd.DataFrame:
    """The normalized phone columns and the three descriptions of each number, read in RU."""
    raw = pd.Series(list(numbers), dtype="str")
    phones = normalize_phones(raw, pd.Series(["RU"] * len(raw), dtype="str"))
    descriptions = describe_phones(
        phones["phone_e164"], phones["phone_type"], phones["phone_country"]
    )
    return pd.concat([phones, descriptions], axis=1)


@pytest.mark.parametrize(
    "number, region, carrier, zones",
    [
        ("+7 495 734-97-87", "Moscow", None, "Europe/Moscow"),  # RU landline
        ("8 (926) 845-37-29", "Russia", "MegaFon", None),  # RU mobile: country, many zones
        ("+48 22 628 12 34", "Warsaw", None, "Europe/Warsaw"),  # PL landline
        ("+48 601 234 567", "Poland", "Plus", "Europe/Warsaw"),  # PL mobile
        ("+44 20 7277 6369", "London", None, "Europe/London"),  # GB landline
        ("+1 650 253 0000", "Mountain View, CA", None, "America/Los_Angeles"),  # US
    ],
)
def test_region_carrier_and_time_zone(number, region, carrier, zones):
    row = described(number).iloc[0]
    assert row["phone_region"] == region
    assert (None if pd.isna(row["phone_carrier"]) else row["phone_carrier"]) == carrier
    if zones is None:
        assert len(row["phone_timezone"].split("; ")) == RUSSIAN_MOBILE_ZONES
        assert "Europe/Moscow" in row["phone_timezone"].split("; ")
    else:
        assert row["phone_timezone"] == zones


def test_a_batch_without_any_valid_number_has_the_columns_empty():
    frame = described("123", "")
    assert frame[["phone_region", "phone_carrier", "phone_timezone"]].isna().all().all()


def test_no_valid_number_leaves_every_column_empty():
    frame = described("123", "", "+7 495 734-97-87")
    columns = ["phone_region", "phone_carrier", "phone_timezone"]
    assert frame[columns].iloc[:2].isna().all().all()
    assert frame["phone_region"].iloc[2] == "Moscow"


@pytest.mark.parametrize(
    "zones, moment, local, hour",
    [
        ("Europe/Moscow", NOON_UTC, "2026-11-25T13:00+03:00", 13),
        ("Europe/Warsaw", NOON_UTC, "2026-11-25T11:00+01:00", 11),
        ("Europe/Warsaw", datetime.datetime(2026, 7, 1, 6, 30, tzinfo=datetime.UTC),
         "2026-07-01T08:30+02:00", 8),  # summer time
        ("Europe/London", NOON_UTC, "2026-11-25T10:00+00:00", 10),
        ("America/Los_Angeles", NOON_UTC, "2026-11-25T02:00-08:00", 2),
        ("Europe/Guernsey; Europe/Jersey; Europe/London", NOON_UTC, "2026-11-25T10:00+00:00", 10),
        ("Europe/Moscow; Asia/Vladivostok", NOON_UTC, None, None),  # zones disagree: unknown
        (None, NOON_UTC, None, None),
    ],
)  # fmt: skip
def test_local_time_and_hour_at_the_moment(zones, moment, local, hour):
    frame = local_times(pd.Series([zones], dtype="str"), moment)
    row = frame.iloc[0]
    assert (None if pd.isna(row["phone_local_time"]) else row["phone_local_time"]) == local
    assert (None if pd.isna(row["phone_local_hour"]) else row["phone_local_hour"]) == hour


def sample_numbers() -> list[str]:
    """Valid numbers of every type in the countries leadq sees, and neighbours of each."""
    regions = ["RU", "PL", "GB", "DE", "US", "KZ", "UA", "BY", "FR", "AR", "MX", "CN", "IN"]
    numbers = []
    for region in regions:
        for number_type in range(12):
            example = phonenumbers.example_number_for_type(region, number_type)
            if example is None:
                continue
            for step in range(0, 4000, 97):
                candidate = phonenumbers.PhoneNumber(
                    country_code=example.country_code,
                    national_number=example.national_number + step,
                )
                if phonenumbers.is_valid_number(candidate):
                    numbers.append(
                        phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164)
                    )
    return sorted(set(numbers))


def test_grouped_answers_equal_the_library_number_by_number():
    numbers = sample_numbers()
    assert len(numbers) > 1000
    frame = described(*numbers)
    assert frame["phone_e164"].tolist() == numbers
    reference = describe_numbers(numbers)
    got = frame[reference.columns].reset_index(drop=True).astype("str")
    assert got.fillna("-").equals(reference.fillna("-"))


def test_grouped_answers_equal_the_library_on_the_example_leads():
    leads = pd.read_csv(EXAMPLES / "leads.csv", dtype="str", keep_default_na=False)
    phones = normalize_phones(leads["Phone"].str.strip(), pd.Series(["RU"] * len(leads)))
    got = describe_phones(phones["phone_e164"], phones["phone_type"], phones["phone_country"])
    valid = phones["phone_e164"].notna().to_numpy()
    reference = describe_numbers(phones["phone_e164"][valid].tolist())
    got = got[valid].reset_index(drop=True).astype("str")
    assert got.fillna("-").equals(reference.fillna("-"))
