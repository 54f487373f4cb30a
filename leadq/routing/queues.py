"""The routing stage: each lead to a queue, ranked in it, assigned to a rep.

Disqualified leads go to no queue. Every other lead goes to the first queue whose condition it
meets (``routing: {match: all}``: to every such queue), else to the fallback queue (the rule
file's ``fallback: true`` queue, or ``unrouted`` with nobody assigned). A lead whose CRM record
has an owner (``crm_owner``) keeps that owner. Adds ``queue``, ``queue_rank``, ``assigned_to``
and ``assigned_by`` (``<queue>:<strategy>``, ``<queue>:fallback:<strategy>``, ``<queue>:owner``
or ``<queue>:unassigned``); in ``match: all`` mode each holds one value per queue, joined with
``"; "`` in queue order. No row is dropped or moved, no input column changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadq.context import RunContext
from leadq.errors import LeadqError
from leadq.fields import LeadFields
from leadq.normalize.country import country_codes
from leadq.routing.assign import Assigner, Desk, Placement, queue_desk
from leadq.routing.model import (
    DEFAULT_ORDER,
    Assignment,
    MatchMode,
    OrderKey,
    Queue,
    Rep,
    RoutingSettings,
)
from leadq.routing.state import RoutingState
from leadq.routing.strategies import NOBODY
from leadq.rules_model import Position
from leadq.schema import STAGE_ORDER, Stage

ROUTE_COLUMNS = ("queue", "queue_rank", "assigned_to", "assigned_by")
UNROUTED = "unrouted"
JOIN = "; "


def routing_settings(context: RunContext) -> RoutingSettings:
    """The rule set's routing, or a clear error when it has no ``queues:`` section."""
    routing = context.rules.routing
    if routing is None:
        raise LeadqError(
            f"{context.rules.source}: the rules have no 'queues:' section; "
            "add one to route leads (see rules/routing-example.yaml)"
        )
    return routing


def route_leads(
    table: pd.DataFrame, context: RunContext, reps: Sequence[Rep], state: RoutingState
) -> pd.DataFrame:
    """Add the routing columns; ``state`` is updated in place (the caller saves it or not).

    Args:
        table: scored leads (``stage``, ``score`` ... as leadq writes them), in ranking order.
        context: the run's rules and fields; ``context.rules.routing`` must be set.
        reps: the run's reps (rule file and roster merged).
        state: what earlier runs gave whom.
    """
    routing = routing_settings(context)
    fields = context.fields(table)
    stage = _stages(table)
    queues, members = queue_membership(table, context)
    ordering = _Ordering(fields, stage)
    owners = _owners(table)
    assigner = Assigner(state, context.settings.as_of)
    results = []
    for queue, member in zip(queues, members, strict=True):
        declared = queue in routing.queues  # the implicit `unrouted` queue has nobody
        desk = queue_desk(queue, reps if declared else (), context.settings.as_of)
        rows = ordering.rows(member, queue.order)
        results.append(_route_queue(queue, desk, rows, fields, owners, assigner))
    state.runs += 1
    state.forget_before(context.settings.as_of)
    if routing.match is MatchMode.FIRST:
        columns = _first_columns(results, len(table))
    else:
        columns = _joined_columns(results, len(table))
    return table.assign(**{name: column.set_axis(table.index) for name, column in columns.items()})


def queue_membership(
    table: pd.DataFrame, context: RunContext
) -> tuple[tuple[Queue, ...], list[np.ndarray]]:
    """The queues (the fallback last) and, per queue, the leads its conditions give it.

    Queue choice alone: no rep, no routing state. ``route_leads`` ranks and assigns within
    these; ``leadq compare`` compares them between two rule files.
    """
    routing = routing_settings(context)
    queues = _with_fallback(routing.queues, context.rules.source)
    routable = _routable(_stages(table))
    return queues, queue_members(queues, context.fields(table), routable, routing.match)


def queue_column(
    queues: Sequence[Queue], members: Sequence[np.ndarray], index: pd.Index
) -> pd.Series:
    """The ``queue`` column ``route_leads`` writes, from the membership alone: NA for a lead
    in no queue (disqualified); in ``match: all`` mode a lead's queues, ``"; "``-joined."""
    ids = [(member, pd.Series(queue.id, index=index, dtype="str"))
           for queue, member in zip(queues, members, strict=True)]  # fmt: skip
    return _joined(ids)


def _with_fallback(queues: tuple[Queue, ...], source: str) -> tuple[Queue, ...]:
    """The queues with a fallback queue last: the rule file's, or ``unrouted`` (nobody)."""
    if queues and queues[-1].fallback:
        return queues
    unrouted = Queue(UNROUTED, None, DEFAULT_ORDER, Assignment(), Position(source, 1, 1), True)
    return (*queues, unrouted)


