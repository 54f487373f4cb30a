"""Candidate attributes of past leads, each cut into bins that a rule condition can state.

Every input column becomes one feature: a number is cut at rounded quantiles, a category keeps
its frequent values (case and spelling variants merged: "Enterprise", "enterprise ",
"Enterprize") and pools the rare ones into "other", a yes/no is yes or no, and a column with too
many distinct values (names, e-mails, free text, dates) only says whether it is filled. Each
feature also has an implicit rest bin (missing, a placeholder such as "Select", or unreadable)
that gets no rule and no points: the reference the other bins' points are measured against.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from anyascii import anyascii
from rapidfuzz import fuzz, process

from leadq.fields import LeadFields, read_date, read_number
from leadq.schema import FieldType, builtin_fields

NUMBER_SHARE = 0.9  # an unmapped column is a number when this share of its values read as one
QUANTILES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
KEPT_SHARE = 0.5  # kept categories must cover this share of filled rows, else: presence only
SAME_SPELLING = 88  # rapidfuzz ratio at which a rare spelling joins a frequent category
MIN_VARIANCE = 0.01  # a bin holding fewer than 1 % (or more than 99 %) of rows says nothing
SKIPPED_FIELDS = frozenset({"lead_id"})
TYPO_TARGETS = 200  # a spelling can join one of the 200 most frequent categories
MIN_TYPO_LENGTH = 5  # shorter keys ("it", "hr") are never typos of another
TYPO_CHUNK = 20_000  # keys compared to the targets at once (a 20k x 200 score matrix)
_NOT_WORD = re.compile(r"\W+")
FREE_TEXT_LENGTH = 40  # a column whose typical value is longer is free text, not categories


@dataclass(frozen=True)
class Bin:
    """One value range or category of a feature, as a rule condition (a YAML-ready mapping)."""

    label: str
    when: dict[str, Any]


@dataclass(frozen=True)
class Feature:
    """A learnable attribute: the field a rule names, the header it reads, and its bins."""

    field: str
    header: str
    field_type: FieldType
    declared: bool  # a field of the learned file's own (an unmapped header), not a builtin
    kind: str  # number, category, yes/no, filled
    bins: tuple[Bin, ...]


def candidate_features(
    fields: LeadFields,
    headers: Sequence[str],
    train: np.ndarray,
    min_support: int,
) -> tuple[list[Feature], dict[str, np.ndarray]]:
    """One feature per header (besides the outcome), its bins fitted on the ``train`` rows;
    and for every header, the rows where it is filled (not blank, not a placeholder)."""
    mapped = {header: name for name, found in fields.headers.items() for header in found[:1]}
    taken = set(builtin_fields())
    features = []
    filled = {}
    for header in headers:
        cleaned = cleaned_text(fields.table[header].astype("str"), fields.missing_values)
        filled[header] = cleaned.notna().to_numpy()
        name = mapped.get(header)
        if name in SKIPPED_FIELDS:
            continue
        feature = _feature(fields, header, cleaned, name, taken, train, min_support)
        if feature is not None:
            features.append(feature)
            taken.add(feature.field)
    return features, filled


def _feature(
    fields: LeadFields,
    header: str,
    cleaned: pd.Series,
    name: str | None,
    taken: set[str],
    train: np.ndarray,
    min_support: int,
) -> Feature | None:
    declared = name is None
    field = _field_name(header, taken) if name is None else name
    field_type = fields.types.get(field) if not declared else _guess_type(cleaned)
    field_type = field_type or FieldType.TEXT
    kind, bins = _bins(field, field_type, cleaned, train, min_support)
    if not bins:
        return None
    return Feature(field, header, field_type, declared, kind, tuple(bins))


def _bins(
    field: str, field_type: FieldType, cleaned: pd.Series, train: np.ndarray, min_support: int
) -> tuple[str, list[Bin]]:
    if field_type is FieldType.NUMBER:
        return "number", number_bins(field, read_number(cleaned[train]), min_support)
    if field_type is FieldType.BOOL:
        return "yes/no", [
            Bin("yes", {"field": field, "is": True}),
            Bin("no", {"field": field, "is": False}),
        ]
    if field_type is not FieldType.DATE:
        bins = category_bins(field, cleaned[train], min_support)
        if bins is not None:
            return "category", bins
    return "filled", [Bin("filled", {"field": field, "present": True})]


def _field_name(header: str, taken: set[str]) -> str:
    """A rule-file field name for an unmapped header: ``Meeting Date`` -> ``meeting_date``."""
    base = re.sub(r"[^a-z0-9]+", "_", anyascii(header).casefold()).strip("_") or "column"
    name = base if base[0].isalpha() else f"c_{base}"
    number = 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def cleaned_text(text: pd.Series, missing_values: frozenset[str]) -> pd.Series:
    """``text`` trimmed, with blanks and placeholders (``missing_values``, any case) as missing.

    Each distinct value is cleaned once: categories repeat a few values over many rows.
    """
    codes, distinct = pd.factorize(text)  # missing: code -1
    trimmed = pd.Series(distinct, dtype="str").str.strip()
    cleaned = trimmed.mask(trimmed.str.casefold().isin(missing_values) | (trimmed == ""))
    values = pd.api.extensions.take(cleaned.array, codes, allow_fill=True)
    return pd.Series(values, index=text.index, name=text.name)


def _guess_type(cleaned: pd.Series) -> FieldType:
    """A date when nearly every distinct value has a year and reads as a date; else a number
    when nearly every one reads as a number; else a category."""
    present = cleaned.dropna().drop_duplicates()
    if present.empty:
        return FieldType.TEXT
    with_year = present.str.contains(r"\d{4}", regex=True)
    if (with_year & read_date(present).notna()).mean() >= NUMBER_SHARE:
        return FieldType.DATE
    numbers = read_number(present)
    return FieldType.NUMBER if numbers.notna().mean() >= NUMBER_SHARE else FieldType.CATEGORY


# --------------------------------------------------------------------------- numbers


def number_bins(field: str, values: pd.Series, min_support: int) -> list[Bin]:
    """Intervals between rounded quantiles of the filled values: ``< 50``, ``50 to 200`` ..."""
    present = values.dropna().to_numpy(dtype=float)
    if len(present) < 2 * min_support:
        return []
    distinct = np.unique(present)
    cuts = np.quantile(present, QUANTILES, method="higher")
    cuts = np.where(cuts <= distinct[0], distinct[min(1, len(distinct) - 1)], cuts)  # no empty bin
    edges = sorted({nice_number(edge) for edge in cuts})
    edges = [edge for edge in edges if (present < edge).sum() >= min_support]
    edges = [edge for edge in edges if (present >= edge).sum() >= min_support]
    if not edges:
        return []
    bins = [Bin(f"below {_show(edges[0])}", {"field": field, "less_than": edges[0]})]
    for low, high in zip(edges, edges[1:], strict=False):
        when = {"all": [{"field": field, "at_least": low}, {"field": field, "less_than": high}]}
        bins.append(Bin(f"{_show(low)} to under {_show(high)}", when))
    bins.append(Bin(f"{_show(edges[-1])} or more", {"field": field, "at_least": edges[-1]}))
    return bins


def nice_number(value: float) -> float | int:
    """Two significant digits: 47.3 -> 47, 1234 -> 1200; whole numbers as ints."""
    if value == 0:
        return 0
    digits = 1 - int(np.floor(np.log10(abs(value))))
    rounded = round(float(value), digits)
    return int(rounded) if rounded == int(rounded) else rounded


def _show(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------- categories


def category_bins(field: str, cleaned: pd.Series, min_support: int) -> list[Bin] | None:
    """One bin per frequent category (every spelling of it listed), then "other".

    None when the kept categories cover too little of the filled rows: an identifier, a name
    or free text, which only says something by being filled.
    """
    counts = cleaned.value_counts()
    if counts.empty or len(counts) > KEPT_SHARE * counts.sum() or _free_text(counts.index):
        return None  # mostly distinct values (names, e-mails) or long texts: not categories
    groups = spelling_groups(counts)
    count_of = dict(zip(counts.index.astype(str), counts.tolist(), strict=True))
    totals = {key: sum(count_of[s] for s in spellings) for key, spellings in groups.items()}
    kept = [
        key for key, total in sorted(totals.items(), key=lambda kv: -kv[1]) if total >= min_support
    ]
    if sum(totals[key] for key in kept) < KEPT_SHARE * counts.sum():
        return None
    bins = [
        Bin(groups[key][0], {"field": field, "in": _distinct_case(groups[key])}) for key in kept
    ]
    listed = [spelling for key in kept for spelling in groups[key]]
    if counts.sum() - sum(totals[key] for key in kept) >= min_support:
        other = {"all": [{"field": field, "present": True}, {"field": field, "not_in": listed}]}
        bins.append(Bin("other", other))
    return bins


def _free_text(values: pd.Index) -> bool:
    """Messages and notes: long texts (or several lines) are never categories."""
    text = pd.Series(values, dtype="str")
    return bool(text.str.len().median() > FREE_TEXT_LENGTH or text.str.contains("\n").any())


def _distinct_case(spellings: Sequence[str]) -> list[str]:
    """Spellings that differ beyond case: ``in`` ignores case already."""
    return list({spelling.casefold(): spelling for spelling in reversed(spellings)}.values())[::-1]


def spelling_groups(counts: pd.Series) -> dict[str, tuple[str, ...]]:
    """Spellings of one category grouped under a key, the most frequent spelling first.

    Case, spaces and punctuation are ignored ("E-commerce" = "ecommerce"); a rarer key within a
    typo of a more frequent one joins it ("enterprize" -> "enterprise").
    """
    by_key: dict[str, list[str]] = {}
    key_counts: dict[str, int] = {}
    for spelling, count in counts.items():
        folded = str(spelling).casefold()
        key = _NOT_WORD.sub("", folded) or folded
        by_key.setdefault(key, []).append(str(spelling))
        key_counts[key] = key_counts.get(key, 0) + int(count)
    ordered = sorted(key_counts, key=lambda key: -key_counts[key])
    merged: dict[str, list[str]] = {}
    targets: list[str] = []  # the first TYPO_TARGETS keys of ``merged``, the most frequent
    position = 0
    while position < len(ordered) and len(targets) < TYPO_TARGETS:
        key = ordered[position]
        target = typo_of(key, targets)
        if target is None:
            targets.append(key)
        merged.setdefault(target or key, []).extend(by_key[key])
        position += 1
    rest = ordered[position:]  # the targets are all known now: compare the rest at once
    for key, target in zip(rest, typos_of(rest, targets), strict=True):
        merged.setdefault(target or key, []).extend(by_key[key])
    return {key: tuple(spellings) for key, spellings in merged.items()}


def typo_of(key: str, frequent: Sequence[str]) -> str | None:
    """The most similar of ``frequent`` at or above SAME_SPELLING (the first of equals)."""
    if len(key) < MIN_TYPO_LENGTH or not frequent:
        return None
    found = process.extractOne(key, frequent, scorer=fuzz.ratio, score_cutoff=SAME_SPELLING)
    return None if found is None else str(found[0])


def typos_of(keys: Sequence[str], frequent: Sequence[str]) -> list[str | None]:
    """``typo_of`` of every key against the same targets, by one score matrix per chunk.

    The closest target at or above SAME_SPELLING, the first of equals, as ``extractOne``
    picks it; None for a key that is too short or near none.
    """
    found: list[str | None] = [None] * len(keys)
    candidates = [i for i, key in enumerate(keys) if len(key) >= MIN_TYPO_LENGTH]
    if not frequent:
        return found
    for start in range(0, len(candidates), TYPO_CHUNK):
        chunk = candidates[start : start + TYPO_CHUNK]
        scores = process.cdist(
            [keys[i] for i in chunk],
            frequent,
            scorer=fuzz.ratio,
            score_cutoff=SAME_SPELLING,
            dtype=np.float64,
            workers=-1,
        )
        best = scores.argmax(axis=1)  # the first of equal scores, as extractOne
        near = scores[np.arange(len(chunk)), best] >= SAME_SPELLING  # cdist gives 0 below
        for i, target in zip(np.asarray(chunk)[near], best[near], strict=True):
            found[i] = frequent[target]
    return found


def useful(masks: np.ndarray) -> np.ndarray:
    """Bins that hold between 1 % and 99 % of rows."""
    share = masks.mean(axis=0) if len(masks) else np.zeros(masks.shape[1])
    return (share >= MIN_VARIANCE) & (share <= 1 - MIN_VARIANCE)


def field_types(features: Sequence[Feature]) -> Mapping[str, FieldType]:
    return {feature.field: feature.field_type for feature in features}
