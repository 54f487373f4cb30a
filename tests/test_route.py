"""Routing scored leads: queues, order, strategies and their fairness over several runs.

Each test routes a small scored table (text columns, as leadq writes them) with a rule file of
its own; runs that follow each other share a state file in tmp_path, as nightly jobs do.
"""

from __future__ import annotations

import datetime
import json
import tempfile
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadq.context import RunSettings
from leadq.errors import LeadqError, RulesError
from leadq.pipeline import build_context
from leadq.routing.queues import ROUTE_COLUMNS
from leadq.routing.run import RouteOptions, route_with_state, run_reps
from leadq.ruleset import load_rules

AS_OF = datetime.date(2026, 11, 25)  # a Wednesday


def scored(count: int, **columns: object) -> pd.DataFrame:
    """``count`` scored leads: SQL, score 50, in arrival order; ``columns`` override."""
    table = pd.DataFrame(
        {
            "lead_id": [f"L-{i:03d}" for i in range(1, count + 1)],
            "stage": "sql",
            "score": "50",
            "quality": "50",
            "created": [f"2026-11-{1 + i % 20:02d}" for i in range(count)],
        },
        dtype="str",
    )
    for name, values in columns.items():
        table[name] = pd.Series(values, dtype="str") if isinstance(values, list) else values
    return table.astype("str")


class Router:
    """Routes tables with one rule file and one state file, like consecutive nightly runs."""

    def __init__(self, folder: Path, rules: str, roster: str | None = None) -> None:
        self.rules = folder / "rules.yaml"
        self.rules.write_text(textwrap.dedent(rules).lstrip("\n"), encoding="utf-8")
        self.state = folder / "state.json"
        self.roster = None
        if roster is not None:
            self.roster = folder / "roster.csv"
            self.roster.write_text(textwrap.dedent(roster).lstrip("\n"), encoding="utf-8")

    def __call__(
        self, table: pd.DataFrame, as_of: datetime.date = AS_OF, *, dry_run: bool = False
    ) -> pd.DataFrame:
        rules = load_rules(self.rules)
        context = build_context(table, rules, RunSettings(as_of=as_of))
        options = RouteOptions(state=self.state, roster=self.roster, dry_run=dry_run)
        return route_with_state(table, context, run_reps(context, options), options)

    def saved(self) -> dict:
        return json.loads(self.state.read_text(encoding="utf-8"))


def values(column: pd.Series) -> list[object]:
    """The column's values, None for a missing one."""
    return [None if pd.isna(value) else value for value in column]


def totals(*tables: pd.DataFrame) -> dict[str, int]:
    counts = pd.concat([table["assigned_to"].astype("str") for table in tables]).value_counts()
    return {str(name): int(count) for name, count in counts.items()}


ROUND_ROBIN = """
    version: 1
    extend: default
    queues:
      - id: all_leads
        when: {field: score, at_least: 0}
        assign: {strategy: round_robin, reps: [anna, piotr, jan]}
"""


def test_round_robin_continues_where_the_previous_run_stopped(tmp_path):
    route = Router(tmp_path, ROUND_ROBIN)
    first = route(scored(4))
    second = route(scored(2))
    assert first["assigned_to"].tolist() == ["anna", "piotr", "jan", "anna"]
    assert second["assigned_to"].tolist() == ["piotr", "jan"]
    assert set(first["assigned_by"]) == {"all_leads:round_robin"}


def test_round_robin_is_fair_over_many_runs(tmp_path):
    route = Router(tmp_path, ROUND_ROBIN)
    runs = [route(scored(size)) for size in (7, 1, 10, 2, 5, 3)]
    counts = totals(*runs)
    assert sum(counts.values()) == 28
    assert max(counts.values()) - min(counts.values()) <= 1
    assert route.saved()["runs"] == 6


def test_weighted_shares_hold_over_runs(tmp_path):
    route = Router(
        tmp_path,
        """
        version: 1
        extend: default
        queues:
          - id: hot
            when: {field: score, at_least: 0}
            assign: {strategy: weighted}
        reps:
          - {name: maria, weight: 3}
          - {name: jan, weight: 1}
          - {name: idle, weight: 0}
        """,
    )
    runs = [route(scored(size)) for size in (5, 7, 9, 3)]
    counts = totals(*runs)
    assert counts == {"maria": 18, "jan": 6}
    assert route.saved()["given"]["hot"] == {"jan": 6, "maria": 18}
    assert set(runs[0]["assigned_by"]) == {"hot:weighted"}


CAPACITY = """
    version: 1
    extend: default
    queues:
      - id: inbound
        when: {field: score, at_least: 0}
        assign: {strategy: capacity, per: %s, capacity: 4}
    reps:
      - anna
      - {name: piotr, capacity: 2}
"""


