"""The vectorized fast path of phone normalization: phonenumbers' verdicts without phonenumbers.

:func:`fast_normalize` replays, on whole Arrow arrays, what :func:`leadq.normalize.phone.
parse_phone_text` does with a cell: split it into pieces on the same separators, read an
extension suffix, parse each piece (``+``, the region's international prefix, the region's own
calling code, the national prefix), validate it and name its type and region, all with
phonenumbers' own metadata compiled into anchored RE2 patterns. It answers a cell only where the
answer provably equals the library's; every other cell is left to the library.

An invalid piece is the subtle case: the library then runs ``PhoneNumberMatcher`` over it, which
may find a shorter valid number inside. For pieces of digits and ``( ) . -`` and spaces the
matcher's only candidates are the piece itself and its "inner matches" (the parts split on
spaces, on "(" and on dots), so the fast path parses those parts too and answers "no number" only
when every part is provably invalid. An extension the library reads as "ext. <digits>" adds two
known candidates (the digits, and the number with "ext" read as keypad digits), checked alike.
Region metadata is compiled on first use, for the regions a batch actually reaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import PhoneMetadata, PhoneNumberDesc, PhoneNumberType
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, SUPPORTED_REGIONS

__all__ = ["FastResult", "TYPE_NAMES", "fast_normalize"]

# phonenumbers' type constants -> the lowercase names written to ``phone_type``.
TYPE_NAMES: dict[int, str] = {
    value: name.lower()
    for name, value in vars(phonenumbers.PhoneNumberType).items()
    if name.isupper() and isinstance(value, int)
}
_TYPE_DICTIONARY = pa.array([TYPE_NAMES.get(code) for code in range(max(TYPE_NAMES) + 1)])

# --- Cell shapes (RE2) ---------------------------------------------------------------------------
# phone.py's _COMMA_BEFORE_EXTENSION after its _EXTENSION_WORD rewrite: a comma before an
# extension label joins the number instead of separating two numbers.
_COMMA_BEFORE_EXTENSION = (
    r"(?i)\s*[,;]\s*(ext\b|доб|x\s*[0-9]|#\s*[0-9]|wewn?\b|w\.\s*[0-9]|durchwahl\b)"
)
# phone.py's _SEPARATOR. Its words need non-word neighbours; here they need spaces, and a piece
# holding such a word elsewhere fails the piece shapes below, so it goes to the library.
_SEPARATOR = r"(?i)\s*(?:[/,;|\r\n]|\s(?:or|или|lub)\s)\s*"
# Digits and phone punctuation, "+" only first or after a first "(": parsed from plus + digits.
# Cells that may hold several numbers or a comma before an extension: only these are split.
_MAYBE_SEVERAL = r"(?i)[/,;|\r\n]|or|или|lub"
_SIMPLE = r"\(?\+?[0-9 ().\-]{1,48}"
# No inner punctuation: the matcher's only candidate is the piece itself.
_COMPACT = r"\+?[0-9]{1,48}"
# Punctuation runs of at most 4 and at most 20 digit blocks after a "+"/"(" lead: the matcher's
# first candidate then spans every digit and its inner matches are the parts split below.
_GROUPABLE = r"(?:\+|\(|\(\+|\+\()? ?[0-9]{1,20}(?:[ ().\-]{1,4}[0-9]{1,20}){0,19}[ ().\-]*"
_INNER_SPLITS = (r"\s+", r"\(", r"\.+")
# The matcher's inner match on " -" / "- " takes the whole rest of the piece: left to the library.
_SPACED_HYPHEN = r"\s-|-\s"
# A simple number, one space, then an extension label the library reads ("доб. 12", "ext 5",
# "x12", "#12", "wew. 12" / "wewn 12" / "w. 12" / "Durchwahl 12" which phone.py rewrites to
# "ext."), bare or in parentheses. phone.py rewrites "Durchwahl" only before a non-word character:
# "Durchwahl12" is not an extension to the library.
# Up to 9 digits fit every one of phonenumbers' extension patterns.
_LABEL = r"(?:доб\.? ?|ext\.? ?|wewn?(?:\. ?| )|w\. ?|durchwahl(?:\. ?| ))"
_EXTENDED = (
    r"(?i)^(?P<body>\(?\+?[0-9 ().\-]{0,46}[0-9]) "
    rf"(?:\({_LABEL}(?P<inner>[0-9]{{1,9}})\)|(?:{_LABEL}|[x#]\.? ?)(?P<ext>[0-9]{{1,9}}))$"
)
# A bare extension label phone.py's _EXTENSION_WORD rewrites to "ext." (or written "ext."): the
# library's text is then "<body> ext. <digits>", whose matcher candidates are known (see
# _nothing_inside). "durchwahl" needs a non-word character after it to be rewritten.
_DOTTED_EXTENSION = r"(?i) (?:wewn?(?:\. ?| )|w\. ?|durchwahl(?:\.|\.? )|ext\. ?)[0-9]{1,9}$"
# phonenumbers reads a text with three Latin letters as a vanity number, letters as keypad
# digits: a matcher candidate "<body> ext" (cut before the dot of "ext.") parses as body + 398.
_EXT_AS_DIGITS = "398"
_PLUS = r"^\(?\+"


# --- phonenumbers' metadata, compiled -----------------------------------------------------------
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
        """A missing description never matches."""
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


# Geographic calling codes -> their regions, main region first (non-geographic codes: absent).
_CODE_REGIONS: dict[str, tuple[str, ...]] = {
    str(code): tuple(names)
    for code, names in COUNTRY_CODE_TO_REGION_CODE.items()
    if all(name in SUPPORTED_REGIONS for name in names)
}
# Every calling code (non-geographic too), by length.
_CODE_TEXTS = {str(code) for code in COUNTRY_CODE_TO_REGION_CODE}
# The shortest possible national number of any region or non-geographic code, as computed by
# _shortest_possible_length() for these phonenumbers versions (tests check it still holds):
# reading every region's metadata costs 0.02-0.05 s a process, mostly importing data modules.
_SHORTEST_POSSIBLE_LENGTH = {"9.0.43": 4}


@cache
def _region(region: str) -> _RegionPlan | None:
    """A region's plan, compiled on first use; None without metadata (unknown or empty code)."""
    if region not in SUPPORTED_REGIONS:
        return None
    return _region_plan(region, PhoneMetadata.metadata_for_region(region))


