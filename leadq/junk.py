"""The junk filter: requests from competitors, agencies, tender hunters, collectors and bots.

Seed 002 says most inbound requests are junk and should be recognised before they take a rep's
time. This stage adds ``junk`` (every kind found, in ``JunkKind`` order, "; "-joined),
``junk_kind`` (the first of them) and ``junk_reasons`` (what was found per kind:
"tender: 44-ФЗ; spam_link: link or HTML in message"); the rule file's ``junk:`` section says
what to look for, and ordinary disqualify rules act on it: ``{field: junk, has: tender}``.
Everything is vectorized; texts and names are examined once per distinct value.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadq.conditions import eval_matches
from leadq.context import RunContext
from leadq.distinct import factorize_rows, map_distinct
from leadq.fields import LeadFields
from leadq.gibberish import gibberish_names
from leadq.intent import field_text, searched_columns
from leadq.normalize.company import company_keys
from leadq.phrases import PhraseMatcher, bit_labels, first_bit_label
from leadq.rules_junk import PHRASE_KINDS, JunkKind, JunkSettings

KINDS: tuple[str, ...] = tuple(kind.value for kind in JunkKind)
LINK_OR_HTML = r"https?://|\bwww\.|</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>|\[/?url\b|&lt;"


@dataclass(frozen=True)
class Finding:
    """What one check found: per row a code into ``texts`` (what was found), -1 for nothing.

    Codes, not a text column: a check's few distinct details cost no string per row.
    """

    kind: JunkKind
    codes: np.ndarray
    texts: tuple[str, ...]

    def over(self, other: Finding) -> Finding:
        """This finding, and ``other``'s where this one found nothing."""
        shifted = np.where(other.codes >= 0, other.codes + len(self.texts), -1)
        codes = np.where(self.codes >= 0, self.codes, shifted)
        return Finding(self.kind, codes, self.texts + other.texts)


Finder = Callable[[pd.DataFrame, LeadFields, JunkSettings], Iterator[Finding]]


