"""The reps of a run: the rule file's ``reps:`` with a roster CSV or Excel file laid over them.

A roster is a small table a sales manager keeps (one row a rep): name, queues, weight, capacity,
languages, regions, days off and current load; headers in English, Russian or Polish are
recognised. Lists in a cell are separated by ``;`` or ``,``. A rep named in both the rule file
and the roster takes the roster's row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from leadq.context import headers_by_alias
from leadq.crm.records import OPEN_DEAL, CrmRecords
from leadq.errors import InputError
from leadq.load import SOURCE_ROW, ReadOptions, read_leads
from leadq.routing.days_off import DaysOff, parse_days_off
from leadq.routing.model import Rep

ROSTER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "rep", "sales rep", "owner", "manager", "имя", "менеджер", "handlowiec",
             "imię i nazwisko"),
    "queues": ("queues", "queue", "очереди", "очередь", "kolejki", "kolejka"),
    "weight": ("weight", "share", "вес", "доля", "waga"),
    "capacity": ("capacity", "max leads", "limit", "лимит", "limit leadów"),
    "languages": ("languages", "language", "языки", "язык", "języki", "język"),
    "regions": ("regions", "region", "territory", "territories", "countries", "регионы",
                "регион", "территория", "regiony", "region sprzedaży"),
    "days_off": ("days off", "day off", "off", "vacation", "absent", "выходные", "отпуск",
                 "dni wolne", "urlop"),
    "load": ("load", "current load", "open leads", "загрузка", "obciążenie"),
}  # fmt: skip
_LIST_SEPARATORS = re.compile(r"\s*[;,]\s*")


def read_roster(path: str | Path) -> tuple[Rep, ...]:
    """The reps of a roster file, in file order.

    Raises:
        InputError: the file cannot be read, has no name column, or a cell is not what its
            column needs (row and column named).
    """
    table = read_leads([str(path)], ReadOptions()).table
    headers = headers_by_alias([str(name) for name in table.columns], ROSTER_ALIASES)
    if "name" not in headers:
        raise InputError(str(path), "a roster needs a name column (name, rep, manager ...)")
    cells = {field: table[columns[0]] for field, columns in headers.items()}
    rows = table[SOURCE_ROW].tolist()
    return tuple(
        rep
        for index, row in enumerate(rows)
        if (rep := _rep(cells, index, _Where(str(path), int(row), headers))) is not None
    )


class _Where:
    """A roster cell's place, for messages."""

    def __init__(self, file: str, row: int, headers: dict[str, tuple[str, ...]]) -> None:
        self.file, self.row, self.headers = file, row, headers

    def error(self, field: str, message: str) -> InputError:
        return InputError(self.file, message, row=self.row, column=self.headers[field][0])


def _rep(cells: dict[str, pd.Series], index: int, place: _Where) -> Rep | None:
    """One row; a row with an empty name is skipped (a spreadsheet's blank line)."""

    def text(field: str) -> str:
        value = cells[field].iloc[index] if field in cells else None
        return "" if value is None or pd.isna(value) else str(value).strip()

    name = text("name")
    if not name:
        return None
    capacity = _count(text("capacity"), "capacity", place)
    return Rep(
        name=name,
        queues=_words(text("queues")),
        weight=_weight(text("weight"), place),
        capacity=capacity,
        languages=_words(text("languages")),
        regions=_words(text("regions")),
        days_off=_days_off(text("days_off"), place),
        load=_count(text("load"), "load", place) or 0,
    )


def _words(text: str) -> tuple[str, ...]:
    return tuple(word for word in _LIST_SEPARATORS.split(text) if word)


def _weight(text: str, place: _Where) -> float:
    if not text:
        return 1.0
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise place.error("weight", f"needs a number, 0 or more; found {text!r}")
    return value


def _count(text: str, field: str, place: _Where) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise place.error(field, f"needs a whole number, 0 or more; found {text!r}")
    return int(text)


def _days_off(text: str, place: _Where) -> DaysOff:
    if not text:
        return DaysOff()
    try:
        return parse_days_off([text])
    except ValueError as problem:
        raise place.error("days_off", str(problem)) from None


def with_crm_load(reps: Sequence[Rep], records: CrmRecords | None) -> tuple[Rep, ...]:
    """Each rep's load plus the open deals they own in the ``--against`` CRM exports (owner
    names compared trimmed and case-folded): a rep busy with many deals takes fewer new leads
    under the capacity strategy."""
    if records is None or records.records.empty:
        return tuple(reps)
    table = records.records
    owners = table.loc[table["status_rank"] == OPEN_DEAL, "owner"].dropna()
    open_deals = owners.astype("str").str.strip().str.casefold().value_counts()
    return tuple(
        replace(rep, load=rep.load + int(open_deals.get(rep.name.strip().casefold(), 0)))
        for rep in reps
    )


def merge_reps(from_rules: Sequence[Rep], from_roster: Sequence[Rep]) -> tuple[Rep, ...]:
    """The rule file's reps with the roster's laid over them (same name: the roster's row)."""
    roster = {rep.name.casefold(): rep for rep in from_roster}
    kept = [roster.pop(rep.name.casefold(), rep) for rep in from_rules]
    return (*kept, *roster.values())
