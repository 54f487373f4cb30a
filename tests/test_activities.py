"""``leadq score --activities``: contact attempts, "unreachable" and decayed engagement points.

A log row belongs to the leads it matches by lead id, e-mail or phone (first key that finds a
lead); attempts without an answer can disqualify a lead as ``unreachable``; events earn points
by type and page, decayed by their age before ``--as-of``. Scored as of 2026-11-25.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leadq
from leadq.activities.points import decay_factors, rounded_points
from leadq.api import ScoreOptions
from leadq.cli import main
from leadq.errors import InputError
from leadq.rules_activities import Decay
from leadq.ruleset import check_rules, load_rules

AS_OF = datetime.date(2026, 11, 25)
ROOT = Path(__file__).resolve().parent.parent
LEAD_HEADER = ["Lead ID", "Full Name", "Email", "Phone", "Country", "Company"]
LOG_HEADER = ["Lead", "E-mail", "Phone", "Date", "Channel", "Outcome", "Page"]
ACTIVITY_COLUMNS = ["contact_attempts", "contact_answered", "unanswered_attempts",
                    "first_attempt", "last_attempt", "days_without_answer", "activity_points",
                    "activity_events", "last_activity"]  # fmt: skip
STEPS = """
    extend: default
    activities:
      decay:
        steps: [{within_days: 7, factor: 1}, {within_days: 30, factor: 0.5},
                {within_days: 90, factor: 0.25}]
    """


def lead(lead_id: str, email: str = "", phone: str = "", country: str = "Polska") -> list[str]:
    return [lead_id, "Ewa Lis", email, phone, country, "Polmet"]


def event(date: str, outcome: str, lead_id: str = "L1", email: str = "", phone: str = "",
          channel: str = "call", page: str = "") -> list[str]:  # fmt: skip
    return [lead_id, email, phone, date, channel, outcome, page]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue()


@pytest.fixture
def score_with_log(write_file):
    """Score lead rows with one activity log (rows, or raw text); the result."""

    def run(leads: list[list[str]], log: list[list[str]] | str, rules: str | None = None):
        leads_path = write_file("leads.csv", csv_text(LEAD_HEADER, leads))
        text = log if isinstance(log, str) else csv_text(LOG_HEADER, log)
        log_path = write_file("activities.csv", text)
        rules_path = write_file("rules.yaml", rules) if rules else None
        options = ScoreOptions(rules=rules_path, as_of=AS_OF, workers=1, activities=(log_path,))
        return leadq.score([leads_path], options)

    return run


def by_id(result: leadq.api.ScoreResult) -> pd.DataFrame:
    return result.table.set_index("lead_id")


# ------------------------------------------------------------------ decay against --as-of


@pytest.mark.parametrize(
    "ages, decay, expected",
    [
        ([0, 15, 30, 60, 90], Decay(half_life_days=30), [1.0, 0.7071068, 0.5, 0.25, 0.125]),
        ([0, 7, 8, 30, 31, 90, 91, 400], Decay(steps=((7, 1.0), (30, 0.5), (90, 0.25))),
         [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.0, 0.0]),
    ],
    ids=["half-life of 30 days", "steps 7 / 30 / 90 days"],
)  # fmt: skip
def test_decay_factor_by_age_in_days(ages, decay, expected):
    assert decay_factors(np.array(ages), decay) == pytest.approx(expected)


def test_points_are_rounded_to_one_decimal_halves_up():
    micro = np.array([8_750_000, 8_749_999, 0, -8_750_000])
    assert rounded_points(micro).tolist() == [8.8, 8.7, 0.0, -8.7]


@pytest.mark.parametrize(
    "date, outcome, page, half_life_points, step_points",
    [
        ("2026-11-25 18:00", "visited page", "/pricing", 10.0, 10.0),  # the --as-of day: age 0
        ("2026-11-18", "visited page", "/pricing", 8.5, 10.0),  # 7 days: 10 * 2^(-7/30) = 8.51
        ("2026-11-17", "visited page", "/pricing", 8.3, 5.0),  # 8 days: 8.31; the second step
        ("2026-10-26", "visited page", "https://x.pl/pl/CENNIK", 5.0, 5.0),  # 30 days: half
        ("2026-10-25", "visited page", "/pricing", 4.9, 2.5),  # 31 days: 4.89; the third step
        ("2026-09-26", "webinar attended", "", 3.8, 3.8),  # 60 days: 15 / 4 = 3.75 -> 3.8
        ("2026-08-26", "visited page", "/blog/crm", 0.1, 0.0),  # 91 days: 1 / 8.2 -> 0.1; 0
        ("2026-11-26", "webinar attended", "", 0.0, 0.0),  # after --as-of: not happened yet
    ],
)
def test_one_event_earns_its_points_decayed_by_its_age_before_as_of(
    score_with_log, date, outcome, page, half_life_points, step_points
):
    log = [event(date, outcome, channel="web", page=page)]
    assert by_id(score_with_log([lead("L1")], log)).loc["L1", "activity_points"] == (
        half_life_points
    )
    stepped = score_with_log([lead("L1")], log, rules=STEPS)
    assert by_id(stepped).loc["L1", "activity_points"] == step_points


def test_points_sum_over_events_and_the_first_matching_rule_gives_them(score_with_log):
    log = [
        event("2026-10-26", "visited page", channel="web", page="/pricing"),  # 10 / 2 = 5
        event("2026-09-26", "webinar attended", channel="web"),  # 15 / 4 = 3.75
        event("2026-11-25", "page view", channel="web", page="/about"),  # page_visit: 2
        event("2026-11-25", "opened", channel="email"),  # 1
        event("2026-11-20", "no answer"),  # a contact attempt: no points
    ]
    row = by_id(score_with_log([lead("L1")], log)).loc["L1"]
    assert row["activity_points"] == 11.8  # 5 + 3.75 + 2 + 1 = 11.75, half up
    assert row["activity_events"] == 4
    assert row["last_activity"] == pd.Timestamp("2026-11-25")


def test_engagement_rules_score_points_recency_and_frequency(score_with_log):
    log = [event(f"2026-11-2{day}", "visited page", channel="web", page="/pricing")
           for day in range(5)]  # fmt: skip
    row = by_id(score_with_log([lead("L1", email="ewa@polmet.pl")], log)).loc["L1"]
    assert row["activity_points"] == 46.7  # 10 * (2^(-1/30) + ... + 2^(-5/30)) = 46.68
    for fired in ("engagement: hot_behaviour +20", "recent_activity +5", "frequent_activity +5"):
        assert fired in row["reasons"]


def test_a_lead_quiet_for_months_loses_engagement(score_with_log):
    log = [event("2026-07-01", "downloaded", channel="web", page="whitepaper.pdf")]
    row = by_id(score_with_log([lead("L1", email="ewa@polmet.pl")], log)).loc["L1"]
    assert "gone_quiet -5" in row["reasons"]
    assert row["activity_points"] == 0.2  # 147 days: 5 * 2^(-4.9) = 0.17


# ------------------------------------------------------------------ matching by each key


def test_events_match_leads_by_lead_id_e_mail_and_phone_as_normalized(score_with_log):
    leads = [
        lead("L1"),
        lead("L2", email="jan.kowalski+crm@gmail.com"),
        lead("L3", phone="501 234 567"),
        lead("L4", email="ola@firma.pl"),
    ]
    log = [
        event("2026-11-20", "no answer", lead_id="L1"),
        event("2026-11-20", "no answer", lead_id="", email="Jan.Kowalski@GoogleMail.com"),
        event("2026-11-20", "no answer", lead_id="", phone="+48 (501) 234-567"),
        event("2026-11-21", "no answer", lead_id="", phone="+48501234567"),
    ]
    attempts = by_id(score_with_log(leads, log))["contact_attempts"]
    assert attempts.to_dict() == {"L1": 1, "L2": 1, "L3": 2, "L4": 0}


def test_a_log_phone_without_country_code_is_read_in_the_logs_country(score_with_log):
    leads = [lead("L1", phone="501 234 567"), lead("L2", phone="8 (912) 345-67-89", country="RU")]
    log = (
        "Phone,Country,Date,Outcome\n"
        "501-234-567,PL,2026-11-20,no answer\n"
        "501-234-567,,2026-11-20,no answer\n"  # read in defaults.region, RU: no such number
        "8 912 345 67 89,,2026-11-20,no answer\n"
    )
    result = score_with_log(leads, log)
    assert by_id(result)["contact_attempts"].to_dict() == {"L1": 1, "L2": 1}
    assert "1 of 3 events match no lead" in result.warnings[0].message


def test_the_first_key_that_finds_a_lead_decides(score_with_log):
    leads = [lead("L1", email="ewa@polmet.pl"), lead("L2", email="ola@firma.pl")]
    log = [
        event("2026-11-20", "no answer", lead_id="L1", email="ola@firma.pl"),  # the id wins
        event("2026-11-20", "no answer", lead_id="L-404", email="ola@firma.pl"),  # then e-mail
    ]
    assert by_id(score_with_log(leads, log))["contact_attempts"].to_dict() == {"L1": 1, "L2": 1}


def test_an_event_counts_for_every_lead_with_its_key(score_with_log):
    leads = [lead("L1", email="ewa@polmet.pl"), lead("L2", email="EWA@polmet.pl")]
    log = [event("2026-11-20", "no answer", lead_id="", email="ewa@polmet.pl")]
    assert by_id(score_with_log(leads, log))["contact_attempts"].to_dict() == {"L1": 1, "L2": 1}


@pytest.mark.parametrize("holders, attempts", [(10, 1), (11, 0)])
def test_a_key_held_by_more_than_ten_leads_links_no_event(score_with_log, holders, attempts):
    leads = [lead(f"L{number}", email="test@test.com") for number in range(holders)]
    log = [event("2026-11-20", "no answer", lead_id="", email="test@test.com")]
    result = score_with_log(leads, log)
    assert set(by_id(result)["contact_attempts"]) == {attempts}
    assert len(result.warnings) == 1 - attempts  # the row matched no lead


def test_log_rows_that_match_no_lead_are_counted_in_a_warning(score_with_log):
    log = [
        event("2026-11-20", "no answer"),
        event("2026-11-20", "no answer", lead_id="L-404"),
        event("2026-11-21", "opened", lead_id="", email="nobody@nowhere.pl"),
    ]
    result = score_with_log([lead("L1")], log)
    messages = [warning.message for warning in result.warnings]
    assert messages == [
        "2 of 3 events match no lead by lead id, e-mail or phone (rows 3, 4); they are left out"
    ]
    assert result.warnings[0].source.endswith("activities.csv")


def test_several_logs_are_one_history_and_each_is_warned_about_on_its_own(write_file):
    leads = write_file("leads.csv", csv_text(LEAD_HEADER, [lead("L1")]))
    calls = write_file("calls.csv", csv_text(LOG_HEADER, [event("2026-11-10", "no answer")]))
    web = write_file(
        "web.csv",
        csv_text(LOG_HEADER, [event("2026-11-12", "busy"), event("2026-11-12", "busy", "L9")]),
    )
    options = ScoreOptions(as_of=AS_OF, workers=1, activities=(calls, web))
    result = leadq.score([leads], options)
    assert by_id(result).loc["L1", "contact_attempts"] == 2
    assert [(warning.source, warning.rows) for warning in result.warnings] == [(str(web), (3,))]


def test_outcomes_no_event_type_lists_are_named_in_a_warning(score_with_log):
    log = [event("2026-11-20", "left a note"), event("2026-11-20", "no answer")]
    result = score_with_log([lead("L1")], log)
    assert [warning.message for warning in result.warnings] == [
        "outcomes that no event type lists: 'left a note'; these events count only for points "
        "rules without 'event:' (add the words under activities: outcomes:)"
    ]
    assert by_id(result).loc["L1", "contact_attempts"] == 1


# ------------------------------------------------------------------ unreachable


@pytest.mark.parametrize(
    "events, fires, unanswered, days",
    [
        ([("2026-11-18", "no answer"), ("2026-11-19", "busy"), ("2026-11-20", "voicemail")],
         True, 3, 7),  # exactly 3 attempts, the first exactly 7 days before --as-of
        ([("2026-11-19", "no answer"), ("2026-11-20", "no answer"), ("2026-11-21", "no answer")],
         False, 3, 6),  # 6 days: not yet
        ([("2026-11-01", "no answer"), ("2026-11-10", "no answer")], False, 2, 24),  # 2 attempts
        ([("2026-11-02", "недозвон"), ("2026-11-03 10:00", "nie odebrano"),
          ("2026-11-03 11:00", "отправлено"), ("2026-11-04", "wysłano")], True, 4, 23),
        ([("2026-11-02", "no answer"), ("2026-11-03", "no answer"), ("2026-11-04", "no answer"),
          ("2026-11-05", "answered")], False, 0, None),  # the lead answered: count reset
        ([("2026-11-01", "answered"), ("2026-11-02", "no answer"), ("2026-11-03", "no answer"),
          ("2026-11-04", "bounced")], True, 3, 23),  # 3 unanswered since the last answer
        ([("2026-11-01", "no answer"), ("2026-11-02", "no answer"),
          ("2026-11-03", "no answer"), ("2026-11-03", "reply")], False, 0, None),  # same moment
        ([("2026-11-01", "no answer"), ("2026-11-02", "no answer"),
          ("2026-11-26", "no answer")], False, 2, 24),  # after --as-of: not yet happened
    ],
    ids=["3 over 7 days", "3 over 6 days", "2 over 24 days", "RU and PL outcomes",
         "answered at last", "answered, then 3 more", "reply at the last attempt",
         "an attempt after --as-of"],
)  # fmt: skip
def test_unreachable_fires_at_the_thresholds_and_not_below(
    score_with_log, events, fires, unanswered, days
):
    log = [event(date, outcome) for date, outcome in events]
    row = by_id(score_with_log([lead("L1", email="ewa@polmet.pl")], log)).loc["L1"]
    assert ("unreachable" in row["disqualified_by"].split("; ")) is fires
    assert row["unanswered_attempts"] == unanswered
    assert (None if pd.isna(row["days_without_answer"]) else row["days_without_answer"]) == days


def test_contact_columns_count_attempts_and_answers(score_with_log):
    log = [
        event("2026-11-02 09:30", "no answer"),
        event("2026-11-05", "answered"),
        event("2026-11-09 16:00", "sent", channel="email"),
        event("2026-11-10", "replied", channel="email"),  # an answer, not an attempt
    ]
    row = by_id(score_with_log([lead("L1", email="ewa@polmet.pl")], log)).loc["L1"]
    assert row[["contact_attempts", "contact_answered", "unanswered_attempts"]].tolist() == [
        3, 2, 0,
    ]  # fmt: skip
    assert row["first_attempt"] == pd.Timestamp("2026-11-02 09:30")
    assert row["last_attempt"] == pd.Timestamp("2026-11-09 16:00")


def test_leads_without_events_get_empty_history_and_keep_every_row(score_with_log):
    leads = [lead(f"L{number}", email=f"x{number}@polmet.pl") for number in range(1, 6)]
    log = [event("2026-11-20", "no answer", lead_id="L3")]
    result = score_with_log(leads, log)
    table = by_id(result)
    assert len(result.table) == 5 and sorted(table.index) == [f"L{n}" for n in range(1, 6)]
    assert table.loc["L1", ["contact_attempts", "activity_points", "activity_events"]].tolist() == [
        0, 0.0, 0,
    ]  # fmt: skip
    assert table.loc["L1", ["first_attempt", "last_activity", "days_without_answer"]].isna().all()
    assert list(result.table.columns[:6]) == LEAD_HEADER  # input columns first, unchanged


def test_without_activities_no_activity_column_is_added():
    path = ROOT / "examples" / "leads.csv"
    table = leadq.score([path], ScoreOptions(as_of=AS_OF, workers=1)).table
    assert not set(ACTIVITY_COLUMNS) & set(table.columns)


def test_the_example_log_matches_example_leads():
    options = ScoreOptions(
        as_of=AS_OF, workers=1, activities=(ROOT / "examples" / "activities.csv",)
    )
    result = leadq.score([ROOT / "examples" / "leads.csv"], options)
    table = by_id(result)
    assert len(table) == 400
    unreachable = table.index[table["disqualified_by"].str.contains("unreachable")]
    assert sorted(unreachable) == ["L-000041", "L-000218"]
    assert table.loc["L-000108", "activity_points"] == 39.6
    assert table.loc["L-000124", ["contact_attempts", "contact_answered"]].tolist() == [3, 1]
    assert [warning.message[:18] for warning in result.warnings] == ["2 of 24 events mat"]


# ------------------------------------------------------------------ bad logs and rule files


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lead,Outcome\nL1,no answer\n",
         "activities.csv: no column for the event time: no header is an alias of timestamp (the "
         "rules' activities: columns); its headers are 'Lead', 'Outcome'"),
        ("Date,Outcome\n2026-11-20,no answer\n",
         "activities.csv: no column to match leads on: no header is an alias of lead_id, email, "
         "phone (the rules' activities: columns); its headers are 'Date', 'Outcome'"),
        ("Lead,Date,Outcome\nL1,2026-11-20,no answer\nL1,yesterday,no answer\nL1,32.13.2026,x\n",
         "activities.csv: row 3: column 'Date': not a date and time: 'yesterday' (1 more rows "
         "like it)"),
        ("Lead,Date,Outcome\nL1,2026-11-20,no answer\nL1,,no answer\n",
         "activities.csv: row 3: column 'Date': no event time"),
    ],
    ids=["no time column", "no key column", "unreadable time", "empty time"],
)  # fmt: skip
def test_a_bad_log_stops_the_run_with_one_line(score_with_log, text, expected):
    with pytest.raises(InputError) as raised:
        score_with_log([lead("L1")], text)
    assert str(raised.value).endswith(expected)


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "log_text, expected",
    [
        (None, "missing.csv: no such file"),
        ("Lead,Date,Outcome\nL1,soon,no answer\n", "row 2: column 'Date': not a date and time"),
    ],
    ids=["missing file", "bad time"],
)
def test_cli_a_bad_log_is_one_error_line_and_exit_2(
    write_file, tmp_path, capsys, log_text, expected
):
    leads = write_file("leads.csv", csv_text(LEAD_HEADER, [lead("L1")]))
    log = tmp_path / "missing.csv" if log_text is None else write_file("log.csv", log_text)
    code, _, err = run_cli(capsys, "score", leads, "--activities", log, "-o", tmp_path / "r.csv")
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"leadq: error: {log}: "), err
    assert expected in lines[0] and "Traceback" not in err
    assert not (tmp_path / "r.csv").exists()


def test_cli_scores_the_example_with_its_activity_log(tmp_path, capsys):
    out = tmp_path / "ranked.csv"
    code, _, err = run_cli(
        capsys, "score", ROOT / "examples" / "leads.csv", "--activities",
        ROOT / "examples" / "activities.csv", "--as-of", "2026-11-25", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    assert "activities.csv: 2 of 24 events match no lead" in err and "Traceback" not in err
    ranked = pd.read_csv(out, dtype=str)
    assert ranked["disqualified_by"].str.contains("unreachable").any()
    assert len(ranked) == 400 and set(ACTIVITY_COLUMNS) <= set(ranked.columns)


def test_cli_explain_shows_the_values_behind_unreachable(capsys):
    code, out, err = run_cli(
        capsys, "explain", ROOT / "examples" / "leads.csv", "--row", "42", "--activities",
        ROOT / "examples" / "activities.csv", "--as-of", "2026-11-25", "--json",
    )  # fmt: skip
    assert code == 0, err
    verdict = next(rule for rule in json.loads(out)["rules"] if rule["rule_id"] == "unreachable")
    assert verdict["fired"] is True
    assert verdict["values"] == {"days_without_answer": 23, "unanswered_attempts": 3}


def test_activities_need_an_activities_section_in_the_rules(score_with_log):
    with pytest.raises(leadq.RulesError, match="has no 'activities:' section"):
        score_with_log([lead("L1")], [event("2026-11-20", "no answer")], rules="version: 1\n")


def test_the_default_rules_describe_an_activity_log():
    activities = load_rules().activities
    assert activities is not None
    assert [key.value for key in activities.match_on] == ["lead_id", "email", "phone"]
    assert activities.decay == Decay(half_life_days=30)
    assert {"answered", "no_answer", "visited", "webinar"} <= set(activities.outcomes)


def test_a_rule_file_extends_the_default_activities_section(write_file):
    path = write_file(
        "rules.yaml",
        """
        extend: default
        activities:
          outcomes:
            no_answer: [abonent niedostępny]
          points:
            - {id: pricing_page, event: visited, page: [pricing, oferta], points: 20}
            - {id: email_opened, enabled: false}
            - {id: trial_started, event: form, page: [trial], points: 25}
        """,
    )
    activities = load_rules(path).activities
    assert activities is not None
    points = {rule.id: rule for rule in activities.points}
    assert points["pricing_page"].points == 20 and points["pricing_page"].pages[-1] == "oferta"
    assert "email_opened" not in points and list(points)[-1] == "trial_started"
    assert activities.outcomes["no_answer"][-1] == "abonent niedostępny"
    assert "nie odebrano" in activities.outcomes["no_answer"]


def test_mistakes_in_the_activities_section_are_reported_with_file_line_and_column(write_file):
    path = write_file(
        "rules.yaml",
        """
        extend: default
        activities:
          columns:
            timestmp: [when]
          match_on: [lead_id, fone]
          outcomes:
            no_answer: [answered]
          attempts: [no_answr]
          decay: {half_life_days: 30, steps: []}
          points:
            - {id: pricing_page, event: visitd, points: 10}
            - {id: blog, event: visited}
          weights: 3
        """,
    )
    problems = [str(problem) for problem in check_rules(path)]
    assert problems == [
        f"{path}:4:5: activities.columns.timestmp: unknown activity log field 'timestmp'; "
        "did you mean 'timestamp'?",
        f"{path}:5:23: activities.match_on[1]: unknown key 'fone'; did you mean 'phone'?",
        f"{path}:7:17: activities.outcomes.no_answer: 'answered' is already an outcome of "
        "'answered'; a word means one event type",
        f"{path}:8:14: activities.attempts[0]: unknown event type 'no_answr'; did you mean "
        "'no_answer'? (event types are the keys of activities: outcomes)",
        f"{path}:9:10: activities.decay: needs exactly one of half_life_days: N or steps: "
        "[{within_days, factor}]",
        f"{path}:11:33: activities.points[0].event[0]: unknown event type 'visitd'; did you "
        "mean 'visited'? (event types are the keys of activities: outcomes)",
        f"{path}:12:7: activities.points[1].points: needs 'points:', a whole number (may be "
        "negative); found nothing",
        f"{path}:13:3: activities.weights: unknown key 'weights'; expected one of: answered, "
        "attempts, columns, decay, match_on, outcomes, points, shared_by_at_most",
    ]


def test_decay_steps_must_grow_and_factors_stay_between_0_and_1(write_file):
    path = write_file(
        "rules.yaml",
        """
        extend: default
        activities:
          decay:
            steps: [{within_days: 30, factor: 1}, {within_days: 7, factor: 1.5}]
        """,
    )
    assert [str(problem) for problem in check_rules(path)] == [
        f"{path}:4:57: activities.decay.steps[1].within_days: needs a whole number of days "
        "above 30; found '7'"
    ]


# ------------------------------------------------------------------ rows in == rows out

OUTCOMES = ["no answer", "answered", "replied", "sent", "opened", "visited page", "webinar", "?!"]


@st.composite
def leads_and_log(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]]]:
    """Up to 8 leads (some sharing an e-mail) and up to 30 log rows keyed to them or to no one."""
    count = draw(st.integers(1, 8))
    emails = [f"u{draw(st.integers(0, 4))}@firma.pl" for _ in range(count)]
    leads = [lead(f"L{number}", email=emails[number]) for number in range(count)]
    keys = st.one_of(
        st.builds(lambda n: (f"L{n}", ""), st.integers(0, 9)),
        st.builds(lambda n: ("", f"U{n}@Firma.pl"), st.integers(0, 6)),
    )
    rows = []
    for _ in range(draw(st.integers(0, 30))):
        lead_id, email = draw(keys)
        day = AS_OF + datetime.timedelta(days=draw(st.integers(-200, 5)))
        outcome = draw(st.sampled_from(OUTCOMES))
        rows.append(event(day.isoformat(), outcome, lead_id=lead_id, email=email, page="/pricing"))
    return leads, rows


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(leads_and_log())
def test_every_lead_comes_out_once_whatever_the_log(case):
    leads, rows = case
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "log.csv"
        log.write_text(csv_text(LOG_HEADER, rows), encoding="utf-8")
        options = ScoreOptions(as_of=AS_OF, workers=1, activities=(log,))
        stdin = io.BytesIO(csv_text(LEAD_HEADER, leads).encode())
        table = leadq.score(["-"], options, stdin=stdin).table
    assert sorted(table["lead_id"]) == sorted(row[0] for row in leads)
    assert (table["unanswered_attempts"] <= table["contact_attempts"]).all()
    assert (table["days_without_answer"].notna() == (table["unanswered_attempts"] > 0)).all()
    assert (table["last_activity"].notna() == (table["activity_events"] > 0)).all()
    assert (table["activity_points"] >= 0).all()