@cache
def _code_set(size: int) -> pa.Array:
    """The calling codes of ``size`` digits."""
    return pa.array(sorted(code for code in _CODE_TEXTS if len(code) == size), pa.string())


def _shortest_possible_length() -> int:
    """Fewest digits any region's or non-geographic code's number may have (reads all metadata)."""
    nongeo = [PhoneMetadata.metadata_for_nongeo_region(c) for c in COUNTRY_CODE_TO_REGION_CODE]
    regions = [PhoneMetadata.metadata_for_region(r) for r in SUPPORTED_REGIONS]
    descs = [m.general_desc for m in regions + nongeo if m is not None]
    return min(min(d.possible_length) for d in descs if d is not None)


@lru_cache(maxsize=1)
def _min_length() -> int:
    """Fewer digits than this are never valid, under any calling code."""
    known = _SHORTEST_POSSIBLE_LENGTH.get(phonenumbers.__version__)
    return known if known is not None else _shortest_possible_length()


def _known_region(region: str) -> _RegionPlan:
    """The plan of a region of a geographic calling code (those all have metadata)."""
    plan = _region(region)
    assert plan is not None
    return plan


def _fullmatch(values: pa.Array, pattern: str) -> np.ndarray:
    """Anchored RE2 match, as phonenumbers' fullmatch; NA -> False."""
    if not pattern or len(values) == 0:
        return np.zeros(len(values), dtype=bool)
    hits = pc.match_substring_regex(values, f"^(?:{pattern})$")
    return hits.fill_null(False).to_numpy(zero_copy_only=False)


def _found(values: pa.Array, pattern: str) -> np.ndarray:
    """Unanchored RE2 search; NA -> False."""
    hits = pc.match_substring_regex(values, pattern)
    return hits.fill_null(False).to_numpy(zero_copy_only=False)


