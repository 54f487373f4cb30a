"""Phone cells -> E.164, validity, type, country, extension and further numbers.

Two paths give the same answer. The library path (:func:`parse_phone_text`) hands each cell to
phonenumbers: it splits a cell holding several numbers, reads extensions and finds numbers inside
text. It costs tens of microseconds a value, too slow for a million mostly distinct phones, so
the common simple shapes (digits and phone punctuation, at most one leading ``+``) go through a
vectorized fast path (:func:`fast_normalize`) that replays phonenumbers' own parsing steps with
its own metadata, compiled into anchored Arrow RE2 matches over whole arrays. The fast path
accepts a value only where it provably gives the library's verdict; everything else goes to the
library, once per distinct (value, region) pair, on several cores for big batches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import (
    Leniency,
    NumberParseException,
    PhoneNumber,
    PhoneNumberMatcher,
)

from leadq.distinct import factorize_rows, parse_in_parallel, spread_to_rows
from leadq.normalize.phone_fast import TYPE_NAMES, FastResult, fast_normalize
from leadq.schema import PHONE_COLUMNS

__all__ = [
    "FastResult",
    "TYPE_NAMES",
    "fast_normalize",
    "normalize_phones",
    "parse_phone_text",
    "reference_normalize",
]

# Polish, Russian and German extension words phonenumbers does not know ("доб." it does know);
# Polish "w." only before digits ("w. 12"), where it cannot be anything else.
_EXTENSION_WORD = re.compile(
    r"(?i)(?<!\w)(?:wewn?|wewnętrzny|w(?=\.\s*\d)|вн|внутр|доп|durchwahl)(?!\w)\.?"
)
# A separator right before an extension belongs to the number, not between two numbers.
_COMMA_BEFORE_EXTENSION = re.compile(r"(?i)\s*[,;]\s*(?=(?:ext\b|доб|x\s*\d|#\s*\d))")
# Between numbers in one cell: / , ; | newline and the words "or", "или", "lub".
_SEPARATOR = re.compile(r"(?i)\s*(?:[/,;|\r\n]|(?<!\w)(?:or|или|lub)(?!\w))\s*")

PhoneFields = tuple[str | None, bool, str | None, str | None, str | None, str | None]
_NOTHING: PhoneFields = (None, False, None, None, None, None)
_TEXT_COLUMNS = [name for name in PHONE_COLUMNS if name != "phone_valid"]


def _split_numbers(text: str) -> list[str]:
    """Pieces of a cell that each hold at most one number (as far as separators tell)."""
    text = _EXTENSION_WORD.sub(" ext. ", text)
    text = _COMMA_BEFORE_EXTENSION.sub(" ", text)
    return [piece for piece in _SEPARATOR.split(text) if piece.strip()]


def _numbers_in_piece(piece: str, region: str) -> Iterator[PhoneNumber]:
    """The piece as one number when it parses valid, else the valid numbers found inside it.

    Parsing first keeps the common case cheap and exact; the matcher (much slower) recovers
    numbers written with text around them or two numbers separated only by spaces.
    """
    try:
        number = phonenumbers.parse(piece, region)
    except NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        yield number
        return
    for match in PhoneNumberMatcher(piece, region, leniency=Leniency.VALID):
        yield match.number


def _e164(number: PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_phone_text(text: str | None, region: str) -> PhoneFields:
    """One cell through phonenumbers alone: the reference the fast path must agree with.

    Args:
        text: the cell, or None when missing.
        region: ISO 3166 alpha-2 used for numbers written without a country code.

    Returns:
        (e164, valid, type, country, extension, other) for the first valid number in the cell;
        ``other`` joins the further distinct valid numbers with "; ".
    """
    if text is None:
        return _NOTHING
    found: dict[str, PhoneNumber] = {}
    for piece in _split_numbers(text):
        for number in _numbers_in_piece(piece, region):
            found.setdefault(_e164(number), number)
    if not found:
        return _NOTHING
    first_e164, first = next(iter(found.items()))
    others = "; ".join(list(found)[1:]) or None
    kind = TYPE_NAMES[phonenumbers.number_type(first)]
    country = phonenumbers.region_code_for_number(first)
    return (first_e164, True, kind, country, first.extension or None, others)


def parse_phone_pairs(pairs: Sequence[Any]) -> pd.DataFrame:
    """:func:`parse_phone_text` over (text, region) pairs; module level so a pool can pickle it."""
    rows = [parse_phone_text(text, region) for text, region in pairs]
    return _fields_frame(rows)


def _fields_frame(rows: Sequence[PhoneFields]) -> pd.DataFrame:
    """Rows of fields -> a frame with PHONE_COLUMNS' names and dtypes."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(PHONE_COLUMNS)
    data = dict(zip(PHONE_COLUMNS, columns, strict=True))
    frame = pd.DataFrame({name: pd.array(list(data[name]), dtype="str") for name in _TEXT_COLUMNS})
    frame.insert(1, "phone_valid", np.array(data["phone_valid"], dtype=bool))
    return frame


