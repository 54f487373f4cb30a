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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import (
    Leniency,
    NumberParseException,
    PhoneMetadata,
    PhoneNumber,
    PhoneNumberDesc,
    PhoneNumberMatcher,
    PhoneNumberType,
)
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, SUPPORTED_REGIONS

from leadq.normalize.distinct import factorize_rows, parse_in_parallel, spread_to_rows
from leadq.schema import PHONE_COLUMNS

__all__ = ["normalize_phones", "parse_phone_text", "reference_normalize", "TYPE_NAMES"]

# phonenumbers' type constants -> the lowercase names written to ``phone_type``.
TYPE_NAMES: dict[int, str] = {
    value: name.lower()
    for name, value in vars(phonenumbers.PhoneNumberType).items()
    if name.isupper() and isinstance(value, int)
}

# Polish and Russian extension words phonenumbers does not know ("доб." it does know).
_EXTENSION_WORD = re.compile(r"(?i)(?<!\w)(?:wewn?|wewnętrzny|вн|внутр|доп)(?!\w)\.?")
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


# --- The fast path -------------------------------------------------------------------------------
# It replays phonenumbers.parse (for values of the simple shape only), is_valid_number,
# number_type and region_code_for_number step by step, with the same metadata, on whole arrays.

# Digits, spaces and ( ) - . with at most one leading "+": what the fast path parses.
_SIMPLE_SHAPE = r"\+?[0-9 ().\-]{1,48}"
# No inner punctuation: PhoneNumberMatcher cannot find a shorter number inside, so the fast
# path's "invalid" is the library's too. With punctuation it may, so such invalids go there.
_COMPACT_SHAPE = r"\+?[0-9]{1,48}"
_MIN_NSN = 2  # phonenumbers' _MIN_LENGTH_FOR_NSN
_MAX_NSN = 17  # phonenumbers' _MAX_LENGTH_FOR_NSN
_MAX_LENGTH = 64  # longer than any digit string the simple shape lets through
_UNKNOWN = PhoneNumberType.UNKNOWN
# Checked in this order by phonenumbers' _number_type_helper before fixed line and mobile.
_SPECIAL_TYPES = (
    ("premium_rate", PhoneNumberType.PREMIUM_RATE),
    ("toll_free", PhoneNumberType.TOLL_FREE),
    ("shared_cost", PhoneNumberType.SHARED_COST),
    ("voip", PhoneNumberType.VOIP),
    ("personal_number", PhoneNumberType.PERSONAL_NUMBER),
    ("pager", PhoneNumberType.PAGER),
    ("uan", PhoneNumberType.UAN),
    ("voicemail", PhoneNumberType.VOICEMAIL),
)


@dataclass(frozen=True)
class _Desc:
    """A PhoneNumberDesc as the type check reads it: lengths first, then the pattern."""

    pattern: str  # "" never matches
    lengths: frozenset[int]  # empty: any length

    @classmethod
    def of(cls, desc: PhoneNumberDesc | None) -> _Desc:
        if desc is None:
            return cls("", frozenset())
        return cls(desc.national_number_pattern or "", frozenset(desc.possible_length))


@dataclass(frozen=True)
class _RegionPlan:
    """One region's metadata, reduced to what parsing and validation read."""

    region: str
    country_code: str
    international_prefix: str | None
    national_prefix: str | None
    general: _Desc
    strip_length_ok: np.ndarray  # by length: keep a stripped national prefix (_test_number_length)
    too_long: np.ndarray  # by length: _test_number_length says TOO_LONG
    special: tuple[tuple[int, _Desc], ...]
    fixed_line: _Desc
    mobile: _Desc
    same_mobile_and_fixed_line: bool
    leading_digits: str | None
    transforms: bool  # a national_prefix_transform_rule: left to the library


def _length_tables(general: PhoneNumberDesc | None) -> tuple[np.ndarray, np.ndarray]:
    """_test_number_length's verdict for every length: (IS_POSSIBLE or TOO_LONG, TOO_LONG)."""
    assert general is not None  # every region has a general description
    possible = sorted(general.possible_length)
    local = set(general.possible_length_local_only)
    lengths = np.arange(_MAX_LENGTH + 1)
    too_long = np.array([n not in local and n > possible[-1] for n in lengths])
    kept = np.array([n not in local and (n in possible or n > possible[-1]) for n in lengths])
    return kept, too_long


