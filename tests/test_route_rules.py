"""The queues:, reps: and routing: sections: what they build, and every mistake with its place."""

from __future__ import annotations

import datetime
import re
import textwrap
from pathlib import Path

import pytest

from leadq.routing.model import (
    DEFAULT_ORDER,
    MatchMode,
    OrderKey,
    Period,
    RepAttribute,
    Strategy,
)
from leadq.ruleset import check_rules, load_rules

RULES_FOLDER = Path(__file__).parent.parent / "rules"


def test_the_sections_build_typed_queues_and_reps(write_file):
    path = write_file(
        "rules.yaml",
        """
        version: 1
        extend: default
        routing: {match: all}
        queues:
          - id: dach
            when: {field: country, in: [DE, AT, CH]}
            order: [score desc, created]
            assign: {strategy: territory, match: languages, fallback: capacity, per: day}
          - id: rest
            fallback: true
        reps:
          - anna
          - {name: jan, weight: 2.5, capacity: 30, regions: DE, days_off: [sat, 2026-12-24]}
        """,
    )
    routing = load_rules(path).routing
    assert routing is not None
    dach, rest = routing.queues
    assert (dach.id, dach.fallback, rest.id, rest.fallback) == ("dach", False, "rest", True)
    assert dach.order == (OrderKey("score", descending=True), OrderKey("created"))
    assert rest.order == DEFAULT_ORDER and rest.when is None
    assert dach.assign.strategy is Strategy.TERRITORY
    assert dach.assign.field == "country"  # the territory strategy's default field
    assert dach.assign.match is RepAttribute.LANGUAGES
    assert (dach.assign.fallback, dach.assign.per) == (Strategy.CAPACITY, Period.DAY)
    assert rest.assign.strategy is Strategy.ROUND_ROBIN
    assert routing.match is MatchMode.ALL
    anna, jan = routing.reps
    assert (anna.name, anna.weight, anna.capacity) == ("anna", 1.0, None)
    assert (jan.weight, jan.capacity, jan.regions) == (2.5, 30, ("DE",))
    assert jan.days_off.includes(datetime.date(2026, 12, 24))


def test_a_file_without_queues_has_no_routing():
    assert load_rules(None).routing is None


def test_an_extending_file_replaces_the_queues_and_adds_reps(write_file):
    write_file(
        "base.yaml",
        """
        version: 1
        extend: default
        queues:
          - {id: old, when: {field: score, at_least: 1}}
        reps: [anna, {name: jan, weight: 2}]
        """,
    )
    child = write_file(
        "child.yaml",
        """
        version: 1
        extend: base.yaml
        queues:
          - {id: new, fallback: true}
        reps: [{name: jan, weight: 5}, olga]
        """,
    )
    routing = load_rules(child).routing
    assert routing is not None
    assert [queue.id for queue in routing.queues] == ["new"]
    assert [(rep.name, rep.weight) for rep in routing.reps] == [
        ("anna", 1.0),
        ("jan", 5.0),
        ("olga", 1.0),
    ]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            """
            routing: {match: frist}
            queues: [{id: a, fallback: true}]
            """,
            ["3:18: routing.match: unknown match mode 'frist'; did you mean 'first'?"],
        ),
        (
            """
            queues:
              - id: a
                when: {field: employes, at_least: 5}
                order: [scroe desc, quality up]
            """,
            [
                "5:19: queues[0].when.field: unknown field 'employes'; did you mean 'employees'?",
                "6:13: queues[0].order[0]: unknown field 'scroe'; did you mean 'score'?",
                "6:25: queues[0].order[1]: write 'field', 'field asc' or 'field desc'; "
                "got 'quality up'",
            ],
        ),
        (
            """
            queues:
              - id: a
                when: {field: score, at_least: 5}
                assign: {strategy: round_robn, per: day}
              - id: a
                fallback: true
                when: {field: score, at_least: 5}
              - id: Big Queue
            """,
            [
                "6:24: queues[0].assign.strategy: unknown strategy 'round_robn'; "
                "did you mean 'round_robin'?",
                "7:5: queues[1].id: queue id 'a' is used twice (first on line 4)",
                "9:11: queues[1].when: the fallback queue takes every lead no other queue took; "
                "remove 'when:'",
                "10:5: queues[2]: the queue needs 'when:', the condition of the leads it takes "
                "(or 'fallback: true' for the queue that takes the rest)",
                "10:9: queues[2].id: a queue id uses lower-case letters, digits, '_', '.' and "
                "'-'; got 'Big Queue'",
            ],
        ),
        (
            """
            queues:
              - id: a
                fallback: true
                assign: {strategy: weighted, per: day, capacity: -1, fallback: territory}
              - {id: b, fallback: true}
            """,
            [
                "6:39: queues[0].assign.per: 'per' applies to the capacity strategy only, "
                "not weighted",
                "6:54: queues[0].assign.capacity: 'capacity' applies to the capacity strategy "
                "only, not weighted",
                "6:54: queues[0].assign.capacity: needs a whole number, 0 or more; found '-1'",
                "6:68: queues[0].assign.fallback: unknown fallback 'territory'; expected one of: "
                "capacity, none, round_robin, weighted",
                "7:5: queues[1].fallback: only one queue may be the fallback; 'a' already is",
            ],
        ),
        (
            """
            queues: [{id: a, fallback: true, assign: {strategy: owner, field: acount_owner}}]
            """,
            [
                "3:67: queues[0].assign.field: unknown field 'acount_owner'; "
                "did you mean 'crm_owner'?"
            ],
        ),
        (
            """
            queues: [{id: sales, fallback: true}]
            reps:
              - anna
              - {name: anna}
              - {nme: jan}
              - {name: olga, weight: two, queues: [sale], days_off: [tomorrow]}
            """,
            [
                "6:5: reps[1]: rep 'anna' is listed twice (first on line 5)",
                "7:6: reps[2].nme: unknown key 'nme'; did you mean 'name'?",
                "7:5: reps[2]: the rep needs a 'name:'",
                "8:26: reps[3].weight: needs a number, 0 or more; found 'two'",
                "8:40: reps[3].queues[0]: unknown queue 'sale'; did you mean 'sales'?",
                "8:58: reps[3].days_off[0]: day off 'tomorrow' is not a date (YYYY-MM-DD), "
                "a range (YYYY-MM-DD..YYYY-MM-DD) or a weekday (mon ... sun)",
            ],
        ),
    ],
)
def test_each_mistake_is_reported_with_file_line_and_column(write_file, text, problems):
    path = write_file(
        "rules.yaml", "version: 1\nextend: default\n" + textwrap.dedent(text).lstrip("\n")
    )
    found = [str(problem) for problem in check_rules(path)]
    expected = [f"{path}:{problem}" for problem in problems]
    assert sorted(found) == sorted(expected)


def test_the_routing_example_rule_file_loads():
    routing = load_rules(RULES_FOLDER / "routing-example.yaml").routing
    assert routing is not None
    assert [queue.id for queue in routing.queues] == ["enterprise", "sales_ready", "by_country"]


def test_the_readmes_routing_example_loads(write_file):
    readme = (RULES_FOLDER.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `leadq route`") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert example is not None
    path = write_file("readme.yaml", "version: 1\nextend: default\n" + example.group(1))
    routing = load_rules(path).routing
    assert routing is not None
    assert [queue.id for queue in routing.queues] == ["enterprise", "dach", "rest"]
