"""Normalize: clean and validate the contact fields, adding derived columns; inputs untouched.

Adds ``lead_id`` and the ``phone_*``, ``email_*``, ``company_key`` and ``person_*`` columns (see
``leadq.schema``). Each normalizer works on distinct values and the heavy ones use every core.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from pathlib import PurePath

import pandas as pd

from leadq.context import RunContext
from leadq.fields import LeadFields
from leadq.firing import texts_by_code
from leadq.normalize.company import company_keys
from leadq.normalize.country import country_codes
from leadq.normalize.email import normalize_emails
from leadq.normalize.person import normalize_people
from leadq.normalize.phone import normalize_phones
from leadq.schema import COMPANY_COLUMNS, EMAIL_COLUMNS, PERSON_COLUMNS, PHONE_COLUMNS

Normalizer = Callable[[LeadFields, RunContext], pd.DataFrame]


def _phones(fields: LeadFields, context: RunContext) -> pd.DataFrame:
    regions = phone_regions(fields, context.rules.region)
    return normalize_phones(fields.text("phone"), regions, workers=context.settings.workers)


def _emails(fields: LeadFields, context: RunContext) -> pd.DataFrame:
    settings = context.settings
    return normalize_emails(
        fields.text("email"), check_dns=settings.check_dns, workers=settings.workers
    )


def _companies(fields: LeadFields, context: RunContext) -> pd.DataFrame:
    return company_keys(fields.text("company")).rename("company_key").to_frame()


def _people(fields: LeadFields, context: RunContext) -> pd.DataFrame:
    return normalize_people(
        fields.text("full_name"), fields.text("first_name"), fields.text("last_name")
    )


# Each normalizer and the columns it adds.
NORMALIZERS: tuple[tuple[Normalizer, Collection[str]], ...] = (
    (_phones, PHONE_COLUMNS),
    (_emails, EMAIL_COLUMNS),
    (_companies, COMPANY_COLUMNS),
    (_people, PERSON_COLUMNS),
)


def normalize_leads(
    table: pd.DataFrame, context: RunContext, needed: Collection[str] | None = None
) -> pd.DataFrame:
    """Add the lead id and the normalized phone, e-mail, company and person columns.

    With ``needed`` (derived column names), only the normalizers adding one of them run: `leadq
    dedupe` validates no e-mail when its rules compare none.
    """
    fields = context.fields(table)
    derived = [
        normalize(fields, context)
        for normalize, columns in NORMALIZERS
        if needed is None or not set(columns).isdisjoint(needed)
    ]
    with_ids = insert_lead_ids(table, fields)
    return pd.concat([with_ids, *derived], axis=1)


def phone_regions(fields: LeadFields, default_region: str) -> pd.Series:
    """The region to read each lead's phone in: its country when known, else the default."""
    return country_codes(fields.text("country")).fillna(default_region).astype("str")


def insert_lead_ids(table: pd.DataFrame, fields: LeadFields) -> pd.DataFrame:
    """``lead_id`` before ``source_file``: the export's id, else ``<file name>-<row>``.

    The file name is its stem (``leads-17``), or its path without the extension when two inputs
    share a stem (``jan/leads-17``), so generated ids stay unique within a batch.
    """
    lead_id = fields.text("lead_id")
    absent = lead_id.isna()
    if absent.any():
        codes, files = pd.factorize(table.loc[absent, "source_file"])
        rows = table.loc[absent, "source_row"].astype("str")
        names = texts_by_code(file_labels(table["source_file"].unique(), files), codes, rows.index)
        lead_id = lead_id.mask(absent, names.astype("str") + "-" + rows)
    result = table.copy(deep=False)
    result.insert(list(result.columns).index("source_file"), "lead_id", lead_id.astype("str"))
    return result


def file_labels(every_source: Iterable[str], sources: Iterable[str]) -> list[str]:
    """Short names of ``sources`` for ids: stems, or paths without extension if stems clash."""
    stems = [_file_stem(source) for source in every_source]
    if len(set(stems)) == len(stems):
        return [_file_stem(source) for source in sources]
    return [
        "stdin" if source == "-" else str(PurePath(source).with_suffix("")) for source in sources
    ]


def _file_stem(source: str) -> str:
    return "stdin" if source == "-" else PurePath(source).stem
