"""Comparison keys: each compared field's values folded so that spellings of one value meet.

"Иванов Иван" and "ivan IVANOV" both key to ``ivan ivanov``; "J.Smith+news@GoogleMail.com" keys
to ``jsmith@gmail.com``. Keys are computed once per distinct value and kept as integer codes per
row (-1: missing), which is all blocking and exact comparison need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadq.fields import LeadFields, read_date, read_number
from leadq.match.model import KeyKind, MatchField
from leadq.normalize.company import transliterate

GMAIL_DOMAINS = ("gmail.com", "googlemail.com")
NANOSECONDS_PER_DAY = 86_400 * 10**9


@dataclass(frozen=True)
class FieldKeys:
    """One field's keys: a code per row into ``values``, the distinct keys.

    ``values`` holds texts for text kinds and floats (days, numbers) for dates and numbers. For
    names they are the words sorted, so "Ivanov Ivan" equals "Ivan Ivanov".
    """

    codes: np.ndarray
    values: np.ndarray

    @property
    def present(self) -> np.ndarray:
        return self.codes >= 0


def field_keys(fields: LeadFields, match_fields: tuple[MatchField, ...]) -> dict[str, FieldKeys]:
    """The keys of every compared field over the table behind ``fields``."""
    return {
        field.name: keys_of(joined_text(fields, field.sources), field.kind)
        for field in match_fields
    }


def joined_text(fields: LeadFields, names: tuple[str, ...]) -> pd.Series:
    """The fields' texts joined with a space, skipping missing parts; NA when all are missing."""
    result = fields.text(names[0])
    for name in names[1:]:
        part = fields.text(name)
        result = (result + " " + part).fillna(result).fillna(part)
    return result


def keys_of(text: pd.Series, kind: KeyKind) -> FieldKeys:
    """Fold ``text`` (cleaned, NA for missing) into keys of ``kind``."""
    codes, distinct = pd.factorize(text, use_na_sentinel=True)
    texts = pd.Series(distinct, dtype="str")
    if kind is KeyKind.NAME:
        return _name_keys(codes, texts)
    folded = FOLDERS[kind](texts)
    return _recode(codes, folded)


def _recode(codes: np.ndarray, folded: pd.Series) -> FieldKeys:
    """Codes into the distinct *keys*: two raw texts that fold alike get one code."""
    key_codes, keys = pd.factorize(folded, use_na_sentinel=True)
    if len(codes) == 0 or len(key_codes) == 0:
        return FieldKeys(np.full(len(codes), -1, dtype=np.int64), np.asarray(keys))
    per_row = np.where(codes >= 0, key_codes[np.maximum(codes, 0)], -1).astype(np.int64)
    return FieldKeys(per_row, np.asarray(keys))


def _name_keys(codes: np.ndarray, texts: pd.Series) -> FieldKeys:
    sorted_words = _words(texts).map(_sorted_words, na_action="ignore").astype("str")
    return _recode(codes, sorted_words)


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split(" ")))


def _words(texts: pd.Series) -> pd.Series:
    """ASCII, lower-case words separated by single spaces; NA when nothing is left."""
    text = transliterate(texts).str.lower()
    text = text.str.replace("[^a-z0-9]+", " ", regex=True).str.strip(" ")
    return text.mask(text.str.len() == 0)


def _letters_and_digits(texts: pd.Series) -> pd.Series:
    text = transliterate(texts).str.upper().str.replace("[^A-Z0-9]+", "", regex=True)
    return text.mask(text.str.len() == 0)


def _digits(texts: pd.Series) -> pd.Series:
    text = texts.str.replace(r"\D+", "", regex=True)
    return text.mask(text.str.len() == 0)


def _exact(texts: pd.Series) -> pd.Series:
    text = texts.str.strip().str.casefold()
    return text.mask(text.str.len() == 0)


def email_keys(texts: pd.Series) -> pd.Series:
    """One key per mailbox: lower case, ``+tag`` removed; for Gmail also the dots.

    Example: "J.Smith+news@GoogleMail.com" -> "jsmith@gmail.com".
    """
    text = texts.str.strip().str.lower()
    parts = text.str.rsplit("@", n=1, expand=True)
    if parts.shape[1] < 2:
        return text.mask(text.str.len() == 0)
    local = parts[0].str.replace(r"\+.*$", "", regex=True)
    domain = parts[1].replace("googlemail.com", "gmail.com")
    gmail = domain == "gmail.com"
    local = local.mask(gmail, local.str.replace(".", "", regex=False))
    keys = (local + "@" + domain).where(domain.notna(), text)
    return keys.mask(keys.str.len() == 0)


def _days(texts: pd.Series) -> pd.Series:
    dates = read_date(texts)
    nanoseconds = dates.to_numpy("datetime64[ns]").astype(np.int64)
    return pd.Series(nanoseconds / NANOSECONDS_PER_DAY, index=texts.index).where(dates.notna())


def _numbers(texts: pd.Series) -> pd.Series:
    return read_number(texts).astype("float64")


FOLDERS: Mapping[KeyKind, Callable[[pd.Series], pd.Series]] = {
    KeyKind.TEXT: _words,
    KeyKind.EMAIL: email_keys,
    KeyKind.PHONE: _digits,
    KeyKind.ID: _letters_and_digits,
    KeyKind.EXACT: _exact,
    KeyKind.DATE: _days,
    KeyKind.NUMBER: _numbers,
}
