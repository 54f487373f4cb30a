"""Summaries of a run for people: stage counts, top disqualification reasons, bad data by source.

Seed 000: when many leads from one source fail on contact data, the web form behind it is broken;
the bad-data-by-source table is how someone finds that form.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from leadq.context import RunContext
from leadq.schema import STAGE_ORDER

NO_SOURCE = "(no source)"


@dataclass(frozen=True)
class ReasonCount:
    rule_id: str
    reason: str
    leads: int


@dataclass(frozen=True)
class Summary:
    """The headline figures of one run."""

    rows: int
    stages: dict[str, int]
    reasons: list[ReasonCount]
    bad_data_by_source: pd.DataFrame

    @property
    def bad_data_share(self) -> float:
        """Share of leads with an invalid e-mail, an invalid phone, or no valid contact at all."""
        return float(self.bad_data_by_source["bad_leads"].sum()) / self.rows if self.rows else 0.0

    @property
    def disqualified_share(self) -> float:
        return self.stages.get("disqualified", 0) / self.rows if self.rows else 0.0

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output."""
        return {
            "rows": self.rows,
            "stages": self.stages,
            "disqualification_reasons": [vars(reason) for reason in self.reasons],
            "bad_data_by_source": self.bad_data_by_source.to_dict(orient="records"),
        }


def summarize(table: pd.DataFrame, context: RunContext) -> Summary:
    """Stage counts, disqualification reasons by frequency, and bad contact data per source."""
    counts = table["stage"].value_counts()
    return Summary(
        rows=len(table),
        stages={stage.value: int(counts.get(stage.value, 0)) for stage in STAGE_ORDER},
        reasons=count_reasons(table["disqualified_by"], context),
        bad_data_by_source=bad_data_by_source(table, context),
    )


def count_reasons(disqualified_by: pd.Series, context: RunContext) -> list[ReasonCount]:
    """Leads per disqualification rule (a lead may count under several), most frequent first."""
    counts: Counter[str] = Counter()
    for pattern, leads in disqualified_by.value_counts().items():
        if not pattern or not leads:  # no rule fired; or an unused category of a categorical
            continue
        for rule_id in str(pattern).split("; "):
            counts[rule_id] += int(leads)
    reason_of = {rule.id: rule.reason or rule.id for rule in context.rules.disqualify}
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        ReasonCount(rule_id, reason_of.get(rule_id, rule_id), leads) for rule_id, leads in ordered
    ]


def bad_data_by_source(table: pd.DataFrame, context: RunContext) -> pd.DataFrame:
    """Per lead source: leads, invalid e-mails, invalid phones, no valid contact, their share."""
    fields = context.fields(table)
    flags = pd.DataFrame(
        {
            "source": fields.text("source").fillna(NO_SOURCE),
            "leads": 1,
            "bad_email": fields.get("email").notna() & ~table["email_valid"],
            "bad_phone": fields.get("phone").notna() & ~table["phone_valid"],
            "no_valid_contact": ~(table["email_valid"] | table["phone_valid"]),
        }
    )
    flags["bad_leads"] = flags["bad_email"] | flags["bad_phone"] | flags["no_valid_contact"]
    per_source = flags.groupby("source", sort=True).sum().reset_index()
    per_source["bad_share"] = (per_source["bad_leads"] / per_source["leads"]).round(3)
    return per_source.sort_values(
        ["bad_share", "leads"], ascending=[False, False], kind="stable"
    ).reset_index(drop=True)
