"""Comparison keys: each compared field's values folded so that spellings of one value meet.

"Иванов Иван" and "ivan IVANOV" both key to ``ivan ivanov``; "J.Smith+news@GoogleMail.com" keys
to ``jsmith@gmail.com``. Keys are computed once per distinct value and kept as integer codes per
row (-1: missing), which is all blocking and exact comparison need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from leadq.fields import LeadFields, read_date, read_number
from leadq.match.model import Derivation, KeyKind, MatchField
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

    @cached_property
    def rows(self) -> np.ndarray:
        """How many rows hold each distinct key (code -1, missing, reads the extra last 0)."""
        return np.bincount(self.codes[self.codes >= 0], minlength=len(self.values) + 1)

    @cached_property
    def words(self) -> Words:
        """The distinct keys split into words (for word-by-word name comparison)."""
        return Words.of(self.values)


@dataclass(frozen=True)
class Words:
    """Texts split on spaces: text i's words are ``codes[starts[i]:starts[i] + counts[i]]``,
    codes into the distinct words ``texts``."""

    texts: np.ndarray
    codes: np.ndarray
    starts: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray) -> Words:
        split = pc.split_pattern(pa.array(pd.Series(values, dtype="str").array), " ")
        counts = pc.list_value_length(split).to_numpy(zero_copy_only=False).astype(np.int64)
        codes, texts = pd.factorize(pd.Series(pd.array(pc.list_flatten(split), dtype="str")))
        return cls(np.asarray(texts, dtype=object), codes, np.cumsum(counts) - counts, counts)

    def is_initial_of(self, short: np.ndarray, long: np.ndarray) -> np.ndarray:
        """Per pair of words (codes): ``short`` is one letter and ``long`` starts with it."""
        return self._one_letter[short] & (self._first_letter[short] == self._first_letter[long])

    @cached_property
    def _first_letter(self) -> np.ndarray:
        """Each word's first letter as a code (words starting alike share it)."""
        return pd.factorize(pd.Series(self.texts, dtype="str").str[:1])[0]

    @cached_property
    def _one_letter(self) -> np.ndarray:
        return (pd.Series(self.texts, dtype="str").str.len() == 1).to_numpy(dtype=bool)


def field_keys(fields: LeadFields, match_fields: tuple[MatchField, ...]) -> dict[str, FieldKeys]:
    """The keys of every compared field over the table behind ``fields``."""
    return {
        field.name: keys_of(joined_text(fields, field.sources), field.kind, field.ignore)
        for field in match_fields
    }


def blocking_keys(
    keys: Mapping[str, FieldKeys], blocking: tuple[tuple[str, ...], ...]
) -> dict[str, FieldKeys]:
    """``keys`` and every derived key the blocking names (``field.initials``)."""
    result = dict(keys)
    for name in {part for key in blocking for part in key if part not in keys}:
        field, derivation = name.rsplit(".", 1)
        result[name] = DERIVED_KEYS[Derivation(derivation)](keys[field])
    return result


def initials(keys: FieldKeys) -> FieldKeys:
    """The first letter of every word, sorted: "ivan ivanov" and "iwan iwanow" -> "i i".

    A blocking key that survives typos past the first letter and swapped name order.
    """
    split = pc.split_pattern(pa.array(pd.Series(keys.values, dtype="str").array), " ")
    first_letters = pc.utf8_slice_codeunits(pc.list_flatten(split), 0, 1)
    return _recode(keys.codes, _sorted_and_joined(_same_lists(split, first_letters)))


DerivedKey = Callable[[FieldKeys], FieldKeys]
DERIVED_KEYS: Mapping[Derivation, DerivedKey] = {Derivation.INITIALS: initials}


def joined_text(fields: LeadFields, names: tuple[str, ...]) -> pd.Series:
    """The fields' texts joined with a space, skipping missing parts; NA when all are missing."""
    result = fields.text(names[0])
    for name in names[1:]:
        part = fields.text(name)
        result = (result + " " + part).fillna(result).fillna(part)
    return result


def keys_of(text: pd.Series, kind: KeyKind, ignore: tuple[str, ...] = ()) -> FieldKeys:
    """Fold ``text`` (cleaned, NA for missing) into keys of ``kind``; values that fold like one
    of ``ignore`` are missing."""
    codes, distinct = pd.factorize(text, use_na_sentinel=True)
    folded = fold(pd.Series(distinct, dtype="str"), kind)
    if ignore:
        folded = folded.mask(folded.isin(fold(pd.Series(ignore, dtype="str"), kind)))
    return _recode(codes, folded)


def fold(texts: pd.Series, kind: KeyKind) -> pd.Series:
    """The key of each text: the form in which spellings of one value are equal."""
    if kind is KeyKind.NAME:
        return _words(texts).map(_sorted_words, na_action="ignore").astype("str")
    return FOLDERS[kind](texts)


def _recode(codes: np.ndarray, folded: pd.Series) -> FieldKeys:
    """Codes into the distinct *keys*: two raw texts that fold alike get one code."""
    key_codes, keys = pd.factorize(folded, use_na_sentinel=True)
    if len(codes) == 0 or len(key_codes) == 0:
        return FieldKeys(np.full(len(codes), -1, dtype=np.int64), np.asarray(keys))
    per_row = np.where(codes >= 0, key_codes[np.maximum(codes, 0)], -1).astype(np.int64)
    return FieldKeys(per_row, np.asarray(keys))


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split(" ")))


def _same_lists(lists: pa.ListArray, items: pa.Array) -> pa.ListArray:
    """``items`` (one per item of ``lists``, flattened) in the same lists; null lists stay."""
    return type(lists).from_arrays(lists.offsets, items, mask=lists.is_null())


def _sorted_and_joined(lists: pa.ListArray) -> pd.Series:
    """Each list's texts sorted (by code point, as ``sorted`` does) and joined with spaces.

    One sort over all items (by list, then by the item's rank), so no Python per value.
    """
    flat = pc.list_flatten(lists)
    rank, _ = pd.factorize(pd.Series(pd.array(flat, dtype="str")), sort=True)
    lengths = pc.list_value_length(lists).fill_null(0).to_numpy(zero_copy_only=False)
    owner = np.repeat(np.arange(len(lists)), lengths)
    in_order = flat.take(pa.array(np.lexsort((rank, owner))))
    space = pa.scalar(" ", lists.type.value_type)
    joined = pc.binary_join(_same_lists(lists, in_order), space)
    return pd.Series(pd.array(joined, dtype="str"))


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

    Example: "J.Smith+news@GoogleMail.com" -> "jsmith@gmail.com". Text without "@" is kept as
    it is (lower case). Arrow regex kernels only, no Python per value.
    """
    text = texts.str.strip().str.lower()
    has_at = text.str.contains("@", regex=False).fillna(False).astype(bool)
    local = text.str.replace(r"@[^@]*$", "", regex=True).str.replace(r"\+.*$", "", regex=True)
    domain = text.str.replace(r"^.*@", "", regex=True)
    domain = domain.mask(domain == "googlemail.com", "gmail.com")
    local = local.mask(domain == "gmail.com", local.str.replace(".", "", regex=False))
    keys = (local + "@" + domain).where(has_at, text)
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
