"""The condition language of rule files: field / operator / value -> a boolean mask over leads.

A condition is either a leaf, ``{field: employees, between: [50, 1000]}``, or a combinator,
``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}``. Leaves are checked against the known fields
and their types when the rule file is loaded, so that a mistake is reported with its line before
any data is read. Each operator is a small vectorized function in the plain dict ``OPERATORS``.

Text is compared case-insensitively (Unicode simple case folding) with RE2 inside Arrow, which
runs in time linear in the text whatever the pattern: a rule file cannot make a run hang. A
missing value makes every operator false except ``present: false``, ``missing: true`` and the
``not_*`` operators, which are exactly the negation of their positive twin.
"""

from __future__ import annotations

import datetime
import difflib
import string
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml
from yaml.constructor import SafeConstructor

from leadq.schema import FieldType

MAX_DEPTH = 32
COMBINATORS: tuple[str, ...] = ("all", "any", "not")

# RE2 runs a big alternation as a DFA only while it fits RE2's memory budget (Arrow keeps the
# default); past that it drops to a far slower engine. Measured: ~200 short phrases fit.
_CHUNK_PHRASES = 200
_CHUNK_BYTES = 3000

TEXT_TYPES = frozenset({FieldType.TEXT, FieldType.CATEGORY})
NUMBER_TYPES = frozenset({FieldType.NUMBER})
ALL_TYPES = frozenset(FieldType)


# --------------------------------------------------------------------------- public protocols


class FieldSource(Protocol):
    """The typed columns a condition reads; implemented over the lead table.

    ``get(name)`` returns the typed series of a field: text/category as pandas ``str`` dtype with
    NA for missing (already trimmed, placeholders already NA); number as ``Float64``; date as
    ``datetime64[ns]`` with NaT; bool as ``boolean``. A field absent from the data comes back
    all-NA of its type.
    """

    @property
    def index(self) -> pd.Index: ...

    @property
    def as_of(self) -> datetime.date: ...

    def get(self, name: str) -> pd.Series: ...


class Condition(Protocol):
    """A compiled condition."""

    def mask(self, fields: FieldSource) -> pd.Series: ...

    def fields_used(self) -> frozenset[str]: ...

    def describe(self) -> str: ...


# --------------------------------------------------------------------------- YAML node helpers

Report = Callable[[yaml.Node, str, str], None]
"""Called as ``report(node, key_path, message)`` for each problem found while compiling."""


@dataclass(frozen=True)
class CompileContext:
    """What a condition may refer to, and where its problems go."""

    fields: Mapping[str, FieldType]
    lists: Mapping[str, tuple[str, ...]]
    report: Report


