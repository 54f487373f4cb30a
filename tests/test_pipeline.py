"""The whole qualification: rows in == rows out, inputs untouched, rules decide stage and rank."""

from __future__ import annotations

import csv
import datetime
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leadq
from leadq.api import ScoreOptions

AS_OF = datetime.date(2026, 11, 25)

RULES = """
    version: 1
    defaults: {region: PL}
    disqualify:
      - id: no_contact
        when: {all: [{field: email_valid, is: false}, {field: phone_valid, is: false}]}
        reason: no valid e-mail or phone
    score:
      fit:
        cap: 20
        rules:
          - {id: big, when: {field: employees, at_least: 100}, points: 15}
          - {id: corporate, when: {field: email_free, is: false}, points: 10}
      bant:
        - {id: budget, when: {field: budget, present: true}, points: 30}
    quality:
      - {id: email_ok, when: {field: email_valid, is: true}, points: 60}
      - {id: phone_ok, when: {field: phone_valid, is: true}, points: 60}
    grades:
      - {grade: A, at_least: 40}
      - {grade: B}
    stages:
      sql: {when: {field: score_bant, at_least: 30}}
      mql: {when: {field: score, at_least: 10}}
"""

LEADS = """\
Name,Email,Phone,Employees,Budget,Created
Anna Nowak,anna@firma.pl,,500,10k PLN,2026-11-01
Jan Kowalski,jan@gmail.com,501 234 567,,,2026-11-02
Broken Lead,no-at-sign,123,,,2026-11-03
Piotr Zieliński,piotr@firma.pl,,20,,2026-11-04
Ewa Lis,ewa@firma.pl,,20,,2026-10-01
"""


@pytest.fixture
def scored(write_file):
    rules = write_file("rules.yaml", RULES)
    leads = write_file("leads.csv", LEADS)
    return leadq.score([leads], ScoreOptions(rules=rules, as_of=AS_OF, workers=1))


def by_name(result):
    return result.table.set_index("Name")


def test_every_input_row_leaves_exactly_once(scored):
    assert sorted(scored.table["source_row"]) == [2, 3, 4, 5, 6]


def test_input_columns_are_kept_unchanged(scored):
    assert list(scored.table.columns[:6]) == [
        "Name",
        "Email",
        "Phone",
        "Employees",
        "Budget",
        "Created",
    ]
    assert by_name(scored).loc["Jan Kowalski", "Phone"] == "501 234 567"


def test_points_are_summed_per_category_and_capped(scored):
    anna = by_name(scored).loc["Anna Nowak"]
    assert (anna["score_fit"], anna["score_bant"], anna["score"]) == (20, 30, 50)


def test_stage_comes_from_the_stage_conditions_in_order(scored):
    stages = by_name(scored)["stage"].to_dict()
    assert stages == {
        "Anna Nowak": "sql",
        "Piotr Zieliński": "mql",
        "Ewa Lis": "mql",
        "Jan Kowalski": "nurture",
        "Broken Lead": "disqualified",
    }


def test_disqualified_leads_stay_with_rule_ids_and_reasons(scored):
    broken = by_name(scored).loc["Broken Lead"]
    assert broken["disqualified_by"] == "no_contact"
    assert broken["reasons"].startswith("no valid e-mail or phone")


def test_reasons_name_every_rule_that_gave_points(scored):
    reasons = "fit: big +15; fit: corporate +10; bant: budget +30; quality: email_ok +60"
    assert by_name(scored).loc["Anna Nowak", "reasons"] == reasons


def test_quality_is_clipped_to_100(scored):
    assert by_name(scored).loc["Jan Kowalski", "quality"] == 100


def test_grades_follow_the_bands(scored):
    assert by_name(scored)["grade"].to_dict()["Anna Nowak"] == "A"
    assert by_name(scored)["grade"].to_dict()["Jan Kowalski"] == "B"


def test_ranking_is_stage_then_score_then_quality_then_arrival(scored):
    assert scored.table["Name"].tolist() == [
        "Anna Nowak",
        "Ewa Lis",
        "Piotr Zieliński",
        "Jan Kowalski",
        "Broken Lead",
    ]
    assert scored.table["rank"].tolist() == [1, 2, 3, 4, 5]


