"""What every stage of one run shares: the rule set, the column mapping and the run's settings."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from leadq.errors import InputError
from leadq.fields import LeadFields
from leadq.load import map_columns
from leadq.ruleset import RuleSet
from leadq.schema import DERIVED_FIELDS, PROVENANCE_COLUMNS, RESULT_COLUMNS

if TYPE_CHECKING:
    from leadq.activities.log import ActivityLog
    from leadq.crm.records import CrmRecords
    from leadq.enrich.registry import Registry


@dataclass(frozen=True)
class RunSettings:
    """Knobs of a run that are not in the rule file."""

    as_of: datetime.date
    workers: int = 1
    check_dns: bool = False
    moment: datetime.datetime | None = None  # local times are shown for it; None: as_of 00:00 UTC


@dataclass(frozen=True)
class RunContext:
    """The rule set, the input headers behind each field, the run settings and side tables."""

    rules: RuleSet
    headers: Mapping[str, tuple[str, ...]]
    settings: RunSettings
    typed_inputs: dict[str, pd.Series] = field(default_factory=dict, compare=False, repr=False)
    crm: CrmRecords | None = field(default=None, compare=False, repr=False)  # --against files
    registry: Registry | None = field(default=None, compare=False, repr=False)  # --enrich files
    activities: ActivityLog | None = field(default=None, compare=False, repr=False)  # logs

    def fields(self, table: pd.DataFrame) -> LeadFields:
        """Typed field access over ``table`` as it stands at this stage."""
        return LeadFields(
            table=table,
            headers=self.headers,
            types=self.rules.fields,
            missing_values=self.rules.missing_values,
            as_of=self.settings.as_of,
            input_cache=self.typed_inputs,
        )


def headers_by_field(
    headers: Sequence[str], rules: RuleSet, set_aside: Mapping[str, str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Canonical field -> every input header that maps to it, leftmost first.

    Several headers for one field happen when exports with different headers are read as one
    batch; each row then takes its value from the first of them that is not empty.
    """
    return headers_by_alias(headers, input_field_aliases(rules), set_aside)


def headers_by_alias(
    headers: Sequence[str],
    aliases: Mapping[str, tuple[str, ...]],
    set_aside: Mapping[str, str] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Field -> every header among ``headers`` that is one of its ``aliases``, leftmost first.

    ``set_aside`` maps original header -> new header for input columns renamed because they
    clash with leadq's own: they are matched by their original name.
    """
    original = {new: old for old, new in (set_aside or {}).items()}
    now = {original.get(header, header): header for header in headers}
    column_map = map_columns(list(now), aliases)
    mapped: dict[str, tuple[str, ...]] = {
        name: (now[header],) for name, header in column_map.fields.items()
    }
    for name, candidates in column_map.ambiguous:
        mapped[name] = tuple(now[header] for header in candidates)
    return mapped


SHOWN_HEADERS = 6  # a side file's headers named in a "no column for ..." message


@dataclass(frozen=True)
class SideFile:
    """A side file (CRM export, registry, activity log) read for one rule-file section."""

    source: str
    section: str  # the rule-file section whose columns: map its headers
    headers: Sequence[str]  # the file's own headers, as read

    def require_column(
        self,
        mapped: Mapping[str, tuple[str, ...]],
        wanted: Sequence[str],
        purpose: str = "to match leads on",
    ) -> None:
        """One clear error unless some header maps onto one of the ``wanted`` fields."""
        if any(name in mapped for name in wanted):
            return
        shown = ", ".join(repr(header) for header in self.headers[:SHOWN_HEADERS] if header)
        more = ", ..." if len(self.headers) > SHOWN_HEADERS else ""
        message = (
            f"no column {purpose}: no header is an alias of {', '.join(wanted)} "
            f"(the rules' {self.section}: columns); its headers are {shown}{more}"
        )
        raise InputError(self.source, message)


def output_columns(rules: RuleSet) -> list[str]:
    """Every column a run adds to the table (besides the reader's provenance columns)."""
    scores = [f"score_{category.name}" for category in rules.score]
    computed = [name for name in DERIVED_FIELDS if name not in PROVENANCE_COLUMNS]
    return ["lead_id", *computed, "disqualified_by", "reasons", *scores, *RESULT_COLUMNS]


def set_aside_clashing_columns(
    table: pd.DataFrame, rules: RuleSet
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename input columns that carry a name leadq adds to ``<name> (input)``.

    Happens when leadq's own output is scored again; the input column is kept, and its header
    still maps onto fields by its original name (a previous run's ``lead_id`` stays the id).
    """
    taken = set(table.columns)
    renames: dict[str, str] = {}
    for name in output_columns(rules):
        if name in taken:
            renames[name] = _free_name(f"{name} (input)", taken)
            taken.add(renames[name])
    return (table.rename(columns=renames) if renames else table), renames


def _free_name(wanted: str, taken: set[str]) -> str:
    candidate, number = wanted, 2
    while candidate in taken:
        candidate, number = f"{wanted} {number}", number + 1
    return candidate


def input_field_aliases(rules: RuleSet) -> dict[str, tuple[str, ...]]:
    """Aliases of every field an export can supply: its own name always matches.

    Derived and result fields (``phone_valid``, ``score`` ...) are computed by leadq and never
    read from an export, even when it has a column of that name (a CRM's own "Score").
    """
    computed = set(DERIVED_FIELDS) | set(RESULT_COLUMNS)
    names = [
        name for name in rules.fields if name not in computed and not name.startswith("score_")
    ]
    return {name: tuple(rules.columns.get(name, ())) for name in names}