class ValueProblem(Exception):
    """A wrong operator value; ``node`` is where to point (defaults to the value itself)."""

    def __init__(
        self, message: str, node: yaml.Node | None = None, *, standalone: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.node = node
        self.standalone = standalone


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest option, or ``""`` when none is close.

    Args:
        word: The misspelt word.
        options: The valid words.

    Returns:
        The hint to append to a message.
    """
    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def unknown_word(kind: str, word: str, options: Iterable[str]) -> str:
    """Message for an unknown key, operator, field, ...: with a suggestion or the valid ones.

    Args:
        kind: What the word is, e.g. ``"key"`` or ``"operator"``.
        word: The word the user wrote.
        options: The valid words.

    Returns:
        e.g. ``"unknown operator 'grater_than'; did you mean 'greater_than'?"``.
    """
    choices = sorted(options)
    hint = did_you_mean(word, choices)
    if not hint and 0 < len(choices) <= 12:
        hint = "; expected one of: " + ", ".join(choices)
    return f"unknown {kind} {word!r}{hint}"


def construct_scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node as YAML's safe loader reads it (int, bool, date, ...)."""
    try:
        return SafeConstructor().construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        return node.value if isinstance(node, yaml.ScalarNode) else None


def is_null(node: yaml.Node) -> bool:
    """Whether a node is YAML's null (``~``, ``null`` or nothing)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def node_text(node: yaml.Node) -> str | None:
    """The text of a scalar as written (so ``no`` stays "no"), or None for a list/mapping/null."""
    if not isinstance(node, yaml.ScalarNode) or is_null(node):
        return None
    return str(node.value)


def node_number(node: yaml.Node) -> float | None:
    """An int or float scalar as float; None for anything else (bools included)."""
    value = construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if np.isfinite(value) else None


def node_int(node: yaml.Node) -> int | None:
    """An integer scalar; None for anything else (bools and floats included)."""
    value = construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def node_bool(node: yaml.Node) -> bool | None:
    """A ``true``/``false`` scalar; None for anything else."""
    value = construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    return value if isinstance(value, bool) else None


def mapping_items(node: yaml.MappingNode) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """Yield ``(key text, key node, value node)``; keys that are not plain text are skipped."""
    for key_node, value_node in node.value:
        key = node_text(key_node)
        if key is not None:
            yield key, key_node, value_node


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Phrases:
    """Texts to compare with, inline or from a named list (kept for ``describe``)."""

    values: tuple[str, ...]
    list_name: str | None = None

    def __str__(self) -> str:
        if self.list_name is not None:
            return f"list {self.list_name!r}"
        return " or ".join(repr(v) for v in self.values)


def _format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(_format_value(v) for v in value) + "]"
    return str(value)


def _expect_text(node: yaml.Node) -> str:
    text = node_text(node)
    if text is None:
        raise ValueProblem("needs a text value")
    text = text.strip()
    if not text:
        raise ValueProblem("needs a non-empty text; to test for an empty cell use 'missing: true'")
    return text


def _expect_number(node: yaml.Node) -> float:
    number = node_number(node)
    if number is None:
        raise ValueProblem("needs a number, e.g. 100 or 2.5")
    return number


def _expect_bool(node: yaml.Node) -> bool:
    value = node_bool(node)
    if value is None:
        raise ValueProblem("needs true or false")
    return value


def _expect_date(node: yaml.Node) -> pd.Timestamp:
    value = construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, (datetime.date, str)):
        try:
            return pd.Timestamp(datetime.date.fromisoformat(str(value)[:10]))
        except ValueError:
            pass
    raise ValueProblem("needs a date written as YYYY-MM-DD, e.g. 2024-01-31")


def _expect_days(node: yaml.Node) -> int:
    days = node_int(node)
    if days is None or days < 0:
        raise ValueProblem("needs a whole number of days, 0 or more")
    return days


def _expect_list(node: yaml.Node, what: str) -> list[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode):
        raise ValueProblem(f"needs a list, e.g. [{what}]")
    if not node.value:
        raise ValueProblem("needs a list with at least one entry")
    return list(node.value)


def _list_ref(node: yaml.MappingNode, ctx: CompileContext) -> Phrases:
    items = list(mapping_items(node))
    if len(items) != 1 or items[0][0] != "list":
        raise ValueProblem("a named list is written {list: NAME}", standalone=True)
    name = node_text(items[0][2])
    if name is None:
        raise ValueProblem(
            "'list' needs the name of a list under 'lists:'", items[0][2], standalone=True
        )
    if name not in ctx.lists:
        message = unknown_word("list", name, ctx.lists)
        if not ctx.lists:
            message += "; no lists are defined under 'lists:'"
        raise ValueProblem(message, items[0][2], standalone=True)
    return Phrases(tuple(ctx.lists[name]), name)


def _scalar_for(node: yaml.Node, field_type: FieldType) -> Any:
    if field_type in TEXT_TYPES:
        return _expect_text(node)
    if field_type is FieldType.NUMBER:
        return _expect_number(node)
    if field_type is FieldType.BOOL:
        return _expect_bool(node)
    return _expect_date(node)


def parse_equals(node: yaml.Node, field_type: FieldType, ctx: CompileContext) -> Any:
    """Value of equals/not_equals: one value of the field's type."""
    value = _scalar_for(node, field_type)
    return Phrases((value,)) if field_type in TEXT_TYPES else value


def parse_in(node: yaml.Node, field_type: FieldType, ctx: CompileContext) -> Any:
    """Value of in/not_in: a list of values of the field's type, or ``{list: NAME}`` for text."""
    if isinstance(node, yaml.MappingNode):
        if field_type not in TEXT_TYPES:
            raise ValueProblem("named lists hold text; use an inline list for a number or date")
        return _list_ref(node, ctx)
    entries = tuple(_scalar_for(item, field_type) for item in _expect_list(node, "a, b"))
    return Phrases(entries) if field_type in TEXT_TYPES else entries


def parse_phrases(node: yaml.Node, field_type: FieldType, ctx: CompileContext) -> Phrases:
    """Value of contains: a phrase, a list of phrases, or ``{list: NAME}``."""
    if isinstance(node, yaml.MappingNode):
        return _list_ref(node, ctx)
    if isinstance(node, yaml.SequenceNode):
        return Phrases(tuple(_expect_text(item) for item in _expect_list(node, "a, b")))
    return Phrases((_expect_text(node),))


def parse_regex(node: yaml.Node, field_type: FieldType, ctx: CompileContext) -> str:
    """Value of matches: an RE2 regular expression, compiled once here to catch mistakes."""
    pattern = node_text(node)
    if pattern is None or not pattern:
        raise ValueProblem("needs a regular expression in quotes, e.g. '^\\d{10}$'")
    try:
        pc.match_substring_regex(pa.array([""], pa.string()), pattern=pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        reason = str(error).removeprefix("Invalid regular expression: ")
        raise ValueProblem(
            f"pattern is not valid ({reason}); leadq reads RE2 syntax, which has "
            "no backreferences (\\1) and no lookaround ((?=...), (?!...), (?<=...))"
        ) from None
    return pattern


def parse_bool(node: yaml.Node, field_type: FieldType, ctx: CompileContext) -> bool:
    """Value of present/missing/is: true or false."""
    return _expect_bool(node)


def parse_number(node: yaml.Node, field_type: FieldType, ctx: CompileContext) -> float:
    """Value of at_least/at_most/greater_than/less_than: a number."""
    return _expect_number(node)


def parse_between(
    node: yaml.Node, field_type: FieldType, ctx: CompileContext
) -> tuple[float, float]:
    """Value of between: ``[low, high]``, inclusive, low <= high."""
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
        raise ValueProblem("needs two numbers [low, high], e.g. [50, 1000]")
    low, high = (node_number(item) for item in node.value)
    if low is None or high is None:
        raise ValueProblem("needs two numbers [low, high], e.g. [50, 1000]")
    if low > high:
        raise ValueProblem(f"needs low <= high; got [{_format_value(low)}, {_format_value(high)}]")
    return (low, high)


def parse_days(node: yaml.Node, field_type: FieldType, ctx: CompileContext) -> int:
    """Value of older_than_days/newer_than_days: whole days, 0 or more."""
    return _expect_days(node)


# --------------------------------------------------------------------------- vectorized tests


def _re2_escape(text: str) -> str:
    """Escape a phrase so that RE2 reads it literally."""
    out = []
    for char in text:
        if char.isalnum() or ord(char) > 127:
            out.append(char)
        elif char in string.punctuation or char == " ":
            out.append("\\" + char)
        else:
            out.append(f"\\x{{{ord(char):02x}}}")
    return "".join(out)


def _chunks(phrases: Sequence[str]) -> Iterator[list[str]]:
    """Split escaped phrases into alternations small enough for RE2's fast engine."""
    chunk: list[str] = []
    size = 0
    for phrase in phrases:
        if chunk and (len(chunk) >= _CHUNK_PHRASES or size + len(phrase) > _CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(phrase)
        size += len(phrase.encode()) + 1
    if chunk:
        yield chunk


def _arrow_text(series: pd.Series) -> pa.Array:
    if not isinstance(series.dtype, pd.StringDtype):
        series = series.astype("str")
    return pa.array(series)


def _no_na(result: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(pc.fill_null(result, False).to_numpy(zero_copy_only=False), dtype=bool)


def _text_search(series: pd.Series, phrases: Sequence[str], whole: bool) -> np.ndarray:
    """True where the text equals (whole) or contains any phrase, case-insensitively."""
    text = _arrow_text(series)
    found = np.zeros(len(series), dtype=bool)
    escaped = sorted({_re2_escape(p) for p in phrases}, key=len, reverse=True)
    for chunk in _chunks(escaped):
        body = "|".join(chunk)
        pattern = f"^(?:{body})$" if whole else f"(?:{body})"
        found |= _no_na(pc.match_substring_regex(text, pattern=pattern, ignore_case=True))
    return found


def _boolean(result: Any) -> np.ndarray:
    """A nullable comparison result as numpy bool with NA -> False."""
    if isinstance(result, pd.Series):
        result = result.array
    if isinstance(result, pd.api.extensions.ExtensionArray):
        return np.asarray(result.to_numpy(dtype=bool, na_value=False), dtype=bool)
    return np.asarray(result, dtype=bool)


def _numbers(series: pd.Series) -> pd.Series:
    if series.dtype == "Float64":
        return series
    return pd.to_numeric(series, errors="coerce").astype("Float64")


def _dates(series: pd.Series) -> pd.Series:
    if not pd.api.types.is_datetime64_any_dtype(series.dtype):
        series = pd.to_datetime(series, errors="coerce")
    return series.dt.tz_localize(None) if series.dt.tz is not None else series


def _days_ago(as_of: datetime.date, days: int) -> pd.Timestamp:
    return pd.Timestamp(as_of) - pd.Timedelta(days=days)


def eval_equals(series: pd.Series, value: Any, as_of: datetime.date) -> np.ndarray:
    """Equal to the value: text case-insensitively, numbers numerically, dates by day."""
    if isinstance(value, Phrases):
        return _text_search(series, value.values, whole=True)
    if isinstance(value, bool):
        return _boolean(series.astype("boolean").eq(value))
    if isinstance(value, pd.Timestamp):
        return _boolean(_dates(series).dt.normalize().eq(value))
    return _boolean(_numbers(series).eq(value))


def eval_in(series: pd.Series, value: Any, as_of: datetime.date) -> np.ndarray:
    """Equal to any of the values."""
    if isinstance(value, Phrases):
        return _text_search(series, value.values, whole=True)
    if value and isinstance(value[0], pd.Timestamp):
        return _boolean(_dates(series).dt.normalize().isin(value))
    return _boolean(_numbers(series).isin(value))


def eval_contains(series: pd.Series, value: Phrases, as_of: datetime.date) -> np.ndarray:
    """Contains any of the phrases, case-insensitively."""
    return _text_search(series, value.values, whole=False)


def eval_matches(series: pd.Series, value: str, as_of: datetime.date) -> np.ndarray:
    """The RE2 pattern matches somewhere in the text, case-insensitively."""
    # Called on Arrow directly: pandas' .str.contains falls back to Python's backtracking `re`
    # for some patterns (\s, $ with newlines, \w on non-ASCII), which a rule file must not reach.
    text = _arrow_text(series)
    return _no_na(pc.match_substring_regex(text, pattern=value, ignore_case=True))


def eval_has(series: pd.Series, value: Phrases, as_of: datetime.date) -> np.ndarray:
    """A "; "-joined list of names (``intent``, ``junk``) holds any of the names, whole."""
    names = "|".join(_re2_escape(name) for name in value.values)
    pattern = f"(?:^|; )(?:{names})(?:;|$)"
    return _no_na(pc.match_substring_regex(_arrow_text(series), pattern=pattern, ignore_case=True))


def eval_present(series: pd.Series, value: bool, as_of: datetime.date) -> np.ndarray:
    """The value is there (true) or missing (false)."""
    return np.asarray(series.notna().to_numpy(), dtype=bool) == value


def eval_missing(series: pd.Series, value: bool, as_of: datetime.date) -> np.ndarray:
    """The value is missing (true) or there (false)."""
    return np.asarray(series.isna().to_numpy(), dtype=bool) == value


def eval_is(series: pd.Series, value: bool, as_of: datetime.date) -> np.ndarray:
    """A bool field is true / false (missing is neither)."""
    return _boolean(series.astype("boolean").eq(value))


def eval_at_least(series: pd.Series, value: float, as_of: datetime.date) -> np.ndarray:
    """Number >= value."""
    return _boolean(_numbers(series).ge(value))


def eval_at_most(series: pd.Series, value: float, as_of: datetime.date) -> np.ndarray:
    """Number <= value."""
    return _boolean(_numbers(series).le(value))


def eval_greater_than(series: pd.Series, value: float, as_of: datetime.date) -> np.ndarray:
    """Number > value."""
    return _boolean(_numbers(series).gt(value))


def eval_less_than(series: pd.Series, value: float, as_of: datetime.date) -> np.ndarray:
    """Number < value."""
    return _boolean(_numbers(series).lt(value))


def eval_between(series: pd.Series, value: tuple[float, float], as_of: datetime.date) -> np.ndarray:
    """low <= number <= high."""
    numbers = _numbers(series)
    return _boolean(numbers.ge(value[0])) & _boolean(numbers.le(value[1]))


def eval_older_than_days(series: pd.Series, value: int, as_of: datetime.date) -> np.ndarray:
    """Date before as_of minus N days."""
    return _boolean(_dates(series).lt(_days_ago(as_of, value)))


def eval_newer_than_days(series: pd.Series, value: int, as_of: datetime.date) -> np.ndarray:
    """Date on or after as_of minus N days."""
    return _boolean(_dates(series).ge(_days_ago(as_of, value)))


# --------------------------------------------------------------------------- the registry

Parse = Callable[[yaml.Node, FieldType, CompileContext], Any]
Evaluate = Callable[[pd.Series, Any, datetime.date], np.ndarray]


@dataclass(frozen=True)
class Operator:
    """One condition operator: which fields it takes, how its value is read and tested."""

    field_types: frozenset[FieldType]
    parse: Parse
    evaluate: Evaluate
    words: str
    doc: str
    negated: bool = False


OPERATORS: dict[str, Operator] = {
    "equals": Operator(
        ALL_TYPES,
        parse_equals,
        eval_equals,
        "equals",
        "equal to one value (text ignores case and outer spaces; dates by day)",
    ),
    "not_equals": Operator(
        ALL_TYPES,
        parse_equals,
        eval_equals,
        "does not equal",
        "not equal to the value; true for a missing value",
        negated=True,
    ),
    "in": Operator(
        ALL_TYPES - {FieldType.BOOL},
        parse_in,
        eval_in,
        "is one of",
        "equal to any value in a list, [a, b] or {list: NAME} (text ignores case)",
    ),
    "not_in": Operator(
        ALL_TYPES - {FieldType.BOOL},
        parse_in,
        eval_in,
        "is not one of",
        "equal to none of the values; true for a missing value",
        negated=True,
    ),
    "contains": Operator(
        TEXT_TYPES,
        parse_phrases,
        eval_contains,
        "contains",
        "text contains any of the phrases (a phrase, [a, b] or {list: NAME}; ignores case)",
    ),
    "matches": Operator(
        TEXT_TYPES,
        parse_regex,
        eval_matches,
        "matches",
        "an RE2 regular expression is found anywhere in the text (ignores case)",
    ),
    "has": Operator(
        TEXT_TYPES,
        parse_phrases,
        eval_has,
        "has",
        'a "; "-joined list such as intent or junk holds a name: has: price, has: [price, demo]',
    ),
    "present": Operator(
        ALL_TYPES,
        parse_bool,
        eval_present,
        "present is",
        "present: true when the value is there, present: false when it is missing",
    ),
    "missing": Operator(
        ALL_TYPES,
        parse_bool,
        eval_missing,
        "missing is",
        "missing: true when the cell is empty or a placeholder such as 'n/a'",
    ),
    "is": Operator(
        frozenset({FieldType.BOOL}),
        parse_bool,
        eval_is,
        "is",
        "a yes/no field is true or false (a missing value is neither)",
    ),
    "at_least": Operator(
        NUMBER_TYPES, parse_number, eval_at_least, "is at least", "number >= value"
    ),
    "at_most": Operator(NUMBER_TYPES, parse_number, eval_at_most, "is at most", "number <= value"),
    "greater_than": Operator(
        NUMBER_TYPES, parse_number, eval_greater_than, "is greater than", "number > value"
    ),
    "less_than": Operator(
        NUMBER_TYPES, parse_number, eval_less_than, "is less than", "number < value"
    ),
    "between": Operator(
        NUMBER_TYPES,
        parse_between,
        eval_between,
        "between",
        "number within [low, high], both ends included",
    ),
    "older_than_days": Operator(
        frozenset({FieldType.DATE}),
        parse_days,
        eval_older_than_days,
        "is older than days",
        "date is more than N days before the as-of date",
    ),
    "newer_than_days": Operator(
        frozenset({FieldType.DATE}),
        parse_days,
        eval_newer_than_days,
        "is newer than days",
        "date is at most N days before the as-of date (or after it)",
    ),
}


def _type_names(types: frozenset[FieldType]) -> str:
    names = [t.value for t in FieldType if t in types]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


# --------------------------------------------------------------------------- compiled conditions


def _series_mask(values: np.ndarray, fields: FieldSource) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=bool), index=fields.index, dtype=bool)


@dataclass(frozen=True)
class FieldCondition:
    """A leaf: one operator applied to one field."""

    field: str
    operator: str
    value: Any

    def mask(self, fields: FieldSource) -> pd.Series:
        """Evaluate on every lead at once; NA never leaks out."""
        spec = OPERATORS[self.operator]
        result = spec.evaluate(fields.get(self.field), self.value, fields.as_of)
        return _series_mask(~result if spec.negated else result, fields)

    def fields_used(self) -> frozenset[str]:
        """The one field this leaf reads."""
        return frozenset({self.field})

    def describe(self) -> str:
        """E.g. ``employees between 50 and 1000``."""
        value = self.value
        if self.operator == "between":
            return f"{self.field} between {_format_value(value[0])} and {_format_value(value[1])}"
        if self.operator in ("present", "missing"):
            present = value if self.operator == "present" else not value
            return f"{self.field} is {'present' if present else 'missing'}"
        if self.operator.endswith("_days"):
            return f"{self.field} {self.operator.split('_')[0]} than {value} days"
        if self.operator == "matches":
            return f"{self.field} matches {value!r}"
        return f"{self.field} {OPERATORS[self.operator].words} {_format_value(value)}"


@dataclass(frozen=True)
class _Combination:
    """Parts combined element-wise by ``_reduce``; described joined by ``_word``."""

    parts: tuple[Condition, ...]
    _reduce: ClassVar[np.ufunc]
    _word: ClassVar[str]

    def mask(self, fields: FieldSource) -> pd.Series:
        """The parts' masks combined row by row."""
        result = self._reduce.reduce([p.mask(fields).to_numpy(dtype=bool) for p in self.parts])
        return _series_mask(result, fields)

    def fields_used(self) -> frozenset[str]:
        """Every field read by a part."""
        return frozenset().union(*(p.fields_used() for p in self.parts))

    def describe(self) -> str:
        """Parts joined by the combining word."""
        return f" {self._word} ".join(_nested(p) for p in self.parts)


@dataclass(frozen=True)
class AllOf(_Combination):
    """True where every part is true."""

    _reduce: ClassVar[np.ufunc] = np.logical_and
    _word: ClassVar[str] = "and"


@dataclass(frozen=True)
class AnyOf(_Combination):
    """True where at least one part is true."""

    _reduce: ClassVar[np.ufunc] = np.logical_or
    _word: ClassVar[str] = "or"


@dataclass(frozen=True)
class Not:
    """True where the part is false."""

    part: Condition

    def mask(self, fields: FieldSource) -> pd.Series:
        """Logical NOT of the part."""
        return _series_mask(~self.part.mask(fields).to_numpy(dtype=bool), fields)

    def fields_used(self) -> frozenset[str]:
        """The fields the part reads."""
        return self.part.fields_used()

    def describe(self) -> str:
        """``not (...)``."""
        return f"not ({self.part.describe()})"


def _nested(part: Condition) -> str:
    text = part.describe()
    return f"({text})" if isinstance(part, (AllOf, AnyOf)) else text


# --------------------------------------------------------------------------- compiling


def compile_condition(
    node: yaml.Node, path: str, ctx: CompileContext, depth: int = 0
) -> Condition | None:
    """Compile the YAML node of a ``when:`` into a condition, reporting every problem.

    Args:
        node: The condition's YAML node (with its source position).
        path: Its key path for messages, e.g. ``score.fit.rules[0].when``.
        ctx: Known fields and lists, and where to report problems.
        depth: Nesting depth so far (the limit is ``MAX_DEPTH``).

    Returns:
        The condition, or None when it had problems (all of them reported through ``ctx``).
    """
    if depth > MAX_DEPTH:
        ctx.report(node, path, f"conditions are nested more than {MAX_DEPTH} levels deep")
        return None
    if not isinstance(node, yaml.MappingNode):
        ctx.report(node, path, "a condition is a mapping such as {field: employees, at_least: 50}")
        return None
    items = list(mapping_items(node))
    keys = [key for key, _, _ in items]
    combinators = [key for key in keys if key in COMBINATORS]
    if combinators:
        if len(keys) != 1:
            others = ", ".join(repr(k) for k in keys if k != combinators[0])
            message = f"'{combinators[0]}' must stand alone in its condition; found also {others}"
            ctx.report(node, path, message)
            return None
        return _compile_combinator(combinators[0], items[0][2], f"{path}.{keys[0]}", ctx, depth)
    return _compile_leaf(node, items, path, ctx)


def _compile_combinator(
    name: str, node: yaml.Node, path: str, ctx: CompileContext, depth: int
) -> Condition | None:
    if name == "not":
        part = compile_condition(node, path, ctx, depth + 1)
        return Not(part) if part is not None else None
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        example = "[{field: a, present: true}, {field: b, present: true}]"
        ctx.report(node, path, f"'{name}' needs a list of conditions, e.g. {name}: {example}")
        return None
    parts = [compile_condition(n, f"{path}[{i}]", ctx, depth + 1) for i, n in enumerate(node.value)]
    if any(part is None for part in parts):
        return None
    done = tuple(p for p in parts if p is not None)
    return AllOf(done) if name == "all" else AnyOf(done)


def _compile_leaf(
    node: yaml.MappingNode,
    items: list[tuple[str, yaml.Node, yaml.Node]],
    path: str,
    ctx: CompileContext,
) -> Condition | None:
    field_items = [item for item in items if item[0] == "field"]
    ops = [item for item in items if item[0] != "field"]
    if not field_items:
        ctx.report(node, path, "a condition needs 'field' and one operator, or all/any/not")
        return None
    field = _check_field(field_items[0][2], path, ctx)
    unknown = [op for op in ops if op[0] not in OPERATORS]
    for key, key_node, _ in unknown:
        ctx.report(key_node, path, unknown_word("operator", key, OPERATORS))
    if unknown:
        return None
    if len(ops) != 1:
        ctx.report(node, path, _operator_count_message(field_items[0][2], ops))
        return None
    if field is None:
        return None
    return _compile_operator(field, ops[0], path, ctx)


def _operator_count_message(
    field_node: yaml.Node, ops: list[tuple[str, yaml.Node, yaml.Node]]
) -> str:
    if not ops:
        return "the condition has no operator; add one of: " + ", ".join(OPERATORS)
    field = node_text(field_node) or "NAME"
    names = " and ".join(repr(op[0]) for op in ops)
    example = ", ".join(f"{{field: {field}, {op[0]}: ...}}" for op in ops)
    return (
        f"a condition takes exactly one operator, found {names}; combine them with all: [{example}]"
    )


def _check_field(node: yaml.Node, path: str, ctx: CompileContext) -> str | None:
    name = node_text(node)
    if name is None:
        ctx.report(node, f"{path}.field", "'field' needs a field name, e.g. field: employees")
        return None
    if name not in ctx.fields:
        ctx.report(node, f"{path}.field", unknown_word("field", name, ctx.fields))
        return None
    return name


def _compile_operator(
    field: str, op: tuple[str, yaml.Node, yaml.Node], path: str, ctx: CompileContext
) -> Condition | None:
    name, key_node, value_node = op
    spec = OPERATORS[name]
    field_type = ctx.fields[field]
    if field_type not in spec.field_types:
        message = (
            f"operator {name!r} needs a {_type_names(spec.field_types)} field; "
            f"{field!r} is {field_type.value}"
        )
        ctx.report(key_node, path, message)
        return None
    try:
        value = spec.parse(value_node, field_type, ctx)
    except ValueProblem as problem:
        message = problem.message if problem.standalone else f"{name!r} {problem.message}"
        ctx.report(problem.node or value_node, f"{path}.{name}", message)
        return None
    return FieldCondition(field, name, value)
