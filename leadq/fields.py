"""Typed access to a lead table's fields, as rule conditions see them.

The table keeps every input column exactly as read (text). A rule names a *field* (``employees``,
``email_valid``); this module finds the column behind it (through the header aliases), blanks the
placeholder texts that mean "missing", and reads the text as the field's type. Every conversion
works on the distinct values of a column, never row by row.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from leadq.distinct import map_distinct
from leadq.schema import FieldType

TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "x", "+", "on", "да", "д", "tak"})
FALSE_WORDS = frozenset({"0", "false", "f", "no", "n", "off", "нет", "н", "nie"})

# Tried in order, each over the whole column at C speed; what none of them reads goes to the
# slower mixed-format parser, day first (as in Russia and Poland).
DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%d-%m-%Y",
)

_THOUSANDS_WITH_COMMAS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_FIRST_NUMBER = r"(-?\d+(?:\.\d+)?)"


@dataclass
class LeadFields:
    """The ``FieldSource`` of rule conditions over one lead table.

    Args:
        table: the lead table (input columns as text, derived columns typed).
        headers: canonical field -> the input headers mapped to it, best first; where a row is
            empty under the first header, the next one's value is used (several exports with
            different headers read as one batch).
        types: every known field's type.
        missing_values: trimmed, casefolded cell texts that mean "missing".
        as_of: the date that time-based conditions count from.
        input_cache: typed input fields already converted earlier in the same run.
    """

    table: pd.DataFrame
    headers: Mapping[str, tuple[str, ...]]
    types: Mapping[str, FieldType]
    missing_values: frozenset[str]
    as_of: datetime.date
    input_cache: dict[str, pd.Series] = field(default_factory=dict, repr=False)
    _cache: dict[str, pd.Series] = field(default_factory=dict, repr=False)

    @property
    def index(self) -> pd.Index:
        return self.table.index

    def get(self, name: str) -> pd.Series:
        """The field as a typed series; all-missing when the table has no column for it.

        Fields read from input columns are kept in ``input_cache``, which a run shares between
        its stages: input columns never change, so each is converted once per run.
        """
        if name in self._cache:
            return self._cache[name]
        cached = self.input_cache.get(name)
        if cached is not None and cached.index.equals(self.index):
            value = cached
        else:
            value = self._read(name).rename(name)
            if self.headers.get(name):
                self.input_cache[name] = value
        self._cache[name] = value
        return value

    def text(self, name: str) -> pd.Series:
        """The field's cleaned text (trimmed, placeholders as NA), whatever its type."""
        headers = self.headers.get(name, ())
        if headers:
            return self._mapped_text(headers)
        if name in self.table.columns:
            return blank_missing(self.table[name].astype("str"), self.missing_values)
        return pd.Series(pd.NA, index=self.index, dtype="str")

    def _read(self, name: str) -> pd.Series:
        field_type = self.types.get(name, FieldType.TEXT)
        if not self.headers.get(name) and name in self.table.columns:
            return as_type(self.table[name], field_type)
        if field_type is FieldType.BOOL:
            return read_bool(self._raw_text(name))
        return as_type(self.text(name), field_type)

    def raw_text(self, name: str) -> pd.Series:
        """Trimmed text with placeholders kept: answers read "нет" as no, not as missing."""
        return self._raw_text(name)

    def _raw_text(self, name: str) -> pd.Series:
        """Trimmed text before placeholders are blanked ("нет" is a placeholder but also "no")."""
        headers = self.headers.get(name, ())
        if not headers:
            return pd.Series(pd.NA, index=self.index, dtype="str")
        return self._mapped_text(headers, missing=frozenset({""}))

    def _mapped_text(
        self, headers: tuple[str, ...], missing: frozenset[str] | None = None
    ) -> pd.Series:
        placeholders = self.missing_values if missing is None else missing
        result = blank_missing(self.table[headers[0]].astype("str"), placeholders)
        for header in headers[1:]:
            result = result.fillna(blank_missing(self.table[header].astype("str"), placeholders))
        return result