def _stages(table: pd.DataFrame) -> pd.Series:
    """leadq's own ``stage`` column, case-folded (written by leadq: no placeholders to blank)."""
    stage = table["stage"].astype("str").str.strip()
    return stage.mask(stage == "").str.casefold()


def _routable(stage: pd.Series) -> np.ndarray:
    return (stage != Stage.DISQUALIFIED.value).fillna(True).to_numpy(dtype=bool)


def queue_members(
    queues: Sequence[Queue], fields: LeadFields, routable: np.ndarray, match: MatchMode
) -> list[np.ndarray]:
    """Per queue, the leads it takes: first match wins, or every match; the rest to the
    fallback queue (last)."""
    taken = np.zeros(len(routable), dtype=bool)
    members = []
    for queue in queues:
        if queue.fallback:
            member = routable & ~taken
        else:
            assert queue.when is not None
            member = routable & queue.when.mask(fields).to_numpy(dtype=bool)
            if match is MatchMode.FIRST:
                member &= ~taken
        taken |= member
        members.append(member)
    return members


def _owners(table: pd.DataFrame) -> pd.Series:
    """The CRM owner each lead keeps (``crm_owner``, when CRM matching ran), else NA."""
    if "crm_owner" not in table.columns:
        return pd.Series(pd.NA, index=table.index, dtype="str")
    owner = table["crm_owner"].astype("str").str.strip()
    return owner.mask(owner == "")


class _Ordering:
    """Queue orders over the whole table: each key computed once, each order sorted once."""

    def __init__(self, fields: LeadFields, stage: pd.Series) -> None:
        self.fields = fields
        self.stage = stage
        self.keys: dict[OrderKey, np.ndarray] = {}
        self.orders: dict[tuple[OrderKey, ...], np.ndarray] = {}

    def rows(self, member: np.ndarray, order: tuple[OrderKey, ...]) -> np.ndarray:
        """Row positions of a queue's leads, best first; ties keep the table's order."""
        if order not in self.orders:
            self.orders[order] = self._sorted([self.key(key) for key in order])
        permutation = self.orders[order]
        return permutation[member[permutation]]

    @staticmethod
    def _sorted(keys: list[np.ndarray]) -> np.ndarray:
        """The stable sort by ``keys`` (first key first); no sort at all when the table is in
        that order already (a score run's table is in the default order)."""
        size = len(keys[0]) if keys else 0
        if size < 2 or _in_order(keys):
            return np.arange(size)
        composite = _composite_key(keys)
        if composite is not None:
            return np.argsort(composite, kind="stable")
        return np.lexsort([np.arange(size), *reversed(keys)])

    def key(self, key: OrderKey) -> np.ndarray:
        """An ascending float key over every row; missing values last whatever the direction."""
        if key not in self.keys:
            if key.field == "stage":
                stages = pd.Index([stage.value for stage in STAGE_ORDER])
                codes = stages.get_indexer(pd.Index(self.stage))
                values = np.where(codes >= 0, codes, np.nan).astype(float)
            else:
                values = _as_float(_typed(self.fields, key.field))
            values = -values if key.descending else values
            self.keys[key] = np.where(np.isnan(values), np.inf, values)
        return self.keys[key]


def _composite_key(keys: list[np.ndarray]) -> np.ndarray | None:
    """One integer key that sorts rows as ``keys`` do (each key's distinct values numbered in
    order, the numbers combined), or None when the combinations would not fit 62 bits.
    Sorting one integer column is several times faster than a lexicographic sort."""
    result = np.zeros(len(keys[0]), dtype=np.int64)
    span = 1
    for values in keys:
        codes, distinct = pd.factorize(values, sort=True)
        span *= len(distinct)
        if span >= 1 << 62:
            return None
        result = result * len(distinct) + codes
    return result


def _typed(fields: LeadFields, name: str) -> pd.Series:
    """``fields.get(name)``, reusing the typed input an earlier stage of a scoring run read
    before ranking reordered the table (parsing a million dates again costs most of a second)."""
    cached = fields.input_cache.get(name)
    if (
        cached is not None
        and len(cached) == len(fields.index)
        and cached.index.is_unique
        and not cached.index.equals(fields.index)
    ):
        positions = cached.index.get_indexer(fields.index)
        if (positions >= 0).all():
            return cached.iloc[positions].set_axis(fields.index)
    return fields.get(name)


def _in_order(keys: list[np.ndarray]) -> bool:
    """Whether each row comes at or after the previous one by ``keys`` (first key first)."""
    before = np.zeros(len(keys[0]) - 1, dtype=bool)
    tied = np.ones(len(keys[0]) - 1, dtype=bool)
    for values in keys:
        before |= tied & (values[:-1] < values[1:])
        tied &= values[:-1] == values[1:]
    return bool((before | tied).all())


