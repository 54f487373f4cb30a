"""The stages in order: normalize -> enrich -> mark duplicates -> match CRM -> history ->
intent -> junk -> activities -> disqualify -> score -> stage -> rank.
The free-form BANT answers are parsed right after normalize (``leadq.parse``), before enrich.

Each stage takes the lead table and returns it with columns added: no row is dropped, no input
column changed (rows in == rows out on every run).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from leadq.activities import ActivityLog, add_activities
from leadq.context import RunContext, RunSettings, headers_by_field
from leadq.crm import CrmRecords, match_crm
from leadq.disqualify import disqualify_leads
from leadq.enrich import Registry, enrich_leads
from leadq.history import add_history
from leadq.intent import add_intent
from leadq.junk import find_junk
from leadq.match.find import mark_duplicates
from leadq.normalize import normalize_leads
from leadq.parse import parse_bant
from leadq.rank import rank_leads
from leadq.ruleset import RuleSet
from leadq.score import score_leads
from leadq.stage import stage_leads

Stage = Callable[[pd.DataFrame, RunContext], pd.DataFrame]

STAGES: tuple[Stage, ...] = (
    normalize_leads,
    parse_bant,
    enrich_leads,
    mark_duplicates,
    match_crm,
    add_history,
    add_intent,
    find_junk,
    add_activities,
    disqualify_leads,
    score_leads,
    stage_leads,
    rank_leads,
)


def build_context(
    table: pd.DataFrame,
    rules: RuleSet,
    settings: RunSettings,
    set_aside: Mapping[str, str] | None = None,
    crm: CrmRecords | None = None,
    registry: Registry | None = None,
    activities: ActivityLog | None = None,
) -> RunContext:
    """Map the table's headers to the rule set's fields for one run.

    ``set_aside`` maps original header -> new header for input columns renamed because they
    clash with leadq's own (see ``set_aside_clashing_columns``); ``crm`` holds the records of
    the ``--against`` files, read beforehand; ``registry`` those of the ``--enrich`` files;
    ``activities`` the ``--activities`` logs.
    """
    headers = headers_by_field(list(table.columns), rules, set_aside)
    return RunContext(
        rules=rules,
        headers=headers,
        settings=settings,
        crm=crm,
        registry=registry,
        activities=activities,
    )


def qualify_leads(
    table: pd.DataFrame, context: RunContext, on_stage: Callable[[str], None] | None = None
) -> pd.DataFrame:
    """Run every stage; the result is in ranking order, one row per input row.

    ``on_stage`` is told each stage's name ("normalize leads") as it starts.
    """
    for stage in STAGES:
        if on_stage is not None:
            on_stage(stage.__name__.replace("_", " "))
        table = stage(table, context)
    return table