def _prefix_match(values: pa.Array, pattern: str) -> np.ndarray:
    """RE2 match at the start, as Python's ``re.match``."""
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    hits = pc.match_substring_regex(values, f"^(?:{pattern})")
    return hits.fill_null(False).to_numpy(zero_copy_only=False)


def _lengths(values: pa.Array) -> np.ndarray:
    """Byte lengths (the values are ASCII digits), NA -> 0."""
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


def _resolve_regions(nsn: pa.Array, regions: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """region_code_for_number and number_type for numbers sharing one calling code."""
    country = np.full(len(nsn), None, dtype=object)
    kinds = np.full(len(nsn), _UNKNOWN, dtype=np.int64)
    if len(regions) == 1:
        country[:] = regions[0]
        return country, _number_types(nsn, _known_region(regions[0]))
    for region in regions:
        open_ = np.flatnonzero(country == None)  # noqa: E711 - elementwise
        if not len(open_):
            break
        plan, sub = _known_region(region), nsn.take(open_)
        sub_kinds = _number_types(sub, plan)
        hit = (
            _prefix_match(sub, plan.leading_digits)
            if plan.leading_digits
            else sub_kinds != _UNKNOWN
        )
        country[open_[hit]] = region
        kinds[open_[hit]] = sub_kinds[hit]
    return country, kinds


# --- Parsing (plus sign + digits) -> validity, type and region -----------------------------------


@dataclass
class _Verdicts:
    """parse() then is_valid_number/number_type/region_code_for_number, per (plus, digits)."""

    known: np.ndarray  # the verdict below is provably phonenumbers'
    valid: np.ndarray
    few: np.ndarray  # fewer digits than any valid number has: nothing inside can be valid
    e164: pa.Array  # null unless valid
    kind: pa.Array
    country: pa.Array


@dataclass
class _Numbers:
    """Parsed national numbers, collected by calling code before validation."""

    known: np.ndarray
    by_code: dict[str, list[tuple[np.ndarray, pa.Array]]]

    def put(self, rows: np.ndarray, code: str, nsn: pa.Array) -> None:
        """Record parsed numbers; parse() refuses national numbers outside 2..17 digits."""
        self.known[rows] = True
        lengths = _lengths(nsn)
        keep = np.flatnonzero((lengths >= _MIN_NSN) & (lengths <= _MAX_NSN))
        if len(keep):
            self.by_code.setdefault(code, []).append((rows[keep], nsn.take(keep)))


def _calling_codes(rest: pa.Array) -> np.ndarray:
    """_extract_country_code: the shortest leading 1-3 digits that are a calling code, or ""."""
    code = np.full(len(rest), "", dtype=object)
    for size in (3, 2, 1):
        prefix = pc.utf8_slice_codeunits(rest, 0, size)
        hit = pc.is_in(prefix, value_set=_code_set(size)).to_numpy(zero_copy_only=False)
        code[hit] = np.asarray(prefix.to_numpy(zero_copy_only=False), dtype=object)[hit]
    return code


def _parse_international(
    numbers: _Numbers, rows: np.ndarray, rest: pa.Array, after_idd: np.ndarray
) -> None:
    """Digits after "+" or an international prefix: calling code, then the national prefix.

    Too few digits after the prefix, or no calling code after an IDD, make parse() raise. A "+"
    without a calling code is retried by parse() as a national number: left to the library.
    """
    short = _lengths(rest) <= _MIN_NSN
    numbers.known[rows[short]] = True
    code = _calling_codes(rest)
    code[short] = None
    numbers.known[rows[(code == "") & after_idd]] = True
    for cc in set(code[code != None]) - {""}:  # noqa: E711 - elementwise
        regions = _CODE_REGIONS.get(cc)
        if regions is None or _known_region(regions[0]).transforms:
            continue  # non-geographic or a transform rule: the library's
        part = np.flatnonzero(code == cc)
        national = pc.utf8_slice_codeunits(rest.take(part), len(cc))
        numbers.put(rows[part], cc, _strip_for_parse(national, _known_region(regions[0])))


def _split_idd(digits: pa.Array, plan: _RegionPlan) -> tuple[np.ndarray, pa.Array]:
    """_parse_prefix_as_idd: which values start with the region's IDD, and the rest of each."""
    if not plan.international_prefix:
        return np.zeros(len(digits), dtype=bool), digits
    pattern = f"^(?:{plan.international_prefix})"
    rest = pc.replace_substring_regex(digits, pattern, "", max_replacements=1)
    zero_next = pc.starts_with(rest, "0").to_numpy(zero_copy_only=False)
    return _prefix_match(digits, plan.international_prefix) & ~zero_next, rest


def _parse_national(
    numbers: _Numbers, rows: np.ndarray, digits: pa.Array, plan: _RegionPlan
) -> None:
    """Values without "+" in one region: _maybe_extract_country_code's own-code rule, then parse."""
    cc = plan.country_code
    main = _known_region(_CODE_REGIONS[cc][0])
    own_code = pc.starts_with(digits, cc).to_numpy(zero_copy_only=False)
    potential = _strip_national_prefix(pc.utf8_slice_codeunits(digits, len(cc)), plan)
    lengths = np.minimum(_lengths(digits), _MAX_LENGTH)
    extracted = own_code & (
        (~_fullmatch(digits, plan.general.pattern) & _fullmatch(potential, plan.general.pattern))
        | plan.too_long[lengths]
    )
    with_code = np.flatnonzero(extracted)
    if len(with_code) and not main.transforms:
        numbers.put(rows[with_code], cc, _strip_for_parse(potential.take(with_code), main))
    plain = np.flatnonzero(~extracted)
    numbers.put(rows[plain], cc, _strip_for_parse(digits.take(plain), plan))


def _parse_by_region(
    numbers: _Numbers, rows: np.ndarray, digits: pa.Array, regions: pa.Array
) -> None:
    """Values without "+", one region at a time: IDD first, as _maybe_strip_i18n_prefix does."""
    encoded = pc.dictionary_encode(regions)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    for index, region in enumerate(encoded.dictionary.to_pylist()):
        plan = _region(region)
        if plan is None or plan.transforms:
            continue  # no metadata or a transform rule: the library's
        part = np.flatnonzero(codes == index)
        sub = digits.take(part)
        idd, rest = _split_idd(sub, plan)
        at = np.flatnonzero(idd)
        _parse_international(numbers, rows[part[at]], rest.take(at), np.ones(len(at), dtype=bool))
        at = np.flatnonzero(~idd)
        _parse_national(numbers, rows[part[at]], sub.take(at), plan)


def _parse_verdicts(plus: np.ndarray, digits: pa.Array, regions: pa.Array) -> _Verdicts:
    """phonenumbers' parse and validation for texts of the simple shape, given as plus + digits."""
    n = len(digits)
    numbers = _Numbers(np.zeros(n, dtype=bool), {})
    few = _lengths(digits) < _min_length()
    numbers.known[few] = True
    rows = np.flatnonzero(plus & ~few)
    _parse_international(numbers, rows, digits.take(rows), np.zeros(len(rows), dtype=bool))
    rows = np.flatnonzero(~plus & ~few)
    _parse_by_region(numbers, rows, digits.take(rows), regions.take(rows))
    return _validate(numbers, few)


def _validate(numbers: _Numbers, few: np.ndarray) -> _Verdicts:
    """is_valid_number, number_type and region_code_for_number, one calling code at a time."""
    n = len(few)
    found_rows, e164, kinds, countries = [], [], [], []
    for cc, parts in numbers.by_code.items():
        rows = np.concatenate([r for r, _ in parts])
        nsn = pa.concat_arrays([a for _, a in parts])
        country, kind = _resolve_regions(nsn, _CODE_REGIONS[cc])
        good = np.flatnonzero(kind != _UNKNOWN)
        found_rows.append(rows[good])
        e164.append(pc.binary_join_element_wise(f"+{cc}", nsn.take(good), ""))
        kinds.append(kind[good])
        countries.append(country[good])
    if not found_rows:
        nulls = pa.nulls(n, pa.string())
        return _Verdicts(numbers.known, np.zeros(n, dtype=bool), few, nulls, nulls, nulls)
    where = np.full(n, -1, dtype=np.int64)
    found = np.concatenate(found_rows)
    where[found] = np.arange(len(found))
    index = pa.array(where, mask=where < 0)
    kind_codes = pa.array(np.concatenate(kinds).astype(np.int32))
    kind = pa.DictionaryArray.from_arrays(kind_codes, _TYPE_DICTIONARY).cast(pa.string())
    country = pa.array(np.concatenate(countries), type=pa.string())
    return _Verdicts(
        numbers.known,
        where >= 0,
        few,
        pa.concat_arrays(e164).take(index),
        kind.take(index),
        country.take(index),
    )


# --- Cells -> pieces -> verdicts -----------------------------------------------------------------


@dataclass
class FastResult:
    """The fast path's answer per distinct cell; only ``accepted`` rows are meaningful."""

    accepted: np.ndarray
    valid: np.ndarray
    e164: pa.Array
    kind: pa.Array
    country: pa.Array
    extension: pa.Array
    other: pa.Array


@dataclass
class _Pieces:
    """The cells split as phone.py's _split_numbers splits them, one row per piece."""

    parent: np.ndarray  # the cell each piece comes from, pieces in cell order
    text: pa.Array  # the number part (without an extension)
    extension: pa.Array  # null when none
    readable: np.ndarray  # a shape the fast path parses
    dotted: np.ndarray  # a bare extension the library reads as "ext. <digits>" (_DOTTED_EXTENSION)


def _scatter(values: pa.Array, rows: np.ndarray, n: int) -> pa.Array:
    """An n-long array holding ``values`` at ``rows`` and nulls elsewhere."""
    where = np.full(n, -1, dtype=np.int64)
    where[rows] = np.arange(len(rows))
    return values.take(pa.array(where, mask=where < 0))


def _digits_only(values: pa.Array) -> pa.Array:
    """The ASCII digits of each string: one numpy pass over the UTF-8 bytes, ~20x a regex."""
    values = pa.concat_arrays([pc.fill_null(values, "")])  # offset 0, no validity bitmap
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[: len(values) + 1]
    data = np.frombuffer(values.buffers()[2] or b"", dtype=np.uint8)[: offsets[-1]]
    keep = (data >= ord("0")) & (data <= ord("9"))
    kept = np.concatenate([[0], np.cumsum(keep, dtype=np.int32)])
    return pa.StringArray.from_buffers(
        len(values),
        pa.py_buffer(kept[offsets].astype(np.int32)),
        pa.py_buffer(data[keep].tobytes()),
    )


def _split_cells(texts: pa.Array) -> _Pieces:
    """Pieces of every cell, each either simple, simple with an extension, or unreadable."""
    several = _found(texts, _MAYBE_SEVERAL)
    single = ~several & texts.is_valid().to_numpy(zero_copy_only=False)  # NA: no piece at all
    split = np.flatnonzero(several)
    joined = pc.replace_substring_regex(texts.take(split), _COMMA_BEFORE_EXTENSION, r" \1")
    lists = pc.split_pattern_regex(joined, _SEPARATOR)
    split_parent = split[pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)]
    parent = np.concatenate([np.flatnonzero(single), split_parent])
    pieces = pa.concat_arrays([texts.filter(pa.array(single)), pc.list_flatten(lists)])
    order = np.argsort(parent, kind="stable")
    keep = order[~_fullmatch(pieces.take(order), r"\s*")]
    parent, pieces = parent[keep], pieces.take(keep)
    simple = _fullmatch(pieces, _SIMPLE)
    other = np.flatnonzero(~simple)
    extended = pc.extract_regex(pieces.take(other), _EXTENDED)
    readable = simple.copy()
    readable[other] = extended.is_valid().to_numpy(zero_copy_only=False)
    bare, inner = (
        pc.if_else(pc.equal(extended.field(f), ""), None, extended.field(f))
        for f in ("ext", "inner")
    )
    found = pa.array(np.isin(np.arange(len(pieces)), other))
    text = pc.if_else(found, _scatter(extended.field("body"), other, len(pieces)), pieces)
    ext = _scatter(pc.coalesce(bare, inner), other, len(pieces))
    dotted = np.zeros(len(pieces), dtype=bool)
    dotted[other] = readable[other] & _found(pieces.take(other), _DOTTED_EXTENSION)
    return _Pieces(parent, text, ext, readable, dotted)


