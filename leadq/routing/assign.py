"""Assigning one queue's leads to its reps with the queue's strategy, its fallback and the state.

``Desk`` is a queue's reps for this run (who works it, who is in today); ``Assigner`` runs the
strategies of ``leadq.routing.strategies`` over a queue's leads, in queue order, and records what
it gave in the routing state: the last rep in turn, leads per queue and rep, leads per rep today.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from leadq.conditions import unknown_word
from leadq.errors import RuleProblem, RulesError
from leadq.routing.model import Period, Queue, Rep, Strategy
from leadq.routing.state import RoutingState
from leadq.routing.strategies import (
    NOBODY,
    fill_in_turn,
    owner_positions,
    rotation,
    territory_groups,
    weighted_slots,
)

UNLIMITED = np.iinfo(np.int64).max // 4


@dataclass(frozen=True)
class Desk:
    """The reps working one queue in this run, in roster order, and who is in today."""

    reps: tuple[Rep, ...]
    available: np.ndarray  # bool per rep: not on a day off

    @property
    def names(self) -> list[str]:
        return [rep.name for rep in self.reps]


def queue_desk(queue: Queue, reps: Sequence[Rep], as_of: datetime.date) -> Desk:
    """The queue's reps: those its ``assign.reps`` names, then those whose ``queues`` list it;
    everyone when nobody is named.

    Raises:
        RulesError: ``assign.reps`` names a rep neither the rule file nor the roster knows.
    """
    by_name = {rep.name.casefold(): rep for rep in reps}
    chosen: dict[str, Rep] = {}
    for ref in queue.assign.reps:
        rep = by_name.get(ref.name.casefold())
        if rep is None and by_name:
            message = unknown_word("rep", ref.name, [rep.name for rep in reps])
            where = ref.position
            hint = f"{message} (reps come from reps: and --roster)"
            raise RulesError([RuleProblem(where.file, where.line, where.column, ref.path, hint)])
        chosen.setdefault(ref.name.casefold(), rep or Rep(ref.name))
    for rep in reps:
        if queue.id in rep.queues:
            chosen.setdefault(rep.name.casefold(), rep)
    members = tuple(chosen.values()) if chosen else tuple(reps)
    available = np.array([not rep.days_off.includes(as_of) for rep in members], dtype=bool)
    return Desk(members, available)


@dataclass
class Placement:
    """Who got each of a queue's leads (positions into the desk, ``NOBODY`` when unplaced) and
    which strategy placed them."""

    who: np.ndarray
    how: list[str] = field(default_factory=list)  # labels; ``by`` indexes into them
    by: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))


@dataclass
class Assigner:
    """Runs strategies and keeps the state's counts; one per routing run."""

    state: RoutingState
    as_of: datetime.date
    this_run: dict[str, int] = field(default_factory=dict)  # rep -> leads given in this run

    def assign(self, queue: Queue, desk: Desk, leads: pd.DataFrame) -> Placement:
        """Place ``leads`` (the queue's leads to assign, in queue order; the columns a
        territory or owner strategy reads): the strategy, then the fallback for the rest."""
        who = self._place(queue, queue.assign.strategy, desk, leads)
        self._record(queue, desk, who)  # counted before the fallback reads capacities
        by = np.where(who != NOBODY, 0, 2)
        labels = [queue.assign.strategy.value, "", "unassigned"]
        fallback = queue.assign.fallback
        left = np.flatnonzero(who == NOBODY)
        if fallback is not None and len(left):
            placed = self._place(queue, fallback, desk, leads.iloc[left])
            self._record(queue, desk, placed)
            who[left] = placed
            by[left[placed != NOBODY]] = 1
            labels[1] = f"fallback:{fallback.value}"
        return Placement(who, [f"{queue.id}:{label}" for label in labels], by)

    def _place(
        self, queue: Queue, strategy: Strategy, desk: Desk, leads: pd.DataFrame
    ) -> np.ndarray:
        who = np.full(len(leads), NOBODY, dtype=np.int64)
        if strategy is Strategy.TERRITORY:
            return self._territory(queue, desk, leads)
        if strategy is Strategy.OWNER:
            found = owner_positions(leads["owner"], desk.names)
            ok = found != NOBODY
            ok[ok] = desk.available[found[ok]]
            return np.where(ok, found, NOBODY)
        if strategy is Strategy.WEIGHTED:
            slots = self._weighted(queue, desk, len(leads))
        else:
            limit = strategy is Strategy.CAPACITY
            slots = self._in_turn(
                queue.id, queue, desk, np.arange(len(desk.reps)), len(leads), limit
            )
        who[: len(slots)] = slots
        return who

    def _in_turn(
        self, key: str, queue: Queue, desk: Desk, members: np.ndarray, count: int, limit: bool
    ) -> np.ndarray:
        """Round robin (or capacity with ``limit``) among ``members`` of the desk."""
        names = [desk.names[i] for i in members]
        turn = members[rotation(names, desk.available[members], self.state.last_rep.get(key))]
        remaining = self._remaining(queue, desk, turn) if limit else np.full(len(turn), count)
        slots = turn[fill_in_turn(count, remaining)]
        if len(slots):
            self.state.last_rep[key] = desk.names[slots[-1]]
        return slots

    def _remaining(self, queue: Queue, desk: Desk, turn: np.ndarray) -> np.ndarray:
        """Leads each rep may still take: capacity less load less leads given this period."""
        given = self.state.given_on(self.as_of) if queue.assign.per is Period.DAY else self.this_run
        result = []
        for position in turn:
            rep = desk.reps[position]
            capacity = rep.capacity if rep.capacity is not None else queue.assign.capacity
            used = rep.load + given.get(rep.name, 0)
            result.append(UNLIMITED if capacity is None else capacity - used)
        return np.array(result, dtype=np.int64)

    def _weighted(self, queue: Queue, desk: Desk, count: int) -> np.ndarray:
        present = np.flatnonzero(desk.available)
        weights = np.array([desk.reps[i].weight for i in present], dtype=float)
        earlier = self.state.given.get(queue.id, {})
        given = np.array([earlier.get(desk.names[i], 0) for i in present], dtype=float)
        return present[weighted_slots(count, weights, given)]

    def _territory(self, queue: Queue, desk: Desk, leads: pd.DataFrame) -> np.ndarray:
        """Round robin within each group of reps whose regions (or languages) hold the value."""
        attribute = queue.assign.match
        words = [
            frozenset(word.casefold() for word in getattr(rep, attribute.value))
            for rep in desk.reps
        ]
        groups, members = territory_groups(leads["territory"], words)
        who = np.full(len(leads), NOBODY, dtype=np.int64)
        order = np.argsort(groups, kind="stable")
        bounds = np.flatnonzero(np.diff(groups[order])) + 1
        for rows in np.split(order, bounds) if len(order) else []:
            reps = np.array(members[groups[rows[0]]], dtype=np.int64)
            if len(reps):
                key = f"{queue.id}|{attribute.value}:" + ",".join(desk.names[i] for i in reps)
                slots = self._in_turn(key, queue, desk, reps, len(rows), limit=False)
                who[rows[: len(slots)]] = slots
        return who

    def _record(self, queue: Queue, desk: Desk, who: np.ndarray) -> None:
        """Count the leads each rep got: per queue (weighted shares), today and this run."""
        placed = who[who != NOBODY]
        counts = np.bincount(placed, minlength=len(desk.reps))
        given = {desk.names[i]: int(n) for i, n in enumerate(counts) if n}
        self.state.add_given(queue.id, given)
        self.state.add_daily(self.as_of, given)
        for name, n in given.items():
            self.this_run[name] = self.this_run.get(name, 0) + n