def _region_plan(region: str, meta: PhoneMetadata | None) -> _RegionPlan:
    """Reduce one region's PhoneMetadata to a plan."""
    assert meta is not None  # SUPPORTED_REGIONS all have metadata
    kept, too_long = _length_tables(meta.general_desc)
    special = tuple((code, _Desc.of(getattr(meta, name))) for name, code in _SPECIAL_TYPES)
    return _RegionPlan(
        region=region,
        country_code=str(meta.country_code),
        international_prefix=meta.international_prefix or None,
        national_prefix=meta.national_prefix_for_parsing or None,
        general=_Desc.of(meta.general_desc),
        strip_length_ok=kept,
        too_long=too_long,
        special=special,
        fixed_line=_Desc.of(meta.fixed_line),
        mobile=_Desc.of(meta.mobile),
        same_mobile_and_fixed_line=bool(meta.same_mobile_and_fixed_line_pattern),
        leading_digits=meta.leading_digits or None,
        transforms=bool(meta.national_prefix_transform_rule),
    )


@dataclass(frozen=True)
class _Plans:
    """Every geographic region's plan and the calling-code maps the fast path needs."""

    regions: dict[str, _RegionPlan]
    code_regions: dict[str, tuple[str, ...]]  # geographic calling codes -> regions, main first
    all_codes: dict[int, frozenset[str]]  # every calling code (non-geographic too), by length
    min_length: int  # shortest possible national number anywhere: fewer digits are never valid


@lru_cache(maxsize=1)
def _plans() -> _Plans:
    """Compile phonenumbers' metadata once per process."""
    regions = {r: _region_plan(r, PhoneMetadata.metadata_for_region(r)) for r in SUPPORTED_REGIONS}
    code_regions = {
        str(code): tuple(names)
        for code, names in COUNTRY_CODE_TO_REGION_CODE.items()
        if all(name in regions for name in names)
    }
    all_codes = {
        size: frozenset(str(c) for c in COUNTRY_CODE_TO_REGION_CODE if len(str(c)) == size)
        for size in (1, 2, 3)
    }
    nongeo = [PhoneMetadata.metadata_for_nongeo_region(c) for c in COUNTRY_CODE_TO_REGION_CODE]
    metas = [PhoneMetadata.metadata_for_region(r) for r in regions] + [m for m in nongeo if m]
    min_length = min(min(m.general_desc.possible_length) for m in metas if m and m.general_desc)
    return _Plans(regions, code_regions, all_codes, min_length)


def _fullmatch(values: pa.Array, pattern: str) -> np.ndarray:
    """Anchored RE2 match, as phonenumbers' fullmatch; NA -> False."""
    if not pattern or len(values) == 0:
        return np.zeros(len(values), dtype=bool)
    hits = pc.match_substring_regex(values, f"^(?:{pattern})$")
    return hits.fill_null(False).to_numpy(zero_copy_only=False)


def _prefix_match(values: pa.Array, pattern: str) -> np.ndarray:
    """RE2 match at the start, as Python's ``re.match``."""
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    hits = pc.match_substring_regex(values, f"^(?:{pattern})")
    return hits.fill_null(False).to_numpy(zero_copy_only=False)


def _lengths(values: pa.Array) -> np.ndarray:
    return pc.binary_length(values).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)


def _matches_desc(
    values: pa.Array, lengths: np.ndarray, desc: _Desc, among: np.ndarray
) -> np.ndarray:
    """_is_number_matching_desc on the rows ``among``, running the regex only where needed."""
    if not desc.pattern:
        return np.zeros(len(values), dtype=bool)
    todo = among.copy()
    if desc.lengths:
        todo &= np.isin(lengths, list(desc.lengths))
    result = np.zeros(len(values), dtype=bool)
    rows = np.flatnonzero(todo)
    if len(rows):
        result[rows] = _fullmatch(values.take(rows), desc.pattern)
    return result


def _number_types(nsn: pa.Array, plan: _RegionPlan) -> np.ndarray:
    """phonenumbers' _number_type_helper for every national number, as type codes."""
    lengths = _lengths(nsn)
    kinds = np.full(len(nsn), _UNKNOWN, dtype=np.int64)
    open_ = _matches_desc(nsn, lengths, plan.general, np.ones(len(nsn), dtype=bool))
    for code, desc in plan.special:
        hit = _matches_desc(nsn, lengths, desc, open_)
        kinds[hit] = code
        open_ &= ~hit
    fixed = _matches_desc(nsn, lengths, plan.fixed_line, open_)
    if plan.same_mobile_and_fixed_line:
        kinds[fixed] = PhoneNumberType.FIXED_LINE_OR_MOBILE
        return kinds
    both = _matches_desc(nsn, lengths, plan.mobile, fixed)
    kinds[fixed] = np.where(
        both[fixed], PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.FIXED_LINE
    )
    mobile = _matches_desc(nsn, lengths, plan.mobile, open_ & ~fixed)
    kinds[mobile] = PhoneNumberType.MOBILE
    return kinds


