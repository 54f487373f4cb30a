"""Person names: one tidy full name, first and last name, and a keyboard-mashing signal.

Exports give a full name, separate first/last columns, or both, typed in any case ("ИВАНОВ
ИВАН", "anna kowalska") and order ("Kowalska, Anna", "Иванов Иван Иванович"). Case is changed
only when the whole value is in one case, so "McDonald" and "van der Berg" survive as typed.

The work is done once per distinct (full, first, last) combination, with Arrow string kernels
(RE2); only the distinct-letter count touches Python objects, through C-level builtins.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from leadq.distinct import factorize_rows, spread_to_rows
from leadq.schema import PERSON_COLUMNS

NAME_COLUMN, FIRST_COLUMN, LAST_COLUMN, LETTERS_COLUMN = PERSON_COLUMNS

# Spaces as spreadsheets type them: ASCII whitespace, no-break and thin spaces, zero-width
# space and BOM. Literal characters, not \s or \u escapes, so pandas keeps the pattern on RE2.
_SPACES = "[\t\n\v\f\r \u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+"

# Lower-case words that belong to the surname after them: "Ludwig van Beethoven".
NAME_PARTICLES: tuple[str, ...] = (
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "do", "dos", "das",
    "la", "le", "ter", "ten", "bin", "ibn", "al", "el",
)  # fmt: skip

# Everything after the first word, less the middle names: the last word and its particles.
LAST_NAME_PATTERN = "^[^ ]+ (?:[^ ]+ )*?((?:(?i:" + "|".join(NAME_PARTICLES) + ") )*[^ ]+)$"

# Named groups: Arrow's extract_regex wants them; an absent word comes back as "".
FIRST_WORDS_PATTERN = "^(?P<first>[^ ]+)(?: (?P<second>[^ ]+))?(?: (?P<third>[^ ]+))?"

# Endings of a Russian patronymic (Иванович, Петровна, Ильинична, Ильич) and their Latin spellings.
PATRONYMIC_PATTERN = "(?:ич|вна|ична|vich|vitch|vna|ichna)$"


def normalize_people(
    full_name: pd.Series, first_name: pd.Series, last_name: pd.Series
) -> pd.DataFrame:
    """Tidy person names and split them into first and last name.

    Args:
        full_name: the export's full-name column ("str" dtype, NA for missing; all NA when the
            export has none).
        first_name: the export's first-name column, likewise.
        last_name: the export's last-name column, likewise.

    Returns:
        The ``PERSON_COLUMNS`` under ``full_name``'s index: ``person_name``, ``person_first``
        and ``person_last`` as "str", ``person_distinct_letters`` as "Int64"; NA where unknown.

    Example:
        A full name "ИВАНОВ ИВАН ИВАНОВИЧ" gives person_name "Иванов Иван Иванович",
        person_first "Иван", person_last "Иванов" and 6 distinct letters (и в а н о ч).
    """
    columns = [_as_text(column) for column in (full_name, first_name, last_name)]
    codes, uniques = factorize_rows(*columns)
    per_distinct = _people_of(*(uniques[i].astype("str") for i in range(3)))
    return spread_to_rows(per_distinct, codes, full_name.index)


def _people_of(full: pd.Series, first: pd.Series, last: pd.Series) -> pd.DataFrame:
    """The person columns for aligned full/first/last values (one row each)."""
    full_name, split_first, split_last = _read_full_name(_sensible_case(_clean(full)))
    first = _sensible_case(_clean(first))
    last = _sensible_case(_clean(last))
    name = full_name.fillna(_join_words(first, last))
    frame = {
        NAME_COLUMN: name,
        FIRST_COLUMN: first.fillna(split_first),
        LAST_COLUMN: last.fillna(split_last),
        LETTERS_COLUMN: _distinct_letters(name),
    }
    return pd.DataFrame(frame, index=full.index)


def _as_text(column: pd.Series) -> pd.Series:
    """The column as "str" dtype (an absent export column may arrive as all-NaN floats)."""
    return column if column.dtype == "str" else column.astype("str")


def _clean(names: pd.Series) -> pd.Series:
    """Whitespace runs to one space, ends trimmed; NA when no letter or digit is left.

    A bare "," or "-" is no name, the same as an empty cell; "Аааа" and "123" are kept so that
    the distinct-letter count can flag them.
    """
    names = names.str.replace(_SPACES, " ", regex=True).str.strip(" ")
    has_text = pc.match_substring_regex(pa.array(names), "[\\p{L}\\p{N}]").fill_null(False)
    return names.where(has_text.to_numpy(zero_copy_only=False))


def _sensible_case(names: pd.Series) -> pd.Series:
    """Title case for values typed all upper or all lower; mixed case is kept as typed.

    Arrow's title case starts a word after any non-letter, so "anna-maria" -> "Anna-Maria" and
    "o'brien" -> "O'Brien".
    """
    one_case = (names.str.isupper() | names.str.islower()).fillna(False).astype(bool)
    return names.mask(one_case, names.str.title())


def _read_full_name(full: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """The display name, first name and last name read from a cleaned full name.

    "Last, First [Middle]" when there is a comma (displayed as "First [Middle] Last");
    "Фамилия Имя Отчество" when the third word is a patronymic and the second is not ("Roman
    Arkadyevich Abramovich" is first-name order); otherwise "First [Middle] Last", where the last
    name keeps its particles ("Anna van der Berg"). A single word is a first name.
    """
    comma = full.str.contains(",", regex=False).fillna(False).astype(bool)
    words = full.mask(comma)
    first, second, third = _first_words(words)
    last = words.str.replace(LAST_NAME_PATTERN, r"\1", regex=True).where(second.notna())
    russian = _is_patronymic(third) & ~_is_patronymic(second)
    last = last.mask(russian, first)
    first = first.mask(russian, second)
    comma_name, comma_first, comma_last = _read_comma_form(full.where(comma))
    name = full.mask(comma, comma_name)
    return name, first.mask(comma, comma_first), last.mask(comma, comma_last)


def _read_comma_form(full: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Display, first and last name of "Last, First [Middle]"; first is the word after the comma."""
    last = _clean(full.str.replace(",.*", "", regex=True))
    given = full.str.replace("^[^,]*,", "", regex=True).str.replace(",", " ", regex=False)
    given = _clean(given)
    return _join_words(given, last), _first_words(given)[0], last


def _first_words(words: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """The first three words of single-space-separated text, NA past the end.

    One Arrow ``extract_regex`` call: pandas' ``str.extract`` runs Python's ``re`` row by row.
    """
    parts = pc.extract_regex(pa.array(words), FIRST_WORDS_PATTERN)
    found = []
    for position in range(3):
        word = pd.Series(pc.struct_field(parts, [position]), dtype="str", index=words.index)
        found.append(word.mask(word.str.len() == 0))
    return found[0], found[1], found[2]


def _is_patronymic(words: pd.Series) -> pd.Series:
    """Whether each word ends like a Russian patronymic (NA -> False)."""
    found = words.str.contains(PATRONYMIC_PATTERN, case=False, regex=True)
    return found.fillna(False).astype(bool)


def _join_words(first: pd.Series, last: pd.Series) -> pd.Series:
    """ "First Last", or whichever of the two is present."""
    return (first + " " + last).fillna(first).fillna(last)


def _distinct_letters(names: pd.Series) -> pd.Series:
    """How many different letters each name uses: 1 for "aaaa", 4 for "asdf"; NA for no name.

    Case-folded, so "Aa" is one letter; digits, spaces and punctuation do not count.
    """
    letters = pc.replace_substring_regex(pa.array(names), "[^\\p{L}]+", "")
    texts = letters.fill_null("").to_pylist()
    counts = np.fromiter(map(len, map(set, map(str.casefold, texts))), np.int64, len(texts))
    return pd.Series(pd.array(counts, dtype="Int64"), index=names.index).mask(names.isna())
