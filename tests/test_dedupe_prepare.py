"""Preparing a batch for dedupe: phones read in a worker process give the same table and keys."""

from __future__ import annotations

import multiprocessing
import os

import numpy as np
import pandas as pd
import pytest

import leadq
from leadq.api import ScoreOptions, _read_batch
from leadq.match import prepare
from leadq.match.find import dedupe_settings
from leadq.match.keys import FieldKeys, field_keys
from leadq.normalize import normalize_leads

ROWS = [
    "Lead ID,Full Name,Email,Phone,Company,City,Country",
    "A,Łukasz Wójcik,lw@polmet.pl,+48 501 234 567,Polmet Sp. z o.o.,Warszawa,PL",
    "B,Lukasz Wojcik,,501-234-567,Polmet,Warsaw,Polska",
    "C,Иванов Сергей,s.ivanov@romashka.ru,8 (912) 345-67-89,ООО Ромашка,Москва,РФ",
    "D,Sergey Ivanov,S.Ivanov@Romashka.ru,+7 912 345 67 89 доб. 12,Romashka LLC,Moscow,",
    "E,Anna Nowak,,not a phone,,Kraków,PL",
    "F,Jan Kowalski,jan.kowalski@gmail.com,,,,",
]


@pytest.fixture
def batch(write_file):
    path = write_file("leads.csv", "\n".join(ROWS) + "\n")
    return _read_batch([path], ScoreOptions(workers=2), None)


def test_phones_read_in_a_worker_give_the_table_and_keys_of_one_process(batch, monkeypatch):
    settings = dedupe_settings(batch.context.rules)
    compared = {source for field in settings.fields for source in field.sources}
    expected = normalize_leads(batch.table, batch.context, needed=compared)
    expected_keys = field_keys(batch.context.fields(expected), settings.fields)
    monkeypatch.setattr(prepare, "BACKGROUND_ROWS", 1)

    table, keys = prepare.normalized_and_keyed(batch.table, batch.context, settings)

    pd.testing.assert_frame_equal(table, expected)
    assert list(keys) == list(expected_keys)
    for name, key in keys.items():
        np.testing.assert_array_equal(key.codes, expected_keys[name].codes)
        np.testing.assert_array_equal(key.values, expected_keys[name].values)
    assert table["phone_e164"].iloc[0] == table["phone_e164"].iloc[1] == "+48501234567"


def test_a_worker_that_dies_leaves_the_phones_to_this_process(batch, monkeypatch):
    settings = dedupe_settings(batch.context.rules)
    monkeypatch.setattr(prepare, "BACKGROUND_ROWS", 1)
    monkeypatch.setattr(prepare, "_PhoneJob", _DyingPhoneJob)

    table, keys = prepare.normalized_and_keyed(batch.table, batch.context, settings)

    assert table["phone_e164"].iloc[2] == table["phone_e164"].iloc[3] == "+79123456789"
    assert keys["phone"].codes[2] == keys["phone"].codes[3] >= 0
    assert phones_read_here == [len(ROWS) - 1]  # the worker died; this process read every phone


phones_read_here: list[int] = []


class _DyingPhoneJob(prepare._PhoneJob):
    def __call__(self) -> tuple[pd.DataFrame, dict[str, FieldKeys]]:
        if multiprocessing.parent_process() is not None:
            os._exit(1)  # what an out-of-memory kill looks like to the pool
        phones_read_here.append(len(self.raw))
        return super().__call__()


def test_small_batches_and_one_worker_stay_in_one_process(write_file, monkeypatch):
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no worker process expected")

    monkeypatch.setattr(prepare, "ProcessPoolExecutor", no_pool)
    path = write_file("leads.csv", "\n".join(ROWS) + "\n")

    for workers in (1, 2):
        table = leadq.dedupe([path], ScoreOptions(workers=workers)).table
        assert (
            table.set_index("lead_id").loc["A", "cluster_id"]
            == (table.set_index("lead_id").loc["B", "cluster_id"])
        )


@pytest.mark.parametrize(
    ("size_limit", "workers", "started"),
    [(1, 2, True), (1, 1, False), (10**9, 2, False)],
    ids=["big input", "one worker", "small input"],
)
def test_the_workers_parent_starts_before_reading_only_for_big_inputs(
    write_file, monkeypatch, size_limit, workers, started
):
    calls: list[None] = []
    monkeypatch.setattr(prepare.forkserver, "ensure_running", lambda: calls.append(None))
    monkeypatch.setattr(prepare, "BACKGROUND_BYTES", size_limit)
    path = write_file("leads.csv", "\n".join(ROWS) + "\n")

    prepare.start_worker_early([path, "-", "missing.csv"], workers)

    assert bool(calls) is started