def _text_verdicts(texts: pa.Array, regions: pa.Array) -> _Verdicts:
    """:func:`_parse_verdicts` for simple texts (cells are distinct already: no dedup)."""
    plus = _found(texts, _PLUS)
    return _parse_verdicts(plus, _digits_only(texts), regions)


def _distinct_verdicts(texts: pa.Array, regions: pa.Array) -> _Verdicts:
    """:func:`_parse_verdicts` for simple texts, each distinct (plus, digits, region) once."""
    plus = pc.match_substring_regex(texts, _PLUS).fill_null(False)
    digits = _digits_only(texts)
    keys = pc.binary_join_element_wise(regions, pc.if_else(plus, "+", ""), digits, "\x1f")
    codes = pc.dictionary_encode(keys).indices.to_numpy(zero_copy_only=False)
    _, first = np.unique(codes, return_index=True)
    plus_first = plus.to_numpy(zero_copy_only=False)[first]
    verdicts = _parse_verdicts(plus_first, digits.take(first), regions.take(first))
    picked = pa.array(codes)
    return _Verdicts(
        verdicts.known[codes],
        verdicts.valid[codes],
        verdicts.few[codes],
        verdicts.e164.take(picked),
        verdicts.kind.take(picked),
        verdicts.country.take(picked),
    )