def test_ties_are_broken_by_arrival_time(write_file):
    leads = write_file(
        "leads.csv", "Name,Email,Created\nLate,a@firma.pl,2026-11-05\nEarly,b@firma.pl,2026-11-01\n"
    )
    result = leadq.score(
        [leads], ScoreOptions(rules=write_file("rules.yaml", RULES), as_of=AS_OF, workers=1)
    )
    assert result.table["Name"].tolist() == ["Early", "Late"]


def test_generated_lead_ids_come_from_file_and_row(scored):
    assert set(scored.table["lead_id"]) == {f"leads-{row}" for row in range(2, 7)}


def test_the_summary_counts_stages_and_bad_data(scored):
    assert scored.summary.stages == {"sql": 1, "mql": 2, "nurture": 1, "disqualified": 1}
    assert scored.summary.reasons[0].rule_id == "no_contact"
    assert scored.summary.bad_data_by_source["bad_leads"].sum() == 1


def test_same_input_same_rules_same_output(write_file):
    rules, leads = write_file("rules.yaml", RULES), write_file("leads.csv", LEADS)
    first = leadq.score([leads], ScoreOptions(rules=rules, as_of=AS_OF, workers=1)).table
    second = leadq.score([leads], ScoreOptions(rules=rules, as_of=AS_OF, workers=1)).table
    pd.testing.assert_frame_equal(first, second)


def test_a_header_without_rows_is_an_empty_batch(write_file):
    leads = write_file("leads.csv", "Name,Email,Phone\n")
    result = leadq.score([leads], ScoreOptions(as_of=AS_OF, workers=1))
    assert len(result.table) == 0
    assert {"stage", "score", "rank", "reasons"} <= set(result.table.columns)
    assert result.summary.rows == 0


def test_the_default_rules_run_on_any_headers(write_file):
    leads = write_file("leads.csv", "foo,bar\n1,2\n")
    result = leadq.score([leads], ScoreOptions(as_of=AS_OF, workers=1))
    assert result.table["stage"].tolist() == ["disqualified"]


# Any printable text, with the tabs, line breaks, quotes and separators exports really contain
# (a text dense in other control characters is refused as binary, by design).
cell_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from("\t\n\r,;|\"'")
    ),
    max_size=30,
)


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(st.tuples(cell_text, cell_text, cell_text, cell_text, cell_text), max_size=12))
def test_any_cell_text_gives_rows_in_equal_rows_out(rows):
    header = ["Full Name", "Email", "Phone", "Company", "Employees"]
    data = io.StringIO()
    csv.writer(data).writerows([header, *rows])
    result = leadq.score(
        ["-"], ScoreOptions(as_of=AS_OF, workers=1), stdin=io.BytesIO(data.getvalue().encode())
    )
    assert len(result.table) == len(rows)
    kept = result.table.sort_values("source_row")[header]
    assert [tuple(row) for row in kept.itertuples(index=False)] == rows


def test_files_with_the_same_name_in_two_folders_get_distinct_generated_ids(tmp_path):
    for folder in ("jan", "feb"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "leads.csv").write_text("Email\na@firma.pl\n", encoding="utf-8")
    sources = [tmp_path / "jan" / "leads.csv", tmp_path / "feb" / "leads.csv"]
    result = leadq.score(sources, ScoreOptions(as_of=AS_OF, workers=1))
    assert sorted(result.table["source_file"]) == sorted(str(path) for path in sources)
    expected = {str(tmp_path / "jan" / "leads-2"), str(tmp_path / "feb" / "leads-2")}
    assert set(result.table["lead_id"]) == expected


def test_scoring_leadqs_own_output_again_keeps_the_old_columns_aside(write_file, tmp_path):
    first = leadq.score([write_file("leads.csv", LEADS)], ScoreOptions(as_of=AS_OF, workers=1))
    previous = tmp_path / "ranked.csv"
    leadq.write_table(first.table, previous, leadq.OutputFormat.CSV, neutralize=False)
    again = leadq.score([previous], ScoreOptions(as_of=AS_OF, workers=1))
    assert len(again.table) == len(first.table)
    assert {"score (input)", "stage (input)", "lead_id (input)"} <= set(again.table.columns)
    assert sorted(again.table["lead_id"]) == sorted(first.table["lead_id"])  # the old ids are kept
    assert again.warnings[-1].message.startswith(
        "62 input columns named like leadq's own are kept"
    )  # 13 BANT, 16 enrichment, 4 intent and junk
