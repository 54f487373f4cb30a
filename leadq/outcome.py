"""The known outcome of past leads: a yes/no column, or a stage/status column and its mapping.

History exports say "converted: yes", or "status: Won / Lost / Open". Either way, each lead is
converted (True), not converted (False), or unknown (NA: blank, a placeholder, or a status named
in neither list when both lists are given); unknown leads are left out of every metric.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from leadq.errors import InputError
from leadq.fields import FALSE_WORDS, TRUE_WORDS, blank_missing

SHOWN_VALUES = 3


@dataclass(frozen=True)
class Target:
    """Which column holds the outcome, and which of its values mean "converted".

    ``positive`` empty: the column is read as yes/no. ``negative`` empty: every other value
    that is present means "not converted".
    """

    column: str
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()

    def describe(self) -> str:
        """``Converted`` (yes/no), ``Status: Won`` or ``Status: Won, Closed won vs Lost``."""
        if not self.positive:
            return self.column
        against = f" vs {', '.join(self.negative)}" if self.negative else ""
        return f"{self.column}: {', '.join(self.positive)}{against}"


def read_outcome(
    table: pd.DataFrame, target: Target, missing_values: frozenset[str], source: str
) -> pd.Series:
    """The outcome of each row as a nullable boolean (NA: unknown).

    Raises:
        InputError: the column is absent, or holds values that are not yes/no without a
            ``positive`` list to say what they mean.
    """
    column = _find_column(table, target.column, source)
    text = blank_missing(table[column].astype("str"), missing_values - set(FALSE_WORDS))
    words = text.str.casefold()
    if target.positive:
        return _mapped(words, target)
    outcome = pd.Series(pd.NA, index=table.index, dtype="boolean")
    outcome[words.isin(TRUE_WORDS).fillna(False)] = True
    outcome[words.isin(FALSE_WORDS).fillna(False)] = False
    other = text[outcome.isna() & text.notna()]
    if len(other):
        shown = ", ".join(repr(value) for value in other.drop_duplicates()[:SHOWN_VALUES])
        raise InputError(
            source,
            f"--target {column!r} holds values that are not yes/no ({shown}); "
            "name the values that mean converted with --positive",
        )
    return outcome


def _mapped(words: pd.Series, target: Target) -> pd.Series:
    positive = {value.strip().casefold() for value in target.positive}
    negative = {value.strip().casefold() for value in target.negative}
    is_positive = words.isin(positive).fillna(False).astype(bool)
    present = words.notna()
    if negative:
        is_negative = words.isin(negative).fillna(False).astype(bool)
    else:
        is_negative = present & ~is_positive
    outcome = pd.Series(pd.NA, index=words.index, dtype="boolean")
    outcome[is_positive] = True
    outcome[is_negative & ~is_positive] = False
    return outcome


def _find_column(table: pd.DataFrame, wanted: str, source: str) -> str:
    """The table's header for ``wanted``, ignoring case and outer spaces."""
    by_key = {str(name).strip().casefold(): str(name) for name in table.columns}
    found = by_key.get(wanted.strip().casefold())
    if found is not None:
        return found
    close = difflib.get_close_matches(wanted, [str(name) for name in table.columns], n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise InputError(source, f"--target {wanted!r}: no such column{hint}")


def target_values(values: Sequence[str]) -> tuple[str, ...]:
    """``--positive won,closed won`` and repeated options alike, as one tuple."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())
