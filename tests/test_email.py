"""Tests of ``leadq.normalize.email``.

The fast path must never change a result, so besides examples the module is compared row by
row with a pure-library reference on 200,000+ generated addresses and on arbitrary text.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable, Iterator

import email_validator
import email_validator.deliverability
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from email_validator import EmailNotValidError, EmailUndeliverableError, validate_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leadq.distinct as distinct
import leadq.normalize.email as email
from leadq.normalize.email import normalize_emails, suggest_domain
from leadq.schema import EMAIL_COLUMNS

TEXT_COLUMNS = ["email_normalized", "email_domain", "email_suggestion"]
FLAG_COLUMNS = ["email_valid", "email_free", "email_disposable", "email_role"]


# --- the pure-library reference ------------------------------------------------------------

_SEPARATOR_RE = re.compile(f"[{email.SEPARATORS}]+")


def reference_clean(text: str) -> str:
    """The cell cleaning rule written out plainly: first token with "@", unwrapped."""
    tokens = [t for t in _SEPARATOR_RE.split(text) if t]
    token = next((t for t in tokens if "@" in t), tokens[0] if tokens else "")
    token = token.removeprefix("<")
    if token[:7].lower() == "mailto:":
        token = token[7:]
    return token.removeprefix("<").removesuffix(">")


@functools.cache
def _suggest(domain: str) -> str | None:
    return suggest_domain(domain)


def reference_row(text: str | None) -> dict[str, object]:
    """Every output column for one cell, by calling email-validator on it (no fast path)."""
    address = None if text is None else reference_clean(text)
    try:
        checked = None if address is None else validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        checked = None
    normalized = checked.normalized if checked else None
    domain = checked.domain if checked else None
    typed = normalized or address or ""
    suggestion = None
    if typed.count("@") == 1:
        local, typed_domain = typed.split("@")
        suggested = _suggest(typed_domain)
        suggestion = f"{local}@{suggested}" if suggested else None
    role = bool(normalized) and normalized.rsplit("@", 1)[0].split("+")[0].casefold() in (
        email.ROLE_NAMES
    )
    return {
        "email_normalized": normalized,
        "email_valid": checked is not None,
        "email_domain": domain,
        "email_free": domain in email.FREE_DOMAINS,
        "email_disposable": domain in email.DISPOSABLE_DOMAINS,
        "email_role": role,
        "email_suggestion": suggestion,
    }


def assert_same_as_reference(values: list[str | None], result: pd.DataFrame) -> None:
    """Compare every column of ``result`` with the reference, reporting the first differences."""
    expected = [reference_row(v) for v in values]
    for column in EMAIL_COLUMNS:
        got = result[column].to_numpy(dtype=object, na_value=None)
        want = [row[column] for row in expected]
        bad = [i for i in range(len(values)) if got[i] != want[i]]
        sample = [(values[i], got[i], want[i]) for i in bad[:5]]
        assert not bad, f"{column}: {len(bad)} rows differ, e.g. (input, got, want): {sample}"


def run(values: list[str | None], **options: object) -> pd.DataFrame:
    """normalize_emails on a plain list, as a "str" Series."""
    return normalize_emails(pd.Series(values, dtype="str"), **options)  # type: ignore[arg-type]


# --- examples ------------------------------------------------------------------------------

EXAMPLES = [
    # input, normalized, domain, suggestion
    ("ivan.petrov@firma.ru", "ivan.petrov@firma.ru", "firma.ru", None),
    ("Ivan.Petrov@Firma.RU", "Ivan.Petrov@firma.ru", "firma.ru", None),
    ("<anna@biuro.pl>", "anna@biuro.pl", "biuro.pl", None),
    ("mailto:John@Example.co.uk", "John@example.co.uk", "example.co.uk", None),
    ("MAILTO:<j@acme.com>", "j@acme.com", "acme.com", None),
    ("Jan Kowalski <jan@acme.pl>", "jan@acme.pl", "acme.pl", None),
    ("a@acme.com, b@acme.com", "a@acme.com", "acme.com", None),
    ("a@acme.com;b@acme.com", "a@acme.com", "acme.com", None),
    ("a@acme.com b@acme.com", "a@acme.com", "acme.com", None),
    ("INFO@Acme.com", "info@acme.com", "acme.com", None),
    ("пётр@почта.рф", "пётр@почта.рф", "почта.рф", None),
    ("sales@XN--80A1ACNY.xn--p1ai", "sales@почта.рф", "почта.рф", None),
    ("łukasz@żółw.pl", "łukasz@żółw.pl", "żółw.pl", None),
    ("ivan@gmail.con", "ivan@gmail.con", "gmail.con", "ivan@gmail.com"),
    ("ivan@gmial.com", "ivan@gmial.com", "gmial.com", "ivan@gmail.com"),
    ("ivan@gmai.com", "ivan@gmai.com", "gmai.com", "ivan@gmail.com"),
    ("olga@yandex.ry", "olga@yandex.ry", "yandex.ry", "olga@yandex.ru"),
    ("olga@mail.ri", "olga@mail.ri", "mail.ri", "olga@mail.ru"),
    ("jan@wp.lp", "jan@wp.lp", "wp.lp", "jan@wp.pl"),
    ("jo@hotmial.com", "jo@hotmial.com", "hotmial.com", "jo@hotmail.com"),
    ("jo@outlok.com", "jo@outlok.com", "outlok.com", "jo@outlook.com"),
    ("jo@hotmal.con", "jo@hotmal.con", "hotmal.con", "jo@hotmail.com"),
    ("ivan@gmail..com", None, None, "ivan@gmail.com"),
    ("Ivan@GMAIL.CON", "Ivan@gmail.con", "gmail.con", "Ivan@gmail.com"),
    ("jan@ap.pl", "jan@ap.pl", "ap.pl", None),  # short name: only TLD typos are suggested
    ("jan@mai.ru", "jan@mai.ru", "mai.ru", None),
    ("a..b@acme.com", None, None, None),
    (".a@acme.com", None, None, None),
    ("a.@acme.com", None, None, None),
    ("a@-acme.com", None, None, None),
    ("a@acme-.com", None, None, None),
    ("a@acme.123", None, None, None),
    ("a@acme", None, None, None),
    ("a@b@acme.com", None, None, None),
    ("acme.com", None, None, None),
    ("a@acme.test", None, None, None),
    ("a@host.local", None, None, None),
    ("a@localhost", None, None, None),
    ('"john doe"@acme.com', None, None, None),
    ("a@[1.2.3.4]", None, None, None),
    ("ivan petrov", None, None, None),
    ("", None, None, None),
    (None, None, None, None),
]


@pytest.mark.parametrize(("text", "normalized", "domain", "suggestion"), EXAMPLES)
def test_examples(
    text: str | None, normalized: str | None, domain: str | None, suggestion: str | None
) -> None:
    row = run([text]).iloc[0]
    assert (None if pd.isna(row["email_normalized"]) else row["email_normalized"]) == normalized
    assert row["email_valid"] == (normalized is not None)
    assert (None if pd.isna(row["email_domain"]) else row["email_domain"]) == domain
    assert (None if pd.isna(row["email_suggestion"]) else row["email_suggestion"]) == suggestion


@pytest.mark.parametrize(
    ("text", "free", "disposable", "role"),
    [
        ("ivan@mail.ru", True, False, False),
        ("ivan@internet.ru", True, False, False),
        ("jan@tlen.pl", True, False, False),
        ("jan@interia.eu", True, False, False),
        ("jan@go2.pl", True, False, False),
        ("jo@gmail.com", True, False, False),
        ("jo@guerrillamail.com", False, True, False),
        ("jo@yopmail.com", True, True, False),  # on both kept lists: both flags
        ("info@acme.com", False, False, True),
        ("Sales+leads@acme.com", False, False, True),
        ("BIURO@firma.pl", False, False, True),
        ("zamowienia@firma.pl", False, False, True),
        ("priemnaya@zavod.ru", False, False, True),
        ("no-reply@acme.com", False, False, True),
        ("info@gmail.com", True, False, True),
        ("information@acme.com", False, False, False),
        ("info@acme", False, False, False),  # invalid: no flags
        ("jo@mailinator", False, False, False),
    ],
)
def test_flags(text: str, free: bool, disposable: bool, role: bool) -> None:
    row = run([text]).iloc[0]
    assert (row["email_free"], row["email_disposable"], row["email_role"]) == (
        free,
        disposable,
        role,
    )


def test_every_ru_pl_provider_is_free() -> None:
    providers = "mail.ru bk.ru inbox.ru list.ru internet.ru yandex.ru ya.ru yandex.com rambler.ru"
    providers += " wp.pl o2.pl interia.pl interia.eu onet.pl op.pl onet.eu gazeta.pl poczta.fm"
    providers += " tlen.pl vp.pl autograf.pl go2.pl"
    missing = [d for d in providers.split() if d not in email.FREE_DOMAINS]
    assert missing == []


def test_no_suggestion_for_known_or_distant_domains() -> None:
    assert suggest_domain("gmail.com") is None
    assert suggest_domain("yahoo.co") is None  # a real free-mail domain
    assert suggest_domain("yandex.ua") is None
    assert suggest_domain("acme-industries.com") is None
    assert suggest_domain("GMIAL.COM") == "gmail.com"


def test_columns_dtypes_and_index() -> None:
    raw = pd.Series(["a@acme.com", None, "bad"], dtype="str", index=[7, 3, 9])
    result = normalize_emails(raw)
    assert list(result.columns) == list(EMAIL_COLUMNS)
    assert list(result.index) == [7, 3, 9]
    for column in TEXT_COLUMNS:
        assert result[column].dtype == "str"
    for column in FLAG_COLUMNS:
        assert result[column].dtype == np.dtype(bool)
    assert result["email_valid"].tolist() == [True, False, False]


def test_empty_and_all_missing() -> None:
    empty = normalize_emails(pd.Series([], dtype="str"))
    assert list(empty.columns) == list(EMAIL_COLUMNS) and len(empty) == 0
    missing = normalize_emails(pd.Series([None, None], dtype="str"))
    assert missing["email_normalized"].isna().all() and not missing["email_valid"].any()
    assert missing["email_suggestion"].isna().all()


def test_input_is_not_mutated() -> None:
    raw = pd.Series(["<A@Acme.com>", None], dtype="str")
    before = raw.copy()
    normalize_emails(raw)
    pd.testing.assert_series_equal(raw, before)


# --- distinct values once, DNS once per domain ---------------------------------------------


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[str]:
    """Replace ``module.name`` by a wrapper recording its first argument."""
    calls: list[str] = []
    original: Callable[..., object] = getattr(module, name)

    def wrapper(value: str, *args: object, **kwargs: object) -> object:
        calls.append(value)
        return original(value, *args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_each_distinct_value_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch, email, "validate_email")
    values = ["пётр@почта.рф", "a+b!c@acme.com", "x@y"] * 50 + ["<x@y>", "mailto:x@y"]
    values += ["ivan@acme.com", "IVAN@acme.com"] * 50  # the fast path: no library call
    result = run(values)
    assert sorted(calls) == ["a+b!c@acme.com", "x@y", "пётр@почта.рф"]
    assert result["email_valid"].sum() == 200


def test_dns_checked_once_per_domain(monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []

    def fake_deliverability(domain: str, *args: object, **kwargs: object) -> dict[str, object]:
        looked_up.append(domain)
        if domain == "nowhere.pl":
            raise EmailUndeliverableError("The domain name nowhere.pl does not exist.")
        return {"mx": [(10, "mx." + domain)], "mx_fallback_type": None}

    monkeypatch.setattr(
        email_validator.deliverability, "validate_email_deliverability", fake_deliverability
    )
    values = ["a@acme.pl", "b@acme.pl", "c@nowhere.pl", "d@nowhere.pl", "bad", None]
    result = run(values, check_dns=True)
    assert sorted(looked_up) == ["acme.pl", "nowhere.pl"]
    assert result["email_valid"].tolist() == [True, True, False, False, False, False]
    assert result["email_domain"].isna().tolist() == [False, False, True, True, True, True]


def test_workers_give_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distinct, "PARALLEL_THRESHOLD", 10)
    values = [f"użytkownik{i}@firma{i % 7}.pl" for i in range(60)] + ["x@y", None]
    pd.testing.assert_frame_equal(run(values, workers=2), run(values, workers=1))


# --- the fast path equals the library ------------------------------------------------------

_SIMPLE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_LOCAL_EXTRA = "_+-!#$%&'*/=?^`{|}~"
_UNICODE = "ąęłńóśźżĄŁŻйцукенгшщзхъфывапролджэячсмитьбюЁёßﬁſİıKÅé"
_ODD = ' "<>()[]\\,;:@\t\u00a0\u200b\u0301\u0338＠﹫。．\x00'
_TLDS = ["com", "pl", "ru", "org", "net", "info", "xn--p1ai", "co.uk", "com.pl", "travel", "Рф"]
_TLD_MISSES = ["c0m", "123", "1a", "a1", "", "-com", "com-", "x", "test", "local", "localhost"]
_TLD_MISSES += ["invalid", "arpa", "onion", "TEST", "in-addr.arpa"]
_PROVIDERS = list(email.COMMON_PROVIDERS) + ["gmial.com", "gmail.con", "yandex.ry", "wp.lp"]


class AddressGenerator:
    """Seeded generator of addresses: valid simple shapes and, with some probability at each
    part, a near-miss of the library's rules (lengths, dots, hyphens, Unicode, quoting...)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def run_of(self, alphabet: str, low: int, high: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(self.rng.randint(low, high)))

    def local(self) -> str:
        r = self.rng.random
        alphabet = (
            _SIMPLE
            + "_+-"
            + (_LOCAL_EXTRA if r() < 0.1 else "")
            + (_UNICODE if r() < 0.1 else "")
            + (_ODD if r() < 0.05 else "")
        )
        runs = [self.run_of(alphabet, 1, 12) for _ in range(self.rng.choice([1, 1, 2, 3]))]
        local = ".".join(runs)
        if r() < 0.05:
            local = self.rng.choice([".", "..", "-", "+"]).join([local, local])
        if r() < 0.04:
            local = self.rng.choice([".", "-", "+", "_"]) + local
        if r() < 0.04:
            local += self.rng.choice([".", "-", "+", "_"])
        if r() < 0.03:
            local = f'"{local}{self.rng.choice(["", " ", "@", chr(34), "x"])}"'
        if r() < 0.05:
            local = self.rng.choice(["info", "INFO", "Postmaster", "sales", "Abuse", "biuro"])
        if r() < 0.03:
            local = self.run_of(_SIMPLE, 55, 250)
        return local

    def label(self) -> str:
        r = self.rng.random
        alphabet = _SIMPLE + "-" + ("_" if r() < 0.02 else "") + ("ąłйцК" if r() < 0.05 else "")
        label = self.rng.choice(_SIMPLE) + self.run_of(alphabet, 0, 14) + self.rng.choice(_SIMPLE)
        if r() < 0.03:
            label = self.rng.choice(["-", ""]) + label + self.rng.choice(["-", ""])
        if r() < 0.03:
            label = self.run_of(_SIMPLE, 2, 2) + "--" + label
        if r() < 0.02:
            label = self.run_of(_SIMPLE, 61, 65)
        if r() < 0.01:
            label = "xn--" + self.run_of(_SIMPLE.lower(), 3, 8)
        return label[: self.rng.randint(1, len(label))] if r() < 0.05 else label

    def domain(self) -> str:
        r = self.rng.random
        if r() < 0.15:
            return self.rng.choice(_PROVIDERS)
        labels = [self.label() for _ in range(self.rng.choice([1, 1, 1, 2, 3]))]
        tld = self.rng.choice(_TLD_MISSES if r() < 0.1 else _TLDS)
        domain = ".".join([*labels, tld]) if tld else ".".join(labels)
        if r() < 0.03:
            domain = self.rng.choice([".", "..", "-", "。"]).join([domain, domain])
        if r() < 0.02:
            domain = self.rng.choice(["[1.2.3.4]", "[IPv6:::1]", "[300.1.1.1]", "[x:y]"])
        if r() < 0.02:
            domain = ".".join(self.run_of(_SIMPLE, 50, 63) for _ in range(4)) + ".com"
        return domain.upper() if r() < 0.05 else domain

    def address(self) -> str:
        r = self.rng.random
        local, domain = self.local(), self.domain()
        if r() < 0.02:  # push the whole address across the 254-character limit
            local = self.run_of(_SIMPLE, max(1, 250 - len(domain)), max(1, 258 - len(domain)))
        at = self.rng.choice(["", "@@", "＠", " @"]) if r() < 0.03 else "@"
        text = local + at + domain
        if r() < 0.02:
            text += "@" + self.domain()
        if r() < 0.05:
            wrapper = self.rng.choice(["<{}>", "mailto:{}", "Jan Nowak <{}>", "{}, x@y.pl", " {} "])
            text = wrapper.format(text)
        return text

    def sample(self, n: int) -> Iterator[str]:
        for _ in range(n):
            yield self.address()