def test_daily_capacity_is_never_exceeded_over_several_runs_of_a_day(tmp_path):
    route = Router(tmp_path, CAPACITY % "day")
    runs = [route(scored(3)) for _ in range(3)]
    assert totals(*runs) == {"anna": 4, "piotr": 2}
    assert runs[2]["assigned_by"].tolist() == ["inbound:unassigned"] * 3
    assert route.saved()["daily"]["2026-11-25"] == {"anna": 4, "piotr": 2}
    next_day = route(scored(3), AS_OF + datetime.timedelta(days=1))
    assert next_day["assigned_to"].tolist() == ["piotr", "anna", "piotr"]  # turns go on


def test_capacity_per_run_starts_afresh_each_run(tmp_path):
    route = Router(tmp_path, CAPACITY % "run")
    runs = [route(scored(8)) for _ in range(2)]
    for run in runs:
        assert totals(run) == {"anna": 4, "piotr": 2}
        assert run["assigned_to"].isna().sum() == 2


def test_capacity_counts_the_load_from_the_roster(tmp_path):
    route = Router(
        tmp_path,
        CAPACITY % "day",
        roster="""
        Rep,Capacity,Current load
        anna,5,3
        piotr,5,0
        """,
    )
    assert totals(route(scored(10))) == {"anna": 2, "piotr": 5}


def test_a_lead_with_a_crm_owner_keeps_that_owner_and_takes_no_turn(tmp_path):
    route = Router(tmp_path, ROUND_ROBIN)
    routed = route(scored(4, crm_owner=["", "Olga K", "", ""]))
    assert routed["assigned_to"].tolist() == ["anna", "Olga K", "piotr", "jan"]
    assert routed["assigned_by"].tolist()[1] == "all_leads:owner"
    assert route.saved()["given"]["all_leads"] == {"anna": 1, "jan": 1, "piotr": 1}


def test_the_owner_strategy_sticks_to_the_account_owner_and_falls_back(tmp_path):
    route = Router(
        tmp_path,
        """
        version: 1
        extend: default
        columns:
          account_owner: [account owner]
        queues:
          - id: accounts
            when: {field: score, at_least: 0}
            assign: {strategy: owner, field: account_owner, fallback: round_robin}
        reps:
          - anna
          - {name: piotr, days_off: [2026-11-25]}
        """,
    )
    routed = route(scored(4, **{"account owner": ["PIOTR", "anna", "nobody we know", ""]}))
    assert routed["assigned_to"].tolist() == ["anna", "anna", "anna", "anna"]
    assert routed["assigned_by"].tolist() == [
        "accounts:fallback:round_robin",  # piotr is off today
        "accounts:owner",
        "accounts:fallback:round_robin",
        "accounts:fallback:round_robin",
    ]
    tomorrow = route(scored(1, **{"account owner": ["PIOTR"]}), AS_OF + datetime.timedelta(1))
    assert tomorrow["assigned_to"].tolist() == ["piotr"]


TERRITORY = """
    version: 1
    extend: default
    queues:
      - id: regional
        when: {field: score, at_least: 0}
        assign: {strategy: territory, field: country, fallback: %s}
    reps:
      - {name: anna, regions: [RU]}
      - {name: olga, regions: [ru, by]}
      - {name: piotr, regions: [PL]}
"""


def test_territory_gives_each_lead_to_the_reps_of_its_country_in_turn(tmp_path):
    route = Router(tmp_path, TERRITORY % "none")
    countries = ["Россия", "Polska", "RU", "Belarus", "Narnia", "", "russia"]
    routed = route(scored(7, country=countries))
    assert values(routed["assigned_to"]) == ["anna", "piotr", "olga", "olga", None, None, "anna"]
    assert routed["assigned_by"].tolist()[4:6] == ["regional:unassigned"] * 2


def test_territory_leads_without_a_rep_follow_the_fallback(tmp_path):
    route = Router(tmp_path, TERRITORY % "round_robin")
    routed = route(scored(3, country=["Narnia", "PL", "Oz"]))
    assert routed["assigned_to"].tolist() == ["anna", "piotr", "olga"]
    assert routed["assigned_by"].tolist() == [
        "regional:fallback:round_robin",
        "regional:territory",
        "regional:fallback:round_robin",
    ]


def test_territory_by_language(tmp_path):
    route = Router(
        tmp_path,
        """
        version: 1
        extend: default
        columns:
          language: [language]
        queues:
          - id: support
            when: {field: score, at_least: 0}
            assign: {strategy: territory, field: language, match: languages}
        reps:
          - {name: anna, languages: [ru, en]}
          - {name: piotr, languages: [pl]}
        """,
    )
    routed = route(scored(3, language=["PL", "en", "de"]))
    assert values(routed["assigned_to"]) == ["piotr", "anna", None]