def _as_float(series: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(series):
        stamps = series.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float)
        return np.where(series.isna().to_numpy(), np.nan, stamps)
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    codes, _ = pd.factorize(series.str.casefold(), sort=True)
    return np.where(codes >= 0, codes, np.nan).astype(float)


def _lead_values(fields: LeadFields, name: str) -> pd.Series:
    """The field a territory or owner strategy reads; countries as ISO codes where known
    ("Deutschland" -> DE), so that a rep's regions can list codes."""
    text = fields.text(name)
    if name != "country":
        return text
    return country_codes(text).fillna(text)


@dataclass
class _QueueResult:
    queue: Queue
    rows: np.ndarray  # row positions in queue order
    names: list[str]  # assigned_to values; ``who`` indexes into them
    who: np.ndarray
    placement: Placement


def _route_queue(
    queue: Queue,
    desk: Desk,
    rows: np.ndarray,
    fields: LeadFields,
    owners: pd.Series,
    assigner: Assigner,
) -> _QueueResult:
    """The owner keeps their leads; the queue's strategy places the others."""
    owner = owners.iloc[rows]
    kept = owner.notna().to_numpy()
    free = rows[~kept]
    leads = pd.DataFrame(index=pd.RangeIndex(len(free)))
    if queue.assign.field is not None:
        value = _lead_values(fields, queue.assign.field).iloc[free].reset_index(drop=True)
        leads["territory"] = leads["owner"] = value
    placement = assigner.assign(queue, desk, leads)
    owner_codes, owner_names = pd.factorize(owner[kept])
    names = [*desk.names, *owner_names.astype(str)]
    who = np.full(len(rows), NOBODY, dtype=np.int64)
    who[~kept] = placement.who
    who[kept] = owner_codes + len(desk.names)
    by = np.full(len(rows), len(placement.how), dtype=np.int64)
    by[~kept] = placement.by
    how = [*placement.how, f"{queue.id}:owner"]
    return _QueueResult(queue, rows, names, who, Placement(who, how, by))


def _first_columns(results: list[_QueueResult], size: int) -> dict[str, pd.Series]:
    """The four columns when each lead is in one queue at most: codes into the queue ids,
    rep names and labels (categoricals: few distinct texts over many rows)."""
    queue = np.full(size, NOBODY, dtype=np.int64)
    rank = np.zeros(size, dtype=np.int64)
    who = np.full(size, NOBODY, dtype=np.int64)
    by = np.full(size, NOBODY, dtype=np.int64)
    names: dict[str, int] = {}
    labels: dict[str, int] = {}
    for number, result in enumerate(results):
        rows = result.rows
        queue[rows] = number
        rank[rows] = np.arange(1, len(rows) + 1)
        who[rows] = _recode(result.who, result.names, names)
        by[rows] = _recode(result.placement.by, result.placement.how, labels)
    return {
        "queue": _categories(queue, [result.queue.id for result in results]),
        "queue_rank": pd.Series(rank, dtype="Int64").mask(queue == NOBODY),
        "assigned_to": _categories(who, list(names)),
        "assigned_by": _categories(by, list(labels)),
    }


def _recode(codes: np.ndarray, labels: list[str], known: dict[str, int]) -> np.ndarray:
    """Codes into ``labels`` as codes into ``known`` (which gains the new labels)."""
    table = np.array([known.setdefault(label, len(known)) for label in labels] + [NOBODY])
    return table[np.where(codes >= 0, codes, len(labels))]


def _categories(codes: np.ndarray, labels: list[str]) -> pd.Series:
    categories = pd.Index(labels, dtype="str")
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=categories).remove_unused_categories()
    )


def _joined_columns(results: list[_QueueResult], size: int) -> dict[str, pd.Series]:
    """The four columns when a lead may be in several queues: each lead's values, one per
    queue it is in, ``"; "``-joined in queue order."""
    pieces = []
    for result in results:
        inside = np.zeros(size, dtype=bool)
        inside[result.rows] = True
        pieces.append((inside, _first_columns([result], size)))
    return {name: _joined([(inside, c[name]) for inside, c in pieces]) for name in ROUTE_COLUMNS}


def _joined(pieces: list[tuple[np.ndarray, pd.Series]]) -> pd.Series:
    """Each lead's values in the queues it is in, ``"; "``-joined in queue order (an empty
    place for an unassigned lead keeps the positions aligned); NA when every place is empty."""
    result = pd.Series(pd.NA, index=pieces[0][1].index, dtype="str")
    for inside, piece in pieces:
        text = piece.astype("str").fillna("")
        joined = result.str.cat(text, sep=JOIN).fillna(text)
        result = result.where(~inside, joined)
    return result.mask(result.str.replace(JOIN, "", regex=False) == "")  # nobody in any queue