def _nothing_inside(texts: pa.Array, regions: pa.Array, extensions: pa.Array) -> np.ndarray:
    """For pieces parse() finds invalid: provably no valid number among the matcher's candidates.

    Without inner punctuation the piece is the only candidate. Otherwise the inner matches
    (split on spaces, "(" and dots, as the matcher's _INNER_MATCHES do for these characters)
    must each parse provably invalid.

    A piece with an extension (``extensions`` not null: a _DOTTED_EXTENSION, so the library's
    text is "<text> ext. <digits>") has, besides those, the candidates its " ext. <digits>" adds:
    the extension digits alone (an inner match on spaces and dots, or the matcher's next
    candidate), and the last dot-separated part of the text with " ext" after it (the part
    before the dot of "ext."), which parse() reads as a vanity number: that part + "398". The
    whole text and its "(" parts parse with the extension cut off, as the piece itself does.
    """
    extended = extensions.is_valid().to_numpy(zero_copy_only=False)
    sure = _fullmatch(texts, _COMPACT) & ~extended
    spaced = _found(texts, _SPACED_HYPHEN)
    rows = np.flatnonzero(~sure & ~spaced & _fullmatch(texts, _GROUPABLE))
    if not len(rows):
        return sure
    parents, groups = [], []
    for pattern in _INNER_SPLITS:
        lists = pc.split_pattern_regex(texts.take(rows), pattern)
        parents.append(rows[pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)])
        groups.append(pc.list_flatten(lists))
    with_ext = rows[extended[rows]]
    if len(with_ext):
        last_part = pc.replace_substring_regex(texts.take(with_ext), r"^.*\.", "")
        parents += [with_ext, with_ext]
        groups += [
            extensions.take(with_ext),
            pc.binary_join_element_wise(last_part, _EXT_AS_DIGITS, ""),
        ]
    parent = np.concatenate(parents)
    group = pc.utf8_ltrim_whitespace(pa.concat_arrays(groups))
    verdicts = _distinct_verdicts(group, regions.take(parent))
    doubtful = ~(verdicts.few | (verdicts.known & ~verdicts.valid))
    bad = np.bincount(parent[doubtful], minlength=len(texts)) > 0
    sure[rows] = ~bad[rows]
    return sure