def _strip_national_prefix(number: pa.Array, plan: _RegionPlan) -> pa.Array:
    """_maybe_strip_national_prefix_carrier_code without a transform rule: the stripped number."""
    if plan.national_prefix is None or len(number) == 0:
        return number
    matched = _prefix_match(number, plan.national_prefix) & (_lengths(number) > 0)
    stripped = pc.replace_substring_regex(
        number, f"^(?:{plan.national_prefix})", "", max_replacements=1
    )
    viable = _fullmatch(number, plan.general.pattern)
    still_viable = _fullmatch(stripped, plan.general.pattern)
    use = matched & ~(viable & ~still_viable)
    return pc.if_else(pa.array(use), stripped, number)


def _strip_for_parse(number: pa.Array, plan: _RegionPlan) -> pa.Array:
    """The national prefix strip in parse(): kept only if the rest has a possible length."""
    stripped = _strip_national_prefix(number, plan)
    lengths = np.minimum(_lengths(stripped), _MAX_LENGTH)
    return pc.if_else(pa.array(plan.strip_length_ok[lengths]), stripped, number)


@dataclass
class _Parsed:
    """Where the fast path stands for each distinct value."""

    accepted: np.ndarray  # verdict known (valid or not) and provably the library's
    valid: np.ndarray
    code: np.ndarray  # object: calling code of a parsed number
    nsn: np.ndarray  # object: national significant number of a parsed number
    invalid_ok: np.ndarray  # an "invalid" verdict may be accepted (compact shape)

    @classmethod
    def empty(cls, n: int) -> _Parsed:
        return cls(
            np.zeros(n, dtype=bool),
            np.zeros(n, dtype=bool),
            np.full(n, None, dtype=object),
            np.full(n, None, dtype=object),
            np.zeros(n, dtype=bool),
        )

    def put(self, rows: np.ndarray, code: str, nsn: pa.Array) -> None:
        """Record parsed numbers; parse() refuses national numbers outside 2..17 digits."""
        values = np.asarray(nsn.to_numpy(zero_copy_only=False), dtype=object)
        lengths = _lengths(nsn)
        ok = (lengths >= _MIN_NSN) & (lengths <= _MAX_NSN)
        self.code[rows[ok]] = code
        self.nsn[rows[ok]] = values[ok]
        self.accepted[rows[~ok]] = self.invalid_ok[rows[~ok]]


def _parse_plus(parsed: _Parsed, rows: np.ndarray, digits: pa.Array) -> None:
    """Values with a leading "+": the calling code, then parse()'s national prefix strip."""
    plans = _plans()
    code = np.full(len(rows), "", dtype=object)
    for size in (3, 2, 1):
        prefix = pc.utf8_slice_codeunits(digits, 0, size)
        hit = pc.is_in(prefix, value_set=pa.array(sorted(plans.all_codes[size]))).to_numpy(
            zero_copy_only=False
        )
        code[hit] = np.asarray(prefix.to_numpy(zero_copy_only=False), dtype=object)[hit]
    for cc in set(code) - {""}:
        regions = plans.code_regions.get(cc)
        if regions is None or plans.regions[regions[0]].transforms:
            continue  # non-geographic or transform rule: the library's
        part = np.flatnonzero(code == cc)
        rest = pc.utf8_slice_codeunits(digits.take(part), len(cc))
        parsed.put(rows[part], cc, _strip_for_parse(rest, plans.regions[regions[0]]))


def _parse_national(parsed: _Parsed, rows: np.ndarray, digits: pa.Array, plan: _RegionPlan) -> None:
    """Values without "+" in one region: IDD to the library, else _maybe_extract_country_code."""
    if plan.transforms:
        return
    if plan.international_prefix:
        idd = _prefix_match(digits, plan.international_prefix)
        keep = np.flatnonzero(~idd)
        rows, digits = rows[keep], digits.take(keep)
    cc = plan.country_code
    main = _plans().regions[_plans().code_regions[cc][0]]
    own_code = pc.starts_with(digits, cc).to_numpy(zero_copy_only=False)
    potential = _strip_national_prefix(pc.utf8_slice_codeunits(digits, len(cc)), plan)
    lengths = np.minimum(_lengths(digits), _MAX_LENGTH)
    extracted = own_code & (
        (~_fullmatch(digits, plan.general.pattern) & _fullmatch(potential, plan.general.pattern))
        | plan.too_long[lengths]
    )
    with_code = np.flatnonzero(extracted)
    if len(with_code) and not main.transforms:
        parsed.put(rows[with_code], cc, _strip_for_parse(potential.take(with_code), main))
    plain = np.flatnonzero(~extracted)
    parsed.put(rows[plain], cc, _strip_for_parse(digits.take(plain), plan))


