"""What every stage of one run shares: the rule set, the column mapping and the run's settings."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from leadq.fields import LeadFields
from leadq.load import map_columns
from leadq.ruleset import RuleSet
from leadq.schema import DERIVED_FIELDS, RESULT_COLUMNS


@dataclass(frozen=True)
class RunSettings:
    """Knobs of a run that are not in the rule file."""

    as_of: datetime.date
    workers: int = 1
    check_dns: bool = False


@dataclass(frozen=True)
class RunContext:
    """The rule set, the input headers behind each field, and the run settings."""

    rules: RuleSet
    headers: Mapping[str, tuple[str, ...]]
    settings: RunSettings
    typed_inputs: dict[str, pd.Series] = field(default_factory=dict, compare=False, repr=False)

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


def headers_by_field(headers: Sequence[str], rules: RuleSet) -> dict[str, tuple[str, ...]]:
    """Canonical field -> every input header that maps to it, leftmost first.

    Several headers for one field happen when exports with different headers are read as one
    batch; each row then takes its value from the first of them that is not empty.
    """
    column_map = map_columns(list(headers), input_field_aliases(rules))
    mapped: dict[str, tuple[str, ...]] = {
        name: (header,) for name, header in column_map.fields.items()
    }
    for name, candidates in column_map.ambiguous:
        mapped[name] = tuple(candidates)
    return mapped


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
