"""What a phone number tells about its owner: area, carrier, time zones and the local time.

The answers come from phonenumbers' own geocoder, carrier and time-zone data. Asking the
library costs about 35 microseconds a number, too slow for a million mostly distinct phones, but
its answers depend on little of the number: its type, its country and, in each of the three
data sets, the longest prefix of the number listed there. So each number gets that key
(vectorized prefix lookups over whole arrays), and the library is asked once per distinct key,
about a thousand times per million numbers, with one number of the group. Numbers of countries
whose mobile numbers carry a mobile token (Argentina), which the geocoder strips before looking
up, are asked one by one. ``tests/test_enrich_phones.py`` checks the answers against the
library number by number.
"""

from __future__ import annotations

import datetime
import functools
import importlib
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

from leadq.enrich.categories import spread_categorical

LANGUAGE = "en"
UNKNOWN_ZONE = "Etc/Unknown"  # what phonenumbers answers when it cannot tell
ZONE_SEPARATOR = "; "
DESCRIPTIONS = ["phone_region", "phone_carrier", "phone_timezone"]
ASKED_ONE_BY_ONE = ("+54",)  # country codes with a mobile token the geocoder strips first
# The library's prefix tables (module, name). Importing them takes 0.3-0.4 s, which every
# command would pay at start-up, so they are imported when a phone is first described.
PREFIX_DATA = {
    "geo": ("phonenumbers.geodata", "GEOCODE_DATA"),
    "carrier": ("phonenumbers.carrierdata", "CARRIER_DATA"),
    "zone": ("phonenumbers.tzdata", "TIMEZONE_DATA"),
}


def describe_phones(e164: pd.Series, phone_type: pd.Series, country: pd.Series) -> pd.DataFrame:
    """``phone_region``, ``phone_carrier`` and ``phone_timezone`` per row (NA without a number).

    Args:
        e164: valid numbers in E.164 (NA when none), as ``normalize_phones`` writes them.
        phone_type: their ``phone_type``; country: their ``phone_country`` (both follow from
            the number, so each distinct number's first row speaks for all of its rows).
    """
    codes, first = _first_rows(e164.astype("str"))
    keys = _answer_keys(
        e164.iloc[first].astype("str").reset_index(drop=True),
        phone_type.iloc[first].astype("str").reset_index(drop=True),
        country.iloc[first].astype("str").reset_index(drop=True),
    )
    key_codes, asked = _first_rows(keys)
    answers = describe_numbers(e164.iloc[first[asked]].tolist())
    row_keys = np.full(len(codes), -1, dtype=np.int64)
    row_keys[codes >= 0] = key_codes[codes[codes >= 0]]
    return pd.DataFrame(
        {name: spread_categorical(answers[name], row_keys, e164.index) for name in DESCRIPTIONS}
    )


def _first_rows(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the distinct values per row (-1 for NA) and the first row of each value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    present = np.flatnonzero(codes >= 0)
    first = np.full(len(uniques), len(codes), dtype=np.int64)
    np.minimum.at(first, codes[present], present)
    return codes, first


def describe_numbers(numbers: Sequence[str]) -> pd.DataFrame:
    """The library's answers for each E.164 number, one by one (the reference)."""
    rows = [_describe(phonenumbers.parse(number)) for number in numbers]
    return pd.DataFrame(rows, columns=DESCRIPTIONS, dtype="str")


def _describe(number: phonenumbers.PhoneNumber) -> tuple[str | None, str | None, str | None]:
    from phonenumbers import carrier, geocoder, timezone  # see PREFIX_DATA

    zones = [zone for zone in timezone.time_zones_for_number(number) if zone != UNKNOWN_ZONE]
    return (
        geocoder.description_for_number(number, LANGUAGE) or None,
        carrier.name_for_number(number, LANGUAGE) or None,
        ZONE_SEPARATOR.join(zones) or None,
    )


def _answer_keys(e164: pd.Series, phone_type: pd.Series, country: pd.Series) -> pd.Series:
    """Distinct numbers with the same key get the same three answers from the library."""
    digits = e164.str.slice(1)
    parts = [_longest_prefix(digits, name).fillna("") for name in PREFIX_DATA]
    joined = parts[0] + "|" + parts[1] + "|" + parts[2]
    one_by_one = e164.str.startswith(ASKED_ONE_BY_ONE).fillna(False).astype(bool)
    prefixes = joined.mask(one_by_one, e164)
    return (phone_type.fillna("") + "|" + country.fillna("") + "|" + prefixes).astype("str")


def _longest_prefix(digits: pd.Series, data: str) -> pd.Series:
    """The longest leading digits of each number that the data set lists, NA when none."""
    numbers = pa.array(digits.array, type=pa.large_string())
    found = pa.nulls(len(numbers), type=pa.large_string())
    for length, listed in _prefixes_by_length(data):
        head = pc.utf8_slice_codeunits(numbers, 0, length)
        hit = pc.and_(pc.is_null(found), pc.is_in(head, value_set=listed))
        found = pc.if_else(hit, head, found)
    return pd.Series(pd.array(found, dtype="str"), index=digits.index)


@functools.cache
def _prefixes_by_length(data: str) -> list[tuple[int, pa.Array]]:
    """The data set's prefixes grouped by length, longest first, as Arrow sets to look up in."""
    module, name = PREFIX_DATA[data]
    listed: Mapping[str, object] = getattr(importlib.import_module(module), name)
    by_length: dict[int, list[str]] = {}
    for prefix in listed:
        by_length.setdefault(len(prefix), []).append(prefix)
    return [
        (length, pa.array(by_length[length], type=pa.large_string()))
        for length in sorted(by_length, reverse=True)
    ]


# --------------------------------------------------------------------------- local time


def local_times(zones: pd.Series, moment: datetime.datetime) -> pd.DataFrame:
    """``phone_local_time`` (ISO, with the UTC offset) and ``phone_local_hour`` at ``moment``.

    A number listed in several zones gets a local time only when they all show the same time
    at that moment (a Russian mobile number may be anywhere from Kaliningrad to Kamchatka).
    Each distinct zone list is converted once.
    """
    codes, lists = pd.factorize(zones, use_na_sentinel=True)
    local = pd.Series([_local_time(str(text), moment) for text in lists], dtype="str")
    hours = pd.to_numeric(local.str.slice(11, 13), errors="coerce").astype("Int8")
    return pd.DataFrame(
        {
            "phone_local_time": spread_categorical(local, codes, zones.index),
            "phone_local_hour": pd.Series(
                hours.array.take(codes, allow_fill=True), index=zones.index, dtype="Int8"
            ),
        }
    )


def _local_time(zones: str, moment: datetime.datetime) -> str | None:
    shown = {
        moment.astimezone(ZoneInfo(zone)).isoformat(timespec="minutes")
        for zone in zones.split(ZONE_SEPARATOR)
    }
    return shown.pop() if len(shown) == 1 else None
