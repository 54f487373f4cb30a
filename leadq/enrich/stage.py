"""The score pipeline's enrichment stage (stage A of seed 002): what the lead's own data and the
user's registry exports tell about the company and the person, without any network.

Adds ``leadq.schema.ENRICH_COLUMNS``: the phone's area, carrier, time zones and local time; the
company's domain; its tax id checked; and its industry, size, revenue, region and founding year,
the lead's own values completed from the ``--enrich`` registry records.
"""

from __future__ import annotations

import datetime
from typing import Literal

import numpy as np
import pandas as pd

from leadq.as_of import date_and_moment
from leadq.context import RunContext, RunSettings
from leadq.crm.keys import corporate, website_domains
from leadq.enrich.phones import describe_phones, local_times
from leadq.enrich.registry import Registry
from leadq.enrich.tax_ids import read_tax_ids, tax_id_match_keys
from leadq.fields import LeadFields
from leadq.normalize.country import country_codes
from leadq.rules_enrich import VALUE_FIELDS, EnrichSettings, Prefer, RegistryKey
from leadq.schema import ENRICH_COLUMNS

# The lead's own field behind each registry value (region and founding year: registry only).
# The size is the parsed lower bound (leadq.parse: "50-200" -> 50; "до 50" has none).
LEAD_FIELDS = {"industry": "industry", "employees": "employees_min", "revenue": "revenue"}
TEXT_VALUES = ("industry", "region")
ValueDtype = Literal["str", "Float64"]
# Texts that repeat over many rows, kept as categoricals (see leadq.enrich.categories).
REPEATED_TEXTS = ("company_domain", "company_industry", "company_region", "enriched_by")


def enrich_leads(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """Add the enrichment columns; needs the normalized phone, e-mail and company columns."""
    fields = context.fields(table)
    phones = describe_phones(table["phone_e164"], table["phone_type"], table["phone_country"])
    local = local_times(phones["phone_timezone"], reference_moment(context.settings))
    countries = country_codes(fields.text("country")).fillna(table["phone_country"])
    tax_ids = read_tax_ids(fields.text("tax_id"), countries, workers=context.settings.workers)
    domains = company_domains(table, fields).rename("company_domain")
    keys = {
        RegistryKey.TAX_ID: tax_id_match_keys(tax_ids["tax_id_normalized"].astype("str")),
        RegistryKey.DOMAIN: domains,
        RegistryKey.COMPANY: table["company_key"],
    }
    company = company_columns(fields, keys, context.registry, context.rules.enrich)
    added = pd.concat([phones, local, domains, tax_ids, company], axis=1)
    added = added.astype({name: "category" for name in REPEATED_TEXTS})
    return pd.concat([table, added[list(ENRICH_COLUMNS)]], axis=1)


def reference_moment(settings: RunSettings) -> datetime.datetime:
    """The moment local times are shown for: ``--as-of`` with its time, else its date at 00:00
    UTC (a fixed ``--as-of`` gives the same output every run)."""
    return settings.moment or date_and_moment(settings.as_of)[1]


def company_domains(table: pd.DataFrame, fields: LeadFields) -> pd.Series:
    """The e-mail's domain unless it is free-mail, throwaway or a likely typo, else the
    website's domain."""
    personal = table["email_free"].fillna(False) | table["email_disposable"].fillna(False)
    typo = table["email_suggestion"].notna()  # "gmail.con" is nobody's company
    usable = table["email_valid"].fillna(False).astype(bool) & ~personal.astype(bool) & ~typo
    mail = table["email_domain"].astype("str").where(usable)
    return mail.fillna(corporate(website_domains(fields.text("website")))).astype("str")


# --------------------------------------------------------------------------- the registry join


def company_columns(
    fields: LeadFields,
    keys: dict[RegistryKey, pd.Series],
    registry: Registry | None,
    settings: EnrichSettings | None,
) -> pd.DataFrame:
    """``company_*`` and ``enriched_by``: the lead's own values and its registry record's."""
    matched = pd.Series(-1, index=fields.index, dtype="int64")
    key_used = pd.Series(pd.NA, index=fields.index, dtype="str")
    records = pd.DataFrame({name: [] for name in (*VALUE_FIELDS, "label")})
    if registry is not None and settings is not None:
        records = registry.records
        matched, key_used = match_registry(keys, records, settings.match_on)
    prefer_registry = settings is not None and settings.prefer is Prefer.REGISTRY
    result = pd.DataFrame(index=fields.index)
    for name in VALUE_FIELDS:
        own = _own_value(fields, name)
        theirs = _picked(records[name], matched, _dtype(name))
        first, second = (theirs, own) if prefer_registry else (own, theirs)
        result[f"company_{name}"] = first.fillna(second) if second.notna().any() else first
    result["enriched_by"] = _picked(records["label"], matched, "str") + " by " + key_used
    return result


def _own_value(fields: LeadFields, name: str) -> pd.Series:
    """The lead's own value for a registry field (none for region and founding year)."""
    if name in LEAD_FIELDS:
        return fields.get(LEAD_FIELDS[name]).astype(_dtype(name))
    return pd.Series(pd.NA, index=fields.index, dtype=_dtype(name))


def _dtype(name: str) -> ValueDtype:
    return "str" if name in TEXT_VALUES else "Float64"


def _picked(column: pd.Series, matched: pd.Series, dtype: ValueDtype) -> pd.Series:
    """The matched records' values per lead (NA where none matched), as ``dtype``."""
    found = matched.to_numpy() >= 0
    if not found.any():
        return pd.Series(pd.NA, index=matched.index, dtype=dtype)
    values = column.astype(dtype).take(np.where(found, matched.to_numpy(), 0))
    values.index = matched.index
    return values.where(found)


def match_registry(
    keys: dict[RegistryKey, pd.Series], records: pd.DataFrame, match_on: tuple[RegistryKey, ...]
) -> tuple[pd.Series, pd.Series]:
    """Per lead, the position of its registry record (-1: none) and the key that matched.

    Keys are tried in ``match_on`` order; a key shared by several records picks the first in
    file order.
    """
    index = next(iter(keys.values())).index
    matched = np.full(len(index), -1, dtype=np.int64)
    key_used = pd.Series(pd.NA, index=index, dtype="str")
    for key in match_on:
        column = records[key.value]
        listed = column.notna().to_numpy() & ~column.duplicated().to_numpy()
        found = pd.Index(column[listed]).get_indexer(keys[key].astype("str"))
        found[keys[key].isna().to_numpy()] = -1
        todo = (matched < 0) & (found >= 0)
        matched[todo] = np.flatnonzero(listed)[found[todo]]
        key_used = key_used.mask(todo, key.value)
    return pd.Series(matched, index=index), key_used
