"""Company ids: which kind a cell holds (INN, KPP, OGRN, NIP, REGON, KRS, EU and UK VAT, US EIN)
and whether its check digits hold, through python-stdnum.

The kind comes, in this order, from an explicit label ("ИНН", "NIP:", "KRS"), from an EU
country prefix ("PL 525-000-12-34" is an EU VAT number), and else from the number of digits and
the lead's country (its ``country``, else its phone's country):

- 12 digits: INN (a person's or sole trader's); 13 or 15: OGRN (OGRNIP); 14: REGON (local unit).
- 10 digits: INN in Russia, NIP in Poland; elsewhere the one whose checksum holds (INN first
  when both do); when neither holds, the kind stays empty: the id is invalid either way.
- 9 digits: KPP in Russia (KPP has no check digit: its format is checked), a VAT number in the
  United Kingdom, an EIN in the United States, else REGON.
- "INN/KPP" ("7707083893/770701001", as Russian requisites are written): the INN is read.
- KRS (10 digits, no check digit) only with its label: unlabelled it reads as INN or NIP.

Each distinct (cell, country) pair is read once; stdnum works per value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

import pandas as pd
from stdnum.eu import vat
from stdnum.exceptions import ValidationError
from stdnum.gb import vat as gb_vat
from stdnum.pl import nip, regon
from stdnum.ru import inn, ogrn
from stdnum.us import ein

from leadq.distinct import factorize_rows, parse_in_parallel
from leadq.enrich.categories import spread_categorical


class TaxIdKind(StrEnum):
    """What a company id is."""

    INN = "inn"  # RU taxpayer number, 10 digits (organisation) or 12 (person, sole trader)
    KPP = "kpp"  # RU tax registration reason code, 9 characters, no check digit
    OGRN = "ogrn"  # RU state registration number, 13 digits (OGRNIP of a sole trader: 15)
    NIP = "nip"  # PL tax number, 10 digits
    REGON = "regon"  # PL statistical number, 9 or 14 digits
    KRS = "krs"  # PL court register number, 10 digits, no check digit
    VAT = "vat"  # EU or UK VAT number with its country prefix (EL for Greece, GB, XI)
    EIN = "ein"  # US employer identification number, 9 digits


COUNTRY_OF_KIND = {
    TaxIdKind.INN: "RU",
    TaxIdKind.KPP: "RU",
    TaxIdKind.OGRN: "RU",
    TaxIdKind.NIP: "PL",
    TaxIdKind.REGON: "PL",
    TaxIdKind.KRS: "PL",
    TaxIdKind.EIN: "US",
}
# Labels people write before the number, case-folded, without punctuation.
LABELS = {
    "инн": TaxIdKind.INN,
    "inn": TaxIdKind.INN,
    "кпп": TaxIdKind.KPP,
    "kpp": TaxIdKind.KPP,
    "огрн": TaxIdKind.OGRN,
    "огрнип": TaxIdKind.OGRN,
    "ogrn": TaxIdKind.OGRN,
    "ogrnip": TaxIdKind.OGRN,
    "nip": TaxIdKind.NIP,
    "regon": TaxIdKind.REGON,
    "krs": TaxIdKind.KRS,
    "vat": TaxIdKind.VAT,
    "vat id": TaxIdKind.VAT,
    "nip ue": TaxIdKind.VAT,
    "ust-idnr": TaxIdKind.VAT,
    "ein": TaxIdKind.EIN,
}
VAT_PREFIXES = {code.upper() for code in vat.MEMBER_STATES if code != "gr"} | {"EL", "GB"}
VAT_COUNTRY = {"EL": "GR", "XI": "GB"}  # VAT prefixes that are not the ISO country code

_LABEL = re.compile(
    r"^\s*(?P<label>" + "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True)) + r")"
    r"\s*(?:[:№#.]|\bno\b\.?)?\s*",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\s\-./,]")
KRS_LENGTH = 10
MIN_VAT_LENGTH = 4  # "PL" and a few letters is a word, not a VAT number
_KPP = re.compile(r"\d{4}[0-9A-Z]{2}\d{3}")
_INN_KPP = re.compile(r"^\s*(?P<inn>\d{10}|\d{12})\s*/\s*\d{4}[0-9A-Z]{2}\d{3}\s*$")

TaxIdFields = tuple[str | None, bool | None, str | None, str | None]
_NOTHING: TaxIdFields = (None, None, None, None)
Validator = Callable[[str], str]

VALIDATORS: dict[TaxIdKind, Validator] = {
    TaxIdKind.INN: inn.validate,
    TaxIdKind.OGRN: ogrn.validate,
    TaxIdKind.NIP: nip.validate,
    TaxIdKind.REGON: regon.validate,
    TaxIdKind.VAT: lambda number: (
        "GB" + gb_vat.validate(number)
        if number.startswith("GB") or number.isdigit()  # digits only: a UK number without "GB"
        else vat.validate(number)
    ),
    TaxIdKind.EIN: ein.validate,
}


def read_tax_id(text: str | None, country: str | None) -> TaxIdFields:
    """One cell -> (compact form, valid, ISO country, kind); all None when there is no id.

    Args:
        text: the cell as typed ("ИНН 7707083893", "PL 525-000-12-34", "123456785").
        country: the lead's ISO country (or its phone's), None when unknown.
    """
    if text is None or not text.strip():
        return _NOTHING
    requisites = _INN_KPP.match(text)
    if requisites:
        text = requisites.group("inn")
    label = _LABEL.match(text)
    kind = LABELS[label.group("label").casefold()] if label else None
    compact = _SEPARATORS.sub("", text[label.end() :] if label else text).upper()
    if not compact:
        return _NOTHING
    if kind is None and compact[:2] in VAT_PREFIXES and len(compact) > MIN_VAT_LENGTH:
        kind = TaxIdKind.VAT
    if kind is None and compact[:2] == "RU" and compact[2:].isdigit():
        compact, country = compact[2:], "RU"
    kinds = [kind] if kind is not None else _kinds_by_digits(compact, country)
    for candidate in kinds:
        if (validated := _validated(compact, candidate)) is not None:
            return (validated, True, _country(validated, candidate), candidate.value)
    if len(kinds) != 1:  # no candidate, or neither of INN and NIP holds: the kind is unknown
        return (compact, False, None, None)
    return (compact, False, _country(compact, kinds[0]), kinds[0].value)


def _kinds_by_digits(digits: str, country: str | None) -> list[TaxIdKind]:
    """The kinds an unlabelled number may be by its length and the lead's country, to try in
    order (the first whose check digits hold wins)."""
    if not digits.isdigit():
        return [TaxIdKind.KPP] if country == "RU" and _KPP.fullmatch(digits) else []
    by_length = {12: TaxIdKind.INN, 13: TaxIdKind.OGRN, 15: TaxIdKind.OGRN, 14: TaxIdKind.REGON}
    if len(digits) in by_length:
        return [by_length[len(digits)]]
    if len(digits) == 9:
        nine = {"RU": [TaxIdKind.KPP], "GB": [TaxIdKind.VAT], "US": [TaxIdKind.EIN]}
        return nine.get(country or "", [TaxIdKind.REGON])
    if len(digits) == 10:
        if country in ("RU", "PL"):
            return [TaxIdKind.INN if country == "RU" else TaxIdKind.NIP]
        return [TaxIdKind.INN, TaxIdKind.NIP]
    return []


def _validated(compact: str, kind: TaxIdKind) -> str | None:
    """The id in its library's compact form when its check digits hold (for KPP and KRS, which
    have none, when its format does); None when they fail."""
    if kind is TaxIdKind.KPP:
        return compact if _KPP.fullmatch(compact) else None
    if kind is TaxIdKind.KRS:
        return compact if compact.isdigit() and len(compact) == KRS_LENGTH else None
    try:
        return VALIDATORS[kind](compact)
    except ValidationError:
        return None


def _country(compact: str, kind: TaxIdKind) -> str | None:
    if kind is TaxIdKind.VAT:
        prefix = compact[:2]
        return VAT_COUNTRY.get(prefix, prefix) if prefix in VAT_PREFIXES else None
    return COUNTRY_OF_KIND[kind]


def read_tax_id_pairs(pairs: Sequence[Any]) -> pd.DataFrame:
    """:func:`read_tax_id` over (text, country) pairs, as a frame of the four columns."""
    rows = [read_tax_id(text, country) for text, country in pairs]
    columns = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
    return pd.DataFrame(
        {
            "tax_id_normalized": pd.array(list(columns[0]), dtype="str"),
            "tax_id_valid": pd.array(list(columns[1]), dtype="boolean"),
            "tax_id_country": pd.array(list(columns[2]), dtype="str"),
            "tax_id_kind": pd.array(list(columns[3]), dtype="str"),
        }
    )


def read_tax_ids(texts: pd.Series, countries: pd.Series, *, workers: int = 1) -> pd.DataFrame:
    """The tax id columns for every row, each distinct (cell, country) pair read once; the
    texts as categoricals (a company's id repeats on each of its leads).

    Args:
        texts: tax id cells ("str", NA when missing).
        countries: ISO country per row (the lead's, else its phone's), NA when unknown.
        workers: processes for big batches (stdnum costs tens of microseconds an id).
    """
    codes, distinct = factorize_rows(texts.astype("str"), countries.astype("str"))
    pairs = [
        (None if pd.isna(text) else text, None if pd.isna(country) else country)
        for text, country in zip(distinct[0], distinct[1], strict=True)
    ]
    per_pair = parse_in_parallel(pairs, read_tax_id_pairs, workers)
    valid = per_pair["tax_id_valid"].array.take(codes)
    return pd.DataFrame(
        {
            name: pd.Series(valid, index=texts.index, dtype="boolean")
            if name == "tax_id_valid"
            else spread_categorical(per_pair[name], codes, texts.index)
            for name in per_pair
        }
    )


def tax_id_match_keys(normalized: pd.Series) -> pd.Series:
    """The key a registry is joined on: the compact id without an EU country prefix, so that
    "PL5250001234" (VAT) and "5250001234" (NIP) are one company."""
    prefixed = normalized.str.fullmatch(r"[A-Z]{2}[0-9A-Z]+").fillna(False).astype(bool)
    prefixed &= normalized.str.slice(0, 2).isin(VAT_PREFIXES).fillna(False).astype(bool)
    return normalized.mask(prefixed, normalized.str.slice(2)).astype("str")