def blank_missing(text: pd.Series, placeholders: frozenset[str]) -> pd.Series:
    """Trim the text and turn placeholder values ("-", "n/a", "Select") into NA.

    Case-folding has no Arrow kernel, so it runs on the distinct values only, and only on those
    short enough to be a placeholder: folding never shortens a text, so a value longer than the
    longest placeholder cannot be one (most e-mails, names and messages are skipped).
    """
    trimmed = text.str.strip()
    longest = max((len(placeholder) for placeholder in placeholders), default=0)
    short = (trimmed.str.len() <= longest).fillna(True).to_numpy(dtype=bool)
    is_placeholder = np.zeros(len(trimmed), dtype=bool)
    if short.any():
        found = map_distinct(trimmed[short], lambda texts: texts.str.casefold().isin(placeholders))
        is_placeholder[short] = found.fillna(True).to_numpy(dtype=bool)
    return trimmed.mask(is_placeholder | (trimmed == "").fillna(False).to_numpy(dtype=bool))


def as_type(values: pd.Series, field_type: FieldType) -> pd.Series:
    """Read a column as the given field type (derived columns are already typed)."""
    if field_type is FieldType.NUMBER:
        return read_number(values)
    if field_type is FieldType.DATE:
        return read_date(values)
    if field_type is FieldType.BOOL:
        return read_bool(values)
    if values.dtype == "str":
        return values
    return values.astype("str").mask(values.isna())


def read_number(values: pd.Series) -> pd.Series:
    """Numbers as people type them: "1 500", "1,5", "1,500.25", "50-200" (its first number)."""
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        return values.astype("Float64")
    return map_distinct(values.astype("str"), _parse_numbers).astype("Float64")


def _parse_numbers(text: pd.Series) -> pd.Series:
    compact = text.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    thousands = compact.str.fullmatch(_THOUSANDS_WITH_COMMAS.pattern)
    compact = compact.where(~thousands, compact.str.replace(",", "", regex=False))
    compact = compact.str.replace(",", ".", regex=False)
    first = compact.str.extract(_FIRST_NUMBER, expand=False)
    return pd.to_numeric(first, errors="coerce").astype("Float64")


def read_date(values: pd.Series) -> pd.Series:
    """Dates in the formats exports use; day first when ambiguous; NaT when unreadable."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    return map_distinct(values.astype("str"), _parse_dates).astype("datetime64[ns]")


def _parse_dates(text: pd.Series) -> pd.Series:
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for date_format in DATE_FORMATS:
        todo = result.isna() & text.notna()
        if not todo.any():
            return result
        parsed = pd.to_datetime(text[todo], format=date_format, errors="coerce")
        result[todo] = parsed.astype("datetime64[ns]")
    todo = result.isna() & text.notna()
    if todo.any():
        result[todo] = _parse_mixed_dates(text[todo])
    return result


def _parse_mixed_dates(text: pd.Series) -> pd.Series:
    """ISO 8601 with offsets first (never day-first), then anything dateutil reads, day first."""
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    todo = parsed.isna()
    if todo.any():
        mixed = pd.to_datetime(text[todo], format="mixed", dayfirst=True, errors="coerce", utc=True)
        parsed[todo] = mixed
    return parsed.dt.tz_localize(None).astype("datetime64[ns]")


def read_bool(values: pd.Series) -> pd.Series:
    """yes/no in English, Russian and Polish (да/нет, tak/nie, 1/0, x); NA when neither."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean")
    return map_distinct(values.astype("str"), _bool_words).astype("boolean")


def _bool_words(texts: pd.Series) -> pd.Series:
    """yes/no per distinct text: case-folding has no Arrow kernel and runs in Python."""
    words = texts.str.strip().str.casefold()
    result = pd.Series(pd.NA, index=texts.index, dtype="boolean")
    result[words.isin(TRUE_WORDS).fillna(False)] = True
    result[words.isin(FALSE_WORDS).fillna(False)] = False
    return result