def _resolve_regions(nsn: pa.Array, regions: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """region_code_for_number and number_type for numbers sharing one calling code."""
    plans = _plans()
    country = np.full(len(nsn), None, dtype=object)
    kinds = np.full(len(nsn), _UNKNOWN, dtype=np.int64)
    if len(regions) == 1:
        country[:] = regions[0]
        return country, _number_types(nsn, plans.regions[regions[0]])
    for region in regions:
        open_ = np.flatnonzero(country == None)  # noqa: E711 - elementwise
        if not len(open_):
            break
        plan, sub = plans.regions[region], nsn.take(open_)
        sub_kinds = _number_types(sub, plan)
        hit = (
            _prefix_match(sub, plan.leading_digits)
            if plan.leading_digits
            else sub_kinds != _UNKNOWN
        )
        country[open_[hit]] = region
        kinds[open_[hit]] = sub_kinds[hit]
    return country, kinds


@dataclass
class FastResult:
    """The fast path's answer per distinct value; only ``accepted`` rows are meaningful."""

    accepted: np.ndarray
    valid: np.ndarray
    e164: pa.Array
    kind: pa.Array
    country: pa.Array


def _validate(parsed: _Parsed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """is_valid_number, number_type and region code for every parsed number, by calling code."""
    n = len(parsed.code)
    e164 = np.full(n, None, dtype=object)
    kind = np.full(n, None, dtype=object)
    country = np.full(n, None, dtype=object)
    for cc in set(parsed.code[parsed.code != None]):  # noqa: E711 - elementwise
        rows = np.flatnonzero(parsed.code == cc)
        nsn = pa.array(parsed.nsn[rows], type=pa.string())
        regions, kinds = _resolve_regions(nsn, _plans().code_regions[cc])
        good = kinds != _UNKNOWN
        valid_rows = rows[good]
        parsed.valid[valid_rows] = True
        parsed.accepted[rows] = good | parsed.invalid_ok[rows]
        e164[valid_rows] = [f"+{cc}{x}" for x in parsed.nsn[valid_rows]]
        kind[valid_rows] = [TYPE_NAMES[k] for k in kinds[good]]
        country[valid_rows] = regions[good]
    return e164, kind, country


def fast_normalize(texts: pa.Array, regions: pa.Array) -> FastResult:
    """Vectorized verdicts for the simple shapes, equal to :func:`parse_phone_text`'s.

    Args:
        texts: distinct phone values (NA allowed).
        regions: upper-case ISO alpha-2 per value.

    Returns:
        Per value: whether the verdict is known, and e164, type and country where valid.
    """
    n = len(texts)
    parsed = _Parsed.empty(n)
    simple = _fullmatch(texts, _SIMPLE_SHAPE)
    parsed.invalid_ok[:] = _fullmatch(texts, _COMPACT_SHAPE)
    digits = pc.replace_substring_regex(texts, "[^0-9]", "")
    few_digits = simple & (_lengths(digits) < _plans().min_length)  # nothing in it can be valid
    parsed.accepted[few_digits | texts.is_null().to_numpy(zero_copy_only=False)] = True
    todo = simple & ~few_digits
    plus = pc.starts_with(texts, "+").fill_null(False).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(todo & plus)
    _parse_plus(parsed, rows, digits.take(rows))
    region_of = np.asarray(regions.to_numpy(zero_copy_only=False), dtype=object)
    for region in set(region_of[todo & ~plus]):
        plan = _plans().regions.get(region)
        rows = np.flatnonzero(todo & ~plus & (region_of == region))
        if plan is not None:
            _parse_national(parsed, rows, digits.take(rows), plan)
    e164, kind, country = _validate(parsed)
    as_text = lambda values: pa.array(values, type=pa.string())  # noqa: E731
    return FastResult(parsed.accepted, parsed.valid, as_text(e164), as_text(kind), as_text(country))


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
    }
    frame = pd.DataFrame(
        {name: _merge_column(arr, todo, library[name]) for name, arr in columns.items()}
    )
    valid = fast.valid.copy()
    valid[todo] = library["phone_valid"].to_numpy(dtype=bool)
    frame.insert(1, "phone_valid", valid)
    for name in ("phone_extension", "phone_other"):
        empty = pa.nulls(len(texts), type=pa.large_string())
        frame[name] = _merge_column(empty, todo, library[name])
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
