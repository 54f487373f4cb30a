"""Parse the free-form BANT answers (stage C of seed 002) into typed columns rules can use.

Adds the ``BANT_COLUMNS`` of ``leadq.schema``: budget (amounts, ranges, currencies, converted
with the rule set's ``currency_rates``), timeline (a target date and a bucket from
``--as-of``), authority (a level from the job title, and the decision-maker answer), the
need / solution-fit / trust answers, and the company size as a range. Each parser works on the
distinct values of its column; input columns are never changed.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from leadq.context import RunContext
from leadq.parse.answers import parse_answers
from leadq.parse.authority import parse_authority_levels
from leadq.parse.money import convert_amounts, parse_budgets
from leadq.parse.per_value import parse_per_value
from leadq.parse.size import parse_sizes
from leadq.parse.timeline import parse_timelines
from leadq.schema import BANT_COLUMNS


def parse_bant(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """Add the budget, timeline, authority, answer and company-size columns."""
    fields = context.fields(table)
    rules = context.rules
    rates = dict(rules.currency_rates)
    budgets = parse_per_value(fields.text("budget"), parse_budgets)
    as_of = context.settings.as_of
    parsed = pd.concat(
        [
            convert_amounts(budgets, rates, rules.currency).rename("budget_amount"),
            budgets,
            parse_per_value(fields.text("timeline"), lambda texts: parse_timelines(texts, as_of)),
            _one(fields.text("job_title"), "authority_level", parse_authority_levels),
            _answer(fields.raw_text("authority"), "decision_maker"),
            _answer(fields.raw_text("need"), "need_confirmed", free_text_means_yes=True),
            _answer(fields.raw_text("solution_fit"), "solution_confirmed"),
            _answer(fields.raw_text("trust"), "trust_confirmed"),
            parse_per_value(fields.text("employees"), parse_sizes),
        ],
        axis=1,
    )
    return pd.concat([table, parsed[list(BANT_COLUMNS)]], axis=1)


def _one(values: pd.Series, name: str, parse: Callable[[pd.Series], pd.Series]) -> pd.DataFrame:
    return parse_per_value(values, lambda texts: parse(texts).rename(name).to_frame())


def _answer(values: pd.Series, name: str, free_text_means_yes: bool = False) -> pd.DataFrame:
    return parse_per_value(
        values, lambda texts: parse_answers(texts, free_text_means_yes).rename(name).to_frame()
    )
