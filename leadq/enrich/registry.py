"""Reading the ``--enrich`` files: company registry exports (SPARK, REGON/KRS, any company list).

Each file is read by the same reader as the leads (CSV or Excel, any encoding and delimiter),
its headers mapped through the rule file's ``enrich: columns:`` aliases, and its keys computed
exactly as the leads' are: tax ids by ``leadq.enrich.tax_ids``, domains from the website (or a
corporate e-mail), company keys by the normalizer. This happens once per run, before the stages.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

import pandas as pd

from leadq.context import SideFile, headers_by_alias
from leadq.crm.keys import corporate, website_domains
from leadq.enrich.tax_ids import read_tax_ids, tax_id_match_keys
from leadq.errors import RuleProblem, RulesError
from leadq.fields import LeadFields, read_number
from leadq.load import ADDED_COLUMNS, SOURCE_ROW, ReadOptions, ReadWarning, read_table
from leadq.normalize.company import company_keys
from leadq.normalize.country import country_codes
from leadq.rules_enrich import REGISTRY_FIELDS, EnrichSettings, RegistryKey
from leadq.rules_model import RuleSet

NO_DATES = datetime.date.min  # LeadFields wants an as-of date; no registry field is compared
# The fields each key is read from: a registry export needs a column for at least one of them.
KEY_SOURCES: dict[RegistryKey, tuple[str, ...]] = {
    RegistryKey.TAX_ID: ("tax_id",),
    RegistryKey.DOMAIN: ("website", "email"),
    RegistryKey.COMPANY: ("company",),
}
_YEAR = r"\b(1[89]\d\d|20\d\d)\b"


@dataclass(frozen=True)
class Registry:
    """The records of every ``--enrich`` file, in file order.

    ``records`` has the value columns (``industry``, ``employees``, ``revenue``, ``region``,
    ``founded``), ``label`` ("registry.csv:4": file name and spreadsheet row) and one column per
    key (``tax_id``, ``domain``, ``company``; NA where the record has none), under a RangeIndex.
    """

    records: pd.DataFrame
    warnings: tuple[ReadWarning, ...] = ()


def enrich_settings(rules: RuleSet) -> EnrichSettings:
    """The rule set's ``enrich:`` section; a clear error when it has none."""
    if rules.enrich is None:
        message = "has no 'enrich:' section, which --enrich needs (add one, or extend: default)"
        raise RulesError([RuleProblem(rules.source, 1, 1, "enrich", message)])
    return rules.enrich


def read_registry(sources: Sequence[str | Path], rules: RuleSet) -> Registry | None:
    """Read, map and key every registry export; None when there are none.

    Raises:
        RulesError: the rules have no ``enrich:`` section.
        InputError: a file that cannot be read as a table, or that has no column to match on.
    """
    if not sources:
        return None
    settings = enrich_settings(rules)
    parts = [_read_one(str(source), rules, settings) for source in sources]
    return Registry(
        pd.concat([part.records for part in parts], ignore_index=True),
        tuple(warning for part in parts for warning in part.warnings),
    )


def _read_one(source: str, rules: RuleSet, settings: EnrichSettings) -> Registry:
    """One registry export, read with detection only (--encoding and friends are the leads')."""
    loaded = read_table(source, ReadOptions())
    wanted = {name: settings.columns.get(name, ()) for name in REGISTRY_FIELDS}
    headers = headers_by_alias(list(loaded.table.columns), wanted)
    exported = [name for name in loaded.table.columns if name not in ADDED_COLUMNS]
    keys = dict.fromkeys(name for key in settings.match_on for name in KEY_SOURCES[key])
    SideFile(source, "enrich", exported).require_column(headers, list(keys))
    fields = LeadFields(loaded.table, headers, {}, rules.missing_values, NO_DATES)
    records = pd.DataFrame(
        {
            "industry": fields.text("industry"),
            "employees": read_number(fields.text("employees")),
            "revenue": read_number(fields.text("revenue")),
            "region": fields.text("region"),
            "founded": read_number(fields.text("founded").str.extract(_YEAR, expand=False)),
            "label": f"{PurePath(source).name}:" + loaded.table[SOURCE_ROW].astype("str"),
            **registry_keys(fields),
        }
    ).reset_index(drop=True)
    return Registry(records, tuple(loaded.warnings))


def registry_keys(fields: LeadFields) -> dict[str, pd.Series]:
    """The record's tax id, corporate domain and company key, as the leads' are computed."""
    countries = country_codes(fields.text("country"))
    tax_ids = read_tax_ids(fields.text("tax_id"), countries)["tax_id_normalized"].astype("str")
    mail_domains = fields.text("email").str.lower().str.extract(r"@([^@\s]+)$", expand=False)
    domains = corporate(website_domains(fields.text("website"))).fillna(corporate(mail_domains))
    return {
        RegistryKey.TAX_ID.value: tax_id_match_keys(tax_ids),
        RegistryKey.DOMAIN.value: domains.astype("str"),
        RegistryKey.COMPANY.value: company_keys(fields.text("company")),
    }
