"""Company matching keys: one key for the same company however an export spells it.

"ООО «Ромашка»", "Romashka LLC", "ROMASHKA, OOO" and "romashka" all key to ``romashka``. The key
is for grouping and de-duplication, never for display: it is lower-case ASCII letters, digits and
single spaces, with legal forms (ООО, Sp. z o.o., GmbH, LLC, ...) removed wherever they stand as
words.

Exports repeat companies, so the work is done once per distinct name, and with Arrow string
kernels (RE2) over those names; only transliteration of non-ASCII names runs in Python.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from anyascii import anyascii

from leadq.distinct import factorize_rows, spread_to_rows
from leadq.schema import COMPANY_COLUMNS

(KEY_COLUMN,) = COMPANY_COLUMNS

# Legal forms as they read after transliteration, lower-casing and punctuation -> spaces:
# "Sp. z o.o." is "sp z o o", "L.L.C." is "l l c", "ООО" is "ooo".
LEGAL_FORMS: tuple[str, ...] = (
    # Russian (and Kazakh ТОО), transliterated by anyascii
    "ooo", "oao", "zao", "pao", "ao", "ip", "nko", "gup", "mup", "fgup", "too",
    "obshchestvo s ogranichennoy otvetstvennostyu",
    "aktsionernoe obshchestvo",
    "publichnoe aktsionernoe obshchestvo",
    "otkrytoe aktsionernoe obshchestvo",
    "zakrytoe aktsionernoe obshchestvo",
    "individualnyy predprinimatel",
    "gk", "gruppa kompaniy", "td", "torgovyy dom",  # group of companies, trading house
    # Polish
    "sp z o o", "sp zoo", "spzoo", "spolka z ograniczona odpowiedzialnoscia",
    "s a", "sa", "spolka akcyjna", "sp j", "spolka jawna", "sp k", "spolka komandytowa",
    "s k a", "spolka komandytowo akcyjna", "p s a", "prosta spolka akcyjna", "s j",
    "phu", "p h u", "pphu", "p p h u", "fhu", "f h u", "ppuh", "p p u h",  # trade and services
    # English and other European
    "llc", "l l c", "ltd", "limited", "gmbh", "inc", "corp", "corporation", "co", "plc",
    "ag", "kg", "srl", "s r l", "bv", "b v", "oy", "ab", "llp", "lp",
)  # fmt: skip


def _legal_forms_pattern(forms: tuple[str, ...]) -> str:
    """One RE2 alternation over every form, for text whose words are separated by two spaces.

    RE2 has no lookaround, so a word boundary is spelt as a space on either side; doubling the
    separators first gives every word its own pair of spaces, so adjacent forms ("Ltd Co") both
    match in a single pass.
    """
    alternatives = sorted((form.replace(" ", "  ") for form in forms), key=len, reverse=True)
    return " (?:" + "|".join(alternatives) + ") "


LEGAL_FORMS_PATTERN = _legal_forms_pattern(LEGAL_FORMS)


def company_keys(names: pd.Series) -> pd.Series:
    """Key each company name so that spellings of the same company compare equal.

    Args:
        names: company names as exported ("str" dtype, NA for missing).

    Returns:
        A "str" Series named ``company_key`` under ``names``' index; NA where the name is
        missing, empty, only punctuation or only a legal form.

    Example:
        ``company_keys(pd.Series(["ООО «Ромашка»", "Romashka LLC"]))`` is
        ``["romashka", "romashka"]``.
    """
    names = names if names.dtype == "str" else names.astype("str")
    codes, uniques = factorize_rows(names)
    keys = _key_distinct_names(uniques[0].astype("str"))
    per_distinct = keys.rename(KEY_COLUMN).to_frame()
    return spread_to_rows(per_distinct, codes, names.index)[KEY_COLUMN]


def _key_distinct_names(names: pd.Series) -> pd.Series:
    """The key of each name in ``names`` (best called on distinct names), index kept."""
    text = transliterate(names).str.lower()
    text = text.str.replace("`", "'", regex=False)
    text = text.str.replace("[^a-z0-9']+", " ", regex=True)
    # The possessive "'s" is part of the word ("McDonald's" ~ "McDonalds"); any other quote
    # separates words (ООО'Ромашка').
    text = (" " + text + " ").str.replace("'s ", "s ", regex=False)
    text = text.str.replace("'", " ", regex=False)
    text = text.str.replace(" +", " ", regex=True).str.strip(" ")
    keys = _remove_legal_forms(text)
    return keys.mask(keys.str.len() == 0)


def _remove_legal_forms(text: pd.Series) -> pd.Series:
    """Drop legal-form words, repeating until nothing changes.

    Removing one form can join the parts of another ("s ltd a" -> "s a"); repeating makes the
    key of a key equal the key. Later passes only look at names the previous pass changed.
    """
    result = text.copy()
    pending = result.notna()
    while pending.any():
        before = result[pending]
        doubled = " " + before.str.replace(" ", "  ", regex=False) + " "
        after = doubled.str.replace(LEGAL_FORMS_PATTERN, " ", regex=True)
        after = after.str.replace(" +", " ", regex=True).str.strip(" ")
        result[pending] = after
        changed = after != before
        pending = changed.reindex(result.index, fill_value=False)
    return result


def transliterate(names: pd.Series) -> pd.Series:
    """ASCII spelling of every name: "Ромашка" -> "Romashka", "Łódź" -> "Lodz".

    anyascii works character by character, so a translation table built for the distinct
    characters present does the same job with one C-level ``str.translate`` call per name.
    """
    non_ascii = names.notna() & ~names.str.isascii().fillna(True)
    if not non_ascii.any():
        return names
    texts: list[str] = names[non_ascii].tolist()
    table = {ord(char): _ascii_of(char) for char in set("".join(texts)) if not char.isascii()}
    result = names.copy()
    result[non_ascii] = [text.translate(table) for text in texts]
    return result


@lru_cache(maxsize=4096)
def _ascii_of(char: str) -> str:
    """anyascii's spelling of one character, without the apostrophe it uses for Ь and Ъ.

    "Объединение" must key to "obedinenie", not to the two words "ob edinenie".
    """
    ascii_text = anyascii(char)
    return ascii_text.replace("'", "") if char.isalpha() else ascii_text
