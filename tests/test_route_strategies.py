"""The strategies' arithmetic (turns, capacity limits, weighted shares, territory groups),
days off and rosters."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadq.errors import InputError
from leadq.routing.days_off import parse_days_off
from leadq.routing.model import Rep
from leadq.routing.roster import merge_reps, read_roster
from leadq.routing.strategies import (
    NOBODY,
    fill_in_turn,
    owner_positions,
    rotation,
    territory_groups,
    weighted_slots,
)


def test_turns_start_after_the_last_rep_of_the_previous_run():
    available = np.array([True, True, True])
    assert rotation(["anna", "piotr", "jan"], available, "piotr").tolist() == [2, 0, 1]
    assert rotation(["anna", "piotr", "jan"], available, None).tolist() == [0, 1, 2]
    assert rotation(["anna", "piotr", "jan"], available, "gone").tolist() == [0, 1, 2]


def test_a_rep_away_today_keeps_their_place_in_the_turns():
    available = np.array([True, False, True])
    assert rotation(["anna", "piotr", "jan"], available, "anna").tolist() == [2, 0]


def test_unlimited_turns_are_round_robin():
    unlimited = np.array([100, 100, 100])
    assert fill_in_turn(7, unlimited).tolist() == [0, 1, 2, 0, 1, 2, 0]


def test_a_rep_at_capacity_drops_out_of_the_turns():
    assert fill_in_turn(7, np.array([1, 5, 2])).tolist() == [0, 1, 2, 1, 2, 1, 1]


def test_leads_past_everyones_capacity_get_no_slot():
    assert fill_in_turn(10, np.array([2, 0, 1])).tolist() == [0, 2, 0]


@given(
    leads=st.integers(0, 300),
    remaining=st.lists(st.integers(-3, 80), min_size=1, max_size=12),
)
def test_turns_never_pass_a_capacity_and_stay_within_one_of_each_other(leads, remaining):
    capacity = np.array(remaining)
    slots = fill_in_turn(leads, capacity)
    counts = np.bincount(slots, minlength=len(capacity))
    assert len(slots) == min(leads, np.maximum(capacity, 0).sum())
    assert (counts <= np.maximum(capacity, 0)).all()
    not_full = counts < capacity
    if not_full.any():  # a rep with room left is at most one lead behind anybody
        assert counts[not_full].min() >= counts.max() - 1


@given(
    runs=st.lists(st.integers(0, 60), min_size=1, max_size=8),
    weights=st.lists(st.integers(0, 5), min_size=1, max_size=6).filter(lambda w: sum(w) > 0),
)
def test_weighted_totals_over_runs_stay_within_one_lead_of_each_share(runs, weights):
    weight = np.array(weights, dtype=float)
    given_so_far = np.zeros(len(weight))
    for leads in runs:
        slots = weighted_slots(leads, weight, given_so_far)
        assert len(slots) == leads
        given_so_far += np.bincount(slots, minlength=len(weight))
        share = given_so_far.sum() * weight / weight.sum()
        assert np.abs(given_so_far - share).max() < 1.0 + 1e-9
    assert given_so_far[weight == 0].sum() == 0


def test_weighted_slots_spread_each_reps_leads_over_the_run():
    slots = weighted_slots(6, np.array([2.0, 1.0]), np.zeros(2))
    assert slots.tolist() == [0, 1, 0, 0, 1, 0]


def test_territory_groups_leads_by_the_reps_whose_lists_hold_the_value():
    values = pd.Series(["de", "PL", None, "fr", "DE"], dtype="str")
    reps = [frozenset({"de", "at"}), frozenset({"pl", "de"})]
    groups, members = territory_groups(values, reps)
    assert [members[g] for g in groups] == [(0, 1), (1,), (), (), (0, 1)]


def test_owner_positions_find_reps_by_name_ignoring_case_and_spaces():
    owners = pd.Series([" Anna ", "PIOTR", None, "someone else"], dtype="str")
    assert owner_positions(owners, ["piotr", "anna"]).tolist() == [1, 0, NOBODY, NOBODY]


@pytest.mark.parametrize(
    ("written", "away", "in_office"),
    [
        ("2026-11-25", "2026-11-25", "2026-11-26"),
        ("2026-12-24..2027-01-02", "2026-12-31", "2027-01-03"),
        ("sat; sun", "2026-11-28", "2026-11-27"),
        ("Saturday, 2026-11-25", "2026-11-25", "2026-11-24"),
        ("сб, воскресенье", "2026-11-29", "2026-11-27"),
        ("sobota; nd", "2026-11-28", "2026-11-27"),
    ],
)
def test_days_off_are_dates_ranges_and_weekdays(written, away, in_office):
    days = parse_days_off([written])
    assert days.includes(datetime.date.fromisoformat(away))
    assert not days.includes(datetime.date.fromisoformat(in_office))


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("tomorrow", "day off 'tomorrow' is not a date (YYYY-MM-DD), a range"),
        ("2026-12-31..2026-12-01", "day-off range '2026-12-31..2026-12-01' ends before it starts"),
    ],
)
def test_a_day_off_that_is_not_a_day_says_so(written, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse_days_off([written])


def test_a_roster_is_read_with_russian_headers_and_lists_in_cells(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Менеджер;Очереди;Вес;Лимит;Языки;Регионы;Выходные;Загрузка\n"
        "Анна;enterprise, smb;2,5;30;ru;RU, KZ;сб;4\n"
        ";;;;;;;\n"
        "Пётр;;;;;;;\n",
        encoding="utf-8",
    )
    anna, piotr = read_roster(roster)
    assert (anna.name, anna.queues, anna.weight, anna.capacity) == (
        "Анна",
        ("enterprise", "smb"),
        2.5,
        30,
    )
    assert (anna.languages, anna.regions, anna.load) == (("ru",), ("RU", "KZ"), 4)
    assert (piotr.name, piotr.weight, piotr.capacity, piotr.load) == ("Пётр", 1.0, None, 0)


def test_a_roster_without_a_name_column_says_which_headers_name_a_rep(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("who,capacity\nanna,3\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_roster(roster)
    assert str(error.value) == (f"{roster}: a roster needs a name column (name, rep, manager ...)")


def test_roster_rows_replace_the_rule_files_reps_of_the_same_name():
    from_rules = (Rep("anna", weight=2), Rep("piotr"))
    merged = merge_reps(from_rules, (Rep("Piotr", capacity=5), Rep("olga")))
    assert [(rep.name, rep.weight, rep.capacity) for rep in merged] == [
        ("anna", 2, None),
        ("Piotr", 1.0, 5),
        ("olga", 1.0, None),
    ]
