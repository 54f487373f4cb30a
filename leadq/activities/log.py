"""Reading the ``--activities`` files: logs of calls, e-mails, messages and web events.

Each file is read by the same reader as the leads (CSV or Excel, any encoding and delimiter), its
headers mapped through the rule file's ``activities: columns:`` aliases. Its keys are computed by
the same normalizers and key functions as the leads' and ``--against`` records' (e-mail mailbox,
E.164 phone), so a log row and a lead written differently still meet. This happens once per run,
before the pipeline's stages; the matching to leads is the ``add_activities`` stage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from leadq.context import RunContext, RunSettings, SideFile, headers_by_alias
from leadq.crm.keys import mailbox_keys
from leadq.distinct import factorize_rows, map_distinct
from leadq.errors import InputError, RuleProblem, RulesError
from leadq.fields import blank_missing, read_date
from leadq.load import ADDED_COLUMNS, ReadOptions, ReadWarning, header_key, read_table
from leadq.normalize import phone_regions
from leadq.normalize.email import normalize_emails
from leadq.normalize.phone import normalize_phones
from leadq.rules_activities import ACTIVITY_FIELDS, ActivityKey, ActivitySettings
from leadq.rules_model import RuleSet

SHOWN_WORDS = 5
_ISO_SECONDS = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class ActivityLog:
    """The events of every ``--activities`` file, in file order.

    ``events`` has ``file`` and ``row`` (where the event was written: file as given, spreadsheet
    row), ``at`` (datetime64[s]), ``event`` (the event type, a categorical over the rules'
    ``outcomes``; NA when the outcome is empty or unknown), ``channel`` (folded like a header),
    ``page`` (as written), and one column per key of ``match_on`` (NA where the row has none).
    ``matched`` says which events matched a lead; the ``add_activities`` stage fills it in, for
    the warning about the rest.
    """

    events: pd.DataFrame
    warnings: tuple[ReadWarning, ...] = ()
    matched: np.ndarray = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "matched", np.zeros(len(self.events), dtype=bool))


def activity_settings(rules: RuleSet) -> ActivitySettings:
    """The rule set's ``activities:`` section; a clear error when it has none."""
    if rules.activities is None:
        message = (
            "has no 'activities:' section, which --activities needs (add one, or extend: default)"
        )
        raise RulesError([RuleProblem(rules.source, 1, 1, "activities", message)])
    return rules.activities


def read_activity_log(
    sources: Sequence[str | Path], rules: RuleSet, settings: RunSettings
) -> ActivityLog | None:
    """Read, map and key every activity log; None when there are none.

    Raises:
        RulesError: the rules have no ``activities:`` section.
        InputError: a file that cannot be read as a table, has no column for the event time or
            for any key, or a row whose time is empty or not a date.
    """
    if not sources:
        return None
    activities = activity_settings(rules)
    parts = [_read_one(str(source), rules, activities, settings) for source in sources]
    events = pd.concat([events for events, _ in parts], ignore_index=True)
    events["file"] = events["file"].astype("category")  # one code per file, as in each part
    return ActivityLog(events, tuple(warning for _, warnings in parts for warning in warnings))


def _read_one(
    source: str, rules: RuleSet, activities: ActivitySettings, settings: RunSettings
) -> tuple[pd.DataFrame, list[ReadWarning]]:
    """One log, read with detection only (--encoding and friends are the leads')."""
    loaded = read_table(source, ReadOptions())
    table = loaded.table
    wanted = {name: activities.columns.get(name, ()) for name in ACTIVITY_FIELDS}
    headers = headers_by_alias(list(table.columns), wanted)
    exported = [name for name in table.columns if name not in ADDED_COLUMNS]
    log_file = SideFile(source, "activities", exported)
    log_file.require_column(headers, ["timestamp"], "for the event time")
    keys = [name for key in activities.match_on for name in _KEY_FIELDS[key]]
    log_file.require_column(headers, keys)
    run = RunSettings(as_of=settings.as_of, workers=settings.workers)
    cells = LogCells(table, headers, RunContext(rules=rules, headers=headers, settings=run))
    rows = table["source_row"].to_numpy(dtype=np.int64)
    event, unknown = event_types(cells, activities.outcomes)
    events = pd.DataFrame(
        {
            "file": pd.Categorical.from_codes(
                np.zeros(len(table), dtype=np.int8), pd.Index([source])
            ),
            "row": rows,
            "at": event_times(source, cells, rows),
            "event": event.array,
            "channel": cells.mapped("channel", _fold_words).array,
            "page": cells.mapped("page", lambda values: values).array,
        }
    )
    for key in activities.match_on:
        if any(name in headers for name in _KEY_FIELDS[key]):
            events[key.value] = _event_keys(key, cells).array
    return events, loaded.warnings + _unknown_outcomes(source, unknown)


