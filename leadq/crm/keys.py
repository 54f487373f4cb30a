"""Match keys: the values that link a lead to a CRM record, computed the same way on both sides.

Both tables are normalized by ``normalize_leads`` first, so an e-mail, phone or company is keyed
from exactly the same ``email_normalized``, ``phone_e164`` and ``company_key`` on either side.
Keys are kept long (one row per record and key) because a record can have two domains: its
e-mail's and its website's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from leadq.distinct import map_distinct
from leadq.fields import LeadFields
from leadq.match.keys import email_keys
from leadq.normalize.email import DISPOSABLE_DOMAINS, FREE_DOMAINS
from leadq.rules_crm import CrmKey

NOT_CORPORATE = FREE_DOMAINS | DISPOSABLE_DOMAINS
MIN_TAX_ID_LENGTH = 6  # shorter "tax ids" are typing mistakes or placeholders
_SCHEME = r"^[a-z][a-z0-9+.\-]*://"
_DOMAIN = r"[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)+"

KeyColumns = Callable[[pd.DataFrame, LeadFields], list[pd.Series]]


def match_keys(table: pd.DataFrame, fields: LeadFields, keys: Sequence[CrmKey]) -> pd.DataFrame:
    """Every key of every row of a normalized table, long.

    Returns:
        Columns ``row`` (position in ``table``), ``key`` (the ``CrmKey`` value) and ``value``
        (the key text); rows without a value for a key have no row for it.
    """
    parts = [_long(values, key) for key in keys for values in KEY_COLUMNS[key](table, fields)]
    if not parts:
        return pd.DataFrame({"row": [], "key": [], "value": []}).astype({"row": "int64"})
    return pd.concat(parts, ignore_index=True).drop_duplicates(ignore_index=True)


def _long(values: pd.Series, key: CrmKey) -> pd.DataFrame:
    present = values.notna().to_numpy()
    return pd.DataFrame(
        {
            "row": np.flatnonzero(present).astype("int64"),
            "key": key.value,
            "value": values[present].astype("str").to_numpy(),
        }
    )


def mailbox_keys(normalized: pd.Series) -> pd.Series:
    """One key per mailbox, as the dedupe matcher keys e-mails ("J.Smith+news@GoogleMail.com"
    -> "jsmith@gmail.com"), once per distinct address."""
    return map_distinct(normalized.astype("str"), email_keys)


def tax_id_keys(texts: pd.Series) -> pd.Series:
    """Letters and digits only, upper case, a two-letter country prefix dropped ("PL 525-000-12-34"
    -> "5250001234"); missing when shorter than six characters or all zeros."""

    def fold(values: pd.Series) -> pd.Series:
        compact = values.str.upper().str.replace(r"[^0-9A-Z]", "", regex=True)
        prefixed = compact.str.fullmatch(r"[A-Z]{2}[0-9]+").fillna(False).astype(bool)
        compact = compact.mask(prefixed, compact.str.slice(2))
        junk = (compact.str.len() < MIN_TAX_ID_LENGTH) | (compact.str.strip("0") == "")
        return compact.mask(junk.fillna(True).astype(bool)).astype("str")

    return map_distinct(texts.astype("str"), fold)


def website_domains(texts: pd.Series) -> pd.Series:
    """The host of a website cell, without scheme, ``www.``, port or path ("https://www.Firma.pl/
    kontakt" -> "firma.pl"); missing when it is not a domain name."""

    def fold(values: pd.Series) -> pd.Series:
        host = values.str.strip().str.lower().str.replace(_SCHEME, "", regex=True)
        host = host.str.replace(r"[/?#].*$", "", regex=True).str.replace(r":\d*$", "", regex=True)
        host = host.str.replace(r"^www\.", "", regex=True).str.rstrip(".")
        is_domain = host.str.fullmatch(_DOMAIN).fillna(False).astype(bool)
        return host.where(is_domain).astype("str")

    return map_distinct(texts.astype("str"), fold)


def corporate(domains: pd.Series) -> pd.Series:
    """The domains that name one organisation: free-mail and throwaway domains blanked."""
    domains = domains.astype("str")
    return domains.mask(domains.isin(NOT_CORPORATE).fillna(False).astype(bool))


def _email(table: pd.DataFrame, fields: LeadFields) -> list[pd.Series]:
    return [mailbox_keys(table["email_normalized"])]


def _phone(table: pd.DataFrame, fields: LeadFields) -> list[pd.Series]:
    return [table["phone_e164"]]


def _tax_id(table: pd.DataFrame, fields: LeadFields) -> list[pd.Series]:
    return [tax_id_keys(fields.text("tax_id"))]


def _company(table: pd.DataFrame, fields: LeadFields) -> list[pd.Series]:
    return [table["company_key"]]


def _domain(table: pd.DataFrame, fields: LeadFields) -> list[pd.Series]:
    return [corporate(table["email_domain"]), corporate(website_domains(fields.text("website")))]


KEY_COLUMNS: dict[CrmKey, KeyColumns] = {
    CrmKey.EMAIL: _email,
    CrmKey.PHONE: _phone,
    CrmKey.TAX_ID: _tax_id,
    CrmKey.COMPANY: _company,
    CrmKey.DOMAIN: _domain,
}

# The input fields each key is read from: a CRM export needs a column for at least one of them.
KEY_FIELDS: dict[CrmKey, tuple[str, ...]] = {
    CrmKey.EMAIL: ("email",),
    CrmKey.PHONE: ("phone",),
    CrmKey.TAX_ID: ("tax_id",),
    CrmKey.COMPANY: ("company",),
    CrmKey.DOMAIN: ("email", "website"),
}