def _piece_verdicts(pieces: _Pieces, regions: pa.Array) -> tuple[np.ndarray, _Verdicts]:
    """Per piece: whether the library's verdict is known, and the parse verdicts."""
    readable = np.flatnonzero(pieces.readable)
    text = pieces.text.take(readable)
    verdicts = _text_verdicts(text, regions.take(pieces.parent[readable]))
    extension = pieces.extension.take(readable)
    has_ext = extension.is_valid().to_numpy(zero_copy_only=False)
    dotted = pieces.dotted[readable]
    # An invalid number with another extension goes to the library; "few" digits in the number
    # say nothing of the candidates a dotted extension adds.
    invalid = (~has_ext | dotted) & ((verdicts.known & ~verdicts.valid) | verdicts.few)
    check = np.flatnonzero(invalid & (~verdicts.few | dotted))
    invalid[check] = _nothing_inside(
        text.take(check),
        regions.take(pieces.parent[readable[check]]),
        extension.take(check),
    )
    known = np.zeros(len(pieces.parent), dtype=bool)
    known[readable] = (verdicts.known & verdicts.valid) | invalid
    where = np.full(len(known), -1, dtype=np.int64)
    where[readable] = np.arange(len(readable))
    index = pa.array(where, mask=where < 0)
    valid = np.zeros(len(known), dtype=bool)
    valid[readable] = verdicts.valid & verdicts.known
    taken = [a.take(index) for a in (verdicts.e164, verdicts.kind, verdicts.country)]
    return known, _Verdicts(known, valid, np.zeros(len(known), dtype=bool), *taken)