def test_fast_path_equals_library_on_generated_addresses() -> None:
    values = list(AddressGenerator(seed=20240601).sample(210_000))
    cleaned = email.clean_addresses(pd.Series(values, dtype="str"))
    fast_normalized, _ = email._validate_simple(pa.array(cleaned.unique(), pa.large_string()))
    decided_fast = fast_normalized.is_valid().to_numpy(zero_copy_only=False).sum()
    result = run(values)
    # The sample must exercise both paths heavily, and both verdicts on the library's side.
    assert decided_fast > 80_000
    assert len(cleaned.unique()) - decided_fast > 40_000
    assert 20_000 < (~result["email_valid"]).sum() < 150_000
    assert result["email_suggestion"].notna().sum() > 1_000
    assert_same_as_reference(values, result)


_EMAILISH = st.lists(
    st.one_of(
        st.text(alphabet=_SIMPLE + _LOCAL_EXTRA + ".@", min_size=1, max_size=20),
        st.sampled_from([".", "@", "..", "--", "<", ">", "mailto:", " ", ",", "xn--", "-"]),
        st.sampled_from(_TLDS + _TLD_MISSES + _PROVIDERS),
        st.text(min_size=1, max_size=5),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), st.text(max_size=40), _EMAILISH), max_size=30))
def test_arbitrary_text_equals_reference(values: list[str | None]) -> None:
    result = run(values)
    assert len(result) == len(values)
    assert_same_as_reference(values, result)


def test_library_strict_mode_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(email_validator, "STRICT", True)
    values = ["a" * 64 + "@acme.com", "a" * 65 + "@acme.com"]
    result = run(values)
    assert result["email_valid"].tolist() == [True, False]
    assert_same_as_reference(values, result)