def reference_normalize(raw: pd.Series, region: pd.Series) -> pd.DataFrame:
    """Row by row through the library path: slow, simple, used to check the fast one."""
    texts = raw.astype(object).where(raw.notna(), None)
    rows = [parse_phone_text(t, r) for t, r in zip(texts, region.str.upper(), strict=True)]
    frame = _fields_frame(rows)
    frame.index = raw.index
    return frame


def _library_fields(
    texts: pa.Array, regions: pa.Array, todo: np.ndarray, workers: int
) -> pd.DataFrame:
    """Library results for the distinct values at positions ``todo``."""
    pairs = list(zip(texts.take(todo).to_pylist(), regions.take(todo).to_pylist(), strict=True))
    return parse_in_parallel(pairs, parse_phone_pairs, workers)


def _merge_column(fast: pa.Array, todo: np.ndarray, library: pd.Series) -> pd.Series:
    """The fast path's column with the library's values put in at positions ``todo``."""
    mask = np.zeros(len(fast), dtype=bool)
    mask[todo] = True
    replacement = pa.array(
        library.astype(object).where(library.notna(), None).to_numpy(), type=pa.large_string()
    )
    merged = pc.replace_with_mask(fast.cast(pa.large_string()), pa.array(mask), replacement)
    return pd.Series(pd.array(merged, dtype="str"))


def _normalize_distinct(texts: pa.Array, regions: pa.Array, workers: int) -> pd.DataFrame:
    """All output columns for distinct (text, region) pairs: fast path, then the library."""
    fast = fast_normalize(texts, regions)
    todo = np.flatnonzero(~fast.accepted)
    library = _library_fields(texts, regions, todo, workers)
    columns = {
        "phone_e164": fast.e164,
        "phone_type": fast.kind,
        "phone_country": fast.country,
        "phone_extension": fast.extension,
        "phone_other": fast.other,
    }
    frame = pd.DataFrame(
        {name: _merge_column(arr, todo, library[name]) for name, arr in columns.items()}
    )
    valid = fast.valid.copy()
    valid[todo] = library["phone_valid"].to_numpy(dtype=bool)
    frame.insert(1, "phone_valid", valid)
    return frame[list(PHONE_COLUMNS)]


def normalize_phones(raw: pd.Series, region: pd.Series, *, workers: int = 1) -> pd.DataFrame:
    """Normalize a phone column, parsing each distinct (value, region) pair once.

    Args:
        raw: phone cells ("str" dtype, NA when missing, already trimmed). A cell may hold
            several numbers and an extension.
        region: ISO 3166 alpha-2 per row for numbers written without a country code.
        workers: processes for the library path on big batches.

    Returns:
        The PHONE_COLUMNS, in order, under ``raw``'s index.

    Example:
        >>> normalize_phones(pd.Series(["8 (912) 345-67-89"]), pd.Series(["RU"])).phone_e164[0]
        '+79123456789'
    """
    raw = raw.astype("str")
    region = region.astype("str").str.upper().reindex(raw.index)
    texts = pa.array(raw.array, type=pa.string()) if len(raw) else pa.array([], pa.string())
    regions = pa.array(region.array, type=pa.string()) if len(raw) else pa.array([], pa.string())
    codes, first = _first_of_each_pair(texts, regions)
    per_distinct = _normalize_distinct(texts.take(first), regions.take(first), workers)
    return spread_to_rows(per_distinct, codes, raw.index)


def _first_of_each_pair(texts: pa.Array, regions: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Codes of distinct (text, region) pairs per row, and the first row of each pair.

    The pair is factorized as one joined key: several times faster than a MultiIndex on a
    million Arrow strings. The separators cannot occur in a region code, and mark NA apart
    from "".
    """
    keyed = pc.binary_join_element_wise(regions, pc.fill_null(texts, ""), "\x1f")
    keys = pc.if_else(texts.is_null(), pc.binary_join_element_wise(regions, "", "\x1e"), keyed)
    codes, _ = factorize_rows(pd.Series(pd.array(keys, dtype="str")))
    first = np.full(codes.max() + 1 if len(codes) else 0, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return codes, first