def _others(parent: np.ndarray, e164: pa.Array, n: int) -> pa.Array:
    """phone_other: the further distinct valid numbers of each cell, "; "-joined in cell order.

    ``parent`` is sorted; only cells with two or more numbers (a few percent) reach pandas.
    """
    several = np.flatnonzero(np.bincount(parent, minlength=n)[parent] > 1)
    frame = pd.DataFrame(
        {"parent": parent[several], "e164": e164.take(pa.array(several)).to_pylist()}
    )
    frame = frame.drop_duplicates()
    frame = frame[frame["parent"].duplicated()]  # the first number is phone_e164
    cells, starts = np.unique(frame["parent"].to_numpy(), return_index=True)
    offsets = pa.array(np.append(starts, len(frame)).astype(np.int32))
    lists = pa.ListArray.from_arrays(offsets, pa.array(frame["e164"].tolist(), pa.string()))
    return _scatter(pc.binary_join(lists, "; "), cells, n)


def _assemble(pieces: _Pieces, known: np.ndarray, verdicts: _Verdicts, n: int) -> FastResult:
    """Cells from their pieces, as parse_phone_text does: first valid number, then the others."""
    accepted = np.bincount(pieces.parent[~known], minlength=n) == 0
    numbered = np.flatnonzero(verdicts.valid & accepted[pieces.parent])
    parent = pieces.parent[numbered]
    cells, first = np.unique(parent, return_index=True)
    where = np.full(n, -1, dtype=np.int64)
    where[cells] = numbered[first]
    index = pa.array(where, mask=where < 0)
    taken = [
        a.take(index) for a in (verdicts.e164, verdicts.kind, verdicts.country, pieces.extension)
    ]
    other = _others(parent, verdicts.e164.take(pa.array(numbered)), n)
    e164, kind, country, extension = taken
    return FastResult(accepted, where >= 0, e164, kind, country, extension, other)


def _one_chunk(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A plain string Array: pandas' Arrow strings may come as several chunks."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa.string())


def fast_normalize(
    texts: pa.Array | pa.ChunkedArray, regions: pa.Array | pa.ChunkedArray
) -> FastResult:
    """Vectorized verdicts for the cells whose library verdict is provable.

    Args:
        texts: distinct phone cells (NA allowed).
        regions: upper-case ISO alpha-2 per cell.

    Returns:
        Per cell: whether the verdict is known, and where it is, every PHONE_COLUMNS value.
    """
    texts, regions = (_one_chunk(values) for values in (texts, regions))
    pieces = _split_cells(texts)
    regions = pc.fill_null(regions, "")  # no region: no metadata, the library's
    known, verdicts = _piece_verdicts(pieces, regions)
    return _assemble(pieces, known, verdicts, len(texts))
