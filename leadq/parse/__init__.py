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
from leadq.fields import LeadFields
from leadq.parse.answers import parse_answers
from leadq.parse.authority import parse_authority_levels
from leadq.parse.money import convert_amounts, parse_budgets
from leadq.parse.per_value import ParseDistinct, parse_per_value
from leadq.parse.size import parse_sizes
from leadq.parse.timeline import parse_timelines
from leadq.schema import BANT_COLUMNS

NO_PLACEHOLDERS: frozenset[str] = frozenset()  # answers: "нет" is "no", not "missing"


def parse_bant(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """Add the budget, timeline, authority, answer and company-size columns."""
    fields = context.fields(table)
    rates, currency = dict(context.rules.currency_rates), context.rules.currency
    as_of = context.settings.as_of
    placeholders = context.rules.missing_values

    def read(
        name: str, parse: ParseDistinct, missing: frozenset[str] = placeholders
    ) -> pd.DataFrame:
        return parse_per_value(_field_text(fields, name, missing), parse, missing)

    parsed = pd.concat(
        [
            read("budget", lambda texts: _budgets(texts, rates, currency)),
            read("timeline", lambda texts: parse_timelines(texts, as_of)),
            read("job_title", _named(parse_authority_levels, "authority_level")),
            read("authority", _named(parse_answers, "decision_maker"), NO_PLACEHOLDERS),
            read("need", _named(_described_need, "need_confirmed"), NO_PLACEHOLDERS),
            read("solution_fit", _named(parse_answers, "solution_confirmed"), NO_PLACEHOLDERS),
            read("trust", _named(parse_answers, "trust_confirmed"), NO_PLACEHOLDERS),
            read("employees", parse_sizes),
        ],
        axis=1,
    )
    return pd.concat([table, parsed[list(BANT_COLUMNS)]], axis=1)


def _field_text(fields: LeadFields, name: str, missing: frozenset[str]) -> pd.Series:
    """The field's column as read (placeholders are blanked per distinct value later); a field
    under several headers is merged first, the first non-empty header winning."""
    headers = fields.headers.get(name, ())
    if len(headers) == 1:
        return fields.table[headers[0]]
    return fields.text(name) if missing else fields.raw_text(name)


def _budgets(texts: pd.Series, rates: dict[str, float], currency: str) -> pd.DataFrame:
    budgets = parse_budgets(texts)
    return budgets.assign(budget_amount=convert_amounts(budgets, rates, currency))


def _described_need(texts: pd.Series) -> pd.Series:
    return parse_answers(texts, free_text_means_yes=True)


def _named(parse: Callable[[pd.Series], pd.Series], name: str) -> ParseDistinct:
    return lambda texts: parse(texts).rename(name).to_frame()
