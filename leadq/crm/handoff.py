"""Hand-off files: leads that are already being worked, one file per CRM owner.

A lead whose CRM record is an existing customer or an open deal is disqualified so that no rep
calls it twice, but its new contact and what it asked for go to the record's owner:
``handoff-<owner>.csv`` (``handoff-unassigned.csv`` when the record has no owner), in ranking
order. Files are written with the CSV writer (atomic, spreadsheet-safe).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from leadq.context import RunContext
from leadq.crm.records import OTHER_STATUS, status_ranks
from leadq.distinct import map_distinct
from leadq.errors import OutputError
from leadq.normalize.company import transliterate
from leadq.write import OutputFormat, write_table

UNASSIGNED = "unassigned"
MAX_SLUG_LENGTH = 60
# What the owner reads: the CRM link, the new contact, and what the lead asked for.
HANDOFF_COLUMNS = (
    "lead_id", "crm_match", "crm_owner", "crm_status", "crm_match_on", "name", "email", "phone",
    "company", "product", "message", "source", "created",
)  # fmt: skip
_INPUT_FIELDS = ("email", "phone", "company", "product", "message", "source", "created")


def handoff_leads(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """The leads matched to a customer or an open deal, with ``HANDOFF_COLUMNS``, table order."""
    if context.rules.crm is None or "crm_status" not in table.columns:
        return pd.DataFrame(columns=list(HANDOFF_COLUMNS), dtype="str")
    worked = status_ranks(table["crm_status"], context.rules.crm) != OTHER_STATUS
    picked = table[worked]
    fields = context.fields(picked)
    columns = {name: picked[name] for name in ("lead_id", *HANDOFF_COLUMNS[1:5])}
    columns["name"] = picked["person_name"]
    columns.update({name: fields.text(name) for name in _INPUT_FIELDS})
    return pd.DataFrame(columns)[list(HANDOFF_COLUMNS)]


def handoff_files(table: pd.DataFrame, context: RunContext) -> dict[str, pd.DataFrame]:
    """File name -> the hand-off rows of one owner, owners in order of their first lead."""
    leads = handoff_leads(table, context)
    slugs = owner_slugs(leads["crm_owner"])
    by_owner = leads.groupby(slugs.to_numpy(), sort=False)
    return {f"handoff-{slug}.csv": rows for slug, rows in by_owner}


def write_handoff(table: pd.DataFrame, context: RunContext, folder: Path) -> dict[Path, int]:
    """Write the hand-off files into ``folder`` (created if its parent exists).

    Returns:
        Each file written and its number of leads. Files of earlier runs for owners with no
        lead this time are left as they are.

    Raises:
        OutputError: the folder cannot be created or a file cannot be written.
    """
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"{folder}: cannot create the folder: {error.strerror or error}"
        ) from None
    written = {}
    for name, leads in handoff_files(table, context).items():
        path = folder / name
        try:
            write_table(leads, path, OutputFormat.CSV, neutralize=True)
        except OSError as error:
            raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
        written[path] = len(leads)
    return written


def owner_slugs(owners: pd.Series) -> pd.Series:
    """A file-name-safe form of each owner: "Анна Смирнова" -> "anna-smirnova"; empty ->
    ``unassigned``."""

    def slug(names: pd.Series) -> pd.Series:
        text = transliterate(names.str.strip()).str.lower()
        text = text.str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")
        text = text.str.slice(0, MAX_SLUG_LENGTH).str.strip("-")
        return text.mask(text == "", UNASSIGNED)

    return map_distinct(owners.astype("str"), slug).fillna(UNASSIGNED).astype("str")
