"""The typed routing settings a rule file's ``queues:``, ``reps:`` and ``routing:`` build into."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from leadq.conditions import Condition
from leadq.routing.days_off import DaysOff
from leadq.rules_model import Position


class Strategy(StrEnum):
    """How a queue's leads are shared among its reps."""

    ROUND_ROBIN = "round_robin"  # in turn, continuing where the last run stopped
    WEIGHTED = "weighted"  # in proportion to each rep's weight, over all runs
    CAPACITY = "capacity"  # in turn, never past a rep's capacity per run or per day
    TERRITORY = "territory"  # to the reps whose regions/languages hold the lead's value
    OWNER = "owner"  # to the rep named in a field (the account owner)


NO_FALLBACK = "none"
FALLBACK_STRATEGIES = (Strategy.ROUND_ROBIN, Strategy.WEIGHTED, Strategy.CAPACITY)


class Period(StrEnum):
    """What a capacity limits: new leads per run, or per day (over every run of that day)."""

    RUN = "run"
    DAY = "day"


class MatchMode(StrEnum):
    """Whether a lead joins the first queue whose condition it meets, or every such queue."""

    FIRST = "first"
    ALL = "all"


class RepAttribute(StrEnum):
    """The rep's list that the territory strategy compares a lead's field with."""

    REGIONS = "regions"
    LANGUAGES = "languages"


@dataclass(frozen=True)
class Rep:
    """A sales rep, from the rule file's ``reps:`` or a roster CSV."""

    name: str
    queues: tuple[str, ...] = ()  # queue ids this rep works (besides queues naming the rep)
    weight: float = 1.0
    capacity: int | None = None  # new leads per period under the capacity strategy
    languages: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # regions, countries or time zones, as the leads write them
    days_off: DaysOff = DaysOff()
    load: int = 0  # leads already on the rep's desk this period (counted against capacity)


@dataclass(frozen=True)
class RepRef:
    """A rep named in a queue, with where, so that an unknown name is reported there."""

    name: str
    position: Position
    path: str


@dataclass(frozen=True)
class OrderKey:
    """One key of a queue's order: a field, descending or ascending (missing values last)."""

    field: str
    descending: bool = False


# Best first: SQL before MQL before nurture, higher score, higher quality, earlier arrival.
DEFAULT_ORDER = (
    OrderKey("stage"),
    OrderKey("score", descending=True),
    OrderKey("quality", descending=True),
    OrderKey("created"),
)


@dataclass(frozen=True)
class Assignment:
    """A queue's ``assign:``: the strategy, its reps and what happens to leads it cannot place."""

    strategy: Strategy = Strategy.ROUND_ROBIN
    reps: tuple[RepRef, ...] = ()  # empty: the reps whose `queues` list the queue, else everyone
    fallback: Strategy | None = None  # None: leads the strategy cannot place stay unassigned
    per: Period = Period.RUN
    capacity: int | None = None  # a rep's capacity when the rep has none of its own
    field: str | None = None  # territory: the lead's field (country); owner: the owner field
    match: RepAttribute = RepAttribute.REGIONS


@dataclass(frozen=True)
class Queue:
    """One queue: which leads it takes, in what order, and how they are assigned."""

    id: str
    when: Condition | None  # None only for the fallback queue
    order: tuple[OrderKey, ...]
    assign: Assignment
    position: Position
    fallback: bool = False  # takes every routable lead no other queue took


@dataclass(frozen=True)
class RoutingSettings:
    """Everything the rule file says about routing."""

    queues: tuple[Queue, ...]  # in the file's order; the fallback queue, if any, is last
    reps: tuple[Rep, ...] = ()
    match: MatchMode = MatchMode.FIRST