def test_a_rep_on_a_day_off_gets_no_leads_that_day(tmp_path):
    route = Router(
        tmp_path,
        ROUND_ROBIN,
        roster="""
        name,days off
        anna,
        piotr,sat; 2026-11-25
        jan,2026-11-20..2026-11-26
        """,
    )
    assert set(route(scored(4))["assigned_to"]) == {"anna"}
    saturday = route(scored(4), datetime.date(2026, 11, 28))
    assert set(saturday["assigned_to"]) == {"anna", "jan"}


FALLBACK = """
    version: 1
    extend: default
    queues:
      - id: big
        when: {field: employees, at_least: 100}
        assign: {reps: [anna]}
      - id: rest
        fallback: true
        assign: {reps: [piotr]}
"""


def test_leads_no_queue_takes_go_to_the_fallback_queue(tmp_path):
    routed = Router(tmp_path, FALLBACK)(scored(3, employees=["500", "5", ""]))
    assert routed["queue"].tolist() == ["big", "rest", "rest"]
    assert routed["assigned_to"].tolist() == ["anna", "piotr", "piotr"]


def test_without_a_fallback_queue_the_rest_are_unrouted_and_unassigned(tmp_path):
    rules = FALLBACK.replace("fallback: true", "when: {field: employees, at_most: 10}")
    routed = Router(tmp_path, rules)(scored(3, employees=["500", "5", ""]))
    assert routed["queue"].tolist() == ["big", "rest", "unrouted"]
    assert routed["assigned_by"].tolist()[2] == "unrouted:unassigned"
    assert pd.isna(routed["assigned_to"].iloc[2])


def test_unrouted_leads_are_given_to_nobody_even_when_reps_are_known(tmp_path):
    rules = FALLBACK.replace("fallback: true", "when: {field: employees, at_most: 10}")
    routed = Router(tmp_path, rules + "    reps: [anna, piotr, olga]\n")(
        scored(2, employees=["", ""])
    )
    assert routed["queue"].tolist() == ["unrouted", "unrouted"]
    assert values(routed["assigned_to"]) == [None, None]


def test_disqualified_leads_go_to_no_queue(tmp_path):
    routed = Router(tmp_path, FALLBACK)(scored(2, stage=["disqualified", "mql"]))
    assert routed["queue"].isna().tolist() == [True, False]
    assert pd.isna(routed["queue_rank"].iloc[0]) and pd.isna(routed["assigned_by"].iloc[0])


def test_a_queue_ranks_its_leads_by_its_order(tmp_path):
    rules = ROUND_ROBIN.replace(
        "        assign:", "        order: [score desc, created asc]\n        assign:"
    )
    created = ["2026-11-01", "2026-11-05", "2026-11-01", "2026-11-02"]
    table = scored(4, score=["10", "90", "5", "90"], created=created)
    routed = Router(tmp_path, rules)(table)
    assert routed["queue_rank"].tolist() == [3, 2, 4, 1]
    assert routed["assigned_to"].tolist() == ["jan", "piotr", "anna", "anna"]


def test_the_default_order_is_stage_score_quality_arrival(tmp_path):
    table = scored(
        4,
        stage=["mql", "sql", "sql", "sql"],
        score=["99", "50", "50", "60"],
        created=["2026-11-01", "2026-11-09", "2026-11-02", "2026-11-30"],
    )
    routed = Router(tmp_path, ROUND_ROBIN)(table)
    assert routed["queue_rank"].tolist() == [4, 3, 2, 1]


def test_match_all_puts_a_lead_in_every_queue_it_meets(tmp_path):
    route = Router(
        tmp_path,
        """
        version: 1
        extend: default
        routing: {match: all}
        queues:
          - id: big
            when: {field: employees, at_least: 100}
            assign: {reps: [anna]}
          - id: hot
            when: {field: score, at_least: 80}
            assign: {strategy: capacity, capacity: 0, reps: [piotr]}
        """,
    )
    routed = route(scored(3, employees=["500", "500", "5"], score=["90", "10", "10"]))
    assert routed["queue"].tolist() == ["big; hot", "big", "unrouted"]
    assert routed["queue_rank"].tolist() == ["1; 1", "2", "1"]
    assert values(routed["assigned_to"]) == ["anna; ", "anna", None]
    assert routed["assigned_by"].tolist() == [
        "big:round_robin; hot:unassigned",
        "big:round_robin",
        "unrouted:unassigned",
    ]


