"""Normalize what the ``dedupe:`` fields compare and key them, using the second core on big
batches.

Reading phones with the library's verdict is the largest single cost of ``leadq dedupe`` (about
3 s of 20 at a million rows), and it needs only the phone texts and their regions. On a big
batch it runs in a worker process, which also keys the fields that read only phone columns,
while this one normalizes companies and people and keys every field that reads no phone column.
The table and keys are the same as without the worker, column for column.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import forkserver, get_context
from pathlib import Path

import pandas as pd

from leadq.arrow_memory import keep_freed_memory
from leadq.context import RunContext
from leadq.distinct import worker_count
from leadq.fields import LeadFields
from leadq.match.keys import FieldKeys, field_keys
from leadq.match.model import DedupeSettings, MatchField
from leadq.normalize import normalize_leads, phone_regions
from leadq.normalize.phone import normalize_phones
from leadq.schema import PHONE_COLUMNS, FieldType

# Below this many rows the worker's start (a fresh interpreter importing pandas and leadq,
# about 1 s of the other core) costs more than the phones it takes over.
BACKGROUND_ROWS = 200_000
# Inputs this large (about 200,000 rows of a lead export) start the worker's parent early.
BACKGROUND_BYTES = 50 * 2**20


def start_worker_early(sources: Sequence[str | Path], workers: int | None) -> None:
    """Start the process workers are forked from while the input is read, when it is big.

    Workers fork from a server process that imports leadq once (about a second of the other
    core); started before reading, that import overlaps the reading instead of delaying the
    phones. It lives until this process ends, as every ``forkserver`` pool's does.
    """
    if (workers or worker_count()) >= 2 and _input_bytes(sources) >= BACKGROUND_BYTES:
        forkserver.ensure_running()


def _input_bytes(sources: Sequence[str | Path]) -> int:
    """The size of the input files (stdin and unreadable paths count 0: read errors later)."""
    return sum(os.path.getsize(source) for source in sources if os.path.isfile(source))


def normalized_and_keyed(
    table: pd.DataFrame, context: RunContext, settings: DedupeSettings
) -> tuple[pd.DataFrame, dict[str, FieldKeys]]:
    """The table with lead ids and the derived columns the fields compare, and their keys."""
    compared = {source for field in settings.fields for source in field.sources}
    phones_needed = not compared.isdisjoint(PHONE_COLUMNS)
    if not phones_needed or context.settings.workers < 2 or len(table) < BACKGROUND_ROWS:
        normalized = normalize_leads(table, context, needed=compared)
        return normalized, field_keys(context.fields(normalized), settings.fields)
    return _with_phones_aside(table, context, settings, compared)


def _with_phones_aside(
    table: pd.DataFrame, context: RunContext, settings: DedupeSettings, compared: set[str]
) -> tuple[pd.DataFrame, dict[str, FieldKeys]]:
    """Phones, and the keys of the fields that read only them, in a worker process; everything
    else here meanwhile."""
    fields = context.fields(table)
    job = _PhoneJob(
        fields.text("phone"),
        phone_regions(fields, context.rules.region),
        tuple(f for f in settings.fields if _only_phones(f, context)),
        dict(context.rules.fields),
        context.rules.missing_values,
        context.settings.as_of,
    )
    later = tuple(f for f in settings.fields if _reads_phones(f) and f not in job.keyed)
    now = tuple(f for f in settings.fields if not _reads_phones(f))
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("forkserver")) as pool:
        running = pool.submit(job)
        rest = normalize_leads(table, context, needed=compared - set(PHONE_COLUMNS))
        keys = field_keys(context.fields(rest), now)
        phones, phone_keys = _result(running, job)
    normalized = _in_usual_order(rest, phones, len(table.columns) + 1)
    keys.update(phone_keys)
    keys.update(field_keys(context.fields(normalized), later))
    return normalized, {field.name: keys[field.name] for field in settings.fields}


def _reads_phones(field: MatchField) -> bool:
    return not set(field.sources).isdisjoint(PHONE_COLUMNS)


def _only_phones(field: MatchField, context: RunContext) -> bool:
    """Whether the field reads derived phone columns only (keyed the same with no other)."""
    return all(s in PHONE_COLUMNS and not context.headers.get(s) for s in field.sources)


@dataclass(frozen=True)
class _PhoneJob:
    """The worker's job: everything it needs, picklable (a field table of phones only)."""

    raw: pd.Series
    regions: pd.Series
    keyed: tuple[MatchField, ...]
    types: dict[str, FieldType]
    missing_values: frozenset[str]
    as_of: datetime.date

    def __call__(self) -> tuple[pd.DataFrame, dict[str, FieldKeys]]:
        if multiprocessing.parent_process() is not None:  # in the worker, ours alone
            keep_freed_memory()
        phones = normalize_phones(self.raw, self.regions, workers=1)
        fields = LeadFields(phones, {}, self.types, self.missing_values, self.as_of)
        return phones, field_keys(fields, self.keyed)


def _result(
    running: Future[tuple[pd.DataFrame, dict[str, FieldKeys]]], job: _PhoneJob
) -> tuple[pd.DataFrame, dict[str, FieldKeys]]:
    """The worker's phone columns and keys; computed here if the worker died (killed, out of
    memory)."""
    try:
        return running.result()
    except BrokenProcessPool:
        return job()


def _in_usual_order(rest: pd.DataFrame, phones: pd.DataFrame, first_derived: int) -> pd.DataFrame:
    """The columns in ``normalize_leads``' order: inputs and lead id, phones, then the rest."""
    phones.index = rest.index
    head, tail = rest.iloc[:, :first_derived], rest.iloc[:, first_derived:]
    return pd.concat([head, phones, tail], axis=1)
