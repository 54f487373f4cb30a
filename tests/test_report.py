"""The run summary: stage counts, reasons by frequency, bad data by source; --fail-on checks."""

from __future__ import annotations

import datetime

import pytest

import leadq
from leadq.api import ScoreOptions
from leadq.errors import LeadqError
from leadq.fail_on import parse_fail_on

AS_OF = datetime.date(2026, 11, 25)

LEADS = """\
Source,Email,Phone
web,anna@firma.pl,
web,jan@firma.pl,
promo,broken-at-sign,
promo,,12
promo,ok@firma.pl,
,x@firma.pl,
"""


@pytest.fixture
def summary(write_file):
    return leadq.score(
        [write_file("leads.csv", LEADS)], ScoreOptions(as_of=AS_OF, workers=1)
    ).summary


def test_stage_counts_cover_every_row(summary):
    assert sum(summary.stages.values()) == summary.rows == 6


def test_reasons_are_counted_per_rule_most_frequent_first(summary):
    counts = {reason.rule_id: reason.leads for reason in summary.reasons}
    assert counts["no_contact"] == 2
    assert summary.reasons[0].rule_id == "no_contact"
    assert all(reason.rule_id and reason.leads for reason in summary.reasons)


def test_bad_data_by_source_puts_the_broken_form_first(summary):
    table = summary.bad_data_by_source.set_index("source")
    assert table.index[0] == "promo"
    assert table.loc[
        "promo", ["leads", "bad_email", "bad_phone", "no_valid_contact", "bad_leads"]
    ].tolist() == [3, 1, 1, 2, 2]
    assert table.loc["promo", "bad_share"] == pytest.approx(0.667)
    assert table.loc["(no source)", "leads"] == 1


def test_shares_for_fail_on(summary):
    assert summary.bad_data_share == pytest.approx(2 / 6)
    assert parse_fail_on("bad-data>30%").met_by(summary) == "bad-data share 33.3% is above 30.0%"
    assert parse_fail_on("bad-data>0.5").met_by(summary) is None
    assert parse_fail_on("disqualified>0.1").met_by(summary) is not None
    assert parse_fail_on("empty").met_by(summary) is None


@pytest.mark.parametrize("text", ["bad-data>", "bad>0.3", "bad-data>150%", "never"])
def test_unknown_fail_on_conditions_are_refused_clearly(text):
    with pytest.raises(LeadqError, match="--fail-on"):
        parse_fail_on(text)


def test_explain_lists_every_rule_with_the_values_it_saw(write_file):
    leads = write_file("leads.csv", "Company,Email,Employees\nAcme,anna@acme.pl,120\n")
    explanation = leadq.explain(leads, 2, ScoreOptions(as_of=AS_OF, workers=1))
    verdicts = {verdict.rule_id: verdict for verdict in explanation.verdicts}
    assert verdicts["mid_market"].fired and verdicts["mid_market"].points == 15
    assert verdicts["mid_market"].values == {"company_employees": 120.0}  # the parsed size
    assert not verdicts["enterprise"].fired
    assert explanation.lead["stage"] in {"sql", "mql", "nurture"}


def test_explain_refuses_a_row_that_is_not_in_the_file(write_file):
    leads = write_file("leads.csv", "Email\na@b.pl\n")
    with pytest.raises(LeadqError, match=r"no lead on row 9 \(rows 2-2\)"):
        leadq.explain(leads, 9, ScoreOptions(as_of=AS_OF, workers=1))