@dataclass(frozen=True)
class LogCells:
    """A log's cells per field, cleaned and converted once per distinct value.

    A field's cells come from its header; when several headers map to one field, each row
    takes the first that is not empty (``LeadFields.text``).
    """

    table: pd.DataFrame
    headers: Mapping[str, tuple[str, ...]]
    context: RunContext

    def raw(self, name: str) -> pd.Series:
        """The field's cells as read (or, for several headers, already cleaned)."""
        headers = self.headers.get(name, ())
        if len(headers) == 1:
            return self.table[headers[0]].astype("str")
        return self.context.fields(self.table).text(name)

    def mapped(self, name: str, convert: Callable[[pd.Series], pd.Series]) -> pd.Series:
        """``convert`` of the cleaned distinct texts (trimmed, placeholders NA), per row."""
        missing = self.context.rules.missing_values
        return map_distinct(self.raw(name), lambda values: convert(blank_missing(values, missing)))


# The log fields each key is read from: a log needs a column for at least one of them.
_KEY_FIELDS: Mapping[ActivityKey, tuple[str, ...]] = {
    ActivityKey.LEAD_ID: ("lead_id",),
    ActivityKey.EMAIL: ("email",),
    ActivityKey.PHONE: ("phone",),
}


def event_times(source: str, cells: LogCells, rows: np.ndarray) -> np.ndarray:
    """Each event's time (datetime64[s]); the first row without a readable one stops the run.

    ``YYYY-MM-DD HH:MM:SS``, what most tools export, is parsed by Arrow at C speed; other
    texts as dates are read everywhere in leadq (``read_date``), once per distinct value.
    """
    text = cells.raw("timestamp").str.strip()
    parsed = pc.strptime(pa.array(text.array), format=_ISO_SECONDS, unit="s", error_is_null=True)
    times = parsed.to_numpy(zero_copy_only=False).astype("datetime64[s]")
    todo = np.isnat(times)
    if todo.any():
        cleaned = blank_missing(text[todo], cells.context.rules.missing_values)
        times[todo] = read_date(cleaned).to_numpy(dtype="datetime64[s]")
    bad = np.flatnonzero(np.isnat(times))
    if len(bad):
        first, header = bad[0], cells.headers["timestamp"][0]
        more = f" ({len(bad) - 1} more rows like it)" if len(bad) > 1 else ""
        value = blank_missing(text.iloc[[first]], cells.context.rules.missing_values).iloc[0]
        problem = "no event time" if pd.isna(value) else f"not a date and time: {value!r}"
        raise InputError(source, f"{problem}{more}", row=int(rows[first]), column=header)
    return times


def event_types(
    cells: LogCells, types: Mapping[str, tuple[str, ...]]
) -> tuple[pd.Series, list[str]]:
    """The event type of each outcome (compared like headers: case, spaces and punctuation
    ignored; an event type's own name matches too), as a categorical; and the outcome texts no
    event type lists, in order of first appearance."""
    lookup = {header_key(word): name for name, words in types.items() for word in words}
    lookup.update({header_key(name): name for name in types})
    if "outcome" not in cells.headers:
        return pd.Series(pd.Categorical([None] * len(cells.table), categories=list(types))), []
    codes, distinct = factorize_rows(cells.raw("outcome"))
    texts = blank_missing(distinct[0], cells.context.rules.missing_values)
    named = texts.map(lambda text: lookup.get(header_key(text)), na_action="ignore")
    unknown = texts[named.isna() & texts.notna()]
    categorical = pd.Categorical(named, categories=list(types))
    return pd.Series(categorical.take(codes)), [str(text) for text in unknown]


def _fold_words(values: pd.Series) -> pd.Series:
    return values.map(header_key, na_action="ignore").astype("str")


def _event_keys(key: ActivityKey, cells: LogCells) -> pd.Series:
    """The key of each row, computed as the leads' is (``leadq.crm.keys``)."""
    workers = cells.context.settings.workers
    if key is ActivityKey.LEAD_ID:
        return cells.mapped("lead_id", lambda values: values)
    if key is ActivityKey.EMAIL:
        return cells.mapped(
            "email",
            lambda values: mailbox_keys(
                normalize_emails(values, workers=workers)["email_normalized"]
            ),
        )
    return _phone_keys(cells)


def _phone_keys(cells: LogCells) -> pd.Series:
    """E.164 per row, each distinct (phone, country) pair parsed once, read in the row's
    country or the rules' default region (``phone_regions``, as for leads)."""
    country = (
        cells.raw("country") if "country" in cells.headers else cells.raw("phone").str.slice(0, 0)
    )
    codes, distinct = factorize_rows(cells.raw("phone"), country)
    pairs = pd.DataFrame({"phone": distinct[0], "country": distinct[1]})
    context = RunContext(
        rules=cells.context.rules,
        headers={"phone": ("phone",), "country": ("country",)},
        settings=cells.context.settings,
    )
    fields = context.fields(pairs)
    regions = phone_regions(fields, cells.context.rules.region)
    phones = normalize_phones(fields.text("phone"), regions, workers=cells.context.settings.workers)
    return phones["phone_e164"].take(codes).reset_index(drop=True)


def _unknown_outcomes(source: str, unknown: list[str]) -> list[ReadWarning]:
    if not unknown:
        return []
    shown = ", ".join(repr(text) for text in unknown[:SHOWN_WORDS])
    more = f" and {len(unknown) - SHOWN_WORDS} more" if len(unknown) > SHOWN_WORDS else ""
    message = (
        f"outcomes that no event type lists: {shown}{more}; these events count only for "
        "points rules without 'event:' (add the words under activities: outcomes:)"
    )
    return [ReadWarning(source, message, ())]