def find_junk(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """The score pipeline's stage: add ``junk``, ``junk_kind`` and ``junk_reasons``."""
    settings = context.rules.junk
    if settings is None:
        return table
    fields = context.fields(table)
    found: dict[JunkKind, Finding] = {}
    for finder in FINDERS:
        for finding in finder(table, fields, settings):
            kind = finding.kind
            found[kind] = found[kind].over(finding) if kind in found else finding
    return table.assign(**junk_columns(found, table.index))


def junk_columns(found: dict[JunkKind, Finding], index: pd.Index) -> dict[str, pd.Series]:
    """The three output columns from what each kind found."""
    bits = np.zeros(len(index), dtype=np.uint64)
    for position, kind in enumerate(JunkKind):
        if kind in found:
            bits |= (found[kind].codes >= 0).astype(np.uint64) << np.uint64(position)
    per_row = pd.Series(bits, index=index)
    return {
        "junk": bit_labels(per_row, KINDS),
        "junk_kind": first_bit_label(per_row, KINDS).astype("category"),
        "junk_reasons": _reasons(found, index),
    }


def _reasons(found: dict[JunkKind, Finding], index: pd.Index) -> pd.Series:
    """ "kind: detail" of every kind found, "; "-joined; joined once per distinct combination."""
    findings = [found[kind] for kind in JunkKind if kind in found]
    if not findings or len(index) == 0:
        return pd.Series(pd.NA, index=index, dtype="str")
    codes, distinct = factorize_rows(*(pd.Series(f.codes) for f in findings))
    texts = [
        "; ".join(f"{f.kind}: {f.texts[code]}" for f, code in zip(findings, row, strict=True)
                  if code >= 0) or None
        for row in distinct.itertuples(index=False)
    ]  # fmt: skip
    result = pd.Series([*texts, None], dtype="str").take(codes)
    result.index = index
    return result


def _where(kind: JunkKind, mask: np.ndarray | pd.Series, text: str) -> Finding:
    """``text`` on the rows of ``mask``."""
    return Finding(kind, np.where(np.asarray(mask, dtype=bool), 0, -1), (text,))


# --------------------------------------------------------------------------- the finders


def _phrases(table: pd.DataFrame, fields: LeadFields, settings: JunkSettings) -> Iterator[Finding]:
    """Competitor, agency, tender and collector phrases in the text fields; the first field
    holding a kind's phrase names it."""
    groups = {
        kind.value: settings.phrases[kind] for kind in PHRASE_KINDS if kind in settings.phrases
    }
    matcher = PhraseMatcher(groups)
    if matcher.empty:
        return
    found: dict[str, Finding] = {}
    for text in searched_columns(fields, settings.fields):
        for kind, (codes, phrases) in matcher.first_phrases_per_row(text).items():
            finding = Finding(JunkKind(kind), codes, phrases)
            found[kind] = found[kind].over(finding) if kind in found else finding
    yield from found.values()


def _competitors(
    table: pd.DataFrame, fields: LeadFields, settings: JunkSettings
) -> Iterator[Finding]:
    """The lead's e-mail or website domain, company or tax id is a listed competitor's."""
    lists = settings.competitors
    if lists.get("domains"):
        domains = frozenset(_host(pd.Series(lists["domains"], dtype="str")).dropna())
        email = _in_domains(fields.get("email_domain").astype("str"), domains)
        website = _in_domains(_host(field_text(fields, "website")), domains)
        yield _where(JunkKind.COMPETITOR, email, "e-mail domain")
        yield _where(JunkKind.COMPETITOR, website, "website")
    if lists.get("names"):
        keys = frozenset(company_keys(pd.Series(lists["names"], dtype="str")).dropna())
        named = fields.get("company_key").isin(keys).fillna(False)
        yield _where(JunkKind.COMPETITOR, named, "company name")
    if lists.get("tax_ids"):
        tax_ids = frozenset(_tax_key(pd.Series(lists["tax_ids"], dtype="str")).dropna())
        same = _tax_key(field_text(fields, "tax_id")).isin(tax_ids).fillna(False)
        yield _where(JunkKind.COMPETITOR, same, "tax id")


def _host(urls: pd.Series) -> pd.Series:
    """The lower-case host of a website or domain ("https://www.Acme.pl/x" -> "acme.pl")."""

    def host(values: pd.Series) -> pd.Series:
        text = values.str.strip().str.lower().str.replace(r"^[a-z][a-z0-9+.-]*://", "", regex=True)
        text = text.str.replace(r"^(?:www\.|@)", "", regex=True)
        return text.str.replace(r"[/?#:].*$", "", regex=True)

    return map_distinct(urls.astype("str"), host)


def _in_domains(hosts: pd.Series, domains: frozenset[str]) -> pd.Series:
    """The host or a domain above it ("mail.acme.pl" -> "acme.pl") is listed."""

    def listed(values: pd.Series) -> pd.Series:
        hit = values.isin(domains)
        parent = values
        for _ in range(3):
            parent = parent.str.replace(r"^[^.]+\.", "", regex=True)
            hit = hit | parent.isin(domains)
        return hit

    return map_distinct(hosts, listed).fillna(False).astype(bool)


def _tax_key(values: pd.Series) -> pd.Series:
    """Letters and digits only, upper case, a country prefix dropped ("PL 525-000" -> "525000")."""

    def key(text: pd.Series) -> pd.Series:
        compact = text.str.upper().str.replace(r"[^0-9A-Z]", "", regex=True)
        return compact.str.replace(r"^[A-Z]{2}(\d)", r"\1", regex=True)

    return map_distinct(values.astype("str"), key)


def _links(table: pd.DataFrame, fields: LeadFields, settings: JunkSettings) -> Iterator[Finding]:
    """A link or HTML in a text field: what spam bots leave."""
    for name in settings.links:
        hit = np.zeros(len(table), dtype=bool)
        for column in searched_columns(fields, [name]):
            hit |= map_distinct(column.astype("str"), _has_link).fillna(False).to_numpy(dtype=bool)
        yield _where(JunkKind.SPAM_LINK, hit, f"link or HTML in {name}")


def _has_link(texts: pd.Series) -> pd.Series:
    return pd.Series(eval_matches(texts, LINK_OR_HTML, datetime.date.min), index=texts.index)


def _bots(table: pd.DataFrame, fields: LeadFields, settings: JunkSettings) -> Iterator[Finding]:
    """A made-up name, a throwaway mailbox, a filled honeypot field."""
    if settings.gibberish_names:
        made_up = gibberish_names(fields.get("person_name"))
        yield _where(JunkKind.GIBBERISH_NAME, made_up, "made-up name")
    if settings.disposable_email:
        throwaway = fields.get("email_disposable").fillna(False).astype(bool)
        yield _where(JunkKind.DISPOSABLE_EMAIL, throwaway, "throwaway e-mail domain")
    if settings.honeypot:
        filled = field_text(fields, settings.honeypot).notna()
        yield _where(JunkKind.HONEYPOT, filled, f"hidden field {settings.honeypot} filled")


def _shared_contacts(
    table: pd.DataFrame, fields: LeadFields, settings: JunkSettings
) -> Iterator[Finding]:
    """One e-mail address (or phone number) given with many different names; a role mailbox
    (info@, biuro@, sales@) is shared by colleagues and never counts."""
    checks = (
        ("email_normalized", "e-mail", settings.names_per_email),
        ("phone_e164", "phone", settings.names_per_phone),
    )
    if all(least is None for _, _, least in checks):
        return
    pairs, distinct = factorize_rows(fields.get("person_first"), fields.get("person_last"))
    initials, _ = pd.factorize(_initials(distinct[0], distinct[1]))  # per distinct name
    names = initials[pairs]
    for key, label, least in checks:
        if least is None:
            continue
        contact = fields.get(key)
        if key == "email_normalized":
            contact = contact.mask(fields.get("email_role").fillna(False).astype(bool))
        contacts, uniques = pd.factorize(contact)
        counts = _distinct_per_key(contacts, names, len(uniques))
        shared = (contacts >= 0) & (counts[np.maximum(contacts, 0)] >= least)
        yield _where(JunkKind.SHARED_CONTACT, shared, f"{label} used with {least}+ names")


def _initials(first: pd.Series, last: pd.Series) -> pd.Series:
    """The lower-case initials of first and last name, in either order: "James Thomas",
    "J. Thomas" and "Thomas James" are one person typing the name differently ("jt")."""
    a = first.astype("str").str.slice(0, 1).str.lower()
    b = last.astype("str").str.slice(0, 1).str.lower()
    a, b = a.fillna(""), b.fillna("")
    key = (a + b).where(a <= b, b + a)
    return key.mask(key == "")


def _distinct_per_key(keys: np.ndarray, values: np.ndarray, key_count: int) -> np.ndarray:
    """How many distinct values (codes >= 0) occur with each key (codes >= 0)."""
    both = (keys >= 0) & (values >= 0)
    width = np.int64(values.max() + 1 if len(values) and values.max() >= 0 else 1)
    pairs = np.unique(keys[both].astype(np.int64) * width + values[both])
    return np.bincount(pairs // width, minlength=key_count) if key_count else np.zeros(1, int)


def _bursts(table: pd.DataFrame, fields: LeadFields, settings: JunkSettings) -> Iterator[Finding]:
    """``requests`` or more requests with one IP (or address) within ``minutes`` of each other:
    every request of such a window is marked."""
    burst = settings.burst
    if burst is None:
        return
    keys, _ = pd.factorize(field_text(fields, burst.field))
    stamps = fields.get("created").to_numpy(dtype="datetime64[s]")
    rows = np.flatnonzero((keys >= 0) & ~np.isnat(stamps))
    marked = np.zeros(len(table), dtype=bool)
    if len(rows):
        seconds = stamps[rows].astype(np.int64)
        window = burst.minutes * 60
        span = np.int64(seconds.max() - seconds.min() + window + 1)
        order = np.lexsort((seconds, keys[rows]))
        sortable = keys[rows][order].astype(np.int64) * span + (seconds[order] - seconds.min())
        ends = np.searchsorted(sortable, sortable + window, side="right")
        starts = np.flatnonzero(ends - np.arange(len(sortable)) >= burst.requests)
        depth = np.bincount(starts, minlength=len(sortable) + 1)
        depth -= np.bincount(ends[starts], minlength=len(sortable) + 1)
        marked[rows[order][np.cumsum(depth)[:-1] > 0]] = True
    text = f"{burst.requests}+ requests from one {burst.field} within {burst.minutes} min"
    yield _where(JunkKind.BURST, marked, text)


# In any order: junk_columns orders the kinds; for one kind, the first finder's detail is shown.
FINDERS: tuple[Finder, ...] = (_competitors, _phrases, _links, _bots, _shared_contacts, _bursts)
