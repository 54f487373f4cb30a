"""Key phrases found in free text: many phrases at once, tolerant of case, accents and endings.

Request texts and call notes are written by people in Russian, Polish and English, so a phrase
matches whatever the case, "ё" or "е", "ł" or "l", "ó" or "o", and whatever the punctuation
between its words. A phrase matches at the start of a word and the text may go on after it, so a
stem catches every ending: "внедрени" finds "внедрением", "wycen" finds "wycenę"; "cena" does not
match inside "scena".

All phrases are searched in one pass (Aho-Corasick, pyahocorasick) over the distinct texts
joined into one string: the work is linear in the text, whatever the number of phrases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import ahocorasick
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

MAX_GROUPS = 64  # a row's groups are one uint64 bit mask

# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = {"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
_SEPARATOR = "\n"  # folded texts hold only letters, digits and single spaces


def fold_texts(values: pd.Series) -> pd.Series:
    """Texts as phrases are compared: lower case, accents and "ё" folded, words split by one
    space, with a space before and after (so that " cena" means "a word starting with cena")."""
    text = pa.array(values.astype("str"), pa.string())
    text = pc.utf8_normalize(text, form="NFKD")
    text = pc.replace_substring_regex(text, pattern=r"\p{Mn}+", replacement="")
    text = pc.utf8_lower(text)
    for letter, plain in _UNDECOMPOSED.items():
        text = pc.replace_substring(text, pattern=letter, replacement=plain)
    text = pc.replace_substring_regex(text, pattern=r"[^\p{L}\p{N}]+", replacement=" ")
    text = pc.utf8_trim_whitespace(text)
    padded = pc.binary_join_element_wise(" ", text, " ", "")
    return pd.Series(padded.to_pandas(types_mapper=pd.ArrowDtype), index=values.index).astype("str")


def fold_phrases(phrases: Sequence[str]) -> list[str]:
    """Phrases folded as texts are, without the trailing space (so endings may follow).

    One call for all of them: each Arrow call has a fixed cost of milliseconds.
    """
    if not phrases:
        return []
    return [text.rstrip() for text in fold_texts(pd.Series(list(phrases), dtype="str")).tolist()]


def fold_phrase(phrase: str) -> str:
    """One phrase folded as texts are (see ``fold_phrases``)."""
    return fold_phrases([phrase])[0]


@dataclass(frozen=True)
class Found:
    """The groups found in each distinct text, and the first phrase of each group found."""

    bits: np.ndarray  # uint64 per text: bit g set when group g was found
    first_phrase: dict[tuple[int, int], str]  # (text, group) -> the phrase as the rules wrote it


class PhraseMatcher:
    """Finds named groups of phrases in texts (group order = bit order)."""

    def __init__(self, groups: Mapping[str, Sequence[str]]) -> None:
        if len(groups) > MAX_GROUPS:
            raise ValueError(f"at most {MAX_GROUPS} phrase groups")
        self.names: tuple[str, ...] = tuple(groups)
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, tuple[int, str]] = {}
        written = [
            (bit, phrase) for bit, phrases in enumerate(groups.values()) for phrase in phrases
        ]
        folded = fold_phrases([phrase for _, phrase in written])
        for (bit, phrase), key in zip(written, folded, strict=True):
            if key.strip():
                mask, first = keys.get(key, (0, phrase))
                keys[key] = (mask | (1 << bit), first)
        for key, (mask, phrase) in keys.items():
            self._automaton.add_word(key, (len(key), mask, phrase))
        self.empty = not keys
        if not self.empty:
            self._automaton.make_automaton()

    def find(self, texts: pd.Series) -> Found:
        """Search distinct texts (no NA) once; bits and first phrases per text position."""
        bits = np.zeros(len(texts), dtype=np.uint64)
        first: dict[tuple[int, int], str] = {}
        if self.empty or len(texts) == 0:
            return Found(bits, first)
        folded = fold_texts(texts)
        lengths = pc.utf8_length(pa.array(folded)).to_numpy().astype(np.int64) + 1
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        haystack = _SEPARATOR.join(folded.tolist())
        for end, (length, mask, phrase) in self._automaton.iter(haystack):
            text = int(np.searchsorted(starts, end - length + 1, side="right")) - 1
            bits[text] |= np.uint64(mask)
            for group in _bits_set(mask):
                first.setdefault((text, group), phrase)
        return Found(bits, first)

    def groups_per_row(self, texts: pd.Series) -> pd.Series:
        """The group bits found in each row's text (0 for a missing text), once per distinct."""
        codes, uniques = pd.factorize(texts, use_na_sentinel=True)
        found = self.find(pd.Series(uniques, dtype="str"))
        with_none = np.append(found.bits, np.uint64(0))  # code -1 (missing text) picks the 0
        return pd.Series(with_none[codes], index=texts.index)

    def first_phrases_per_row(
        self, texts: pd.Series
    ) -> dict[str, tuple[np.ndarray, tuple[str, ...]]]:
        """Per group found in any row: each row's code into the group's phrases found (the
        first in the text, as the rules wrote it), -1 where none is; once per distinct text."""
        codes, uniques = pd.factorize(texts, use_na_sentinel=True)
        found = self.find(pd.Series(uniques, dtype="str"))
        result = {}
        for group in sorted({group for _, group in found.first_phrase}):
            per_text = [found.first_phrase.get((text, group)) for text in range(len(uniques))]
            phrase_codes, phrases = pd.factorize(pd.Series([*per_text, None], dtype="str"))
            result[self.names[group]] = (phrase_codes[codes], tuple(str(p) for p in phrases))
        return result


def _bits_set(mask: int) -> list[int]:
    return [bit for bit in range(mask.bit_length()) if mask >> bit & 1]


def bit_labels(bits: pd.Series, names: Sequence[str]) -> pd.Series:
    """Each row's names of the bits set, in ``names`` order, "; "-joined; NA when none is set.

    Joined once per distinct combination (few of them), then spread back to the rows.
    """
    codes, uniques = pd.factorize(bits.to_numpy(dtype=np.uint64))
    labels = ["; ".join(names[bit] for bit in _bits_set(int(value))) or None for value in uniques]
    result = pd.Series([*labels, None], dtype="str").take(codes)
    result.index = bits.index
    return result


def first_bit_label(bits: pd.Series, names: Sequence[str]) -> pd.Series:
    """Each row's name of the lowest bit set (the first in ``names`` order); NA when none."""
    codes, uniques = pd.factorize(bits.to_numpy(dtype=np.uint64))
    firsts = [names[_bits_set(int(v))[0]] if int(v) else None for v in uniques]
    result = pd.Series([*firsts, None], dtype="str").take(codes)
    result.index = bits.index
    return result