def test_a_queue_naming_an_unknown_rep_is_reported_where_it_is_written(tmp_path):
    route = Router(tmp_path, ROUND_ROBIN, roster="name\nanna\npiotr\n")
    with pytest.raises(RulesError) as error:
        route(scored(1))
    assert str(error.value) == (
        f"{route.rules}:6:57: queues[0].assign.reps[2]: unknown rep 'jan'; "
        "expected one of: anna, piotr (reps come from reps: and --roster)"
    )


def test_routing_without_queues_is_a_clear_error(tmp_path):
    route = Router(tmp_path, "version: 1\nextend: default\n")
    with pytest.raises(LeadqError, match="the rules have no 'queues:' section"):
        route(scored(1))


def test_a_dry_run_saves_no_state(tmp_path):
    route = Router(tmp_path, ROUND_ROBIN)
    route(scored(2))
    before = route.state.read_bytes()
    dry = route(scored(2), dry_run=True)
    assert dry["assigned_to"].tolist() == ["jan", "anna"]
    assert route.state.read_bytes() == before
    assert route(scored(2))["assigned_to"].tolist() == ["jan", "anna"]


def test_a_dry_run_without_a_state_file_creates_nothing(tmp_path):
    route = Router(tmp_path, ROUND_ROBIN)
    route(scored(2), dry_run=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["rules.yaml"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["sql", "mql", "nurture", "disqualified", "", "junk"]),
            st.sampled_from(["", "0", "55", "100", "n/a"]),
            st.sampled_from(["", "RU", "Polska", "xx"]),
            st.sampled_from(["", "anna", "Olga"]),
        ),
        max_size=30,
    )
)
def test_every_row_comes_out_once_with_its_input_unchanged(tmp_path, rows):
    stage, score, country, owner = ([row[i] for row in rows] for i in range(4))
    table = scored(len(rows), stage=stage, score=score, country=country, crm_owner=owner)
    routed = Router(tmp_path, TERRITORY % "capacity")(table)
    assert len(routed) == len(table)
    pd.testing.assert_frame_equal(routed[table.columns], table)
    assert list(routed.columns) == [*table.columns, *ROUTE_COLUMNS]
    routable = table["stage"] != "disqualified"
    assert routed["queue"].notna().tolist() == routable.tolist()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["sql", "mql", "nurture"]),
            st.sampled_from(["", "5", "50", "95"]),
            st.sampled_from(["", "10", "90"]),
            st.sampled_from(["", "2026-11-01", "2026-11-02 10:00", "2026-10-30"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_queue_ranks_follow_the_order_like_a_stable_sort_with_missing_values_last(tmp_path, rows):
    stage, score, quality, created = ([row[i] for row in rows] for i in range(4))
    table = scored(len(rows), stage=stage, score=score, quality=quality, created=created)
    rules = ROUND_ROBIN.replace("when: {field: score, at_least: 0}", "fallback: true")
    routed = Router(tmp_path, rules)(table)
    expected = pd.DataFrame(
        {
            "stage": pd.Series(stage).map({"sql": 0, "mql": 1, "nurture": 2}),
            "score": -pd.to_numeric(pd.Series(score), errors="coerce"),
            "quality": -pd.to_numeric(pd.Series(quality), errors="coerce"),
            "created": pd.to_datetime(pd.Series(created), errors="coerce", format="mixed"),
        }
    ).sort_values(["stage", "score", "quality", "created"], kind="stable", na_position="last")
    ranks = pd.Series(range(1, len(rows) + 1), index=expected.index).sort_index()
    assert routed["queue_rank"].tolist() == ranks.tolist()


@settings(max_examples=15, deadline=None)
@given(
    runs=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 12)), min_size=1, max_size=6),
    capacities=st.lists(st.integers(0, 6), min_size=1, max_size=4),
)
def test_daily_capacity_holds_over_any_sequence_of_runs(runs, capacities):
    rules = (
        CAPACITY.split("    reps:")[0] % "day"
        + "    reps:\n"
        + "".join(
            f"      - {{name: rep{i}, capacity: {capacity}}}\n"
            for i, capacity in enumerate(capacities)
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        route = Router(Path(folder), rules)
        given: dict[tuple[int, str], int] = {}
        for day, size in sorted(runs):
            room = sum(capacities) - sum(n for (d, _), n in given.items() if d == day)
            routed = route(scored(size), AS_OF + datetime.timedelta(days=day))
            for rep, count in totals(routed).items():
                given[day, rep] = given.get((day, rep), 0) + count
            # Leads stay unassigned only once every rep is full for the day.
            assert routed["assigned_to"].isna().sum() == max(0, size - room)
        for (_, rep), count in given.items():
            assert count <= capacities[int(rep.removeprefix("rep"))]
