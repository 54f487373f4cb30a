"""normalize_phones: examples, fast path == library, distinct-once, shape of the output."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberType

from leadq.normalize import phone, phone_fast
from leadq.normalize.phone import (
    fast_normalize,
    normalize_phones,
    parse_phone_text,
    reference_normalize,
)
from leadq.schema import PHONE_COLUMNS

NA = None

# (cell, region) -> e164, valid, type, country, extension, other
EXAMPLES = [
    ("8 (912) 345-67-89", "RU", "+79123456789", True, "mobile", "RU", NA, NA),
    ("+7 912 345 67 89", "PL", "+79123456789", True, "mobile", "RU", NA, NA),
    ("7 912 345 67 89", "RU", "+79123456789", True, "mobile", "RU", NA, NA),
    ("89123456789", "RU", "+79123456789", True, "mobile", "RU", NA, NA),
    ("501 234 567", "PL", "+48501234567", True, "mobile", "PL", NA, NA),
    ("+48 22 123 45 67", "RU", "+48221234567", True, "fixed_line", "PL", NA, NA),
    ("+7 495 123-45-67 доб. 12", "RU", "+74951234567", True, "fixed_line", "RU", "12", NA),
    ("+7 495 123-45-67, доб. 12", "RU", "+74951234567", True, "fixed_line", "RU", "12", NA),
    ("+7 495 123-45-67 ext. 5", "RU", "+74951234567", True, "fixed_line", "RU", "5", NA),
    ("+7 495 123-45-67 x12", "RU", "+74951234567", True, "fixed_line", "RU", "12", NA),
    ("+7 495 123-45-67 #12", "RU", "+74951234567", True, "fixed_line", "RU", "12", NA),
    ("22 123 45 67 wew. 12", "PL", "+48221234567", True, "fixed_line", "PL", "12", NA),
    ("501 234 567 / 22 123 45 67", "PL", "+48501234567", True, "mobile", "PL", NA, "+48221234567"),
    (
        "501 234 567, 601 234 567; 22 123 45 67",
        "PL",
        "+48501234567",
        True,
        "mobile",
        "PL",
        NA,
        "+48601234567; +48221234567",
    ),
    ("501 234 567 | 22 123 45 67", "PL", "+48501234567", True, "mobile", "PL", NA, "+48221234567"),
    ("501 234 567\n22 123 45 67", "PL", "+48501234567", True, "mobile", "PL", NA, "+48221234567"),
    (
        "501 234 567 lub 22 123 45 67",
        "PL",
        "+48501234567",
        True,
        "mobile",
        "PL",
        NA,
        "+48221234567",
    ),
    (
        "8 912 345 67 89 или 8 495 123 45 67",
        "RU",
        "+79123456789",
        True,
        "mobile",
        "RU",
        NA,
        "+74951234567",
    ),
    (
        "+48 501 234 567 or +7 912 345 67 89",
        "RU",
        "+48501234567",
        True,
        "mobile",
        "PL",
        NA,
        "+79123456789",
    ),
    ("501 234 567 / 501-234-567", "PL", "+48501234567", True, "mobile", "PL", NA, NA),
    ("12345 / 501 234 567", "PL", "+48501234567", True, "mobile", "PL", NA, NA),
    ("tel. 501 234 567 (biuro)", "PL", "+48501234567", True, "mobile", "PL", NA, NA),
    ("+7 912 345", "RU", NA, False, NA, NA, NA, NA),
    ("12345", "RU", NA, False, NA, NA, NA, NA),
    ("нет", "RU", NA, False, NA, NA, NA, NA),
    ("+1 650 253 0000", "RU", "+16502530000", True, "fixed_line_or_mobile", "US", NA, NA),
    ("+1 800 253 0000", "PL", "+18002530000", True, "toll_free", "US", NA, NA),
    ("+1 604 555 5555", "RU", "+16045555555", True, "fixed_line_or_mobile", "CA", NA, NA),
    ("+7 701 123 45 67", "RU", "+77011234567", True, "mobile", "KZ", NA, NA),
    ("+44 20 7946 0958", "PL", "+442079460958", True, "fixed_line", "GB", NA, NA),
    ("+44 7781 123456", "PL", "+447781123456", True, "mobile", "GG", NA, NA),
    ("+39 06 1234 5678", "PL", "+390612345678", True, "fixed_line", "IT", NA, NA),
    ("0039 06 1234 5678", "PL", "+390612345678", True, "fixed_line", "IT", NA, NA),
    ("8 10 48 501 234 567", "RU", "+48501234567", True, "mobile", "PL", NA, NA),
    ("(22) 123 45 67 w. 123", "RU", NA, False, NA, NA, NA, NA),
    ("0048 22 123 45 67 w. 12 / 89123456789", "RU", "+79123456789", True, "mobile", "RU", NA, NA),
    ("030 1234567 Durchwahl12", "DE", "+49301234567", True, "fixed_line", "DE", NA, NA),
]


def _expected_frame(rows: list[tuple]) -> pd.DataFrame:
    data = list(zip(*[r[2:] for r in rows], strict=True))
    frame = pd.DataFrame(
        {
            name: pd.array(list(col), dtype="str")
            for name, col in zip(PHONE_COLUMNS, data, strict=True)
        }
    )
    frame["phone_valid"] = np.array(data[1], dtype=bool)
    return frame


@pytest.mark.parametrize("row", EXAMPLES, ids=[r[0] for r in EXAMPLES])
def test_examples(row: tuple) -> None:
    result = normalize_phones(pd.Series([row[0]], dtype="str"), pd.Series([row[1]], dtype="str"))
    pd.testing.assert_frame_equal(result, _expected_frame([row]))


def test_examples_together_equal_reference() -> None:
    raw = pd.Series([r[0] for r in EXAMPLES], dtype="str")
    region = pd.Series([r[1] for r in EXAMPLES], dtype="str")
    result = normalize_phones(raw, region)
    pd.testing.assert_frame_equal(result, _expected_frame(EXAMPLES))
    pd.testing.assert_frame_equal(result, reference_normalize(raw, region))


def test_columns_dtypes_and_index() -> None:
    index = pd.Index([10, 3, 7, 99], name="row")
    raw = pd.Series(["501 234 567", NA, "junk", "501 234 567"], index=index, dtype="str")
    region = pd.Series(["PL"] * 4, index=index, dtype="str")
    result = normalize_phones(raw, region)
    assert list(result.columns) == list(PHONE_COLUMNS)
    assert result.index.equals(index)
    assert result["phone_valid"].dtype == np.dtype(bool)
    assert all(result[c].dtype == "str" for c in PHONE_COLUMNS if c != "phone_valid")
    assert result["phone_valid"].tolist() == [True, False, False, True]
    assert result["phone_e164"].isna().tolist() == [False, True, True, False]


def test_missing_values_are_invalid_and_na() -> None:
    raw = pd.Series([NA, NA], dtype="str")
    result = normalize_phones(raw, pd.Series(["RU", "PL"], dtype="str"))
    assert not result["phone_valid"].any()
    assert result.drop(columns="phone_valid").isna().all().all()


def test_empty_series() -> None:
    result = normalize_phones(pd.Series([], dtype="str"), pd.Series([], dtype="str"))
    assert list(result.columns) == list(PHONE_COLUMNS) and len(result) == 0
    assert result["phone_valid"].dtype == np.dtype(bool)


def test_region_case_does_not_matter() -> None:
    result = normalize_phones(pd.Series(["501 234 567"], dtype="str"), pd.Series(["pl"]))
    assert result["phone_e164"].tolist() == ["+48501234567"]


def test_each_distinct_pair_goes_to_the_library_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str | None, str]] = []

    def counting(text: str | None, region: str) -> phone.PhoneFields:
        calls.append((text, region))
        return parse_phone_text(text, region)

    monkeypatch.setattr(phone, "parse_phone_text", counting)
    cells = ["501 234 567 / 22 123 45 67", "+7 495 123-45-67 доб. 12", "tel 501 234 567"] * 50
    raw = pd.Series(cells + ["501 234 567"] * 20, dtype="str")
    region = pd.Series(["PL"] * len(raw), dtype="str")
    result = normalize_phones(raw, region)
    assert calls == [("tel 501 234 567", "PL")]  # the others have shapes the fast path reads
    assert result["phone_valid"].all()


def test_several_arrow_chunks_equal_reference() -> None:
    parts = [["501 234 567", NA], ["+7 912 345 67 89 доб. 5", "501 234 567 / 601 234 567"]]
    raw = pd.concat([pd.Series(p, dtype="str") for p in parts], ignore_index=True)
    region = pd.Series(["PL", "RU", "RU", "PL"], dtype="str")
    assert isinstance(pa.array(raw.array), pa.ChunkedArray)
    pd.testing.assert_frame_equal(normalize_phones(raw, region), reference_normalize(raw, region))


def test_same_text_in_two_regions_is_parsed_per_region() -> None:
    raw = pd.Series(["8 912 345 67 89"] * 2, dtype="str")
    result = normalize_phones(raw, pd.Series(["RU", "PL"], dtype="str"))
    assert result["phone_valid"].tolist() == [True, False]


def test_workers_give_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("leadq.distinct.PARALLEL_THRESHOLD", 10)
    raw = pd.Series([f"{r[0]} / 601 234 {i:03d}" for i, r in enumerate(EXAMPLES)], dtype="str")
    region = pd.Series([r[1] for r in EXAMPLES], dtype="str")
    pd.testing.assert_frame_equal(
        normalize_phones(raw, region, workers=2), normalize_phones(raw, region)
    )


# --- The fast path gives the library's verdict on every value it accepts -------------------------

TYPES = [t for n, t in vars(PhoneNumberType).items() if n.isupper() and n != "UNKNOWN"]
MAIN_REGIONS = [
    "RU",
    "PL",
    "KZ",
    "US",
    "CA",
    "GB",
    "GG",
    "JE",
    "IM",
    "DE",
    "IT",
    "SM",
    "VA",
    "FR",
    "UA",
    "BY",
    "CN",
    "IN",
    "AU",
    "BR",
    "AR",
    "JP",
    "MX",
    "CI",
    "NL",
    "ES",
]
ALL_REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)


def _examples(rng: random.Random, region: str) -> list[phonenumbers.PhoneNumber]:
    found = [phonenumbers.example_number_for_type(region, t) for t in TYPES]
    return [n for n in found if n is not None] or [phonenumbers.example_number(region)]


def _mutate(rng: random.Random, digits: str) -> str:
    """Random digits around a real number: change the tail, drop or add digits."""
    choice = rng.random()
    if choice < 0.55:
        k = rng.randint(1, min(5, len(digits)))
        return digits[:-k] + "".join(rng.choice("0123456789") for _ in range(k))
    if choice < 0.75:
        return digits[:-1] if rng.random() < 0.5 else digits + rng.choice("0123456789")
    return digits


def _punctuate(rng: random.Random, text: str) -> str:
    """Group digits with spaces, dashes, dots and parentheses, as people type them."""
    if rng.random() < 0.35:
        return text
    out, i = [], 0
    while i < len(text):
        step = rng.randint(1, 4)
        out.append(text[i : i + step])
        i += step
    seps = rng.choice([" ", "-", ".", " - ", "  "])
    joined = seps.join(out)
    if rng.random() < 0.3 and len(out) > 2:
        joined = f"{out[0]} ({out[1]}) {'-'.join(out[2:])}"
    return joined


def _number_text(rng: random.Random, number: phonenumbers.PhoneNumber, region: str) -> str:
    """One spelling of a number: E.164, international, national, with or without prefixes."""
    cc = str(number.country_code)
    nsn = _mutate(rng, phonenumbers.national_significant_number(number))
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    prefix = (meta.national_prefix or "") if meta else ""
    forms = [
        lambda: "+" + _punctuate(rng, cc + nsn),
        lambda: "+" + cc + " " + _punctuate(rng, nsn),
        lambda: _punctuate(rng, nsn),
        lambda: _punctuate(rng, prefix + nsn),
        lambda: _punctuate(rng, cc + nsn),
        lambda: _punctuate(rng, rng.choice(["00", "810", "011", "8 10", "0011", "001"]) + cc + nsn),
        lambda: rng.choice(["(+", "+("]) + cc + ") " + _punctuate(rng, nsn),
        lambda: phonenumbers.format_number(number, rng.choice([0, 1, 2])),
        lambda: phonenumbers.format_out_of_country_calling_number(number, region),
    ]
    return rng.choice(forms)()


def _random_text(rng: random.Random) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 20)))
    return _punctuate(rng, rng.choice(["", "", "+", "(+", "(", "+("]) + digits)


# Extension suffixes, the library's and near misses it reads differently (no space, "w.", long).
EXTENSIONS = [
    " доб. {}",
    " доб.{}",
    ", доб. {}",
    " (доб. {})",
    "; доб {}",
    " Доб. {}",
    " ext. {}",
    " ext {}",
    " EXT.{}",
    ", ext. {}",
    " x{}",
    " x {}",
    " X{}",
    "x{}",
    ", x{}",
    " #{}",
    " # {}",
    " wew. {}",
    " wewn. {}",
    " wewn {}",
    " (wew. {})",
    " wew{}",
    " w. {}",
    ", wew. {}",
    " доб. {}#",
    "  доб. {}",
    " внутр. {}",
    " Durchwahl {}",
    " Durchwahl{}",
]
# Extension words phone.py rewrites to "ext." (and "ext." itself), with near misses.
DOTTED_EXTENSIONS = [
    " w. {}",
    " w.{}",
    " W. {}",
    " wew. {}",
    " wew {}",
    " wewn. {}",
    " wewn {}",
    " wewn.{}",
    ", wew. {}",
    " ext. {}",
    " EXT.{}",
    " Durchwahl {}",
    " Durchwahl.{}",
    " Durchwahl{}",
    " (w. {})",
]
# Numbers of one of these regions, with an extension, are parsed in another: mostly invalid there.
FOREIGN_REGIONS = ["PL", "RU", "DE", "KZ", "UA", "BY", "IT", "GB", "US", "FR", "CN"]
SEPARATORS = [
    "/",
    " / ",
    ", ",
    ",",
    "; ",
    " | ",
    "\n",
    " or ",
    " или ",
    " lub ",
    "  OR  ",
    "//",
    " , ",
    " - ",
    " ",
    "or",
]


def _with_extension(rng: random.Random, text: str) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.choice([1, 2, 3, 4, 9, 10])))
    return text + rng.choice(EXTENSIONS).format(digits)


def _foreign_extension(rng: random.Random) -> tuple[str, str]:
    """A number with an extension word, parsed in another region: "(22) 123 45 67 w. 12", RU."""
    home, parse_in = rng.sample(FOREIGN_REGIONS, 2)
    text = _number_text(rng, rng.choice(_examples(rng, home)), home)
    digits = "".join(rng.choice("0123456789") for _ in range(rng.choice([1, 2, 3, 4, 9, 10])))
    return text + rng.choice(DOTTED_EXTENSIONS).format(digits), parse_in


def _cell(rng: random.Random, region: str) -> str:
    """One generated value: a number, junk, a number with an extension, or several numbers."""
    home = region if rng.random() < 0.75 else rng.choice(MAIN_REGIONS)
    text = (
        _number_text(rng, rng.choice(_examples(rng, home)), region)
        if rng.random() < 0.8
        else _random_text(rng)
    )
    choice = rng.random()
    if choice < 0.15:
        return _with_extension(rng, text)
    if choice < 0.27:
        more = _cell(rng, region)
        return text + rng.choice(SEPARATORS) + more
    return text


def generated_values(seed: int, n: int) -> tuple[list[str], list[str]]:
    """Seeded (text, region) pairs over many shapes and regions."""
    rng = random.Random(seed)
    texts, regions = [], []
    for _ in range(n):
        if rng.random() < 0.04:
            text, region = _foreign_extension(rng)
            texts.append(text)
            regions.append(region)
            continue
        home = rng.choice(MAIN_REGIONS if rng.random() < 0.7 else ALL_REGIONS)
        parse_in = home if rng.random() < 0.75 else rng.choice(MAIN_REGIONS + ALL_REGIONS[:20])
        texts.append(_cell(rng, home))
        regions.append(parse_in)
    return texts, regions


def _assert_fast_equals_reference(texts: list[str], regions: list[str]) -> float:
    fast = fast_normalize(pa.array(texts, type=pa.string()), pa.array(regions, type=pa.string()))
    columns = [a.to_pylist() for a in (fast.e164, fast.kind, fast.country, fast.extension)]
    other = fast.other.to_pylist()
    mismatches = []
    for i in np.flatnonzero(fast.accepted):
        want = parse_phone_text(texts[i], regions[i])
        e164, kind, country, extension = (column[i] for column in columns)
        got = (e164, bool(fast.valid[i]), kind, country, extension, other[i])
        if got != want:
            mismatches.append((texts[i], regions[i], got, want))
    assert mismatches == [], mismatches[:10]
    return float(fast.accepted.mean())


# Shapes of realistic exports the fast path answers itself (and the library agrees, above).
FAST_SHAPES = [
    ("+7 (495) 123-45-67, доб. 12", "RU"),
    ("(22) 123 45 67 wewn. 12", "PL"),
    ("(22) 123 45 67 w. 123", "RU"),
    ("22 123 45 67 wewn. 12", "RU"),
    ("0048 22 123 45 67 w. 12", "RU"),
    ("030 1234567 Durchwahl 12", "PL"),
    ("8 (912) 345-67-89 wew. 5", "PL"),
    ("+7 495 123-45-67 (доб. 5)", "RU"),
    ("0176/15628277", "DE"),
    ("89053886533 / +7 (499) 677-74-36", "RU"),
    ("0048 501 234 567", "PL"),
    ("8 10 48 501 234 567", "RU"),
    ("(+48) 608 502 813", "RU"),
    ("737 130 463", "RU"),
    ("+7 (921) 116-36-", "RU"),
    ("8 (968) 873-07", "RU"),
]


def test_fast_path_reads_realistic_shapes() -> None:
    texts, regions = (list(column) for column in zip(*FAST_SHAPES, strict=True))
    fast = fast_normalize(pa.array(texts), pa.array(regions))
    assert fast.accepted.all(), [t for t, ok in zip(texts, fast.accepted, strict=True) if not ok]
    assert _assert_fast_equals_reference(texts, regions) == 1.0


def test_fast_path_equals_library_on_generated_values() -> None:
    texts, regions = generated_values(seed=20240601, n=200_000)
    accepted = _assert_fast_equals_reference(texts, regions)
    assert accepted > 0.5  # many generated values are deliberately odd: see the benchmark


def test_foreign_extension_values_are_mostly_answered_invalid_by_the_fast_path() -> None:
    rng = random.Random(7)
    pairs = [_foreign_extension(rng) for _ in range(3000)]
    texts, regions = [t for t, _ in pairs], [r for _, r in pairs]
    fast = fast_normalize(pa.array(texts), pa.array(regions))
    assert (fast.accepted & ~fast.valid).mean() > 0.25
    assert _assert_fast_equals_reference(texts, regions) > 0.6


def test_shortest_possible_length_matches_the_metadata() -> None:
    assert phone_fast._min_length() == phone_fast._shortest_possible_length()


def test_region_metadata_is_compiled_only_for_regions_in_use() -> None:
    phone_fast._region.cache_clear()
    normalize_phones(pd.Series(["8 (912) 345-67-89", "22 123 45 67"]), pd.Series(["RU", "RU"]))
    assert phone_fast._region.cache_info().currsize <= 2  # RU, and KZ (+7) at most


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=30),
        st.text(alphabet="0123456789 +-.()", max_size=25),
        st.from_regex(r"\+?[0-9]{3,16}", fullmatch=True),
    ),
    region=st.sampled_from(["RU", "PL", "US", "KZ", "GB", "IT", "DE", "BR", "XX"]),
)
def test_any_text_equals_reference(text: str, region: str) -> None:
    raw = pd.Series([text, text], dtype="str")
    regions = pd.Series([region, region], dtype="str")
    pd.testing.assert_frame_equal(normalize_phones(raw, regions), reference_normalize(raw, regions))
